//! The reading commands on the bundled KB and the valid fixtures: timeline with every
//! filter and format, show, stats, global flags and exit codes.

use unicode_width::UnicodeWidthStr;

use crate::suite::common::{annals, run, stderr, stdout};
use crate::suite::test::Test;

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&Test::new().args(args).stdout_text()).expect("stdout is JSON")
}

fn timeline_ids(args: &[&str]) -> Vec<String> {
    let mut all = vec!["timeline", "--format", "json"];
    all.extend_from_slice(args);
    json(&all)
        .as_array()
        .expect("a list")
        .iter()
        .map(|row| row["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn bundled_kb_checks_clean() {
    let output = run(&["check", "--deny", "warnings"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).ends_with("ok\n"), "{}", stderr(&output));
}

#[test]
fn timeline_json_rows_carry_the_documented_fields() {
    let rows = json(&["timeline", "--format", "json"]);
    let rows = rows.as_array().expect("a list");
    let sentencing = rows
        .iter()
        .find(|r| r["id"] == "sentencing")
        .expect("sentencing is listed");
    assert_eq!(sentencing["date"], "2021-02-02");
    assert_eq!(sentencing["start"], "2021-02-02");
    assert_eq!(sentencing["end"], "2021-02-02");
    assert_eq!(sentencing["kind"], "verdict");
    assert!(
        sentencing["title"]
            .as_str()
            .expect("title")
            .contains("2 years 8 months")
    );
    let actors = sentencing["actors"].as_array().expect("actors");
    assert!(
        actors
            .iter()
            .any(|a| a["id"] == "navalny" && a["role"] == "defendant")
    );
}

#[test]
fn timeline_orders_the_navalny_case() {
    let ids = timeline_ids(&[]);
    let at = |id: &str| {
        ids.iter()
            .position(|i| i == id)
            .unwrap_or_else(|| panic!("{id} missing from {ids:?}"))
    };
    assert!(at("conviction-2014") < at("poisoning"));
    assert!(at("poisoning") < at("arrest"));
    assert!(at("arrest") < at("sentencing"));
}

#[test]
fn timeline_sorts_bce_dates_and_times_of_day() {
    assert_eq!(
        timeline_ids(&["--data", "tests/fixtures/valid/bce"]),
        ["rubicon", "civil-war", "ides", "actium", "augustus-death"]
    );
    assert_eq!(
        timeline_ids(&["--data", "tests/fixtures/valid/times"]),
        [
            "launch",
            "landing",
            "eva-day",
            "first-step",
            "aldrin-step",
            "splashdown"
        ]
    );
}

#[test]
fn timeline_filters_by_actor_kind_tag_and_dates() {
    let yulia = timeline_ids(&["--actor", "yulia-navalnaya"]);
    assert!(yulia.contains(&"heart-gestures".to_string()), "{yulia:?}");
    assert!(!yulia.contains(&"poisoning".to_string()), "{yulia:?}");
    // An actor related to an event by a relation (an alleged perpetrator) counts too.
    assert!(timeline_ids(&["--actor", "security-services"]).contains(&"poisoning".to_string()));
    assert_eq!(
        timeline_ids(&["--kind", "verdict"]),
        ["conviction-2014", "sentencing"]
    );
    assert_eq!(
        timeline_ids(&["--kind", "attack", "--kind", "arrest"]),
        ["poisoning", "arrest"]
    );
    let window = timeline_ids(&["--from", "2021-01", "--to", "2021-01", "--strict"]);
    assert_eq!(window, ["arrest", "return-to-russia"]);
    let possibly = timeline_ids(&["--from", "2020", "--to", "2020"]);
    assert!(possibly.contains(&"poisoning".to_string()));
    assert!(!possibly.contains(&"arrest".to_string()), "{possibly:?}");
    assert!(
        !possibly.contains(&"conviction-2014".to_string()),
        "{possibly:?}"
    );
}

#[test]
fn timeline_filters_by_tag() {
    let ids = timeline_ids(&["--data", "tests/fixtures/valid/hostile", "--tag", "тег"]);
    assert_eq!(ids, ["cyrillic"]);
}

#[test]
fn unknown_filter_values_exit_1_with_did_you_mean() {
    let output = run(&["timeline", "--actor", "navalni"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("did you mean `navalny`?"),
        "{}",
        stderr(&output)
    );
    let output = run(&["timeline", "--kind", "verdcit"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("did you mean `verdict`?"),
        "{}",
        stderr(&output)
    );
    let output = run(&["timeline", "--from", "2021-02-30"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--from"), "{}", stderr(&output));
}

#[test]
fn timeline_table_fits_80_columns_with_cyrillic_text() {
    for data in ["data", "tests/fixtures/valid/hostile"] {
        let output = run(&["--data", data, "timeline"]);
        let text = stdout(&output);
        assert!(text.lines().count() > 3, "{text}");
        for line in text.lines() {
            assert!(line.width() <= 80, "{} columns: {line}", line.width());
        }
    }
}

#[test]
fn timeline_table_masks_terminal_control_characters() {
    let text = stdout(&run(&[
        "--data",
        "tests/fixtures/valid/hostile",
        "timeline",
    ]));
    assert!(
        !text.contains('\u{1b}'),
        "an escape sequence reached the terminal"
    );
    assert!(!text.contains('\u{7}'));
    assert!(text.contains("cleared"));
}

#[test]
fn csv_quotes_what_needs_quoting_and_round_trips() {
    let text = stdout(&run(&[
        "--data",
        "tests/fixtures/valid/hostile",
        "timeline",
        "--format",
        "csv",
    ]));
    let rows = parse_csv(&text);
    assert_eq!(
        rows[0],
        [
            "id", "date", "start", "end", "inferred", "duration", "kind", "title", "actors",
            "place", "tags", "sources", "status"
        ]
    );
    let titles: Vec<&str> = rows[1..].iter().map(|r| r[7].as_str()).collect();
    assert!(titles.contains(&"\"]; a -> b [label=\""), "{titles:?}");
    assert!(
        titles.contains(&"line one\nline two\r\nline | three"),
        "{titles:?}"
    );
    assert!(rows[1..].iter().all(|r| r.len() == 13));
    assert!(
        rows[1..]
            .iter()
            .any(|r| r[0] == "inject-dot" && r[8] == "mallory:perpetrator")
    );
}

/// A strict RFC 4180 reader, so the test does not trust the writer's own rules.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn markdown_escapes_html_and_pipes() {
    let text = stdout(&run(&[
        "--data",
        "tests/fixtures/valid/hostile",
        "timeline",
        "--format",
        "md",
    ]));
    assert!(!text.contains("<script>"), "{text}");
    assert!(text.contains("&lt;script&gt;"), "{text}");
    for line in text.lines() {
        let unescaped_pipes = line
            .match_indices('|')
            .filter(|(i, _)| !line[..*i].ends_with('\\'))
            .count();
        assert_eq!(unescaped_pipes, 5, "a row of four cells: {line}");
    }
}

#[test]
fn json_keeps_hostile_text_exactly() {
    let rows = json(&[
        "--data",
        "tests/fixtures/valid/hostile",
        "timeline",
        "--format",
        "json",
    ]);
    let titles: Vec<&str> = rows
        .as_array()
        .expect("list")
        .iter()
        .map(|r| r["title"].as_str().expect("title"))
        .collect();
    assert!(titles.contains(&"<script>alert(1)</script> & <b>bold</b>"));
    assert!(titles.contains(&"\u{1b}[2J\u{1b}[31mcleared\u{7}"));
    assert!(titles.contains(&"Навальный приговорён — «кавычки»"));
}

#[test]
fn show_lists_fields_and_edges_with_claim_status() {
    let text = stdout(&run(&["show", "security-services"]));
    assert!(text.contains("perpetrator_of event `poisoning`"), "{text}");
    assert!(
        text.contains("alleged by Alexei Navalny, Navalny's allies"),
        "{text}"
    );
    let v = json(&["show", "poisoning", "--format", "json"]);
    assert_eq!(v["type"], "event");
    assert_eq!(v["date"]["start"], "2020-08-01");
    assert_eq!(v["date"]["end"], "2020-08-31");
    let incoming = v["in"].as_array().expect("edges in");
    let alleged = incoming
        .iter()
        .find(|e| e["id"] == "security-services")
        .expect("the allegation");
    assert_eq!(alleged["status"], "alleged");
    assert_eq!(
        alleged["claims"][0]["by"],
        serde_json::json!(["navalny", "navalny-allies"])
    );
    let v = json(&["show", "house-arrest", "--format", "json"]);
    assert_eq!(v["duration"]["iso"], "P10M");
    assert_eq!(v["duration"]["text"], "10 months");
}

#[test]
fn show_unknown_id_exits_1_with_did_you_mean() {
    let output = run(&["show", "sentencin"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("did you mean `sentencing`?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn stats_counts_match_the_kb() {
    let v = json(&["stats", "--format", "json"]);
    let rows = json(&["timeline", "--format", "json"]);
    assert_eq!(
        v["entities"]["events"],
        rows.as_array().expect("list").len()
    );
    assert_eq!(v["relation_kinds"]["spouse_of"], 1);
    assert!(v["claim_statuses"]["alleged"].as_u64().expect("alleged") >= 1);
    let text = stdout(&run(&["stats"]));
    assert!(text.contains("claim status"), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        run(&["timeline", "--format", "yaml"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["show"]).status.code(), Some(2));
    assert_eq!(run(&["--help"]).status.code(), Some(0));
}

#[test]
fn global_flags_go_before_or_after_the_command_and_data_comes_from_the_environment() {
    let before = stdout(&run(&[
        "--format",
        "json",
        "--data",
        "tests/fixtures/valid/bce",
        "timeline",
    ]));
    let after = stdout(&run(&[
        "timeline",
        "--data",
        "tests/fixtures/valid/bce",
        "--format",
        "json",
    ]));
    assert_eq!(before, after);
    let output = annals()
        .env("ANNALS_DATA", "tests/fixtures/valid/bce")
        .args(["timeline", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(stdout(&output), before);
}

#[test]
fn a_missing_kb_directory_exits_1_with_a_message() {
    let output = run(&["--data", "no/such/dir", "timeline"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no/such/dir"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = run(&["--data", "tests/fixtures/invalid/syntax", "check"]);
    assert!(!stderr(&plain).contains('\u{1b}'));
    let coloured = run(&[
        "--data",
        "tests/fixtures/invalid/syntax",
        "--color",
        "always",
        "check",
    ]);
    assert!(
        stderr(&coloured).contains("\u{1b}["),
        "{}",
        stderr(&coloured)
    );
}

#[test]
fn reading_commands_refuse_a_broken_kb() {
    let output = run(&[
        "--data",
        "tests/fixtures/invalid/dangling-reference",
        "timeline",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).contains("error[dangling-reference]"));
}

#[test]
fn date_filters_use_inferred_bounds_for_undated_events() {
    // The protests have no date; they follow the verdict of 2021-02-02.
    assert!(!timeline_ids(&["--to", "2020"]).contains(&"protests".to_string()));
    assert!(timeline_ids(&["--from", "2021-02"]).contains(&"protests".to_string()));
    assert!(timeline_ids(&["--from", "2021-02", "--strict"]).contains(&"protests".to_string()));
    // Its end is unknown, so it does not lie certainly within February.
    assert!(
        !timeline_ids(&["--from", "2021-02", "--to", "2021-02", "--strict"])
            .contains(&"protests".to_string())
    );
}

#[test]
fn a_reversed_window_and_formats_a_command_lacks_are_refused() {
    let output = run(&["timeline", "--from", "2022", "--to", "2021"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("reversed"), "{}", stderr(&output));
    assert_eq!(
        run(&["date", "2020", "--format", "csv"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["show", "arrest", "--format", "csv"]).status.code(),
        Some(2)
    );
}

/// `annals completions bash` is a script bash accepts and that registers `annals`.
#[test]
fn bash_completions_register_annals() {
    let script = crate::suite::test::Test::new()
        .args(["completions", "bash"])
        .stdout_text();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("annals.bash");
    std::fs::write(&path, script).expect("the script is written");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("source '{}' && complete -p annals", path.display()))
        .output()
        .expect("bash runs");
    let registered = String::from_utf8_lossy(&out.stdout);
    // The order of the options varies with bash's version.
    assert!(
        registered.contains("-F _annals") && registered.trim_end().ends_with(" annals"),
        "{registered}"
    );
}

/// `annals man` is a roff page naming every subcommand in a section of its own.
#[test]
fn the_man_page_has_a_section_per_command() {
    let page = crate::suite::test::Test::new().arg("man").stdout_text();
    assert!(
        page.contains("\n.TH annals 1"),
        "{}",
        &page[..200.min(page.len())]
    );
    for command in [
        "CHECK",
        "TIMELINE",
        "SHOW",
        "DATE",
        "BETWEEN",
        "RENDER",
        "COMPLETIONS",
    ] {
        assert!(
            page.contains(&format!(".SH \"ANNALS {command}\"")),
            "a section for {command}"
        );
    }
}
