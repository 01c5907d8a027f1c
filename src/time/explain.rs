//! Contradictions as diagnostics: every claim of a negative cycle, in order, with its
//! position and the arithmetic that fails.

use crate::date::Period;
use crate::diag::Diagnostic;
use crate::kb::Kb;
use crate::model::Gap;
use crate::source::Span;
use crate::time::bounds::bound_text;
use crate::time::network::{
    Constraint, DAY, ORIGIN, Side, Why, lower_bound, node_event, upper_bound,
};

/// Returns the name of a node in arithmetic: `arrest.start`.
pub fn node_name(kb: &Kb, node: u32) -> String {
    match node_event(node) {
        None => "origin".into(),
        Some((e, end)) => format!(
            "{}.{}",
            kb.str(kb.events()[e as usize].id.node),
            if end { "end" } else { "start" }
        ),
    }
}

/// Returns a length of time in words: "1 day", "3 hours 5 seconds".
pub fn length(seconds: i64) -> String {
    let p = Period {
        months: 0,
        days: seconds / DAY,
        seconds: seconds % DAY,
    };
    p.human()
}

fn signed(k: i64) -> String {
    match k {
        0 => String::new(),
        k if k > 0 => format!(" + {}", length(k)),
        k => format!(" - {}", length(-k)),
    }
}

fn day_text(seconds: i64, lower: bool) -> String {
    let bound = if lower {
        lower_bound(seconds)
    } else {
        upper_bound(seconds)
    };
    bound_text(bound).unwrap_or_default()
}

/// Says who holds the positions on something that is not simply stated:
/// ` (alleged by `uk`; disputed by `russia`)`; nothing for a fact.
fn claim_text(kb: &Kb, claims: &[crate::model::Claim]) -> String {
    if kb.vocab().is_fact(claims) {
        return String::new();
    }
    let words: Vec<String> = claims
        .iter()
        .map(|claim| {
            let status = kb.status_name(claim.status.as_ref().map(|s| s.node));
            let by: Vec<String> = claim
                .by
                .iter()
                .map(|b| format!("`{}`", kb.str(b.node)))
                .collect();
            if by.is_empty() {
                status.to_string()
            } else {
                format!("{status} by {}", by.join(", "))
            }
        })
        .collect();
    format!(" ({})", words.join("; "))
}

/// Where a constraint was written and what it is, as text.
struct Source {
    what: String,
    span: Option<Span>,
    extra: Option<(Span, String)>,
}

fn source(kb: &Kb, why: Why) -> Source {
    let id = |e: u32| kb.str(kb.events()[e as usize].id.node);
    match why {
        Why::Date(e, side) => {
            let date = kb.events()[e as usize].date.as_ref();
            let which = match side {
                Side::StartLower => "earliest start",
                Side::StartUpper => "latest start",
                Side::EndLower => "earliest end",
                Side::EndUpper => "latest end",
            };
            Source {
                what: format!(
                    "the date `{}` of `{}` ({which})",
                    date.map_or("", |d| &*d.node.text),
                    id(e)
                ),
                span: date.map(|d| d.span),
                extra: None,
            }
        }
        Why::Order(e) => Source {
            what: format!("`{}` ends no earlier than it starts", id(e)),
            span: None,
            extra: None,
        },
        Why::Duration(e) => {
            let d = kb.events()[e as usize].duration.as_ref();
            Source {
                what: format!(
                    "the duration `{}` of `{}`",
                    d.map(|d| d.node.to_string()).unwrap_or_default(),
                    id(e)
                ),
                span: d.map(|d| d.span),
                extra: None,
            }
        }
        Why::Relation(r) => {
            let rel = &kb.relations()[r as usize];
            let gap = match rel.gap.as_deref() {
                Some(Gap::Exact(p)) => format!(" with gap `{}`", p.node),
                Some(Gap::Range(a, b)) => format!(" with gap `{}`..`{}`", a.node, b.node),
                None => String::new(),
            };
            Source {
                what: format!(
                    "`{}` {} `{}`{gap}{}",
                    kb.str(rel.from.node),
                    kb.str(rel.kind.node),
                    kb.str(rel.to.node),
                    claim_text(kb, rel.positions())
                ),
                span: Some(rel.span),
                extra: None,
            }
        }
        Why::Source(e, i) => {
            let r = &kb.events()[e as usize].sources[i as usize];
            let src = kb.lookup(r.id.node).and_then(|s| match s {
                crate::kb::Entity::Source(s) => kb.sources()[s as usize].date.as_ref(),
                _ => None,
            });
            Source {
                what: format!(
                    "`{}` is reported by `{}`, dated `{}`{}",
                    id(e),
                    kb.str(r.id.node),
                    src.map_or("", |d| &*d.node.text),
                    claim_text(kb, &r.claims)
                ),
                span: Some(r.id.span),
                extra: src.map(|d| (d.span, format!("`{}` is dated here", kb.str(r.id.node)))),
            }
        }
    }
}

