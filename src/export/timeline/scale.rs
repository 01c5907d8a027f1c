//! The piecewise time scale of the timeline: which stretches of time the axis shows and
//! how wide each is drawn. Long empty stretches are cut out (axis breaks); a crowded
//! stretch (an hour-by-hour day among years) becomes a zoomed piece of its own, joined
//! to its neighbours without a cut; each piece is linear, and its width follows both
//! its length and the number of events in it.

use super::axis::DAY;

/// At most this many clusters separated by cuts; the shorter gaps are kept beyond that.
const MAX_CLUSTERS: usize = 6;
/// At most this many pieces in all, cut or zoomed.
const MAX_PIECES: usize = 9;
/// Rounds of zooming: a zoomed piece may hold a zoomed piece of its own (a day of hours
/// within weeks of days within years).
const ZOOM_ROUNDS: usize = 3;
/// A gap is cut out when it is longer than this share of the whole span.
const GAP_SHARE: f64 = 0.1;
/// Two events whose marks would be closer than this many pixels are crowded.
const CROWDED: f64 = 10.0;
/// The crowding distances tried in turn, in pixels.
const CROWDING: [f64; 3] = [CROWDED, 2.0, 0.4];
/// A crowded run of at least this many distinct times is zoomed...
const ZOOM_MIN_TIMES: usize = 4;
/// ...when it spans at most this share of its piece.
const ZOOM_SHARE: f64 = 0.1;
/// A zoomed piece reaches this share of its run's length beyond either end.
const ZOOM_PAD: f64 = 0.08;
/// The least width of a piece, so its ticks stay legible.
const MIN_PIECE: f64 = 60.0;
/// The share of the spare width given by length; the rest goes by number of times.
const LENGTH_SHARE: f64 = 0.3;
/// The least width of a zoomed piece deeper than its neighbours, so the times it was
/// zoomed for stand apart.
const MIN_ZOOMED: f64 = 180.0;
/// How much more each round of zooming weighs a piece's times in sharing the width.
const ZOOM_WEIGHT: f64 = 1.0;
/// The width each distinct time in a piece asks for.
const SPACING: f64 = 8.0;
/// The width of an axis break, in pixels.
pub const BREAK_WIDTH: f64 = 28.0;

/// One stretch of time drawn at one scale, before it is given a place.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// First second shown.
    pub start: f64,
    /// Last second shown.
    pub end: f64,
    /// Continues the previous piece's time without a cut.
    pub joined: bool,
    /// How many rounds of zooming made it: 0 for the scale of its cluster.
    pub zoom: u8,
}

/// Returns the pieces of the axis for `spans` (start, end seconds) across `usable`
/// pixels, with the width of each, in time order.
pub fn pieces(spans: &[(f64, f64)], usable: f64) -> Vec<(Piece, f64)> {
    let groups = clusters(spans);
    let Some(first) = groups.first() else {
        return Vec::new();
    };
    // Pad each cluster so marks never sit on its edge; an instant gets a day (or an
    // hour when it is shorter than a day) either side.
    let whole = groups.last().map_or(0.0, |g| g.1) - first.0;
    let mut pieces: Vec<Piece> = groups
        .iter()
        .map(|&(a, b)| {
            let pad = ((b - a) * 0.04).max(whole * 0.005);
            let pad = if pad > 0.0 { pad.max(60.0) } else { DAY };
            Piece {
                start: a - pad,
                end: b + pad,
                joined: false,
                zoom: 0,
            }
        })
        .collect();
    let all = centres(spans);
    let mut centres = all.clone();
    centres.dedup();
    let usable = usable - BREAK_WIDTH * (pieces.len() - 1) as f64;
    for _ in 0..ZOOM_ROUNDS {
        let widths = allocate(&pieces, &all, usable);
        let mut next = Vec::new();
        for (i, (piece, width)) in pieces.iter().zip(&widths).enumerate() {
            // A split adds at most two pieces; stop before there would be too many.
            if next.len() + (pieces.len() - i) + 2 > MAX_PIECES {
                next.push(piece.clone());
                continue;
            }
            let last = pieces.get(i + 1).is_none_or(|p| !p.joined);
            next.extend(zoom(piece, *width, last, &centres, spans));
        }
        if next == pieces {
            break;
        }
        pieces = next;
    }
    let widths = allocate(&pieces, &all, usable);
    pieces.into_iter().zip(widths).collect()
}

