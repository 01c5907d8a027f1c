//! Writes a laid-out timeline as SVG, back to front: the page and its definitions, the
//! title, lanes, axis, leader lines, relation arrows, marks, axis breaks, labels, the
//! legend and the footer. Numbers are printed with one decimal so output is
//! byte-for-byte stable; every element goes through [`super::shapes`], which escapes.
//! The axis, marks, labels and arrows are drawn by the files of this folder.

mod arrows;
mod axis;
mod labels;
mod marks;

use self::arrows::draw_arrow;
use self::axis::{axis, breaks};
use self::labels::labels;
use self::marks::marks;
use super::arrows::Arrow;
use super::geometry::{MARGIN, SMALL_SIZE};
use super::layout::Plan;
use super::legend::Legend;
use super::options::{Lanes, TimelineOptions};
use super::paint::{
    ARROWHEAD, CLAIM, CLAIM_ARROWHEAD, FAINT, HATCH_ID, INK, LANE_RULE, LANE_SHADE, MUTED, PAPER,
    Paint, SUBTITLE_INK, TITLE_INK,
};
use super::shapes::{element, n};
use super::text::text_width;
use crate::export::wrap;

/// The legend starts this far below the last lane.
const LEGEND_GAP: f64 = 28.0;
/// Space below the legend, for the footer.
const BOTTOM: f64 = 40.0;
/// The footer's baseline, above the bottom edge.
const FOOTER_RISE: f64 = 14.0;
/// The title's baseline.
const TITLE_Y: f64 = 38.0;
/// The title's font size.
const TITLE_SIZE: f64 = 22.0;
/// The subtitle's baseline.
const SUBTITLE_Y: f64 = 60.0;
/// Distance between the baselines of the summary's lines.
const SUMMARY_LINE: f64 = 16.0;
/// Most lines of the summary.
const SUMMARY_LINES: usize = 4;
/// The font size of the summary, the subtitle and the lane names.
const NAME_SIZE: f64 = 12.0;
/// Left edge of the lane names.
const LANE_NAME_X: f64 = 12.0;
/// The first baseline of a lane's name, below the lane's top.
const LANE_NAME_Y: f64 = 22.0;
/// Distance between the baselines of a lane name's lines.
const LANE_NAME_LINE: f64 = 14.0;
/// Characters per line of a lane's name.
const LANE_NAME_WRAP: usize = 24;
/// Most lines of a lane's name.
const LANE_NAME_LINES: usize = 2;
/// Size of the hatch pattern's tile.
const HATCH_TILE: f64 = 6.0;
/// Width of the hatch pattern's lines.
const HATCH_LINE: f64 = 2.0;

/// Returns the SVG text of a plan and its arrows.
pub fn svg(plan: &Plan, arrows: &[Arrow], options: &TimelineOptions) -> String {
    let legend = Legend::new(plan, arrows, options.width);
    let legend_top = plan.bottom + LEGEND_GAP;
    let summary = summary_lines(options);
    // The summary's lines push everything under the headline down.
    let dy = summary.len() as f64 * SUMMARY_LINE;
    let height = legend_top + legend.height() + BOTTOM + dy;
    let mut out = String::with_capacity(4096 + plan.marks.len() * 400);
    page(&mut out, &options.title, options.width, height);
    headline(&mut out, plan, options, &summary);
    element(&mut out, "g")
        .attr("transform", &format!("translate(0,{})", n(dy)))
        .open();
    out.push('\n');
    lanes(&mut out, plan, options.width);
    axis(&mut out, plan);
    for arrow in arrows {
        draw_arrow(&mut out, arrow);
    }
    marks(&mut out, plan);
    breaks(&mut out, plan);
    labels(&mut out, plan);
    legend.draw(&mut out, plan, legend_top);
    footer(&mut out, plan, height - dy);
    out.push_str("</g>\n</svg>\n");
    out
}

