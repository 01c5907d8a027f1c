//! What a date expression means, for `annals date`: its level, meaning, precision,
//! qualifiers, bounds and weekday, or why it was rejected and how to write it.

use serde::{Serialize, Serializer};

use super::{Bound, Calendar, DateError, Edtf, Precision, civil_from_days, format_point, natural};

/// What a valid date expression means; the table and the JSON form both show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DateExplanation<'a> {
    /// The expression as given.
    pub input: &'a str,
    /// Always true; the JSON form says so, as [`InvalidDate`] says false.
    valid: bool,
    /// The EDTF level (0, 1 or 2) of the features the date uses.
    pub level: u8,
    /// A short English description: "a day", "an interval from a month to an open end".
    pub meaning: String,
    /// The unit of the known part of the date.
    #[serde(serialize_with = "display")]
    pub precision: Precision,
    /// True when `?` or `%` qualifies any part of the date.
    pub uncertain: bool,
    /// True when `~` or `%` qualifies any part of the date.
    pub approximate: bool,
    /// True for an interval `a/b`.
    pub interval: bool,
    /// The EDTF form: the input itself, or what a phrase in words reads as.
    pub edtf: String,
    /// The first point the date can denote, unless unbounded; a time written with `Z`
    /// or an offset is the UTC point, marked `Z`.
    pub lower: Option<String>,
    /// The last point the date can denote, unless unbounded, marked like `lower`.
    pub upper: Option<String>,
    /// What kind of end the first side is.
    pub lower_end: End,
    /// What kind of end the last side is.
    pub upper_end: End,
    /// The day of the week, when the date denotes one known day.
    pub weekday: Option<&'static str>,
    /// The calendar the date was written in, when not the Gregorian; `lower` and
    /// `upper` are then its Gregorian days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<&'static str>,
    /// The date with its Gregorian days beside it, when written in another calendar.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shown: Option<String>,
}

/// One side of a date: known, open (`..`) or unknown (empty).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum End {
    /// A known first or last point.
    Bounded,
    /// An open interval end: the date extends without limit.
    Open,
    /// An unknown interval end.
    Unknown,
}

impl End {
    fn of(bound: Bound) -> End {
        match bound {
            Bound::At(_) => End::Bounded,
            Bound::Open => End::Open,
            Bound::Unknown => End::Unknown,
        }
    }
}

/// Why a date expression was rejected, with the likeliest fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InvalidDate<'a> {
    /// The expression as given.
    pub input: &'a str,
    /// Always false; see [`DateExplanation`].
    valid: bool,
    /// The message, lowercase without a trailing period.
    pub error: String,
    /// The fix: the EDTF form of a date written in words, or the parser's own help.
    pub help: Option<String>,
    /// Where the offending part of the input starts, in characters (SPEC §6: spans in
    /// JSON count characters, as the human form does).
    pub start: usize,
    /// Where it ends, in characters (equal to `start` at the end of the input).
    pub end: usize,
    /// The same part in bytes, for pointing at it in the input.
    #[serde(skip)]
    pub bytes: std::ops::Range<usize>,
}

impl<'a> DateExplanation<'a> {
    /// Explains the date expression `input`, or says why it is not one.
    pub fn of(input: &'a str) -> Result<DateExplanation<'a>, InvalidDate<'a>> {
        DateExplanation::of_in(input, Calendar::Gregorian)
    }

    /// Explains `input` written in `calendar` (`annals date --calendar julian`).
    pub fn of_in(
        input: &'a str,
        calendar: Calendar,
    ) -> Result<DateExplanation<'a>, InvalidDate<'a>> {
        let (edtf, form) = match Edtf::parse_in(input, calendar) {
            Ok(edtf) => (edtf, input.to_string()),
            Err(err) => match natural::parse(input) {
                Ok(form) => match Edtf::parse_in(&form, calendar) {
                    Ok(edtf) => (edtf, form),
                    Err(err) => return Err(InvalidDate::new(input, err)),
                },
                Err(natural::NaturalError::NotADate) => {
                    return Err(InvalidDate::new(input, err));
                }
                Err(ambiguous) => {
                    return Err(InvalidDate::new(
                        input,
                        natural::ambiguity_error(input, &ambiguous),
                    ));
                }
            },
        };
        // A time written with `Z` or an offset is shown as its UTC point, marked `Z`.
        let zone = if edtf.is_utc() { "Z" } else { "" };
        let side = |b: Bound| {
            b.point().map(|p| match p.second {
                Some(_) => format!("{}{zone}", format_point(p)),
                None => format_point(p),
            })
        };
        Ok(DateExplanation {
            input,
            valid: true,
            level: edtf.level(),
            meaning: edtf.describe(),
            precision: edtf.precision(),
            uncertain: edtf.uncertain(),
            approximate: edtf.approximate(),
            interval: edtf.is_interval(),
            edtf: form,
            lower: side(edtf.lower()),
            upper: side(edtf.upper()),
            lower_end: End::of(edtf.lower()),
            upper_end: End::of(edtf.upper()),
            weekday: weekday(&edtf),
            calendar: edtf.is_julian().then_some(calendar.name()),
            shown: edtf.is_julian().then(|| edtf.display(input)),
        })
    }
}

