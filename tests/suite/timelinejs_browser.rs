//! `export timelinejs` read by the real TimelineJS 3 (npm `@knight-lab/timelinejs`) in
//! headless Chromium, driven by `tests/browser/timelinejs.mjs` (puppeteer-core): every
//! event a slide, in annals' order, BCE years shown as TimelineJS shows them, hostile
//! text shown as text, no error and no network request.
//!
//! Needs `node`, Chromium (`/usr/bin/chromium`, or `ANNALS_CHROMIUM`) and `npm ci`'s
//! `node_modules/`; skips with a note when one is missing, unless
//! `ANNALS_REQUIRE_BROWSER=1` (CI), which makes a missing one a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::suite::common::{annals, repo};

/// The browser that runs the pages.
fn chromium() -> PathBuf {
    std::env::var_os("ANNALS_CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), PathBuf::from)
}

/// Returns true when node, Chromium and the npm packages are there; fails when CI
/// requires them and one is missing.
fn have_browser() -> bool {
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let modules = repo().join("node_modules");
    let missing: Vec<&str> = [
        (!node).then_some("node"),
        (!chromium().is_file()).then_some("chromium"),
        (!modules
            .join("@knight-lab/timelinejs/dist/js/timeline.js")
            .is_file())
        .then_some("node_modules/@knight-lab/timelinejs (npm ci)"),
        (!modules.join("puppeteer-core/package.json").is_file())
            .then_some("node_modules/puppeteer-core (npm ci)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("ANNALS_REQUIRE_BROWSER").is_none_or(|v| v != "1"),
        "ANNALS_REQUIRE_BROWSER=1 but missing: {}",
        missing.join(", ")
    );
    eprintln!(
        "notice: {} missing; skipping the TimelineJS browser test",
        missing.join(", ")
    );
    false
}

/// Exports the KB at `data` as TimelineJS into `dir`, returning the file.
fn export(data: &str, dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(format!("{name}.json"));
    let status = annals()
        .args(["-q", "--data", data, "export", "timelinejs", "-o"])
        .arg(&out)
        .output()
        .expect("annals runs");
    assert!(
        status.status.success(),
        "export of {data} failed: {status:?}"
    );
    out
}

/// Runs the page script on `files`, returning what each page showed.
fn read_in_browser(files: &[PathBuf]) -> Vec<Value> {
    let out = Command::new("node")
        .arg(repo().join("tests/browser/timelinejs.mjs"))
        .args(files)
        .env("ANNALS_CHROMIUM", chromium())
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "the browser script failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    match serde_json::from_slice(&out.stdout) {
        Ok(Value::Array(pages)) => pages,
        other => panic!("the browser script printed no JSON array: {other:?}"),
    }
}

/// Returns the ids and titles of `annals timeline --format json` on `data`, in order.
fn timeline(data: &str) -> Vec<(String, String)> {
    let out = annals()
        .args(["--data", data, "timeline", "--format", "json"])
        .output()
        .expect("annals runs");
    let rows: Value = serde_json::from_slice(&out.stdout).expect("timeline JSON");
    rows.as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            let field = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            (field("id"), field("title"))
        })
        .collect()
}

/// Returns a title as a page shows it: line breaks as spaces, control characters
/// (which HTML cannot carry) as U+FFFD, trimmed.
fn shown(title: &str) -> String {
    title
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Returns the text of an HTML fragment TimelineJS wrote (`44 <span>BCE</span>`).
fn without_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn timelinejs_shows_every_event_in_order_in_the_real_timelinejs() {
    if !have_browser() {
        return;
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let kbs = [
        ("data", "navalny"),
        ("examples/kb/salisbury", "salisbury"),
        ("tests/fixtures/valid/bce", "bce"),
        ("tests/fixtures/valid/hostile", "hostile"),
        ("tests/fixtures/draw/publish", "publish"),
    ];
    let files: Vec<PathBuf> = kbs.iter().map(|(d, n)| export(d, dir.path(), n)).collect();
    let pages = read_in_browser(&files);
    assert_eq!(pages.len(), kbs.len());
    for ((data, name), (page, file)) in kbs.iter().zip(pages.iter().zip(&files)) {
        let exported: Value =
            serde_json::from_str(&std::fs::read_to_string(file).expect("export")).expect("JSON");
        let events = exported["events"].as_array().expect("events").len();
        let slides = page["slides"].as_array().expect("slides");
        // One slide per event, and the title slide first.
        assert_eq!(slides.len(), events + 1, "{name}: {page}");
        let placed: Vec<(String, String)> = timeline(data)
            .into_iter()
            .filter(|(id, _)| slides.iter().any(|s| s["id"] == id.as_str()))
            .collect();
        assert_eq!(placed.len(), events, "{name}: an exported event is missing");
        let seen: Vec<(String, String)> = slides[1..]
            .iter()
            .map(|s| {
                let field = |k: &str| s[k].as_str().unwrap_or_default().to_string();
                (field("id"), field("headline"))
            })
            .collect();
        let expected: Vec<(String, String)> = placed
            .into_iter()
            .map(|(id, title)| (id, shown(&title)))
            .collect();
        assert_eq!(
            seen, expected,
            "{name}: slides differ from `annals timeline`"
        );
        for key in [
            "console_errors",
            "page_errors",
            "window_errors",
            "network",
            "injected",
        ] {
            assert_eq!(strings(&page[key]), Vec::<String>::new(), "{name}: {key}");
        }
    }
    let (bce, hostile, publish) = (&pages[2], &pages[3], &pages[4]);
    let slide = |page: &Value, id: &str| {
        page["slides"]
            .as_array()
            .expect("slides")
            .iter()
            .find(|s| s["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no slide `{id}`"))
    };
    // 44 BCE, EDTF -0043, in our words on the slide and in TimelineJS's own.
    assert_eq!(slide(bce, "ides")["date"], "15 March 44 BCE");
    let own: Vec<(String, String)> = bce["own_dates"]
        .as_array()
        .expect("own dates")
        .iter()
        .map(|d| {
            let date = without_tags(d["date"].as_str().unwrap_or_default());
            (d["id"].as_str().unwrap_or_default().to_string(), date)
        })
        .collect();
    assert!(
        own.contains(&("ides".to_string(), "March 15, 44 BCE".to_string())),
        "{own:?}"
    );
    assert!(strings(&bce["ticks"]).contains(&"44 BCE".to_string()));
    // Markup in the data is shown as text.
    assert_eq!(
        slide(hostile, "inject-html")["headline"],
        "<script>alert(1)</script> & <b>bold</b>"
    );
    assert_eq!(
        slide(publish, "launch")["links"],
        serde_json::json!(["https://example.org/report?a=1&b=2"])
    );
    assert_eq!(publish["scale"], "cosmological");
    // Right-to-left text, with its RLM, is shown whole (isolated, not masked).
    let arabic = slide(publish, "arabic");
    assert_eq!(arabic["headline"], "بيان\u{200f} (statement) by محمد");
    assert!(
        arabic["body"]
            .as_str()
            .is_some_and(|b| b.contains("محمد علي\u{200f} (participant)")),
        "{arabic}"
    );
}
