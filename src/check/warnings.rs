//! Things that are allowed but usually mistakes: an event no source reports, an actor
//! nothing refers to.

use lasso::Key;

use crate::diag::Diagnostic;
use crate::kb::Kb;

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
            if let Some(claim) = &participant.claim {
                claim.by.iter().for_each(|b| mark(b.node));
            }
        }
        for r in event.sources.iter().chain(&event.place) {
            if let Some(claim) = &r.claim {
                claim.by.iter().for_each(|b| mark(b.node));
            }
        }
    }
    for relation in kb.relations() {
        mark(relation.from.node);
        mark(relation.to.node);
        relation.claim.by.iter().for_each(|b| mark(b.node));
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
