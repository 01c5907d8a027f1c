//! Where everything goes on the timeline, in steps: the lanes each event appears in
//! ([`lanes`]), its marks ([`marks`]), and the rows of each lane, where every mark has
//! its label beside it and nothing overlaps ([`labels`], in the order of [`order`]).

mod frame;
mod labels;
mod lanes;
mod marks;
mod order;
mod parts;

use std::collections::HashMap;

pub use parts::{Label, Lane, Mark, Plan};

use super::extent::Extent;
use super::geometry::TOP;
use super::options::TimelineOptions;
use crate::export::{BoundsFn, Selection};
use crate::graph::Graph;
use crate::kb::Kb;
use crate::time::bounds::EventBounds;
use frame::{Events, Frame};

/// Lays out a timeline.
pub fn plan(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    bounds: BoundsFn,
    options: &TimelineOptions,
) -> Plan {
    let bounds: Vec<EventBounds> = selection.events.iter().map(|&i| bounds(i)).collect();
    let events = Events {
        indices: &selection.events,
        extents: bounds
            .iter()
            .zip(&selection.events)
            .map(|(b, &i)| Extent::of(b, kb.events()[i as usize].date.is_some()))
            .collect(),
        bounds,
    };
    let frame = Frame::new(&events.extents, options.width, options.window);
    let slots = lanes::slots(kb, graph, selection, options.lanes);
    let keys = lanes::choose(&slots);
    let lane_of: HashMap<_, usize> = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut lanes: Vec<Lane> = keys
        .iter()
        .map(|&k| Lane {
            name: lanes::name(kb, k),
            key: lanes::key_text(kb, k),
            y: 0.0,
            rows: Vec::new(),
        })
        .collect();
    let marked = marks::marks(kb, &events, &slots, &lane_of, &frame);
    let mut marks = marked.marks;
    let chrono = order::chronological(kb, events.indices, &events.bounds);
    let placed = labels::place(&mut marks, &mut lanes, marked.labels, &chrono, &frame);
    let bottom = stack(&mut lanes);
    Plan {
        ticks: frame.axis.ticks(),
        axis: frame.axis,
        any_inferred: marks.iter().any(|m| m.inferred),
        lanes,
        marks,
        labels: placed.labels,
        undated_x: frame.undated_x,
        kinds: marked.kinds,
        bottom,
        omitted: placed.omitted,
        events: events.indices.len(),
        statuses: marked.statuses,
        breaks: frame.breaks,
    }
}

/// Puts the lanes one below the other from [`TOP`]; returns the bottom of the last.
fn stack(lanes: &mut [Lane]) -> f64 {
    let mut y = TOP;
    for lane in lanes {
        lane.y = y;
        y += lane.height();
    }
    y
}
