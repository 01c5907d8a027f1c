//! Where everything goes on the timeline: the marks of each event in its lanes, the
//! sub-tracks that keep overlapping bars apart, and label rows chosen so that no label
//! overlaps another and no leader line crosses a label.

use std::collections::HashMap;

use super::arrows::{self, Arrow};
use super::axis::{Axis, Tick};
use super::extent::{Extent, date_text};
use super::geometry::{
    DIAMOND, INSTANT, LANE_PAD, LEFT, LINE_HEIGHT, RIGHT, ROW, TAIL, TOP, TRACK,
};
use super::text::{fit, text_width};
use super::{Lanes, TimelineOptions};
use crate::export::{BoundsFn, Selection, status_name, wrap};
use crate::graph::{EdgeKind, Graph};
use crate::kb::{Entity, Kb};
use crate::model::Sym;
use crate::query::EventBounds;
use crate::query::timeline::kind_text;

/// Width of the column of undated events.
pub const UNDATED_WIDTH: f64 = 200.0;
/// Characters per title line in the undated column, so labels fit in it.
const UNDATED_WRAP: usize = 28;
/// Most label rows in one lane; labels beyond are left out (their marks keep tooltips).
const MAX_ROWS: usize = 12;
/// Most actor lanes; the others share one lane.
const MAX_ACTOR_LANES: usize = 16;

/// One mark of an event in one lane.
#[derive(Clone, Debug)]
pub struct Mark {
    /// Index into `kb.events`.
    pub event: u32,
    /// Index into `Plan::lanes`.
    pub lane: usize,
    /// The whole possible extent in pixels.
    pub range: (f64, f64),
    /// The part the event certainly covers, in pixels.
    pub core: Option<(f64, f64)>,
    /// The start is unbounded: a short fading tail leads into the range.
    pub tail_left: bool,
    /// The end is unbounded: a short fading tail leaves the range.
    pub tail_right: bool,
    /// Narrower than [`INSTANT`]: drawn as a diamond.
    pub instant: bool,
    /// The range is wider than the certain part.
    pub uncertain: bool,
    /// No date written: the bounds come from inference alone.
    pub inferred: bool,
    /// The claim status of this participation when not stated.
    pub status: Option<String>,
    /// The colour slot of the event's kind.
    pub color: usize,
    /// The sub-track within the lane.
    pub track: usize,
    /// No date range on the axis (no date, or bounds on one side only): drawn in the
    /// undated column.
    pub undated: bool,
    /// True for the mark that carries the event's label.
    pub primary: bool,
    /// The tooltip.
    pub tooltip: String,
}

impl Mark {
    /// Returns the horizontal centre of the mark's range.
    pub fn centre(&self) -> f64 {
        (self.range.0 + self.range.1) / 2.0
    }

    /// Returns the horizontal extent of the mark's body: its range, or the diamond of
    /// an instant or an undated entry.
    pub fn body(&self) -> (f64, f64) {
        if self.instant || self.undated {
            let c = self.centre();
            (c - DIAMOND, c + DIAMOND)
        } else {
            self.range
        }
    }

    /// Returns the horizontal extent the mark occupies: its body and its tails.
    pub fn extent(&self) -> (f64, f64) {
        let (a, z) = self.body();
        (
            if self.tail_left { a - TAIL } else { a },
            if self.tail_right { z + TAIL } else { z },
        )
    }
}

/// A label placed in a lane.
#[derive(Clone, Debug)]
pub struct Label {
    /// Index into `Plan::marks`.
    pub mark: usize,
    /// Title lines.
    pub lines: Vec<String>,
    /// The smaller second line: date, or role and status.
    pub detail: String,
    /// Left edge of the label box.
    pub x: f64,
    /// Where the leader line leaves the mark.
    pub leader_x: f64,
    /// Row within the lane.
    pub row: usize,
    /// Width of the box.
    pub width: f64,
}

/// One lane.
#[derive(Clone, Debug)]
pub struct Lane {
    /// The lane's name.
    pub name: String,
    /// Top edge.
    pub y: f64,
    /// Sub-tracks of marks.
    pub tracks: usize,
    /// Rows of labels.
    pub rows: usize,
}

impl Lane {
    /// Returns the lane's height.
    pub fn height(&self) -> f64 {
        LANE_PAD + self.tracks.max(1) as f64 * TRACK + 6.0 + self.rows as f64 * ROW + 8.0
    }

