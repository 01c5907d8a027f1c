//! Answers about the id under the cursor: where it is defined, where it is used, what
//! it names (hover), renaming it everywhere; and the outline of a file.

use lsp_types as lsp;
use lsp_types::Uri;

use super::snapshot::Snapshot;
use super::text::{Encoding, Positions};
use super::{Answer, Failure, json};
use crate::edit::EditError;
use crate::edit::refs::{Site, SiteKind};
use crate::kb::Entity;
use crate::query::show::{BoundsText, Fields, ShownBounds, ShownDate};
use crate::source::{FileId, Span};

/// The id occurrence a request is about, with what answering needs.
pub struct Nav<'a> {
    /// The checked state.
    pub snap: &'a Snapshot,
    /// The occurrence under the cursor.
    pub site: &'a Site,
    /// How columns are counted.
    pub enc: Encoding,
    /// The URI of every file, by file id.
    pub uris: &'a [Option<Uri>],
}

impl Nav<'_> {
    fn location(&self, span: Span) -> Option<lsp::Location> {
        let uri = self.uris.get(span.file.0 as usize)?.clone()?;
        let file = self.snap.kb.files().get(span.file);
        Some(lsp::Location::new(
            uri,
            Positions::new(file, self.enc).range(span.range()),
        ))
    }

    /// The definition of the id; `null` for an id nothing defines.
    pub fn definition(&self) -> Answer {
        let entity = self.snap.entity_of(self.site);
        Ok(json(
            entity.and_then(|e| self.location(self.snap.kb.id_span(e))),
        ))
    }

    /// Every occurrence of the id, in KB order.
    pub fn references(&self, declaration: bool) -> Answer {
        let locations: Vec<lsp::Location> = self
            .snap
            .occurrences(self.site)
            .filter(|s| declaration || s.kind != SiteKind::Definition)
            .filter_map(|s| self.location(s.span))
            .collect();
        Ok(json(locations))
    }

    /// The entity's summary: name, type and kind, dates as given and as inferred.
    pub fn hover(&self) -> Answer {
        let kb = &self.snap.kb;
        let text = kb.str(self.site.sym);
        let value = match self.snap.entity_of(self.site) {
            Some(entity) => summary(self.snap, entity),
            None => format!("no entity has the id `{}`", code(text)),
        };
        let file = kb.files().get(self.site.span.file);
        Ok(json(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value,
            }),
            range: Some(Positions::new(file, self.enc).range(self.site.span.range())),
        }))
    }

    /// The range a rename replaces: the id inside its quotes.
    pub fn prepare_rename(&self) -> Answer {
        if self.snap.entity_of(self.site).is_none() {
            return Err(Failure::failed(format!(
                "no entity has the id `{}`",
                self.snap.kb.str(self.site.sym)
            )));
        }
        let span = self.site.span;
        let inner = (span.start as usize + 1)..(span.end as usize).saturating_sub(1);
        let file = self.snap.kb.files().get(span.file);
        let range = Positions::new(file, self.enc).range(inner);
        Ok(json(lsp::PrepareRenameResponse::RangeWithPlaceholder {
            range,
            placeholder: self.snap.kb.str(self.site.sym).to_string(),
        }))
    }

    /// The edits of `annals rename OLD NEW`, across files, for the editor to apply.
    pub fn rename(&self, new: &str) -> Answer {
        let kb = &self.snap.kb;
        let old = kb.str(self.site.sym);
        let edits = crate::edit::rename_edits(kb, old, new).map_err(|err| match err {
            EditError::Refused { message, help } => {
                let mut text = message;
                for h in help {
                    text.push_str(&format!(" (help: {h})"));
                }
                Failure::failed(text)
            }
            other => Failure::failed(other.to_string()),
        })?;
        Ok(json(self.workspace_edit(edits)))
    }

    // `WorkspaceEdit` keys its map by `Uri`, whose parsed form caches; the key never changes.
    #[allow(clippy::mutable_key_type)]
    fn workspace_edit(
        &self,
        mut edits: Vec<(FileId, std::ops::Range<usize>, String)>,
    ) -> lsp::WorkspaceEdit {
        edits.sort_by_key(|(file, range, _)| (*file, range.start));
        let mut changes = std::collections::HashMap::<Uri, Vec<lsp::TextEdit>>::new();
        let mut converter: Option<(FileId, Positions)> = None;
        for (file, range, text) in edits {
            let Some(uri) = self.uris.get(file.0 as usize).cloned().flatten() else {
                continue;
            };
            if converter.as_ref().is_none_or(|(f, _)| *f != file) {
                let source = self.snap.kb.files().get(file);
                converter = Some((file, Positions::new(source, self.enc)));
            }
            if let Some((_, positions)) = converter.as_mut() {
                let range = positions.range(range);
                changes
                    .entry(uri)
                    .or_default()
                    .push(lsp::TextEdit::new(range, text));
            }
        }
        lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }
    }
}

