//! The vocabulary: built-in terms (SPEC §2, extended) merged with the terms a KB
//! declares, and the entity types each relation kind connects.

use std::collections::HashMap;

use crate::diag::{Diagnostic, did_you_mean};
use crate::model::{Endpoint, EntityType, Sym, VocabularyDecl};
use crate::source::Span;

/// Built-in actor kinds.
pub const ACTOR_KINDS: &[&str] = &["person", "organization", "group", "state", "media"];
/// Built-in event kinds.
pub const EVENT_KINDS: &[&str] = &[
    "event",
    "attack",
    "arrest",
    "trial",
    "verdict",
    "detention",
    "protest",
    "statement",
    "publication",
    "travel",
    "medical",
    "election",
    "meeting",
    "birth",
    "death",
    "release",
    "investigation",
];
/// Built-in place kinds.
pub const PLACE_KINDS: &[&str] = &[
    "place", "country", "region", "city", "site", "building", "facility",
];
/// Built-in participant roles; each `r` also gives the actor→event relation `r_of`.
pub const ROLES: &[&str] = &[
    "participant",
    "subject",
    "victim",
    "perpetrator",
    "defendant",
    "judge",
    "prosecutor",
    "lawyer",
    "witness",
    "organizer",
    "reporter",
    "target",
    "host",
    "speaker",
    "supporter",
    "observer",
];
/// Built-in claim statuses; `stated` is the default and the only one taken as fact.
pub const STATUSES: &[&str] = &[STATED, ALLEGED, DISPUTED, REFUTED, SCHEDULED];
/// Someone claims it; the status every declared status stands as.
pub const ALLEGED: &str = "alleged";
/// Someone denies it.
pub const DISPUTED: &str = "disputed";
/// Shown to be false.
pub const REFUTED: &str = "refuted";
/// Announced ahead of time (a trial date, a deadline): on a citation, the source's
/// publication date does not cap the event (SPEC §4). Not allowed on a relation.
pub const SCHEDULED: &str = "scheduled";
/// The claim status of a fact, and the status of a claim written without one.
pub const STATED: &str = "stated";
/// The actor kind of an actor written without one.
pub const DEFAULT_ACTOR_KIND: &str = "person";
/// The event kind of an event written without one.
pub const DEFAULT_EVENT_KIND: &str = "event";
/// The place kind of a place written without one.
pub const DEFAULT_PLACE_KIND: &str = "place";

/// A record with an optional kind (an event, actor or place), and the kind it has when
/// none is written.
pub trait Kinded {
    /// The kind of a record written without one.
    const DEFAULT_KIND: &'static str;

    /// Returns the kind as written, if any.
    fn written_kind(&self) -> Option<Sym>;
}

impl Kinded for crate::model::Event {
    const DEFAULT_KIND: &'static str = DEFAULT_EVENT_KIND;

    fn written_kind(&self) -> Option<Sym> {
        self.kind.as_ref().map(|k| k.node)
    }
}

impl Kinded for crate::model::Actor {
    const DEFAULT_KIND: &'static str = DEFAULT_ACTOR_KIND;

    fn written_kind(&self) -> Option<Sym> {
        self.kind.as_ref().map(|k| k.node)
    }
}

impl Kinded for crate::model::Place {
    const DEFAULT_KIND: &'static str = DEFAULT_PLACE_KIND;

    fn written_kind(&self) -> Option<Sym> {
        self.kind.as_ref().map(|k| k.node)
    }
}
/// What an event→event relation kind means in time (SPEC §4), whatever it is called:
/// each built-in temporal kind is one meaning, and a declared kind that `implies` one
/// has exactly that meaning everywhere (inference, `relate`, `chain`, drawings, order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimeMeaning {
    /// B starts after A ends (with an optional gap).
    Before,
    /// A starts after B ends (with an optional gap).
    After,
    /// B starts when A ends.
    Meets,
    /// A starts first, B starts before A ends, A ends before B does.
    Overlaps,
    /// A lies within B.
    During,
    /// B lies within A.
    Contains,
    /// Same start; A ends no later than B.
    Starts,
    /// Same end; A starts no earlier than B.
    Finishes,
    /// Same start and end.
    Equals,
    /// A starts no later than B: the cause, then its effect.
    Causes,
    /// A lies within B, as a part of a whole.
    PartOf,
    /// A starts once B has ended.
    Follows,
    /// A starts no earlier than B: a response after what it answers.
    RespondsTo,
}

