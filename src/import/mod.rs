//! Bringing chronologies made elsewhere into a KB: each format (TimelineJS, ACLED)
//! is read into an
//! [`Import`], which is written as one file that the import owns and replaces when
//! the same (or an updated) export is imported again.

pub mod acled;
mod text;
pub mod timelinejs;

use std::collections::BTreeSet;

use crate::edit::format::{self, Style};
use crate::edit::{EditError, FileChange, file_in_kb};
use crate::kb::Kb;
use crate::model::schema::TermClass;

pub use text::{html_to_text, slug};

/// The longest line a one-line record may make; longer ones get a field per line.
const MAX_COLUMNS: usize = 100;

/// One record to write: its name (`Event`) and its fields as RON text, in the order
/// of the format doc.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// `Actor`, `Place`, `Source` or `Event`.
    pub name: &'static str,
    /// The id, also the first field.
    pub id: String,
    /// The other fields, each as its RON text.
    pub fields: Vec<(&'static str, String)>,
}

impl Record {
    /// Returns a record with its id and no other field.
    pub fn new(name: &'static str, id: &str) -> Record {
        Record {
            name,
            id: id.to_string(),
            fields: Vec::new(),
        }
    }

    /// Adds a string field.
    pub fn string(mut self, field: &'static str, value: &str) -> Record {
        self.fields.push((field, format::string(value)));
        self
    }

    /// Adds a string field when there is a non-empty value.
    pub fn maybe(self, field: &'static str, value: Option<&str>) -> Record {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(value) => self.string(field, value),
            None => self,
        }
    }

    /// Adds a field written as is (a bare term, a list, a map).
    pub fn raw(mut self, field: &'static str, text: String) -> Record {
        self.fields.push((field, text));
        self
    }

    /// Returns the record's text, on one line when it fits.
    fn text(&self, indent: &str, style: &Style) -> String {
        let mut fields = vec![("id", format::string(&self.id))];
        fields.extend(self.fields.iter().cloned());
        let line = format::record(self.name, &fields, false, indent, style);
        let multiline = indent.len() + line.chars().count() + 1 > MAX_COLUMNS;
        format::record(self.name, &fields, multiline, indent, style)
    }
}

/// Returns `{"key": "value", …}` for `attrs`, leaving out empty values.
pub fn attrs(pairs: &[(&str, String)]) -> Option<String> {
    let items: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{}: {}", format::string(k), format::string(v.trim())))
        .collect();
    (!items.is_empty()).then(|| format!("{{{}}}", items.join(", ")))
}

/// What one import brings in, ready to be written.
#[derive(Clone, Debug, Default)]
pub struct Import {
    /// The format's name, as in `annals import NAME` (`timelinejs`).
    pub format: &'static str,
    /// The name of the file imported, for the marker line.
    pub origin: String,
    /// The KB's title, when the export has one.
    pub title: Option<String>,
    /// The KB's summary.
    pub summary: Option<String>,
    /// Event kinds the records use that may need declaring.
    pub event_kinds: BTreeSet<String>,
    /// Actor records.
    pub actors: Vec<Record>,
    /// Place records.
    pub places: Vec<Record>,
    /// Source records.
    pub sources: Vec<Record>,
    /// Event records.
    pub events: Vec<Record>,
}

/// Skips a UTF-8 byte order mark at the start of `input`, if there is one.
pub fn skip_bom(input: &mut impl std::io::BufRead) -> Result<(), EditError> {
    let buf = input
        .fill_buf()
        .map_err(|e| EditError::Io(format!("cannot read the file: {e}")))?;
    if buf.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    Ok(())
}

/// Returns the marker line that starts every file an import writes.
pub fn marker(format: &str) -> String {
    format!("// annals import {format}: ")
}

/// The file an import writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Where it is.
    pub path: std::path::PathBuf,
    /// Its path relative to the KB, with `/`.
    pub relative: String,
}

impl Target {
    /// Returns the file for an import of `format`: `--file`, else `FORMAT.ron`.
    pub fn new(kb: &Kb, format: &str, file: Option<&str>) -> Result<Target, EditError> {
        let (path, relative) = file_in_kb(kb.root(), file.unwrap_or(&default_file(format)))?;
        Ok(Target { path, relative })
    }

    /// Returns the id of the source that stands for the imported file: made from the
    /// target file's name, so it stays the same when an updated export is imported.
    pub fn source_id(&self) -> String {
        let stem = self.relative.strip_suffix(".ron").unwrap_or(&self.relative);
        format!("import.{}", slug(stem, "file"))
    }
}

/// Returns the file an import of `format` writes without `--file`.
fn default_file(format: &str) -> String {
    format!("{format}.ron")
}

