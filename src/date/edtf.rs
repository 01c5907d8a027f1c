//! The EDTF date type: single dates, intervals and one-of sets, with strict bounds and descriptions.

use std::ops::Range;
use std::str::FromStr;

use super::calendar::Calendar;
use super::component::{Single, parse_single, unsupported};
use super::{Bound, DateError, Point, Precision, SECONDS_PER_DAY};

/// Seconds in a day, for comparing interval ends.
const DAY: i64 = SECONDS_PER_DAY as i64;
/// The last second of a day without a time of day.
const DAY_END: u32 = SECONDS_PER_DAY - 1;

/// Inputs longer than this are rejected before parsing; no real date comes near it.
const MAX_INPUT: usize = 1000;

/// What one end of an interval or set was written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Side {
    Open,
    Unknown,
    Date(Precision),
}

/// The overall form of a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Shape {
    Date,
    Interval,
    Set,
}

const UNCERTAIN: u8 = 1;
const APPROXIMATE: u8 = 2;
const UNSPECIFIED: u8 = 4;
const TIME: u8 = 8;
const UTC: u8 = 16;
/// A time of day without a zone (local time) was written somewhere in the date.
const LOCAL: u8 = 32;
/// An interval carries a time of day at an end: ISO 8601-1, beyond EDTF.
const ISO: u8 = 64;
/// The date was written in the Julian calendar.
const JULIAN: u8 = 128;

/// A parsed EDTF date: its level, precision, qualifiers and strict bounds.
///
/// Only what annals needs is kept (about 40 bytes, nothing on the heap), because one is
/// stored per event; keep the input string elsewhere if it must be shown again.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edtf {
    lower: Bound,
    upper: Bound,
    /// The latest the start can be (the upper bound of an interval's first end).
    start_upper: Bound,
    /// The earliest the end can be (the lower bound of an interval's second end).
    end_lower: Bound,
    start: Side,
    end: Side,
    shape: Shape,
    level: u8,
    flags: u8,
}

/// One end of an interval as written.
enum End {
    Open,
    Unknown,
    Date(Single),
}

impl Edtf {
    /// Parses an EDTF string (levels 0 and 1, and level-2 one-of sets and unspecified
    /// digits), and ISO 8601-1 intervals with a time of day at either end.
    pub fn parse(input: &str) -> Result<Edtf, DateError> {
        Edtf::parse_in(input, Calendar::Gregorian)
    }

    /// Parses a date written in `calendar`; its bounds are (proleptic Gregorian) day
    /// numbers whatever the calendar (Julian `1917-10-25` is Gregorian 1917-11-07).
    pub fn parse_in(input: &str, calendar: Calendar) -> Result<Edtf, DateError> {
        let mut edtf = Edtf::parse_written(input, calendar)?;
        if calendar == Calendar::Julian {
            edtf.flags |= JULIAN;
        }
        Ok(edtf)
    }

    fn parse_written(input: &str, calendar: Calendar) -> Result<Edtf, DateError> {
        if input.len() > MAX_INPUT {
            return Err(DateError::new(
                format!(
                    "the date is too long: {} bytes, at most {MAX_INPUT}",
                    input.len()
                ),
                0..input.len(),
            ));
        }
        // One space after a comma is allowed inside a one-of set (`[1858, 1860]`).
        let in_set = input.starts_with('[');
        let allowed =
            |at: usize, ch: char| in_set && ch == ' ' && at > 0 && input.as_bytes()[at - 1] == b',';
        if let Some((at, ch)) = input
            .char_indices()
            .find(|&(at, ch)| ch.is_whitespace() && !allowed(at, ch))
        {
            return Err(DateError::new(
                "whitespace is not allowed in a date",
                at..at + ch.len_utf8(),
            )
            .with_help("remove the space"));
        }
        if input.is_empty() {
            return Err(DateError::new("the date is empty", 0..0));
        }
        if input.starts_with('{') {
            return Err(unsupported(
                "lists of dates (`{1667,1668}`)",
                0..input.len(),
            ));
        }
        if input.starts_with('[') {
            return parse_set(input, calendar);
        }
        if let Some(slash) = input.find('/') {
            return parse_interval(input, slash, calendar);
        }
        let single = parse_single(input, 0..input.len(), calendar)?;
        let side = Side::Date(single.precision);
        let flags = flags_of(&single);
        let (lower, upper) = points(&single);
        Ok(Edtf {
            lower: Bound::At(lower),
            upper: Bound::At(upper),
            start_upper: Bound::At(upper),
            end_lower: Bound::At(lower),
            start: side,
            end: side,
            shape: Shape::Date,
            level: single.level,
            flags,
        })
    }

