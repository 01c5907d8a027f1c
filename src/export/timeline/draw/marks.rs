//! The marks drawn: a diamond for an instant or an undated entry, else a range and the
//! part that is certain, with fading tails for unbounded ends.

use crate::export::timeline::geometry::{BAR_HEIGHT, DIAMOND};
use crate::export::timeline::layout::{Mark, Plan};
use crate::export::timeline::paint::{
    HATCH, INK, PAPER, Paint, UNCERTAIN_DASH, certain, color, status_stroke, uncertain,
};
use crate::export::timeline::shapes::{data_group, diamond, element, end_group, tail};

/// An undated mark's centre, below the top of its label's row.
const UNDATED_MARK_DY: f64 = 10.0;
/// Radius of the diamond drawn for a certain part too short for a bar.
const CORE_DIAMOND: f64 = 5.0;
/// A certain part narrower than this is drawn as a diamond.
const MIN_CORE: f64 = 2.0;
/// The least width of a drawn range.
const MIN_RANGE: f64 = 1.0;

/// Writes every mark; an undated mark sits beside its label in the undated column.
pub(super) fn marks(out: &mut String, plan: &Plan) {
    let mut undated_row = vec![None; plan.marks.len()];
    for label in &plan.labels {
        undated_row[label.mark] = Some(label.row);
    }
    // Each lane's marks inside one element naming the lane (SPEC §5: `data-lane`).
    for (l, lane) in plan.lanes.iter().enumerate() {
        data_group(out, "data-lane", &lane.key, None);
        out.push('\n');
        for (i, mark) in plan.marks.iter().enumerate().filter(|(_, m)| m.lane == l) {
            let y = match (mark.undated, undated_row[i]) {
                (true, Some(row)) => lane.row_y(row) + UNDATED_MARK_DY,
                _ => lane.track_y(mark.track),
            };
            draw_mark(out, mark, y);
        }
        end_group(out);
    }
}

/// Writes one mark centred on `y`, with its tooltip: a diamond for an instant (or an
/// undated entry), else a range and the part that is certain; fading tails for
/// unbounded ends.
pub(super) fn draw_mark(out: &mut String, mark: &Mark, y: f64) {
    let c = color(mark.color);
    let outline = match &mark.status {
        Some(s) => {
            let (stroke, dash) = status_stroke(s);
            Paint::stroke(stroke).dash(Some(dash))
        }
        None => Paint::stroke(INK),
    };
    data_group(out, "data-id", &mark.id, Some(&mark.tooltip));
    if mark.instant || mark.undated {
        let fill = if mark.status.is_some() {
            PAPER
        } else if mark.inferred {
            HATCH
        } else {
            c
        };
        let paint = Paint {
            fill: Some(fill),
            ..outline
        };
        diamond(out, (mark.centre(), y), DIAMOND, &paint);
    } else {
        bar(out, mark, y);
    }
    // An unbounded end is a short fading tail, never a bar to the edge of the axis.
    let (a, z) = mark.body();
    if mark.tail_right {
        tail(out, z, y, 1.0);
    }
    if mark.tail_left {
        tail(out, a, y, -1.0);
    }
    end_group(out);
}

/// Writes the bar of a mark that is not an instant: its whole range when uncertain or
/// claimed, and the part it certainly covers.
pub(super) fn bar(out: &mut String, mark: &Mark, y: f64) {
    let c = color(mark.color);
    let top = y - BAR_HEIGHT / 2.0;
    let (a, z) = mark.range;
    if mark.uncertain || mark.status.is_some() {
        // A claimed participation is hollow in its status colour, as in the legend;
        // otherwise a pale (or hatched, when inferred) range.
        let paint = match &mark.status {
            Some(s) => {
                let (stroke, dash) = status_stroke(s);
                Paint::fill(PAPER)
                    .opacity(1.0)
                    .outlined(stroke)
                    .dash(Some(dash))
            }
            None if mark.inferred => Paint::fill(HATCH)
                .opacity(1.0)
                .outlined(c)
                .dash(Some(UNCERTAIN_DASH)),
            None => uncertain(c),
        };
        element(out, "rect")
            .num("x", a)
            .num("y", top)
            .num("width", (z - a).max(MIN_RANGE))
            .size("height", BAR_HEIGHT)
            .paint(&paint)
            .close();
    }
    if let Some((p, q)) = mark.core.filter(|_| mark.status.is_none()) {
        if q - p >= MIN_CORE {
            let fill = if mark.inferred { HATCH } else { c };
            element(out, "rect")
                .num("x", p)
                .num("y", top)
                .num("width", q - p)
                .size("height", BAR_HEIGHT)
                .paint(&certain(fill))
                .close();
        } else {
            let paint = Paint::fill(c).outlined(INK);
            diamond(out, ((p + q) / 2.0, y), CORE_DIAMOND, &paint);
        }
    }
}
