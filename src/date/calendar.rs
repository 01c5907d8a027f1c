//! Proleptic Gregorian day numbers with astronomical years (year 0 exists).

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
}
