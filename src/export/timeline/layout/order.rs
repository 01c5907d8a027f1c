//! The order of events that start together: the timeline orders them by id, but labels
//! at one place stack as the events' relations say (`a before b`, `b during a`, …).

use std::collections::{HashMap, HashSet};

use crate::kb::Kb;
use crate::model::Sym;
use crate::time::bounds::EventBounds;
use crate::vocab::{First, Standing, TimeMeaning};

/// Returns the chronological rank of each of `events` (in timeline order, with their
/// `bounds`): events with the same earliest start, which the timeline orders by id, are
/// put in the order their relations give (`a before b`, `b during a`, `b follows a`, …).
pub(super) fn chronological(
    kb: &Kb,
    events: &[u32],
    bounds: &[EventBounds],
) -> HashMap<u32, usize> {
    // Pairs (earlier, later) as the relations' meanings in time put them, whatever the
    // kind is called: a declared kind orders exactly like the built-in one it implies.
    let mut first: HashSet<(Sym, Sym)> = HashSet::new();
    for r in kb.relations() {
        let status = kb.vocab().headline(r.positions());
        if kb.vocab().standing(status) == Standing::Refuted {
            continue;
        }
        let (a, b) = (r.from.node, r.to.node);
        match kb
            .vocab()
            .time_meaning(r.kind.node)
            .and_then(TimeMeaning::first)
        {
            Some(First::From) => first.insert((a, b)),
            Some(First::To) => first.insert((b, a)),
            None => false,
        };
    }
    let id = |i: u32| kb.events()[i as usize].id.node;
    let key = |n: usize| crate::time::bounds::lower_key(bounds[n].start.0);
    let mut order: Vec<u32> = Vec::with_capacity(events.len());
    let mut n = 0;
    while n < events.len() {
        let mut end = n + 1;
        while end < events.len() && key(end) == key(n) {
            end += 1;
        }
        // Within a group, repeatedly take the first event no other remaining one must
        // precede (a cycle falls back to timeline order).
        let mut group: Vec<u32> = events[n..end].to_vec();
        while !group.is_empty() {
            let pick = (0..group.len())
                .find(|&k| {
                    !group
                        .iter()
                        .any(|&o| first.contains(&(id(o), id(group[k]))) && o != group[k])
                })
                .unwrap_or(0);
            order.push(group.remove(pick));
        }
        n = end;
    }
    order.into_iter().enumerate().map(|(r, i)| (i, r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;
    use crate::vocab::ClaimView;

    /// Ranks `a` and `z`, dated alike, related by `z KIND a` with `kind` built in or
    /// declared as `triggers` implying it.
    fn ranks(kind: &str, declared: bool) -> (usize, usize) {
        let written = if declared { "triggers" } else { kind };
        let vocabulary = if declared {
            format!(
                "vocabulary: Vocabulary(relation_kinds: [RelationKind(name: triggers, from: event, to: event, implies: {kind})]),"
            )
        } else {
            String::new()
        };
        let text = format!(
            r#"Chronicle(
                events: [Event(id: "a", title: "A", date: "2001-10"), Event(id: "z", title: "Z", date: "2001-10")],
                relations: [Relation(from: "z", kind: {written}, to: "a")],
                {vocabulary}
            )"#
        );
        let files = vec![("kb.ron".into(), "kb.ron".to_string(), text.into_bytes())];
        let (kb, diags) = crate::load::load_texts(std::path::Path::new("."), files);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        let analysis = Analysis::new(&kb, ClaimView::Stated);
        let ranks = chronological(&kb, &[0, 1], analysis.bounds());
        (ranks[&0], ranks[&1])
    }

    #[test]
    fn a_declared_kind_orders_like_the_kind_it_implies() {
        for kind in ["causes", "contains", "overlaps"] {
            let builtin = ranks(kind, false);
            assert_eq!(builtin, (1, 0), "`z {kind} a` puts z first");
            assert_eq!(ranks(kind, true), builtin, "`triggers` implying `{kind}`");
        }
        for kind in ["responds_to", "during", "part_of"] {
            assert_eq!(ranks(kind, false), (0, 1), "`z {kind} a` puts a first");
            assert_eq!(ranks(kind, true), (0, 1), "`triggers` implying `{kind}`");
        }
    }
}
