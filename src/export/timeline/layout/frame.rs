//! The picture across, before anything is placed: the selected events with what is
//! known of their time, the axis they need, and the undated column beside it.

use crate::export::timeline::axis::Axis;
use crate::export::timeline::extent::{Extent, axis_spans};
use crate::export::timeline::geometry::{LEFT, RIGHT};
use crate::time::bounds::EventBounds;

/// Width of the column of undated events.
const UNDATED_WIDTH: f64 = 200.0;
/// The undated column's rule, right of the axis's end.
const UNDATED_GAP: f64 = 8.0;
/// Labels of marks on the axis end this far left of the undated column's rule.
const UNDATED_CLEARANCE: f64 = 12.0;

/// The selected events, in timeline order, with what is known of their time.
pub(super) struct Events<'a> {
    /// Indices into `kb.events()`.
    pub indices: &'a [u32],
    /// The bounds of each.
    pub bounds: Vec<EventBounds>,
    /// What of each can be drawn on the axis; `None` for the undated column.
    pub extents: Vec<Option<Extent>>,
}

/// The picture across: the axis, and the undated column right of it when any event has
/// no place on the axis.
pub(super) struct Frame {
    /// The time axis.
    pub axis: Axis,
    /// The axis breaks, from [`Axis::breaks`].
    pub breaks: Vec<(f64, f64)>,
    /// The right end of the room given to the axis.
    pub right: f64,
    /// Left edge of the undated column, when there is one.
    pub undated_x: Option<f64>,
    /// The width of the picture.
    pub width: f64,
    /// The window of time asked for, in seconds: nothing is drawn past it.
    pub window: (f64, f64),
}

impl Frame {
    /// Returns the frame of a picture `width` pixels wide for events with `extents`,
    /// within the `window` of time asked for.
    pub fn new(
        extents: &[Option<Extent>],
        width: f64,
        window: (Option<f64>, Option<f64>),
    ) -> Frame {
        // What the axis must show: every drawn range, so no time is cut out of a bar,
        // but a very long uncertain window only by its ends (see `axis_spans`), and
        // nothing outside the window asked for.
        let window = (
            window.0.unwrap_or(f64::NEG_INFINITY),
            window.1.unwrap_or(f64::INFINITY),
        );
        let clamp = |t: f64| t.clamp(window.0, window.1.max(window.0));
        let spans: Vec<(f64, f64)> = axis_spans(extents.iter().flatten())
            .into_iter()
            .filter(|&(a, b)| b >= window.0 && a <= window.1)
            .map(|(a, b)| (clamp(a), clamp(b)))
            .collect();
        let any_undated = extents.iter().any(Option::is_none);
        let right = width - RIGHT - if any_undated { UNDATED_WIDTH } else { 0.0 };
        let axis = Axis::new(&spans, LEFT, right - LEFT);
        Frame {
            breaks: axis.breaks(),
            axis,
            right,
            undated_x: any_undated.then_some(right + UNDATED_GAP),
            width,
            window,
        }
    }

    /// Returns the right edge labels of marks on the axis must keep left of.
    pub fn label_limit(&self) -> f64 {
        self.undated_x
            .map_or(self.width - RIGHT, |x| x - UNDATED_CLEARANCE)
    }
}
