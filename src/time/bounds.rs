//! What is known of when an event starts and ends, and the one sort key of a point in
//! time with unbounded sides at the ends.

use crate::date::{Bound, Point, format_point};

/// A position on the time line for sorting, with unbounded sides at the ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// Before every date.
    NegInf,
    /// A day and second of the day.
    At(i64, u32),
    /// After every date.
    PosInf,
}

/// Returns the sort key of a lower bound: a day without a time starts at midnight.
pub fn lower_key(bound: Bound) -> Key {
    match bound {
        Bound::At(Point { day, second }) => Key::At(day, second.unwrap_or(0)),
        Bound::Open | Bound::Unknown => Key::NegInf,
    }
}

/// Returns the sort key of an upper bound: a day without a time ends at midnight after it.
pub fn upper_key(bound: Bound) -> Key {
    match bound {
        Bound::At(Point { day, second }) => Key::At(day, second.unwrap_or(86_400)),
        Bound::Open | Bound::Unknown => Key::PosInf,
    }
}

/// Formats a bound for output: the point, or `None` when unbounded.
pub fn bound_text(bound: Bound) -> Option<String> {
    bound.point().map(format_point)
}

/// Formats a bound for output with its zone: a time of day carries `Z` (the network's
/// scale is UTC) unless `local`, the date having been written in local time.
pub fn zoned_text(bound: Bound, local: bool) -> Option<String> {
    let p = bound.point()?;
    let zone = if p.second.is_some() && !local {
        "Z"
    } else {
        ""
    };
    Some(format!("{}{zone}", format_point(p)))
}

/// What is known of when an event starts and ends, each as earliest..latest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventBounds {
    /// The earliest and latest start.
    pub start: (Bound, Bound),
    /// The earliest and latest end.
    pub end: (Bound, Bound),
    /// True when the bounds were narrowed by inference beyond the date as written.
    pub inferred: bool,
    /// True when the event's date has a time of day without a zone (local time as
    /// written): its timed bounds are shown without the `Z` every other time carries.
    pub local: bool,
}

impl EventBounds {
    /// Returns the bounds a written date gives: for an interval, the ranges of its two
    /// ends; otherwise the event starts and ends within the date's strict bounds.
    pub fn given(event: &crate::model::Event) -> EventBounds {
        match &event.date {
            Some(date) => EventBounds {
                start: date.node.edtf.start_range(),
                end: date.node.edtf.end_range(),
                inferred: false,
                local: date.node.edtf.has_local_time(),
            },
            None => EventBounds::unknown(),
        }
    }

    /// Returns bounds that say nothing.
    pub fn unknown() -> EventBounds {
        EventBounds {
            start: (Bound::Unknown, Bound::Unknown),
            end: (Bound::Unknown, Bound::Unknown),
            inferred: false,
            local: false,
        }
    }

    /// Formats one of these bounds for output: the point, with `Z` on a time of day
    /// (times are UTC on the network's scale, unless the date was written in local
    /// time), or `None` when unbounded.
    pub fn text(&self, bound: Bound) -> Option<String> {
        zoned_text(bound, self.local)
    }

    /// Returns the one order of events (SPEC §4) as a sort key: by earliest possible
    /// start, or, when only the latest start is known, at that latest start (never at the
    /// top merely because one side is unknown); then by latest end. Events of which
    /// nothing is known sort last. Ties are broken by id by the caller.
    pub fn order_key(&self) -> (bool, Key, Key) {
        let start = match (self.start.0, self.start.1) {
            (Bound::At(_), _) => lower_key(self.start.0),
            (_, Bound::At(_)) => upper_key(self.start.1),
            _ => Key::NegInf,
        };
        (self.is_unknown(), start, upper_key(self.end.1))
    }

    /// Returns the sort keys of the earliest start and the latest end.
    pub fn keys(&self) -> (Key, Key) {
        (lower_key(self.start.0), upper_key(self.end.1))
    }

    /// Returns the extent for people, in days: `≈2021-02-02..2021-02-28`,
    /// `≈2021-02-02..`, `≈..2021-02-28`, `≈ starts ≤ 2014-12-31` when only the latest
    /// start is known, or `undated` when nothing is known.
    pub fn approx_text(&self) -> String {
        // Days only: an inferred time of day would not fit a table column and says little.
        let day = |bound: Bound| bound.point().map(|p| crate::date::format_day(p.day));
        match (day(self.start.0), day(self.end.1)) {
            (None, None) => match (day(self.start.1), day(self.end.0)) {
                (Some(latest_start), _) => format!("≈ starts ≤ {latest_start}"),
                (None, Some(earliest_end)) => format!("≈ ends ≥ {earliest_end}"),
                (None, None) => "undated".to_string(),
            },
            (lo, hi) => format!("≈{}..{}", lo.unwrap_or_default(), hi.unwrap_or_default()),
        }
    }

    /// Returns true when nothing at all is known.
    pub fn is_unknown(&self) -> bool {
        self.start.0.point().is_none()
            && self.start.1.point().is_none()
            && self.end.0.point().is_none()
            && self.end.1.point().is_none()
    }
}
