//! Work linear in the input on the shapes that were once quadratic or worse (issue 11,
//! SPEC §8): each case is big enough that the old code took many seconds or never
//! finished. A generous timeout makes a regression fail instead of hang; nothing here
//! asserts a time.

use std::process::Output;
use std::time::Duration;

use annals::synth::hostile;

use super::common::{annals, stderr, stdout, temp_kb};

/// How long a case may run before it counts as hung (a debug build on a busy machine).
const PATIENCE: Duration = Duration::from_secs(120);

/// Runs `annals --data KB ARGS` on a KB of one file, killing it after [`PATIENCE`].
fn run_on(text: &str, args: &[&str]) -> Output {
    let dir = temp_kb(&[("kb.ron", text.as_bytes())]);
    let output = annals()
        .arg("--data")
        .arg(dir.path())
        .args(args)
        .timeout(PATIENCE)
        .output()
        .expect("annals runs");
    assert!(
        output.status.code().is_some(),
        "annals {args:?} did not finish within {PATIENCE:?}"
    );
    output
}

#[test]
fn a_long_chain_of_before_is_solved_in_one_pass() {
    // 40,000 links, dated at both ends so that the chain closes a cycle through the
    // origin of the time line: the old queue order took a pass per link.
    let output = run_on(&hostile::before_chain(40_000), &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).ends_with("40001 events, 40000 relations\nok\n"));
    let output = run_on(&hostile::before_chain(40_000), &["between", "e0", "e40000"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn many_diagnostics_on_one_line_are_located_without_rescanning_it() {
    // Non-ASCII titles, so that columns are counted in characters, not bytes.
    let text = hostile::one_line(50_000).replace("title: \"E\"", "title: \"É\"");
    let output = run_on(&text, &["check"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert_eq!(err.matches("warning[no-source]").count(), 20, "{err}");
    assert!(
        err.contains(
            "\nnote: 49980 more `no-source` warnings not shown (`annals check --all` shows every one)\n"
        ),
        "{err}"
    );
    assert!(err.ends_with("ok with 50000 warnings\n"), "{err}");
    let output = run_on(&text, &["--message-format", "json", "check"]);
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 50_000);
    let last: serde_json::Value = serde_json::from_str(lines[49_999]).expect("JSON");
    let byte = last["byte_start"].as_u64().expect("byte_start") as usize;
    let column = text[..byte].chars().count() + 1;
    assert_eq!(last["column"].as_u64(), Some(column as u64), "{last}");
}

#[test]
fn check_shows_twenty_diagnostics_of_a_code_unless_all() {
    let text = hostile::one_line(25);
    let output = run_on(&text, &["check"]);
    let err = stderr(&output);
    assert_eq!(err.matches("warning[no-source]").count(), 20, "{err}");
    assert!(err.contains(
        "\nnote: 5 more `no-source` warnings not shown (`annals check --all` shows every one)\n"
    ));
    let output = run_on(&text, &["check", "--all"]);
    let err = stderr(&output);
    assert_eq!(err.matches("warning[no-source]").count(), 25, "{err}");
    assert!(!err.contains("not shown"), "{err}");
}

#[test]
fn a_chain_over_a_dense_cyclic_graph_expands_each_event_once() {
    // Every ordered pair of 200 events linked by `causes`: the depth-first tree was 199
    // levels deep, its indentation cubic in the events.
    let k = 200;
    let output = run_on(&hostile::dense(k), &["chain", "e0", "--down"]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1 + (k - 1) + (k - 1) * (k - 1));
    let deepest = lines[1..]
        .iter()
        .map(|l| l.chars().take_while(|c| !matches!(c, '├' | '└')).count())
        .max();
    assert_eq!(deepest, Some(3), "{}", lines[..20].join("\n"));
    assert_eq!(
        out.matches("(see above)").count() + out.matches("(see below)").count(),
        (k - 1) * (k - 1)
    );
}
