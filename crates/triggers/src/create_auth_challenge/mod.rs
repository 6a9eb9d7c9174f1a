//! The create auth challenge trigger: make the custom challenge define auth challenge asked for
//! (e.g. mail a one-time code), with public parameters for the app and private ones, secrets,
//! for verify auth challenge.
//!
//! ```no_run
//! use cognito_triggers::create_auth_challenge::{self, Challenge, CreateChallengeRequest};
//! use cognito_triggers::Secret;
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     create_auth_challenge::run(create_auth_challenge::from_fn(|_request: CreateChallengeRequest| async move {
//!         let code = Secret::new("482913"); // generate and mail it in a real function
//!         Ok(Challenge::default().public("delivery", "EMAIL").private("code", code).metadata("EMAIL_CODE"))
//!     }))
//!     .await
//! }
//! ```

pub mod wire;

use std::collections::BTreeMap;
use std::future::Future;

use crate::HookError;
use crate::define_auth_challenge::{Attempt, ChallengeName, attempts};
use crate::event::TriggerEvent;
use crate::event::{Trigger, trigger_sources};
use crate::glue::hook_glue;
use crate::lifecycle::{Decision, Event, OnTimeout};
use crate::view::{UserContext, request_flag, user_view};
use crate::{AttributeMap, Field, Secret};

trigger_sources! {
    /// Why the create auth challenge trigger fired.
    CreateChallengeSource, "CreateAuthChallenge" {
        /// `CreateAuthChallenge_Authentication`: a custom challenge is needed.
        Authentication => "CreateAuthChallenge_Authentication",
    }
}

/// Challenge parameters whose values are [`Secret`]s: redacted in `Debug`, logs and errors,
/// written to the event as plain strings.
pub type SecretMap = BTreeMap<String, Secret>;

/// A create auth challenge event as Cognito sends it.
pub type CreateAuthChallengeEvent =
    TriggerEvent<CreateChallengeSource, wire::Request, wire::Response>;

impl Event for CreateAuthChallengeEvent {
    const TRIGGER: Trigger = Trigger::CreateAuthChallenge;
    const ON_TIMEOUT: OnTimeout = OnTimeout::Fail;
    type Request = CreateChallengeRequest;
    type Decision = Challenge;

    fn request(&self) -> CreateChallengeRequest {
        let request = self.request.as_option();
        CreateChallengeRequest {
            user: UserContext::of(self, |r| &r.user_attributes, |r| &r.client_metadata),
            challenge_name: request
                .and_then(|request| request.challenge_name.as_option().cloned())
                .unwrap_or_else(|| ChallengeName::Other(String::new())),
            session: request.map_or_else(Vec::new, |request| attempts(&request.session)),
            user_not_found: request_flag(request, |r| &r.user_not_found),
        }
    }

    fn source(&self) -> &str {
        self.trigger_source.as_str()
    }
}

/// What a create auth challenge hook sees: an owned view of the request.
#[derive(Clone, Debug)]
pub struct CreateChallengeRequest {
    pub(crate) user: UserContext,
    pub(crate) challenge_name: ChallengeName,
    pub(crate) session: Vec<Attempt>,
    pub(crate) user_not_found: bool,
}

impl CreateChallengeRequest {
    /// The challenge define auth challenge asked for (usually `CUSTOM_CHALLENGE`).
    pub fn challenge_name(&self) -> &ChallengeName {
        &self.challenge_name
    }

    /// The challenges so far, oldest first.
    pub fn session(&self) -> &[Attempt] {
        &self.session
    }

    /// Whether Cognito found no such user: create a challenge all the same (send nothing), so
    /// the answer reveals nothing.
    pub fn user_not_found(&self) -> bool {
        self.user_not_found
    }
}

user_view!(CreateChallengeRequest);

/// A create auth challenge hook's decision: the challenge. Private parameters are secrets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Challenge {
    /// Sent to the app (`publicChallengeParameters`): never put the answer here.
    pub public: AttributeMap,
    /// Only verify auth challenge sees them (`privateChallengeParameters`).
    pub private: SecretMap,
    /// A name for this challenge in later sessions (`challengeMetadata`).
    pub metadata: Option<String>,
}

impl Challenge {
    /// Adds a public parameter.
    pub fn public(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.public.insert(name, value);
        self
    }

    /// Adds a private parameter (e.g. the expected answer).
    pub fn private(mut self, name: impl Into<String>, value: Secret) -> Self {
        self.private.insert(name.into(), value);
        self
    }

    /// Sets the challenge metadata.
    pub fn metadata(mut self, metadata: impl Into<String>) -> Self {
        self.metadata = Some(metadata.into());
        self
    }
}

impl Decision<CreateAuthChallengeEvent> for Challenge {
    fn write_to(self, event: &mut CreateAuthChallengeEvent) {
        if self == Self::default() {
            return;
        }
        let response = event.response.get_or_insert_default();
        response.public_challenge_parameters = Field::Value(self.public);
        response.private_challenge_parameters = Field::Value(self.private);
        response.challenge_metadata.set_if_some(self.metadata);
    }

    fn read_from(event: &CreateAuthChallengeEvent) -> Self {
        let Some(response) = event.response.as_option() else {
            return Self::default();
        };
        Self {
            public: response
                .public_challenge_parameters
                .as_option()
                .cloned()
                .unwrap_or_default(),
            private: response
                .private_challenge_parameters
                .as_option()
                .cloned()
                .unwrap_or_default(),
            metadata: response.challenge_metadata.as_option().cloned(),
        }
    }
}

/// A create auth challenge hook: makes the next custom challenge.
///
/// - **Decision:** a [`Challenge`]; the default (empty) challenge writes nothing.
/// - **Rejection:** [`HookError::reject`](crate::HookError::reject) ends the flow with
///   `CreateAuthChallenge failed with error <message>.`. Logged at info.
/// - **Error:** any other error (a mail service down) is logged at error with its cause
///   chain; the sign-in fails with the [generic message](crate::GENERIC_USER_MESSAGE).
/// - **Timeout:** past its [budget](crate::lifecycle::hook_budget) the sign-in fails with the
///   generic message.
///
/// ```
/// use cognito_triggers::create_auth_challenge::{Challenge, CreateAuthChallenge, CreateChallengeRequest};
/// use cognito_triggers::{HookError, Secret};
///
/// struct FixedQuestion;
///
/// impl CreateAuthChallenge for FixedQuestion {
///     async fn create_auth_challenge(&self, _request: CreateChallengeRequest) -> Result<Challenge, HookError> {
///         Ok(Challenge::default()
///             .public("question", "What is the name of the project?")
///             .private("answer", Secret::new("cognito-triggers")))
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    note = "implement the trait, or wrap an async closure in this module's `from_fn`"
)]
pub trait CreateAuthChallenge: Send + Sync + 'static {
    /// Makes one challenge.
    fn create_auth_challenge(
        &self,
        request: CreateChallengeRequest,
    ) -> impl Future<Output = Result<Challenge, HookError>> + Send;
}

hook_glue!(CreateAuthChallenge::create_auth_challenge for CreateAuthChallengeEvent, CreateChallengeRequest => Challenge);

#[cfg(feature = "testing")]
impl CreateChallengeRequest {
    /// A create auth challenge event builder, from its sample event.
    pub fn builder() -> crate::testing::builder::EventBuilder<CreateAuthChallengeEvent> {
        crate::testing::builder::EventBuilder::new(CreateChallengeSource::Authentication.as_str())
    }
}
