//! What of an event's bounds the timeline can draw: the range on the axis (both ends
//! bounded, or the window of the one bounded side with an unbounded other end), and
//! the date text under its title.

use super::axis::DAY;
use crate::date::{Bound, format_point};
use crate::export::date_label;
use crate::kb::Kb;
use crate::time::bounds::EventBounds;

/// Seconds of a lower bound.
fn lower_secs(b: Bound) -> Option<f64> {
    b.point()
        .map(|p| p.day as f64 * DAY + f64::from(p.second.unwrap_or(0)))
}

/// Seconds of an upper bound: a day without a time ends at the next midnight.
fn upper_secs(b: Bound) -> Option<f64> {
    b.point().map(|p| match p.second {
        Some(s) => p.day as f64 * DAY + f64::from(s),
        None => (p.day + 1) as f64 * DAY,
    })
}

/// What of an event can be drawn on the axis, in seconds (day numbers times [`DAY`]).
pub struct Extent {
    /// The start of the drawn range: the whole possible extent when both ends are
    /// bounded, else the window of the bounded side (with the part the event certainly
    /// covers).
    pub lo: f64,
    /// The end of the drawn range.
    pub hi: f64,
    /// The part the event certainly covers.
    pub core: Option<(f64, f64)>,
    /// The start is unbounded.
    pub tail_left: bool,
    /// The end is unbounded.
    pub tail_right: bool,
}

impl Extent {
    /// Returns what can be drawn of `b`: both ends bounded, or the start window with an
    /// open end, or the end window with an open start. Bounds on one side only (`starts
    /// by 2014-12-31`) give `None`: such an event has no place on the axis.
    pub fn of(b: &EventBounds) -> Option<Extent> {
        let core = match (lower_secs(b.start.1), upper_secs(b.end.0)) {
            (Some(a), Some(z)) if a < z => Some((a, z)),
            _ => None,
        };
        let (s0, s1) = (lower_secs(b.start.0), upper_secs(b.start.1));
        let (e0, e1) = (lower_secs(b.end.0), upper_secs(b.end.1));
        let (lo, hi, tail_left, tail_right) = match (s0, s1, e0, e1) {
            (Some(lo), _, _, Some(hi)) => (lo, hi, false, false),
            (Some(lo), Some(hi), _, None) => (lo, core.map_or(hi, |c| c.1.max(hi)), false, true),
            (None, _, Some(lo), Some(hi)) => (core.map_or(lo, |c| c.0.min(lo)), hi, true, false),
            _ => return None,
        };
        Some(Extent {
            lo,
            hi: hi.max(lo),
            core,
            tail_left,
            tail_right,
        })
    }
}

/// Returns the date shown under an event's title: as written when written; otherwise
/// what the reasoner inferred, phrased after what is drawn (`starts 2021-02-02..
/// 2021-02-28`, `starts by 2014-12-31`), or `undated`.
pub fn date_text(kb: &Kb, index: u32, b: &EventBounds, extent: Option<&Extent>) -> String {
    let event = &kb.events()[index as usize];
    if event.date.is_some() || !b.inferred {
        return date_label(kb, index, b);
    }
    let point = |bound: Bound| bound.point().map(format_point);
    let window = |lo: Option<String>, hi: Option<String>| match (lo, hi) {
        (Some(lo), Some(hi)) if lo == hi => Some(lo),
        (Some(lo), Some(hi)) => Some(format!("{lo}..{hi}")),
        _ => None,
    };
    let (s0, s1) = (point(b.start.0), point(b.start.1));
    let (e0, e1) = (point(b.end.0), point(b.end.1));
    let text = match extent {
        Some(x) if x.tail_right => window(s0, s1).map(|w| format!("starts {w}")),
        Some(x) if x.tail_left => window(e0, e1).map(|w| format!("ends {w}")),
        Some(_) => window(s0, e1),
        None => match (s0, s1, e0, e1) {
            (_, _, _, Some(e1)) => Some(format!("ends by {e1}")),
            (_, Some(s1), _, _) => Some(format!("starts by {s1}")),
            (Some(s0), _, _, _) => Some(format!("starts {s0} or later")),
            (_, _, Some(e0), _) => Some(format!("ends {e0} or later")),
            _ => None,
        },
    };
    let base = text.map_or_else(|| "undated".to_string(), |t| format!("{t} (inferred)"));
    match &event.duration {
        Some(p) => format!("{base}, {}", p.node),
        None => base,
    }
}
