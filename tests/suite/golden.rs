//! Every reading command's whole output pinned in golden files: one row of `CASES` per
//! command line, on the bundled KB (`data/`) and on the fixtures.
//!
//! A case `("dir/name", &[args…])` runs `annals args…` from the repository root and
//! compares stdout, stderr and the exit status with `tests/golden/dir/name.{stdout,
//! stderr,status}` (see `test.rs`). Adding a case is one line, then
//! `ANNALS_BLESS=1 cargo test golden` to write its files; review them before committing.

use crate::suite::test::{BLESS, Test, blessing, golden_dir};

const BCE: &str = "tests/fixtures/valid/bce";
const TIMES: &str = "tests/fixtures/valid/times";
const HOSTILE: &str = "tests/fixtures/valid/hostile";
const KINDS: &str = "tests/fixtures/time/kinds";
const CONTRADICTION: &str = "tests/fixtures/time/contradiction";
const DANGLING: &str = "tests/fixtures/invalid/dangling-reference";
const WARNINGS: &str = "tests/fixtures/invalid/warnings";
const JULIAN: &str = "tests/fixtures/valid/julian";
/// What a published timeline must get right (title, open interval, cosmological year).
const PUBLISH: &str = "tests/fixtures/draw/publish";
/// Every field of every record once.
const EVERY: &str = "tests/fixtures/valid/every-field";
/// A second real case, written as a new user would (the 2018 Salisbury poisoning).
const SALISBURY: &str = "examples/kb/salisbury";

