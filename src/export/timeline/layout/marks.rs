//! The marks of the timeline: one per event and lane it appears in, placed on the axis
//! (or in the undated column), with its look, its tooltip, and the label it asks for.

use std::collections::HashMap;

use super::frame::{Events, Frame};
use super::lanes::{LaneKey, Slot};
use super::parts::Mark;
use crate::export::timeline::extent::{Extent, date_text};
use crate::export::timeline::geometry::INSTANT;
use crate::export::wrap;
use crate::kb::Kb;

/// Characters per title line of a label.
const LABEL_WRAP: usize = 32;
/// Characters per title line in the undated column, so labels fit in it.
const UNDATED_WRAP: usize = 28;
/// Most title lines of the label that carries an event's date.
const TITLE_LINES: usize = 2;
/// An undated mark's centre, right of the undated column's rule.
const UNDATED_MARK_DX: f64 = 14.0;
/// A range at least this much wider than its certain part is drawn as uncertain.
const UNCERTAIN_SLACK: f64 = 2.0;

/// A label a mark asks for, before it is given a place.
pub(super) struct Wanted {
    /// Index into the marks.
    pub mark: usize,
    /// Title lines.
    pub lines: Vec<String>,
    /// The smaller second line.
    pub detail: String,
}

/// The marks of every slot, with what the legend and the labels need of them.
#[derive(Default)]
pub(super) struct Marked {
    /// One mark per slot, in slot order.
    pub marks: Vec<Mark>,
    /// The labels the marks ask for.
    pub labels: Vec<Wanted>,
    /// Event kinds by colour slot, in order of first appearance.
    pub kinds: Vec<String>,
    /// Claim statuses of participations, in order of first appearance.
    pub statuses: Vec<String>,
}

/// Where a mark goes across the picture, in pixels.
struct Placed {
    range: (f64, f64),
    core: Option<(f64, f64)>,
    tail_left: bool,
    tail_right: bool,
}

impl Placed {
    /// Returns whether the mark is an instant (too narrow for a bar), and whether its
    /// range is uncertain (wider than the part it certainly covers).
    fn shape(&self) -> (bool, bool) {
        let width = self.range.1 - self.range.0;
        let core_width = self.core.map_or(0.0, |c| c.1 - c.0);
        let instant = width < INSTANT;
        let uncertain = !instant && (self.core.is_none() || width > core_width + UNCERTAIN_SLACK);
        (instant, uncertain)
    }
}

/// Returns where the mark of an event with `extent` goes: on the axis, or in the
/// undated column when it has no place there.
fn place(extent: Option<&Extent>, frame: &Frame) -> Placed {
    let axis = &frame.axis;
    match extent {
        None => {
            let x = frame.undated_x.unwrap_or(frame.right) + UNDATED_MARK_DX;
            Placed {
                range: (x, x),
                core: None,
                tail_left: false,
                tail_right: false,
            }
        }
        Some(ext) => {
            // What reaches past the window asked for is cut there, with a fading end,
            // so no bar ends at the window's edge as if that were its known end.
            let (w0, w1) = frame.window;
            let clip = |t: f64| t.clamp(w0, w1.max(w0));
            let (lo, hi) = (clip(ext.lo), clip(ext.hi));
            Placed {
                range: (axis.x(lo), axis.x(hi).max(axis.x(lo))),
                core: ext
                    .core
                    .map(|(p, q)| (axis.x(clip(p)), axis.x(clip(q))))
                    .filter(|(p, q)| q > p),
                tail_left: ext.tail_left || ext.lo < w0,
                tail_right: ext.tail_right || ext.hi > w1,
            }
        }
    }
}