/// Which end of a relation comes first in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum First {
    /// The `from` event.
    From,
    /// The `to` event.
    To,
}

impl TimeMeaning {
    /// Every meaning, in the order of SPEC §2's built-in event→event kinds.
    pub const ALL: [TimeMeaning; 13] = [
        TimeMeaning::Before,
        TimeMeaning::After,
        TimeMeaning::Meets,
        TimeMeaning::Overlaps,
        TimeMeaning::During,
        TimeMeaning::Contains,
        TimeMeaning::Starts,
        TimeMeaning::Finishes,
        TimeMeaning::Equals,
        TimeMeaning::Causes,
        TimeMeaning::PartOf,
        TimeMeaning::Follows,
        TimeMeaning::RespondsTo,
    ];

    /// Returns the name of the built-in kind with this meaning.
    pub fn name(self) -> &'static str {
        match self {
            TimeMeaning::Before => "before",
            TimeMeaning::After => "after",
            TimeMeaning::Meets => "meets",
            TimeMeaning::Overlaps => "overlaps",
            TimeMeaning::During => "during",
            TimeMeaning::Contains => "contains",
            TimeMeaning::Starts => "starts",
            TimeMeaning::Finishes => "finishes",
            TimeMeaning::Equals => "equals",
            TimeMeaning::Causes => "causes",
            TimeMeaning::PartOf => "part_of",
            TimeMeaning::Follows => "follows",
            TimeMeaning::RespondsTo => "responds_to",
        }
    }

    /// Returns the meaning of a built-in temporal kind's name.
    pub fn from_name(name: &str) -> Option<TimeMeaning> {
        TimeMeaning::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Returns the names of every built-in temporal kind.
    pub fn names() -> impl Iterator<Item = &'static str> {
        TimeMeaning::ALL.into_iter().map(TimeMeaning::name)
    }

    /// Returns true when a `gap` may measure the time between the two events.
    pub fn takes_gap(self) -> bool {
        matches!(self, TimeMeaning::Before | TimeMeaning::After)
    }

    /// Returns which end comes first in time, when the meaning orders them: the
    /// earlier event, the container, the cause.
    pub fn first(self) -> Option<First> {
        use TimeMeaning::*;
        match self {
            Before | Meets | Overlaps | Contains | Causes => Some(First::From),
            After | During | Finishes | Follows | RespondsTo | PartOf => Some(First::To),
            Starts | Equals => None,
        }
    }

    /// Returns true when a relation leads from its `from` to its `to` along a chain:
    /// the cause to the effect, the earlier to the later, the whole to the part.
    pub fn leads_forward(self) -> bool {
        use TimeMeaning::*;
        !matches!(
            self,
            RespondsTo | After | Follows | PartOf | During | Starts | Finishes
        )
    }

    /// Returns true for the causal and part-of meanings, which `chain` follows by
    /// default.
    pub fn chains_by_default(self) -> bool {
        matches!(
            self,
            TimeMeaning::Causes
                | TimeMeaning::RespondsTo
                | TimeMeaning::PartOf
                | TimeMeaning::Contains
        )
    }
}

/// How a claim stands, whatever its status is called: the built-in statuses, with
/// every declared status standing as an allegation (drawn and reasoned with like one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standing {
    /// A fact: `stated`, or no status written.
    Stated,
    /// `alleged`, or any declared status.
    Alleged,
    /// `disputed`.
    Disputed,
    /// `refuted`.
    Refuted,
    /// `scheduled`: announced ahead of time. Contested like an allegation (it may not
    /// happen as announced) and drawn like one; it is not one of [`Standing::ALL`]'s
    /// looks, so legends show it under `alleged`.
    Scheduled,
}

impl Standing {
    /// Every standing with a look of its own, facts first (`Scheduled` looks like `Alleged`).
    pub const ALL: [Standing; 4] = [
        Standing::Stated,
        Standing::Alleged,
        Standing::Disputed,
        Standing::Refuted,
    ];

