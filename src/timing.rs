//! Phase timings for benchmarks: with `ANNALS_TIMINGS` set, each phase of a run (reading,
//! analysis, checks, the cache) prints its wall time to standard error, so a profile of
//! a slow run can start from where the time goes.

use std::sync::OnceLock;
use std::time::Instant;

/// Whether `ANNALS_TIMINGS` is set (read once).
fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("ANNALS_TIMINGS").is_some_and(|v| !v.is_empty()))
}

/// Runs `work`, printing `name` and its wall time to standard error when timings are on.
pub fn phase<T>(name: &str, work: impl FnOnce() -> T) -> T {
    if !enabled() {
        return work();
    }
    let start = Instant::now();
    let out = work();
    eprintln!(
        "timing: {name:<24} {:>9.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    out
}
