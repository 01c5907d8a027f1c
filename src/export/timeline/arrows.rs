//! Relation arrows between events on the timeline, after the layout: which relations
//! get an arrow (both events placed on the axis), the path of each (through the gaps
//! between rows, so it never crosses a label), and where its name can be written
//! without covering a label, a mark, an axis break or another arrow's name.

use std::collections::HashMap;

use super::geometry::{DIAMOND, LEFT, TOP};
use super::grid::{Grid, Rect};
use super::layout::{Mark, Plan};
use super::text::text_width;
use crate::export::{Selection, status_name};
use crate::graph::{EdgeKind, Graph};
use crate::kb::{Entity, Kb};

/// Size of the text of an arrow's name, in pixels.
pub const LABEL_SIZE: f64 = 9.0;
/// Space kept between a vertical run of an arrow and a label box or mark.
const CLEAR: f64 = 3.0;
/// Arrows' runs between gaps are tried this far apart...
const RUN_STEP: f64 = 5.0;
/// ...this many steps either side of an end.
const RUN_STEPS: usize = 6;
/// Most places tried for an arrow's run between gaps beyond those near its ends.
const MAX_CANDIDATES: usize = 64;
/// An arrow ends this far above the centre of the mark it points at.
const END_RISE: f64 = 6.0;
/// Where along a horizontal run an arrow's name is tried, as shares of its length.
const NAME_SPOTS: [f64; 5] = [0.5, 0.3, 0.7, 0.15, 0.85];
/// Space kept either side of an arrow's name.
const NAME_PAD: f64 = 2.0;
/// How far an arrow's name reaches below its baseline.
const NAME_DESCENT: f64 = 2.0;
/// An arrow's name sits on a baseline this far below its run.
const NAME_DROP: f64 = 3.0;

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
    /// The corners of its path: up from its start into the gap above the start's row,
    /// along gaps and down clear of every label, into the gap above the end's row, and
    /// down to the end.
    pub path: Vec<(f64, f64)>,
    /// Where the name is written (centre, baseline); `None` when every place tried was
    /// taken, and the name is left to the arrow's tooltip.
    pub label_at: Option<(f64, f64)>,
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
    let mut taken = Grid::new(obstacles(plan));
    let mut runs = Grid::default();
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
        let path = route(plan, &plan.marks[from], &plan.marks[to], &taken, &runs);
        // The run down between gaps is kept apart from the next arrows' runs.
        if let [_, _, (xv, ca), (_, cb), _, _] = path[..] {
            runs.insert((xv - 1.0, ca.min(cb), xv + 1.0, ca.max(cb)));
        }
        let label = kb.str(kind).to_string();
        let label_at = name_place(&label, &path, &mut taken);
        out.push(Arrow {
            from,
            to,
            label,
            status: status_name(kb, edge.status).map(str::to_string),
            path,
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

/// Returns the path of an arrow from mark `ma` (its end, or centre for a point) to
/// mark `mb` (its start, or centre). Labels never lie in the gaps between rows, and a
/// mark's own row holds nothing else above or below it, so only the run between the
/// two gaps must look for a clear place, among the boxes `taken`.
fn route(plan: &Plan, ma: &Mark, mb: &Mark, taken: &Grid, runs: &Grid) -> Vec<(f64, f64)> {
    let (la, lb) = (&plan.lanes[ma.lane], &plan.lanes[mb.lane]);
    let ya = la.track_y(ma.track);
    let yb = lb.track_y(mb.track);
    let point = |m: &Mark| m.instant || m.undated || m.core.is_none_or(|(p, q)| q - p < DIAMOND);
    let xa = if point(ma) { ma.centre() } else { ma.range.1 };
    let xb = if point(mb) { mb.centre() } else { mb.range.0 };
    let ca = la.channel_y(ma.track.wrapping_sub(1));
    let cb = lb.channel_y(mb.track.wrapping_sub(1));
    let start = (xa, ya - DIAMOND);
    let end = (xb, yb - END_RISE);
    if (ca - cb).abs() < f64::EPSILON {
        return vec![start, (xa, ca), (xb, cb), end];
    }
    let (top, bottom) = (ca.min(cb), ca.max(cb));
    let column = |x: f64| (x - CLEAR, top, x + CLEAR, bottom);
    // The shortest way along the gaps goes down anywhere between the two ends.
    let cost = |x: f64| (x - xa).abs() + (x - xb).abs() + (x - xb).abs() * 1e-3;
    let by_cost = |list: &mut Vec<f64>| {
        list.retain(|&x| x >= LEFT && x <= plan.axis.right());
        list.sort_by(|a, b| cost(*a).total_cmp(&cost(*b)));
    };
    // First the ends and steps beside them, apart from other arrows' runs; then also
    // just beside every box in the way, sharing a run if need be; the gutter left of
    // the axis when nothing else is clear.
    let mut near = vec![xb, xa];
    for k in 1..=RUN_STEPS {
        let d = k as f64 * RUN_STEP;
        near.extend([xb + d, xb - d, xa + d, xa - d]);
    }
    by_cost(&mut near);
    let wide = || {
        let mut wide = near.clone();
        for r in taken.touching((LEFT, top, plan.axis.right(), bottom)) {
            wide.extend([r.0 - CLEAR - 1.0, r.2 + CLEAR + 1.0]);
        }
        // The cheapest few are enough, and keep a big drawing's arrows fast.
        if wide.len() > MAX_CANDIDATES {
            wide.select_nth_unstable_by(MAX_CANDIDATES, |a, b| cost(*a).total_cmp(&cost(*b)));
            wide.truncate(MAX_CANDIDATES);
        }
        by_cost(&mut wide);
        wide
    };
    let xv = near
        .iter()
        .copied()
        .find(|&x| !taken.any(column(x)) && !runs.any(column(x)))
        .or_else(|| wide().into_iter().find(|&x| !taken.any(column(x))))
        .unwrap_or(LEFT - CLEAR);
    vec![start, (xa, ca), (xv, ca), (xv, cb), (xb, cb), end]
}

/// Returns where the name `label` of an arrow with `path` can be written: under one of
/// its horizontal runs, longest first, wherever it covers nothing `taken`; the place
/// found is taken in turn.
fn name_place(label: &str, path: &[(f64, f64)], taken: &mut Grid) -> Option<(f64, f64)> {
    let half = text_width(label, LABEL_SIZE) / 2.0 + NAME_PAD;
    let name_box = |(x, y): (f64, f64)| (x - half, y - LABEL_SIZE, x + half, y + NAME_DESCENT);
    let mut runs: Vec<((f64, f64), (f64, f64))> = path
        .windows(2)
        .filter(|w| (w[0].1 - w[1].1).abs() < f64::EPSILON && (w[0].0 - w[1].0).abs() > 2.0 * half)
        .map(|w| (w[0], w[1]))
        .collect();
    runs.sort_by(|a, b| (b.1.0 - b.0.0).abs().total_cmp(&(a.1.0 - a.0.0).abs()));
    let at = runs.iter().find_map(|&((x0, y), (x1, _))| {
        NAME_SPOTS
            .iter()
            .map(|f| {
                (
                    x0 + (x1 - x0) * f,
                    y + LABEL_SIZE + NAME_DROP - NAME_DESCENT,
                )
            })
            .find(|&at| {
                let rect = name_box(at);
                rect.1 >= TOP && !taken.any(rect)
            })
    })?;
    taken.insert(name_box(at));
    Some(at)
}
