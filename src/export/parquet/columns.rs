//! The column forms shared by the Parquet tables: a bound of an event as seconds, as a
//! timestamp where engines can hold one, and as text; the year an event is filed under;
//! and the builders of the columns every table ends with.

use std::sync::Arc;

use arrow_array::builder::{Int32Builder, ListBuilder, MapBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::ArrowError;

use crate::date::{Bound, civil_from_days, days_from_civil};
use crate::kb::Kb;
use crate::model::Attrs;
use crate::source::{Span, Spanned};
use crate::time::bounds::EventBounds;

/// The seconds in a day.
const DAY: i64 = 86_400;

/// The widest years a timestamp column holds: DuckDB's TIMESTAMP spans about 290,000
/// years either side of year 0 (microseconds in an i64); a bound beyond is null there
/// and kept in the seconds and text columns.
const TIMESTAMP_YEARS: i64 = 290_000;

/// Returns the second (since 1970-01-01T00:00:00 on annals' one scale, SPEC §4) of a
/// lower bound: a day without a time of day starts at 00:00:00. `None` when unbounded,
/// or for a year so far out (beyond about ±292 billion) that the seconds overflow.
pub fn lower_seconds(bound: Bound) -> Option<i64> {
    let point = bound.point()?;
    seconds(point.day, point.second.map_or(0, i64::from))
}

/// Returns the second of an upper bound: a day without a time of day ends at 23:59:59.
pub fn upper_seconds(bound: Bound) -> Option<i64> {
    let point = bound.point()?;
    seconds(point.day, point.second.map_or(DAY - 1, i64::from))
}

fn seconds(day: i64, second: i64) -> Option<i64> {
    day.checked_mul(DAY)?.checked_add(second)
}

/// Returns the microseconds of a timestamp column for `seconds`, or `None` when the
/// year lies outside what engines' timestamps hold.
pub fn timestamp_micros(seconds: Option<i64>) -> Option<i64> {
    let seconds = seconds?;
    let first = days_from_civil(-TIMESTAMP_YEARS, 1, 1) * DAY;
    let last = days_from_civil(TIMESTAMP_YEARS, 12, 31) * DAY;
    (first..=last)
        .contains(&seconds)
        .then(|| seconds * 1_000_000)
}

/// Returns the year an event is filed under (its `year=` partition): the year of the
/// point that places it in the one order of SPEC §4, its earliest start, else its
/// latest start; `None` when neither is known.
pub fn event_year(bounds: &EventBounds) -> Option<i64> {
    let point = bounds.start.0.point().or_else(|| bounds.start.1.point())?;
    Some(civil_from_days(point.day).0)
}

/// The columns every table ends with: the file (relative to the KB, `/`-separated) and
/// the 1-based line where the record is written.
#[derive(Debug, Default)]
pub struct Location {
    file: StringBuilder,
    line: Int32Builder,
}

impl Location {
    /// Appends where `span` starts.
    pub fn push(&mut self, kb: &Kb, span: Span) {
        let file = kb.files().get(span.file);
        let line = file.line_index((span.start as usize).min(file.text.len())) + 1;
        self.file.append_value(&file.relative);
        self.line
            .append_value(i32::try_from(line).unwrap_or(i32::MAX));
    }

    /// Finishes both columns.
    pub fn finish(&mut self, cols: &mut Vec<Column>) {
        cols.push(column("file", false, self.file.finish()));
        cols.push(column("line", false, self.line.finish()));
    }
}

/// A list of strings per row (tags, aliases, claimants).
pub type Strings = ListBuilder<StringBuilder>;

/// Appends one row of a list column.
pub fn push_list<'a>(list: &mut Strings, items: impl IntoIterator<Item = &'a str>) {
    for item in items {
        list.values().append_value(item);
    }
    list.append(true);
}

/// Appends the interned ids or terms of `items` as one row of a list column.
pub fn push_syms(list: &mut Strings, kb: &Kb, items: &[Spanned<crate::model::Sym>]) {
    push_list(list, items.iter().map(|s| kb.str(s.node)));
}

/// A map of free attributes per row.
pub type AttrMap = MapBuilder<StringBuilder, StringBuilder>;

/// Returns an empty attribute map builder.
pub fn attr_map() -> AttrMap {
    MapBuilder::new(None, StringBuilder::new(), StringBuilder::new())
}

/// Appends one row of an attribute map, in the order written. A key written twice is
/// an error `check` reports, so a checked KB has unique keys.
pub fn push_attrs(map: &mut AttrMap, attrs: &Attrs) -> Result<(), ArrowError> {
    for (key, value) in attrs {
        map.keys().append_value(&key.node);
        map.values().append_value(value);
    }
    map.append(true)
}

/// A finished column: name, nullable, values.
pub type Column = (&'static str, ArrayRef, bool);

/// Returns a finished column.
pub fn column(
    name: &'static str,
    nullable: bool,
    array: impl arrow_array::Array + 'static,
) -> Column {
    (name, Arc::new(array) as ArrayRef, nullable)
}

/// Returns the record batch of finished columns.
pub fn batch(cols: Vec<Column>) -> Result<RecordBatch, ArrowError> {
    RecordBatch::try_from_iter_with_nullable(cols)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Point;

    #[test]
    fn a_day_spans_its_seconds_and_far_years_leave_the_timestamp() {
        let day = days_from_civil(2021, 2, 2);
        let at = Bound::At(Point::day(day));
        assert_eq!(lower_seconds(at), Some(1_612_224_000));
        assert_eq!(upper_seconds(at), Some(1_612_224_000 + 86_399));
        assert_eq!(lower_seconds(Bound::Open), None);
        let far = Bound::At(Point::day(days_from_civil(170_000_002, 1, 1)));
        assert!(lower_seconds(far).is_some());
        assert_eq!(timestamp_micros(lower_seconds(far)), None);
        assert_eq!(
            timestamp_micros(lower_seconds(at)),
            Some(1_612_224_000_000_000)
        );
        let beyond = Bound::At(Point::day(days_from_civil(999_999_999_999, 1, 1)));
        assert_eq!(lower_seconds(beyond), None);
    }
}
