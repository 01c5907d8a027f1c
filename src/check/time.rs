//! Time reasoning as a check: the dates and stated relations must not contradict each
//! other (SPEC §4).

use crate::diag::Diagnostic;
use crate::kb::Kb;

/// Reports a contradiction among the stated time claims, naming every claim of it.
pub fn check(kb: &Kb, diags: &mut Vec<Diagnostic>) {
    if let Some(diag) = kb.inference(false).diagnostic(kb) {
        diags.push(diag);
    }
}
