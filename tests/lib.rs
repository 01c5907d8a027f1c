//! The integration tests: one binary driving the real `annals` executable.

mod suite;
