//! Writing RON text the way the file around it is written: string escaping, record
//! layout (one line or one field per line), indentation and line endings.

/// How a file writes its lines and nesting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Style {
    /// `\n` or `\r\n`.
    pub newline: &'static str,
    /// One level of indentation (four spaces, two spaces, a tab…).
    pub unit: String,
}

impl Style {
    /// Detects the style of `text`; a new file gets `\n` and four spaces.
    pub fn detect(text: &str) -> Style {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let unit = text
            .lines()
            .filter_map(|line| {
                let indent: String = line
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .collect();
                (!indent.is_empty() && indent.len() < line.trim_end().len()).then_some(indent)
            })
            .min_by_key(String::len)
            .unwrap_or_else(|| "    ".to_string());
        Style { newline, unit }
    }
}

/// Returns `text` as a RON string literal.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Returns a list of string literals: `["a", "b"]`.
pub fn string_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| string(s)).collect();
    format!("[{}]", items.join(", "))
}

/// Returns the indentation of the line holding byte `at`.
pub fn indent_at(text: &str, at: usize) -> String {
    let start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// Returns true when only whitespace stands between the start of its line and `at`.
pub fn starts_line(text: &str, at: usize) -> bool {
    let start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    text[start..at].chars().all(|c| c == ' ' || c == '\t')
}

/// Writes a record `Name(field: value, …)` on one line, or with one field per line
/// indented one level deeper than `indent` when `multiline`.
pub fn record(
    name: &str,
    fields: &[(&str, String)],
    multiline: bool,
    indent: &str,
    style: &Style,
) -> String {
    if !multiline {
        let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        return format!("{name}({})", parts.join(", "));
    }
    let mut out = format!("{name}({}", style.newline);
    for (k, v) in fields {
        out.push_str(&format!("{indent}{}{k}: {v},{}", style.unit, style.newline));
    }
    out.push_str(indent);
    out.push(')');
    out
}

/// How the records of a list are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `Name(a: 1, b: 2)` on one line.
    OneLine,
    /// `Name(` then one field per line, then `)`.
    FieldPerLine,
    /// Fields fill lines up to a width; continuation lines align under the first field.
    Continued,
}

impl Layout {
    /// Detects the layout of an existing record's text.
    pub fn of(record: &str) -> Layout {
        match record.split_once('\n') {
            None => Layout::OneLine,
            Some((first, _)) if first.contains(':') => Layout::Continued,
            Some(_) => Layout::FieldPerLine,
        }
    }
}

/// The width continued records fill their lines to.
const FILL_WIDTH: usize = 88;

/// Writes a record in `layout`; `indent` is the indentation of its first line.
pub fn record_in(
    layout: Layout,
    name: &str,
    fields: &[(&str, String)],
    indent: &str,
    style: &Style,
) -> String {
    match layout {
        Layout::OneLine => record(name, fields, false, indent, style),
        Layout::FieldPerLine => record(name, fields, true, indent, style),
        Layout::Continued => {
            let align = " ".repeat(indent.chars().count() + name.chars().count() + 1);
            let mut out = format!("{name}(");
            let mut column = indent.chars().count() + name.chars().count() + 1;
            for (i, (k, v)) in fields.iter().enumerate() {
                let part = format!("{k}: {v}");
                let width = part.chars().count() + 2;
                if i > 0 {
                    if column + width > FILL_WIDTH {
                        out.push(',');
                        out.push_str(style.newline);
                        out.push_str(&align);
                        column = align.len();
                    } else {
                        out.push_str(", ");
                        column += 2;
                    }
                }
                out.push_str(&part);
                column += part.chars().count();
            }
            out.push(')');
            out
        }
    }
}

/// Returns true when `term` can be written as a bare vocabulary term.
pub fn is_term(term: &str) -> bool {
    let mut chars = term.chars();
    matches!(chars.next(), Some('a'..='z' | '_'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(string("a \"b\" \\ c\nd"), r#""a \"b\" \\ c\nd""#);
        assert_eq!(string("Навальный"), "\"Навальный\"");
        assert_eq!(string("\u{1b}[31m"), "\"\\u{1b}[31m\"");
    }

    #[test]
    fn detects_crlf_and_two_space_indentation() {
        let style = Style::detect("Chronicle(\r\n  events: [\r\n    Event(),\r\n  ],\r\n)\r\n");
        assert_eq!(style.newline, "\r\n");
        assert_eq!(style.unit, "  ");
    }
}