/// Returns the marks of `slots` (whose lanes are numbered by `lane_of`).
pub(super) fn marks(
    kb: &Kb,
    events: &Events,
    slots: &[Slot],
    lane_of: &HashMap<LaneKey, usize>,
    frame: &Frame,
) -> Marked {
    let position: HashMap<u32, usize> = events
        .indices
        .iter()
        .enumerate()
        .map(|(n, &i)| (i, n))
        .collect();
    let mut out = Marked::default();
    let mut seen_primary = vec![false; events.indices.len()];
    let mut placed_in: std::collections::HashSet<(u32, usize)> = Default::default();
    for slot in slots {
        // An actor without a lane of its own shares the `other actors` lane, where an
        // event is drawn once however many of its actors were left without one.
        let Some(lane) = lane_of
            .get(&slot.lane_key)
            .or_else(|| lane_of.get(&LaneKey::OtherActors))
            .copied()
        else {
            continue;
        };
        if !placed_in.insert((slot.event, lane)) {
            continue;
        }
        let n = position[&slot.event];
        let extent = events.extents[n].as_ref();
        let event = &kb.events()[slot.event as usize];
        // Slots come stated first, so the first slot of an event carries its label.
        let primary = !seen_primary[n];
        seen_primary[n] = true;
        if let Some(s) = &slot.status
            && !out.statuses.contains(s)
        {
            out.statuses.push(s.clone());
        }
        let b = &events.bounds[n];
        let date = date_text(kb, slot.event, b, extent, frame.axis.bce());
        let color = kind_slot(&mut out.kinds, kb.kind_name(event));
        let placed = place(extent, frame);
        let (instant, uncertain) = placed.shape();
        let mark = Mark {
            event: slot.event,
            id: kb.str(event.id.node).to_string(),
            lane,
            range: placed.range,
            core: placed.core,
            tail_left: placed.tail_left,
            tail_right: placed.tail_right,
            instant,
            uncertain,
            // Hatched only when nothing was written: a written date narrowed by
            // inference is still drawn as a written date.
            inferred: b.inferred && event.date.is_none(),
            status: slot.status.clone(),
            color,
            track: 0,
            undated: extent.is_none(),
            primary,
            tooltip: tooltip(&event.title, &date, slot),
        };
        let m = out.marks.len();
        out.labels
            .extend(wanted(m, slot, &event.title, date, &mark));
        out.marks.push(mark);
    }
    out
}

/// Returns the colour slot of `kind`, giving it the next slot when it is new.
fn kind_slot(kinds: &mut Vec<String>, kind: &str) -> usize {
    match kinds.iter().position(|k| k == kind) {
        Some(i) => i,
        None => {
            kinds.push(kind.to_string());
            kinds.len() - 1
        }
    }
}

/// Returns the tooltip of a mark: the title and date, and the actor's role and claim.
fn tooltip(title: &str, date: &str, slot: &Slot) -> String {
    match (&slot.role, &slot.status) {
        (Some(role), Some(status)) => format!("{title} ({date}); {role}, {status}"),
        (Some(role), None) => format!("{title} ({date}); {role}"),
        _ => format!("{title} ({date})"),
    }
}

/// Returns the label mark `m` asks for: the event's title and date on its primary
/// mark; the claim on a claimed participation; the title alone on any other (with the
/// role in the undated column, a list).
fn wanted(m: usize, slot: &Slot, title: &str, date: String, mark: &Mark) -> Option<Wanted> {
    let wrap_at = if mark.undated {
        UNDATED_WRAP
    } else {
        LABEL_WRAP
    };
    if mark.primary {
        let detail = match &slot.status {
            Some(status) => format!("{date} · {status}"),
            None => date,
        };
        let lines = wrap(title, wrap_at, TITLE_LINES);
        Some(Wanted {
            mark: m,
            lines,
            detail,
        })
    } else if let (Some(status), Some(role)) = (&slot.status, &slot.role) {
        let lines = wrap(title, wrap_at, 1);
        let detail = format!("{status} {role}");
        Some(Wanted {
            mark: m,
            lines,
            detail,
        })
    } else {
        // Every other mark says which event it is, in one line, so the picture reads
        // in print; the undated column, a list, gives the role too.
        let lines = wrap(title, wrap_at, 1);
        let detail = if mark.undated {
            slot.role.clone().unwrap_or_default()
        } else {
            String::new()
        };
        Some(Wanted {
            mark: m,
            lines,
            detail,
        })
    }
}
