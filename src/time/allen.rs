//! Allen's thirteen interval relations between two events: which hold certainly and
//! which are still possible, decided exactly on the temporal network.
//!
//! In a simple temporal network the shortest distances between four points are the
//! exact ranges of their differences, and adding constraints on those four points only
//! is consistent exactly when the 4×4 distance matrix with them has no negative cycle.

/// Endpoints of the two events: A's start and end, B's start and end.
const A1: usize = 0;
const A2: usize = 1;
const B1: usize = 2;
const B2: usize = 3;

/// One comparison of two endpoints.
#[derive(Clone, Copy, Debug)]
enum Cmp {
    /// `x < y`.
    Lt(usize, usize),
    /// `x = y`.
    Eq(usize, usize),
}

use Cmp::{Eq, Lt};

/// The thirteen relations of A to B in their textbook sense (with `start < end`).
///
/// An instant (start = end) is related the way the point–interval algebra does it: an
/// instant at B's start `starts` B, one at B's end `finishes` B, one inside B is
/// `during` B, and two instants are `before`, `equals` or `after`. `meets` and `met_by`
/// need two proper intervals. So in any one placement of the four endpoints exactly one
/// relation holds.
const RELATIONS: [(&str, &[Cmp]); 13] = [
    ("before", &[Lt(A2, B1)]),
    ("meets", &[Eq(A2, B1), Lt(A1, A2), Lt(B1, B2)]),
    ("overlaps", &[Lt(A1, B1), Lt(B1, A2), Lt(A2, B2)]),
    ("starts", &[Eq(A1, B1), Lt(A2, B2)]),
    ("during", &[Lt(B1, A1), Lt(A2, B2)]),
    ("finishes", &[Eq(A2, B2), Lt(B1, A1)]),
    ("equals", &[Eq(A1, B1), Eq(A2, B2)]),
    ("finished_by", &[Eq(A2, B2), Lt(A1, B1)]),
    ("contains", &[Lt(A1, B1), Lt(B2, A2)]),
    ("started_by", &[Eq(A1, B1), Lt(B2, A2)]),
    ("overlapped_by", &[Lt(B1, A1), Lt(A1, B2), Lt(B2, A2)]),
    ("met_by", &[Eq(B2, A1), Lt(A1, A2), Lt(B1, B2)]),
    ("after", &[Lt(B2, A1)]),
];

/// The Allen relations of A to B.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Relate {
    /// Relations that hold in every assignment the constraints allow.
    pub certain: Vec<&'static str>,
    /// Relations that hold in some assignment.
    pub possible: Vec<&'static str>,
}

/// The smallest unit of time: one second.
const TICK: i64 = 1;

/// Decides the relations from `d[i][j]`, the least upper bound of `x[j] - x[i]`
/// (`None`: unbounded) over the points A1, A2, B1, B2.
///
/// Allen's relations assume proper intervals; an event that may last (an event dated to
/// one day, whose start and end may lie anywhere in that day) is taken to last, and one
/// that cannot is an instant. Every placement then has exactly one relation, so a
/// relation is certain exactly when it is the only possible one.
pub fn relate(d: &[[Option<i64>; 4]; 4]) -> Relate {
    let mut out = Relate::default();
    let proper: Vec<Cmp> = [(A1, A2), (B1, B2)]
        .into_iter()
        .filter(|&(s, e)| d[s][e].is_none_or(|w| w >= TICK))
        .map(|(s, e)| Lt(s, e))
        .collect();
    for (name, conjuncts) in RELATIONS {
        let extra: Vec<Cmp> = conjuncts.iter().chain(&proper).copied().collect();
        if consistent(d, &extra) {
            out.possible.push(name);
        }
    }
    if out.possible.len() == 1 {
        out.certain = out.possible.clone();
    }
    out
}

fn consistent(d: &[[Option<i64>; 4]; 4], extra: &[Cmp]) -> bool {
    let mut m = *d;
    let mut tighten = |i: usize, j: usize, w: i64| {
        m[i][j] = Some(m[i][j].map_or(w, |v| v.min(w)));
    };
    for c in extra {
        match *c {
            // x < y: x - y <= -1, an edge y -> x of weight -1.
            Lt(x, y) => tighten(y, x, -TICK),
            Eq(x, y) => {
                tighten(x, y, 0);
                tighten(y, x, 0);
            }
        }
    }
    for k in 0..4 {
        for i in 0..4 {
            for j in 0..4 {
                if let (Some(a), Some(b)) = (m[i][k], m[k][j]) {
                    let via = a.saturating_add(b);
                    if m[i][j].is_none_or(|w| via < w) {
                        m[i][j] = Some(via);
                    }
                }
            }
        }
    }
    (0..4).all(|i| m[i][i].is_none_or(|w| w >= 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a distance matrix from fixed endpoint values (an exact assignment).
    fn fixed(points: [i64; 4]) -> [[Option<i64>; 4]; 4] {
        let mut d = [[None; 4]; 4];
        for i in 0..4 {
            for j in 0..4 {
                d[i][j] = Some(points[j] - points[i]);
            }
        }
        d
    }

    #[test]
    fn exact_intervals_have_exactly_one_relation() {
        let cases = [
            ([0, 1, 2, 3], "before"),
            ([0, 2, 2, 3], "meets"),
            ([0, 2, 1, 3], "overlaps"),
            ([0, 1, 0, 3], "starts"),
            ([1, 2, 0, 3], "during"),
            ([1, 3, 0, 3], "finishes"),
            ([0, 3, 0, 3], "equals"),
            ([0, 3, 1, 3], "finished_by"),
            ([0, 3, 1, 2], "contains"),
            ([0, 3, 0, 2], "started_by"),
            ([1, 3, 0, 2], "overlapped_by"),
            ([2, 3, 0, 2], "met_by"),
            ([3, 4, 0, 2], "after"),
        ];
        for (points, name) in cases {
            let r = relate(&fixed(points));
            assert_eq!(r.certain, vec![name], "{points:?}");
            assert_eq!(r.possible, vec![name], "{points:?}");
        }
    }

    #[test]
    fn instants_have_exactly_one_relation() {
        let cases = [
            ([0, 0, 0, 3], "starts"),
            ([1, 1, 0, 3], "during"),
            ([3, 3, 0, 3], "finishes"),
            ([0, 3, 0, 0], "started_by"),
            ([0, 3, 3, 3], "finished_by"),
            ([2, 2, 2, 2], "equals"),
            ([1, 1, 2, 2], "before"),
            ([2, 2, 1, 1], "after"),
        ];
        for (points, name) in cases {
            let r = relate(&fixed(points));
            assert_eq!(r.certain, vec![name], "{points:?}");
            assert_eq!(r.possible, vec![name], "{points:?}");
        }
    }

    #[test]
    fn unconstrained_intervals_allow_everything() {
        let mut d = [[None; 4]; 4];
        for (i, row) in d.iter_mut().enumerate() {
            row[i] = Some(0);
        }
        let r = relate(&d);
        assert!(r.certain.is_empty());
        assert_eq!(r.possible.len(), 13);
    }
}
