//! The relation arrows drawn: a curve with its arrowhead, the relation's name as its
//! tooltip, and the name itself where the arrows step found it room.

use crate::export::timeline::arrows::{Arrow, LABEL_SIZE};
use crate::export::timeline::paint::{
    ARROWHEAD, CLAIM_ARROWHEAD, HAIRLINE, MUTED, PAPER, Paint, status_stroke,
};
use crate::export::timeline::shapes::{element, end_group, group, n};

/// The halo behind an arrow's name.
const HALO: f64 = 3.0;

/// Writes a relation arrow with its name as tooltip, and the name itself when it found
/// a free place.
pub(super) fn draw_arrow(out: &mut String, arrow: &Arrow) {
    let (stroke, dash, marker) = match &arrow.status {
        Some(s) => {
            let (c, d) = status_stroke(s);
            (c, Some(d), CLAIM_ARROWHEAD)
        }
        None => (MUTED, None, ARROWHEAD),
    };
    let mut d = String::new();
    for (i, (x, y)) in arrow.path.iter().enumerate() {
        d.push_str(if i == 0 { "M" } else { " L" });
        d.push_str(&format!("{},{}", n(*x), n(*y)));
    }
    group(out, &arrow.label);
    element(out, "path")
        .attr("d", &d)
        .paint(
            &Paint::fill("none")
                .outlined(stroke)
                .width(HAIRLINE)
                .dash(dash),
        )
        .attr("marker-end", &format!("url(#{marker})"))
        .close();
    if let Some((x, y)) = arrow.label_at {
        element(out, "text")
            .num("x", x)
            .num("y", y)
            .num("font-size", LABEL_SIZE)
            .attr("text-anchor", "middle")
            .paint(&Paint::fill(stroke).outlined(PAPER).width(HALO))
            .attr("paint-order", "stroke")
            .text(&arrow.label);
    }
    end_group(out);
}
