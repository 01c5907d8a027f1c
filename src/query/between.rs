//! `between A B`: the elapsed time from A's start to B's start as a calendar duration,
//! as bounds when the dates are uncertain, and the events certainly in between.

use serde_json::{Value, json};

use crate::date::{Period, Point};
use crate::kb::Kb;
use crate::query::{EventBounds, bound_text, lower_key, upper_key};
use crate::time::network::{DAY, Network, start_node};
use crate::time::solve;

/// Answers `between` for events `a` and `b` (indices into `kb.events`), or returns the
/// constraints of a contradiction.
pub fn between(
    kb: &Kb,
    net: &Network,
    bounds: &[EventBounds],
    a: u32,
    b: u32,
) -> Result<Value, Vec<u32>> {
    let (sa, sb) = (start_node(a), start_node(b));
    let d = solve::distances(net, &[sa, sb])?;
    // x[sb] - x[sa] lies in lo..=hi.
    let hi = d.from[0][sb as usize];
    let lo = d.to[0][sb as usize].map(|t| -t);
    let timed = |e: u32| {
        kb.events[e as usize]
            .date
            .as_ref()
            .is_some_and(|d| d.node.edtf.has_time())
    };
    let both_timed = timed(a) && timed(b);
    let a_start = bounds[a as usize].start;
    let (min, max) = if both_timed {
        (
            lo.map(|s| calendar(a_start.1.point(), s, true)),
            hi.map(|s| calendar(a_start.0.point(), s, true)),
        )
    } else {
        // Every solution floored to midnights is a solution, so whole days are exact.
        (
            lo.map(|s| {
                calendar(
                    a_start.1.point(),
                    s.div_euclid(DAY) + i64::from(s.rem_euclid(DAY) != 0),
                    false,
                )
            }),
            hi.map(|s| calendar(a_start.0.point(), s.div_euclid(DAY), false)),
        )
    };
    let text = match (&min, &max) {
        (Some(x), Some(y)) if x == y => x.human(),
        (Some(x), Some(y)) => format!("between {} and {}", x.human(), y.human()),
        (Some(x), None) => format!("at least {}", x.human()),
        (None, Some(y)) => format!("at most {}", y.human()),
        (None, None) => "unknown".to_string(),
    };
    // Events certainly starting no earlier than the first and no later than the second.
    let (first, second) = if hi.is_some_and(|h| h < 0) {
        (1, 0)
    } else {
        (0, 1)
    };
    let mut inside: Vec<u32> = (0..kb.events.len() as u32)
        .filter(|&e| e != a && e != b)
        .filter(|&e| {
            let s = start_node(e) as usize;
            d.to[first][s].is_some_and(|w| w <= 0) && d.from[second][s].is_some_and(|w| w <= 0)
        })
        .collect();
    inside.sort_by_key(|&e| {
        let b = &bounds[e as usize];
        (
            lower_key(b.start.0),
            upper_key(b.end.1),
            kb.str(kb.events[e as usize].id.node),
        )
    });
    let events: Vec<Value> = inside
        .iter()
        .map(|&e| {
            let ev = &kb.events[e as usize];
            let b = &bounds[e as usize];
            json!({
                "id": kb.str(ev.id.node),
                "title": &*ev.title,
                "date": ev.date.as_ref().map(|d| &*d.node.text),
                "start": bound_text(b.start.0),
                "end": bound_text(b.end.1),
                "inferred": b.inferred,
            })
        })
        .collect();
    Ok(json!({
        "from": kb.str(kb.events[a as usize].id.node),
        "to": kb.str(kb.events[b as usize].id.node),
        "measured": "from the start of `from` to the start of `to`",
        "min": min.map(|p| p.to_string()),
        "max": max.map(|p| p.to_string()),
        "min_seconds": lo,
        "max_seconds": hi,
        "exact": min.is_some() && min == max,
        "text": text,
        "events": events,
    }))
}

/// Returns an elapsed time as a calendar period, measured from `anchor` when known
/// (`amount` is seconds when `timed`, else days).
fn calendar(anchor: Option<Point>, amount: i64, timed: bool) -> Period {
    let seconds = if timed {
        amount
    } else {
        amount.saturating_mul(DAY)
    };
    let fallback = Period {
        months: 0,
        days: seconds / DAY,
        seconds: if timed { seconds % DAY } else { 0 },
    };
    let Some(anchor) = anchor else {
        return fallback;
    };
    let start = if timed {
        Point::at(anchor.day, anchor.second.unwrap_or(0))
    } else {
        Point::day(anchor.day)
    };
    let step = Period {
        months: 0,
        days: 0,
        seconds,
    };
    match step.add_to(start) {
        Some(end) => Period::between(start, end),
        None => fallback,
    }
}
