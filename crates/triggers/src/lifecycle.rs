//! The life of one invocation, written once for every trigger.
//!
//! ```text
//! JSON payload ──decode──▶ typed event ──Event::request──▶ request view ──Hook::call──▶ decision
//!      ▲                                                   (under the time budget)        │
//!      └──────────encode────────── event with `response` ◀──Decision::write_to───────────┘
//! ```
//!
//! A trigger module supplies only its vocabulary: the wire event, an [`Event`] impl (how to
//! build the request view, what happens when the hook runs out of time), the view, and a
//! [`Decision`] that writes itself into the event (as axum's `IntoResponse` owns the wire format).
//! Everything else — the budget, error mapping, logging, the Lambda serve loop — is here, used by
//! every trigger's `handle` and `run` and by [`Router`](crate::Router).

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lambda_runtime::{Context, Diagnostic, LambdaEvent, service_fn};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::{RawValue, to_raw_value};

use crate::decode::decode_event;
use crate::error::{HookError, TriggerError};
use crate::event::Trigger;

/// How long Cognito waits for a trigger before it gives up on the attempt.
pub const COGNITO_TIMEOUT: Duration = Duration::from_secs(5);

/// Time kept back from the budget to write the response and get it to Cognito.
pub const SAFETY_MARGIN: Duration = Duration::from_millis(500);

/// 2001-09-09 in Unix milliseconds: any real Lambda deadline is later than this.
pub const EARLIEST_PLAUSIBLE_DEADLINE_MS: u64 = 1_000_000_000_000;

/// The time a hook may take for this invocation: the lesser of Cognito's 5 s and the Lambda
/// deadline in `context`, minus [`SAFETY_MARGIN`].
///
/// A context without a usable deadline gets the full Cognito budget: 0 (as in
/// `Context::default()`), or any value before [`EARLIEST_PLAUSIBLE_DEADLINE_MS`] — local
/// emulators such as `cargo lambda watch` send the function timeout (e.g. `600000`) where Lambda
/// sends a Unix timestamp in milliseconds.
///
/// ```
/// use cognito_triggers::lifecycle::{hook_budget, COGNITO_TIMEOUT, SAFETY_MARGIN};
/// use cognito_triggers::Context;
///
/// assert_eq!(hook_budget(&Context::default()), COGNITO_TIMEOUT - SAFETY_MARGIN);
/// ```
pub fn hook_budget(context: &Context) -> Duration {
    let cognito_budget = COGNITO_TIMEOUT - SAFETY_MARGIN;
    if context.deadline < EARLIEST_PLAUSIBLE_DEADLINE_MS {
        return cognito_budget;
    }
    let remaining = Duration::from_millis(context.deadline.saturating_sub(now_unix_ms()));
    remaining.saturating_sub(SAFETY_MARGIN).min(cognito_budget)
}

/// The time a hook of an asynchronously invoked trigger (the custom senders) may take: the
/// Lambda deadline in `context` minus [`SAFETY_MARGIN`]. Nobody waits for these, so Cognito's
/// 5 s do not apply; the function's own timeout does. Without a usable deadline, as
/// [`hook_budget`].
pub fn async_hook_budget(context: &Context) -> Duration {
    if context.deadline < EARLIEST_PLAUSIBLE_DEADLINE_MS {
        return COGNITO_TIMEOUT - SAFETY_MARGIN;
    }
    Duration::from_millis(context.deadline.saturating_sub(now_unix_ms()))
        .saturating_sub(SAFETY_MARGIN)
}

/// Milliseconds since the Unix epoch (0 if the clock is before it).
pub(crate) fn now_unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |now| u64::try_from(now.as_millis()).unwrap_or(u64::MAX))
}

