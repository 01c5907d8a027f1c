//! Unspecified digits (`X`): matching, level and the first and last real days of a mask.

use super::Precision;
use super::calendar::{days_from_civil, days_in_month, is_leap};

/// Returns true when the digits of `value`, zero-padded to the mask's length, match the mask.
pub(crate) fn mask_matches(mask: &[u8], value: u32) -> bool {
    let mut rest = value;
    for &m in mask.iter().rev() {
        let digit = (rest % 10) as u8 + b'0';
        rest /= 10;
        if m != b'X' && m != digit {
            return false;
        }
    }
    rest == 0
}

/// Returns the first and last `(month, day)` matching the masks in a leap or common year.
pub(crate) fn first_last_in_year(
    month: Option<&[u8]>,
    day: Option<&[u8]>,
    leap: bool,
) -> Option<((u32, u32), (u32, u32))> {
    let year = if leap { 2000 } else { 2001 };
    let known = |part: Option<&[u8]>| -> Option<u32> {
        part?.iter().try_fold(0u32, |acc, &b| {
            b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
        })
    };
    // Fully written parts need no search.
    match (month.map(|_| known(month)), day.map(|_| known(day))) {
        (None, None) => return Some(((1, 1), (12, 31))),
        (Some(Some(m)), None) if (1..=12).contains(&m) => {
            return Some(((m, 1), (m, days_in_month(year, m))));
        }
        (Some(Some(m)), Some(Some(d))) => {
            let valid = (1..=12).contains(&m) && (1..=days_in_month(year, m)).contains(&d);
            return valid.then_some(((m, d), (m, d)));
        }
        _ => {}
    }
    let mut first = None;
    let mut last = None;
    for m in 1..=12 {
        if month.is_some_and(|mask| !mask_matches(mask, m)) {
            continue;
        }
        for d in 1..=days_in_month(year, m) {
            if day.is_none_or(|mask| mask_matches(mask, d)) {
                first = first.or(Some((m, d)));
                last = Some((m, d));
            }
        }
    }
    Some((first?, last?))
}

/// Returns the first and last real days matching a masked date, or `None` when none does.
pub(crate) fn mask_bounds(
    negative: bool,
    year: &[u8],
    month: Option<&[u8]>,
    day: Option<&[u8]>,
) -> Option<(i64, i64)> {
    if !year.contains(&b'X') {
        // A known year: one lookup, not a walk over ten thousand candidates.
        let written = year.iter().try_fold(0i64, |acc, &b| {
            b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0'))
        })?;
        let y = if negative { -written } else { written };
        let ((m1, d1), (m2, d2)) = first_last_in_year(month, day, is_leap(y))?;
        return Some((days_from_civil(y, m1, d1), days_from_civil(y, m2, d2)));
    }
    let table = [
        first_last_in_year(month, day, false),
        first_last_in_year(month, day, true),
    ];
    // Walk the 10 000 possible years in ascending order of their signed value: for a
    // negative year that is descending order of the written digits.
    let year_at = |i: u32| {
        let written = if negative { 9999 - i } else { i };
        let value = i64::from(written);
        (written, if negative { -value } else { value })
    };
    let matching = |&(written, _): &(u32, i64)| mask_matches(year, written);
    let lower = (0..=9999)
        .map(year_at)
        .filter(matching)
        .find_map(|(_, y)| {
            let ((m, d), _) = table[usize::from(is_leap(y))]?;
            Some(days_from_civil(y, m, d))
        })?;
    let upper = (0..=9999)
        .rev()
        .map(year_at)
        .filter(matching)
        .find_map(|(_, y)| {
            let (_, (m, d)) = table[usize::from(is_leap(y))]?;
            Some(days_from_civil(y, m, d))
        })?;
    Some((lower, upper))
}

/// The precision of a date whose year mask has `x` trailing `X` digits and nothing finer known.
pub(crate) fn year_precision(mask: &[u8]) -> Precision {
    let trailing = mask.iter().rev().take_while(|&&b| b == b'X').count();
    let suffix_only = mask.iter().filter(|&&b| b == b'X').count() == trailing;
    match (suffix_only, trailing) {
        (true, 1) => Precision::Decade,
        (true, 2) => Precision::Century,
        (true, 3) => Precision::Millennium,
        (true, 4) => Precision::Unknown,
        _ => Precision::Year,
    }
}

/// Returns true for the level-1 masks: `X` only at the end of the year, and once a
/// component has an `X` every later component is all `X`.
pub(crate) fn level_one_mask(year: &[u8], month: Option<&[u8]>, day: Option<&[u8]>) -> bool {
    let year_ok = matches!(year.iter().filter(|&&b| b == b'X').count(), 0..=2 | 4)
        && year.iter().skip_while(|&&b| b != b'X').all(|&b| b == b'X');
    let mut must_be_x = year.contains(&b'X');
    for part in [month, day].into_iter().flatten() {
        let all_x = part == b"XX";
        if !all_x && (must_be_x || part.contains(&b'X')) {
            return false;
        }
        must_be_x |= all_x;
    }
    year_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_match_digits() {
        assert!(mask_matches(b"19X4", 1984));
        assert!(!mask_matches(b"19X4", 1985));
        assert!(mask_matches(b"XX", 7));
        assert!(!mask_matches(b"1X", 7));
    }

    #[test]
    fn level_one_masks() {
        assert!(level_one_mask(b"201X", None, None));
        assert!(level_one_mask(b"XXXX", Some(b"XX"), Some(b"XX")));
        assert!(level_one_mask(b"1985", Some(b"04"), Some(b"XX")));
        assert!(!level_one_mask(b"1XXX", None, None));
        assert!(!level_one_mask(b"156X", Some(b"12"), Some(b"25")));
        assert!(!level_one_mask(b"1985", Some(b"XX"), Some(b"01")));
        assert!(!level_one_mask(b"1984", Some(b"1X"), None));
    }
}
