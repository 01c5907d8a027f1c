//! The event filters shared by `timeline` and the drawings: actor, kind, tag and a
//! date window, possibly or certainly overlapping.

use std::collections::HashSet;

use crate::date::Edtf;
use crate::diag::did_you_mean;
use crate::kb::{Entity, Kb};
use crate::model::{EntityType, Event, Sym};
use crate::query::{Key, lower_key, upper_key};
use crate::vocab::TermClass;

/// Which events to keep.
#[derive(Clone, Debug, Default)]
pub struct Filter {
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
}

impl Filter {
    /// Resolves command-line filters against `kb`, rejecting unknown ids, kinds and dates.
    pub fn resolve(kb: &Kb, args: &FilterArgs) -> Result<Filter, FilterError> {
        let mut filter = Filter {
            strict: args.strict,
            ..Filter::default()
        };
        for actor in &args.actors {
            filter
                .actors
                .push(resolve_id(kb, actor, EntityType::Actor)?);
        }
        for relation in &kb.relations {
            if filter.actors.contains(&relation.from.node) {
                filter.related.insert(relation.to.node);
            }
            if filter.actors.contains(&relation.to.node) {
                filter.related.insert(relation.from.node);
            }
        }
        for kind in &args.kinds {
            let sym = kb
                .syms
                .get(kind)
                .filter(|s| kb.vocab.has(TermClass::EventKind, *s));
            let Some(sym) = sym else {
                let terms: Vec<&str> = kb
                    .vocab
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
            let used = kb.events.iter().flat_map(|e| &e.tags).map(|t| t.node);
            let known: Vec<Sym> = {
                let mut v: Vec<Sym> = used.collect();
                v.sort();
                v.dedup();
                v
            };
            match kb.syms.get(tag).filter(|s| known.contains(s)) {
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
        if let Some(from) = &args.from {
            filter.from = Some(lower_key(parse_date(from, "--from")?.lower()));
        }
        if let Some(to) = &args.to {
            filter.to = Some(upper_key(parse_date(to, "--to")?.upper()));
        }
        Ok(filter)
    }

    /// Returns true when `event` passes every filter.
    pub fn matches(&self, kb: &Kb, event: &Event) -> bool {
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
                .or_else(|| kb.syms.get("event"));
            if !kind.is_some_and(|k| self.kinds.contains(&k)) {
                return false;
            }
        }
        if !self.tags.is_empty() && !event.tags.iter().any(|t| self.tags.contains(&t.node)) {
            return false;
        }
        let (start, end) = match &event.date {
            Some(date) => (
                lower_key(date.node.edtf.lower()),
                upper_key(date.node.edtf.upper()),
            ),
            None => (Key::NegInf, Key::PosInf),
        };
        if self.strict {
            // Certainly within: the whole possible extent lies inside the window.
            self.from.is_none_or(|from| start >= from) && self.to.is_none_or(|to| end <= to)
        } else {
            // Possibly overlapping: some possible extent meets the window.
            self.from.is_none_or(|from| end >= from) && self.to.is_none_or(|to| start <= to)
        }
    }
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
        help: did_you_mean(id, candidates.iter().copied()).map(|s| format!("did you mean `{s}`?")),
    }
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
