//! The labels drawn: each label's box, title lines and detail, beside its mark.

use crate::export::timeline::geometry::{LABEL_PADDING, LINE_HEIGHT, SMALL_SIZE, TEXT_SIZE};
use crate::export::timeline::layout::Plan;
use crate::export::timeline::paint::{LABEL_INK, MUTED, PAPER, Paint, status_stroke};
use crate::export::timeline::shapes::{element, rect};

/// How opaque a label's box is, so a grid line shows faintly through it.
const LABEL_BOX_OPACITY: f64 = 0.85;

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
        if label.detail.is_empty() {
            continue;
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
