//! What of an event's bounds the timeline can draw: the range on the axis (both ends
//! bounded, or the window of the one bounded side with an unbounded other end), the
//! stretches of time the axis must show for them, and the date text under its title.

use super::axis::DAY;
use crate::date::{Bound, Point};
use crate::export::date_label;
use crate::kb::Kb;
use crate::time::bounds::EventBounds;

/// An uncertain window longer than this share of the whole span counts for the axis
/// only by its ends and its certain part.
const LONG_WINDOW: f64 = 0.5;

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
    /// No date written: the range is a window the reasoner inferred.
    pub inferred: bool,
}

impl Extent {
    /// Returns what can be drawn of `b`: both ends bounded, or the start window with an
    /// open end, or the end window with an open start. Bounds on one side only (`starts
    /// by 2014-12-31`) give `None`: such an event has no place on the axis. `written`
    /// says whether the event has a date written.
    pub fn of(b: &EventBounds, written: bool) -> Option<Extent> {
        // Certainly covered: from the end of the latest start to the beginning of the
        // earliest end, so an event dated to a day covers no known span of it.
        let core = match (upper_secs(b.start.1), lower_secs(b.end.0)) {
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
            inferred: b.inferred && !written,
        })
    }
}

/// Returns the stretches of time the axis must show for `extents`: each whole range,
/// except that an inferred window, or an uncertain window longer than half the whole
/// span, counts only by its ends and its certain part.
pub fn axis_spans<'a>(extents: impl Iterator<Item = &'a Extent> + Clone) -> Vec<(f64, f64)> {
    let lo = extents.clone().map(|e| e.lo).fold(f64::INFINITY, f64::min);
    let hi = extents
        .clone()
        .map(|e| e.hi)
        .fold(f64::NEG_INFINITY, f64::max);
    let whole = hi - lo;
    let mut out = Vec::new();
    for e in extents {
        // A very long uncertain window says too little of the time inside it to keep
        // it all: then only its ends and what the event certainly covers count, so the
        // window of an event that can start any time from 2014 to 2021 leaves the empty
        // years cut out (the bar is drawn across the cut).
        let certain = e.core.map_or(0.0, |c| c.1 - c.0);
        let long_window = e.hi - e.lo > whole * LONG_WINDOW && e.hi - e.lo > certain;
        // An inferred window tells nothing of the time inside it either: the events
        // that bound it are on the axis anyway.
        if long_window || e.inferred {
            out.extend([(e.lo, e.lo), (e.hi, e.hi)].into_iter().chain(e.core));
        } else {
            out.push((e.lo, e.hi));
        }
    }
    out
}

/// Seconds within this much of midnight read as the day alone.
const NEAR_MIDNIGHT: u32 = 60;

/// Returns `p` as a reader wants it: a time within a minute of midnight as the day
/// alone, any other time to the minute.
fn tidy(p: Point) -> Point {
    match p.second {
        Some(s) if s < NEAR_MIDNIGHT || s + NEAR_MIDNIGHT > 86_400 => Point {
            day: p.day,
            second: None,
        },
        Some(s) => Point {
            day: p.day,
            second: Some(s / 60 * 60),
        },
        None => p,
    }
}

/// Returns the date shown under an event's title: in words when written (`4 March
/// 2018, 11:48 UTC`, `44 BCE`; as written where words would blur it), with its
/// duration; otherwise what the reasoner inferred, phrased after what is drawn
/// (`sometime between 1 August 2020 and 17 January 2021 (inferred)`, `starts by 31
/// December 2014 (inferred)`), or `undated`.
///
/// In a drawing that reaches before the common era (`era`), years of the common era
/// say so (`19 August 14 CE`).
pub fn date_text(
    kb: &Kb,
    index: u32,
    b: &EventBounds,
    extent: Option<&Extent>,
    era: bool,
) -> String {
    let text = words(kb, index, b, extent);
    if era { with_era(&text) } else { text }
}

/// Returns `text` with ` CE` after every year of the common era in it: a number after
/// a month or season, or a number alone.
///
/// ```text
/// 19 August 14 → 19 August 14 CE;   14 → 14 CE;   August 30 BCE stays
/// ```
fn with_era(text: &str) -> String {
    const SEASONS: [&str; 4] = ["spring", "summer", "autumn", "winter"];
    let names_a_month_or_season =
        |t: &str| (1..=12).any(|m| crate::date::month_name(m) == t) || SEASONS.contains(&t);
    let tokens: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        let digits = token.trim_end_matches(',');
        let number = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
        let after_month = i > 0 && names_a_month_or_season(tokens[i - 1]);
        let alone = tokens.len() == 1;
        let bce = tokens.get(i + 1).is_some_and(|t| t.starts_with("BCE"));
        if number && (after_month || alone) && !bce {
            out.push(format!("{digits} CE{}", &token[digits.len()..]));
        } else {
            out.push((*token).to_string());
        }
    }
    out.join(" ")
}