/// What happens when a hook does not decide within its [budget](hook_budget).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnTimeout {
    /// Return the event as it came: Cognito does what it does without the trigger (custom
    /// message: the pool's own message, so the user still gets a code).
    KeepEvent,
    /// Fail the invocation with [`TriggerError::DeadlineExceeded`]: Cognito shows the generic
    /// message rather than acting on no decision.
    Fail,
}

/// A trigger event the lifecycle can run a hook for. Implemented by each trigger's event type
/// ([`PreSignUpEvent`](crate::pre_sign_up::PreSignUpEvent), …); not meant to be implemented
/// outside this crate.
pub trait Event: Serialize + DeserializeOwned + Send + 'static {
    /// The trigger, as Cognito names it in errors.
    const TRIGGER: Trigger;
    /// What happens when the hook runs out of time.
    const ON_TIMEOUT: OnTimeout;
    /// Whether Cognito invokes the trigger asynchronously (the custom senders): the hook then
    /// gets the Lambda deadline ([`async_hook_budget`]) instead of Cognito's 5 s.
    const ASYNCHRONOUS: bool = false;
    /// The owned view a hook receives.
    type Request: Send + 'static;
    /// What a hook returns.
    type Decision: Decision<Self>;

    /// The view of this event's request.
    fn request(&self) -> Self::Request;

    /// The `triggerSource`, for logs.
    fn source(&self) -> &str;
}

/// A hook's decision, which knows how to write itself into its event's `response`.
pub trait Decision<E>: Send + Sized + 'static {
    /// Writes the decision into `event` (normally its `response`), checking Cognito's rules
    /// where the trigger has them.
    fn write_to(self, event: &mut E);

    /// Reads the decision back from a returned event: what tests and the simulator assert on.
    fn read_from(event: &E) -> Self;

    /// Checks the decision against Cognito's rules for `event` before it is written; `Err` names
    /// the broken rule. [`handle`] turns it into [`TriggerError::HookFailed`] (logged at error
    /// with the rule; Cognito shows the generic message) instead of returning a response Cognito
    /// would refuse. The default accepts every decision.
    fn check(&self, event: &E) -> Result<(), String> {
        let _ = event;
        Ok(())
    }
}

/// The decision of triggers that write nothing back (post confirmation, pre and post
/// authentication): `Ok(())` lets the flow go on, [`HookError::reject`] stops it.
impl<S, Req, Resp> Decision<crate::event::TriggerEvent<S, Req, Resp>> for () {
    fn write_to(self, _event: &mut crate::event::TriggerEvent<S, Req, Resp>) {}

    fn read_from(_event: &crate::event::TriggerEvent<S, Req, Resp>) -> Self {}
}

/// The facts every request view with a user shares: the envelope, the user's attributes and the
/// call's `clientMetadata` (both empty when absent or `null`). Read through [`user_view!`].
#[derive(Clone, Debug, Default)]
pub(crate) struct UserContext {
    pub(crate) invocation: crate::Invocation,
    pub(crate) user_attributes: crate::AttributeMap,
    pub(crate) client_metadata: crate::AttributeMap,
}

impl UserContext {
    /// The user context of `event`, its request's maps picked by `attributes` and `metadata`.
    pub(crate) fn of<S, Req, Resp>(
        event: &crate::event::TriggerEvent<S, Req, Resp>,
        attributes: fn(&Req) -> &crate::Field<crate::AttributeMap>,
        metadata: fn(&Req) -> &crate::Field<crate::AttributeMap>,
    ) -> Self {
        let request = event.request.as_option();
        Self {
            invocation: crate::Invocation::of(event),
            user_attributes: request_map(request, attributes),
            client_metadata: request_map(request, metadata),
        }
    }
}

/// Whether the flag `pick` selects from an optional request is `true` (absent and `null` are
/// `false`).
pub(crate) fn request_flag<R>(request: Option<&R>, pick: fn(&R) -> &crate::Field<bool>) -> bool {
    request.is_some_and(|request| pick(request).as_option() == Some(&true))
}

