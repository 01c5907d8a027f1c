//! The legend under the timeline: what each kind of mark means (an event, a date known
//! to a day or month, a known span, an uncertain one, an inferred window, an unknown
//! end, claims) and the colour of each
//! event kind, in rows that fit the width.

use super::arrows::Arrow;
use super::geometry::{BAR_HEIGHT, DIAMOND, MARGIN, RIGHT, TEXT_SIZE};
use super::layout::Plan;
use super::paint::{
    INK, LEGEND_RULE, MUTED, NEUTRAL, PAPER, Paint, WINDOW_DASH, certain, color, status_stroke,
    uncertain,
};
use super::shapes::{diamond, element, line, tail};
use super::text::text_width;

/// Where the swatches start, right of the row headings.
const LEFT: f64 = 120.0;
/// Height of one legend row.
const ROW: f64 = 20.0;
/// Space below the last row.
const BELOW: f64 = 10.0;
/// Extra space between the rows of marks and the rows of kinds.
const SECTION_GAP: f64 = 4.0;
/// Text sits on a baseline this far below the centre of its row.
const BASELINE: f64 = 4.0;
/// The rule above the legend, above the centre of its first row.
const RULE_RISE: f64 = 14.0;
/// The rule reaches at least this far right, even under a narrow axis.
const RULE_MIN_END: f64 = 600.0;
/// Width of a swatch of a bar.
const BAR_SWATCH: f64 = 26.0;
/// Width of the swatch of an unbounded end.
const TAIL_SWATCH: f64 = 20.0;
/// Width of the swatch of an event kind's colour.
const KIND_SWATCH: f64 = 16.0;
/// The width of a whisker's line.
const WHISKER_LINE: f64 = 1.5;
/// The width of an inferred window's lines.
const WINDOW_LINE: f64 = 1.2;
/// How far end ticks and brackets reach above and below.
const TICK: f64 = 4.0;
/// The length of a window's bracket arms.
const BRACKET: f64 = 3.0;
/// Space between a swatch and its text.
const SWATCH_GAP: f64 = 6.0;
/// Space after the text of a kind of mark.
const MARK_GAP: f64 = 18.0;
/// Space after the name of an event kind.
const KIND_GAP: f64 = 14.0;

/// A kind of mark the legend explains.
#[derive(Clone, Debug)]
enum Swatch {
    Instant,
    Whisker,
    Known,
    Uncertain,
    Inferred,
    Tail,
    Status(String),
}

impl Swatch {
    fn width(&self) -> f64 {
        match self {
            Swatch::Instant | Swatch::Status(_) => 2.0 * DIAMOND,
            Swatch::Tail => TAIL_SWATCH,
            _ => BAR_SWATCH,
        }
    }

    /// Draws the swatch with its left edge at `x`, centred on `y`.
    fn draw(&self, out: &mut String, x: f64, y: f64) {
        let bar = |out: &mut String, paint: &Paint| {
            element(out, "rect")
                .num("x", x)
                .num("y", y - BAR_HEIGHT / 2.0)
                .size("width", BAR_SWATCH)
                .size("height", BAR_HEIGHT)
                .paint(paint)
                .close();
        };
        match self {
            Swatch::Instant => {
                let paint = Paint::fill(NEUTRAL).outlined(INK);
                diamond(out, (x + DIAMOND, y), DIAMOND, &paint);
            }
            Swatch::Known => bar(out, &certain(NEUTRAL)),
            Swatch::Uncertain => bar(out, &uncertain(NEUTRAL)),
            Swatch::Whisker => {
                let paint = Paint::stroke(NEUTRAL).width(WHISKER_LINE);
                let z = x + BAR_SWATCH;
                line(out, (x, y), (z, y), &paint);
                for end in [x, z] {
                    line(out, (end, y - TICK), (end, y + TICK), &paint);
                }
                let fill = Paint::fill(NEUTRAL).outlined(INK);
                diamond(out, (x + BAR_SWATCH / 2.0, y), DIAMOND, &fill);
            }
            Swatch::Inferred => {
                let z = x + BAR_SWATCH;
                let dotted = Paint::stroke(MUTED).dash(Some(WINDOW_DASH));
                line(out, (x, y), (z, y), &dotted.width(WINDOW_LINE));
                let bracket = Paint::stroke(MUTED).width(WINDOW_LINE);
                for (end, dir) in [(x, 1.0), (z, -1.0)] {
                    line(out, (end, y - TICK), (end, y + TICK), &bracket);
                    for dy in [-TICK, TICK] {
                        line(out, (end, y + dy), (end + dir * BRACKET, y + dy), &bracket);
                    }
                }
            }
            Swatch::Tail => tail(out, x, y, 1.0),
            Swatch::Status(status) => {
                let (stroke, dash) = status_stroke(status);
                let paint = Paint::fill(PAPER).outlined(stroke).dash(Some(dash));
                diamond(out, (x + DIAMOND, y), DIAMOND, &paint);
            }
        }
    }
}

/// The legend laid out in rows: marks first, then event kinds.
pub struct Legend {
    marks: Vec<Vec<(Swatch, String, f64)>>,
    kinds: Vec<Vec<(usize, f64)>>,
}