/// Every golden case: its name under `tests/golden/` and the arguments of `annals`.
#[rustfmt::skip]
const CASES: &[(&str, &[&str])] = &[
    // check
    ("check/data", &["check"]),
    ("check/data-deny-warnings", &["check", "--deny", "warnings"]),
    ("check/data-quiet", &["-q", "check"]),
    ("check/data-json", &["check", "--message-format", "json"]),
    ("check/bce", &["--data", BCE, "check"]),
    ("check/times", &["--data", TIMES, "check"]),
    ("check/hostile", &["--data", HOSTILE, "check"]),
    ("check/hostile-json", &["--data", HOSTILE, "check", "--message-format", "json"]),
    ("check/kinds", &["--data", KINDS, "check"]),
    ("check/contradiction", &["--data", CONTRADICTION, "check"]),
    ("check/contradiction-json", &["--data", CONTRADICTION, "check", "--message-format", "json"]),
    ("check/data-include-claims", &["--include-claims", "check"]),
    ("check/dangling-json", &["--data", DANGLING, "check", "--message-format", "json"]),
    ("check/warnings-deny", &["--data", WARNINGS, "check", "--deny", "warnings"]),
    ("check/warnings-json", &["--data", WARNINGS, "check", "--message-format", "json"]),
    ("check/salisbury", &["--data", SALISBURY, "check"]),
    ("timeline/salisbury-csv", &["--data", SALISBURY, "timeline", "--format", "csv"]),
    ("chain/salisbury-down", &["--data", SALISBURY, "chain", "skripal-poisoning", "--down"]),
    ("check/missing-dir", &["--data", "tests/fixtures/no-such-kb", "check"]),
    // timeline
    ("timeline/data-table", &["timeline"]),
    ("timeline/data-json", &["timeline", "--format", "json"]),
    ("timeline/data-csv", &["timeline", "--format", "csv"]),
    ("timeline/data-md", &["timeline", "--format", "md"]),
    ("timeline/actor-yulia", &["timeline", "--actor", "yulia-navalnaya"]),
    ("timeline/actor-security-services-json", &["timeline", "--actor", "security-services", "--format", "json"]),
    ("timeline/kind-verdict-arrest", &["timeline", "--kind", "verdict", "--kind", "arrest"]),
    ("timeline/kind-md", &["timeline", "--kind", "statement", "--format", "md"]),
    ("timeline/tag-csv", &["timeline", "--tag", "parole", "--format", "csv"]),
    ("timeline/unknown-tag", &["timeline", "--tag", "novichok"]),
    ("timeline/from-to", &["timeline", "--from", "2020", "--to", "2020"]),
    ("timeline/from-to-strict-csv", &["timeline", "--from", "2021-01", "--to", "2021-01", "--strict", "--format", "csv"]),
    ("timeline/around-arrest", &["timeline", "--around", "arrest", "--depth", "1"]),
    ("timeline/around-arrest-json", &["timeline", "--around", "arrest", "--depth", "1", "--format", "json"]),
    ("timeline/status-alleged", &["timeline", "--status", "alleged"]),
    ("timeline/include-claims-csv", &["--include-claims", "timeline", "--format", "csv"]),
    ("timeline/unknown-actor", &["timeline", "--actor", "navalni"]),
    ("timeline/unknown-kind", &["timeline", "--kind", "verdic"]),
    ("timeline/bad-from", &["timeline", "--from", "2021-02-29"]),
    ("timeline/bce-table", &["--data", BCE, "timeline"]),
    ("timeline/bce-json", &["--data", BCE, "timeline", "--format", "json"]),
    ("timeline/times-table", &["--data", TIMES, "timeline"]),
    ("timeline/times-csv", &["--data", TIMES, "timeline", "--format", "csv"]),
    ("timeline/hostile-table", &["--data", HOSTILE, "timeline"]),
    ("timeline/hostile-csv", &["--data", HOSTILE, "timeline", "--format", "csv"]),
    ("timeline/hostile-md", &["--data", HOSTILE, "timeline", "--format", "md"]),
    ("timeline/kinds-json", &["--data", KINDS, "timeline", "--format", "json"]),
    ("timeline/kinds-table", &["--data", KINDS, "timeline"]),
    ("timeline/contradiction", &["--data", CONTRADICTION, "timeline"]),
    // show
    ("show/actor-table", &["show", "security-services"]),
    ("show/actor-json", &["show", "security-services", "--format", "json"]),
    ("show/actor-md", &["show", "security-services", "--format", "md"]),
    ("show/actor-navalny", &["show", "navalny"]),
    ("show/event-table", &["show", "sentencing"]),
    ("show/event-json", &["show", "sentencing", "--format", "json"]),
    ("show/event-md", &["show", "sentencing", "--format", "md"]),
    ("show/event-undated", &["show", "protests"]),
    ("show/event-duration", &["show", "house-arrest"]),
    ("show/event-duration-json", &["show", "house-arrest", "--format", "json"]),
    ("show/place-table", &["show", "russia"]),
    ("show/place-json", &["show", "russia", "--format", "json"]),
    ("show/place-md", &["show", "russia", "--format", "md"]),
    ("show/source-table", &["show", "seed-article"]),
    ("show/source-json", &["show", "seed-article", "--format", "json"]),
    ("show/source-md", &["show", "seed-article", "--format", "md"]),
    ("show/csv-refused", &["show", "russia", "--format", "csv"]),
    ("show/unknown", &["show", "navalni"]),
    ("show/bce-event", &["--data", BCE, "show", "ides"]),
    ("show/times-event", &["--data", TIMES, "show", "first-step"]),
    ("show/hostile-event", &["--data", HOSTILE, "show", "terminal"]),
    ("show/hostile-md", &["--data", HOSTILE, "show", "inject-html", "--format", "md"]),
    // stats
    ("stats/data-table", &["stats"]),
    ("stats/data-json", &["stats", "--format", "json"]),
    ("stats/data-csv", &["stats", "--format", "csv"]),
    ("stats/data-md", &["stats", "--format", "md"]),
    ("stats/bce", &["--data", BCE, "stats"]),
    // date
    ("date/month-approximate", &["date", "2020-08~"]),
    ("date/month-approximate-json", &["date", "2020-08~", "--format", "json"]),
    ("date/day", &["date", "2021-02-02"]),
    ("date/julian-october", &["date", "1917-10-25", "--calendar", "julian"]),
    ("date/julian-ides-json", &["date", "-0043-03-15", "--calendar", "julian", "--format", "json"]),
    ("date/julian-switch", &["date", "1582-10-05", "--calendar", "julian"]),
    ("date/julian-month", &["date", "1917-10", "--calendar", "julian"]),
    ("timeline/julian-table", &["--data", JULIAN, "timeline"]),
    ("timeline/julian-json", &["--data", JULIAN, "timeline", "--format", "json"]),
    ("show/julian-event", &["--data", JULIAN, "show", "storming"]),
    ("show/julian-actor", &["--data", JULIAN, "show", "caesar"]),
    ("between/julian", &["--data", JULIAN, "between", "storming", "decree"]),
    ("export/julian-dot", &["--data", JULIAN, "export", "dot"]),
    ("date/day-json", &["date", "2021-02-02", "--format", "json"]),
    ("date/interval", &["date", "2020-08-20/2021-01-17"]),
    ("date/open-interval-json", &["date", "2020-08/..", "--format", "json"]),
    ("date/unknown-end", &["date", "2020-08/"]),
    ("date/bce", &["date", "-0043-03-15"]),
    ("date/time-offset", &["date", "1949-10-01T15:00:00+08:00"]),
    ("date/unspecified", &["date", "201X"]),
    ("date/one-of-json", &["date", "[2020,2022]", "--format", "json"]),
    ("date/season", &["date", "2001-21"]),
    ("date/season-day", &["date", "1849-21-XX"]),
    ("date/season-day-words", &["date", "a day in about Spring 1849?"]),
    ("date/one-of-spaced", &["date", "[1858, 1860]"]),
    ("date/one-of-spaced-json", &["date", "[1858, 1860]", "--format", "json"]),
    // EDTF first: `1858/1860` is an interval; in words (natlang corpus) it is `[1858, 1860]`.
    ("date/slashed-years-is-edtf", &["date", "1858/1860"]),
    ("date/long-year-json", &["date", "Y170000002", "--format", "json"]),
    ("date/leap-error", &["date", "2021-02-29"]),
    ("date/leap-error-json", &["date", "2021-02-29", "--format", "json"]),
    ("date/words", &["date", "17 January 2021"]),
    ("date/words-early", &["date", "early March 2018"]),
    ("date/words-time-json", &["date", "4 March 2018 11:48 GMT", "--format", "json"]),
    ("date/words-circa-json", &["date", "circa Feb 1812", "--format", "json"]),
    ("date/words-range", &["date", "between 1 and 3 March 2018"]),
    ("date/words-ambiguous", &["date", "04/03/2018"]),
    ("date/words-ambiguous-json", &["date", "04/03/2018", "--format", "json"]),
    ("date/uncertain-approximate", &["date", "2004-06-11%"]),
    ("date/level2-rejected", &["date", "1950S2"]),
    ("date/level2-qualifier-inside", &["date", "2004-06-~11"]),
    ("date/csv-refused", &["date", "2020", "--format", "csv"]),
    // path
    ("path/table", &["path", "yulia-navalnaya", "security-services"]),
    ("path/json", &["path", "yulia-navalnaya", "security-services", "--format", "json"]),
    ("path/source", &["path", "seed-article", "arrest"]),
    ("path/max-hops-1", &["path", "yulia-navalnaya", "security-services", "--max-hops", "1"]),
    ("path/unknown", &["path", "yulia", "putin"]),
    ("path/md-refused", &["path", "navalny", "putin", "--format", "md"]),
    // chain
    ("chain/down", &["chain", "sentencing", "--down"]),
    ("chain/down-json", &["chain", "sentencing", "--down", "--format", "json"]),
    ("chain/up", &["chain", "protest-detentions", "--up"]),
    ("chain/up-json", &["chain", "protest-detentions", "--format", "json"]),
    ("chain/kinds", &["chain", "sentencing", "--down", "--kinds", "follows"]),
    ("chain/not-an-event", &["chain", "navalny"]),
    ("chain/csv-refused", &["chain", "sentencing", "--format", "csv"]),
    // between
    ("between/exact", &["between", "arrest", "sentencing"]),
    ("between/exact-json", &["between", "arrest", "sentencing", "--format", "json"]),
    ("between/bounds", &["between", "poisoning", "sentencing"]),
    ("between/bounds-json", &["between", "poisoning", "sentencing", "--format", "json"]),
    ("between/backwards", &["between", "sentencing", "poisoning"]),
    ("between/times", &["--data", TIMES, "between", "launch", "splashdown"]),
    ("between/bce-json", &["--data", BCE, "between", "rubicon", "ides", "--format", "json"]),
    ("between/not-an-event", &["between", "navalny", "arrest"]),
    // relate
    ("relate/before", &["relate", "poisoning", "arrest"]),
    ("relate/before-json", &["relate", "poisoning", "arrest", "--format", "json"]),
    ("relate/possible", &["relate", "sentencing", "court-session"]),
    ("relate/possible-json", &["relate", "sentencing", "court-session", "--format", "json"]),
    ("relate/instants", &["--data", TIMES, "relate", "first-step", "aldrin-step"]),
    ("relate/unknown", &["relate", "poisonning", "arrest"]),
    // export
    ("export/dot", &["export", "dot"]),
    ("export/dot-sources", &["export", "dot", "--sources", "--title", "Sources"]),
    ("export/dot-around", &["export", "dot", "--around", "arrest", "--depth", "1"]),
    ("export/json", &["export", "json"]),
    ("export/json-kind", &["export", "json", "--kind", "verdict"]),
    ("export/csv", &["export", "csv"]),
    ("export/timelinejs", &["export", "timelinejs"]),
    ("export/timelinejs-bce", &["--data", BCE, "export", "timelinejs"]),
    ("export/timelinejs-kind", &["export", "timelinejs", "--group", "kind"]),
    ("export/timelinejs-publish", &["--data", PUBLISH, "export", "timelinejs", "--group", "actor"]),
    ("export/timelinejs-julian", &["--data", JULIAN, "export", "timelinejs"]),
    ("export/html", &["export", "html"]),
    ("export/html-hostile", &["--data", HOSTILE, "export", "html", "--title", "<Hostile & co>"]),
    ("export/json-times", &["--data", TIMES, "export", "json"]),
    ("export/json-every-field", &["--data", EVERY, "export", "json"]),
    // render
    ("render/data", &["render"]),
    ("render/data-kinds-relations", &["render", "--lanes", "kind", "--relations", "--title", "Kinds"]),
    ("render/around", &["render", "--around", "poisoning", "--depth", "1", "--width", "800"]),
    ("render/times", &["--data", TIMES, "render"]),
    ("render/kinds", &["--data", KINDS, "render", "--relations"]),
    ("render/window", &["render", "--from", "2021-01-01", "--width", "1000"]),
];

