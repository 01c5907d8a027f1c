//! Escaping of KB text for the drawing formats: DOT quoted strings and XML text and
//! attributes. Every string from the KB passes through here before it is drawn.
//!
//! Right-to-left text stays readable and cannot spoof: the bidirectional controls
//! that reorder text around them (embeddings, overrides and isolates written in the
//! KB) are dropped, the marks (LRM, RLM, ALM) are kept, and every run of right-to-left
//! text is isolated (FSI … PDI in text, `<bdi>` in HTML markup) so it cannot reorder
//! the words drawn around it.

/// Returns true for characters XML 1.0 cannot carry at all, even escaped.
fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Returns true for the bidirectional controls (embeddings, overrides, isolates and
/// marks) that reorder the text around them when displayed: KB text must not reverse
/// what a terminal shows, so diagnostics and tables show them escaped.
pub fn bidi_control(c: char) -> bool {
    spoofing_control(c) || bidi_mark(c)
}

/// Returns true for the bidirectional embeddings, overrides and isolates (LRE, RLE,
/// PDF, LRO, RLO, LRI, RLI, FSI, PDI): written in KB text they could make a drawing
/// show text in another order than written (`invoice \u{202e}gpj.exe`), so drawings
/// drop them.
pub fn spoofing_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Returns true for the bidirectional marks (LRM, RLM, ALM): invisible strong
/// characters a right-to-left text may legitimately need; they reorder nothing beyond
/// the neutral characters beside them, so drawings keep them.
fn bidi_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Returns true for a strong right-to-left character: Hebrew, Arabic, Syriac, Thaana,
/// NKo, Samaritan, Mandaic and their presentation forms, and the RLM and ALM marks.
fn strong_rtl(c: char) -> bool {
    matches!(
        c,
        '\u{0590}'..='\u{08ff}'
            | '\u{fb1d}'..='\u{fdff}'
            | '\u{fe70}'..='\u{feff}'
            | '\u{10800}'..='\u{10fff}'
            | '\u{1e800}'..='\u{1efff}'
            | '\u{200f}'
    ) && !matches!(c, '\u{0660}'..='\u{0669}' | '\u{06f0}'..='\u{06f9}' | '\u{feff}')
}

/// Returns true for a strong left-to-right character (a letter of another script).
fn strong_ltr(c: char) -> bool {
    c.is_alphabetic() && !strong_rtl(c) || c == '\u{200e}'
}

/// Returns the byte ranges of the right-to-left runs of `text`: from a strong
/// right-to-left character to the last one before the next left-to-right letter,
/// with the neutral characters (spaces, digits, punctuation) between them.
fn rtl_runs(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut current: Option<std::ops::Range<usize>> = None;
    for (i, c) in text.char_indices() {
        if strong_rtl(c) {
            let end = i + c.len_utf8();
            current = Some(current.map_or(i..end, |r| r.start..end));
        } else if strong_ltr(c)
            && let Some(run) = current.take()
        {
            runs.push(run);
        }
    }
    runs.extend(current);
    runs
}

/// Calls `push` with each piece of `text` and `open`/`close` around each right-to-left
/// run, dropping spoofing controls.
fn isolate_runs(
    text: &str,
    out: &mut String,
    open: &str,
    close: &str,
    push: &mut dyn FnMut(&mut String, &str),
) {
    let mut at = 0;
    for run in rtl_runs(text) {
        push(out, &text[at..run.start]);
        out.push_str(open);
        push(out, &text[run.clone()]);
        out.push_str(close);
        at = run.end;
    }
    push(out, &text[at..]);
}

/// First Strong Isolate: starts a run isolated from the text around it.
const FSI: &str = "\u{2068}";
/// Pop Directional Isolate: ends it.
const PDI: &str = "\u{2069}";

/// Returns `text` as a quoted DOT string (`"…"`) that Graphviz shows as written.
///
/// Quotes and backslashes are escaped, line breaks become centred line breaks (`\n`),
/// other control characters become spaces, spoofing bidirectional controls are dropped
/// and right-to-left runs isolated (FSI … PDI), and `&` is written `&amp;` because
/// Graphviz reads entity references in labels.
pub fn dot_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    isolate_runs(text, &mut out, FSI, PDI, &mut |out, piece| {
        let mut chars = piece.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '&' => out.push_str("&amp;"),
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' | '\r' => out.push_str("\\n"),
                c if c.is_control() || xml_forbidden(c) => out.push(' '),
                c if spoofing_control(c) => {}
                c => out.push(c),
            }
        }
    });
    out.push('"');
    out
}

/// Returns `text` escaped for XML character data and attribute values (either quote).
///
/// Characters XML cannot carry (most C0 controls, U+FFFE, U+FFFF) become U+FFFD;
/// spoofing bidirectional controls are dropped and right-to-left runs isolated
/// (FSI … PDI), which SVG and HTML text both honour.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    isolate_runs(text, &mut out, FSI, PDI, &mut escape_xml);
    out
}

/// Returns `text` escaped for HTML character data (not attributes), each right-to-left
/// run isolated in a `<bdi>` element.
pub fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    isolate_runs(text, &mut out, "<bdi>", "</bdi>", &mut escape_xml);
    out
}

/// Appends `text` escaped for XML; spoofing bidirectional controls are dropped.
fn escape_xml(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if xml_forbidden(c) => out.push('\u{fffd}'),
            c if spoofing_control(c) => {}
            c => out.push(c),
        }
    }
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
    fn spoofing_controls_are_dropped_and_rtl_runs_isolated() {
        for c in ('\u{202a}'..='\u{202e}').chain('\u{2066}'..='\u{2069}') {
            let text = format!("abc{c}def");
            assert_eq!(xml(&text), "abcdef", "{:04X}", c as u32);
            assert_eq!(dot_string(&text), "\"abcdef\"", "{:04X}", c as u32);
        }
        assert_eq!(xml("Київ"), "Київ");
        assert_eq!(xml("a\u{200e}b"), "a\u{200e}b");
        // An Arabic name beside English words: the run is isolated, the RLM kept.
        assert_eq!(
            xml("محمد علي\u{200f} (participant)"),
            "\u{2068}محمد علي\u{200f}\u{2069} (participant)"
        );
        assert_eq!(
            html_text("<b> שלום 12 עולם x"),
            "&lt;b&gt; <bdi>שלום 12 עולם</bdi> x"
        );
        assert_eq!(dot_string("قال \"لا\""), "\"\u{2068}قال \\\"لا\u{2069}\\\"\"");
        assert!(!xml("\u{202e}\u{627}").contains('\u{fffd}'));
    }
}
