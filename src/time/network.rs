//! The simple temporal network of a KB: a start and an end point per event, and one
//! difference constraint `x[to] - x[from] <= weight` per fact, each with its provenance.
//!
//! Points are seconds since 1970-01-01T00:00:00 (`day * 86400 + second`), one scale
//! for every precision (SPEC §4). A date without a time of day spans its whole day:
//! its earliest point is midnight, its latest the day's last second; `hh:mm` spans its
//! minute. `before` is one second, whatever the precision: two events of the same day
//! can be in order within it. Periods with months or years are turned into the
//! tightest range of seconds they can span (`P1M` is 28 to 31 days), because a linear
//! network cannot anchor a month to a date.

use std::collections::HashMap;

use crate::date::{Bound, Period, Point, SECONDS_PER_DAY, civil_from_days, days_from_civil};
use crate::kb::{Entity, Kb};
use crate::model::{Claim, Event, Gap, Relation, Sym};
use crate::vocab::ClaimView;

/// Seconds in a day.
pub const DAY: i64 = SECONDS_PER_DAY as i64;

/// Points beyond this many seconds from 1970 (about 140 million years) are left out
/// of the network, so that sums of weights cannot overflow.
pub const LIMIT: i64 = 1 << 52;

/// The node of the origin, 1970-01-01T00:00:00; every date is a constraint against it.
pub const ORIGIN: u32 = 0;

/// Returns the node of an event's start.
pub fn start_node(event: u32) -> u32 {
    1 + 2 * event
}

/// Returns the node of an event's end.
pub fn end_node(event: u32) -> u32 {
    2 + 2 * event
}

/// Returns the event of a node and whether it is the end (`None` for the origin).
pub fn node_event(node: u32) -> Option<(u32, bool)> {
    (node != ORIGIN).then(|| ((node - 1) / 2, (node - 1) % 2 == 1))
}

/// Which bound of a written date a constraint comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The earliest start.
    StartLower,
    /// The latest start.
    StartUpper,
    /// The earliest end.
    EndLower,
    /// The latest end.
    EndUpper,
}

/// Why a constraint holds: the claim it was made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// One bound of `kb.events()[e].date`.
    Date(u32, Side),
    /// `kb.events()[e]` ends no earlier than it starts.
    Order(u32),
    /// `kb.events()[e].duration`.
    Duration(u32),
    /// `kb.relations()[r]`.
    Relation(u32),
    /// `kb.events()[e].sources[i]`: the event started no later than the source's date.
    Source(u32, u32),
}

/// One difference constraint: `x[to] - x[from] <= weight`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Constraint {
    /// The node subtracted.
    pub from: u32,
    /// The node bounded.
    pub to: u32,
    /// The largest allowed difference, in seconds.
    pub weight: i64,
    /// The claim it comes from.
    pub why: Why,
}

/// The constraints of a KB over `2 * events + 1` nodes.
#[derive(Clone, Debug, Default)]
pub struct Network {
    /// The number of nodes: the origin, then a start and an end per event.
    pub nodes: u32,
    /// Every constraint, in the order of the claims.
    pub constraints: Vec<Constraint>,
}

/// Returns the earliest second of a lower bound, or `None` when unbounded or out of range.
pub fn lower_seconds(bound: Bound) -> Option<i64> {
    let p = bound.point()?;
    let s = p
        .day
        .checked_mul(DAY)?
        .checked_add(i64::from(p.second.unwrap_or(0)))?;
    (s.abs() <= LIMIT).then_some(s)
}

/// Returns the latest second of an upper bound: a day without a time ends at its last second.
pub fn upper_seconds(bound: Bound) -> Option<i64> {
    let p = bound.point()?;
    let s = p
        .day
        .checked_mul(DAY)?
        .checked_add(i64::from(p.second.unwrap_or(SECONDS_PER_DAY - 1)))?;
    (s.abs() <= LIMIT).then_some(s)
}

