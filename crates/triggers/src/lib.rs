//! Amazon Cognito user pool Lambda triggers in Rust: tolerant typed events and one small hook
//! trait per trigger.
//!
//! Cognito invokes a trigger with an event, waits at most 5 seconds, and expects the whole event
//! back with `response` filled in. This crate does that part:
//!
//! - **Events** of every user pool trigger that answers Cognito:
//!   [pre sign-up](pre_sign_up), [custom message](custom_message),
//!   [user migration](user_migration), [post confirmation](post_confirmation),
//!   [pre authentication](pre_authentication), [post authentication](post_authentication),
//!   [pre token generation](pre_token_generation) (versions 1, 2 and 3, machine clients
//!   included), [define](define_auth_challenge), [create](create_auth_challenge) and
//!   [verify](verify_auth_challenge) auth challenge, [inbound federation](inbound_federation),
//!   and the [custom email](custom_email_sender) and [custom SMS](custom_sms_sender) senders,
//!   whose KMS-encrypted code is decrypted before the hook runs ([`custom_sender`]; with KMS by
//!   `cognito_code_decryption::KmsDecryptor`, crate `cognito-code-decryption`). They accept every real variant of Cognito's payloads — absent, `null` or `{}` members,
//!   boolean attribute values, a numeric `version`, unknown members (kept and echoed back) and
//!   trigger sources not known yet.
//! - **Hooks** (one trait per trigger module, e.g. [`PreSignUp`](pre_sign_up::PreSignUp),
//!   [`PreTokenGeneration`](pre_token_generation::PreTokenGeneration)) have one async method that
//!   takes an owned request view and returns a decision; the decision writes `response`
//!   (`()` for the triggers that write nothing back).
//! - **Cognito's rules** ([`rules`]) are checked before anything goes back: a custom message
//!   that Cognito would refuse keeps Cognito's own message instead of failing the call; a token
//!   decision that breaks a claim, scope or size rule, or an inbound federation decision that
//!   would drop every attribute, fails as a hook error naming the rule
//!   ([`Decision::check`](lifecycle::Decision::check)).
//! - **Errors**: a deliberate [`HookError::reject`] reaches the user, cleaned; everything else is
//!   logged with its cause chain and reaches Cognito as [`GENERIC_USER_MESSAGE`].
//! - **Time**: each hook runs under a [budget](lifecycle::hook_budget) below Cognito's 5 s, with a
//!   defined outcome per trigger when it expires.
//! - **Secrets**: the migration password, the senders' decrypted codes, challenge answers and
//!   private challenge parameters are [`Secret`]s, the identity provider's tokens a
//!   [`TokenResponse`](inbound_federation::TokenResponse): never in `Debug`, logs or errors
//!   (the password not even in the returned event); the [logs](logging) drop the Lambda runtime's record of raw events.
//! - **Testing**: with the `testing` feature, the `testing` module builds requests and events and runs
//!   hooks without JSON.
//!
//! # Data path
//!
//! ```text
//! Lambda payload (JSON)
//!   │ decode_event: tolerant serde, errors name the JSON path, never a value
//!   ▼
//! typed event        TriggerEvent<Source, wire::Request, wire::Response>, every member a Field
//!   │ lifecycle::Event::request
//!   ▼
//! request view       SignUpRequest / MessageRequest / MigrationRequest: owned, no Field
//!   │ your hook, under lifecycle::hook_budget
//!   ▼
//! decision           SignUpDecision / Message / MigrationDecision
//!   │ lifecycle::Decision::write_to: checks Cognito's rules, writes `response`
//!   ▼
//! the same event, `response` filled in → JSON → Cognito
//! ```
//!
//! One [lifecycle] runs this for every trigger, in `handle` (no Lambda runtime: tests and tools),
//! `run` (one trigger per function) and [`Router`] (several triggers in one function). A
//! trigger module holds only its vocabulary: wire types, view, decision and hook trait.
//!
//! # A whole trigger function
//!
//! ```no_run
//! use cognito_triggers::pre_sign_up::{self, PreSignUp, SignUpDecision, SignUpRequest};
//! use cognito_triggers::HookError;
//!
//! struct RequireCompanyEmail;
//!
//! impl PreSignUp for RequireCompanyEmail {
//!     async fn pre_sign_up(&self, request: SignUpRequest) -> Result<SignUpDecision, HookError> {
//!         match request.email() {
//!             // A domain says nothing about who controls the mailbox: accept, don't verify.
//!             Some(email) if email.ends_with("@example.com") => Ok(SignUpDecision::accept()),
//!             _ => Err(HookError::reject("Please sign up with your example.com address")),
//!         }
//!     }
//! }
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     pre_sign_up::run(RequireCompanyEmail).await
//! }
//! ```
//!
//! # Features
//!
//! - `testing`: the `testing` module (builders, samples, assertions). Off by default.
//! - `aws-lambda-events`: the `compat` module, conversions to and from the `aws_lambda_events`
//!   Cognito types. Off by default, so that dependency is optional.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod attributes;
#[cfg(feature = "aws-lambda-events")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-lambda-events")))]
pub mod compat;
pub mod create_auth_challenge;
pub mod custom_email_sender;
pub mod custom_message;
pub mod custom_sender;
pub mod custom_sms_sender;
mod decode;
pub mod define_auth_challenge;
mod error;
pub mod event;
mod field;
mod glue;
pub mod inbound_federation;
mod invocation;
pub mod lifecycle;
pub mod logging;
pub mod post_authentication;
pub mod post_confirmation;
pub mod pre_authentication;
pub mod pre_sign_up;
pub mod pre_token_generation;
mod router;
pub mod rules;
mod secret;
pub mod serve;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
pub mod user_migration;
pub mod verify_auth_challenge;
mod view;

pub use attributes::AttributeMap;
pub use decode::{decode_event, trigger_of};
pub use error::{BoxError, GENERIC_USER_MESSAGE, HookError, MAX_REJECTION_CHARS, TriggerError};
pub use event::{Trigger, TriggerEvent};
pub use field::Field;
pub use invocation::Invocation;
pub use lambda_runtime::{Context, LambdaEvent};
pub use lifecycle::CognitoDefault;
pub use router::Router;
pub use secret::Secret;

/// A user pool's password policy: [`rules::password`], under the name it had first.
pub use rules::password as password_policy;

/// The error type of a Lambda function's `main` (`lambda_runtime::Error`).
pub type Error = lambda_runtime::Error;
