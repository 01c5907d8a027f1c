//! The event filters shared by `timeline` and the drawings: actor, kind, tag, a
//! date window (possibly or certainly overlapping), claim status, and the
//! neighbourhood of one entity.

use std::collections::{HashSet, VecDeque};

use petgraph::visit::EdgeRef;

use crate::date::Edtf;
use crate::diag::did_you_mean;
use crate::graph::Graph;
use crate::kb::{Entity, Kb};
use crate::model::{EntityType, Event, Sym};
use crate::time::bounds::{EventBounds, Key, lower_key, upper_key};
use crate::vocab::TermClass;

/// Which events to keep.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Events the claim view leaves out: those whose occurrence the parties of
    /// `--according-to` dispute or refute (their chronology does not have them).
    pub dropped: HashSet<Sym>,
    /// Keep events any of these actors take part in (empty: all).
    pub actors: Vec<Sym>,
    /// Events related to one of `actors` by a relation (`perpetrator_of`, …).
    related: HashSet<Sym>,
    /// Keep events of any of these kinds (empty: all).
    pub kinds: Vec<Sym>,
    /// Keep events with any of these tags (empty: all).
    pub tags: Vec<Sym>,
    /// Keep events that may end on or after this key.
    pub from: Option<Key>,
    /// Keep events that may start on or before this key.
    pub to: Option<Key>,
    /// Require events to lie certainly within `from`..`to`.
    pub strict: bool,
    /// Keep events touched by an edge of one of these claim statuses (empty: all).
    pub statuses: Vec<Sym>,
    /// The events `statuses` selects.
    status_events: HashSet<Sym>,
    /// The ids within `--depth` edges of the `--around` entity, when given.
    pub around: Option<HashSet<Sym>>,
    /// The `--around` entity itself.
    pub center: Option<Sym>,
}

/// A filter argument that names nothing in the KB.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct FilterError {
    /// What is wrong.
    pub message: String,
    /// A likely fix.
    pub help: Option<String>,
}

/// The filters as given on the command line.
#[derive(Clone, Debug, Default)]
pub struct FilterArgs {
    /// `--actor` values.
    pub actors: Vec<String>,
    /// `--kind` values.
    pub kinds: Vec<String>,
    /// `--tag` values.
    pub tags: Vec<String>,
    /// `--from` value.
    pub from: Option<String>,
    /// `--to` value.
    pub to: Option<String>,
    /// `--strict`.
    pub strict: bool,
    /// `--status` values.
    pub statuses: Vec<String>,
    /// `--around` value.
    pub around: Option<String>,
    /// `--depth` value: how many edges from `around`, in either direction.
    pub depth: usize,
}

impl Filter {
    /// Leaves out the events `view` drops (SPEC §2: `--according-to` gives the
    /// chronology as those parties tell it, without what they dispute or refute).
    pub fn under(mut self, kb: &Kb, view: &crate::claims::ClaimView) -> Filter {
        self.dropped = kb
            .events()
            .iter()
            .filter(|e| kb.vocab().verdict(view, e.positions()) == crate::claims::Verdict::Dropped)
            .map(|e| e.id.node)
            .collect();
        self
    }

