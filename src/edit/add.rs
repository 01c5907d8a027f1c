//! Adding records: `add event|actor|place|source` and `link`, each inserted where it
//! belongs and written like its neighbours.

use std::ops::Range;

use crate::edit::format::{self, Style, indent_at, starts_line};
use crate::edit::scan::{self};
use crate::edit::{EditError, FileChange, Plan, file_in_kb};
use crate::kb::Kb;
use crate::load::reader::is_valid_id;
use crate::model::schema::{self, Item, Record, TermClass, Value};
use crate::source::{FileId, Span};

/// A value given on the command line for one field of a new record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Given {
    /// Not given.
    Absent,
    /// One value.
    One(String),
    /// The items of a list (none given when empty).
    Many(Vec<String>),
    /// Participants as `(actor, role)`.
    Pairs(Vec<(String, String)>),
}

impl From<&String> for Given {
    fn from(value: &String) -> Given {
        Given::One(value.clone())
    }
}

impl From<&Option<String>> for Given {
    fn from(value: &Option<String>) -> Given {
        value.clone().map_or(Given::Absent, Given::One)
    }
}

impl From<&Vec<String>> for Given {
    fn from(values: &Vec<String>) -> Given {
        Given::Many(values.clone())
    }
}

impl From<&Vec<(String, String)>> for Given {
    fn from(pairs: &Vec<(String, String)>) -> Given {
        Given::Pairs(pairs.clone())
    }
}

/// A new record as given on the command line: values by field name, in any order,
/// and the file it should go to (`--file`).
#[derive(Clone, Debug, Default)]
pub struct NewRecord {
    /// The values, each under its field's name.
    pub values: Vec<(&'static str, Given)>,
    /// `--file`.
    pub file: Option<String>,
}

pub(super) fn term(value: &str, what: &str) -> Result<String, EditError> {
    if format::is_term(value) {
        Ok(value.to_string())
    } else {
        Err(EditError::refused(
            format!("`{value}` is not a valid {what}"),
            Some("vocabulary terms are lowercase words joined by `_`, e.g. `verdict`".into()),
        ))
    }
}

pub(super) fn new_id(kb: &Kb, id: &str) -> Result<(), EditError> {
    if !is_valid_id(id) {
        let suggestion = crate::load::reader::suggest_id(id);
        return Err(EditError::refused(
            format!("malformed id `{id}`"),
            Some(format!(
                "ids match [a-z0-9][a-z0-9._-]*, e.g. `{suggestion}`"
            )),
        ));
    }
    if let Some(entity) = kb.lookup_str(id) {
        return Err(EditError::refused(
            format!(
                "the id `{id}` is already {} ({})",
                entity.ty().with_article(),
                kb.files().location(kb.id_span(entity))
            ),
            Some("choose another id, or change the existing entity with `annals set`".into()),
        ));
    }
    Ok(())
}

/// Where a new record goes.
enum Target {
    File(FileId),
    New(std::path::PathBuf, String),
}

/// Picks the file for a new record (SPEC §5): `--file`; else, for a relation, the
/// file holding most of FROM's relations, or else the one holding the most relations;
/// for an entity, the file holding the most entities of its type. Ties go to the first
/// file in path order (files are numbered in path order), so a KB where no file holds
/// any record of the kind gets it in its first file.
fn target(
    kb: &Kb,
    file: Option<&str>,
    section: &str,
    from: Option<&str>,
) -> Result<Target, EditError> {
    if let Some(file) = file {
        let (path, relative) = file_in_kb(kb.root(), file)?;
        return Ok(
            match kb.files().files().find(|(_, f)| f.relative == relative) {
                Some((id, _)) => Target::File(id),
                None => Target::New(path, relative),
            },
        );
    }
    if kb.files().is_empty() {
        return Err(EditError::refused(
            "the knowledge base has no files yet; say which one gets the new entry",
            Some("add `--file FILE` (relative to the KB directory; created if absent)".into()),
        ));
    }
    let from_relations: Vec<Span> = from
        .map(|from| {
            kb.relations()
                .iter()
                .filter(|r| kb.str(r.from.node) == from)
                .map(|r| r.span)
                .collect()
        })
        .unwrap_or_default();
    let spans: Vec<Span> = if !from_relations.is_empty() {
        from_relations
    } else {
        match section {
            "actors" => kb.actors().iter().map(|r| r.span).collect(),
            "places" => kb.places().iter().map(|r| r.span).collect(),
            "sources" => kb.sources().iter().map(|r| r.span).collect(),
            "events" => kb.events().iter().map(|r| r.span).collect(),
            _ => kb.relations().iter().map(|r| r.span).collect(),
        }
    };
    Ok(Target::File(FileId(most_held(kb.files().len(), &spans))))
}

/// Returns the number of the file holding most of `spans`, the first in path order
/// among equals (the first file when `spans` is empty).
fn most_held(files: usize, spans: &[Span]) -> u32 {
    let mut counts = vec![0usize; files];
    for span in spans {
        if let Some(count) = counts.get_mut(span.file.0 as usize) {
            *count += 1;
        }
    }
    let best = counts
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))
        .map_or(0, |(i, _)| i);
    u32::try_from(best).unwrap_or(0)
}