/// Returns an entity's summary in Markdown.
fn summary(snap: &Snapshot, entity: Entity) -> String {
    let kb = &snap.kb;
    let fields = Fields::of(kb, entity);
    let ty = entity.ty().as_str();
    let mut out = format!(
        "**{}** — {ty} `{}`",
        escape(kb.label(entity)),
        code(kb.id_str(entity))
    );
    if let Some(kind) = fields.kind() {
        out.push_str(&format!(" ({})", escape(kind)));
    }
    out.push('\n');
    let date_line = |name: &str, date: &ShownDate| {
        let bounds = match (&date.start, &date.end) {
            (Some(a), Some(b)) if a == b => format!(" ({a})"),
            (a, b) => format!(
                " ({} … {})",
                a.as_deref().unwrap_or("open"),
                b.as_deref().unwrap_or("open")
            ),
        };
        format!("\n{name}: `{}`{bounds}  ", code(date.text))
    };
    match &fields {
        Fields::Actor(a) => {
            if let Some(born) = &a.born {
                out.push_str(&date_line("born", born));
            }
            if let Some(died) = &a.died {
                out.push_str(&date_line("died", died));
            }
        }
        Fields::Source(s) => {
            if let Some(date) = &s.date {
                out.push_str(&date_line("published", date));
            }
        }
        Fields::Event(e) => {
            match &e.date {
                Some(date) => out.push_str(&date_line("date", date)),
                None => out.push_str("\ndate: none given  "),
            }
            if let Entity::Event(i) = entity
                && let Some(inferred) = snap.analysis.bounds().get(i as usize)
            {
                let event = &kb.events()[i as usize];
                let shown = ShownBounds::new(event, inferred);
                out.push_str(&format!("\ngiven: {}  ", bounds(&shown.given)));
                let verdict = if shown.narrowed {
                    "narrowed by inference"
                } else {
                    "as given"
                };
                out.push_str(&format!(
                    "\ninferred: {} ({verdict})  ",
                    bounds(&shown.inferred)
                ));
            }
        }
        Fields::Place(_) => {}
    }
    if let Some(note) = fields.note() {
        out.push_str(&format!("\n\n{}", escape(note)));
    }
    let location = snap.kb.files().location(kb.id_span(entity));
    let relative = location
        .strip_prefix(&format!("{}/", kb.root().display()))
        .unwrap_or(&location);
    out.push_str(&format!("\n\ndefined in `{}`", code(relative)));
    out
}

/// Formats earliest and latest start and end.
fn bounds(b: &BoundsText) -> String {
    let side = |pair: &[Option<String>; 2]| {
        format!(
            "{} … {}",
            pair[0].as_deref().unwrap_or("?"),
            pair[1].as_deref().unwrap_or("?")
        )
    };
    format!("starts {}, ends {}", side(&b.start), side(&b.end))
}

/// Escapes text for Markdown, so that a title cannot format or link anything; control
/// and bidirectional characters are shown escaped and long text is cut, as on the
/// terminal.
fn escape(text: &str) -> String {
    let text = crate::diag::safe_cell(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#|~&".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Keeps text inside an inline code span.
fn code(text: &str) -> String {
    crate::diag::safe_cell(text).replace('`', "'")
}

/// Returns the outline of `file`: its entities and relations, in file order.
pub fn symbols(snap: &Snapshot, file: FileId, enc: Encoding) -> Vec<lsp::DocumentSymbol> {
    let kb = &snap.kb;
    let mut found: Vec<(Span, Span, String, String, lsp::SymbolKind)> = Vec::new();
    for entity in kb.entities() {
        let span = kb.record_span(entity);
        if span.file != file {
            continue;
        }
        let kind = match entity {
            Entity::Actor(_) => lsp::SymbolKind::CLASS,
            Entity::Place(_) => lsp::SymbolKind::NAMESPACE,
            Entity::Source(_) => lsp::SymbolKind::FILE,
            Entity::Event(_) => lsp::SymbolKind::EVENT,
        };
        let detail = format!("{} · {}", entity.ty().as_str(), kb.label(entity));
        found.push((
            span,
            kb.id_span(entity),
            kb.id_str(entity).to_string(),
            detail,
            kind,
        ));
    }
    for r in kb.relations().iter().filter(|r| r.span.file == file) {
        let name = format!(
            "{} {} {}",
            kb.str(r.from.node),
            kb.str(r.kind.node),
            kb.str(r.to.node)
        );
        found.push((
            r.span,
            r.kind.span,
            name,
            "relation".into(),
            lsp::SymbolKind::OPERATOR,
        ));
    }
    found.sort_by_key(|f| f.0.start);
    let source = kb.files().get(file);
    let (mut starts, mut ends, mut names) = (
        Positions::new(source, enc),
        Positions::new(source, enc),
        Positions::new(source, enc),
    );
    found
        .into_iter()
        .map(|(span, name_span, name, detail, kind)| {
            #[allow(deprecated)]
            lsp::DocumentSymbol {
                name,
                detail: Some(detail),
                kind,
                tags: None,
                deprecated: None,
                range: lsp::Range::new(starts.at(span.start as usize), ends.at(span.end as usize)),
                selection_range: lsp::Range::new(
                    names.at(name_span.start as usize),
                    names.at(name_span.end as usize),
                ),
                children: None,
            }
        })
        .collect()
}
