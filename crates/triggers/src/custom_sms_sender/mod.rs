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

use std::future::Future;

use crate::HookError;
use crate::custom_sender::{SealedRequest, SenderRequest, SenderSource, wire};
use crate::event::EmptyResponse;
use crate::event::TriggerEvent;
use crate::event::{Trigger, trigger_sources};
use crate::glue::hook_glue;
use crate::lifecycle::{Event, OnTimeout};

trigger_sources! {
    /// Which message the custom SMS sender trigger is asked to deliver.
    SmsSenderSource, "CustomSMSSender" {
        /// `CustomSMSSender_SignUp`: the confirmation code after sign-up.
        SignUp => "CustomSMSSender_SignUp",
        /// `CustomSMSSender_ResendCode`: a new confirmation code.
        ResendCode => "CustomSMSSender_ResendCode",
        /// `CustomSMSSender_ForgotPassword`: the password-reset code.
        ForgotPassword => "CustomSMSSender_ForgotPassword",
        /// `CustomSMSSender_UpdateUserAttribute`: a code after the phone number changed.
        UpdateUserAttribute => "CustomSMSSender_UpdateUserAttribute",
        /// `CustomSMSSender_VerifyUserAttribute`: a code the user asked for to verify the number.
        VerifyUserAttribute => "CustomSMSSender_VerifyUserAttribute",
        /// `CustomSMSSender_AdminCreateUser`: the invitation; the code is the temporary password.
        AdminCreateUser => "CustomSMSSender_AdminCreateUser",
        /// `CustomSMSSender_Authentication`: the SMS MFA code at sign-in.
        Authentication => "CustomSMSSender_Authentication",
        /// `CustomSMSSender_AccountTakeOverNotification`: threat protection saw a risky sign-in
        /// (handled by AWS's own sample, absent from its table); no code.
        AccountTakeOverNotification => "CustomSMSSender_AccountTakeOverNotification",
    }
}

impl SenderSource for SmsSenderSource {
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

/// A custom SMS sender request with its code decrypted: what the hook sees.
pub type SmsSenderRequest = SenderRequest<SmsSenderSource>;

/// A custom SMS sender event as Cognito sends it (no `response` member).
pub type CustomSmsSenderEvent = TriggerEvent<SmsSenderSource, wire::Request, EmptyResponse>;

impl Event for CustomSmsSenderEvent {
    const TRIGGER: Trigger = Trigger::CustomSmsSender;
    const ON_TIMEOUT: OnTimeout = OnTimeout::Fail;
    const ASYNCHRONOUS: bool = true;
    type Request = SealedRequest<SmsSenderSource>;
    type Decision = ();

    fn request(&self) -> SealedRequest<SmsSenderSource> {
        SealedRequest::of(self.trigger_source.clone(), self)
    }

    fn source(&self) -> &str {
        self.trigger_source.as_str()
    }
}

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
#[diagnostic::on_unimplemented(
    note = "implement the trait, or wrap an async closure in this module's `from_fn`"
)]
pub trait CustomSmsSender: Send + Sync + 'static {
    /// Delivers one text message.
    fn custom_sms_sender(
        &self,
        request: SmsSenderRequest,
    ) -> impl Future<Output = Result<(), HookError>> + Send;
}

hook_glue!(sender CustomSmsSender::custom_sms_sender for CustomSmsSenderEvent, SmsSenderSource, SmsSenderRequest);

#[cfg(feature = "testing")]
impl SmsSenderRequest {
    /// A custom SMS sender event builder for `source`, from a sample event where there is one.
    pub fn builder(
        source: crate::custom_sms_sender::SmsSenderSource,
    ) -> crate::testing::builder::EventBuilder<crate::custom_sms_sender::CustomSmsSenderEvent> {
        crate::custom_sender::sender_builder(source)
    }
}
