//! What a layout is made of: lanes, the marks in them, the labels of the marks, and the
//! whole plan, with the geometry that follows from where each is.

use crate::export::timeline::axis::{Axis, Tick};
use crate::export::timeline::geometry::{
    DIAMOND, LABEL_BOX_EXTRA, LANE_PAD, LINE_HEIGHT, MARK_DY, ROW_GAP, TAIL,
};

/// Space below a lane's last row.
const LANE_BOTTOM: f64 = 4.0;
/// The least height of a lane, for its name's two lines.
const MIN_LANE: f64 = 44.0;

/// One mark of an event in one lane.
#[derive(Clone, Debug)]
pub struct Mark {
    /// Index into `kb.events()`.
    pub event: u32,
    /// The event's id, carried by the drawn mark as `data-id`.
    pub id: String,
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
    /// Narrower than [`INSTANT`](crate::export::timeline::geometry::INSTANT): drawn as a diamond.
    pub instant: bool,
    /// The range is wider than the certain part.
    pub uncertain: bool,
    /// No date written: the bounds come from inference alone.
    pub inferred: bool,
    /// The claim status of this participation when not stated.
    pub status: Option<String>,
    /// The colour slot of the event's kind.
    pub color: usize,
    /// The row within the lane.
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

/// A label placed in a lane, beside its mark (or under a bar too long to have one
/// beside it).
#[derive(Clone, Debug)]
pub struct Label {
    /// Index into `Plan::marks`.
    pub mark: usize,
    /// Title lines.
    pub lines: Vec<String>,
    /// The smaller last line: date, or role and status; empty for none.
    pub detail: String,
    /// Left edge of the label box.
    pub x: f64,
    /// Top of the label box, below the top of its row.
    pub dy: f64,
    /// Width of the box.
    pub width: f64,
}

impl Label {
    /// Returns the height of the label's box: its title lines and its detail.
    pub fn height(&self) -> f64 {
        let detail = usize::from(!self.detail.is_empty());
        (self.lines.len() + detail) as f64 * LINE_HEIGHT + LABEL_BOX_EXTRA
    }
}

/// One lane: rows of marks, each mark with its label beside it.
#[derive(Clone, Debug)]
pub struct Lane {
    /// The lane's name.
    pub name: String,
    /// What the lane stands for, carried by the drawn lane as `data-lane`: the actor's
    /// id, the kind, or `other`.
    pub key: String,
    /// Top edge.
    pub y: f64,
    /// The height of each row, gap below included.
    pub rows: Vec<f64>,
}

impl Lane {
    /// Returns the lane's height: at least room for its name.
    pub fn height(&self) -> f64 {
        (LANE_PAD + self.rows.iter().sum::<f64>() + LANE_BOTTOM).max(MIN_LANE)
    }

    /// Returns the top of a row.
    pub fn row_y(&self, row: usize) -> f64 {
        self.y + LANE_PAD + self.rows[..row.min(self.rows.len())].iter().sum::<f64>()
    }

    /// Returns the vertical centre of the marks of a row.
    pub fn track_y(&self, row: usize) -> f64 {
        self.row_y(row) + MARK_DY
    }

    /// Returns the channel below a row, where arrows run clear of every label: the
    /// middle of the gap under it (row `usize::MAX` is the gap above the first row).
    pub fn channel_y(&self, row: usize) -> f64 {
        if row == usize::MAX {
            return self.y + LANE_PAD / 2.0;
        }
        self.row_y(row + 1) - ROW_GAP / 2.0
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
    /// Claim statuses of participations, in order of first appearance.
    pub statuses: Vec<String>,
    /// Whether any mark is inferred.
    pub any_inferred: bool,
    /// The horizontal extent of each axis break, left to right.
    pub breaks: Vec<(f64, f64)>,
}

impl Plan {
    /// Returns the top of the box of `label`.
    pub fn label_top(&self, label: &Label) -> f64 {
        let mark = &self.marks[label.mark];
        self.lanes[mark.lane].row_y(mark.track) + label.dy
    }

    /// Returns the box of `label`: left, top, width and height.
    pub fn label_box(&self, label: &Label) -> (f64, f64, f64, f64) {
        (label.x, self.label_top(label), label.width, label.height())
    }
}