/// Returns the centres of `spans`, sorted: where their marks sit.
fn centres(spans: &[(f64, f64)]) -> Vec<f64> {
    let mut out: Vec<f64> = spans.iter().map(|&(a, b)| (a + b.max(a)) / 2.0).collect();
    out.sort_by(f64::total_cmp);
    out
}

/// Returns the times of `centres` within `piece`.
fn inside<'a>(piece: &Piece, centres: &'a [f64]) -> &'a [f64] {
    let lo = centres.partition_point(|&c| c < piece.start);
    let hi = centres.partition_point(|&c| c <= piece.end);
    &centres[lo..hi.max(lo)]
}

/// Returns the width of each piece: each gets room for its times (`all`, at least
/// [`MIN_PIECE`]); the rest is shared by its length and its number of times.
fn allocate(pieces: &[Piece], all: &[f64], usable: f64) -> Vec<f64> {
    let counts: Vec<usize> = pieces.iter().map(|p| inside(p, all).len()).collect();
    // A zoomed piece deeper than its neighbours is what the zooming was for.
    let zoom_at = |i: usize| pieces.get(i).map_or(0, |p: &Piece| p.zoom);
    let mut mins: Vec<f64> = pieces
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut times = inside(p, all).to_vec();
            times.dedup();
            let focus =
                p.zoom > 0 && p.zoom > zoom_at(i + 1) && (i == 0 || p.zoom > zoom_at(i - 1));
            let least = if focus { MIN_ZOOMED } else { MIN_PIECE };
            (times.len() as f64 * SPACING).max(least)
        })
        .collect();
    let total_min: f64 = mins.iter().sum();
    if total_min > usable {
        for m in &mut mins {
            *m *= usable / total_min;
        }
    }
    let spare = (usable - mins.iter().sum::<f64>()).max(0.0);
    let total_len: f64 = pieces.iter().map(|p| p.end - p.start).sum();
    // Times in a zoomed piece weigh more, the more it was zoomed: they were crowded.
    let weight = |p: &Piece, n: usize| n as f64 * (1.0 + ZOOM_WEIGHT * f64::from(p.zoom));
    let total_n = pieces
        .iter()
        .zip(&counts)
        .map(|(p, &n)| weight(p, n))
        .sum::<f64>()
        .max(1.0);
    pieces
        .iter()
        .zip(&counts)
        .zip(&mins)
        .map(|((p, &n), &min)| {
            let share = LENGTH_SHARE * (p.end - p.start) / total_len
                + (1.0 - LENGTH_SHARE) * weight(p, n) / total_n;
            min + spare * share
        })
        .collect()
}

/// Splits `piece`, drawn `width` pixels wide, around its most crowded run of times:
/// the run becomes a zoomed piece, joined to what is left either side (left out when
/// it holds nothing). Returns the piece unchanged when no run is crowded enough.
/// `last` says whether the piece ends its stretch of time (a cut or the end follows).
fn zoom(
    piece: &Piece,
    width: f64,
    last: bool,
    centres: &[f64],
    spans: &[(f64, f64)],
) -> Vec<Piece> {
    let times = inside(piece, centres);
    let len = piece.end - piece.start;
    let scale = width / len;
    // The most crowded run that qualifies: marks closer than the crowding distance,
    // else a tenth of it, and so on (an hour-by-hour day inside crowded weeks).
    let Some((a, z)) = CROWDING
        .iter()
        .find_map(|&px| crowded_run(times, scale / px * CROWDED, len))
    else {
        return vec![piece.clone()];
    };
    // The zoomed piece shows whole every span centred in the run.
    let (lo, hi) = spans
        .iter()
        .filter(|&&(p, q)| (p + q.max(p)) / 2.0 >= a && (p + q.max(p)) / 2.0 <= z)
        .fold((a, z), |(lo, hi), &(p, q)| (lo.min(p), hi.max(q)));
    let pad = ((hi - lo) * ZOOM_PAD).max(60.0);
    let (mut lo, mut hi) = ((lo - pad).max(piece.start), (hi + pad).min(piece.end));
    // What is left either side stays a piece at the old scale when it holds a time;
    // else the zoomed piece takes it in, so no time goes missing.
    let before = Piece {
        end: lo,
        ..piece.clone()
    };
    let after = Piece {
        start: hi,
        joined: true,
        ..piece.clone()
    };
    let keep_before = !inside(&before, centres).is_empty();
    let keep_after = !inside(&after, centres).is_empty();
    // At the edge of a stretch the rest is only padding: the zoomed piece ends there.
    if !keep_before && piece.joined {
        lo = piece.start;
    }
    if !keep_after && !last {
        hi = piece.end;
    }
    let mut out = Vec::new();
    if keep_before {
        out.push(before);
    }
    out.push(Piece {
        start: lo,
        end: hi,
        joined: keep_before || piece.joined,
        zoom: piece.zoom + 1,
    });
    if keep_after {
        out.push(after);
    }
    out
}

