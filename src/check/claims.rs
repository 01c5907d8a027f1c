//! The form of positions: an edge or an event takes one claim written as its own
//! fields or a `claims: [...]` list, never both.

use crate::diag::Diagnostic;
use crate::kb::Kb;
use crate::model::Claim;
use crate::source::Span;

/// Reports every record that writes `status` or `by` beside a `claims` list.
pub fn check(kb: &Kb, diags: &mut Vec<Diagnostic>) {
    for relation in kb.relations() {
        conflict("relation", &relation.claim, &relation.claims, diags);
    }
    for event in kb.events() {
        conflict("event", &event.claim, &event.claims, diags);
    }
    for actor in kb.actors() {
        conflict("actor", &actor.claim, &actor.claims, diags);
    }
    for place in kb.places() {
        conflict("place", &place.claim, &place.claims, diags);
    }
    for source in kb.sources() {
        conflict("source", &source.claim, &source.claims, diags);
    }
}

/// Reports `inline` fields written beside a non-empty `list`: which of the two holds
/// the record's positions would be a guess.
fn conflict(what: &str, inline: &Claim, list: &[Claim], diags: &mut Vec<Diagnostic>) {
    let Some(first) = list.first() else {
        return;
    };
    let at: Option<(Span, &str)> = match (&inline.status, inline.by.first()) {
        (Some(status), _) => Some((status.span, "status")),
        (None, Some(by)) => Some((by.span, "by")),
        (None, None) => None,
    };
    let Some((span, field)) = at else {
        return;
    };
    diags.push(
        Diagnostic::error(
            "claims-conflict",
            format!("this {what} has both `{field}` and a `claims` list"),
        )
        .at(span)
        .also(first.span, "the `claims` list starts here")
        .help(format!(
            "keep `claims` and move this `{field}` into one of its `Claim(...)`, or remove `claims` to keep the single claim"
        )),
    );
}