/// Runs every case whose name starts with one of `prefixes`, reporting all failures
/// at once.
fn cases(prefixes: &[&str]) {
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, args) in CASES
        .iter()
        .filter(|(n, _)| prefixes.iter().any(|p| n.starts_with(p)))
    {
        count += 1;
        if let Err(message) = three_ways(name, args) {
            failures.push(format!("case `{name}`: {message}"));
        }
    }
    assert!(count > 0, "no golden case starts with {prefixes:?}");
    assert!(
        failures.is_empty(),
        "{} of {count} golden cases differ{}:\n\n{}",
        failures.len(),
        if blessing() {
            String::new()
        } else {
            format!(" ({BLESS}=1 rewrites them)")
        },
        failures.join("\n\n")
    );
}

/// Runs a case with an empty cache (the run that fills it), again (the run that reads
/// it) and with `--no-cache`: the three answers must each be the golden one (SPEC §8).
fn three_ways(name: &str, args: &[&str]) -> Result<(), String> {
    if blessing() {
        return Test::new().args(args).golden(name).check().map(|_| ());
    }
    let cache = tempfile::tempdir().expect("cache directory");
    for run in ["filling the cache", "reading the cache"] {
        Test::new()
            .env("ANNALS_CACHE_DIR", cache.path())
            .args(args)
            .golden(name)
            .check()
            .map_err(|m| format!("{run}: {m}"))?;
    }
    Test::new()
        .arg("--no-cache")
        .args(args)
        .golden(name)
        .check()
        .map(|_| ())
        .map_err(|m| format!("with --no-cache: {m}"))
}

