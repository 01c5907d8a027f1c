//! The compiled cache (SPEC §8): a warm run answers what a fresh load answers, every
//! kind of change to the KB is noticed, and a damaged, foreign or unwritable cache is
//! never trusted and never fatal.

use std::path::Path;
use std::process::Output;

use crate::suite::common::{annals, repo, stderr, stdout, temp_kb};

/// One small KB, with titles of equal length that a same-size edit can swap.
const EVENTS: &str = r#"Chronicle(
    events: [
        Event(id: "alpha", title: "Alpha", date: "2021-01-17", kind: arrest,
              actors: [("ann", subject)]),
        Event(id: "bravo", title: "Bravo", date: "2021-02-02", kind: verdict,
              actors: [("ann", subject), ("bob", judge)], tags: ["court"]),
    ],
)
"#;
const ACTORS: &str = r#"Chronicle(
    actors: [
        Actor(id: "ann", name: "Ann"),
        Actor(id: "bob", name: "Bob"),
    ],
    relations: [
        Relation(from: "alpha", kind: before, to: "bravo"),
    ],
)
"#;

const EXTRA: &str = r#"Chronicle(events: [Event(id: "echo", title: "Echo", date: "2020-08-20")])"#;

/// Runs annals on `kb` with the cache in `cache` and the cache log on.
fn run_with(cache: &Path, kb: &Path, args: &[&str]) -> Output {
    annals()
        .env("ANNALS_CACHE_DIR", cache)
        .env("ANNALS_CACHE_LOG", "1")
        .arg("--data")
        .arg(kb)
        .args(args)
        .output()
        .expect("annals runs")
}

/// Returns what a fresh load answers.
fn uncached(kb: &Path, args: &[&str]) -> Output {
    annals()
        .arg("--no-cache")
        .arg("--data")
        .arg(kb)
        .args(args)
        .output()
        .expect("annals runs")
}

/// Returns the cache log lines of a run, and its stderr without them.
fn split_log(output: &Output) -> (Vec<String>, String) {
    let text = stderr(output);
    let (log, rest): (Vec<&str>, Vec<&str>) = text
        .split_inclusive('\n')
        .partition(|l| l.starts_with("annals cache: "));
    (
        log.iter()
            .map(|l| {
                let what = l.trim_start_matches("annals cache: ");
                what.split(" (").next().unwrap_or_default().to_string()
            })
            .collect(),
        rest.concat(),
    )
}

/// Asserts that a cached run answered exactly as a fresh load, with `log` as its cache
/// log.
fn assert_same(cache: &Path, kb: &Path, args: &[&str], log: &[&str]) {
    let cached = run_with(cache, kb, args);
    let fresh = uncached(kb, args);
    let (got_log, rest) = split_log(&cached);
    assert_eq!(got_log, log, "cache log of annals {args:?}");
    assert_eq!(stdout(&cached), stdout(&fresh), "stdout of annals {args:?}");
    assert_eq!(rest, stderr(&fresh), "stderr of annals {args:?}");
    assert_eq!(
        cached.status.code(),
        fresh.status.code(),
        "status of annals {args:?}"
    );
}

const TIMELINE: &[&str] = &["timeline", "--format", "csv"];
const STALE_THEN_FILLED: &[&str] = &["missing or stale", "filled"];

fn small_kb() -> tempfile::TempDir {
    temp_kb(&[
        ("events.ron", EVENTS.as_bytes()),
        ("actors.ron", ACTORS.as_bytes()),
        ("extra.ron", EXTRA.as_bytes()),
    ])
}

#[test]
fn a_second_run_reads_the_cache_and_answers_the_same() {
    let kb = small_kb();
    let cache = tempfile::tempdir().expect("cache directory");
    for args in [TIMELINE, &["check"], &["stats"]] {
        let first = run_with(cache.path(), kb.path(), args);
        let (log, _) = split_log(&first);
        assert!(
            log == STALE_THEN_FILLED || log == ["fresh"],
            "first run of {args:?}: {log:?}"
        );
        assert_same(cache.path(), kb.path(), args, &["fresh"]);
    }
}