    /// Returns the vertical centre of a sub-track.
    pub fn track_y(&self, track: usize) -> f64 {
        self.y + LANE_PAD + track as f64 * TRACK + TRACK / 2.0
    }

    /// Returns the top of a label row.
    pub fn row_y(&self, row: usize) -> f64 {
        self.y + LANE_PAD + self.tracks.max(1) as f64 * TRACK + 6.0 + row as f64 * ROW
    }
}

/// The whole layout.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The time axis.
    pub axis: Axis,
    /// Its ticks.
    pub ticks: Vec<Tick>,
    /// Lanes top to bottom.
    pub lanes: Vec<Lane>,
    /// Every mark.
    pub marks: Vec<Mark>,
    /// Every placed label.
    pub labels: Vec<Label>,
    /// Relation arrows.
    pub arrows: Vec<Arrow>,
    /// Left edge of the undated column, when there is one.
    pub undated_x: Option<f64>,
    /// Event kinds by colour slot.
    pub kinds: Vec<String>,
    /// Bottom of the last lane.
    pub bottom: f64,
    /// Labels left out for lack of room.
    pub omitted: usize,
    /// Number of events drawn.
    pub events: usize,
    /// Which statuses appear, for the legend.
    pub statuses: Vec<String>,
    /// Whether any mark is inferred.
    pub any_inferred: bool,
    /// The horizontal extent of each axis break, left to right.
    pub breaks: Vec<(f64, f64)>,
}

/// A label box's top edge, below the top of its row.
const LABEL_BOX_DY: f64 = 1.0;
/// A label box's height beyond its title lines: the detail line and a margin.
const LABEL_BOX_EXTRA: f64 = 16.0;
/// Space kept between a label box and the next row.
const ROW_GAP: f64 = 2.0;

impl Plan {
    /// Returns the top of the row of `label`.
    pub fn label_top(&self, label: &Label) -> f64 {
        self.lanes[self.marks[label.mark].lane].row_y(label.row)
    }

    /// Returns the box of `label`: left, top, width and height.
    pub fn label_box(&self, label: &Label) -> (f64, f64, f64, f64) {
        let lines = label.lines.len() as f64;
        let height = (lines * LINE_HEIGHT + LABEL_BOX_EXTRA).min(ROW - ROW_GAP);
        let top = self.label_top(label) + LABEL_BOX_DY;
        (label.x, top, label.width, height)
    }
}

