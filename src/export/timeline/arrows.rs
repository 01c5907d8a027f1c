//! Relation arrows between events on the timeline, after the layout: which relations
//! get an arrow (both events placed on the axis), the curve of each, and where its name
//! can be written without covering a label, a mark, an axis break or another arrow's
//! name.

use std::collections::HashMap;

use super::geometry::{DIAMOND, TOP};
use super::layout::{Mark, Plan};
use super::text::text_width;
use crate::export::{Selection, status_name};
use crate::graph::{EdgeKind, Graph};
use crate::kb::{Entity, Kb};

/// Size of the text of an arrow's name, in pixels.
pub const LABEL_SIZE: f64 = 9.0;
/// How high a curve rises above the higher of its ends, at least...
const LIFT: f64 = 18.0;
/// ...plus this share of the distance between its ends...
const LIFT_SHARE: f64 = 1.0 / 8.0;
/// ...up to this much more.
const MAX_EXTRA_LIFT: f64 = 40.0;
/// The top of a curve stays this far below the top of the lanes.
const CURVE_TOP_GAP: f64 = 2.0;
/// A curve leaves its start mark this far above the mark's centre...
const START_RISE: f64 = 4.0;
/// ...and enters its end mark this far above.
const END_RISE: f64 = 6.0;
/// An arrow's name sits this share of its lift below the top of its curve...
const NAME_DROP: f64 = 0.25;
/// ...or, when that place is taken, moved up or down by these offsets, tried in turn.
const NAME_OFFSETS: [f64; 5] = [0.0, -11.0, 11.0, -22.0, 22.0];
/// Space kept either side of an arrow's name.
const NAME_PAD: f64 = 2.0;
/// How far an arrow's name reaches below its baseline.
const NAME_DESCENT: f64 = 2.0;

/// An arrow between the primary marks of two events.
#[derive(Clone, Debug)]
pub struct Arrow {
    /// From mark.
    pub from: usize,
    /// To mark.
    pub to: usize,
    /// The relation kind.
    pub label: String,
    /// The claim status when not stated.
    pub status: Option<String>,
    /// Start, two control points and end of the cubic curve.
    pub curve: [(f64, f64); 4],
    /// Where the name is written (centre, baseline); `None` when every place tried was
    /// taken, and the name is left to the arrow's tooltip.
    pub label_at: Option<(f64, f64)>,
}

/// A box left, top, right, bottom.
type Rect = (f64, f64, f64, f64);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Returns the relation arrows of `selection` between events placed on the axis by
/// `plan`, from primary mark to primary mark; relations of events in the undated
/// column get no arrow.
pub fn arrows(kb: &Kb, graph: &Graph, selection: &Selection, plan: &Plan) -> Vec<Arrow> {
    let primary: HashMap<u32, usize> = plan
        .marks
        .iter()
        .enumerate()
        .filter(|(_, m)| m.primary && !m.undated)
        .map(|(i, m)| (m.event, i))
        .collect();
    let mut taken = obstacles(plan);
    let mut out = Vec::new();
    for &e in &selection.edges {
        let edge = graph.graph[e];
        let EdgeKind::Relation(kind) = edge.kind else {
            continue;
        };
        let Some((a, b)) = graph.graph.edge_endpoints(e) else {
            continue;
        };
        let (Entity::Event(x), Entity::Event(y)) = (graph.entity(a), graph.entity(b)) else {
            continue;
        };
        let (Some(&from), Some(&to)) = (primary.get(&x), primary.get(&y)) else {
            continue;
        };
        let (curve, lift) = curve(plan, &plan.marks[from], &plan.marks[to]);
        let label = kb.str(kind).to_string();
        let label_at = name_place(&label, curve, lift, &mut taken);
        out.push(Arrow {
            from,
            to,
            label,
            status: status_name(kb, edge.status).map(str::to_string),
            curve,
            label_at,
        });
    }
    out
}

/// Returns what an arrow's name must not cover: every label box, every mark on the
/// axis, and the axis breaks.
fn obstacles(plan: &Plan) -> Vec<Rect> {
    let mut taken: Vec<Rect> = plan
        .labels
        .iter()
        .map(|l| {
            let (x, top, width, height) = plan.label_box(l);
            (x, top, x + width, top + height)
        })
        .collect();
    taken.extend(plan.marks.iter().filter(|m| !m.undated).map(|m| {
        let (a, z) = m.extent();
        let y = plan.lanes[m.lane].track_y(m.track);
        (a, y - DIAMOND, z, y + DIAMOND)
    }));
    taken.extend(plan.breaks.iter().map(|&(a, z)| (a, 0.0, z, f64::INFINITY)));
    taken
}

/// Returns the curve from the end of mark `ma` (its centre for an instant) to the start
/// of mark `mb`, rising above both, and how far it rises above the higher end.
fn curve(plan: &Plan, ma: &Mark, mb: &Mark) -> ([(f64, f64); 4], f64) {
    let ya = plan.lanes[ma.lane].track_y(ma.track);
    let yb = plan.lanes[mb.lane].track_y(mb.track);
    let xa = if ma.instant { ma.centre() } else { ma.range.1 };
    let xb = if mb.instant { mb.centre() } else { mb.range.0 };
    let lift = LIFT + ((xb - xa).abs() * LIFT_SHARE).min(MAX_EXTRA_LIFT);
    let top = (ya.min(yb) - lift).max(TOP + CURVE_TOP_GAP);
    let curve = [
        (xa, ya - START_RISE),
        (xa, top),
        (xb, top),
        (xb, yb - END_RISE),
    ];
    (curve, lift)
}

/// Returns where the name `label` of an arrow with `curve` (rising `lift`) can be
/// written: near the top of the curve, or a row above or below it, wherever it covers
/// nothing `taken`; the place found is taken in turn.
fn name_place(
    label: &str,
    curve: [(f64, f64); 4],
    lift: f64,
    taken: &mut Vec<Rect>,
) -> Option<(f64, f64)> {
    let half = text_width(label, LABEL_SIZE) / 2.0 + NAME_PAD;
    let name_box = |(x, y): (f64, f64)| (x - half, y - LABEL_SIZE, x + half, y + NAME_DESCENT);
    let [(xa, _), (_, top), _, (xb, _)] = curve;
    let cx = (xa + xb) / 2.0;
    let base = top + lift * NAME_DROP;
    let at = NAME_OFFSETS
        .into_iter()
        .map(|dy| (cx, base + dy))
        .find(|&at| {
            let rect = name_box(at);
            rect.1 >= TOP && !taken.iter().any(|&t| overlaps(rect, t))
        })?;
    taken.push(name_box(at));
    Some(at)
}
