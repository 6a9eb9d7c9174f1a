//! Integration tests of the core crate, run against every sample event under `events/`.

mod support;

mod challenges;
mod confirmation_authentication_tokens;
mod docs;
mod events;
mod federation;
mod hooks;
mod properties;
mod secrets;
mod senders;
mod testing_kit;
