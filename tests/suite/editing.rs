//! The writing commands: golden before/after files (comments, odd spacing, Cyrillic,
//! CRLF), refused edits that leave every byte alone, concurrent writers, killed writers.

use std::path::Path;
use std::time::Duration;

use crate::suite::common::{annals_process, repo, run, snapshot, stderr, stdout};
use crate::suite::test::{BLESS, blessing};

fn copy_dir(from: &Path, to: &Path) {
    for (relative, bytes) in snapshot(from) {
        let path = to.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
}

fn annals_in(dir: &Path, args: &[&str]) -> std::process::Output {
    let data = dir.to_string_lossy().to_string();
    let mut all = vec!["--data", data.as_str()];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn golden_edits_change_only_what_they_must() {
    let root = repo().join("tests/fixtures/edit");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .expect("cases")
        .map(|e| e.expect("entry").path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 7);
    for case in cases {
        let name = case
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let dir = tempfile::tempdir().expect("temp");
        copy_dir(&case.join("before"), dir.path());
        let mut commands: Vec<_> = std::fs::read_dir(&case)
            .expect("case")
            .map(|e| e.expect("entry").path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("cmd"))
            })
            .collect();
        commands.sort();
        for command in commands {
            let text = std::fs::read_to_string(&command).expect("cmd");
            let args: Vec<&str> = text.lines().collect();
            let output = annals_in(dir.path(), &args);
            assert_eq!(
                output.status.code(),
                Some(0),
                "{name} {args:?}: {}",
                stderr(&output)
            );
        }
        let check = annals_in(dir.path(), &["check"]);
        assert_eq!(check.status.code(), Some(0), "{name}: {}", stderr(&check));
        let after = case.join("after");
        if blessing() {
            let _ = std::fs::remove_dir_all(&after);
            copy_dir(dir.path(), &after);
            continue;
        }
        assert_eq!(
            snapshot(dir.path()),
            snapshot(&after),
            "{name}: the edited files differ from {} ({BLESS}=1 rewrites)",
            after.display()
        );
    }
}

fn navalny_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    copy_dir(&repo().join("data"), dir.path());
    dir
}

