//! The words of an English date phrase: splitting text into tokens and naming what each
//! token is (a month, a qualifier, a number, a time of day, a zone).

/// The month names; a word names a month when it is a prefix of one of at least three
/// letters ("feb", "sept", "january").
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

/// Zone abbreviations with one meaning and their UTC offsets in minutes. Abbreviations
/// with several meanings (CST, IST, AST, BST) are left out: a phrase using one is refused.
const ZONES: [(&str, i32); 27] = [
    ("utc", 0),
    ("gmt", 0),
    ("z", 0),
    ("wet", 0),
    ("west", 60),
    ("cet", 60),
    ("cest", 120),
    ("eet", 120),
    ("eest", 180),
    ("msk", 180),
    ("pkt", 300),
    ("hkt", 480),
    ("sgt", 480),
    ("jst", 540),
    ("kst", 540),
    ("aest", 600),
    ("aedt", 660),
    ("nzst", 720),
    ("nzdt", 780),
    ("est", -300),
    ("edt", -240),
    ("cdt", -300),
    ("mst", -420),
    ("mdt", -360),
    ("pst", -480),
    ("pdt", -420),
    ("hst", -600),
];

/// Which part of a span "early", "mid" or "late" picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The first third (days 1–10 of a month, January–April of a year).
    Early,
    /// The middle third.
    Mid,
    /// The last third.
    Late,
}

/// What one token of a phrase is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Word {
    /// `~`, "circa", "c.", "about", "approx": the date is approximate.
    Approximate,
    /// `?`, "maybe", "uncertain", "guess": the date is uncertain.
    Uncertain,
    /// "early", "mid", "late".
    Part(Part),
    /// A month, 1–12.
    Month(u32),
    /// A season as EDTF numbers it (21 spring … 24 winter).
    Season(u32),
    /// Digits alone, with how many were written.
    Number(i64, usize),
    /// An ordinal ("19th").
    Ordinal(i64),
    /// A decade or century written "1860s" or "'90s": the digits before the `s`.
    Decades(i64, usize),
    /// A century written "19c".
    CenturyNumber(i64),
    /// "century" or "centuries".
    Century,
    /// "bc", "bce": before the common era; "ad", "ce" is `Era(false)`.
    Era(bool),
    /// "day" or "month": that part of the date is unspecified ("day in 1872").
    Unspecified(&'static str),
    /// A time of day in seconds after midnight, with the number of fields written (2 or 3).
    Time(u32, usize),
    /// "am" or "pm".
    Meridiem(bool),
    /// A UTC offset in minutes, from a zone name or `+03:00`.
    Zone(i32),
    /// Numbers with slashes ("10/7/2008", "7/2008", "1858/1860").
    Slashed(Vec<u32>),
    /// A range separator: `-`, "to", "until", "through".
    To,
    /// "and", a range separator after "between".
    And,
    /// "between", "from": a range follows.
    Between,
    /// "before", "earlier than", "prior to".
    Before,
    /// "after", "later than", "since".
    After,
    /// A word of letters that says nothing about the date ("active", "printed").
    Other,
}

/// Splits lowercased text into token strings: `~` and `?` stand alone, hyphens between
/// dates become separate `-` tokens, and "c1860" becomes "~ 1860".
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',')) {
        let raw = raw.trim_end_matches(':');
        let (raw, doubt) = match raw.strip_suffix('?') {
            Some(rest) => (rest, true),
            None => (raw, false),
        };
        push_word(raw, &mut out);
        if doubt {
            out.push("?".to_string());
        }
    }
    out
}

/// Pushes one whitespace-separated word, split at approximation marks and hyphens.
fn push_word(word: &str, out: &mut Vec<String>) {
    if word.is_empty() {
        return;
    }
    if let Some(rest) = word.strip_prefix('~') {
        out.push("~".to_string());
        return push_word(rest, out);
    }
    for prefix in ["circa", "ca.", "ca", "c.", "c"] {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.starts_with(|c: char| c.is_ascii_digit())
        {
            out.push("~".to_string());
            return push_word(rest, out);
        }
    }
    // A zone or time with a negative offset keeps its hyphen ("utc-5", "11:48-05:00").
    let keeps_hyphen = word.starts_with("utc") || word.starts_with("gmt");
    match word.split_once('-') {
        Some((head, _)) if keeps_hyphen || head.contains(':') => out.push(word.to_string()),
        Some((head, tail)) => {
            // "mid-1990s" qualifies the date; "1851-52" separates two.
            let part = matches!(head, "early" | "mid" | "late");
            push_word(head, out);
            if !part {
                out.push("-".to_string());
            }
            push_word(tail, out);
        }
        None => out.push(word.to_string()),
    }
}

