//! `export json|csv|timelinejs|html`: machine-readable and publishable forms.

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::suite::test::Test;

fn ok(args: &[&str]) -> String {
    Test::new().args(args).stdout_text()
}

#[test]
fn json_export_has_the_events_and_the_claims() {
    let v: serde_json::Value = serde_json::from_str(&ok(&["export", "json"])).expect("JSON");
    let timeline: serde_json::Value =
        serde_json::from_str(&ok(&["timeline", "--format", "json"])).expect("JSON");
    // Each event is its timeline row with more fields, positioned relative to `data/`.
    for (event, row) in v["events"]
        .as_array()
        .expect("events")
        .iter()
        .zip(timeline.as_array().expect("rows"))
    {
        for (key, value) in row.as_object().expect("row") {
            if key == "location" {
                let relative = value.as_str().and_then(|l| l.strip_prefix("data/"));
                assert_eq!(event[key].as_str(), relative);
            } else if key != "claims" && key != "actors" {
                assert_eq!(&event[key], value, "{key}");
            }
        }
    }
    let alleged = v["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .find(|r| r["kind"] == "perpetrator_of")
        .expect("the allegation");
    assert_eq!(alleged["status"], "alleged");
    assert_eq!(
        alleged["claims"][0]["by"],
        serde_json::json!(["navalny", "navalny-allies"])
    );
    assert!(
        v["sources"]
            .as_array()
            .expect("sources")
            .iter()
            .any(|s| s["id"] == "seed-article")
    );
}

#[test]
fn csv_export_is_the_timeline_csv() {
    // The bundled KB has no cell a spreadsheet would run: both forms agree.
    assert_eq!(ok(&["export", "csv"]), ok(&["timeline", "--format", "csv"]));
    assert_eq!(
        ok(&["export", "csv", "--raw"]),
        ok(&["timeline", "--format", "csv"])
    );
}

#[test]
fn csv_export_neutralises_formulas_unless_raw() {
    let kb = crate::suite::common::temp_kb(&[(
        "kb.ron",
        br#"Chronicle(
    actors: [Actor(id: "eve", name: "@SUM(1+1)*cmd|' /C calc'!A0")],
    sources: [Source(id: "s", title: "S")],
    events: [Event(id: "formula", title: "=HYPERLINK(\"http://evil.example\",\"click\")",
                   date: "2021-01-01", actors: [("eve", subject)], sources: ["s"], tags: ["t"]),
             Event(id: "bce", title: "-1 is not a formula here", date: "-0043-03-15",
                   sources: ["s"])],
)"#,
    )]);
    let header =
        "id,date,start,end,inferred,duration,kind,title,actors,place,tags,sources,status\r\n";
    Test::new()
        .data(kb.path())
        .args(["export", "csv"])
        .stdout(format!(
            "{header}\
             bce,'-0043-03-15,'-0043-03-15,'-0043-03-15,false,,event,'-1 is not a formula here,,,,s,stated\r\n\
             formula,2021-01-01,2021-01-01,2021-01-01,false,,event,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",eve:subject,,t,s,stated\r\n"
        ))
        .run();
    Test::new()
        .data(kb.path())
        .args(["export", "csv", "--raw"])
        .stdout(format!(
            "{header}\
             bce,-0043-03-15,-0043-03-15,-0043-03-15,false,,event,-1 is not a formula here,,,,s,stated\r\n\
             formula,2021-01-01,2021-01-01,2021-01-01,false,,event,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",eve:subject,,t,s,stated\r\n"
        ))
        .run();
}