/// Writes the XML declaration, the `<svg>` element with its title and definitions (the
/// hatch pattern, the arrowheads), and the white page.
fn page(out: &mut String, title: &str, width: f64, height: f64) {
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    element(out, "svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .num("width", width)
        .num("height", height)
        .attr("viewBox", &format!("0 0 {} {}", n(width), n(height)))
        .attr("font-family", "Helvetica, Arial, sans-serif")
        .open();
    out.push('\n');
    element(out, "title").text(title);
    out.push('\n');
    out.push_str("<defs>");
    element(out, "pattern")
        .attr("id", HATCH_ID)
        .attr("patternUnits", "userSpaceOnUse")
        .size("width", HATCH_TILE)
        .size("height", HATCH_TILE)
        .attr("patternTransform", "rotate(45)")
        .open();
    element(out, "rect")
        .size("width", HATCH_TILE)
        .size("height", HATCH_TILE)
        .paint(&Paint::fill(PAPER))
        .close();
    element(out, "line")
        .size("x1", 0.0)
        .size("y1", 0.0)
        .size("x2", 0.0)
        .size("y2", HATCH_TILE)
        .paint(&Paint::stroke(FAINT).width(HATCH_LINE))
        .close();
    out.push_str("</pattern>");
    arrowhead(out, ARROWHEAD, MUTED);
    arrowhead(out, CLAIM_ARROWHEAD, CLAIM);
    out.push_str("</defs>\n");
    element(out, "rect")
        .size("x", 0.0)
        .size("y", 0.0)
        .num("width", width)
        .num("height", height)
        .paint(&Paint::fill(PAPER))
        .close();
    out.push('\n');
}

/// Writes the definition of an arrowhead `id` filled with `fill`: a triangle in its own
/// 10 by 10 box whose tip touches the end of the line.
fn arrowhead(out: &mut String, id: &str, fill: &str) {
    element(out, "marker")
        .attr("id", id)
        .attr("viewBox", "0 0 10 10")
        .attr("refX", "9")
        .attr("refY", "5")
        .attr("markerWidth", "6")
        .attr("markerHeight", "6")
        .attr("orient", "auto")
        .open();
    element(out, "path")
        .attr("d", "M0,0 L10,5 L0,10 Z")
        .paint(&Paint::fill(fill))
        .close();
    out.push_str("</marker>");
}

/// Returns the lines of the summary under the title, wrapped to the width.
fn summary_lines(options: &TimelineOptions) -> Vec<String> {
    let Some(summary) = &options.summary else {
        return Vec::new();
    };
    let room = options.width - 2.0 * MARGIN;
    let per_line = (room / text_width("n", NAME_SIZE)).floor().max(20.0) as usize;
    wrap(summary, per_line, SUMMARY_LINES)
}

/// Writes the title, the KB's summary under it, and the subtitle that says what the
/// picture shows.
fn headline(out: &mut String, plan: &Plan, options: &TimelineOptions, summary: &[String]) {
    element(out, "text")
        .size("x", MARGIN)
        .size("y", TITLE_Y)
        .size("font-size", TITLE_SIZE)
        .attr("font-weight", "bold")
        .attr("fill", TITLE_INK)
        .text(&options.title);
    out.push('\n');
    for (k, line) in summary.iter().enumerate() {
        element(out, "text")
            .size("x", MARGIN)
            .num("y", SUBTITLE_Y + k as f64 * SUMMARY_LINE)
            .size("font-size", NAME_SIZE)
            .attr("fill", INK)
            .text(line);
        out.push('\n');
    }
    let subtitle_y = SUBTITLE_Y + summary.len() as f64 * SUMMARY_LINE;
    let subtitle = format!(
        "{} · one lane per {}{}",
        plural(plan.events, "event"),
        match options.lanes {
            Lanes::Actor => "actor",
            Lanes::Kind => "kind of event",
        },
        scale_note(plan),
    );
    element(out, "text")
        .size("x", MARGIN)
        .num("y", subtitle_y)
        .size("font-size", NAME_SIZE)
        .attr("fill", SUBTITLE_INK)
        .text(&subtitle);
    out.push('\n');
}

/// Writes the lanes: alternating shades, a rule above each, and its name.
fn lanes(out: &mut String, plan: &Plan, width: f64) {
    for (i, lane) in plan.lanes.iter().enumerate() {
        let fill = if i % 2 == 0 { LANE_SHADE } else { PAPER };
        element(out, "rect")
            .size("x", 0.0)
            .num("y", lane.y)
            .num("width", width)
            .num("height", lane.height())
            .paint(&Paint::fill(fill))
            .close();
        element(out, "line")
            .size("x1", 0.0)
            .num("y1", lane.y)
            .num("x2", width)
            .num("y2", lane.y)
            .paint(&Paint::stroke(LANE_RULE))
            .close();
        out.push('\n');
        for (k, name) in wrap(&lane.name, LANE_NAME_WRAP, LANE_NAME_LINES)
            .iter()
            .enumerate()
        {
            element(out, "text")
                .size("x", LANE_NAME_X)
                .num("y", lane.y + LANE_NAME_Y + k as f64 * LANE_NAME_LINE)
                .size("font-size", NAME_SIZE)
                .attr("font-weight", "bold")
                .attr("fill", INK)
                .text(name);
            out.push('\n');
        }
    }
}

/// Writes the footer: what was left out, and how to see more.
fn footer(out: &mut String, plan: &Plan, height: f64) {
    let mut footer = "Drawn by annals.".to_string();
    if plan.omitted > 0 {
        footer = format!(
            "{} left out for lack of room; narrow the selection with --from/--to, --actor or --kind. {footer}",
            plural(plan.omitted, "label")
        );
    }
    element(out, "text")
        .size("x", MARGIN)
        .num("y", height - FOOTER_RISE)
        .size("font-size", SMALL_SIZE)
        .attr("fill", FAINT)
        .text(&footer);
    out.push('\n');
}

/// Returns what the subtitle says of the time scale: where time is cut out, and where
/// it is drawn larger.
fn scale_note(plan: &Plan) -> &'static str {
    let cut = !plan.breaks.is_empty();
    let zoomed = plan.axis.segments.iter().any(|s| s.zoom > 0);
    match (cut, zoomed) {
        (true, true) => " · grey bands mark time cut out; tinted stretches are drawn larger",
        (true, false) => " · grey bands mark stretches of time cut out",
        (false, true) => " · tinted stretches are drawn larger",
        (false, false) => "",
    }
}

/// Returns "1 event" or "3 events".
fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}
