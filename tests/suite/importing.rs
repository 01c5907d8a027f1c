//! `import timelinejs|acled`: the written file pinned whole for a sheet, a JSON file
//! and an ACLED sample,
//! the KB checked clean after, re-imports pinned as diffs, every refusal pinned with
//! nothing written, and the round trip through `export timelinejs` on `data/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::suite::common::repo;
use crate::suite::test::{Test, blessing, diff, golden_dir};

/// Returns the path of an import fixture.
fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/import").join(name)
}

/// Returns a temporary directory holding an empty KB directory `kb`.
fn empty_kb() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::create_dir(dir.path().join("kb")).expect("kb");
    dir
}

/// Returns every `.ron` file of `dir` with its text (the lock file is not the KB's).
fn files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("directory") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "ron") {
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .to_string();
            out.insert(name, std::fs::read_to_string(&path).expect("read"));
        }
    }
    out
}

/// Compares a written file with `tests/golden/import/NAME`, or rewrites it when blessing.
fn golden_file(actual: &Path, name: &str) {
    let text = std::fs::read_to_string(actual).expect("written file");
    let golden = golden_dir().join("import").join(name);
    if blessing() {
        std::fs::create_dir_all(golden.parent().expect("parent")).expect("dir");
        std::fs::write(&golden, &text).expect("golden written");
        return;
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    assert!(
        expected == text,
        "{name} differs:\n{}",
        diff(&expected, &text)
    );
}

/// Runs `annals --data kb ARGS…` in `dir`.
fn annals(dir: &Path) -> Test {
    Test::new().current_dir(dir).data("kb")
}

/// Checks the KB in `dir` and expects it clean.
fn check_clean(dir: &Path, summary: &str) {
    annals(dir)
        .arg("check")
        .stderr(format!("kb in 1 file: {summary}\nok\n"))
        .run();
}

#[test]
fn a_sheet_imports_into_one_file_that_checks_clean() {
    let dir = empty_kb();
    annals(dir.path())
        .args(["import", "timelinejs"])
        .arg(fixture("sheet.csv"))
        .stderr("imported `sheet.csv` (timelinejs.ron)\n")
        .run();
    golden_file(&dir.path().join("kb/timelinejs.ron"), "sheet.ron");
    check_clean(
        dir.path(),
        "0 actors, 0 places, 2 sources, 6 events, 0 relations",
    );
}

#[test]
fn a_json_timeline_imports_with_groups_as_actors() {
    let dir = empty_kb();
    annals(dir.path())
        .args([
            "import",
            "timelinejs",
            "--group-as",
            "actor",
            "--file",
            "rome.ron",
        ])
        .arg(fixture("timeline.json"))
        .stderr("imported `timeline.json` (rome.ron)\n")
        .run();
    golden_file(&dir.path().join("kb/rome.ron"), "timeline.ron");
    check_clean(
        dir.path(),
        "2 actors, 0 places, 2 sources, 4 events, 0 relations",
    );
}

#[test]
fn importing_an_updated_sheet_changes_only_what_the_import_made() {
    let dir = empty_kb();
    let mine = "Chronicle(events: [Event(id: \"mine\", title: \"Mine\", date: \"2001\")])\n";
    std::fs::write(dir.path().join("kb/mine.ron"), mine).expect("written");
    annals(dir.path())
        .args(["-q", "import", "timelinejs"])
        .arg(fixture("sheet.csv"))
        .run();
    annals(dir.path())
        .args(["import", "timelinejs", "--dry-run"])
        .arg(fixture("sheet-v2.csv"))
        .golden("import/update")
        .run();
    annals(dir.path())
        .args(["-q", "import", "timelinejs"])
        .arg(fixture("sheet-v2.csv"))
        .run();
    // The same file again changes nothing.
    annals(dir.path())
        .args(["import", "timelinejs", "--dry-run"])
        .arg(fixture("sheet-v2.csv"))
        .run();
    let after = files(&dir.path().join("kb"));
    assert_eq!(after.get("mine.ron").map(String::as_str), Some(mine));
    assert_eq!(after.len(), 2, "{:?}", after.keys());
}

/// Runs an import that must be refused, pins its stderr, and checks nothing changed.
fn refused(name: &str, args: &[&str], input: &str) {
    refused_as("timelinejs", name, args, input);
}

/// Runs an import of `format` that must be refused, pins its stderr, and checks
/// nothing changed.
fn refused_as(format: &str, name: &str, args: &[&str], input: &str) {
    let dir = empty_kb();
    std::fs::copy(fixture("hand.ron"), dir.path().join("kb/hand.ron")).expect("copied");
    let before = files(&dir.path().join("kb"));
    annals(dir.path())
        .args(["import", format])
        .args(args)
        .arg(fixture(input))
        .golden(format!("import/{name}"))
        .run();
    assert_eq!(files(&dir.path().join("kb")), before, "{name} wrote");
}

#[test]
fn bad_input_is_refused_and_writes_nothing() {
    refused("renamed-column", &[], "renamed.csv");
    refused("bad-dates", &[], "bad-dates.csv");
    refused("duplicate-id", &[], "duplicate.json");
    refused("no-events", &[], "no-events.json");
    refused("hand-written-file", &["--file", "hand.ron"], "sheet.csv");
    refused("taken-id", &[], "sheet.csv");
    refused_as("acled", "acled-renamed", &[], "acled-renamed.csv");
    refused_as("acled", "acled-bad-rows", &[], "acled-bad.csv");
}

#[test]
fn an_acled_export_imports_with_places_actors_and_sources() {
    let dir = empty_kb();
    annals(dir.path())
        .args(["import", "acled"])
        .arg(fixture("acled.csv"))
        .stderr("imported `acled.csv` (acled.ron)\n")
        .run();
    golden_file(&dir.path().join("kb/acled.ron"), "acled.ron");
    check_clean(
        dir.path(),
        "8 actors, 13 places, 4 sources, 6 events, 0 relations",
    );
    annals(dir.path())
        .args(["import", "acled", "--dry-run"])
        .arg(fixture("acled-v2.csv"))
        .golden("import/acled-update")
        .run();
    annals(dir.path())
        .args(["-q", "import", "acled"])
        .arg(fixture("acled-v2.csv"))
        .run();
    annals(dir.path())
        .args(["import", "acled", "--dry-run"])
        .arg(fixture("acled-v2.csv"))
        .run();
    check_clean(
        dir.path(),
        "7 actors, 11 places, 4 sources, 6 events, 0 relations",
    );
}

/// Returns `id,date,title` of every event of `timeline --format csv`, sorted.
fn events(dir: &Path, data: &str) -> Vec<String> {
    let csv = Test::new()
        .current_dir(dir)
        .data(data)
        .args(["timeline", "--format", "csv"])
        .stdout_text();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut rows: Vec<String> = reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            format!("{},{},{}", &r[0], &r[1], &r[7])
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn export_then_import_timelinejs_keeps_events_dates_and_titles() {
    let dir = empty_kb();
    let data = repo().join("data/navalny");
    let out = dir.path().join("navalny.json");
    Test::new()
        .data(&data)
        .args(["export", "timelinejs", "-o"])
        .arg(&out)
        .run();
    annals(dir.path())
        .args(["-q", "import", "timelinejs"])
        .arg(&out)
        .run();
    let original = events(dir.path(), &data.to_string_lossy());
    let imported = events(dir.path(), "kb");
    let placed: Vec<String> = original
        .iter()
        .filter(|row| imported.contains(row))
        .cloned()
        .collect();
    assert_eq!(imported, placed);
    // Every event of the bundled KB is placed (at its earliest start, or its latest
    // start when only that is known).
    assert_eq!(original.len(), imported.len());
}

/// A KB with an open-ended interval (`2018-07-08/..`) survives the round trip: the
/// export gives such a slide no end date (a bare year would read as its first day,
/// before the start, and the import would refuse it as reversed).
#[test]
fn an_open_ended_interval_survives_the_timelinejs_round_trip() {
    let dir = empty_kb();
    let data = repo().join("examples/kb/salisbury");
    let out = dir.path().join("salisbury.json");
    Test::new()
        .data(&data)
        .args(["-q", "export", "timelinejs", "-o"])
        .arg(&out)
        .run();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("the export")).expect("JSON");
    let murder = json["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["unique_id"] == "murder-investigation")
        .expect("the open-ended investigation is exported");
    assert!(murder.get("end_date").is_none(), "{murder}");
    annals(dir.path())
        .args(["-q", "import", "timelinejs"])
        .arg(&out)
        .run();
    annals(dir.path()).args(["-q", "check"]).run();
}
