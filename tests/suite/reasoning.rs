//! Time reasoning end to end: inferred bounds for every relation kind, contradictions
//! in `check`, and the `between`, `relate`, `path` and `chain` commands on `data/`.

use assert_cmd::Command;
use serde_json::Value;

use crate::suite::test::Test;

fn annals(data: &str) -> Command {
    let mut cmd = crate::suite::common::annals();
    cmd.args(["--data", data, "--color", "never"]);
    cmd
}

fn json(data: &str, args: &[&str]) -> Value {
    let out = Test::new()
        .data(data)
        .args(args)
        .args(["--format", "json"])
        .stdout_text();
    serde_json::from_str(&out).expect("valid JSON")
}

fn stdout(data: &str, args: &[&str]) -> String {
    Test::new().data(data).args(args).stdout_text()
}

/// Returns `(start, end, inferred)` of every timeline row, by id.
fn rows(data: &str, extra: &[&str]) -> Vec<(String, Option<String>, Option<String>, bool)> {
    let mut args = vec!["timeline"];
    args.extend_from_slice(extra);
    json(data, &args)
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().to_string(),
                r["start"].as_str().map(str::to_string),
                r["end"].as_str().map(str::to_string),
                r["inferred"] == Value::Bool(true),
            )
        })
        .collect()
}

fn row<'a>(
    rows: &'a [(String, Option<String>, Option<String>, bool)],
    id: &str,
) -> &'a (String, Option<String>, Option<String>, bool) {
    rows.iter()
        .find(|r| r.0 == id)
        .unwrap_or_else(|| panic!("no row `{id}`"))
}

#[test]
fn every_relation_kind_bounds_an_undated_event() {
    let rows = rows("tests/fixtures/time/kinds", &[]);
    let d = |s: &str| Some(s.to_string());
    let expected: &[(&str, Option<String>, Option<String>)] = &[
        // One second before the anchor's latest start, on one scale of seconds.
        ("u-before", None, d("2021-03-10T23:59:58Z")),
        ("u-gap", d("2021-03-25"), None),
        ("u-gap-range", d("2021-03-25"), None),
        ("u-after", d("2021-03-20T00:00:01Z"), None),
        ("u-meets", d("2021-03-20"), None),
        ("u-overlaps", None, d("2021-03-20")),
        ("u-during", d("2021-03-10"), d("2021-03-20")),
        ("u-part-of", d("2021-03-10"), d("2021-03-20")),
        ("u-contained", d("2021-03-10"), d("2021-03-20")),
        ("u-starts", d("2021-03-10"), d("2021-03-20")),
        ("u-finishes", d("2021-03-10"), d("2021-03-20")),
        ("u-equals", d("2021-03-10"), d("2021-03-20")),
        ("u-caused", d("2021-03-10"), None),
        ("u-responds", d("2021-03-10"), None),
        ("u-follows", d("2021-03-20"), None),
        ("u-credited", d("2021-03-20T00:00:01Z"), None),
        ("u-duration", d("2021-03-20"), d("2021-03-30")),
    ];
    for (id, start, end) in expected {
        let r = row(&rows, id);
        assert_eq!((&r.1, &r.2, r.3), (start, end, true), "{id}");
    }
    let anchor = row(&rows, "anchor");
    assert!(!anchor.3, "the anchor's written dates are not narrowed");
}

#[test]
fn only_stated_claims_count_unless_asked() {
    let stated = rows("tests/fixtures/time/kinds", &[]);
    assert_eq!(row(&stated, "u-alleged").1, None);
    let all = rows("tests/fixtures/time/kinds", &["--include-claims"]);
    assert_eq!(row(&all, "u-alleged").1.as_deref(), Some("2021-03-20"));
}

#[test]
fn source_dates_bound_the_start() {
    let v = json("tests/fixtures/time/kinds", &["show", "u-source"]);
    assert_eq!(v["bounds"]["inferred"]["start"][1], "2021-04-30");
    assert_eq!(v["bounds"]["given"]["start"][1], Value::Null);
    assert_eq!(v["bounds"]["narrowed"], true);
}

