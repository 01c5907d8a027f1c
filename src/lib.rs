//! annals: a plain-text knowledge base for chronologies.
//!
//! Files of `Chronicle(...)` records are read by [`load`] into a [`kb::Kb`] with the
//! position of every token kept, checked by [`check`], turned into a typed event graph
//! by [`graph`], and queried by [`query`]. The command line lives in [`cli`], the only
//! module that prints.

pub mod analysis;
pub mod cache;
pub mod check;
pub mod claims;
pub mod cli;
pub mod date;
pub mod diag;
pub mod edit;
pub mod export;
pub mod graph;
pub mod import;
pub mod kb;
pub mod load;
pub mod lsp;
pub mod model;
pub mod parallel;
pub mod query;
pub mod source;
pub mod synth;
pub mod time;
pub mod timing;
pub mod vocab;
pub mod watch;
