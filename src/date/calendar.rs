//! Day numbers with astronomical years (year 0 exists): proleptic Gregorian, and the
//! Julian calendar converted to the same numbers.

/// The largest year magnitude annals accepts; day numbers of every year up to it fit
/// comfortably in an `i64`, so arithmetic on accepted dates cannot overflow.
pub const MAX_YEAR: i64 = 999_999_999_999_999;

/// Returns true when `year` has a February 29 (astronomical numbering, so 0 and -4 are leap).
pub fn is_leap(year: i64) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

/// Returns the number of days in `month` (1–12) of `year`, or 0 for a month outside 1–12.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Returns the English name of `month` (1–12), or `"month"` for anything else.
pub fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    month
        .checked_sub(1)
        .and_then(|i| NAMES.get(i as usize))
        .copied()
        .unwrap_or("month")
}

/// Hinnant's `days_from_civil` in `i128`, so that no `i64` year can overflow it.
fn days_from_civil_wide(year: i64, month: u32, day: u32) -> i128 {
    let m = i128::from(month);
    let y = i128::from(year) - i128::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i128::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Returns the number of days from 1970-01-01 to the given date (negative before it).
///
/// Exact for every year within ±[`MAX_YEAR`]; beyond that the result saturates instead of
/// overflowing. Out-of-range months and days are not checked: callers validate first.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let wide = days_from_civil_wide(year, month, day);
    i64::try_from(wide).unwrap_or(if wide < 0 { i64::MIN } else { i64::MAX })
}

/// Returns the day number of a valid date whose year is within ±[`MAX_YEAR`], or `None`.
pub fn checked_days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    let valid = year.abs() <= MAX_YEAR && (1..=days_in_month(year, month)).contains(&day);
    valid.then(|| days_from_civil(year, month, day))
}

/// Returns the `(year, month, day)` of a day number; total over every `i64`.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Shifting the epoch to 0000-03-01 puts the leap day at the end of each cycle.
    let z = i128::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i128::from(month <= 2);
    // |days| / 365 is far inside the i64 range, so this conversion never saturates.
    let year = i64::try_from(year).unwrap_or(if year < 0 { i64::MIN } else { i64::MAX });
    (year, month, day)
}

/// The calendar a date is written in; every date is reasoned with as a proleptic
/// Gregorian day number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Calendar {
    /// The proleptic Gregorian calendar (the default).
    #[default]
    Gregorian,
    /// The Julian calendar: a leap year every fourth year, converted on reading.
    Julian,
}

impl Calendar {
    /// Returns the term that names the calendar in a KB (`julian`).
    pub fn name(self) -> &'static str {
        match self {
            Calendar::Gregorian => "gregorian",
            Calendar::Julian => "julian",
        }
    }

    /// Returns the calendar a term names, or `None`.
    pub fn of_name(name: &str) -> Option<Calendar> {
        [Calendar::Gregorian, Calendar::Julian]
            .into_iter()
            .find(|c| c.name() == name)
    }

    /// Returns true when `year` has a February 29 in this calendar.
    pub fn is_leap(self, year: i64) -> bool {
        match self {
            Calendar::Gregorian => is_leap(year),
            Calendar::Julian => year.rem_euclid(4) == 0,
        }
    }

    /// Returns the number of days in `month` (1–12) of `year`, or 0 outside 1–12.
    pub fn days_in_month(self, year: i64, month: u32) -> u32 {
        match (self, month) {
            (Calendar::Julian, 2) if self.is_leap(year) => 29,
            _ => days_in_month(year, month),
        }
    }

    /// Returns the day number of a date written in this calendar.
    pub fn days(self, year: i64, month: u32, day: u32) -> i64 {
        match self {
            Calendar::Gregorian => days_from_civil(year, month, day),
            Calendar::Julian => days_from_julian(year, month, day),
        }
    }
}

/// Days in a Julian cycle of four years.
const JULIAN_CYCLE: i128 = 1461;
/// The Gregorian day number of Julian 0000-03-01 (Gregorian 0000-02-28).
const JULIAN_EPOCH: i128 = -719_470;

/// Returns the (proleptic Gregorian) day number of a Julian calendar date: Julian
/// 1917-10-25 is the day of Gregorian 1917-11-07. Saturates like [`days_from_civil`].
pub fn days_from_julian(year: i64, month: u32, day: u32) -> i64 {
    let m = i128::from(month);
    // Years start on 1 March, so that the leap day ends each four-year cycle.
    let y = i128::from(year) - i128::from(m <= 2);
    let cycle = y.div_euclid(4);
    let yoc = y - cycle * 4;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i128::from(day) - 1;
    let wide = cycle * JULIAN_CYCLE + yoc * 365 + doy + JULIAN_EPOCH;
    i64::try_from(wide).unwrap_or(if wide < 0 { i64::MIN } else { i64::MAX })
}

/// Returns the Julian `(year, month, day)` of a day number; total over every `i64`.
pub fn julian_from_days(days: i64) -> (i64, u32, u32) {
    let z = i128::from(days) - JULIAN_EPOCH;
    let cycle = z.div_euclid(JULIAN_CYCLE);
    let doc = z - cycle * JULIAN_CYCLE;
    let yoc = (doc - doc / (JULIAN_CYCLE - 1)) / 365;
    let doy = doc - 365 * yoc;
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoc + cycle * 4 + i128::from(month <= 2);
    let year = i64::try_from(year).unwrap_or(if year < 0 { i64::MIN } else { i64::MAX });
    (year, month, day)
}

