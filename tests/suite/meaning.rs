//! One meaning per relation kind: a declared kind that `implies` a built-in one behaves
//! exactly like it in `timeline`, `render`, `chain` and `relate` (SPEC §4).
//!
//! Each test builds two twin KBs, one written with the built-in kinds and one with a
//! declared `my_<kind>` for each of them, runs the same command on both and compares
//! the outputs once the declared names are read back as the built-in ones.

use super::common::temp_kb;
use super::test::Test;

/// Every built-in event→event relation kind.
const KINDS: [&str; 13] = [
    "before",
    "after",
    "meets",
    "overlaps",
    "during",
    "contains",
    "starts",
    "finishes",
    "equals",
    "causes",
    "part_of",
    "follows",
    "responds_to",
];

/// Returns the name a twin KB writes for `kind`.
fn declared(kind: &str) -> String {
    format!("my_{kind}")
}

/// Returns a KB where each kind relates two events of one month, written so that id
/// order (`a-…` before `z-…`) is the opposite of the order the relation gives where it
/// orders them, plus a causal chain through three events.
fn kb_text(declare: bool) -> String {
    let name = |kind: &str| {
        if declare {
            declared(kind)
        } else {
            kind.to_string()
        }
    };
    let mut events = String::new();
    let mut relations = String::new();
    for (i, kind) in KINDS.iter().enumerate() {
        let month = format!("{}-{:02}", 2001 + i / 12, i % 12 + 1);
        events.push_str(&format!(
            "        Event(id: \"a-{i}\", title: \"Second of pair {i}\", date: \"{month}\"),\n\
             \x20       Event(id: \"z-{i}\", title: \"First of pair {i}\", date: \"{month}\"),\n"
        ));
        relations.push_str(&format!(
            "        Relation(from: \"z-{i}\", kind: {}, to: \"a-{i}\"),\n",
            name(kind)
        ));
    }
    events.push_str(
        "        Event(id: \"spark\", title: \"Spark\", date: \"2010-05\"),\n\
         \x20       Event(id: \"fire\", title: \"Fire\", date: \"2010-05\"),\n\
         \x20       Event(id: \"reply\", title: \"Reply\"),\n\
         \x20       Event(id: \"inquiry\", title: \"Inquiry\", date: \"2010-05/2010-09\"),\n\
         \x20       Event(id: \"hearing\", title: \"Hearing\"),\n",
    );
    for (from, kind, to) in [
        ("spark", "causes", "fire"),
        ("reply", "responds_to", "fire"),
        ("hearing", "part_of", "inquiry"),
        ("fire", "before", "inquiry"),
    ] {
        relations.push_str(&format!(
            "        Relation(from: \"{from}\", kind: {}, to: \"{to}\"),\n",
            name(kind)
        ));
    }
    let vocabulary = if declare {
        let kinds: Vec<String> = KINDS
            .iter()
            .map(|k| {
                format!(
                    "RelationKind(name: {}, from: event, to: event, implies: {k})",
                    declared(k)
                )
            })
            .collect();
        format!(
            "    vocabulary: Vocabulary(relation_kinds: [\n        {},\n    ]),\n",
            kinds.join(",\n        ")
        )
    } else {
        String::new()
    };
    format!(
        "Chronicle(\n    sources: [Source(id: \"s\", title: \"S\", date: \"2030\")],\n    events: [\n{events}    ],\n    relations: [\n{relations}    ],\n{vocabulary})\n"
    )
}

/// Runs `args` on both twins and asserts the outputs agree, declared names read as
/// built-in ones.
fn same_output(args: &[&str]) {
    let builtin = temp_kb(&[("kb.ron", kb_text(false).as_bytes())]);
    let custom = temp_kb(&[("kb.ron", kb_text(true).as_bytes())]);
    let run = |dir: &std::path::Path| {
        let out = Test::new().data(dir).args(args).execute();
        assert_eq!(
            out.status,
            0,
            "`annals {}` fails: {}",
            args.join(" "),
            out.stderr
        );
        format!("{}\n--- stderr\n{}", out.stdout, out.stderr)
    };
    let expected = run(builtin.path());
    let mut actual = run(custom.path());
    // Longest names first, so `my_before` is not read inside a longer name.
    let mut kinds = KINDS;
    kinds.sort_by_key(|k| std::cmp::Reverse(k.len()));
    for kind in kinds {
        actual = actual.replace(&declared(kind), kind);
    }
    let base = |dir: &std::path::Path, text: String| text.replace(&dir.display().to_string(), "KB");
    let (expected, actual) = (base(builtin.path(), expected), base(custom.path(), actual));
    assert!(
        expected == actual,
        "`annals {}` differs between built-in and declared kinds:\n{}",
        args.join(" "),
        super::test::diff(&expected, &actual)
    );
}

#[test]
fn the_twins_check_clean() {
    for declare in [false, true] {
        let dir = temp_kb(&[("kb.ron", kb_text(declare).as_bytes())]);
        let out = Test::new().data(dir.path()).args(["check"]).execute();
        assert_eq!(out.status, 0, "declared: {declare}: {}", out.stderr);
        assert!(!out.stderr.contains("error"), "{}", out.stderr);
    }
}

#[test]
fn timeline_orders_declared_kinds_like_builtin_ones() {
    for format in ["table", "json", "csv", "md"] {
        same_output(&["timeline", "--format", format]);
    }
}

#[test]
fn render_orders_declared_kinds_like_builtin_ones() {
    same_output(&["render"]);
    same_output(&["render", "--relations"]);
    same_output(&["render", "--lanes", "kind", "--relations"]);
}

#[test]
fn chain_follows_declared_kinds_like_builtin_ones() {
    for (id, way) in [("fire", "--up"), ("spark", "--down"), ("inquiry", "--down")] {
        same_output(&["chain", id, way]);
        same_output(&["--format", "json", "chain", id, way]);
    }
}

#[test]
fn relate_reads_declared_kinds_like_builtin_ones() {
    for i in 0..KINDS.len() {
        let (a, z) = (format!("a-{i}"), format!("z-{i}"));
        same_output(&["relate", &z, &a]);
        same_output(&["--format", "json", "relate", &z, &a]);
    }
    same_output(&["relate", "reply", "spark"]);
    same_output(&["between", "spark", "inquiry"]);
}
