//! No input makes annals panic, hang or overflow its stack; the files annals accepts
//! are real RON.

use std::path::PathBuf;

use proptest::prelude::*;

use crate::suite::common::{repo, run, stderr, temp_kb};

fn check(dir: &tempfile::TempDir) -> (Option<i32>, String) {
    let path = dir.path().to_string_lossy().to_string();
    let output = run(&["--data", &path, "check"]);
    (output.status.code(), stderr(&output))
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!(
        "Chronicle(events: {}{})",
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    let deeper = format!(
        "Chronicle(actors: [Actor(id: \"a\", name: \"A\", attrs: {}",
        "{(".repeat(200_000)
    );
    let dir = temp_kb(&[
        ("deep.ron", deep.as_bytes()),
        ("deeper.ron", deeper.as_bytes()),
    ]);
    let (code, text) = check(&dir);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("deep.ron:1:20"), "{text}");
    assert!(text.contains("deeper.ron:1:"), "{text}");
    // The 400,000-character lines are named, not printed.
    assert!(text.len() < 5_000, "{} bytes of diagnostics", text.len());
}

#[test]
fn invalid_utf8_is_reported_at_its_position() {
    let dir = temp_kb(&[(
        "bad.ron",
        b"Chronicle(\n  sources: [Source(id: \"s\", title: \"\xff\xfe\")],\n)\n",
    )]);
    let (code, text) = check(&dir);
    assert_eq!(code, Some(1));
    assert!(text.contains("error[invalid-utf8]"), "{text}");
    assert!(text.contains("bad.ron:2:37"), "{text}");
}

#[test]
fn a_ten_megabyte_string_loads() {
    let text = format!(
        "Chronicle(sources: [Source(id: \"big\", title: \"{}\")])",
        "x".repeat(10_000_000)
    );
    let dir = temp_kb(&[("big.ron", text.as_bytes())]);
    assert_eq!(check(&dir).0, Some(0));
}

#[test]
fn empty_and_non_ron_files_are_diagnosed() {
    let dir = temp_kb(&[
        ("empty.ron", b""),
        ("html.ron", b"<html><body>hi</body></html>"),
        ("json.ron", b"{\"events\": []}"),
    ]);
    let (code, text) = check(&dir);
    assert_eq!(code, Some(1));
    assert!(text.contains("warning[empty-file]"), "{text}");
    assert!(text.contains("html.ron:1:1"), "{text}");
    assert!(text.contains("json.ron:1:1"), "{text}");
}

#[test]
fn an_unterminated_string_is_reported_at_its_opening_quote() {
    let dir = temp_kb(&[(
        "kb.ron",
        b"Chronicle(events: [\n  Event(id: \"e\", title: \"Never closed,\n    date: \"2020\"),\n])\n",
    )]);
    let (code, text) = check(&dir);
    assert_eq!(code, Some(1));
    assert!(
        text.contains("error[syntax]: unterminated string"),
        "{text}"
    );
    assert!(text.contains("kb.ron:2:25"), "{text}");
}

/// Loads a KB from memory through the library, as the binary does.
fn load(files: Vec<(String, Vec<u8>)>) -> usize {
    let files = files
        .into_iter()
        .map(|(name, bytes)| (PathBuf::from(&name), name, bytes))
        .collect();
    let (kb, mut diags) = annals::load::load_texts(std::path::Path::new("kb"), files);
    diags.extend(annals::check::run(
        &kb,
        &annals::analysis::Analysis::new(&kb, annals::vocab::ClaimView::Stated),
    ));
    let graph = annals::graph::Graph::build(&kb, &Default::default());
    diags.len() + graph.graph.node_count()
}

