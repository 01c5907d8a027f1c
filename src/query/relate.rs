//! `relate A B`: which of Allen's thirteen interval relations hold certainly between two
//! events, and which are still possible, decided on the time network.

use serde::Serialize;

use crate::analysis::Analysis;
use crate::kb::Kb;
use crate::time::network::{end_node, start_node};
use crate::time::{allen, solve};

/// The Allen relations of one event to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Relations<'k> {
    /// The id of the first event.
    pub a: &'k str,
    /// The id of the second event.
    pub b: &'k str,
    /// The relations that hold however the constraints are met.
    pub certain: Vec<&'static str>,
    /// The relations that hold in some way of meeting them.
    pub possible: Vec<&'static str>,
}

/// Relates events `a` and `b` (indices into `kb.events()`), or returns the constraints
/// of a contradiction.
pub fn relate<'k>(
    kb: &'k Kb,
    analysis: &Analysis,
    a: u32,
    b: u32,
) -> Result<Relations<'k>, Vec<u32>> {
    let nodes = [start_node(a), end_node(a), start_node(b), end_node(b)];
    let d = solve::distances(analysis.network(), &nodes)?;
    let m: [[Option<i64>; 4]; 4] =
        std::array::from_fn(|i| std::array::from_fn(|j| d.from[i][nodes[j] as usize]));
    let allen::Relate { certain, possible } = allen::relate(&m);
    let id = |e: u32| kb.str(kb.events()[e as usize].id.node);
    Ok(Relations {
        a: id(a),
        b: id(b),
        certain,
        possible,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{test_event as event, test_kb as kb};
    use crate::vocab::ClaimView;

    const KB: &str = r#"Chronicle(events: [
        Event(id: "arrest", title: "Arrest", date: "2021-01-17"),
        Event(id: "trial", title: "Trial", date: "2021-02"),
        Event(id: "verdict", title: "Verdict"),
    ], relations: [
        Relation(from: "verdict", kind: during, to: "trial"),
    ])"#;

    #[test]
    fn dated_events_are_certainly_before() {
        let kb = kb(KB);
        let analysis = Analysis::new(&kb, ClaimView::Stated);
        let r = relate(&kb, &analysis, event(&kb, "arrest"), event(&kb, "trial")).unwrap();
        assert_eq!((r.a, r.b), ("arrest", "trial"));
        assert_eq!(r.certain, ["before"]);
        assert_eq!(r.possible, ["before"]);
    }

    #[test]
    fn a_related_undated_event_keeps_what_the_relation_allows() {
        let kb = kb(KB);
        let analysis = Analysis::new(&kb, ClaimView::Stated);
        let r = relate(&kb, &analysis, event(&kb, "verdict"), event(&kb, "arrest")).unwrap();
        assert_eq!(r.certain, ["after"]);
        let r = relate(&kb, &analysis, event(&kb, "verdict"), event(&kb, "trial")).unwrap();
        // `during` is written loosely (within, ends allowed to meet), so four remain.
        assert!(r.certain.is_empty(), "{r:?}");
        assert_eq!(r.possible, ["starts", "during", "finishes", "equals"]);
    }

    #[test]
    fn serialises_as_a_and_b_then_the_relations() {
        let kb = kb(KB);
        let analysis = Analysis::new(&kb, ClaimView::Stated);
        let r = relate(&kb, &analysis, event(&kb, "arrest"), event(&kb, "trial")).unwrap();
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"a":"arrest","b":"trial","certain":["before"],"possible":["before"]}"#
        );
    }
}
