//! One date of a phrase ("circa Feb 1812", "the 1860s", "4 March 2018 11:48 GMT"):
//! its words gathered into fields, and its EDTF form.

use super::words::{Part, Word};
use crate::date::days_in_month;

/// The year part of a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Years {
    /// One year, astronomically numbered (1 BCE is 0, SPEC §3).
    Year(i64),
    /// A decade: the year divided by ten (186 for the 1860s).
    Decade(i64),
    /// A century as EDTF writes it: its first two digits (18 for 18XX), and whether it
    /// is before the common era (`-01XX` is the 2nd century BCE).
    Century(i64, bool),
}

impl Years {
    /// Returns the first and last year, astronomically numbered.
    fn span(self) -> (i64, i64) {
        match self {
            Years::Year(y) => (y, y),
            Years::Decade(d) => (d * 10, d * 10 + 9),
            Years::Century(c, false) => (c * 100, c * 100 + 99),
            Years::Century(c, true) => (-(c * 100 + 99), -(c * 100)),
        }
    }

    /// Returns the EDTF year: `1860`, `186X`, `18XX`, `-0043`, `-01XX`.
    fn edtf(self) -> Option<String> {
        match self {
            Years::Year(y) => year(y),
            Years::Decade(d) => (0..1000).contains(&d).then(|| format!("{d:03}X")),
            Years::Century(c, bce) => (0..100)
                .contains(&c)
                .then(|| format!("{}{c:02}XX", if bce { "-" } else { "" })),
        }
    }
}

/// Writes a year with four digits, and `-` before year 0.
fn year(y: i64) -> Option<String> {
    match y {
        0..=9999 => Some(format!("{y:04}")),
        -9999..=-1 => Some(format!("-{:04}", -y)),
        _ => None,
    }
}

/// One date of a phrase, as fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Side {
    /// The year, decade or century.
    pub years: Option<Years>,
    month: Option<u32>,
    day: Option<u32>,
    season: Option<u32>,
    /// Seconds after midnight and how many fields were written.
    time: Option<(u32, usize)>,
    /// The UTC offset in minutes.
    zone: Option<i32>,
    approximate: bool,
    uncertain: bool,
    /// "early", "mid" or "late".
    pub part: Option<Part>,
    unspecified_month: bool,
    unspecified_day: bool,
}

/// What the words of one side hold before small numbers are placed.
#[derive(Default)]
struct Gathered {
    side: Side,
    small: Vec<i64>,
    decades: Option<(i64, usize)>,
    era: Option<bool>,
    meridiem: Option<bool>,
    others: usize,
}

/// Sets a field once; a second value means the words do not make one date.
fn once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    slot.replace(value).is_none().then_some(())
}

impl Gathered {
    /// Takes one word into its field.
    fn take(&mut self, words: &[Word], i: usize) -> Option<()> {
        let s = &mut self.side;
        let before_century = words.get(i + 1) == Some(&Word::Century);
        match words[i] {
            Word::Approximate => s.approximate = true,
            Word::Uncertain => s.uncertain = true,
            Word::Part(p) => once(&mut s.part, p)?,
            Word::Month(m) => once(&mut s.month, m)?,
            Word::Season(n) => once(&mut s.season, n)?,
            Word::Number(n, _) | Word::Ordinal(n) if before_century => {
                once(&mut s.years, Years::Century(n.checked_sub(1)?, false))?
            }
            Word::Number(n, 3 | 4) => once(&mut s.years, Years::Year(n))?,
            Word::Number(n, _) | Word::Ordinal(n) => self.small.push(n),
            Word::Decades(n, digits) => once(&mut self.decades, (n, digits))?,
            Word::CenturyNumber(n) => once(&mut s.years, Years::Century(n.checked_sub(1)?, false))?,
            Word::Century => {}
            Word::Era(bce) => once(&mut self.era, bce)?,
            Word::Unspecified("day") => s.unspecified_day = true,
            Word::Unspecified(_) => s.unspecified_month = true,
            Word::Time(t, fields) => once(&mut s.time, (t, fields))?,
            Word::Meridiem(pm) => once(&mut self.meridiem, pm)?,
            Word::Zone(z) => once(&mut s.zone, z)?,
            Word::Slashed(ref parts) => self.slashed(parts)?,
            Word::Other | Word::Between => self.others += 1,
            Word::To | Word::And | Word::Before | Word::After => return None,
        }
        Some(())
    }

