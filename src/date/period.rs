//! ISO 8601 durations (`P2Y8M`, `P16D`, `PT1H30M`) with calendar arithmetic on points.

use std::fmt;

use super::calendar::{checked_days_from_civil, civil_from_days, days_in_month};
use super::{DateError, Point, SECONDS_PER_DAY};

/// Inputs longer than this are rejected before parsing; no real duration comes near it.
const MAX_INPUT: usize = 100;

const DAY: i64 = SECONDS_PER_DAY as i64;

/// A calendar duration: months and days stay separate because their length depends on where they are added.
///
/// Years fold into months (×12), weeks into days (×7), hours and minutes into seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Period {
    /// Whole months, including twelve for every year.
    pub months: i64,
    /// Whole days, including seven for every week.
    pub days: i64,
    /// Seconds, including the hours and minutes.
    pub seconds: i64,
}

/// The designators before `T`, in the order they must be written.
const DATE_UNITS: &[u8] = b"YMWD";
/// The designators after `T`, in the order they must be written.
const TIME_UNITS: &[u8] = b"HMS";

impl Period {
    /// Parses an ISO 8601 duration such as `P10M`, `P2Y8M`, `P1W` or `P1Y2M3DT4H5M6S`; a leading `-` negates it.
    pub fn parse(input: &str) -> Result<Period, DateError> {
        if input.len() > MAX_INPUT {
            return Err(DateError::new(
                format!(
                    "the duration is too long: {} bytes, at most {MAX_INPUT}",
                    input.len()
                ),
                0..input.len(),
            ));
        }
        let bytes = input.as_bytes();
        let char_at = |pos: usize| {
            let len = input
                .get(pos..)
                .and_then(|r| r.chars().next())
                .map_or(0, char::len_utf8);
            pos..pos + len
        };
        let mut pos = 0;
        let negative = bytes.first() == Some(&b'-');
        if negative {
            pos += 1;
        }
        if bytes.get(pos) != Some(&b'P') {
            return Err(DateError::new("a duration starts with `P`", char_at(pos))
                .with_help("write durations like `P10D`, `P2Y8M` or `PT1H30M`"));
        }
        pos += 1;
        // Values per designator: Y, M, W, D, H, M, S.
        let mut values = [0i64; 7];
        let mut seen_any = false;
        let mut in_time = false;
        let mut next_unit = 0;
        while pos < bytes.len() {
            if bytes[pos] == b'T' && !in_time {
                if pos + 1 == bytes.len() {
                    return Err(DateError::new(
                        "`T` must be followed by hours, minutes or seconds",
                        pos..pos + 1,
                    )
                    .with_help("write `PT1H30M`, or leave out the `T`"));
                }
                in_time = true;
                next_unit = 4;
                pos += 1;
                continue;
            }
            let start = pos;
            while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
                pos += 1;
            }
            if start == pos {
                return Err(DateError::new(
                    format!(
                        "unexpected `{}`: expected a number",
                        input.get(char_at(pos)).unwrap_or("")
                    ),
                    char_at(pos),
                ));
            }
            if matches!(bytes.get(pos), Some(b'.' | b',')) {
                return Err(DateError::new(
                    "fractions are not supported in durations",
                    pos..pos + 1,
                )
                .with_help("use a smaller unit: `PT1H30M` instead of `PT1.5H`"));
            }
            let units = if in_time { TIME_UNITS } else { DATE_UNITS };
            let offset = if in_time { 4 } else { 0 };
            let Some(designator) = bytes.get(pos).copied() else {
                let names = if in_time { "H, M or S" } else { "Y, M, W or D" };
                return Err(DateError::new(
                    format!("the number needs a unit: {names}"),
                    start..pos,
                ));
            };
            let Some(index) = units
                .iter()
                .position(|&d| d == designator)
                .map(|i| i + offset)
            else {
                let help = if !in_time && matches!(designator, b'H' | b'S') {
                    "times of day follow `T`: `PT4H`"
                } else {
                    "units are Y, M, W, D, and after `T` H, M, S"
                };
                return Err(DateError::new(
                    format!(
                        "unknown duration unit `{}`",
                        input.get(char_at(pos)).unwrap_or("")
                    ),
                    char_at(pos),
                )
                .with_help(help));
            };
            if index < next_unit {
                return Err(DateError::new(
                    "duration units must be in the order Y, M, W, D, T, H, M, S",
                    pos..pos + 1,
                )
                .with_help("write each unit once, largest first: `P1Y2M3D`"));
            }
            next_unit = index + 1;
            let digits = input.get(start..pos).unwrap_or("");
            let Some(value) = digits.parse::<i64>().ok().filter(|_| digits.len() <= 18) else {
                return Err(DateError::new("the number is too large", start..pos));
            };
            values[index] = value;
            seen_any = true;
            pos += 1;
        }
        if !seen_any {
            return Err(DateError::new(
                "a duration needs at least one number and unit",
                0..input.len(),
            )
            .with_help("write durations like `P10D`, `P2Y8M` or `PT1H30M`"));
        }
        let [y, mo, w, d, h, mi, s] = values;
        let period = (|| {
            Some(Period {
                months: y.checked_mul(12)?.checked_add(mo)?,
                days: w.checked_mul(7)?.checked_add(d)?,
                seconds: h
                    .checked_mul(3600)?
                    .checked_add(mi.checked_mul(60)?)?
                    .checked_add(s)?,
            })
        })();
        let period =
            period.ok_or_else(|| DateError::new("the duration is too large", 0..input.len()))?;
        if negative {
            return period
                .checked_neg()
                .ok_or_else(|| DateError::new("the duration is too large", 0..input.len()));
        }
        Ok(period)
    }

    /// Returns the period with every component negated, or `None` on overflow.
    pub fn checked_neg(self) -> Option<Period> {
        Some(Period {
            months: self.months.checked_neg()?,
            days: self.days.checked_neg()?,
            seconds: self.seconds.checked_neg()?,
        })
    }

    /// Subtracts component by component (`P3Y6M - P10M = P2Y8M`), or `None` on overflow.
    pub fn checked_sub(self, other: Period) -> Option<Period> {
        Some(Period {
            months: self.months.checked_sub(other.months)?,
            days: self.days.checked_sub(other.days)?,
            seconds: self.seconds.checked_sub(other.seconds)?,
        })
    }

    /// Adds component by component, or `None` on overflow.
    pub fn checked_add(self, other: Period) -> Option<Period> {
        Some(Period {
            months: self.months.checked_add(other.months)?,
            days: self.days.checked_add(other.days)?,
            seconds: self.seconds.checked_add(other.seconds)?,
        })
    }

    /// Returns true when any component is negative, so that the period may move a point backwards.
    pub fn is_negative(&self) -> bool {
        self.months < 0 || self.days < 0 || self.seconds < 0
    }

    /// Adds the period to a point with calendar arithmetic: months first (clamping the day to the month's end: 2021-01-31 + P1M = 2021-02-28), then days, then seconds (carrying into days).
    ///
    /// A point without a time of day stays without one: only the whole days of the seconds
    /// count. Returns `None` when the result leaves the supported years.
    pub fn add_to(self, p: Point) -> Option<Point> {
        let mut day = p.day;
        if self.months != 0 {
            let (y, m, d) = civil_from_days(p.day);
            let total = y
                .checked_mul(12)?
                .checked_add(i64::from(m) - 1)?
                .checked_add(self.months)?;
            let year = total.div_euclid(12);
            let month = total.rem_euclid(12) as u32 + 1;
            day = checked_days_from_civil(year, month, d.min(days_in_month(year, month)))?;
        }
        day = day.checked_add(self.days)?;
        let second = match p.second {
            None => {
                day = day.checked_add(self.seconds / DAY)?;
                None
            }
            // Adding nothing keeps `24:00:00` as written instead of rolling it over.
            Some(s) if self.seconds == 0 => Some(s),
            Some(s) => {
                let total = i64::from(s).checked_add(self.seconds)?;
                day = day.checked_add(total.div_euclid(DAY))?;
                Some(total.rem_euclid(DAY) as u32)
            }
        };
        Some(Point { day, second })
    }

    /// Subtracts the period from a point: the same as adding its negation.
    pub fn sub_from(self, p: Point) -> Option<Point> {
        self.checked_neg()?.add_to(p)
    }

    /// The calendar difference from `a` to `b` (a <= b): whole years, months, days, and h/m/s when both have a time of day; `a + result == b`.
    ///
    /// When `b` precedes `a` the result is the negated difference from `b` to `a`. A time of
    /// `24:00:00` counts as the next midnight, so adding the result gives that midnight.
    pub fn between(a: Point, b: Point) -> Period {
        let timed = a
            .second
            .zip(b.second)
            .map(|(sa, sb)| (i64::from(sa), i64::from(sb)));
        let key = |day: i64, s: i64| i128::from(day) * i128::from(DAY) + i128::from(s);
        let reversed = match timed {
            Some((sa, sb)) => key(b.day, sb) < key(a.day, sa),
            None => b.day < a.day,
        };
        if reversed {
            let back = Period::between(b, a);
            return back.checked_neg().unwrap_or(back);
        }
        let (mut end_day, mut seconds) = (b.day, 0);
        if let Some((sa, sb)) = timed {
            if sb >= sa {
                seconds = sb - sa;
            } else {
                // Borrow a day so that the seconds stay positive; b is later, so a day exists.
                end_day -= 1;
                seconds = sb + DAY - sa;
            }
            if seconds >= DAY {
                end_day = end_day.saturating_add(1);
                seconds -= DAY;
            }
        }
        let calendar = (|| {
            let (y1, m1, d1) = civil_from_days(a.day);
            let (y2, m2, d2) = civil_from_days(end_day);
            let mut months = (y2.checked_sub(y1)?)
                .checked_mul(12)?
                .checked_add(i64::from(m2) - i64::from(m1))?;
            if d2 < d1 {
                months -= 1;
            }
            let start = Period {
                months,
                days: 0,
                seconds: 0,
            }
            .add_to(Point::day(a.day))?;
            Some(Period {
                months,
                days: end_day.checked_sub(start.day)?,
                seconds,
            })
        })();
        calendar.unwrap_or(Period {
            months: 0,
            days: end_day.saturating_sub(a.day),
            seconds,
        })
    }

    /// "2 years 8 months", "16 days", "8 days 3 hours 18 minutes 35 seconds", "0 days".
    pub fn human(&self) -> String {
        let parts = [
            (self.months / 12, "year"),
            (self.months % 12, "month"),
            (self.days, "day"),
            (self.seconds / 3600, "hour"),
            (self.seconds % 3600 / 60, "minute"),
            (self.seconds % 60, "second"),
        ];
        let words: Vec<String> = parts
            .iter()
            .filter(|(v, _)| *v != 0)
            .map(|&(v, unit)| {
                let plural = if v.unsigned_abs() == 1 { "" } else { "s" };
                format!("{v} {unit}{plural}")
            })
            .collect();
        if words.is_empty() {
            "0 days".to_string()
        } else {
            words.join(" ")
        }
    }
}

