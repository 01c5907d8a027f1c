//! Writes a laid-out timeline as SVG: title, axis with breaks, lanes, marks, leader
//! lines, labels, relation arrows and a legend. All KB text is escaped; numbers are
//! printed with one decimal so output is byte-for-byte stable.

use std::fmt::Write;

use super::TimelineOptions;
use super::arrows::LABEL_SIZE;
use super::axis::{BREAK_WIDTH, gap_text};
use super::layout::{LEFT, Mark, Plan, RIGHT, ROW, TAIL, TOP, text_width};
use super::legend::Legend;
use crate::export::escape::xml;
use crate::export::wrap;
use crate::kb::Kb;

/// Colours of event kinds, in order of first appearance: the Okabe–Ito colours first
/// (told apart with every common colour-vision deficiency), then colours from Paul
/// Tol's schemes that differ from them in lightness; kinds past the sixteenth are grey.
pub const PALETTE: [&str; 16] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#332288",
    "#882255", "#117733", "#999933", "#aa4499", "#44aa99", "#997700", "#ee99aa", "#661100",
];

/// Returns the colour of a kind's slot.
pub fn color(slot: usize) -> &'static str {
    PALETTE.get(slot).copied().unwrap_or("#8c8c8c")
}

/// Stroke colour and dash pattern of a claim status.
pub fn status_stroke(status: &str) -> (&'static str, &'static str) {
    match status {
        "disputed" => ("#8e44ad", "2 2"),
        "refuted" => ("#999999", "4 3"),
        _ => ("#c0392b", "5 3"),
    }
}

/// Formats a coordinate.
pub fn n(v: f64) -> String {
    let s = format!("{v:.1}");
    if s == "-0.0" { "0.0".to_string() } else { s }
}