    /// Returns the standing of a status by its name.
    pub fn of_name(name: &str) -> Standing {
        match name {
            STATED => Standing::Stated,
            DISPUTED => Standing::Disputed,
            REFUTED => Standing::Refuted,
            SCHEDULED => Standing::Scheduled,
            _ => Standing::Alleged,
        }
    }

    /// Returns the name of the built-in status.
    pub fn name(self) -> &'static str {
        match self {
            Standing::Stated => STATED,
            Standing::Alleged => ALLEGED,
            Standing::Disputed => DISPUTED,
            Standing::Refuted => REFUTED,
            Standing::Scheduled => SCHEDULED,
        }
    }
}

pub use crate::claims::ClaimView;

/// Built-in actor→actor relation kinds, with whether each is symmetric.
pub const ACTOR_KINDS_REL: &[(&str, bool)] = &[
    ("spouse_of", true),
    ("member_of", false),
    ("leads", false),
    ("allied_with", true),
    ("opposes", false),
    ("employed_by", false),
    ("related_to", true),
    ("supports", false),
];

pub use crate::model::schema::TermClass;

/// Returns the slot of a plain term class in the vocabulary's lists (relation kinds
/// have definitions of their own, so they have none).
fn plain_index(class: TermClass) -> Option<usize> {
    TermClass::PLAIN.iter().position(|c| *c == class)
}

/// What a relation kind connects and means.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationKindDef {
    /// What may stand at `from`.
    pub from: Endpoint,
    /// What may stand at `to`.
    pub to: Endpoint,
    /// What it means in time, for event→event kinds that have a meaning.
    pub time: Option<TimeMeaning>,
    /// True when `A k B` also means `B k A`.
    pub symmetric: bool,
    /// For `<role>_of`: the role.
    pub role: Option<Sym>,
    /// Where it was declared; `None` when built in.
    pub declared: Option<Span>,
}

/// Every known term, built-in or declared.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    terms: [Vec<(Sym, Option<Span>)>; 5],
    relation_kinds: HashMap<Sym, RelationKindDef>,
    relation_order: Vec<Sym>,
    /// The symbol of `stated`, once built.
    stated: Option<Sym>,
    /// The symbols of `disputed` and `refuted`, once built.
    denials: [Option<Sym>; 2],
    /// The symbol of `scheduled`, once built.
    scheduled: Option<Sym>,
}

impl Vocabulary {
    /// Merges the built-in vocabulary with the declarations of a KB, reporting bad declarations.
    pub fn build(
        syms: &mut crate::model::Interner,
        decls: &[VocabularyDecl],
        diags: &mut Vec<Diagnostic>,
    ) -> Vocabulary {
        let mut vocab = Vocabulary::builtin(syms);
        // Declared plain terms first, so that declared roles give `<role>_of` below.
        for decl in decls {
            vocab.declare_terms(syms, decl, diags);
        }
        vocab.add_role_relations(syms);
        for decl in decls {
            for kind in &decl.relation_kinds {
                vocab.declare_relation(syms, kind, diags);
            }
        }
        vocab
    }

    /// Returns the built-in vocabulary (without the `<role>_of` kinds, which follow the
    /// declared roles too).
    fn builtin(syms: &mut crate::model::Interner) -> Vocabulary {
        let mut vocab = Vocabulary::default();
        for (class, builtins) in [
            (TermClass::ActorKind, ACTOR_KINDS),
            (TermClass::EventKind, EVENT_KINDS),
            (TermClass::PlaceKind, PLACE_KINDS),
            (TermClass::Role, ROLES),
            (TermClass::Status, STATUSES),
        ] {
            for &term in builtins {
                let sym = syms.get_or_intern_static(term);
                vocab.terms[plain_index(class).unwrap_or_default()].push((sym, None));
            }
        }
        vocab.stated = Some(syms.get_or_intern_static(STATED));
        vocab.denials = [DISPUTED, REFUTED].map(|s| Some(syms.get_or_intern_static(s)));
        vocab.scheduled = Some(syms.get_or_intern_static(SCHEDULED));
        for meaning in TimeMeaning::ALL {
            let sym = syms.get_or_intern_static(meaning.name());
            vocab.add_relation(sym, event_to_event(Some(meaning), false));
        }
        for &(kind, symmetric) in ACTOR_KINDS_REL {
            let sym = syms.get_or_intern_static(kind);
            let def = RelationKindDef {
                from: Endpoint::Only(EntityType::Actor),
                to: Endpoint::Only(EntityType::Actor),
                time: None,
                symmetric,
                role: None,
                declared: None,
            };
            vocab.add_relation(sym, def);
        }
        for (kind, from, to) in [
            ("located_in", EntityType::Place, EntityType::Place),
            ("based_in", EntityType::Actor, EntityType::Place),
        ] {
            let sym = syms.get_or_intern_static(kind);
            let def = RelationKindDef {
                from: Endpoint::Only(from),
                to: Endpoint::Only(to),
                time: None,
                symmetric: false,
                role: None,
                declared: None,
            };
            vocab.add_relation(sym, def);
        }
        vocab
    }