/// Returns true when a date has a known bound the network cannot represent (beyond
/// [`LIMIT`] seconds from 1970), so that reasoning would silently leave it out.
pub fn out_of_range(edtf: &crate::date::Edtf) -> bool {
    let (start, end) = (edtf.start_range(), edtf.end_range());
    [start.0, end.0]
        .into_iter()
        .any(|b| b.point().is_some() && lower_seconds(b).is_none())
        || [start.1, end.1]
            .into_iter()
            .any(|b| b.point().is_some() && upper_seconds(b).is_none())
}

/// Returns a point of the time line as a bound: a whole day when the seconds add nothing.
pub fn lower_bound(seconds: i64) -> Bound {
    let (day, second) = (seconds.div_euclid(DAY), seconds.rem_euclid(DAY) as u32);
    Bound::At(if second == 0 {
        Point::day(day)
    } else {
        Point::at(day, second)
    })
}

/// Returns the latest point as a bound: a whole day when it is the day's last second.
pub fn upper_bound(seconds: i64) -> Bound {
    let (day, second) = (seconds.div_euclid(DAY), seconds.rem_euclid(DAY) as u32);
    Bound::At(if second == SECONDS_PER_DAY - 1 {
        Point::day(day)
    } else {
        Point::at(day, second)
    })
}

/// Turns periods into ranges of seconds, remembering the month counts already measured.
#[derive(Debug, Default)]
pub struct PeriodRanges {
    months: HashMap<i64, (i64, i64)>,
}

/// Months in a Gregorian cycle of 400 years.
const CYCLE_MONTHS: i64 = 4800;
/// Days in a Gregorian cycle of 400 years.
const CYCLE_DAYS: i64 = 146_097;

impl PeriodRanges {
    /// Returns the fewest and most seconds a period can span, wherever it is added.
    pub fn range(&mut self, period: Period) -> Option<(i64, i64)> {
        let (lo, hi) = self.month_days(period.months);
        let fixed = period.days.checked_mul(DAY)?.checked_add(period.seconds)?;
        let lo = lo.checked_mul(DAY)?.checked_add(fixed)?;
        let hi = hi.checked_mul(DAY)?.checked_add(fixed)?;
        (lo.abs() <= LIMIT && hi.abs() <= LIMIT).then_some((lo, hi))
    }

    /// Returns the fewest and most days `months` months span, by measuring them from
    /// every day of one 400-year cycle (the calendar repeats after it).
    fn month_days(&mut self, months: i64) -> (i64, i64) {
        if months == 0 {
            return (0, 0);
        }
        let (cycles, rest) = (
            months.div_euclid(CYCLE_MONTHS),
            months.rem_euclid(CYCLE_MONTHS),
        );
        let (lo, hi) = *self.months.entry(rest).or_insert_with(|| measure(rest));
        let base = cycles.saturating_mul(CYCLE_DAYS);
        (base.saturating_add(lo), base.saturating_add(hi))
    }
}

fn measure(months: i64) -> (i64, i64) {
    // The answer never changes, and measuring takes milliseconds: a long-running
    // process (`annals lsp` checks after every edit) measures each count once.
    static MEASURED: std::sync::OnceLock<std::sync::Mutex<HashMap<i64, (i64, i64)>>> =
        std::sync::OnceLock::new();
    let memo = MEASURED.get_or_init(Default::default);
    let known = memo
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(&months)
        .copied();
    if let Some(known) = known {
        return known;
    }
    let measured = measure_once(months);
    memo.lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(months, measured);
    measured
}

fn measure_once(months: i64) -> (i64, i64) {
    let first = days_from_civil(2000, 1, 1);
    let step = Period {
        months,
        days: 0,
        seconds: 0,
    };
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for day in first..first + CYCLE_DAYS {
        // Only the day of the month and the month matter to the length; skip to the
        // days that can differ (the 28th onwards) once the first of a month is measured.
        let (_, _, d) = civil_from_days(day);
        if d > 1 && d < 28 {
            continue;
        }
        if let Some(end) = step.add_to(Point::day(day)) {
            lo = lo.min(end.day - day);
            hi = hi.max(end.day - day);
        }
    }
    (lo, hi)
}

