//! Time reasoning as a check: the dates and stated relations must not contradict each
//! other (SPEC §4).

use crate::analysis::Analysis;
use crate::date::Period;
use crate::diag::Diagnostic;
use crate::kb::Kb;
use crate::model::Gap;
use crate::source::{Span, Spanned};
use crate::time::network::{PeriodRanges, out_of_range};

/// Reports dates too far from 1970 to reason with, and a contradiction among the
/// time claims the analysis takes as facts, naming every claim of it.
pub fn check(kb: &Kb, analysis: &Analysis, diags: &mut Vec<Diagnostic>) {
    for event in kb.events() {
        if let Some(date) = &event.date
            && out_of_range(&date.node.edtf)
        {
            diags.push(out_of_range_warning(
                &date.node.text,
                date.span,
                &format!("of `{}`", kb.str(event.id.node)),
            ));
        }
    }
    for source in kb.sources() {
        if let Some(date) = &source.date
            && out_of_range(&date.node.edtf)
        {
            diags.push(out_of_range_warning(
                &date.node.text,
                date.span,
                &format!("of the source `{}`", kb.str(source.id.node)),
            ));
        }
    }
    // Periods too long for the network are left out of reasoning too.
    let mut ranges = PeriodRanges::default();
    let mut long = |period: &Spanned<Period>, whose: String, diags: &mut Vec<Diagnostic>| {
        if ranges.range(period.node).is_none() {
            diags.push(
                Diagnostic::warning(
                    "date-out-of-range",
                    format!("the period `{}` {whose} is too long to reason with", period.node),
                )
                .at(period.span)
                .note("time reasoning covers about 140 million years; this period is left out of inferred bounds, contradictions, `between` and `relate`"),
            );
        }
    };
    for event in kb.events() {
        if let Some(duration) = &event.duration {
            long(duration, format!("of `{}`", kb.str(event.id.node)), diags);
        }
    }
    for relation in kb.relations() {
        let whose = format!(
            "of `{}` {} `{}`",
            kb.str(relation.from.node),
            kb.str(relation.kind.node),
            kb.str(relation.to.node)
        );
        match relation.gap.as_deref() {
            Some(Gap::Exact(p)) => long(p, whose, diags),
            Some(Gap::Range(a, b)) => {
                long(a, whose.clone(), diags);
                long(b, whose, diags);
            }
            None => {}
        }
    }
    if let Some(diag) = analysis.inference().diagnostic(kb) {
        diags.push(diag);
    }
}

fn out_of_range_warning(text: &str, span: Span, whose: &str) -> Diagnostic {
    Diagnostic::warning(
        "date-out-of-range",
        format!("the date `{text}` {whose} is too far from 1970 to reason with"),
    )
    .at(span)
    .note("time reasoning covers about 140 million years either side of 1970; this date is left out of inferred bounds, contradictions, `between` and `relate`")
}
