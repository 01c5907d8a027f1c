//! Integration suites, one module per concern.

mod claim_edits;
mod claim_properties;
mod claims;
mod cli;
mod common;
mod complexity;
mod dates;
mod diagnostics;
mod drawing;
mod durability;
mod editing;
mod edtf_conformance;
mod fuzz;
mod golden;
mod init;
mod layers;
mod meaning;
mod natlang_conformance;
mod publishing;
mod readme;
mod reasoning;
mod robustness;
mod test;
mod time_properties;
mod time_scale;
mod unlink;
