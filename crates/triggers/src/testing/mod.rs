//! Unit-test hooks without writing JSON: builders for every request view and event, the sample
//! events by trigger source, and helpers to run a hook and read its decision back.
//!
//! Enabled by the `testing` feature; add it to your dev-dependencies:
//! `cognito-triggers = { version = "…", features = ["testing"] }`.
//!
//! ```
//! use cognito_triggers::custom_message::{self, Message, MessageRequest, MessageSource};
//! use cognito_triggers::testing;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let hook = custom_message::from_fn(|request: MessageRequest| async move {
//!     let code = request.code_parameter().unwrap_or_default().to_owned();
//!     Ok(Message::default().sms(format!("Shop: your code is {code}")))
//! });
//! let event = MessageRequest::builder(MessageSource::ForgotPassword).client_metadata("app", "shop");
//! let returned = testing::call(&hook, event.event()).await?;
//! assert_eq!(testing::decision(&returned).sms_message(), Some("Shop: your code is {####}"));
//! # Ok::<(), cognito_triggers::TriggerError>(())
//! # });
//! ```

use lambda_runtime::{Context, LambdaEvent};

use crate::error::TriggerError;
use crate::lifecycle::{self, Decision, Event, Hook};

pub(crate) mod builder;

pub use builder::{EventBuilder, SAMPLES, sample};

/// Runs `hook` on `event` through the whole lifecycle ([`lifecycle::handle`]) with no deadline.
///
/// # Errors
///
/// What [`lifecycle::handle`] returns: a rejection, a failure or a timeout.
pub async fn call<E: Event, H: Hook<E> + ?Sized>(hook: &H, event: E) -> Result<E, TriggerError> {
    lifecycle::handle(hook, LambdaEvent::new(event, Context::default())).await
}

/// The decision written into a returned event, read back.
pub fn decision<E: Event>(event: &E) -> E::Decision {
    E::Decision::read_from(event)
}

/// Asserts that `result` is a rejection with exactly `message` (as Cognito will show it).
///
/// # Panics
///
/// When it is anything else.
#[track_caller]
pub fn assert_rejected<E>(result: &Result<E, TriggerError>, message: &str) {
    match result {
        Err(TriggerError::Rejected { message: got, .. }) => {
            assert_eq!(got, message, "rejected with another message");
        }
        Err(other) => panic!("expected a rejection, got {other}"),
        Ok(_) => panic!("expected a rejection, the hook decided"),
    }
}

/// A [`CodeDecryptor`](crate::custom_sender::CodeDecryptor) for tests: every code decrypts to the
/// same text. Pair it with a sender hook in
/// [`WithDecryptor`](crate::custom_sender::WithDecryptor) to run the hook through the lifecycle.
#[derive(Clone, Debug)]
pub struct FixedCode(crate::Secret);

impl FixedCode {
    /// Every code decrypts to `code`.
    pub fn new(code: impl Into<String>) -> Self {
        Self(crate::Secret::new(code))
    }
}

impl crate::custom_sender::CodeDecryptor for FixedCode {
    async fn decrypt(
        &self,
        _code: &crate::custom_sender::EncryptedCode,
        _user_pool_id: &str,
    ) -> Result<crate::Secret, crate::custom_sender::DecryptError> {
        Ok(self.0.clone())
    }
}
