//! The time axis of the timeline: occupied stretches of time become segments, long
//! empty stretches between them are cut out (drawn as axis breaks), and each segment
//! gets ticks whose unit fits its span: hours, days, months, years or centuries.

pub use super::scale::BREAK_WIDTH;
use super::scale::pieces;
use crate::date::{civil_from_days, days_from_civil, month_name};

/// Seconds in a day, as a float for positions.
pub const DAY: f64 = 86_400.0;
/// A tick's label may reach this far past the end of its segment.
const LABEL_OVERHANG: f64 = 2.0;
/// Most year ticks before the common era in one segment.
const MAX_BCE_TICKS: usize = 200;
/// Most year ticks in one segment.
const MAX_YEAR_TICKS: usize = 400;

/// One drawn stretch of time.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// First second shown.
    pub start: f64,
    /// Last second shown.
    pub end: f64,
    /// Left edge in pixels.
    pub x0: f64,
    /// Width in pixels.
    pub width: f64,
    /// Continues the previous segment's time without a cut, at another scale.
    pub joined: bool,
    /// How many rounds of zooming made it: 0 for the scale of its stretch of time.
    pub zoom: u8,
}

/// A tick on the axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// Position in pixels.
    pub x: f64,
    /// The label.
    pub label: String,
    /// True for ticks that start a larger unit (a new year on a month axis), drawn bolder.
    pub major: bool,
    /// The right edge of the tick's segment: its label must end before it.
    pub limit: f64,
}

/// The axis: segments left to right, with breaks between them.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// The drawn stretches, in time order.
    pub segments: Vec<Segment>,
}

impl Axis {
    /// Lays out an axis for `spans` across `width` pixels starting at `x0`, in the
    /// pieces of [`pieces`]: cut apart by breaks, or joined where a crowded stretch is
    /// zoomed.
    pub fn new(spans: &[(f64, f64)], x0: f64, width: f64) -> Axis {
        let mut x = x0;
        let mut segments: Vec<Segment> = Vec::new();
        for (piece, seg_width) in pieces(spans, width) {
            if !segments.is_empty() && !piece.joined {
                x += BREAK_WIDTH;
            }
            segments.push(Segment {
                start: piece.start,
                end: piece.end,
                x0: x,
                width: seg_width,
                joined: piece.joined,
                zoom: piece.zoom,
            });
            x += seg_width;
        }
        Axis { segments }
    }

    /// Returns the horizontal extent of each break between segments, in pixels.
    pub fn breaks(&self) -> Vec<(f64, f64)> {
        self.cuts().map(|(a, b)| (a.x0 + a.width, b.x0)).collect()
    }

    /// Returns the pairs of segments either side of each cut, left to right.
    pub fn cuts(&self) -> impl Iterator<Item = (&Segment, &Segment)> {
        self.segments
            .windows(2)
            .filter(|w| !w[1].joined)
            .map(|w| (&w[0], &w[1]))
    }

    /// Returns the right edge of the last segment.
    pub fn right(&self) -> f64 {
        self.segments.last().map_or(0.0, |s| s.x0 + s.width)
    }

    /// Returns the pixel position of a time; times outside every segment are clamped to
    /// the nearest segment edge.
    pub fn x(&self, t: f64) -> f64 {
        let mut best = None;
        for s in &self.segments {
            if t < s.start {
                return best.unwrap_or(s.x0);
            }
            if t <= s.end {
                return s.x0 + (t - s.start) / (s.end - s.start) * s.width;
            }
            best = Some(s.x0 + s.width);
        }
        best.unwrap_or(0.0)
    }

    /// Returns whether the axis reaches before the common era: then years of the
    /// common era say `CE`.
    pub fn bce(&self) -> bool {
        self.segments
            .first()
            .is_some_and(|s| civil_from_days((s.start / DAY).floor() as i64).0 <= 0)
    }

    /// Returns the ticks of every segment.
    pub fn ticks(&self) -> Vec<Tick> {
        // Once the axis reaches before the common era, later years say `CE` too.
        let era = self.bce();
        self.segments
            .iter()
            .flat_map(|s| segment_ticks(s, era))
            .collect()
    }
}

/// A tick unit: a number of hours, days, months or years.
#[derive(Clone, Copy, Debug)]
enum Unit {
    Hours(i64),
    Days(i64),
    Months(i64),
    Years(i64),
}

impl Unit {
    /// The approximate length in seconds, to choose a unit.
    fn seconds(self) -> f64 {
        match self {
            Unit::Hours(n) => n as f64 * 3600.0,
            Unit::Days(n) => n as f64 * DAY,
            Unit::Months(n) => n as f64 * 30.44 * DAY,
            Unit::Years(n) => n as f64 * 365.2425 * DAY,
        }
    }

