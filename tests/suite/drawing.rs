//! The drawings: DOT accepted by the real Graphviz, SVG that parses back as XML,
//! hostile text that injects nothing, golden files, and the `dot`-missing message.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use proptest::prelude::*;
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::suite::test::Test;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/draw")
        .join(name)
}

fn annals(data: &Path, args: &[&str]) -> std::process::Output {
    crate::suite::common::annals()
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("annals runs")
}

fn stdout(data: &Path, args: &[&str]) -> String {
    Test::new().data(data).args(args).stdout_text()
}

/// Returns true when Graphviz `dot` can run; fails when CI requires it and it is missing.
fn have_dot() -> bool {
    let ok = Command::new("dot")
        .arg("-V")
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("ANNALS_REQUIRE_GRAPHVIZ").is_none_or(|v| v != "1"),
            "ANNALS_REQUIRE_GRAPHVIZ=1 but Graphviz `dot` is not installed"
        );
        eprintln!("notice: Graphviz `dot` not installed; skipping a test that needs it");
    }
    ok
}

/// Runs `dot -Tsvg` on `text`, returning the SVG or dot's complaint.
fn run_dot(text: &str) -> Result<String, String> {
    use std::io::Write;
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let input = text.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let _ = writer.join();
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Parses `svg` as XML and returns every text node and every element name with its
/// attribute names.
fn parse_svg(svg: &str) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let mut reader = Reader::from_str(svg);
    let mut texts = Vec::new();
    let mut elements = Vec::new();
    // Text and entity references arrive in pieces; one run of them is one text node.
    let mut current = String::new();
    loop {
        let event = reader.read_event();
        if !matches!(event, Ok(Event::Text(_) | Event::GeneralRef(_))) && !current.is_empty() {
            texts.push(std::mem::take(&mut current));
        }
        match event {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let attrs = e
                    .attributes()
                    .map(|a| {
                        String::from_utf8_lossy(a.expect("well-formed attribute").key.as_ref())
                            .into_owned()
                    })
                    .collect();
                elements.push((name, attrs));
            }
            Ok(Event::Text(t)) => current.push_str(&t.decode().expect("text")),
            Ok(Event::GeneralRef(r)) => {
                let name = String::from_utf8_lossy(&r).into_owned();
                let numeric = name
                    .strip_prefix("#x")
                    .map(|h| u32::from_str_radix(h, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse));
                let decoded = numeric
                    .and_then(Result::ok)
                    .and_then(char::from_u32)
                    .map(String::from);
                let c = match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => decoded.as_deref().unwrap_or("\u{fffd}"),
                };
                current.push_str(c);
            }
            Ok(_) => {}
            Err(e) => panic!("SVG does not parse at {}: {e}", reader.buffer_position()),
        }
    }
    (texts, elements)
}

/// The element names annals' own SVG uses; anything else was injected.
const OWN_ELEMENTS: &[&str] = &[
    "svg", "title", "defs", "pattern", "rect", "line", "marker", "path", "text", "g",
];
const OWN_ATTRIBUTES: &[&str] = &[
    "xmlns",
    "width",
    "height",
    "viewBox",
    "font-family",
    "id",
    "data-id",
    "data-lane",
    "patternUnits",
    "patternTransform",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "fill",
    "stroke",
    "stroke-width",
    "refX",
    "refY",
    "markerWidth",
    "markerHeight",
    "orient",
    "d",
    "font-size",
    "font-weight",
    "fill-opacity",
    "stroke-dasharray",
    "transform",
    "font-style",
    "marker-end",
    "text-anchor",
    "paint-order",
];

/// Pins the whole output of `annals --data FIXTURE args…` in `tests/golden/drawing/NAME.*`.
fn golden(fixture_name: &str, args: &[&str], name: &str) {
    Test::new()
        .data(fixture(fixture_name))
        .args(args)
        .golden(format!("drawing/{name}"))
        .run();
}

#[test]
fn dot_is_deterministic_and_golden() {
    for name in ["bce", "times", "hostile"] {
        let a = stdout(&fixture(name), &["export", "dot", "--title", name]);
        let b = stdout(&fixture(name), &["export", "dot", "--title", name]);
        assert_eq!(a, b, "{name}: DOT differs between runs");
        golden(
            name,
            &["export", "dot", "--title", name],
            &format!("{name}.dot"),
        );
    }
}