#[test]
fn golden_check() {
    cases(&["check/"]);
}

#[test]
fn golden_timeline() {
    cases(&["timeline/"]);
}

#[test]
fn golden_timeline_wraps_to_columns() {
    Test::new()
        .env("COLUMNS", "120")
        .arg("timeline")
        .golden("timeline/data-columns-120")
        .run();
}

#[test]
fn golden_show() {
    cases(&["show/"]);
}

#[test]
fn golden_stats_and_date() {
    cases(&["stats/", "date/"]);
}

#[test]
fn golden_graph_queries() {
    cases(&["path/", "chain/"]);
}

#[test]
fn golden_time_queries() {
    cases(&["between/", "relate/"]);
}

#[test]
fn golden_export_and_render() {
    cases(&["export/", "render/"]);
}

#[test]
fn every_case_has_one_name_and_every_golden_file_a_case() {
    let mut names: Vec<&str> = CASES.iter().map(|(n, _)| *n).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "two golden cases share a name");
    let prefixes = [
        "check/",
        "timeline/",
        "show/",
        "stats/",
        "date/",
        "path/",
        "chain/",
        "between/",
        "relate/",
        "export/",
        "render/",
    ];
    for name in &names {
        assert!(
            prefixes.iter().any(|p| name.starts_with(p)),
            "golden case `{name}` is run by no test"
        );
    }
    // Golden files that no case writes are stale: `check/invalid/` belongs to
    // diagnostics.rs, `timeline/data-columns-120` to its own test above.
    let root = golden_dir();
    let mut orphans = Vec::new();
    for prefix in prefixes {
        let Ok(entries) = std::fs::read_dir(root.join(prefix)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("golden entry").path();
            if path.is_dir() {
                continue;
            }
            let stem = path.file_stem().expect("file name").to_string_lossy();
            let name = format!("{prefix}{stem}");
            if !names.contains(&name.as_str()) && name != "timeline/data-columns-120" {
                orphans.push(path.display().to_string());
            }
        }
    }
    assert!(orphans.is_empty(), "golden files of no case: {orphans:?}");
}
