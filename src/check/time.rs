//! Time reasoning as a check: the dates and stated relations must not contradict each
//! other (SPEC §4); `scheduled` only on citations; zoned and local times kept apart.

use crate::analysis::Analysis;
use crate::date::Period;
use crate::diag::Diagnostic;
use crate::kb::{Entity, Kb};
use crate::model::{DateField, Gap};
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
    scheduled_relations(kb, diags);
    mixed_zones(kb, diags);
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

/// Reports `scheduled` on a relation: only a citation can announce an event ahead of time.
fn scheduled_relations(kb: &Kb, diags: &mut Vec<Diagnostic>) {
    for relation in kb.relations() {
        let Some(status) = &relation.claim.status else {
            continue;
        };
        if kb.vocab().is_scheduled(Some(status.node)) {
            diags.push(
                Diagnostic::error(
                    "scheduled-relation",
                    "`scheduled` is a status of a citation, not of a relation",
                )
                .at(status.span)
                .help("put `scheduled` on the source that announced the event: `sources: [(\"notice\", Claim(status: scheduled))]`"),
            );
        }
    }
}

/// Whether a date's times of day carry a zone: `(zoned, local)`.
fn zones(date: Option<&Spanned<DateField>>) -> (bool, bool) {
    date.map_or((false, false), |d| {
        let e = &d.node.edtf;
        (e.has_time() && e.is_utc(), e.has_local_time())
    })
}

/// Warns where a zoned time (`Z`, `+03:00`) and a local one meet in one constraint: a
/// local time is compared as if it were UTC, which is hours off unless it is.
fn mixed_zones(kb: &Kb, diags: &mut Vec<Diagnostic>) {
    const HELP: &str = "give both times a zone (`Z` or an offset such as `+03:00`), or neither";
    for event in kb.events() {
        if let (true, true) = zones(event.date.as_ref())
            && let Some(date) = &event.date
        {
            diags.push(
                Diagnostic::warning(
                    "mixed-zones",
                    format!(
                        "the date of `{}` mixes a time with a zone and a local time",
                        kb.str(event.id.node)
                    ),
                )
                .at(date.span)
                .note("a time without a zone is compared as if it were UTC")
                .help(HELP),
            );
        }
    }
    for relation in kb.relations() {
        let (Some(Entity::Event(a)), Some(Entity::Event(b))) =
            (kb.lookup(relation.from.node), kb.lookup(relation.to.node))
        else {
            continue;
        };
        if kb.vocab().time_meaning(relation.kind.node).is_none() {
            continue;
        }
        let date = |e: u32| kb.events()[e as usize].date.as_ref();
        let ((za, la), (zb, lb)) = (zones(date(a)), zones(date(b)));
        if (za && lb) || (la && zb) {
            let (zoned, local) = if za && lb { (a, b) } else { (b, a) };
            let id = |e: u32| kb.str(kb.events()[e as usize].id.node);
            diags.push(
                Diagnostic::warning(
                    "mixed-zones",
                    format!(
                        "`{}` has a time with a zone and `{}` a local time",
                        id(zoned),
                        id(local)
                    ),
                )
                .at(relation.span)
                .note("a time without a zone is compared as if it were UTC")
                .help(HELP),
            );
        }
    }
}
