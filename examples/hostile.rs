//! Writes the knowledge bases of the complexity benchmark (`scripts/bench-complexity`),
//! each a shape that once made annals quadratic or worse:
//! `cargo run --release --example hostile -- CASE N DIR`.
//!
//! - `before N`: a chain `e0 before e1 before … eN`, the first and last events dated, so
//!   that the chain closes a cycle through the origin of the time line.
//! - `line N`: N events on one line, none citing a source (N `no-source` warnings).
//! - `dense K`: K events and a `causes` relation for every ordered pair.
//! - `notes MB`: about MB megabytes of dated, sourced events with long notes in one file.

use std::path::PathBuf;
use std::process::ExitCode;

use annals::synth::hostile::{before_chain, dense, notes, one_line};

const USAGE: &str = "usage: hostile before|line|dense|notes N DIR";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [case, n, dir] = &args[..] else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Ok(n) = n.replace('_', "").parse::<usize>() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let text = match case.as_str() {
        "before" => before_chain(n),
        "line" => one_line(n),
        "dense" => dense(n),
        "notes" => notes(n),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let dir = PathBuf::from(dir);
    if let Err(err) = std::fs::create_dir_all(&dir) {
        eprintln!("error: cannot create `{}`: {err}", dir.display());
        return ExitCode::from(1);
    }
    let path = dir.join("kb.ron");
    if let Err(err) = std::fs::write(&path, text) {
        eprintln!("error: cannot write `{}`: {err}", path.display());
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
