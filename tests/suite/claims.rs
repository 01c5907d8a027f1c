//! Claims as positions, pinned on a KB with a two-position edge and a claimed event:
//! every output shows the positions, and only a flag makes a contested edge count.

use super::test::Test;

const KB: &str = "tests/fixtures/valid/claims";

/// Each case: golden name and arguments.
const CASES: &[(&str, &[&str])] = &[
    ("claims/show-poisoning", &["show", "poisoning"]),
    ("claims/show-gru-json", &["show", "gru", "--format", "json"]),
    ("claims/timeline-table", &["timeline"]),
    ("claims/timeline-json", &["timeline", "--format", "json"]),
    ("claims/timeline-csv", &["timeline", "--format", "csv"]),
    ("claims/timeline-md", &["timeline", "--format", "md"]),
    ("claims/export-json", &["export", "json"]),
    ("claims/export-csv", &["export", "csv"]),
    ("claims/export-timelinejs", &["export", "timelinejs"]),
    ("claims/export-html", &["export", "html"]),
    ("claims/export-dot", &["export", "dot"]),
    ("claims/render", &["render"]),
    ("claims/stats", &["stats"]),
    ("claims/path", &["path", "petrov", "russia"]),
    (
        "claims/path-include",
        &["path", "petrov", "russia", "--include-claims"],
    ),
    (
        "claims/path-uk",
        &[
            "path",
            "petrov",
            "russia",
            "--according-to",
            "uk-government",
        ],
    ),
    (
        "claims/path-russia",
        &["path", "petrov", "russia", "--according-to", "russia"],
    ),
    ("claims/chain", &["chain", "poisoning"]),
    (
        "claims/chain-include",
        &["chain", "poisoning", "--include-claims"],
    ),
    (
        "claims/chain-uk",
        &["chain", "poisoning", "--according-to", "uk-government"],
    ),
    (
        "claims/check-uk",
        &["check", "--according-to", "uk-government"],
    ),
];

#[test]
fn every_output_shows_the_positions() {
    let mut failures = Vec::new();
    for (name, args) in CASES {
        if let Err(message) = Test::new().data(KB).args(*args).golden(*name).check() {
            failures.push(format!("case `{name}`: {message}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_contradiction_appears_only_in_russia_s_version() {
    Test::new()
        .data(KB)
        .arg("check")
        .golden("claims/check")
        .run();
    Test::new()
        .data(KB)
        .args(["check", "--according-to", "russia"])
        .golden("claims/check-russia")
        .run();
}
