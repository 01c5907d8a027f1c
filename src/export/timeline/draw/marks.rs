//! The marks drawn: a diamond for an event known to a point (with a whisker across a
//! day, month or year wide enough to see), a dotted window for an inferred one, else a
//! bar for the part that is certain in its pale range; fading tails for unbounded ends.

use crate::export::timeline::geometry::{BAR_HEIGHT, DIAMOND};
use crate::export::timeline::layout::{Mark, Plan};
use crate::export::timeline::paint::{
    HATCH, INK, MUTED, PAPER, Paint, WINDOW_DASH, certain, color, status_stroke, uncertain,
};
use crate::export::timeline::shapes::{data_group, diamond, element, end_group, line, tail};

/// A certain part narrower than this is drawn as a diamond.
const MIN_CORE: f64 = 2.0;
/// The width of a whisker's line.
const WHISKER_WIDTH: f64 = 1.5;
/// How far a whisker's end ticks and a window's brackets reach above and below.
const WHISKER_TICK: f64 = 4.0;
/// The width of an inferred window's lines.
const WINDOW_WIDTH: f64 = 1.2;
/// The length of a window's bracket arms.
const BRACKET: f64 = 3.0;
/// The least width of a drawn range.
const MIN_RANGE: f64 = 1.0;

/// Writes every mark; an undated mark sits beside its label in the undated column.
pub(super) fn marks(out: &mut String, plan: &Plan) {
    // Each lane's marks inside one element naming the lane (SPEC §5: `data-lane`).
    for (l, lane) in plan.lanes.iter().enumerate() {
        data_group(out, "data-lane", &lane.key, None);
        out.push('\n');
        for mark in plan.marks.iter().filter(|m| m.lane == l) {
            draw_mark(out, mark, lane.track_y(mark.track));
        }
        end_group(out);
    }
}

/// Writes one mark centred on `y`, with its tooltip: a diamond for an event known to
/// a point (with a whisker across the day, month or year it is known to, when that
/// is wide enough to see); a dotted window for an inferred one ("sometime in this
/// window"); else a bar for the part it certainly covers, in the pale range it may
/// cover; fading tails for unbounded ends.
pub(super) fn draw_mark(out: &mut String, mark: &Mark, y: f64) {
    data_group(out, "data-id", &mark.id, Some(&mark.tooltip));
    let certain_width = mark.core.map_or(0.0, |(p, q)| q - p);
    if mark.inferred && !mark.instant && !mark.undated {
        window(out, mark, y);
    } else if mark.instant || mark.undated || certain_width < MIN_CORE {
        if !mark.instant && !mark.undated {
            whisker(out, mark, y);
        }
        let paint = point_paint(mark);
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

/// Returns the paint of a diamond: the kind's colour, hollow for a claim, hatched when
/// inferred; outlined in the claim's colour and dash.
fn point_paint(mark: &Mark) -> Paint<'_> {
    let outline = match &mark.status {
        Some(s) => {
            let (stroke, dash) = status_stroke(s);
            Paint::stroke(stroke).dash(Some(dash))
        }
        None if mark.inferred => Paint::stroke(MUTED).dash(Some(WINDOW_DASH)),
        None => Paint::stroke(INK),
    };
    let fill = if mark.status.is_some() {
        PAPER
    } else if mark.inferred {
        HATCH
    } else {
        color(mark.color)
    };
    Paint {
        fill: Some(fill),
        ..outline
    }
}

/// Writes the whisker of an event known to a day, month or year: a thin line in the
/// kind's colour across that range, with a tick at either end.
fn whisker(out: &mut String, mark: &Mark, y: f64) {
    let c = match &mark.status {
        Some(s) => status_stroke(s).0,
        None => color(mark.color),
    };
    let (a, z) = mark.range;
    let paint = Paint::stroke(c).width(WHISKER_WIDTH);
    line(out, (a, y), (z, y), &paint);
    for x in [a, z] {
        line(out, (x, y - WHISKER_TICK), (x, y + WHISKER_TICK), &paint);
    }
}

/// Writes the window of an event whose dates were inferred: a faint dotted line with a
/// bracket at either end, so it reads "sometime in this window", never a known span.
fn window(out: &mut String, mark: &Mark, y: f64) {
    let c = match &mark.status {
        Some(s) => status_stroke(s).0,
        None => MUTED,
    };
    let (a, z) = mark.range;
    let paint = Paint::stroke(c).width(WINDOW_WIDTH).dash(Some(WINDOW_DASH));
    line(out, (a, y), (z, y), &paint);
    let bracket = Paint::stroke(c).width(WINDOW_WIDTH);
    for (x, dir) in [(a, 1.0), (z, -1.0)] {
        line(out, (x, y - WHISKER_TICK), (x, y + WHISKER_TICK), &bracket);
        line(
            out,
            (x, y - WHISKER_TICK),
            (x + dir * BRACKET, y - WHISKER_TICK),
            &bracket,
        );
        line(
            out,
            (x, y + WHISKER_TICK),
            (x + dir * BRACKET, y + WHISKER_TICK),
            &bracket,
        );
    }
}

/// Writes the bar of a mark that certainly covers a span: its whole range when
/// uncertain or claimed, and the part it certainly covers.
pub(super) fn bar(out: &mut String, mark: &Mark, y: f64) {
    let c = color(mark.color);
    let top = y - BAR_HEIGHT / 2.0;
    let (a, z) = mark.range;
    if mark.uncertain || mark.status.is_some() {
        // A claimed participation is hollow in its status colour, as in the legend;
        // otherwise a pale range.
        let paint = match &mark.status {
            Some(s) => {
                let (stroke, dash) = status_stroke(s);
                Paint::fill(PAPER)
                    .opacity(1.0)
                    .outlined(stroke)
                    .dash(Some(dash))
            }
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
        element(out, "rect")
            .num("x", p)
            .num("y", top)
            .num("width", q - p)
            .size("height", BAR_HEIGHT)
            .paint(&certain(c))
            .close();
    }
}
