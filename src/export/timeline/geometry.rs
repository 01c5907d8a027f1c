//! The geometry of the timeline picture that more than one step shares (layout,
//! arrows, drawing, legend): margins, lane and mark sizes, font sizes. A number only
//! one step uses is named at the top of that step's file.

/// Left margin, for the lane names; the axis starts here.
pub const LEFT: f64 = 170.0;
/// Right margin.
pub const RIGHT: f64 = 20.0;
/// Left edge of the title, subtitle, footer and legend headings.
pub const MARGIN: f64 = 20.0;
/// Where the first lane starts; the axis and its tick labels sit above.
pub const TOP: f64 = 104.0;

/// Height of a row of marks without labels.
pub const TRACK: f64 = 16.0;
/// Space above the first row of a lane.
pub const LANE_PAD: f64 = 8.0;
/// The centre of a row's marks, below the row's top: level with a label's first line.
pub const MARK_DY: f64 = 9.0;
/// Space below each row, where arrows run.
pub const ROW_GAP: f64 = 6.0;
/// A label box's height beyond its lines: a margin.
pub const LABEL_BOX_EXTRA: f64 = 3.0;

/// Marks narrower than this many pixels are drawn as instants.
pub const INSTANT: f64 = 8.0;
/// Length of the fading tail that marks an unbounded end.
pub const TAIL: f64 = 18.0;
/// Radius of the diamond of an instant: half the room it takes either way.
pub const DIAMOND: f64 = 6.0;
/// Height of a bar.
pub const BAR_HEIGHT: f64 = 10.0;

/// Font size of label titles, tick labels and the legend's text.
pub const TEXT_SIZE: f64 = 11.0;
/// Font size of the smaller text: label details, axis-break notes, the footer.
pub const SMALL_SIZE: f64 = 10.0;
/// Distance between the baselines of a label's lines.
pub const LINE_HEIGHT: f64 = 13.0;
/// Space between a label box's edge and its text, either side.
pub const LABEL_PADDING: f64 = 5.0;