    /// Returns the EDTF level (0, 1 or 2) of the features the date uses.
    pub fn level(&self) -> u8 {
        self.level
    }

    /// Returns the first point the date can denote, with the time of day when one was written.
    pub fn lower(&self) -> Bound {
        self.lower
    }

    /// Returns the last point the date can denote, with the time of day when one was written.
    pub fn upper(&self) -> Bound {
        self.upper
    }

    /// Returns the earliest and latest point the start of what the date denotes can be:
    /// for an interval, the bounds of its first end; otherwise the strict bounds.
    pub fn start_range(&self) -> (Bound, Bound) {
        (self.lower, self.start_upper)
    }

    /// Returns the earliest and latest point the end can be: for an interval, the
    /// bounds of its second end; otherwise the strict bounds.
    pub fn end_range(&self) -> (Bound, Bound) {
        (self.end_lower, self.upper)
    }

    /// Returns the precision of the date, or of the start of an interval or set (of its end when the start is unbounded).
    pub fn precision(&self) -> Precision {
        match (self.start, self.end) {
            (Side::Date(p), _) | (_, Side::Date(p)) => p,
            _ => Precision::Unknown,
        }
    }

    /// Returns true for an interval `a/b`.
    pub fn is_interval(&self) -> bool {
        self.shape == Shape::Interval
    }

    /// Returns true for a one-of set `[a,b]`.
    pub fn is_set(&self) -> bool {
        self.shape == Shape::Set
    }

    /// Returns true when a time of day was written.
    pub fn has_time(&self) -> bool {
        self.flags & TIME != 0
    }

    /// Returns true when the time of day was written with `Z` or a UTC offset; its bounds
    /// are then in UTC (`1949-10-01T15:00:00+08:00` is `1949-10-01T07:00:00` UTC).
    pub fn is_utc(&self) -> bool {
        self.flags & UTC != 0
    }

    /// Returns true when some time of day was written without `Z` or an offset (local
    /// time, compared as if UTC).
    pub fn has_local_time(&self) -> bool {
        self.flags & LOCAL != 0
    }

    /// Returns true when the date is ISO 8601-1 beyond EDTF: an interval with a time of
    /// day at an end (`2018-03-03T14:25Z/2018-03-03T16:10Z`). Its [`Edtf::level`] is
    /// that of its features otherwise.
    pub fn beyond_edtf(&self) -> bool {
        self.flags & ISO != 0
    }

    /// Returns the date as written, with its Gregorian days beside it when it was
    /// written in the Julian calendar: `1917-10-25 (Julian; Gregorian 1917-11-07)`.
    pub fn display(&self, written: &str) -> String {
        if !self.is_julian() {
            return written.to_string();
        }
        let day = |b: Bound| b.point().map(|p| super::format_day(p.day));
        match (day(self.lower), day(self.upper)) {
            (Some(lo), Some(hi)) if lo == hi => format!("{written} (Julian; Gregorian {lo})"),
            (Some(lo), Some(hi)) => format!("{written} (Julian; Gregorian {lo}..{hi})"),
            (Some(lo), None) => format!("{written} (Julian; Gregorian {lo}..)"),
            (None, Some(hi)) => format!("{written} (Julian; Gregorian ..{hi})"),
            (None, None) => format!("{written} (Julian)"),
        }
    }

    /// Returns the date in words for a reader of a drawing or a page: `4 March 2018`,
    /// `March 2018`, `44 BCE`, `spring 2001`, `4 March 2018, 11:48 UTC`, `about 2020`,
    /// `1 July 2018 – 3 August 2018`; `None` for forms words would blur (unspecified
    /// digits, sets, Julian dates), which are best shown as written.
    pub fn in_words(&self) -> Option<String> {
        if self.is_julian() || self.unspecified() || self.shape == Shape::Set {
            return None;
        }
        let words = match self.shape {
            Shape::Date => words_of(self.start, self.lower, self.utc())?,
            _ => {
                let end = match self.end {
                    Side::Open => "…".to_string(),
                    Side::Unknown => "?".to_string(),
                    Side::Date(_) => words_of(self.end, self.end_lower, self.utc())?,
                };
                match self.start {
                    Side::Open | Side::Unknown => format!("until {end}"),
                    Side::Date(_) => {
                        format!("{} – {end}", words_of(self.start, self.lower, self.utc())?)
                    }
                }
            }
        };
        Some(match (self.approximate(), self.uncertain()) {
            (true, true) => format!("about {words}?"),
            (true, false) => format!("about {words}"),
            (false, true) => format!("{words}?"),
            (false, false) => words,
        })
    }