    /// Takes "7/2008", "2018/03/04" or an unambiguous "10/17/2008".
    fn slashed(&mut self, parts: &[u32]) -> Option<()> {
        let s = &mut self.side;
        let (y, m, d) = match *parts {
            [m, y] if y >= 1000 => (y, m, None),
            [y, m, d] if y >= 1000 => (y, m, Some(d)),
            [a, b, y] if y >= 1000 && (a > 12 || a == b) => (y, b, Some(a)),
            [a, b, y] if y >= 1000 && b > 12 => (y, a, Some(b)),
            _ => return None,
        };
        once(&mut s.years, Years::Year(i64::from(y)))?;
        once(&mut s.month, m)?;
        if let Some(d) = d {
            once(&mut s.day, d)?;
        }
        Some(())
    }

    /// Places small numbers (a day, or a year with an era), applies the era and the
    /// meridiem, and returns the date.
    fn finish(mut self) -> Option<Side> {
        let s = &mut self.side;
        if let Some((n, digits)) = self.decades {
            once(&mut s.years, decades(n, digits, s.approximate)?)?;
        }
        for n in self.small {
            if self.era.is_some() && s.years.is_none() {
                s.years = Some(Years::Year(n));
            } else if (s.month.is_some() || s.years.is_none()) && s.day.is_none() {
                s.day = Some(u32::try_from(n).ok()?);
            } else {
                return None;
            }
        }
        if self.era == Some(true) {
            s.years = Some(match s.years? {
                Years::Year(y) if y >= 1 => Years::Year(1 - y),
                Years::Century(c, false) => Years::Century(c, true),
                _ => return None,
            });
        }
        if let Some(pm) = self.meridiem {
            let (t, fields) = s.time?;
            let hour = t / 3600;
            if !(1..=12).contains(&hour) {
                return None;
            }
            let t = match (pm, hour) {
                (true, 1..=11) => t + 12 * 3600,
                (false, 12) => t - 12 * 3600,
                _ => t,
            };
            s.time = Some((t, fields));
        }
        // Words the phrase does not know are allowed around a date ("active 1910"), not
        // around a time of day, where they may be a zone.
        (s.time.is_none() || self.others == 0).then_some(())?;
        (s.day.is_none() || s.month.is_some()).then_some(())?;
        Some(self.side)
    }
}

/// Reads "1860s" (a decade), "1800s" (a century, but a decade when approximate, as the
/// corpus has it: "c1800s" is `180X~`) and "'90s".
fn decades(n: i64, digits: usize, approximate: bool) -> Option<Years> {
    let n = if digits == 2 { pivot(n) } else { n };
    if n % 100 == 0 && !approximate {
        Some(Years::Century(n / 100, false))
    } else {
        (n % 10 == 0).then_some(Years::Decade(n / 10))
    }
}

/// Reads a two-digit year as POSIX `strptime` `%y` does: 69–99 are 1969–1999, 00–68
/// are 2000–2068.
pub fn pivot(yy: i64) -> i64 {
    if yy >= 69 { 1900 + yy } else { 2000 + yy }
}

impl Side {
    /// Reads the words of one date, or `None` when they are not one.
    pub fn read(words: &[Word]) -> Option<Side> {
        let mut gathered = Gathered::default();
        for i in 0..words.len() {
            gathered.take(words, i)?;
        }
        let side = gathered.finish()?;
        let s = &side;
        let some = s.years.is_some() || s.month.is_some() || s.season.is_some();
        some.then_some(side)
    }

    /// True when the date names a year, decade or century.
    pub fn has_years(&self) -> bool {
        self.years.is_some()
    }

