//! `unlink`: every refused request pinned with its exact stderr and exit status, and
//! shown to leave every byte of the KB alone; `--dry-run` pinned with its diff. (What a
//! successful `unlink` writes is pinned by the `unlink` case of `tests/fixtures/edit/`,
//! run by `editing.rs`.)

use std::path::Path;

use crate::suite::common::repo;
use crate::suite::test::Test;

/// Returns a temporary directory holding `kb/`, a copy of the `unlink` edit fixture.
fn unlink_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    let from = repo().join("tests/fixtures/edit/unlink/before");
    std::fs::create_dir_all(dir.path().join("kb/more")).expect("mkdir");
    for file in ["kb.ron", "more/one-line.ron"] {
        std::fs::copy(from.join(file), dir.path().join("kb").join(file)).expect("copy");
    }
    dir
}

fn kb_texts(dir: &Path) -> (Vec<u8>, Vec<u8>) {
    let read = |f: &str| std::fs::read(dir.join("kb").join(f)).expect("read");
    (read("kb.ron"), read("more/one-line.ron"))
}

/// Each bad request: its arguments and the lines of its diagnostic.
const REFUSED: &[(&[&str], &[&str])] = &[
    (
        &["unlink", "gru", "perpetrator_of", "poisoning"],
        &[
            "error[refused]: 2 relations `gru` perpetrator_of `poisoning` match: kb/kb.ron:24 (alleged by `uk-government`), kb/kb.ron:26 (disputed by `russia`)",
            " = help: single one out with `--status` or `--by`, or remove one in its file",
        ],
    ),
    (
        &[
            "unlink",
            "gru",
            "perpetrator_of",
            "poisoning",
            "--status",
            "refuted",
        ],
        &[
            "error[refused]: no relation `gru` perpetrator_of `poisoning` matches `--status refuted`",
            " = help: `gru` perpetrator_of `poisoning` is written at kb/kb.ron:24 (alleged by `uk-government`), kb/kb.ron:26 (disputed by `russia`)",
        ],
    ),
    (
        &[
            "unlink",
            "gru",
            "perpetrator_of",
            "poisoning",
            "--status",
            "alleged",
            "--by",
            "russia",
        ],
        &[
            "error[refused]: no relation `gru` perpetrator_of `poisoning` matches `--status alleged --by russia`",
            " = help: `gru` perpetrator_of `poisoning` is written at kb/kb.ron:24 (alleged by `uk-government`), kb/kb.ron:26 (disputed by `russia`)",
        ],
    ),
    (
        &["unlink", "gru", "perpetrator_of", "poisonning"],
        &[
            "error[refused]: no entity has the id `poisonning`",
            " = help: did you mean `poisoning`?",
        ],
    ),
    (
        &[
            "unlink",
            "gru",
            "perpetrator_of",
            "poisoning",
            "--by",
            "rusia",
        ],
        &[
            "error[refused]: no actor has the id `rusia`",
            " = help: did you mean `russia`?",
        ],
    ),
    (
        &[
            "unlink",
            "gru",
            "perpetrator_of",
            "poisoning",
            "--status",
            "alleg",
        ],
        &[
            "error[refused]: unknown claim status `alleg`",
            " = help: did you mean `alleged`?",
        ],
    ),
    (
        &["unlink", "visit", "befor", "poisoning"],
        &[
            "error[refused]: unknown relation kind `befor`",
            " = help: did you mean `before`?",
        ],
    ),
    (
        &["unlink", "statement", "before", "poisoning"],
        &[
            "error[refused]: there is no relation `statement` before `poisoning`",
            " = help: it is written the other way round: `annals unlink poisoning before statement`",
        ],
    ),
    (
        &["unlink", "visit", "after", "poisoning"],
        &[
            "error[refused]: there is no relation `visit` after `poisoning`",
            " = help: `visit` is related to `poisoning` by `before`, `causes`",
        ],
    ),
    (
        &["unlink", "visit", "caused", "poisoning"],
        &[
            "error[refused]: unknown relation kind `caused`",
            " = help: did you mean `causes`?",
        ],
    ),
    (
        &["unlink", "visit", "responds_to", "statement"],
        &[
            "error[refused]: there is no relation `visit` responds_to `statement`",
            " = help: no relation links `visit` to `statement`",
        ],
    ),
];

#[test]
fn bad_unlinks_are_refused_precisely_and_change_nothing() {
    let dir = unlink_copy();
    crate::suite::common::assert_all_refused(dir.path(), REFUSED);
}

#[test]
fn an_unlink_shows_as_a_diff_under_dry_run_and_writes_nothing() {
    let dir = unlink_copy();
    let before = kb_texts(dir.path());
    Test::new()
        .current_dir(dir.path())
        .data("kb")
        .args([
            "unlink",
            "statement",
            "responds_to",
            "poisoning",
            "--dry-run",
        ])
        .stdout(DRY_RUN)
        .run();
    assert_eq!(kb_texts(dir.path()), before);
}

const DRY_RUN: &str = r#"--- a/kb.ron
+++ b/kb.ron
@@ -15,10 +15,6 @@
     relations: [
         Relation(from: "visit", kind: before, to: "poisoning"),
 
-        // The poisoning came first; the statement answered it.
-        // (A second comment line belongs to the same relation.)
-        Relation(from: "statement", kind: responds_to, to: "poisoning",
-                 sources: ["s"]),   // trailing comment goes with it
         Relation(from: "poisoning", kind: before, to: "statement"),
         // Two versions of one edge.
         Relation(from: "gru", kind: perpetrator_of, to: "poisoning",
"#;
