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

/// What is known of when an event starts and ends, each as earliest..latest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventBounds {
    /// The earliest and latest start.
    pub start: (Bound, Bound),
    /// The earliest and latest end.
    pub end: (Bound, Bound),
    /// True when the bounds were narrowed by inference beyond the date as written.
    pub inferred: bool,
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
        }
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
