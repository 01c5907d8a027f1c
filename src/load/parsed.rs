//! The records read from a group of files before they join the KB: each group has its
//! own interner so that groups can be read on separate threads, then its symbols are
//! mapped into the KB's interner and its records registered in file order.

use lasso::Key;

use crate::kb::Kb;
use crate::model::Interner;
use crate::model::schema::{Chronicle, Record, Slot};
use crate::model::{Actor, Event, Participant, Place, Ref, Relation, Source, Sym, VocabularyDecl};
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
    /// The tops of the files that set a title or a summary, in reading order.
    pub headings: Vec<Chronicle>,
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
            headings: Vec::new(),
        }
    }

    /// Returns how many actors, places, sources and events these files hold.
    pub fn counts(&self) -> [usize; 4] {
        [
            self.actors.len(),
            self.places.len(),
            self.sources.len(),
            self.events.len(),
        ]
    }

    /// Appends a copy of the records of `other`, its symbols mapped into this group's
    /// interner: files read one by one make up the group a fresh load reads together,
    /// with the same symbols in the same order (each file's in the order it first names
    /// them, which is the order of a reading of the whole group).
    pub fn append_copy(&mut self, other: &Parsed) {
        let table: Vec<Sym> = other
            .syms
            .strings()
            .map(|s| self.syms.get_or_intern(s))
            .collect();
        let map = |s: &mut Sym| *s = table[s.into_usize()];
        append_mapped(&mut self.actors, &other.actors, &map);
        append_mapped(&mut self.places, &other.places, &map);
        append_mapped(&mut self.sources, &other.sources, &map);
        append_mapped(&mut self.events, &other.events, &map);
        append_mapped(&mut self.relations, &other.relations, &map);
        append_mapped(&mut self.vocab_decls, &other.vocab_decls, &map);
        append_mapped(&mut self.headings, &other.headings, &map);
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
        let mut order: Vec<(Span, u8, u32)> = Vec::with_capacity(self.counts().iter().sum());
        let spans = |ty: u8, spans: &mut dyn Iterator<Item = Span>| {
            spans
                .enumerate()
                .map(move |(i, span)| (span, ty, i as u32))
                .collect::<Vec<_>>()
        };
        order.extend(spans(0, &mut self.actors.iter().map(|r| r.span)));
        order.extend(spans(1, &mut self.places.iter().map(|r| r.span)));
        order.extend(spans(2, &mut self.sources.iter().map(|r| r.span)));
        order.extend(spans(3, &mut self.events.iter().map(|r| r.span)));
        order.sort_by_key(|(span, _, _)| (span.file, span.start));
        let order: Vec<(u8, u32)> = order.into_iter().map(|(_, ty, i)| (ty, i)).collect();
        let entities = crate::kb::Entities {
            actors: self.actors,
            places: self.places,
            sources: self.sources,
            events: self.events,
        };
        kb.append_entities(entities, &order, diags);
        kb.append_relations(self.relations);
        kb.extend_vocab_decls(self.vocab_decls);
        for mut heading in self.headings {
            kb.allow_codes(std::mem::take(&mut heading.allow));
            if heading.is_set() {
                kb.set_heading(heading, diags);
            }
        }
    }

    fn remap(&mut self, map: &impl Fn(&mut Sym)) {
        self.actors.iter_mut().for_each(|r| remap(r, map));
        self.places.iter_mut().for_each(|r| remap(r, map));
        self.sources.iter_mut().for_each(|r| remap(r, map));
        self.events.iter_mut().for_each(|r| remap(r, map));
        self.relations.iter_mut().for_each(|r| remap(r, map));
        self.vocab_decls.iter_mut().for_each(|r| remap(r, map));
        self.headings.iter_mut().for_each(|r| remap(r, map));
    }
}

/// Merges the groups read on separate threads into `kb` in file order, then resolves
/// the vocabulary: the first group's interner becomes the KB's, so its symbols need
/// no mapping, and its record vectors become the KB's without a copy.
pub fn merge_groups(
    kb: &mut Kb,
    groups: Vec<(Parsed, Vec<crate::diag::Diagnostic>)>,
    diags: &mut Vec<crate::diag::Diagnostic>,
) {
    for (i, (mut parsed, group_diags)) in groups.into_iter().enumerate() {
        diags.extend(group_diags);
        if i == 0 {
            kb.adopt_interner(&mut parsed.syms);
        }
        parsed.merge_into(kb, i > 0, diags);
    }
    kb.resolve_vocabulary(diags);
}

/// Appends copies of `from` to `to`, their symbols mapped.
fn append_mapped<R: Record + Clone>(to: &mut Vec<R>, from: &[R], map: &impl Fn(&mut Sym)) {
    to.reserve(from.len());
    for record in from {
        let mut record = record.clone();
        remap(&mut record, map);
        to.push(record);
    }
}

/// Maps every symbol of `record`, finding them through its schema table, so that a new
/// field holding ids or terms cannot be forgotten here.
fn remap<R: Record>(record: &mut R, map: &impl Fn(&mut Sym)) {
    let one = |s: &mut Spanned<Sym>| map(&mut s.node);
    let reference = |r: &mut Ref| {
        one(&mut r.id);
        r.claims.iter_mut().for_each(|c| remap(c, map));
    };
    for field in R::FIELDS {
        match field.slot {
            Slot::OwnId(get) | Slot::Id(get) | Slot::Term(_, get) => one(get(record)),
            Slot::OptTerm(_, get) => get(record).iter_mut().for_each(one),
            Slot::Tags(get) | Slot::Ids(get) | Slot::Terms(_, get) => {
                get(record).iter_mut().for_each(one);
            }
            Slot::Ref(_, get) => get(record).iter_mut().for_each(reference),
            Slot::Refs(get) => get(record).iter_mut().for_each(reference),
            Slot::Participants(get) => {
                for Participant {
                    actor,
                    role,
                    claims,
                } in get(record)
                {
                    one(actor);
                    one(role);
                    claims.iter_mut().for_each(|c| remap(c, map));
                }
            }
            Slot::RelationKinds(get) => get(record).iter_mut().for_each(|k| remap(k, map)),
            Slot::Claims(get) => get(record).iter_mut().for_each(|c| remap(c, map)),
            // No symbols in these.
            Slot::Text(_)
            | Slot::OptText(_)
            | Slot::SpannedText(_)
            | Slot::Date(_)
            | Slot::Duration(_)
            | Slot::Calendar(_)
            | Slot::Gap(_)
            | Slot::Texts(_)
            | Slot::Attrs(_)
            | Slot::Endpoint(_)
            | Slot::Bool(_) => {}
            // A file's sections: their records are remapped one by one above.
            Slot::Actors
            | Slot::Places
            | Slot::Sources
            | Slot::Events
            | Slot::Relations
            | Slot::Vocabulary => {}
        }
    }
}
