//! Label rows: per lane, right to left, each label takes the row below every label it
//! would reach, so leader lines (which drop straight down) never cross a label; a label
//! is cut to the room it has and moved off axis breaks.

use std::collections::HashMap;

use super::frame::Frame;
use super::marks::Wanted;
use super::parts::{Label, Lane, Mark};
use crate::export::timeline::geometry::{LABEL_PADDING, LEFT, SMALL_SIZE, TEXT_SIZE};
use crate::export::timeline::text::{fit, text_width};

/// Most label rows in one lane; labels beyond are left out (their marks keep tooltips).
const MAX_ROWS: usize = 12;
/// Least space between a label and the picture's edge.
const EDGE: f64 = 4.0;
/// A leader line leaves a bar this far right of the bar's start.
const LEADER_INSET: f64 = 2.0;
/// A label box starts this far left of its leader line, which so enters the box.
const LEADER_BACK: f64 = 4.0;
/// An undated entry's label starts this far right of its mark's centre.
const UNDATED_LABEL_DX: f64 = 10.0;
/// Least space between two labels in one row.
const LABEL_GAP: f64 = 6.0;
/// Space kept between a label box moved off an axis break and the break.
const BREAK_CLEAR: f64 = 2.0;

/// The labels placed in every lane, and how many found no row.
pub(super) struct Placed {
    /// Every placed label, in mark order.
    pub labels: Vec<Label>,
    /// Labels left out for lack of room.
    pub omitted: usize,
}

/// Places the `wanted` labels of `marks` in rows of their lanes, earliest first where
/// several start at one place (`chrono` ranks events), and gives each lane its rows.
pub(super) fn place(
    marks: &[Mark],
    lanes: &mut [Lane],
    wanted: Vec<Wanted>,
    chrono: &HashMap<u32, usize>,
    frame: &Frame,
) -> Placed {
    let mut by_lane: Vec<Vec<Wanted>> = (0..lanes.len()).map(|_| Vec::new()).collect();
    for w in wanted {
        by_lane[marks[w.mark].lane].push(w);
    }
    let mut out = Placed {
        labels: Vec::new(),
        omitted: 0,
    };
    for (lane, mut wanted) in lanes.iter_mut().zip(by_lane) {
        // Labels at one place stack in chronological order, earliest on top.
        wanted.sort_by(|a, b| {
            let (ma, mb) = (&marks[a.mark], &marks[b.mark]);
            leader(mb)
                .total_cmp(&leader(ma))
                .then(chrono[&ma.event].cmp(&chrono[&mb.event]))
                .then(a.mark.cmp(&b.mark))
        });
        lane.rows = place_lane(marks, wanted, frame, &mut out);
    }
    out.labels.sort_by_key(|l| l.mark);
    out
}

/// Places the labels of one lane, right to left, in `out`; returns the rows used.
fn place_lane(marks: &[Mark], wanted: Vec<Wanted>, frame: &Frame, out: &mut Placed) -> usize {
    let leaders: Vec<f64> = wanted.iter().map(|w| leader(&marks[w.mark])).collect();
    let mut placed: Vec<(f64, usize)> = Vec::new();
    let mut rows_used = 0;
    for (w, &lx) in wanted.into_iter().zip(&leaders) {
        let mark = &marks[w.mark];
        let (lines, detail, width) = fitted(w.lines, &w.detail, room(mark, lx, frame));
        let (x, reach) = if mark.undated {
            (lx + UNDATED_LABEL_DX, f64::INFINITY)
        } else {
            let x = (lx - LEADER_BACK)
                .min(frame.label_limit() - width)
                .max(EDGE);
            let x = clear_of_breaks(x, width, lx, &frame.breaks, &leaders);
            (x, x + width + LABEL_GAP)
        };
        // A label already placed to the right may have been pushed left of its
        // leader line (at the right edge), so its box's left edge counts too.
        let row = placed
            .iter()
            .filter(|&&(px, _)| px < reach)
            .map(|&(_, prow)| prow + 1)
            .fold(0, usize::max);
        if row >= MAX_ROWS {
            out.omitted += 1;
            continue;
        }
        placed.push((lx.min(x), row));
        rows_used = rows_used.max(row + 1);
        out.labels.push(Label {
            mark: w.mark,
            lines,
            detail,
            x,
            leader_x: lx,
            row,
            width,
        });
    }
    rows_used
}

/// Returns where the leader line of a mark drops: from the centre of an instant or an
/// undated entry, else from just inside the start of its bar (or of the axis).
fn leader(m: &Mark) -> f64 {
    if m.instant || m.undated {
        m.centre()
    } else {
        m.range.0.max(LEFT) + LEADER_INSET
    }
}

/// Returns the room a label box has whose leader drops at `lx`: the undated column's,
/// or the picture's. No label is wider.
fn room(mark: &Mark, lx: f64, frame: &Frame) -> f64 {
    if mark.undated {
        frame.width - EDGE - (lx + UNDATED_LABEL_DX)
    } else {
        frame.label_limit() - EDGE
    }
}

/// Returns a label's lines and detail cut to fit `room` (text cut short keeps its whole
/// in the mark's tooltip), and the width of its box.
fn fitted(mut lines: Vec<String>, detail: &str, room: f64) -> (Vec<String>, String, f64) {
    let padding = 2.0 * LABEL_PADDING;
    for line in &mut lines {
        *line = fit(line, TEXT_SIZE, room - padding);
    }
    let detail = fit(detail, SMALL_SIZE, room - padding);
    let width = lines
        .iter()
        .map(|l| text_width(l, TEXT_SIZE))
        .chain([text_width(&detail, SMALL_SIZE)])
        .fold(0.0, f64::max)
        + padding;
    (lines, detail, width)
}

/// Moves a label box (`x`, `width`) whose leader line drops at `lx` off any axis break
/// it would cover, keeping the leader within the box; left as is when it cannot move,
/// or when moving left would put the box over another leader of the lane (`leaders`).
fn clear_of_breaks(x: f64, width: f64, lx: f64, breaks: &[(f64, f64)], leaders: &[f64]) -> f64 {
    for &(b0, b1) in breaks {
        if x < b1 && x + width > b0 {
            let left = b0 - width - BREAK_CLEAR;
            let free = !leaders.iter().any(|&o| o > left && o < x);
            if lx <= b0 && left >= lx - width && left >= EDGE && free {
                return left;
            }
            if lx >= b1 + BREAK_CLEAR {
                return b1 + BREAK_CLEAR;
            }
        }
    }
    x
}
