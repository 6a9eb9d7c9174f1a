//! The post authentication trigger: act after a sign-in (audit, new-device alert). Nothing is
//! written back.
//!
//! ```no_run
//! use cognito_triggers::post_authentication::{self, PostAuthRequest};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     post_authentication::run(post_authentication::from_fn(|request: PostAuthRequest| async move {
//!         if request.new_device_used() == Some(true) {
//!             tracing::info!(user = request.username(), "sign-in from a new device");
//!         }
//!         Ok(())
//!     }))
//!     .await
//! }
//! ```

pub mod wire;

use crate::event::{EmptyResponse, TriggerEvent};
use crate::lifecycle::{UserContext, define_hook, trigger_event, user_view};

pub use crate::event::PostAuthSource;

/// A post authentication event as Cognito sends it.
pub type PostAuthenticationEvent = TriggerEvent<PostAuthSource, wire::Request, EmptyResponse>;

trigger_event! {
    PostAuthenticationEvent => PostAuthentication, KeepEvent, ();
    fn request(&self) -> PostAuthRequest {
        PostAuthRequest {
            user: UserContext::of(self, |r| &r.user_attributes, |r| &r.client_metadata),
            new_device_used: self
                .request
                .as_option()
                .and_then(|request| request.new_device_used.as_option().copied()),
        }
    }
}

/// What a post authentication hook sees: an owned view of the request.
#[derive(Clone, Debug)]
pub struct PostAuthRequest {
    pub(crate) user: UserContext,
    pub(crate) new_device_used: Option<bool>,
}

impl PostAuthRequest {
    /// Whether the sign-in came from a device Cognito had not seen; `None` when the pool does
    /// not remember devices (Cognito then does not send the flag).
    pub fn new_device_used(&self) -> Option<bool> {
        self.new_device_used
    }
}

user_view!(PostAuthRequest);

define_hook! {
    /// A post authentication hook: runs after a successful sign-in. Its decision is `()`.
    ///
    /// - **Rejection:** [`HookError::reject`](crate::HookError::reject) fails the sign-in with
    ///   `PostAuthentication failed with error <message>.`; no tokens are issued. Logged at info.
    /// - **Error:** any other error is logged at error with its cause chain; the sign-in fails
    ///   with the [generic message](crate::GENERIC_USER_MESSAGE).
    /// - **Timeout:** past its [budget](crate::lifecycle::hook_budget) the event is returned
    ///   unchanged and the sign-in completes (a warning is logged): an audit hook that is slow
    ///   must not lock users out. Reject explicitly when the hook must decide.
    ///
    /// ```
    /// use cognito_triggers::post_authentication::{PostAuthRequest, PostAuthentication};
    /// use cognito_triggers::HookError;
    ///
    /// struct Audit;
    ///
    /// impl PostAuthentication for Audit {
    ///     async fn post_authentication(&self, request: PostAuthRequest) -> Result<(), HookError> {
    ///         tracing::info!(user = request.username(), new_device = ?request.new_device_used(), "signed in");
    ///         Ok(())
    ///     }
    /// }
    /// ```
    pub trait PostAuthentication for PostAuthenticationEvent {
        /// Acts on one sign-in.
        fn post_authentication(&self, request: PostAuthRequest) -> ();
    }
}
