//! Writes a laid-out timeline as SVG: title, axis with breaks, lanes, marks, leader
//! lines, labels, relation arrows and a legend. All KB text is escaped; numbers are
//! printed with one decimal so output is byte-for-byte stable.

use std::fmt::Write;

use super::TimelineOptions;
use super::axis::{BREAK_WIDTH, gap_text};
use super::layout::{LEFT, Mark, Plan, RIGHT, ROW, TOP, text_width};
use crate::export::escape::xml;
use crate::export::wrap;
use crate::kb::Kb;

/// Colours of event kinds, in order of first appearance (Tableau 10).
const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7",
    "#9c755f", "#bab0ac",
];

fn color(slot: usize) -> &'static str {
    PALETTE.get(slot).copied().unwrap_or("#8c8c8c")
}

/// Stroke colour and dash pattern of a claim status.
fn status_stroke(status: &str) -> (&'static str, &'static str) {
    match status {
        "disputed" => ("#8e44ad", "2 2"),
        "refuted" => ("#999999", "4 3"),
        _ => ("#c0392b", "5 3"),
    }
}

/// Formats a coordinate.
fn n(v: f64) -> String {
    let s = format!("{v:.1}");
    if s == "-0.0" { "0.0".to_string() } else { s }
}

fn diamond(
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
    let legend_top = plan.bottom + 28.0;
    let kinds_rows = legend_kind_rows(plan, width);
    let height = legend_top + 30.0 + kinds_rows.len() as f64 * 20.0 + 40.0;
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
        let gap = gap_text(pair[1].start - pair[0].end);
        let _ = writeln!(
            out,
            r##"<text transform="translate({},{}) rotate(90)" font-size="10" fill="#666666">{} cut</text>"##,
            n(x + BREAK_WIDTH / 2.0 - 3.0),
            n(TOP + 6.0),
            xml(&gap)
        );
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

    // Relation arrows.
    for arrow in &plan.arrows {
        let (a, b) = (&plan.marks[arrow.from], &plan.marks[arrow.to]);
        let ya = plan.lanes[a.lane].track_y(a.track);
        let yb = plan.lanes[b.lane].track_y(b.track);
        let xa = if a.instant || a.undated {
            (a.range.0 + a.range.1) / 2.0
        } else {
            a.range.1
        };
        let xb = if b.instant || b.undated {
            (b.range.0 + b.range.1) / 2.0
        } else {
            b.range.0
        };
        let lift = 18.0 + ((xb - xa).abs() / 8.0).min(40.0);
        let top = (ya.min(yb) - lift).max(TOP + 2.0);
        let (stroke, dash, marker) = match &arrow.status {
            Some(s) => {
                let (c, d) = status_stroke(s);
                (c, format!(r#" stroke-dasharray="{d}""#), "arrow-claim")
            }
            None => ("#666666", String::new(), "arrow"),
        };
        let _ = writeln!(
            out,
            r##"<path d="M{},{} C{},{} {},{} {},{}" fill="none" stroke="{stroke}" stroke-width="1"{dash} marker-end="url(#{marker})"/>"##,
            n(xa),
            n(ya - 4.0),
            n(xa),
            n(top),
            n(xb),
            n(top),
            n(xb),
            n(yb - 6.0)
        );
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" font-size="9" text-anchor="middle" fill="{stroke}" stroke="#ffffff" stroke-width="3" paint-order="stroke">{}</text>"##,
            n((xa + xb) / 2.0),
            n(top + lift * 0.25),
            xml(&arrow.label)
        );
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

    draw_legend(&mut out, plan, legend_top, &kinds_rows);
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
            let fill = if mark.inferred {
                "url(#hatch)".to_string()
            } else {
                c.to_string()
            };
            let opacity = if mark.inferred { "1" } else { "0.3" };
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
        if mark.open_left {
            let _ = write!(
                out,
                r##"<path d="M{},{} l8,-5 l0,10 Z" fill="#333333"/>"##,
                n(a - 2.0),
                n(y)
            );
        }
        if mark.open_right {
            let _ = write!(
                out,
                r##"<path d="M{},{} l-8,-5 l0,10 Z" fill="#333333"/>"##,
                n(z + 2.0),
                n(y)
            );
        }
    }
    out.push_str("</g>\n");
}

/// Splits the kind swatches of the legend into rows that fit the width.
fn legend_kind_rows(plan: &Plan, width: f64) -> Vec<Vec<(usize, f64)>> {
    let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
    let mut x = 120.0;
    for (i, kind) in plan.kinds.iter().enumerate() {
        let w = 22.0 + text_width(kind, 11.0) + 14.0;
        if x + w > width - 20.0 {
            rows.push(Vec::new());
            x = 120.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((i, x));
        }
        x += w;
    }
    rows
}

fn draw_legend(out: &mut String, plan: &Plan, top: f64, kind_rows: &[Vec<(usize, f64)>]) {
    let label = |out: &mut String, x: f64, y: f64, text: &str| {
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" font-size="11" fill="#333333">{}</text>"##,
            n(x),
            n(y + 4.0),
            xml(text)
        );
    };
    let _ = writeln!(
        out,
        r##"<line x1="20" y1="{}" x2="{}" y2="{}" stroke="#cccccc"/>"##,
        n(top - 14.0),
        n(plan.axis.right().max(600.0)),
        n(top - 14.0)
    );
    let _ = writeln!(
        out,
        r##"<text x="20" y="{}" font-size="11" font-weight="bold" fill="#333333">Legend</text>"##,
        n(top + 4.0)
    );
    let mut x = 120.0;
    diamond(out, x + 6.0, top, 6.0, "#888888", "#333333", None);
    out.push('\n');
    label(out, x + 16.0, top, "one day or less");
    x += 120.0;
    let _ = writeln!(
        out,
        r##"<rect x="{}" y="{}" width="26" height="10" fill="#888888" stroke="#333333" stroke-width="0.6"/>"##,
        n(x),
        n(top - 5.0)
    );
    label(out, x + 32.0, top, "known span");
    x += 110.0;
    let _ = writeln!(
        out,
        r##"<rect x="{}" y="{}" width="26" height="10" fill="#888888" fill-opacity="0.3" stroke="#888888" stroke-dasharray="3 2"/>"##,
        n(x),
        n(top - 5.0)
    );
    label(out, x + 32.0, top, "uncertain date: any time in this range");
    x += 250.0;
    if plan.any_inferred {
        let _ = writeln!(
            out,
            r##"<rect x="{}" y="{}" width="26" height="10" fill="url(#hatch)" stroke="#333333" stroke-width="0.6"/>"##,
            n(x),
            n(top - 5.0)
        );
        label(out, x + 32.0, top, "inferred dates");
        x += 120.0;
    }
    for status in &plan.statuses {
        let (stroke, dash) = status_stroke(status);
        diamond(out, x + 6.0, top, 6.0, "#ffffff", stroke, Some(dash));
        out.push('\n');
        label(
            out,
            x + 16.0,
            top,
            &format!("{status} (a claim, not a stated fact)"),
        );
        x += 32.0 + text_width(&format!("{status} (a claim, not a stated fact)"), 11.0);
    }
    let _ = x;
    let mut y = top + 24.0;
    let _ = writeln!(
        out,
        r##"<text x="20" y="{}" font-size="11" font-weight="bold" fill="#333333">Event kinds</text>"##,
        n(y + 4.0)
    );
    for row in kind_rows {
        for &(i, x) in row {
            let _ = writeln!(
                out,
                r##"<rect x="{}" y="{}" width="16" height="10" fill="{}"/>"##,
                n(x),
                n(y - 5.0),
                color(i)
            );
            label(out, x + 22.0, y, &plan.kinds[i]);
        }
        y += 20.0;
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
