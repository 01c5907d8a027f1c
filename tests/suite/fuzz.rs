//! Fuzzing on stable Rust: a seeded mutation harness over the test corpus
//! (`tests/fixtures/**/*.ron`, `data/`), with three targets — the reader (load, check,
//! render every diagnostic), the date parser, and the edit commands run through the
//! real binary. Each asserts no panic and no hang (a time limit per input); the edit
//! target also asserts that a refused edit (exit 1) leaves every file byte-identical
//! and an accepted one leaves a KB that checks clean, with no temporary file behind.
//!
//! The targets are `#[ignore]`d; run them with
//! `ANNALS_FUZZ_SECONDS=20 cargo test --test lib -- --ignored fuzz_` (each target runs
//! that long; `ANNALS_FUZZ_SEED` picks another sequence). A failing input is written
//! to `target/fuzz-failures/` and named in the panic message. `.ci/run` runs a short
//! bounded round. The problems of issue 11 are kept as seeds in `tests/fixtures/fuzz/`.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use annals::analysis::Analysis;
use annals::date::Calendar;
use annals::date::explain::DateExplanation;
use annals::diag::{self, MessageFormat};
use annals::edit::journal::NO_FSYNC;
use annals::vocab::ClaimView;

use crate::suite::common::{annals_process, repo, snapshot};
use crate::suite::durability::run_within;

/// How long one input may take before it counts as a hang (debug build).
const PER_INPUT: Duration = Duration::from_secs(5);

/// A xorshift generator: the same seed gives the same inputs on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Returns the time budget of one target and its seed, from the environment.
fn budget() -> (Duration, u64) {
    let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let seconds = var("ANNALS_FUZZ_SECONDS").unwrap_or(10);
    let seed = var("ANNALS_FUZZ_SEED").unwrap_or(0x5eed_1234_abcd_0001) | 1;
    (Duration::from_secs(seconds), seed)
}

/// Returns every `*.ron` file of the corpus, sorted.
fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let roots = [repo().join("tests/fixtures"), repo().join("data")];
    crate::suite::common::files_with_extension(&roots, "ron")
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("corpus file");
            (path, bytes)
        })
        .collect()
}

/// Pieces that mutations insert: RON syntax, date syntax and hostile text.
const DICTIONARY: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    ",",
    ":",
    "//",
    "/*",
    "*/",
    "\\",
    "\\u{1b}",
    "\u{1b}[2J",
    "\u{7}",
    "\u{feff}",
    "\u{202e}",
    "é",
    "ё",
    "–",
    "\r\n",
    "\n",
    "0",
    "9",
    "-",
    "?",
    "~",
    "%",
    "..",
    "/",
    "X",
    "T",
    "Z",
    "+05:00",
    "Event(",
    "Relation(",
    "id: ",
    "before",
    "causes",
    "Some(",
    "None",
    "\"\"",
    "2021-01-17",
    "P1D",
    "-0043",
    "1e9",
    "\u{0}",
];

/// Returns `input` changed by one to four random mutations.
fn mutate(rng: &mut Rng, input: &[u8], corpus: &[(PathBuf, Vec<u8>)]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let piece = rng.pick(DICTIONARY).as_bytes();
                out.splice(at..at, piece.iter().copied());
            }
            2 => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(256)).min(out.len());
                let copy = out[at..end].to_vec();
                out.splice(at..at, copy);
            }
            4 => {
                let other = &rng.pick(corpus).1;
                let from = rng.below(other.len());
                let end = (from + rng.below(512)).min(other.len());
                out.splice(at..at, other[from..end].iter().copied());
            }
            _ => out.truncate(at),
        }
    }
    out
}

/// Saves a failing input and returns where.
fn save(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = repo().join("target/fuzz-failures");
    std::fs::create_dir_all(&dir).expect("failure directory");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("failure saved");
    path
}

/// Runs `f` on `input`, failing the test (with the input saved) on a panic or a hang.
fn guarded(target: &str, round: usize, input: &[u8], f: impl FnOnce()) {
    let started = Instant::now();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    let took = started.elapsed();
    if outcome.is_err() || took > PER_INPUT {
        let path = save(&format!("{target}-{round}"), input);
        let what = if outcome.is_err() { "panicked" } else { "hung" };
        panic!(
            "{target} {what} on round {round} ({took:?}); input saved to {}",
            path.display()
        );
    }
}

#[test]
#[ignore = "fuzzing: run with --ignored and ANNALS_FUZZ_SECONDS"]
fn fuzz_reader() {
    let (time, seed) = budget();
    let (corpus, mut rng, started) = (corpus(), Rng(seed), Instant::now());
    let mut round = 0;
    while started.elapsed() < time {
        let original = rng.pick(&corpus).1.clone();
        let bytes = mutate(&mut rng, &original, &corpus);
        guarded("reader", round, &bytes, || read_and_report(&bytes));
        round += 1;
    }
    eprintln!("reader: {round} inputs in {:?}", started.elapsed());
}

/// Loads one file, checks it and renders every diagnostic in both formats.
fn read_and_report(bytes: &[u8]) {
    let root = Path::new("/fuzz");
    let files = vec![(root.join("kb.ron"), "kb.ron".to_string(), bytes.to_vec())];
    let (kb, mut diags) = annals::load::load_texts(root, files);
    let analysis = Analysis::new(&kb, ClaimView::All);
    diags.extend(annals::check::run(&kb, &analysis));
    for format in [MessageFormat::Human, MessageFormat::Json] {
        let mut out = Vec::new();
        diag::emit(&mut out, &diags, kb.files(), format, false).expect("rendered");
        assert!(!out.contains(&0x1b), "raw escape in diagnostics");
    }
}

