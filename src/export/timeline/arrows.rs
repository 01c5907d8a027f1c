//! Relation arrows between events on the timeline: which relations get an arrow (both
//! events placed on the axis), the curve of each, and where its name can be written
//! without covering a label, a mark, an axis break or another arrow's name.

use std::collections::HashMap;

use super::geometry::{ROW, TOP};
use super::layout::{Label, Lane, Mark};
use super::text::text_width;
use crate::export::{Selection, status_name};
use crate::graph::{EdgeKind, Graph};
use crate::kb::{Entity, Kb};

/// Size of the text of an arrow's name, in pixels.
pub const LABEL_SIZE: f64 = 9.0;

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

/// Returns the relation arrows between events placed on the axis, from primary mark to
/// primary mark; relations of events in the undated column get no arrow.
pub fn arrows(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    (marks, lanes, labels): (&[Mark], &[Lane], &[Label]),
    breaks: &[(f64, f64)],
) -> Vec<Arrow> {
    let primary: HashMap<u32, usize> = marks
        .iter()
        .enumerate()
        .filter(|(_, m)| m.primary && !m.undated)
        .map(|(i, m)| (m.event, i))
        .collect();
    // What a name must not cover: every label box and every mark on the axis.
    let mut taken: Vec<Rect> = labels
        .iter()
        .map(|l| {
            let top = lanes[marks[l.mark].lane].row_y(l.row) + 1.0;
            let h = (l.lines.len() as f64 * 13.0 + 16.0).min(ROW - 2.0);
            (l.x, top, l.x + l.width, top + h)
        })
        .collect();
    taken.extend(marks.iter().filter(|m| !m.undated).map(|m| {
        let (a, z) = m.extent();
        let y = lanes[m.lane].track_y(m.track);
        (a, y - 6.0, z, y + 6.0)
    }));
    taken.extend(breaks.iter().map(|&(a, z)| (a, 0.0, z, f64::INFINITY)));
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
        let (ma, mb) = (&marks[from], &marks[to]);
        let ya = lanes[ma.lane].track_y(ma.track);
        let yb = lanes[mb.lane].track_y(mb.track);
        let xa = if ma.instant {
            (ma.range.0 + ma.range.1) / 2.0
        } else {
            ma.range.1
        };
        let xb = if mb.instant {
            (mb.range.0 + mb.range.1) / 2.0
        } else {
            mb.range.0
        };
        let lift = 18.0 + ((xb - xa).abs() / 8.0).min(40.0);
        let top = (ya.min(yb) - lift).max(TOP + 2.0);
        let label = kb.str(kind).to_string();
        // The name sits near the top of the curve, or a row above or below it.
        let half = text_width(&label, LABEL_SIZE) / 2.0 + 2.0;
        let cx = (xa + xb) / 2.0;
        let base = top + lift * 0.25;
        let label_at = [0.0, -11.0, 11.0, -22.0, 22.0]
            .into_iter()
            .map(|dy| (cx, base + dy))
            .find(|&(x, y)| {
                let rect = (x - half, y - LABEL_SIZE, x + half, y + 2.0);
                rect.1 >= TOP && !taken.iter().any(|&t| overlaps(rect, t))
            });
        if let Some((x, y)) = label_at {
            taken.push((x - half, y - LABEL_SIZE, x + half, y + 2.0));
        }
        out.push(Arrow {
            from,
            to,
            label,
            status: status_name(kb, edge.status).map(str::to_string),
            curve: [(xa, ya - 4.0), (xa, top), (xb, top), (xb, yb - 6.0)],
            label_at,
        });
    }
    out
}
