//! The define auth challenge trigger: the state machine of a custom authentication
//! (`CUSTOM_AUTH`) flow. It reads the session so far and decides the next step: another
//! challenge, tokens, or failure.
//!
//! ```no_run
//! use cognito_triggers::define_auth_challenge::{self, ChallengeName, DefineChallengeRequest, NextStep};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     define_auth_challenge::run(define_auth_challenge::from_fn(|request: DefineChallengeRequest| async move {
//!         let session = request.session();
//!         Ok(match session.last() {
//!             _ if request.user_not_found() => NextStep::FailAuthentication,
//!             None => NextStep::Challenge(ChallengeName::CustomChallenge),
//!             Some(last) if last.name == ChallengeName::CustomChallenge && last.succeeded => NextStep::IssueTokens,
//!             Some(_) if session.len() < 3 => NextStep::Challenge(ChallengeName::CustomChallenge),
//!             Some(_) => NextStep::FailAuthentication,
//!         })
//!     }))
//!     .await
//! }
//! ```

pub mod wire;

use std::fmt;
use std::future::Future;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Field;
use crate::HookError;
use crate::event::TriggerEvent;
use crate::event::{Trigger, trigger_sources};
use crate::glue::hook_glue;
use crate::lifecycle::{Decision, Event, OnTimeout};
use crate::rules::{DecisionViolation, challenge};
use crate::view::{UserContext, request_flag, user_view};

trigger_sources! {
    /// Why the define auth challenge trigger fired.
    DefineChallengeSource, "DefineAuthChallenge" {
        /// `DefineAuthChallenge_Authentication`: a step of a `CUSTOM_AUTH` flow.
        Authentication => "DefineAuthChallenge_Authentication",
    }
}

/// A define auth challenge event as Cognito sends it.
pub type DefineAuthChallengeEvent =
    TriggerEvent<DefineChallengeSource, wire::Request, wire::Response>;

/// A challenge name in a session or a decision. Names this crate does not know are kept as
/// `Other`, never a parse failure.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ChallengeName {
    /// `CUSTOM_CHALLENGE`: a challenge of create / verify auth challenge.
    CustomChallenge,
    /// `SRP_A`: the start of an SRP password check.
    SrpA,
    /// `PASSWORD_VERIFIER`: the password check.
    PasswordVerifier,
    /// `SMS_MFA`: an SMS code (Cognito adds it after the password for MFA users).
    SmsMfa,
    /// `EMAIL_OTP`: an email code.
    EmailOtp,
    /// `SOFTWARE_TOKEN_MFA`: an authenticator app code.
    SoftwareTokenMfa,
    /// `DEVICE_SRP_AUTH`: the start of a remembered-device check.
    DeviceSrpAuth,
    /// `DEVICE_PASSWORD_VERIFIER`: the remembered-device check.
    DevicePasswordVerifier,
    /// `ADMIN_NO_SRP_AUTH`: an administrator's password check.
    AdminNoSrpAuth,
    /// A name this crate does not know yet, as sent.
    Other(String),
}

impl ChallengeName {
    const NAMES: &'static [(&'static str, ChallengeName)] = &[
        ("CUSTOM_CHALLENGE", ChallengeName::CustomChallenge),
        ("SRP_A", ChallengeName::SrpA),
        ("PASSWORD_VERIFIER", ChallengeName::PasswordVerifier),
        ("SMS_MFA", ChallengeName::SmsMfa),
        ("EMAIL_OTP", ChallengeName::EmailOtp),
        ("SOFTWARE_TOKEN_MFA", ChallengeName::SoftwareTokenMfa),
        ("DEVICE_SRP_AUTH", ChallengeName::DeviceSrpAuth),
        (
            "DEVICE_PASSWORD_VERIFIER",
            ChallengeName::DevicePasswordVerifier,
        ),
        ("ADMIN_NO_SRP_AUTH", ChallengeName::AdminNoSrpAuth),
    ];

    /// The wire name, e.g. `CUSTOM_CHALLENGE`.
    pub fn as_str(&self) -> &str {
        match self {
            ChallengeName::Other(other) => other,
            known => Self::NAMES
                .iter()
                .find(|(_, name)| name == known)
                .map_or("", |(wire, _)| wire),
        }
    }

    /// Parses a wire name; unknown names become `Other`.
    pub fn parse(wire: &str) -> Self {
        Self::NAMES
            .iter()
            .find(|(name, _)| *name == wire)
            .map_or_else(
                || ChallengeName::Other(wire.to_owned()),
                |(_, name)| name.clone(),
            )
    }
}

