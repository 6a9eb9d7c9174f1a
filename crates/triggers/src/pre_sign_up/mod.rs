//! The pre sign-up trigger: accept, reject, auto-confirm or auto-verify a new user.
//!
//! Implement [`PreSignUp`] (or wrap an async closure in [`from_fn`]) and hand it to [`run`].
//! The hook gets a [`SignUpRequest`] and returns a [`SignUpDecision`]; the decision writes
//! `response` and the whole event goes back, as Cognito expects.
//!
//! ```no_run
//! use cognito_triggers::pre_sign_up::{self, SignUpDecision, SignUpRequest, SignUpSource};
//! use cognito_triggers::HookError;
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     pre_sign_up::run(pre_sign_up::from_fn(|request: SignUpRequest| async move {
//!         match (request.source(), request.email()) {
//!             // Addresses an administrator typed are vouched for.
//!             (SignUpSource::AdminCreateUser, _) => Ok(SignUpDecision::accept().confirm_user()),
//!             (_, Some(_)) => Ok(SignUpDecision::accept()),
//!             (_, None) => Err(HookError::reject("An email address is required")),
//!         }
//!     }))
//!     .await
//! }
//! ```

pub mod wire;

use std::borrow::Cow;
use std::future::Future;

use crate::HookError;
use crate::event::TriggerEvent;
use crate::event::{Trigger, trigger_sources};
use crate::glue::hook_glue;
use crate::lifecycle::{Decision, Event, OnTimeout};
use crate::view::{UserContext, request_map, user_view};
use crate::{AttributeMap, Field};

trigger_sources! {
    /// Why the pre sign-up trigger fired.
    SignUpSource, "PreSignUp" {
        /// `PreSignUp_SignUp`: the `SignUp` API or managed login's sign-up page.
        SignUp => "PreSignUp_SignUp",
        /// `PreSignUp_AdminCreateUser`: `AdminCreateUser`. Cognito ignores the response flags.
        AdminCreateUser => "PreSignUp_AdminCreateUser",
        /// `PreSignUp_ExternalProvider`: a federated user's first sign-in.
        ExternalProvider => "PreSignUp_ExternalProvider",
    }
}

/// A pre sign-up event as Cognito sends it.
pub type PreSignUpEvent = TriggerEvent<SignUpSource, wire::Request, wire::Response>;

impl Event for PreSignUpEvent {
    const TRIGGER: Trigger = Trigger::PreSignUp;
    const ON_TIMEOUT: OnTimeout = OnTimeout::Fail;
    type Request = SignUpRequest;
    type Decision = SignUpDecision;

    fn request(&self) -> SignUpRequest {
        SignUpRequest {
            source: self.trigger_source.clone(),
            user: UserContext::of(self, |r| &r.user_attributes, |r| &r.client_metadata),
            validation_data: request_map(self.request.as_option(), |r| &r.validation_data),
        }
    }

    fn source(&self) -> &str {
        self.trigger_source.as_str()
    }
}

/// What a pre sign-up hook sees: an owned view of the request.
///
/// Everything in it is what the caller of `SignUp` typed, unchecked: an email address's domain
/// proves nothing about who controls the mailbox, and `validationData` / `clientMetadata` are
/// whatever the app (or an attacker with the app client ID) sent.
#[derive(Clone, Debug)]
pub struct SignUpRequest {
    pub(crate) source: SignUpSource,
    pub(crate) user: UserContext,
    pub(crate) validation_data: AttributeMap,
}

impl SignUpRequest {
    /// Why the trigger fired: `SignUp` (self-service, unverified input), `AdminCreateUser` (an
    /// administrator's call) or `ExternalProvider` (a federated user's first sign-in).
    pub fn source(&self) -> &SignUpSource {
        &self.source
    }

    /// The `email` attribute, as typed: not verified.
    pub fn email(&self) -> Option<Cow<'_, str>> {
        self.attribute("email")
    }

    /// The `phone_number` attribute, as typed: not verified.
    pub fn phone_number(&self) -> Option<Cow<'_, str>> {
        self.attribute("phone_number")
    }

    /// `ValidationData` of the call (empty when none was sent). Client-controlled: don't trust
    /// it without checking, e.g. a signature.
    pub fn validation_data(&self) -> &AttributeMap {
        &self.validation_data
    }
}

user_view!(SignUpRequest);

/// A pre sign-up hook's decision to let the sign-up proceed; refuse with
/// [`HookError::reject`](crate::HookError::reject) instead.
///
/// `SignUpDecision::accept()` (also `Default`) changes nothing: the user must confirm with a
/// code. Cognito's rules:
///
/// - **Confirming or verifying proves nothing Cognito has not checked.** On a public `SignUp`
///   the address is whatever the caller typed; verify it only when something vouches for it
///   (`AdminCreateUser`, a trusted identity provider, or a proof such as a signed invitation).
/// - `verify_email` needs an `email` attribute, `verify_phone` a `phone_number`; otherwise
///   Cognito fails the sign-up. A verified email or phone that is an alias moves from any other
///   user to this one.
/// - For `PreSignUp_AdminCreateUser` Cognito ignores all three flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SignUpDecision {
    /// Confirm the user without a confirmation code (`autoConfirmUser`).
    pub confirm_user: bool,
    /// Mark the email as verified (`autoVerifyEmail`); the user must have an `email`.
    pub verify_email: bool,
    /// Mark the phone number as verified (`autoVerifyPhone`); the user must have a
    /// `phone_number`.
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

    /// Also mark the email as verified (see the alias rule above).
    pub fn verify_email(mut self) -> Self {
        self.verify_email = true;
        self
    }

    /// Also mark the phone number as verified (see the alias rule above).
    pub fn verify_phone(mut self) -> Self {
        self.verify_phone = true;
        self
    }
}

