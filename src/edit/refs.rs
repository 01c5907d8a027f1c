//! Every place an id is written: definitions and references, each with the record
//! that holds it, for `rename` and `rm`.

use crate::kb::Kb;
use crate::model::{Claim, Ref, Sym};
use crate::source::{Span, Spanned};

/// What an id occurrence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteKind {
    /// The `id` of an entity's own record.
    Definition,
    /// The `from` or `to` of a relation: removing the reference removes the relation.
    RelationEnd,
    /// Any other reference (participant, place, source, `within`, `by`, claim source).
    Reference,
}

/// One occurrence of an id in the files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Site {
    /// The id.
    pub sym: Sym,
    /// The quoted string.
    pub span: Span,
    /// The record that holds it.
    pub owner: Span,
    /// What it is.
    pub kind: SiteKind,
}

/// Returns every occurrence of every id, in KB order.
pub fn sites(kb: &Kb) -> Vec<Site> {
    let mut out = Vec::new();
    let mut push = |id: &Spanned<Sym>, owner: Span, kind: SiteKind| {
        out.push(Site {
            sym: id.node,
            span: id.span,
            owner,
            kind,
        });
    };
    fn claim(c: &Claim, owner: Span, push: &mut impl FnMut(&Spanned<Sym>, Span, SiteKind)) {
        for id in c.by.iter().chain(&c.sources) {
            push(id, owner, SiteKind::Reference);
        }
    }
    fn reference(r: &Ref, owner: Span, push: &mut impl FnMut(&Spanned<Sym>, Span, SiteKind)) {
        push(&r.id, owner, SiteKind::Reference);
        for c in &r.claims {
            claim(c, owner, push);
        }
    }
    for a in kb.actors() {
        push(&a.id, a.span, SiteKind::Definition);
        a.sources
            .iter()
            .for_each(|r| reference(r, a.span, &mut push));
    }
    for p in kb.places() {
        push(&p.id, p.span, SiteKind::Definition);
        p.within
            .iter()
            .chain(&p.sources)
            .for_each(|r| reference(r, p.span, &mut push));
    }
    for s in kb.sources() {
        push(&s.id, s.span, SiteKind::Definition);
    }
    for e in kb.events() {
        push(&e.id, e.span, SiteKind::Definition);
        for p in &e.actors {
            push(&p.actor, e.span, SiteKind::Reference);
            for c in &p.claims {
                claim(c, e.span, &mut push);
            }
        }
        for c in std::iter::once(&e.claim).chain(&e.claims) {
            claim(c, e.span, &mut push);
        }
        e.place
            .iter()
            .chain(&e.sources)
            .for_each(|r| reference(r, e.span, &mut push));
    }
    for r in kb.relations() {
        push(&r.from, r.span, SiteKind::RelationEnd);
        push(&r.to, r.span, SiteKind::RelationEnd);
        for c in std::iter::once(&r.claim).chain(&r.claims) {
            claim(c, r.span, &mut push);
        }
    }
    out
}
