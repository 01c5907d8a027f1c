//! Invalid fixtures: each `tests/fixtures/invalid/<name>/` is a KB whose files carry
//! `//~ error[code]@col` annotations on the offending line (`//~^` for the line above);
//! `annals check` must report exactly those diagnostics, no more, at those positions,
//! and print exactly `tests/golden/check/invalid/<name>.*`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::suite::common::{repo, run, stderr, stdout};
use crate::suite::test::Test;

/// One expected or reported diagnostic: file, line, severity, code, column.
type Key = (String, usize, String, String);

fn annotations(dir: &Path) -> Vec<(Key, Option<usize>)> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fixture directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    for path in files {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        for (index, line) in text.lines().enumerate() {
            let Some(at) = line.find("//~") else { continue };
            let rest = &line[at + 3..];
            let up = rest.chars().take_while(|&c| c == '^').count();
            for item in rest[up..].split_whitespace() {
                let (severity, tail) = item.split_once('[').expect("annotation has `[`");
                let (code, tail) = tail.split_once(']').expect("annotation has `]`");
                let column = tail
                    .strip_prefix('@')
                    .map(|c| c.parse().expect("column number"));
                let key = (
                    name.clone(),
                    index + 1 - up,
                    severity.to_string(),
                    code.to_string(),
                );
                out.push((key, column));
            }
        }
    }
    out
}

fn reported(dir: &str) -> (Vec<(Key, usize)>, Option<i32>) {
    let output = run(&["--data", dir, "check", "--message-format", "json"]);
    let mut out = Vec::new();
    for line in stdout(&output).lines().chain(stderr(&output).lines()) {
        if !line.starts_with('{') {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line).expect("diagnostic is JSON");
        let file = v["file"].as_str().expect("diagnostic has a file");
        let name = Path::new(file)
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let key = (
            name,
            v["line"].as_u64().expect("line") as usize,
            v["severity"].as_str().expect("severity").to_string(),
            v["code"].as_str().expect("code").to_string(),
        );
        out.push((key, v["column"].as_u64().expect("column") as usize));
    }
    (out, output.status.code())
}

#[test]
fn every_invalid_fixture_reports_exactly_its_annotations() {
    let root = repo().join("tests/fixtures/invalid");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("invalid fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 10,
        "expected the invalid fixtures, found {}",
        dirs.len()
    );
    let mut failures = Vec::new();
    for dir in dirs {
        let relative = dir
            .strip_prefix(repo())
            .expect("inside the repo")
            .to_string_lossy()
            .to_string();
        let expected = annotations(&dir);
        assert!(!expected.is_empty(), "{relative} has no annotations");
        let (actual, code) = reported(&relative);
        let mut unmatched: BTreeMap<usize, (Key, usize)> = actual.into_iter().enumerate().collect();
        for (key, column) in &expected {
            let found = unmatched
                .iter()
                .find(|(_, (k, c))| k == key && column.is_none_or(|col| col == *c))
                .map(|(i, _)| *i);
            match found {
                Some(i) => {
                    unmatched.remove(&i);
                }
                None => failures.push(format!(
                    "{relative}: expected {key:?} at column {column:?}, not reported"
                )),
            }
        }
        for (key, column) in unmatched.values() {
            failures.push(format!("{relative}: unexpected {key:?} at column {column}"));
        }
        let has_error = expected.iter().any(|(k, _)| k.2 == "error");
        let want = if has_error { 1 } else { 0 };
        if code != Some(want) {
            failures.push(format!("{relative}: exit code {code:?}, expected {want}"));
        }
        let name = dir.file_name().expect("name").to_string_lossy().to_string();
        Test::new()
            .data(&relative)
            .arg("check")
            .golden(format!("check/invalid/{name}"))
            .run();
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn warnings_fail_only_when_denied() {
    let dir = "tests/fixtures/invalid/warnings";
    assert_eq!(run(&["--data", dir, "check"]).status.code(), Some(0));
    assert_eq!(
        run(&["--data", dir, "check", "--deny", "warnings"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn human_diagnostics_have_the_spec_shape() {
    let output = run(&[
        "--data",
        "tests/fixtures/invalid/dangling-reference",
        "check",
    ]);
    let text = stderr(&output);
    assert!(
        text.contains("error[dangling-reference]: no actor has the id `navalni`"),
        "{text}"
    );
    assert!(
        text.contains("┌─ tests/fixtures/invalid/dangling-reference/kb.ron:7:25"),
        "{text}"
    );
    assert!(text.contains("help: did you mean `navalny`?"), "{text}");
    assert!(
        text.contains("help: did you mean `seed-article`?"),
        "{text}"
    );
    assert!(text.contains("help: did you mean `russia`?"), "{text}");
}

#[test]
fn columns_count_characters_on_cyrillic_lines() {
    let (actual, _) = reported("tests/fixtures/invalid/cyrillic-columns");
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/invalid/cyrillic-columns/kb.ron"))
            .expect("fixture");
    let line = text.lines().nth(1).expect("line 2");
    let chars_before = line.chars().take_while(|&c| c != 'п').count();
    assert_eq!(
        actual[0].1,
        chars_before + 1,
        "column counts characters, not bytes"
    );
}

/// An unclosed file is reported even when a record in it has another error: only a
/// syntax error can unbalance the brackets, so only one makes the early end its echo.
#[test]
fn an_unclosed_file_is_reported_beside_an_impossible_date() {
    let dir = crate::suite::common::temp_kb(&[(
        "kb.ron",
        br#"Chronicle(events: [Event(id: "x", title: "T", date: "2021-02-29")"#,
    )]);
    let out = crate::suite::test::Test::new()
        .data(dir.path())
        .args(["check", "--message-format", "json"])
        .execute();
    assert_eq!(out.status, 1);
    let codes: Vec<String> = out
        .stderr
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("one JSON object a line"))
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(codes, ["no-source", "invalid-date", "syntax"]);
}