/// The string map `pick` selects from an optional request, empty when absent or `null`.
pub(crate) fn request_map<R>(
    request: Option<&R>,
    pick: fn(&R) -> &crate::Field<crate::AttributeMap>,
) -> crate::AttributeMap {
    request
        .and_then(|request| pick(request).as_option().cloned())
        .unwrap_or_default()
}

/// A hook for the trigger of event type `E`.
///
/// You do not implement this trait: implement the trigger's own trait ([`PreSignUp`],
/// [`CustomMessage`], [`UserMigration`]), or wrap an async closure in the trigger module's
/// `from_fn`; every implementor of a trigger's trait is a `Hook` for its event. It is what the
/// generic [`handle`] and [`run`] take.
///
/// [`PreSignUp`]: crate::pre_sign_up::PreSignUp
/// [`CustomMessage`]: crate::custom_message::CustomMessage
/// [`UserMigration`]: crate::user_migration::UserMigration
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a hook for `{E}`",
    note = "implement the trigger's hook trait (`PreSignUp`, `CustomMessage`, `UserMigration`), or wrap an async closure in the trigger module's `from_fn`"
)]
pub trait Hook<E: Event>: Send + Sync + 'static {
    /// Decides on one request.
    fn call(
        &self,
        request: E::Request,
    ) -> impl Future<Output = Result<E::Decision, HookError>> + Send;
}

/// A hook made from an async closure by a trigger module's `from_fn`.
pub struct HookFn<F, E> {
    f: F,
    event: PhantomData<fn() -> E>,
}

impl<F, E> HookFn<F, E> {
    /// Wraps `f`; the trigger modules' `from_fn` fix `E` so that closure arguments are inferred.
    pub fn new(f: F) -> Self {
        Self {
            f,
            event: PhantomData,
        }
    }
}

impl<F: Clone, E> Clone for HookFn<F, E> {
    fn clone(&self) -> Self {
        Self::new(self.f.clone())
    }
}

impl<F, E> fmt::Debug for HookFn<F, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HookFn<{}>", std::any::type_name::<E>())
    }
}

impl<F, E> HookFn<F, E> {
    /// The wrapped closure.
    pub(crate) fn function(&self) -> &F {
        &self.f
    }
}

/// The hook that decides nothing, for any trigger: Cognito behaves as if the trigger were not
/// set (a sign-up proceeds unchanged, the pool's own message is sent, no legacy user is found).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CognitoDefault;

/// Runs `hook` on one event and returns the event with the decision written into it, without
/// the Lambda runtime: what every trigger's `handle` and `run` do, and what tests call.
///
/// The hook runs for at most [`hook_budget`]; a rejection is logged once at info, any other
/// failure once at error with its cause chain.
///
/// # Errors
///
/// [`TriggerError::Rejected`] when the hook refused, [`TriggerError::HookFailed`] when it failed,
/// [`TriggerError::DeadlineExceeded`] when it ran past its budget and the trigger's
/// [`OnTimeout`] is `Fail`.
pub async fn handle<E: Event, H: Hook<E> + ?Sized>(
    hook: &H,
    event: LambdaEvent<E>,
) -> Result<E, TriggerError> {
    let (mut event, context) = event.into_parts();
    let budget = if E::ASYNCHRONOUS {
        async_hook_budget(&context)
    } else {
        hook_budget(&context)
    };
    match tokio::time::timeout(budget, hook.call(event.request())).await {
        Ok(Ok(decision)) => {
            if let Err(rule) = decision.check(&event) {
                let error =
                    HookError::failed(format!("the decision breaks Cognito's rules: {rule}"));
                return Err(log_failure(
                    error.into_trigger_error(E::TRIGGER),
                    event.source(),
                ));
            }
            decision.write_to(&mut event);
            tracing::debug!(trigger_source = event.source(), "decision written");
            Ok(event)
        }
        Ok(Err(error)) => Err(log_failure(
            error.into_trigger_error(E::TRIGGER),
            event.source(),
        )),
        Err(_elapsed) => match E::ON_TIMEOUT {
            OnTimeout::KeepEvent => {
                tracing::warn!(
                    trigger_source = event.source(),
                    budget_ms = budget.as_millis(),
                    "hook ran out of time; returning the event unchanged"
                );
                Ok(event)
            }
            OnTimeout::Fail => Err(log_failure(
                TriggerError::DeadlineExceeded {
                    trigger: E::TRIGGER,
                    budget,
                },
                event.source(),
            )),
        },
    }
}

