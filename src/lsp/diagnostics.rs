//! `check`'s diagnostics as the protocol carries them: by file, with ranges, the
//! stable code, help and notes in the message, and secondary labels as related
//! locations.

use std::collections::BTreeMap;

use lsp_types as lsp;
use lsp_types::Uri;

use super::snapshot::Snapshot;
use super::text::{Encoding, Positions};
use crate::diag::{Diagnostic, Severity};
use crate::source::{FileId, Span};

/// Returns the diagnostics of every file that has some; a diagnostic about the whole
/// KB (no position) goes at the start of its first file.
pub fn by_file(
    snap: &Snapshot,
    enc: Encoding,
    uris: &[Option<Uri>],
) -> BTreeMap<FileId, Vec<lsp::Diagnostic>> {
    let mut grouped: BTreeMap<FileId, Vec<(Span, &Diagnostic)>> = BTreeMap::new();
    if snap.kb.files().is_empty() {
        return BTreeMap::new();
    }
    for diag in &snap.diags {
        let span = diag.span.unwrap_or(Span::new(FileId(0), 0, 0));
        grouped.entry(span.file).or_default().push((span, diag));
    }
    grouped
        .into_iter()
        .map(|(file, mut diags)| {
            diags.sort_by_key(|(span, _)| span.start);
            let source = snap.kb.files().get(file);
            let mut starts = Positions::new(source, enc);
            let mut ends = Positions::new(source, enc);
            let converted = diags
                .into_iter()
                .map(|(span, diag)| {
                    let range = lsp::Range::new(
                        starts.at(span.start as usize),
                        ends.at(span.end.max(span.start) as usize),
                    );
                    convert(snap, diag, range, enc, uris)
                })
                .collect();
            (file, converted)
        })
        .collect()
}

/// Returns the diagnostics of `file` whose range touches `range`, with their ranges.
pub fn in_range(
    snap: &Snapshot,
    file: FileId,
    range: std::ops::Range<usize>,
) -> impl Iterator<Item = (&Diagnostic, Span)> {
    snap.diags.iter().filter_map(move |d| {
        let span = d.span?;
        (span.file == file && span.start as usize <= range.end && range.start <= span.end as usize)
            .then_some((d, span))
    })
}

/// Converts one diagnostic whose primary range is known.
pub fn convert(
    snap: &Snapshot,
    diag: &Diagnostic,
    range: lsp::Range,
    enc: Encoding,
    uris: &[Option<Uri>],
) -> lsp::Diagnostic {
    // KB text in a message is escaped as on the terminal: an editor shows it too.
    let diag = &diag.safe();
    let mut message = diag.message.clone();
    if let Some(label) = diag.label.as_deref().filter(|l| !l.is_empty()) {
        message.push_str(&format!("\n{label}"));
    }
    for help in &diag.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    for note in &diag.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = diag
        .labels
        .iter()
        .filter_map(|label| {
            let uri = uris.get(label.span.file.0 as usize)?.clone()?;
            let file = snap.kb.files().get(label.span.file);
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location::new(
                    uri,
                    Positions::new(file, enc).range(label.span.range()),
                ),
                message: label.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range,
        severity: Some(match diag.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        }),
        code: Some(lsp::NumberOrString::String(diag.code.to_string())),
        source: Some("annals".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}
