//! Suggests the EDTF form of a date written in words ("circa Feb 1812" → `1812-02~`),
//! for hints in diagnostics. It suggests nothing rather than something wrong.

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    let word = if word == "sept" { "sep" } else { word };
    MONTHS
        .iter()
        .position(|m| m.starts_with(word) && (word.len() >= 3))
        .map(|i| i as u32 + 1)
}

fn season(word: &str) -> Option<u32> {
    match word {
        "spring" => Some(21),
        "summer" => Some(22),
        "autumn" | "fall" => Some(23),
        "winter" => Some(24),
        _ => None,
    }
}

/// Returns the EDTF form of a simple English date phrase, or `None` when unsure.
pub fn suggest(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let mut approximate = false;
    let mut uncertain = false;
    let (mut year, mut month_no, mut day, mut season_no, mut decade) =
        (None, None, None, None, false);
    let cleaned: String = lower
        .chars()
        .map(|c| {
            if c == ',' || c == '(' || c == ')' || c == ':' {
                ' '
            } else {
                c
            }
        })
        .collect();
    for word in cleaned.split_whitespace() {
        match word {
            "c" | "c." | "ca" | "ca." | "circa" | "about" | "around" | "approx" | "approx."
            | "approximately" | "~" => approximate = true,
            "maybe" | "possibly" | "probably" | "uncertain" | "guess" | "?" => uncertain = true,
            "the" | "year" | "of" | "in" | "on" => {}
            _ => {
                if let Some(m) = month(word) {
                    if month_no.replace(m).is_some() {
                        return None;
                    }
                } else if let Some(s) = season(word) {
                    if season_no.replace(s).is_some() {
                        return None;
                    }
                } else {
                    let (digits, tail) = split_digits(word);
                    let tail = tail.trim_end_matches('.');
                    match (digits.len(), tail) {
                        (4, "") => {
                            if year.replace(digits.to_string()).is_some() {
                                return None;
                            }
                        }
                        (4, "s") => {
                            // "1800s" may mean the decade or the century: suggest nothing.
                            if !digits.ends_with('0')
                                || digits.ends_with("00")
                                || year.replace(digits[..3].to_string()).is_some()
                            {
                                return None;
                            }
                            decade = true;
                        }
                        (1 | 2, "" | "st" | "nd" | "rd" | "th") => {
                            if day.replace(digits.parse::<u32>().ok()?).is_some() {
                                return None;
                            }
                        }
                        _ => return None,
                    }
                }
            }
        }
    }
    let year = year?;
    let mut out = if decade {
        if month_no.is_some() || day.is_some() || season_no.is_some() {
            return None;
        }
        format!("{year}X")
    } else {
        match (month_no, day, season_no) {
            (None, None, None) => year,
            (Some(m), None, None) => format!("{year}-{m:02}"),
            (Some(m), Some(d), None) if (1..=31).contains(&d) => format!("{year}-{m:02}-{d:02}"),
            (None, None, Some(s)) => format!("{year}-{s}"),
            _ => return None,
        }
    };
    match (uncertain, approximate) {
        (true, true) => out.push('%'),
        (true, false) => out.push('?'),
        (false, true) => out.push('~'),
        (false, false) => {}
    }
    Some(out)
}

fn split_digits(word: &str) -> (&str, &str) {
    let end = word
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(word.len());
    word.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggests_news_style_dates() {
        assert_eq!(suggest("August 2020").as_deref(), Some("2020-08"));
        assert_eq!(suggest("17 January 2021").as_deref(), Some("2021-01-17"));
        assert_eq!(suggest("Feb. 2, 2021").as_deref(), Some("2021-02-02"));
        assert_eq!(suggest("circa Feb 1812").as_deref(), Some("1812-02~"));
        assert_eq!(suggest("the 1860s").as_deref(), Some("186X"));
        assert_eq!(suggest("Spring 2001").as_deref(), Some("2001-21"));
        assert_eq!(suggest("23rd Dynasty"), None);
        assert_eq!(suggest("may"), None);
    }
}