/// Fills the cache, applies `change` to the KB and checks that the next run notices.
fn noticed(change: impl FnOnce(&Path)) {
    let kb = small_kb();
    let cache = tempfile::tempdir().expect("cache directory");
    run_with(cache.path(), kb.path(), TIMELINE);
    assert_same(cache.path(), kb.path(), TIMELINE, &["fresh"]);
    change(kb.path());
    assert_same(cache.path(), kb.path(), TIMELINE, STALE_THEN_FILLED);
    assert_same(cache.path(), kb.path(), TIMELINE, &["fresh"]);
}

#[test]
fn an_edit_of_the_same_size_in_the_same_second_is_noticed() {
    noticed(|kb| {
        let text = EVENTS.replace("\"Alpha\"", "\"Omega\"");
        assert_eq!(text.len(), EVENTS.len());
        std::fs::write(kb.join("events.ron"), text).expect("edited");
    });
}

#[test]
fn an_edit_that_restores_size_and_mtime_is_noticed() {
    noticed(|kb| {
        let path = kb.join("events.ron");
        let mtime = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        std::fs::write(&path, EVENTS.replace("\"Bravo\"", "\"Delta\"")).expect("edited");
        let file = std::fs::File::options()
            .write(true)
            .open(&path)
            .expect("opened");
        file.set_modified(mtime).expect("mtime restored");
    });
}

#[test]
fn a_file_added_removed_or_renamed_is_noticed() {
    noticed(|kb| {
        let more =
            r#"Chronicle(events: [Event(id: "charlie", title: "Charlie", date: "2021-03")])"#;
        std::fs::write(kb.join("more.ron"), more).expect("added");
    });
    noticed(|kb| {
        std::fs::rename(kb.join("events.ron"), kb.join("zz-events.ron")).expect("renamed");
    });
    noticed(|kb| {
        std::fs::create_dir(kb.join("sub")).expect("directory");
        std::fs::rename(kb.join("events.ron"), kb.join("sub/events.ron")).expect("moved");
    });
    noticed(|kb| {
        std::fs::remove_file(kb.join("extra.ron")).expect("removed");
    });
}

#[test]
fn an_annals_edit_is_noticed() {
    noticed(|kb| {
        let added = annals()
            .arg("--data")
            .arg(kb)
            .args([
                "add",
                "event",
                "--id",
                "charlie",
                "--title",
                "Charlie",
                "--date",
                "2021-03-01",
            ])
            .output()
            .expect("annals runs");
        assert!(added.status.success(), "{}", stderr(&added));
    });
}

/// Returns the one cache file in `dir`.
fn cache_file(dir: &Path) -> std::path::PathBuf {
    let files: Vec<_> = std::fs::read_dir(dir)
        .expect("cache directory listed")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(
        files.len(),
        1,
        "one cache file, no temporary left: {files:?}"
    );
    files[0].clone()
}

#[test]
fn a_damaged_or_foreign_cache_is_ignored_and_rebuilt() {
    let kb = small_kb();
    type Damage = fn(&mut Vec<u8>);
    let damages: [(&str, Damage); 6] = [
        ("truncated", |b| b.truncate(b.len() / 2)),
        ("emptied", |b| b.clear()),
        ("a byte flipped in a block", |b| b[40] ^= 0x55),
        ("a byte flipped at the end", |b| {
            let last = b.len() - 9;
            b[last] ^= 0x01;
        }),
        ("another format", |b| b[..8].copy_from_slice(b"ANNALSC0")),
        ("garbage", |b| *b = b"not a cache at all".repeat(100)),
    ];
    for (what, damage) in damages {
        for args in [TIMELINE, &["timeline", "--actor", "bob"], &["check"]] {
            let cache = tempfile::tempdir().expect("cache directory");
            run_with(cache.path(), kb.path(), TIMELINE);
            let path = cache_file(cache.path());
            let mut bytes = std::fs::read(&path).expect("cache read");
            damage(&mut bytes);
            std::fs::write(&path, bytes).expect("cache damaged");
            // Damage in the header is found on opening; in a block, when it is read (and
            // `check` reads none: its report is in the header).
            let first = run_with(cache.path(), kb.path(), args);
            let (log, rest) = split_log(&first);
            let fresh = uncached(kb.path(), args);
            assert!(
                log == STALE_THEN_FILLED
                    || log == ["fresh", "damaged", "filled"]
                    || (log == ["fresh"] && args == ["check"]),
                "{what}: annals {args:?}: {log:?}"
            );
            assert_eq!(stdout(&first), stdout(&fresh), "{what}: annals {args:?}");
            assert_eq!(rest, stderr(&fresh), "{what}: annals {args:?}");
            assert_same(cache.path(), kb.path(), args, &["fresh"]);
        }
    }
}

