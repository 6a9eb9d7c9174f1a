//! Cognito custom email and SMS sender functions: the pool's messages rendered from the same
//! Handlebars templates as the custom message function, delivered through Amazon SES (v2) and
//! Amazon SNS.
//!
//! Cognito hands a custom sender the code encrypted; the `cognito-triggers` framework decrypts
//! it with the pool's KMS key ([`KmsDecryptor`]) before [`TemplateEmailSender`] or
//! [`TemplateSmsSender`] runs, so these only see the plaintext as a `Secret`, write it into the
//! rendered message, and hand the message to an [`EmailOutbox`] / [`SmsOutbox`]. The code never
//! reaches a log line: records carry the trigger source, template locale and the delivery
//! service's message ID.
//!
//! **What is guaranteed.** Cognito invokes senders asynchronously and Lambda retries a failed
//! invocation (twice by default). An invocation fails — and so is retried — only *before* the
//! delivery service accepted the message: a code that does not decrypt (another pool, another
//! key, altered, KMS unreachable), a missing recipient, a template that fails, or SES/SNS
//! refusing or unreachable. Once SES or SNS accepted the message the invocation succeeds, so a
//! retry cannot send it twice; a function that times out after the service accepted but before
//! returning can still be retried and deliver twice. A message never goes out without its code.
//!
//! ```no_run
//! use cognito_custom_sender::{SesOutbox, TemplateEmailSender};
//! use cognito_message_templates::TemplateMessages;
//! use cognito_triggers::custom_email_sender;
//! use cognito_triggers::custom_sender::kms::{KmsDecryptor, aws_config_from_env};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     cognito_triggers::logging::init();
//!     let aws = aws_config_from_env().await;
//!     let decryptor = KmsDecryptor::from_config(&aws)?;
//!     let sender = TemplateEmailSender::new(TemplateMessages::from_env()?, SesOutbox::from_env(&aws)?);
//!     custom_email_sender::run(decryptor, sender).await
//! }
//! ```

mod outbox;

use cognito_message_templates::{SenderMessage, SenderRenderError, TemplateMessages};
use cognito_triggers::HookError;
use cognito_triggers::custom_email_sender::{CustomEmailSender, EmailSenderRequest};
use cognito_triggers::custom_sender::{SenderRequest, SenderSource};
use cognito_triggers::custom_sms_sender::{CustomSmsSender, SmsSenderRequest};

pub use cognito_message_templates::{SenderEmail, SenderSms};
pub use cognito_triggers::custom_sender::kms::KmsDecryptor;
pub use outbox::{
    CONFIGURATION_SET_ENV, ConfigError, DeliveryError, EmailOutbox, FROM_ENV, PrintOutbox,
    SMS_SENDER_ID_ENV, SMS_TYPE_ENV, SesOutbox, SmsOutbox, SnsOutbox,
};

/// The custom email sender: renders the source's email template with the decrypted code and
/// sends it to the user's `email` attribute through an [`EmailOutbox`].
#[derive(Debug)]
pub struct TemplateEmailSender<O> {
    templates: TemplateMessages,
    outbox: O,
}

impl<O: EmailOutbox> TemplateEmailSender<O> {
    /// A sender rendering `templates` and delivering through `outbox`.
    pub fn new(templates: TemplateMessages, outbox: O) -> Self {
        Self { templates, outbox }
    }

    /// The outbox (tests read what it delivered).
    pub fn outbox(&self) -> &O {
        &self.outbox
    }
}

/// A sender message from a request: the source without its prefix and the decrypted code.
fn sender_message<'a, S: SenderSource>(
    request: &'a SenderRequest<S>,
    user_attributes: &'a cognito_triggers::AttributeMap,
    client_metadata: &'a cognito_triggers::AttributeMap,
    client_id: Option<&'a str>,
    username: &'a str,
) -> Result<SenderMessage<'a>, HookError> {
    let source = request.source().short_name();
    let code = request.code().map(|code| code.expose());
    if code.is_none() && !request.source().has_no_code() {
        return Err(HookError::failed(format!(
            "the {} event carries no code; nothing was sent",
            request.source().wire_name()
        )));
    }
    Ok(SenderMessage {
        source,
        code,
        username,
        user_attributes,
        client_metadata,
        client_id,
    })
}

