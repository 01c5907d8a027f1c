//! `annals fmt [--check]`: the bundled KBs are formatted; `--check` lists the files that
//! differ and changes nothing; a KB with errors is refused and left alone; on random
//! KBs written every which way (fields in any order, comments and blank lines anywhere,
//! CRLF) formatting keeps every token and comment, loads to the same KB and changes
//! nothing the second time. (What `fmt` writes is pinned by the `fmt-layout` case of
//! `tests/fixtures/edit/`, run by `editing.rs`.)

use annals::synth::Rng;
use std::path::{Path, PathBuf};

use annals::edit::canonical::format;
use proptest::prelude::*;

use crate::suite::common::{snapshot, temp_kb};
use crate::suite::test::Test;

#[test]
fn the_bundled_knowledge_bases_are_formatted() {
    for kb in ["data", "examples/kb/salisbury"] {
        Test::new().args(["--data", kb, "fmt", "--check"]).run();
    }
}

const UNFORMATTED: &[(&str, &[u8])] = &[
    (
        "a.ron",
        b"Chronicle(events: [Event(title: \"A\", id: \"a\", date: \"2020\", sources: [\"s\"])])\n",
    ),
    (
        "b.ron",
        b"Chronicle(\n    sources: [\n        Source(id: \"s\", title: \"S\"),\n    ],\n)\n",
    ),
];

#[test]
fn check_lists_the_files_that_differ_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp");
    let kb = dir.path().join("kb");
    for (name, text) in UNFORMATTED {
        std::fs::create_dir_all(&kb).expect("mkdir");
        std::fs::write(kb.join(name), text).expect("write");
    }
    let before = snapshot(&kb);
    Test::new()
        .current_dir(dir.path())
        .args(["--data", "kb", "fmt", "--check"])
        .stdout("kb/a.ron\n")
        .stderr("1 file not in the canonical layout (run `annals fmt`)\n")
        .status(1)
        .run();
    assert_eq!(snapshot(&kb), before);
    Test::new()
        .current_dir(dir.path())
        .args(["--data", "kb", "fmt", "--dry-run"])
        .stdout(
            "--- a/a.ron\n+++ b/a.ron\n@@ -1 +1,5 @@\n\
             -Chronicle(events: [Event(title: \"A\", id: \"a\", date: \"2020\", sources: [\"s\"])])\n\
             +Chronicle(\n\
             +    events: [\n\
             +        Event(id: \"a\", title: \"A\", date: \"2020\", sources: [\"s\"]),\n\
             +    ],\n\
             +)\n",
        )
        .run();
    assert_eq!(snapshot(&kb), before);
    Test::new()
        .current_dir(dir.path())
        .args(["--data", "kb", "fmt"])
        .stderr("formatted 1 file (a.ron)\n")
        .run();
    Test::new()
        .current_dir(dir.path())
        .args(["--data", "kb", "fmt"])
        .stderr("2 files already in the canonical layout\n")
        .run();
    Test::new()
        .current_dir(dir.path())
        .args(["--data", "kb", "fmt", "--check"])
        .run();
}

#[test]
fn a_knowledge_base_with_errors_is_refused_and_left_alone() {
    let dir = temp_kb(&[(
        "kb/a.ron",
        b"Chronicle(events: [Event(id: \"a\", title: \"A\", date: \"2020-13\")])\n",
    )]);
    let kb = dir.path().join("kb");
    let before = snapshot(&kb);
    for args in [&["fmt"][..], &["fmt", "--check"]] {
        Test::new()
            .current_dir(dir.path())
            .args(["--data", "kb"])
            .args(args.iter().copied())
            .stderr(
                "error[invalid-date]: invalid date `2020-13`: month must be 01–12 or a season 21–24, found `13`\n  \
                 ┌─ kb/a.ron:1:59\n  │\n\
                 1 │ Chronicle(events: [Event(id: \"a\", title: \"A\", date: \"2020-13\")])\n  \
                 │                                                           ^^\n  │\n  \
                 = note: expected an EDTF date such as `2021-02-02`, `2020-08`, `2020-08~` or `2020-08-20/2020-08-22`\n\n\
                 error: the knowledge base has 1 error (run `annals check`)\n",
            )
            .status(1)
            .run();
        assert_eq!(snapshot(&kb), before);
    }
}