/// A lane assignment before lanes are numbered.
struct Slot {
    event: u32,
    lane_key: LaneKey,
    status: Option<String>,
    role: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum LaneKey {
    Actor(Sym),
    Kind(Sym),
    OtherActors,
    NoActor,
}

/// Lays out a timeline.
pub fn plan(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    bounds: BoundsFn,
    options: &TimelineOptions,
) -> Plan {
    let all_bounds: Vec<EventBounds> = selection.events.iter().map(|&i| bounds(i)).collect();
    let extents: Vec<Option<Extent>> = all_bounds.iter().map(Extent::of).collect();
    // What the axis must show: every drawn range, so no time is cut out of a bar.
    // Only a very long uncertain window (longer than half the whole span) says too
    // little of the time inside it to keep it all: then only its ends and what the
    // event certainly covers count, so the window of an event that can start any time
    // from 2014 to 2021 leaves the empty years cut out (the bar is drawn across the cut).
    let spans = axis_spans(extents.iter().flatten());
    let any_undated = extents.iter().any(Option::is_none);
    let right = options.width - RIGHT - if any_undated { UNDATED_WIDTH } else { 0.0 };
    let axis = Axis::new(&spans, LEFT, right - LEFT);
    let ticks = axis.ticks();
    let undated_x = any_undated.then_some(right + 8.0);

    // Colour slots by kind, in order of first appearance.
    let mut kinds: Vec<String> = Vec::new();
    let mut color_of = |kind: &str| match kinds.iter().position(|k| k == kind) {
        Some(i) => i,
        None => {
            kinds.push(kind.to_string());
            kinds.len() - 1
        }
    };

    // Lane slots.
    let slots = slots(kb, graph, selection, options.lanes);
    let lane_keys = choose_lanes(kb, &slots);
    let lane_index: HashMap<LaneKey, usize> =
        lane_keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut lanes: Vec<Lane> = lane_keys
        .iter()
        .map(|k| Lane {
            name: match k {
                LaneKey::Actor(id) => kb.lookup(*id).map_or("?", |e| kb.label(e)).to_string(),
                LaneKey::Kind(kind) => kb.str(*kind).to_string(),
                LaneKey::OtherActors => "other actors".to_string(),
                LaneKey::NoActor => "no actor".to_string(),
            },
            y: 0.0,
            tracks: 1,
            rows: 0,
        })
        .collect();

    let position: HashMap<u32, usize> = selection
        .events
        .iter()
        .enumerate()
        .map(|(n, &i)| (i, n))
        .collect();
    let chrono = chronological(kb, &selection.events, &all_bounds);
    let mut marks: Vec<Mark> = Vec::new();
    let mut pending_labels: Vec<(usize, Vec<String>, String)> = Vec::new();
    let mut seen_primary = vec![false; selection.events.len()];
    let mut statuses: Vec<String> = Vec::new();
    for slot in &slots {
        let n = position[&slot.event];
        let ext = &extents[n];
        let event = &kb.events[slot.event as usize];
        let lane = lane_index.get(&slot.lane_key).copied().unwrap_or(0);
        let undated = ext.is_none();
        let (range, core, tail_left, tail_right) = match ext {
            None => {
                let x = undated_x.unwrap_or(right) + 14.0;
                ((x, x), None, false, false)
            }
            Some(ext) => (
                (axis.x(ext.lo), axis.x(ext.hi).max(axis.x(ext.lo))),
                ext.core.map(|(p, q)| (axis.x(p), axis.x(q))),
                ext.tail_left,
                ext.tail_right,
            ),
        };
        let width = range.1 - range.0;
        let core_width = core.map_or(0.0, |c| c.1 - c.0);
        let instant = width < INSTANT;
        let uncertain = !instant && (core.is_none() || width > core_width + 2.0);
        // Slots come stated first, so the first slot of an event carries its label.
        let primary = !seen_primary[n];
        seen_primary[n] = true;
        if let Some(s) = &slot.status
            && !statuses.contains(s)
        {
            statuses.push(s.clone());
        }
        let b = &all_bounds[n];
        let date = date_text(kb, slot.event, b, ext.as_ref());
        let title = &*event.title;
        let tooltip = match (&slot.role, &slot.status) {
            (Some(role), Some(status)) => format!("{title} ({date}); {role}, {status}"),
            (Some(role), None) => format!("{title} ({date}); {role}"),
            _ => format!("{title} ({date})"),
        };
        let m = marks.len();
        marks.push(Mark {
            event: slot.event,
            lane,
            range,
            core,
            tail_left,
            tail_right,
            instant,
            uncertain,
            // Hatched only when nothing was written: a written date narrowed by
            // inference is still drawn as a written date.
            inferred: b.inferred && event.date.is_none(),
            status: slot.status.clone(),
            color: color_of(kind_text(kb, event)),
            track: 0,
            undated,
            primary,
            tooltip,
        });
        if primary {
            let mut detail = date;
            if let Some(status) = &slot.status {
                detail = format!("{detail} · {status}");
            }
            let wrap_at = if undated { UNDATED_WRAP } else { 32 };
            pending_labels.push((m, wrap(title, wrap_at, 2), detail));
        } else if let (Some(status), Some(role)) = (&slot.status, &slot.role) {
            let wrap_at = if undated { UNDATED_WRAP } else { 32 };
            pending_labels.push((m, wrap(title, wrap_at, 1), format!("{status} {role}")));
        } else if undated {
            // The undated column is a list: every entry is labelled.
            pending_labels.push((
                m,
                wrap(title, UNDATED_WRAP, 1),
                slot.role.clone().unwrap_or_default(),
            ));
        }
    }

    // Sub-tracks: bars that overlap in a lane go on separate tracks.
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by(|&a, &b| {
        marks[a]
            .range
            .0
            .total_cmp(&marks[b].range.0)
            .then(a.cmp(&b))
    });
    let mut track_ends: Vec<Vec<f64>> = vec![Vec::new(); lanes.len()];
    for m in order {
        if marks[m].undated {
            continue;
        }
        let (a, z) = marks[m].extent();
        let ends = &mut track_ends[marks[m].lane];
        let track = match ends.iter().position(|&end| end + 3.0 <= a) {
            Some(t) => t,
            None => {
                ends.push(f64::NEG_INFINITY);
                ends.len() - 1
            }
        };
        ends[track] = z;
        marks[m].track = track;
    }
    for (lane, ends) in lanes.iter_mut().zip(&track_ends) {
        lane.tracks = ends.len().max(1);
    }

    // Labels: per lane, right to left; each takes the row below every label it would
    // reach, so leader lines (which drop straight down) never cross a label.
    let breaks = axis.breaks();
    let mut labels: Vec<Label> = Vec::new();
    let mut omitted = 0;
    let mut by_lane: Vec<Vec<(usize, Vec<String>, String)>> = vec![Vec::new(); lanes.len()];
    for pending in pending_labels {
        by_lane[marks[pending.0].lane].push(pending);
    }
    for (lane_no, mut pending) in by_lane.into_iter().enumerate() {
        let leader = |m: &Mark| {
            if m.instant || m.undated {
                (m.range.0 + m.range.1) / 2.0
            } else {
                m.range.0.max(LEFT) + 2.0
            }
        };
        // Labels at one place stack in chronological order, earliest on top.
        pending.sort_by(|a, b| {
            leader(&marks[b.0])
                .total_cmp(&leader(&marks[a.0]))
                .then(chrono[&marks[a.0].event].cmp(&chrono[&marks[b.0].event]))
                .then(a.0.cmp(&b.0))
        });
        let leaders: Vec<f64> = pending.iter().map(|p| leader(&marks[p.0])).collect();
        let mut placed: Vec<(f64, usize)> = Vec::new();
        let mut rows_used = 0;
        for (m, mut lines, mut detail) in pending {
            let mark = &marks[m];
            let lx = leader(mark);
            // No label is wider than the room it has: the undated column's, or the
            // picture's. Text cut short keeps its whole in the mark's tooltip.
            let room = if mark.undated {
                options.width - 4.0 - (lx + 10.0)
            } else {
                undated_x.map_or(options.width - RIGHT, |x| x - 12.0) - 4.0
            };
            for line in &mut lines {
                *line = fit(line, 11.0, room - 10.0);
            }
            detail = fit(&detail, 10.0, room - 10.0);
            let width = lines
                .iter()
                .map(|l| text_width(l, 11.0))
                .chain([text_width(&detail, 10.0)])
                .fold(0.0, f64::max)
                + 10.0;
            let limit = if mark.undated {
                options.width - RIGHT
            } else {
                undated_x.map_or(options.width - RIGHT, |x| x - 12.0)
            };
            let x = if mark.undated {
                lx + 10.0
            } else {
                let x = (lx - 4.0).min(limit - width).max(4.0);
                clear_of_breaks(x, width, lx, &breaks, &leaders)
            };
            let reach = x + width + 6.0;
            let mut row = 0;
            let reach = if mark.undated { f64::INFINITY } else { reach };
            // A label already placed to the right may have been pushed left of its
            // leader line (at the right edge), so its box's left edge counts too.
            for &(px, prow) in &placed {
                if px < reach {
                    row = row.max(prow + 1);
                }
            }
            if row >= MAX_ROWS {
                omitted += 1;
                continue;
            }
            placed.push((lx.min(x), row));
            rows_used = rows_used.max(row + 1);
            labels.push(Label {
                mark: m,
                lines,
                detail,
                x,
                leader_x: lx,
                row,
                width,
            });
        }
        lanes[lane_no].rows = rows_used;
    }
    labels.sort_by_key(|l| l.mark);

    let mut y = TOP;
    for lane in &mut lanes {
        lane.y = y;
        y += lane.height();
    }

    let arrows = if options.relations {
        arrows::arrows(kb, graph, selection, (&marks, &lanes, &labels), &breaks)
    } else {
        Vec::new()
    };
    for a in &arrows {
        if let Some(s) = &a.status
            && !statuses.contains(s)
        {
            statuses.push(s.clone());
        }
    }
    Plan {
        breaks,
        any_inferred: marks.iter().any(|m| m.inferred),
        axis,
        ticks,
        lanes,
        marks,
        labels,
        arrows,
        undated_x,
        kinds,
        bottom: y,
        omitted,
        events: selection.events.len(),
        statuses,
    }
}

/// Returns the chronological rank of each of `events` (in timeline order, with their
/// `bounds`): events with the same earliest start, which the timeline orders by id, are
/// put in the order their relations give (`a before b`, `b during a`, `b follows a`, …).
fn chronological(kb: &Kb, events: &[u32], bounds: &[EventBounds]) -> HashMap<u32, usize> {
    let refuted = kb.syms.get("refuted");
    let mut first: Vec<(Sym, Sym)> = Vec::new();
    for r in &kb.relations {
        if r.claim.status.as_ref().map(|s| s.node) == refuted && refuted.is_some() {
            continue;
        }
        let (a, b) = (r.from.node, r.to.node);
        match kb.str(r.kind.node) {
            "before" | "meets" | "overlaps" | "contains" | "causes" => first.push((a, b)),
            "after" | "during" | "finishes" | "follows" | "responds_to" | "part_of" => {
                first.push((b, a));
            }
            _ => {}
        }
    }
    let id = |i: u32| kb.events[i as usize].id.node;
    let key = |n: usize| crate::query::lower_key(bounds[n].start.0);
    let mut order: Vec<u32> = Vec::with_capacity(events.len());
    let mut n = 0;
    while n < events.len() {
        let mut end = n + 1;
        while end < events.len() && key(end) == key(n) {
            end += 1;
        }
        // Within a group, repeatedly take the first event no other remaining one must
        // precede (a cycle falls back to timeline order).
        let mut group: Vec<u32> = events[n..end].to_vec();
        while !group.is_empty() {
            let pick = (0..group.len())
                .find(|&k| {
                    !group
                        .iter()
                        .any(|&o| first.contains(&(id(o), id(group[k]))) && o != group[k])
                })
                .unwrap_or(0);
            order.push(group.remove(pick));
        }
        n = end;
    }
    order.into_iter().enumerate().map(|(r, i)| (i, r)).collect()
}

/// Returns the stretches of time the axis must show for `extents`: each whole range,
/// except that an uncertain window longer than half the whole span counts only by its
/// ends and its certain part.
fn axis_spans<'a>(extents: impl Iterator<Item = &'a Extent> + Clone) -> Vec<(f64, f64)> {
    let lo = extents.clone().map(|e| e.lo).fold(f64::INFINITY, f64::min);
    let hi = extents
        .clone()
        .map(|e| e.hi)
        .fold(f64::NEG_INFINITY, f64::max);
    let whole = hi - lo;
    let mut out = Vec::new();
    for e in extents {
        let certain = e.core.map_or(0.0, |c| c.1 - c.0);
        let long_window = e.hi - e.lo > whole * 0.5 && e.hi - e.lo > certain;
        if long_window {
            out.extend([(e.lo, e.lo), (e.hi, e.hi)].into_iter().chain(e.core));
        } else {
            out.push((e.lo, e.hi));
        }
    }
    out
}