/// Adds `name(fields)` to the `section` list of the target file.
fn add_record(
    kb: &Kb,
    target: Target,
    section: &str,
    name: &str,
    fields: &[(&str, String)],
) -> Result<Vec<FileChange>, EditError> {
    let mut plan = Plan::default();
    match target {
        Target::File(file) => {
            let text = &kb.files().get(file).text;
            let (range, insert) = insert_record(text, section, name, fields)?;
            plan.replace(file, range, insert);
        }
        Target::New(path, relative) => {
            let (_, text) = insert_record("", section, name, fields)?;
            plan.create(path, relative, text);
        }
    }
    Ok(plan.changes(kb))
}

/// Returns the replacement that inserts a record into the `section` list of a file,
/// creating the section, or the whole `Chronicle(...)`, when absent.
fn insert_record(
    text: &str,
    section: &str,
    name: &str,
    fields: &[(&str, String)],
) -> Result<(Range<usize>, String), EditError> {
    let style = Style::detect(text);
    let nl = style.newline;
    let unit = style.unit.clone();
    let many = fields.len() > 4;
    let Some(start) = scan::first_token(text)? else {
        let rec = format::record(name, fields, many, &format!("{unit}{unit}"), &style);
        let prefix = if text.is_empty() || text.ends_with('\n') {
            ""
        } else {
            nl
        };
        let body = format!(
            "{prefix}Chronicle({nl}{unit}{section}: [{nl}{unit}{unit}{rec},{nl}{unit}],{nl}){nl}"
        );
        return Ok((text.len()..text.len(), body));
    };
    let chronicle = scan::record(text, start)?;
    // A record in a new or empty section is written like the records elsewhere in the file.
    let neighbour = neighbour_layout(text, &chronicle)?;
    let layout_of_new = |item_indent: &str| match neighbour {
        Some(layout) => format::record_in(layout, name, fields, item_indent, &style),
        None => format::record(name, fields, many, item_indent, &style),
    };
    if !text[chronicle.open..chronicle.close].contains('\n') {
        // A one-line `Chronicle(...)`: the new entry stays on that line.
        let rec = format::record(name, fields, false, "", &style);
        if let Some(field) = chronicle.field(section) {
            let (items, close) = scan::list(text, field.value.start)?;
            return Ok(match items.last() {
                Some(last) => match last.comma_end {
                    Some(c) => (c..c, format!(" {rec},")),
                    None => (last.range.end..last.range.end, format!(", {rec}")),
                },
                None => (field.value.start + 1..close, rec),
            });
        }
        return Ok(match chronicle.fields.last() {
            Some(f) => match f.comma_end {
                Some(c) => (c..c, format!(" {section}: [{rec}],")),
                None => (f.value.end..f.value.end, format!(", {section}: [{rec}]")),
            },
            None => (
                chronicle.open + 1..chronicle.close,
                format!("{section}: [{rec}]"),
            ),
        });
    }
    if let Some(field) = chronicle.field(section) {
        let (items, close) = scan::list(text, field.value.start)?;
        let section_indent = indent_at(text, field.range.start);
        let Some(last) = items.last() else {
            let item_indent = format!("{section_indent}{unit}");
            let rec = layout_of_new(&item_indent);
            let inside = field.value.start + 1..close;
            return Ok(if text[inside.clone()].trim().is_empty() {
                (
                    inside,
                    format!("{nl}{item_indent}{rec},{nl}{section_indent}"),
                )
            } else {
                // Keep what is inside (a comment): insert right after `[`.
                (
                    inside.start..inside.start,
                    format!("{nl}{item_indent}{rec},"),
                )
            });
        };
        if !starts_line(text, items[0].range.start) {
            // A one-line list: `[A(...), B(...)]`.
            let rec = format::record(name, fields, false, "", &style);
            return Ok(match last.comma_end {
                Some(c) => (c..c, format!(" {rec},")),
                None => (last.range.end..last.range.end, format!(", {rec}")),
            });
        }
        let item_indent = indent_at(text, last.range.start);
        let layout = format::Layout::of(&text[last.range.clone()]);
        let rec = format::record_in(layout, name, fields, &item_indent, &style);
        return Ok(append_after(
            text,
            last.range.end,
            last.comma_end,
            &format!("{nl}{item_indent}{rec}"),
        ));
    }
    let last_field = chronicle.fields.last();
    let section_indent = last_field
        .map(|f| indent_at(text, f.range.start))
        .filter(|i| !i.is_empty())
        .unwrap_or_else(|| unit.clone());
    let item_indent = format!("{section_indent}{unit}");
    let rec = layout_of_new(&item_indent);
    let block =
        format!("{section_indent}{section}: [{nl}{item_indent}{rec},{nl}{section_indent}],");
    Ok(match last_field {
        Some(f) => {
            // `block` ends with its own comma: strip it for `append_after`, which adds one.
            let block = block.strip_suffix(',').unwrap_or(&block);
            append_after(text, f.value.end, f.comma_end, &format!("{nl}{block}"))
        }
        None if text[chronicle.open + 1..chronicle.close].trim().is_empty() => (
            chronicle.open + 1..chronicle.close,
            format!("{nl}{block}{nl}"),
        ),
        None => (
            chronicle.open + 1..chronicle.open + 1,
            format!("{nl}{block}"),
        ),
    })
}

