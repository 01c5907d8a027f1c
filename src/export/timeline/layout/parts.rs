//! What a layout is made of: lanes, the marks in them, the labels of the marks, and the
//! whole plan, with the geometry that follows from where each is.

use crate::export::timeline::axis::{Axis, Tick};
use crate::export::timeline::geometry::{DIAMOND, LANE_PAD, LINE_HEIGHT, ROW, TAIL, TRACK};

/// Space between a lane's tracks and its first row of labels.
const TRACKS_BELOW: f64 = 6.0;
/// Space below a lane's last row of labels.
const LANE_BOTTOM: f64 = 8.0;
/// A label box's top edge, below the top of its row.
const LABEL_BOX_DY: f64 = 1.0;
/// A label box's height beyond its title lines: the detail line and a margin.
const LABEL_BOX_EXTRA: f64 = 16.0;
/// Space kept between a label box and the next row.
const ROW_GAP: f64 = 2.0;

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
    /// What the lane stands for, carried by the drawn lane as `data-lane`: the actor's
    /// id, the kind, or `other`.
    pub key: String,
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
        self.rows_top() + self.rows as f64 * ROW + LANE_BOTTOM
    }

    /// Returns the vertical centre of a sub-track.
    pub fn track_y(&self, track: usize) -> f64 {
        self.y + LANE_PAD + track as f64 * TRACK + TRACK / 2.0
    }

    /// Returns the top of a label row.
    pub fn row_y(&self, row: usize) -> f64 {
        self.y + self.rows_top() + row as f64 * ROW
    }

    /// Returns where the label rows start, below the lane's top: under its tracks.
    fn rows_top(&self) -> f64 {
        LANE_PAD + self.tracks.max(1) as f64 * TRACK + TRACKS_BELOW
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
