//! The custom SMS sender trigger: deliver every text message of the pool yourself (sign-up and
//! reset codes, invitations with temporary passwords, SMS MFA codes).
//! Cognito sends nothing itself and reads nothing back.
//!
//! The code arrives encrypted; the framework decrypts it before the hook runs (see
//! [`custom_sender`](crate::custom_sender)), so the hook gets a [`Secret`](crate::Secret).
//!
//! With the KMS decryptor of the `cognito-code-decryption` crate, built once per cold start
//! (`cognito_code_decryption::KmsDecryptor::from_env().await?`) and passed in as `decryptor`:
//!
//! ```no_run
//! use cognito_triggers::custom_sms_sender::{self, SmsSenderRequest};
//! use cognito_triggers::custom_sender::CodeDecryptor;
//! use cognito_triggers::HookError;
//!
//! async fn serve(decryptor: impl CodeDecryptor) -> Result<(), cognito_triggers::Error> {
//!     custom_sms_sender::run(decryptor, custom_sms_sender::from_fn(
//!         |request: SmsSenderRequest| async move {
//!             let Some(code) = request.code() else { return Ok(()) };
//!             let Some(to) = request.attribute("phone_number") else {
//!                 return Err(HookError::failed("the user has no phone number"));
//!             };
//!             // hand `code.expose()` and `to` to your SMS provider here
//!             # let _ = (code, to);
//!             Ok(())
//!         },
//!     ))
//!     .await
//! }
//! ```

pub use crate::custom_sender::SmsSenderRequest;
use crate::custom_sender::{SealedRequest, sender_hook, wire};
use crate::event::EmptyResponse;
pub use crate::event::SmsSenderSource;
use crate::event::TriggerEvent;
use crate::lifecycle::trigger_event;

/// A custom SMS sender event as Cognito sends it (no `response` member).
pub type CustomSmsSenderEvent = TriggerEvent<SmsSenderSource, wire::Request, EmptyResponse>;

trigger_event! {
    CustomSmsSenderEvent => CustomSmsSender, Fail, (), asynchronous = true;
    fn request(&self) -> SealedRequest<SmsSenderSource> {
        SealedRequest::of(self.trigger_source.clone(), self)
    }
}

sender_hook! {
    /// A custom SMS sender hook: delivers one text message. Its decision is `()`.
    ///
    /// - **Code:** [`request.code()`](SmsSenderRequest::code) is the decrypted code (for
    ///   `AdminCreateUser` the temporary password, HTML-unescaped); `None` for
    ///   `AccountTakeOverNotification`. A code that does not decrypt never reaches the hook: the
    ///   invocation fails and is logged.
    /// - **Time:** the hook may use the function's whole timeout (less a margin), not Cognito's
    ///   5 s: senders are invoked asynchronously.
    /// - **Error / timeout:** the invocation fails and is logged; Cognito invoked the function
    ///   asynchronously, so no user sees it and Lambda retries (twice by default). Fail only
    ///   before your SMS provider accepted the message, or the user may get it twice.
    /// - **Rejection:** [`HookError::reject`](crate::HookError::reject) is logged at info and,
    ///   like a failure, fails the invocation (Lambda retries it). To skip a message on purpose,
    ///   return `Ok(())`.
    ///
    /// ```
    /// use cognito_triggers::custom_sms_sender::{CustomSmsSender, SmsSenderRequest};
    /// use cognito_triggers::HookError;
    ///
    /// struct Texts;
    ///
    /// impl CustomSmsSender for Texts {
    ///     async fn custom_sms_sender(&self, request: SmsSenderRequest) -> Result<(), HookError> {
    ///         let (Some(code), Some(to)) = (request.code(), request.attribute("phone_number")) else {
    ///             return Ok(());
    ///         };
    ///         tracing::info!(%to, "would send a code"); // never log `code`
    ///         # let _ = code;
    ///         Ok(())
    ///     }
    /// }
    /// ```
    pub trait CustomSmsSender for CustomSmsSenderEvent, SmsSenderSource {
        /// Delivers one text message.
        fn custom_sms_sender(&self, request: SmsSenderRequest);
    }
}
