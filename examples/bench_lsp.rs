//! Measures what `annals lsp` does after an edit: the KB loaded with one buffer in
//! place of its file (the others' readings kept from the last check), analysed and checked (`cargo run --release --example bench_lsp -- DIR`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use annals::lsp::snapshot::Snapshot;

/// Returns the CPU time of this process so far (user and system, every thread), from
/// `/proc/self/stat` in clock ticks of 10 ms: the machine may be shared, and wall time
/// then measures the neighbours as much as annals.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Fields 14 and 15 of the line (utime, stime) are the 12th and 13th after the name.
    (tick(11) + tick(12)) / 100.0
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: bench_lsp DIR");
        return ExitCode::from(2);
    };
    let root = annals::lsp::text::absolute(&dir);
    let files = match annals::load::find_files(&root) {
        Ok(files) => files,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(1);
        }
    };
    let Some((path, relative)) = files.last().cloned() else {
        eprintln!("error: no `*.ron` files in {}", root.display());
        return ExitCode::from(1);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    // Kept between rounds as the server keeps it: only the edited file is read again.
    let mut cache = annals::load::incremental::ParseCache::new();
    if Snapshot::build_cached(&root, &BTreeMap::new(), &mut cache).is_err() {
        eprintln!("error: cannot load {}", root.display());
        return ExitCode::from(1);
    }
    for round in 0..7 {
        // Each round is a different edit: a typo that dangles, then its fix.
        let edited = if round % 2 == 0 {
            text.replacen("\"", "\"x-", 3)
        } else {
            text.clone()
        };
        let buffers = BTreeMap::from([(relative.clone(), edited)]);
        let start = Instant::now();
        let cpu_start = cpu_seconds();
        let snap = match Snapshot::build_cached(&root, &buffers, &mut cache) {
            Ok(snap) => snap,
            Err(err) => {
                eprintln!("error: {err}");
                return ExitCode::from(1);
            }
        };
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        cpu.push((cpu_seconds() - cpu_start) * 1000.0);
        if round == 0 {
            println!(
                "{} files, {} events, {} diagnostics after the edit",
                snap.kb.files().len(),
                snap.kb.events().len(),
                snap.diags.len()
            );
        }
    }
    // Small KBs take less than the 10 ms tick: repeat the steps until they add up.
    let repeat = if text.len() < 1 << 20 { 50 } else { 1 };
    phases(&root, &relative, &text, repeat);
    times.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    println!(
        "re-check after an edit: wall median {:.1} ms (best {:.1}, worst {:.1}); CPU median {:.0} ms (best {:.0}), 7 runs",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        cpu[cpu.len() / 2],
        cpu[0],
    );
    ExitCode::SUCCESS
}

/// Prints the CPU time of each step of one re-check from scratch (the load without a
/// cache of the files' readings).
fn phases(root: &std::path::Path, relative: &str, text: &str, repeat: usize) {
    let buffers = BTreeMap::from([(relative.to_string(), text.replacen("\"", "\"x-", 3))]);
    let mut spent = [0.0; 4];
    let mut count = 0;
    for _ in 0..repeat {
        let t = cpu_seconds();
        let Ok((kb, mut diags)) = annals::load::load_overlaid(root, &buffers) else {
            return;
        };
        let t1 = cpu_seconds();
        let analysis = annals::analysis::Analysis::new(&kb, annals::vocab::ClaimView::Stated);
        let t2 = cpu_seconds();
        diags.extend(annals::check::run(&kb, &analysis));
        let t3 = cpu_seconds();
        count = annals::edit::refs::sites(&kb).len();
        let t4 = cpu_seconds();
        for (s, d) in spent.iter_mut().zip([t1 - t, t2 - t1, t3 - t2, t4 - t3]) {
            *s += d * 1000.0 / repeat as f64;
        }
    }
    // The load as the server does it: the other files' readings kept.
    let mut cache = annals::load::incremental::ParseCache::new();
    let _ = annals::load::incremental::load_overlaid_cached(root, &BTreeMap::new(), &mut cache);
    let t = cpu_seconds();
    for _ in 0..repeat {
        let _ = annals::load::incremental::load_overlaid_cached(root, &buffers, &mut cache);
    }
    let cached = (cpu_seconds() - t) * 1000.0 / repeat as f64;
    println!(
        "steps (CPU, mean of {repeat}): load {:.1} ms (with the other files' readings kept: {cached:.1} ms), analysis {:.1} ms, checks {:.1} ms, id index {:.1} ms ({count} id occurrences)",
        spent[0], spent[1], spent[2], spent[3]
    );
}