    fn utc(&self) -> bool {
        self.flags & UTC != 0
    }

    /// Returns true when the date was written in the Julian calendar (its bounds are
    /// still Gregorian day numbers).
    pub fn is_julian(&self) -> bool {
        self.flags & JULIAN != 0
    }

    /// Returns true when `?` or `%` qualifies any part of the date.
    pub fn uncertain(&self) -> bool {
        self.flags & UNCERTAIN != 0
    }

    /// Returns true when `~` or `%` qualifies any part of the date.
    pub fn approximate(&self) -> bool {
        self.flags & APPROXIMATE != 0
    }

    /// Returns true when any digit is unspecified (`X`).
    pub fn unspecified(&self) -> bool {
        self.flags & UNSPECIFIED != 0
    }

    /// A short English description for `annals date`, e.g. "a day", "a month, approximate", "an interval from a day to an open end", "one of a set of dates".
    pub fn describe(&self) -> String {
        let side = |side: Side, which: &str| match side {
            Side::Open => format!("an open {which}"),
            Side::Unknown => format!("an unknown {which}"),
            Side::Date(p) => p.noun().to_string(),
        };
        let mut text = match self.shape {
            Shape::Date => side(self.start, "start"),
            Shape::Interval => format!(
                "an interval from {} to {}",
                side(self.start, "start"),
                side(self.end, "end")
            ),
            Shape::Set => "one of a set of dates".to_string(),
        };
        let qualifier = match (self.uncertain(), self.approximate()) {
            (true, true) => Some("uncertain and approximate"),
            (true, false) => Some("uncertain"),
            (false, true) => Some("approximate"),
            (false, false) => None,
        };
        for extra in [
            qualifier,
            self.unspecified().then_some("with unspecified digits"),
            self.beyond_edtf()
                .then_some("with a time of day: ISO 8601-1, beyond EDTF level 0"),
            self.is_julian().then_some("in the Julian calendar"),
        ]
        .into_iter()
        .flatten()
        {
            text.push_str(", ");
            text.push_str(extra);
        }
        text
    }
}

impl FromStr for Edtf {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Edtf, DateError> {
        Edtf::parse(s)
    }
}

/// The first and last points of a single date: the first and last second of its time
/// of day when one was written (`11:48` covers 11:48:00 to 11:48:59).
fn points(single: &Single) -> (Point, Point) {
    match (single.second, single.last_second) {
        (Some(first), last) => (
            Point::at(single.lower, first),
            Point::at(single.upper, last.unwrap_or(first)),
        ),
        _ => (Point::day(single.lower), Point::day(single.upper)),
    }
}

fn flags_of(single: &Single) -> u8 {
    let mut flags = 0;
    if single.second.is_some() {
        flags |= TIME | if single.utc { UTC } else { LOCAL };
    }
    if single.uncertain {
        flags |= UNCERTAIN;
    }
    if single.approximate {
        flags |= APPROXIMATE;
    }
    if single.unspecified {
        flags |= UNSPECIFIED;
    }
    flags
}

/// Parses one date inside a one-of set, where a time of day is not allowed (and `Y`
/// years, as inside an interval).
///
/// `Y` years are rejected too: the conformance corpus (after UNT's validator) only allows
/// them on their own.
fn parse_member(
    input: &str,
    range: Range<usize>,
    within: &str,
    calendar: Calendar,
) -> Result<Single, DateError> {
    let single = parse_single(input, range.clone(), calendar)?;
    if single.long_year {
        return Err(
            DateError::new(format!("a `Y` year is not allowed in {within}"), range)
                .with_help("a `Y` year must stand on its own"),
        );
    }
    match single.time {
        Some(time) => Err(DateError::new(
            format!("a time of day is not allowed in {within}"),
            time,
        )),
        None => Ok(single),
    }
}

