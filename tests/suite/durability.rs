//! Never lose, never leak, never hang (issue 11): only regular files are read, no edit
//! writes outside the KB, edits are all-or-nothing even when killed, hostile text is
//! escaped in every message, and a byte-order mark is kept.

use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use crate::suite::common::{annals_process, temp_kb};

/// Runs `annals --data DIR ARGS`, killing it and failing the test when it takes longer
/// than `limit` (a blocked read must fail the test, not hang the suite).
pub fn run_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let child = annals_process()
        .arg("--data")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .spawn()
        .expect("annals spawns");
    wait_within(child, limit, args)
}

fn wait_within(mut child: Child, limit: Duration, args: &[&str]) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("waits").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`annals {}` did not finish within {limit:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const ONE_SOURCE: &[u8] = b"Chronicle(sources: [Source(id: \"s\", title: \"S\")])\n";

#[test]
fn a_fifo_is_an_error_naming_it_and_never_opened() {
    let kb = temp_kb(&[("kb.ron", ONE_SOURCE)]);
    let fifo = kb.path().join("x.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let output = run_within(kb.path(), &["check"], Duration::from_secs(20));
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("error[not-a-file]: `x.ron` is not a regular file (a FIFO)"),
        "{stderr}"
    );
}

#[test]
fn a_link_to_a_device_is_an_error_naming_it_and_never_read() {
    let kb = temp_kb(&[("kb.ron", ONE_SOURCE)]);
    std::os::unix::fs::symlink("/dev/zero", kb.path().join("zero.ron")).expect("link");
    let output = run_within(kb.path(), &["check"], Duration::from_secs(20));
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("`zero.ron` is not a regular file (a character device)"),
        "{stderr}"
    );
}

#[test]
fn annals_own_temporary_and_journal_files_are_never_loaded() {
    let kb = temp_kb(&[
        ("kb.ron", ONE_SOURCE),
        (
            ".kb.ron.annals-77.tmp",
            b"Chronicle(sources: [Source(id: \"s\")])",
        ),
        ("sub/.x.ron.annals-78.tmp", b"garbage ("),
    ]);
    let output = run_within(kb.path(), &["check"], Duration::from_secs(20));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}