    /// The label width this unit needs, in pixels.
    fn label_width(self) -> f64 {
        match self {
            Unit::Hours(_) => 40.0,
            Unit::Days(_) => 52.0,
            Unit::Months(_) => 64.0,
            Unit::Years(_) => 72.0,
        }
    }
}

fn units() -> Vec<Unit> {
    let mut out = vec![
        Unit::Hours(1),
        Unit::Hours(3),
        Unit::Hours(6),
        Unit::Hours(12),
        Unit::Days(1),
        Unit::Days(2),
        Unit::Days(7),
        Unit::Months(1),
        Unit::Months(2),
        Unit::Months(3),
        Unit::Months(6),
    ];
    let mut scale = 1i64;
    while scale <= 1_000_000_000_000_000 {
        for m in [1, 2, 5] {
            out.push(Unit::Years(m * scale));
        }
        scale *= 10;
    }
    out
}

/// Returns a year as people write it: `2021`, `44 BCE` (astronomical year -43), and
/// `5 CE` when `era` asks for the suffix on positive years too.
pub fn year_label(year: i64, era: bool) -> String {
    if year <= 0 {
        format!("{} BCE", 1 - i128::from(year))
    } else if era {
        format!("{year} CE")
    } else {
        year.to_string()
    }
}

fn month_short(month: u32) -> &'static str {
    &month_name(month)[..3]
}

/// Returns the ticks of one segment, in a unit whose labels have room.
fn segment_ticks(s: &Segment, era: bool) -> Vec<Tick> {
    let span = s.end - s.start;
    let unit = units()
        .into_iter()
        .find(|u| u.seconds() / span * s.width >= u.label_width())
        .unwrap_or(Unit::Years(1_000_000_000_000_000_000));
    let candidates = match unit {
        Unit::Hours(n) => hour_ticks(s, n, era),
        Unit::Days(n) => day_ticks(s, n, era),
        Unit::Months(n) => month_ticks(s, n, era),
        Unit::Years(n) => year_ticks(s, n, era),
    };
    candidates
        .into_iter()
        .filter(|&(t, _, _)| t >= s.start && t <= s.end)
        .map(|(t, label, major)| Tick {
            x: s.x0 + (t - s.start) / span * s.width,
            label,
            major,
            limit: s.x0 + s.width + LABEL_OVERHANG,
        })
        .collect()
}

/// A tick before it is placed: its time in seconds, its label, and whether it is major.
type Candidate = (f64, String, bool);

/// Returns the first and last day of a segment.
fn days(s: &Segment) -> (i64, i64) {
    ((s.start / DAY).floor() as i64, (s.end / DAY).ceil() as i64)
}

/// Returns a time of day as `06:30`.
fn clock(second: i64) -> String {
    format!("{:02}:{:02}", second / 3600, second / 60 % 60)
}

/// Returns ticks every `n` hours; midnight and the first tick name their day.
fn hour_ticks(s: &Segment, n: i64, era: bool) -> Vec<Candidate> {
    let step = n * 3600;
    let mut out = Vec::new();
    let mut t = (s.start / step as f64).ceil() as i64 * step;
    let mut first = true;
    while (t as f64) <= s.end {
        let day = t.div_euclid(86_400);
        let second = t.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(day);
        let date = format!("{d} {} {}", month_short(m), year_label(y, era));
        if first && second != 0 {
            // The first tick of a segment names its day too.
            out.push((t as f64, format!("{date} {}", clock(second)), true));
        } else if second == 0 {
            out.push((t as f64, date, true));
        } else {
            out.push((t as f64, clock(second), false));
        }
        first = false;
        t += step;
    }
    out
}

/// Returns ticks every `n` days of each month (weekly: the 1st, 8th, 15th and 22nd);
/// the first tick and each new year name the year.
fn day_ticks(s: &Segment, n: i64, era: bool) -> Vec<Candidate> {
    let (first_day, last_day) = days(s);
    let mut out = Vec::new();
    let mut first = true;
    for day in first_day..=last_day {
        let (y, m, d) = civil_from_days(day);
        let on_step = if n == 7 {
            matches!(d, 1 | 8 | 15 | 22)
        } else {
            (d - 1) as i64 % n == 0 && d < 31
        };
        if !on_step {
            continue;
        }
        let t = day as f64 * DAY;
        let major = d == 1 && m == 1;
        let label = if first || major {
            format!("{d} {} {}", month_short(m), year_label(y, era))
        } else {
            format!("{d} {}", month_short(m))
        };
        if t >= s.start {
            first = false;
        }
        out.push((t, label, major));
    }
    out
}

