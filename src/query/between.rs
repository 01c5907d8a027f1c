//! `between A B`: the elapsed time from A's start to B's start as a calendar duration,
//! as bounds when the dates are uncertain, and the events certainly starting between.

use serde::{Serialize, Serializer};

use crate::analysis::Analysis;
use crate::date::{Period, Point};
use crate::kb::Kb;
use crate::time::network::{DAY, start_node};
use crate::time::solve::{self, Distances};

/// The elapsed time from one event's start to another's, and the events between.
#[derive(Clone, Debug, Serialize)]
pub struct Between<'k> {
    /// The id of the first event.
    pub from: &'k str,
    /// The id of the second event.
    pub to: &'k str,
    /// What is measured, in words.
    pub measured: &'static str,
    /// The least elapsed time, unless unbounded.
    #[serde(serialize_with = "period_text")]
    pub min: Option<Period>,
    /// The greatest elapsed time, unless unbounded.
    #[serde(serialize_with = "period_text")]
    pub max: Option<Period>,
    /// The least elapsed time in seconds (whole days unless both events have times).
    pub min_seconds: Option<i64>,
    /// The greatest elapsed time in seconds (whole days unless both events have times).
    pub max_seconds: Option<i64>,
    /// True when the least and the greatest elapsed time are one known length.
    pub exact: bool,
    /// The elapsed time in words: "16 days", "between 5 and 6 months".
    pub text: String,
    /// The events certainly starting strictly between the two starts, in time order.
    pub events: Vec<Inside<'k>>,
    /// The events that may start in between but need not (in the one order).
    pub possible: Vec<Inside<'k>>,
}

/// An event certainly starting between the two.
#[derive(Clone, Debug, Serialize)]
pub struct Inside<'k> {
    /// The event's id.
    pub id: &'k str,
    /// The event's title.
    pub title: &'k str,
    /// The date as written, if any.
    pub date: Option<&'k str>,
    /// The date for people when it differs from the date as written (a Julian date
    /// with its Gregorian days).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_shown: Option<String>,
    /// The earliest start, unless unbounded.
    pub start: Option<String>,
    /// The latest end, unless unbounded.
    pub end: Option<String>,
    /// True when inference narrowed the bounds beyond the written date.
    pub inferred: bool,
    /// The bounds the entry was made from, for a human date of an undated event.
    #[serde(skip)]
    pub bounds: crate::time::bounds::EventBounds,
}

/// Writes a period as its ISO 8601 text, or null.
fn period_text<S: Serializer>(period: &Option<Period>, out: S) -> Result<S::Ok, S::Error> {
    match period {
        Some(p) => out.collect_str(p),
        None => out.serialize_none(),
    }
}

/// What is measured, the same for every answer.
const MEASURED: &str = "from the start of `from` to the start of `to`";

/// Answers `between` for events `a` and `b` (indices into `kb.events()`), or returns the
/// constraints of a contradiction.
pub fn between<'k>(
    kb: &'k Kb,
    analysis: &Analysis,
    a: u32,
    b: u32,
) -> Result<Between<'k>, Vec<u32>> {
    let (sa, sb) = (start_node(a), start_node(b));
    let d = solve::distances(analysis.network(), &[sa, sb])?;
    // x[sb] - x[sa] lies in lo..=hi.
    let hi = d.from[0][sb as usize];
    let lo = d.to[0][sb as usize].map(|t| -t);
    // Whole days unless either start is known to a time of day, written or inferred:
    // then the answer keeps every second.
    let timed = |e: u32| {
        let b = &analysis.bounds()[e as usize];
        let timed_point =
            |bound: crate::date::Bound| bound.point().is_some_and(|p| p.second.is_some());
        timed_point(b.start.0) || timed_point(b.start.1)
    };
    let to_the_second = timed(a) || timed(b);
    let a_start = analysis.bounds()[a as usize].start;
    let (min, max) = if to_the_second {
        (
            lo.map(|s| calendar(a_start.1.point(), s, true)),
            hi.map(|s| calendar(a_start.0.point(), s, true)),
        )
    } else {
        // Every solution floored to midnights is a solution, so whole days are exact.
        (
            lo.map(|s| calendar(a_start.1.point(), ceil_days(s), false)),
            hi.map(|s| calendar(a_start.0.point(), s.div_euclid(DAY), false)),
        )
    };
    // The amounts in seconds agree with the periods: whole days unless both have times.
    let (lo, hi) = if to_the_second {
        (lo, hi)
    } else {
        (
            lo.map(|s| ceil_days(s) * DAY),
            hi.map(|s| s.div_euclid(DAY) * DAY),
        )
    };
    // The events certainly starting strictly after the first start and strictly before
    // the second.
    let backwards = hi.is_some_and(|h| h < 0);
    Ok(Between {
        from: kb.str(kb.events()[a as usize].id.node),
        to: kb.str(kb.events()[b as usize].id.node),
        measured: MEASURED,
        min,
        max,
        min_seconds: lo,
        max_seconds: hi,
        exact: min.is_some() && min == max,
        text: elapsed_text(min, max),
        events: inside(kb, analysis, &d, [a, b], backwards, Inside::certain),
        possible: inside(kb, analysis, &d, [a, b], backwards, Inside::possible),
    })
}