/// Decodes `json` as an `E`, runs [`handle`] and encodes the returned event: one invocation,
/// bytes in, bytes out, as [`run`] serves it.
///
/// # Errors
///
/// [`TriggerError::InvalidEvent`] when `json` is not an `E` (logged by [`run`], not here);
/// otherwise what [`handle`] returns.
pub async fn handle_json<E: Event, H: Hook<E> + ?Sized>(
    hook: &H,
    json: &[u8],
    context: Context,
) -> Result<Box<RawValue>, TriggerError> {
    let event = decode_event::<E>(json)?;
    let returned = handle(hook, LambdaEvent::new(event, context)).await?;
    to_raw_value(&returned).map_err(|error| TriggerError::InvalidEvent {
        trigger: Some(E::TRIGGER),
        detail: format!("the event could not be written back: {error}"),
    })
}

/// Serves `hook` as a Lambda function for the trigger of `E`: JSON logs for CloudWatch, one
/// event at a time, until the runtime stops. What every trigger's `run` calls.
///
/// # Errors
///
/// When the Lambda Runtime API cannot be reached (for example outside Lambda).
pub async fn run<E: Event, H: Hook<E>>(hook: H) -> Result<(), crate::Error> {
    let hook = Arc::new(hook);
    serve(move |payload, context| {
        let hook = Arc::clone(&hook);
        // What handle_json does, except that the runtime encodes the returned event straight
        // into the response body: one serialization, no intermediate copy.
        async move {
            let event = decode_event::<E>(payload.get().as_bytes())?;
            handle(&*hook, LambdaEvent::new(event, context)).await
        }
    })
    .await
}

/// Logs a failed invocation once, at a level that fits: a rejection is an expected outcome
/// (info), the rest are operator problems (error). Only the error is logged, never the event.
pub(crate) fn log_failure(error: TriggerError, trigger_source: &str) -> TriggerError {
    match &error {
        TriggerError::Rejected {
            message, reason, ..
        } => {
            tracing::info!(
                trigger_source,
                rejection = message.as_str(),
                reason = *reason,
                "request rejected by the hook"
            );
        }
        _ => {
            tracing::error!(trigger_source, error = %error, error_type = error.error_type(), "trigger failed");
        }
    }
    error
}

/// The error handed to the Lambda runtime: already logged by [`handle`], so its `Debug` (which
/// the runtime logs) says only what kind it is.
struct Reported(Diagnostic);

impl fmt::Debug for Reported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (logged above)", self.0.error_type)
    }
}

impl From<Reported> for Diagnostic {
    fn from(reported: Reported) -> Self {
        reported.0
    }
}