/// Builds the `contradiction` error for a negative cycle given as a chain (see
/// [`crate::time::solve::solve`]).
pub fn contradiction(kb: &Kb, cycle: &[Constraint]) -> Diagnostic {
    let mut events: Vec<u32> = Vec::new();
    for c in cycle {
        for node in [c.from, c.to] {
            if let Some((e, _)) = node_event(node)
                && !events.contains(&e)
            {
                events.push(e);
            }
        }
    }
    let names: Vec<String> = events
        .iter()
        .map(|&e| format!("`{}`", kb.str(kb.events()[e as usize].id.node)))
        .collect();
    let list = match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    };
    let mut diag = Diagnostic::error(
        "contradiction",
        format!("the dates and relations of {list} contradict each other"),
    );
    let mut chain = String::new();
    let mut steps = Vec::new();
    let mut value = 0i64;
    let mut seen: Vec<Span> = Vec::new();
    let mut primary = true;
    // From a date, the arithmetic carries the bound along so that each step reads true:
    // `arrest.end ≥ 2021-01-17, so middle.start ≥ 2021-01-18, …, but poisoning.start ≤ 2020-08-31`.
    let from_date = cycle.first().is_some_and(|c| c.to == ORIGIN);
    for (i, c) in cycle.iter().enumerate() {
        let k = c.weight.saturating_neg();
        let (to, from) = (node_name(kb, c.to), node_name(kb, c.from));
        let fact = if c.to == ORIGIN {
            value = k;
            chain = if from_date {
                format!("{from} ≥ {}", day_text(k, true))
            } else {
                format!("{} ≤ {from}", day_text(k, true))
            };
            format!("{from} ≥ {}", day_text(k, true))
        } else if c.from == ORIGIN {
            if from_date {
                chain.push_str(&format!(", but {to} ≤ {}", day_text(c.weight, false)));
            } else {
                chain.push_str(&format!(" ≤ {}", day_text(c.weight, false)));
            }
            format!("{to} ≤ {}", day_text(c.weight, false))
        } else {
            value = value.saturating_add(k);
            if from_date {
                let so = if chain.contains(", so ") { "" } else { "so " };
                chain.push_str(&format!(", {so}{from} ≥ {}", day_text(value, true)));
            } else {
                if i == 0 {
                    chain = to.clone();
                }
                chain.push_str(&format!("{} ≤ {from}", signed(k)));
            }
            format!("{from} ≥ {to}{}", signed(k))
        };
        let src = source(kb, c.why);
        let location = src
            .span
            .map(|s| format!(" ({})", kb.files().file_line(s)))
            .unwrap_or_default();
        steps.push(format!("{}. {fact}: {}{location}", i + 1, src.what));
        if let Some(span) = src.span.filter(|s| !seen.contains(s)) {
            seen.push(span);
            diag = if primary {
                primary = false;
                diag.at(span).with_label(fact)
            } else {
                diag.also(span, fact)
            };
        }
        if let Some((span, text)) = src.extra.filter(|(s, _)| !seen.contains(s)) {
            seen.push(span);
            diag = diag.also(span, text);
        }
    }
    diag = diag.note(chain);
    for step in steps {
        diag = diag.note(step);
    }
    let last = cycle.last();
    let conclusion = match (cycle.first(), last) {
        (Some(first), Some(last)) if first.to == ORIGIN && last.from == ORIGIN => format!(
            "so {} would be at once ≥ {} and ≤ {}, which is impossible",
            node_name(kb, last.to),
            day_text(value, true),
            day_text(last.weight, false)
        ),
        (Some(first), _) => format!(
            "so {} would be at least {} after itself, which is impossible",
            node_name(kb, first.to),
            length(value)
        ),
        _ => String::new(),
    };
    diag.note(conclusion)
        .help("correct or remove one of these claims")
}
