//! The pre sign-up trigger: accept, reject, auto-confirm or auto-verify a new user.
//!
//! Implement [`PreSignUp`] (or wrap an async closure in [`pre_sign_up_fn`]) and hand it to
//! [`run`]. The hook gets a [`SignUpRequest`] and returns a [`SignUpDecision`]; this module writes
//! `response` and returns the whole event, as Cognito expects.
//!
//! ```no_run
//! use cognito_triggers::pre_sign_up::{self, SignUpDecision, SignUpRequest};
//! use cognito_triggers::HookError;
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     pre_sign_up::run(pre_sign_up::pre_sign_up_fn(|request: SignUpRequest| async move {
//!         match request.email() {
//!             Some(email) if email.ends_with("@example.com") => Ok(SignUpDecision::accept().confirm_user()),
//!             Some(_) => Ok(SignUpDecision::accept()),
//!             None => Err(HookError::reject("An email address is required")),
//!         }
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
pub use crate::event::SignUpSource;
use crate::event::{Trigger, TriggerEvent};
use crate::invocation::{Invocation, invocation_accessors};
use crate::{AttributeMap, Field};

/// A pre sign-up event as Cognito sends it.
pub type PreSignUpEvent = TriggerEvent<SignUpSource, PreSignUpRequest, PreSignUpResponse>;

/// `request` of a pre sign-up event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreSignUpRequest {
    /// The submitted attributes (for federated users, those mapped from the identity provider).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_attributes: Field<AttributeMap>,
    /// `ValidationData` of `SignUp` / `AdminCreateUser`; `null` when none was sent.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub validation_data: Field<AttributeMap>,
    /// `ClientMetadata` of the API call; absent when none was sent.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub client_metadata: Field<AttributeMap>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `response` of a pre sign-up event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreSignUpResponse {
    /// Confirm the user without a confirmation code.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub auto_confirm_user: Field<bool>,
    /// Mark `email` as verified (it must be present).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub auto_verify_email: Field<bool>,
    /// Mark `phone_number` as verified (it must be present).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub auto_verify_phone: Field<bool>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a pre sign-up hook sees: an owned view of the request.
#[derive(Clone, Debug)]
pub struct SignUpRequest {
    source: SignUpSource,
    invocation: Invocation,
    user_attributes: AttributeMap,
    validation_data: AttributeMap,
    client_metadata: AttributeMap,
}

impl SignUpRequest {
    /// The view of `event`'s request.
    pub fn from_event(event: &PreSignUpEvent) -> Self {
        let request = event.request.as_option();
        let map = |pick: fn(&PreSignUpRequest) -> &Field<AttributeMap>| {
            request
                .and_then(|request| pick(request).as_option().cloned())
                .unwrap_or_default()
        };
        Self {
            source: event.trigger_source.clone(),
            invocation: Invocation::of(event),
            user_attributes: map(|request| &request.user_attributes),
            validation_data: map(|request| &request.validation_data),
            client_metadata: map(|request| &request.client_metadata),
        }
    }

    /// Why the trigger fired.
    pub fn source(&self) -> &SignUpSource {
        &self.source
    }

    invocation_accessors!();

    /// All submitted user attributes.
    pub fn user_attributes(&self) -> &AttributeMap {
        &self.user_attributes
    }

    /// One user attribute as text, e.g. `attribute("custom:tenant")`.
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

    /// `ValidationData` of the call (empty when none was sent). Client-controlled: don't trust it.
    pub fn validation_data(&self) -> &AttributeMap {
        &self.validation_data
    }

    /// `ClientMetadata` of the call (empty when none was sent). Client-controlled: don't trust it.
    pub fn client_metadata(&self) -> &AttributeMap {
        &self.client_metadata
    }
}

/// A pre sign-up hook's decision to let the sign-up proceed; refuse with
/// [`HookError::reject`] instead.
///
/// `SignUpDecision::accept()` changes nothing. For `PreSignUp_AdminCreateUser` Cognito ignores all
/// three flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SignUpDecision {
    /// Confirm the user without a confirmation code (`autoConfirmUser`).
    pub confirm_user: bool,
    /// Mark the email as verified (`autoVerifyEmail`); the user must have an `email`.
    pub verify_email: bool,
    /// Mark the phone number as verified (`autoVerifyPhone`); the user must have a `phone_number`.
    pub verify_phone: bool,
}

impl SignUpDecision {
    /// Let the sign-up proceed unchanged.
    pub fn accept() -> Self {
        Self::default()
    }

    /// Also confirm the user.
    pub fn confirm_user(mut self) -> Self {
        self.confirm_user = true;
        self
    }

    /// Also mark the email as verified. Cognito moves an email alias from another user to this
    /// one when it is verified here.
    pub fn verify_email(mut self) -> Self {
        self.verify_email = true;
        self
    }

    /// Also mark the phone number as verified (same alias caveat as [`Self::verify_email`]).
    pub fn verify_phone(mut self) -> Self {
        self.verify_phone = true;
        self
    }
}

/// A pre sign-up hook: decides whether and how a sign-up proceeds.
///
/// One required method. Return [`HookError::reject`] to refuse with a message the user sees
/// (`PreSignUp failed with error <message>.`); any other error is logged and reaches the user as a
/// generic message. When the hook runs past its [time budget](crate::deadline::hook_budget) the
/// sign-up fails with that generic message rather than a Lambda timeout.
#[diagnostic::on_unimplemented(
    note = "implement `PreSignUp`, or wrap an async closure in `pre_sign_up_fn`"
)]
pub trait PreSignUp: Send + Sync + 'static {
    /// Decides on one sign-up.
    fn pre_sign_up(
        &self,
        request: SignUpRequest,
    ) -> impl Future<Output = Result<SignUpDecision, HookError>> + Send;
}