/// Writes random layout between tokens: spaces, line breaks, blank lines, comments.
fn gap(rng: &mut Rng, out: &mut String, crlf: bool) {
    let nl = if crlf { "\r\n" } else { "\n" };
    match rng.below(8) {
        0 => {}
        1 => out.push_str(nl),
        2 => {
            out.push_str(nl);
            out.push_str(nl);
            out.push_str("  ");
        }
        3 => {
            out.push_str(" // note ");
            out.push_str(&rng.below(100).to_string());
            out.push_str(" \"(quoted)\", [x]");
            out.push_str(nl);
        }
        4 => out.push_str(" /* block, (not code) */ "),
        5 => {
            out.push_str(nl);
            out.push_str("        // own line");
            out.push_str(nl);
            out.push_str("   ");
        }
        _ => out.push(' '),
    }
}

/// Returns the fields of a random record of `kind`, in a random order.
fn record(rng: &mut Rng, kind: usize, n: usize) -> (String, Vec<(String, String)>) {
    let long = "x".repeat(rng.below(90));
    let mut fields: Vec<(String, String)> = match kind {
        0 => vec![
            ("id".into(), format!("\"e{n}\"")),
            ("title".into(), format!("\"Event {n} {long}\"")),
            ("date".into(), format!("\"20{:02}\"", rng.below(30))),
            ("tags".into(), "[\"a\", \"b\", \"Юникод\"]".into()),
            (
                "actors".into(),
                "[(\"p\", subject), (\"p\", witness)]".into(),
            ),
            ("attrs".into(), "{\"k\": \"v\", \"z\": \"1\"}".into()),
            (
                "note".into(),
                "\"a \\\"quoted\\\" note, (with) brackets\"".into(),
            ),
        ],
        1 => vec![
            ("from".into(), "\"p\"".into()),
            ("kind".into(), "witness_of".into()),
            ("to".into(), format!("\"e{}\"", rng.below(4))),
            ("status".into(), "alleged".into()),
            ("by".into(), "[\"p\"]".into()),
        ],
        _ => vec![
            ("id".into(), format!("\"a{n}\"")),
            ("name".into(), format!("\"Actor {n} {long}\"")),
            ("kind".into(), "person".into()),
        ],
    };
    // Keep the required fields; drop some others.
    let keep = if kind == 1 { 3 } else { 2 };
    let mut i = keep;
    while i < fields.len() {
        if rng.chance(3) {
            fields.remove(i);
        } else {
            i += 1;
        }
    }
    for i in (1..fields.len()).rev() {
        fields.swap(i, rng.below(i + 1));
    }
    let name = ["Event", "Relation", "Actor"][kind];
    let name = if rng.chance(5) { "" } else { name };
    (name.to_string(), fields)
}

/// Writes a random KB file: a person `p`, events, relations and actors in random
/// layouts; it checks without errors.
fn random_kb(seed: u64) -> String {
    let mut rng = Rng(seed);
    let crlf = rng.chance(4);
    let mut out = String::new();
    if rng.chance(3) {
        out.push_str("// A random KB.\n\n");
    }
    out.push_str("Chronicle(");
    let sections = [("events", 0), ("relations", 1), ("actors", 2)];
    for (s, (section, kind)) in sections.iter().enumerate() {
        gap(&mut rng, &mut out, crlf);
        out.push_str(section);
        out.push_str(": [");
        // Relations name `e0` to `e3`, so there are at least four events.
        let count = if *kind == 0 {
            4 + rng.below(3)
        } else {
            rng.below(5)
        };
        for n in 0..count {
            gap(&mut rng, &mut out, crlf);
            let (name, fields) = record(&mut rng, *kind, n);
            out.push_str(&name);
            out.push('(');
            for (i, (key, value)) in fields.iter().enumerate() {
                gap(&mut rng, &mut out, crlf);
                out.push_str(key);
                out.push_str(": ");
                out.push_str(value);
                if i + 1 < fields.len() || rng.chance(2) {
                    out.push(',');
                }
            }
            gap(&mut rng, &mut out, crlf);
            out.push(')');
            if n + 1 < count || *kind == 2 || rng.chance(2) {
                out.push(',');
            }
        }
        if *kind == 2 {
            gap(&mut rng, &mut out, crlf);
            out.push_str("Actor(id: \"p\", name: \"P\"),");
        }
        gap(&mut rng, &mut out, crlf);
        out.push(']');
        if s + 1 < sections.len() || rng.chance(2) {
            out.push(',');
        }
    }
    gap(&mut rng, &mut out, crlf);
    out.push_str(")\n");
    out
}

