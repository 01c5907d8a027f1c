//! Every ```console block of README.md, run and compared byte for byte.
//!
//! In a console block a line starting with `$ ` is a command; the lines after it, up to
//! the next command or the end of the block, are what it prints. Each command runs as
//! `sh -c '{ COMMAND; } 2>&1'`, so the expected text is stdout and stderr interleaved
//! as a user sees them (a pipe such as `| tail -1` gets stdout only, as in a terminal).
//! It runs with the `annals` debug binary's directory first on `PATH`, `NO_COLOR=1`, no
//! `COLUMNS` and no `ANNALS_DATA`, in a temporary directory holding copies of `data/`
//! and `tests/fixtures/`, so commands that write edit the copy, never the repository.
//! The exit status is not compared. A line consisting only of `…` (after leading
//! spaces) stands for any number of lines, none included. Blocks that must not run are
//! fenced ```text instead.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::suite::common::repo;
use crate::suite::test::{binary, diff};

/// One command of a console block and what it must print.
struct Example {
    /// The README line of the command (1-based).
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// Returns every command of every ```console block of `text`, in order.
fn examples(text: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_console = false;
    for (index, line) in text.lines().enumerate() {
        if !in_console {
            in_console = line.trim_end() == "```console";
            continue;
        }
        if line.trim_end() == "```" {
            in_console = false;
        } else if let Some(command) = line.strip_prefix("$ ") {
            out.push(Example {
                line: index + 1,
                command: command.to_string(),
                expected: Vec::new(),
            });
        } else {
            let example = out
                .last_mut()
                .unwrap_or_else(|| panic!("README.md:{}: output before any `$ `", index + 1));
            example.expected.push(line.to_string());
        }
    }
    assert!(!in_console, "README.md: a console block is not closed");
    out
}

/// Returns true when `actual` matches `expected`, where a `…` line matches any lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim_start() == "…" => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(line, tail)| line == first && matches(rest, tail)),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("directory created");
    for entry in std::fs::read_dir(from).expect("directory read") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("file copied");
        }
    }
}

/// Runs one README command in `dir` and returns stdout and stderr interleaved.
fn run(dir: &Path, command: &str) -> String {
    let bin_dir = binary().parent().expect("binary directory").to_owned();
    let mut paths = vec![bin_dir];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("{{ {command}\n}} 2>&1"))
        .current_dir(dir)
        .env("PATH", std::env::join_paths(paths).expect("PATH joins"))
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("ANNALS_DATA")
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .expect("sh runs");
    String::from_utf8(output.stdout).expect("output is UTF-8")
}

#[test]
fn readme_console_examples_print_what_they_say() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let examples = examples(&readme);
    assert!(
        examples.len() >= 15,
        "only {} console commands found in README.md",
        examples.len()
    );
    let dir = tempfile::tempdir().expect("temporary directory");
    copy_dir(&repo().join("data"), &dir.path().join("data"));
    copy_dir(
        &repo().join("tests/fixtures"),
        &dir.path().join("tests/fixtures"),
    );
    let mut failures = Vec::new();
    for example in &examples {
        let actual = run(dir.path(), &example.command);
        let lines: Vec<&str> = actual.lines().collect();
        let complete = actual.is_empty() || actual.ends_with('\n');
        if !(complete && matches(&example.expected, &lines)) {
            let mut expected = example.expected.join("\n");
            if !expected.is_empty() {
                expected.push('\n');
            }
            failures.push(format!(
                "README.md:{}: `$ {}` prints otherwise (`…` lines match any lines):\n{}",
                example.line,
                example.command,
                diff(&expected, &actual)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} README examples differ from the binary:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[test]
fn an_ellipsis_line_matches_any_number_of_lines() {
    let expected: Vec<String> = ["a", "…", "z"].map(String::from).to_vec();
    assert!(matches(&expected, &["a", "z"]));
    assert!(matches(&expected, &["a", "b", "c", "z"]));
    assert!(!matches(&expected, &["a", "b"]));
    assert!(!matches(&expected, &["b", "z"]));
    let exact: Vec<String> = ["a"].map(String::from).to_vec();
    assert!(!matches(&exact, &["a", "b"]));
    assert!(!matches(&exact, &[]));
}
