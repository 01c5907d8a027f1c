//! The axis drawn: its segments, grid lines, ticks and their labels, the undated
//! column's rule, and the breaks where stretches of time are cut out.

use crate::export::timeline::axis::{BREAK_WIDTH, gap_text};
use crate::export::timeline::geometry::{SMALL_SIZE, TEXT_SIZE, TOP};
use crate::export::timeline::layout::Plan;
use crate::export::timeline::paint::{
    BREAK_BAND, COLUMN_DASH, COLUMN_RULE, HAIRLINE, INK, MAJOR_GRID, MINOR_GRID, MUTED, Paint,
    ZOOM_TINT,
};
use crate::export::timeline::shapes::{element, line, n, rect};
use crate::export::timeline::text::text_width;

/// The axis line, above the first lane.
const AXIS_Y: f64 = TOP - 12.0;
/// How strongly each round of zooming tints a stretch.
const ZOOM_TINT_OPACITY: f64 = 0.05;
/// Length of a tick mark above the axis.
const TICK_LENGTH: f64 = 5.0;
/// A tick's label starts this far right of the tick.
const TICK_LABEL_DX: f64 = 3.0;
/// Least space between two tick labels; a label that would crowd the last is left out.
const TICK_LABEL_SPACE: f64 = 6.0;
/// Tick labels and the undated heading sit on a baseline this far above the axis.
const TICK_LABEL_RISE: f64 = 8.0;
/// How far above the axis the undated rule and the break bands reach.
const OVERHANG: f64 = 16.0;
/// The undated column's heading starts this far right of its rule.
const COLUMN_HEADING_DX: f64 = 6.0;
/// A break's band is inset this far from each side of the break.
const BREAK_INSET: f64 = 4.0;
/// Where the two strokes of a break's zigzag start, right of the break's left edge.
const ZIGZAGS: [f64; 2] = [8.0, 14.0];
/// Width of one zigzag stroke.
const ZIGZAG_WIDTH: f64 = 6.0;
/// How far a zigzag stroke reaches above and below the axis.
const ZIGZAG_RISE: f64 = 6.0;
/// The outline of a zigzag stroke.
const ZIGZAG_OUTLINE: f64 = 1.2;
/// Half the height of a break's rotated note, to centre it in the break.
const BREAK_NOTE_HALF: f64 = 3.0;
/// A break's note starts at this height, or lower in steps of [`BREAK_NOTE_STEP`]
/// until no label covers it.
const BREAK_NOTE_TOP: f64 = TOP + 6.0;
/// See [`BREAK_NOTE_TOP`].
const BREAK_NOTE_STEP: f64 = 8.0;
/// Space kept between a break's note and a label box.
const BREAK_NOTE_CLEAR: f64 = 2.0;

