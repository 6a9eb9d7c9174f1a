//! A function on the core's serve loop with hooks whose outcomes tests choose through the event:
//! what the runtime-level tests run under a stand-in Lambda Runtime API.
//!
//! - pre sign-up: an email at `blocked.example` is rejected, one at `fail.example` fails with an
//!   error that names a secret, any other is accepted;
//! - custom message: `clientMetadata.break` makes an SMS without the code placeholder;
//! - user migration: the password `Legacy-Passw0rd!` migrates, any other is `NotFound`.

use cognito_triggers::custom_message::{self, Message, MessageRequest};
use cognito_triggers::pre_sign_up::{self, SignUpDecision, SignUpRequest};
use cognito_triggers::user_migration::{self, MigratedUser, MigrationDecision, MigrationRequest};
use cognito_triggers::{HookError, Router};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), cognito_triggers::Error> {
    Router::new()
        .pre_sign_up(pre_sign_up::from_fn(|request: SignUpRequest| async move {
            let email = request.email().unwrap_or_default().into_owned();
            if email.ends_with("@blocked.example") {
                return Err(HookError::reject(
                    "Sign-ups from blocked.example are not allowed.",
                ));
            }
            if email.ends_with("@fail.example") {
                return Err(HookError::failed(std::io::Error::other(
                    "legacy database unreachable",
                )));
            }
            Ok(SignUpDecision::accept())
        }))
        .custom_message(custom_message::from_fn(
            |request: MessageRequest| async move {
                if request.client_metadata().contains("break") {
                    return Ok(Message::default().sms("Your code is on its way"));
                }
                Ok(Message::default())
            },
        ))
        .user_migration(user_migration::from_fn(
            |request: MigrationRequest| async move {
                tracing_like_debug(&request);
                let right = request
                    .password()
                    .is_some_and(|password| password.expose() == "Legacy-Passw0rd!");
                Ok(if right {
                    MigrationDecision::Migrate(MigratedUser::new([("email", request.username())]))
                } else {
                    MigrationDecision::NotFound
                })
            },
        ))
        .run()
        .await
}

/// Writes the request's `Debug` form where a careless hook might: to standard error.
fn tracing_like_debug(request: &MigrationRequest) {
    eprintln!("hook sees {request:?}");
}