    /// Adds the plain terms of one `vocabulary` section, warning about repeats.
    fn declare_terms(
        &mut self,
        syms: &crate::model::Interner,
        decl: &VocabularyDecl,
        diags: &mut Vec<Diagnostic>,
    ) {
        for (class, list) in [
            (TermClass::ActorKind, &decl.actor_kinds),
            (TermClass::EventKind, &decl.event_kinds),
            (TermClass::PlaceKind, &decl.place_kinds),
            (TermClass::Role, &decl.roles),
            (TermClass::Status, &decl.statuses),
        ] {
            for term in list {
                let set = &mut self.terms[plain_index(class).unwrap_or_default()];
                match set.iter().find(|(sym, _)| *sym == term.node) {
                    Some((_, first)) => {
                        let name = syms.resolve(&term.node);
                        let mut diag = Diagnostic::warning(
                            "duplicate-term",
                            format!("the {} `{name}` is already declared", class.as_str()),
                        )
                        .at(term.span);
                        diag = match first {
                            Some(first) => diag.also(*first, "first declared here"),
                            None => diag.note(format!("`{name}` is built in")),
                        };
                        diags.push(diag.help("remove this declaration"));
                    }
                    None => set.push((term.node, Some(term.span))),
                }
            }
        }
    }

    /// Adds `<role>_of` for every role, built-in or declared.
    fn add_role_relations(&mut self, syms: &mut crate::model::Interner) {
        let roles: Vec<Sym> = self.terms[plain_index(TermClass::Role).unwrap_or_default()]
            .iter()
            .map(|(s, _)| *s)
            .collect();
        for role in roles {
            let name = format!("{}_of", syms.resolve(&role));
            let sym = syms.get_or_intern(name);
            let def = RelationKindDef {
                from: Endpoint::Only(EntityType::Actor),
                to: Endpoint::Only(EntityType::Event),
                time: None,
                symmetric: false,
                role: Some(role),
                declared: None,
            };
            self.add_relation(sym, def);
        }
    }

    /// Adds one declared relation kind, reporting a repeat or a bad `implies`.
    fn declare_relation(
        &mut self,
        syms: &crate::model::Interner,
        kind: &crate::model::RelationKindDecl,
        diags: &mut Vec<Diagnostic>,
    ) {
        let name = syms.resolve(&kind.name.node).to_string();
        if let Some(first) = self.relation_kinds.get(&kind.name.node) {
            let mut diag = Diagnostic::warning(
                "duplicate-term",
                format!("the relation kind `{name}` is already declared"),
            )
            .at(kind.name.span);
            diag = match first.declared {
                Some(first) => diag.also(first, "first declared here"),
                None => diag.note(format!("`{name}` is built in")),
            };
            diags.push(diag.help("remove this declaration or choose another name"));
            return;
        }
        let mut time = None;
        if let Some(implies) = &kind.implies {
            let implied = syms.resolve(&implies.node);
            if let Some(meaning) = TimeMeaning::from_name(implied) {
                time = Some(meaning);
                let event = Endpoint::Only(EntityType::Event);
                if kind.from != event || kind.to != event {
                    diags.push(
                        Diagnostic::error(
                            "bad-declaration",
                            format!("`{name}` implies `{implied}`, which relates events, but it connects {} to {}", kind.from.as_str(), kind.to.as_str()),
                        )
                        .at(implies.span)
                        .help("declare it with `from: event, to: event`"),
                    );
                }
            } else {
                diags.push(
                    Diagnostic::error(
                        "unknown-term",
                        format!("`{implied}` is not a built-in event→event relation kind"),
                    )
                    .at(implies.span)
                    .maybe_help(
                        did_you_mean(implied, TimeMeaning::names())
                            .map(|k| format!("did you mean `{k}`?")),
                    )
                    .note(format!(
                        "`implies` takes one of {}",
                        TimeMeaning::names().collect::<Vec<_>>().join(", ")
                    )),
                );
            }
        }
        let def = RelationKindDef {
            from: kind.from,
            to: kind.to,
            time,
            symmetric: kind.symmetric,
            role: None,
            declared: Some(kind.name.span),
        };
        self.add_relation(kind.name.node, def);
    }

