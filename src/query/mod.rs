//! Questions asked of a loaded knowledge base: the timeline, one entity, statistics,
//! elapsed time, Allen relations, paths and chains.
//! Nothing here prints; the command line renders the answers.

pub mod between;
pub mod chain;
pub mod filter;
pub mod path;
pub mod relate;
pub mod show;
pub mod stats;
pub mod timeline;

/// Loads a knowledge base of one file for the queries' tests; it must be free of errors.
#[cfg(test)]
pub(crate) fn test_kb(text: &str) -> crate::kb::Kb {
    let file = ("kb.ron".into(), "kb.ron".to_string(), text.into());
    let (kb, diags) = crate::load::load_texts(std::path::Path::new("kb"), vec![file]);
    assert!(diags.is_empty(), "{diags:?}");
    kb
}

/// Returns the index of the event `id` in a test knowledge base.
#[cfg(test)]
pub(crate) fn test_event(kb: &crate::kb::Kb, id: &str) -> u32 {
    match kb.lookup_str(id) {
        Some(crate::kb::Entity::Event(i)) => i,
        other => panic!("`{id}` is not an event: {other:?}"),
    }
}