/// Moves a label box (`x`, `width`) whose leader line drops at `lx` off any axis break
/// it would cover, keeping the leader within the box; left as is when it cannot move,
/// or when moving left would put the box over another leader of the lane (`leaders`).
fn clear_of_breaks(x: f64, width: f64, lx: f64, breaks: &[(f64, f64)], leaders: &[f64]) -> f64 {
    for &(b0, b1) in breaks {
        if x < b1 && x + width > b0 {
            let left = b0 - width - 2.0;
            let free = !leaders.iter().any(|&o| o > left && o < x);
            if lx <= b0 && left >= lx - width && left >= 4.0 && free {
                return left;
            }
            if lx >= b1 + 2.0 {
                return b1 + 2.0;
            }
        }
    }
    x
}

/// Returns one slot per event and lane it appears in, in timeline order; stated
/// participations first within an event.
fn slots(kb: &Kb, graph: &Graph, selection: &Selection, lanes: Lanes) -> Vec<Slot> {
    let mut out = Vec::new();
    for &i in &selection.events {
        let event = &kb.events[i as usize];
        if lanes == Lanes::Kind {
            let kind = event
                .kind
                .as_ref()
                .map(|k| k.node)
                .or_else(|| kb.syms.get("event"));
            let lane_key = kind.map_or(LaneKey::NoActor, LaneKey::Kind);
            out.push(Slot {
                event: i,
                lane_key,
                status: None,
                role: None,
            });
            continue;
        }
        let mut mine: Vec<Slot> = Vec::new();
        let Some(node) = graph.node(event.id.node) else {
            continue;
        };
        for (_, e, other, edge) in graph.edges_of(node) {
            if selection.edges.binary_search(&e).is_err() {
                continue;
            }
            let Entity::Actor(_) = graph.entity(other) else {
                continue;
            };
            let role = match edge.kind {
                EdgeKind::Participation(role) => kb.str(role).to_string(),
                EdgeKind::Relation(kind) => {
                    let kind = kb.str(kind);
                    match kind.strip_suffix("_of") {
                        Some(role) => role.to_string(),
                        None => continue,
                    }
                }
                _ => continue,
            };
            let actor = kb.id_of(graph.entity(other));
            if mine.iter().any(|s| s.lane_key == LaneKey::Actor(actor)) {
                continue;
            }
            mine.push(Slot {
                event: i,
                lane_key: LaneKey::Actor(actor),
                status: status_name(kb, edge.status).map(str::to_string),
                role: Some(role),
            });
        }
        if mine.is_empty() {
            mine.push(Slot {
                event: i,
                lane_key: LaneKey::NoActor,
                status: None,
                role: None,
            });
        }
        // Stable: stated participations first, each group as written.
        mine.sort_by_key(|s| s.status.is_some());
        out.extend(mine);
    }
    out
}

