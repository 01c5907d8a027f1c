//! Quick fixes: every "did you mean" of a diagnostic, and the EDTF form of a date
//! written in words, as an edit of the offending token.

use lsp_types as lsp;
use lsp_types::Uri;

use super::diagnostics::{convert, in_range};
use super::snapshot::Snapshot;
use super::text::{Encoding, Positions, file_offset};
use crate::diag::Diagnostic;
use crate::source::FileId;

/// Returns the fix a diagnostic's help offers: the text that replaces its span.
pub fn fix(diag: &Diagnostic, written: &str) -> Option<String> {
    diag.help.iter().find_map(|help| {
        let suggestion = help
            .strip_prefix("did you mean `")
            .and_then(|rest| rest.strip_suffix("`?"))
            .or_else(|| {
                (diag.code == "invalid-date")
                    .then(|| help.strip_prefix("write `")?.strip_suffix('`'))
                    .flatten()
            })?;
        // An id is written quoted; a term, a field or a date inside its quotes is bare.
        let quoted = written.len() >= 2 && written.starts_with('"') && written.ends_with('"');
        Some(if quoted {
            crate::edit::format::string(suggestion)
        } else {
            suggestion.to_string()
        })
    })
}

/// Returns the quick fixes for the diagnostics of `file` that touch `range`.
// `WorkspaceEdit` keys its map by `Uri`, whose parsed form caches; the key never changes.
#[allow(clippy::mutable_key_type)]
pub fn code_actions(
    snap: &Snapshot,
    file: FileId,
    range: lsp::Range,
    enc: Encoding,
    uris: &[Option<Uri>],
) -> Vec<lsp::CodeActionOrCommand> {
    let source = snap.kb.files().get(file);
    let Some(uri) = uris.get(file.0 as usize).cloned().flatten() else {
        return Vec::new();
    };
    let bytes = file_offset(source, range.start, enc)..file_offset(source, range.end, enc);
    let mut out = Vec::new();
    for (diag, span) in in_range(snap, file, bytes) {
        let Some(written) = source.text.get(span.range()) else {
            continue;
        };
        let Some(replacement) = fix(diag, written) else {
            continue;
        };
        let edit_range = Positions::new(source, enc).range(span.range());
        let shown = replacement.trim_matches('"');
        let edit = lsp::TextEdit::new(edit_range, replacement.clone());
        let changes = std::iter::once((uri.clone(), vec![edit])).collect();
        out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title: format!("Replace with `{shown}`"),
            kind: Some(lsp::CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![convert(snap, diag, edit_range, enc, uris)]),
            edit: Some(lsp::WorkspaceEdit {
                changes: Some(changes),
                ..Default::default()
            }),
            is_preferred: Some(true),
            ..Default::default()
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_come_from_did_you_mean_and_dates_in_words() {
        let id = Diagnostic::error("dangling-reference", "x").help("did you mean `navalny`?");
        assert_eq!(fix(&id, "\"navalni\"").as_deref(), Some("\"navalny\""));
        let term = Diagnostic::error("unknown-term", "x").help("did you mean `arrest`?");
        assert_eq!(fix(&term, "arest").as_deref(), Some("arrest"));
        let date = Diagnostic::error("invalid-date", "x").help("write `2021-01-17`");
        assert_eq!(fix(&date, "17 January 2021").as_deref(), Some("2021-01-17"));
        let other = Diagnostic::error("syntax", "x").help("write `,`");
        assert_eq!(fix(&other, "x"), None);
    }
}
