//! `export parquet`: files the Rust Parquet reader reads back with the rows and bounds
//! `timeline` gives, the directory rules (a foreign directory refused, an earlier
//! export replaced), and DuckDB (the venv's `duckdb` from `scripts/requirements.txt`)
//! getting the same counts, years and actor timelines as annals on the bundled KB, the
//! Salisbury example, a synthetic KB and one of far and unknown years.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use arrow_array::{Array, Int64Array, RecordBatch, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::suite::common::{repo, snapshot, temp_kb};
use crate::suite::test::Test;

/// The tables of an export.
const TABLES: [&str; 8] = [
    "events",
    "actors",
    "places",
    "sources",
    "participations",
    "relations",
    "citations",
    "claims",
];

/// Exports `data` into `out`, returning the summary line on stderr.
fn export(data: &Path, out: &Path) -> String {
    let output = Test::new()
        .data(data)
        .args(["export", "parquet", "-o"])
        .arg(out)
        .execute();
    assert_eq!(output.status, 0, "export failed: {}", output.stderr);
    output.stderr
}

/// Runs a reading command with `--format json`; its stderr may hold warnings (a date
/// too far from 1970 to reason with).
fn json(data: &Path, args: &[&str]) -> serde_json::Value {
    let output = Test::new()
        .data(data)
        .args(["--format", "json"])
        .args(args)
        .execute();
    assert_eq!(output.status, 0, "{args:?} failed: {}", output.stderr);
    serde_json::from_str(&output.stdout).expect("stdout is JSON")
}

/// Returns the ids of `timeline --format json` with `args`.
fn timeline_ids(data: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["timeline"];
    all.extend_from_slice(args);
    json(data, &all)
        .as_array()
        .expect("a timeline is an array")
        .iter()
        .map(|row| row["id"].as_str().expect("an id").to_string())
        .collect()
}

/// Returns every Parquet file under `dir`, sorted.
fn parquet_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = snapshot(dir)
        .into_keys()
        .filter(|p| p.ends_with(".parquet"))
        .map(|p| dir.join(p))
        .collect();
    files.sort();
    files
}

/// Reads every batch of one Parquet file with the Rust reader.
fn read(path: &Path) -> Vec<RecordBatch> {
    let file = std::fs::File::open(path).expect("the file opens");
    ParquetRecordBatchReaderBuilder::try_new(file)
        .expect("a Parquet file")
        .build()
        .expect("a reader")
        .collect::<Result<Vec<_>, _>>()
        .expect("every batch reads")
}

fn strings<'a>(batch: &'a RecordBatch, column: &str) -> &'a StringArray {
    batch
        .column_by_name(column)
        .and_then(|c| c.as_any().downcast_ref::<StringArray>())
        .unwrap_or_else(|| panic!("a string column `{column}`"))
}

fn text(array: &StringArray, i: usize) -> Option<String> {
    (!array.is_null(i)).then(|| array.value(i).to_string())
}

