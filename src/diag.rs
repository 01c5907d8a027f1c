//! Diagnostics: problems found in user data, as values with exact spans, rendered for
//! humans (rustc style) or as one JSON object per line.

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{self as csfiles, Files};
use codespan_reporting::term::{self, termcolor};
use serde_json::json;

use crate::source::{FileId, SourceMap, Span};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Fails `check` and every command that loads the KB.
    Error,
    /// Reported, but fails only under `--deny warnings`.
    Warning,
}

impl Severity {
    /// Returns the lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A secondary location that explains a diagnostic.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One problem in user data.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable code naming the kind of problem (`dangling-reference`).
    pub code: &'static str,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// The offending token, when the problem lies in a file.
    pub span: Option<Span>,
    /// Text under the caret of the primary span.
    pub label: Option<String>,
    /// Other places that explain the problem.
    pub labels: Vec<Label>,
    /// Likely fixes.
    pub help: Vec<String>,
    /// Further facts.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// Returns an error with a code and message.
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    /// Returns a warning with a code and message.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            span: None,
            label: None,
            labels: Vec::new(),
            help: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Points the diagnostic at a span.
    pub fn at(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }

    /// Sets the text shown under the primary caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary location.
    pub fn also(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a `help:` line.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help.push(help.into());
        self
    }

    /// Adds a `help:` line when there is one.
    pub fn maybe_help(self, help: Option<String>) -> Diagnostic {
        match help {
            Some(help) => self.help(help),
            None => self,
        }
    }

    /// Adds a `note:` line.
    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Returns true for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Returns the diagnostic with every text made safe to print (see [`safe_text`]):
    /// the one place where KB text quoted in a message is escaped and shortened.
    pub fn safe(&self) -> Diagnostic {
        let all = |texts: &[String]| texts.iter().map(|t| safe_text(t)).collect();
        Diagnostic {
            message: safe_text(&self.message),
            label: self.label.as_deref().map(safe_text),
            labels: self
                .labels
                .iter()
                .map(|l| Label {
                    span: l.span,
                    message: safe_text(&l.message),
                })
                .collect(),
            help: all(&self.help),
            notes: all(&self.notes),
            ..self.clone()
        }
    }

    fn to_codespan(&self) -> cs::Diagnostic<FileId> {
        let severity = match self.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let mut labels = Vec::new();
        if let Some(span) = self.span {
            labels.push(
                cs::Label::primary(span.file, span.range())
                    .with_message(self.label.clone().unwrap_or_default()),
            );
        }
        for label in &self.labels {
            labels.push(
                cs::Label::secondary(label.span.file, label.span.range())
                    .with_message(label.message.clone()),
            );
        }
        let notes = self
            .help
            .iter()
            .map(|h| format!("help: {h}"))
            .chain(self.notes.iter().map(|n| format!("note: {n}")))
            .collect();
        cs::Diagnostic::new(severity)
            .with_code(self.code)
            .with_message(self.message.clone())
            .with_labels(labels)
            .with_notes(notes)
    }

    /// Returns the diagnostic as one JSON object.
    pub fn to_json(&self, sources: &SourceMap) -> serde_json::Value {
        let position = self.span.map(|span| {
            let file = sources.get(span.file);
            let (line, column) = file.line_col(span.start as usize);
            let (end_line, end_column) = file.line_col(span.end as usize);
            json!({
                "file": file.path.display().to_string(),
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "byte_start": span.start,
                "byte_end": span.end,
            })
        });
        let labels: Vec<_> = self
            .labels
            .iter()
            .map(|l| {
                json!({
                    "location": sources.location(l.span),
                    "message": l.message,
                })
            })
            .collect();
        let mut object = json!({
            "severity": self.severity.as_str(),
            "code": self.code,
            "message": self.message,
            "help": self.help,
            "notes": self.notes,
            "labels": labels,
        });
        if let (Some(map), Some(serde_json::Value::Object(position))) =
            (object.as_object_mut(), position)
        {
            map.extend(position);
        }
        object
    }
}

/// How diagnostics are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageFormat {
    /// rustc-style text with the source line and a caret.
    Human,
    /// One JSON object per line.
    Json,
}

/// Writes diagnostics to `out`, sorted by file and position, in the given format.
pub fn emit(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    format: MessageFormat,
    color: bool,
) -> io::Result<()> {
    let mut sorted: Vec<Diagnostic> = diagnostics.iter().map(Diagnostic::safe).collect();
    sorted.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
    match format {
        MessageFormat::Json => {
            for diagnostic in sorted {
                let mut json = diagnostic.to_json(sources);
                if let Some(file) = json.get_mut("file")
                    && let Some(name) = file.as_str()
                {
                    *file = serde_json::Value::String(safe_text(name));
                }
                writeln!(out, "{json}")?;
            }
        }
        MessageFormat::Human => {
            let config = term::Config::default();
            let files = Codespan(sources);
            let styles = term::Styles::default();
            let mut buffer = if color {
                termcolor::Buffer::ansi()
            } else {
                termcolor::Buffer::no_color()
            };
            for diagnostic in sorted {
                let shown = without_huge_lines(&diagnostic, sources);
                let mut writer = term::StylesWriter::new(&mut buffer, &styles);
                term::emit_to_write_style(&mut writer, &config, &files, &shown.to_codespan())
                    .map_err(io::Error::other)?;
            }
            out.write_all(buffer.as_slice())?;
        }
    }
    Ok(())
}