const TOKENS: &[&str] = &[
    "Chronicle",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "Event",
    "Actor",
    "Relation",
    "Claim",
    "id",
    "title",
    "date",
    "actors",
    "events",
    "relations",
    "kind",
    "from",
    "to",
    "gap",
    "\"e\"",
    "\"a\"",
    "\"2020-08\"",
    "\"P1D\"",
    "before",
    "victim",
    "\"",
    "/*",
    "*/",
    "//",
    "\n",
    "Some",
    "None",
    "r#\"",
    "\\",
    "\"Навальный\"",
    "1.5",
    "-",
    "\u{1b}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn loading_random_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        load(vec![("a.ron".into(), bytes)]);
    }

    #[test]
    fn loading_token_soup_never_panics(picks in proptest::collection::vec(0..TOKENS.len(), 0..120)) {
        let text: String = picks.iter().map(|&i| TOKENS[i]).collect::<Vec<_>>().join(" ");
        load(vec![("a.ron".into(), text.into_bytes())]);
    }

    #[test]
    fn loading_a_mangled_real_file_never_panics(cut in 0usize..4000, insert in 0usize..TOKENS.len()) {
        let text = std::fs::read_to_string(repo().join("data/navalny/events/2021-sentencing.ron")).expect("data");
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mangled = format!("{}{}{}", &text[..at], TOKENS[insert], &text[at..]);
        load(vec![("a.ron".into(), mangled.into_bytes())]);
    }
}

/// Every file annals accepts must also be RON to the reference implementation.
#[test]
fn accepted_files_are_ron_to_the_ron_crate() {
    let roots = [repo().join("data"), repo().join("tests/fixtures/valid")];
    let files = crate::suite::common::files_with_extension(&roots, "ron");
    assert!(files.len() >= 8, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("UTF-8");
        if let Err(err) = ron::from_str::<ron::Value>(&text) {
            panic!("{} is not RON to the ron crate: {err}", path.display());
        }
    }
}

/// A canonical dump of what a load produced, independent of symbol numbering.
fn dump(kb: &annals::kb::Kb, diags: &[annals::diag::Diagnostic]) -> Vec<String> {
    let mut out = Vec::new();
    for e in kb.events() {
        let actors: Vec<&str> = e.actors.iter().map(|p| kb.str(p.actor.node)).collect();
        let date = e.date.as_ref().map_or("", |d| &*d.node.text);
        out.push(format!(
            "event {} {:?} {date} {actors:?} {:?}",
            kb.str(e.id.node),
            e.title,
            e.span
        ));
    }
    for r in kb.relations() {
        out.push(format!(
            "relation {} {} {}",
            kb.str(r.from.node),
            kb.str(r.kind.node),
            kb.str(r.to.node)
        ));
    }
    for a in kb.actors() {
        out.push(format!("actor {} {:?}", kb.str(a.id.node), a.span));
    }
    let mut d: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {} {:?}", d.code, d.message, d.span))
        .collect();
    d.sort();
    out.extend(d);
    out
}

#[test]
fn loading_on_several_threads_gives_the_same_kb_as_on_one() {
    let spec = annals::synth::SynthSpec {
        events: 3000,
        events_per_file: 250,
        ..Default::default()
    };
    let mut files: Vec<(PathBuf, String, Vec<u8>)> = crate::suite::common::synth_texts(spec);
    // A duplicate id across files far apart, and a dangling reference, to compare diagnostics too.
    let last = files.len() - 1;
    let extra = "Chronicle(events: [Event(id: \"e5\", title: \"Duplicate\", actors: [(\"nobody\", subject)])])";
    files[last].2 = extra.as_bytes().to_vec();
    let one = annals::load::load_texts_on(std::path::Path::new("kb"), files.clone(), 1);
    for threads in [2, 3, 7] {
        let many = annals::load::load_texts_on(std::path::Path::new("kb"), files.clone(), threads);
        assert_eq!(
            dump(&many.0, &many.1),
            dump(&one.0, &one.1),
            "{threads} threads"
        );
        let checks = (
            annals::check::run(
                &many.0,
                &annals::analysis::Analysis::new(&many.0, annals::vocab::ClaimView::Stated),
            )
            .len(),
            annals::check::run(
                &one.0,
                &annals::analysis::Analysis::new(&one.0, annals::vocab::ClaimView::Stated),
            )
            .len(),
        );
        assert_eq!(checks.0, checks.1);
    }
    assert!(one.1.iter().any(|d| d.code == "duplicate-id"));
}

