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

use std::marker::PhantomData;

use lambda_runtime::{Context, LambdaEvent};
use serde_json::{Map, Value};

use crate::error::TriggerError;
use crate::lifecycle::{self, Decision, Event, Hook};

/// The sample event of every trigger source this crate knows, as Cognito sends it (for the
/// custom senders, a few sources, their codes encrypted under an emulator's KMS key): the same
/// files as the workspace's `events/` directory.
pub const SAMPLES: &[(&str, &str)] = &[
    (
        "PreSignUp_SignUp",
        include_str!("../samples/PreSignUp_SignUp.json"),
    ),
    (
        "PreSignUp_AdminCreateUser",
        include_str!("../samples/PreSignUp_AdminCreateUser.json"),
    ),
    (
        "PreSignUp_ExternalProvider",
        include_str!("../samples/PreSignUp_ExternalProvider.json"),
    ),
    (
        "CustomMessage_SignUp",
        include_str!("../samples/CustomMessage_SignUp.json"),
    ),
    (
        "CustomMessage_AdminCreateUser",
        include_str!("../samples/CustomMessage_AdminCreateUser.json"),
    ),
    (
        "CustomMessage_ResendCode",
        include_str!("../samples/CustomMessage_ResendCode.json"),
    ),
    (
        "CustomMessage_ForgotPassword",
        include_str!("../samples/CustomMessage_ForgotPassword.json"),
    ),
    (
        "CustomMessage_UpdateUserAttribute",
        include_str!("../samples/CustomMessage_UpdateUserAttribute.json"),
    ),
    (
        "CustomMessage_VerifyUserAttribute",
        include_str!("../samples/CustomMessage_VerifyUserAttribute.json"),
    ),
    (
        "CustomMessage_Authentication",
        include_str!("../samples/CustomMessage_Authentication.json"),
    ),
    (
        "UserMigration_Authentication",
        include_str!("../samples/UserMigration_Authentication.json"),
    ),
    (
        "UserMigration_ForgotPassword",
        include_str!("../samples/UserMigration_ForgotPassword.json"),
    ),
    (
        "PostConfirmation_ConfirmSignUp",
        include_str!("../samples/PostConfirmation_ConfirmSignUp.json"),
    ),
    (
        "PostConfirmation_ConfirmForgotPassword",
        include_str!("../samples/PostConfirmation_ConfirmForgotPassword.json"),
    ),
    (
        "PreAuthentication_Authentication",
        include_str!("../samples/PreAuthentication_Authentication.json"),
    ),
    (
        "PostAuthentication_Authentication",
        include_str!("../samples/PostAuthentication_Authentication.json"),
    ),
    (
        "TokenGeneration_HostedAuth",
        include_str!("../samples/TokenGeneration_HostedAuth.json"),
    ),
    (
        "TokenGeneration_Authentication",
        include_str!("../samples/TokenGeneration_Authentication.json"),
    ),
    (
        "TokenGeneration_NewPasswordChallenge",
        include_str!("../samples/TokenGeneration_NewPasswordChallenge.json"),
    ),
    (
        "TokenGeneration_AuthenticateDevice",
        include_str!("../samples/TokenGeneration_AuthenticateDevice.json"),
    ),
    (
        "TokenGeneration_RefreshTokens",
        include_str!("../samples/TokenGeneration_RefreshTokens.json"),
    ),
    (
        "TokenGeneration_ClientCredentials",
        include_str!("../samples/TokenGeneration_ClientCredentials.json"),
    ),
    (
        "DefineAuthChallenge_Authentication",
        include_str!("../samples/DefineAuthChallenge_Authentication.json"),
    ),
    (
        "CreateAuthChallenge_Authentication",
        include_str!("../samples/CreateAuthChallenge_Authentication.json"),
    ),
    (
        "VerifyAuthChallengeResponse_Authentication",
        include_str!("../samples/VerifyAuthChallengeResponse_Authentication.json"),
    ),
    (
        "InboundFederation_ExternalProvider",
        include_str!("../samples/InboundFederation_ExternalProvider.json"),
    ),
    (
        "CustomEmailSender_ForgotPassword",
        include_str!("../samples/CustomEmailSender_ForgotPassword.json"),
    ),
    (
        "CustomEmailSender_AdminCreateUser",
        include_str!("../samples/CustomEmailSender_AdminCreateUser.json"),
    ),
    (
        "CustomEmailSender_AccountTakeOverNotification",
        include_str!("../samples/CustomEmailSender_AccountTakeOverNotification.json"),
    ),
    (
        "CustomSMSSender_SignUp",
        include_str!("../samples/CustomSMSSender_SignUp.json"),
    ),
    (
        "CustomEmailSender_SignUp",
        include_str!("../samples/CustomEmailSender_SignUp.json"),
    ),
    (
        "CustomEmailSender_ResendCode",
        include_str!("../samples/CustomEmailSender_ResendCode.json"),
    ),
    (
        "CustomEmailSender_UpdateUserAttribute",
        include_str!("../samples/CustomEmailSender_UpdateUserAttribute.json"),
    ),
    (
        "CustomEmailSender_VerifyUserAttribute",
        include_str!("../samples/CustomEmailSender_VerifyUserAttribute.json"),
    ),
    (
        "CustomEmailSender_Authentication",
        include_str!("../samples/CustomEmailSender_Authentication.json"),
    ),
    (
        "CustomSMSSender_ResendCode",
        include_str!("../samples/CustomSMSSender_ResendCode.json"),
    ),
    (
        "CustomSMSSender_ForgotPassword",
        include_str!("../samples/CustomSMSSender_ForgotPassword.json"),
    ),
    (
        "CustomSMSSender_UpdateUserAttribute",
        include_str!("../samples/CustomSMSSender_UpdateUserAttribute.json"),
    ),
    (
        "CustomSMSSender_VerifyUserAttribute",
        include_str!("../samples/CustomSMSSender_VerifyUserAttribute.json"),
    ),
    (
        "CustomSMSSender_AdminCreateUser",
        include_str!("../samples/CustomSMSSender_AdminCreateUser.json"),
    ),
    (
        "CustomSMSSender_Authentication",
        include_str!("../samples/CustomSMSSender_Authentication.json"),
    ),
    (
        "CustomSMSSender_AccountTakeOverNotification",
        include_str!("../samples/CustomSMSSender_AccountTakeOverNotification.json"),
    ),
];

