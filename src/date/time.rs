//! Parses the time of day of a date: `THH:MM:SS`, an optional fraction and a UTC offset.

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

/// Parses `THH:MM:SS[.fff][Z|±HH[:MM]]` and returns the seconds since midnight as written
/// and the UTC offset in seconds east of Greenwich, when one was written (`Z` is 0).
pub(crate) fn parse_time(c: &mut Cursor<'_>) -> Result<(u32, Option<i32>), DateError> {
    let t = c.pos;
    c.pos += 1;
    let (hour, hour_range) = time_field(c, "hours")?;
    expect(c, b':', "`:` and minutes")?;
    let (minute, minute_range) = time_field(c, "minutes")?;
    expect(c, b':', "`:` and seconds")?;
    let (second, second_range) = time_field(c, "seconds")?;
    let mut fraction = false;
    if c.peek() == Some(b'.') {
        c.pos += 1;
        if c.run(|b| b.is_ascii_digit()).is_empty() {
            return Err(c.unexpected("digits of a fraction of a second"));
        }
        fraction = true;
    }
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
    if second > 59 {
        return Err(DateError::new(
            format!("second must be 00–59, found `{second:02}`"),
            second_range,
        )
        .with_help("leap seconds are not supported"));
    }
    if hour == 24 && (minute != 0 || second != 0 || fraction) {
        return Err(DateError::new(
            "hour 24 is only allowed as `24:00:00`",
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
    Ok((hour * 3600 + minute * 60 + second, offset))
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
