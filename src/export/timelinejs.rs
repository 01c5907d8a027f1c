//! The TimelineJS 3 export: a title slide from the KB's title and summary, then one
//! slide per event in the one order of events (SPEC §4), dated as TimelineJS counts
//! years, with the date in words and the event's claims and sources in its text.
//!
//! TimelineJS shows every string as HTML, so every string from the KB is escaped, and
//! right-to-left runs in text are isolated in `<bdi>`.

use serde::Serialize;

use crate::date::{Bound, Point, Precision, civil_from_days, point_in_words};
use crate::export::Selection;
use crate::export::escape::{html_text, xml};
use crate::graph::{EdgeKind, Graph};
use crate::kb::{Entity, Kb};
use crate::model::Event;
use crate::query::timeline::{Row, RowActor};
use crate::time::bounds::EventBounds;

/// The smallest and largest years (as TimelineJS counts them) that TimelineJS draws on
/// its human scale: JavaScript `Date` holds ±8.64e15 ms around 1970, about years
/// −271,821 to 275,760; TimelineJS's `_ensureValidScale` switches to the cosmological
/// scale outside −271,820..=275,759.
const HUMAN_YEARS: std::ops::RangeInclusive<i64> = -271_820..=275_759;

/// What the slides are grouped by (TimelineJS draws one row of markers per group).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Group {
    /// No groups: TimelineJS places markers where they fit.
    #[default]
    None,
    /// The name of the event's first actor (`Other` for an event with no actor).
    Actor,
    /// The event's kind, as a label (`Responds to` for `responds_to`).
    Kind,
}

/// A whole TimelineJS 3 timeline, as its JSON format names the fields.
#[derive(Debug, Serialize)]
pub struct Timeline {
    /// `cosmological` when a year lies beyond what JavaScript dates hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<&'static str>,
    /// The title slide.
    pub title: Slide,
    /// One slide per event, in the one order of events.
    pub events: Vec<Slide>,
}

/// One slide: the title slide has only text.
#[derive(Debug, Serialize)]
pub struct Slide {
    /// The event's id (TimelineJS's anchor for the slide).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unique_id: Option<String>,
    /// Where the slide sits on the time line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<TlDate>,
    /// The end of an interval or of an event with a duration; never before the start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<TlDate>,
    /// The date in words, shown on the slide instead of TimelineJS's own format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_date: Option<String>,
    /// The headline and the body, HTML.
    pub text: Text,
    /// The row of markers, when grouping was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// A slide's headline and body, both HTML.
#[derive(Debug, Serialize)]
pub struct Text {
    /// The headline, escaped.
    pub headline: String,
    /// The body: paragraphs of escaped text and links.
    pub text: String,
}

/// A TimelineJS date: the year as TimelineJS counts it (no year zero: 44 BCE is
/// `-44`), then as many smaller units as are known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TlDate {
    /// The year; negative before the common era, with no year zero.
    pub year: i64,
    /// The month, 1–12.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    /// The day of the month.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
    /// The hour (UTC, or local as written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hour: Option<u32>,
    /// The minute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minute: Option<u32>,
    /// The second.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second: Option<u32>,
}

impl TlDate {
    /// Returns the date of a point, to `precision` (a year, a month, or the whole point).
    fn of(point: Point, precision: Precision) -> TlDate {
        let (year, month, day) = civil_from_days(point.day);
        // Astronomical year 0 is 1 BCE, which TimelineJS writes -1.
        let year = if year <= 0 { year - 1 } else { year };
        let mut date = TlDate {
            year,
            month: None,
            day: None,
            hour: None,
            minute: None,
            second: None,
        };
        if matches!(
            precision,
            Precision::Millennium | Precision::Century | Precision::Decade | Precision::Year
        ) {
            return date;
        }
        date.month = Some(month);
        if matches!(precision, Precision::Month | Precision::Season) {
            return date;
        }
        date.day = Some(day);
        if let Some(second) = point.second {
            // `24:00:00` is the next day's midnight; TimelineJS has no hour 24.
            let second = second.min(86_399);
            date.hour = Some(second / 3600);
            date.minute = Some(second / 60 % 60);
            date.second = Some(second % 60);
        }
        date
    }
}