/// Builds the network of `kb` from the relations and citations whose claims `view`
/// takes as facts.
pub fn build(kb: &Kb, view: &ClaimView) -> Network {
    let mut b = Builder {
        net: Network {
            nodes: 1 + 2 * kb.events().len() as u32,
            constraints: Vec::with_capacity(kb.events().len() * 5 + kb.relations().len() * 2),
        },
        ranges: PeriodRanges::default(),
    };
    let counts = |claims: &[Claim]| kb.vocab().holds(view, claims);
    // A relation counts when it and the events at its ends hold: an event whose
    // occurrence is only claimed constrains no other.
    let event_holds = |id: Sym| match kb.lookup(id) {
        Some(Entity::Event(e)) => counts(kb.events()[e as usize].positions()),
        _ => true,
    };
    for (e, event) in kb.events().iter().enumerate() {
        b.event(kb, e as u32, event, &counts);
    }
    for (r, relation) in kb.relations().iter().enumerate() {
        if counts(relation.positions())
            && event_holds(relation.from.node)
            && event_holds(relation.to.node)
        {
            b.relation(kb, r as u32, relation);
        }
    }
    b.net
}

struct Builder {
    net: Network,
    ranges: PeriodRanges,
}

impl Builder {
    /// Adds `x[to] <= x[from] + weight`.
    fn le(&mut self, to: u32, from: u32, weight: i64, why: Why) {
        self.net.constraints.push(Constraint {
            from,
            to,
            weight,
            why,
        });
    }

    /// Adds `lo <= x[to] - x[from] <= hi`.
    fn between(&mut self, from: u32, to: u32, lo: i64, hi: i64, why: Why) {
        self.le(to, from, hi, why);
        self.le(from, to, -lo, why);
    }

    fn event(&mut self, kb: &Kb, e: u32, event: &Event, counts: &impl Fn(&[Claim]) -> bool) {
        let (s, t) = (start_node(e), end_node(e));
        if let Some(date) = &event.date {
            let edtf = &date.node.edtf;
            let (start, end) = (edtf.start_range(), edtf.end_range());
            // A single date with a duration is when the event starts; the duration alone
            // says when it ends (`2014-02-28` for `P10M` ends in December).
            let bounded_end = edtf.is_interval() || event.duration.is_none();
            let lowers = [(s, start.0, Side::StartLower), (t, end.0, Side::EndLower)];
            let uppers = [(s, start.1, Side::StartUpper), (t, end.1, Side::EndUpper)];
            for (node, bound, side) in lowers {
                if let Some(x) = lower_seconds(bound).filter(|_| node == s || bounded_end) {
                    self.le(ORIGIN, node, -x, Why::Date(e, side));
                }
            }
            for (node, bound, side) in uppers {
                if let Some(x) = upper_seconds(bound).filter(|_| node == s || bounded_end) {
                    self.le(node, ORIGIN, x, Why::Date(e, side));
                }
            }
        }
        self.le(s, t, 0, Why::Order(e));
        if let Some(duration) = &event.duration
            && let Some((lo, hi)) = self.ranges.range(duration.node)
        {
            self.between(s, t, lo, hi, Why::Duration(e));
        }
        for (i, r) in event.sources.iter().enumerate() {
            // A `scheduled` citation announces the event ahead of time: no cap.
            let scheduled = r
                .claims
                .iter()
                .any(|c| kb.vocab().is_scheduled(c.status.as_ref().map(|s| s.node)));
            if !counts(&r.claims) || scheduled {
                continue;
            }
            let Some(Entity::Source(src)) = kb.lookup(r.id.node) else {
                continue;
            };
            let date = kb.sources()[src as usize].date.as_ref();
            if let Some(x) = date.and_then(|d| upper_seconds(d.node.edtf.upper())) {
                self.le(s, ORIGIN, x, Why::Source(e, i as u32));
            }
        }
    }

