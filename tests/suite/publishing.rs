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
    assert_eq!(v["events"], timeline);
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
    assert_eq!(ok(&["export", "csv"]), ok(&["timeline", "--format", "csv"]));
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
    assert_eq!(
        ides["start_date"],
        serde_json::json!({"year": -43, "month": 3, "day": 15})
    );
    let navalny = Test::new()
        .args(["export", "timelinejs"])
        .stderr(
            "warning: 3 events with no known start, written or inferred, are left out \
             (TimelineJS needs a year)\n",
        )
        .stdout_text();
    let sentencing: serde_json::Value = serde_json::from_str(&navalny).expect("JSON");
    let found = sentencing["events"]
        .as_array()
        .expect("events")
        .iter()
        .any(|e| e["unique_id"] == "sentencing");
    assert!(found);
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