/// Returns every quoted date in the corpus, plus a few hand-picked ones.
fn date_corpus(corpus: &[(PathBuf, Vec<u8>)]) -> Vec<String> {
    let mut out: Vec<String> = [
        "2021-01-17",
        "Jän 2021x",
        "2021–01",
        "-0043-03-15/..",
        "2020-08-20T05:00:00+07:00",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (_, bytes) in corpus {
        let text = String::from_utf8_lossy(bytes);
        for part in text.split("date: \"").skip(1) {
            if let Some(date) = part.split('"').next() {
                out.push(date.to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
#[ignore = "fuzzing: run with --ignored and ANNALS_FUZZ_SECONDS"]
fn fuzz_dates() {
    let (time, seed) = budget();
    let corpus = corpus();
    let dates = date_corpus(&corpus);
    let (mut rng, started, mut round) = (Rng(seed), Instant::now(), 0);
    while started.elapsed() < time {
        let seed_date = rng.pick(&dates).clone();
        let bytes = mutate(&mut rng, seed_date.as_bytes(), &corpus);
        let input = String::from_utf8_lossy(&bytes).into_owned();
        guarded("date", round, input.as_bytes(), || {
            for calendar in [Calendar::Gregorian, Calendar::Julian] {
                if let Err(invalid) = DateExplanation::of_in(&input, calendar) {
                    let chars = input.chars().count();
                    assert!(invalid.start <= invalid.end && invalid.end <= chars);
                }
            }
        });
        round += 1;
    }
    eprintln!("dates: {round} inputs in {:?}", started.elapsed());
}

#[test]
#[ignore = "fuzzing: run with --ignored and ANNALS_FUZZ_SECONDS"]
fn fuzz_edits() {
    let (time, seed) = budget();
    let kbs = edit_corpus();
    let (mut rng, started, mut round, mut done) = (Rng(seed), Instant::now(), 0, 0);
    while started.elapsed() < time {
        let (dir, ids) = rng.pick(&kbs);
        let args = random_edit(&mut rng, ids);
        let kb = tempfile::tempdir().expect("temp");
        copy_kb(dir, kb.path());
        done += usize::from(one_edit(kb.path(), &args, round));
        round += 1;
    }
    eprintln!(
        "edits: {round} commands ({done} made, the rest refused) in {:?}",
        started.elapsed()
    );
}

/// Returns the clean KBs the edit target starts from, each with its ids.
fn edit_corpus() -> Vec<(PathBuf, Vec<String>)> {
    let mut dirs = vec![repo().join("data/navalny")];
    for parent in [
        "tests/fixtures/valid",
        "tests/fixtures/edit",
        "tests/fixtures/fuzz/edit",
    ] {
        for entry in std::fs::read_dir(repo().join(parent)).expect("fixtures") {
            let path = entry.expect("entry").path();
            let before = path.join("before");
            dirs.push(if before.is_dir() { before } else { path });
        }
    }
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let text: String = snapshot(&dir)
                .into_values()
                .map(|t| String::from_utf8_lossy(&t).into_owned())
                .collect();
            let ids = text
                .split("id: \"")
                .skip(1)
                .filter_map(|p| p.split('"').next().map(str::to_string))
                .collect();
            (dir, ids)
        })
        .collect()
}

/// Returns a random edit command: mostly plausible, sometimes hostile.
fn random_edit(rng: &mut Rng, ids: &[String]) -> Vec<String> {
    let hostile = [
        "ok\u{1b}[2Jx",
        "..",
        "",
        "a\u{202e}b",
        "x:y",
        "--cascade",
        "p\u{7}",
    ];
    let id = |rng: &mut Rng| match rng.below(5) {
        0 => rng.pick(&hostile).to_string(),
        1 => format!("new-{}", rng.below(1000)),
        _ => rng.pick(ids).clone(),
    };
    let words: Vec<&str> = match rng.below(6) {
        0 => vec!["set", "", "title", "T"],
        1 => vec![
            "set",
            "",
            "date",
            *rng.pick(&["2021-01-17", "2021-13-01", "", "1990/..", "x"]),
        ],
        2 => vec!["rm", ""],
        3 => vec!["rm", "", "--cascade"],
        4 => vec!["rename", "", ""],
        _ => vec![
            "link",
            "",
            *rng.pick(&["before", "causes", "bogus", "after"]),
            "",
        ],
    };
    words
        .into_iter()
        .map(|w| if w.is_empty() { id(rng) } else { w.to_string() })
        .filter(|w| !w.contains('\0'))
        .collect()
}

/// Runs one edit and checks what it left: refused → nothing changed; done → checks
/// clean. Returns true when the edit was made.
fn one_edit(kb: &Path, args: &[String], round: usize) -> bool {
    let before = snapshot(kb);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let child = annals_process()
        .env(NO_FSYNC, "1")
        .arg("--data")
        .arg(kb)
        .args(&args)
        .stdin(Stdio::null())
        .output()
        .expect("annals runs");
    let after = snapshot(kb);
    let status = child.status.code();
    let leftovers: Vec<&String> = after
        .keys()
        .filter(|n| n.ends_with(".tmp") || n.contains(".annals.journal"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "round {round} {args:?} left {leftovers:?}"
    );
    match status {
        Some(0) => {
            let check = run_within(kb, &["check"], PER_INPUT * 4);
            assert_eq!(
                check.status.code(),
                Some(0),
                "round {round} {args:?} broke the KB"
            );
            true
        }
        Some(1) | Some(2) => {
            assert!(before == after, "round {round} {args:?} failed but wrote");
            false
        }
        other => panic!("round {round} {args:?} ended with {other:?}"),
    }
}

fn copy_kb(from: &Path, to: &Path) {
    for (relative, bytes) in snapshot(from) {
        let path = to.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
}