/// Formats a year with at least four digits and a `-` before negative years.
pub fn format_year(year: i64) -> String {
    if year < 0 {
        format!("-{:04}", year.unsigned_abs())
    } else {
        format!("{year:04}")
    }
}

/// Formats a day as `YYYY-MM-DD`: at least four year digits, `-` before negative years (`-0043-03-15`, `170000002-01-01`).
pub fn format_day(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{}-{month:02}-{day:02}", format_year(year))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(0, 1, 1), -719_528);
        assert_eq!(format_day(days_from_civil(-43, 3, 15)), "-0043-03-15");
        assert_eq!(
            format_day(days_from_civil(170_000_002, 1, 1)),
            "170000002-01-01"
        );
    }

    #[test]
    fn leap_years() {
        assert!(is_leap(2000) && is_leap(2020) && is_leap(0) && is_leap(-4));
        assert!(!is_leap(1900) && !is_leap(2021) && !is_leap(-1) && !is_leap(-100));
        assert!(is_leap(-400));
        assert_eq!(days_in_month(2021, 2), 28);
        assert_eq!(days_in_month(2020, 2), 29);
        assert_eq!(days_in_month(2020, 13), 0);
    }

    #[test]
    fn round_trip_around_year_zero() {
        let start = days_from_civil(-2001, 1, 1);
        let end = days_from_civil(2401, 1, 1);
        let mut expected = civil_from_days(start);
        for day in start..end {
            let (y, m, d) = civil_from_days(day);
            assert_eq!((y, m, d), expected);
            assert_eq!(days_from_civil(y, m, d), day);
            // Step the expected date by hand to check the day numbers are contiguous.
            expected = if d < days_in_month(y, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
    }

    #[test]
    fn round_trip_huge_years() {
        for year in [
            MAX_YEAR,
            -MAX_YEAR,
            170_000_002,
            -170_000_002,
            123_456_789_012,
            -987_654_321_098,
        ] {
            for (m, d) in [(1, 1), (2, 28), (12, 31)] {
                let days = checked_days_from_civil(year, m, d).expect("in range");
                assert_eq!(civil_from_days(days), (year, m, d));
            }
        }
        assert_eq!(checked_days_from_civil(MAX_YEAR + 1, 1, 1), None);
        assert_eq!(checked_days_from_civil(2021, 2, 29), None);
    }

    #[test]
    fn total_on_extremes() {
        // Neither direction may panic, even far outside the supported years.
        let _ = civil_from_days(i64::MIN);
        let _ = civil_from_days(i64::MAX);
        assert_eq!(days_from_civil(i64::MAX, 12, 31), i64::MAX);
        assert_eq!(days_from_civil(i64::MIN, 1, 1), i64::MIN);
        let _ = format_day(i64::MIN);
        assert_eq!(month_name(0), "month");
        assert_eq!(month_name(9), "September");
    }
    #[test]
    fn julian_conversions() {
        let g = |y, m, d| format_day(days_from_julian(y, m, d));
        assert_eq!(g(1917, 10, 25), "1917-11-07");
        assert_eq!(g(-43, 3, 15), "-0043-03-13");
        // The switch: Thursday 4 October 1582 (Julian) was followed by Friday 15 October.
        assert_eq!(g(1582, 10, 5), "1582-10-15");
        assert_eq!(g(1582, 10, 4), "1582-10-14");
        assert_eq!(days_from_julian(1582, 10, 5), days_from_civil(1582, 10, 15));
        // Julian 1900-02-29 exists; it is Gregorian 1900-03-13.
        assert_eq!(g(1900, 2, 29), "1900-03-13");
        assert_eq!(
            julian_from_days(days_from_civil(1917, 11, 7)),
            (1917, 10, 25)
        );
        assert_eq!(Calendar::Julian.days_in_month(1700, 2), 29);
        assert_eq!(Calendar::Gregorian.days_in_month(1700, 2), 28);
        assert_eq!(Calendar::Julian.days_in_month(1701, 2), 28);
        assert_eq!(Calendar::of_name("julian"), Some(Calendar::Julian));
        assert_eq!(Calendar::of_name("mayan"), None);
    }

    #[test]
    fn julian_days_are_contiguous() {
        let start = days_from_julian(-2001, 1, 1);
        let end = days_from_julian(2401, 1, 1);
        let mut expected = julian_from_days(start);
        for day in start..end {
            let (y, m, d) = julian_from_days(day);
            assert_eq!((y, m, d), expected);
            assert_eq!(days_from_julian(y, m, d), day);
            expected = if d < Calendar::Julian.days_in_month(y, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
        let _ = julian_from_days(i64::MIN);
        let _ = julian_from_days(i64::MAX);
    }

    proptest::proptest! {
        #[test]
        fn julian_round_trips(days in -(1i64 << 40)..(1i64 << 40)) {
            let (y, m, d) = julian_from_days(days);
            proptest::prop_assert_eq!(days_from_julian(y, m, d), days);
            proptest::prop_assert!((1..=Calendar::Julian.days_in_month(y, m)).contains(&d));
        }
    }
}
