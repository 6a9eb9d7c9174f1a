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

use crate::create_auth_challenge::{
    CreateAuthChallengeEvent, CreateChallengeRequest, CreateChallengeSource,
};
use crate::custom_message::{CustomMessageEvent, MessageRequest, MessageSource};
use crate::define_auth_challenge::{
    DefineAuthChallengeEvent, DefineChallengeRequest, DefineChallengeSource,
};
use crate::error::TriggerError;
use crate::inbound_federation::{FederationRequest, FederationSource, InboundFederationEvent};
use crate::lifecycle::{self, Decision, Event, Hook};
use crate::post_authentication::{PostAuthRequest, PostAuthSource, PostAuthenticationEvent};
use crate::post_confirmation::{ConfirmationRequest, ConfirmationSource, PostConfirmationEvent};
use crate::pre_authentication::{PreAuthRequest, PreAuthSource, PreAuthenticationEvent};
use crate::pre_sign_up::{PreSignUpEvent, SignUpRequest, SignUpSource};
use crate::pre_token_generation::{PreTokenGenerationEvent, TokenRequest, TokenSource};
use crate::user_migration::{MigrationRequest, MigrationSource, UserMigrationEvent};
use crate::verify_auth_challenge::{
    VerifyAuthChallengeEvent, VerifyChallengeRequest, VerifyChallengeSource,
};

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
    json: Map<String, Value>,
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

impl EventBuilder<CustomMessageEvent> {
    /// The code placeholder (`codeParameter`).
    pub fn code_parameter(self, placeholder: &str) -> Self {
        self.request_member("codeParameter", placeholder)
    }

    /// The username placeholder (`usernameParameter`).
    pub fn username_parameter(self, placeholder: &str) -> Self {
        self.request_member("usernameParameter", placeholder)
    }
}

impl EventBuilder<UserMigrationEvent> {
    /// The password typed at sign-in.
    pub fn password(self, password: &str) -> Self {
        self.request_member("password", password)
    }
}

impl EventBuilder<PreAuthenticationEvent> {
    /// Marks the user as not found (`userNotFound: true`).
    pub fn user_not_found(self) -> Self {
        self.request_member("userNotFound", true)
    }
}

impl EventBuilder<PostAuthenticationEvent> {
    /// `newDeviceUsed`; `None` removes it, as when the pool does not remember devices.
    pub fn new_device_used(self, used: Option<bool>) -> Self {
        match used {
            Some(used) => self.request_member("newDeviceUsed", used),
            None => self.without_request_member("newDeviceUsed"),
        }
    }
}

impl EventBuilder<PreTokenGenerationEvent> {
    /// The event `version` (`"1"`, `"2"`, `"3"`), with the request and response members of that
    /// version: `scopes` and `claimsAndScopeOverrideDetails` from 2 on, `claimsOverrideDetails`
    /// in 1.
    pub fn version(self, version: &str) -> Self {
        let mut builder = self.member("version", version);
        let (member, other) = if version == "1" {
            ("claimsOverrideDetails", "claimsAndScopeOverrideDetails")
        } else {
            ("claimsAndScopeOverrideDetails", "claimsOverrideDetails")
        };
        if version == "1" {
            builder = builder.without_request_member("scopes");
        }
        edit(&mut builder.json, "response", |response| {
            response.remove(other);
            response.insert(member.to_owned(), Value::Null);
        });
        builder
    }

    /// The requested scopes.
    pub fn scopes(self, scopes: &[&str]) -> Self {
        self.request_member("scopes", scopes.to_vec())
    }

    /// The user's groups (`groupConfiguration.groupsToOverride`).
    pub fn groups(self, groups: &[&str]) -> Self {
        let mut builder = self;
        edit(&mut builder.json, "request", |request| {
            edit(request, "groupConfiguration", |configuration| {
                configuration.insert("groupsToOverride".to_owned(), Value::from(groups.to_vec()));
            });
        });
        builder
    }
}

impl SignUpRequest {
    /// A pre sign-up event builder for `source`, from its sample event.
    pub fn builder(source: SignUpSource) -> EventBuilder<PreSignUpEvent> {
        EventBuilder::new(source.as_str())
    }
}

impl MessageRequest {
    /// A custom message event builder for `source`, from its sample event.
    pub fn builder(source: MessageSource) -> EventBuilder<CustomMessageEvent> {
        EventBuilder::new(source.as_str())
    }
}

impl ConfirmationRequest {
    /// A post confirmation event builder for `source`, from its sample event.
    pub fn builder(source: ConfirmationSource) -> EventBuilder<PostConfirmationEvent> {
        EventBuilder::new(source.as_str())
    }
}

impl PreAuthRequest {
    /// A pre authentication event builder, from its sample event.
    pub fn builder() -> EventBuilder<PreAuthenticationEvent> {
        EventBuilder::new(PreAuthSource::Authentication.as_str())
    }
}

impl PostAuthRequest {
    /// A post authentication event builder, from its sample event.
    pub fn builder() -> EventBuilder<PostAuthenticationEvent> {
        EventBuilder::new(PostAuthSource::Authentication.as_str())
    }
}

