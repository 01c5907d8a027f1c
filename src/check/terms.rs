//! Every vocabulary term must be built in or declared, and every relation must be of
//! a kind that can carry what it is given.

use crate::diag::{Diagnostic, did_you_mean};
use crate::kb::Kb;
use crate::model::{Claim, EntityType, Sym};
use crate::source::Spanned;
use crate::vocab::TermClass;

/// Reports undeclared terms and misplaced gaps.
pub fn check(kb: &Kb, diags: &mut Vec<Diagnostic>) {
    let mut term = |t: &Spanned<Sym>, class: TermClass| {
        if !kb.vocab().has(class, t.node) {
            let word = kb.str(t.node);
            let terms: Vec<&str> = kb.vocab().terms(class).map(|s| kb.str(s)).collect();
            diags.push(
                Diagnostic::error(
                    "unknown-term",
                    format!("unknown {} `{word}`", class.as_str()),
                )
                .at(t.span)
                .maybe_help(
                    did_you_mean(word, terms.iter().copied())
                        .map(|s| format!("did you mean `{s}`?")),
                )
                .help(format!(
                    "to add it, declare it in a `vocabulary: Vocabulary({}: [{word}])` section",
                    class.field()
                ))
                .note(format!("known {}: {}", class.plural(), terms.join(", "))),
            );
        }
    };
    let claim = |c: &Claim, term: &mut dyn FnMut(&Spanned<Sym>, TermClass)| {
        if let Some(status) = &c.status {
            term(status, TermClass::Status);
        }
    };
    for actor in kb.actors() {
        if let Some(kind) = &actor.kind {
            term(kind, TermClass::ActorKind);
        }
        for c in actor.sources.iter().flat_map(|r| &r.claims) {
            claim(c, &mut term);
        }
    }
    for place in kb.places() {
        if let Some(kind) = &place.kind {
            term(kind, TermClass::PlaceKind);
        }
        for c in place
            .sources
            .iter()
            .chain(&place.within)
            .flat_map(|r| &r.claims)
        {
            claim(c, &mut term);
        }
    }
    for event in kb.events() {
        if let Some(kind) = &event.kind {
            term(kind, TermClass::EventKind);
        }
        for participant in &event.actors {
            term(&participant.role, TermClass::Role);
            for c in &participant.claims {
                claim(c, &mut term);
            }
        }
        for c in event
            .sources
            .iter()
            .chain(&event.place)
            .flat_map(|r| &r.claims)
        {
            claim(c, &mut term);
        }
        for c in std::iter::once(&event.claim).chain(&event.claims) {
            claim(c, &mut term);
        }
    }
    for relation in kb.relations() {
        for c in std::iter::once(&relation.claim).chain(&relation.claims) {
            claim(c, &mut term);
        }
    }
    for entity in kb.entities().filter(|e| e.ty() != EntityType::Event) {
        for c in kb.own_claims(entity) {
            claim(c, &mut term);
        }
    }
    for relation in kb.relations() {
        let kind = kb.str(relation.kind.node);
        let Some(def) = kb.vocab().relation(relation.kind.node) else {
            let kinds: Vec<&str> = kb
                .vocab()
                .relation_kinds()
                .map(|(s, _)| kb.str(s))
                .collect();
            diags.push(
                Diagnostic::error("unknown-term", format!("unknown relation kind `{kind}`"))
                    .at(relation.kind.span)
                    .maybe_help(did_you_mean(kind, kinds.iter().copied()).map(|s| format!("did you mean `{s}`?")))
                    .help(format!(
                        "to add it, declare it: `vocabulary: Vocabulary(relation_kinds: [RelationKind(name: {kind}, from: event, to: event)])`"
                    )),
            );
            continue;
        };
        if let Some(gap) = &relation.gap
            && !def.time.is_some_and(crate::vocab::TimeMeaning::takes_gap)
        {
            let span = match &**gap {
                crate::model::Gap::Exact(p) => p.span,
                crate::model::Gap::Range(low, high) => low.span.to(high.span),
            };
            diags.push(
                Diagnostic::error(
                    "misplaced-gap",
                    format!("a `{kind}` relation cannot have a `gap`"),
                )
                .at(span)
                .also(relation.kind.span, "the relation kind")
                .help(
                    "a gap measures the time between two events: use it with `before` or `after`",
                ),
            );
        }
    }
}
