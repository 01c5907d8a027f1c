//! Writes a laid-out timeline as SVG, back to front: the page and its definitions, the
//! title, lanes, axis, leader lines, relation arrows, marks, axis breaks, labels, the
//! legend and the footer. Numbers are printed with one decimal so output is
//! byte-for-byte stable; every element goes through [`super::shapes`], which escapes.

use super::arrows::{Arrow, LABEL_SIZE};
use super::axis::{BREAK_WIDTH, gap_text};
use super::geometry::{
    BAR_HEIGHT, DIAMOND, LABEL_PADDING, LINE_HEIGHT, MARGIN, ROW, SMALL_SIZE, TEXT_SIZE, TOP,
};
use super::layout::{Mark, Plan};
use super::legend::Legend;
use super::options::{Lanes, TimelineOptions};
use super::paint::{
    BREAK_BAND, CLAIM, COLUMN_DASH, COLUMN_RULE, FAINT, HATCH, HATCH_ID, INK, LABEL_INK, LANE_RULE,
    LANE_SHADE, LEADER, MAJOR_GRID, MINOR_GRID, MUTED, PAPER, Paint, SUBTITLE_INK, TITLE_INK,
    UNCERTAIN_DASH, certain, color, status_stroke, uncertain,
};
use super::shapes::{diamond, element, end_group, group, line, n, rect, tail};
use super::text::text_width;
use crate::export::wrap;

/// The legend starts this far below the last lane.
const LEGEND_GAP: f64 = 28.0;
/// Space below the legend, for the footer.
const BOTTOM: f64 = 40.0;
/// The footer's baseline, above the bottom edge.
const FOOTER_RISE: f64 = 14.0;

/// The title's baseline and size.
const TITLE_Y: f64 = 38.0;
/// The title's font size.
const TITLE_SIZE: f64 = 22.0;
/// The subtitle's baseline.
const SUBTITLE_Y: f64 = 60.0;
/// The font size of the subtitle and the lane names.
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

/// The axis line, above the first lane.
const AXIS_Y: f64 = TOP - 12.0;
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

/// A leader line starts this far below its mark's centre...
const LEADER_FROM: f64 = 5.0;
/// ...and ends this far below the top of its label's row.
const LEADER_TO: f64 = 3.0;
/// The width of a leader line.
const LEADER_WIDTH: f64 = 0.8;
/// How opaque a label's box is, so a grid line shows faintly through it.
const LABEL_BOX_OPACITY: f64 = 0.85;
/// An undated mark's centre, below the top of its label's row.
const UNDATED_MARK_DY: f64 = 10.0;

/// The stroke of axis lines and arrows.
const HAIRLINE: f64 = 1.0;
/// The halo behind an arrow's name.
const HALO: f64 = 3.0;

/// Radius of the diamond drawn for a certain part too short for a bar.
const CORE_DIAMOND: f64 = 5.0;
/// A certain part narrower than this is drawn as a diamond.
const MIN_CORE: f64 = 2.0;
/// The least width of a drawn range.
const MIN_RANGE: f64 = 1.0;

/// The id of the arrowhead of a stated relation.
const ARROWHEAD: &str = "arrow";
/// The id of the arrowhead of a claimed relation.
const CLAIM_ARROWHEAD: &str = "arrow-claim";
/// Size of the hatch pattern's tile.
const HATCH_TILE: f64 = 6.0;
/// Width of the hatch pattern's lines.
const HATCH_LINE: f64 = 2.0;