impl<'a> InvalidDate<'a> {
    /// Returns why `input` is not a date; the help of a date written in words is its
    /// EDTF form.
    fn new(input: &'a str, err: DateError) -> InvalidDate<'a> {
        let help = natural::suggest(input)
            .map(|s| format!("write `{s}`"))
            .or(err.help);
        let chars = |byte: usize| {
            let byte = (0..=byte.min(input.len()))
                .rev()
                .find(|&b| input.is_char_boundary(b))
                .unwrap_or(0);
            input[..byte].chars().count()
        };
        InvalidDate {
            input,
            valid: false,
            error: err.message,
            help,
            start: chars(err.range.start),
            end: chars(err.range.end),
            bytes: err.range,
        }
    }
}

/// Writes a value as its display text.
fn display<T: std::fmt::Display, S: Serializer>(value: &T, out: S) -> Result<S::Ok, S::Error> {
    out.collect_str(value)
}

/// Returns the day of the week of a date that denotes one known day (within chrono's
/// range of years), so a reader can check "on Tuesday, 2 February" against the date.
fn weekday(edtf: &Edtf) -> Option<&'static str> {
    use chrono::Datelike;
    match (edtf.lower(), edtf.upper()) {
        (Bound::At(a), Bound::At(b)) if a.day == b.day => {
            let (year, month, day) = civil_from_days(a.day);
            let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
            Some(match date.weekday() {
                chrono::Weekday::Mon => "Monday",
                chrono::Weekday::Tue => "Tuesday",
                chrono::Weekday::Wed => "Wednesday",
                chrono::Weekday::Thu => "Thursday",
                chrono::Weekday::Fri => "Friday",
                chrono::Weekday::Sat => "Saturday",
                chrono::Weekday::Sun => "Sunday",
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_a_day() {
        let d = DateExplanation::of("2021-02-02").unwrap();
        assert_eq!(d.level, 0);
        assert_eq!(d.meaning, "a day");
        assert_eq!(d.precision, Precision::Day);
        assert!(!d.uncertain && !d.approximate && !d.interval);
        assert_eq!(d.lower.as_deref(), Some("2021-02-02"));
        assert_eq!(d.upper.as_deref(), Some("2021-02-02"));
        assert_eq!((d.lower_end, d.upper_end), (End::Bounded, End::Bounded));
        assert_eq!(d.weekday, Some("Tuesday"));
    }

    #[test]
    fn a_month_has_no_weekday_and_an_open_end_no_bound() {
        let d = DateExplanation::of("2020-08~/..").unwrap();
        assert!(d.approximate && d.interval);
        assert_eq!(d.weekday, None);
        assert_eq!(d.lower.as_deref(), Some("2020-08-01"));
        assert_eq!((d.upper, d.upper_end), (None, End::Open));
    }

    #[test]
    fn a_utc_time_is_marked() {
        let d = DateExplanation::of("1949-10-01T15:00:00+08:00").unwrap();
        assert_eq!(d.lower.as_deref(), Some("1949-10-01T07:00:00Z"));
        assert_eq!(d.weekday, Some("Saturday"));
    }

    #[test]
    fn serialises_in_field_order() {
        let d = DateExplanation::of("2021-02-02").unwrap();
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.starts_with(r#"{"input":"2021-02-02","valid":true,"level":0,"#));
        assert!(
            json.ends_with(r#""lower_end":"bounded","upper_end":"bounded","weekday":"Tuesday"}"#)
        );
    }

    #[test]
    fn a_rejected_date_says_where_and_how_to_write_it() {
        let err = DateExplanation::of("2021-02-29").unwrap_err();
        assert!(!err.valid);
        assert_eq!((err.start, err.end), (8, 10));
        assert!(err.error.contains("not a leap year"));
        let err = DateExplanation::of("04/03/2018").unwrap_err();
        assert_eq!(
            err.help.as_deref(),
            Some("write `2018-04-03` (month first) or `2018-03-04` (day first)")
        );
    }

    #[test]
    fn a_date_in_words_is_explained_as_its_edtf_form() {
        let d = DateExplanation::of("17 January 2021").unwrap();
        assert_eq!(
            (d.input, d.edtf.as_str()),
            ("17 January 2021", "2021-01-17")
        );
        assert_eq!(d.weekday, Some("Sunday"));
    }
}