/// A [`PreSignUp`] hook made from an async closure; see [`pre_sign_up_fn`].
#[derive(Clone, Copy)]
pub struct PreSignUpFn<F>(F);

/// Makes a [`PreSignUp`] hook from an async closure taking a [`SignUpRequest`].
pub fn pre_sign_up_fn<F, Fut>(f: F) -> PreSignUpFn<F>
where
    F: Fn(SignUpRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<SignUpDecision, HookError>> + Send,
{
    PreSignUpFn(f)
}

impl<F, Fut> PreSignUp for PreSignUpFn<F>
where
    F: Fn(SignUpRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<SignUpDecision, HookError>> + Send,
{
    fn pre_sign_up(
        &self,
        request: SignUpRequest,
    ) -> impl Future<Output = Result<SignUpDecision, HookError>> + Send {
        (self.0)(request)
    }
}

impl<F> fmt::Debug for PreSignUpFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PreSignUpFn")
    }
}

/// A hook that accepts every sign-up and changes nothing: Cognito's default behaviour.
#[derive(Clone, Copy, Debug, Default)]
pub struct AcceptAll;

impl PreSignUp for AcceptAll {
    async fn pre_sign_up(&self, _request: SignUpRequest) -> Result<SignUpDecision, HookError> {
        Ok(SignUpDecision::accept())
    }
}

/// Runs `hook` on one event and returns the event with `response` filled in, without the Lambda
/// runtime: the function [`run`] serves, and what tests call.
///
/// # Errors
///
/// [`TriggerError::Rejected`] when the hook refused, [`TriggerError::HookFailed`] when it failed,
/// [`TriggerError::DeadlineExceeded`] when it ran past its budget. Each is logged here.
pub async fn handle<H: PreSignUp + ?Sized>(
    hook: &H,
    event: LambdaEvent<PreSignUpEvent>,
) -> Result<PreSignUpEvent, TriggerError> {
    let (mut event, context) = event.into_parts();
    let request = SignUpRequest::from_event(&event);
    let source = event.trigger_source.clone();
    let hook_run = hook.pre_sign_up(request);
    let decision = match deadline::run_hook(Trigger::PreSignUp, &source, &context, hook_run).await?
    {
        Outcome::Decided(decision) => decision,
        Outcome::OutOfTime(budget) => {
            return Err(deadline::out_of_time(Trigger::PreSignUp, budget, &source));
        }
    };
    let response = event.response.get_or_insert_default();
    response.auto_confirm_user = Field::Value(decision.confirm_user);
    response.auto_verify_email = Field::Value(decision.verify_email);
    response.auto_verify_phone = Field::Value(decision.verify_phone);
    tracing::debug!(trigger_source = %event.trigger_source, ?decision, "pre sign-up decided");
    Ok(event)
}

/// Serves `hook` as a Lambda function: JSON logs for CloudWatch, one event at a time, until the
/// runtime stops. Every payload is decoded without leaking parse details to the user.
///
/// # Errors
///
/// When the Lambda runtime API cannot be reached (for example outside Lambda).
pub async fn run<H: PreSignUp>(hook: H) -> Result<(), crate::Error> {
    crate::runtime::serve(Trigger::PreSignUp, hook, |hook, event| async move {
        handle(hook.as_ref(), event).await
    })
    .await
}