/// The sample event of `trigger_source` as JSON text, e.g. `sample("PreSignUp_SignUp")`.
pub fn sample(trigger_source: &str) -> Option<&'static str> {
    SAMPLES
        .iter()
        .find(|(source, _)| *source == trigger_source)
        .map(|(_, json)| *json)
}

/// Builds an event of type `E`, starting from the sample of its trigger source (or, for a source
/// without one, a bare event), so that only what a test cares about needs saying.
///
/// `EventBuilder<serde_json::Value>` builds untyped events of any trigger (what the
/// `cognito-triggers events new` command prints); the typed methods need an event type.
#[derive(Clone, Debug)]
pub struct EventBuilder<E> {
    pub(crate) json: Map<String, Value>,
    event: PhantomData<fn() -> E>,
}

impl<E> EventBuilder<E> {
    /// An event for `trigger_source`.
    pub fn new(trigger_source: &str) -> Self {
        let json = sample(trigger_source)
            .and_then(|text| serde_json::from_str::<Map<String, Value>>(text).ok())
            .unwrap_or_else(|| {
                let mut bare = Map::new();
                bare.insert("version".to_owned(), Value::from("1"));
                bare.insert("triggerSource".to_owned(), Value::from(trigger_source));
                bare
            });
        Self {
            json,
            event: PhantomData,
        }
    }

    /// Sets a top-level member, e.g. `userName`.
    pub fn member(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.json.insert(name.to_owned(), value.into());
        self
    }

    /// Sets a member of `request`; `Value::Null` sends it as `null`.
    pub fn request_member(mut self, name: &str, value: impl Into<Value>) -> Self {
        edit(&mut self.json, "request", |request| {
            request.insert(name.to_owned(), value.into());
        });
        self
    }

    /// Sets one entry of a string map in `request` (`userAttributes`, `clientMetadata`,
    /// `validationData`), creating the map if it is absent or `null`.
    pub fn request_entry(mut self, map: &str, name: &str, value: &str) -> Self {
        edit(&mut self.json, "request", |request| {
            edit(request, map, |entries| {
                entries.insert(name.to_owned(), Value::from(value));
            });
        });
        self
    }

    /// Removes a member of `request`, as when Cognito does not send it.
    pub fn without_request_member(mut self, name: &str) -> Self {
        edit(&mut self.json, "request", |request| {
            request.remove(name);
        });
        self
    }

    /// The user name (`userName`).
    pub fn user_name(self, name: &str) -> Self {
        self.member("userName", name)
    }

    /// The user pool ID.
    pub fn user_pool_id(self, id: &str) -> Self {
        self.member("userPoolId", id)
    }

    /// The app client ID (`callerContext.clientId`).
    pub fn client_id(mut self, id: &str) -> Self {
        edit(&mut self.json, "callerContext", |context| {
            context.insert("clientId".to_owned(), Value::from(id));
        });
        self
    }

    /// One `clientMetadata` entry.
    pub fn client_metadata(self, name: &str, value: &str) -> Self {
        self.request_entry("clientMetadata", name, value)
    }

    /// One user attribute (`request.userAttributes`).
    pub fn attribute(self, name: &str, value: &str) -> Self {
        self.request_entry("userAttributes", name, value)
    }

    /// One `validationData` entry (pre sign-up, pre authentication, user migration).
    pub fn validation_data(self, name: &str, value: &str) -> Self {
        self.request_entry("validationData", name, value)
    }

    /// The event as JSON.
    pub fn json(&self) -> Value {
        Value::Object(self.json.clone())
    }
}

impl<E: Event> EventBuilder<E> {
    /// The typed event.
    ///
    /// # Panics
    ///
    /// When a member set through [`EventBuilder::member`] or
    /// [`EventBuilder::request_member`] has a type the event cannot hold.
    pub fn event(&self) -> E {
        match serde_json::from_value(self.json()) {
            Ok(event) => event,
            Err(error) => panic!("the built event does not decode: {error}"),
        }
    }

    /// The request view a hook receives.
    pub fn request(&self) -> E::Request {
        self.event().request()
    }

    /// The event as the Lambda runtime hands it over, with no deadline.
    pub fn lambda_event(&self) -> LambdaEvent<E> {
        LambdaEvent::new(self.event(), Context::default())
    }
}

/// Edits the object member `name` of `map`, which becomes an empty object first when it is
/// absent, `null` or not an object.
pub(crate) fn edit(
    map: &mut Map<String, Value>,
    name: &str,
    change: impl FnOnce(&mut Map<String, Value>),
) {
    let mut object = match map.remove(name) {
        Some(Value::Object(object)) => object,
        _ => Map::new(),
    };
    change(&mut object);
    map.insert(name.to_owned(), Value::Object(object));
}

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