    fn relation(&mut self, kb: &Kb, r: u32, relation: &Relation) {
        let (Some(Entity::Event(a)), Some(Entity::Event(b))) =
            (kb.lookup(relation.from.node), kb.lookup(relation.to.node))
        else {
            return;
        };
        let Some(meaning) = kb.vocab().time_meaning(relation.kind.node) else {
            return;
        };
        use crate::vocab::TimeMeaning::*;
        let why = Why::Relation(r);
        let (sa, ea, sb, eb) = (start_node(a), end_node(a), start_node(b), end_node(b));
        match meaning {
            Before => self.before(ea, sb, relation.gap.as_deref(), why),
            After => self.before(eb, sa, relation.gap.as_deref(), why),
            Meets => self.between(ea, sb, 0, 0, why),
            Overlaps => {
                self.le(sa, sb, 0, why);
                self.le(sb, ea, 0, why);
                self.le(ea, eb, 0, why);
            }
            During | PartOf => {
                self.le(sb, sa, 0, why);
                self.le(ea, eb, 0, why);
            }
            Contains => {
                self.le(sa, sb, 0, why);
                self.le(eb, ea, 0, why);
            }
            Starts => {
                self.between(sa, sb, 0, 0, why);
                self.le(ea, eb, 0, why);
            }
            Finishes => {
                self.between(ea, eb, 0, 0, why);
                self.le(sb, sa, 0, why);
            }
            Equals => {
                self.between(sa, sb, 0, 0, why);
                self.between(ea, eb, 0, 0, why);
            }
            Causes => self.le(sa, sb, 0, why),
            RespondsTo => self.le(sb, sa, 0, why),
            Follows => self.le(eb, sa, 0, why),
        }
    }

    /// The event whose end is node `end` ends before the one whose start is `start`.
    fn before(&mut self, end: u32, start: u32, gap: Option<&Gap>, why: Why) {
        let range = match gap {
            Some(Gap::Exact(p)) => self.ranges.range(p.node),
            Some(Gap::Range(lo, hi)) => self
                .ranges
                .range(lo.node)
                .zip(self.ranges.range(hi.node))
                .map(|(l, h)| (l.0, h.1)),
            None => {
                // One second, the smallest step, at every precision (SPEC §4).
                self.le(end, start, -1, why);
                return;
            }
        };
        if let Some((lo, hi)) = range {
            self.between(end, start, lo, hi, why);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ranges_follow_the_calendar() {
        let mut r = PeriodRanges::default();
        let p = |s: &str| Period::parse(s).unwrap();
        assert_eq!(r.range(p("P1M")), Some((28 * DAY, 31 * DAY)));
        assert_eq!(r.range(p("P1Y")), Some((365 * DAY, 366 * DAY)));
        assert_eq!(r.range(p("P16D")), Some((16 * DAY, 16 * DAY)));
        assert_eq!(r.range(p("PT1H")), Some((3600, 3600)));
        assert_eq!(r.range(p("P400Y")), Some((146_097 * DAY, 146_097 * DAY)));
        let (lo, hi) = r.range(p("P10M")).unwrap();
        assert!(lo >= 299 * DAY && hi <= 306 * DAY, "{lo} {hi}");
    }

    #[test]
    fn seconds_round_trip_to_bounds() {
        let day = days_from_civil(2021, 2, 2);
        let lo = lower_seconds(Bound::At(Point::day(day))).unwrap();
        let hi = upper_seconds(Bound::At(Point::day(day))).unwrap();
        assert_eq!(hi - lo, DAY - 1);
        assert_eq!(lower_bound(lo), Bound::At(Point::day(day)));
        assert_eq!(upper_bound(hi), Bound::At(Point::day(day)));
        assert_eq!(lower_bound(lo + 60), Bound::At(Point::at(day, 60)));
        assert_eq!(lower_seconds(Bound::Open), None);
    }

    #[test]
    fn nodes_map_back_to_events() {
        assert_eq!(node_event(start_node(7)), Some((7, false)));
        assert_eq!(node_event(end_node(7)), Some((7, true)));
        assert_eq!(node_event(ORIGIN), None);
    }
}