    fn add_relation(&mut self, sym: Sym, def: RelationKindDef) {
        if self.relation_kinds.insert(sym, def).is_none() {
            self.relation_order.push(sym);
        }
    }

    /// Returns true when `term` belongs to `class`.
    pub fn has(&self, class: TermClass, term: Sym) -> bool {
        match plain_index(class) {
            Some(i) => self.terms[i].iter().any(|(s, _)| *s == term),
            None => self.relation_kinds.contains_key(&term),
        }
    }

    /// Returns the terms of `class`, built-in first, then in declaration order.
    pub fn terms(&self, class: TermClass) -> Box<dyn Iterator<Item = Sym> + '_> {
        match plain_index(class) {
            Some(i) => Box::new(self.terms[i].iter().map(|(s, _)| *s)),
            None => Box::new(self.relation_order.iter().copied()),
        }
    }

    /// Returns the definition of a relation kind.
    pub fn relation(&self, kind: Sym) -> Option<&RelationKindDef> {
        self.relation_kinds.get(&kind)
    }

    /// Returns what a relation kind means in time, if it has a meaning.
    pub fn time_meaning(&self, kind: Sym) -> Option<TimeMeaning> {
        self.relation(kind).and_then(|d| d.time)
    }

    /// Returns true when a claim of `status` (`None` when written without one) is a
    /// fact: every status but `stated` makes a claim contested.
    pub fn is_stated(&self, status: Option<Sym>) -> bool {
        status.is_none() || status == self.stated
    }

    /// Returns how a claim of `status` stands.
    pub fn standing(&self, status: Option<Sym>) -> Standing {
        match status {
            _ if self.is_stated(status) => Standing::Stated,
            Some(s) if Some(s) == self.denials[0] => Standing::Disputed,
            Some(s) if Some(s) == self.denials[1] => Standing::Refuted,
            Some(s) if Some(s) == self.scheduled => Standing::Scheduled,
            _ => Standing::Alleged,
        }
    }

    /// Returns true when `status` is `disputed` or `refuted`: a claim that the edge or
    /// entity does not hold.
    pub fn is_denial(&self, status: Option<Sym>) -> bool {
        status.is_some() && self.denials.contains(&status)
    }

    /// Returns true when `status` is `scheduled` (announced ahead of time).
    pub fn is_scheduled(&self, status: Option<Sym>) -> bool {
        status.is_some() && status == self.scheduled
    }

    /// Returns a status unless it is `stated`: `None` means a fact.
    pub fn contested(&self, status: Option<Sym>) -> Option<Sym> {
        status.filter(|s| !self.is_stated(Some(*s)))
    }

    /// Returns every relation kind, built-in first, then in declaration order.
    pub fn relation_kinds(&self) -> impl Iterator<Item = (Sym, &RelationKindDef)> + '_ {
        self.relation_order
            .iter()
            .map(|s| (*s, &self.relation_kinds[s]))
    }
}

fn event_to_event(time: Option<TimeMeaning>, symmetric: bool) -> RelationKindDef {
    RelationKindDef {
        from: Endpoint::Only(EntityType::Event),
        to: Endpoint::Only(EntityType::Event),
        time,
        symmetric,
        role: None,
        declared: None,
    }
}
