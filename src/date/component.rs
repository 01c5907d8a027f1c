//! Parses one EDTF date — year, month or season, day, time of day, trailing qualifier — and its bounds.

use std::ops::Range;

use super::Precision;
use super::calendar::{
    Calendar, MAX_YEAR, civil_from_days, days_from_civil, days_in_month, month_name,
};
use super::cursor::{Cursor, digits_value};
use super::mask::{level_one_mask, mask_bounds, year_precision};
use super::time::parse_time;
use super::{DateError, SECONDS_PER_DAY};

/// One parsed date with its strict bounds in day numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Single {
    /// The first day the date can denote.
    pub lower: i64,
    /// The last day the date can denote.
    pub upper: i64,
    /// The first second of the time of day, when one was written.
    pub second: Option<u32>,
    /// The last second of the time of day: a minute later less one for `hh:mm`.
    pub last_second: Option<u32>,
    /// The unit of the date's known part.
    pub precision: Precision,
    /// The EDTF level of this date on its own.
    pub level: u8,
    /// Whether `?` or `%` qualifies the date.
    pub uncertain: bool,
    /// Whether `~` or `%` qualifies the date.
    pub approximate: bool,
    /// Whether some digit is `X`.
    pub unspecified: bool,
    /// Where the time of day was written, so that callers can point at it.
    pub time: Option<Range<usize>>,
    /// Whether the year was written with a `Y` prefix.
    pub long_year: bool,
    /// Whether the time of day carried `Z` or a UTC offset; `lower`, `upper` and `second`
    /// are then normalised to UTC (the day may differ from the one written).
    pub utc: bool,
}

/// Returns the error for a level-2 form that annals recognizes but does not support.
pub(crate) fn unsupported(form: &str, range: Range<usize>) -> DateError {
    DateError::new(format!("level 2 form not supported by annals: {form}"), range)
        .with_help("annals supports level 2 one-of sets such as `[2020,2022]` and unspecified digits such as `156X-12-25`")
}

/// The first and last days of a season 21–24 (spring, summer, autumn, winter of the same year).
fn season_months(season: u32) -> ((u32, u32), (u32, u32)) {
    match season {
        21 => ((3, 1), (5, 31)),
        22 => ((6, 1), (8, 31)),
        23 => ((9, 1), (11, 30)),
        _ => ((12, 1), (12, 31)),
    }
}

fn is_qualifier(b: u8) -> bool {
    matches!(b, b'?' | b'~' | b'%')
}

fn is_mask_digit(b: u8) -> bool {
    b.is_ascii_digit() || b == b'X'
}

/// The qualifier flags `(uncertain, approximate)` of a qualifier byte.
fn qualifier_flags(q: u8) -> (bool, bool) {
    match q {
        b'?' => (true, false),
        b'~' => (false, true),
        _ => (true, true),
    }
}

