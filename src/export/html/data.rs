//! What the interactive page knows of each event, made once in Rust and embedded in the
//! page as JSON: every text already in words (dates, actors by name, claimants by name,
//! sources by title), so the page's script only shows, filters and searches it.

use std::collections::{BTreeSet, HashMap};

use petgraph::Direction;
use serde::Serialize;

use crate::date::{Bound, point_in_words};
use crate::export::Selection;
use crate::export::timeline::extent::{Extent, date_text};
use crate::graph::{EdgeKind, Graph};
use crate::kb::{Entity, Kb};
use crate::model::{Claim, Event, Sym};
use crate::time::bounds::EventBounds;
use crate::vocab::STATED;

/// Everything the page shows besides the drawing.
#[derive(Debug, Serialize)]
pub struct PageData {
    /// The events of the selection, in timeline order.
    pub events: Vec<EventView>,
    /// The actors taking part in those events, by name, for the actor filter.
    pub actors: Vec<Choice>,
    /// The event kinds among those events.
    pub kinds: Vec<String>,
    /// The tags among those events.
    pub tags: Vec<String>,
    /// The claim statuses touching those events (`stated` included).
    pub statuses: Vec<String>,
}

/// One choice of a filter: an id and the text shown for it.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Choice {
    /// The name shown (first, so choices sort by it).
    pub name: String,
    /// The id the filter keeps.
    pub id: String,
}

/// One event as the page shows it.
#[derive(Debug, Serialize)]
pub struct EventView {
    /// The event's id (the drawing's marks carry it as `data-id`).
    pub id: String,
    /// The title.
    pub title: String,
    /// The kind.
    pub kind: String,
    /// The date in words, as the drawing writes it.
    pub date: String,
    /// The date as written (EDTF), when one is written.
    pub written: Option<String>,
    /// When it starts, in words (`2 February 2021`, `between … and …`).
    pub starts: String,
    /// When it ends, in words.
    pub ends: String,
    /// True when inference narrowed the bounds beyond the date as written.
    pub inferred: bool,
    /// The duration in words, when one is written.
    pub duration: Option<String>,
    /// The positions on whether the event happened, in words; `None` for a fact.
    pub status: Option<String>,
    /// Every claim status touching the event, for the status filter.
    pub statuses: Vec<String>,
    /// The participants, by name and role.
    pub actors: Vec<ActorView>,
    /// The ids of every actor the event involves, for the actor filter (as `--actor`
    /// counts them): its participants and the actors related to it (`perpetrator_of`).
    pub involves: Vec<String>,
    /// The place's name.
    pub place: Option<String>,
    /// The tags.
    pub tags: Vec<String>,
    /// The sources that report it.
    pub sources: Vec<SourceView>,
    /// Every edge of the event that carries claims, with its positions.
    pub claims: Vec<ClaimView>,
    /// The relations of the event to other entities.
    pub relations: Vec<RelationView>,
    /// Free text.
    pub note: Option<String>,
    /// Free attributes, in the order written.
    pub attrs: Vec<(String, String)>,
}

/// A participant of an event.
#[derive(Debug, Serialize)]
pub struct ActorView {
    /// The actor's id (for the actor filter).
    pub id: String,
    /// The actor's name.
    pub name: String,
    /// The role.
    pub role: String,
    /// The positions on the participation, in words; `None` for a fact.
    pub status: Option<String>,
}

/// A source cited by an event.
#[derive(Debug, Serialize)]
pub struct SourceView {
    /// The title.
    pub title: String,
    /// The address, when it is a web or mail address a reader can follow.
    pub link: Option<String>,
    /// The address as written, when it is one a page must not follow (shown as text).
    pub address: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// Its date in words, or as written.
    pub date: Option<String>,
    /// The positions on the citation (`scheduled`), in words; `None` for a fact.
    pub status: Option<String>,
}

/// The positions taken on one edge or on the event itself.
#[derive(Debug, Serialize)]
pub struct ClaimView {
    /// What is claimed: `This event happened`, `Alexander Petrov as participant`,
    /// `GRU perpetrator of this event`, …
    pub about: String,
    /// Every position.
    pub positions: Vec<PositionView>,
}

/// One position: its status, who takes it, on what sources, with what note.
#[derive(Debug, Serialize)]
pub struct PositionView {
    /// The status.
    pub status: String,
    /// The claimants, by name.
    pub by: Vec<String>,
    /// The sources, by title.
    pub sources: Vec<String>,
    /// The note on the claim.
    pub note: Option<String>,
}

