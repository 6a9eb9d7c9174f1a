//! The time budget of a hook: Cognito waits at most 5 seconds for a trigger, then retries.

use std::fmt;
use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lambda_runtime::Context;

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
/// use cognito_triggers::deadline::{hook_budget, COGNITO_TIMEOUT, SAFETY_MARGIN};
/// use cognito_triggers::Context;
///
/// assert_eq!(hook_budget(&Context::default()), COGNITO_TIMEOUT - SAFETY_MARGIN);
/// ```
pub fn hook_budget(context: &Context) -> Duration {
    let cognito_budget = COGNITO_TIMEOUT - SAFETY_MARGIN;
    if context.deadline < EARLIEST_PLAUSIBLE_DEADLINE_MS {
        return cognito_budget;
    }
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |now| u64::try_from(now.as_millis()).unwrap_or(u64::MAX));
    let remaining = Duration::from_millis(context.deadline.saturating_sub(now_ms));
    remaining.saturating_sub(SAFETY_MARGIN).min(cognito_budget)
}

/// What a hook run under its budget came to, when it did not fail.
pub(crate) enum Outcome<T> {
    /// The hook decided in time.
    Decided(T),
    /// The hook was stopped when its budget ran out.
    OutOfTime(Duration),
}

/// Runs `hook` for at most the [`hook_budget`] of `context`. A hook error becomes a logged
/// [`TriggerError`]; running out of time is left to the trigger, whose outcome differs.
pub(crate) async fn run_hook<T>(
    trigger: Trigger,
    trigger_source: &(dyn fmt::Display + Sync),
    context: &Context,
    hook: impl Future<Output = Result<T, HookError>>,
) -> Result<Outcome<T>, TriggerError> {
    let budget = hook_budget(context);
    match tokio::time::timeout(budget, hook).await {
        Ok(Ok(decision)) => Ok(Outcome::Decided(decision)),
        Ok(Err(error)) => Err(crate::log_failure(
            error.into_trigger_error(trigger),
            trigger_source,
        )),
        Err(_elapsed) => Ok(Outcome::OutOfTime(budget)),
    }
}

/// The logged error of a hook that ran out of time, for triggers where that fails the call.
pub(crate) fn out_of_time(
    trigger: Trigger,
    budget: Duration,
    trigger_source: &dyn fmt::Display,
) -> TriggerError {
    crate::log_failure(
        TriggerError::DeadlineExceeded { trigger, budget },
        trigger_source,
    )
}