/// Parses the date in `input[range]`, written in `calendar`; error ranges are positions
/// in the whole `input`, and the bounds are (proleptic Gregorian) day numbers.
pub(crate) fn parse_single(
    input: &str,
    range: Range<usize>,
    calendar: Calendar,
) -> Result<Single, DateError> {
    let mut c = Cursor {
        input,
        pos: range.start,
        end: range.end,
    };
    let start = range.start;
    match c.peek() {
        None => return Err(c.unexpected("a date")),
        Some(q) if is_qualifier(q) => {
            return Err(if c.peek_at(1).is_none() {
                DateError::new("a qualifier alone is not a date", c.char_range(c.pos))
                    .with_help("a qualifier follows the date it qualifies: `2020~`")
            } else {
                unsupported("a qualifier before a date (`?2004`)", c.pos..c.pos + 1)
            });
        }
        Some(b'Y') => return parse_long_year(c, calendar),
        _ => {}
    }

    let negative = c.peek() == Some(b'-');
    if negative {
        c.pos += 1;
    }
    let year_range = c.run(is_mask_digit);
    let year_text = c.text(year_range.clone()).to_string();
    let year = year_text.as_bytes();
    if year.is_empty() {
        return Err(c.unexpected("a four-digit year"));
    }
    if year.len() != 4 {
        let error = DateError::new(
            format!("a year has four digits, found `{year_text}`"),
            year_range.clone(),
        );
        return Err(if year.len() > 4 && year.iter().all(u8::is_ascii_digit) {
            if year.len() == 8 && c.peek() != Some(b'S') {
                error.with_help("separate year, month and day with `-`: `YYYY-MM-DD`")
            } else {
                error.with_help(format!("write years beyond 9999 as `Y{year_text}`"))
            }
        } else {
            error.with_help("EDTF dates start with a four-digit year: `YYYY-MM-DD`")
        });
    }
    if negative && year == b"0000" {
        return Err(DateError::new(
            "`-0000` is not a year: zero has no sign",
            start..year_range.end,
        )
        .with_help("write `0000`"));
    }
    match c.peek() {
        Some(b'S') => {
            return Err(unsupported("significant digits (`1950S2`)", c.pos..c.end));
        }
        Some(b'E') => return Err(unsupported("exponential years (`Y17E7`)", c.pos..c.end)),
        _ => {}
    }

    let mut parts = Parts {
        negative,
        year: year_range,
        month: None,
        day: None,
        qualifier: None,
        time: None,
        second: None,
        offset: None,
        calendar,
    };
    parts.qualifier = trailing_qualifier(&mut c)?;
    if parts.qualifier.is_none() && c.peek() == Some(b'-') {
        c.pos += 1;
        parts.month = Some(two_digit_component(&mut c, "month")?);
        parts.qualifier = trailing_qualifier(&mut c)?;
        if parts.qualifier.is_none() && c.peek() == Some(b'-') {
            c.pos += 1;
            parts.day = Some(two_digit_component(&mut c, "day")?);
            parts.qualifier = trailing_qualifier(&mut c)?;
            if parts.qualifier.is_none() && c.peek() == Some(b'T') {
                let time_start = c.pos;
                let time = parse_time(&mut c)?;
                parts.second = Some((time.first, time.last));
                parts.offset = time.offset;
                parts.time = Some(time_start..c.pos);
            }
        }
    }
    if !c.at_end() {
        return Err(
            if parts.time.is_some() && c.peek().is_some_and(is_qualifier) {
                DateError::new(
                    "a date with a time of day cannot be qualified",
                    c.char_range(c.pos),
                )
            } else if c.peek() == Some(b'T') {
                DateError::new("a time of day needs a complete date", c.pos..c.end)
                    .with_help("write the day too: `2021-02-02T10:30:00`")
            } else {
                let expected = match (&parts.month, &parts.day) {
                    _ if parts.time.is_some() || parts.qualifier.is_some() => "the end of the date",
                    (None, _) => "`-` and a month, or the end of the date",
                    (Some(_), None) => "`-` and a day, or the end of the date",
                    (Some(_), Some(_)) => "`T` and a time of day, or the end of the date",
                };
                c.unexpected(expected)
            },
        );
    }
    parts.finish(input)
}

/// Converts the first and last day of a range computed as if written in the Gregorian
/// calendar to the days the same Julian dates denote; a range ending on the last day of
/// a month ends on that month's last Julian day.
fn gregorian_to_julian(lower: i64, upper: i64) -> (i64, i64) {
    let (y, m, d) = civil_from_days(lower);
    let first = Calendar::Julian.days(y, m, d);
    let (y, m, d) = civil_from_days(upper);
    let d = if d == days_in_month(y, m) {
        Calendar::Julian.days_in_month(y, m)
    } else {
        d
    };
    (first, Calendar::Julian.days(y, m, d))
}

/// The written pieces of a date, as ranges of the input, before validation.
struct Parts {
    negative: bool,
    year: Range<usize>,
    month: Option<Range<usize>>,
    day: Option<Range<usize>>,
    qualifier: Option<u8>,
    time: Option<Range<usize>>,
    /// The first and last second of the time of day as written.
    second: Option<(u32, u32)>,
    /// The calendar the date is written in.
    calendar: Calendar,
    /// The UTC offset in seconds east of Greenwich (`Z` is 0), when one was written.
    offset: Option<i32>,
}

/// Reads a month or day: two characters, each a digit or `X`.
fn two_digit_component(c: &mut Cursor<'_>, what: &str) -> Result<Range<usize>, DateError> {
    if c.peek().is_some_and(is_qualifier) {
        return Err(unsupported(
            "a qualifier inside a date (`2004-~06`)",
            c.pos..c.pos + 1,
        ));
    }
    let range = c.run(is_mask_digit);
    match range.len() {
        2 => Ok(range),
        0 => Err(c.unexpected(&format!("a two-digit {what}"))),
        _ => {
            let text = c.text(range.clone());
            let error = DateError::new(
                format!("a {what} has two digits, found `{text}`"),
                range.clone(),
            );
            Err(if range.len() == 1 {
                error.with_help(format!("write `0{text}`"))
            } else {
                error
            })
        }
    }
}

