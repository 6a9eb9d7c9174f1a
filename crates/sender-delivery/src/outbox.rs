//! Where rendered messages go: Amazon SES v2 for email, Amazon SNS for SMS, or standard output
//! for dry runs.

use std::fmt;
use std::future::Future;
use std::io::Write as _;

use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};
use aws_sdk_sns::types::MessageAttributeValue;
use cognito_message_templates::{SenderEmail, SenderSms};

/// Environment variable: the verified SES identity emails are sent from (required by the email
/// sender), e.g. `Example <no-reply@example.com>`.
pub const FROM_ENV: &str = "CUSTOM_EMAIL_SENDER_FROM";
/// Environment variable: the SES configuration set to send with (optional).
pub const CONFIGURATION_SET_ENV: &str = "CUSTOM_EMAIL_SENDER_CONFIGURATION_SET";
/// Environment variable: `Transactional` (default) or `Promotional`, SNS's SMS type.
pub const SMS_TYPE_ENV: &str = "CUSTOM_SMS_SENDER_TYPE";
/// Environment variable: the alphanumeric sender ID for SMS, where countries allow one (optional).
pub const SMS_SENDER_ID_ENV: &str = "CUSTOM_SMS_SENDER_ID";

/// A missing or invalid setting: the function refuses to start.
#[derive(Debug)]
pub struct ConfigError(String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// The delivery service did not accept a message. The text is the service's error (code and
/// message) and never contains the message.
#[derive(Debug)]
pub struct DeliveryError(String);

impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DeliveryError {}

/// Delivers an email; returns the service's message ID.
pub trait EmailOutbox: Send + Sync + 'static {
    /// Sends `email` to `to`.
    fn send_email(
        &self,
        to: &str,
        email: &SenderEmail,
    ) -> impl Future<Output = Result<String, DeliveryError>> + Send;
}

/// Delivers a text message; returns the service's message ID.
pub trait SmsOutbox: Send + Sync + 'static {
    /// Sends `sms` to the phone number `to` (E.164).
    fn send_sms(
        &self,
        to: &str,
        sms: &SenderSms,
    ) -> impl Future<Output = Result<String, DeliveryError>> + Send;
}

/// Sends email through Amazon SES v2 `SendEmail` (simple content, UTF-8, HTML body).
#[derive(Clone, Debug)]
pub struct SesOutbox {
    client: aws_sdk_sesv2::Client,
    from: String,
    configuration_set: Option<String>,
}

impl SesOutbox {
    /// An outbox sending from `from` with `client`.
    pub fn new(client: aws_sdk_sesv2::Client, from: impl Into<String>) -> Self {
        Self {
            client,
            from: from.into(),
            configuration_set: None,
        }
    }

    /// Sends with this SES configuration set (event publishing, dedicated IPs, …).
    pub fn configuration_set(mut self, name: impl Into<String>) -> Self {
        self.configuration_set = Some(name.into());
        self
    }

    /// An outbox configured from [`FROM_ENV`] and [`CONFIGURATION_SET_ENV`].
    ///
    /// # Errors
    ///
    /// When [`FROM_ENV`] is unset or empty.
    pub fn from_env(config: &aws_config::SdkConfig) -> Result<Self, ConfigError> {
        let from = non_empty_env(FROM_ENV).ok_or_else(|| {
            ConfigError(format!(
                "{FROM_ENV} is not set; set it to the verified SES address emails are sent from"
            ))
        })?;
        let outbox = Self::new(aws_sdk_sesv2::Client::new(config), from);
        Ok(match non_empty_env(CONFIGURATION_SET_ENV) {
            Some(name) => outbox.configuration_set(name),
            None => outbox,
        })
    }
}

impl EmailOutbox for SesOutbox {
    async fn send_email(&self, to: &str, email: &SenderEmail) -> Result<String, DeliveryError> {
        let utf8 = |data: &str| {
            Content::builder()
                .data(data)
                .charset("UTF-8")
                .build()
                .map_err(|error| DeliveryError(format!("the email could not be built: {error}")))
        };
        let message = Message::builder()
            .subject(utf8(&email.subject)?)
            .body(Body::builder().html(utf8(&email.html)?).build())
            .build();
        let request = self
            .client
            .send_email()
            .from_email_address(&self.from)
            .destination(Destination::builder().to_addresses(to).build())
            .content(EmailContent::builder().simple(message).build())
            .set_configuration_set_name(self.configuration_set.clone());
        let call: BoxedCall<'_, _> = Box::pin(request.send());
        let sent = call
            .await
            .map_err(|error| DeliveryError(describe(&error, "SES")))?;
        Ok(sent.message_id.unwrap_or_default())
    }
}

