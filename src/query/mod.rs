//! Questions asked of a loaded knowledge base: the timeline, one entity, statistics,
//! elapsed time, paths and chains.
//! Nothing here prints; the command line renders the answers.

pub mod between;
pub mod chain;
pub mod filter;
pub mod path;
pub mod show;
pub mod stats;
pub mod timeline;
