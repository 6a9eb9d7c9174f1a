//! Integration tests of the core crate, run against every sample event under `events/`.

mod support;

mod docs;
mod events;
mod hooks;
mod properties;
mod secrets;
mod testing_kit;
