//! Changing and removing: `set`, `rm [--cascade]` and `rename`.

use std::ops::Range;

use crate::diag::did_you_mean;
use crate::edit::format::{self, Style, indent_at, starts_line};
use crate::edit::refs::{SiteKind, sites};
use crate::edit::scan::{self, Item};
use crate::edit::{EditError, FileChange, Plan};
use crate::kb::{Entity, Kb};
use crate::model::schema::{self, Spec, Value};
use crate::source::{FileId, Span};

use super::add::{new_id, term};

/// Resolves an id given on the command line, with "did you mean".
pub(super) fn entity(kb: &Kb, id: &str) -> Result<Entity, EditError> {
    kb.lookup_str(id).ok_or_else(|| {
        let ids: Vec<&str> = kb.entities().map(|e| kb.id_str(e)).collect();
        EditError::refused(
            format!("no entity has the id `{id}`"),
            did_you_mean(id, ids.iter().copied()).map(|s| format!("did you mean `{s}`?")),
        )
    })
}

/// Returns the fields `set` may change, as its help lists them (`attrs.KEY` for a map).
fn scalar_fields(fields: &[Spec]) -> String {
    fields
        .iter()
        .filter(|f| f.set)
        .map(|f| match f.value {
            Value::Map => format!("{}.KEY", f.name),
            _ => f.name.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `annals set ID FIELD VALUE`: replaces the field's value, or adds the field.
pub fn set(kb: &Kb, id: &str, field: &str, value: &str) -> Result<Vec<FileChange>, EditError> {
    let entity = entity(kb, id)?;
    let record = kb.record_span(entity);
    let text = &kb.files().get(record.file).text;
    let style = Style::detect(text);
    let rec = scan::record(text, record.start as usize)?;
    let mut plan = Plan::default();
    let fields = schema::entity_specs(entity.ty());
    let map = field.split_once('.').filter(|(name, _)| {
        fields
            .iter()
            .any(|f| f.name == *name && f.set && f.value == Value::Map)
    });
    if let Some((map, key)) = map {
        if key.is_empty() {
            return Err(EditError::refused(
                format!("`{map}.` needs a key"),
                Some(format!("write `{map}.KEY`, e.g. `{map}.detained`")),
            ));
        }
        let entry = format!("{}: {}", format::string(key), format::string(value));
        match rec.field(map) {
            Some(attrs) => {
                let (entries, close) = scan::map(text, attrs.value.start)?;
                let existing = entries.iter().find(|e| {
                    matches!(crate::load::lexer::Lexer::at(text, e.key.start).next_token(),
                        Ok(t) if t.tok == crate::load::lexer::Tok::Str(key.into()))
                });
                match (existing, entries.last()) {
                    (Some(e), _) => {
                        plan.replace(record.file, e.value.clone(), format::string(value))
                    }
                    (None, Some(last)) => match last.comma_end {
                        Some(c) => plan.replace(record.file, c..c, format!(" {entry},")),
                        None => plan.replace(
                            record.file,
                            last.value.end..last.value.end,
                            format!(", {entry}"),
                        ),
                    },
                    (None, None) => plan.replace(record.file, attrs.value.start + 1..close, entry),
                }
            }
            None => insert_field(
                &mut plan,
                record.file,
                text,
                &rec,
                map,
                &format!("{{{entry}}}"),
                &style,
            ),
        }
        return Ok(plan.changes(kb));
    }
    let settable = fields
        .iter()
        .find(|f| f.name == field && f.set && f.value != Value::Map);
    let Some(spec) = settable else {
        let own_id = fields
            .iter()
            .any(|f| f.name == field && f.value == Value::OwnId);
        let help = if own_id {
            format!("to change an id and every reference to it, use `annals rename {id} NEW`")
        } else {
            format!(
                "the scalar fields of {} are {}",
                entity.ty().with_article(),
                scalar_fields(&fields)
            )
        };
        return Err(EditError::refused(
            format!(
                "`{field}` cannot be set on {} with `set`",
                entity.ty().with_article()
            ),
            Some(help),
        ));
    };
    if value.is_empty() && !spec.required {
        // An empty value removes an optional field (`set protests date ""`).
        return match rec.fields.iter().position(|f| f.name == field) {
            Some(i) => {
                let f = &rec.fields[i];
                let previous = i.checked_sub(1).map(|p| rec.fields[p].value.end);
                plan.replace(
                    record.file,
                    removal(text, f.range.clone(), f.comma_end, previous),
                    String::new(),
                );
                Ok(plan.changes(kb))
            }
            None => Err(EditError::refused(
                format!("`{id}` has no `{field}` to remove"),
                None,
            )),
        };
    }
    let written = match spec.value {
        Value::Term(_) => term(value, "vocabulary term")?,
        Value::Calendar => term(value, "calendar")?,
        _ => format::string(value),
    };
    match rec.field(field) {
        // `("id", Claim(...))`: change the id, keep the claim.
        Some(f) if spec.value == Value::Ref && text[f.value.clone()].starts_with('(') => {
            match first_of_tuple(text, &f.value)? {
                Some(first) => plan.replace(record.file, first, written),
                None => plan.replace(record.file, f.value.clone(), written),
            }
        }
        Some(f) => plan.replace(record.file, f.value.clone(), written),
        None => insert_field(&mut plan, record.file, text, &rec, field, &written, &style),
    }
    Ok(plan.changes(kb))
}

/// Adds `name: value` at the end of a record, in the record's own layout.
pub(super) fn insert_field(
    plan: &mut Plan,
    file: FileId,
    text: &str,
    rec: &scan::Record,
    name: &str,
    value: &str,
    style: &Style,
) {
    let nl = style.newline;
    let multiline = text[rec.open..rec.close].contains('\n');
    match rec.fields.last() {
        Some(last) if multiline && starts_line(text, last.range.start) => {
            let indent = indent_at(text, last.range.start);
            let (range, insert) = super::add::append_after(
                text,
                last.value.end,
                last.comma_end,
                &format!("{nl}{indent}{name}: {value}"),
            );
            plan.replace(file, range, insert);
        }
        Some(last) => match last.comma_end {
            Some(c) => plan.replace(file, c..c, format!(" {name}: {value},")),
            None => plan.replace(
                file,
                last.value.end..last.value.end,
                format!(", {name}: {value}"),
            ),
        },
        None => plan.replace(file, rec.open + 1..rec.open + 1, format!("{name}: {value}")),
    }
}

/// Returns the range that removes an item (or field) from its list (or record),
/// whole lines when it stands on lines of its own.
pub(super) fn removal(
    text: &str,
    range: Range<usize>,
    comma_end: Option<usize>,
    previous_end: Option<usize>,
) -> Range<usize> {
    let end = comma_end.unwrap_or(range.end);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let rest = text[end..line_end].trim();
    if starts_line(text, range.start) && (rest.is_empty() || rest.starts_with("//")) {
        let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        return line_start..line_end;
    }
    match (comma_end, previous_end) {
        (Some(c), _) => {
            let spaces = text[c..].len() - text[c..].trim_start_matches([' ', '\t']).len();
            range.start..c + spaces
        }
        (None, Some(prev)) => prev..range.end,
        (None, None) => range,
    }
}

fn item_removal(text: &str, items: &[Item], index: usize) -> Range<usize> {
    let item = &items[index];
    let previous = index.checked_sub(1).map(|i| items[i].range.end);
    removal(text, item.range.clone(), item.comma_end, previous)
}

/// Finds the list item or field inside the record at `start` that holds the reference
/// at `span`, and returns the range that removes it.
fn locate(text: &str, start: usize, span: Range<usize>) -> Result<Option<Range<usize>>, EditError> {
    let rec = scan::record(text, start)?;
    for (i, field) in rec.fields.iter().enumerate() {
        if !(field.value.start <= span.start && span.end <= field.value.end) {
            continue;
        }
        if field.value == span || first_of_tuple(text, &field.value)? == Some(span.clone()) {
            let previous = i.checked_sub(1).map(|p| rec.fields[p].value.end);
            return Ok(Some(removal(
                text,
                field.range.clone(),
                field.comma_end,
                previous,
            )));
        }
        if text[field.value.clone()].starts_with('[') {
            let (items, _) = scan::list(text, field.value.start)?;
            for (j, item) in items.iter().enumerate() {
                if !(item.range.start <= span.start && span.end <= item.range.end) {
                    continue;
                }
                if item.range == span || first_of_tuple(text, &item.range)? == Some(span.clone()) {
                    return Ok(Some(item_removal(text, &items, j)));
                }
                // A reference inside a `Claim(...)` of a tuple.
                if text[item.range.clone()].starts_with('(') {
                    for element in scan::tuple(text, item.range.start)? {
                        if element.range.start <= span.start && span.end <= element.range.end {
                            return locate(text, element.range.start, span);
                        }
                    }
                }
            }
        }
        if text[field.value.clone()].starts_with('(') {
            for element in scan::tuple(text, field.value.start)? {
                if element.range.start <= span.start && span.end <= element.range.end {
                    return locate(text, element.range.start, span);
                }
            }
        }
    }
    Ok(None)
}

fn first_of_tuple(text: &str, range: &Range<usize>) -> Result<Option<Range<usize>>, EditError> {
    if !text[range.clone()].starts_with('(') {
        return Ok(None);
    }
    Ok(scan::tuple(text, range.start)?
        .first()
        .map(|i| i.range.clone()))
}

/// Returns the range that removes the record whose span is `record` from its section.
pub(super) fn record_removal(kb: &Kb, record: Span) -> Result<Range<usize>, EditError> {
    let text = &kb.files().get(record.file).text;
    let start = scan::first_token(text)?.ok_or(scan::ScanError(0))?;
    let chronicle = scan::record(text, start)?;
    for field in &chronicle.fields {
        if field.value.start <= record.start as usize && (record.end as usize) <= field.value.end {
            let (items, _) = scan::list(text, field.value.start)?;
            if let Some(index) = items
                .iter()
                .position(|i| i.range.start == record.start as usize)
            {
                return Ok(item_removal(text, &items, index));
            }
        }
    }
    Err(scan::ScanError(record.start as usize).into())
}

/// `annals rm ID [--cascade]`.
pub fn rm(kb: &Kb, id: &str, cascade: bool) -> Result<Vec<FileChange>, EditError> {
    let entity = entity(kb, id)?;
    let sym = kb.id_of(entity);
    let own = kb.record_span(entity);
    let inside = |span: Span, outer: Span| {
        span.file == outer.file && outer.start <= span.start && span.end <= outer.end
    };
    let uses: Vec<_> = sites(kb)
        .into_iter()
        .filter(|s| s.sym == sym && s.kind != SiteKind::Definition && !inside(s.span, own))
        .collect();
    if !uses.is_empty() && !cascade {
        let mut spans: Vec<Span> = uses.iter().map(|s| s.span).collect();
        spans.sort_by_key(|s| (s.file, s.start));
        let mut places: Vec<String> = spans.iter().map(|&s| kb.files().location(s)).collect();
        places.dedup();
        let shown: Vec<String> = places.iter().take(10).cloned().collect();
        let more = if places.len() > 10 {
            format!(" and {} more", places.len() - 10)
        } else {
            String::new()
        };
        return Err(EditError::Refused {
            message: format!(
                "`{id}` is referred to {} time{}, at {}{more}",
                uses.len(),
                if uses.len() == 1 { "" } else { "s" },
                shown.join(", ")
            ),
            help: vec![format!(
                "remove those references first, or use `annals rm {id} --cascade` to remove them too"
            )],
        });
    }
    let mut plan = Plan::default();
    plan.replace(own.file, record_removal(kb, own)?, String::new());
    for site in uses {
        let text = &kb.files().get(site.span.file).text;
        let range = match site.kind {
            SiteKind::RelationEnd => record_removal(kb, site.owner)?,
            _ => match locate(text, site.owner.start as usize, site.span.range())? {
                Some(range) => range,
                None => return Err(scan::ScanError(site.span.start as usize).into()),
            },
        };
        plan.replace(site.span.file, range, String::new());
    }
    Ok(plan.changes(kb))
}

/// `annals rename OLD NEW`: the id and every reference to it, in every file.
pub fn rename(kb: &Kb, old: &str, new: &str) -> Result<Vec<FileChange>, EditError> {
    let mut plan = Plan::default();
    for (file, range, text) in rename_edits(kb, old, new)? {
        plan.replace(file, range, text);
    }
    Ok(plan.changes(kb))
}

/// The replacements `annals rename OLD NEW` makes, in KB order, without applying them:
/// for an editor, which applies them to its own buffers (`annals lsp`).
pub fn rename_edits(
    kb: &Kb,
    old: &str,
    new: &str,
) -> Result<Vec<(FileId, Range<usize>, String)>, EditError> {
    let entity = entity(kb, old)?;
    new_id(kb, new)?;
    let sym = kb.id_of(entity);
    Ok(sites(kb)
        .into_iter()
        .filter(|s| s.sym == sym)
        .map(|site| (site.span.file, site.span.range(), format::string(new)))
        .collect())
}