/// Reads a trailing qualifier; a qualifier followed by more of the date is a level-2 form.
fn trailing_qualifier(c: &mut Cursor<'_>) -> Result<Option<u8>, DateError> {
    let Some(q) = c.peek().filter(|&b| is_qualifier(b)) else {
        return Ok(None);
    };
    let at = c.pos;
    c.pos += 1;
    match c.peek() {
        Some(next) if is_qualifier(next) => Err(if next == q {
            DateError::new("doubled qualifier", at..at + 2)
        } else {
            DateError::new("two qualifiers on one date", at..at + 2)
                .with_help("write `%` for uncertain and approximate")
        }),
        Some(b'-') => Err(unsupported(
            "a qualifier on part of a date (`2004?-06-11`)",
            at..at + 1,
        )),
        _ => Ok(Some(q)),
    }
}

/// Parses `Y` followed by a sign and five or more digits (level 1).
fn parse_long_year(mut c: Cursor<'_>, calendar: Calendar) -> Result<Single, DateError> {
    c.pos += 1;
    let negative = c.peek() == Some(b'-');
    if negative {
        c.pos += 1;
    }
    let digits = c.run(|b| b.is_ascii_digit());
    match c.peek() {
        Some(b'E') => return Err(unsupported("exponential years (`Y17E7`)", c.pos..c.end)),
        Some(b'S') => {
            return Err(unsupported(
                "significant digits (`Y171010000S3`)",
                c.pos..c.end,
            ));
        }
        _ => {}
    }
    let text = c.text(digits.clone()).to_string();
    if text.is_empty() {
        return Err(c.unexpected("the digits of a year after `Y`"));
    }
    if text.starts_with('0') {
        return Err(DateError::new("a `Y` year cannot start with `0`", digits));
    }
    if text.len() < 5 {
        let sign = if negative { "-" } else { "" };
        return Err(DateError::new(
            format!("a `Y` year has at least five digits, found `{text}`"),
            digits,
        )
        .with_help(format!("write `{sign}{text:0>4}` without `Y`")));
    }
    let magnitude = if text.len() > 15 {
        None
    } else {
        text.parse::<i64>().ok().filter(|&v| v <= MAX_YEAR)
    };
    let Some(magnitude) = magnitude else {
        return Err(DateError::new(
            "the year is too large: annals supports up to 15 digits",
            digits,
        ));
    };
    let year = if negative { -magnitude } else { magnitude };
    let qualifier = trailing_qualifier(&mut c)?;
    if !c.at_end() {
        return Err(if c.peek() == Some(b'-') {
            DateError::new("a `Y` year cannot have a month or day", c.pos..c.end)
        } else {
            c.unexpected("the end of the date")
        });
    }
    let (uncertain, approximate) = qualifier.map_or((false, false), qualifier_flags);
    Ok(Single {
        lower: calendar.days(year, 1, 1),
        upper: calendar.days(year, 12, 31),
        second: None,
        last_second: None,
        precision: Precision::Year,
        level: 1,
        uncertain,
        approximate,
        unspecified: false,
        time: None,
        long_year: true,
        utc: false,
    })
}

