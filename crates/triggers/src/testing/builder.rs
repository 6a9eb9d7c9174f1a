//! [`EventBuilder`] and the sample events it starts from: what each trigger module's
//! `builder()` returns. It knows no trigger module, so every one of them can use it.

use std::marker::PhantomData;

use lambda_runtime::{Context, LambdaEvent};
use serde_json::{Map, Value};

use crate::lifecycle::Event;

/// The sample event of every trigger source this crate knows, as Cognito sends it (for the
/// custom senders, a few sources, their codes encrypted under an emulator's KMS key): the same
/// files as the workspace's `events/` directory.
pub const SAMPLES: &[(&str, &str)] = &[
    (
        "PreSignUp_SignUp",
        include_str!("../../samples/PreSignUp_SignUp.json"),
    ),
    (
        "PreSignUp_AdminCreateUser",
        include_str!("../../samples/PreSignUp_AdminCreateUser.json"),
    ),
    (
        "PreSignUp_ExternalProvider",
        include_str!("../../samples/PreSignUp_ExternalProvider.json"),
    ),
    (
        "CustomMessage_SignUp",
        include_str!("../../samples/CustomMessage_SignUp.json"),
    ),
    (
        "CustomMessage_AdminCreateUser",
        include_str!("../../samples/CustomMessage_AdminCreateUser.json"),
    ),
    (
        "CustomMessage_ResendCode",
        include_str!("../../samples/CustomMessage_ResendCode.json"),
    ),
    (
        "CustomMessage_ForgotPassword",
        include_str!("../../samples/CustomMessage_ForgotPassword.json"),
    ),
    (
        "CustomMessage_UpdateUserAttribute",
        include_str!("../../samples/CustomMessage_UpdateUserAttribute.json"),
    ),
    (
        "CustomMessage_VerifyUserAttribute",
        include_str!("../../samples/CustomMessage_VerifyUserAttribute.json"),
    ),
    (
        "CustomMessage_Authentication",
        include_str!("../../samples/CustomMessage_Authentication.json"),
    ),
    (
        "UserMigration_Authentication",
        include_str!("../../samples/UserMigration_Authentication.json"),
    ),
    (
        "UserMigration_ForgotPassword",
        include_str!("../../samples/UserMigration_ForgotPassword.json"),
    ),
    (
        "PostConfirmation_ConfirmSignUp",
        include_str!("../../samples/PostConfirmation_ConfirmSignUp.json"),
    ),
    (
        "PostConfirmation_ConfirmForgotPassword",
        include_str!("../../samples/PostConfirmation_ConfirmForgotPassword.json"),
    ),
    (
        "PreAuthentication_Authentication",
        include_str!("../../samples/PreAuthentication_Authentication.json"),
    ),
    (
        "PostAuthentication_Authentication",
        include_str!("../../samples/PostAuthentication_Authentication.json"),
    ),
    (
        "TokenGeneration_HostedAuth",
        include_str!("../../samples/TokenGeneration_HostedAuth.json"),
    ),
    (
        "TokenGeneration_Authentication",
        include_str!("../../samples/TokenGeneration_Authentication.json"),
    ),
    (
        "TokenGeneration_NewPasswordChallenge",
        include_str!("../../samples/TokenGeneration_NewPasswordChallenge.json"),
    ),
    (
        "TokenGeneration_AuthenticateDevice",
        include_str!("../../samples/TokenGeneration_AuthenticateDevice.json"),
    ),
    (
        "TokenGeneration_RefreshTokens",
        include_str!("../../samples/TokenGeneration_RefreshTokens.json"),
    ),
    (
        "TokenGeneration_ClientCredentials",
        include_str!("../../samples/TokenGeneration_ClientCredentials.json"),
    ),
    (
        "DefineAuthChallenge_Authentication",
        include_str!("../../samples/DefineAuthChallenge_Authentication.json"),
    ),
    (
        "CreateAuthChallenge_Authentication",
        include_str!("../../samples/CreateAuthChallenge_Authentication.json"),
    ),
    (
        "VerifyAuthChallengeResponse_Authentication",
        include_str!("../../samples/VerifyAuthChallengeResponse_Authentication.json"),
    ),
    (
        "InboundFederation_ExternalProvider",
        include_str!("../../samples/InboundFederation_ExternalProvider.json"),
    ),
    (
        "CustomEmailSender_ForgotPassword",
        include_str!("../../samples/CustomEmailSender_ForgotPassword.json"),
    ),
    (
        "CustomEmailSender_AdminCreateUser",
        include_str!("../../samples/CustomEmailSender_AdminCreateUser.json"),
    ),
    (
        "CustomEmailSender_AccountTakeOverNotification",
        include_str!("../../samples/CustomEmailSender_AccountTakeOverNotification.json"),
    ),
    (
        "CustomSMSSender_SignUp",
        include_str!("../../samples/CustomSMSSender_SignUp.json"),
    ),
    (
        "CustomEmailSender_SignUp",
        include_str!("../../samples/CustomEmailSender_SignUp.json"),
    ),
    (
        "CustomEmailSender_ResendCode",
        include_str!("../../samples/CustomEmailSender_ResendCode.json"),
    ),
    (
        "CustomEmailSender_UpdateUserAttribute",
        include_str!("../../samples/CustomEmailSender_UpdateUserAttribute.json"),
    ),
    (
        "CustomEmailSender_VerifyUserAttribute",
        include_str!("../../samples/CustomEmailSender_VerifyUserAttribute.json"),
    ),
    (
        "CustomEmailSender_Authentication",
        include_str!("../../samples/CustomEmailSender_Authentication.json"),
    ),
    (
        "CustomSMSSender_ResendCode",
        include_str!("../../samples/CustomSMSSender_ResendCode.json"),
    ),
    (
        "CustomSMSSender_ForgotPassword",
        include_str!("../../samples/CustomSMSSender_ForgotPassword.json"),
    ),
    (
        "CustomSMSSender_UpdateUserAttribute",
        include_str!("../../samples/CustomSMSSender_UpdateUserAttribute.json"),
    ),
    (
        "CustomSMSSender_VerifyUserAttribute",
        include_str!("../../samples/CustomSMSSender_VerifyUserAttribute.json"),
    ),
    (
        "CustomSMSSender_AdminCreateUser",
        include_str!("../../samples/CustomSMSSender_AdminCreateUser.json"),
    ),
    (
        "CustomSMSSender_Authentication",
        include_str!("../../samples/CustomSMSSender_Authentication.json"),
    ),
    (
        "CustomSMSSender_AccountTakeOverNotification",
        include_str!("../../samples/CustomSMSSender_AccountTakeOverNotification.json"),
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
