//! The integration tests: one binary driving the real `annals` and the library.

mod reasoning;
mod time_properties;
