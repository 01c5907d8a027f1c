//! Things that are allowed but usually mistakes: an event no source reports, an actor
//! nothing refers to.

use lasso::Key;

use crate::diag::Diagnostic;
use crate::kb::Kb;
use crate::model::EntityType;

/// Reports unsourced events and unreferenced actors.
pub fn check(kb: &Kb, diags: &mut Vec<Diagnostic>) {
    for event in kb.events() {
        if event.sources.is_empty() {
            diags.push(
                Diagnostic::warning(
                    "no-source",
                    format!("the event `{}` cites no source", kb.str(event.id.node)),
                )
                .at(event.id.span)
                .help("add `sources: [\"…\"]` with the document that reports it"),
            );
        }
    }
    let mut used = vec![false; kb.syms().len()];
    let mut mark = |sym: lasso::Spur| {
        if let Some(slot) = used.get_mut(sym.into_usize()) {
            *slot = true;
        }
    };
    for event in kb.events() {
        for participant in &event.actors {
            mark(participant.actor.node);
            for claim in &participant.claims {
                claim.by.iter().for_each(|b| mark(b.node));
            }
        }
        for claim in event
            .sources
            .iter()
            .chain(&event.place)
            .flat_map(|r| &r.claims)
        {
            claim.by.iter().for_each(|b| mark(b.node));
        }
        for claim in std::iter::once(&event.claim).chain(&event.claims) {
            claim.by.iter().for_each(|b| mark(b.node));
        }
    }
    for entity in kb.entities().filter(|e| e.ty() != EntityType::Event) {
        for claim in kb.own_claims(entity) {
            claim.by.iter().for_each(|b| mark(b.node));
        }
    }
    for relation in kb.relations() {
        mark(relation.from.node);
        mark(relation.to.node);
        for claim in std::iter::once(&relation.claim).chain(&relation.claims) {
            claim.by.iter().for_each(|b| mark(b.node));
        }
    }
    for actor in kb.actors() {
        if !used[actor.id.node.into_usize()] {
            diags.push(
                Diagnostic::warning(
                    "unused-actor",
                    format!("nothing refers to the actor `{}`", kb.str(actor.id.node)),
                )
                .at(actor.id.span)
                .help("add it to an event's `actors` or to a relation, or remove it"),
            );
        }
    }
}
