//! Positions on a relation or an event as the command line gives them: the
//! `STATUS[:ACTOR,…][+SOURCE,…]` form, the `FROM:KIND:TO` address of a relation, the
//! text of a new `Claim(...)`, and `link` adding a position to an existing relation.

use crate::diag::did_you_mean;
use crate::edit::format;
use crate::edit::{EditError, FileChange};
use crate::kb::Kb;
use crate::model::schema::TermClass;
use crate::model::{Claim, EntityType};
use crate::source::Span;

/// The status a position has when none is written.
const STATED: &str = "stated";

/// One position: its status, who takes it, where it is reported, and a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    /// The claim status (`stated` when none was given).
    pub status: String,
    /// The actors taking the position.
    pub by: Vec<String>,
    /// The sources reporting it.
    pub sources: Vec<String>,
    /// Free text.
    pub note: Option<String>,
}

impl Position {
    /// Parses `STATUS[:ACTOR,…][+SOURCE,…]` (`disputed:russia+lavrov-interview`).
    pub fn parse(value: &str) -> Result<Position, EditError> {
        let bad = || {
            EditError::refused(
                format!("`{value}` is not a position"),
                Some(
                    "write a position as `STATUS:ACTOR[,ACTOR…][+SOURCE[,SOURCE…]]`, \
                     e.g. `disputed:russia+lavrov-interview`"
                        .into(),
                ),
            )
        };
        let (head, sources) = match value.split_once('+') {
            Some((head, sources)) => (head, ids(sources).ok_or_else(bad)?),
            None => (value, Vec::new()),
        };
        let (status, by) = match head.split_once(':') {
            Some((status, by)) => (status, ids(by).ok_or_else(bad)?),
            None => (head, Vec::new()),
        };
        if status.is_empty() {
            return Err(bad());
        }
        Ok(Position {
            status: status.to_string(),
            by,
            sources,
            note: None,
        })
    }

    /// Checks the status against the vocabulary, the claimants as actors and the
    /// sources as sources of `kb`.
    pub fn check(&self, kb: &Kb) -> Result<(), EditError> {
        known_term(kb, &self.status, TermClass::Status)?;
        for actor in &self.by {
            known_id(kb, actor, EntityType::Actor)?;
        }
        for source in &self.sources {
            known_id(kb, source, EntityType::Source)?;
        }
        Ok(())
    }

    /// Returns the position as written in a file: `Claim(status: …, by: […], …)`.
    pub fn text(&self) -> String {
        let mut fields = vec![format!("status: {}", self.status)];
        if !self.by.is_empty() {
            fields.push(format!("by: {}", format::string_list(&self.by)));
        }
        if !self.sources.is_empty() {
            fields.push(format!("sources: {}", format::string_list(&self.sources)));
        }
        if let Some(note) = &self.note {
            fields.push(format!("note: {}", format::string(note)));
        }
        format!("Claim({})", fields.join(", "))
    }

    /// Returns the position as the command line writes it (`disputed:russia+s`).
    pub fn written(&self) -> String {
        let mut out = self.status.clone();
        if !self.by.is_empty() {
            out.push(':');
            out.push_str(&self.by.join(","));
        }
        if !self.sources.is_empty() {
            out.push('+');
            out.push_str(&self.sources.join(","));
        }
        out
    }

    /// Returns the position a claim of `kb` takes.
    pub fn of(kb: &Kb, claim: &Claim) -> Position {
        let strs = |ids: &[crate::source::Spanned<crate::model::Sym>]| {
            ids.iter().map(|s| kb.str(s.node).to_string()).collect()
        };
        Position {
            status: kb
                .status_name(claim.status.as_ref().map(|s| s.node))
                .to_string(),
            by: strs(&claim.by),
            sources: strs(&claim.sources),
            note: claim.note.as_deref().map(str::to_string),
        }
    }

    /// Returns true when both take the same stand: the same status, by the same
    /// actors (in any order). Sources and notes do not make a position another one.
    pub fn same_stand(&self, other: &Position) -> bool {
        let sorted = |ids: &[String]| {
            let mut ids = ids.to_vec();
            ids.sort();
            ids.dedup();
            ids
        };
        self.status == other.status && sorted(&self.by) == sorted(&other.by)
    }

    /// Returns true when `self`, as given to `remove-from`, names `other`: the same
    /// stand, and the same sources when any were given.
    pub fn names(&self, other: &Position) -> bool {
        let sorted = |ids: &[String]| {
            let mut ids = ids.to_vec();
            ids.sort();
            ids
        };
        self.same_stand(other)
            && (self.sources.is_empty() || sorted(&self.sources) == sorted(&other.sources))
    }

    /// Returns the stand in words, for messages ("disputed by `russia`").
    pub fn stand(&self) -> String {
        if self.by.is_empty() {
            return self.status.clone();
        }
        let by: Vec<String> = self.by.iter().map(|b| format!("`{b}`")).collect();
        format!("{} by {}", self.status, by.join(", "))
    }
}

/// The implicit position of a record written without any claim: stated, by no one.
pub fn stated() -> Position {
    Position {
        status: STATED.to_string(),
        by: Vec::new(),
        sources: Vec::new(),
        note: None,
    }
}

/// Splits `a,b` into ids; `None` when an id is empty.
fn ids(list: &str) -> Option<Vec<String>> {
    let ids: Vec<String> = list.split(',').map(str::to_string).collect();
    ids.iter().all(|i| !i.is_empty()).then_some(ids)
}

