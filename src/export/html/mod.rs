//! The interactive page of `export html` (and of `annals serve`): one self-contained
//! HTML file holding annals' own drawing of the timeline ([`crate::export::timeline`]),
//! the events as JSON ([`data`]), and a small script (`page.js`) and stylesheet
//! (`page.css`) that add zoom and pan, filters, search and a detail panel per event.
//!
//! The page loads nothing from the network. KB text reaches it two ways only: escaped
//! XML in the drawing and the header, and JSON inside a `<script type="application/json">`
//! element with `<`, `>`, `&`, U+2028 and U+2029 escaped, which the script shows with
//! `textContent` alone. The page is well-formed XML as well as HTML.

pub mod data;

use crate::analysis::Analysis;
use crate::export::Selection;
use crate::export::escape::spoofing_control;
use crate::export::timeline::{Lanes, TimelineOptions, render};
use crate::kb::Kb;

/// The page's stylesheet.
const CSS: &str = include_str!("page.css");
/// The page's script: vanilla JavaScript, no library.
const JS: &str = include_str!("page.js");

/// The page's Content-Security-Policy: nothing from the network, no connections; only
/// the page's own inline style and script run. A server that adds a script of its own
/// (live reload) replaces this text in the page to allow its connections.
pub const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/// The width of the embedded drawing, in pixels (a news column's).
pub const DRAWING_WIDTH: f64 = 1200.0;

/// How to make the page.
#[derive(Clone, Debug)]
pub struct PageOptions {
    /// The page's title, also the title of the timeline drawn in it (the summary is
    /// written once, in the page's header).
    pub title: String,
}

impl Default for PageOptions {
    fn default() -> PageOptions {
        PageOptions {
            title: "Timeline".to_string(),
        }
    }
}

/// Returns the interactive page of `selection`: a complete HTML document, deterministic
/// for the same input, that works offline from a `file://` URL.
///
/// `analysis` supplies the graph and the bounds of every event; `selection` what to show
/// (as [`crate::export::select`] makes it, without sources). `annals serve` calls this
/// on every change and serves the string as it is.
pub fn page(kb: &Kb, analysis: &Analysis, selection: &Selection, options: &PageOptions) -> String {
    let bounds = analysis.bounds();
    let lookup = |i: u32| bounds[i as usize];
    // The page's header carries the KB's summary; the drawing keeps its title (it is
    // a figure that can be saved on its own) but not the summary a second time.
    let drawing = TimelineOptions {
        title: options.title.clone(),
        summary: None,
        lanes: Lanes::Actor,
        relations: false,
        width: DRAWING_WIDTH,
        window: (None, None),
    };
    let (svg, _) = render(kb, analysis.graph(), selection, &lookup, &drawing);
    let svg = svg
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .unwrap_or(&svg);
    let data = data::page_data(kb, analysis.graph(), selection, bounds);
    let mut value = serde_json::to_value(&data).unwrap_or_default();
    clean(&mut value);
    let json = script_json(&value.to_string());
    let title = text(&options.title);
    let summary = kb.summary().map_or_else(String::new, |s| {
        format!("<p class=\"summary\"><bdi>{}</bdi></p>\n", text(s))
    });
    let count = selection.events.len();
    let noun = if count == 1 { "event" } else { "events" };
    format!(
        "<!DOCTYPE html>
<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">
<head>
<meta charset=\"utf-8\"/>
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>
<meta name=\"generator\" content=\"annals\"/>
<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"/>
<title>{title}</title>
<style>
{CSS}</style>
</head>
<body>
<header class=\"masthead\">
<h1><bdi>{title}</bdi></h1>
{summary}</header>
<div class=\"controls\" role=\"search\" aria-label=\"Filter the events\" hidden=\"hidden\">
<label class=\"search\"><span>Search</span><input id=\"search\" type=\"search\" autocomplete=\"off\" placeholder=\"Words in titles, names, notes…\"/></label>
<label><span>Actor</span><select id=\"filter-actor\"><option value=\"\">All actors</option></select></label>
<label><span>Kind</span><select id=\"filter-kind\"><option value=\"\">All kinds</option></select></label>
<label><span>Tag</span><select id=\"filter-tag\"><option value=\"\">All tags</option></select></label>
<label><span>Claim status</span><select id=\"filter-status\"><option value=\"\">Any status</option></select></label>
<button type=\"button\" id=\"reset\">Clear</button>
<p id=\"count\" class=\"count\" aria-live=\"polite\">{count} {noun}</p>
</div>
<figure class=\"drawing\">
<div class=\"zoom\" role=\"toolbar\" aria-label=\"Zoom\" hidden=\"hidden\">
<button type=\"button\" id=\"zoom-out\" aria-label=\"Zoom out\">−</button>
<output id=\"zoom-level\">100%</output>
<button type=\"button\" id=\"zoom-in\" aria-label=\"Zoom in\">+</button>
<button type=\"button\" id=\"zoom-fit\">Fit</button>
<span class=\"hint\">Drag to pan · Ctrl + wheel to zoom</span>
</div>
<div id=\"viewport\" class=\"viewport\" tabindex=\"0\" aria-label=\"The drawn timeline; arrow keys scroll, + and − zoom\">
{svg}</div>
</figure>
<main class=\"browse\" hidden=\"hidden\">
<section class=\"list\" aria-label=\"Events\">
<h2>Events</h2>
<ol id=\"events\" class=\"events\"></ol>
<p id=\"empty\" class=\"empty\" hidden=\"hidden\">No event matches.</p>
</section>
<aside id=\"details\" class=\"details\" aria-live=\"polite\" tabindex=\"-1\">
<p class=\"placeholder\">Choose an event in the drawing or the list to read its dates, actors, claims and sources.</p>
</aside>
</main>
<footer class=\"colophon\"><p>{count} {noun} · made with annals</p></footer>
<script type=\"application/json\" id=\"annals-data\">{json}</script>
<script>//<![CDATA[
{JS}//]]></script>
</body>
</html>
"
    )
}

