//! The pre authentication trigger: allow a sign-in, or reject it with a user-safe message.
//!
//! ```no_run
//! use cognito_triggers::pre_authentication::{self, PreAuthRequest};
//! use cognito_triggers::HookError;
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     pre_authentication::run(pre_authentication::from_fn(|request: PreAuthRequest| async move {
//!         if request.attribute("custom:suspended").as_deref() == Some("true") {
//!             return Err(HookError::reject("This account is suspended"));
//!         }
//!         Ok(())
//!     }))
//!     .await
//! }
//! ```

pub mod wire;

use std::future::Future;

use crate::AttributeMap;
use crate::HookError;
use crate::event::{EmptyResponse, TriggerEvent};
use crate::event::{Trigger, trigger_sources};
use crate::glue::hook_glue;
use crate::lifecycle::{Event, OnTimeout};
use crate::view::{UserContext, request_flag, request_map, user_view};

trigger_sources! {
    /// Why the pre authentication trigger fired.
    PreAuthSource, "PreAuthentication" {
        /// `PreAuthentication_Authentication`: a sign-in (API or managed login).
        Authentication => "PreAuthentication_Authentication",
    }
}

/// A pre authentication event as Cognito sends it.
pub type PreAuthenticationEvent = TriggerEvent<PreAuthSource, wire::Request, EmptyResponse>;

impl Event for PreAuthenticationEvent {
    const TRIGGER: Trigger = Trigger::PreAuthentication;
    const ON_TIMEOUT: OnTimeout = OnTimeout::Fail;
    type Request = PreAuthRequest;
    type Decision = ();

    fn request(&self) -> PreAuthRequest {
        let request = self.request.as_option();
        PreAuthRequest {
            user: UserContext::of(self, |r| &r.user_attributes, |r| &r.client_metadata),
            validation_data: request_map(request, |r| &r.validation_data),
            user_not_found: request_flag(request, |r| &r.user_not_found),
        }
    }

    fn source(&self) -> &str {
        self.trigger_source.as_str()
    }
}

/// What a pre authentication hook sees: an owned view of the request.
#[derive(Clone, Debug)]
pub struct PreAuthRequest {
    pub(crate) user: UserContext,
    pub(crate) validation_data: AttributeMap,
    pub(crate) user_not_found: bool,
}

impl PreAuthRequest {
    /// `validationData`: the `ClientMetadata` the app passed to `InitiateAuth` (empty when
    /// none). Client-controlled.
    pub fn validation_data(&self) -> &AttributeMap {
        &self.validation_data
    }

    /// Whether Cognito found no such user (sent only when the app client prevents user
    /// existence errors). Reject the same way as for a real user, so the answer reveals nothing.
    pub fn user_not_found(&self) -> bool {
        self.user_not_found
    }
}

user_view!(PreAuthRequest);

/// A pre authentication hook: allows a sign-in (`Ok(())`) or refuses it.
///
/// - **Rejection:** [`HookError::reject`](crate::HookError::reject) refuses the sign-in; the
///   caller gets `PreAuthentication failed with error <message>.` (cleaned and capped). Keep
///   the message user-safe and the same whether or not the user exists. Logged at info.
/// - **Error:** any other error is logged at error with its cause chain; the sign-in fails
///   with the [generic message](crate::GENERIC_USER_MESSAGE).
/// - **Timeout:** past its [budget](crate::lifecycle::hook_budget) the sign-in fails with the
///   generic message (fail closed).
///
/// ```
/// use cognito_triggers::pre_authentication::{PreAuthRequest, PreAuthentication};
/// use cognito_triggers::HookError;
///
/// struct OnlyFromTheApp;
///
/// impl PreAuthentication for OnlyFromTheApp {
///     async fn pre_authentication(&self, request: PreAuthRequest) -> Result<(), HookError> {
///         match request.validation_data().get("app").as_deref() {
///             Some("shop") => Ok(()),
///             _ => Err(HookError::reject("Please sign in from the app")),
///         }
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    note = "implement the trait, or wrap an async closure in this module's `from_fn`"
)]
pub trait PreAuthentication: Send + Sync + 'static {
    /// Decides on one sign-in.
    fn pre_authentication(
        &self,
        request: PreAuthRequest,
    ) -> impl Future<Output = Result<(), HookError>> + Send;
}

hook_glue!(PreAuthentication::pre_authentication for PreAuthenticationEvent, PreAuthRequest => ());

#[cfg(feature = "testing")]
impl crate::testing::builder::EventBuilder<PreAuthenticationEvent> {
    /// Marks the user as not found (`userNotFound: true`).
    pub fn user_not_found(self) -> Self {
        self.request_member("userNotFound", true)
    }
}

#[cfg(feature = "testing")]
impl PreAuthRequest {
    /// A pre authentication event builder, from its sample event.
    pub fn builder() -> crate::testing::builder::EventBuilder<PreAuthenticationEvent> {
        crate::testing::builder::EventBuilder::new(PreAuthSource::Authentication.as_str())
    }
}
