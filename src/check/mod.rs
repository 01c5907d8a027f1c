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

/// Runs every rule over `kb` and returns their diagnostics, rules in a fixed order;
/// the claims the analysis takes as facts count for contradictions.
pub fn run(kb: &Kb, analysis: &Analysis) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    allow::check(kb, &mut diags);
    references::check(kb, &mut diags);
    terms::check(kb, &mut diags);
    claims::check(kb, &mut diags);
    warnings::check(kb, &mut diags);
    time::check(kb, analysis, &mut diags);
    diags
}