impl fmt::Display for ChallengeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ChallengeName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ChallengeName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Self::parse(&wire))
    }
}

/// One step of the session so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// The challenge.
    pub name: ChallengeName,
    /// Whether the user passed it (`false` when Cognito did not say).
    pub succeeded: bool,
    /// The metadata create auth challenge set for it (custom challenges only).
    pub metadata: Option<String>,
}

/// The typed session of a request: `null`, absent and `[]` are all an empty session.
pub(crate) fn attempts(session: &Field<Vec<wire::ChallengeResult>>) -> Vec<Attempt> {
    session
        .as_option()
        .map(|entries| {
            entries
                .iter()
                .map(|entry| Attempt {
                    name: entry
                        .challenge_name
                        .as_option()
                        .cloned()
                        .unwrap_or_else(|| ChallengeName::Other(String::new())),
                    succeeded: entry.challenge_result.as_option() == Some(&true),
                    metadata: entry.challenge_metadata.as_option().cloned(),
                })
                .collect()
        })
        .unwrap_or_default()
}

impl Event for DefineAuthChallengeEvent {
    const TRIGGER: Trigger = Trigger::DefineAuthChallenge;
    const ON_TIMEOUT: OnTimeout = OnTimeout::Fail;
    type Request = DefineChallengeRequest;
    type Decision = NextStep;

    fn request(&self) -> DefineChallengeRequest {
        let request = self.request.as_option();
        DefineChallengeRequest {
            user: UserContext::of(self, |r| &r.user_attributes, |r| &r.client_metadata),
            session: request.map_or_else(Vec::new, |request| attempts(&request.session)),
            user_not_found: request_flag(request, |r| &r.user_not_found),
        }
    }

    fn source(&self) -> &str {
        self.trigger_source.as_str()
    }
}

/// What a define auth challenge hook sees: an owned view of the request.
#[derive(Clone, Debug)]
pub struct DefineChallengeRequest {
    pub(crate) user: UserContext,
    pub(crate) session: Vec<Attempt>,
    pub(crate) user_not_found: bool,
}

impl DefineChallengeRequest {
    /// The challenges so far, oldest first; empty on the first call of a custom-only flow.
    /// After `PASSWORD_VERIFIER` Cognito may add MFA challenges itself: check the name of the
    /// last step before issuing tokens.
    pub fn session(&self) -> &[Attempt] {
        &self.session
    }

    /// Whether Cognito found no such user (only when the app client prevents user existence
    /// errors): answer as for a real user, then fail.
    pub fn user_not_found(&self) -> bool {
        self.user_not_found
    }
}

user_view!(DefineChallengeRequest);

/// A define auth challenge hook's decision: the next step of the flow. The default is
/// [`NextStep::FailAuthentication`]: a flow nobody decided never issues tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum NextStep {
    /// Present this challenge next (usually `CUSTOM_CHALLENGE`, or `PASSWORD_VERIFIER` after
    /// `SRP_A`).
    Challenge(ChallengeName),
    /// The user is authenticated: issue tokens.
    IssueTokens,
    /// End the sign-in; the user sees `Incorrect username or password.`
    #[default]
    FailAuthentication,
}

impl Decision<DefineAuthChallengeEvent> for NextStep {
    /// What a define auth challenge hook may not return: see [`rules::challenge`](crate::rules::challenge).
    fn check(&self, event: &DefineAuthChallengeEvent) -> Result<(), DecisionViolation> {
        match self {
            NextStep::FailAuthentication => Ok(()),
            NextStep::Challenge(name) => Ok(challenge::check_challenge_name(name.as_str())?),
            NextStep::IssueTokens => {
                let request = event.request.as_option();
                let session = request.map_or_else(Vec::new, |request| attempts(&request.session));
                let user_not_found = request_flag(request, |r| &r.user_not_found);
                Ok(challenge::check_issue_tokens(
                    session
                        .iter()
                        .map(|attempt| (attempt.name.as_str(), attempt.succeeded)),
                    user_not_found,
                )?)
            }
        }
    }