    /// Resolves command-line filters against `kb`, rejecting unknown ids, kinds and dates.
    pub fn resolve(kb: &Kb, graph: &Graph, args: &FilterArgs) -> Result<Filter, FilterError> {
        let mut filter = Filter {
            strict: args.strict,
            ..Filter::default()
        };
        for actor in &args.actors {
            filter
                .actors
                .push(resolve_id(kb, actor, EntityType::Actor)?);
        }
        for relation in kb.relations() {
            if filter.actors.contains(&relation.from.node) {
                filter.related.insert(relation.to.node);
            }
            if filter.actors.contains(&relation.to.node) {
                filter.related.insert(relation.from.node);
            }
        }
        for kind in &args.kinds {
            let sym = kb
                .syms()
                .get(kind)
                .filter(|s| kb.vocab().has(TermClass::EventKind, *s));
            let Some(sym) = sym else {
                let terms: Vec<&str> = kb
                    .vocab()
                    .terms(TermClass::EventKind)
                    .map(|s| kb.str(s))
                    .collect();
                return Err(FilterError {
                    message: format!("unknown event kind `{kind}`"),
                    help: Some(match did_you_mean(kind, terms.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("known event kinds: {}", terms.join(", ")),
                    }),
                });
            };
            filter.kinds.push(sym);
        }
        for tag in &args.tags {
            let used = kb.events().iter().flat_map(|e| &e.tags).map(|t| t.node);
            let known: Vec<Sym> = {
                let mut v: Vec<Sym> = used.collect();
                v.sort();
                v.dedup();
                v
            };
            match kb.syms().get(tag).filter(|s| known.contains(s)) {
                Some(sym) => filter.tags.push(sym),
                None => {
                    let names: Vec<&str> = known.iter().map(|s| kb.str(*s)).collect();
                    return Err(FilterError {
                        message: format!("no event has the tag `{tag}`"),
                        help: did_you_mean(tag, names.iter().copied())
                            .map(|s| format!("did you mean `{s}`?")),
                    });
                }
            }
        }
        for status in &args.statuses {
            let sym = kb
                .syms()
                .get(status)
                .filter(|s| kb.vocab().has(TermClass::Status, *s));
            let Some(sym) = sym else {
                let terms: Vec<&str> = kb
                    .vocab()
                    .terms(TermClass::Status)
                    .map(|s| kb.str(s))
                    .collect();
                return Err(FilterError {
                    message: format!("unknown claim status `{status}`"),
                    help: Some(match did_you_mean(status, terms.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("known claim statuses: {}", terms.join(", ")),
                    }),
                });
            };
            filter.statuses.push(sym);
        }
        if !filter.statuses.is_empty() {
            filter.status_events = events_with_status(kb, graph, &filter.statuses);
        }
        if let Some(id) = &args.around {
            let entity = resolve_any(kb, id)?;
            filter.center = Some(kb.id_of(entity));
            filter.around = Some(neighbourhood(kb, graph, kb.id_of(entity), args.depth));
        }
        if let Some(from) = &args.from {
            filter.from = Some(from_key(from)?);
        }
        if let Some(to) = &args.to {
            filter.to = Some(to_key(to)?);
        }
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from > to
        {
            return Err(FilterError {
                message: "the window is reversed: --from is after --to".into(),
                help: Some("give the earlier date to --from and the later one to --to".into()),
            });
        }
        Ok(filter)
    }

    /// Returns true when no filter narrows the events (`--strict` alone narrows nothing).
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
            && self.kinds.is_empty()
            && self.tags.is_empty()
            && self.from.is_none()
            && self.to.is_none()
            && self.statuses.is_empty()
            && self.around.is_none()
    }

    /// Returns true when `event` passes every filter; the date window is tested against
    /// `bounds`, the event's given or inferred bounds.
    pub fn matches(&self, kb: &Kb, event: &Event, bounds: &EventBounds) -> bool {
        if self.dropped.contains(&event.id.node) {
            return false;
        }
        if !self.actors.is_empty()
            && !self.related.contains(&event.id.node)
            && !event
                .actors
                .iter()
                .any(|p| self.actors.contains(&p.actor.node))
        {
            return false;
        }
        if !self.kinds.is_empty() {
            let kind = event
                .kind
                .as_ref()
                .map(|k| k.node)
                .or_else(|| kb.syms().get("event"));
            if !kind.is_some_and(|k| self.kinds.contains(&k)) {
                return false;
            }
        }
        if !self.tags.is_empty() && !event.tags.iter().any(|t| self.tags.contains(&t.node)) {
            return false;
        }
        if !self.statuses.is_empty() && !self.status_events.contains(&event.id.node) {
            return false;
        }
        if self
            .around
            .as_ref()
            .is_some_and(|ids| !ids.contains(&event.id.node))
        {
            return false;
        }
        let (start, end) = bounds.keys();
        if self.strict {
            // Certainly within: the whole possible extent lies inside the window.
            self.from.is_none_or(|from| start >= from) && self.to.is_none_or(|to| end <= to)
        } else {
            // Possibly overlapping: some possible extent meets the window.
            self.from.is_none_or(|from| end >= from) && self.to.is_none_or(|to| start <= to)
        }
    }
}

/// Returns the events touched by an edge whose claim status is one of `statuses`
/// (`stated` matches edges written without a status).
fn events_with_status(kb: &Kb, graph: &Graph, statuses: &[Sym]) -> HashSet<Sym> {
    let stated = kb.syms().get(crate::vocab::STATED);
    let mut events = HashSet::new();
    for edge in graph.graph.edge_references() {
        let status = edge.weight().status.or(stated);
        if !status.is_some_and(|s| statuses.contains(&s)) {
            continue;
        }
        for node in [edge.source(), edge.target()] {
            let entity = graph.entity(node);
            if entity.ty() == EntityType::Event {
                events.insert(kb.id_of(entity));
            }
        }
    }
    events
}