/// Names what a token is, or `None` for a token that cannot be part of a date phrase.
pub fn word(token: &str) -> Option<Word> {
    let w = match token {
        "~" | "c" | "c." | "ca" | "ca." | "circa" | "about" | "around" | "approx" | "approx."
        | "approximately" | "roughly" => Word::Approximate,
        "?" | "maybe" | "possibly" | "probably" | "perhaps" | "uncertain" | "guess" => {
            Word::Uncertain
        }
        "early" => Word::Part(Part::Early),
        "mid" | "middle" => Word::Part(Part::Mid),
        "late" => Word::Part(Part::Late),
        "spring" => Word::Season(21),
        "summer" => Word::Season(22),
        "autumn" | "fall" => Word::Season(23),
        "winter" => Word::Season(24),
        "century" | "centuries" => Word::Century,
        "bc" | "b.c." | "bce" | "b.c.e." => Word::Era(true),
        "ad" | "a.d." | "ce" | "c.e." => Word::Era(false),
        "day" => Word::Unspecified("day"),
        "month" => Word::Unspecified("month"),
        "am" | "a.m." => Word::Meridiem(false),
        "pm" | "p.m." => Word::Meridiem(true),
        "-" | "to" | "until" | "till" | "through" | "thru" => Word::To,
        "and" => Word::And,
        "between" | "from" => Word::Between,
        "before" => Word::Before,
        "after" | "since" => Word::After,
        _ => return number(token).or_else(|| name(token)),
    };
    Some(w)
}

/// Names a token made of letters: a month, a zone, or another word.
fn name(token: &str) -> Option<Word> {
    if let Some(&(_, offset)) = ZONES.iter().find(|(z, _)| *z == token) {
        return Some(Word::Zone(offset));
    }
    for prefix in ["utc", "gmt"] {
        if let Some(offset) = token.strip_prefix(prefix).and_then(offset) {
            return Some(Word::Zone(offset));
        }
    }
    if let Some(m) = month(token) {
        return Some(Word::Month(m));
    }
    let letters = token
        .chars()
        .all(|c| c.is_alphabetic() || c == '\'' || c == '.');
    letters.then_some(Word::Other)
}

/// Returns the month a word names ("feb", "Feb.", "sept", "january").
fn month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    let word = if word == "sept" { "sep" } else { word };
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(word))
        .map(|i| i as u32 + 1)
}

/// Names a token that starts with a digit, `+` or `'`.
fn number(token: &str) -> Option<Word> {
    if token.starts_with('+') {
        return offset(token).map(Word::Zone);
    }
    if token.contains(':') {
        return time(token);
    }
    if token.contains('/') {
        let parts: Option<Vec<u32>> = token.split('/').map(|p| digits(p).ok()).collect();
        return parts.map(Word::Slashed);
    }
    let token = token.trim_end_matches('.');
    if let Some(rest) = token.strip_prefix('\'') {
        let tens = rest.strip_suffix('s')?;
        return (tens.len() == 2)
            .then(|| Some(Word::Decades(i64::from(digits(tens).ok()?), 2)))
            .flatten();
    }
    let end = token
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(token.len());
    if end == 0 {
        return None;
    }
    let (head, tail) = token.split_at(end);
    let value = i64::from(digits(head).ok()?);
    match tail {
        "" => Some(Word::Number(value, head.len())),
        "s" if head.len() == 4 || head.len() == 2 => Some(Word::Decades(value, head.len())),
        "st" | "nd" | "rd" | "th" => Some(Word::Ordinal(value)),
        "c" => Some(Word::CenturyNumber(value)),
        "am" => Some(Word::Time(hours(value)?, 1)),
        "pm" => Some(Word::Time(hours(value)? + 12 * 3600, 1)),
        _ => None,
    }
}

/// Parses one to four ASCII digits.
fn digits(text: &str) -> Result<u32, ()> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    text.parse().map_err(|_| ())
}

/// Returns the second an hour of the clock starts ("11" in "11am"), for 1–12.
fn hours(value: i64) -> Option<u32> {
    (1..=12)
        .contains(&value)
        .then(|| (value as u32 % 12) * 3600)
}

/// Parses "11:48" and "11:48:30" (a zone is written apart: "11:48 GMT").
fn time(token: &str) -> Option<Word> {
    let fields: Vec<&str> = token.split(':').collect();
    if !(2..=3).contains(&fields.len()) || fields.iter().any(|f| f.len() != 2 && f.len() != 1) {
        return None;
    }
    let mut seconds = 0;
    for (i, field) in fields.iter().enumerate() {
        let value = digits(field).ok()?;
        let limit = if i == 0 { 23 } else { 59 };
        if value > limit || (i > 0 && field.len() != 2) {
            return None;
        }
        seconds += value * [3600, 60, 1][i];
    }
    Some(Word::Time(seconds, fields.len()))
}

/// Parses a UTC offset written "+3", "-05", "+03:00", "+0530" into minutes.
fn offset(text: &str) -> Option<i32> {
    let sign = match text.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let rest = &text[1..];
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let (h, m) = (digits(h).ok()?, digits(m).ok()?);
    (h <= 14 && m < 60).then(|| sign * (h as i32 * 60 + m as i32))
}
