//! `annals date` and the date-in-words hint.

use crate::suite::common::{run, stdout};
use crate::suite::test::Test;

#[test]
fn date_json_gives_level_and_strict_bounds() {
    let output = run(&["date", "2020-08~", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(v["input"], "2020-08~");
    assert_eq!(v["valid"], true);
    assert_eq!(v["level"], 1);
    assert_eq!(v["lower"], "2020-08-01");
    assert_eq!(v["upper"], "2020-08-31");
    assert_eq!(v["approximate"], true);
}

#[test]
fn date_json_gives_null_for_unbounded_sides_and_far_years() {
    let v: serde_json::Value = serde_json::from_str(&stdout(&run(&[
        "--format",
        "json",
        "date",
        "../1985-04-12",
    ])))
    .expect("JSON");
    assert_eq!(v["lower"], serde_json::Value::Null);
    assert_eq!(v["upper"], "1985-04-12");
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["--format", "json", "date", "-0043-03-15"])))
            .expect("JSON");
    assert_eq!(v["lower"], "-0043-03-15");
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["--format", "json", "date", "Y170000002"])))
            .expect("JSON");
    assert_eq!(v["upper"], "170000002-12-31");
}

#[test]
fn invalid_date_exits_1_with_error_in_json_and_a_caret_for_people() {
    Test::new()
        .args(["date", "2021-02-29", "--format", "json"])
        .stdout(
            r#"{
  "input": "2021-02-29",
  "valid": false,
  "error": "`2021` is not a leap year: February has 28 days",
  "help": null,
  "start": 8,
  "end": 10
}
"#,
        )
        .status(1)
        .run();
    Test::new()
        .args(["date", "2021-02-29"])
        .stderr(
            "error[invalid-date]: invalid date: `2021` is not a leap year: February has 28 days
  ┌─ <date>:1:9
  │
1 │ 2021-02-29
  │         ^^

",
        )
        .status(1)
        .run();
}

#[test]
fn dates_in_words_are_read_as_their_edtf_form() {
    // Inside a file a phrase stays an error with this form as help (bad-dates golden).
    let v: serde_json::Value = serde_json::from_str(&stdout(&run(&[
        "date",
        "17 January 2021",
        "--format",
        "json",
    ])))
    .expect("JSON");
    assert_eq!(v["edtf"], "2021-01-17");
    assert_eq!(v["input"], "17 January 2021");
    assert_eq!(v["weekday"], "Sunday");
}

#[test]
fn date_gives_the_weekday_of_one_known_day() {
    // The article: sentenced "on February 2, Tuesday".
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["date", "2021-02-02", "--format", "json"])))
            .expect("JSON");
    assert_eq!(v["weekday"], "Tuesday");
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["date", "2021-02", "--format", "json"])))
            .expect("JSON");
    assert_eq!(v["weekday"], serde_json::Value::Null);
}

mod calendar_against_chrono {
    use annals::date::{Period, Point, civil_from_days, days_from_civil};
    use chrono::{Datelike, NaiveDate};
    use proptest::prelude::*;

    proptest! {
        /// Our proleptic Gregorian calendar agrees with chrono's wherever chrono reaches.
        #[test]
        fn day_numbers_agree(days in -3_000_000i64..3_000_000) {
            let (y, m, d) = civil_from_days(days);
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
            let theirs = epoch + chrono::Duration::days(days);
            prop_assert_eq!((y, m, d), (i64::from(theirs.year()), theirs.month(), theirs.day()));
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }

        /// Adding months clamps to the end of the month exactly as chrono does.
        #[test]
        fn adding_months_agrees(days in -700_000i64..700_000, months in 0u32..600) {
            let start = Point { day: days, second: None };
            let period = Period::parse(&format!("P{months}M")).expect("period");
            let ours = period.add_to(start).expect("in range");
            let (y, m, d) = civil_from_days(days);
            let date = NaiveDate::from_ymd_opt(y as i32, m, d).expect("in chrono's range");
            let theirs = date.checked_add_months(chrono::Months::new(months)).expect("in range");
            prop_assert_eq!(civil_from_days(ours.day), (i64::from(theirs.year()), theirs.month(), theirs.day()));
        }
    }
}
