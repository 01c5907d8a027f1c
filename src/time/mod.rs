//! Time reasoning (SPEC §4): the simple temporal network of a KB, the tightest bounds
//! of every event's start and end, contradictions as diagnostics, Allen relations.

pub mod allen;
pub mod bounds;
pub mod explain;
pub mod network;
pub mod solve;

use crate::date::Bound;
use crate::diag::Diagnostic;
use crate::kb::Kb;
use crate::time::bounds::EventBounds;
use network::{
    Network, end_node, lower_bound, lower_seconds, start_node, upper_bound, upper_seconds,
};

/// What the dates and relations of a KB imply.
#[derive(Clone, Debug)]
pub struct Inference {
    /// The bounds of every event, in `kb.events()` order; the written ones when the
    /// network is contradictory.
    pub bounds: Vec<EventBounds>,
    /// The solved bounds in seconds, by node (empty when contradictory).
    pub solution: solve::Solution,
    /// The constraints of a contradicting cycle, as a chain, when there is one.
    pub contradiction: Option<Vec<network::Constraint>>,
}

impl Inference {
    /// Returns the contradiction as a `check` error, when there is one.
    pub fn diagnostic(&self, kb: &Kb) -> Option<Diagnostic> {
        self.contradiction
            .as_ref()
            .map(|cycle| explain::contradiction(kb, cycle))
    }
}

/// Solves an already built network of `kb`.
pub fn infer_network(kb: &Kb, net: &Network) -> Inference {
    match solve::solve(net) {
        Ok(solution) => Inference {
            bounds: (0..kb.events().len() as u32)
                .map(|e| bounds_of(kb, &solution, e))
                .collect(),
            solution,
            contradiction: None,
        },
        Err(cycle) => Inference {
            bounds: kb.events().iter().map(EventBounds::given).collect(),
            solution: solve::Solution::default(),
            contradiction: Some(cycle.iter().map(|&i| net.constraints[i as usize]).collect()),
        },
    }
}

fn bounds_of(kb: &Kb, s: &solve::Solution, e: u32) -> EventBounds {
    let given = EventBounds::given(&kb.events()[e as usize]);
    let mut inferred = false;
    let mut side = |node: u32, (lo, hi): (Bound, Bound)| {
        let n = node as usize;
        let new_lo = s.earliest[n].filter(|x| lower_seconds(lo).is_none_or(|g| *x > g));
        let new_hi = s.latest[n].filter(|x| upper_seconds(hi).is_none_or(|g| *x < g));
        inferred |= new_lo.is_some() || new_hi.is_some();
        (
            new_lo.map_or(lo, lower_bound),
            new_hi.map_or(hi, upper_bound),
        )
    };
    let start = side(start_node(e), given.start);
    let end = side(end_node(e), given.end);
    EventBounds {
        start,
        end,
        inferred,
        local: given.local,
    }
}
