//! How the timeline is coloured: the palette of event kinds, the strokes of claim
//! statuses, the named inks and greys, and [`Paint`], the fill and stroke of a shape.

use crate::vocab::Standing;

/// Colours of event kinds, in order of first appearance: the Okabe–Ito colours first
/// (told apart with every common colour-vision deficiency), then colours from Paul
/// Tol's schemes that differ from them in lightness; kinds past the sixteenth are grey.
pub const PALETTE: [&str; 16] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#332288",
    "#882255", "#117733", "#999933", "#aa4499", "#44aa99", "#997700", "#ee99aa", "#661100",
];
/// The colour of kinds past the palette.
const OTHER_KIND: &str = "#8c8c8c";

/// The background, label boxes, hollow (claimed) marks and the halo behind arrow names.
pub const PAPER: &str = "#ffffff";
/// The axis, outlines, lane names and the legend's text.
pub const INK: &str = "#333333";
/// The title.
pub const TITLE_INK: &str = "#111111";
/// The subtitle.
pub const SUBTITLE_INK: &str = "#555555";
/// Label titles.
pub const LABEL_INK: &str = "#1a1a1a";
/// Arrows and their heads, label details and axis-break notes.
pub const MUTED: &str = "#666666";
/// The footer and the lines of the hatch pattern.
pub const FAINT: &str = "#777777";
/// The shade of every other lane.
pub const LANE_SHADE: &str = "#f7f7f7";
/// The rule above each lane.
pub const LANE_RULE: &str = "#dddddd";
/// Grid lines of major ticks.
pub const MAJOR_GRID: &str = "#c8c8c8";
/// Grid lines of minor ticks.
pub const MINOR_GRID: &str = "#e4e4e4";
/// The rule that starts the undated column.
pub const COLUMN_RULE: &str = "#999999";
/// Leader lines from marks down to their labels.
pub const LEADER: &str = "#9a9a9a";
/// The tint of a stretch of time drawn larger.
pub const ZOOM_TINT: &str = "#2f6fbf";
/// The band over a cut-out stretch of time.
pub const BREAK_BAND: &str = "#ececec";
/// The fading tail of an unbounded end.
pub const TAIL_INK: &str = "#444444";
/// The legend's swatches that stand for any kind.
pub const NEUTRAL: &str = "#888888";
/// The rule above the legend.
pub const LEGEND_RULE: &str = "#cccccc";
/// A claim that is alleged (or of any status but disputed and refuted).
pub const CLAIM: &str = "#c0392b";
/// A disputed claim.
const DISPUTED: &str = "#8e44ad";
/// A refuted claim.
const REFUTED: &str = "#999999";

/// The dash of an uncertain range.
pub const UNCERTAIN_DASH: &str = "3 2";
/// The dash of an inferred window: dots.
pub const WINDOW_DASH: &str = "1 3";
/// The dash of the rule that starts the undated column.
pub const COLUMN_DASH: &str = "4 3";
/// How much of its colour an uncertain range shows.
pub const UNCERTAIN_OPACITY: f64 = 0.3;
/// The outline of the part an event certainly covers.
pub const CORE_OUTLINE: f64 = 0.6;

/// The width of axis lines and arrows.
pub const HAIRLINE: f64 = 1.0;
/// The id of the arrowhead of a stated relation.
pub const ARROWHEAD: &str = "arrow";
/// The id of the arrowhead of a claimed relation.
pub const CLAIM_ARROWHEAD: &str = "arrow-claim";
/// The id of the hatch pattern in the picture's definitions.
pub const HATCH_ID: &str = "hatch";
/// The fill of a mark whose dates were inferred: the pattern [`HATCH_ID`].
pub const HATCH: &str = "url(#hatch)";

/// Returns the colour of a kind's slot.
pub fn color(slot: usize) -> &'static str {
    PALETTE.get(slot).copied().unwrap_or(OTHER_KIND)
}

/// Returns the stroke colour and dash pattern of a claim status.
pub fn status_stroke(status: &str) -> (&'static str, &'static str) {
    match Standing::of_name(status) {
        Standing::Disputed => (DISPUTED, "2 2"),
        Standing::Refuted => (REFUTED, "4 3"),
        Standing::Stated | Standing::Alleged | Standing::Scheduled => (CLAIM, "5 3"),
    }
}

/// How a shape is filled and stroked; what is `None` is not written.
#[derive(Clone, Copy, Debug, Default)]
pub struct Paint<'a> {
    /// The fill colour or pattern.
    pub fill: Option<&'a str>,
    /// The fill's opacity.
    pub fill_opacity: Option<f64>,
    /// The stroke colour.
    pub stroke: Option<&'a str>,
    /// The stroke's width.
    pub stroke_width: Option<f64>,
    /// The stroke's dash pattern.
    pub dash: Option<&'a str>,
}

impl<'a> Paint<'a> {
    /// Returns a paint that only fills.
    pub fn fill(fill: &'a str) -> Paint<'a> {
        Paint {
            fill: Some(fill),
            ..Paint::default()
        }
    }

    /// Returns a paint that only strokes.
    pub fn stroke(stroke: &'a str) -> Paint<'a> {
        Paint {
            stroke: Some(stroke),
            ..Paint::default()
        }
    }

    /// Returns this paint with a stroke.
    pub fn outlined(self, stroke: &'a str) -> Paint<'a> {
        Paint {
            stroke: Some(stroke),
            ..self
        }
    }

    /// Returns this paint with the fill's opacity.
    pub fn opacity(self, opacity: f64) -> Paint<'a> {
        Paint {
            fill_opacity: Some(opacity),
            ..self
        }
    }

    /// Returns this paint with the stroke's width.
    pub fn width(self, width: f64) -> Paint<'a> {
        Paint {
            stroke_width: Some(width),
            ..self
        }
    }

    /// Returns this paint with a dash pattern, or without one for `None`.
    pub fn dash(self, dash: Option<&'a str>) -> Paint<'a> {
        Paint { dash, ..self }
    }
}

/// Returns the paint of the part of an event that is certain, filled with `fill`.
pub fn certain(fill: &str) -> Paint<'_> {
    Paint::fill(fill).outlined(INK).width(CORE_OUTLINE)
}

/// Returns the paint of an uncertain range of colour `color`: pale, with a dashed edge.
pub fn uncertain(color: &str) -> Paint<'_> {
    Paint::fill(color)
        .opacity(UNCERTAIN_OPACITY)
        .outlined(color)
        .dash(Some(UNCERTAIN_DASH))
}
