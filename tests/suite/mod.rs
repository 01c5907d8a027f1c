//! Integration suites, one module per concern.

mod cli;
mod common;
mod dates;
mod diagnostics;
mod edtf_conformance;
mod robustness;
