//! The custom message trigger: write the email and SMS that carry a code.
//!
//! Implement [`CustomMessage`] (or wrap an async closure in [`from_fn`]) and hand it to [`run`].
//! The hook gets a [`MessageRequest`] and returns a [`Message`]. Before the message goes back,
//! the core checks every channel against Cognito's [rules](crate::rules); a channel that breaks
//! one keeps Cognito's own message (logged at warn with the rule), so a hook can never make
//! Cognito fail the call or drop the message.
//!
//! ```no_run
//! use cognito_triggers::custom_message::{self, Message, MessageRequest, MessageSource};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     custom_message::run(custom_message::from_fn(|request: MessageRequest| async move {
//!         let Some(code) = request.code_parameter() else {
//!             return Ok(Message::default()); // nothing to put the code in: Cognito's message
//!         };
//!         Ok(match request.source() {
//!             MessageSource::ForgotPassword => Message::default()
//!                 .email("Reset your password", format!("<p>Your code is <b>{code}</b>.</p>"))
//!                 .sms(format!("Your reset code is {code}")),
//!             _ => Message::default(),
//!         })
//!     }))
//!     .await
//! }
//! ```

pub mod wire;

use std::future::Future;

use crate::Field;
use crate::HookError;
use crate::event::TriggerEvent;
use crate::event::{Trigger, trigger_sources};
use crate::field::member;
use crate::glue::hook_glue;
use crate::lifecycle::{Decision, Event, OnTimeout};
use crate::rules::{Channel, MessageContext, check_message};
use crate::view::{UserContext, user_view};

trigger_sources! {
    /// Which message the custom message trigger is asked to write.
    MessageSource, "CustomMessage" {
        /// `CustomMessage_SignUp`: the confirmation code after sign-up.
        SignUp => "CustomMessage_SignUp",
        /// `CustomMessage_AdminCreateUser`: the invitation with the temporary password.
        AdminCreateUser => "CustomMessage_AdminCreateUser",
        /// `CustomMessage_ResendCode`: a new confirmation code.
        ResendCode => "CustomMessage_ResendCode",
        /// `CustomMessage_ForgotPassword`: the password-reset code.
        ForgotPassword => "CustomMessage_ForgotPassword",
        /// `CustomMessage_UpdateUserAttribute`: a code after email or phone changed.
        UpdateUserAttribute => "CustomMessage_UpdateUserAttribute",
        /// `CustomMessage_VerifyUserAttribute`: a code the user asked for to verify email or phone.
        VerifyUserAttribute => "CustomMessage_VerifyUserAttribute",
        /// `CustomMessage_Authentication`: the SMS MFA code at sign-in.
        Authentication => "CustomMessage_Authentication",
    }
}

/// A custom message event as Cognito sends it.
pub type CustomMessageEvent = TriggerEvent<MessageSource, wire::Request, wire::Response>;

impl Event for CustomMessageEvent {
    const TRIGGER: Trigger = Trigger::CustomMessage;
    const ON_TIMEOUT: OnTimeout = OnTimeout::KeepEvent;
    type Request = MessageRequest;
    type Decision = Message;

    fn request(&self) -> MessageRequest {
        let request = self.request.as_option();
        MessageRequest {
            source: self.trigger_source.clone(),
            user: UserContext::of(self, |r| &r.user_attributes, |r| &r.client_metadata),
            code_parameter: member(request, |request| &request.code_parameter),
            link_parameter: member(request, |request| &request.link_parameter),
            username_parameter: member(request, |request| &request.username_parameter),
        }
    }

    fn source(&self) -> &str {
        self.trigger_source.as_str()
    }
}

/// What a custom message hook sees: an owned view of the request.
///
/// Its user attributes and `clientMetadata` may be what a caller typed: for `SignUp`,
/// `ResendCode` and `UpdateUserAttribute` the message goes to an address the caller need not
/// own, and `clientMetadata` of a `ForgotPassword` call comes from whoever asked to reset
/// someone's password (it is empty for the sign-in MFA message). Keep what you interpolate short
/// and escaped, and never build a link from it unchecked.
#[derive(Clone, Debug)]
pub struct MessageRequest {
    pub(crate) source: MessageSource,
    pub(crate) user: UserContext,
    pub(crate) code_parameter: Option<String>,
    pub(crate) link_parameter: Option<String>,
    pub(crate) username_parameter: Option<String>,
}

