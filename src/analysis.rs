//! What a loaded knowledge base implies, computed once after loading: the event graph,
//! the time network and the bounds it gives every event, under one view of the claims.
//!
//! The [`Kb`] stays plain data; `check`, the queries and the exports all take the one
//! [`Analysis`] built for a run instead of rebuilding any part of it.

use crate::graph::Graph;
use crate::kb::Kb;
use crate::time::bounds::EventBounds;
use crate::time::network::{self, Network};
use crate::time::{self, Inference};
use crate::vocab::ClaimView;

/// Below this many events and relations, a KB is analysed and checked on one thread:
/// a second one costs more than it saves.
const PARALLEL_RECORDS: usize = 20_000;

/// Whether `kb` is large enough to be analysed and checked on two threads.
pub fn is_large(kb: &Kb) -> bool {
    kb.events().len() + kb.relations().len() >= PARALLEL_RECORDS
}

/// The graph, network and inference of one KB under one claim view.
#[derive(Debug)]
pub struct Analysis {
    view: ClaimView,
    graph: Graph,
    network: Network,
    inference: Inference,
}

impl Analysis {
    /// Analyses `kb`, reasoning with the claims `view` takes as facts.
    pub fn new(kb: &Kb, view: ClaimView) -> Analysis {
        // The graph is built on a second thread while the time network is solved.
        let (graph, (network, inference)) = crate::parallel::join(
            is_large(kb),
            || crate::timing::phase("graph", || Graph::build(kb, &view)),
            || {
                let network = crate::timing::phase("time network", || network::build(kb, &view));
                let inference =
                    crate::timing::phase("inference", || time::infer_network(kb, &network));
                (network, inference)
            },
        );
        Analysis {
            view,
            graph,
            network,
            inference,
        }
    }

    /// Returns the claims taken as facts.
    pub fn view(&self) -> &ClaimView {
        &self.view
    }

    /// Returns the event graph.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// Returns the time network.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// Returns what the dates and relations imply.
    pub fn inference(&self) -> &Inference {
        &self.inference
    }

    /// Returns the bounds of every event, in load order (the written ones when the
    /// network is contradictory).
    pub fn bounds(&self) -> &[EventBounds] {
        &self.inference.bounds
    }
}