impl Parts {
    /// Validates the written pieces and computes bounds, precision and level.
    fn finish(self, input: &str) -> Result<Single, DateError> {
        let text = |r: &Range<usize>| input.get(r.clone()).unwrap_or("").as_bytes();
        let year = text(&self.year);
        let month = self.month.as_ref().map(&text);
        let day = self.day.as_ref().map(&text);
        let has_x = |m: &[u8]| m.contains(&b'X');
        let unspecified = has_x(year) || month.is_some_and(has_x) || day.is_some_and(has_x);
        let date_start = if self.negative {
            self.year.start - 1
        } else {
            self.year.start
        };
        let date_end = self
            .day
            .as_ref()
            .or(self.month.as_ref())
            .unwrap_or(&self.year)
            .end;

        let mut level = u8::from(self.negative || self.qualifier.is_some());
        let season = self.check_month(year, (month, day), (date_start, date_end))?;
        if season.is_some() {
            // A season is level 1; with an unspecified day (`1849-21-XX`) level 2.
            level = if day.is_some() { 2 } else { 1 };
        }
        self.check_day(input, (year, month, day), date_start)?;

        let (lower, upper) = if self.calendar == Calendar::Julian && !unspecified {
            self.julian_bounds(year, month, day, season)
        } else if let Some(s) = season {
            let y = self.year_value(year);
            let ((m1, d1), (m2, d2)) = season_months(s);
            (days_from_civil(y, m1, d1), days_from_civil(y, m2, d2))
        } else {
            mask_bounds(self.negative, year, month, day).ok_or_else(|| {
                let written = input.get(date_start..date_end).unwrap_or("");
                DateError::new(
                    format!("no real calendar date matches `{written}`"),
                    date_start..date_end,
                )
            })?
        };

        let (lower, upper) = if self.calendar == Calendar::Julian && unspecified {
            gregorian_to_julian(lower, upper)
        } else {
            (lower, upper)
        };
        if unspecified && season.is_none() {
            level = level.max(if level_one_mask(year, month, day) {
                1
            } else {
                2
            });
        }
        let precision = if self.second.is_some() {
            Precision::Second
        } else if season.is_some() {
            Precision::Season
        } else {
            match (month, day) {
                (Some(_), Some(d)) if d != b"XX" => Precision::Day,
                (Some(m), _) if m != b"XX" => Precision::Month,
                _ => year_precision(year),
            }
        };
        if self.time.is_some() && unspecified {
            return Err(DateError::new(
                "a time of day needs a date without unspecified digits",
                self.time.clone().unwrap_or(date_end..date_end),
            ));
        }
        let (uncertain, approximate) = self.qualifier.map_or((false, false), qualifier_flags);
        let (mut lower, mut upper) = (lower, upper);
        let mut second = self.second;
        if let (Some((first, last)), Some(offset)) = (second, self.offset) {
            // Normalise to UTC: `15:00:00+08:00` is `07:00:00Z`, possibly on another day.
            // Offsets are whole minutes, so a minute never straddles two UTC days.
            let mut utc = i64::from(first) - i64::from(offset);
            let mut shift = 0;
            let day = i64::from(SECONDS_PER_DAY);
            if utc < 0 {
                utc += day;
                shift = -1;
            } else if utc > day || (utc == day && last > first) {
                utc -= day;
                shift = 1;
            }
            lower += shift;
            upper += shift;
            second = u32::try_from(utc).ok().map(|f| (f, f + (last - first)));
        }
        Ok(Single {
            lower,
            upper,
            second: second.map(|(first, _)| first),
            last_second: second.map(|(_, last)| last),
            precision,
            level,
            uncertain,
            approximate,
            unspecified,
            time: self.time,
            long_year: false,
            utc: self.offset.is_some(),
        })
    }

    /// Checks the written month (or season); returns the season, when it is one.
    fn check_month(
        &self,
        year: &[u8],
        (month, day_text): (Option<&[u8]>, Option<&[u8]>),
        (date_start, date_end): (usize, usize),
    ) -> Result<Option<u32>, DateError> {
        let has_x = |m: &[u8]| m.contains(&b'X');
        if let (Some(m), Some(range)) = (month, &self.month)
            && !has_x(m)
        {
            let value = digits_value(std::str::from_utf8(m).unwrap_or(""));
            match value {
                1..=12 => {}
                21..=24 => {
                    // An unspecified day of a season (`1849-21-XX`, level 2) is any day
                    // within it; a written day is not.
                    if let Some(day) = &self.day
                        && day_text != Some(b"XX".as_slice())
                    {
                        return Err(DateError::new(
                            "a season has no day",
                            day.start - 1..day.end,
                        ));
                    }
                    if has_x(year) {
                        return Err(unsupported(
                            "a season of a year with unspecified digits",
                            date_start..date_end,
                        ));
                    }
                    return Ok(Some(value));
                }
                25..=32 => {
                    return Err(unsupported(
                        "seasons of a hemisphere (`2001-25`…`2001-32`)",
                        range.clone(),
                    ));
                }
                33..=41 => {
                    return Err(unsupported(
                        "quarters, quadrimesters and semesters (`2001-33`…`2001-41`)",
                        range.clone(),
                    ));
                }
                _ => {
                    return Err(DateError::new(
                        format!(
                            "month must be 01–12 or a season 21–24, found `{:02}`",
                            value
                        ),
                        range.clone(),
                    ));
                }
            }
        }
        Ok(None)
    }

