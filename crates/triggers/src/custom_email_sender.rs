//! The custom email sender trigger: deliver every email of the pool yourself (sign-up and reset
//! codes, invitations with temporary passwords, email MFA codes, account takeover notices).
//! Cognito sends nothing itself and reads nothing back.
//!
//! The code arrives encrypted; the framework decrypts it before the hook runs (see
//! [`custom_sender`](crate::custom_sender)), so the hook gets a [`Secret`](crate::Secret).
//!
//! With the KMS decryptor of the `cognito-code-decryption` crate, built once per cold start
//! (`cognito_code_decryption::KmsDecryptor::from_env().await?`) and passed in as `decryptor`:
//!
//! ```no_run
//! use cognito_triggers::custom_email_sender::{self, EmailSenderRequest};
//! use cognito_triggers::custom_sender::CodeDecryptor;
//! use cognito_triggers::HookError;
//!
//! async fn serve(decryptor: impl CodeDecryptor) -> Result<(), cognito_triggers::Error> {
//!     custom_email_sender::run(decryptor, custom_email_sender::from_fn(
//!         |request: EmailSenderRequest| async move {
//!             let Some(code) = request.code() else { return Ok(()) };
//!             let Some(to) = request.attribute("email") else {
//!                 return Err(HookError::failed("the user has no email address"));
//!             };
//!             // hand `code.expose()` and `to` to your mail service here
//!             # let _ = (code, to);
//!             Ok(())
//!         },
//!     ))
//!     .await
//! }
//! ```

pub use crate::custom_sender::EmailSenderRequest;
use crate::custom_sender::{SealedRequest, sender_hook, wire};
pub use crate::event::EmailSenderSource;
use crate::event::EmptyResponse;
use crate::event::TriggerEvent;
use crate::lifecycle::trigger_event;

/// A custom email sender event as Cognito sends it (no `response` member).
pub type CustomEmailSenderEvent = TriggerEvent<EmailSenderSource, wire::Request, EmptyResponse>;

trigger_event! {
    CustomEmailSenderEvent => CustomEmailSender, Fail, (), asynchronous = true;
    fn request(&self) -> SealedRequest<EmailSenderSource> {
        SealedRequest::of(self.trigger_source.clone(), self)
    }
}

sender_hook! {
    /// A custom email sender hook: delivers one email. Its decision is `()`.
    ///
    /// - **Code:** [`request.code()`](EmailSenderRequest::code) is the decrypted code (for
    ///   `AdminCreateUser` the temporary password, HTML-unescaped); `None` for
    ///   `AccountTakeOverNotification`. A code that does not decrypt never reaches the hook: the
    ///   invocation fails and is logged.
    /// - **Time:** the hook may use the function's whole timeout (less a margin), not Cognito's
    ///   5 s: senders are invoked asynchronously.
    /// - **Error / timeout:** the invocation fails and is logged; Cognito invoked the function
    ///   asynchronously, so no user sees it and Lambda retries (twice by default). Fail only
    ///   before your mail service accepted the message, or the user may get it twice.
    /// - **Rejection:** [`HookError::reject`](crate::HookError::reject) is logged at info and,
    ///   like a failure, fails the invocation (Lambda retries it). To skip a message on purpose,
    ///   return `Ok(())`.
    ///
    /// ```
    /// use cognito_triggers::custom_email_sender::{CustomEmailSender, EmailSenderRequest};
    /// use cognito_triggers::HookError;
    ///
    /// struct Outbox;
    ///
    /// impl CustomEmailSender for Outbox {
    ///     async fn custom_email_sender(&self, request: EmailSenderRequest) -> Result<(), HookError> {
    ///         let (Some(code), Some(to)) = (request.code(), request.attribute("email")) else {
    ///             return Ok(());
    ///         };
    ///         tracing::info!(%to, "would send a code"); // never log `code`
    ///         # let _ = code;
    ///         Ok(())
    ///     }
    /// }
    /// ```
    pub trait CustomEmailSender for CustomEmailSenderEvent, EmailSenderSource {
        /// Delivers one email.
        fn custom_email_sender(&self, request: EmailSenderRequest);
    }
}