impl Decision<PreSignUpEvent> for SignUpDecision {
    fn write_to(self, event: &mut PreSignUpEvent) {
        let response = event.response.get_or_insert_default();
        response.auto_confirm_user = Field::Value(self.confirm_user);
        response.auto_verify_email = Field::Value(self.verify_email);
        response.auto_verify_phone = Field::Value(self.verify_phone);
    }

    fn read_from(event: &PreSignUpEvent) -> Self {
        let response = event.response.as_option();
        let flag = |pick: fn(&wire::Response) -> &Field<bool>| {
            response.is_some_and(|response| pick(response).as_option() == Some(&true))
        };
        Self {
            confirm_user: flag(|response| &response.auto_confirm_user),
            verify_email: flag(|response| &response.auto_verify_email),
            verify_phone: flag(|response| &response.auto_verify_phone),
        }
    }
}

/// A pre sign-up hook: decides whether and how a sign-up proceeds.
///
/// - **Decision:** a [`SignUpDecision`]; the flags are written to `response`.
/// - **Rejection:** [`HookError::reject`](crate::HookError::reject) refuses the sign-up; the
///   caller gets `UserLambdaValidationException` with `PreSignUp failed with error
///   <message>.` (cleaned and capped by [`rules::clean_rejection`](crate::rules::clean_rejection)).
///   Logged once at info.
/// - **Error:** any other error (`?` works) is logged at error with its cause chain; the
///   caller sees only the [generic message](crate::GENERIC_USER_MESSAGE).
/// - **Timeout:** past its [budget](crate::lifecycle::hook_budget) the sign-up fails with the
///   generic message rather than a Lambda timeout.
///
/// ```
/// use cognito_triggers::pre_sign_up::{PreSignUp, SignUpDecision, SignUpRequest};
/// use cognito_triggers::HookError;
///
/// struct RequireGivenName;
///
/// impl PreSignUp for RequireGivenName {
///     async fn pre_sign_up(&self, request: SignUpRequest) -> Result<SignUpDecision, HookError> {
///         match request.attribute("given_name") {
///             Some(_) => Ok(SignUpDecision::accept()),
///             None => Err(HookError::reject("Please tell us your first name")),
///         }
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    note = "implement the trait, or wrap an async closure in this module's `from_fn`"
)]
pub trait PreSignUp: Send + Sync + 'static {
    /// Decides on one sign-up.
    fn pre_sign_up(
        &self,
        request: SignUpRequest,
    ) -> impl Future<Output = Result<SignUpDecision, HookError>> + Send;
}

hook_glue!(PreSignUp::pre_sign_up for PreSignUpEvent, SignUpRequest => SignUpDecision);

#[cfg(feature = "testing")]
impl SignUpRequest {
    /// A pre sign-up event builder for `source`, from its sample event.
    pub fn builder(source: SignUpSource) -> crate::testing::builder::EventBuilder<PreSignUpEvent> {
        crate::testing::builder::EventBuilder::new(source.as_str())
    }
}
