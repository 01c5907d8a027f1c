//! `add-to`, `remove-from` and `link` on positions and list items: every refused
//! input pinned with its exact stderr and exit status, and shown to leave every byte of
//! the KB alone; `--dry-run` pinned with its diff. (What successful edits write is
//! pinned by the `claims-positions`, `list-items` and `set-keeps-claims` cases of
//! `tests/fixtures/edit/`, run by `editing.rs`.)

use std::path::Path;

use crate::suite::common::repo;
use crate::suite::test::Test;

/// Returns a temporary directory holding `kb/kb.ron`, a copy of the claims fixture.
fn claims_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::create_dir(dir.path().join("kb")).expect("mkdir");
    std::fs::copy(
        repo().join("tests/fixtures/valid/claims/kb.ron"),
        dir.path().join("kb/kb.ron"),
    )
    .expect("copy");
    dir
}

fn kb_text(dir: &Path) -> Vec<u8> {
    std::fs::read(dir.join("kb/kb.ron")).expect("read")
}

/// Each bad request: its arguments and the lines of its diagnostic.
const REFUSED: &[(&[&str], &[&str])] = &[
    (
        &[
            "add-to",
            "gru:perpetrator_of:poisoning",
            "claims",
            "disputed:russia",
        ],
        &[
            "error[refused]: the relation `gru` perpetrator_of `poisoning` already has the position disputed by `russia`, at kb/kb.ron:36:27",
            " = help: a position is its status and its claimants; other sources or a note do not make another one",
        ],
    ),
    (
        &[
            "link",
            "gru",
            "perpetrator_of",
            "poisoning",
            "--status",
            "disputed",
            "--by",
            "russia",
            "--source",
            "rt-report",
        ],
        &[
            "error[refused]: the relation `gru` perpetrator_of `poisoning` already has the position disputed by `russia`, at kb/kb.ron:36:27",
            " = help: a position is its status and its claimants; other sources or a note do not make another one",
        ],
    ),
    (
        &["link", "gru", "employed_by", "russia"],
        &[
            "error[refused]: `gru` employed_by `russia` is already linked, at kb/kb.ron:38:9",
            " = help: to add a position to it, give `--status` and `--by`",
        ],
    ),
    (
        &[
            "link",
            "gru",
            "employed_by",
            "russia",
            "--status",
            "disputed",
            "--by",
            "russia",
            "--gap",
            "P1D",
        ],
        &[
            "error[refused]: `gru` employed_by `russia` is already linked, at kb/kb.ron:38:9; `--gap` cannot be added to it",
            " = help: a position takes `--status`, `--by`, `--source` and `--note`; change the gap in the file",
        ],
    ),
    (
        &[
            "remove-from",
            "gru:perpetrator_of:poisoning",
            "claims",
            "disputed:rusia",
        ],
        &[
            "error[refused]: the relation `gru` perpetrator_of `poisoning` has no `disputed:rusia` in `claims`",
            " = help: did you mean `disputed:russia+lavrov-interview`?",
        ],
    ),
    (
        &[
            "remove-from",
            "petrov:member_of:gru",
            "claims",
            "alleged:uk-government",
        ],
        &[
            "error[refused]: the relation `petrov` member_of `gru` would be left without any position",
            " = help: without a position it would read as a fact; add the position that replaces it first",
        ],
    ),
    (
        &["add-to", "gru:perpetrator_of:poisoning", "by", "russia"],
        &[
            "error[refused]: the relation `gru` perpetrator_of `poisoning` has several positions (`claims`), each with its own `by`",
            " = help: add or remove a whole position: `annals add-to gru:perpetrator_of:poisoning claims STATUS:ACTOR[+SOURCE]`",
        ],
    ),
    (
        &["add-to", "poisoning", "sorces", "may-statement"],
        &[
            "error[refused]: an event has no field `sorces`",
            " = help: did you mean `sources`?",
        ],
    ),
    (
        &["add-to", "poisoning", "title", "x"],
        &[
            "error[refused]: `title` of an event is not a list",
            " = help: the list fields of an event are actors, tags, sources, by, claims",
        ],
    ),
    (
        &["add-to", "may-statement", "tags", "x"],
        &[
            "error[refused]: a source has no field `tags`",
            " = help: the list fields of a source are by, claims",
        ],
    ),
    (
        &["add-to", "poisoning", "sources", "may-statment"],
        &[
            "error[refused]: no source has the id `may-statment`",
            " = help: did you mean `may-statement`?",
        ],
    ),
    (
        &["add-to", "visit", "claims", "allegd:russia"],
        &[
            "error[refused]: unknown claim status `allegd`",
            " = help: did you mean `alleged`?",
        ],
    ),
    (
        &["add-to", "visit", "claims", "alleged:rusia"],
        &[
            "error[refused]: no actor has the id `rusia`",
            " = help: did you mean `russia`?",
        ],
    ),
    (
        &["add-to", "visit", "claims", ":russia"],
        &[
            "error[refused]: `:russia` is not a position",
            " = help: write a position as `STATUS:ACTOR[,ACTOR…][+SOURCE[,SOURCE…]]`, e.g. `disputed:russia+lavrov-interview`",
        ],
    ),
    (
        &["add-to", "poisoning", "actors", "petrov:participant"],
        &["error[refused]: the event `poisoning` already has `petrov:participant` in `actors`"],
    ),
    (
        &["add-to", "poisoning", "actors", "petrov"],
        &[
            "error[refused]: `petrov` is not `ACTOR:ROLE`",
            " = help: write a participant as e.g. `navalny:defendant`, or `petrov:participant:alleged:uk-government` with a position",
        ],
    ),
    (
        &["add-to", "poisoning", "actors", "mi6:witnes"],
        &[
            "error[refused]: unknown role `witnes`",
            " = help: did you mean `witness`?",
        ],
    ),
    (
        &["add-to", "poisonin", "tags", "x"],
        &[
            "error[refused]: no entity has the id `poisonin`",
            " = help: did you mean `poisoning`?",
        ],
    ),
    (
        &[
            "add-to",
            "gru:perpetratr_of:poisoning",
            "claims",
            "alleged:mi6",
        ],
        &[
            "error[refused]: there is no relation `gru` perpetratr_of `poisoning`",
            " = help: did you mean `gru:perpetrator_of:poisoning`?",
        ],
    ),
    (
        &["remove-from", "visit", "tags", "novichok"],
        &[
            "error[refused]: the event `visit` has no `novichok` in `tags`",
            " = help: it has no `tags`",
        ],
    ),
    (
        &["add-to", "visit", "tags", "a", "a"],
        &["error[refused]: `a` is given twice"],
    ),
    (
        &["remove-from", "poisoning", "actors", "petrov:witness"],
        &[
            "error[refused]: the event `poisoning` has no `petrov:witness` in `actors`",
            " = help: did you mean `petrov:participant`?",
        ],
    ),
];

