//! What the caller asks of the timeline (its title, lanes, arrows and width), and what
//! drawing it left out.

/// What the lanes of the timeline stand for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lanes {
    /// One lane per actor; events without actors go to an `other` lane.
    #[default]
    Actor,
    /// One lane per event kind.
    Kind,
}

/// How to draw the timeline.
#[derive(Clone, Debug)]
pub struct TimelineOptions {
    /// The title at the top.
    pub title: String,
    /// The summary under the title (the KB's), when there is one.
    pub summary: Option<String>,
    /// The lanes.
    pub lanes: Lanes,
    /// Draw event-to-event relations as arrows.
    pub relations: bool,
    /// The width of the picture in pixels.
    pub width: f64,
    /// The window of time asked for (`--from`, `--to`), in seconds: the axis shows no
    /// more, and what reaches past it is drawn cut with a fading end.
    pub window: (Option<f64>, Option<f64>),
}

impl Default for TimelineOptions {
    fn default() -> TimelineOptions {
        TimelineOptions {
            title: "Timeline".to_string(),
            summary: None,
            lanes: Lanes::Actor,
            relations: false,
            width: 1200.0,
            window: (None, None),
        }
    }
}

/// What drawing the timeline left out, for a note to the user.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Omitted {
    /// Labels that found no free row (their marks are drawn, with a tooltip).
    pub labels: usize,
}
