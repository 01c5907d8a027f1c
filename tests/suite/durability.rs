//! Never lose, never leak, never hang (issue 11): only regular files are read, no edit
//! writes outside the KB, edits are all-or-nothing even when killed, hostile text is
//! escaped in every message, and a byte-order mark is kept.

use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use annals::edit::journal::NO_FSYNC;

use crate::suite::common::{annals_process, snapshot, temp_kb};

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

const MAIN: &str = "Chronicle(\n    actors: [Actor(id: \"a\", name: \"A\")],\n    sources: [Source(id: \"m\", title: \"M\")],\n)\n";
const OUTSIDE: &str = "Chronicle(\n    actors: [Actor(id: \"o\", name: \"O\")],\n    events: [\n        Event(id: \"e\", title: \"E\", date: \"2020-01-01\", actors: [(\"a\", subject)], sources: [\"m\"]),\n        Event(id: \"f\", title: \"F\", date: \"2020-02-01\", sources: [\"m\"]),\n    ],\n)\n";

#[test]
fn no_edit_writes_through_a_link_to_a_file_outside_the_kb() {
    let top = tempfile::tempdir().expect("temp");
    let (kb, outside) = (top.path().join("kb"), top.path().join("outside"));
    std::fs::create_dir_all(&kb).expect("kb");
    std::fs::create_dir_all(&outside).expect("outside");
    std::fs::write(kb.join("main.ron"), MAIN).expect("main");
    std::fs::write(outside.join("target.ron"), OUTSIDE).expect("target");
    std::os::unix::fs::symlink("../outside/target.ron", kb.join("link.ron")).expect("link");
    let before = snapshot(top.path());
    let edits: [&[&str]; 6] = [
        &["set", "e", "title", "Changed"],
        &["rename", "e", "e2"],
        &["rm", "a", "--cascade"],
        &["link", "e", "before", "f"],
        &[
            "add",
            "event",
            "--id",
            "g",
            "--title",
            "G",
            "--actor",
            "o:subject",
        ],
        &[
            "add", "actor", "--id", "p", "--name", "P", "--file", "link.ron",
        ],
    ];
    for args in edits {
        let output = run_within(&kb, args, Duration::from_secs(20));
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("`link.ron`") && stderr.contains("outside the knowledge base"),
            "{args:?}: {stderr}"
        );
        assert_eq!(snapshot(top.path()), before, "{args:?} changed a file");
    }
    // Reading it is fine.
    let output = run_within(&kb, &["show", "e"], Duration::from_secs(20));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

/// Writes a KB of `files` files: each defines one event and refers to the actor `old`,
/// defined in the first file.
fn many_file_kb(dir: &Path, files: usize) {
    std::fs::write(
        dir.join("a.ron"),
        "Chronicle(\n    actors: [Actor(id: \"old\", name: \"Renamed back and forth\")],\n    sources: [Source(id: \"src\", title: \"S\")],\n)\n",
    )
    .expect("actor file");
    for i in 0..files - 1 {
        let sub = dir.join(format!("d{}", i % 5));
        std::fs::create_dir_all(&sub).expect("dir");
        std::fs::write(
            sub.join(format!("e{i:02}.ron")),
            format!(
                "Chronicle(events: [Event(id: \"e{i}\", title: \"E{i}\", date: \"2020-01-{:02}\", actors: [(\"old\", subject)], sources: [\"src\"])])\n",
                i % 28 + 1
            ),
        )
        .expect("event file");
    }
}

/// Counts the files that refer to `id`, and fails on any annals leftover.
fn mentions(dir: &Path, id: &str) -> usize {
    let needle = format!("\"{id}\"");
    let mut count = 0;
    for (name, bytes) in snapshot(dir) {
        let file = name.rsplit('/').next().unwrap_or(&name);
        assert!(
            !file.ends_with(".tmp") && !file.starts_with(".annals.journal"),
            "`{name}` was left behind"
        );
        count += usize::from(String::from_utf8_lossy(&bytes).contains(&needle));
    }
    count
}

