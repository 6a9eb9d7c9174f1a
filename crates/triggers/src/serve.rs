//! Serving a hook on Lambda: the Runtime API loop (with reconnects), raw JSON in and out, and
//! decoding. The [lifecycle](crate::lifecycle) runs each decoded event; this module only moves
//! bytes to it and back.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use lambda_runtime::{Context, Diagnostic, LambdaEvent, service_fn};
use serde::Serialize;
use serde_json::value::{RawValue, to_raw_value};

use crate::decode::decode_event;
use crate::error::TriggerError;
use crate::lifecycle::{Event, Hook, handle};

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

/// Ends a function that cannot start (a missing or invalid setting): logs `error` as one error
/// record, prints `<function>: refusing to start: <error>` as one line on standard error (where
/// `cargo lambda watch` and a terminal show it), and returns the failed exit code for `main`.
///
/// ```no_run
/// use std::process::ExitCode;
///
/// #[tokio::main(flavor = "current_thread")]
/// async fn main() -> ExitCode {
///     let Ok(table) = std::env::var("USERS_TABLE") else {
///         return cognito_triggers::serve::refuse_to_start(
///             "my-trigger",
///             &"USERS_TABLE is not set; set it to the table of users",
///         );
///     };
///     # let _ = table;
///     cognito_triggers::serve::exit_code(
///         "my-trigger",
///         cognito_triggers::pre_sign_up::run(cognito_triggers::CognitoDefault).await,
///     )
/// }
/// ```
pub fn refuse_to_start(function: &str, error: &dyn fmt::Display) -> std::process::ExitCode {
    crate::logging::init();
    let error = one_line(error);
    tracing::error!(function, error = error.as_str(), "refusing to start");
    eprintln!("{function}: refusing to start: {error}");
    std::process::ExitCode::FAILURE
}

/// The exit code of a function whose serve loop returned: success, or one line
/// `<function>: <error>` on standard error and a failed exit.
pub fn exit_code(function: &str, outcome: Result<(), crate::Error>) -> std::process::ExitCode {
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{function}: {}", one_line(&error));
            std::process::ExitCode::FAILURE
        }
    }
}

/// `text` on one line: line breaks and runs of whitespace become one space.
fn one_line(text: &dyn fmt::Display) -> String {
    text.to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn refusals_fit_on_one_line() {
        assert_eq!(
            one_line(&"set   LEGACY_DATABASE_URL\n  or LEGACY_USE_DEMO_STORE"),
            "set LEGACY_DATABASE_URL or LEGACY_USE_DEMO_STORE"
        );
    }
}