/// Maps a render failure: a source without templates is logged and skipped (retrying cannot
/// help); a failing template fails the invocation.
fn render_outcome<T>(
    result: Result<T, SenderRenderError>,
    trigger_source: &str,
) -> Result<Option<T>, HookError> {
    match result {
        Ok(rendered) => Ok(Some(rendered)),
        Err(SenderRenderError::NoTemplate { source }) => {
            tracing::warn!(
                trigger_source,
                source = %source,
                "no template for this message; nothing was sent"
            );
            Ok(None)
        }
        Err(error) => Err(HookError::failed(format!(
            "the message did not render, nothing was sent: {error}"
        ))),
    }
}

impl<O: EmailOutbox> CustomEmailSender for TemplateEmailSender<O> {
    async fn custom_email_sender(&self, request: EmailSenderRequest) -> Result<(), HookError> {
        let trigger_source = request.source().as_str();
        let Some(to) = request
            .attribute("email")
            .filter(|to| !to.trim().is_empty())
        else {
            if request.source().has_no_code() {
                // Account takeover notices name the user (USER_NAME), not an address.
                tracing::warn!(
                    trigger_source,
                    "the notice carries no email attribute; nothing was sent (look the address up with AdminGetUser to deliver these)"
                );
                return Ok(());
            }
            return Err(HookError::failed(format!(
                "the {trigger_source} event has no email attribute to send to; nothing was sent"
            )));
        };
        let message = sender_message(
            &request,
            request.user_attributes(),
            request.client_metadata(),
            request.invocation().client_id(),
            request.username(),
        )?;
        let Some(email) =
            render_outcome(self.templates.render_sender_email(&message), trigger_source)?
        else {
            return Ok(());
        };
        let message_id = self
            .outbox
            .send_email(&to, &email)
            .await
            .map_err(|error| HookError::failed(format!("the email was not sent: {error}")))?;
        tracing::info!(
            trigger_source,
            locale = %email.locale,
            message_id = %message_id,
            "email handed to the delivery service"
        );
        Ok(())
    }
}

/// The custom SMS sender: renders the source's SMS template with the decrypted code and sends it
/// to the user's `phone_number` attribute through an [`SmsOutbox`].
#[derive(Debug)]
pub struct TemplateSmsSender<O> {
    templates: TemplateMessages,
    outbox: O,
}

impl<O: SmsOutbox> TemplateSmsSender<O> {
    /// A sender rendering `templates` and delivering through `outbox`.
    pub fn new(templates: TemplateMessages, outbox: O) -> Self {
        Self { templates, outbox }
    }

    /// The outbox (tests read what it delivered).
    pub fn outbox(&self) -> &O {
        &self.outbox
    }
}

impl<O: SmsOutbox> CustomSmsSender for TemplateSmsSender<O> {
    async fn custom_sms_sender(&self, request: SmsSenderRequest) -> Result<(), HookError> {
        let trigger_source = request.source().as_str();
        let Some(to) = request
            .attribute("phone_number")
            .filter(|to| !to.trim().is_empty())
        else {
            return Err(HookError::failed(format!(
                "the {trigger_source} event has no phone_number attribute to send to; nothing was sent"
            )));
        };
        let message = sender_message(
            &request,
            request.user_attributes(),
            request.client_metadata(),
            request.invocation().client_id(),
            request.username(),
        )?;
        let Some(sms) = render_outcome(self.templates.render_sender_sms(&message), trigger_source)?
        else {
            return Ok(());
        };
        let message_id = self
            .outbox
            .send_sms(&to, &sms)
            .await
            .map_err(|error| HookError::failed(format!("the SMS was not sent: {error}")))?;
        tracing::info!(
            trigger_source,
            locale = %sms.locale,
            message_id = %message_id,
            "SMS handed to the delivery service"
        );
        Ok(())
    }
}
