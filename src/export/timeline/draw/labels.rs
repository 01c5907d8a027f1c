//! The labels drawn: leader lines from marks down to them, and each label's box, title
//! lines and detail.

use crate::export::timeline::geometry::{LABEL_PADDING, LINE_HEIGHT, SMALL_SIZE, TEXT_SIZE};
use crate::export::timeline::layout::Plan;
use crate::export::timeline::paint::{LABEL_INK, LEADER, MUTED, PAPER, Paint, status_stroke};
use crate::export::timeline::shapes::{element, line, rect};

/// A leader line starts this far below its mark's centre...
const LEADER_FROM: f64 = 5.0;
/// ...and ends this far below the top of its label's row.
const LEADER_TO: f64 = 3.0;
/// The width of a leader line.
const LEADER_WIDTH: f64 = 0.8;
/// How opaque a label's box is, so a grid line shows faintly through it.
const LABEL_BOX_OPACITY: f64 = 0.85;

/// Writes the leader lines from marks down to their labels, under both; undated
/// entries sit beside their mark and need none.
pub(super) fn leaders(out: &mut String, plan: &Plan) {
    for label in &plan.labels {
        let mark = &plan.marks[label.mark];
        if mark.undated {
            continue;
        }
        let lane = &plan.lanes[mark.lane];
        let from = lane.track_y(mark.track) + LEADER_FROM;
        let to = lane.row_y(label.row) + LEADER_TO;
        let paint = Paint::stroke(LEADER).width(LEADER_WIDTH);
        line(out, (label.leader_x, from), (label.leader_x, to), &paint);
        out.push('\n');
    }
}

/// Writes the labels: a box, the title lines, and the smaller detail line (italic in
/// the status colour for a claim).
pub(super) fn labels(out: &mut String, plan: &Plan) {
    for label in &plan.labels {
        let mark = &plan.marks[label.mark];
        let (x, y, width, height) = plan.label_box(label);
        let paint = Paint::fill(PAPER).opacity(LABEL_BOX_OPACITY);
        rect(out, (x, y), (width, height), &paint);
        out.push('\n');
        let text_x = label.x + LABEL_PADDING;
        let mut y = plan.label_top(label) + LINE_HEIGHT;
        for line in &label.lines {
            element(out, "text")
                .num("x", text_x)
                .num("y", y)
                .size("font-size", TEXT_SIZE)
                .attr("fill", LABEL_INK)
                .text(line);
            out.push('\n');
            y += LINE_HEIGHT;
        }
        let detail = element(out, "text")
            .num("x", text_x)
            .num("y", y)
            .size("font-size", SMALL_SIZE);
        match &mark.status {
            Some(s) => detail
                .attr("fill", status_stroke(s).0)
                .attr("font-style", "italic"),
            None => detail.attr("fill", MUTED),
        }
        .text(&label.detail);
        out.push('\n');
    }
}