#[test]
fn an_unwritable_cache_directory_is_one_warning() {
    let kb = small_kb();
    let blocker = tempfile::NamedTempFile::new().expect("a file");
    // A directory cannot be made under a file, whoever runs the test (root too).
    let cache = blocker.path().join("cache");
    let run = annals()
        .env("ANNALS_CACHE_DIR", &cache)
        .arg("--data")
        .arg(kb.path())
        .args(TIMELINE)
        .output()
        .expect("annals runs");
    assert!(run.status.success());
    assert_eq!(stdout(&run), stdout(&uncached(kb.path(), TIMELINE)));
    let err = stderr(&run);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("warning: cannot write the cache `")
            && err.contains("annals runs without it"),
        "{err}"
    );
}

#[test]
fn no_cache_neither_reads_nor_fills_the_cache() {
    let kb = small_kb();
    let cache = tempfile::tempdir().expect("cache directory");
    let run = annals()
        .env("ANNALS_CACHE_DIR", cache.path())
        .env("ANNALS_CACHE_LOG", "1")
        .args(["--no-cache", "--data"])
        .arg(kb.path())
        .args(TIMELINE)
        .output()
        .expect("annals runs");
    assert_eq!(stderr(&run), "");
    assert_eq!(std::fs::read_dir(cache.path()).expect("listed").count(), 0);
}

#[test]
fn runs_filling_the_cache_at_once_leave_one_whole_file() {
    let kb = small_kb();
    let cache = tempfile::tempdir().expect("cache directory");
    let children: Vec<_> = (0..8)
        .map(|_| {
            crate::suite::common::annals_process()
                .env("ANNALS_CACHE_DIR", cache.path())
                .arg("--data")
                .arg(kb.path())
                .args(TIMELINE)
                .spawn()
                .expect("annals starts")
        })
        .collect();
    let expected = stdout(&uncached(kb.path(), TIMELINE));
    for child in children {
        let out = child.wait_with_output().expect("annals runs");
        assert_eq!(stdout(&out), expected);
        assert_eq!(stderr(&out), "");
    }
    cache_file(cache.path());
    assert_same(cache.path(), kb.path(), TIMELINE, &["fresh"]);
}

#[test]
fn cached_timelines_answer_every_filter_as_a_fresh_load() {
    let salisbury = repo().join("examples/kb/salisbury");
    let cache = tempfile::tempdir().expect("cache directory");
    run_with(cache.path(), &salisbury, &["check"]);
    let fresh = &["fresh"];
    let requests: &[(&[&str], &[&str])] = &[
        (&["timeline"], fresh),
        (&["timeline", "--format", "json"], fresh),
        (&["timeline", "--format", "md"], fresh),
        (&["timeline", "--actor", "petrov"], fresh),
        (
            &[
                "timeline",
                "--actor",
                "petrov",
                "--actor",
                "dawn-sturgess",
                "--format",
                "csv",
            ],
            fresh,
        ),
        (
            &["timeline", "--kind", "attack", "--kind", "expulsion"],
            fresh,
        ),
        (&["timeline", "--tag", "novichok"], fresh),
        (
            &["timeline", "--status", "alleged", "--format", "csv"],
            fresh,
        ),
        (
            &["timeline", "--status", "disputed", "--format", "json"],
            fresh,
        ),
        (
            &["timeline", "--from", "2018-03-04", "--to", "2018-03-31"],
            fresh,
        ),
        (
            &[
                "timeline", "--from", "2018-03", "--to", "2018-09", "--strict",
            ],
            fresh,
        ),
        (
            &[
                "timeline",
                "--actor",
                "petrov",
                "--from",
                "2018-03-03T12:00Z",
                "--format",
                "csv",
            ],
            fresh,
        ),
        (&["-q", "stats", "--format", "json"], fresh),
        (&["stats", "--format", "csv"], fresh),
        (&["check", "--deny", "warnings"], fresh),
        // What the cache does not know goes to a full load, which explains it.
        (&["timeline", "--actor", "petrof"], STALE_OR_UNANSWERED),
        (&["timeline", "--kind", "atack"], STALE_OR_UNANSWERED),
        (&["timeline", "--tag", "nope"], STALE_OR_UNANSWERED),
        (
            &["timeline", "--from", "2019", "--to", "2018"],
            STALE_OR_UNANSWERED,
        ),
        (&["timeline", "--from", "4 March 2018"], STALE_OR_UNANSWERED),
        (&["timeline", "--around", "petrov"], STALE_OR_UNANSWERED),
        (&["--include-claims", "timeline"], &[]),
        (&["timeline", "--according-to", "petrov"], &[]),
    ];
    for (args, log) in requests {
        assert_same(cache.path(), &salisbury, args, log);
    }
}

