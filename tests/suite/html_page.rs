//! The page of `export html` driven in real Chromium (`tests/browser/page.mjs`, with
//! puppeteer-core): search narrows the events, the actor filter keeps what `--actor`
//! keeps, an event opens its details (by click and by Enter) with its claims and
//! sources, nothing is loaded from the network, no console error, print shows only the
//! drawing; hostile text stays text. Skips with a note when node, Chromium or
//! `node_modules` are missing, unless `ANNALS_REQUIRE_BROWSER=1`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::common::repo;
use super::test::Test;

/// What to do on one page.
struct Case {
    /// The KB directory.
    data: &'static str,
    /// Words typed in the search box.
    search: &'static str,
    /// An actor chosen in the actor filter.
    actor: &'static str,
    /// An event whose details are opened.
    event: &'static str,
}

const CASES: &[Case] = &[
    Case {
        data: "data",
        search: "protest",
        actor: "yulia-navalnaya",
        event: "poisoning",
    },
    Case {
        data: "examples/kb/salisbury",
        search: "novichok",
        actor: "petrov",
        event: "door-handle",
    },
    Case {
        data: "tests/fixtures/draw/hostile-page",
        search: "القاهرة",
        actor: "ministry",
        event: "inject",
    },
];

/// Returns the Chromium to drive, or `None` (with a printed note) when node, Chromium
/// or puppeteer-core is missing; fails instead when `ANNALS_REQUIRE_BROWSER=1`.
fn browser() -> Option<PathBuf> {
    let chromium =
        std::env::var_os("CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), PathBuf::from);
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let module = repo()
        .join("node_modules/puppeteer-core/package.json")
        .is_file();
    let missing: Vec<&str> = [
        (!node).then_some("node"),
        (!chromium.is_file()).then_some("chromium"),
        (!module).then_some("node_modules/puppeteer-core (run `npm ci`)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return Some(chromium);
    }
    assert!(
        std::env::var_os("ANNALS_REQUIRE_BROWSER").is_none_or(|v| v != "1"),
        "ANNALS_REQUIRE_BROWSER=1 but {} missing",
        missing.join(", ")
    );
    eprintln!(
        "notice: {} missing; skipping the browser tests of the HTML page",
        missing.join(", ")
    );
    None
}

/// Exports the page of `data` into `dir` and drives it; returns what the browser saw.
fn drive(chromium: &Path, dir: &Path, case: &Case) -> Value {
    let page = dir.join("page.html");
    let page_arg = page.to_str().expect("a UTF-8 path");
    Test::new()
        .data(case.data)
        .args(["export", "html", "-o", page_arg])
        .run();
    let options = serde_json::json!({
        "search": case.search, "actor": case.actor, "event": case.event,
    });
    let out = Command::new("node")
        .arg(repo().join("tests/browser/page.mjs"))
        .arg(&page)
        .arg(options.to_string())
        .env("CHROMIUM", chromium)
        .current_dir(repo())
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "page.mjs failed on {}:\n{}",
        case.data,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("page.mjs prints JSON")
}

/// Returns the JSON `annals` prints for `args` on `data`.
fn json(data: &str, args: &[&str]) -> Value {
    let text = Test::new().data(data).args(args).stdout_text();
    serde_json::from_str(&text).expect("JSON")
}

/// Returns the ids of a list of visible events the page reported.
fn ids(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("an id").to_string())
        .collect()
}

/// Returns the ids of the events `timeline` lists with `args`.
fn timeline_ids(data: &str, args: &[&str]) -> Vec<String> {
    let mut all = vec!["timeline", "--format", "json"];
    all.extend_from_slice(args);
    json(data, &all)
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| row["id"].as_str().expect("id").to_string())
        .collect()
}