/// Checks that `end` does not precede `start`; `range` is where `end` was written.
///
/// A coarser end is fine when it does not start before the start does (`2004-02-01/2005`).
/// With unspecified digits on either side it is enough that some choice of them gives a
/// well-ordered pair (`1919-XX-02/1919-XX-01`).
fn check_order(
    input: &str,
    start: &Single,
    end: &Single,
    start_range: Range<usize>,
    range: Range<usize>,
) -> Result<(), DateError> {
    // Compared to the second, so that `T16:10Z/T14:25Z` on one day is reversed too.
    let first = |d: &Single| d.lower * DAY + i64::from(d.second.unwrap_or(0));
    let last = |d: &Single| d.upper * DAY + i64::from(d.last_second.unwrap_or(DAY_END));
    let ordered = if start.unspecified || end.unspecified {
        first(start) <= last(end)
    } else {
        first(end) >= first(start) && last(end) >= first(start)
    };
    if ordered {
        return Ok(());
    }
    let written = |r: Range<usize>| input.get(r).unwrap_or("").to_string();
    Err(DateError::new(
        format!(
            "the end `{}` precedes the start `{}`",
            written(range.clone()),
            written(start_range)
        ),
        range,
    )
    .with_help("write the earlier date first"))
}

/// Parses one end of an interval: a date, with a time of day when wanted (ISO 8601-1).
fn parse_end(input: &str, range: Range<usize>, calendar: Calendar) -> Result<Single, DateError> {
    let single = parse_single(input, range.clone(), calendar)?;
    if single.long_year {
        return Err(
            DateError::new("a `Y` year is not allowed in an interval", range)
                .with_help("a `Y` year must stand on its own"),
        );
    }
    Ok(single)
}

fn parse_interval(input: &str, slash: usize, calendar: Calendar) -> Result<Edtf, DateError> {
    if let Some(second) = input.get(slash + 1..).and_then(|rest| rest.find('/')) {
        let at = slash + 1 + second;
        return Err(DateError::new(
            "an interval has exactly two ends separated by one `/`",
            at..at + 1,
        ));
    }
    let end_of = |range: Range<usize>| -> Result<End, DateError> {
        match input.get(range.clone()).unwrap_or("") {
            "" => Ok(End::Unknown),
            ".." => Ok(End::Open),
            _ => parse_end(input, range, calendar).map(End::Date),
        }
    };
    let start_range = 0..slash;
    let end_range = slash + 1..input.len();
    let start = end_of(start_range.clone())?;
    let end = end_of(end_range.clone())?;
    if let (End::Date(a), End::Date(b)) = (&start, &end) {
        check_order(input, a, b, start_range, end_range)?;
    }
    let mut level = 0;
    let mut flags = 0;
    let mut side = |end: &End| match end {
        End::Open => {
            level = level.max(1);
            (Side::Open, Bound::Open, Bound::Open)
        }
        End::Unknown => {
            level = level.max(1);
            (Side::Unknown, Bound::Unknown, Bound::Unknown)
        }
        End::Date(single) => {
            // Unspecified digits in an interval are a level-2 feature even where they
            // would be level 1 on their own.
            level = level.max(if single.unspecified { 2 } else { single.level });
            flags |= flags_of(single);
            if single.second.is_some() {
                flags |= ISO;
            }
            let (lower, upper) = points(single);
            (
                Side::Date(single.precision),
                Bound::At(lower),
                Bound::At(upper),
            )
        }
    };
    let (start_side, lower, start_upper) = side(&start);
    let (end_side, end_lower, upper) = side(&end);
    Ok(Edtf {
        lower,
        upper,
        start_upper,
        end_lower,
        start: start_side,
        end: end_side,
        shape: Shape::Interval,
        level,
        flags,
    })
}

/// Splits `input[range]` at commas, returning the ranges of the pieces.
fn split_commas(input: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = range.start;
    for (i, b) in input.bytes().enumerate().take(range.end).skip(range.start) {
        if b == b',' {
            pieces.push(start..i);
            // The one space allowed after a comma is not part of the next member.
            start = if input.as_bytes().get(i + 1) == Some(&b' ') {
                i + 2
            } else {
                i + 1
            };
        }
    }
    pieces.push(start..range.end);
    pieces
}

