//! The post confirmation trigger: act once a user is confirmed (welcome mail, add to a group,
//! create a profile row). Nothing is written back.
//!
//! ```no_run
//! use cognito_triggers::post_confirmation::{self, ConfirmationRequest, ConfirmationSource};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     post_confirmation::run(post_confirmation::from_fn(|request: ConfirmationRequest| async move {
//!         if *request.source() == ConfirmationSource::ConfirmSignUp {
//!             tracing::info!(user = request.username(), "new user confirmed");
//!         }
//!         Ok(())
//!     }))
//!     .await
//! }
//! ```

pub mod wire;

use std::future::Future;

use crate::HookError;
use crate::event::{EmptyResponse, TriggerEvent};
use crate::event::{Trigger, trigger_sources};
use crate::glue::hook_glue;
use crate::lifecycle::{Event, OnTimeout};
use crate::view::{UserContext, user_view};

trigger_sources! {
    /// Why the post confirmation trigger fired.
    ConfirmationSource, "PostConfirmation" {
        /// `PostConfirmation_ConfirmSignUp`: `ConfirmSignUp`, `AdminConfirmSignUp`, an
        /// auto-confirmed `SignUp`, or a federated user's first sign-in.
        ConfirmSignUp => "PostConfirmation_ConfirmSignUp",
        /// `PostConfirmation_ConfirmForgotPassword`: `ConfirmForgotPassword`.
        ConfirmForgotPassword => "PostConfirmation_ConfirmForgotPassword",
    }
}

/// A post confirmation event as Cognito sends it.
pub type PostConfirmationEvent = TriggerEvent<ConfirmationSource, wire::Request, EmptyResponse>;

impl Event for PostConfirmationEvent {
    const TRIGGER: Trigger = Trigger::PostConfirmation;
    const ON_TIMEOUT: OnTimeout = OnTimeout::Fail;
    type Request = ConfirmationRequest;
    type Decision = ();

    fn request(&self) -> ConfirmationRequest {
        ConfirmationRequest {
            source: self.trigger_source.clone(),
            user: UserContext::of(self, |r| &r.user_attributes, |r| &r.client_metadata),
        }
    }

    fn source(&self) -> &str {
        self.trigger_source.as_str()
    }
}

/// What a post confirmation hook sees: an owned view of the request.
#[derive(Clone, Debug)]
pub struct ConfirmationRequest {
    pub(crate) source: ConfirmationSource,
    pub(crate) user: UserContext,
}

impl ConfirmationRequest {
    /// Why the trigger fired: a confirmed sign-up or a confirmed password reset.
    pub fn source(&self) -> &ConfirmationSource {
        &self.source
    }
}

user_view!(ConfirmationRequest);

/// A post confirmation hook: runs after a user is confirmed. Its decision is `()`: there is
/// nothing to write back.
///
/// - **Rejection:** [`HookError::reject`](crate::HookError::reject) makes the API call fail
///   with `PostConfirmation failed with error <message>.` — but the user **is already
///   confirmed**; use it to tell the app, not to undo anything. Logged once at info.
/// - **Error:** any other error is logged at error with its cause chain; the caller sees the
///   [generic message](crate::GENERIC_USER_MESSAGE), the user stays confirmed.
/// - **Timeout:** past its [budget](crate::lifecycle::hook_budget) the call fails with the
///   generic message, so the app knows the follow-up work did not happen.
///
/// ```
/// use cognito_triggers::post_confirmation::{ConfirmationRequest, PostConfirmation};
/// use cognito_triggers::HookError;
///
/// struct Welcome;
///
/// impl PostConfirmation for Welcome {
///     async fn post_confirmation(&self, request: ConfirmationRequest) -> Result<(), HookError> {
///         let Some(email) = request.attribute("email") else { return Ok(()) };
///         tracing::info!(%email, "would send a welcome mail");
///         Ok(())
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    note = "implement the trait, or wrap an async closure in this module's `from_fn`"
)]
pub trait PostConfirmation: Send + Sync + 'static {
    /// Acts on one confirmation.
    fn post_confirmation(
        &self,
        request: ConfirmationRequest,
    ) -> impl Future<Output = Result<(), HookError>> + Send;
}

hook_glue!(PostConfirmation::post_confirmation for PostConfirmationEvent, ConfirmationRequest => ());

#[cfg(feature = "testing")]
impl ConfirmationRequest {
    /// A post confirmation event builder for `source`, from its sample event.
    pub fn builder(
        source: ConfirmationSource,
    ) -> crate::testing::builder::EventBuilder<PostConfirmationEvent> {
        crate::testing::builder::EventBuilder::new(source.as_str())
    }
}