impl fmt::Display for Period {
    /// Writes the canonical ISO form: `P2Y8M`, `P16D`, `PT1H30M`, `P0D`, `-P10D`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Period::default() {
            return f.write_str("P0D");
        }
        let all_negative = self.months <= 0 && self.days <= 0 && self.seconds <= 0;
        if all_negative && let Some(positive) = self.checked_neg() {
            return write!(f, "-{positive}");
        }
        // Mixed signs have no ISO form; each component then carries its own sign.
        f.write_str("P")?;
        for (value, unit) in [
            (self.months / 12, 'Y'),
            (self.months % 12, 'M'),
            (self.days, 'D'),
        ] {
            if value != 0 {
                write!(f, "{value}{unit}")?;
            }
        }
        if self.seconds != 0 {
            f.write_str("T")?;
            let time = [
                (self.seconds / 3600, 'H'),
                (self.seconds % 3600 / 60, 'M'),
                (self.seconds % 60, 'S'),
            ];
            for (value, unit) in time {
                if value != 0 {
                    write!(f, "{value}{unit}")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::days_from_civil;
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).expect("valid period")
    }

    fn day(y: i64, m: u32, d: u32) -> Point {
        Point::day(days_from_civil(y, m, d))
    }

    fn at(y: i64, m: u32, d: u32, h: u32, mi: u32, s: u32) -> Point {
        Point::at(days_from_civil(y, m, d), h * 3600 + mi * 60 + s)
    }

    #[test]
    fn parses_components() {
        assert_eq!(
            p("P10M"),
            Period {
                months: 10,
                days: 0,
                seconds: 0
            }
        );
        assert_eq!(
            p("P2Y8M"),
            Period {
                months: 32,
                days: 0,
                seconds: 0
            }
        );
        assert_eq!(
            p("P1W"),
            Period {
                months: 0,
                days: 7,
                seconds: 0
            }
        );
        assert_eq!(
            p("PT1H30M"),
            Period {
                months: 0,
                days: 0,
                seconds: 5400
            }
        );
        assert_eq!(
            p("P1Y2M3DT4H5M6S"),
            Period {
                months: 14,
                days: 3,
                seconds: 14_706
            }
        );
        assert_eq!(
            p("-P10D"),
            Period {
                months: 0,
                days: -10,
                seconds: 0
            }
        );
    }

    #[test]
    fn rejects_with_ranges() {
        let e = |s: &str| Period::parse(s).expect_err("invalid");
        assert_eq!(e("P").range, 0..1);
        assert_eq!(e("PT").range, 1..2);
        assert_eq!(e("10M").range, 0..1);
        assert_eq!(e("P1D2Y").range, 4..5);
        assert_eq!(e("P1.5Y").range, 2..3);
        assert_eq!(e("P10").range, 1..3);
        assert_eq!(e("P1H").range, 2..3);
        assert_eq!(e("P 1D").range, 1..2);
        assert_eq!(e("P99999999999999999999D").range, 1..21);
        assert_eq!(e("P1DT").range, 3..4);
        assert_eq!(e("P1é").range, 2..4);
    }

    #[test]
    fn subtracts_calendar_periods() {
        assert_eq!(p("P3Y6M").checked_sub(p("P10M")), Some(p("P2Y8M")));
        assert_eq!(p("P2Y8M").checked_add(p("P10M")), Some(p("P3Y6M")));
        assert!(
            p("P1D")
                .checked_sub(p("P2D"))
                .is_some_and(|r| r.is_negative())
        );
    }

    #[test]
    fn adds_to_points() {
        assert_eq!(p("P16D").add_to(day(2021, 1, 17)), Some(day(2021, 2, 2)));
        assert_eq!(p("P1M").add_to(day(2021, 1, 31)), Some(day(2021, 2, 28)));
        assert_eq!(p("P1Y").add_to(day(2020, 2, 29)), Some(day(2021, 2, 28)));
        assert_eq!(p("P16D").sub_from(day(2021, 2, 2)), Some(day(2021, 1, 17)));
        assert_eq!(
            p("PT2H").add_to(at(2021, 1, 1, 23, 0, 0)),
            Some(at(2021, 1, 2, 1, 0, 0))
        );
        assert_eq!(p("PT36H").add_to(day(2021, 1, 1)), Some(day(2021, 1, 2)));
        assert_eq!(p("P1M").add_to(day(-1, 12, 15)), Some(day(0, 1, 15)));
        assert_eq!(
            Period {
                months: i64::MAX,
                days: 0,
                seconds: 0
            }
            .add_to(day(2021, 1, 1)),
            None
        );
        assert_eq!(
            Period {
                months: 0,
                days: i64::MAX,
                seconds: 0
            }
            .add_to(day(2021, 1, 1)),
            None
        );
    }

    #[test]
    fn differences() {
        let d = Period::between(day(2017, 6, 22), day(2021, 1, 28));
        assert_eq!(d.human(), "3 years 7 months 6 days");
        assert_eq!(d.add_to(day(2017, 6, 22)), Some(day(2021, 1, 28)));
        let d = Period::between(at(2021, 1, 17, 10, 0, 0), at(2021, 1, 25, 13, 18, 35));
        assert_eq!(d.human(), "8 days 3 hours 18 minutes 35 seconds");
        let d = Period::between(at(2021, 1, 17, 22, 0, 0), at(2021, 1, 19, 1, 0, 0));
        assert_eq!(d.to_string(), "P1DT3H");
        assert_eq!(
            Period::between(day(2021, 1, 31), day(2021, 3, 1)).to_string(),
            "P1M1D"
        );
        assert_eq!(
            Period::between(day(2021, 2, 2), day(2021, 1, 17)).to_string(),
            "-P16D"
        );
        assert_eq!(
            Period::between(day(2021, 2, 2), day(2021, 2, 2)).human(),
            "0 days"
        );
        let _ = Period::between(Point::day(i64::MIN), Point::at(i64::MAX, 86_400));
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "P2Y8M",
            "P16D",
            "PT1H30M",
            "P0D",
            "P1Y2M3DT4H5M6S",
            "-P10D",
            "P10M",
            "PT59S",
        ] {
            assert_eq!(p(s).to_string(), s);
        }
        assert_eq!(p("P1W").to_string(), "P7D");
        assert_eq!(p("P14M").to_string(), "P1Y2M");
        assert_eq!(
            Period {
                months: 1,
                days: -10,
                seconds: 0
            }
            .to_string(),
            "P1M-10D"
        );
        assert_eq!(p("P1Y1D").human(), "1 year 1 day");
        assert_eq!(p("P16D").human(), "16 days");
    }
}