/// Returns the SVG text of a plan and its arrows.
pub fn svg(plan: &Plan, arrows: &[Arrow], options: &TimelineOptions) -> String {
    let legend = Legend::new(plan, arrows, options.width);
    let legend_top = plan.bottom + LEGEND_GAP;
    let height = legend_top + legend.height() + BOTTOM;
    let mut out = String::with_capacity(4096 + plan.marks.len() * 400);
    page(&mut out, &options.title, options.width, height);
    headline(&mut out, plan, options);
    lanes(&mut out, plan, options.width);
    axis(&mut out, plan);
    leaders(&mut out, plan);
    for arrow in arrows {
        draw_arrow(&mut out, arrow);
    }
    marks(&mut out, plan);
    breaks(&mut out, plan);
    labels(&mut out, plan);
    legend.draw(&mut out, plan, legend_top);
    footer(&mut out, plan, height);
    out.push_str("</svg>\n");
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

/// Writes the title and the subtitle that says what the picture shows.
fn headline(out: &mut String, plan: &Plan, options: &TimelineOptions) {
    element(out, "text")
        .size("x", MARGIN)
        .size("y", TITLE_Y)
        .size("font-size", TITLE_SIZE)
        .attr("font-weight", "bold")
        .attr("fill", TITLE_INK)
        .text(&options.title);
    out.push('\n');
    let subtitle = format!(
        "{} · one lane per {}{}",
        plural(plan.events, "event"),
        match options.lanes {
            Lanes::Actor => "actor",
            Lanes::Kind => "kind of event",
        },
        if plan.axis.segments.len() > 1 {
            " · grey bands mark stretches of time cut out"
        } else {
            ""
        },
    );
    element(out, "text")
        .size("x", MARGIN)
        .size("y", SUBTITLE_Y)
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

/// Writes the axis: its segments, a grid line and tick per tick with the labels that
/// have room, and the rule and heading of the undated column.
fn axis(out: &mut String, plan: &Plan) {
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

/// Writes the leader lines from marks down to their labels, under both; undated
/// entries sit beside their mark and need none.
fn leaders(out: &mut String, plan: &Plan) {
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

/// Writes a relation arrow with its name as tooltip, and the name itself when it found
/// a free place.
fn draw_arrow(out: &mut String, arrow: &Arrow) {
    let (stroke, dash, marker) = match &arrow.status {
        Some(s) => {
            let (c, d) = status_stroke(s);
            (c, Some(d), CLAIM_ARROWHEAD)
        }
        None => (MUTED, None, ARROWHEAD),
    };
    let [p0, p1, p2, p3] = arrow.curve;
    let d = format!(
        "M{},{} C{},{} {},{} {},{}",
        n(p0.0),
        n(p0.1),
        n(p1.0),
        n(p1.1),
        n(p2.0),
        n(p2.1),
        n(p3.0),
        n(p3.1)
    );
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

/// Writes every mark; an undated mark sits beside its label in the undated column.
fn marks(out: &mut String, plan: &Plan) {
    let mut undated_row = vec![None; plan.marks.len()];
    for label in &plan.labels {
        undated_row[label.mark] = Some(label.row);
    }
    for (i, mark) in plan.marks.iter().enumerate() {
        let lane = &plan.lanes[mark.lane];
        let y = match (mark.undated, undated_row[i]) {
            (true, Some(row)) => lane.row_y(row) + UNDATED_MARK_DY,
            _ => lane.track_y(mark.track),
        };
        draw_mark(out, mark, y);
    }
}

/// Writes one mark centred on `y`, with its tooltip: a diamond for an instant (or an
/// undated entry), else a range and the part that is certain; fading tails for
/// unbounded ends.
fn draw_mark(out: &mut String, mark: &Mark, y: f64) {
    let c = color(mark.color);
    let outline = match &mark.status {
        Some(s) => {
            let (stroke, dash) = status_stroke(s);
            Paint::stroke(stroke).dash(Some(dash))
        }
        None => Paint::stroke(INK),
    };
    group(out, &mark.tooltip);
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
fn bar(out: &mut String, mark: &Mark, y: f64) {
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

/// Writes the axis breaks over the marks, so a bar across a cut is visibly interrupted
/// there: a band, a zigzag on the axis, and a note of how much time is cut out.
fn breaks(out: &mut String, plan: &Plan) {
    for (pair, &(x, _)) in plan.axis.segments.windows(2).zip(&plan.breaks) {
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
        let text = format!("{} cut", gap_text(pair[1].start - pair[0].end));
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
fn break_note_y(plan: &Plan, x: f64, len: f64) -> f64 {
    let covered = |y: f64| {
        plan.labels.iter().any(|l| {
            let top = plan.label_top(l);
            l.x < x + BREAK_WIDTH
                && l.x + l.width > x
                && top < y + len + BREAK_NOTE_CLEAR
                && top + ROW > y - BREAK_NOTE_CLEAR
        })
    };
    let mut y = BREAK_NOTE_TOP;
    while covered(y) && y + len < plan.bottom {
        y += BREAK_NOTE_STEP;
    }
    if covered(y) { BREAK_NOTE_TOP } else { y }
}

/// Writes the labels: a box, the title lines, and the smaller detail line (italic in
/// the status colour for a claim).
fn labels(out: &mut String, plan: &Plan) {
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

/// Writes the footer: what was left out, and how to see more.
fn footer(out: &mut String, plan: &Plan, height: f64) {
    let mut footer = "Drawn by annals. Hover a mark for its full title and date.".to_string();
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

/// Returns "1 event" or "3 events".
fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}