/// Returns the selection as a TimelineJS 3 timeline, with the number of events left out
/// because nothing is known of when they start (TimelineJS needs a year).
pub fn to_timelinejs(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    bounds: &[EventBounds],
    title: &str,
    group: Group,
) -> (Timeline, usize) {
    let mut events = Vec::new();
    let mut unplaced = 0;
    for &i in &selection.events {
        let event = &kb.events()[i as usize];
        let b = bounds[i as usize];
        let Some((point, precision)) = placement(event, &b) else {
            unplaced += 1;
            continue;
        };
        let start = TlDate::of(point, precision);
        let end = end_point(event, &b)
            .filter(|end| *end > point)
            .map(|end| TlDate::of(end, Precision::Second));
        events.push(Slide {
            unique_id: Some(kb.str(event.id.node).to_string()),
            start_date: Some(start),
            end_date: end,
            display_date: Some(xml(&date_in_words(event, &b))),
            text: Text {
                headline: html_text(&event.title),
                text: slide_text(kb, graph, selection, event, &b),
            },
            group: group_of(kb, event, group),
        });
    }
    let years = events
        .iter()
        .flat_map(|s| [s.start_date, s.end_date])
        .flatten()
        .map(|d| d.year);
    let scale = years
        .into_iter()
        .any(|y| !HUMAN_YEARS.contains(&y))
        .then_some("cosmological");
    let title = Slide {
        unique_id: None,
        start_date: None,
        end_date: None,
        display_date: None,
        text: Text {
            headline: html_text(title),
            text: kb
                .summary()
                .map_or_else(String::new, |s| format!("<p>{}</p>", html_text(s))),
        },
        group: None,
    };
    (
        Timeline {
            scale,
            title,
            events,
        },
        unplaced,
    )
}

/// Returns where an event sits on the time line, as annals orders it: its earliest
/// possible start, or its latest start when only that is known; with the precision
/// to write it in (the written date's, unless inference moved its start).
fn placement(event: &Event, b: &EventBounds) -> Option<(Point, Precision)> {
    let written = event.date.as_ref().map(|d| &d.node.edtf);
    match (b.start.0.point(), b.start.1.point()) {
        (Some(point), _) => {
            let precision = written
                .filter(|edtf| edtf.lower() == b.start.0 && !edtf.is_set() && !edtf.is_julian())
                .map_or(Precision::Second, |edtf| edtf.precision());
            Some((point, precision))
        }
        (None, Some(point)) => Some((point, Precision::Second)),
        (None, None) => None,
    }
}

/// Returns the latest end of an interval or of an event with a duration, when known.
fn end_point(event: &Event, b: &EventBounds) -> Option<Point> {
    let spans = event.duration.is_some()
        || event
            .date
            .as_ref()
            .is_some_and(|d| d.node.edtf.is_interval());
    spans.then(|| b.end.1.point()).flatten()
}

/// Returns the date of an event in words: as written (`15 March 44 BCE`, `4 March 2018,
/// 11:48 UTC`, `about August 2020`, with its duration), its bounds in words where
/// words would blur the written form, or what inference found (`after 2 February 2021
/// (inferred)`, `by 31 December 2014 (inferred)`).
pub fn date_in_words(event: &Event, b: &EventBounds) -> String {
    let words = |bound: Bound| bound.point().map(|p| inferred_point(p, !b.local));
    let base = match &event.date {
        Some(date) => match date.node.edtf.in_words() {
            Some(words) => words,
            None => {
                let edtf = &date.node.edtf;
                let range = match (words(edtf.lower()), words(edtf.upper())) {
                    (Some(lo), Some(hi)) if lo == hi => lo,
                    (Some(lo), Some(hi)) if edtf.is_set() => format!("one day of {lo} – {hi}"),
                    (Some(lo), Some(hi)) => format!("{lo} – {hi}"),
                    (Some(lo), None) => format!("from {lo}"),
                    (None, Some(hi)) => format!("until {hi}"),
                    (None, None) => date.node.text.to_string(),
                };
                if edtf.is_julian() {
                    format!("{range} (Julian {})", date.node.text)
                } else {
                    range
                }
            }
        },
        None => {
            let start = match (words(b.start.0), words(b.start.1)) {
                (Some(lo), Some(hi)) if lo == hi => lo,
                (Some(lo), _) => format!("after {lo}"),
                (None, Some(hi)) => format!("by {hi}"),
                (None, None) => "undated".to_string(),
            };
            // `(inferred)` ends the text: `import timelinejs` reads it as undated.
            return match &event.duration {
                Some(p) => format!("{start}, for {} (inferred)", p.node.human()),
                None => format!("{start} (inferred)"),
            };
        }
    };
    match &event.duration {
        Some(p) => format!("{base}, for {}", p.node.human()),
        None => base,
    }
}

/// Returns an inferred point in words: its day, with its time of day unless the time is
/// only the one-second step of inference at either end of a day.
fn inferred_point(point: Point, utc: bool) -> String {
    match point.second {
        Some(s) if s <= 1 || s >= 86_398 => point_in_words(Point::day(point.day), utc),
        _ => point_in_words(point, utc),
    }
}

