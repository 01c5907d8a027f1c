//! annals' own SVG timeline: a compressed time axis ([`axis`]), one lane per actor or
//! per event kind with marks and non-overlapping labels ([`layout`]), relation arrows
//! ([`arrows`]), written as SVG ([`draw`], [`legend`]) without Graphviz.

pub mod arrows;
pub mod axis;
pub mod draw;
pub mod extent;
pub mod geometry;
pub mod layout;
pub mod legend;
pub mod paint;
pub mod shapes;
pub mod text;

use crate::export::{BoundsFn, Selection};
use crate::graph::Graph;
use crate::kb::Kb;

/// What the lanes of the timeline stand for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lanes {
    /// One lane per actor; events without actors go to an `other` lane.
    #[default]
    Actor,
    /// One lane per event kind.
    Kind,
}

/// How to draw the timeline.
#[derive(Clone, Debug)]
pub struct TimelineOptions {
    /// The title at the top.
    pub title: String,
    /// The lanes.
    pub lanes: Lanes,
    /// Draw event-to-event relations as arrows.
    pub relations: bool,
    /// The width of the picture in pixels.
    pub width: f64,
}

impl Default for TimelineOptions {
    fn default() -> TimelineOptions {
        TimelineOptions {
            title: "Timeline".to_string(),
            lanes: Lanes::Actor,
            relations: false,
            width: 1200.0,
        }
    }
}

/// What drawing the timeline left out, for a note to the user.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Omitted {
    /// Labels that found no free row (their marks are drawn, with a tooltip).
    pub labels: usize,
}

/// Draws the timeline of a selection as SVG text; deterministic for the same input.
pub fn render(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    bounds: BoundsFn,
    options: &TimelineOptions,
) -> (String, Omitted) {
    let plan = layout::plan(kb, graph, selection, bounds, options);
    let omitted = Omitted {
        labels: plan.omitted,
    };
    (draw::svg(&plan, &plan.arrows, options), omitted)
}
