//! Amazon Cognito user pool Lambda triggers in Rust: tolerant typed events and one small hook
//! trait per trigger.
//!
//! Cognito invokes a trigger with an event, waits at most 5 seconds, and expects the whole event
//! back with `response` filled in. This crate does that part:
//!
//! - **Events** ([`pre_sign_up::PreSignUpEvent`], [`custom_message::CustomMessageEvent`],
//!   [`user_migration::UserMigrationEvent`]) accept every real variant of Cognito's payloads —
//!   absent, `null` or `{}` members, boolean attribute values, a numeric `version`, unknown
//!   members (kept and echoed back) and trigger sources not known yet (an `Other` variant).
//! - **Hooks** ([`pre_sign_up::PreSignUp`], [`custom_message::CustomMessage`],
//!   [`user_migration::UserMigration`]) have one async method that takes an owned request view and
//!   returns a decision; the crate writes `response`.
//! - **Errors**: a deliberate [`HookError::reject`] reaches the user verbatim; everything else is
//!   logged with its cause chain and reaches Cognito as a generic message.
//! - **Time**: each hook runs under a [deadline](deadline::hook_budget) below Cognito's 5 s, with
//!   a defined outcome per trigger when it expires.
//! - **Secrets**: the migration password is a [`Secret`] that never shows in `Debug` or logs.
//! - **Password policy**: [`password_policy::PasswordPolicy`] mirrors a pool's policy, e.g. to
//!   migrate a user whose legacy password misses it as `RESET_REQUIRED`.
//!
//! A whole trigger function:
//!
//! ```no_run
//! use cognito_triggers::pre_sign_up::{self, PreSignUp, SignUpDecision, SignUpRequest};
//! use cognito_triggers::HookError;
//!
//! struct StaffAutoConfirm;
//!
//! impl PreSignUp for StaffAutoConfirm {
//!     async fn pre_sign_up(&self, request: SignUpRequest) -> Result<SignUpDecision, HookError> {
//!         match request.email() {
//!             Some(email) if email.ends_with("@example.com") => {
//!                 Ok(SignUpDecision::accept().confirm_user().verify_email())
//!             }
//!             Some(_) => Ok(SignUpDecision::accept()),
//!             None => Err(HookError::reject("An email address is required")),
//!         }
//!     }
//! }
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     pre_sign_up::run(StaffAutoConfirm).await
//! }
//! ```

mod attributes;
pub mod compat;
pub mod custom_message;
pub mod deadline;
mod error;
pub mod event;
mod field;
mod invocation;
pub mod password_policy;
pub mod pre_sign_up;
mod router;
mod runtime;
mod secret;
pub mod user_migration;

pub use attributes::AttributeMap;
pub use error::{BoxError, GENERIC_USER_MESSAGE, HookError, MAX_REJECTION_CHARS, TriggerError};
pub use event::{Trigger, TriggerEvent};
pub use field::Field;
pub use lambda_runtime::{Context, LambdaEvent};
pub use router::{Router, trigger_of};
pub use runtime::{decode_event, init_tracing, json_subscriber, log_directives_from_env};
pub use secret::Secret;

/// The error type of a Lambda function's `main` (`lambda_runtime::Error`).
pub type Error = lambda_runtime::Error;

/// Logs a failed invocation once, at a level that fits: rejections are expected outcomes, the
/// rest are operator problems. Only the error is logged, never the event.
pub(crate) fn log_failure(
    error: TriggerError,
    trigger_source: &dyn std::fmt::Display,
) -> TriggerError {
    match &error {
        TriggerError::Rejected { .. } => {
            tracing::info!(trigger_source = %trigger_source, error = %error, "request rejected by the hook");
        }
        _ => {
            tracing::error!(trigger_source = %trigger_source, error = %error, error_type = error.error_type(), "trigger failed");
        }
    }
    error
}