/// Returns the first and last time of the longest run of `times` whose neighbours
/// would be drawn closer than [`CROWDED`] pixels at `scale`, when it has at least
/// [`ZOOM_MIN_TIMES`] times and spans at most [`ZOOM_SHARE`] of `len`.
fn crowded_run(times: &[f64], scale: f64, len: f64) -> Option<(f64, f64)> {
    let mut best: Option<(usize, usize)> = None;
    let mut start = 0;
    for i in 1..=times.len() {
        let crowded = i < times.len() && (times[i] - times[i - 1]) * scale < CROWDED;
        if crowded {
            continue;
        }
        let n = i - start;
        if n >= ZOOM_MIN_TIMES && best.is_none_or(|(a, z)| n > z - a + 1) {
            best = Some((start, i - 1));
        }
        start = i;
    }
    let (a, z) = best?;
    let (a, z) = (times[a], times[z]);
    (z - a <= len * ZOOM_SHARE && z > a).then_some((a, z))
}

/// Returns the clusters of `spans` (start, end seconds) separated by long empty gaps.
fn clusters(spans: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut sorted: Vec<(f64, f64)> = spans.iter().map(|&(a, b)| (a, b.max(a))).collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let Some(&(first, _)) = sorted.first() else {
        return Vec::new();
    };
    let last = sorted.iter().map(|s| s.1).fold(first, f64::max);
    let threshold = (last - first) * GAP_SHARE;
    // Merge overlapping spans into runs, noting the empty gaps between runs.
    let mut runs: Vec<(f64, f64)> = Vec::new();
    for (a, b) in sorted {
        match runs.last_mut() {
            Some(run) if a <= run.1 => run.1 = run.1.max(b),
            _ => runs.push((a, b)),
        }
    }
    // Cut only the longest gaps, and only those longer than the threshold.
    let mut gaps: Vec<(f64, usize)> = runs
        .windows(2)
        .enumerate()
        .map(|(i, w)| (w[1].0 - w[0].1, i))
        .filter(|&(gap, _)| gap > threshold && gap > 0.0)
        .collect();
    gaps.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    gaps.truncate(MAX_CLUSTERS - 1);
    let mut cut: Vec<usize> = gaps.into_iter().map(|g| g.1).collect();
    cut.sort_unstable();
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut current = runs[0];
    for (i, run) in runs.iter().enumerate().skip(1) {
        if cut.contains(&(i - 1)) {
            out.push(current);
            current = *run;
        } else {
            current.1 = current.1.max(run.1);
        }
    }
    out.push(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::days_from_civil;

    fn day(y: i64, m: u32, d: u32) -> f64 {
        days_from_civil(y, m, d) as f64 * DAY
    }

    #[test]
    fn an_hour_by_hour_day_among_years_is_zoomed() {
        let mut spans = vec![
            (day(2006, 8, 1), day(2006, 9, 1)),
            (day(2010, 7, 9), day(2010, 7, 10)),
            (day(2021, 9, 21), day(2021, 9, 22)),
        ];
        for hour in [9.0, 11.0, 12.5, 14.0, 16.0, 18.0] {
            let t = day(2018, 3, 4) + hour * 3600.0;
            spans.push((t, t));
        }
        let pieces = pieces(&spans, 1000.0);
        let zoomed: Vec<&(Piece, f64)> = pieces.iter().filter(|(p, _)| p.zoom > 0).collect();
        assert!(!zoomed.is_empty(), "{pieces:?}");
        let (p, w) = zoomed[zoomed.len() - 1];
        assert!(p.end - p.start < 2.0 * DAY, "{p:?}");
        // Two hours apart are at least the crowding distance apart.
        assert!(w / (p.end - p.start) * 7200.0 >= CROWDED, "{pieces:?}");
    }
}
