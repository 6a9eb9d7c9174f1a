//! The time budget of a hook: Cognito waits at most 5 seconds for a trigger, then retries.

use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lambda_runtime::Context;

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

/// Runs `hook` for at most `budget`; `None` when it ran out of time.
pub(crate) async fn within<T>(budget: Duration, hook: impl Future<Output = T>) -> Option<T> {
    tokio::time::timeout(budget, hook).await.ok()
}
