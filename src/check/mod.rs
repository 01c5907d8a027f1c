//! Validation of a loaded knowledge base: independent rules, each returning every
//! problem it finds as a diagnostic with the exact span of the offending token.

pub mod allow;
mod claims;
pub mod limit;
mod references;
mod terms;
mod time;
mod warnings;

use crate::analysis::Analysis;
use crate::diag::Diagnostic;
use crate::kb::Kb;
use crate::vocab::ClaimView;

/// Runs every rule over `kb` and returns their diagnostics, rules in a fixed order;
/// the claims the analysis takes as facts count for contradictions.
pub fn run(kb: &Kb, analysis: &Analysis) -> Vec<Diagnostic> {
    let mut diags = record_rules(kb);
    time::check(kb, analysis, &mut diags);
    diags
}

/// The rules that read only the records, not the analysis.
fn record_rules(kb: &Kb) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    allow::check(kb, &mut diags);
    references::check(kb, &mut diags);
    terms::check(kb, &mut diags);
    claims::check(kb, &mut diags);
    warnings::check(kb, &mut diags);
    diags
}

/// Analyses `kb` under `view` and adds the diagnostics of every rule to `diags`
/// (which holds the loader's), then drops the warnings the KB allows: what every
/// command that loads a KB runs. A large KB is checked on a second thread while its
/// time network is solved; the diagnostics come in the same order either way.
pub fn analyse(kb: &Kb, view: ClaimView, diags: &mut Vec<Diagnostic>) -> Analysis {
    let (mut found, analysis) = crate::parallel::join(
        crate::analysis::is_large(kb),
        || crate::timing::phase("checks", || record_rules(kb)),
        || Analysis::new(kb, view),
    );
    crate::timing::phase("time checks", || time::check(kb, &analysis, &mut found));
    diags.append(&mut found);
    allow::apply(kb, diags);
    analysis
}
