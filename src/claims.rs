//! What counts as a fact under a view of the claims: the one place every command that
//! reasons, lists or draws asks whether an edge or an entity holds.
//!
//! An edge or entity carries positions (`Claim`s). With none, or with every one
//! `stated`, it is a fact; otherwise it is contested. A [`ClaimView`] says which
//! contested things a run takes as facts anyway:
//!
//! - [`ClaimView::Stated`] (the default): facts only.
//! - [`ClaimView::All`] (`--include-claims`): everything, whatever its status.
//! - [`ClaimView::According`] (`--according-to ACTOR`, repeatable): the version of
//!   those parties. When one of them takes a position on the thing, their positions
//!   decide: it holds unless one of them disputes or refutes it, and then it is
//!   dropped (left out of reasoning, listings and drawings). When none of them takes a
//!   position, the default applies: it holds when it is a fact.

use serde::Serialize;

use crate::kb::Kb;
use crate::model::{Claim, Sym};
use crate::source::{Span, Spanned};
use crate::vocab::Vocabulary;

/// Which claims count as facts when reasoning and drawing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ClaimView {
    /// Only stated claims (the default).
    #[default]
    Stated,
    /// Every claim, as if stated (`--include-claims`).
    All,
    /// The version of these actors (`--according-to`), sorted and without repeats.
    According(Box<[Sym]>),
}

impl ClaimView {
    /// Returns the view of `parties`, or the default view when there are none.
    pub fn according(mut parties: Vec<Sym>) -> ClaimView {
        parties.sort();
        parties.dedup();
        if parties.is_empty() {
            ClaimView::Stated
        } else {
            ClaimView::According(parties.into_boxed_slice())
        }
    }

    /// Returns the parties whose version this is (none unless `According`).
    pub fn parties(&self) -> &[Sym] {
        match self {
            ClaimView::According(parties) => parties,
            ClaimView::Stated | ClaimView::All => &[],
        }
    }

    /// Returns true when `claim` is made by one of the view's parties.
    pub fn made_by_party(&self, claim: &Claim) -> bool {
        let parties = self.parties();
        claim.by.iter().any(|b| parties.contains(&b.node))
    }
}

/// How one edge or entity stands under a view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Taken as a fact: reasoned with and drawn solid.
    Holds,
    /// Contested and not taken as a fact: shown with its positions, never reasoned with.
    Contested,
    /// Disputed or refuted by a party of the view: left out.
    Dropped,
}

impl Vocabulary {
    /// Returns true when every position is `stated` (or there is none): a fact on the
    /// record, whatever the view.
    pub fn is_fact(&self, claims: &[Claim]) -> bool {
        claims.iter().all(|c| self.is_stated(status(c)))
    }

    /// Returns the status that stands for a contested edge or entity (the first one not
    /// `stated`), or `None` for a fact.
    pub fn headline(&self, claims: &[Claim]) -> Option<Sym> {
        claims.iter().find_map(|c| self.contested(status(c)))
    }

    /// Returns how an edge or entity with these positions stands under `view`.
    pub fn verdict(&self, view: &ClaimView, claims: &[Claim]) -> Verdict {
        let fact = self.is_fact(claims);
        match view {
            ClaimView::Stated if fact => Verdict::Holds,
            ClaimView::Stated => Verdict::Contested,
            ClaimView::All => Verdict::Holds,
            ClaimView::According(_) => {
                let mut theirs = claims.iter().filter(|c| view.made_by_party(c)).peekable();
                if theirs.peek().is_none() {
                    return if fact {
                        Verdict::Holds
                    } else {
                        Verdict::Contested
                    };
                }
                if theirs.any(|c| self.is_denial(status(c))) {
                    Verdict::Dropped
                } else {
                    Verdict::Holds
                }
            }
        }
    }

    /// Returns true when an edge or entity with these positions is taken as a fact
    /// under `view`: the question every reasoning command asks.
    pub fn holds(&self, view: &ClaimView, claims: &[Claim]) -> bool {
        self.verdict(view, claims) == Verdict::Holds
    }
}

