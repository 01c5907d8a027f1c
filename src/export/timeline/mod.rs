//! annals' own SVG timeline: a compressed time axis ([`axis`]), one lane per actor or
//! per event kind with marks and non-overlapping labels ([`layout`]), relation arrows
//! ([`arrows`]), written as SVG ([`draw`], [`legend`]) without Graphviz. The drawing's
//! numbers are named in [`geometry`] and [`paint`], its elements written by [`shapes`],
//! its text measured by [`text`].

pub mod arrows;
pub mod axis;
pub mod draw;
pub mod extent;
pub mod geometry;
pub mod grid;
pub mod layout;
pub mod legend;
pub mod options;
pub mod paint;
pub mod scale;
pub mod shapes;
pub mod text;

pub use options::{Lanes, Omitted, TimelineOptions};

use crate::export::{BoundsFn, Selection};
use crate::graph::Graph;
use crate::kb::Kb;

/// Draws the timeline of a selection as SVG text; deterministic for the same input.
///
/// The steps run one way: the layout places lanes, marks and labels; the arrows are
/// routed around what it placed; the drawing writes both.
pub fn render(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    bounds: BoundsFn,
    options: &TimelineOptions,
) -> (String, Omitted) {
    let plan = layout::plan(kb, graph, selection, bounds, options);
    let arrows = if options.relations {
        arrows::arrows(kb, graph, selection, &plan)
    } else {
        Vec::new()
    };
    let omitted = Omitted {
        labels: plan.omitted,
    };
    (draw::svg(&plan, &arrows, options), omitted)
}