/// Splits items of the given widths into rows that fit `width`, with their x.
fn flow<T>(items: Vec<(T, f64)>, width: f64) -> Vec<Vec<(T, f64)>> {
    let mut rows: Vec<Vec<(T, f64)>> = vec![Vec::new()];
    let mut x = LEFT;
    for (item, w) in items {
        if x + w > width - RIGHT && rows.last().is_some_and(|r| !r.is_empty()) {
            rows.push(Vec::new());
            x = LEFT;
        }
        if let Some(row) = rows.last_mut() {
            row.push((item, x));
        }
        x += w;
    }
    rows
}

/// Returns the claim statuses the picture shows, marks' first, then arrows'.
fn statuses(plan: &Plan, arrows: &[Arrow]) -> Vec<String> {
    let mut out = plan.statuses.clone();
    for status in arrows.iter().filter_map(|a| a.status.as_ref()) {
        if !out.contains(status) {
            out.push(status.clone());
        }
    }
    out
}

/// Returns the kinds of mark `plan` and `arrows` use, with what each means.
fn swatches(plan: &Plan, arrows: &[Arrow]) -> Vec<(Swatch, String)> {
    let mut items = vec![
        (Swatch::Instant, "an event".to_string()),
        (
            Swatch::Whisker,
            "dated to a day, month or year: sometime in this range".to_string(),
        ),
        (Swatch::Known, "known span".to_string()),
        (
            Swatch::Uncertain,
            "pale: when a span may begin or end".to_string(),
        ),
    ];
    if plan.any_inferred {
        items.push((
            Swatch::Inferred,
            "no date written: sometime in this window, inferred from related events".to_string(),
        ));
    }
    if plan.marks.iter().any(|m| m.tail_left || m.tail_right) {
        items.push((Swatch::Tail, "end (or start) not known".to_string()));
    }
    for status in statuses(plan, arrows) {
        let text = format!("{status} (a claim, not a stated fact)");
        items.push((Swatch::Status(status), text));
    }
    items
}

impl Legend {
    /// Lays out the legend of `plan` and its `arrows` for a picture `width` pixels wide.
    pub fn new(plan: &Plan, arrows: &[Arrow], width: f64) -> Legend {
        let sized = swatches(plan, arrows)
            .into_iter()
            .map(|(s, t)| {
                let w = s.width() + SWATCH_GAP + text_width(&t, TEXT_SIZE) + MARK_GAP;
                ((s, t), w)
            })
            .collect();
        let marks = flow(sized, width)
            .into_iter()
            .map(|row| row.into_iter().map(|((s, t), x)| (s, t, x)).collect())
            .collect();
        let kinds = flow(
            plan.kinds
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    (
                        i,
                        KIND_SWATCH + SWATCH_GAP + text_width(k, TEXT_SIZE) + KIND_GAP,
                    )
                })
                .collect(),
            width,
        );
        Legend { marks, kinds }
    }

    /// Returns the height the legend takes.
    pub fn height(&self) -> f64 {
        (self.marks.len() + self.kinds.len()) as f64 * ROW + BELOW
    }

    /// Draws the legend with its first row centred on `top`.
    pub fn draw(&self, out: &mut String, plan: &Plan, top: f64) {
        let rule_end = plan.axis.right().max(RULE_MIN_END);
        element(out, "line")
            .size("x1", MARGIN)
            .num("y1", top - RULE_RISE)
            .num("x2", rule_end)
            .num("y2", top - RULE_RISE)
            .paint(&Paint::stroke(LEGEND_RULE))
            .close();
        out.push('\n');
        heading(out, top, "Legend");
        let mut y = top;
        for row in &self.marks {
            for (swatch, text, x) in row {
                swatch.draw(out, *x, y);
                out.push('\n');
                label(out, x + swatch.width() + SWATCH_GAP, y, text);
            }
            y += ROW;
        }
        y += SECTION_GAP;
        heading(out, y, "Event kinds");
        for row in &self.kinds {
            for &(i, x) in row {
                element(out, "rect")
                    .num("x", x)
                    .num("y", y - BAR_HEIGHT / 2.0)
                    .size("width", KIND_SWATCH)
                    .size("height", BAR_HEIGHT)
                    .attr("fill", color(i))
                    .close();
                out.push('\n');
                label(out, x + (KIND_SWATCH + SWATCH_GAP), y, &plan.kinds[i]);
            }
            y += ROW;
        }
    }
}

/// Writes the text of a legend item at `x` in the row centred on `y`.
fn label(out: &mut String, x: f64, y: f64, text: &str) {
    element(out, "text")
        .num("x", x)
        .num("y", y + BASELINE)
        .size("font-size", TEXT_SIZE)
        .attr("fill", INK)
        .text(text);
    out.push('\n');
}

/// Writes the heading of the legend rows centred on `y`.
fn heading(out: &mut String, y: f64, text: &str) {
    element(out, "text")
        .size("x", MARGIN)
        .num("y", y + BASELINE)
        .size("font-size", TEXT_SIZE)
        .attr("font-weight", "bold")
        .attr("fill", INK)
        .text(text);
    out.push('\n');
}