impl TokenRequest {
    /// A pre token generation event builder for `source`, from its sample event (version 2;
    /// version 3 for `ClientCredentials`); change it with [`EventBuilder::version`].
    pub fn builder(source: TokenSource) -> EventBuilder<PreTokenGenerationEvent> {
        EventBuilder::new(source.as_str())
    }
}

impl DefineChallengeRequest {
    /// A define auth challenge event builder, from its sample event (one failed custom
    /// challenge in the session).
    pub fn builder() -> EventBuilder<DefineAuthChallengeEvent> {
        EventBuilder::new(DefineChallengeSource::Authentication.as_str())
    }
}

impl CreateChallengeRequest {
    /// A create auth challenge event builder, from its sample event.
    pub fn builder() -> EventBuilder<CreateAuthChallengeEvent> {
        EventBuilder::new(CreateChallengeSource::Authentication.as_str())
    }
}

impl VerifyChallengeRequest {
    /// A verify auth challenge response event builder, from its sample event.
    pub fn builder() -> EventBuilder<VerifyAuthChallengeEvent> {
        EventBuilder::new(VerifyChallengeSource::Authentication.as_str())
    }
}

impl EventBuilder<DefineAuthChallengeEvent> {
    /// The session: `(challengeName, challengeResult)` pairs, oldest first; `&[]` is an empty
    /// session.
    pub fn session(self, steps: &[(&str, bool)]) -> Self {
        let session: Vec<Value> = steps
            .iter()
            .map(|(name, result)| {
                let mut step = Map::new();
                step.insert("challengeName".to_owned(), Value::from(*name));
                step.insert("challengeResult".to_owned(), Value::from(*result));
                Value::Object(step)
            })
            .collect();
        self.request_member("session", session)
    }
}

impl EventBuilder<VerifyAuthChallengeEvent> {
    /// The user's answer (`challengeAnswer`).
    pub fn answer(self, answer: &str) -> Self {
        self.request_member("challengeAnswer", answer)
    }

    /// One private challenge parameter.
    pub fn private_parameter(self, name: &str, value: &str) -> Self {
        self.request_entry("privateChallengeParameters", name, value)
    }
}

impl FederationRequest {
    /// An inbound federation event builder, from its (OIDC) sample event.
    pub fn builder() -> EventBuilder<InboundFederationEvent> {
        EventBuilder::new(FederationSource::ExternalProvider.as_str())
    }
}

impl EventBuilder<InboundFederationEvent> {
    /// One provider attribute in `request.attributes.<kind>` (`idToken`, `userInfo`,
    /// `samlResponse`, `tokenResponse`).
    pub fn provider_attribute(mut self, kind: &str, name: &str, value: &str) -> Self {
        edit(&mut self.json, "request", |request| {
            edit(request, "attributes", |attributes| {
                edit(attributes, kind, |entries| {
                    entries.insert(name.to_owned(), Value::from(value));
                });
            });
        });
        self
    }
}

impl MigrationRequest {
    /// A user migration event builder for `source`, from its sample event.
    pub fn builder(source: MigrationSource) -> EventBuilder<UserMigrationEvent> {
        EventBuilder::new(source.as_str())
    }
}

/// Edits the object member `name` of `map`, which becomes an empty object first when it is
/// absent, `null` or not an object.
fn edit(map: &mut Map<String, Value>, name: &str, change: impl FnOnce(&mut Map<String, Value>)) {
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

impl crate::custom_sender::EmailSenderRequest {
    /// A custom email sender event builder for `source`, from a sample event where there is one.
    /// Turn it into the hook's view with [`EventBuilder::decrypted`].
    pub fn builder(
        source: crate::event::EmailSenderSource,
    ) -> EventBuilder<crate::custom_email_sender::CustomEmailSenderEvent> {
        EventBuilder::new(source.as_str())
    }
}

impl crate::custom_sender::SmsSenderRequest {
    /// A custom SMS sender event builder for `source`, from a sample event where there is one.
    pub fn builder(
        source: crate::event::SmsSenderSource,
    ) -> EventBuilder<crate::custom_sms_sender::CustomSmsSenderEvent> {
        EventBuilder::new(source.as_str())
    }
}

impl<S>
    EventBuilder<
        crate::TriggerEvent<S, crate::custom_sender::wire::Request, crate::event::EmptyResponse>,
    >
where
    S: crate::custom_sender::SenderSource + serde::de::DeserializeOwned + serde::Serialize,
    crate::TriggerEvent<S, crate::custom_sender::wire::Request, crate::event::EmptyResponse>:
        Event<Request = crate::custom_sender::SealedRequest<S>>,
{
    /// The hook's view of the event with its code "decrypted" to `code` (`None`: no code), as
    /// the framework hands it over (a temporary password HTML-unescaped). No KMS involved.
    ///
    /// ```
    /// use cognito_triggers::custom_email_sender::{EmailSenderRequest, EmailSenderSource};
    ///
    /// let request = EmailSenderRequest::builder(EmailSenderSource::ForgotPassword)
    ///     .attribute("email", "lena@example.com")
    ///     .decrypted(Some("482913"));
    /// assert_eq!(request.code().map(|code| code.expose()), Some("482913"));
    /// ```
    pub fn decrypted(&self, code: Option<&str>) -> crate::custom_sender::SenderRequest<S> {
        self.request().with_plaintext(code.map(crate::Secret::new))
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