/// Returns the body of an event's slide: its positions, the inferred window when the
/// date was inferred, the note, the actors by name and role, the contested relations
/// around it, and its sources as links.
fn slide_text(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    event: &Event,
    b: &EventBounds,
) -> String {
    let mut text = String::new();
    let mut para = |line: &str| text.push_str(&format!("<p>{}</p>", html_text(line)));
    if let Some(words) = crate::claims::wording(kb, event.positions()) {
        para(&format!("Claimed: {words}."));
    }
    if event.date.is_none() {
        let words = |bound: Bound| bound.point().map(|p| inferred_point(p, !b.local));
        if let (Some(lo), Some(hi)) = (words(b.start.0), words(b.start.1))
            && lo != hi
        {
            para(&format!("Date inferred: starts between {lo} and {hi}."));
        }
    }
    if let Some(note) = &event.note {
        para(note);
    }
    let row = Row::new(kb, event, b);
    let actors: Vec<String> = row.actors.iter().map(RowActor::described).collect();
    if !actors.is_empty() {
        para(&actors.join(", "));
    }
    for line in contested_relations(kb, graph, selection, event) {
        para(&line);
    }
    text.push_str(&source_links(kb, event));
    text
}

/// Returns the contested relations of the selection at `event`, in words:
/// `Putin's security services perpetrator of: alleged by Alexei Navalny`.
fn contested_relations(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    event: &Event,
) -> Vec<String> {
    let id = event.id.node;
    let mut out = Vec::new();
    for &e in &selection.edges {
        let edge = graph.graph[e];
        let EdgeKind::Relation(kind) = edge.kind else {
            continue;
        };
        let Some((from, to)) = graph.graph.edge_endpoints(e) else {
            continue;
        };
        let (from, to) = (graph.entity(from), graph.entity(to));
        let (left, right) = if kb.id_of(to) == id {
            (kb.label(from), "this event")
        } else if kb.id_of(from) == id {
            ("This event", kb.label(to))
        } else {
            continue;
        };
        if let Some(words) = crate::claims::wording(kb, edge.claims(kb)) {
            let kind = kb.str(kind).replace('_', " ");
            out.push(format!("{left} {kind} {right}: {words}."));
        }
    }
    out
}

/// Returns the event's sources as a paragraph of links (a title, linked when its URL
/// is a web address; any other scheme, `javascript:` among them, stays text).
fn source_links(kb: &Kb, event: &Event) -> String {
    let mut items = Vec::new();
    for r in &event.sources {
        let Some(Entity::Source(s)) = kb.lookup(r.id.node) else {
            continue;
        };
        let source = &kb.sources()[s as usize];
        let mut title = html_text(&source.title);
        if let Some(publisher) = source.publisher.as_deref() {
            title.push_str(&format!(" ({})", html_text(publisher)));
        }
        items.push(match source.url.as_deref().filter(|u| is_web_address(u)) {
            Some(url) => format!("<a href=\"{}\">{title}</a>", xml(url)),
            None => title,
        });
    }
    if items.is_empty() {
        String::new()
    } else {
        format!("<p>Sources: {}</p>", items.join("; "))
    }
}

/// Returns true for an `http:` or `https:` address, the only links a page should follow.
fn is_web_address(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Returns the group of an event's slide, or `None` when not grouping.
fn group_of(kb: &Kb, event: &Event, group: Group) -> Option<String> {
    match group {
        Group::None => None,
        Group::Actor => Some(
            event
                .actors
                .first()
                .and_then(|p| kb.lookup(p.actor.node))
                .map_or_else(|| "Other".to_string(), |a| xml(kb.label(a))),
        ),
        Group::Kind => Some(xml(&kind_label(kb.kind_name(event)))),
    }
}

/// Returns a vocabulary term for people: `responds_to` reads `Responds to`.
pub fn kind_label(term: &str) -> String {
    let words = term.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_count_as_timelinejs_counts_them() {
        let day = |y, m, d| Point::day(crate::date::days_from_civil(y, m, d));
        assert_eq!(TlDate::of(day(-43, 3, 15), Precision::Year).year, -44);
        assert_eq!(TlDate::of(day(0, 1, 1), Precision::Year).year, -1);
        assert_eq!(TlDate::of(day(1, 1, 1), Precision::Year).year, 1);
        let ides = TlDate::of(day(-43, 3, 15), Precision::Day);
        assert_eq!((ides.month, ides.day, ides.hour), (Some(3), Some(15), None));
    }

    #[test]
    fn kinds_read_as_labels() {
        assert_eq!(kind_label("responds_to"), "Responds to");
        assert_eq!(kind_label("protest"), "Protest");
    }
}