user_view!(MessageRequest);

impl MessageRequest {
    /// Which message is due.
    pub fn source(&self) -> &MessageSource {
        &self.source
    }

    /// The code placeholder every email and SMS body must contain, exactly as Cognito sent it
    /// (`{####}`, or `####` in old events); Cognito replaces it with the code (the temporary
    /// password for `AdminCreateUser`). `None` means no message can be written: return
    /// `Message::default()`.
    pub fn code_parameter(&self) -> Option<&str> {
        self.code_parameter.as_deref()
    }

    /// The username placeholder, which `AdminCreateUser` bodies must contain as well.
    pub fn username_parameter(&self) -> Option<&str> {
        self.username_parameter.as_deref()
    }

    /// The verification link placeholder (`{##Click Here##}`), when the pool verifies by link.
    pub fn link_parameter(&self) -> Option<&str> {
        self.link_parameter.as_deref()
    }

    /// What Cognito's message rules need to know of this request, for
    /// [`rules::check_message`](crate::rules::check_message).
    pub fn rules(&self) -> MessageContext<'_> {
        MessageContext {
            code_parameter: self.code_parameter(),
            username_parameter: self.username_parameter(),
            user_name: self.username(),
            admin_create_user: self.source == MessageSource::AdminCreateUser,
        }
    }
}

/// An email: subject and body, which Cognito only takes together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    /// `emailSubject`: plain text on one line, 1–140 characters; no placeholder needed.
    pub subject: String,
    /// `emailMessage`: HTML allowed, 6–20,000 characters, must contain the code placeholder
    /// (and the username placeholder for `AdminCreateUser`).
    pub body: String,
}

/// A custom message hook's decision: the text per channel. A channel left unset keeps
/// Cognito's own message, so `Message::default()` changes nothing.
///
/// Cognito's rules, which the core checks before returning (see [`rules`](crate::rules)); a
/// channel that breaks one keeps Cognito's message instead, logged at warn with the rule:
///
/// - every email body and SMS contains [`MessageRequest::code_parameter`]; for
///   `AdminCreateUser` also [`MessageRequest::username_parameter`];
/// - email body 6–20,000 characters, SMS 6–140, subject 1–140 (UTF-16 units); subject and SMS
///   on one line;
/// - letters, marks, numbers, punctuation, symbols and ASCII whitespace only: no control or
///   format characters such as U+200B.
///
/// When the pool sends email with Cognito's default (`COGNITO_DEFAULT`) account, Cognito refuses
/// custom email text: set only the SMS there.
#[derive(Clone, Debug, Default)]
pub struct Message {
    email: Option<Email>,
    sms: Option<String>,
    /// The request values this message's channels were last [checked](Message::checked)
    /// against; setting a channel clears it.
    checked_for: Option<CheckedFor>,
}

/// Two messages are equal when they set the same texts, whether checked or not.
impl PartialEq for Message {
    fn eq(&self, other: &Self) -> bool {
        self.email == other.email && self.sms == other.sms
    }
}

impl Eq for Message {}

/// The values of a [`MessageContext`], kept with a checked message so that the core does not
/// check it a second time for the same request.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CheckedFor {
    code_parameter: Option<String>,
    username_parameter: Option<String>,
    user_name: String,
    admin_create_user: bool,
}

impl CheckedFor {
    fn of(context: &MessageContext<'_>) -> Self {
        Self {
            code_parameter: context.code_parameter.map(str::to_owned),
            username_parameter: context.username_parameter.map(str::to_owned),
            user_name: context.user_name.to_owned(),
            admin_create_user: context.admin_create_user,
        }
    }

    fn matches(&self, context: &MessageContext<'_>) -> bool {
        self.code_parameter.as_deref() == context.code_parameter
            && self.username_parameter.as_deref() == context.username_parameter
            && self.user_name == context.user_name
            && self.admin_create_user == context.admin_create_user
    }
}

