//! The records read from a group of files before they join the KB: each group has its
//! own interner so that groups can be read on separate threads, then its symbols are
//! mapped into the KB's interner and its records registered in file order.

use lasso::Key;

use crate::kb::Kb;
use crate::model::Interner;
use crate::model::{
    Actor, Claim, Event, Participant, Place, Ref, Relation, Source, Sym, VocabularyDecl,
};
use crate::source::{Span, Spanned};

/// Records read from some files, in reading order per type.
#[derive(Debug)]
pub struct Parsed {
    /// Interned ids, terms and tags of these files.
    pub syms: Interner,
    /// Actors.
    pub actors: Vec<Actor>,
    /// Places.
    pub places: Vec<Place>,
    /// Sources.
    pub sources: Vec<Source>,
    /// Events.
    pub events: Vec<Event>,
    /// Relations.
    pub relations: Vec<Relation>,
    /// Vocabulary sections.
    pub vocab_decls: Vec<VocabularyDecl>,
}

impl Parsed {
    /// Returns an empty group sized for about `bytes` of text.
    pub fn with_capacity(bytes: usize) -> Parsed {
        Parsed {
            syms: crate::model::interner_for(bytes),
            actors: Vec::new(),
            places: Vec::new(),
            sources: Vec::new(),
            events: Vec::new(),
            relations: Vec::new(),
            vocab_decls: Vec::new(),
        }
    }

    /// Moves the records into `kb`, mapping symbols into its interner (unless this
    /// group's interner already is it) and registering entities in file order.
    pub fn merge_into(
        mut self,
        kb: &mut Kb,
        map_symbols: bool,
        diags: &mut Vec<crate::diag::Diagnostic>,
    ) {
        if map_symbols {
            let table: Vec<Sym> = self
                .syms
                .strings()
                .map(|s| kb.syms_mut().get_or_intern(s))
                .collect();
            let map = |s: &mut Sym| *s = table[s.into_usize()];
            self.remap(&map);
        }
        // Entities join in the order they were written, so that "first defined here"
        // of a duplicate id is the earlier one.
        let mut order: Vec<(Span, u8, u32)> = Vec::new();
        order.extend(
            self.actors
                .iter()
                .enumerate()
                .map(|(i, r)| (r.span, 0, i as u32)),
        );
        order.extend(
            self.places
                .iter()
                .enumerate()
                .map(|(i, r)| (r.span, 1, i as u32)),
        );
        order.extend(
            self.sources
                .iter()
                .enumerate()
                .map(|(i, r)| (r.span, 2, i as u32)),
        );
        order.extend(
            self.events
                .iter()
                .enumerate()
                .map(|(i, r)| (r.span, 3, i as u32)),
        );
        order.sort_by_key(|(span, _, _)| (span.file, span.start));
        let mut actors: Vec<Option<Actor>> = self.actors.into_iter().map(Some).collect();
        let mut places: Vec<Option<Place>> = self.places.into_iter().map(Some).collect();
        let mut sources: Vec<Option<Source>> = self.sources.into_iter().map(Some).collect();
        let mut events: Vec<Option<Event>> = self.events.into_iter().map(Some).collect();
        for (_, ty, i) in order {
            let i = i as usize;
            match ty {
                0 => kb.push_actor(actors[i].take().expect("once"), diags),
                1 => kb.push_place(places[i].take().expect("once"), diags),
                2 => kb.push_source(sources[i].take().expect("once"), diags),
                _ => kb.push_event(events[i].take().expect("once"), diags),
            }
        }
        kb.extend_relations(self.relations);
        kb.extend_vocab_decls(self.vocab_decls);
    }

    fn remap(&mut self, map: &impl Fn(&mut Sym)) {
        let one = |s: &mut Spanned<Sym>| map(&mut s.node);
        let claim = |c: &mut Claim| {
            c.status.iter_mut().for_each(one);
            c.by.iter_mut().for_each(one);
            c.sources.iter_mut().for_each(one);
        };
        let reference = |r: &mut Ref| {
            one(&mut r.id);
            if let Some(c) = r.claim.as_deref_mut() {
                claim(c);
            }
        };
        for a in &mut self.actors {
            one(&mut a.id);
            a.kind.iter_mut().for_each(one);
            a.tags.iter_mut().for_each(one);
            a.sources.iter_mut().for_each(reference);
        }
        for p in &mut self.places {
            one(&mut p.id);
            p.kind.iter_mut().for_each(one);
            p.within.iter_mut().for_each(reference);
            p.sources.iter_mut().for_each(reference);
        }
        for s in &mut self.sources {
            one(&mut s.id);
        }
        for e in &mut self.events {
            one(&mut e.id);
            e.kind.iter_mut().for_each(one);
            for Participant {
                actor,
                role,
                claim: c,
            } in &mut e.actors
            {
                one(actor);
                one(role);
                if let Some(c) = c.as_deref_mut() {
                    claim(c);
                }
            }
            e.place.iter_mut().for_each(reference);
            e.tags.iter_mut().for_each(one);
            e.sources.iter_mut().for_each(reference);
        }
        for r in &mut self.relations {
            one(&mut r.from);
            one(&mut r.kind);
            one(&mut r.to);
            claim(&mut r.claim);
        }
        for v in &mut self.vocab_decls {
            for list in [
                &mut v.actor_kinds,
                &mut v.event_kinds,
                &mut v.place_kinds,
                &mut v.roles,
                &mut v.statuses,
            ] {
                list.iter_mut().for_each(one);
            }
            for k in &mut v.relation_kinds {
                one(&mut k.name);
                k.implies.iter_mut().for_each(one);
            }
        }
    }
}
