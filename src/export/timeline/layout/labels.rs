//! Rows: per lane, marks taken left to right (earliest first where several start at
//! one place) go to the first row where the mark and its label beside it overlap
//! nothing, so each label sits beside its mark, in time order, with no leader line. A
//! label goes right of its mark, else left of it, else (a bar too long for either) just
//! under the bar; it is cut to the room it has.

use std::collections::HashMap;

use super::frame::Frame;
use super::marks::Wanted;
use super::parts::{Label, Lane, Mark};
use crate::export::timeline::geometry::{
    BAR_HEIGHT, LABEL_PADDING, LEFT, MARK_DY, ROW_GAP, SMALL_SIZE, TEXT_SIZE, TRACK,
};
use crate::export::timeline::text::{fit, text_width};

/// Most rows in one lane; labels beyond are left out (their marks keep tooltips).
const MAX_ROWS: usize = 40;
/// Least space between a label and the picture's edge.
const EDGE: f64 = 4.0;
/// Space between a mark and the label box beside it.
const BESIDE: f64 = 2.0;
/// Least space between two things in one row.
const GAP: f64 = 6.0;
/// A label box's top, below the top of its row, when it sits beside its mark.
const BESIDE_DY: f64 = -1.0;
/// A label box's top, below the top of its row, under a bar.
const UNDER_DY: f64 = MARK_DY + BAR_HEIGHT / 2.0;
/// A label that fits whole on neither side goes under a mark at least this wide.
const MIN_UNDER: f64 = 40.0;
/// Narrower room than this for a label beside its mark puts it under a bar instead.
const MIN_ROOM: f64 = 90.0;

/// The labels placed in every lane, and how many found no row.
pub(super) struct Placed {
    /// Every placed label, in mark order.
    pub labels: Vec<Label>,
    /// Labels left out for lack of room.
    pub omitted: usize,
}

/// One mark with its label, as it takes room in a row.
struct Item {
    label: Option<Label>,
    /// The horizontal extent of mark and label together.
    span: (f64, f64),
    /// The height it takes in its row.
    height: f64,
}

/// Places the marks of every lane and their `wanted` labels in rows, earliest first
/// where several start at one place (`chrono` ranks events), and gives each lane its
/// rows and each mark its row.
pub(super) fn place(
    marks: &mut [Mark],
    lanes: &mut [Lane],
    wanted: Vec<Wanted>,
    chrono: &HashMap<u32, usize>,
    frame: &Frame,
) -> Placed {
    let mut label_of: HashMap<usize, Wanted> = wanted.into_iter().map(|w| (w.mark, w)).collect();
    let mut by_lane: Vec<Vec<usize>> = vec![Vec::new(); lanes.len()];
    for (m, mark) in marks.iter().enumerate() {
        by_lane[mark.lane].push(m);
    }
    let mut out = Placed {
        labels: Vec::new(),
        omitted: 0,
    };
    for (lane, mut order) in lanes.iter_mut().zip(by_lane) {
        order.sort_by(|&a, &b| {
            let (ma, mb) = (&marks[a], &marks[b]);
            ma.extent()
                .0
                .total_cmp(&mb.extent().0)
                .then(chrono[&ma.event].cmp(&chrono[&mb.event]))
                .then(a.cmp(&b))
        });
        let mut ends: Vec<f64> = Vec::new();
        let mut heights: Vec<f64> = Vec::new();
        for m in order {
            let wanted = label_of.remove(&m);
            let mut item = item(&marks[m], wanted.as_ref(), frame);
            let row = match free_row(&ends, item.span.0) {
                Some(row) if row < MAX_ROWS => row,
                _ => {
                    if item.label.is_some() {
                        out.omitted += 1;
                    }
                    item = item_alone(&marks[m]);
                    free_row(&ends, item.span.0)
                        .filter(|&r| r < MAX_ROWS)
                        .unwrap_or_else(|| least_full(&ends))
                }
            };
            if row == ends.len() {
                ends.push(f64::NEG_INFINITY);
                heights.push(0.0);
            }
            ends[row] = ends[row].max(item.span.1);
            heights[row] = heights[row].max(item.height);
            marks[m].track = row;
            out.labels.extend(item.label);
        }
        lane.rows = heights.into_iter().map(|h| h + ROW_GAP).collect();
    }
    out.labels.sort_by_key(|l| l.mark);
    out
}