impl Message {
    /// Sets the email subject and body.
    pub fn email(mut self, subject: impl Into<String>, body: impl Into<String>) -> Self {
        self.email = Some(Email {
            subject: subject.into(),
            body: body.into(),
        });
        self.checked_for = None;
        self
    }

    /// Sets the SMS text.
    pub fn sms(mut self, text: impl Into<String>) -> Self {
        self.sms = Some(text.into());
        self.checked_for = None;
        self
    }

    /// Keeps Cognito's own email.
    pub fn without_email(mut self) -> Self {
        self.email = None;
        self
    }

    /// Keeps Cognito's own SMS.
    pub fn without_sms(mut self) -> Self {
        self.sms = None;
        self
    }

    /// The email, when one is set.
    pub fn email_message(&self) -> Option<&Email> {
        self.email.as_ref()
    }

    /// The SMS text, when one is set.
    pub fn sms_message(&self) -> Option<&str> {
        self.sms.as_deref()
    }

    /// Whether every channel keeps Cognito's message.
    pub fn is_default(&self) -> bool {
        self.email.is_none() && self.sms.is_none()
    }

    /// Each channel this message sets, checked against Cognito's rules for a request (see
    /// [`MessageRequest::rules`]): the message with every breaking channel reset to Cognito's
    /// own, and what broke (subject and body each report their own violation; either drops the
    /// email). The core checks every hook's message this way before returning it, unless the
    /// hook returns one already checked for the same request.
    pub fn checked(
        mut self,
        context: &MessageContext<'_>,
    ) -> (Self, Vec<(Channel, crate::rules::Violation)>) {
        let mut broken = Vec::new();
        if let Some(email) = &self.email {
            let before = broken.len();
            for (channel, text) in [
                (Channel::Subject, &email.subject),
                (Channel::Email, &email.body),
            ] {
                if let Err(violation) = check_message(channel, text, context) {
                    broken.push((channel, violation));
                }
            }
            if broken.len() > before {
                self.email = None;
            }
        }
        if let Some(sms) = &self.sms
            && let Err(violation) = check_message(Channel::Sms, sms, context)
        {
            broken.push((Channel::Sms, violation));
            self.sms = None;
        }
        self.checked_for = Some(CheckedFor::of(context));
        (self, broken)
    }

    /// Whether [`checked`](Message::checked) passed this message for `context`, and no channel
    /// was set since.
    fn is_checked_for(&self, context: &MessageContext<'_>) -> bool {
        self.checked_for
            .as_ref()
            .is_some_and(|checked| checked.matches(context))
    }
}

impl Decision<CustomMessageEvent> for Message {
    fn write_to(self, event: &mut CustomMessageEvent) {
        if self.is_default() {
            return;
        }
        // The rules read the request in place: no view is built a second time.
        let request = event.request.as_option();
        let text = |pick: fn(&wire::Request) -> &Field<String>| {
            request.and_then(|request| pick(request).as_option().map(String::as_str))
        };
        let context = MessageContext {
            code_parameter: text(|request| &request.code_parameter),
            username_parameter: text(|request| &request.username_parameter),
            user_name: event.user_name(),
            admin_create_user: event.trigger_source == MessageSource::AdminCreateUser,
        };
        // A message the hook already checked for this request (the template function's) is
        // not checked twice.
        let (message, broken) = if self.is_checked_for(&context) {
            (self, Vec::new())
        } else {
            self.checked(&context)
        };
        for (channel, violation) in broken {
            tracing::warn!(
                trigger_source = %event.trigger_source,
                channel = %channel,
                rule = violation.rule(),
                detail = %violation,
                "custom message breaks a Cognito rule; keeping Cognito's own message on this channel"
            );
        }
        if message.is_default() {
            return;
        }
        let response = event.response.get_or_insert_default();
        if let Some(email) = message.email {
            response.email_subject = Field::Value(email.subject);
            response.email_message = Field::Value(email.body);
        }
        if let Some(sms) = message.sms {
            response.sms_message = Field::Value(sms);
        }
    }

