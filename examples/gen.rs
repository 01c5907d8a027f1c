//! Writes a synthetic knowledge base: `cargo run --release --example gen -- --events 1000000 DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use annals::synth::{SynthSpec, generate};

fn main() -> ExitCode {
    let mut spec = SynthSpec::default();
    let mut dir = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Option<usize> {
            let value = args.next().and_then(|v| v.replace('_', "").parse().ok());
            if value.is_none() {
                eprintln!("error: {name} needs a number");
            }
            value
        };
        match arg.as_str() {
            "--events" => match number("--events") {
                Some(n) => spec.events = n,
                None => return ExitCode::from(2),
            },
            "--relations" => match number("--relations") {
                Some(n) => spec.relations_per_event = n,
                None => return ExitCode::from(2),
            },
            "--per-file" => match number("--per-file") {
                Some(n) => spec.events_per_file = n,
                None => return ExitCode::from(2),
            },
            "--seed" => match number("--seed") {
                Some(n) => spec.seed = n as u64,
                None => return ExitCode::from(2),
            },
            _ if dir.is_none() && !arg.starts_with('-') => dir = Some(PathBuf::from(arg)),
            _ => {
                eprintln!("usage: gen [--events N] [--relations N] [--per-file N] [--seed N] DIR");
                return ExitCode::from(2);
            }
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: gen [--events N] [--relations N] [--per-file N] [--seed N] DIR");
        return ExitCode::from(2);
    };
    for (relative, text) in generate(spec) {
        let path = dir.join(&relative);
        if let Some(parent) = path.parent()
            && let Err(err) = std::fs::create_dir_all(parent)
        {
            eprintln!("error: cannot create `{}`: {err}", parent.display());
            return ExitCode::from(1);
        }
        if let Err(err) = std::fs::write(&path, text) {
            eprintln!("error: cannot write `{}`: {err}", path.display());
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
