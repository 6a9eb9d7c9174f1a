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

use std::future::Future;

use crate::HookError;
use crate::custom_sender::{SealedRequest, SenderRequest, SenderSource, wire};
use crate::event::EmptyResponse;
use crate::event::TriggerEvent;
use crate::event::{Trigger, trigger_sources};
use crate::glue::hook_glue;
use crate::lifecycle::{Event, OnTimeout};

trigger_sources! {
    /// Which message the custom email sender trigger is asked to deliver.
    EmailSenderSource, "CustomEmailSender" {
        /// `CustomEmailSender_SignUp`: the confirmation code after sign-up.
        SignUp => "CustomEmailSender_SignUp",
        /// `CustomEmailSender_ResendCode`: a new confirmation code.
        ResendCode => "CustomEmailSender_ResendCode",
        /// `CustomEmailSender_ForgotPassword`: the password-reset code.
        ForgotPassword => "CustomEmailSender_ForgotPassword",
        /// `CustomEmailSender_UpdateUserAttribute`: a code after the email address changed (also
        /// `AdminUpdateUserAttributes` in a pool that verifies automatically).
        UpdateUserAttribute => "CustomEmailSender_UpdateUserAttribute",
        /// `CustomEmailSender_VerifyUserAttribute`: a code the user asked for to verify the address.
        VerifyUserAttribute => "CustomEmailSender_VerifyUserAttribute",
        /// `CustomEmailSender_AdminCreateUser`: the invitation; the code is the temporary password.
        AdminCreateUser => "CustomEmailSender_AdminCreateUser",
        /// `CustomEmailSender_Authentication`: the email MFA code at sign-in.
        Authentication => "CustomEmailSender_Authentication",
        /// `CustomEmailSender_AccountTakeOverNotification`: threat protection saw a risky sign-in;
        /// no code, the details are in `userAttributes`.
        AccountTakeOverNotification => "CustomEmailSender_AccountTakeOverNotification",
    }
}

impl SenderSource for EmailSenderSource {
    fn is_admin_create_user(&self) -> bool {
        *self == Self::AdminCreateUser
    }

    fn has_no_code(&self) -> bool {
        *self == Self::AccountTakeOverNotification
    }

    fn wire_name(&self) -> &str {
        self.as_str()
    }
}

/// A custom email sender request with its code decrypted: what the hook sees.
pub type EmailSenderRequest = SenderRequest<EmailSenderSource>;

/// A custom email sender event as Cognito sends it (no `response` member).
pub type CustomEmailSenderEvent = TriggerEvent<EmailSenderSource, wire::Request, EmptyResponse>;

impl Event for CustomEmailSenderEvent {
    const TRIGGER: Trigger = Trigger::CustomEmailSender;
    const ON_TIMEOUT: OnTimeout = OnTimeout::Fail;
    const ASYNCHRONOUS: bool = true;
    type Request = SealedRequest<EmailSenderSource>;
    type Decision = ();

    fn request(&self) -> SealedRequest<EmailSenderSource> {
        SealedRequest::of(self.trigger_source.clone(), self)
    }

    fn source(&self) -> &str {
        self.trigger_source.as_str()
    }
}

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
#[diagnostic::on_unimplemented(
    note = "implement the trait, or wrap an async closure in this module's `from_fn`"
)]
pub trait CustomEmailSender: Send + Sync + 'static {
    /// Delivers one email.
    fn custom_email_sender(
        &self,
        request: EmailSenderRequest,
    ) -> impl Future<Output = Result<(), HookError>> + Send;
}

hook_glue!(sender CustomEmailSender::custom_email_sender for CustomEmailSenderEvent, EmailSenderSource, EmailSenderRequest);

#[cfg(feature = "testing")]
impl EmailSenderRequest {
    /// A custom email sender event builder for `source`, from a sample event where there is one.
    /// Turn it into the hook's view with [`EventBuilder::decrypted`](crate::testing::EventBuilder::decrypted).
    pub fn builder(
        source: crate::custom_email_sender::EmailSenderSource,
    ) -> crate::testing::builder::EventBuilder<crate::custom_email_sender::CustomEmailSenderEvent>
    {
        crate::custom_sender::sender_builder(source)
    }
}