#[test]
fn contradictions_name_every_claim_in_order() {
    let out = annals("tests/fixtures/time/contradiction")
        .arg("check")
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).expect("UTF-8");
    assert!(err.contains("error[contradiction]: the dates and relations of `arrest`, `middle` and `poisoning` contradict each other"), "{err}");
    assert!(
        err.contains("note: arrest.end ≥ 2021-01-17, so middle.start ≥ 2021-01-17T00:00:01, middle.end ≥ 2021-01-17T00:00:01, poisoning.start ≥ 2021-01-17T00:00:02, but poisoning.start ≤ 2020-08-31"),
        "{err}"
    );
    let steps = [
        "1. arrest.end ≥ 2021-01-17: the date `2021-01-17` of `arrest` (earliest end) (tests/fixtures/time/contradiction/kb.ron:7)",
        "2. middle.start ≥ arrest.end + 1 second: `arrest` before `middle` (tests/fixtures/time/contradiction/kb.ron:10)",
        "3. middle.end ≥ middle.start: `middle` ends no earlier than it starts",
        "4. poisoning.start ≥ middle.end + 1 second: `middle` before `poisoning` (tests/fixtures/time/contradiction/kb.ron:11)",
        "5. poisoning.start ≤ 2020-08-31: the date `2020-08` of `poisoning` (latest start) (tests/fixtures/time/contradiction/kb.ron:5)",
    ];
    let mut at = 0;
    for step in steps {
        let found = err[at..]
            .find(step)
            .unwrap_or_else(|| panic!("missing or out of order: {step}\n{err}"));
        at += found + step.len();
    }
    // Every reading command fails on it too.
    annals("tests/fixtures/time/contradiction")
        .arg("timeline")
        .assert()
        .code(1);
}

