//! The custom message trigger: write the email and SMS that carry a code.
//!
//! Implement [`CustomMessage`] (or wrap an async closure in [`custom_message_fn`]) and hand it to
//! [`run`]. The hook gets a [`MessageRequest`] and returns a [`Message`]; a channel left `None`
//! keeps Cognito's own message for that channel.
//!
//! ```no_run
//! use cognito_triggers::custom_message::{self, Message, MessageRequest, MessageSource};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     custom_message::run(custom_message::custom_message_fn(|request: MessageRequest| async move {
//!         let code = request.code_parameter().unwrap_or("{####}").to_owned();
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

use std::borrow::Cow;
use std::fmt;
use std::future::Future;

use lambda_runtime::LambdaEvent;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::deadline::{self, Outcome};
use crate::error::{HookError, TriggerError};
pub use crate::event::MessageSource;
use crate::event::{Trigger, TriggerEvent};
use crate::invocation::{Invocation, invocation_accessors};
use crate::{AttributeMap, Field};

/// A custom message event as Cognito sends it.
pub type CustomMessageEvent =
    TriggerEvent<MessageSource, CustomMessageRequest, CustomMessageResponse>;

/// `request` of a custom message event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomMessageRequest {
    /// The user's current attributes.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_attributes: Field<AttributeMap>,
    /// The code placeholder Cognito replaces (`{####}`; `####` in old events). For
    /// `AdminCreateUser` it stands for the temporary password.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub code_parameter: Field<String>,
    /// The verification link placeholder (`{##Click Here##}`), for link-type verification.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub link_parameter: Field<String>,
    /// The username placeholder (`{username}`), set for `AdminCreateUser` only.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub username_parameter: Field<String>,
    /// `ClientMetadata` of the API call; absent when none was sent (and for sign-in MFA).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub client_metadata: Field<AttributeMap>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `response` of a custom message event; `null` means "the pool's own message".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomMessageResponse {
    /// The SMS body; must contain the code placeholder, at most 140 characters.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub sms_message: Field<String>,
    /// The email body (HTML allowed); must contain the code placeholder, at most 20,000 characters.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub email_message: Field<String>,
    /// The email subject, 1–140 characters.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub email_subject: Field<String>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a custom message hook sees: an owned view of the request.
#[derive(Clone, Debug)]
pub struct MessageRequest {
    source: MessageSource,
    invocation: Invocation,
    user_attributes: AttributeMap,
    client_metadata: AttributeMap,
    code_parameter: Option<String>,
    link_parameter: Option<String>,
    username_parameter: Option<String>,
}

impl MessageRequest {
    /// The view of `event`'s request.
    pub fn from_event(event: &CustomMessageEvent) -> Self {
        let request = event.request.as_option();
        let text = |pick: fn(&CustomMessageRequest) -> &Field<String>| {
            request.and_then(|request| pick(request).as_option().cloned())
        };
        let map = |pick: fn(&CustomMessageRequest) -> &Field<AttributeMap>| {
            request
                .and_then(|request| pick(request).as_option().cloned())
                .unwrap_or_default()
        };
        Self {
            source: event.trigger_source.clone(),
            invocation: Invocation::of(event),
            user_attributes: map(|request| &request.user_attributes),
            client_metadata: map(|request| &request.client_metadata),
            code_parameter: text(|request| &request.code_parameter),
            link_parameter: text(|request| &request.link_parameter),
            username_parameter: text(|request| &request.username_parameter),
        }
    }

    /// Which message is due.
    pub fn source(&self) -> &MessageSource {
        &self.source
    }

    invocation_accessors!();

    /// The user's attributes.
    pub fn user_attributes(&self) -> &AttributeMap {
        &self.user_attributes
    }

    /// One user attribute as text, e.g. `attribute("given_name")`.
    pub fn attribute(&self, name: &str) -> Option<Cow<'_, str>> {
        self.user_attributes.get(name)
    }

    /// The `email` attribute.
    pub fn email(&self) -> Option<Cow<'_, str>> {
        self.attribute("email")
    }

    /// The `phone_number` attribute.
    pub fn phone_number(&self) -> Option<Cow<'_, str>> {
        self.attribute("phone_number")
    }

    /// `ClientMetadata` of the call (empty when none was sent). Client-controlled: escape it.
    pub fn client_metadata(&self) -> &AttributeMap {
        &self.client_metadata
    }

    /// The code placeholder to put in every message, exactly as Cognito sent it.
    pub fn code_parameter(&self) -> Option<&str> {
        self.code_parameter.as_deref()
    }

    /// The username placeholder (`AdminCreateUser` only).
    pub fn username_parameter(&self) -> Option<&str> {
        self.username_parameter.as_deref()
    }

    /// The verification link placeholder, when Cognito sent one.
    pub fn link_parameter(&self) -> Option<&str> {
        self.link_parameter.as_deref()
    }
}

