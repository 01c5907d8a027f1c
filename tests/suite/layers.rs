//! The core modules import one another in one direction only: no import circle among
//! the model, the vocabulary, the KB, the graph, time reasoning, the analysis and the
//! queries. Read from the source text, so a new `use` that closes a circle fails here.

use std::collections::BTreeSet;
use std::path::Path;

/// The core modules, lowest layer first: each may use only the ones before it.
const LAYERS: [&str; 7] = ["model", "vocab", "kb", "graph", "time", "analysis", "query"];

/// Returns the code of a file without its test module (what follows `#[cfg(test)]`).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Returns the code of a module: `src/NAME.rs` and every file under `src/NAME/`.
fn module_text(name: &str) -> String {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut text = code_of(&src.join(format!("{name}.rs")));
    let mut stack = vec![src.join(name)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                text.push_str(&code_of(&path));
            }
        }
    }
    text
}

/// Returns the modules of `LAYERS` that `name`'s code names as `crate::OTHER`.
fn uses(name: &str) -> BTreeSet<&'static str> {
    let code = module_text(name);
    LAYERS
        .iter()
        .copied()
        .filter(|&other| other != name)
        .filter(|other| {
            code.match_indices(&format!("crate::{other}"))
                .any(|(i, m)| {
                    !code[i + m.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                })
        })
        .collect()
}

#[test]
fn core_modules_import_downwards_only() {
    let mut wrong = Vec::new();
    for (rank, name) in LAYERS.iter().enumerate() {
        assert!(!module_text(name).is_empty(), "src/{name} exists");
        for used in uses(name) {
            let used_rank = LAYERS.iter().position(|l| *l == used).expect("a layer");
            if used_rank > rank {
                wrong.push(format!("`{name}` uses `{used}`, a higher layer"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "import circles possible:\n{}",
        wrong.join("\n")
    );
}

/// The longest a function in `src/` may be, in lines (STYLE.md: split what is longer).
const MAX_FUNCTION_LINES: usize = 150;

/// Returns every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    crate::suite::common::files_with_extension(&[dir.to_path_buf()], "rs")
}

#[test]
fn no_function_is_longer_than_the_limit() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut long = Vec::new();
    for path in rust_files(&src) {
        let text = std::fs::read_to_string(&path).expect("source is readable");
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let is_fn = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "pub(super) fn ",
                "const fn ",
            ]
            .iter()
            .any(|p| trimmed.starts_with(p));
            if !is_fn || trimmed.ends_with(';') {
                continue;
            }
            // rustfmt closes a function with `}` at the indentation it opened with.
            let close = format!("{indent}}}");
            let Some(end) = lines[i..].iter().position(|l| *l == close) else {
                continue;
            };
            if end + 1 > MAX_FUNCTION_LINES {
                long.push(format!("{}:{} ({} lines)", path.display(), i + 1, end + 1));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines:\n{}",
        long.join("\n")
    );
}