/// Returns ticks every `n` months; the first tick and each January name the year.
fn month_ticks(s: &Segment, n: i64, era: bool) -> Vec<Candidate> {
    let (first_day, last_day) = days(s);
    let (y0, _, _) = civil_from_days(first_day);
    let (y1, _, _) = civil_from_days(last_day);
    let mut out = Vec::new();
    let mut first = true;
    for y in y0..=y1 {
        for m in (1..=12).filter(|m| (m - 1) % n as u32 == 0) {
            let t = days_from_civil(y, m, 1) as f64 * DAY;
            if t < s.start || t > s.end {
                continue;
            }
            let label = if first || m == 1 {
                format!("{} {}", month_short(m), year_label(y, era))
            } else {
                month_short(m).to_string()
            };
            first = false;
            out.push((t, label, m == 1));
        }
    }
    out
}

/// Returns ticks every `n` years; with centuries or more, every tenth is major.
fn year_ticks(s: &Segment, n: i64, era: bool) -> Vec<Candidate> {
    let (first_day, last_day) = days(s);
    let (y0, _, _) = civil_from_days(first_day);
    let (y1, _, _) = civil_from_days(last_day);
    let mut years = Vec::new();
    // BCE ticks fall on round historical years (500 BCE is astronomical -499).
    if y0 <= 0 {
        let hi = 1 - y0;
        let lo = (1 - y1.min(0)).max(1);
        let mut h = hi / n * n;
        while h >= lo && years.len() < MAX_BCE_TICKS {
            years.push(1 - h);
            h -= n;
        }
    }
    if y1 >= 1 {
        let mut y = (y0.max(1) + n - 1) / n * n;
        while y <= y1 && years.len() < MAX_YEAR_TICKS {
            years.push(y);
            y += n;
        }
    }
    years
        .into_iter()
        .map(|y| {
            let t = days_from_civil(y, 1, 1) as f64 * DAY;
            (t, year_label(y, era), n >= 100 && y % (n * 10) == 0)
        })
        .collect()
}

/// Describes the length of a cut-out gap: `5 years`, `7 months`, `12 days`, `3 hours`.
pub fn gap_text(seconds: f64) -> String {
    let days = seconds / DAY;
    let plural = |n: f64, unit: &str| {
        let n = n.round().max(1.0);
        if n == 1.0 {
            format!("1 {unit}")
        } else {
            format!("{n:.0} {unit}s")
        }
    };
    if days >= 730.0 {
        plural(days / 365.2425, "year")
    } else if days >= 60.0 {
        plural(days / 30.44, "month")
    } else if days >= 1.0 {
        plural(days, "day")
    } else {
        plural(seconds / 3600.0, "hour")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i64, m: u32, d: u32) -> f64 {
        days_from_civil(y, m, d) as f64 * DAY
    }

    #[test]
    fn long_gaps_are_cut() {
        let spans = [
            (day(2014, 1, 1), day(2015, 1, 1)),
            (day(2020, 8, 1), day(2020, 9, 1)),
            (day(2021, 1, 17), day(2021, 1, 18)),
            (day(2021, 2, 2), day(2021, 2, 3)),
        ];
        let axis = Axis::new(&spans, 100.0, 1000.0);
        assert_eq!(axis.segments.len(), 2);
        assert!(axis.x(day(2014, 6, 1)) < axis.x(day(2020, 8, 15)));
        assert!(axis.right() <= 1100.0 + 0.001);
    }

    #[test]
    fn years_before_the_common_era_are_labelled() {
        assert_eq!(year_label(-43, false), "44 BCE");
        assert_eq!(year_label(0, false), "1 BCE");
        assert_eq!(year_label(5, true), "5 CE");
        let s = Segment {
            start: day(-500, 1, 1),
            end: day(100, 1, 1),
            x0: 0.0,
            width: 600.0,
            joined: false,
            zoom: 0,
        };
        let labels: Vec<String> = segment_ticks(&s, true)
            .into_iter()
            .map(|t| t.label)
            .collect();
        assert!(labels.contains(&"100 BCE".to_string()), "{labels:?}");
    }

    #[test]
    fn hours_on_a_short_span() {
        let s = Segment {
            start: day(2021, 2, 2),
            end: day(2021, 2, 2) + 12.0 * 3600.0,
            x0: 0.0,
            width: 800.0,
            joined: false,
            zoom: 0,
        };
        let labels: Vec<String> = segment_ticks(&s, true)
            .into_iter()
            .map(|t| t.label)
            .collect();
        assert!(labels.contains(&"06:00".to_string()), "{labels:?}");
        assert_eq!(gap_text(5.5 * 365.0 * DAY), "5 years");
    }
}
