//! Text from other tools made fit for a KB: HTML reduced to plain text, and names
//! turned into ids.

/// Returns the plain text of an HTML fragment: tags dropped (paragraphs and line
/// breaks become line breaks), entities decoded, runs of spaces collapsed.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(['<', '&']) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        if tail.starts_with('<') {
            let Some(end) = tail.find('>') else {
                out.push_str(tail);
                rest = "";
                break;
            };
            let tag = tail[1..end].trim_start_matches('/').to_ascii_lowercase();
            let name = tag.split([' ', '/']).next().unwrap_or("");
            if matches!(name, "p" | "br" | "div" | "li") && !out.is_empty() {
                out.push('\n');
            }
            rest = &tail[end + 1..];
        } else {
            let (decoded, used) = entity(tail);
            out.push_str(&decoded);
            rest = &tail[used..];
        }
    }
    out.push_str(rest);
    tidy(&out)
}

/// Decodes the entity at the start of `text`; returns it and the bytes it used (a
/// lone `&` stands for itself).
fn entity(text: &str) -> (String, usize) {
    let Some(end) = text[..text.len().min(12)].find(';') else {
        return ("&".into(), 1);
    };
    let name = &text[1..end];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    };
    match decoded {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".into(), 1),
    }
}

/// Collapses spaces within lines and drops empty lines.
fn tidy(text: &str) -> String {
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The longest id a name is turned into.
const MAX_SLUG: usize = 60;

/// Returns an id made from `text`: lowercase ASCII letters and digits, other runs of
/// characters as one `-`; `fallback` when nothing is left.
pub fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || (matches!(c, '.' | '_') && !out.is_empty()) {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= MAX_SLUG {
            break;
        }
    }
    let out = out.trim_end_matches(['-', '.', '_']).to_string();
    if out.is_empty() {
        fallback.to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_to_text("<p>Caesar &amp; Brutus</p><p>&quot;Et tu?&quot;&#33;</p>"),
            "Caesar & Brutus\n\"Et tu?\"!"
        );
        assert_eq!(html_to_text("a < b & c"), "a < b & c");
        assert_eq!(
            html_to_text("<b>bold</b>  text<br/>next"),
            "bold text\nnext"
        );
    }

    #[test]
    fn names_become_ids() {
        assert_eq!(
            slug("Assassination of Julius Caesar", "e"),
            "assassination-of-julius-caesar"
        );
        assert_eq!(slug("Ньют", "event"), "event");
        assert_eq!(slug("  ISR1234 ", "e"), "isr1234");
        assert_eq!(
            slug("Police Forces of Kenya (2022-)", "e"),
            "police-forces-of-kenya-2022"
        );
    }
}