/// Returns the layout of the last record of the last non-empty section written one
/// record per line, if any.
fn neighbour_layout(
    text: &str,
    chronicle: &scan::Record,
) -> Result<Option<format::Layout>, EditError> {
    for field in chronicle.fields.iter().rev() {
        if !text[field.value.clone()].starts_with('[') {
            continue;
        }
        let (items, _) = scan::list(text, field.value.start)?;
        if let Some(last) = items.last()
            && starts_line(text, last.range.start)
        {
            return Ok(Some(format::Layout::of(&text[last.range.clone()])));
        }
    }
    Ok(None)
}

/// Returns the replacement that adds `addition` (which starts with a line break) after
/// an item ending at `end` (with its comma ending at `comma_end`, if any), and a comma
/// after it. A `//` comment ending the item's line stays on that line, with its item.
pub(super) fn append_after(
    text: &str,
    end: usize,
    comma_end: Option<usize>,
    addition: &str,
) -> (Range<usize>, String) {
    let after = comma_end.unwrap_or(end);
    let line_end = text[after..]
        .find(['\r', '\n'])
        .map_or(text.len(), |i| after + i);
    let comment = text[after..line_end].trim_start().starts_with("//");
    match (comma_end, comment) {
        (Some(_), true) => (line_end..line_end, format!("{addition},")),
        (Some(c), false) => (c..c, format!("{addition},")),
        (None, true) => (
            end..line_end,
            format!(",{}{addition}", &text[end..line_end]),
        ),
        (None, false) => (end..end, format!(",{addition}")),
    }
}

/// Returns `value` as written in a field of type `value`, or `None` when nothing was
/// given; terms are checked.
fn written(value: Value, given: &Given) -> Result<Option<String>, EditError> {
    let text = match (value, given) {
        (_, Given::Absent) => return Ok(None),
        (Value::Term(class), Given::One(v)) => term(v, class.as_str())?,
        (Value::Calendar, Given::One(v)) => term(v, "calendar")?,
        (_, Given::One(v)) => format::string(v),
        (_, Given::Many(items)) if items.is_empty() => return Ok(None),
        (_, Given::Pairs(pairs)) if pairs.is_empty() => return Ok(None),
        (Value::List(_), Given::Many(items)) => format::string_list(items),
        (Value::List(Item::Participant), Given::Pairs(pairs)) => {
            let mut parts = Vec::new();
            for (actor, role) in pairs {
                let role = term(role, TermClass::Role.as_str())?;
                parts.push(format!("({}, {role})", format::string(actor)));
            }
            format!("[{}]", parts.join(", "))
        }
        (_, Given::Many(_) | Given::Pairs(_)) => {
            return Err(EditError::Io(format!(
                "internal error: a list given for a field of type {value:?}"
            )));
        }
    };
    Ok(Some(text))
}

/// `annals add event|actor|place|source` and `annals link`: writes the given fields in
/// the order of `R`'s table, into the file the record belongs in.
pub fn add<R: Record>(kb: &Kb, new: &NewRecord) -> Result<Vec<FileChange>, EditError> {
    if let Some((name, _)) = new
        .values
        .iter()
        .find(|(name, _)| schema::spec::<R>(name).is_none())
    {
        return Err(EditError::Io(format!(
            "internal error: `{}` has no field `{name}`",
            R::NAME
        )));
    }
    let given = |name: &str| {
        new.values
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&Given::Absent, |(_, g)| g)
    };
    for spec in schema::specs::<R>() {
        if let (Value::OwnId, Given::One(id)) = (spec.value, given(spec.name)) {
            new_id(kb, id)?;
        }
    }
    let mut fields = Vec::new();
    let mut from = None;
    for spec in schema::specs::<R>() {
        if let Some(text) = written(spec.value, given(spec.name))? {
            fields.push((spec.name, text));
        }
        // A relation goes where FROM's relations are.
        if let (Value::Id, "from", Given::One(id)) = (spec.value, spec.name, given(spec.name)) {
            from = Some(id.as_str());
        }
    }
    let section = schema::section::<R>()
        .ok_or_else(|| EditError::Io(format!("internal error: `{}` has no section", R::NAME)))?;
    let target = target(kb, new.file.as_deref(), section, from)?;
    add_record(kb, target, section, R::NAME, &fields)
}
