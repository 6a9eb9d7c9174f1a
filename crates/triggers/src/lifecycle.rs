//! The life of one invocation, written once for every trigger.
//!
//! ```text
//! typed event ──Event::request──▶ request view ──Hook::call──▶ decision ──Decision::check──┐
//!                                 (under the time budget)                                  │
//!      event with `response` ◀──────────────────Decision::write_to─────────────────────────┘
//! ```
//!
//! A trigger module supplies only its vocabulary: the wire event, an [`Event`] impl (how to
//! build the request view, what happens when the hook runs out of time), the view, and a
//! [`Decision`] that writes itself into the event (as axum's `IntoResponse` owns the wire format).
//! The time budget, the rule check, error mapping and logging are here, in [`handle`]. Moving
//! bytes to it and back — decoding, the Lambda serve loop — is [`serve`](crate::serve)'s job.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lambda_runtime::{Context, LambdaEvent};
use serde::Serialize;
use serde::de::DeserializeOwned;

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
    fn check(&self, event: &E) -> Result<(), crate::rules::DecisionViolation> {
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

/// A hook for the trigger of event type `E`.
///
/// You do not implement this trait: implement the trigger's own trait ([`PreSignUp`],
/// [`CustomMessage`], [`UserMigration`]), or wrap an async closure in the trigger module's
/// `from_fn`; every implementor of a trigger's trait is a `Hook` for its event. It is what the
/// generic [`handle`] and [`serve::run`](crate::serve::run) take.
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
            if let Err(violation) = decision.check(&event) {
                let error = HookError::failed(format!(
                    "the decision breaks Cognito's rule {}: {violation}",
                    violation.rule()
                ));
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