    fn write_to(self, event: &mut DefineAuthChallengeEvent) {
        let response = event.response.get_or_insert_default();
        response.issue_tokens = Field::Value(self == NextStep::IssueTokens);
        response.fail_authentication = Field::Value(self == NextStep::FailAuthentication);
        if let NextStep::Challenge(name) = self {
            response.challenge_name = Field::Value(name.as_str().to_owned());
        }
    }

    fn read_from(event: &DefineAuthChallengeEvent) -> Self {
        let response = event.response.as_option();
        let flag = |pick: fn(&wire::Response) -> &Field<bool>| {
            response.is_some_and(|response| pick(response).as_option() == Some(&true))
        };
        if flag(|response| &response.fail_authentication) {
            return NextStep::FailAuthentication;
        }
        if flag(|response| &response.issue_tokens) {
            return NextStep::IssueTokens;
        }
        response
            .and_then(|response| response.challenge_name.as_option())
            .map_or(NextStep::FailAuthentication, |name| {
                NextStep::Challenge(ChallengeName::parse(name))
            })
    }
}

/// A define auth challenge hook: decides the next step of a custom authentication flow.
///
/// - **Decision:** a [`NextStep`], written as `challengeName` / `issueTokens` /
///   `failAuthentication`.
/// - **Rejection:** [`HookError::reject`](crate::HookError::reject) ends the flow with
///   `DefineAuthChallenge failed with error <message>.`; prefer
///   [`NextStep::FailAuthentication`], which tells nothing. Logged at info.
/// - **Error:** any other error is logged at error with its cause chain; the sign-in fails
///   with the [generic message](crate::GENERIC_USER_MESSAGE).
/// - **Timeout:** past its [budget](crate::lifecycle::hook_budget) the sign-in fails with the
///   generic message; no tokens.
///
/// ```
/// use cognito_triggers::define_auth_challenge::{ChallengeName, DefineAuthChallenge, DefineChallengeRequest, NextStep};
/// use cognito_triggers::HookError;
///
/// struct OneCode;
///
/// impl DefineAuthChallenge for OneCode {
///     async fn define_auth_challenge(&self, request: DefineChallengeRequest) -> Result<NextStep, HookError> {
///         Ok(match request.session() {
///             [] => NextStep::Challenge(ChallengeName::CustomChallenge),
///             [only] if only.name == ChallengeName::CustomChallenge && only.succeeded => NextStep::IssueTokens,
///             _ => NextStep::FailAuthentication,
///         })
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    note = "implement the trait, or wrap an async closure in this module's `from_fn`"
)]
pub trait DefineAuthChallenge: Send + Sync + 'static {
    /// Decides the next step of one flow.
    fn define_auth_challenge(
        &self,
        request: DefineChallengeRequest,
    ) -> impl Future<Output = Result<NextStep, HookError>> + Send;
}

hook_glue!(DefineAuthChallenge::define_auth_challenge for DefineAuthChallengeEvent, DefineChallengeRequest => NextStep);

#[cfg(feature = "testing")]
impl DefineChallengeRequest {
    /// A define auth challenge event builder, from its sample event (one failed custom
    /// challenge in the session).
    pub fn builder() -> crate::testing::builder::EventBuilder<DefineAuthChallengeEvent> {
        crate::testing::builder::EventBuilder::new(DefineChallengeSource::Authentication.as_str())
    }
}

#[cfg(feature = "testing")]
impl crate::testing::builder::EventBuilder<DefineAuthChallengeEvent> {
    /// The session: `(challengeName, challengeResult)` pairs, oldest first; `&[]` is an empty
    /// session.
    pub fn session(self, steps: &[(&str, bool)]) -> Self {
        use serde_json::{Map, Value};

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