#[test]
fn records_after_a_duplicate_id_keep_their_own_index() {
    // Duplicates within one file and across types: the later record is dropped, and
    // every record after it must still be found under its own id.
    let text = r#"Chronicle(
        actors: [Actor(id: "a1", name: "A"), Actor(id: "a1", name: "A again"), Actor(id: "a2", name: "B")],
        events: [
            Event(id: "e1", title: "One"),
            Event(id: "e1", title: "One again"),
            Event(id: "a2", title: "Named like an actor"),
            Event(id: "e2", title: "Two"),
            Event(id: "e3", title: "Three"),
        ],
    )"#;
    let files = vec![(
        PathBuf::from("kb.ron"),
        "kb.ron".to_string(),
        text.as_bytes().to_vec(),
    )];
    for threads in [1, 2] {
        let (kb, diags) =
            annals::load::load_texts_on(std::path::Path::new("kb"), files.clone(), threads);
        assert_eq!(diags.iter().filter(|d| d.code == "duplicate-id").count(), 3);
        let titles: Vec<&str> = kb.events().iter().map(|e| &*e.title).collect();
        assert_eq!(titles, ["One", "Two", "Three"]);
        for (id, title) in [("e1", "One"), ("e2", "Two"), ("e3", "Three")] {
            let sym = kb.syms().get(id).expect("interned");
            match kb.lookup(sym) {
                Some(annals::kb::Entity::Event(i)) => {
                    assert_eq!(&*kb.events()[i as usize].title, title)
                }
                other => panic!("{id}: {other:?}"),
            }
        }
        let a2 = kb.syms().get("a2").expect("interned");
        assert!(matches!(kb.lookup(a2), Some(annals::kb::Entity::Actor(1))));
    }
}

#[test]
fn one_large_file_cut_in_two_reads_as_it_does_whole() {
    // One events file holding most of the KB is cut in two and read on two threads;
    // records, symbols (their numbers too), spans and diagnostics must be those of a
    // reading on one thread, and a piece with an error sends the KB to a whole reading.
    let spec = annals::synth::SynthSpec {
        events: 20_000,
        events_per_file: 1_000_000,
        ..Default::default()
    };
    let files: Vec<(PathBuf, String, Vec<u8>)> = crate::suite::common::synth_texts(spec);
    let big = files.iter().max_by_key(|f| f.2.len()).expect("files");
    let text = std::str::from_utf8(&big.2).expect("utf-8");
    assert!(text.len() > 4 << 20, "{} bytes", text.len());
    // The two pieces, read one after the other, are the whole file.
    let cut = annals::load::split::find_cut(text).expect("a cut");
    let file = annals::source::FileId(0);
    let read = |lexers: Vec<annals::load::lexer::Lexer>| {
        let mut parsed = annals::load::parsed::Parsed::with_capacity(text.len());
        let mut diags = Vec::new();
        for lexer in lexers {
            annals::load::reader::read_tokens(&mut parsed, file, lexer, &mut diags);
        }
        assert_eq!(diags.len(), 0, "{diags:?}");
        format!("{:?}\n{:?}", parsed.events, parsed.relations)
    };
    assert_eq!(
        read(vec![
            annals::load::split::head(text, cut),
            annals::load::split::tail(text, cut)
        ]),
        read(vec![annals::load::lexer::Lexer::new(text)])
    );
    let whole_of = |kb: &annals::kb::Kb, diags: &[annals::diag::Diagnostic]| {
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            kb.events(),
            kb.relations(),
            kb.actors(),
            kb.syms().strings().collect::<Vec<_>>(),
            diags
        )
    };
    let root = std::path::Path::new("kb");
    // An unknown field (`idx`, `fromx`) in the first piece, or in the second.
    let at = files.iter().position(|f| f.1 == big.1).expect("big file");
    let broken_at = |fraction: usize| {
        let mut case = files.clone();
        let text = String::from_utf8(case[at].2.clone()).expect("utf-8");
        let from = text.len() * fraction / 4;
        let (record, field) = ["Event(id", "Relation(from"]
            .iter()
            .filter_map(|field| text[from..].find(field).map(|i| (from + i, field.len())))
            .min()
            .expect("a record");
        let mut text = text;
        text.insert(record + field, 'x');
        case[at].2 = text.into_bytes();
        case
    };
    let (head_broken, tail_broken) = (broken_at(1), broken_at(3));
    for case in [files, head_broken, tail_broken] {
        let (one, one_diags) = annals::load::load_texts_on(root, case.clone(), 1);
        let (two, two_diags) = annals::load::load_texts_on(root, case, 2);
        assert_eq!(whole_of(&two, &two_diags), whole_of(&one, &one_diags));
        assert!(one_diags.is_empty() || one_diags.iter().any(|d| d.code == "unknown-field"));
    }
}