fn parse_set(input: &str, calendar: Calendar) -> Result<Edtf, DateError> {
    let len = input.len();
    if !input.ends_with(']') || len < 2 {
        return Err(DateError::new("a one-of set must end with `]`", len..len)
            .with_help("close the set: `[2020,2022]`"));
    }
    let mut lower: Option<Bound> = None;
    let mut upper: Option<Bound> = None;
    let mut start = Side::Unknown;
    let mut end = Side::Unknown;
    let mut flags = 0;
    if len == 2 {
        return Err(
            DateError::new("a one-of set needs at least one date", 0..len)
                .with_help("list the possible dates: `[2020,2022]`"),
        );
    }
    let pieces = split_commas(input, 1..len - 1);
    let last = pieces.len() - 1;
    let mut widen = |lo: Bound, hi: Bound| {
        let min = |a: Bound, b: Bound| match (a, b) {
            (Bound::At(x), Bound::At(y)) => Bound::At(x.min(y)),
            _ => Bound::Open,
        };
        let max = |a: Bound, b: Bound| match (a, b) {
            (Bound::At(x), Bound::At(y)) => Bound::At(x.max(y)),
            _ => Bound::Open,
        };
        lower = Some(lower.map_or(lo, |cur| min(cur, lo)));
        upper = Some(upper.map_or(hi, |cur| max(cur, hi)));
    };
    for (i, piece) in pieces.into_iter().enumerate() {
        let text = input.get(piece.clone()).unwrap_or("");
        if text.is_empty() {
            return Err(DateError::new("a one-of set has an empty member", piece)
                .with_help("separate dates with single commas: `[2020,2022]`"));
        }
        let (first, last_side) = if text.starts_with("..") {
            if i != 0 {
                return Err(DateError::new(
                    "only the first member of a set may start with `..`",
                    piece.start..piece.start + 2,
                ));
            }
            let date = parse_member(input, piece.start + 2..piece.end, "a one-of set", calendar)?;
            flags |= flags_of(&date);
            widen(Bound::Open, Bound::At(Point::day(date.upper)));
            (Side::Open, Side::Date(date.precision))
        } else if let Some(dots) = text.find("..") {
            let a_range = piece.start..piece.start + dots;
            let b_range = piece.start + dots + 2..piece.end;
            let a = parse_member(input, a_range.clone(), "a one-of set", calendar)?;
            flags |= flags_of(&a);
            if b_range.is_empty() {
                if i != last {
                    return Err(DateError::new(
                        "only the last member of a set may end with `..`",
                        a_range.end..b_range.start,
                    ));
                }
                widen(Bound::At(Point::day(a.lower)), Bound::Open);
                (Side::Date(a.precision), Side::Open)
            } else {
                let b = parse_member(input, b_range.clone(), "a one-of set", calendar)?;
                check_order(input, &a, &b, a_range, b_range)?;
                flags |= flags_of(&b);
                widen(
                    Bound::At(Point::day(a.lower)),
                    Bound::At(Point::day(b.upper)),
                );
                (Side::Date(a.precision), Side::Date(b.precision))
            }
        } else {
            let date = parse_member(input, piece, "a one-of set", calendar)?;
            flags |= flags_of(&date);
            widen(
                Bound::At(Point::day(date.lower)),
                Bound::At(Point::day(date.upper)),
            );
            (Side::Date(date.precision), Side::Date(date.precision))
        };
        if i == 0 {
            start = first;
        }
        if i == last {
            end = last_side;
        }
    }
    let (lower, upper) = (
        lower.unwrap_or(Bound::Unknown),
        upper.unwrap_or(Bound::Unknown),
    );
    Ok(Edtf {
        lower,
        upper,
        // One day of the set: it starts and ends somewhere between the extremes.
        start_upper: upper,
        end_lower: lower,
        start,
        end,
        shape: Shape::Set,
        level: 2,
        flags,
    })
}

/// Returns a point of the time line in words: its day (`1 August 2020`), with the time
/// of day when it has one (`1 August 2020, 00:00:01 UTC`; local times without `UTC`).
pub fn point_in_words(point: Point, utc: bool) -> String {
    let precision = if point.second.is_some() {
        Precision::Second
    } else {
        Precision::Day
    };
    words_of(Side::Date(precision), Bound::At(point), utc).unwrap_or_default()
}