/// Kills `kills` renames of the KB in a fresh directory at random moments (from `seed`);
/// after each, checks the KB and returns how often it was left old and new.
fn kill_renames(files: usize, kills: usize, mut seed: u64) -> (usize, usize, usize) {
    let dir = tempfile::tempdir().expect("temp");
    many_file_kb(dir.path(), files);
    let data = dir.path().to_string_lossy().into_owned();
    let (mut old, mut new, mut in_old, mut in_new, mut journals) = ("old", "new", 0, 0, 0);
    // Killing a process loses no write the kernel has taken, flushed or not, so the
    // writers skip fsync here: a whole rename then takes milliseconds, and the random
    // moments below cover all of it (measured from two uninterrupted renames).
    let rename = |from: &str, to: &str| {
        let mut command = annals_process();
        command
            .env(NO_FSYNC, "1")
            .args(["--data", &data, "rename", from, to])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    };
    let started = Instant::now();
    for (from, to) in [("old", "new"), ("new", "old")] {
        assert!(rename(from, to).status().expect("runs").success());
    }
    let whole = (started.elapsed() / 2).as_micros().max(1000) as u64;
    for kill in 0..kills {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = rename(old, new).spawn().expect("spawns");
        std::thread::sleep(Duration::from_micros(seed % (whole * 5 / 4)));
        let _ = child.kill();
        let _ = child.wait();
        journals += usize::from(dir.path().join(".annals.journal").exists());
        // The next command completes or undoes the edit before it reads.
        let check = run_within(dir.path(), &["check"], Duration::from_secs(30));
        assert_eq!(
            check.status.code(),
            Some(0),
            "after kill {kill}: {}",
            text(&check.stderr)
        );
        match (mentions(dir.path(), old), mentions(dir.path(), new)) {
            (n, 0) if n == files => in_old += 1,
            (0, n) if n == files => {
                in_new += 1;
                std::mem::swap(&mut old, &mut new);
            }
            (o, n) => panic!("after kill {kill}: {o} files name `{old}`, {n} name `{new}`"),
        }
    }
    (in_old, in_new, journals)
}

#[test]
fn a_killed_multi_file_rename_leaves_the_kb_old_or_new_every_time() {
    // 200 kills of a 50-file rename, on four KBs at once to keep the wall time short.
    let started = Instant::now();
    let results: Vec<(usize, usize, usize)> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..4u64)
            .map(|i| scope.spawn(move || kill_renames(50, 50, 0x9e37_79b9_7f4a_7c15 ^ (i << 32))))
            .collect();
        runs.into_iter()
            .map(|r| r.join().expect("no failure"))
            .collect()
    });
    let (old, new, journals) = results
        .iter()
        .fold((0, 0, 0), |(o, n, j), (a, b, c)| (o + a, n + b, j + c));
    eprintln!(
        "200 kills in {:?}: {old} left the KB old, {new} new; {journals} left a journal to recover",
        started.elapsed()
    );
    assert_eq!(old + new, 200);
}