/// A relation of the event to another entity.
#[derive(Debug, Serialize)]
pub struct RelationView {
    /// The relation as a sentence fragment: `causes`, `perpetrator of`.
    pub kind: String,
    /// True when the event is the relation's `from`.
    pub outgoing: bool,
    /// The other entity's name.
    pub other: String,
    /// The other entity's id, when it is an event (to open its details).
    pub event: Option<String>,
    /// The positions on the relation, in words; `None` for a fact.
    pub status: Option<String>,
    /// The notes written on the relation.
    pub notes: Vec<String>,
}

/// Returns what the page shows of `selection`; `bounds` holds one entry per event.
pub fn page_data(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    bounds: &[EventBounds],
) -> PageData {
    let related = related_actors(kb);
    // As on the drawing's axis: once a date lies before the common era, later years
    // say `CE` too.
    let era = selection.events.iter().any(|&i| {
        bounds.get(i as usize).is_some_and(|b| {
            b.start
                .0
                .point()
                .or(b.start.1.point())
                .is_some_and(|p| crate::date::civil_from_days(p.day).0 <= 0)
        })
    });
    let events: Vec<EventView> = selection
        .events
        .iter()
        .map(|&i| {
            let event = &kb.events()[i as usize];
            let b = bounds
                .get(i as usize)
                .copied()
                .unwrap_or_else(|| EventBounds::given(event));
            let mut view = event_view(kb, graph, i, &b, era);
            let mut involves: BTreeSet<Sym> = event.actors.iter().map(|p| p.actor.node).collect();
            involves.extend(related.get(&event.id.node).into_iter().flatten());
            view.involves = involves.iter().map(|&a| kb.str(a).to_string()).collect();
            view
        })
        .collect();
    let mut actors = BTreeSet::new();
    let (mut kinds, mut tags, mut statuses) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for event in &events {
        actors.extend(event.involves.iter().map(|id| {
            Choice {
                name: kb
                    .lookup_str(id)
                    .map_or_else(|| id.clone(), |e| one_line(kb.label(e))),
                id: id.clone(),
            }
        }));
        kinds.insert(event.kind.clone());
        tags.extend(event.tags.iter().cloned());
        statuses.extend(event.statuses.iter().cloned());
    }
    // One entry per actor, even where two actors share a name.
    let mut seen = BTreeSet::new();
    let actors = actors
        .into_iter()
        .filter(|c| seen.insert(c.id.clone()))
        .collect();
    PageData {
        events,
        actors,
        kinds: kinds.into_iter().collect(),
        tags: tags.into_iter().collect(),
        statuses: statuses.into_iter().collect(),
    }
}

/// Returns, for each event, the actors at the other end of a relation with it, as
/// `--actor` counts them (every relation written, whatever its claims).
fn related_actors(kb: &Kb) -> HashMap<Sym, Vec<Sym>> {
    let is_actor = |id: Sym| matches!(kb.lookup(id), Some(Entity::Actor(_)));
    let mut out: HashMap<Sym, Vec<Sym>> = HashMap::new();
    for r in kb.relations() {
        let (from, to) = (r.from.node, r.to.node);
        if is_actor(from) {
            out.entry(to).or_default().push(from);
        }
        if is_actor(to) {
            out.entry(from).or_default().push(to);
        }
    }
    out
}

/// Returns `text` on one line, for a filter's choices.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Returns one event as the page shows it.
fn event_view(kb: &Kb, graph: &Graph, index: u32, b: &EventBounds, era: bool) -> EventView {
    let event = &kb.events()[index as usize];
    let node = graph.node(event.id.node);
    let relations = node.map_or_else(Vec::new, |n| relations(kb, graph, n));
    EventView {
        id: kb.str(event.id.node).to_string(),
        title: event.title.to_string(),
        kind: kb.kind_name(event).to_string(),
        date: date_text(
            kb,
            index,
            b,
            Extent::of(b, event.date.is_some()).as_ref(),
            era,
        ),
        written: event.date.as_ref().map(|d| d.node.display()),
        starts: window_words(b.start, b.local),
        ends: window_words(b.end, b.local),
        inferred: b.inferred,
        duration: event.duration.as_ref().map(|p| p.node.human()),
        status: crate::claims::wording(kb, event.positions()),
        statuses: statuses(kb, graph, event),
        actors: event
            .actors
            .iter()
            .map(|p| ActorView {
                id: kb.str(p.actor.node).to_string(),
                name: name(kb, p.actor.node),
                role: kb.str(p.role.node).replace('_', " "),
                status: crate::claims::wording(kb, &p.claims),
            })
            .collect(),
        involves: Vec::new(),
        place: event.place.as_ref().map(|p| name(kb, p.id.node)),
        tags: event
            .tags
            .iter()
            .map(|t| kb.str(t.node).to_string())
            .collect(),
        sources: event
            .sources
            .iter()
            .filter_map(|r| source_view(kb, r.id.node, &r.claims))
            .collect(),
        claims: claims(kb, graph, event, node),
        relations,
        note: event.note.as_deref().map(str::to_string),
        attrs: event
            .attrs
            .iter()
            .map(|(k, v)| (k.node.to_string(), v.to_string()))
            .collect(),
    }
}