/// Draws a diamond of radius `r` centred at `cx`, `cy`.
pub fn diamond(
    out: &mut String,
    cx: f64,
    cy: f64,
    r: f64,
    fill: &str,
    stroke: &str,
    dash: Option<&str>,
) {
    let _ = write!(
        out,
        r#"<path d="M{},{} L{},{} L{},{} L{},{} Z" fill="{fill}" stroke="{stroke}" stroke-width="1.2""#,
        n(cx),
        n(cy - r),
        n(cx + r),
        n(cy),
        n(cx),
        n(cy + r),
        n(cx - r),
        n(cy)
    );
    if let Some(dash) = dash {
        let _ = write!(out, r#" stroke-dasharray="{dash}""#);
    }
    out.push_str("/>");
}

/// Returns the SVG text of a plan.
pub fn svg(kb: &Kb, plan: &Plan, options: &TimelineOptions) -> String {
    let width = options.width;
    let legend = Legend::new(plan, width);
    let legend_top = plan.bottom + 28.0;
    let height = legend_top + legend.height() + 40.0;
    let mut out = String::with_capacity(4096 + plan.marks.len() * 400);
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif">"#,
        w = n(width),
        h = n(height)
    );
    let _ = writeln!(out, "<title>{}</title>", xml(&options.title));
    out.push_str(concat!(
        r##"<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">"##,
        r##"<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#777777" stroke-width="2"/></pattern>"##,
        r##"<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 Z" fill="#666666"/></marker>"##,
        r##"<marker id="arrow-claim" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 Z" fill="#c0392b"/></marker>"##,
        "</defs>\n"
    ));
    let _ = writeln!(
        out,
        r##"<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
        n(width),
        n(height)
    );

    // Title and subtitle.
    let _ = writeln!(
        out,
        r##"<text x="20" y="38" font-size="22" font-weight="bold" fill="#111111">{}</text>"##,
        xml(&options.title)
    );
    let first = plan.ticks.first().map(|t| t.label.clone());
    let subtitle = format!(
        "{} · one lane per {}{}",
        plural(plan.events, "event"),
        match options.lanes {
            super::Lanes::Actor => "actor",
            super::Lanes::Kind => "kind of event",
        },
        if plan.axis.segments.len() > 1 {
            " · grey bands mark stretches of time cut out"
        } else {
            ""
        },
    );
    let _ = first;
    let _ = writeln!(
        out,
        r##"<text x="20" y="60" font-size="12" fill="#555555">{}</text>"##,
        xml(&subtitle)
    );

    // Lanes.
    for (i, lane) in plan.lanes.iter().enumerate() {
        let fill = if i % 2 == 0 { "#f7f7f7" } else { "#ffffff" };
        let _ = writeln!(
            out,
            r##"<rect x="0" y="{}" width="{}" height="{}" fill="{fill}"/><line x1="0" y1="{}" x2="{}" y2="{}" stroke="#dddddd"/>"##,
            n(lane.y),
            n(width),
            n(lane.height()),
            n(lane.y),
            n(width),
            n(lane.y)
        );
        for (k, line) in wrap(&lane.name, 24, 2).iter().enumerate() {
            let _ = writeln!(
                out,
                r##"<text x="12" y="{}" font-size="12" font-weight="bold" fill="#333333">{}</text>"##,
                n(lane.y + 22.0 + k as f64 * 14.0),
                xml(line)
            );
        }
    }

    // Axis: grid, ticks, breaks.
    let axis_y = TOP - 12.0;
    let bottom = plan.bottom;
    for seg in &plan.axis.segments {
        let _ = writeln!(
            out,
            r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333333" stroke-width="1"/>"##,
            n(seg.x0),
            n(axis_y),
            n(seg.x0 + seg.width),
            n(axis_y)
        );
    }
    let mut last_label_end = f64::NEG_INFINITY;
    for tick in &plan.ticks {
        let (grid, weight) = if tick.major {
            ("#c8c8c8", "bold")
        } else {
            ("#e4e4e4", "normal")
        };
        let _ = writeln!(
            out,
            r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{grid}"/><line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#333333"/>"##,
            n(axis_y),
            n(bottom),
            n(axis_y - 5.0),
            n(axis_y),
            x = n(tick.x)
        );
        let w = text_width(&tick.label, 11.0);
        if tick.x + 3.0 >= last_label_end + 6.0 && tick.x + 3.0 + w <= tick.limit {
            let _ = writeln!(
                out,
                r##"<text x="{}" y="{}" font-size="11" font-weight="{weight}" fill="#333333">{}</text>"##,
                n(tick.x + 3.0),
                n(axis_y - 8.0),
                xml(&tick.label)
            );
            last_label_end = tick.x + 3.0 + w;
        }
    }
    if let Some(ux) = plan.undated_x {
        let _ = writeln!(
            out,
            r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#999999" stroke-dasharray="4 3"/><text x="{}" y="{}" font-size="11" font-weight="bold" fill="#333333">undated</text>"##,
            n(axis_y - 16.0),
            n(bottom),
            n(ux + 6.0),
            n(axis_y - 8.0),
            x = n(ux)
        );
    }

    // Leader lines under marks and labels; undated entries sit beside their mark.
    for label in &plan.labels {
        let mark = &plan.marks[label.mark];
        if mark.undated {
            continue;
        }
        let lane = &plan.lanes[mark.lane];
        let _ = writeln!(
            out,
            r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#9a9a9a" stroke-width="0.8"/>"##,
            n(lane.track_y(mark.track) + 5.0),
            n(lane.row_y(label.row) + 3.0),
            x = n(label.leader_x)
        );
    }

    // Relation arrows; a name that found no free place is left to the tooltip.
    for arrow in &plan.arrows {
        let (stroke, dash, marker) = match &arrow.status {
            Some(s) => {
                let (c, d) = status_stroke(s);
                (c, format!(r#" stroke-dasharray="{d}""#), "arrow-claim")
            }
            None => ("#666666", String::new(), "arrow"),
        };
        let [p0, p1, p2, p3] = arrow.curve;
        let _ = write!(
            out,
            r##"<g><title>{}</title><path d="M{},{} C{},{} {},{} {},{}" fill="none" stroke="{stroke}" stroke-width="1"{dash} marker-end="url(#{marker})"/>"##,
            xml(&arrow.label),
            n(p0.0),
            n(p0.1),
            n(p1.0),
            n(p1.1),
            n(p2.0),
            n(p2.1),
            n(p3.0),
            n(p3.1)
        );
        if let Some((x, y)) = arrow.label_at {
            let _ = write!(
                out,
                r##"<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{stroke}" stroke="#ffffff" stroke-width="3" paint-order="stroke">{}</text>"##,
                n(x),
                n(y),
                n(LABEL_SIZE),
                xml(&arrow.label)
            );
        }
        out.push_str("</g>\n");
    }

    // Marks; an undated mark sits beside its label in the undated column.
    let mut undated_row = vec![None; plan.marks.len()];
    for label in &plan.labels {
        undated_row[label.mark] = Some(label.row);
    }
    for (i, mark) in plan.marks.iter().enumerate() {
        let lane = &plan.lanes[mark.lane];
        let y = match (mark.undated, undated_row[i]) {
            (true, Some(row)) => lane.row_y(row) + 10.0,
            _ => lane.track_y(mark.track),
        };
        draw_mark(&mut out, kb, mark, y);
    }

    // Breaks over the marks, so a bar across a cut is visibly interrupted there.
    for pair in plan.axis.segments.windows(2) {
        let x = pair[0].x0 + pair[0].width;
        let _ = writeln!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#ececec"/>"##,
            n(x + 4.0),
            n(axis_y - 16.0),
            n(BREAK_WIDTH - 8.0),
            n(bottom - axis_y + 16.0)
        );
        for dx in [8.0, 14.0] {
            let _ = writeln!(
                out,
                r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333333" stroke-width="1.2"/>"##,
                n(x + dx),
                n(axis_y + 6.0),
                n(x + dx + 6.0),
                n(axis_y - 6.0)
            );
        }
        let text = format!("{} cut", gap_text(pair[1].start - pair[0].end));
        let _ = writeln!(
            out,
            r##"<text transform="translate({},{}) rotate(90)" font-size="10" fill="#666666">{}</text>"##,
            n(x + BREAK_WIDTH / 2.0 - 3.0),
            n(break_text_y(plan, x, text_width(&text, 10.0))),
            xml(&text)
        );
    }

    // Labels.
    for label in &plan.labels {
        let mark = &plan.marks[label.mark];
        let top = plan.lanes[mark.lane].row_y(label.row);
        let lines = label.lines.len() as f64;
        let h = lines * 13.0 + 16.0;
        let _ = writeln!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#ffffff" fill-opacity="0.85"/>"##,
            n(label.x),
            n(top + 1.0),
            n(label.width),
            n(h.min(ROW - 2.0))
        );
        let mut y = top + 13.0;
        for line in &label.lines {
            let _ = writeln!(
                out,
                r##"<text x="{}" y="{}" font-size="11" fill="#1a1a1a">{}</text>"##,
                n(label.x + 5.0),
                n(y),
                xml(line)
            );
            y += 13.0;
        }
        let (fill, style) = match &mark.status {
            Some(s) => (status_stroke(s).0, r#" font-style="italic""#),
            None => ("#666666", ""),
        };
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" font-size="10" fill="{fill}"{style}>{}</text>"##,
            n(label.x + 5.0),
            n(y),
            xml(&label.detail)
        );
    }

    legend.draw(&mut out, plan, legend_top);
    let mut footer = "Drawn by annals. Hover a mark for its full title and date.".to_string();
    if plan.omitted > 0 {
        footer = format!(
            "{} left out for lack of room; narrow the selection with --from/--to, --actor or --kind. {footer}",
            plural(plan.omitted, "label")
        );
    }
    let _ = writeln!(
        out,
        r##"<text x="20" y="{}" font-size="10" fill="#777777">{}</text>"##,
        n(height - 14.0),
        xml(&footer)
    );
    out.push_str("</svg>\n");
    let _ = (LEFT, RIGHT);
    out
}

