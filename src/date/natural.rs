//! Dates in words: reads English date phrases ("circa Feb 1812", "early March 2018",
//! "between 1 and 3 March 2018", "the 1990s", "4 March 2018 11:48 GMT") into EDTF, for
//! the writing commands, `annals date` and the help of diagnostics (SPEC §5). The
//! reference is `tests/conformance/edtf/natlang_vectors.tsv`. A phrase that can be read
//! two ways ("04/03/2018") is refused with both readings, never guessed.

mod side;
mod words;

use std::borrow::Cow;

use self::side::{Side, Years, pivot};
use self::words::Word;
use super::{DateError, Edtf};

/// Why a phrase has no EDTF form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NaturalError {
    /// The text is not a date phrase annals reads.
    NotADate,
    /// The phrase reads two ways: the EDTF form read month first, then day first.
    Ambiguous {
        /// The EDTF form with the first number as the month ("04/03/2018" is 3 April).
        month_first: String,
        /// The EDTF form with the first number as the day ("04/03/2018" is 4 March).
        day_first: String,
    },
}

impl NaturalError {
    /// Returns the help line naming both readings of an ambiguous phrase.
    pub fn help(&self) -> Option<String> {
        match self {
            NaturalError::NotADate => None,
            NaturalError::Ambiguous {
                month_first,
                day_first,
            } => Some(format!(
                "write `{month_first}` (month first) or `{day_first}` (day first)"
            )),
        }
    }
}

/// Returns the EDTF form of an English date phrase, or why it has none.
pub fn parse(text: &str) -> Result<String, NaturalError> {
    let text = text.to_lowercase().replace(['–', '—'], "-");
    if let Some(ambiguous) = ambiguous(&text) {
        return Err(ambiguous);
    }
    phrase(&text).ok_or(NaturalError::NotADate)
}

/// Returns the EDTF form of a simple English date phrase, or `None` when unsure: the
/// help of a diagnostic for a date written in words.
pub fn suggest(text: &str) -> Option<String> {
    parse(text).ok()
}

/// Returns the EDTF text to write for a date flag's value: the value itself when it is
/// EDTF, the EDTF form of a phrase, or the value unchanged when it is neither (the
/// usual checks then reject it and say how to write it). An ambiguous phrase is an error.
pub fn entry(text: &str) -> Result<Cow<'_, str>, DateError> {
    if Edtf::parse(text).is_ok() {
        return Ok(Cow::Borrowed(text));
    }
    match parse(text) {
        Ok(edtf) => Ok(Cow::Owned(edtf)),
        Err(NaturalError::NotADate) => Ok(Cow::Borrowed(text)),
        Err(err) => Err(ambiguity_error(text, &err)),
    }
}

/// Returns the error for an ambiguous phrase, with both readings as help.
pub fn ambiguity_error(text: &str, err: &NaturalError) -> DateError {
    let error = DateError::new(
        format!("`{text}` is ambiguous: the day and the month could be either way round"),
        0..text.len(),
    );
    match err.help() {
        Some(help) => error.with_help(help),
        None => error,
    }
}

/// Finds a numeric date whose first two numbers could each be the month ("04/03/2018")
/// and returns both readings, when each makes a date.
fn ambiguous(text: &str) -> Option<NaturalError> {
    words::tokens(text).iter().find_map(|token| {
        let Some(Word::Slashed(parts)) = words::word(token) else {
            return None;
        };
        let [a, b, y] = parts[..] else {
            return None;
        };
        if !(1..=12).contains(&a) || !(1..=12).contains(&b) || a == b || y < 1000 {
            return None;
        }
        let read = |m: u32, d: u32| phrase(&text.replacen(token, &format!("{y}/{m}/{d}"), 1));
        Some(NaturalError::Ambiguous {
            month_first: read(a, b)?,
            day_first: read(b, a)?,
        })
    })
}