/// Writes the axis: its segments, a grid line and tick per tick with the labels that
/// have room, and the rule and heading of the undated column.
pub(super) fn axis(out: &mut String, plan: &Plan) {
    // A zoomed stretch is tinted, more for each round of zooming, so a reader sees
    // where the scale changes.
    for seg in plan.axis.segments.iter().filter(|s| s.zoom > 0) {
        let opacity = ZOOM_TINT_OPACITY * f64::from(seg.zoom);
        rect(
            out,
            (seg.x0, AXIS_Y),
            (seg.width, plan.bottom - AXIS_Y),
            &Paint::fill(ZOOM_TINT).opacity(opacity),
        );
        out.push('\n');
    }
    for seg in &plan.axis.segments {
        let paint = Paint::stroke(INK).width(HAIRLINE);
        line(out, (seg.x0, AXIS_Y), (seg.x0 + seg.width, AXIS_Y), &paint);
        out.push('\n');
    }
    let mut last_label_end = f64::NEG_INFINITY;
    for tick in &plan.ticks {
        let (grid, weight) = if tick.major {
            (MAJOR_GRID, "bold")
        } else {
            (MINOR_GRID, "normal")
        };
        line(
            out,
            (tick.x, AXIS_Y),
            (tick.x, plan.bottom),
            &Paint::stroke(grid),
        );
        let mark_top = AXIS_Y - TICK_LENGTH;
        line(
            out,
            (tick.x, mark_top),
            (tick.x, AXIS_Y),
            &Paint::stroke(INK),
        );
        out.push('\n');
        let x = tick.x + TICK_LABEL_DX;
        let w = text_width(&tick.label, TEXT_SIZE);
        if x >= last_label_end + TICK_LABEL_SPACE && x + w <= tick.limit {
            element(out, "text")
                .num("x", x)
                .num("y", AXIS_Y - TICK_LABEL_RISE)
                .size("font-size", TEXT_SIZE)
                .attr("font-weight", weight)
                .attr("fill", INK)
                .text(&tick.label);
            out.push('\n');
            last_label_end = x + w;
        }
    }
    if let Some(ux) = plan.undated_x {
        let paint = Paint::stroke(COLUMN_RULE).dash(Some(COLUMN_DASH));
        line(out, (ux, AXIS_Y - OVERHANG), (ux, plan.bottom), &paint);
        element(out, "text")
            .num("x", ux + COLUMN_HEADING_DX)
            .num("y", AXIS_Y - TICK_LABEL_RISE)
            .size("font-size", TEXT_SIZE)
            .attr("font-weight", "bold")
            .attr("fill", INK)
            .text("undated");
        out.push('\n');
    }
}

/// Writes the axis breaks over the marks, so a bar across a cut is visibly interrupted
/// there: a band, a zigzag on the axis, and a note of how much time is cut out.
pub(super) fn breaks(out: &mut String, plan: &Plan) {
    for ((left, right), &(x, _)) in plan.axis.cuts().zip(&plan.breaks) {
        rect(
            out,
            (x + BREAK_INSET, AXIS_Y - OVERHANG),
            (
                BREAK_WIDTH - 2.0 * BREAK_INSET,
                plan.bottom - AXIS_Y + OVERHANG,
            ),
            &Paint::fill(BREAK_BAND),
        );
        out.push('\n');
        for dx in ZIGZAGS {
            let paint = Paint::stroke(INK).width(ZIGZAG_OUTLINE);
            let from = (x + dx, AXIS_Y + ZIGZAG_RISE);
            line(
                out,
                from,
                (x + dx + ZIGZAG_WIDTH, AXIS_Y - ZIGZAG_RISE),
                &paint,
            );
            out.push('\n');
        }
        let text = format!("{} cut", gap_text(right.start - left.end));
        let y = break_note_y(plan, x, text_width(&text, SMALL_SIZE));
        let at = (x + BREAK_WIDTH / 2.0 - BREAK_NOTE_HALF, y);
        element(out, "text")
            .attr(
                "transform",
                &format!("translate({},{}) rotate(90)", n(at.0), n(at.1)),
            )
            .size("font-size", SMALL_SIZE)
            .attr("fill", MUTED)
            .text(&text);
        out.push('\n');
    }
}

/// Returns where the vertical note of the break starting at `x` can begin: the first
/// place from the top of the lanes where no label's row covers `len` pixels of it.
pub(super) fn break_note_y(plan: &Plan, x: f64, len: f64) -> f64 {
    let covered = |y: f64| {
        plan.labels.iter().any(|l| {
            let top = plan.label_top(l);
            l.x < x + BREAK_WIDTH
                && l.x + l.width > x
                && top < y + len + BREAK_NOTE_CLEAR
                && top + l.height() > y - BREAK_NOTE_CLEAR
        })
    };
    let mut y = BREAK_NOTE_TOP;
    while covered(y) && y + len < plan.bottom {
        y += BREAK_NOTE_STEP;
    }
    if covered(y) { BREAK_NOTE_TOP } else { y }
}