/// Returns the ids within `depth` edges of `center`, following edges both ways.
pub fn neighbourhood(kb: &Kb, graph: &Graph, center: Sym, depth: usize) -> HashSet<Sym> {
    let mut seen = HashSet::from([center]);
    let Some(start) = graph.node(center) else {
        return seen;
    };
    let mut visited = HashSet::from([start]);
    let mut queue = VecDeque::from([(start, 0)]);
    while let Some((node, d)) = queue.pop_front() {
        if d == depth {
            continue;
        }
        for next in graph.graph.neighbors_undirected(node) {
            if visited.insert(next) {
                seen.insert(kb.id_of(graph.entity(next)));
                queue.push_back((next, d + 1));
            }
        }
    }
    seen
}

/// Resolves an id given on the command line to an entity of type `ty`.
pub fn resolve_id(kb: &Kb, id: &str, ty: EntityType) -> Result<Sym, FilterError> {
    match kb.lookup_str(id) {
        Some(entity) if entity.ty() == ty => Ok(kb.id_of(entity)),
        Some(entity) => Err(FilterError {
            message: format!(
                "`{id}` is {}, not {}",
                entity.ty().with_article(),
                ty.with_article()
            ),
            help: None,
        }),
        None => Err(unknown_id(kb, id, Some(ty))),
    }
}

/// Resolves an id of any type given on the command line.
pub fn resolve_any(kb: &Kb, id: &str) -> Result<Entity, FilterError> {
    kb.lookup_str(id).ok_or_else(|| unknown_id(kb, id, None))
}

fn unknown_id(kb: &Kb, id: &str, ty: Option<EntityType>) -> FilterError {
    let candidates: Vec<&str> = match ty {
        Some(ty) => kb.ids_of_type(ty),
        None => kb.entities().map(|e| kb.id_str(e)).collect(),
    };
    FilterError {
        message: format!(
            "no {} has the id `{id}`",
            ty.map_or("entity", EntityType::as_str)
        ),
        help: did_you_mean(id, candidates.iter().copied())
            .or_else(|| near_id(id, &candidates))
            .map(|s| format!("did you mean `{s}`?")),
    }
}

/// Returns the id one edit (a transposition counts as one) away from `id`, or one that
/// differs only in case, for short ids that Jaro-Winkler similarity misses.
fn near_id<'a>(id: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = id.to_lowercase();
    candidates
        .iter()
        .copied()
        .filter(|c| c.to_lowercase() == lower || strsim::damerau_levenshtein(id, c) <= 1)
        .min()
}

/// Returns the key `--from DATE` compares events with: the date's earliest moment.
pub fn from_key(text: &str) -> Result<Key, FilterError> {
    Ok(lower_key(parse_date(text, "--from")?.lower()))
}

/// Returns the key `--to DATE` compares events with: the date's latest moment.
pub fn to_key(text: &str) -> Result<Key, FilterError> {
    Ok(upper_key(parse_date(text, "--to")?.upper()))
}

fn parse_date(text: &str, flag: &str) -> Result<Edtf, FilterError> {
    Edtf::parse(text).map_err(|err| FilterError {
        message: format!("invalid date `{text}` for {flag}: {}", err.message),
        help: Some(
            err.help
                .unwrap_or_else(|| "write an EDTF date such as `2021-02`".into()),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::ClaimView;

    #[test]
    fn a_party_s_chronology_leaves_out_what_it_disputes() {
        let kb = crate::query::test_kb(
            r#"Chronicle(
                actors: [Actor(id: "uk", name: "UK"), Actor(id: "ru", name: "Russia")],
                sources: [Source(id: "s", title: "S")],
                events: [
                    Event(id: "poisoning", title: "Poisoning", date: "2018-03-04", sources: ["s"]),
                    Event(id: "staged", title: "Staged", sources: ["s"],
                          claims: [Claim(status: alleged, by: ["ru"]), Claim(status: disputed, by: ["uk"])]),
                ])"#,
        );
        let bounds = crate::time::bounds::EventBounds::unknown();
        let kept = |view: &ClaimView| -> Vec<&str> {
            let filter = Filter::default().under(&kb, view);
            kb.events()
                .iter()
                .filter(|e| filter.matches(&kb, e, &bounds))
                .map(|e| kb.str(e.id.node))
                .collect()
        };
        let party = |id: &str| ClaimView::according(vec![kb.syms().get(id).expect("an id")]);
        assert_eq!(kept(&ClaimView::Stated), ["poisoning", "staged"]);
        assert_eq!(kept(&party("ru")), ["poisoning", "staged"]);
        assert_eq!(kept(&party("uk")), ["poisoning"]);
    }
}