/// Returns one end of a date in words, from its precision and first point.
fn words_of(side: Side, first: Bound, utc: bool) -> Option<String> {
    let Side::Date(precision) = side else {
        return None;
    };
    let point = first.point()?;
    let (year, month, day) = super::civil_from_days(point.day);
    let year = if year <= 0 {
        format!("{} BCE", 1 - year)
    } else {
        year.to_string()
    };
    let month_name = super::month_name(month);
    Some(match precision {
        Precision::Year => year,
        Precision::Season => {
            let season = match month {
                3 => "spring",
                6 => "summer",
                9 => "autumn",
                _ => "winter",
            };
            format!("{season} {year}")
        }
        Precision::Month => format!("{month_name} {year}"),
        Precision::Day => format!("{day} {month_name} {year}"),
        Precision::Second => {
            let second = point.second.unwrap_or(0);
            let (h, m, s) = (second / 3600, second / 60 % 60, second % 60);
            let time = if s == 0 {
                format!("{h:02}:{m:02}")
            } else {
                format!("{h:02}:{m:02}:{s:02}")
            };
            let zone = if utc { " UTC" } else { "" };
            format!("{day} {month_name} {year}, {time}{zone}")
        }
        Precision::Millennium | Precision::Century | Precision::Decade | Precision::Unknown => {
            return None;
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_in_words() {
        let words = |t: &str| Edtf::parse(t).expect(t).in_words();
        assert_eq!(words("2018-03-04").as_deref(), Some("4 March 2018"));
        assert_eq!(words("-0043-03-15").as_deref(), Some("15 March 44 BCE"));
        assert_eq!(words("-0043").as_deref(), Some("44 BCE"));
        assert_eq!(
            words("2018-03-04T11:48Z").as_deref(),
            Some("4 March 2018, 11:48 UTC")
        );
        assert_eq!(words("2020-08~").as_deref(), Some("about August 2020"));
        assert_eq!(words("2001-21").as_deref(), Some("spring 2001"));
        assert_eq!(words("2018-07-08/..").as_deref(), Some("8 July 2018 – …"));
        assert_eq!(
            words("2020-08-22/2021-01-17").as_deref(),
            Some("22 August 2020 – 17 January 2021")
        );
        assert_eq!(words("201X"), None);
        assert_eq!(words("[2020,2022]"), None);
    }

    use super::super::{days_from_civil, format_point};
    use super::*;

    fn bounds(s: &str) -> (String, String) {
        let e = Edtf::parse(s).expect("valid");
        let show = |b: Bound| match b {
            Bound::Open => "..".to_string(),
            Bound::Unknown => "?".to_string(),
            Bound::At(p) => format_point(p),
        };
        (show(e.lower()), show(e.upper()))
    }

    fn error(s: &str) -> DateError {
        Edtf::parse(s).expect_err("invalid")
    }

    #[test]
    fn stays_small() {
        // Four bounds (the ranges of both ends of an interval) and a few bytes of shape.
        assert!(std::mem::size_of::<Edtf>() <= 4 * std::mem::size_of::<Bound>() + 8);
    }

    #[test]
    fn bounds_of_forms() {
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(bounds("2020-08"), pair("2020-08-01", "2020-08-31"));
        assert_eq!(
            bounds("2021-02-02T10:30:00Z"),
            pair("2021-02-02T10:30:00", "2021-02-02T10:30:00")
        );
        assert_eq!(bounds("2021/.."), pair("2021-01-01", ".."));
        assert_eq!(bounds("/2021"), pair("?", "2021-12-31"));
        assert_eq!(bounds("[..1984,1990]"), pair("..", "1990-12-31"));
        assert_eq!(bounds("2010-24"), pair("2010-12-01", "2010-12-31"));
        assert_eq!(bounds("XXXX-12-XX"), pair("0000-12-01", "9999-12-31"));
        assert_eq!(
            bounds("Y-170000002"),
            pair("-170000002-01-01", "-170000002-12-31")
        );
    }

    #[test]
    fn levels_and_flags() {
        let e = Edtf::parse("2020-08~").expect("valid");
        assert_eq!(
            (e.level(), e.approximate(), e.uncertain()),
            (1, true, false)
        );
        let e = Edtf::parse("1984?/2004%").expect("valid");
        assert!(e.is_interval() && e.uncertain() && e.approximate());
        assert_eq!(Edtf::parse("-0043").expect("valid").level(), 1);
        assert_eq!(
            Edtf::parse("2004-06-XX/2004-07-03").expect("valid").level(),
            2
        );
        assert_eq!(
            Edtf::parse("1985-04-12T23:20:30").expect("valid").level(),
            0
        );
        assert!(
            Edtf::parse("1985-04-12T23:20:30")
                .expect("valid")
                .has_time()
        );
        assert_eq!(
            Edtf::parse("-0043-03-15").expect("valid").lower(),
            Bound::At(Point::day(days_from_civil(-43, 3, 15)))
        );
    }

    #[test]
    fn describes() {
        let d = |s: &str| Edtf::parse(s).expect("valid").describe();
        assert_eq!(d("2021-02-02"), "a day");
        assert_eq!(d("2020-08~"), "a month, approximate");
        assert_eq!(d("2020-08-20/.."), "an interval from a day to an open end");
        assert_eq!(d("/2021"), "an interval from an unknown start to a year");
        assert_eq!(d("[2020,2022]"), "one of a set of dates");
        assert_eq!(d("201X"), "a decade, with unspecified digits");
        assert_eq!(d("2004%"), "a year, uncertain and approximate");
    }

    #[test]
    fn error_ranges() {
        let e = error("2021-02-30");
        assert_eq!(e.range, 8..10);
        assert_eq!(e.message, "February has at most 29 days, found `30`");
        let e = error("2021-02-29");
        assert_eq!(e.range, 8..10);
        assert_eq!(e.message, "`2021` is not a leap year: February has 28 days");
        assert_eq!(error("2021-13").range, 5..7);
        assert_eq!(error("2021-8").range, 5..6);
        assert_eq!(error("2020-08-20 / 2020-08-22").range, 10..11);
        assert_eq!(error("2021/2020").range, 5..9);
        assert_eq!(error("2020/2021/2022").range, 9..10);
        assert_eq!(error("2020?~").range, 4..6);
        assert_eq!(error("-0000").range, 0..5);
        assert_eq!(
            error("2005-07-25T10:10:10Z/2005-07-25T10:10:09Z").range,
            21..41
        );
        assert_eq!(error("[2020-08-20..2020-08-22").range, 23..23);
        assert_eq!(error("2020-08-2é").range, 8..9);
        assert!(
            error("Y-17E7")
                .message
                .starts_with("level 2 form not supported by annals: ")
        );
        assert!(
            error("2001-34")
                .message
                .starts_with("level 2 form not supported by annals: ")
        );
        assert!(
            error("{1667,1668}")
                .message
                .starts_with("level 2 form not supported by annals: ")
        );
        assert!(
            error("2004-06~-11")
                .message
                .starts_with("level 2 form not supported by annals: ")
        );
    }

    #[test]
    fn choices_where_the_corpus_is_ambiguous() {
        // One space after a comma is allowed inside a set, and nowhere else.
        assert_eq!(bounds("[1858, 1860]"), bounds("[1858,1860]"));
        assert_eq!(error("[1667,  1668]").range, 7..8);
        assert_eq!(error("[1667 ,1668]").range, 5..6);
        assert_eq!(error("[ 1667,1668]").range, 1..2);
        assert_eq!(error("2020, 2021").range, 5..6);
        assert_eq!(
            error("[1667, 1668]/").message,
            "a one-of set must end with `]`"
        );
        // An unspecified day of a season (level 2) is any day within it.
        assert_eq!(bounds("1849-21-XX"), bounds("1849-21"));
        assert_eq!(Edtf::parse("1849-21-XX%").map(|e| e.level()), Ok(2));
        assert_eq!(error("1849-21-05").message, "a season has no day");
        // Both ends unknown is accepted, like `../..`.
        assert_eq!(bounds("/"), ("?".to_string(), "?".to_string()));
        // A `Y` year stands alone: the corpus rejects `Y-61000/-2000`.
        assert_eq!(error("Y-61000/-2000").range, 0..7);
        assert_eq!(error("[]").message, "a one-of set needs at least one date");
        // Seasons may be interval ends (level 1); quarters are not supported.
        assert_eq!(Edtf::parse("2018-21/2018-23").map(|e| e.level()), Ok(1));
        // Fractions of a second are accepted and dropped.
        assert_eq!(
            bounds("2016-05-02T16:54:59.042Z").0,
            "2016-05-02T16:54:59".to_string()
        );
    }

    #[test]
    fn rejects_impossible_masks() {
        for s in [
            "156X-09-31",
            "15XX-02-3X",
            "15XX-2X-25",
            "2016-13-XX",
            "XXXX-13",
        ] {
            assert!(Edtf::parse(s).is_err(), "{s}");
        }
    }
}