/// Returns the number of errors of a one-file KB and its records, each as its debug
/// text without digits (positions and interned numbers), sorted.
fn load(text: &str) -> (usize, Vec<String>) {
    let root = PathBuf::from("kb");
    let files = vec![(
        Path::new("kb/kb.ron").to_path_buf(),
        "kb.ron".to_string(),
        text.as_bytes().to_vec(),
    )];
    let (kb, diags) = annals::load::load_texts(&root, files);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let strip = |text: String| text.replace(|c: char| c.is_ascii_digit(), "");
    let mut records: Vec<String> = kb
        .events()
        .iter()
        .map(|r| strip(format!("{r:?}")))
        .chain(kb.relations().iter().map(|r| strip(format!("{r:?}"))))
        .chain(kb.actors().iter().map(|r| strip(format!("{r:?}"))))
        .collect();
    records.sort();
    (errors, records)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn formatting_keeps_everything_and_is_idempotent(seed in any::<u64>()) {
        let text = random_kb(seed);
        let formatted = format(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(format(&formatted).expect("formats again"), formatted.clone());
        let (errors, kb) = load(&text);
        prop_assert_eq!(errors, 0, "{}", text);
        let (errors_after, kb_after) = load(&formatted);
        prop_assert_eq!(errors_after, 0, "{}", formatted);
        // The same records, with the same values (positions and interned numbers aside).
        prop_assert_eq!(kb, kb_after);
    }
}

/// Every edit of a formatted file leaves it formatted: a new record on one line when
/// it fits, items added or removed, fields set, ids renamed.
#[test]
fn edits_of_a_formatted_knowledge_base_leave_it_formatted() {
    let dir = tempfile::tempdir().expect("temp");
    for (relative, bytes) in snapshot(&crate::suite::common::repo().join("data")) {
        let path = dir.path().join("kb").join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
    let edits: &[&[&str]] = &[
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
        &[
            "add",
            "event",
            "--id",
            "x",
            "--title",
            "X",
            "--date",
            "2021-02-03",
            "--actor",
            "kremlin:subject",
            "--source",
            "seed-article",
            "--note",
            "A note long enough to make the record too wide for one line of the file.",
        ],
        &[
            "link",
            "kremlin",
            "opposes",
            "navalny",
            "--source",
            "seed-article",
        ],
        &["link", "x", "after", "sentencing"],
        &["add-to", "x", "tags", "one", "two"],
        &["add-to", "navalny", "aliases", "A. Navalny"],
        &["set", "x", "note", "Short."],
        &["rename", "kremlin", "the-kremlin"],
        &["remove-from", "x", "tags", "one"],
        &[
            "add", "place", "--id", "omsk", "--name", "Omsk", "--within", "russia",
        ],
        &["rm", "the-kremlin", "--cascade"],
    ];
    for args in edits {
        let output = crate::suite::common::annals()
            .current_dir(dir.path())
            .args(["--data", "kb"])
            .args(*args)
            .output()
            .expect("runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        Test::new()
            .current_dir(dir.path())
            .args(["--data", "kb", "fmt", "--check"])
            .run();
    }
}
