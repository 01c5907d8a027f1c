//! Questions asked of a loaded knowledge base: the timeline, one entity, statistics.
//! Nothing here prints; the command line renders the answers.

pub mod filter;
pub mod show;
pub mod stats;
pub mod timeline;

use crate::date::{Bound, Point, format_point};

/// A position on the time line for sorting, with unbounded sides at the ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// Before every date.
    NegInf,
    /// A day and second of the day.
    At(i64, u32),
    /// After every date.
    PosInf,
}

/// Returns the sort key of a lower bound: a day without a time starts at midnight.
pub fn lower_key(bound: Bound) -> Key {
    match bound {
        Bound::At(Point { day, second }) => Key::At(day, second.unwrap_or(0)),
        Bound::Open | Bound::Unknown => Key::NegInf,
    }
}

/// Returns the sort key of an upper bound: a day without a time ends at midnight after it.
pub fn upper_key(bound: Bound) -> Key {
    match bound {
        Bound::At(Point { day, second }) => Key::At(day, second.unwrap_or(86_400)),
        Bound::Open | Bound::Unknown => Key::PosInf,
    }
}

/// Formats a bound for output: the point, or `None` when unbounded.
pub fn bound_text(bound: Bound) -> Option<String> {
    bound.point().map(format_point)
}
