//! Parses the time of day of a date: `THH:MM` or `THH:MM:SS`, an optional fraction and a UTC offset.

use std::ops::Range;

use super::DateError;
use super::cursor::{Cursor, digits_value};

/// Reads exactly two ASCII digits for a part of a time of day.
fn time_field(c: &mut Cursor<'_>, what: &str) -> Result<(u32, Range<usize>), DateError> {
    let range = c.run(|b| b.is_ascii_digit());
    match range.len() {
        2 => Ok((digits_value(c.text(range.clone())), range)),
        0 => Err(c.unexpected(&format!("two-digit {what}"))),
        _ => {
            let text = c.text(range.clone()).to_string();
            Err(DateError::new(
                format!("{what} have two digits, found `{text}`"),
                range,
            ))
        }
    }
}

/// A parsed time of day: the seconds it can denote as written, and its UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TimeOfDay {
    /// The first second after midnight the time denotes, as written (before any offset).
    pub first: u32,
    /// The last second it denotes: `first + 59` for `hh:mm`, `first` with seconds.
    pub last: u32,
    /// The UTC offset in seconds east of Greenwich, when one was written (`Z` is 0).
    pub offset: Option<i32>,
}

/// Parses `THH:MM[:SS[.fff]][Z|±HH[:MM]]`. A time written to the minute covers its whole
/// minute (`11:48` is 11:48:00 to 11:48:59); with seconds it is that second.
pub(crate) fn parse_time(c: &mut Cursor<'_>) -> Result<TimeOfDay, DateError> {
    let t = c.pos;
    c.pos += 1;
    let (hour, hour_range) = time_field(c, "hours")?;
    expect(c, b':', "`:` and minutes")?;
    let (minute, minute_range) = time_field(c, "minutes")?;
    let mut second = None;
    if c.peek() == Some(b':') {
        c.pos += 1;
        second = Some(time_field(c, "seconds")?);
    }
    let mut fraction = false;
    if second.is_some() && c.peek() == Some(b'.') {
        c.pos += 1;
        if c.run(|b| b.is_ascii_digit()).is_empty() {
            return Err(c.unexpected("digits of a fraction of a second"));
        }
        fraction = true;
    }
    let written_seconds = second.is_some();
    let seconds = second.as_ref().map_or(0, |(s, _)| *s);
    check_fields((hour, hour_range), (minute, minute_range), second)?;
    if hour == 24 && (minute != 0 || seconds != 0 || fraction) {
        return Err(DateError::new(
            "hour 24 is only allowed as `24:00` or `24:00:00`",
            t + 1..c.pos,
        ));
    }
    let offset = match c.peek() {
        Some(b'Z') => {
            c.pos += 1;
            Some(0)
        }
        Some(sign @ (b'+' | b'-')) => Some(parse_offset(c, sign)?),
        _ => None,
    };
    // The fraction is dropped on purpose: annals orders events to the second.
    let first = hour * 3600 + minute * 60 + seconds;
    // `24:00` is the instant that ends the day, not a minute of the next one.
    let last = if !written_seconds && hour < 24 {
        first + 59
    } else {
        first
    };
    Ok(TimeOfDay {
        first,
        last,
        offset,
    })
}

/// Checks the ranges of hours, minutes and seconds.
fn check_fields(
    (hour, hour_range): (u32, Range<usize>),
    (minute, minute_range): (u32, Range<usize>),
    second: Option<(u32, Range<usize>)>,
) -> Result<(), DateError> {
    if hour > 24 {
        return Err(DateError::new(
            format!("hour must be 00–23, found `{hour:02}`"),
            hour_range,
        ));
    }
    if minute > 59 {
        return Err(DateError::new(
            format!("minute must be 00–59, found `{minute:02}`"),
            minute_range,
        ));
    }
    if let Some((second, range)) = second
        && second > 59
    {
        return Err(
            DateError::new(format!("second must be 00–59, found `{second:02}`"), range)
                .with_help("leap seconds are not supported"),
        );
    }
    Ok(())
}

fn expect(c: &mut Cursor<'_>, byte: u8, expected: &str) -> Result<(), DateError> {
    if c.peek() == Some(byte) {
        c.pos += 1;
        Ok(())
    } else {
        Err(c.unexpected(expected))
    }
}

/// Parses a UTC offset `±HH` or `±HH:MM` within -12:00..=+14:00; `-00:00` is not an offset.
/// Returns the offset in seconds east of Greenwich.
fn parse_offset(c: &mut Cursor<'_>, sign: u8) -> Result<i32, DateError> {
    let start = c.pos;
    c.pos += 1;
    let run = c.run(|b| b.is_ascii_digit());
    if run.len() == 4 {
        let text = c.text(run.clone()).to_string();
        return Err(DateError::new(
            "a UTC offset needs a colon between hours and minutes",
            start..run.end,
        )
        .with_help(format!(
            "write `{}{}:{}`",
            sign as char,
            &text[..2],
            &text[2..]
        )));
    }
    c.pos = run.start;
    let (hours, _) = time_field(c, "offset hours")?;
    let mut minutes = 0;
    if c.peek() == Some(b':') {
        c.pos += 1;
        let (m, range) = time_field(c, "offset minutes")?;
        if m > 59 {
            return Err(DateError::new(
                format!("offset minutes must be 00–59, found `{m:02}`"),
                range,
            ));
        }
        minutes = m;
    }
    let total = hours * 60 + minutes;
    let range = start..c.pos;
    if sign == b'-' && total == 0 {
        return Err(DateError::new(
            "a UTC offset of zero is written `Z` or `+00:00`, not with `-`",
            range,
        ));
    }
    let limit = if sign == b'+' { 14 * 60 } else { 12 * 60 };
    if total > limit {
        return Err(DateError::new(
            "a UTC offset must be between -12:00 and +14:00",
            range,
        ));
    }
    let seconds = i32::try_from(total * 60).unwrap_or(0);
    Ok(if sign == b'-' { -seconds } else { seconds })
}