/// A request the cache cannot answer exactly: it is fresh, and the full load that
/// answers finds it fresh too, so it does not write it again.
const STALE_OR_UNANSWERED: &[&str] = &["fresh"];

#[test]
fn an_annals_edit_refills_the_cache_and_later_edits_are_still_noticed() {
    let kb = small_kb();
    let cache = tempfile::tempdir().expect("cache directory");
    run_with(cache.path(), kb.path(), TIMELINE);
    let add = [
        "add",
        "event",
        "--id",
        "charlie",
        "--title",
        "Charlie",
        "--date",
        "2021-03-01",
        "--actor",
        "bob:witness",
    ];
    let added = run_with(cache.path(), kb.path(), &add);
    assert!(added.status.success(), "{}", stderr(&added));
    // A fresh cache tells the edit that the KB checked clean, so only the edited KB is
    // analysed and checked; that KB fills the cache.
    assert_eq!(split_log(&added).0, ["fresh", "filled"]);
    for args in [
        TIMELINE,
        &["check"],
        &["stats"],
        &["timeline", "--actor", "bob"],
    ] {
        assert_same(cache.path(), kb.path(), args, &["fresh"]);
    }
    // Another program edits the file the edit just wrote, in the same second and to
    // the same size: the next run must not answer from the cache.
    let path = kb.path().join("events.ron");
    let text = std::fs::read_to_string(&path).expect("read");
    let swapped = text.replace("\"Charlie\"", "\"Chorlie\"");
    assert_eq!(swapped.len(), text.len());
    std::fs::write(&path, swapped).expect("edited");
    assert_same(cache.path(), kb.path(), TIMELINE, STALE_THEN_FILLED);
    assert_same(cache.path(), kb.path(), TIMELINE, &["fresh"]);
}

