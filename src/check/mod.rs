//! Validation of a loaded knowledge base: independent rules, each returning every
//! problem it finds as a diagnostic with the exact span of the offending token.

mod references;
mod terms;
mod time;
mod warnings;

use crate::diag::Diagnostic;
use crate::kb::Kb;

/// Runs every rule over `kb` and returns their diagnostics, rules in a fixed order;
/// only stated claims count for contradictions.
pub fn run(kb: &Kb) -> Vec<Diagnostic> {
    run_with(kb, false)
}

/// Like [`run`], with alleged, disputed and refuted claims counting for contradictions
/// too when `include_claims`.
pub fn run_with(kb: &Kb, include_claims: bool) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    references::check(kb, &mut diags);
    terms::check(kb, &mut diags);
    warnings::check(kb, &mut diags);
    time::check(kb, include_claims, &mut diags);
    diags
}