    fn read_from(event: &CustomMessageEvent) -> Self {
        let Some(response) = event.response.as_option() else {
            return Self::default();
        };
        let email = match (
            response.email_subject.as_option(),
            response.email_message.as_option(),
        ) {
            (Some(subject), Some(body)) => Some(Email {
                subject: subject.clone(),
                body: body.clone(),
            }),
            _ => None,
        };
        Self {
            email,
            sms: response.sms_message.as_option().cloned(),
            checked_for: None,
        }
    }
}

/// A custom message hook: writes the messages Cognito sends with a code.
///
/// - **Decision:** a [`Message`], checked against Cognito's rules before it is returned; a
///   channel that breaks one keeps Cognito's own message (warn log with the rule).
/// - **Rejection or error:** fails the API call (`CustomMessage failed with error …`) and no
///   code is sent; prefer `Ok(Message::default())` when a message cannot be built.
/// - **Timeout:** past its [budget](crate::lifecycle::hook_budget) the event goes back
///   unchanged, so Cognito sends its own message and the user still gets a code.
///
/// ```
/// use cognito_triggers::custom_message::{CustomMessage, Message, MessageRequest};
/// use cognito_triggers::HookError;
///
/// /// A different SMS per app, chosen by the caller's `ClientMetadata.app`.
/// struct PerAppSms;
///
/// impl CustomMessage for PerAppSms {
///     async fn custom_message(&self, request: MessageRequest) -> Result<Message, HookError> {
///         let Some(code) = request.code_parameter() else { return Ok(Message::default()) };
///         Ok(match request.client_metadata().get("app").as_deref() {
///             Some("shop") => Message::default().sms(format!("Shop: your code is {code}")),
///             _ => Message::default(),
///         })
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    note = "implement the trait, or wrap an async closure in this module's `from_fn`"
)]
pub trait CustomMessage: Send + Sync + 'static {
    /// Writes the message for one request.
    fn custom_message(
        &self,
        request: MessageRequest,
    ) -> impl Future<Output = Result<Message, HookError>> + Send;
}

hook_glue!(CustomMessage::custom_message for CustomMessageEvent, MessageRequest => Message);

#[cfg(feature = "testing")]
impl crate::testing::builder::EventBuilder<CustomMessageEvent> {
    /// The code placeholder (`codeParameter`).
    pub fn code_parameter(self, placeholder: &str) -> Self {
        self.request_member("codeParameter", placeholder)
    }

    /// The username placeholder (`usernameParameter`).
    pub fn username_parameter(self, placeholder: &str) -> Self {
        self.request_member("usernameParameter", placeholder)
    }
}

#[cfg(feature = "testing")]
impl MessageRequest {
    /// A custom message event builder for `source`, from its sample event.
    pub fn builder(
        source: MessageSource,
    ) -> crate::testing::builder::EventBuilder<CustomMessageEvent> {
        crate::testing::builder::EventBuilder::new(source.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> CustomMessageEvent {
        let json = br#"{"triggerSource": "CustomMessage_ForgotPassword", "userName": "ana",
            "request": {"userAttributes": {}, "codeParameter": "{####}"}, "response": {}}"#;
        crate::decode_event(json).expect("event")
    }

    #[test]
    fn a_checked_message_is_checked_once_per_request_and_again_after_a_change() {
        let event = event();
        let context = MessageContext {
            code_parameter: Some("{####}"),
            user_name: "ana",
            ..MessageContext::default()
        };
        let (message, broken) = Message::default().sms("Code {####}").checked(&context);
        assert!(broken.is_empty() && message.is_checked_for(&context));
        let other = MessageContext {
            code_parameter: Some("####"),
            ..context
        };
        assert!(!message.is_checked_for(&other));
        assert!(!message.clone().sms("Code {####}").is_checked_for(&context));
        assert!(message.clone().without_email().is_checked_for(&context));

        // Changed after the check: the core checks again and keeps Cognito's SMS.
        let mut written = event.clone();
        message.sms("no code here").write_to(&mut written);
        assert_eq!(Message::read_from(&written), Message::default());

        // Checked for another request's placeholder: checked again for this one.
        let (foreign, broken) = Message::default().sms("Code ####").checked(&other);
        assert!(broken.is_empty());
        let mut written = event;
        foreign.write_to(&mut written);
        assert_eq!(Message::read_from(&written), Message::default());
    }
}