/// Returns JSON text safe inside a `<script>` element of HTML and of XML: `<`, `>` and
/// `&` (which could close the element or start markup) and U+2028, U+2029 (line ends
/// to old JavaScript) are written as `\u` escapes, which JSON reads back unchanged.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Replaces, in every string of `value`, what a page cannot show as text: control
/// characters become U+FFFD (a tab a space; `\r\n` and `\r` a line break, which notes
/// keep). Bidirectional embeddings, overrides and isolates written in KB text are
/// dropped (they could show text in another order than written); the marks stay, and
/// the page isolates every text.
fn clean(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s)
            if s.chars()
                .any(|c| (c.is_control() && c != '\n') || spoofing_control(c)) =>
        {
            *s = s
                .replace("\r\n", "\n")
                .chars()
                .filter(|&c| !spoofing_control(c))
                .map(|c| match c {
                    '\n' => '\n',
                    '\r' => '\n',
                    '\t' => ' ',
                    c if c.is_control() => '\u{fffd}',
                    c => c,
                })
                .collect();
        }
        Value::Array(items) => items.iter_mut().for_each(clean),
        Value::Object(map) => map.values_mut().for_each(clean),
        _ => {}
    }
}

/// Returns KB text escaped for the page's markup (XML and HTML alike): markup
/// characters as entities, line breaks as spaces, characters XML cannot carry as
/// U+FFFD, bidirectional embeddings, overrides and isolates dropped (the page
/// isolates each text in `<bdi>`).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if spoofing_control(c) => {}
            c if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_its_script_element() {
        let json = serde_json::to_string("</script><!-- & \u{2028}\u{2029} -->").expect("json");
        let safe = script_json(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert!(!safe.contains('\u{2028}') && !safe.contains('\u{2029}'));
        let back: String = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, "</script><!-- & \u{2028}\u{2029} -->");
    }

    #[test]
    fn control_characters_are_replaced_in_the_data() {
        let mut value = serde_json::json!({"a": ["x\u{1b}[31m\r\ny\tz\u{0}", "\u{200f}ok"]});
        clean(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"a": ["x\u{fffd}[31m\ny z\u{fffd}", "\u{200f}ok"]})
        );
    }

    #[test]
    fn markup_text_is_escaped_and_keeps_bidi_marks() {
        assert_eq!(
            text("<b>\"a\" & 'b'\nc\u{1b}\u{200f}"),
            "&lt;b&gt;&quot;a&quot; &amp; &#39;b&#39; c\u{fffd}\u{200f}"
        );
    }
}