/// Returns the name of the entity `id`, or the id itself when it names none.
fn name(kb: &Kb, id: Sym) -> String {
    kb.lookup(id)
        .map_or_else(|| kb.str(id).to_string(), |e| kb.label(e).to_string())
}

/// Returns earliest..latest of one end of an event in words: one point, `between A and
/// B`, `A or later`, `by B`, or `unknown`.
fn window_words((lo, hi): (Bound, Bound), local: bool) -> String {
    let words = |b: Bound| b.point().map(|p| point_in_words(p, !local));
    match (words(lo), words(hi)) {
        (Some(a), Some(z)) if a == z => a,
        (Some(a), Some(z)) => match (a.split_once(", "), z.split_once(", ")) {
            // Two times of one day: the day once.
            (Some((day_a, time_a)), Some((day_z, time_z))) if day_a == day_z => {
                match (time_a.strip_suffix(" UTC"), time_z.strip_suffix(" UTC")) {
                    (Some(ta), Some(tz)) => format!("{day_a}, between {ta} and {tz} UTC"),
                    _ => format!("{day_a}, between {time_a} and {time_z}"),
                }
            }
            _ => format!("between {a} and {z}"),
        },
        (Some(a), None) => format!("{a} or later"),
        (None, Some(z)) => format!("by {z}"),
        (None, None) => "unknown".to_string(),
    }
}

/// Returns the statuses of every claim on the event and on the edges touching it (as
/// `--status` counts them: an edge without claims is `stated`).
fn statuses(kb: &Kb, graph: &Graph, event: &Event) -> Vec<String> {
    let mut out = BTreeSet::new();
    let mut add = |claims: &[Claim]| {
        if claims.is_empty() {
            out.insert(STATED.to_string());
        }
        for claim in claims {
            out.insert(
                kb.status_name(claim.status.as_ref().map(|s| s.node))
                    .to_string(),
            );
        }
    };
    if !event.positions().is_empty() {
        add(event.positions());
    }
    if let Some(node) = graph.node(event.id.node) {
        for direction in [Direction::Outgoing, Direction::Incoming] {
            for edge in graph.graph.edges_directed(node, direction) {
                add(edge.weight().claims(kb));
            }
        }
    }
    out.into_iter().collect()
}

/// Returns a cited source as the page shows it; `None` when `id` names no source.
fn source_view(kb: &Kb, id: Sym, claims: &[Claim]) -> Option<SourceView> {
    let Some(Entity::Source(s)) = kb.lookup(id) else {
        return None;
    };
    let source = &kb.sources()[s as usize];
    let url = source.url.as_deref().map(str::trim);
    let followable = url.filter(|u| is_followable(u));
    Some(SourceView {
        title: source.title.to_string(),
        link: followable.map(str::to_string),
        address: url.filter(|_| followable.is_none()).map(str::to_string),
        publisher: source.publisher.as_deref().map(str::to_string),
        date: source
            .date
            .as_ref()
            .map(|d| d.node.edtf.in_words().unwrap_or_else(|| d.node.display())),
        status: crate::claims::wording(kb, claims),
    })
}

/// Returns true for an address a published page may link to: `http`, `https` or
/// `mailto` (never `javascript:` or `data:`).
fn is_followable(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        && !url.chars().any(char::is_control)
}

/// Returns every position as the page shows it: claimants by name, sources by title.
fn positions(kb: &Kb, claims: &[Claim]) -> Vec<PositionView> {
    claims
        .iter()
        .map(|claim| PositionView {
            status: kb
                .status_name(claim.status.as_ref().map(|s| s.node))
                .to_string(),
            by: claim.by.iter().map(|b| name(kb, b.node)).collect(),
            sources: claim.sources.iter().map(|s| name(kb, s.node)).collect(),
            note: claim.note.as_deref().map(str::to_string),
        })
        .collect()
}

