//! Checks dates in words against the natural-language corpus: each phrase gives exactly
//! the expected EDTF (or is refused for `NONE`), with the expected strict bounds.

use annals::date::natural::{NaturalError, parse};
use annals::date::{Bound, Edtf, Point, format_day};

const VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/conformance/edtf/natlang_vectors.tsv"
));

/// Rows where annals writes another form than the corpus, each for a reason the report
/// gives; every other row must match exactly.
const DEVIATIONS: [(&str, Deviation); 2] = [
    // SPEC §3 numbers years astronomically: 64 BCE is `-0063`, not python-edtf's `-0064`.
    ("c64 BCE", Deviation::Renumbers("-0063~")),
    // Month first or day first? Refused with both readings, never guessed.
    (
        "10/7/2008",
        Deviation::Ambiguous("2008-10-07", "2008-07-10"),
    ),
];

/// How annals departs from one row.
#[derive(Clone, Copy)]
enum Deviation {
    /// Writes this EDTF for another year than the corpus, whose bounds are then not ours.
    Renumbers(&'static str),
    /// Refuses the phrase as ambiguous, with these readings (month first, day first).
    Ambiguous(&'static str, &'static str),
}

/// Compares one bound with the corpus notation; `None` when it matches.
fn bound_mismatch(which: &str, expected: &str, actual: Bound) -> Option<String> {
    let matches = match actual {
        Bound::At(Point { day, .. }) => format_day(day) == expected,
        _ => false,
    };
    (!matches).then(|| format!("{which} {actual:?}, expected {expected}"))
}

/// Checks the strict bounds of `edtf` against a row; an unknown interval end (empty)
/// must be unknown, where the corpus holds python-edtf's 10-year padding.
fn bounds(edtf: &str, lower: &str, upper: &str) -> Vec<String> {
    let Ok(e) = Edtf::parse(edtf) else {
        return vec![format!("`{edtf}` is not EDTF annals reads")];
    };
    if lower.is_empty() || lower.starts_with("ERR") {
        return Vec::new();
    }
    let side = |empty: bool, expected: &str, actual: Bound, which: &str| {
        if empty {
            (actual != Bound::Unknown).then(|| format!("{which} {actual:?}, expected Unknown"))
        } else {
            bound_mismatch(which, expected, actual)
        }
    };
    [
        side(edtf.starts_with('/'), lower, e.lower(), "lower"),
        side(edtf.ends_with('/'), upper, e.upper(), "upper"),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Checks one row; returns what failed.
fn check(text: &str, expected: &str, lower: &str, upper: &str) -> Vec<String> {
    let deviation = DEVIATIONS.iter().find(|(t, _)| *t == text).map(|(_, d)| *d);
    let got = parse(text);
    match (deviation, got) {
        (
            Some(Deviation::Ambiguous(m, d)),
            Err(NaturalError::Ambiguous {
                month_first,
                day_first,
            }),
        ) => {
            if (month_first.as_str(), day_first.as_str()) != (m, d) || ![m, d].contains(&expected) {
                return vec![format!("readings {month_first} and {day_first}")];
            }
            bounds(expected, lower, upper)
        }
        (Some(Deviation::Renumbers(ours)), Ok(edtf)) if edtf == ours => Vec::new(),
        (None, Err(NaturalError::NotADate)) if expected == "NONE" => Vec::new(),
        (None, Ok(edtf)) if edtf == expected => bounds(&edtf, lower, upper),
        (_, got) => vec![format!("got {got:?}, expected {expected}")],
    }
}

#[test]
fn natural_language_corpus() {
    let mut failures = Vec::new();
    let mut rows = 0;
    for (i, line) in VECTORS.split('\n').enumerate().skip(1) {
        if line.is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            cols.len(),
            6,
            "line {}: expected 6 columns: {line:?}",
            i + 1
        );
        rows += 1;
        for failure in check(cols[0], cols[1], cols[4], cols[5]) {
            failures.push(format!("line {}: `{}`: {failure}", i + 1, cols[0]));
        }
    }
    assert_eq!(rows, 136, "the corpus has 136 phrases");
    println!(
        "natlang conformance: {rows} rows, {} written as the corpus has them, {} deviations, {} failures",
        rows - DEVIATIONS.len(),
        DEVIATIONS.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {rows} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn deviations_are_still_in_the_corpus() {
    // If the corpus changes, the list above should follow.
    for (text, _) in DEVIATIONS {
        assert!(
            VECTORS.lines().any(|l| l.split('\t').next() == Some(text)),
            "`{text}`"
        );
    }
}
