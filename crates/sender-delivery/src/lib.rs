//! Cognito custom email and SMS sender functions: the pool's messages rendered from the same
//! Handlebars templates as the custom message function, delivered through Amazon SES (v2) and
//! Amazon SNS.
//!
//! Cognito hands a custom sender the code encrypted; the `cognito-triggers` framework decrypts
//! it with the pool's KMS key ([`KmsDecryptor`], from `cognito-code-decryption`) before [`TemplateEmailSender`] or
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
//! use cognito_sender_delivery::{SesOutbox, TemplateEmailSender};
//! use cognito_message_templates::TemplateMessages;
//! use cognito_triggers::custom_email_sender;
//! use cognito_aws_env::aws_config_from_env;
//! use cognito_code_decryption::KmsDecryptor;
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     cognito_triggers::logging::init();
//!     // One AWS configuration for KMS and SES, with the KMS call's short timeouts.
//!     let aws = aws_config_from_env(KmsDecryptor::TIMEOUTS).await;
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

pub use cognito_code_decryption::KmsDecryptor;

/// What both sender functions build once per cold start from their environment: the AWS
/// configuration (also for the SES or SNS client), the KMS decryptor and the templates.
#[derive(Debug)]
pub struct SenderSetup {
    /// The AWS configuration, with [`KmsDecryptor::TIMEOUTS`].
    pub aws: aws_config::SdkConfig,
    /// The decryptor for `CUSTOM_SENDER_KMS_KEY_ARN`.
    pub decryptor: KmsDecryptor,
    /// The templates (built in, or `CUSTOM_MESSAGE_TEMPLATE_DIR`).
    pub templates: TemplateMessages,
}

impl SenderSetup {
    /// Builds the setup from the environment.
    ///
    /// # Errors
    ///
    /// A missing or invalid setting (the key ARN, the template directory), named in the error.
    pub async fn from_env() -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let aws = cognito_aws_env::aws_config_from_env(KmsDecryptor::TIMEOUTS).await;
        let decryptor = KmsDecryptor::from_config(&aws)?;
        let templates = TemplateMessages::from_env()?;
        Ok(Self {
            aws,
            decryptor,
            templates,
        })
    }
}
pub use cognito_message_templates::{SenderEmail, SenderSms};
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

/// What a sender does before it hands a message over: the recipient from `address` (an
/// attribute), the message rendered by `render` with the decrypted code. `Ok(None)`: nothing to
/// send, deliberately (a logged skip, not retried).
fn prepare<S, T>(
    request: &SenderRequest<S>,
    address: &str,
    render: impl FnOnce(&SenderMessage<'_>) -> Result<T, SenderRenderError>,
) -> Result<Option<(String, T)>, HookError>
where
    S: SenderSource,
{
    let trigger_source = request.source().wire_name();
    let Some(to) = request
        .attribute(address)
        .filter(|to| !to.trim().is_empty())
    else {
        if request.source().has_no_code() {
            // Account takeover notices name the user (USER_NAME), not an address.
            tracing::warn!(
                trigger_source,
                "the notice carries no {address} attribute; nothing was sent (look the address up with AdminGetUser to deliver these)"
            );
            return Ok(None);
        }
        return Err(HookError::failed(format!(
            "the {trigger_source} event has no {address} attribute to send to; nothing was sent"
        )));
    };
    let code = request.code().map(|code| code.expose());
    if code.is_none() && !request.source().has_no_code() {
        return Err(HookError::failed(format!(
            "the {trigger_source} event carries no code; nothing was sent"
        )));
    }
    let message = SenderMessage {
        source: request.source().short_name(),
        code,
        username: request.username(),
        user_attributes: request.user_attributes(),
        client_metadata: request.client_metadata(),
        client_id: request.invocation().client_id(),
    };
    match render(&message) {
        Ok(rendered) => Ok(Some((to.into_owned(), rendered))),
        // Retrying cannot help a set without this template: logged, skipped.
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

/// Logs a message the delivery service accepted, or turns its refusal into a hook failure.
fn handed_over(
    trigger_source: &str,
    what: &str,
    locale: &str,
    sent: Result<String, DeliveryError>,
) -> Result<(), HookError> {
    let message_id =
        sent.map_err(|error| HookError::failed(format!("the {what} was not sent: {error}")))?;
    tracing::info!(
        trigger_source,
        locale,
        message_id = %message_id,
        "{what} handed to the delivery service"
    );
    Ok(())
}

impl<O: EmailOutbox> CustomEmailSender for TemplateEmailSender<O> {
    async fn custom_email_sender(&self, request: EmailSenderRequest) -> Result<(), HookError> {
        let rendered = prepare(&request, "email", |message| {
            self.templates.render_sender_email(message)
        })?;
        let Some((to, email)) = rendered else {
            return Ok(());
        };
        let sent = self.outbox.send_email(&to, &email).await;
        handed_over(request.source().as_str(), "email", &email.locale, sent)
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
        let rendered = prepare(&request, "phone_number", |message| {
            self.templates.render_sender_sms(message)
        })?;
        let Some((to, sms)) = rendered else {
            return Ok(());
        };
        let sent = self.outbox.send_sms(&to, &sms).await;
        handed_over(request.source().as_str(), "SMS", &sms.locale, sent)
    }
}
