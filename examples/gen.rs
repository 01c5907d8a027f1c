//! Writes a synthetic knowledge base: `cargo run --release --example gen -- --events 1000000 DIR`.
//! With `--sqlite FILE.sql` it also loads the KB it wrote and writes the same data, with
//! the bounds annals infers, as an SQL script for the `sqlite3` CLI
//! (`sqlite3 kb.db < FILE.sql`), for `scripts/bench-vs-sqlite`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annals::synth::{SynthSpec, generate};

fn main() -> ExitCode {
    let mut spec = SynthSpec::default();
    let mut dir = None;
    let mut sqlite: Option<PathBuf> = None;
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
            "--sqlite" => match args.next() {
                Some(path) => sqlite = Some(PathBuf::from(path)),
                None => {
                    eprintln!("error: --sqlite needs a file");
                    return ExitCode::from(2);
                }
            },
            _ if dir.is_none() && !arg.starts_with('-') => dir = Some(PathBuf::from(arg)),
            _ => {
                eprintln!(
                    "usage: gen [--events N] [--relations N] [--per-file N] [--seed N] [--sqlite FILE.sql] DIR"
                );
                return ExitCode::from(2);
            }
        }
    }
    let Some(dir) = dir else {
        eprintln!(
            "usage: gen [--events N] [--relations N] [--per-file N] [--seed N] [--sqlite FILE.sql] DIR"
        );
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
    match sqlite {
        Some(path) => write_sqlite(&dir, &path),
        None => ExitCode::SUCCESS,
    }
}

/// Loads the KB just written, infers its bounds and writes it as an SQL script.
fn write_sqlite(dir: &Path, path: &Path) -> ExitCode {
    let kb = match annals::load::load(dir) {
        Ok((kb, _)) => kb,
        Err(err) => {
            eprintln!("error: cannot load `{}`: {err}", dir.display());
            return ExitCode::from(1);
        }
    };
    let analysis = annals::analysis::Analysis::new(&kb, annals::claims::ClaimView::Stated);
    let bounds = analysis.bounds();
    let order =
        annals::query::timeline::timeline(&kb, &annals::query::filter::Filter::default(), bounds);
    let written = std::fs::File::create(path).and_then(|file| {
        let mut out = std::io::BufWriter::new(file);
        annals::synth::sqlite::write_sql(&kb, bounds, &order, &mut out)?;
        out.flush()
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: cannot write `{}`: {err}", path.display());
            ExitCode::from(1)
        }
    }
}