#[test]
fn the_rust_reader_reads_back_every_table_with_timeline_s_order_and_bounds() {
    let data = repo().join("data");
    let out = tempfile::tempdir().expect("temporary directory");
    let stderr = export(&data, out.path());
    assert_eq!(
        stderr,
        format!(
            "exported 19 events in 3 year partitions, 11 actors, 3 places, 2 sources, 31 participations, 31 relations, 35 citations and 35 claims to `{}` (10 files)\n",
            out.path().display()
        )
    );
    let mut rows: BTreeMap<String, usize> = BTreeMap::new();
    // (ordinal, id, start, latest end, year directory) of every event.
    let mut events = Vec::new();
    for path in parquet_files(out.path()) {
        let relative = path.strip_prefix(out.path()).expect("inside the export");
        let table = relative.iter().next().expect("a table directory");
        let table = table.to_string_lossy().into_owned();
        for batch in read(&path) {
            *rows.entry(table.clone()).or_default() += batch.num_rows();
            if table != "events" {
                continue;
            }
            let year = relative.iter().nth(1).expect("a year directory");
            let ordinal = batch
                .column_by_name("ordinal")
                .and_then(|c| c.as_any().downcast_ref::<Int64Array>())
                .expect("an ordinal column");
            for i in 0..batch.num_rows() {
                events.push((
                    ordinal.value(i),
                    text(strings(&batch, "id"), i),
                    text(strings(&batch, "start_earliest_text"), i),
                    text(strings(&batch, "end_latest_text"), i),
                    year.to_string_lossy().into_owned(),
                ));
            }
        }
    }
    let marker: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("_annals_export.json")).expect("a marker"),
    )
    .expect("the marker is JSON");
    for table in TABLES {
        assert_eq!(
            marker["rows"][table].as_u64(),
            Some(rows[table] as u64),
            "{table}"
        );
    }
    events.sort();
    let timeline = json(&data, &["timeline"]);
    let timeline = timeline.as_array().expect("an array");
    assert_eq!(events.len(), timeline.len());
    for (i, (event, row)) in events.iter().zip(timeline).enumerate() {
        assert_eq!(event.0, i as i64);
        assert_eq!(event.1.as_deref(), row["id"].as_str());
        assert_eq!(event.2.as_deref(), row["start"].as_str(), "{row}");
        assert_eq!(event.3.as_deref(), row["end"].as_str(), "{row}");
        let start = row["start"].as_str().or(row["latest_start"].as_str());
        let year = start
            .map(|s| &s[..4])
            .unwrap_or("__HIVE_DEFAULT_PARTITION__");
        assert_eq!(event.4, format!("year={year}"), "{row}");
    }
}

#[test]
fn a_directory_holding_other_files_is_refused_and_left_alone() {
    let out = temp_kb(&[("notes.txt", b"mine")]);
    let before = snapshot(out.path());
    Test::new()
        .args(["export", "parquet", "-o"])
        .arg(out.path())
        .stderr(format!(
            "error[request]: `{}` is not empty and holds no earlier `annals export parquet` (no `_annals_export.json`)\n = help: give a new or empty directory; a directory of an earlier export is replaced table by table\n\n",
            out.path().display()
        ))
        .status(1)
        .run();
    assert_eq!(snapshot(out.path()), before);
    let file = out.path().join("notes.txt");
    Test::new()
        .args(["export", "parquet", "-o"])
        .arg(&file)
        .stderr(format!(
            "error[request]: `{}` exists and is not a directory\n\n",
            file.display()
        ))
        .status(1)
        .run();
}

#[test]
fn an_earlier_export_is_replaced_and_other_files_beside_it_kept() {
    let kb = temp_kb(&[(
        "kb.ron",
        br#"Chronicle(events: [Event(id: "a", title: "A", date: "2019"), Event(id: "b", title: "B", date: "2021-02")])"#,
    )]);
    let out = tempfile::tempdir().expect("temporary directory");
    export(kb.path(), out.path());
    std::fs::write(out.path().join("README"), "about these files").expect("written");
    std::fs::write(
        kb.path().join("kb.ron"),
        r#"Chronicle(events: [Event(id: "b", title: "B", date: "2021-02")])"#,
    )
    .expect("written");
    export(kb.path(), out.path());
    let files: Vec<String> = snapshot(out.path()).into_keys().collect();
    let expected: Vec<String> = [
        "README",
        "_annals_export.json",
        "actors/part-0.parquet",
        "citations/part-0.parquet",
        "claims/part-0.parquet",
        "events/year=2021/part-0.parquet",
        "participations/part-0.parquet",
        "places/part-0.parquet",
        "relations/part-0.parquet",
        "sources/part-0.parquet",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(files, expected, "the 2019 partition is gone, README kept");
}

/// Returns the venv's Python when it can import duckdb; fails when CI requires DuckDB
/// (`ANNALS_REQUIRE_DUCKDB=1`) and it cannot.
fn duckdb_python() -> Option<PathBuf> {
    let python = repo().join(".venv/bin/python");
    let ok = Command::new(&python)
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("ANNALS_REQUIRE_DUCKDB").is_none_or(|v| v != "1"),
            "ANNALS_REQUIRE_DUCKDB=1 but `.venv/bin/python` cannot import duckdb (python3 -m venv .venv && .venv/bin/pip install -r scripts/requirements.txt)"
        );
        eprintln!(
            "notice: `.venv/bin/python` with duckdb not found; skipping a test that needs it (python3 -m venv .venv && .venv/bin/pip install -r scripts/requirements.txt)"
        );
    }
    ok.then_some(python)
}