#[test]
fn cached_show_answers_every_entity_as_a_fresh_load() {
    let salisbury = repo().join("examples/kb/salisbury");
    let cache = tempfile::tempdir().expect("cache directory");
    run_with(cache.path(), &salisbury, &["check"]);
    let listed = uncached(&salisbury, &["export", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    let mut ids: Vec<String> = Vec::new();
    for list in ["events", "actors", "places", "sources"] {
        for entity in json[list].as_array().expect(list) {
            ids.push(entity["id"].as_str().expect("id").to_string());
        }
    }
    assert!(ids.len() > 100, "{} ids", ids.len());
    for (i, id) in ids.iter().enumerate() {
        // Every format on a few, JSON (every field) on all.
        let formats: &[&str] = if i % 25 == 0 {
            &["table", "md", "json"]
        } else {
            &["json"]
        };
        for format in formats {
            assert_same(
                cache.path(),
                &salisbury,
                &["show", id, "--format", format],
                &["fresh"],
            );
        }
    }
    // An id the cache does not know: the full load explains it, as without the cache.
    assert_same(cache.path(), &salisbury, &["show", "petrof"], &["fresh"]);
}

#[test]
fn a_large_kb_filled_on_two_threads_answers_as_a_fresh_load() {
    // Above the size where the analysis, the checks and the cache's blocks are made on
    // two threads: the blocks must come out in order and answer as a fresh load does.
    // Its 13,000 entities take two blocks of references to `show` answers (256 blocks
    // of 32 answers each): `e0` is in the first, `p3` and `s11` in the second.
    let spec = annals::synth::SynthSpec {
        events: 12_000,
        events_per_file: 3_000,
        ..Default::default()
    };
    let kb = crate::suite::common::synth_kb(spec);
    let cache = tempfile::tempdir().expect("cache directory");
    let filled = run_with(cache.path(), kb.path(), &["stats"]);
    assert_eq!(split_log(&filled).0, STALE_THEN_FILLED);
    for args in [
        &["timeline", "--format", "csv"][..],
        &["timeline", "--actor", "a7", "--format", "json"],
        &["check"],
        &["show", "e0", "--format", "json"],
        &["show", "e11999"],
        &["show", "a7", "--format", "json"],
        &["show", "p3"],
        &["show", "s11", "--format", "json"],
    ] {
        assert_same(cache.path(), kb.path(), args, &["fresh"]);
    }
}

#[test]
fn an_edit_trusting_a_fresh_cache_still_refuses_what_breaks_the_kb() {
    let kb = small_kb();
    let cache = tempfile::tempdir().expect("cache directory");
    run_with(cache.path(), kb.path(), &["check"]);
    let before: Vec<Vec<u8>> = ["events.ron", "actors.ron", "extra.ron"]
        .iter()
        .map(|f| std::fs::read(kb.path().join(f)).expect("read"))
        .collect();
    let refused = run_with(
        cache.path(),
        kb.path(),
        &[
            "add",
            "event",
            "--id",
            "delta",
            "--title",
            "Delta",
            "--actor",
            "nobody:witness",
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    let (log, rest) = split_log(&refused);
    assert_eq!(log, ["fresh"]);
    assert!(rest.contains("dangling-reference"), "{rest}");
    let after: Vec<Vec<u8>> = ["events.ron", "actors.ron", "extra.ron"]
        .iter()
        .map(|f| std::fs::read(kb.path().join(f)).expect("read"))
        .collect();
    assert_eq!(after, before);
    // A KB broken by another program since the cache was filled: the cache is stale,
    // the edit loads and checks the KB first and names the KB's own error.
    let path = kb.path().join("extra.ron");
    std::fs::write(&path, EXTRA.replace("2020-08-20", "2020-08-40")).expect("broken");
    let refused = run_with(
        cache.path(),
        kb.path(),
        &["add", "event", "--id", "delta", "--title", "Delta"],
    );
    assert_eq!(refused.status.code(), Some(1));
    let (log, rest) = split_log(&refused);
    assert!(log.is_empty(), "{log:?}");
    assert!(rest.contains("the knowledge base has 1 error"), "{rest}");
}

#[test]
fn a_fill_removes_what_killed_fills_left_behind() {
    let kb = small_kb();
    let cache = tempfile::tempdir().expect("cache directory");
    run_with(cache.path(), kb.path(), &["check"]);
    let name = cache_file(cache.path())
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    let make = |file: &str, old: bool| {
        let path = cache.path().join(file);
        let f = std::fs::File::create(&path).expect("created");
        if old {
            f.set_modified(hours_ago).expect("mtime set");
        }
        path
    };
    let abandoned = make(&format!(".{name}.4242-1.tmp"), true);
    let running = make(&format!(".{name}.4243-2.tmp"), false);
    let other = make(".kb-0000000000000000.annals-cache.4244-3.tmp", true);
    std::fs::write(kb.path().join("extra.ron"), EXTRA.replace("Echo", "Ekko")).expect("edited");
    let refilled = run_with(cache.path(), kb.path(), &["check"]);
    assert_eq!(split_log(&refilled).0, STALE_THEN_FILLED);
    assert!(
        !abandoned.exists(),
        "an hour-old temporary file of this cache stays"
    );
    assert!(running.exists(), "a fill in progress lost its file");
    assert!(other.exists(), "another cache's file was touched");
}