/// Returns the date of an event in words, as [`date_text`] describes.
fn words(kb: &Kb, index: u32, b: &EventBounds, extent: Option<&Extent>) -> String {
    let event = &kb.events()[index as usize];
    let with_duration = |base: String| match &event.duration {
        Some(p) => format!("{base}, for {}", p.node.human()),
        None => base,
    };
    if let Some(words) = event.date.as_ref().and_then(|d| d.node.edtf.in_words()) {
        return with_duration(words);
    }
    // A written date words cannot say (one of a set, an irregular range): its bounds.
    let point = |bound: Bound| {
        bound
            .point()
            .map(|p| crate::date::point_in_words(tidy(p), !b.local))
    };
    if event.date.is_some()
        && let (Some(lo), Some(hi)) = (point(b.start.0), point(b.end.1))
    {
        let text = if lo == hi {
            lo
        } else {
            format!("sometime between {lo} and {hi}")
        };
        return with_duration(text);
    }
    if event.date.is_some() || !b.inferred {
        return date_label(kb, index, b);
    }
    // Inferred bounds in words too, to the minute: the second after an event (`after`
    // is one second later) or a day's last second reads as the day itself.
    let between = |lo: Option<String>, hi: Option<String>| match (lo, hi) {
        (Some(lo), Some(hi)) if lo == hi => Some(format!("on {lo}")),
        (Some(lo), Some(hi)) => Some(format!("between {lo} and {hi}")),
        _ => None,
    };
    let (s0, s1) = (point(b.start.0), point(b.start.1));
    let (e0, e1) = (point(b.end.0), point(b.end.1));
    let text = match extent {
        Some(x) if x.tail_right => between(s0, s1).map(|w| format!("starts sometime {w}")),
        Some(x) if x.tail_left => between(e0, e1).map(|w| format!("ends sometime {w}")),
        Some(_) => between(s0, e1).map(|w| format!("sometime {w}")),
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
        Some(p) => format!("{base}, for {}", p.node.human()),
        None => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_of_the_common_era_say_so_beside_bce_ones() {
        assert_eq!(with_era("19 August 14"), "19 August 14 CE");
        assert_eq!(with_era("14"), "14 CE");
        assert_eq!(with_era("August 30 BCE"), "August 30 BCE");
        assert_eq!(
            with_era("sometime between 10 August 30 BCE and 12 August 14, 11:48 UTC"),
            "sometime between 10 August 30 BCE and 12 August 14 CE, 11:48 UTC"
        );
    }
    use crate::date::days_from_civil;
    use crate::export::timeline::axis::Axis;

    fn day(y: i64, m: u32, d: u32) -> f64 {
        days_from_civil(y, m, d) as f64 * DAY
    }

    fn extent(lo: f64, hi: f64, core: Option<(f64, f64)>) -> Extent {
        Extent {
            lo,
            hi,
            core,
            tail_left: false,
            tail_right: false,
            inferred: false,
        }
    }

    #[test]
    fn no_time_is_cut_out_of_a_bar() {
        // A day and a month written without its day: the month stays whole.
        let extents = [
            extent(
                day(2020, 5, 1),
                day(2020, 5, 2),
                Some((day(2020, 5, 1), day(2020, 5, 2))),
            ),
            extent(day(2020, 6, 1), day(2020, 7, 1), None),
        ];
        let axis = Axis::new(&axis_spans(extents.iter()), 100.0, 1000.0);
        assert_eq!(axis.segments.len(), 2);
        let june = &axis.segments[1];
        assert!(june.start <= day(2020, 6, 1) && june.end >= day(2020, 7, 1));
        let labels: Vec<String> = axis.ticks().into_iter().map(|t| t.label).collect();
        assert!(labels.contains(&"8 Jun".to_string()), "{labels:?}");
    }

    #[test]
    fn a_very_long_window_still_allows_a_cut() {
        let extents = [
            extent(day(2014, 1, 1), day(2021, 2, 3), None),
            extent(
                day(2014, 1, 1),
                day(2015, 1, 1),
                Some((day(2014, 1, 1), day(2015, 1, 1))),
            ),
            extent(day(2020, 8, 1), day(2020, 9, 1), None),
            extent(
                day(2021, 2, 2),
                day(2021, 2, 3),
                Some((day(2021, 2, 2), day(2021, 2, 3))),
            ),
        ];
        let axis = Axis::new(&axis_spans(extents.iter()), 100.0, 1000.0);
        assert_eq!(axis.segments.len(), 2);
    }
}
