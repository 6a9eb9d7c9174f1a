//! A function on the core's serve loop with hooks whose outcomes tests choose through the event:
//! what the runtime-level tests run under a stand-in Lambda Runtime API.
//!
//! - pre sign-up: an email at `blocked.example` is rejected, one at `fail.example` fails with an
//!   error that names a secret, any other is accepted;
//! - custom message: `clientMetadata.break` makes an SMS without the code placeholder;
//! - user migration: the password `Legacy-Passw0rd!` migrates, any other is `NotFound`;
//! - create auth challenge: a private code `739105`; verify auth challenge: the answer checked
//!   against the private parameter `answer`; inbound federation: `groups` dropped. Each of these
//!   writes its request's `Debug` form to standard error, as a careless hook might.

use cognito_triggers::create_auth_challenge::{self, Challenge, CreateChallengeRequest};
use cognito_triggers::custom_message::{self, Message, MessageRequest};
use cognito_triggers::inbound_federation::{self, AttributeChanges, FederationRequest};
use cognito_triggers::pre_sign_up::{self, SignUpDecision, SignUpRequest};
use cognito_triggers::user_migration::{self, MigratedUser, MigrationDecision, MigrationRequest};
use cognito_triggers::verify_auth_challenge::{self, Verdict, VerifyChallengeRequest};
use cognito_triggers::{HookError, Router, Secret};

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
        .create_auth_challenge(create_auth_challenge::from_fn(
            |request: CreateChallengeRequest| async move {
                eprintln!("hook sees {request:?}");
                let challenge = Challenge::default()
                    .public("delivery", "EMAIL")
                    .private("code", Secret::new("739105"));
                eprintln!("hook decided {challenge:?}");
                Ok(challenge)
            },
        ))
        .verify_auth_challenge(verify_auth_challenge::from_fn(
            |request: VerifyChallengeRequest| async move {
                eprintln!("hook sees {request:?}");
                Ok(Verdict::from(request.answer_matches("code")))
            },
        ))
        .inbound_federation(inbound_federation::from_fn(
            |request: FederationRequest| async move {
                eprintln!("hook sees {request:?}");
                Ok(AttributeChanges::keep_all().drop("groups"))
            },
        ))
        .run()
        .await
}

/// Writes the request's `Debug` form where a careless hook might: to standard error.
fn tracing_like_debug(request: &MigrationRequest) {
    eprintln!("hook sees {request:?}");
}