/// Returns the changes that write `import` into the KB: a new file, or the file an
/// earlier import of the same format wrote, replaced whole. Refuses a file written
/// by hand and ids that records outside that file already use.
pub fn plan(kb: &Kb, import: &Import, target: Target) -> Result<Vec<FileChange>, EditError> {
    let default = default_file(import.format);
    let Target { path, relative } = target;
    let existing = kb.files().files().find(|(_, f)| f.relative == relative);
    if let Some((_, f)) = existing
        && !f.text.starts_with(&marker(import.format))
    {
        return Err(EditError::refused(
            format!(
                "`{relative}` was not written by `annals import {}`",
                import.format
            ),
            Some(format!(
                "an import replaces its whole file; give a new file with `--file`, e.g. `--file {}`",
                default
            )),
        ));
    }
    let own = existing.map(|(id, _)| id);
    refuse_taken_ids(kb, import, own)?;
    let title_elsewhere = kb.title().is_some() && kb.title_file() != own;
    let text = write(kb, import, own, title_elsewhere);
    Ok(vec![FileChange {
        path,
        relative,
        before: existing.map(|(_, f)| f.text.clone()),
        after: text,
    }])
}

/// Refuses ids of the import that an entity outside the import's own file has.
fn refuse_taken_ids(
    kb: &Kb,
    import: &Import,
    own: Option<crate::source::FileId>,
) -> Result<(), EditError> {
    let records = [
        &import.actors,
        &import.places,
        &import.sources,
        &import.events,
    ];
    for record in records.into_iter().flatten() {
        if let Some(entity) = kb.lookup_str(&record.id) {
            let span = kb.id_span(entity);
            if Some(span.file) != own {
                return Err(EditError::refused(
                    format!(
                        "the imported {} `{}` has the id of {} outside the import's file ({})",
                        record.name.to_lowercase(),
                        record.id,
                        entity.ty().with_article(),
                        kb.files().location(span)
                    ),
                    Some(
                        "rename that record (`annals rename`), or import into the file that holds it with `--file`".into(),
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Returns the event kinds of `import` that neither annals nor another file declares.
fn undeclared(kb: &Kb, import: &Import, own: Option<crate::source::FileId>) -> Vec<String> {
    let declared_elsewhere = |name: &str| {
        kb.vocab_decls().iter().any(|d| {
            d.event_kinds
                .iter()
                .any(|t| Some(t.span.file) != own && kb.str(t.node) == name)
        })
    };
    let declared_here = |name: &str| {
        kb.vocab_decls().iter().any(|d| {
            d.event_kinds
                .iter()
                .any(|t| Some(t.span.file) == own && kb.str(t.node) == name)
        })
    };
    import
        .event_kinds
        .iter()
        .filter(|name| {
            let known = kb
                .syms()
                .get(name.as_str())
                .is_some_and(|sym| kb.vocab().has(TermClass::EventKind, sym));
            // Known but declared by no file (or only by this one): built in.
            let builtin = known && !declared_elsewhere(name) && !declared_here(name);
            !builtin && !declared_elsewhere(name)
        })
        .cloned()
        .collect()
}

/// Returns the text of the import's file.
fn write(
    kb: &Kb,
    import: &Import,
    own: Option<crate::source::FileId>,
    title_elsewhere: bool,
) -> String {
    let style = Style {
        newline: "\n",
        unit: "    ".into(),
    };
    let mut out = format!("{}{}\n", marker(import.format), import.origin);
    out.push_str(&format!(
        "// Written by `annals import {}`: importing again replaces this whole file, so\n\
         // edit the records in other files (or rename them there) to keep the changes.\n",
        import.format
    ));
    out.push_str("Chronicle(\n");
    if !title_elsewhere {
        if let Some(title) = &import.title {
            out.push_str(&format!("    title: {},\n", format::string(title)));
        }
        if let Some(summary) = &import.summary {
            out.push_str(&format!("    summary: {},\n", format::string(summary)));
        }
    }
    for (section, records) in [
        ("actors", &import.actors),
        ("places", &import.places),
        ("sources", &import.sources),
        ("events", &import.events),
    ] {
        if records.is_empty() {
            continue;
        }
        out.push_str(&format!("    {section}: [\n"));
        for record in records {
            out.push_str(&format!("        {},\n", record.text("        ", &style)));
        }
        out.push_str("    ],\n");
    }
    let kinds = undeclared(kb, import, own);
    if !kinds.is_empty() {
        out.push_str(&format!(
            "    vocabulary: Vocabulary(event_kinds: [{}]),\n",
            kinds.join(", ")
        ));
    }
    out.push_str(")\n");
    out
}

/// A problem with one row or item of the imported file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// The line (CSV) or the event number (JSON) it concerns.
    pub at: String,
    /// What is wrong.
    pub message: String,
}

/// Returns the refusal of an import with bad rows: every row named, nothing written.
pub fn refuse_rows(origin: &str, mut errors: Vec<RowError>) -> EditError {
    // In file order: `line 7`, `event 3` by their number.
    errors.sort_by_key(|e| e.at.rsplit(' ').next().and_then(|n| n.parse::<u64>().ok()));
    let count = errors.len();
    let help = errors
        .into_iter()
        .map(|e| format!("{}: {}", e.at, e.message))
        .collect();
    EditError::Refused {
        message: format!(
            "`{origin}` has {count} bad {}; nothing was imported",
            if count == 1 { "row" } else { "rows" }
        ),
        help,
    }
}