/// Reads a whole phrase, or else the first of a list ("1863, printed 1870" is `1863`,
/// "1863 or 1864" too, as the corpus has it); the result is always valid EDTF.
fn phrase(text: &str) -> Option<String> {
    let read = |text: &str| item(text).filter(|edtf| Edtf::parse(edtf).is_ok());
    if let Some(edtf) = read(text) {
        return Some(edtf);
    }
    [",", ";", " or "]
        .into_iter()
        .filter(|d| text.contains(d))
        .find_map(|d| text.split(d).next().and_then(read))
}

/// Reads the words of one item, joining "earlier than", "later than" and "prior to".
fn item_words(text: &str) -> Option<Vec<Word>> {
    let tokens = words::tokens(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let next = tokens.get(i + 1).map(String::as_str);
        let joined = match (tokens[i].as_str(), next) {
            ("earlier", Some("than")) | ("prior", Some("to")) => Some(Word::Before),
            ("later", Some("than")) => Some(Word::After),
            _ => None,
        };
        match joined {
            Some(w) => {
                out.push(w);
                i += 2;
            }
            None => {
                out.push(words::word(&tokens[i])?);
                i += 1;
            }
        }
    }
    Some(out)
}

/// Reads one item: a date, an interval, or a date before or after which something fell.
fn item(text: &str) -> Option<String> {
    let words = item_words(text)?;
    let is = |w: &Word| matches!(w, Word::Before | Word::After);
    if let Some(i) = words.iter().position(is) {
        let rest: Vec<Word> = words.iter().filter(|w| !is(w)).cloned().collect();
        let end = Side::read(&rest)?.edtf()?;
        return Some(if words[i] == Word::Before {
            format!("/{end}")
        } else {
            format!("{end}/")
        });
    }
    let between = words.contains(&Word::Between);
    let separates = |w: &Word| *w == Word::To || (between && *w == Word::And);
    let separators: Vec<usize> = (0..words.len()).filter(|&i| separates(&words[i])).collect();
    match separators[..] {
        [] => single(&words),
        [i] => range(&words[..i], &words[i + 1..]),
        _ => None,
    }
}

/// Reads one date alone: "early", "mid" and "late" make it an interval; a bare
/// two-digit number is a year ("90" is 1990); "1858/1860" is one of two years.
fn single(words: &[Word]) -> Option<String> {
    match words {
        [Word::Number(n, 2)] => return Some(pivot(*n).to_string()),
        // A reversed pair ("2021/2020") is a mistaken interval, not a set.
        [Word::Slashed(parts)] if parts.len() == 2 && 1000 <= parts[0] && parts[0] < parts[1] => {
            return Some(format!("[{}, {}]", parts[0], parts[1]));
        }
        _ => {}
    }
    Side::read(words)?.edtf_with_part()
}

/// Reads an interval; a start without a year takes what it lacks from the end ("1-3
/// March 2018", "17th-19th centuries") and an end of one or two digits takes the start's
/// century ("1851-52"); a start without an era takes the end's ("100-44 BC").
/// "early", "mid" and "late" are dropped from the ends.
fn range(start: &[Word], end: &[Word]) -> Option<String> {
    let mut start: Vec<Word> = start
        .iter()
        .filter(|w| **w != Word::Between)
        .cloned()
        .collect();
    // "100-44 BC": the era of the end is the start's too.
    let era = |w: &Word| matches!(w, Word::Era(_));
    if let Some(bce) = end.iter().find(|w| era(w))
        && !start.iter().any(era)
    {
        start.push(bce.clone());
    }
    let last = Side::read(end);
    let first = match Side::read(&start) {
        Some(side) if side.has_years() || !last.as_ref().is_some_and(Side::has_years) => side,
        _ => (1..end.len()).find_map(|i| {
            let joined = [&start[..], &end[i..]].concat();
            Side::read(&joined).filter(Side::has_years)
        })?,
    };
    let last = match last {
        Some(side) => side,
        None => Side::read(&short_year(&first, end)?)?,
    };
    Some(format!("{}/{}", first.edtf()?, last.edtf()?))
}

