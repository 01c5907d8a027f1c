//! EDTF dates and ISO 8601 durations: parsing, strict bounds, calendar arithmetic and display.

mod calendar;
mod component;
mod cursor;
mod edtf;
pub mod explain;
mod mask;
pub mod natural;
mod period;
mod time;

use std::fmt;
use std::ops::Range;

pub use calendar::{
    Calendar, MAX_YEAR, checked_days_from_civil, civil_from_days, days_from_civil,
    days_from_julian, days_in_month, format_day, format_year, is_leap, julian_from_days,
    month_name,
};
pub use edtf::{Edtf, point_in_words};
pub use period::Period;

/// The number of seconds in a day; a time of day runs from 0 to this value (`24:00:00`).
pub const SECONDS_PER_DAY: u32 = 86_400;

/// A point on the time line: a calendar day, and the second of that day when a time of day is known.
///
/// Points order by day first; on the same day a point without a time of day sorts before
/// any point with one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Point {
    /// Days since 1970-01-01 (see [`days_from_civil`]).
    pub day: i64,
    /// Seconds since midnight as written, 0..=86400 (`24:00:00` is 86400).
    pub second: Option<u32>,
}

impl Point {
    /// Returns the point at the start of a day, without a time of day.
    pub fn day(day: i64) -> Point {
        Point { day, second: None }
    }

    /// Returns the point at `second` seconds after midnight of `day`.
    pub fn at(day: i64, second: u32) -> Point {
        Point {
            day,
            second: Some(second),
        }
    }
}

/// One side of a date's strict bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bound {
    /// An open interval end (`..`): the date extends without limit on this side.
    Open,
    /// An unknown interval end (empty): unbounded too, but because nobody knows.
    Unknown,
    /// A known first or last point.
    At(Point),
}

impl Bound {
    /// Returns the point of a known bound, or `None` for an unbounded side.
    pub fn point(self) -> Option<Point> {
        match self {
            Bound::At(p) => Some(p),
            Bound::Open | Bound::Unknown => None,
        }
    }
}

/// Why a date or duration string was rejected, with the byte range of the offending part of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    /// A lowercase message without a trailing period.
    pub message: String,
    /// The byte range of the offending part of the input (empty at the end of the input).
    pub range: Range<usize>,
    /// A likely fix, when there is one.
    pub help: Option<String>,
}

impl DateError {
    /// Returns an error without a help line.
    pub fn new(message: impl Into<String>, range: Range<usize>) -> DateError {
        DateError {
            message: message.into(),
            range,
            help: None,
        }
    }

    /// Adds a help line to the error.
    pub fn with_help(mut self, help: impl Into<String>) -> DateError {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateError {}

/// The unit of the known part of a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    /// A year with its last three digits unspecified (`1XXX`).
    Millennium,
    /// A year with its last two digits unspecified (`19XX`).
    Century,
    /// A year with its last digit unspecified (`198X`).
    Decade,
    /// A year (`1985`, `1985-XX`).
    Year,
    /// A season (`2001-21`).
    Season,
    /// A month (`1985-04`).
    Month,
    /// A day (`1985-04-12`).
    Day,
    /// A day with a time of day (`1985-04-12T23:20:30`).
    Second,
    /// Nothing is known: every year digit is unspecified, or both interval ends are unbounded.
    Unknown,
}

impl Precision {
    /// Returns the noun phrase used by [`Edtf::describe`], with its article.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Precision::Millennium => "a millennium",
            Precision::Century => "a century",
            Precision::Decade => "a decade",
            Precision::Year => "a year",
            Precision::Season => "a season",
            Precision::Month => "a month",
            Precision::Day => "a day",
            Precision::Second => "a date and time",
            Precision::Unknown => "an unspecified date",
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Precision::Millennium => "millennium",
            Precision::Century => "century",
            Precision::Decade => "decade",
            Precision::Year => "year",
            Precision::Season => "season",
            Precision::Month => "month",
            Precision::Day => "day",
            Precision::Second => "second",
            Precision::Unknown => "unknown",
        })
    }
}

/// Formats a point as `2021-02-02`, or `2021-02-02T10:30:00` when it has a time of day.
pub fn format_point(p: Point) -> String {
    match p.second {
        None => format_day(p.day),
        Some(s) => format!(
            "{}T{:02}:{:02}:{:02}",
            format_day(p.day),
            s / 3600,
            s / 60 % 60,
            s % 60
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_points() {
        let day = days_from_civil(2021, 2, 2);
        assert_eq!(format_point(Point::day(day)), "2021-02-02");
        assert_eq!(
            format_point(Point::at(day, 10 * 3600 + 30 * 60)),
            "2021-02-02T10:30:00"
        );
        assert_eq!(
            format_point(Point::at(day, SECONDS_PER_DAY)),
            "2021-02-02T24:00:00"
        );
    }

    #[test]
    fn orders_points() {
        assert!(Point::day(5) < Point::at(5, 0));
        assert!(Point::at(5, 86_400) < Point::day(6));
        assert_eq!(Bound::At(Point::day(1)).point(), Some(Point::day(1)));
        assert_eq!(Bound::Open.point(), None);
    }

    #[test]
    fn error_display_is_the_message() {
        let e = DateError::new("bad", 0..1).with_help("fix");
        assert_eq!(e.to_string(), "bad");
        assert_eq!(e.help.as_deref(), Some("fix"));
    }
}