/// Checks what holds on every page; returns the failures.
fn check(case: &Case, seen: &Value) -> Vec<String> {
    let mut failures = Vec::new();
    let mut expect = |ok: bool, what: String| {
        if !ok {
            failures.push(format!("{}: {what}", case.data));
        }
    };
    let url = seen["url"].as_str().expect("url");
    expect(
        seen["errors"] == serde_json::json!([]),
        format!("console errors {}", seen["errors"]),
    );
    expect(
        seen["dialogs"] == serde_json::json!([]),
        format!("dialogs {}", seen["dialogs"]),
    );
    expect(
        seen["requests"] == serde_json::json!([url]),
        format!("requests other than the page: {}", seen["requests"]),
    );
    expect(
        seen["scripts"] == 2,
        format!("{} script elements", seen["scripts"]),
    );
    // Every event, in the timeline's order; every one drawn.
    let all = timeline_ids(case.data, &[]);
    let initial = ids(&seen["initial"]["events"]);
    expect(
        initial == all,
        format!("listed {initial:?}, timeline {all:?}"),
    );
    let mut drawn = ids(&seen["initial"]["marks"]);
    drawn.sort();
    let mut sorted = all.clone();
    sorted.sort();
    expect(drawn == sorted, format!("marks {drawn:?}"));
    // Search narrows the list and the drawing alike; Clear brings every event back.
    let found = ids(&seen["search"]["events"]);
    let mut found_marks = ids(&seen["search"]["marks"]);
    found_marks.sort();
    let mut found_sorted = found.clone();
    found_sorted.sort();
    expect(
        !found.is_empty() && found.len() < all.len(),
        format!(
            "search {:?} left {} of {}",
            case.search,
            found.len(),
            all.len()
        ),
    );
    expect(
        found_marks == found_sorted,
        format!("search marks {found_marks:?}"),
    );
    expect(
        ids(&seen["afterReset"]["events"]) == all,
        "clear restores".into(),
    );
    // The actor filter keeps exactly what `--actor` keeps.
    let actor = ids(&seen["actor"]["events"]);
    let wanted = timeline_ids(case.data, &["--actor", case.actor]);
    expect(
        actor == wanted,
        format!("actor filter {actor:?}, --actor {wanted:?}"),
    );
    // Print shows the drawing alone, whole, undimmed.
    let print = &seen["print"];
    expect(
        print["controls"] == false && print["zoom"] == false && print["list"] == false,
        format!("print shows controls: {print}"),
    );
    expect(
        print["drawing"] == true && print["fits"] == true && print["dimmed"] == false,
        format!("print drawing: {print}"),
    );
    expect(
        seen["zoom"]["wider"] == true,
        format!("zoom {}", seen["zoom"]),
    );
    failures.extend(check_details(case, seen));
    if !all.is_empty() {
        failures.extend(check_tabbed(case, seen, &all));
    }
    failures
}

/// Checks that Tab reaches the drawing and then a mark, that the focus is drawn, and
/// that Enter opens that event's details.
fn check_tabbed(case: &Case, seen: &Value, all: &[String]) -> Vec<String> {
    let mut failures = Vec::new();
    let mut expect = |ok: bool, what: String| {
        if !ok {
            failures.push(format!("{} (Tab): {what}", case.data));
        }
    };
    let tabbed = &seen["tabbed"];
    expect(
        tabbed["viewport"] == "viewport",
        format!("Tab went to {}", tabbed["viewport"]),
    );
    let id = tabbed["id"].as_str().unwrap_or_default();
    expect(all.iter().any(|a| a == id), format!("Tab reached {tabbed}"));
    expect(
        tabbed["stroke"] == "rgb(26, 95, 180)",
        format!("focus not drawn: {}", tabbed["stroke"]),
    );
    let export = json(case.data, &["export", "json"]);
    let title = export["events"]
        .as_array()
        .and_then(|events| events.iter().find(|e| e["id"] == id))
        .map(|e| e["title"].clone());
    expect(
        title.is_some_and(|t| tabbed["panel"]["title"] == t),
        format!("Enter on {id} showed {}", tabbed["panel"]["title"]),
    );
    failures
}