/// Returns the first row whose last thing ends before `start`, or a new row.
fn free_row(ends: &[f64], start: f64) -> Option<usize> {
    Some(
        ends.iter()
            .position(|&end| end + GAP <= start)
            .unwrap_or(ends.len()),
    )
}

/// Returns the row that ends furthest left, for a mark no row has room for.
fn least_full(ends: &[f64]) -> usize {
    (0..ends.len())
        .min_by(|&a, &b| ends[a].total_cmp(&ends[b]))
        .unwrap_or(0)
}

/// Returns a mark without a label.
fn item_alone(mark: &Mark) -> Item {
    Item {
        label: None,
        span: mark.extent(),
        height: TRACK,
    }
}

/// Returns a mark with its label (when it wants one) placed beside it: right of it
/// when there is room, else left, else under its bar; an undated entry's label goes
/// right of it in the undated column.
fn item(mark: &Mark, wanted: Option<&Wanted>, frame: &Frame) -> Item {
    let Some(w) = wanted else {
        return item_alone(mark);
    };
    let (a, z) = mark.extent();
    let limit = if mark.undated {
        frame.width - EDGE
    } else {
        frame.label_limit()
    };
    let right_room = limit - (z + BESIDE);
    let left_room = (a - BESIDE) - LEFT;
    let natural = natural_width(&w.lines, &w.detail);
    // Whole on the right, else whole on the left, else under a bar long enough to
    // carry it, else cut on the roomier side.
    let whole_right = right_room >= natural || mark.undated;
    let whole_left = !whole_right && left_room >= natural;
    let under = !whole_right && !whole_left && z - a >= MIN_UNDER;
    let right =
        whole_right || (!whole_left && !under && right_room >= left_room && right_room >= MIN_ROOM);
    let left = !right && !under && (whole_left || left_room >= MIN_ROOM);
    let (x, dy, room) = if right {
        (z + BESIDE, BESIDE_DY, right_room)
    } else if left {
        (a - BESIDE - natural.min(left_room), BESIDE_DY, left_room)
    } else {
        // Under the bar, from its start (or the axis's), moved left to fit.
        let room = limit - LEFT;
        let x = a.max(LEFT).min(limit - natural.min(room));
        (x, UNDER_DY, room)
    };
    let (lines, detail, width) = fitted(w.lines.clone(), &w.detail, room);
    let x = if x < a && dy == BESIDE_DY {
        a - BESIDE - width
    } else {
        x
    };
    let label = Label {
        mark: w.mark,
        lines,
        detail,
        x,
        dy,
        width,
    };
    let height = dy.max(0.0) + label.height();
    Item {
        span: (a.min(x), z.max(x + width)),
        height,
        label: Some(label),
    }
}

/// Returns the width a label's box takes with its text uncut.
fn natural_width(lines: &[String], detail: &str) -> f64 {
    lines
        .iter()
        .map(|l| text_width(l, TEXT_SIZE))
        .chain([text_width(detail, SMALL_SIZE)])
        .fold(0.0, f64::max)
        + 2.0 * LABEL_PADDING
}

/// Returns a label's lines and detail cut to fit `room` (text cut short keeps its whole
/// in the mark's tooltip), and the width of its box.
fn fitted(mut lines: Vec<String>, detail: &str, room: f64) -> (Vec<String>, String, f64) {
    let padding = 2.0 * LABEL_PADDING;
    for line in &mut lines {
        *line = fit(line, TEXT_SIZE, room - padding);
    }
    let detail = fit(detail, SMALL_SIZE, room - padding);
    (
        lines.clone(),
        detail.clone(),
        natural_width(&lines, &detail),
    )
}