fn draw_mark(out: &mut String, kb: &Kb, mark: &Mark, y: f64) {
    let c = color(mark.color);
    let (stroke, dash) = match &mark.status {
        Some(s) => {
            let (c, d) = status_stroke(s);
            (c, Some(d))
        }
        None => ("#333333", None),
    };
    let _ = write!(out, "<g><title>{}</title>", xml(&mark.tooltip));
    let _ = kb;
    if mark.instant || mark.undated {
        let cx = (mark.range.0 + mark.range.1) / 2.0;
        let fill = if mark.status.is_some() {
            "#ffffff"
        } else if mark.inferred {
            "url(#hatch)"
        } else {
            c
        };
        diamond(out, cx, y, 6.0, fill, stroke, dash);
    } else {
        let (a, z) = mark.range;
        if mark.uncertain || mark.status.is_some() {
            // A claimed participation is hollow in its status colour, as in the legend;
            // otherwise a pale (or hatched, when inferred) range.
            let (fill, opacity) = if mark.status.is_some() {
                ("#ffffff", "1")
            } else if mark.inferred {
                ("url(#hatch)", "1")
            } else {
                (c, "0.3")
            };
            let (s, d) = match &mark.status {
                Some(_) => (stroke, dash.unwrap_or("3 2")),
                None => (c, "3 2"),
            };
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="10" fill="{fill}" fill-opacity="{opacity}" stroke="{s}" stroke-dasharray="{d}"/>"#,
                n(a),
                n(y - 5.0),
                n((z - a).max(1.0))
            );
        }
        if let Some((p, q)) = mark.core.filter(|_| mark.status.is_none()) {
            if q - p >= 2.0 {
                let fill = if mark.inferred { "url(#hatch)" } else { c };
                let _ = write!(
                    out,
                    r##"<rect x="{}" y="{}" width="{}" height="10" fill="{fill}" stroke="#333333" stroke-width="0.6"/>"##,
                    n(p),
                    n(y - 5.0),
                    n(q - p)
                );
            } else {
                diamond(out, (p + q) / 2.0, y, 5.0, c, "#333333", None);
            }
        }
    }
    // An unbounded end is a short fading tail, never a bar to the edge of the axis.
    let (a, z) = if mark.instant || mark.undated {
        let cx = (mark.range.0 + mark.range.1) / 2.0;
        (cx - 6.0, cx + 6.0)
    } else {
        mark.range
    };
    if mark.tail_right {
        tail(out, z, y, 1.0);
    }
    if mark.tail_left {
        tail(out, a, y, -1.0);
    }
    out.push_str("</g>\n");
}