#[test]
fn timeline_svg_is_deterministic_and_golden() {
    for name in ["bce", "times", "hostile"] {
        let args = ["render", "--relations", "--title", name];
        let a = stdout(&fixture(name), &args);
        assert_eq!(
            a,
            stdout(&fixture(name), &args),
            "{name}: SVG differs between runs"
        );
        golden(name, &args, &format!("{name}.svg"));
    }
}

#[test]
fn dot_is_accepted_by_graphviz() {
    if !have_dot() {
        return;
    }
    for name in ["bce", "times", "hostile"] {
        let text = stdout(&fixture(name), &["export", "dot", "--sources"]);
        let svg = run_dot(&text).unwrap_or_else(|e| panic!("{name}: dot rejected the DOT: {e}"));
        parse_svg(&svg);
    }
    let text = stdout(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data")),
        &["export", "dot", "--sources"],
    );
    run_dot(&text).expect("dot accepts the bundled KB");
}

#[test]
fn hostile_text_injects_nothing_into_dot() {
    let text = stdout(&fixture("hostile"), &["export", "dot"]);
    // Every statement is one line; an injected `a -> b` would be a line of its own.
    assert!(
        !text
            .lines()
            .any(|l| l.trim_start().starts_with("a ->") || l.trim_start().starts_with("x ->"))
    );
    assert!(
        text.contains(r#"\"]; a -> b [label=\""#),
        "quotes are escaped"
    );
    assert!(
        text.contains(r"back\\slash \\N \\G and \\"),
        "backslashes are escaped"
    );
    if !have_dot() {
        return;
    }
    let svg = run_dot(&text).expect("dot accepts hostile labels");
    let (texts, _) = parse_svg(&svg);
    let all = texts.join("\n");
    for needle in [
        "<script>alert(1)</script>",
        "\"]; a -> b [label=\"",
        r"back\slash \N \G and \",
        "Київ & <Kyiv>",
    ] {
        assert!(
            all.contains(needle),
            "`{needle}` should come back intact from Graphviz"
        );
    }
    // Graphviz draws exactly the edge statements annals wrote: an edge statement is a
    // line `"id" -> "id"[…]`, and ids never contain quotes.
    let written = text
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            !l.contains("style=invis")
                && l.starts_with('"')
                && l[1..]
                    .find('"')
                    .is_some_and(|end| l[end + 2..].starts_with(" -> \""))
        })
        .count();
    assert_eq!(
        svg.matches("class=\"edge\"").count(),
        written,
        "Graphviz drew extra edges"
    );
}

#[test]
fn timeline_svg_parses_and_keeps_hostile_text_as_text() {
    let svg = stdout(
        &fixture("hostile"),
        &[
            "render",
            "--relations",
            "--title",
            "<b>\"hostile\" & 'title'</b>",
        ],
    );
    let (texts, elements) = parse_svg(&svg);
    for (name, attrs) in &elements {
        assert!(
            OWN_ELEMENTS.contains(&name.as_str()),
            "injected element <{name}>"
        );
        for attr in attrs {
            assert!(
                OWN_ATTRIBUTES.contains(&attr.as_str()),
                "injected attribute {attr} on <{name}>"
            );
        }
    }
    let all = texts.join("\n");
    assert!(
        all.contains("<b>\"hostile\" & 'title'</b>"),
        "the title appears as literal text"
    );
    assert!(all.contains("<script>alert(1)</script>"));
    assert!(all.contains("Алексей Навальный задержан"));
    assert!(
        !svg.chars().any(is_spoofing) && isolates_balanced(&svg),
        "a bidirectional control reached the SVG"
    );
    assert!(
        all.contains("invoice gpj.exe"),
        "spoofing bidi controls are dropped"
    );
}

/// Returns true for the bidirectional controls that reorder displayed text.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Returns true for the controls that could reorder a drawing: embeddings, overrides
/// and the isolates annals does not write itself (LRI, RLI).
fn is_spoofing(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}' | '\u{2067}')
}