/// One position as every output shows it: status, claimants by id and by name,
/// sources, note and where it is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Position<'k> {
    /// The status (`stated` when none is written).
    pub status: &'k str,
    /// The ids of the actors making the claim.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by: Vec<&'k str>,
    /// The names of the actors making the claim, as outputs for people show them.
    #[serde(skip)]
    pub by_names: Vec<&'k str>,
    /// The ids of the sources reporting the claim.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<&'k str>,
    /// The note on the claim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'k str>,
    /// Where the claim is written, `file:line`.
    pub location: String,
}

impl<'k> Position<'k> {
    /// Describes `claim`; a claim written as its record's own fields is placed at `at`.
    pub fn new(kb: &'k Kb, claim: &'k Claim, at: Span) -> Position<'k> {
        let ids = |list: &'k [Spanned<Sym>]| -> Vec<&'k str> {
            list.iter().map(|s| kb.str(s.node)).collect()
        };
        let span = if claim.span.start == claim.span.end {
            at
        } else {
            claim.span
        };
        Position {
            status: kb.status_name(claim.status.as_ref().map(|s| s.node)),
            by: ids(&claim.by),
            by_names: claim.by.iter().map(|b| name_of(kb, b.node)).collect(),
            sources: ids(&claim.sources),
            note: claim.note.as_deref(),
            location: kb.files().file_line(span),
        }
    }

    /// Returns the position in words: `alleged by UK government`, `disputed`.
    pub fn wording(&self) -> String {
        if self.by_names.is_empty() {
            self.status.to_string()
        } else {
            format!("{} by {}", self.status, self.by_names.join(", "))
        }
    }
}

/// Returns every position of an edge or entity written at `at`.
pub fn positions<'k>(kb: &'k Kb, claims: &'k [Claim], at: Span) -> Vec<Position<'k>> {
    claims.iter().map(|c| Position::new(kb, c, at)).collect()
}

/// Returns the positions in words, `alleged by UK government; disputed by Russia`, or
/// `None` for a fact, which needs no words.
pub fn wording(kb: &Kb, claims: &[Claim]) -> Option<String> {
    if kb.vocab().is_fact(claims) {
        return None;
    }
    let at = Span::new(crate::source::FileId(0), 0, 0);
    let words: Vec<String> = claims
        .iter()
        .map(|c| Position::new(kb, c, at).wording())
        .collect();
    Some(words.join("; "))
}

/// Returns the name of an actor, or the id itself when it names none.
fn name_of(kb: &Kb, id: Sym) -> &str {
    kb.lookup(id).map_or(kb.str(id), |e| kb.label(e))
}

/// Returns the status written on a claim.
fn status(claim: &Claim) -> Option<Sym> {
    claim.status.as_ref().map(|s| s.node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    #[test]
    fn a_party_s_version_takes_its_claims_and_drops_its_denials() {
        let text = r#"Chronicle(
  actors: [Actor(id: "uk", name: "UK"), Actor(id: "ru", name: "Russia"),
           Actor(id: "gru", name: "GRU")],
  events: [Event(id: "e", title: "E")],
  relations: [Relation(from: "gru", kind: perpetrator_of, to: "e",
    claims: [Claim(status: alleged, by: ["uk"]), Claim(status: disputed, by: ["ru"])])],
)"#;
        let files = vec![(PathBuf::from("kb.ron"), "kb.ron".into(), text.into())];
        let (kb, diags) = crate::load::load_texts(Path::new("kb"), files);
        assert!(diags.is_empty(), "{diags:?}");
        let claims = kb.relations()[0].positions();
        let v = kb.vocab();
        let sym = |s: &str| kb.syms().get(s).unwrap();
        assert_eq!(v.verdict(&ClaimView::Stated, claims), Verdict::Contested);
        assert_eq!(v.verdict(&ClaimView::All, claims), Verdict::Holds);
        let uk = ClaimView::according(vec![sym("uk")]);
        assert_eq!(v.verdict(&uk, claims), Verdict::Holds);
        let ru = ClaimView::according(vec![sym("ru")]);
        assert_eq!(v.verdict(&ru, claims), Verdict::Dropped);
        let gru = ClaimView::according(vec![sym("gru")]);
        assert_eq!(v.verdict(&gru, claims), Verdict::Contested);
        assert_eq!(v.verdict(&gru, &[]), Verdict::Holds);
        assert_eq!(v.headline(claims).map(|s| kb.str(s)), Some("alleged"));
    }
}