    /// Returns the qualifier mark: `?`, `~`, `%` or nothing.
    fn mark(&self) -> &'static str {
        match (self.uncertain, self.approximate) {
            (true, true) => "%",
            (true, false) => "?",
            (false, true) => "~",
            (false, false) => "",
        }
    }

    /// Returns the EDTF form of the date, leaving out "early", "mid" or "late" (an
    /// interval end cannot be an interval).
    pub fn edtf(&self) -> Option<String> {
        let mut out = match self.years {
            Some(y) => y.edtf()?,
            None => "XXXX".to_string(),
        };
        if let Some(season) = self.season {
            // "day in Spring 1849" is an unspecified day of the season: `1849-21-XX`.
            (self.month.is_none() && self.day.is_none() && !self.unspecified_month).then_some(())?;
            out.push_str(&format!("-{season}"));
        } else if let Some(m) = self.month {
            out.push_str(&format!("-{m:02}"));
        } else if self.unspecified_month || self.unspecified_day {
            out.push_str("-XX");
        }
        if let Some(d) = self.day {
            out.push_str(&format!("-{d:02}"));
        } else if self.unspecified_day {
            out.push_str("-XX");
        }
        if let Some((t, fields)) = self.time {
            (self.day.is_some() && matches!(self.years, Some(Years::Year(_)))).then_some(())?;
            out.push_str(&format!("T{:02}:{:02}", t / 3600, t / 60 % 60));
            if fields == 3 {
                out.push_str(&format!(":{:02}", t % 60));
            }
        }
        match self.zone {
            Some(_) if self.time.is_none() => return None,
            Some(0) => out.push('Z'),
            Some(z) => {
                let sign = if z < 0 { '-' } else { '+' };
                out.push_str(&format!("{sign}{:02}:{:02}", z.abs() / 60, z.abs() % 60));
            }
            None => {}
        }
        out.push_str(self.mark());
        Some(out)
    }

    /// Returns the EDTF form, "early", "mid" or "late" making it an interval: the first,
    /// middle or last third of a month (days 1–10, 11–20, 21–end), a year (January–April,
    /// May–August, September–December), a decade (1990–1993, 1994–1996, 1997–1999) or a
    /// century (1800–1833, 1834–1866, 1867–1899).
    pub fn edtf_with_part(&self) -> Option<String> {
        let Some(part) = self.part else {
            return self.edtf();
        };
        let plain = self.day.is_none() && self.time.is_none() && self.season.is_none();
        (plain && !self.unspecified_day && !self.unspecified_month).then_some(())?;
        let q = self.mark();
        let (first, last) = match (self.years?, self.month) {
            (Years::Year(y), Some(m)) => {
                let (a, b) = thirds(part, 1, i64::from(days_in_month(y, m)))?;
                let ym = format!("{}-{m:02}", year(y)?);
                (format!("{ym}-{a:02}"), format!("{ym}-{b:02}"))
            }
            (Years::Year(y), None) => {
                let (a, b) = thirds(part, 1, 12)?;
                let y = year(y)?;
                (format!("{y}-{a:02}"), format!("{y}-{b:02}"))
            }
            (years, None) => {
                let (lo, hi) = years.span();
                let (a, b) = thirds(part, lo, hi)?;
                (year(a)?, year(b)?)
            }
            _ => return None,
        };
        Some(format!("{first}{q}/{last}{q}"))
    }
}

/// Returns the first, middle or last third of `lo..=hi`; the first third takes the
/// remainder ("early 1990s" is 1990–1993). A month's thirds are 1–10, 11–20, 21–end.
fn thirds(part: Part, lo: i64, hi: i64) -> Option<(i64, i64)> {
    let len = hi - lo + 1;
    if (28..=31).contains(&len) && lo == 1 {
        return Some(match part {
            Part::Early => (1, 10),
            Part::Mid => (11, 20),
            Part::Late => (21, hi),
        });
    }
    let third = len / 3;
    let first = len - 2 * third;
    (third > 0).then_some(match part {
        Part::Early => (lo, lo + first - 1),
        Part::Mid => (lo + first, lo + first + third - 1),
        Part::Late => (hi - third + 1, hi),
    })
}
