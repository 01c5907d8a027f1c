//! Integration suites, one module per concern.

mod cli;
mod common;
mod complexity;
mod dates;
mod diagnostics;
mod drawing;
mod editing;
mod edtf_conformance;
mod golden;
mod layers;
mod meaning;
mod publishing;
mod readme;
mod reasoning;
mod robustness;
mod test;
mod time_properties;
mod time_scale;