#[test]
fn timelinejs_export_escapes_html_and_keeps_bce_years() {
    let hostile = ok(&[
        "--data",
        "tests/fixtures/valid/hostile",
        "export",
        "timelinejs",
    ]);
    let v: serde_json::Value = serde_json::from_str(&hostile).expect("JSON");
    let headlines: Vec<&str> = v["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["text"]["headline"].as_str().expect("headline"))
        .collect();
    assert!(
        headlines.contains(&"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"),
        "{headlines:?}"
    );
    assert!(!hostile.contains("<script>"));
    let rome: serde_json::Value = serde_json::from_str(&ok(&[
        "--data",
        "tests/fixtures/valid/bce",
        "export",
        "timelinejs",
    ]))
    .expect("JSON");
    let ides = rome["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["unique_id"] == "ides")
        .expect("ides");
    // TimelineJS has no year zero: 44 BCE, astronomical `-0043`, is its year -44.
    assert_eq!(
        ides["start_date"],
        serde_json::json!({"year": -44, "month": 3, "day": 15})
    );
    assert_eq!(ides["display_date"], "15 March 44 BCE");
}

/// Returns the ids of the slides of a TimelineJS export, in order.
fn slide_ids(v: &serde_json::Value) -> Vec<String> {
    v["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["unique_id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn timelinejs_slides_follow_the_one_order_with_dates_in_words() {
    let v: serde_json::Value = serde_json::from_str(&ok(&["export", "timelinejs"])).expect("JSON");
    let timeline: serde_json::Value =
        serde_json::from_str(&ok(&["timeline", "--format", "json"])).expect("JSON");
    let order: Vec<String> = timeline
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect();
    // Every event of the bundled KB has a known start or latest start: none is left out.
    assert_eq!(slide_ids(&v), order);
    let slide = |id: &str| {
        v["events"]
            .as_array()
            .expect("events")
            .iter()
            .find(|e| e["unique_id"] == id)
            .expect(id)
            .clone()
    };
    // An inferred start is the earliest possible one, to the day: protests after the
    // verdict sort after it, never at the start of the month or year.
    let protests = slide("protests");
    assert_eq!(
        protests["start_date"],
        serde_json::json!({"year": 2021, "month": 2, "day": 2})
    );
    assert_eq!(protests["display_date"], "after 2 February 2021 (inferred)");
    assert_eq!(slide("poisoning")["display_date"], "August 2020");
    assert!(slide("poisoning").get("group").is_none());
    assert_eq!(v["title"]["text"]["headline"], "The Navalny case");
    let kinds: serde_json::Value =
        serde_json::from_str(&ok(&["export", "timelinejs", "--group", "kind"])).expect("JSON");
    assert_eq!(kinds["events"][0]["group"], "Verdict");
}

#[test]
fn timelinejs_open_intervals_and_huge_years() {
    let text = Test::new()
        .data("tests/fixtures/draw/publish")
        .args(["export", "timelinejs", "--group", "actor"])
        .stderr(
            "warning: 1 date too far from 1970 to reason with is left out of the inferred \
             bounds (run `annals check`)\n",
        )
        .stdout_text();
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v["scale"], "cosmological");
    let events = v["events"].as_array().expect("events");
    let program = events
        .iter()
        .find(|e| e["unique_id"] == "program")
        .expect("program");
    // An open end has no date: the slide is not given an end before its start.
    assert!(program.get("end_date").is_none(), "{program}");
    assert_eq!(program["display_date"], "12 April 1985 – …");
    assert_eq!(program["group"], "Space Agency");
    let launch = events
        .iter()
        .find(|e| e["unique_id"] == "launch")
        .expect("launch");
    assert_eq!(launch["display_date"], "4 March 2018, 11:48 UTC");
    // Only web addresses become links; `javascript:` stays text.
    let body = launch["text"]["text"].as_str().expect("text");
    assert!(
        body.contains("<a href=\"https://example.org/report?a=1&amp;b=2\">"),
        "{body}"
    );
    assert!(!body.contains("javascript:"), "{body}");
    assert_eq!(
        v["title"]["text"]["headline"],
        "Publishing &lt;checks&gt; &amp; &quot;quotes&quot;"
    );
}

#[test]
fn html_export_is_well_formed_and_injects_nothing() {
    let html = ok(&[
        "--data",
        "tests/fixtures/valid/hostile",
        "export",
        "html",
        "--title",
        "Hostile <b>\"title\"",
    ]);
    let body = html.strip_prefix("<!DOCTYPE html>\n").expect("doctype");
    let mut reader = Reader::from_str(body);
    let mut elements = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                elements.push(String::from_utf8_lossy(e.name().as_ref()).to_string());
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(err) => panic!("the page is not well formed: {err}"),
        }
    }
    // The page's own two scripts (its data and its code), and nothing the KB wrote.
    let scripts = elements.iter().filter(|e| *e == "script").count();
    assert!(
        scripts == 2 && !elements.iter().any(|e| e == "b"),
        "{elements:?}"
    );
    assert!(elements.iter().any(|e| e == "svg"));
    assert!(
        html.contains("<title>Hostile &lt;b&gt;&quot;title&quot;</title>"),
        "{html}"
    );
}

/// Returns every string of a JSON document, keys and values.
fn json_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                json_strings(v, out);
            }
        }
        _ => {}
    }
}

#[test]
fn json_export_carries_every_field_with_kb_relative_positions() {
    let dir = crate::suite::common::repo().join("tests/fixtures/valid/every-field");
    // An absolute KB path: positions are still relative to the KB directory.
    let text = Test::new()
        .data(&dir)
        .args(["export", "json"])
        .stdout_text();
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let mut strings = Vec::new();
    json_strings(&v, &mut strings);
    let locations: Vec<&String> = strings
        .iter()
        .filter(|s| s.starts_with("kb.ron:"))
        .collect();
    assert!(locations.len() > 20, "{locations:?}");
    assert!(
        !text.contains(&*dir.to_string_lossy()),
        "an absolute path: {text}"
    );
    // Every quoted value written in the fixture (outside comments) is in the export.
    let source = std::fs::read_to_string(dir.join("kb.ron")).expect("fixture");
    for line in source.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for (n, literal) in line.split('"').enumerate() {
            if n % 2 == 1 {
                assert!(
                    strings.iter().any(|s| s.contains(literal)),
                    "`{literal}` is not in the export"
                );
            }
        }
    }
    // And the bare terms: kinds, roles, statuses, the calendar.
    for term in [
        "julian",
        "disputed",
        "alleged",
        "host",
        "city",
        "ceremony",
        "organization",
    ] {
        assert!(
            strings.iter().any(|s| s == term),
            "`{term}` is not in the export"
        );
    }
    let first = &v["events"][1];
    assert_eq!(first["id"], "first");
    assert_eq!(
        first["attrs"],
        serde_json::json!({"count": "3", "weather": "rain"})
    );
    assert_eq!(first["duration"], "P10D");
    assert_eq!(first["place_claims"][0]["by"], serde_json::json!(["bob"]));
    assert_eq!(first["citations"][1]["status"], "disputed");
    let gaps: Vec<&serde_json::Value> = v["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .map(|r| &r["gap"])
        .collect();
    assert_eq!(
        gaps[..2],
        [
            &serde_json::json!("P16D"),
            &serde_json::json!("P10Y..P400Y")
        ]
    );
    assert_eq!(v["actors"][0]["born"]["text"], "1950-05-06");
    assert_eq!(v["places"][1]["within_claims"][0]["status"], "alleged");
}