/// A custom message hook's decision: the text per channel. `None` keeps Cognito's own message for
/// that channel, so `Message::default()` changes nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Message {
    /// The email subject.
    pub email_subject: Option<String>,
    /// The email body (HTML allowed).
    pub email_message: Option<String>,
    /// The SMS body.
    pub sms_message: Option<String>,
}

impl Message {
    /// Keep Cognito's own message on every channel.
    pub fn keep_default() -> Self {
        Self::default()
    }

    /// Sets the email subject and body.
    pub fn email(mut self, subject: impl Into<String>, body: impl Into<String>) -> Self {
        self.email_subject = Some(subject.into());
        self.email_message = Some(body.into());
        self
    }

    /// Sets the SMS body.
    pub fn sms(mut self, body: impl Into<String>) -> Self {
        self.sms_message = Some(body.into());
        self
    }

    /// Whether every channel keeps Cognito's message.
    pub fn is_default(&self) -> bool {
        self.email_subject.is_none() && self.email_message.is_none() && self.sms_message.is_none()
    }
}

/// A custom message hook: writes the messages Cognito sends with a code.
///
/// One required method. When the hook runs past its [time budget](crate::deadline::hook_budget),
/// Cognito's default message is kept (the event is returned unchanged) so the user still gets a
/// code. An error fails the API call (`CustomMessage failed with error …`); prefer returning
/// `Message::default()` when a message cannot be built.
#[diagnostic::on_unimplemented(
    note = "implement `CustomMessage`, or wrap an async closure in `custom_message_fn`"
)]
pub trait CustomMessage: Send + Sync + 'static {
    /// Writes the message for one request.
    fn custom_message(
        &self,
        request: MessageRequest,
    ) -> impl Future<Output = Result<Message, HookError>> + Send;
}

/// A [`CustomMessage`] hook made from an async closure; see [`custom_message_fn`].
#[derive(Clone, Copy)]
pub struct CustomMessageFn<F>(F);

/// Makes a [`CustomMessage`] hook from an async closure taking a [`MessageRequest`].
pub fn custom_message_fn<F, Fut>(f: F) -> CustomMessageFn<F>
where
    F: Fn(MessageRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Message, HookError>> + Send,
{
    CustomMessageFn(f)
}

impl<F, Fut> CustomMessage for CustomMessageFn<F>
where
    F: Fn(MessageRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Message, HookError>> + Send,
{
    fn custom_message(
        &self,
        request: MessageRequest,
    ) -> impl Future<Output = Result<Message, HookError>> + Send {
        (self.0)(request)
    }
}

impl<F> fmt::Debug for CustomMessageFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CustomMessageFn")
    }
}

/// A hook that keeps Cognito's default message on every channel.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeepDefault;

impl CustomMessage for KeepDefault {
    async fn custom_message(&self, _request: MessageRequest) -> Result<Message, HookError> {
        Ok(Message::keep_default())
    }
}

/// Runs `hook` on one event and returns the event with `response` filled in, without the Lambda
/// runtime. Channels the hook leaves `None` keep what Cognito sent (normally `null`).
///
/// # Errors
///
/// [`TriggerError::Rejected`] or [`TriggerError::HookFailed`] when the hook returned an error.
/// Running past the budget is not an error: the event comes back unchanged.
pub async fn handle<H: CustomMessage + ?Sized>(
    hook: &H,
    event: LambdaEvent<CustomMessageEvent>,
) -> Result<CustomMessageEvent, TriggerError> {
    let (mut event, context) = event.into_parts();
    let request = MessageRequest::from_event(&event);
    let source = event.trigger_source.clone();
    let hook_run = hook.custom_message(request);
    let message =
        match deadline::run_hook(Trigger::CustomMessage, &source, &context, hook_run).await? {
            Outcome::Decided(message) => message,
            Outcome::OutOfTime(budget) => {
                tracing::warn!(
                    trigger_source = %source,
                    budget_ms = budget.as_millis(),
                    "custom message hook ran out of time; keeping Cognito's default message"
                );
                return Ok(event);
            }
        };
    if !message.is_default() {
        let response = event.response.get_or_insert_default();
        response.email_subject.set_if_some(message.email_subject);
        response.email_message.set_if_some(message.email_message);
        response.sms_message.set_if_some(message.sms_message);
    }
    tracing::debug!(trigger_source = %event.trigger_source, "custom message written");
    Ok(event)
}

/// Serves `hook` as a Lambda function: JSON logs for CloudWatch, one event at a time.
///
/// # Errors
///
/// When the Lambda runtime API cannot be reached (for example outside Lambda).
pub async fn run<H: CustomMessage>(hook: H) -> Result<(), crate::Error> {
    crate::runtime::serve(Trigger::CustomMessage, hook, |hook, event| async move {
        handle(hook.as_ref(), event).await
    })
    .await
}