/// Checks that `id` names an entity of type `ty`, with "did you mean".
pub fn known_id(kb: &Kb, id: &str, ty: EntityType) -> Result<(), EditError> {
    match kb.lookup_str(id) {
        Some(entity) if entity.ty() == ty => Ok(()),
        Some(entity) => Err(EditError::refused(
            format!(
                "`{id}` is {}, not {}",
                entity.ty().with_article(),
                ty.with_article()
            ),
            did_you_mean(id, kb.ids_of_type(ty)).map(|s| format!("did you mean `{s}`?")),
        )),
        None => Err(EditError::refused(
            format!("no {} has the id `{id}`", ty.as_str()),
            did_you_mean(id, kb.ids_of_type(ty)).map(|s| format!("did you mean `{s}`?")),
        )),
    }
}

/// Checks that `term` is a declared term of `class`, with "did you mean".
pub fn known_term(kb: &Kb, term: &str, class: TermClass) -> Result<(), EditError> {
    let declared = kb
        .syms()
        .get(term)
        .is_some_and(|sym| kb.vocab().has(class, sym));
    if declared {
        return Ok(());
    }
    let terms: Vec<&str> = kb.vocab().terms(class).map(|s| kb.str(s)).collect();
    let help = match did_you_mean(term, terms.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("the {} are {}", class.plural(), terms.join(", ")),
    };
    Err(EditError::refused(
        format!("unknown {} `{term}`", class.as_str()),
        Some(help),
    ))
}

/// Splits a relation's address `FROM:KIND:TO`; `None` for anything else (an id).
pub fn relation_address(value: &str) -> Option<(&str, &str, &str)> {
    let mut parts = value.split(':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(from), Some(kind), Some(to), None) => Some((from, kind, to)),
        _ => None,
    }
}

/// Returns the index of the first relation `from kind to` of `kb`, if any.
pub fn find_relation(kb: &Kb, from: &str, kind: &str, to: &str) -> Option<usize> {
    kb.relations().iter().position(|r| {
        kb.str(r.from.node) == from && kb.str(r.kind.node) == kind && kb.str(r.to.node) == to
    })
}

/// Returns the index of the relation at `FROM:KIND:TO`, or why there is none.
pub fn resolve_relation(kb: &Kb, address: &str) -> Result<usize, EditError> {
    let bad = || {
        EditError::refused(
            format!("`{address}` is neither an id nor a relation `FROM:KIND:TO`"),
            Some("name a relation as e.g. `gru:perpetrator_of:poisoning`".into()),
        )
    };
    let (from, kind, to) = relation_address(address).ok_or_else(bad)?;
    if let Some(i) = find_relation(kb, from, kind, to) {
        return Ok(i);
    }
    for end in [from, to] {
        if kb.lookup_str(end).is_none() {
            let ids: Vec<&str> = kb.entities().map(|e| kb.id_str(e)).collect();
            return Err(EditError::refused(
                format!("no entity has the id `{end}`"),
                did_you_mean(end, ids.iter().copied()).map(|s| format!("did you mean `{s}`?")),
            ));
        }
    }
    let written: Vec<String> = kb
        .relations()
        .iter()
        .map(|r| {
            format!(
                "{}:{}:{}",
                kb.str(r.from.node),
                kb.str(r.kind.node),
                kb.str(r.to.node)
            )
        })
        .collect();
    Err(EditError::refused(
        format!("there is no relation `{from}` {kind} `{to}`"),
        did_you_mean(address, written.iter().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some(format!("add it with `annals link {from} {kind} {to}`"))),
    ))
}

/// Where a position was written: its `Claim(...)`, or the record for an inline claim.
pub fn position_span(claim: &Claim, record: Span) -> Span {
    if claim.span.start == claim.span.end {
        record
    } else {
        claim.span
    }
}

/// What `link` was given for a relation that already exists.
#[derive(Clone, Debug, Default)]
pub struct Linked<'a> {
    /// `--status`.
    pub status: Option<&'a str>,
    /// `--by`.
    pub by: &'a [String],
    /// `--source`.
    pub sources: &'a [String],
    /// `--note`.
    pub note: Option<&'a str>,
    /// `--gap`.
    pub gap: Option<&'a str>,
}

/// `annals link FROM KIND TO --status S --by X` on an existing relation: adds the
/// position to it instead of writing a duplicate.
pub fn link_position(
    kb: &Kb,
    index: usize,
    given: &Linked<'_>,
) -> Result<Vec<FileChange>, EditError> {
    let relation = &kb.relations()[index];
    let name = format!(
        "`{}` {} `{}`",
        kb.str(relation.from.node),
        kb.str(relation.kind.node),
        kb.str(relation.to.node)
    );
    let at = kb.files().location(relation.span);
    if given.status.is_none() && given.by.is_empty() {
        return Err(EditError::refused(
            format!("{name} is already linked, at {at}"),
            Some("to add a position to it, give `--status` and `--by`".into()),
        ));
    }
    if given.gap.is_some() {
        return Err(EditError::refused(
            format!("{name} is already linked, at {at}; `--gap` cannot be added to it"),
            Some("a position takes `--status`, `--by`, `--source` and `--note`; change the gap in the file".into()),
        ));
    }
    let position = Position {
        status: given.status.unwrap_or(STATED).to_string(),
        by: given.by.to_vec(),
        sources: given.sources.to_vec(),
        note: given.note.map(str::to_string),
    };
    let address = format!(
        "{}:{}:{}",
        kb.str(relation.from.node),
        kb.str(relation.kind.node),
        kb.str(relation.to.node)
    );
    super::list::add_positions(kb, &address, &[position])
}