    /// Checks the written day against its month and, for 29 February, its year.
    fn check_day(
        &self,
        input: &str,
        (year, month, day): (&[u8], Option<&[u8]>, Option<&[u8]>),
        date_start: usize,
    ) -> Result<(), DateError> {
        let has_x = |m: &[u8]| m.contains(&b'X');
        if let (Some(d), Some(range)) = (day, &self.day)
            && !has_x(d)
        {
            let value = digits_value(std::str::from_utf8(d).unwrap_or(""));
            if !(1..=31).contains(&value) {
                return Err(DateError::new(
                    format!("day must be 01–31, found `{value:02}`"),
                    range.clone(),
                ));
            }
            if let Some(m) = month.filter(|m| !has_x(m)) {
                let m = digits_value(std::str::from_utf8(m).unwrap_or(""));
                let most = days_in_month(2000, m);
                if value > most {
                    let message = if m == 2 {
                        format!("February has at most 29 days, found `{value}`")
                    } else {
                        format!("{} has {most} days, found `{value}`", month_name(m))
                    };
                    return Err(DateError::new(message, range.clone()));
                }
                if m == 2 && value == 29 && !has_x(year) {
                    let y = self.year_value(year);
                    if !self.calendar.is_leap(y) {
                        let written = input.get(date_start..self.year.end).unwrap_or("");
                        return Err(DateError::new(
                            format!("`{written}` is not a leap year: February has 28 days"),
                            range.clone(),
                        ));
                    }
                }
            }
        }

        Ok(())
    }

    /// The bounds of a Julian date without unspecified digits, computed in the Julian
    /// calendar itself (so that Julian 1700-02-29 exists).
    fn julian_bounds(
        &self,
        year: &[u8],
        month: Option<&[u8]>,
        day: Option<&[u8]>,
        season: Option<u32>,
    ) -> (i64, i64) {
        let julian = Calendar::Julian;
        let y = self.year_value(year);
        let value = |part: &[u8]| digits_value(std::str::from_utf8(part).unwrap_or(""));
        let ((m1, d1), (m2, d2)) = match (season, month, day) {
            (Some(s), _, _) => season_months(s),
            (None, Some(m), Some(d)) => ((value(m), value(d)), (value(m), value(d))),
            (None, Some(m), None) => {
                let m = value(m);
                ((m, 1), (m, julian.days_in_month(y, m)))
            }
            (None, None, _) => ((1, 1), (12, 31)),
        };
        (julian.days(y, m1, d1), julian.days(y, m2, d2))
    }

    /// The signed value of a year written with four digits and no `X`.
    fn year_value(&self, year: &[u8]) -> i64 {
        let v = i64::from(digits_value(std::str::from_utf8(year).unwrap_or("")));
        if self.negative { -v } else { v }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Single, DateError> {
        parse_single(s, 0..s.len(), Calendar::Gregorian)
    }

    #[test]
    fn masked_bounds_use_real_days() {
        let s = parse("15XX-02-29").expect("1504 is a leap year");
        assert_eq!(s.lower, days_from_civil(1504, 2, 29));
        assert_eq!(s.upper, days_from_civil(1596, 2, 29));
        let s = parse("-01XX").expect("valid");
        assert_eq!(
            (s.lower, s.upper),
            (days_from_civil(-199, 1, 1), days_from_civil(-100, 12, 31))
        );
        assert!(parse("1XX1-02-29").is_err());
    }

    #[test]
    fn precision_of_forms() {
        let p = |s: &str| parse(s).expect("valid").precision;
        assert_eq!(p("201X"), Precision::Decade);
        assert_eq!(p("20XX"), Precision::Century);
        assert_eq!(p("XXXX-XX"), Precision::Unknown);
        assert_eq!(p("1985-XX-XX"), Precision::Year);
        assert_eq!(p("1985-04-XX"), Precision::Month);
        assert_eq!(p("156X-12-25"), Precision::Day);
        assert_eq!(p("2001-21"), Precision::Season);
        assert_eq!(p("2001-02-03T04:05:06Z"), Precision::Second);
    }

    #[test]
    fn time_fields() {
        let s = parse("2016-05-02T24:00:00").expect("valid");
        assert_eq!(s.second, Some(86_400));
        let s = parse("2016-05-02T16:54:59.042+02:30").expect("valid");
        assert_eq!(s.second, Some(14 * 3600 + 24 * 60 + 59));
        assert!(s.utc);
        let local = parse("2016-05-02T16:54:59").expect("valid");
        assert_eq!(local.second, Some(16 * 3600 + 54 * 60 + 59));
        assert!(!local.utc);
        // An offset can move the UTC point to the day before or after.
        let s = parse("1949-10-01T03:00:00+08:00").expect("valid");
        assert_eq!(
            (s.lower, s.second),
            (days_from_civil(1949, 9, 30), Some(19 * 3600))
        );
        let s = parse("1949-10-01T20:00:00-05:00").expect("valid");
        assert_eq!(
            (s.upper, s.second),
            (days_from_civil(1949, 10, 2), Some(3600))
        );
        let e = parse("2016-05-02T12:00:00+0230").expect_err("basic offset");
        assert_eq!(e.range, 19..24);
        assert_eq!(e.help.as_deref(), Some("write `+02:30`"));
    }
}