/// Replaces the one short number of an interval's end with a year in the start's
/// century or decade ("1851-52" ends in 1852, "1868-9" in 1869).
fn short_year(first: &Side, end: &[Word]) -> Option<Vec<Word>> {
    let Some(Years::Year(y)) = first.years else {
        return None;
    };
    let short = |w: &Word| matches!(w, Word::Number(_, 1 | 2));
    (end.iter().filter(|w| short(w)).count() == 1).then_some(())?;
    let out = end.iter().map(|w| match *w {
        Word::Number(n, digits @ (1 | 2)) => {
            let unit = 10_i64.pow(digits as u32);
            Word::Number(y - y.rem_euclid(unit) + n, 4)
        }
        ref other => other.clone(),
    });
    Some(out.collect())
}

#[cfg(test)]
mod tests {
    use super::{NaturalError, parse, suggest};

    #[test]
    fn suggests_news_style_dates() {
        assert_eq!(suggest("August 2020").as_deref(), Some("2020-08"));
        assert_eq!(suggest("17 January 2021").as_deref(), Some("2021-01-17"));
        assert_eq!(suggest("Feb. 2, 2021").as_deref(), Some("2021-02-02"));
        assert_eq!(suggest("circa Feb 1812").as_deref(), Some("1812-02~"));
        assert_eq!(suggest("the 1860s").as_deref(), Some("186X"));
        assert_eq!(suggest("Spring 2001").as_deref(), Some("2001-21"));
        assert_eq!(suggest("23rd Dynasty"), None);
        assert_eq!(suggest("February 30, 2020"), None);
    }

    #[test]
    fn reads_parts_ranges_and_times() {
        let cases = [
            ("early March 2018", "2018-03-01/2018-03-10"),
            ("mid March 2018", "2018-03-11/2018-03-20"),
            ("late February 2020", "2020-02-21/2020-02-29"),
            ("early 2018", "2018-01/2018-04"),
            ("late 2018", "2018-09/2018-12"),
            ("early 1990s", "1990/1993"),
            ("mid-1990s", "1994/1996"),
            ("late 19th century", "1867/1899"),
            ("circa early 1990s", "1990~/1993~"),
            ("between 1 and 3 March 2018", "2018-03-01/2018-03-03"),
            ("1 March - 3 April 2018", "2018-03-01/2018-04-03"),
            ("from 1990 to 1995", "1990/1995"),
            ("100-44 BC", "-0099/-0043"),
            ("44 BCE", "-0043"),
            ("the 1990s", "199X"),
            ("the '90s", "199X"),
            ("4 March 2018 11:48 GMT", "2018-03-04T11:48Z"),
            ("4 March 2018, 14:48 MSK", "2018-03-04T14:48+03:00"),
            ("4 March 2018 2:48:30 pm UTC-5", "2018-03-04T14:48:30-05:00"),
            ("4 March 2018 11:48", "2018-03-04T11:48"),
            ("17/10/2008", "2008-10-17"),
            ("4/4/2018", "2018-04-04"),
        ];
        for (phrase, edtf) in cases {
            assert_eq!(parse(phrase).as_deref(), Ok(edtf), "{phrase}");
        }
    }

    #[test]
    fn refuses_what_it_would_guess() {
        assert_eq!(
            parse("04/03/2018"),
            Err(NaturalError::Ambiguous {
                month_first: "2018-04-03".into(),
                day_first: "2018-03-04".into()
            })
        );
        // A zone abbreviation with several meanings, or an unknown word beside a time.
        assert_eq!(parse("4 March 2018 11:48 IST"), Err(NaturalError::NotADate));
        assert_eq!(parse("early 4 March 2018"), Err(NaturalError::NotADate));
        assert_eq!(parse("the 40s BC"), Err(NaturalError::NotADate));
    }
}
