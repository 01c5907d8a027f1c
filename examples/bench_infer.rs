//! Times loading a KB and inferring its bounds: `cargo run --release --example bench_infer -- DIR`.
//! Measure peak memory with `/usr/bin/time -v`.

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: bench_infer DIR");
        return ExitCode::from(2);
    };
    let t = Instant::now();
    let (kb, _) = match annals::load::load(std::path::Path::new(&dir)) {
        Ok(loaded) => loaded,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(1);
        }
    };
    let load = t.elapsed();
    let t = Instant::now();
    let net = annals::time::network::build(&kb, &annals::vocab::ClaimView::Stated);
    let build = t.elapsed();
    let t = Instant::now();
    let inference = annals::time::infer_network(&kb, &net);
    let solve = t.elapsed();
    let inferred = inference.bounds.iter().filter(|b| b.inferred).count();
    println!(
        "events {} relations {} nodes {} constraints {}: load {:.2?}, build {:.2?}, solve {:.2?}; {} narrowed, contradiction: {}",
        kb.events().len(),
        kb.relations().len(),
        net.nodes,
        net.constraints.len(),
        load,
        build,
        solve,
        inferred,
        inference.contradiction.is_some()
    );
    ExitCode::SUCCESS
}
