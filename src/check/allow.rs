//! The warning codes a KB allows (`allow: ["no-source"]` in any file's `Chronicle`):
//! each must name a warning `check` can give, and the warnings of those codes are left
//! out of every report. Errors cannot be allowed: they make answers wrong.

use crate::diag::{Diagnostic, did_you_mean};
use crate::kb::Kb;

/// Every warning code annals gives, the codes `allow` accepts.
pub const WARNING_CODES: &[&str] = &[
    "date-out-of-range",
    "duplicate-term",
    "empty-file",
    "mixed-zones",
    "no-source",
    "unused-actor",
];

/// Reports allowed codes that are not warning codes.
pub fn check(kb: &Kb, diags: &mut Vec<Diagnostic>) {
    for code in kb.allowed() {
        let text = kb.str(code.node);
        if WARNING_CODES.contains(&text) {
            continue;
        }
        let help = match did_you_mean(text, WARNING_CODES.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "errors cannot be allowed; the warning codes are {}",
                WARNING_CODES.join(", ")
            ),
        };
        diags.push(
            Diagnostic::error(
                "unknown-warning-code",
                format!("`{text}` is not a warning code annals gives"),
            )
            .at(code.span)
            .with_label("allowed here")
            .help(help),
        );
    }
}

/// Removes the warnings whose codes the KB allows.
pub fn apply(kb: &Kb, diags: &mut Vec<Diagnostic>) {
    if kb.allowed().is_empty() {
        return;
    }
    let allowed: Vec<&str> = kb.allowed().iter().map(|c| kb.str(c.node)).collect();
    diags.retain(|d| d.is_error() || !allowed.contains(&d.code));
}