/// Returns a number of seconds as whole days, rounded up.
fn ceil_days(seconds: i64) -> i64 {
    seconds.div_euclid(DAY) + i64::from(seconds.rem_euclid(DAY) != 0)
}

/// Lists the events other than `pair` certainly starting strictly between the two
/// starts (the second one first when `backwards`), by earliest start, latest end, id.
fn inside<'k>(
    kb: &'k Kb,
    analysis: &Analysis,
    d: &Distances,
    pair: [u32; 2],
    backwards: bool,
    test: fn(&Distances, Ends, usize) -> bool,
) -> Vec<Inside<'k>> {
    let index = if backwards { [1, 0] } else { [0, 1] };
    let ends = Ends {
        index,
        nodes: index.map(|i| start_node(pair[i]) as usize),
    };
    let bounds = analysis.bounds();
    let mut inside: Vec<u32> = (0..kb.events().len() as u32)
        .filter(|e| !pair.contains(e))
        .filter(|&e| test(d, ends, start_node(e) as usize))
        .collect();
    inside.sort_by_key(|&e| {
        let b = &bounds[e as usize];
        (b.order_key(), kb.str(kb.events()[e as usize].id.node))
    });
    inside
        .iter()
        .map(|&e| {
            let ev = &kb.events()[e as usize];
            let b = &bounds[e as usize];
            Inside {
                id: kb.str(ev.id.node),
                title: &ev.title,
                date: ev.date.as_ref().map(|d| &*d.node.text),
                date_shown: ev
                    .date
                    .as_ref()
                    .filter(|d| d.node.edtf.is_julian())
                    .map(|d| d.node.display()),
                start: b.text(b.start.0),
                end: b.text(b.end.1),
                inferred: b.inferred,
                bounds: *b,
            }
        })
        .collect()
}

/// The two starts measured between, earlier first: their rows in the distances and
/// their nodes in the network.
#[derive(Clone, Copy)]
struct Ends {
    index: [usize; 2],
    nodes: [usize; 2],
}

impl Inside<'_> {
    /// Returns true when the start `s` certainly lies strictly after the earlier start
    /// and before the later one.
    fn certain(d: &Distances, ends: Ends, s: usize) -> bool {
        let [first, second] = ends.index;
        d.to[first][s].is_some_and(|w| w < 0) && d.from[second][s].is_some_and(|w| w < 0)
    }

    /// Returns true when the start `s` may lie strictly between the two starts but need
    /// not: adding `first < s < second` (one second apart at least) to the network
    /// leaves it consistent, which in a simple temporal network is exactly that the
    /// three largest differences it bounds allow it.
    fn possible(d: &Distances, ends: Ends, s: usize) -> bool {
        let allows = |w: Option<i64>, least: i64| w.is_none_or(|w| w >= least);
        let ([first, second], second_node) = (ends.index, ends.nodes[1]);
        !Inside::certain(d, ends, s)
            && allows(d.from[first][s], 1)
            && allows(d.to[second][s], 1)
            && allows(d.from[first][second_node], 2)
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{test_event as event, test_kb};
    use crate::vocab::ClaimView;

    const KB: &str = r#"Chronicle(events: [
        Event(id: "arrest", title: "Arrest", date: "2021-01-17"),
        Event(id: "hearing", title: "Hearing", date: "2021-01-25"),
        Event(id: "sentencing", title: "Sentencing", date: "2021-02-02"),
        Event(id: "poisoning", title: "Poisoning", date: "2020-08"),
    ])"#;

    #[test]
    fn exact_days_and_the_events_between() {
        let kb = test_kb(KB);
        let analysis = Analysis::new(&kb, ClaimView::Stated);
        let answer = between(
            &kb,
            &analysis,
            event(&kb, "arrest"),
            event(&kb, "sentencing"),
        )
        .unwrap();
        assert_eq!((answer.from, answer.to), ("arrest", "sentencing"));
        assert!(answer.exact);
        assert_eq!(answer.text, "16 days");
        assert_eq!(answer.min_seconds, Some(16 * DAY));
        let ids: Vec<&str> = answer.events.iter().map(|e| e.id).collect();
        assert_eq!(ids, ["hearing"]);
        let json = serde_json::to_string(&answer).unwrap();
        assert!(
            json.contains(r#""min":"P16D","max":"P16D","min_seconds":1382400"#),
            "{json}"
        );
    }

    #[test]
    fn an_uncertain_start_gives_bounds_and_backwards_is_before() {
        let kb = test_kb(KB);
        let analysis = Analysis::new(&kb, ClaimView::Stated);
        let answer = between(
            &kb,
            &analysis,
            event(&kb, "sentencing"),
            event(&kb, "poisoning"),
        )
        .unwrap();
        assert!(!answer.exact);
        assert!(answer.text.ends_with(" before"), "{}", answer.text);
        assert_eq!(answer.events.len(), 2);
    }
}