/// Returns KB text as the page shows it on one line: runs of white space as one space,
/// other control characters as U+FFFD.
fn shown(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// Checks the details of `case.event`, opened by click, by Enter on its list entry and
/// by Enter on its mark: its title, actors by name, sources by title with their links,
/// and every position on its relations, as `export json` gives them.
fn check_details(case: &Case, seen: &Value) -> Vec<String> {
    let mut failures = Vec::new();
    let export = json(case.data, &["export", "json"]);
    let event = export["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["id"] == case.event)
        .expect("the event is exported");
    let title = event["title"].as_str().expect("title");
    let actor_name = |id: &str| {
        export["actors"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["id"] == id))
            .and_then(|a| a["name"].as_str())
            .map(shown)
            .expect("an actor of the event")
    };
    let mut words: Vec<String> = event["actors"]
        .as_array()
        .expect("actors")
        .iter()
        .map(|a| actor_name(a["id"].as_str().expect("id")))
        .collect();
    for relation in export["relations"].as_array().expect("relations") {
        if (relation["from"] == case.event || relation["to"] == case.event)
            && let Some(positions) = relation["positions"].as_str()
        {
            words.push(shown(positions));
        }
    }
    let mut links = Vec::new();
    for id in event["sources"].as_array().expect("sources") {
        let source = export["sources"]
            .as_array()
            .and_then(|s| s.iter().find(|x| x["id"] == *id))
            .expect("a cited source");
        words.push(shown(source["title"].as_str().expect("title")));
        if let Some(url) = source["url"].as_str().filter(|u| u.starts_with("https://")) {
            links.push(url.to_string());
        }
    }
    for how in ["clicked", "entered", "markEntered"] {
        let panel = &seen[how];
        let mut expect = |ok: bool, what: String| {
            if !ok {
                failures.push(format!("{} {} ({how}): {what}", case.data, case.event));
            }
        };
        expect(panel["title"] == title, format!("title {}", panel["title"]));
        let text = panel["text"].as_str().unwrap_or_default();
        for word in &words {
            expect(
                text.contains(word.as_str()),
                format!("no {word:?} in\n{text}"),
            );
        }
        let hrefs: Vec<&str> = panel["links"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l["href"].as_str())
            .collect();
        for link in &links {
            expect(
                hrefs.contains(&link.as_str()),
                format!("no link {link} in {hrefs:?}"),
            );
        }
        expect(
            !hrefs
                .iter()
                .any(|h| h.to_ascii_lowercase().starts_with("javascript:")),
            format!("a javascript: link {hrefs:?}"),
        );
        expect(
            !text.contains(['\u{1b}', '\u{0}']),
            "control characters shown".into(),
        );
    }
    failures
}

#[test]
fn the_page_works_in_a_real_browser() {
    let Some(chromium) = browser() else {
        return;
    };
    let mut failures = Vec::new();
    for case in CASES {
        let dir = tempfile::tempdir().expect("temporary directory");
        let seen = drive(&chromium, dir.path(), case);
        failures.extend(check(case, &seen));
        if case.data.ends_with("hostile-page") {
            failures.extend(check_hostile(&seen));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Hostile text is shown as written, as text, and right-to-left names are isolated.
fn check_hostile(seen: &Value) -> Vec<String> {
    let mut failures = Vec::new();
    let panel = &seen["clicked"];
    if panel["title"] != "</script><script>alert(2)</script><!-- \u{2028}" {
        failures.push(format!("hostile title shown as {}", panel["title"]));
    }
    let bdi: Vec<&str> = seen["bdi"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for text in [
        "وزارة الخارجية\u{200f}",
        "Hostile </script><script>alert(\"title\")</script> & co",
    ] {
        if !bdi.contains(&text) {
            failures.push(format!("{text:?} is not isolated in <bdi>: {bdi:?}"));
        }
    }
    let text = panel["text"].as_str().unwrap_or_default();
    for shown in [
        "javascript:alert(1)",
        "<img src=x onerror=alert(1)>",
        "Line one\nLine two",
    ] {
        if !text.contains(shown) {
            failures.push(format!("{shown:?} not shown as text in\n{text}"));
        }
    }
    failures
}

#[test]
fn the_page_is_one_well_formed_file_with_escaped_data() {
    let html = Test::new()
        .data("tests/fixtures/draw/hostile-page")
        .args(["export", "html"])
        .stdout_text();
    let body = html.strip_prefix("<!DOCTYPE html>\n").expect("doctype");
    let mut reader = quick_xml::Reader::from_str(body);
    let mut scripts = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == b"script" => {
                scripts += 1;
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(err) => panic!("the page is not well formed: {err}"),
        }
    }
    assert_eq!(scripts, 2);
    // Nothing from the network: no external reference at all.
    for pattern in ["src=\"http", "href=\"http", "@import", "url("] {
        assert!(!html.contains(pattern), "{pattern} in the page");
    }
    let start = html.find("id=\"annals-data\">").expect("data element") + 17;
    let end = start + html[start..].find("</script>").expect("end of data");
    let data: Value = serde_json::from_str(&html[start..end]).expect("the data is JSON");
    assert_eq!(
        data["events"][0]["title"],
        "</script><script>alert(2)</script><!-- \u{2028}"
    );
    assert!(!html[start..end].contains(['<', '>', '&', '\u{2028}', '\u{2029}']));
}