#[test]
fn a_file_with_a_byte_order_mark_is_edited_around_it() {
    let main = format!("\u{feff}{MAIN}");
    let events = "\u{feff}Chronicle(events: [Event(id: \"e\", title: \"E\", date: \"2020-01-01\", sources: [\"m\"])])\n";
    let kb = temp_kb(&[
        ("main.ron", main.as_bytes()),
        ("events.ron", events.as_bytes()),
    ]);
    let edits: [&[&str]; 5] = [
        &[
            "add", "actor", "--id", "b", "--name", "B", "--file", "main.ron",
        ],
        &[
            "add",
            "event",
            "--id",
            "f",
            "--title",
            "F",
            "--source",
            "m",
            "--file",
            "events.ron",
        ],
        &["link", "e", "before", "f"],
        &["set", "e", "title", "Changed"],
        &["rm", "b"],
    ];
    for args in edits {
        let output = run_within(kb.path(), args, Duration::from_secs(20));
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
    for name in ["main.ron", "events.ron"] {
        let after = std::fs::read_to_string(kb.path().join(name)).expect("read");
        assert!(
            after.starts_with('\u{feff}'),
            "{name} lost its mark: {after}"
        );
        assert_eq!(after.matches('\u{feff}').count(), 1, "{after}");
    }
    let events = std::fs::read_to_string(kb.path().join("events.ron")).expect("read");
    assert!(
        events.contains("title: \"Changed\"") && events.contains("kind: before"),
        "{events}"
    );
    let check = run_within(kb.path(), &["check"], Duration::from_secs(20));
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
}

#[test]
fn hostile_ids_reach_stderr_escaped_and_shortened() {
    let kb_text = "Chronicle(\n    actors: [Actor(id: \"p\u{7}\u{1b}]0;pwned\u{7}\", name: \"P\")],\n    sources: [Source(id: \"s\", title: \"S\")],\n    events: [\n        Event(id: \"ok\u{1b}[2Jx\", title: \"E\", date: \"2020\", sources: [\"s\"], place: \"s\"),\n        Event(id: \"ok\u{1b}[2Jx\", title: \"E\", date: \"2020\", kind: \"bad\u{1b}[5m\", sources: [\"s\"]),\n        Event(id: \"e\", title: \"E\", date: \"2020\", sources: [\"gone\u{1b}[2J\u{202e}\"]),\n    ],\n)\n";
    let kb = temp_kb(&[("kb.ron", kb_text.as_bytes())]);
    let runs: [&[&str]; 4] = [
        &["check"],
        &["--message-format", "json", "check"],
        &["show", "zz\u{1b}[2J"],
        &["rm", "no\u{7}\u{1b}]0;x\u{7}"],
    ];
    let clean = temp_kb(&[("kb.ron", ONE_SOURCE)]);
    for (i, args) in runs.into_iter().enumerate() {
        let dir = if i < 2 { kb.path() } else { clean.path() };
        let output = run_within(dir, args, Duration::from_secs(20));
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = text(&output.stderr);
        assert!(
            !stderr.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "{args:?} printed raw control characters: {stderr:?}"
        );
    }
    let output = run_within(kb.path(), &["check"], Duration::from_secs(20));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("dangling-reference"), "{stderr}");
    assert!(stderr.contains("ok\\u{1b}[2Jx"), "{stderr}");
    assert!(stderr.contains("gone\\u{1b}[2J\\u{202e}"), "{stderr}");
    let output = run_within(
        clean.path(),
        &["show", "zz\u{1b}[2J"],
        Duration::from_secs(20),
    );
    assert!(
        text(&output.stderr).contains("`zz\\u{1b}[2J`"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_five_megabyte_id_makes_a_short_message() {
    let huge = "\u{1b}x".repeat(2_500_000);
    let kb_text = format!(
        "Chronicle(\n    sources: [Source(id: \"s\", title: \"S\")],\n    events: [Event(id: \"e\", title: \"E\", date: \"2020\", sources: [\"{huge}\"])],\n)\n"
    );
    let kb = temp_kb(&[("kb.ron", kb_text.as_bytes())]);
    // One argument may be at most 128 KiB long.
    let long_arg = "\u{1b}y".repeat(60_000);
    for args in [&["check"][..], &["show", &long_arg]] {
        let output = run_within(kb.path(), args, Duration::from_secs(30));
        assert_eq!(output.status.code(), Some(1));
        assert!(
            output.stderr.len() < 4096,
            "{} bytes of stderr",
            output.stderr.len()
        );
        assert!(!output.stderr.contains(&0x1b));
    }
}

#[test]
fn date_spans_in_json_count_characters() {
    for (expr, start, end) in [("Jän 2021x", 3, 4), ("2021–01", 4, 5), ("ёёёё-13", 0, 1)] {
        let output = annals_process()
            .args(["date", "--format", "json", expr])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(
            (json["start"].as_u64(), json["end"].as_u64()),
            (Some(start), Some(end)),
            "{expr}: {json}"
        );
    }
}