/// Returns the year a timeline row is filed under: that of its start, else of its
/// latest start, read from the text (`-0043-03-15` is -43).
fn year_of(row: &serde_json::Value) -> Option<i64> {
    let start = row["start"].as_str().or(row["latest_start"].as_str())?;
    let (sign, digits) = match start.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, start),
    };
    let year = digits.split('-').next()?.parse::<i64>().ok()?;
    Some(sign * year)
}

/// What annals answers about `data`, in the form `tests/parquet/query.py` prints.
fn annals_answers(data: &Path, actor: &str, from: &str, to: &str) -> serde_json::Value {
    let stats = json(data, &["stats"]);
    let timeline = json(data, &["timeline"]);
    let mut per_year: BTreeMap<(bool, i64), u64> = BTreeMap::new();
    for row in timeline.as_array().expect("an array") {
        let key = year_of(row).map_or((true, 0), |y| (false, y));
        *per_year.entry(key).or_default() += 1;
    }
    let per_year: Vec<serde_json::Value> = per_year
        .into_iter()
        .map(|((unknown, year), n)| {
            let year = if unknown {
                serde_json::Value::Null
            } else {
                year.into()
            };
            serde_json::json!([year, n])
        })
        .collect();
    serde_json::json!({
        "events": stats["entities"]["events"],
        "actors": stats["entities"]["actors"],
        "places": stats["entities"]["places"],
        "sources": stats["entities"]["sources"],
        "relations": stats["relations"],
        "per_year": per_year,
        "timeline": timeline_ids(data, &["--actor", actor]),
        "window": timeline_ids(data, &["--actor", actor, "--from", from, "--to", to]),
    })
}

/// Exports `data` and asks DuckDB what annals answers.
fn duckdb_agrees(python: &Path, data: &Path, actor: &str, from: &str, to: &str) {
    let out = tempfile::tempdir().expect("temporary directory");
    export(data, out.path());
    let output = Command::new(python)
        .arg(repo().join("tests/parquet/query.py"))
        .arg(out.path())
        .args(["--actor", actor, "--from", from, "--to", to])
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "query.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let duckdb: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("query.py prints JSON");
    let expected = annals_answers(data, actor, from, to);
    assert_eq!(
        duckdb,
        expected,
        "DuckDB on the export of {}",
        data.display()
    );
    assert!(
        !expected["timeline"].as_array().expect("ids").is_empty(),
        "the actor takes part in something"
    );
}

#[test]
fn duckdb_reads_the_bundled_and_example_kbs_as_annals_does() {
    let Some(python) = duckdb_python() else {
        return;
    };
    duckdb_agrees(
        &python,
        &repo().join("data"),
        "navalny",
        "2020-08-20",
        "2021-01-31",
    );
    duckdb_agrees(
        &python,
        &repo().join("examples/kb/salisbury"),
        "sergei-skripal",
        "2000-01-01",
        "2010-12-31",
    );
}

#[test]
fn duckdb_reads_a_synthetic_kb_and_far_and_unknown_years_as_annals_does() {
    let Some(python) = duckdb_python() else {
        return;
    };
    let spec = annals::synth::SynthSpec {
        events: 3000,
        events_per_file: 1000,
        seed: 7,
        ..Default::default()
    };
    let synthetic = crate::suite::common::synth_kb(spec);
    duckdb_agrees(&python, synthetic.path(), "a17", "2000-01-01", "2010-12-31");
    let far = temp_kb(&[(
        "kb.ron",
        br#"Chronicle(
    actors: [Actor(id: "ann", name: "Ann")],
    events: [
        Event(id: "ides", title: "Ides of March", date: "-0043-03-15", actors: [("ann", witness)]),
        Event(id: "far", title: "Far future", date: "Y170000002", actors: [("ann", witness)]),
        Event(id: "undated", title: "Undated", actors: [("ann", witness)]),
        Event(id: "by-2020", title: "By 2020", date: "/2020", actors: [("ann", witness)]),
        Event(id: "day", title: "A day", date: "2005-06-07T10:30:00Z", actors: [("ann", witness)]),
    ],
)"#,
    )]);
    duckdb_agrees(&python, far.path(), "ann", "2000-01-01", "2010-12-31");
}