/// Sends SMS through Amazon SNS `Publish` to a phone number.
#[derive(Clone, Debug)]
pub struct SnsOutbox {
    client: aws_sdk_sns::Client,
    sms_type: String,
    sender_id: Option<String>,
}

impl SnsOutbox {
    /// An outbox sending transactional SMS with `client`.
    pub fn new(client: aws_sdk_sns::Client) -> Self {
        Self {
            client,
            sms_type: "Transactional".to_owned(),
            sender_id: None,
        }
    }

    /// An outbox configured from [`SMS_TYPE_ENV`] and [`SMS_SENDER_ID_ENV`].
    ///
    /// # Errors
    ///
    /// When [`SMS_TYPE_ENV`] is neither `Transactional` nor `Promotional`.
    pub fn from_env(config: &aws_config::SdkConfig) -> Result<Self, ConfigError> {
        let mut outbox = Self::new(aws_sdk_sns::Client::new(config));
        if let Some(sms_type) = non_empty_env(SMS_TYPE_ENV) {
            if !matches!(sms_type.as_str(), "Transactional" | "Promotional") {
                return Err(ConfigError(format!(
                    "{SMS_TYPE_ENV} is {sms_type:?}; use Transactional or Promotional"
                )));
            }
            outbox.sms_type = sms_type;
        }
        outbox.sender_id = non_empty_env(SMS_SENDER_ID_ENV);
        Ok(outbox)
    }
}

impl SmsOutbox for SnsOutbox {
    async fn send_sms(&self, to: &str, sms: &SenderSms) -> Result<String, DeliveryError> {
        let string = |value: &str| {
            MessageAttributeValue::builder()
                .data_type("String")
                .string_value(value)
                .build()
                .map_err(|error| DeliveryError(format!("the SMS could not be built: {error}")))
        };
        let mut publish = self
            .client
            .publish()
            .phone_number(to)
            .message(&sms.text)
            .message_attributes("AWS.SNS.SMS.SMSType", string(&self.sms_type)?);
        if let Some(sender_id) = &self.sender_id {
            publish = publish.message_attributes("AWS.SNS.SMS.SenderID", string(sender_id)?);
        }
        let call: BoxedCall<'_, _> = Box::pin(publish.send());
        let sent = call
            .await
            .map_err(|error| DeliveryError(describe(&error, "SNS")))?;
        Ok(sent.message_id.unwrap_or_default())
    }
}

/// Prints messages to standard output instead of sending them: `cognito-triggers invoke
/// --dry-run` uses it (with the code shown as `<encrypted>`).
#[derive(Clone, Copy, Debug, Default)]
pub struct PrintOutbox;

impl EmailOutbox for PrintOutbox {
    async fn send_email(&self, to: &str, email: &SenderEmail) -> Result<String, DeliveryError> {
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "To: {to}\nSubject: {}\nLocale: {}\n\n{}\n",
            email.subject, email.locale, email.html
        )
        .map_err(|error| DeliveryError(format!("standard output: {error}")))?;
        Ok("dry-run".to_owned())
    }
}

impl SmsOutbox for PrintOutbox {
    async fn send_sms(&self, to: &str, sms: &SenderSms) -> Result<String, DeliveryError> {
        let mut out = std::io::stdout().lock();
        writeln!(out, "To: {to}\nLocale: {}\n\n{}\n", sms.locale, sms.text)
            .map_err(|error| DeliveryError(format!("standard output: {error}")))?;
        Ok("dry-run".to_owned())
    }
}

/// An SDK call behind a pointer, so its deep future type does not nest into the function's.
type BoxedCall<'a, T> = std::pin::Pin<Box<dyn Future<Output = T> + Send + 'a>>;

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// A service error as `Code: message`, or the transport failure.
fn describe<E, R>(error: &aws_sdk_sesv2::error::SdkError<E, R>, service: &str) -> String
where
    E: aws_sdk_sesv2::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: fmt::Debug,
{
    use aws_sdk_sesv2::error::SdkError;
    match error {
        SdkError::ServiceError(failure) => format!(
            "{service} refused it: {}: {}",
            failure.err().code().unwrap_or("unknown error"),
            failure.err().message().unwrap_or("no message")
        ),
        SdkError::TimeoutError(_) => format!("{service} did not answer in time"),
        SdkError::DispatchFailure(_) => format!("{service} is unreachable"),
        other => format!(
            "{service}: {}",
            aws_sdk_sesv2::error::DisplayErrorContext(other)
        ),
    }
}
