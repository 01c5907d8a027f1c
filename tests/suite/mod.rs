//! Integration suites, one module per concern.

mod common;
mod dates;
mod diagnostics;
mod edtf_conformance;
