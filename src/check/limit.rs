//! How much of a report `check` prints (SPEC §6): the first diagnostics of each code by
//! position, and a count of the rest, so that a KB with 200,000 copies of one warning
//! still gets a short report.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Severity};

/// The diagnostics of one code that `check` prints unless `--all`.
pub const SHOWN_PER_CODE: usize = 20;

/// The diagnostics of one code left out of a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hidden {
    /// The code they share.
    pub code: &'static str,
    /// The severity of the first one left out.
    pub severity: Severity,
    /// How many were left out.
    pub count: usize,
}

impl Hidden {
    /// Returns the line that stands for them: `note: 3 more `no-source` warnings …`.
    pub fn line(&self) -> String {
        let what = match (self.severity, self.count) {
            (Severity::Error, 1) => "error",
            (Severity::Error, _) => "errors",
            (Severity::Warning, 1) => "warning",
            (Severity::Warning, _) => "warnings",
        };
        format!(
            "note: {} more `{}` {what} not shown (`annals check --all` shows every one)",
            self.count, self.code
        )
    }
}

/// Keeps the first `per_code` diagnostics of each code in the order they are printed
/// (by file and position) and returns them with what was left out, codes sorted.
pub fn limit(mut diags: Vec<Diagnostic>, per_code: usize) -> (Vec<Diagnostic>, Vec<Hidden>) {
    diags.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
    let mut shown_of: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut hidden: BTreeMap<&'static str, Hidden> = BTreeMap::new();
    diags.retain(|d| {
        let shown = shown_of.entry(d.code).or_default();
        if *shown < per_code {
            *shown += 1;
            return true;
        }
        hidden
            .entry(d.code)
            .or_insert(Hidden {
                code: d.code,
                severity: d.severity,
                count: 0,
            })
            .count += 1;
        false
    });
    (diags, hidden.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_of_each_code_and_counts_the_rest() {
        let mut diags: Vec<Diagnostic> = (0..5)
            .map(|i| Diagnostic::warning("no-source", format!("w{i}")))
            .collect();
        diags.push(Diagnostic::error("type", "e"));
        let (shown, hidden) = limit(diags, 2);
        let messages: Vec<&str> = shown.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["w0", "w1", "e"]);
        assert_eq!(
            hidden,
            [Hidden {
                code: "no-source",
                severity: Severity::Warning,
                count: 3
            }]
        );
        assert_eq!(
            hidden[0].line(),
            "note: 3 more `no-source` warnings not shown (`annals check --all` shows every one)"
        );
    }
}
