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

use crate::event::{EmptyResponse, Trigger, TriggerEvent};
use crate::lifecycle::{self, OnTimeout, define_hook, request_map, user_view};
use crate::{AttributeMap, Invocation};

pub use crate::event::PostAuthSource;

/// A post authentication event as Cognito sends it.
pub type PostAuthenticationEvent = TriggerEvent<PostAuthSource, wire::Request, EmptyResponse>;

impl lifecycle::Event for PostAuthenticationEvent {
    const TRIGGER: Trigger = Trigger::PostAuthentication;
    const ON_TIMEOUT: OnTimeout = OnTimeout::KeepEvent;
    type Request = PostAuthRequest;
    type Decision = ();

    fn request(&self) -> PostAuthRequest {
        let request = self.request.as_option();
        PostAuthRequest {
            invocation: Invocation::of(self),
            user_attributes: request_map(request, |request| &request.user_attributes),
            client_metadata: request_map(request, |request| &request.client_metadata),
            new_device_used: request
                .and_then(|request| request.new_device_used.as_option().copied()),
        }
    }

    fn source(&self) -> &str {
        self.trigger_source.as_str()
    }
}

/// What a post authentication hook sees: an owned view of the request.
#[derive(Clone, Debug)]
pub struct PostAuthRequest {
    pub(crate) invocation: Invocation,
    pub(crate) user_attributes: AttributeMap,
    pub(crate) client_metadata: AttributeMap,
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
