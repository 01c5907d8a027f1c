//! The integration test binary: one crate for every suite.

mod suite;
