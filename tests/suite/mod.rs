//! Integration test modules.

mod drawing;