/// The Lambda serve loop every function of this crate runs: checks the environment, installs
/// the JSON logs, then hands each raw payload to `handler` and its result to the runtime.
pub(crate) async fn serve<F, Fut, R>(handler: F) -> Result<(), crate::Error>
where
    F: Fn(Box<RawValue>, Context) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<R, TriggerError>> + Send,
    R: Serialize + Send + 'static,
{
    crate::logging::check_lambda_environment()?;
    crate::logging::init();
    let handler = Arc::new(handler);
    let mut reconnects = 0;
    loop {
        let started = std::time::Instant::now();
        let handler = Arc::clone(&handler);
        let outcome = lambda_runtime::run(service_fn(move |event: LambdaEvent<Box<RawValue>>| {
            let handler = Arc::clone(&handler);
            async move {
                let (payload, context) = event.into_parts();
                handler(payload, context).await.map_err(|error| {
                    // Hook outcomes are logged by `handle`; a payload that never reached one is here.
                    if matches!(error, TriggerError::InvalidEvent { .. }) {
                        tracing::error!(error = %error, "rejected an undecodable event");
                    }
                    Reported(Diagnostic::from(error))
                })
            }
        }))
        .await;
        let Err(error) = outcome else { return Ok(()) };
        // The runtime loop ends on a Runtime API transport error (a dropped or refused
        // connection). A short outage is survived in place, keeping the warm instance; a lasting
        // one ends the process as before, and Lambda starts a new environment.
        if started.elapsed() > RECONNECT_WINDOW {
            reconnects = 0;
        }
        reconnects += 1;
        if reconnects > MAX_RECONNECTS {
            tracing::error!(error = %error, "the Lambda Runtime API stays unreachable; exiting");
            return Err(error);
        }
        let pause = RECONNECT_PAUSE * 2u32.pow(reconnects - 1);
        tracing::warn!(
            error = %error,
            attempt = reconnects,
            pause_ms = pause.as_millis(),
            "the Lambda Runtime API connection failed; reconnecting"
        );
        tokio::time::sleep(pause).await;
    }
}

/// Consecutive Runtime API failures survived in place before the process exits.
const MAX_RECONNECTS: u32 = 6;
/// The first pause before reconnecting; it doubles with each consecutive failure (0.05 s to
/// 1.6 s, about 3 s in all).
const RECONNECT_PAUSE: Duration = Duration::from_millis(50);
/// A runtime loop that served this long counts as recovered: the failure count starts over.
const RECONNECT_WINDOW: Duration = Duration::from_secs(10);