/// Returns true when every FSI is closed by a PDI and no PDI closes nothing.
fn isolates_balanced(text: &str) -> bool {
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '\u{2068}' => depth += 1,
            '\u{2069}' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

#[test]
fn bidi_controls_reach_no_drawing_and_no_terminal() {
    let dot = stdout(&fixture("hostile"), &["export", "dot"]);
    assert!(
        !dot.chars().any(is_spoofing) && isolates_balanced(&dot),
        "a bidirectional control reached the DOT"
    );
    // The override is dropped: the name reads as written, never as `exe.jpg`.
    assert!(dot.contains("invoice gpj.exe"), "{dot}");
    assert!(!dot.contains('\u{fffd}'), "{dot}");
    let table = stdout(&fixture("hostile"), &["timeline"]);
    assert!(
        !table.chars().any(is_bidi),
        "a bidirectional control reached the terminal"
    );
    assert!(table.contains("\\u{202e}gpj.exe"), "{table}");
}

#[test]
fn right_to_left_text_stays_readable_in_every_drawing() {
    let kb = crate::suite::common::temp_kb(&[(
        "kb.ron",
        "Chronicle(
    actors: [Actor(id: \"ali\", name: \"محمد علي\u{200f}\")],
    sources: [Source(id: \"s\", title: \"S\")],
    events: [Event(id: \"said\", title: \"بيان\u{200f} (statement) \u{202e}gpj.exe\", date: \"2021-01-01\",
                   actors: [(\"ali\", participant)], sources: [\"s\"])],
)"
        .as_bytes(),
    )]);
    let mut outputs = vec![
        ("render", stdout(kb.path(), &["render"])),
        ("dot", stdout(kb.path(), &["export", "dot"])),
        ("timelinejs", stdout(kb.path(), &["export", "timelinejs"])),
        ("html", stdout(kb.path(), &["export", "html"])),
    ];
    if have_dot() {
        outputs.push(("svg", stdout(kb.path(), &["export", "svg"])));
    }
    for (name, text) in &outputs {
        // JSON writes the marks as they are; every output keeps the name whole.
        assert!(!text.contains('\u{fffd}'), "{name}: {text}");
        assert!(!text.chars().any(is_spoofing), "{name}: a spoofing control");
        assert!(isolates_balanced(text), "{name}: unbalanced isolates");
        assert!(
            text.contains("محمد علي\u{200f}") || text.contains("محمد علي\\u200f"),
            "{name}: {text}"
        );
        assert!(text.contains("gpj.exe"), "{name}");
    }
    let render = &outputs[0].1;
    assert!(
        render.contains("\u{2068}بيان\u{200f}\u{2069} (statement)"),
        "{render}"
    );
    let timelinejs = &outputs[2].1;
    assert!(
        timelinejs.contains("<bdi>بيان\u{200f}</bdi> (statement)"),
        "{timelinejs}"
    );
}

#[test]
fn every_timeline_svg_parses_with_its_title() {
    for (name, extra) in [("bce", "kind"), ("times", "actor")] {
        let svg = stdout(
            &fixture(name),
            &["render", "--lanes", extra, "--title", "Title here"],
        );
        let (texts, _) = parse_svg(&svg);
        assert!(texts.iter().any(|t| t == "Title here"));
    }
    let svg = stdout(&fixture("bce"), &["render"]);
    assert!(svg.contains("44 BCE"), "BCE years are labelled as such");
}

/// Returns the numbers of an attribute `name="…"` on every `<rect` of `svg`.
fn rect_attr(svg: &str, name: &str) -> Vec<f64> {
    svg.split("<rect ")
        .skip(1)
        .map(|r| {
            let tag = &r[..r.find('>').unwrap_or(r.len())];
            let start = tag
                .find(&format!(" {name}=\""))
                .or_else(|| tag.starts_with(&format!("{name}=\"")).then_some(0));
            start.map_or(0.0, |i| {
                let v = &tag[i..];
                let v = &v[v.find('"').unwrap() + 1..];
                v[..v.find('"').unwrap()].parse().unwrap_or(0.0)
            })
        })
        .collect()
}

#[test]
fn timeline_labels_stay_inside_the_picture() {
    let data = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"));
    for lanes in ["actor", "kind"] {
        let svg = stdout(data, &["render", "--lanes", lanes]);
        let xs = rect_attr(&svg, "x");
        let widths = rect_attr(&svg, "width");
        for (x, w) in xs.iter().zip(&widths) {
            assert!(x + w <= 1200.0 + 0.01, "{lanes}: a box from {x} {w} wide");
        }
    }
}

#[test]
fn export_svg_names_graphviz_when_dot_is_missing() {
    Test::new()
        .env("PATH", "/nonexistent")
        .data(fixture("bce"))
        .args(["export", "svg"])
        .stderr(
            "error[request]: Graphviz `dot` is not installed (or not on PATH)\n \
             = help: install Graphviz: `apt-get install graphviz` (Debian, Ubuntu), \
             `brew install graphviz` (macOS), or see https://graphviz.org/download/; \
             `annals render` draws a timeline without it\n\n",
        )
        .status(1)
        .run();
}

#[test]
fn export_svg_runs_graphviz() {
    if !have_dot() {
        return;
    }
    let svg = stdout(&fixture("bce"), &["export", "svg", "--title", "Rome"]);
    let (texts, _) = parse_svg(&svg);
    assert!(texts.iter().any(|t| t == "Rome"));
    assert!(!svg.contains("Generated by graphviz"));
}

#[test]
fn filters_apply_to_drawings() {
    let data = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"));
    let dot = stdout(
        data,
        &["export", "dot", "--around", "sentencing", "--depth", "1"],
    );
    assert!(dot.contains("\"sentencing\"[") && !dot.contains("\"poisoning\"["));
    let dot = stdout(data, &["export", "dot", "--status", "alleged"]);
    assert!(dot.contains("\"poisoning\"[") && !dot.contains("\"sentencing\"["));
    let out = annals(data, &["render", "--around", "nobody"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn dot_tells_inferred_from_uncertain_and_marks_undated() {
    let line = |dot: &str, id: &str| {
        dot.lines()
            .find(|l| l.trim_start().starts_with(&format!("\"{id}\"[")))
            .unwrap_or_else(|| panic!("{id} is drawn"))
            .to_string()
    };
    let dot = stdout(&fixture("bce"), &["export", "dot"]);
    assert!(line(&dot, "philippi").contains("filled,dotted"));
    assert!(!line(&dot, "rubicon").contains("style="));
    assert!(dot.contains("no date written: inferred") && dot.contains("uncertain written date"));
    let data = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"));
    let dot = stdout(data, &["export", "dot"]);
    assert!(line(&dot, "parole-period").contains("filled,dashed"));
    // Known only to start by a date, it is ranked at that latest start (SPEC §4's one
    // order), before the poisoning, not left outside the time order.
    assert!(!line(&dot, "house-arrest").contains("outside time order"));
    assert!(dot.contains("\"house-arrest\" -> \"poisoning\" [style=invis"));
}

#[test]
fn render_stacks_labels_in_time_order_and_draws_claims_hollow() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("kb.ron"),
        r#"Chronicle(
    actors: [Actor(id: "a", name: "Ann", kind: person), Actor(id: "b", name: "Bob", kind: person)],
    events: [
        Event(id: "z", title: "Zeta first", date: "2020-05-01", kind: event,
              actors: [("a", subject), ("b", perpetrator, Claim(status: refuted))]),
        Event(id: "y", title: "Alpha second", date: "2020-05-01", kind: event,
              actors: [("a", subject)]),
        Event(id: "m", title: "Month", date: "2020-06", kind: event,
              actors: [("b", subject, Claim(status: refuted))]),
    ],
    relations: [Relation(from: "z", kind: meets, to: "y")],
)
"#,
    )
    .expect("write the KB");
    let svg = stdout(dir.path(), &["render"]);
    let y_of = |title: &str| -> f64 {
        let at = svg.find(&format!(">{title}</text>")).expect(title);
        let tag = &svg[svg[..at].rfind("<text").unwrap()..at];
        let y = &tag[tag.find(" y=\"").unwrap() + 4..];
        y[..y.find('"').unwrap()].parse().unwrap()
    };
    assert!(y_of("Zeta first") < y_of("Alpha second"), "earliest on top");
    // The refuted participation in a month: a hollow grey diamond on a grey whisker
    // across the month, never a solid mark.
    assert!(
        svg.contains(r##"fill="#ffffff" stroke="#999999""##),
        "{svg}"
    );
    assert!(
        svg.contains(r##"stroke="#999999" stroke-width="1.5""##),
        "{svg}"
    );
}

#[test]
fn drawings_keep_actors_in_no_event_and_their_relations() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("kb.ron"),
        r#"Chronicle(
    actors: [
        Actor(id: "ann", name: "Ann", kind: person),
        Actor(id: "bob", name: "Bob", kind: person),
        Actor(id: "cy", name: "Cy", kind: person),
    ],
    events: [
        Event(id: "talk", title: "A talk", date: "2020-05-01", kind: event,
              actors: [("cy", subject)]),
    ],
    relations: [Relation(from: "ann", kind: spouse_of, to: "bob", status: alleged)],
)
"#,
    )
    .expect("write the KB");
    let dot = stdout(dir.path(), &["export", "dot"]);
    for id in ["ann", "bob", "cy", "talk"] {
        assert!(dot.contains(&format!("\"{id}\"[")), "{id} is drawn:\n{dot}");
    }
    assert!(dot.contains(r#""ann" -> "bob""#), "the relation is drawn");
    // A filter keeps the relation when both ends are drawn.
    let dot = stdout(dir.path(), &["export", "dot", "--around", "ann"]);
    assert!(dot.contains(r#""ann" -> "bob""#), "{dot}");
    assert!(!dot.contains("\"talk\"["), "{dot}");
    // `--depth 0` draws the entity itself.
    let dot = stdout(
        dir.path(),
        &["export", "dot", "--around", "ann", "--depth", "0"],
    );
    assert!(
        dot.contains("\"ann\"[") && !dot.contains("\"bob\"["),
        "{dot}"
    );
    let out = annals(dir.path(), &["export", "dot", "--around", "bbo"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `bob`?"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Random labels: `dot` accepts the DOT, and the text comes back intact.
    #[test]
    fn random_titles_survive_dot(title in "[ -~Жж€\\\\\"<>&\n]{1,40}") {
        if !have_dot() {
            return Ok(());
        }
        // A blank title is an error of its own (`empty-field`), not a drawing.
        prop_assume!(!title.trim().is_empty());
        let dir = tempfile::tempdir().expect("temp dir");
        let ron_title = title.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
        let text = format!(
            "Chronicle(events: [Event(id: \"e\", title: \"{ron_title}\", date: \"2021\", sources: [\"s\"])], sources: [Source(id: \"s\", title: \"S\")])\n"
        );
        std::fs::write(dir.path().join("kb.ron"), text).expect("write KB");
        let dot = stdout(dir.path(), &["export", "dot"]);
        let svg = run_dot(&dot).map_err(|e| TestCaseError::fail(format!("dot rejected: {e}\n{dot}")))?;
        let (texts, _) = parse_svg(&svg);
        let all = texts.join("\n");
        for word in title.split_whitespace() {
            prop_assert!(all.contains(word), "`{}` lost; texts: {:?}", word, texts);
        }
        let own = stdout(dir.path(), &["render"]);
        let (texts, _) = parse_svg(&own);
        let all = texts.join(" ");
        for word in title.split_whitespace().take(3) {
            prop_assert!(all.contains(word.trim_end_matches('…')), "timeline lost `{}`", word);
        }
    }
}

/// Returns every `(data-id, data-lane)` pair of a drawn timeline: each event mark with
/// the lane element it lies in.
fn marks_in_lanes(svg: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(svg);
    let mut stack: Vec<Option<(String, String)>> = Vec::new();
    let mut lane: Vec<String> = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("the SVG is well-formed XML") {
            Event::Start(e) if e.name().as_ref() == b"g" => {
                let attr = |name: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .map(|a| a.unescape_value().expect("an attribute value").into_owned())
                };
                let (id, key) = (attr(b"data-id"), attr(b"data-lane"));
                if let Some(key) = &key {
                    lane.push(key.clone());
                }
                if let Some(id) = id {
                    out.push((id, lane.last().cloned().unwrap_or_default()));
                }
                stack.push(key.map(|k| (k, String::new())));
            }
            Event::End(e) if e.name().as_ref() == b"g" => {
                if let Some(Some(_)) = stack.pop() {
                    lane.pop();
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn every_mark_carries_its_id_inside_the_lane_of_an_actor_it_involves() {
    for (data, lanes_of) in [("data", None), ("examples/kb/salisbury", Some("other"))] {
        let svg = crate::suite::test::Test::new()
            .args(["--data", data, "-q", "render"])
            .stdout_text();
        let json = crate::suite::test::Test::new()
            .args(["--data", data, "timeline", "--format", "json"])
            .stdout_text();
        let rows: serde_json::Value = serde_json::from_str(&json).expect("timeline JSON");
        let marks = marks_in_lanes(&svg);
        for row in rows.as_array().expect("a list") {
            let id = row["id"].as_str().expect("an id");
            let lanes: Vec<&String> = marks
                .iter()
                .filter(|(m, _)| m == id)
                .map(|(_, l)| l)
                .collect();
            assert!(
                !lanes.is_empty(),
                "{data}: `{id}` is drawn with its data-id"
            );
            // The actors an event involves: its participants and the actors related to
            // it by an `…_of` relation, as `show` lists its edges in.
            let shown = crate::suite::test::Test::new()
                .args(["--data", data, "show", id, "--format", "json"])
                .stdout_text();
            let shown: serde_json::Value = serde_json::from_str(&shown).expect("show JSON");
            let involved: Vec<&str> = shown["in"]
                .as_array()
                .expect("edges in")
                .iter()
                .filter(|e| e["type"] == "actor")
                .filter_map(|e| e["id"].as_str())
                .collect();
            for lane in lanes {
                assert!(
                    involved.contains(&lane.as_str()) || (lane == "other"),
                    "{data}: `{id}` drawn in the lane of `{lane}`, which it does not involve ({involved:?})"
                );
            }
        }
        if let Some(other) = lanes_of {
            assert!(
                marks.iter().any(|(_, l)| l == other),
                "{data}: actors past the lane limit share the `{other}` lane"
            );
        }
    }
}

/// Returns the number after ` name="` in an SVG tag.
fn attr_num(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let at = tag
        .find(&format!(" {key}"))
        .map(|i| i + 1)
        .or_else(|| tag.starts_with(&key).then_some(0))
        .unwrap_or_else(|| panic!("{name} in {tag}"));
    let v = &tag[at + key.len()..];
    v[..v.find('"').unwrap()].parse().unwrap()
}

#[test]
fn relation_arrows_never_cross_a_label() {
    let runs: [(&str, &[&str]); 4] = [
        ("data", &["render", "--relations"]),
        ("data", &["render", "--lanes", "kind", "--relations"]),
        ("examples/kb/salisbury", &["render", "--relations"]),
        ("tests/fixtures/draw/bce", &["render", "--relations"]),
    ];
    for (data, args) in runs {
        let svg = Test::new()
            .args(["--data", data, "-q"])
            .args(args)
            .stdout_text();
        parse_svg(&svg);
        // Label boxes are the translucent white boxes; arrows the paths with a head.
        let boxes: Vec<(f64, f64, f64, f64)> = svg
            .split("<rect ")
            .skip(1)
            .map(|r| &r[..r.find('>').unwrap()])
            .filter(|t| t.contains(r##"fill="#ffffff" fill-opacity="0.85""##))
            .map(|t| {
                let (x, y) = (attr_num(t, "x"), attr_num(t, "y"));
                (x, y, x + attr_num(t, "width"), y + attr_num(t, "height"))
            })
            .collect();
        assert!(!boxes.is_empty(), "{data}: labels found");
        let mut arrows = 0;
        for tag in svg
            .split("<path ")
            .skip(1)
            .map(|p| &p[..p.find('>').unwrap()])
        {
            if !tag.contains("marker-end") {
                continue;
            }
            arrows += 1;
            let d = &tag[tag.find("d=\"").unwrap() + 3..];
            let points: Vec<(f64, f64)> = d[..d.find('"').unwrap()]
                .split(['M', 'L', ' '])
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            for w in points.windows(2) {
                let (x0, x1) = (w[0].0.min(w[1].0), w[0].0.max(w[1].0));
                let (y0, y1) = (w[0].1.min(w[1].1), w[0].1.max(w[1].1));
                for b in &boxes {
                    assert!(
                        x1 <= b.0 || x0 >= b.2 || y1 <= b.1 || y0 >= b.3,
                        "{data} {args:?}: the arrow {d} crosses the label box {b:?}"
                    );
                }
            }
        }
        assert!(arrows > 0, "{data}: arrows are drawn");
    }
}

/// Returns the text of a KB with `actors` actors and one event per list in `events`
/// (the actors it involves, each with a role; an empty list for none), dated by its
/// index, and a relation `<role>_of` from one actor to one event per `related` pair.
fn lanes_kb(actors: usize, events: &[Vec<(usize, bool)>], related: &[(usize, usize)]) -> String {
    let mut out =
        String::from("Chronicle(\n  allow: [\"no-source\", \"unused-actor\"],\n  actors: [\n");
    for a in 0..actors {
        out.push_str(&format!(
            "    Actor(id: \"a{a}\", name: \"Actor {a}\", kind: person),\n"
        ));
    }
    out.push_str("  ],\n  events: [\n");
    for (e, involved) in events.iter().enumerate() {
        let parts: Vec<String> = involved
            .iter()
            .map(|&(a, claimed)| {
                let claim = if claimed {
                    ", Claim(status: alleged, by: [\"a0\"])"
                } else {
                    ""
                };
                format!("(\"a{a}\", participant{claim})")
            })
            .collect();
        out.push_str(&format!(
            "    Event(id: \"e{e}\", title: \"Event {e}\", date: \"20{:02}-0{}-1{}\", actors: [{}]),\n",
            10 + e % 12,
            1 + e % 9,
            e % 10,
            parts.join(", ")
        ));
    }
    out.push_str("  ],\n  relations: [\n");
    for &(a, e) in related {
        out.push_str(&format!(
            "    Relation(from: \"a{a}\", kind: perpetrator_of, to: \"e{e}\"),\n"
        ));
    }
    out.push_str("  ],\n)\n");
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// For random KBs with up to 40 actors, every drawn mark lies in the lane of an
    /// actor its event involves (a participant, or the `from` of an `…_of` relation),
    /// or in `other`; every event is drawn; the SVG parses back.
    #[test]
    fn every_mark_lies_in_the_lane_of_an_actor_it_involves(
        actors in 1usize..=40,
        events in prop::collection::vec(
            prop::collection::vec((0usize..40, any::<bool>()), 0..5), 1..30),
        related in prop::collection::vec((0usize..40, 0usize..30), 0..6),
    ) {
        let events: Vec<Vec<(usize, bool)>> = events
            .into_iter()
            .map(|list| {
                let mut seen = Vec::new();
                list.into_iter()
                    .map(|(a, c)| (a % actors, c))
                    .filter(|(a, _)| {
                        let new = !seen.contains(a);
                        seen.push(*a);
                        new
                    })
                    .collect()
            })
            .collect();
        let related: Vec<(usize, usize)> = related
            .into_iter()
            .map(|(a, e)| (a % actors, e % events.len()))
            .collect();
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::write(dir.path().join("kb.ron"), lanes_kb(actors, &events, &related))
            .expect("write the KB");
        let out = annals(dir.path(), &["-q", "render", "--include-claims"]);
        prop_assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let svg = String::from_utf8_lossy(&out.stdout).into_owned();
        parse_svg(&svg);
        let marks = marks_in_lanes(&svg);
        for (e, involved) in events.iter().enumerate() {
            let id = format!("e{e}");
            let lanes: Vec<&String> = marks.iter().filter(|(m, _)| *m == id).map(|(_, l)| l).collect();
            prop_assert!(!lanes.is_empty(), "`{}` is drawn", id);
            let mut actors_of: Vec<String> = involved.iter().map(|(a, _)| format!("a{a}")).collect();
            actors_of.extend(related.iter().filter(|r| r.1 == e).map(|r| format!("a{}", r.0)));
            for lane in lanes {
                prop_assert!(
                    lane == "other" || actors_of.contains(lane),
                    "`{}` drawn in the lane `{}`; it involves {:?}", id, lane, actors_of
                );
            }
        }
    }
}

/// Returns the text of the mark of `id` in the lane `lane`: its `<g data-id>` element.
fn mark_of<'a>(svg: &'a str, lane: &str, id: &str) -> &'a str {
    let lane_at = svg
        .find(&format!("<g data-lane=\"{lane}\">"))
        .unwrap_or_else(|| panic!("the lane `{lane}`"));
    let rest = &svg[lane_at..];
    let at = rest
        .find(&format!("<g data-id=\"{id}\">"))
        .unwrap_or_else(|| panic!("`{id}` in `{lane}`"));
    let mark = &rest[at..];
    &mark[..mark.find("</g>").expect("the mark ends")]
}

#[test]
fn day_dated_events_are_day_marks_and_inferred_windows_are_dotted() {
    let data = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"));
    let svg = stdout(data, &["render"]);
    // Dated to a day: a diamond (with a whisker), never a bar.
    let verdict = mark_of(&svg, "navalny", "sentencing");
    assert!(
        verdict.contains("<path") && !verdict.contains("<rect"),
        "{verdict}"
    );
    // No date written: a dotted window saying "sometime", never a filled span.
    let parole = mark_of(&svg, "navalny", "parole-period");
    assert!(parole.contains(r#"stroke-dasharray="1 3""#), "{parole}");
    assert!(
        !parole.contains("<rect") || parole.contains("fill-opacity"),
        "{parole}"
    );
    assert!(svg.contains("starts sometime between 1 January 2014 and 2 February 2021 (inferred)"));
    // A window asked for: the axis starts in it, and what reaches back past it is cut
    // with a fading end, not drawn as if it ended there.
    let svg = stdout(data, &["render", "--from", "2021-01-01"]);
    assert!(
        !svg.contains(">Jan 2014<") && !svg.contains(">2014<"),
        "{svg}"
    );
    let parole = mark_of(&svg, "navalny", "parole-period");
    assert!(
        parole.contains(r#"fill-opacity="0.6""#),
        "a fading end: {parole}"
    );
}

#[test]
fn every_drawing_parses_back_as_xml() {
    let runs: [(&str, &[&str]); 9] = [
        ("data", &["render"]),
        ("data", &["render", "--lanes", "kind", "--relations"]),
        (
            "data",
            &["render", "--from", "2021-01-01", "--width", "1000"],
        ),
        (
            "data",
            &[
                "render",
                "--around",
                "poisoning",
                "--depth",
                "1",
                "--width",
                "800",
            ],
        ),
        ("examples/kb/salisbury", &["render", "--relations"]),
        ("examples/kb/salisbury", &["render", "--lanes", "kind"]),
        ("tests/fixtures/draw/bce", &["render"]),
        ("tests/fixtures/draw/times", &["render", "--relations"]),
        (
            "tests/fixtures/draw/hostile",
            &["render", "--lanes", "kind", "--relations"],
        ),
    ];
    for (data, args) in runs {
        let svg = Test::new()
            .args(["--data", data, "-q"])
            .args(args)
            .stdout_text();
        let (texts, elements) = parse_svg(&svg);
        assert!(
            elements.first().is_some_and(|(name, _)| name == "svg") && !texts.is_empty(),
            "{data} {args:?}: an SVG picture"
        );
    }
}

/// Writes a KB of `dates` events on distinct days (and a second event on some days),
/// with 8 actors taking part across the whole span, places and causes between them.
fn many_dates(dates: usize) -> tempfile::TempDir {
    let mut events = Vec::new();
    let mut relations = Vec::new();
    for k in 0..dates {
        // 2000-01-01 plus 13 days a step, written as year, month and day.
        let day = 10_957 + 13 * k as i64;
        let (y, m, d) = annals::date::civil_from_days(day);
        let date = format!("{y:04}-{m:02}-{d:02}");
        let (a, b) = (k * 5 % 8, k * 3 % 7);
        events.push(format!(
            "Event(id: \"e{k:03}\", title: \"Event {k}\", date: \"{date}\", \
             actors: [(\"a{a}\", participant), (\"a{b}\", witness)], place: \"p{}\", sources: [\"s\"])",
            k % 3
        ));
        if k % 7 == 0 {
            events.push(format!(
                "Event(id: \"same{k:03}\", title: \"Same day {k}\", date: \"{date}\", \
                 actors: [(\"a{b}\", subject)], sources: [\"s\"])"
            ));
        }
        if k % 4 == 0 && k + 3 < dates {
            relations.push(format!(
                "Relation(from: \"e{k:03}\", kind: causes, to: \"e{:03}\")",
                k + 3
            ));
        }
    }
    let actors: Vec<String> = (0..8)
        .map(|i| format!("Actor(id: \"a{i}\", name: \"Actor {i}\")"))
        .collect();
    let text = format!(
        "Chronicle(\n actors: [{}],\n places: [Place(id: \"p0\", name: \"P0\"), \
         Place(id: \"p1\", name: \"P1\"), Place(id: \"p2\", name: \"P2\")],\n \
         sources: [Source(id: \"s\", title: \"S\")],\n events: [{}],\n relations: [{}],\n)\n",
        actors.join(", "),
        events.join(",\n  "),
        relations.join(",\n  ")
    );
    crate::suite::common::temp_kb(&[("kb.ron", text.as_bytes())])
}

/// Runs `dot -Tplain` on `text`: every node's name and centre.
fn plain_positions(text: &str) -> std::collections::BTreeMap<String, (f64, f64)> {
    use std::io::Write;
    let mut child = Command::new("dot")
        .arg("-Tplain")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("dot runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = text.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("dot finishes");
    let _ = writer.join();
    assert!(out.status.success(), "dot failed");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let mut words = line.split(' ');
            (words.next()? == "node").then_some(())?;
            let name = words.next()?.trim_matches('"').to_string();
            let x = words.next()?.parse().ok()?;
            let y = words.next()?.parse().ok()?;
            Some((name, (x, y)))
        })
        .collect()
}

#[test]
fn dot_keeps_sixty_dates_in_time_order() {
    if !have_dot() {
        return;
    }
    let kb = many_dates(60);
    let dot = stdout(kb.path(), &["export", "dot"]);
    // rankdir=LR: time runs along x.
    assert!(dot.contains("rankdir=LR"));
    let positions = plain_positions(&dot);
    let x = |id: &str| {
        positions
            .get(id)
            .unwrap_or_else(|| panic!("{id} is laid out"))
            .0
    };
    for k in 1..60 {
        let (before, after) = (format!("e{:03}", k - 1), format!("e{k:03}"));
        assert!(
            x(&before) < x(&after),
            "{before} at {} is not left of {after} at {}",
            x(&before),
            x(&after)
        );
        if k % 7 == 0 {
            // Events of one day share a rank.
            assert_eq!(x(&after), x(&format!("same{k:03}")));
        }
    }
}
