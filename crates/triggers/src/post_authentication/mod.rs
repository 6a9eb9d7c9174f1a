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

use std::future::Future;

use crate::HookError;
use crate::event::{EmptyResponse, TriggerEvent};
use crate::event::{Trigger, trigger_sources};
use crate::glue::hook_glue;
use crate::lifecycle::{Event, OnTimeout};
use crate::view::{UserContext, user_view};

trigger_sources! {
    /// Why the post authentication trigger fired.
    PostAuthSource, "PostAuthentication" {
        /// `PostAuthentication_Authentication`: a completed sign-in.
        Authentication => "PostAuthentication_Authentication",
    }
}

/// A post authentication event as Cognito sends it.
pub type PostAuthenticationEvent = TriggerEvent<PostAuthSource, wire::Request, EmptyResponse>;

impl Event for PostAuthenticationEvent {
    const TRIGGER: Trigger = Trigger::PostAuthentication;
    const ON_TIMEOUT: OnTimeout = OnTimeout::KeepEvent;
    type Request = PostAuthRequest;
    type Decision = ();

    fn request(&self) -> PostAuthRequest {
        PostAuthRequest {
            user: UserContext::of(self, |r| &r.user_attributes, |r| &r.client_metadata),
            new_device_used: self
                .request
                .as_option()
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
#[diagnostic::on_unimplemented(
    note = "implement the trait, or wrap an async closure in this module's `from_fn`"
)]
pub trait PostAuthentication: Send + Sync + 'static {
    /// Acts on one sign-in.
    fn post_authentication(
        &self,
        request: PostAuthRequest,
    ) -> impl Future<Output = Result<(), HookError>> + Send;
}

hook_glue!(PostAuthentication::post_authentication for PostAuthenticationEvent, PostAuthRequest => ());

#[cfg(feature = "testing")]
impl crate::testing::builder::EventBuilder<PostAuthenticationEvent> {
    /// `newDeviceUsed`; `None` removes it, as when the pool does not remember devices.
    pub fn new_device_used(self, used: Option<bool>) -> Self {
        match used {
            Some(used) => self.request_member("newDeviceUsed", used),
            None => self.without_request_member("newDeviceUsed"),
        }
    }
}

#[cfg(feature = "testing")]
impl PostAuthRequest {
    /// A post authentication event builder, from its sample event.
    pub fn builder() -> crate::testing::builder::EventBuilder<PostAuthenticationEvent> {
        crate::testing::builder::EventBuilder::new(PostAuthSource::Authentication.as_str())
    }
}