#[test]
fn contradictions_have_exact_positions_in_json() {
    let out = annals("tests/fixtures/time/contradiction")
        .args(["check", "--message-format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let line = String::from_utf8(out).expect("UTF-8");
    let v: Value =
        serde_json::from_str(line.lines().next().unwrap_or_default()).expect("one JSON object");
    assert_eq!(v["code"], "contradiction");
    assert_eq!(
        (v["line"].as_u64(), v["column"].as_u64()),
        (Some(7), Some(52))
    );
    let labels: Vec<&str> = v["labels"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["location"].as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "tests/fixtures/time/contradiction/kb.ron:10:9",
            "tests/fixtures/time/contradiction/kb.ron:11:9",
            "tests/fixtures/time/contradiction/kb.ron:5:58",
        ]
    );
}

#[test]
fn between_arrest_and_sentencing_is_sixteen_days() {
    let v = json("data", &["between", "arrest", "sentencing"]);
    assert_eq!(v["text"], "16 days");
    assert_eq!(v["exact"], true);
    assert_eq!(v["min"], "P16D");
    let ids: Vec<&str> = v["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["id"].as_str())
        .collect();
    // The court session may start with the sentencing, so it is not certainly between.
    assert_eq!(ids, Vec::<&str>::new());
    assert_eq!(
        stdout("data", &["between", "arrest", "sentencing"])
            .lines()
            .next(),
        Some("arrest → sentencing: 16 days")
    );
}

#[test]
fn between_uncertain_dates_gives_bounds() {
    let v = json("data", &["between", "poisoning", "sentencing"]);
    assert_eq!(v["text"], "between 5 months 2 days and 6 months 1 day");
    assert_eq!(v["exact"], false);
    // Day-granular answers are whole days in seconds too: P5M2D from 2020-08-31 is 155 days.
    assert_eq!(v["min"], "P5M2D");
    assert_eq!(v["min_seconds"], 155 * 86_400);
    assert_eq!(v["max"], "P6M1D");
    assert_eq!(v["max_seconds"], 185 * 86_400);
}

#[test]
fn between_backwards_says_before() {
    let v = json("data", &["between", "sentencing", "poisoning"]);
    assert_eq!(
        v["text"],
        "between 5 months 2 days and 6 months 1 day before"
    );
    let v = json("data", &["between", "sentencing", "arrest"]);
    assert_eq!(v["text"], "16 days before");
}

#[test]
fn between_lists_only_events_starting_strictly_between() {
    let dir = kb(
        &[
            ("a", "2021-01-10"),
            ("same-as-a", "2021-01-10"),
            ("inside", "2021-01-12"),
            ("long", "2021-01-11/2021-03-01"),
            ("same-as-b", "2021-01-15"),
            ("b", "2021-01-15"),
        ],
        &[],
    );
    let data = path_of(&dir);
    let v = json(&data, &["between", "a", "b"]);
    let ids: Vec<&str> = v["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(ids, ["long", "inside"]);
    let text = stdout(&data, &["between", "a", "b"]);
    assert!(text.contains("events starting between (2):"), "{text}");
}

#[test]
fn relate_reports_certain_and_possible_relations() {
    let v = json("data", &["relate", "poisoning", "arrest"]);
    assert_eq!(v["certain"], serde_json::json!(["before"]));
    assert_eq!(v["possible"], serde_json::json!(["before"]));
    let v = json("data", &["relate", "sentencing", "court-session"]);
    assert_eq!(v["certain"], serde_json::json!([]));
    assert_eq!(
        v["possible"],
        serde_json::json!(["starts", "during", "finishes", "equals"])
    );
}

#[test]
fn undated_protests_lie_within_february_2021() {
    let v = json("data", &["show", "protests"]);
    assert_eq!(
        v["bounds"]["inferred"]["start"],
        serde_json::json!(["2021-02-02", "2021-02-28"])
    );
    let rows = rows("data", &[]);
    let r = row(&rows, "protests");
    assert_eq!((r.1.as_deref(), r.3), (Some("2021-02-02"), true));
    let table = stdout("data", &["timeline"]);
    assert!(table.contains("≈2021-02-02.."), "{table}");
}

#[test]
fn path_lists_hops_with_kinds_and_statuses() {
    let text = stdout(
        "data",
        &[
            "path",
            "yulia-navalnaya",
            "security-services",
            "--max-hops",
            "4",
            "--include-claims",
        ],
    );
    assert!(
        text.contains("poisoning <-[perpetrator_of (alleged)]- security-services"),
        "{text}"
    );
    let v = json("data", &["path", "navalny", "protests"]);
    assert_eq!(v["hops"], 2);
    let none = json("data", &["path", "navalny", "protests", "--max-hops", "1"]);
    assert_eq!(none["paths"], serde_json::json!([]));
    let text = stdout("data", &["path", "navalny", "protests", "--max-hops", "1"]);
    assert_eq!(
        text.trim_end(),
        "no connection from `navalny` to `protests` within 1 hop"
    );
}

#[test]
fn chain_rejects_non_events() {
    let out = annals("data")
        .args(["chain", "navalny"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).expect("UTF-8");
    assert!(err.contains("`navalny` is an actor, not an event"), "{err}");
}

#[test]
fn chain_walks_down_and_up() {
    let text = stdout("data", &["chain", "sentencing", "--down"]);
    assert!(text.contains("→causes  protests"), "{text}");
    assert!(text.contains("←part_of  protest-detentions"), "{text}");
    let v = json("data", &["chain", "protest-detentions", "--up"]);
    assert_eq!(v["children"][0]["id"], "protests");
    assert_eq!(v["children"][0]["children"][0]["id"], "sentencing");
    let only = json(
        "data",
        &["chain", "sentencing", "--down", "--kinds", "causes"],
    );
    assert_eq!(only["children"].as_array().map(Vec::len), Some(1));
}

#[test]
fn unknown_ids_and_kinds_suggest_a_fix() {
    for args in [
        &["between", "arest", "sentencing"][..],
        &["relate", "poisoning", "arrest2"],
        &["path", "navalyn", "protests"],
        &["chain", "sentencng"],
        &["chain", "sentencing", "--kinds", "cuases"],
    ] {
        let out = annals("data")
            .args(args)
            .assert()
            .code(1)
            .get_output()
            .stderr
            .clone();
        let err = String::from_utf8(out).expect("UTF-8");
        assert!(err.contains("did you mean"), "{args:?}: {err}");
    }
}

/// A temporary KB of events (id, date) and relations (from, kind, to).
fn kb(events: &[(&str, &str)], relations: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let mut text = String::from("Chronicle(\n    events: [\n");
    for (id, date) in events {
        if date.is_empty() {
            text += &format!("        Event(id: \"{id}\", title: \"{id}\"),\n");
        } else {
            text += &format!("        Event(id: \"{id}\", title: \"{id}\", date: \"{date}\"),\n");
        }
    }
    text += "    ],\n    relations: [\n";
    for (from, kind, to) in relations {
        text += &format!("        Relation(from: \"{from}\", kind: {kind}, to: \"{to}\"),\n");
    }
    text += "    ],\n)\n";
    super::common::temp_kb(&[("kb.ron", text.as_bytes())])
}

fn path_of(dir: &tempfile::TempDir) -> String {
    dir.path().to_string_lossy().into_owned()
}

#[test]
fn utc_offsets_are_normalised_for_reasoning() {
    let dir = kb(
        &[
            ("proclamation", "1949-10-01T15:00:00+08:00"),
            ("report", "1949-10-01T07:30:00Z"),
        ],
        &[],
    );
    let data = path_of(&dir);
    let v = json(&data, &["between", "proclamation", "report"]);
    assert_eq!(v["text"], "30 minutes", "{v}");
    let v = json(&data, &["relate", "proclamation", "report"]);
    assert_eq!(v["certain"], serde_json::json!(["before"]), "{v}");
    let ids: Vec<String> = rows(&data, &[]).into_iter().map(|r| r.0).collect();
    assert_eq!(ids, ["proclamation", "report"]);
    let v = json(&data, &["date", "1949-10-01T03:00:00+08:00"]);
    assert_eq!(v["lower"], "1949-09-30T19:00:00Z");
}

#[test]
fn dates_beyond_the_network_are_reported_not_dropped() {
    let dir = kb(
        &[("b", "Y170000002"), ("a", "2000"), ("c", "")],
        &[("b", "before", "a"), ("c", "equals", "b")],
    );
    let data = path_of(&dir);
    let out = annals(&data)
        .arg("check")
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).expect("UTF-8");
    assert!(
        err.contains("warning[date-out-of-range]: the date `Y170000002` of `b` is too far from 1970 to reason with"),
        "{err}"
    );
    let out = annals(&data)
        .args(["relate", "a", "b"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).expect("UTF-8");
    assert!(
        err.contains("the date `Y170000002` of `b` is too far from 1970"),
        "{err}"
    );
    annals(&data).args(["between", "b", "a"]).assert().code(1);
    let text = r#"Chronicle(events: [Event(id: "e", title: "E", duration: "P200000000Y")])"#;
    let long = super::common::temp_kb(&[("kb.ron", text.as_bytes())]);
    let out = annals(&path_of(&long))
        .arg("check")
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).expect("UTF-8");
    assert!(
        err.contains("the period `P200000000Y` of `e` is too long to reason with"),
        "{err}"
    );
    // An answer that depends on the left-out date says so.
    let out = annals(&data)
        .args(["relate", "a", "c"])
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).expect("UTF-8");
    assert!(
        err.contains("1 date too far from 1970 to reason with is left out"),
        "{err}"
    );
}

#[test]
fn check_honours_include_claims_and_names_the_claimant() {
    let text = r#"Chronicle(
    actors: [Actor(id: "press", name: "The press")],
    events: [
        Event(id: "a", title: "A", date: "2021-01-10"),
        Event(id: "b", title: "B", date: "2021-01-05"),
    ],
    relations: [
        Relation(from: "a", kind: before, to: "b", status: alleged, by: ["press"]),
    ],
)
"#;
    let dir = super::common::temp_kb(&[("kb.ron", text.as_bytes())]);
    let data = path_of(&dir);
    annals(&data).arg("check").assert().success();
    let out = annals(&data)
        .args(["check", "--include-claims"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).expect("UTF-8");
    assert!(err.contains("error[contradiction]"), "{err}");
    assert!(err.contains("(alleged by `press`)"), "{err}");
}

#[test]
fn relate_gives_at_most_one_certain_relation_for_instants() {
    let text = r#"Chronicle(
    events: [
        Event(id: "shot", title: "Starting shot", date: "2021-01-01T10:00:00Z"),
        Event(id: "race", title: "Race", duration: "PT1H"),
        Event(id: "day", title: "A day"),
        Event(id: "next", title: "The next day", date: "2021-01-02"),
    ],
    relations: [
        Relation(from: "day", kind: meets, to: "next"),
        Relation(from: "shot", kind: starts, to: "race"),
    ],
)
"#;
    let dir = super::common::temp_kb(&[("kb.ron", text.as_bytes())]);
    let data = path_of(&dir);
    let v = json(&data, &["relate", "shot", "race"]);
    assert_eq!(v["certain"], serde_json::json!(["starts"]), "{v}");
    assert_eq!(v["possible"], serde_json::json!(["starts"]), "{v}");
    let v = json(&data, &["relate", "day", "next"]);
    assert_eq!(v["certain"], serde_json::json!(["meets"]), "{v}");
}