/// Defines a trigger's hook trait and its glue: the trait (with its `on_unimplemented` hint),
/// the [`Hook`] impl for every implementor, the `from_fn` and [`CognitoDefault`] impls,
/// `from_fn`, `handle` and `run`.
macro_rules! define_hook {
    (
        $(#[$meta:meta])*
        pub trait $trait:ident for $event:ty {
            $(#[$method_meta:meta])*
            fn $method:ident(&self, request: $request:ty) -> $decision:ty;
        }
    ) => {

        $(#[$meta])*
        #[diagnostic::on_unimplemented(
            note = "implement the trait, or wrap an async closure in this module's `from_fn`"
        )]
        pub trait $trait: Send + Sync + 'static {
            $(#[$method_meta])*
            fn $method(
                &self,
                request: $request,
            ) -> impl ::std::future::Future<
                Output = ::std::result::Result<$decision, $crate::HookError>,
            > + Send;
        }

        impl<H: $trait + ?Sized> $crate::lifecycle::Hook<$event> for H {
            fn call(
                &self,
                request: $request,
            ) -> impl ::std::future::Future<
                Output = ::std::result::Result<$decision, $crate::HookError>,
            > + Send {
                self.$method(request)
            }
        }

        impl<F, Fut> $trait for $crate::lifecycle::HookFn<F, $event>
        where
            F: Fn($request) -> Fut + Send + Sync + 'static,
            Fut: ::std::future::Future<
                Output = ::std::result::Result<$decision, $crate::HookError>,
            > + Send,
        {
            fn $method(
                &self,
                request: $request,
            ) -> impl ::std::future::Future<
                Output = ::std::result::Result<$decision, $crate::HookError>,
            > + Send {
                (self.function())(request)
            }
        }

        impl $trait for $crate::CognitoDefault {
            async fn $method(
                &self,
                _request: $request,
            ) -> ::std::result::Result<$decision, $crate::HookError> {
                Ok(<$decision>::default())
            }
        }

        #[doc = concat!("Makes a hook from an async closure taking a [`", stringify!($request), "`].")]
        pub fn from_fn<F, Fut>(f: F) -> $crate::lifecycle::HookFn<F, $event>
        where
            F: Fn($request) -> Fut + Send + Sync + 'static,
            Fut: ::std::future::Future<
                Output = ::std::result::Result<$decision, $crate::HookError>,
            > + Send,
        {
            $crate::lifecycle::HookFn::new(f)
        }

        /// Runs `hook` on one event and returns the event with the decision written into it,
        /// without the Lambda runtime: what [`run`] serves, and what tests call. See
        /// [`lifecycle::handle`](crate::lifecycle::handle).
        ///
        /// # Errors
        ///
        /// A rejection, a failure, or (where the trigger fails on it) running out of time, each
        /// logged once.
        pub async fn handle<H: $trait + ?Sized>(
            hook: &H,
            event: $crate::LambdaEvent<$event>,
        ) -> ::std::result::Result<$event, $crate::TriggerError> {
            $crate::lifecycle::handle(hook, event).await
        }

        /// Serves `hook` as a Lambda function: JSON logs for CloudWatch, one event at a time,
        /// until the runtime stops. Every payload is decoded without leaking its values.
        ///
        /// # Errors
        ///
        /// When the Lambda Runtime API cannot be reached (for example outside Lambda).
        pub async fn run<H: $trait>(
            hook: H,
        ) -> ::std::result::Result<(), $crate::Error> {
            $crate::lifecycle::run::<$event, H>(hook).await
        }
    };
}

pub(crate) use define_hook;

/// The accessors every request view with a user shares: `invocation`, `username`,
/// `user_attributes`, `attribute` and `client_metadata`. The view needs a field
/// `user: UserContext`.
macro_rules! user_view {
    (impl<$($generic:ident),*> $view:ty) => {
        impl<$($generic),*> $view {
            /// The user, pool, region and app client of the call.
            pub fn invocation(&self) -> &$crate::Invocation {
                &self.user.invocation
            }

            /// The user name; see [`Invocation::username`](crate::Invocation::username).
            pub fn username(&self) -> &str {
                self.user.invocation.username()
            }

            /// The user's attributes as Cognito sent them.
            pub fn user_attributes(&self) -> &$crate::AttributeMap {
                &self.user.user_attributes
            }

            /// One user attribute as text, e.g. `attribute("email")`.
            pub fn attribute(&self, name: &str) -> Option<::std::borrow::Cow<'_, str>> {
                self.user.user_attributes.get(name)
            }

            /// `clientMetadata` of the API call (empty when none was sent, and for calls that
            /// carry none). Caller-controlled: check it before you trust it, escape it before
            /// you show it.
            pub fn client_metadata(&self) -> &$crate::AttributeMap {
                &self.user.client_metadata
            }
        }
    };
    ($view:ty) => {
        $crate::lifecycle::user_view!(impl<> $view);
    };
}

pub(crate) use user_view;

/// Implements [`Event`] for a trigger's event type: its trigger, its outcome on a timeout, its
/// request view (built by the given body) and decision, and `source` from `triggerSource`.
macro_rules! trigger_event {
    (
        $event:ty => $trigger:ident, $on_timeout:ident, $decision:ty $(, asynchronous = $asynchronous:literal)?;
        fn request(&$this:ident) -> $request:ty $body:block
    ) => {
        impl $crate::lifecycle::Event for $event {
            const TRIGGER: $crate::Trigger = $crate::Trigger::$trigger;
            const ON_TIMEOUT: $crate::lifecycle::OnTimeout = $crate::lifecycle::OnTimeout::$on_timeout;
            $(const ASYNCHRONOUS: bool = $asynchronous;)?
            type Request = $request;
            type Decision = $decision;

            fn request(&$this) -> $request $body

            fn source(&self) -> &str {
                self.trigger_source.as_str()
            }
        }
    };
}

pub(crate) use trigger_event;
