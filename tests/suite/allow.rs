//! Allowing a warning code KB-wide (SPEC §6): `allow: [...]` in any file.

use crate::suite::common::temp_kb;
use crate::suite::test::Test;

const KB: &str = r#"Chronicle(
    allow: ["no-source", "unused-actr", "dangling-reference"],
    actors: [Actor(id: "ann", name: "Ann")],
    events: [Event(id: "e1", title: "One", date: "2021-01-01", actors: [("ann", subject)])],
)
"#;

#[test]
fn an_allowed_warning_is_silent_in_every_file() {
    let kb = temp_kb(&[
        ("a.ron", br#"Chronicle(allow: ["no-source"])"#),
        (
            "b.ron",
            br#"Chronicle(events: [Event(id: "e1", title: "One", date: "2021-01-01")])"#,
        ),
    ]);
    Test::new()
        .data(kb.path())
        .args(["-q", "check", "--deny", "warnings"])
        .run();
}

#[test]
fn an_allow_entry_that_names_no_warning_is_an_error() {
    let kb = temp_kb(&[("a.ron", KB.as_bytes())]);
    let out = Test::new()
        .data(kb.path())
        .args(["-q", "check"])
        .status(1)
        .execute();
    assert_eq!(out.status, 1);
    let path = kb.path().join("a.ron");
    let expected = format!(
        "error[unknown-warning-code]: `unused-actr` is not a warning code annals gives
  ┌─ {p}:2:26
  │
2 │     allow: [\"no-source\", \"unused-actr\", \"dangling-reference\"],
  │                          ^^^^^^^^^^^^^ allowed here
  │
  = help: did you mean `unused-actor`?

error[unknown-warning-code]: `dangling-reference` is not a warning code annals gives
  ┌─ {p}:2:41
  │
2 │     allow: [\"no-source\", \"unused-actr\", \"dangling-reference\"],
  │                                         ^^^^^^^^^^^^^^^^^^^^ allowed here
  │
  = help: errors cannot be allowed; the warning codes are date-out-of-range, duplicate-term, empty-file, mixed-zones, no-source, unused-actor

",
        p = path.display()
    );
    assert_eq!(out.stderr, expected);
}