/// Draws a fading tail of [`TAIL`] pixels from `x` in direction `dir` (1 right, -1 left).
pub fn tail(out: &mut String, x: f64, y: f64, dir: f64) {
    for (k, opacity) in ["0.6", "0.35", "0.15"].into_iter().enumerate() {
        let near = x + dir * (1.0 + k as f64 * TAIL / 3.0);
        let far = near + dir * (TAIL / 3.0 - 1.0);
        let _ = write!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="4" fill="#444444" fill-opacity="{opacity}"/>"##,
            n(near.min(far)),
            n(y - 2.0),
            n((far - near).abs())
        );
    }
}

/// Returns where the vertical text of the break starting at `x` can begin: the first
/// place from the top of the lanes where no label box covers `len` pixels of it.
fn break_text_y(plan: &Plan, x: f64, len: f64) -> f64 {
    let covered = |y: f64| {
        plan.labels.iter().any(|l| {
            let top = plan.lanes[plan.marks[l.mark].lane].row_y(l.row);
            l.x < x + BREAK_WIDTH && l.x + l.width > x && top < y + len + 2.0 && top + ROW > y - 2.0
        })
    };
    let mut y = TOP + 6.0;
    while covered(y) && y + len < plan.bottom {
        y += 8.0;
    }
    if covered(y) { TOP + 6.0 } else { y }
}

/// Returns "1 event" or "3 events".
fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}