/// The most characters of one value quoted in backticks (an id, a path) that a message
/// shows; the rest is cut at an ellipsis, so a 5 MB id cannot flood the terminal.
pub const MAX_QUOTED: usize = 120;

/// The most characters of one message, help or note line.
pub const MAX_MESSAGE: usize = 2000;

/// Returns `text` safe to print on a terminal (SPEC §6): control characters, line
/// breaks included, and bidirectional controls are shown escaped (`\u{1b}`), so KB
/// text can neither move the cursor nor reorder the line; each value quoted in
/// backticks is cut after [`MAX_QUOTED`] characters and the whole after
/// [`MAX_MESSAGE`], each with an ellipsis.
pub fn safe_text(text: &str) -> String {
    escaped(text, true)
}

/// Like [`safe_text`] for a table cell, where backticks are not quotes: only the cap of
/// [`MAX_MESSAGE`] characters applies.
pub fn safe_cell(text: &str) -> String {
    escaped(text, false)
}

fn escaped(text: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_MESSAGE + 8));
    let (mut total, mut quoted, mut inside, mut cut) = (0, 0, false, false);
    for c in text.chars() {
        if c == '`' && quotes {
            inside = !inside;
            quoted = 0;
            cut = false;
        } else if inside && cut {
            continue;
        }
        let shown = if c.is_control() || crate::export::escape::bidi_control(c) {
            format!("\\u{{{:x}}}", c as u32)
        } else {
            c.to_string()
        };
        let width = shown.chars().count();
        if total + width > MAX_MESSAGE {
            out.push('…');
            break;
        }
        if inside && !(quotes && c == '`') {
            if quoted + width > MAX_QUOTED {
                out.push('…');
                total += 1;
                cut = true;
                continue;
            }
            quoted += width;
        }
        out.push_str(&shown);
        total += width;
    }
    out
}

/// Lines longer than this are not shown under a caret (a minified file would flood the
/// terminal); the diagnostic says where the problem is instead.
const MAX_SHOWN_LINE: usize = 1000;

/// Returns the diagnostic, with its source snippets dropped when one of their lines is
/// too long to show, and their positions given as notes instead.
fn without_huge_lines(diagnostic: &Diagnostic, sources: &SourceMap) -> Diagnostic {
    let huge = |span: Span| {
        let file = sources.get(span.file);
        let line = file.line_index(span.start as usize);
        file.line_range(line)
            .is_some_and(|r| r.len() > MAX_SHOWN_LINE)
    };
    let spans = diagnostic
        .span
        .iter()
        .chain(diagnostic.labels.iter().map(|l| &l.span));
    if !spans.into_iter().any(|s| huge(*s)) {
        return diagnostic.clone();
    }
    let mut shown = diagnostic.clone();
    if let Some(span) = shown.span.take() {
        shown.notes.insert(
            0,
            format!(
                "at {} (the line is too long to show)",
                sources.location(span)
            ),
        );
    }
    for label in std::mem::take(&mut shown.labels) {
        shown.notes.push(format!(
            "{}: {}",
            sources.location(label.span),
            label.message
        ));
    }
    shown
}

/// Adapts a [`SourceMap`] to codespan-reporting.
struct Codespan<'a>(&'a SourceMap);

impl<'a> Files<'a> for Codespan<'a> {
    type FileId = FileId;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<String, csfiles::Error> {
        Ok(safe_text(&self.0.get(id).path.display().to_string()))
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, csfiles::Error> {
        Ok(self.0.get(id).display_text())
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, csfiles::Error> {
        Ok(self.0.get(id).line_index(byte_index))
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, csfiles::Error> {
        let file = self.0.get(id);
        match file.line_range(line_index) {
            Some(range) => Ok(range),
            // codespan asks for the line after the last one when a span ends the file.
            None => Ok(file.text.len()..file.text.len()),
        }
    }
}

/// Returns the closest candidate to `word` when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(word, candidate);
        let better = match best {
            Some((s, c)) => score > s || (score == s && candidate < c),
            None => true,
        };
        if better {
            best = Some((score, candidate));
        }
    }
    best.filter(|&(score, _)| score >= 0.8).map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_shown_escaped() {
        assert_eq!(
            safe_text("no entity has the id `ok\u{1b}[2Jx`"),
            "no entity has the id `ok\\u{1b}[2Jx`"
        );
        assert_eq!(
            safe_text("`p\u{7}\u{1b}]0;pwned\u{7}` and `a\u{202e}b`\nnext"),
            "`p\\u{7}\\u{1b}]0;pwned\\u{7}` and `a\\u{202e}b`\\u{a}next"
        );
        assert_eq!(safe_text("Навальный `عربي`"), "Навальный `عربي`");
    }

    #[test]
    fn long_quoted_values_and_messages_are_cut_with_an_ellipsis() {
        let id = "x".repeat(5_000_000);
        let shown = safe_text(&format!("`{id}` is defined twice; see `{id}`"));
        let cut = format!("`{}…`", "x".repeat(MAX_QUOTED));
        assert_eq!(shown, format!("{cut} is defined twice; see {cut}"));
        let escapes = "\u{1b}".repeat(100_000);
        assert!(safe_text(&format!("`{escapes}`")).chars().count() <= MAX_QUOTED + 3);
        let long = "word ".repeat(100_000);
        let shown = safe_text(&long);
        assert_eq!(shown.chars().count(), MAX_MESSAGE + 1);
        assert!(shown.ends_with('…'));
    }
}