#[test]
fn bad_requests_are_refused_precisely_and_change_nothing() {
    let dir = claims_copy();
    crate::suite::common::assert_all_refused(dir.path(), REFUSED);
}

#[test]
fn a_new_position_shows_as_a_diff_under_dry_run() {
    let dir = claims_copy();
    let before = kb_text(dir.path());
    Test::new()
        .current_dir(dir.path())
        .data("kb")
        .args([
            "add-to",
            "gru:perpetrator_of:poisoning",
            "claims",
            "alleged:mi6",
            "--dry-run",
        ])
        .stdout(DRY_RUN)
        .run();
    assert_eq!(kb_text(dir.path()), before);
}

const DRY_RUN: &str = r#"--- a/kb.ron
+++ b/kb.ron
@@ -34,7 +34,8 @@
         Relation(from: "gru", kind: perpetrator_of, to: "poisoning",
                  claims: [Claim(status: alleged, by: ["uk-government"], sources: ["may-statement"]),
                           Claim(status: disputed, by: ["russia"], sources: ["lavrov-interview"],
-                                note: "Called the accusation absurd.")]),
+                                note: "Called the accusation absurd."),
+                          Claim(status: alleged, by: ["mi6"])]),
         Relation(from: "gru", kind: employed_by, to: "russia"),
         Relation(from: "petrov", kind: member_of, to: "gru",
                  status: alleged, by: ["uk-government"], sources: ["may-statement"]),
"#;
