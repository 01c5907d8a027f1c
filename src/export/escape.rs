//! Escaping of KB text for the drawing formats: DOT quoted strings and XML text and
//! attributes. Every string from the KB passes through here before it is drawn.

/// Returns true for characters XML 1.0 cannot carry at all, even escaped.
fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Returns true for the bidirectional controls (embeddings, overrides, isolates and
/// marks) that reorder the text around them when displayed: KB text must not reverse
/// what a drawing or a terminal shows, so they are masked as U+FFFD.
pub fn bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
    )
}

/// Returns `text` as a quoted DOT string (`"…"`) that Graphviz shows as written.
///
/// Quotes and backslashes are escaped, line breaks become centred line breaks (`\n`),
/// other control characters become spaces, bidirectional controls become U+FFFD, and
/// `&` is written `&amp;` because Graphviz reads entity references in labels.
pub fn dot_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() || xml_forbidden(c) => out.push(' '),
            c if bidi_control(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Returns `text` escaped for XML character data and attribute values (either quote).
///
/// Characters XML cannot carry (most C0 controls, U+FFFE, U+FFFF) and bidirectional
/// controls become U+FFFD.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if xml_forbidden(c) || bidi_control(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Returns a CSV cell a spreadsheet shows as text: a cell that starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return (which Excel, LibreOffice and Google Sheets
/// would run as a formula, the OWASP "CSV injection" list) is prefixed with `'`.
pub fn spreadsheet_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_shown_as_text() {
        assert_eq!(
            spreadsheet_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        for lead in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_cell(lead), format!("'{lead}"));
        }
        assert_eq!(spreadsheet_cell("a=b"), "a=b");
        assert_eq!(spreadsheet_cell(""), "");
    }

    #[test]
    fn dot_strings_cannot_close_the_quote() {
        assert_eq!(
            dot_string(r#"a"]; b -> c [label=""#),
            r#""a\"]; b -> c [label=\"""#
        );
        assert_eq!(dot_string("back\\slash"), r#""back\\slash""#);
        assert_eq!(dot_string("two\r\nlines"), r#""two\nlines""#);
        assert_eq!(dot_string("Tom & Jerry <b>"), r#""Tom &amp; Jerry <b>""#);
        assert_eq!(dot_string("Алексей\u{7}"), "\"Алексей \"");
    }

    #[test]
    fn xml_text_cannot_open_a_tag() {
        assert_eq!(
            xml("<script>alert('1')</script>"),
            "&lt;script&gt;alert(&apos;1&apos;)&lt;/script&gt;"
        );
        assert_eq!(xml("a\"b\u{1}c\nd"), "a&quot;b\u{fffd}c d");
    }

    #[test]
    fn bidi_controls_are_masked() {
        for c in ('\u{202a}'..='\u{202e}')
            .chain('\u{2066}'..='\u{2069}')
            .chain(['\u{200e}', '\u{200f}'])
        {
            let text = format!("abc{c}def");
            assert_eq!(xml(&text), "abc\u{fffd}def", "{:04X}", c as u32);
            assert_eq!(dot_string(&text), "\"abc\u{fffd}def\"", "{:04X}", c as u32);
        }
        assert_eq!(xml("Київ"), "Київ");
    }
}
