//! `annals unlink FROM KIND TO [--status S] [--by ID]…`: removes one relation from its
//! file, as text, together with the comment lines written right above it.

use std::ops::Range;

use crate::diag::did_you_mean;
use crate::edit::change::record_removal;
use crate::edit::position::{self, Position, known_id, known_term};
use crate::edit::{EditError, FileChange, Plan};
use crate::kb::Kb;
use crate::model::EntityType;
use crate::model::schema::TermClass;

/// What `unlink` was asked to remove.
#[derive(Clone, Debug, Default)]
pub struct Unlink<'a> {
    /// The relation's `from`.
    pub from: &'a str,
    /// Its kind.
    pub kind: &'a str,
    /// Its `to`.
    pub to: &'a str,
    /// `--status`: keep the relations with a position of this status.
    pub status: Option<&'a str>,
    /// `--by`: keep the relations with a position taken by all of these actors.
    pub by: &'a [String],
}

impl Unlink<'_> {
    /// Returns the relation as messages name it: "`arrest` before `sentencing`".
    fn name(&self) -> String {
        format!("`{}` {} `{}`", self.from, self.kind, self.to)
    }

    /// Returns true when one of `positions` passes the filters.
    fn wants(&self, positions: &[Position]) -> bool {
        positions.iter().any(|p| {
            self.status.is_none_or(|s| p.status == s) && self.by.iter().all(|b| p.by.contains(b))
        })
    }

    /// Returns the filters as the command line writes them, for messages.
    fn filters(&self) -> String {
        let mut out: Vec<String> = self
            .status
            .iter()
            .map(|s| format!("--status {s}"))
            .collect();
        out.extend(self.by.iter().map(|b| format!("--by {b}")));
        out.join(" ")
    }
}

/// Removes the one relation `u` names; refused, with the reason, when none or several
/// match.
pub fn unlink(kb: &Kb, u: &Unlink<'_>) -> Result<Vec<FileChange>, EditError> {
    let candidates: Vec<usize> = (0..kb.relations().len())
        .filter(|&i| {
            let r = &kb.relations()[i];
            kb.str(r.from.node) == u.from
                && kb.str(r.kind.node) == u.kind
                && kb.str(r.to.node) == u.to
        })
        .collect();
    if candidates.is_empty() {
        return Err(no_relation(kb, u));
    }
    if let Some(status) = u.status {
        known_term(kb, status, TermClass::Status)?;
    }
    for actor in u.by {
        known_id(kb, actor, EntityType::Actor)?;
    }
    let positions = |i: usize| -> Vec<Position> {
        let claims = kb.relations()[i].positions();
        if claims.is_empty() {
            vec![position::stated()]
        } else {
            claims.iter().map(|c| Position::of(kb, c)).collect()
        }
    };
    let matching: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| u.wants(&positions(i)))
        .collect();
    let described = |i: usize| -> String {
        let stands: Vec<String> = positions(i).iter().map(Position::stand).collect();
        format!(
            "{} ({})",
            kb.files().file_line(kb.relations()[i].span),
            stands.join("; ")
        )
    };
    match matching.as_slice() {
        [] => Err(EditError::refused(
            format!("no relation {} matches `{}`", u.name(), u.filters()),
            Some(format!(
                "{} is written at {}",
                u.name(),
                candidates
                    .iter()
                    .map(|&i| described(i))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        )),
        [one] => {
            let span = kb.relations()[*one].span;
            let text = &kb.files().get(span.file).text;
            let range = with_comments_above(text, record_removal(kb, span)?);
            let mut plan = Plan::default();
            plan.replace(span.file, range, String::new());
            Ok(plan.changes(kb))
        }
        several => Err(EditError::refused(
            format!(
                "{} relations {} match: {}",
                several.len(),
                u.name(),
                several
                    .iter()
                    .map(|&i| described(i))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Some("single one out with `--status` or `--by`, or remove one in its file".into()),
        )),
    }
}

/// Explains why no relation `FROM KIND TO` exists: an unknown id or kind (with "did
/// you mean"), the relation written the other way round, or other kinds between them.
fn no_relation(kb: &Kb, u: &Unlink<'_>) -> EditError {
    for end in [u.from, u.to] {
        if kb.lookup_str(end).is_none() {
            let ids: Vec<&str> = kb.entities().map(|e| kb.id_str(e)).collect();
            return EditError::refused(
                format!("no entity has the id `{end}`"),
                did_you_mean(end, ids.iter().copied()).map(|s| format!("did you mean `{s}`?")),
            );
        }
    }
    if let Err(unknown) = known_term(kb, u.kind, TermClass::RelationKind) {
        return unknown;
    }
    let between = |a: &str, b: &str| -> Vec<&str> {
        kb.relations()
            .iter()
            .filter(|r| kb.str(r.from.node) == a && kb.str(r.to.node) == b)
            .map(|r| kb.str(r.kind.node))
            .collect()
    };
    let (forward, backward) = (between(u.from, u.to), between(u.to, u.from));
    let help = if backward.contains(&u.kind) {
        format!(
            "it is written the other way round: `annals unlink {} {} {}`",
            u.to, u.kind, u.from
        )
    } else if !forward.is_empty() {
        let kinds: Vec<String> = forward.iter().map(|k| format!("`{k}`")).collect();
        match did_you_mean(u.kind, forward.iter().copied()) {
            Some(kind) => format!("did you mean `{kind}`?"),
            None => format!(
                "`{}` is related to `{}` by {}",
                u.from,
                u.to,
                kinds.join(", ")
            ),
        }
    } else {
        format!("no relation links `{}` to `{}`", u.from, u.to)
    };
    EditError::refused(format!("there is no relation {}", u.name()), Some(help))
}

/// Widens the removal of a record standing on lines of its own to the comment lines
/// right above it (up to a blank line or any other line): they are its comment.
fn with_comments_above(text: &str, range: Range<usize>) -> Range<usize> {
    let at_line_start = range.start == 0 || text[..range.start].ends_with('\n');
    if !at_line_start {
        return range;
    }
    let mut start = range.start;
    while start > 0 {
        let line_start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        if !text[line_start..start].trim_start().starts_with("//") {
            break;
        }
        start = line_start;
    }
    start..range.end
}

#[cfg(test)]
mod tests {
    use super::with_comments_above;

    #[test]
    fn a_record_takes_the_comment_lines_right_above_it_along() {
        let text = "[\n    a,\n\n    // one\n    // two\n    b,\n]\n";
        let b = text.find("    b").expect("b");
        let end = b + "    b,\n".len();
        let widened = with_comments_above(text, b..end);
        assert_eq!(&text[widened], "    // one\n    // two\n    b,\n");
        // A record that does not start its line keeps the comments before it.
        let inline = text.find('b').expect("b");
        assert_eq!(with_comments_above(text, inline..end), inline..end);
    }
}
