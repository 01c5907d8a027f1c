//! `between A B`: the elapsed time from A's start to B's start as a calendar duration,
//! as bounds when the dates are uncertain, and the events certainly starting between.

use serde_json::{Value, json};

use crate::date::{Period, Point};
use crate::kb::Kb;
use crate::time::bounds::{EventBounds, bound_text, lower_key, upper_key};
use crate::time::network::{DAY, Network, start_node};
use crate::time::solve;

/// Answers `between` for events `a` and `b` (indices into `kb.events()`), or returns the
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
        kb.events()[e as usize]
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
    // The amounts in seconds agree with the periods: whole days unless both have times.
    let (lo, hi) = if both_timed {
        (lo, hi)
    } else {
        (
            lo.map(|s| (s.div_euclid(DAY) + i64::from(s.rem_euclid(DAY) != 0)) * DAY),
            hi.map(|s| s.div_euclid(DAY) * DAY),
        )
    };
    let text = elapsed_text(min, max);
    // Events certainly starting strictly after the first start and strictly before the
    // second.
    let (first, second) = if hi.is_some_and(|h| h < 0) {
        (1, 0)
    } else {
        (0, 1)
    };
    let mut inside: Vec<u32> = (0..kb.events().len() as u32)
        .filter(|&e| e != a && e != b)
        .filter(|&e| {
            let s = start_node(e) as usize;
            d.to[first][s].is_some_and(|w| w < 0) && d.from[second][s].is_some_and(|w| w < 0)
        })
        .collect();
    inside.sort_by_key(|&e| {
        let b = &bounds[e as usize];
        (
            lower_key(b.start.0),
            upper_key(b.end.1),
            kb.str(kb.events()[e as usize].id.node),
        )
    });
    let events: Vec<Value> = inside
        .iter()
        .map(|&e| {
            let ev = &kb.events()[e as usize];
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
        "from": kb.str(kb.events()[a as usize].id.node),
        "to": kb.str(kb.events()[b as usize].id.node),
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

/// Describes the elapsed time in words; a negative one (B starts before A) is written
/// as a positive length `before`: "2 years 3 months before".
fn elapsed_text(min: Option<Period>, max: Option<Period>) -> String {
    let negative =
        |p: &Period| *p != Period::default() && p.months <= 0 && p.days <= 0 && p.seconds <= 0;
    let abs = |p: &Period| {
        if negative(p) {
            p.checked_neg().unwrap_or(*p)
        } else {
            *p
        }
    };
    // Both sides are said with one `before` when both are negative.
    let all_before = min.iter().chain(&max).all(negative) && (min.is_some() || max.is_some());
    let word = |p: &Period| {
        if all_before {
            abs(p).human()
        } else if negative(p) {
            format!("{} before", abs(p).human())
        } else {
            p.human()
        }
    };
    let suffix = if all_before { " before" } else { "" };
    match (&min, &max) {
        (Some(x), Some(y)) if x == y => format!("{}{suffix}", word(x)),
        // Negative: the larger length is the minimum.
        (Some(x), Some(y)) if all_before => {
            format!("between {} and {}{suffix}", word(y), word(x))
        }
        (Some(x), Some(y)) => format!("between {} and {}", word(x), word(y)),
        (Some(x), None) if all_before => format!("at most {}{suffix}", word(x)),
        (Some(x), None) => format!("at least {}", word(x)),
        (None, Some(y)) if all_before => format!("at least {}{suffix}", word(y)),
        (None, Some(y)) => format!("at most {}", word(y)),
        (None, None) => "unknown".to_string(),
    }
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
