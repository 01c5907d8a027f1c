//! Every id a record refers to must name an entity of the right type.

use crate::diag::{Diagnostic, did_you_mean};
use crate::kb::Kb;
use crate::model::{Claim, EntityType, Ref, Sym};
use crate::source::Spanned;

/// Reports dangling references and references to the wrong type of entity.
pub fn check(kb: &Kb, diags: &mut Vec<Diagnostic>) {
    let mut candidates: [Option<Vec<&str>>; 4] = Default::default();
    let mut site = |id: &Spanned<Sym>, expected: Option<EntityType>, context: &str| {
        reference(kb, &mut candidates, id, expected, context, diags);
    };
    for actor in kb.actors() {
        refs(
            &actor.sources,
            EntityType::Source,
            "a source of an actor",
            &mut site,
        );
    }
    for place in kb.places() {
        if let Some(within) = &place.within {
            one_ref(
                within,
                EntityType::Place,
                "the place a place lies `within`",
                &mut site,
            );
        }
        refs(
            &place.sources,
            EntityType::Source,
            "a source of a place",
            &mut site,
        );
    }
    for event in kb.events() {
        for participant in &event.actors {
            site(&participant.actor, Some(EntityType::Actor), "a participant");
            for claim in &participant.claims {
                claim_refs(claim, &mut site);
            }
        }
        if let Some(place) = &event.place {
            one_ref(place, EntityType::Place, "the place of an event", &mut site);
        }
        refs(
            &event.sources,
            EntityType::Source,
            "a source of an event",
            &mut site,
        );
        for claim in std::iter::once(&event.claim).chain(&event.claims) {
            claim_refs(claim, &mut site);
        }
    }
    // The claims written on actors, places and sources themselves (events above).
    for entity in kb.entities().filter(|e| e.ty() != EntityType::Event) {
        for claim in kb.own_claims(entity) {
            claim_refs(claim, &mut site);
        }
    }
    for relation in kb.relations() {
        let def = kb.vocab().relation(relation.kind.node);
        let from = def.and_then(|d| d.from.only());
        let to = def.and_then(|d| d.to.only());
        let kind = kb.str(relation.kind.node);
        site(
            &relation.from,
            from,
            &format!("the `from` of a `{kind}` relation"),
        );
        site(
            &relation.to,
            to,
            &format!("the `to` of a `{kind}` relation"),
        );
        for claim in std::iter::once(&relation.claim).chain(&relation.claims) {
            claim_refs(claim, &mut site);
        }
    }
}

fn refs(
    list: &[Ref],
    ty: EntityType,
    context: &str,
    site: &mut impl FnMut(&Spanned<Sym>, Option<EntityType>, &str),
) {
    for r in list {
        one_ref(r, ty, context, site);
    }
}

fn one_ref(
    r: &Ref,
    ty: EntityType,
    context: &str,
    site: &mut impl FnMut(&Spanned<Sym>, Option<EntityType>, &str),
) {
    site(&r.id, Some(ty), context);
    for claim in &r.claims {
        claim_refs(claim, site);
    }
}

fn claim_refs(claim: &Claim, site: &mut impl FnMut(&Spanned<Sym>, Option<EntityType>, &str)) {
    for by in &claim.by {
        site(
            by,
            Some(EntityType::Actor),
            "an actor making a claim (`by`)",
        );
    }
    for source in &claim.sources {
        site(source, Some(EntityType::Source), "a source of a claim");
    }
}

fn reference<'k>(
    kb: &'k Kb,
    candidates: &mut [Option<Vec<&'k str>>; 4],
    id: &Spanned<Sym>,
    expected: Option<EntityType>,
    context: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let text = kb.str(id.node);
    match (kb.lookup(id.node), expected) {
        (Some(found), Some(expected)) if found.ty() != expected => {
            diags.push(
                Diagnostic::error(
                    "wrong-entity-type",
                    format!(
                        "`{text}` is {}, but {context} must be {}",
                        found.ty().with_article(),
                        expected.with_article()
                    ),
                )
                .at(id.span)
                .also(kb.id_span(found), format!("`{text}` is defined here"))
                .maybe_help(
                    suggest(kb, candidates, text, Some(expected))
                        .map(|s| format!("did you mean `{s}`?")),
                ),
            );
        }
        (Some(_), _) => {}
        (None, _) => {
            let what = expected.map_or("entity", EntityType::as_str);
            diags.push(
                Diagnostic::error(
                    "dangling-reference",
                    format!("no {what} has the id `{text}`"),
                )
                .at(id.span)
                .with_label(context.to_string())
                .maybe_help(
                    suggest(kb, candidates, text, expected).map(|s| format!("did you mean `{s}`?")),
                ),
            );
        }
    }
}

fn suggest<'k>(
    kb: &'k Kb,
    candidates: &mut [Option<Vec<&'k str>>; 4],
    text: &str,
    expected: Option<EntityType>,
) -> Option<&'k str> {
    let types = match expected {
        Some(ty) => vec![ty],
        None => vec![
            EntityType::Actor,
            EntityType::Place,
            EntityType::Source,
            EntityType::Event,
        ],
    };
    let mut best = None;
    for ty in types {
        let list = candidates[ty as usize].get_or_insert_with(|| kb.ids_of_type(ty));
        if let Some(found) = did_you_mean(text, list.iter().copied()) {
            let score = strsim::jaro_winkler(text, found);
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, found));
            }
        }
    }
    best.map(|(_, s)| s)
}
