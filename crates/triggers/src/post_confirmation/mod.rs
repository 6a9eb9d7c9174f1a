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

use crate::event::{EmptyResponse, TriggerEvent};
use crate::lifecycle::{UserContext, define_hook, trigger_event, user_view};

pub use crate::event::ConfirmationSource;

/// A post confirmation event as Cognito sends it.
pub type PostConfirmationEvent = TriggerEvent<ConfirmationSource, wire::Request, EmptyResponse>;

trigger_event! {
    PostConfirmationEvent => PostConfirmation, Fail, ();
    fn request(&self) -> ConfirmationRequest {
        ConfirmationRequest {
            source: self.trigger_source.clone(),
            user: UserContext::of(self, |r| &r.user_attributes, |r| &r.client_metadata),
        }
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

define_hook! {
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
    pub trait PostConfirmation for PostConfirmationEvent {
        /// Acts on one confirmation.
        fn post_confirmation(&self, request: ConfirmationRequest) -> ();
    }
}