#[test]
fn refused_edits_leave_every_file_byte_identical() {
    let dir = navalny_copy();
    let before = snapshot(dir.path());
    let refused: &[&[&str]] = &[
        &["add", "event", "--id", "arrest", "--title", "Duplicate id"],
        &[
            "add",
            "event",
            "--id",
            "x",
            "--title",
            "Dangling",
            "--actor",
            "navalni:subject",
            "--file",
            "x.ron",
        ],
        &[
            "add",
            "event",
            "--id",
            "x",
            "--title",
            "Impossible",
            "--date",
            "2021-02-29",
            "--source",
            "seed-article",
        ],
        &[
            "add",
            "event",
            "--id",
            "Bad Id",
            "--title",
            "Malformed",
            "--file",
            "x.ron",
        ],
        &[
            "add",
            "event",
            "--id",
            "x",
            "--title",
            "Outside",
            "--file",
            "../outside.ron",
        ],
        &[
            "add",
            "event",
            "--id",
            "x",
            "--title",
            "Absolute",
            "--file",
            "/tmp/outside.ron",
        ],
        &["link", "arrest", "spouse_of", "sentencing"],
        &["link", "sentencing", "before", "arrest"],
        &["set", "sentencing", "date", "2021-13-01"],
        &["set", "sentencing", "id", "other"],
        &["set", "sentencing", "kind", "not a term"],
        &["set", "sentencng", "title", "Typo"],
        &["set", "sentencing", "title", ""],
        &["set", "protests", "duration", ""],
        &["rm", "navalny"],
        &["rename", "navalny", "yulia-navalnaya"],
        &["rename", "navalny", "Navalny"],
    ];
    for args in refused {
        let output = annals_in(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?} should be refused: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("error"),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(snapshot(dir.path()), before, "{args:?} changed a file");
    }
    let contradiction = annals_in(dir.path(), &["link", "sentencing", "before", "arrest"]);
    assert!(
        stderr(&contradiction).contains("error[contradiction]"),
        "{}",
        stderr(&contradiction)
    );
    let typo = annals_in(dir.path(), &["set", "sentencng", "title", "Typo"]);
    assert!(
        stderr(&typo).contains("did you mean `sentencing`?"),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let dir = navalny_copy();
    let before = snapshot(dir.path());
    let output = annals_in(
        dir.path(),
        &["rename", "navalny-allies", "allies", "--dry-run"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let diff = stdout(&output);
    assert!(
        diff.contains("--- a/navalny/actors.ron\n+++ b/navalny/actors.ron"),
        "{diff}"
    );
    assert!(
        diff.contains("-            id: \"navalny-allies\",\n+            id: \"allies\","),
        "{diff}"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn twelve_concurrent_adds_all_land() {
    let dir = navalny_copy();
    let data = dir.path().to_string_lossy().to_string();
    let children: Vec<_> = (0..12)
        .map(|i| {
            annals_process()
                .args([
                    "--data",
                    &data,
                    "add",
                    "event",
                    "--id",
                    &format!("concurrent-{i}"),
                    "--title",
                    &format!("Concurrent {i}"),
                ])
                .args([
                    "--actor",
                    "navalny:subject",
                    "--source",
                    "seed-article",
                    "--date",
                    "2021-01",
                ])
                .spawn()
                .expect("spawns")
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("waits");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let rows: serde_json::Value = serde_json::from_str(&stdout(&annals_in(
        dir.path(),
        &["timeline", "--format", "json"],
    )))
    .expect("JSON");
    let ids: Vec<&str> = rows
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    for i in 0..12 {
        assert!(
            ids.contains(&format!("concurrent-{i}").as_str()),
            "concurrent-{i} was lost: {ids:?}"
        );
    }
}

#[test]
fn killed_writers_leave_every_file_old_or_new() {
    let dir = navalny_copy();
    let data = dir.path().to_string_lossy().to_string();
    let original = snapshot(dir.path());
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for i in 0..24 {
        let before = snapshot(dir.path());
        let mut child = annals_process()
            .args([
                "--data",
                &data,
                "add",
                "event",
                "--id",
                &format!("killed-{i}"),
                "--title",
                "Killed or not",
            ])
            .args(["--actor", "navalny:subject", "--source", "seed-article"])
            .spawn()
            .expect("spawns");
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % 40_000));
        let _ = child.kill();
        let _ = child.wait();
        let after = snapshot(dir.path());
        for (name, bytes) in &after {
            if !name.ends_with(".ron") {
                continue;
            }
            let old = before.get(name);
            let text = String::from_utf8(bytes.clone()).expect("UTF-8");
            let grew = old.is_some_and(|old| {
                bytes.len() > old.len() && text.contains(&format!("\"killed-{i}\""))
            });
            assert!(
                old == Some(bytes) || grew,
                "{name} is neither the old nor the new file after kill {i}"
            );
        }
        let check = annals_in(dir.path(), &["check"]);
        assert_eq!(
            check.status.code(),
            Some(0),
            "after kill {i}: {}",
            stderr(&check)
        );
    }
    assert!(snapshot(dir.path()).len() >= original.len());
}

#[test]
fn a_new_kb_can_be_started_from_an_empty_directory() {
    let dir = tempfile::tempdir().expect("temp");
    let refused = annals_in(
        dir.path(),
        &[
            "add",
            "actor",
            "--id",
            "navalny",
            "--name",
            "Alexei Navalny",
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("--file"), "{}", stderr(&refused));
    let steps: &[&[&str]] = &[
        &[
            "add",
            "actor",
            "--id",
            "navalny",
            "--name",
            "Alexei Navalny",
            "--file",
            "people.ron",
        ],
        &[
            "add",
            "source",
            "--id",
            "bbc",
            "--title",
            "BBC report",
            "--date",
            "2021-02-02",
        ],
        &[
            "add",
            "event",
            "--id",
            "arrest",
            "--title",
            "Arrested",
            "--date",
            "2021-01-17",
            "--actor",
            "navalny:subject",
            "--source",
            "bbc",
        ],
        &[
            "add",
            "event",
            "--id",
            "verdict",
            "--title",
            "Sentenced",
            "--actor",
            "navalny:defendant",
            "--source",
            "bbc",
        ],
        &["link", "arrest", "before", "verdict", "--gap", "P16D"],
    ];
    for args in steps {
        let output = annals_in(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let v: serde_json::Value = serde_json::from_str(&stdout(&annals_in(
        dir.path(),
        &["show", "verdict", "--format", "json"],
    )))
    .expect("JSON");
    assert_eq!(
        v["bounds"]["inferred"]["start"],
        serde_json::json!(["2021-02-02", "2021-02-02"]),
        "{v}"
    );
}

#[test]
fn symbolic_links_neither_lead_out_of_the_kb_nor_get_replaced() {
    let kb = tempfile::tempdir().expect("kb");
    let outside = tempfile::tempdir().expect("outside");
    std::fs::write(
        kb.path().join("kb.ron"),
        "Chronicle(sources: [Source(id: \"s\", title: \"S\")])\n",
    )
    .expect("kb");
    std::os::unix::fs::symlink(outside.path(), kb.path().join("out")).expect("dir link");
    let output = annals_in(
        kb.path(),
        &[
            "add",
            "source",
            "--id",
            "x",
            "--title",
            "X",
            "--file",
            "out/x.ron",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("outside the knowledge base"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_dir(outside.path()).expect("list").count(), 0);
    // A linked file is edited where it lives when that is inside the KB (here under a
    // name the loader does not read itself), and the link stays a link.
    std::fs::create_dir_all(kb.path().join("store")).expect("store");
    std::fs::write(
        kb.path().join("store/linked.txt"),
        "Chronicle(sources: [Source(id: \"l\", title: \"L\")])\n",
    )
    .expect("real");
    std::os::unix::fs::symlink("store/linked.txt", kb.path().join("linked.ron"))
        .expect("file link");
    let output = annals_in(kb.path(), &["set", "l", "title", "Linked"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let meta = std::fs::symlink_metadata(kb.path().join("linked.ron")).expect("meta");
    assert!(meta.file_type().is_symlink());
    let text = std::fs::read_to_string(kb.path().join("store/linked.txt")).expect("read");
    assert!(text.contains("title: \"Linked\""), "{text}");
}

#[test]
fn an_unknown_reference_in_a_new_entry_is_pointed_at_in_the_file_it_would_join() {
    let dir = tempfile::tempdir().expect("temp");
    copy_dir(&repo().join("data"), &dir.path().join("kb"));
    let before = snapshot(dir.path());
    crate::suite::test::Test::new()
        .current_dir(dir.path())
        .data("kb")
        .args([
            "add",
            "event",
            "--id",
            "x",
            "--title",
            "X",
            "--actor",
            "navalni:subject",
        ])
        .stderr(UNKNOWN_ACTOR)
        .status(1)
        .run();
    assert_eq!(snapshot(dir.path()), before);
    let empty = annals_in(&dir.path().join("kb"), &["set", "arrest", "title", " "]);
    assert_eq!(empty.status.code(), Some(1));
    assert!(
        stderr(&empty).contains("error[empty-field]"),
        "{}",
        stderr(&empty)
    );
}

/// The two misplacements of issue 14: an actor citing a source went to the sources'
/// file, an event with a participant to the actors' file.
#[test]
fn a_new_entry_joins_the_file_holding_most_of_its_kind_not_what_it_refers_to() {
    let dir = tempfile::tempdir().expect("temp");
    copy_dir(&repo().join("data"), &dir.path().join("kb"));
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "add",
                "actor",
                "--id",
                "kremlin",
                "--name",
                "The Kremlin",
                "--source",
                "seed-article",
            ],
            "added actor `kremlin` (navalny/actors.ron)\n",
        ),
        (
            &[
                "add",
                "event",
                "--id",
                "x",
                "--title",
                "X",
                "--actor",
                "navalny:subject",
            ],
            "added event `x` (navalny/events/2014-embezzlement-case.ron)\n",
        ),
        // FROM's relations are in the file with the fewest relations.
        (
            &["link", "heart-gestures", "before", "protests"],
            "linked `heart-gestures` before `protests` (navalny/events/2021-sentencing.ron)\n",
        ),
        // FROM has none: the most relations (three files hold 7; the first wins).
        (
            &["link", "kremlin", "opposes", "navalny"],
            "linked `kremlin` opposes `navalny` (navalny/actors.ron)\n",
        ),
    ];
    for (args, stderr) in cases {
        crate::suite::test::Test::new()
            .current_dir(dir.path())
            .data("kb")
            .args(*args)
            .stderr(*stderr)
            .run();
    }
}

const UNKNOWN_ACTOR: &str = "\
error[dangling-reference]: no actor has the id `navalni`
   ┌─ kb/navalny/events/2014-embezzlement-case.ron:79:46
   │
79 │         Event(id: \"x\", title: \"X\", actors: [(\"navalni\", subject)]),
   │                                              ^^^^^^^^^ a participant
   │
   = help: did you mean `navalny`?

error: the edit was not made: it would leave the knowledge base with errors
note: the positions above are in the files as the edit would have left them
";
