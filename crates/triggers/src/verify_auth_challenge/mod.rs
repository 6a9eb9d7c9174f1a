//! The verify auth challenge response trigger: check the user's answer to a custom challenge.
//! The answer and the private challenge parameters are [`Secret`]s.
//!
//! ```no_run
//! use cognito_triggers::verify_auth_challenge::{self, Verdict, VerifyChallengeRequest};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     verify_auth_challenge::run(verify_auth_challenge::from_fn(|request: VerifyChallengeRequest| async move {
//!         Ok(Verdict::from(request.answer_matches("code")))
//!     }))
//!     .await
//! }
//! ```

pub mod wire;

use std::future::Future;

use crate::HookError;
use crate::create_auth_challenge::SecretMap;
use crate::event::TriggerEvent;
use crate::event::{Trigger, trigger_sources};
use crate::glue::hook_glue;
use crate::lifecycle::{Decision, Event, OnTimeout};
use crate::view::{UserContext, request_flag, user_view};
use crate::{Field, Secret};

trigger_sources! {
    /// Why the verify auth challenge response trigger fired.
    VerifyChallengeSource, "VerifyAuthChallengeResponse" {
        /// `VerifyAuthChallengeResponse_Authentication`: the user answered a custom challenge.
        Authentication => "VerifyAuthChallengeResponse_Authentication",
    }
}

/// A verify auth challenge response event as Cognito sends it.
pub type VerifyAuthChallengeEvent =
    TriggerEvent<VerifyChallengeSource, wire::Request, wire::Response>;

impl Event for VerifyAuthChallengeEvent {
    const TRIGGER: Trigger = Trigger::VerifyAuthChallengeResponse;
    const ON_TIMEOUT: OnTimeout = OnTimeout::Fail;
    type Request = VerifyChallengeRequest;
    type Decision = Verdict;

    fn request(&self) -> VerifyChallengeRequest {
        let request = self.request.as_option();
        VerifyChallengeRequest {
            user: UserContext::of(self, |r| &r.user_attributes, |r| &r.client_metadata),
            private_parameters: request
                .and_then(|request| request.private_challenge_parameters.as_option().cloned())
                .unwrap_or_default(),
            answer: request
                .and_then(|request| request.challenge_answer.as_option().cloned())
                .unwrap_or_else(|| Secret::new("")),
            user_not_found: request_flag(request, |r| &r.user_not_found),
        }
    }

    fn source(&self) -> &str {
        self.trigger_source.as_str()
    }
}

/// What a verify auth challenge hook sees. Its `Debug` output redacts the answer and the
/// private parameters.
#[derive(Clone, Debug)]
pub struct VerifyChallengeRequest {
    pub(crate) user: UserContext,
    pub(crate) private_parameters: SecretMap,
    pub(crate) answer: Secret,
    pub(crate) user_not_found: bool,
}

impl VerifyChallengeRequest {
    /// The user's answer (`""` when Cognito sent none).
    pub fn answer(&self) -> &Secret {
        &self.answer
    }

    /// The private parameters create auth challenge set.
    pub fn private_parameters(&self) -> &SecretMap {
        &self.private_parameters
    }

    /// Whether the answer equals the private parameter `name`, compared in time independent of
    /// where they differ; `false` when the parameter is missing or either side is empty.
    pub fn answer_matches(&self, name: &str) -> bool {
        let Some(expected) = self.private_parameters.get(name) else {
            return false;
        };
        let (expected, answer) = (
            expected.expose().as_bytes(),
            self.answer.expose().as_bytes(),
        );
        if expected.is_empty() || expected.len() != answer.len() {
            return false;
        }
        expected
            .iter()
            .zip(answer)
            .fold(0u8, |difference, (a, b)| difference | (a ^ b))
            == 0
    }

    /// Whether Cognito found no such user: answer [`Verdict::Wrong`].
    pub fn user_not_found(&self) -> bool {
        self.user_not_found
    }
}

user_view!(VerifyChallengeRequest);

/// A verify auth challenge hook's decision (`answerCorrect`). The default is
/// [`Verdict::Wrong`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Verdict {
    /// The answer is right.
    Correct,
    /// The answer is wrong.
    #[default]
    Wrong,
}

impl From<bool> for Verdict {
    /// `true` is [`Verdict::Correct`].
    fn from(correct: bool) -> Self {
        if correct {
            Verdict::Correct
        } else {
            Verdict::Wrong
        }
    }
}

impl Decision<VerifyAuthChallengeEvent> for Verdict {
    fn write_to(self, event: &mut VerifyAuthChallengeEvent) {
        event.response.get_or_insert_default().answer_correct =
            Field::Value(self == Verdict::Correct);
    }

    fn read_from(event: &VerifyAuthChallengeEvent) -> Self {
        Verdict::from(
            event
                .response
                .as_option()
                .is_some_and(|response| response.answer_correct.as_option() == Some(&true)),
        )
    }
}

/// A verify auth challenge response hook: judges one answer.
///
/// - **Decision:** a [`Verdict`], written as `answerCorrect`.
/// - **Rejection:** [`HookError::reject`](crate::HookError::reject) ends the flow with
///   `VerifyAuthChallengeResponse failed with error <message>.`; prefer [`Verdict::Wrong`].
///   Logged at info (never with the answer).
/// - **Error:** any other error is logged at error with its cause chain; the sign-in fails
///   with the [generic message](crate::GENERIC_USER_MESSAGE).
/// - **Timeout:** past its [budget](crate::lifecycle::hook_budget) the sign-in fails with the
///   generic message; the answer is never taken as right.
///
/// ```
/// use cognito_triggers::verify_auth_challenge::{Verdict, VerifyAuthChallenge, VerifyChallengeRequest};
/// use cognito_triggers::HookError;
///
/// struct CodeCheck;
///
/// impl VerifyAuthChallenge for CodeCheck {
///     async fn verify_auth_challenge(&self, request: VerifyChallengeRequest) -> Result<Verdict, HookError> {
///         Ok(Verdict::from(!request.user_not_found() && request.answer_matches("code")))
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    note = "implement the trait, or wrap an async closure in this module's `from_fn`"
)]
pub trait VerifyAuthChallenge: Send + Sync + 'static {
    /// Judges one answer.
    fn verify_auth_challenge(
        &self,
        request: VerifyChallengeRequest,
    ) -> impl Future<Output = Result<Verdict, HookError>> + Send;
}

hook_glue!(VerifyAuthChallenge::verify_auth_challenge for VerifyAuthChallengeEvent, VerifyChallengeRequest => Verdict);

#[cfg(feature = "testing")]
impl VerifyChallengeRequest {
    /// A verify auth challenge response event builder, from its sample event.
    pub fn builder() -> crate::testing::builder::EventBuilder<VerifyAuthChallengeEvent> {
        crate::testing::builder::EventBuilder::new(VerifyChallengeSource::Authentication.as_str())
    }
}

#[cfg(feature = "testing")]
impl crate::testing::builder::EventBuilder<VerifyAuthChallengeEvent> {
    /// The user's answer (`challengeAnswer`).
    pub fn answer(self, answer: &str) -> Self {
        self.request_member("challengeAnswer", answer)
    }

    /// One private challenge parameter.
    pub fn private_parameter(self, name: &str, value: &str) -> Self {
        self.request_entry("privateChallengeParameters", name, value)
    }
}