/// Chooses the lanes: every kind, or the busiest actors (in order of first
/// appearance) with the rest sharing one lane.
fn choose_lanes(_kb: &Kb, slots: &[Slot]) -> Vec<LaneKey> {
    let mut first: Vec<LaneKey> = Vec::new();
    let mut count: HashMap<LaneKey, usize> = HashMap::new();
    for s in slots {
        let c = count.entry(s.lane_key).or_insert(0);
        if *c == 0 {
            first.push(s.lane_key);
        }
        *c += 1;
    }
    let actors: Vec<LaneKey> = first
        .iter()
        .copied()
        .filter(|k| matches!(k, LaneKey::Actor(_)))
        .collect();
    let mut keep = actors.clone();
    if actors.len() > MAX_ACTOR_LANES {
        let mut ranked: Vec<(usize, usize, LaneKey)> = actors
            .iter()
            .enumerate()
            .map(|(pos, k)| (usize::MAX - count[k], pos, *k))
            .collect();
        ranked.sort();
        let chosen: Vec<LaneKey> = ranked
            .into_iter()
            .take(MAX_ACTOR_LANES - 1)
            .map(|r| r.2)
            .collect();
        keep = actors.into_iter().filter(|k| chosen.contains(k)).collect();
        keep.push(LaneKey::OtherActors);
    }
    let mut lanes: Vec<LaneKey> = first
        .iter()
        .copied()
        .filter(|k| matches!(k, LaneKey::Kind(_)))
        .collect();
    lanes.extend(keep);
    if first.contains(&LaneKey::NoActor) {
        lanes.push(LaneKey::NoActor);
    }
    lanes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::days_from_civil;
    use crate::export::timeline::axis::DAY;

    fn day(y: i64, m: u32, d: u32) -> f64 {
        days_from_civil(y, m, d) as f64 * DAY
    }

    fn extent(lo: f64, hi: f64, core: Option<(f64, f64)>) -> Extent {
        Extent {
            lo,
            hi,
            core,
            tail_left: false,
            tail_right: false,
        }
    }

    #[test]
    fn no_time_is_cut_out_of_a_bar() {
        // A day and a month written without its day: the month stays whole.
        let extents = [
            extent(
                day(2020, 5, 1),
                day(2020, 5, 2),
                Some((day(2020, 5, 1), day(2020, 5, 2))),
            ),
            extent(day(2020, 6, 1), day(2020, 7, 1), None),
        ];
        let axis = Axis::new(&axis_spans(extents.iter()), 100.0, 1000.0);
        assert_eq!(axis.segments.len(), 2);
        let june = &axis.segments[1];
        assert!(june.start <= day(2020, 6, 1) && june.end >= day(2020, 7, 1));
        let labels: Vec<String> = axis.ticks().into_iter().map(|t| t.label).collect();
        assert!(labels.contains(&"8 Jun".to_string()), "{labels:?}");
    }

    #[test]
    fn a_very_long_window_still_allows_a_cut() {
        let extents = [
            extent(day(2014, 1, 1), day(2021, 2, 3), None),
            extent(
                day(2014, 1, 1),
                day(2015, 1, 1),
                Some((day(2014, 1, 1), day(2015, 1, 1))),
            ),
            extent(day(2020, 8, 1), day(2020, 9, 1), None),
            extent(
                day(2021, 2, 2),
                day(2021, 2, 3),
                Some((day(2021, 2, 2), day(2021, 2, 3))),
            ),
        ];
        let axis = Axis::new(&axis_spans(extents.iter()), 100.0, 1000.0);
        assert_eq!(axis.segments.len(), 2);
    }
}