/// Returns the claims on the event itself and on every edge touching it that carries
/// any: whether it happened, each participation, its place, its citations, its
/// relations.
fn claims(
    kb: &Kb,
    graph: &Graph,
    event: &Event,
    node: Option<petgraph::graph::NodeIndex>,
) -> Vec<ClaimView> {
    let mut out = Vec::new();
    // A stated claim naming no claimant is a citation, shown with the sources and the
    // relations; a claim is what someone asserts or what is contested.
    let mut push = |about: String, claims: &[Claim]| {
        if !kb.vocab().is_fact(claims) || claims.iter().any(|c| !c.by.is_empty()) {
            out.push(ClaimView {
                about,
                positions: positions(kb, claims),
            });
        }
    };
    push("This event happened".to_string(), event.positions());
    for p in &event.actors {
        let role = kb.str(p.role.node).replace('_', " ");
        push(format!("{} as {role}", name(kb, p.actor.node)), &p.claims);
    }
    if let Some(place) = &event.place {
        push(format!("At {}", name(kb, place.id.node)), &place.claims);
    }
    for r in &event.sources {
        push(format!("Reported by {}", name(kb, r.id.node)), &r.claims);
    }
    let Some(node) = node else {
        return out;
    };
    for (edge, outgoing, other) in relation_edges(graph, node) {
        let EdgeKind::Relation(kind) = edge.kind else {
            continue;
        };
        let kind = kb.str(kind).replace('_', " ");
        let other = kb.label(graph.entity(other));
        let about = if outgoing {
            format!("This event {kind} {other}")
        } else {
            format!("{other} {kind} this event")
        };
        push(about, edge.claims(kb));
    }
    out
}

/// Returns the relation edges at `node`: the edge, whether `node` is its `from`, and
/// the node at its other end; in edge order.
fn relation_edges(
    graph: &Graph,
    node: petgraph::graph::NodeIndex,
) -> Vec<(crate::graph::Edge, bool, petgraph::graph::NodeIndex)> {
    use petgraph::visit::EdgeRef;
    let mut out: Vec<_> = [Direction::Outgoing, Direction::Incoming]
        .into_iter()
        .flat_map(|direction| {
            graph.graph.edges_directed(node, direction).map(move |e| {
                let outgoing = direction == Direction::Outgoing;
                let other = if outgoing { e.target() } else { e.source() };
                (e.id(), *e.weight(), outgoing, other)
            })
        })
        .filter(|(_, edge, _, _)| matches!(edge.kind, EdgeKind::Relation(_)))
        .collect();
    out.sort_by_key(|(id, ..)| *id);
    out.into_iter().map(|(_, e, o, n)| (e, o, n)).collect()
}

/// Returns the relations of the event at `node` to other entities.
fn relations(kb: &Kb, graph: &Graph, node: petgraph::graph::NodeIndex) -> Vec<RelationView> {
    relation_edges(graph, node)
        .into_iter()
        .filter_map(|(edge, outgoing, other)| {
            let EdgeKind::Relation(kind) = edge.kind else {
                return None;
            };
            let entity = graph.entity(other);
            let claims = edge.claims(kb);
            Some(RelationView {
                kind: kb.str(kind).replace('_', " "),
                outgoing,
                other: kb.label(entity).to_string(),
                event: matches!(entity, Entity::Event(_)).then(|| kb.id_str(entity).to_string()),
                status: crate::claims::wording(kb, claims),
                notes: claims
                    .iter()
                    .filter_map(|c| c.note.as_deref().map(str::to_string))
                    .collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_addresses_are_followed() {
        assert!(is_followable("https://example.org/a"));
        assert!(is_followable("HTTP://EXAMPLE.ORG"));
        assert!(is_followable("mailto:desk@example.org"));
        assert!(!is_followable("javascript:alert(1)"));
        assert!(!is_followable("data:text/html,<script>"));
        assert!(!is_followable("https://example.org/\u{0}"));
    }

    #[test]
    fn windows_read_in_words() {
        let day = |y, m, d| {
            Bound::At(crate::date::Point::day(crate::date::days_from_civil(
                y, m, d,
            )))
        };
        assert_eq!(
            window_words((day(2021, 2, 2), day(2021, 2, 2)), false),
            "2 February 2021"
        );
        assert_eq!(
            window_words((day(2020, 8, 1), day(2020, 8, 31)), false),
            "between 1 August 2020 and 31 August 2020"
        );
        assert_eq!(
            window_words((day(-43, 3, 15), Bound::Open), false),
            "15 March 44 BCE or later"
        );
        assert_eq!(
            window_words((Bound::Unknown, Bound::Open), false),
            "unknown"
        );
    }
}
