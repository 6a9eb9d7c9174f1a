//! JSON logs for CloudWatch that never carry an event: the subscriber every function of this
//! crate installs, and the [`layer`] to add to a subscriber of your own.
//!
//! The Lambda runtime itself logs two records that must not reach the logs of an
//! authentication trigger, and the layer drops both, at every level:
//!
//! - the raw event body (`lambda_runtime::layers::api_response`, TRACE): it holds the migration
//!   password, codes and client metadata. Every `lambda_runtime` record with a `body` or
//!   `payload` field is dropped, so a move to another module or level is still caught;
//! - the `Debug` form of every error a handler returns (`lambda_runtime::layers::panic`, ERROR):
//!   a rejection is an expected outcome, already logged once at info by the lifecycle, and an
//!   ERROR record must mean an operator problem. The runtime's record of a panic is kept.

use tracing::Metadata;
use tracing_subscriber::Layer;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::LookupSpan;

/// Installs [`subscriber`] on standard output as the global subscriber, once.
///
/// The level comes from `AWS_LAMBDA_LOG_LEVEL`, then `RUST_LOG`, then `info`. Calling it again,
/// or after another subscriber was installed, does nothing (add [`layer`] to yours).
pub fn init() {
    let directives = directives_from_env();
    let _already_set =
        tracing::subscriber::set_global_default(subscriber(&directives, std::io::stdout));
}

/// The log filter from `AWS_LAMBDA_LOG_LEVEL`, then `RUST_LOG`, then `info`.
pub fn directives_from_env() -> String {
    ["AWS_LAMBDA_LOG_LEVEL", "RUST_LOG"]
        .into_iter()
        .find_map(|name| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
        })
        .map_or_else(
            || "info".to_owned(),
            |value| match value.trim().to_lowercase() {
                // Lambda's log levels end at FATAL, which tracing calls error.
                level if level == "fatal" => "error".to_owned(),
                directives => directives,
            },
        )
}

/// The JSON log subscriber of this crate's functions, filtered by `directives` (a level and
/// per-target levels as in `RUST_LOG`, e.g. `"info"` or `"warn,cognito_triggers=debug"`; span and
/// field filters are not supported; invalid directives fall back to `info`, and so does every target
/// not named when no bare level is given) and writing to
/// `writer`. Tests use it to capture what a function would log.
pub fn subscriber<W>(
    directives: &str,
    writer: W,
) -> impl tracing::Subscriber + Send + Sync + 'static
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = directives.parse::<Targets>().unwrap_or_default();
    // Without a bare level, everything not named is at info (not off).
    let filter = match filter.default_level() {
        Some(_) => filter,
        None => filter.with_default(tracing::Level::INFO),
    };
    tracing_subscriber::registry().with(layer(writer).with_filter(filter))
}

/// A JSON formatting layer writing to `writer` that drops the Lambda runtime's records of raw
/// events and of handler errors (see the [module docs](self)). Add it to your own subscriber
/// when you do not use [`init`].
pub fn layer<S, W>(writer: W) -> impl Layer<S> + Send + Sync + 'static
where
    S: tracing::Subscriber + for<'span> LookupSpan<'span>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt::layer()
        .json()
        .with_writer(writer)
        .with_target(false)
        .with_current_span(false)
        .with_ansi(false)
        .with_filter(filter_fn(|metadata| !is_unsafe_runtime_record(metadata)))
}

/// A record of the Lambda runtime that carries an event body, or its `Debug` log of a returned
/// error (the one without an `error` field; its panic record has one).
fn is_unsafe_runtime_record(metadata: &Metadata<'_>) -> bool {
    if !metadata.target().starts_with("lambda_runtime") {
        return false;
    }
    let fields = metadata.fields();
    if fields.field("body").is_some() || fields.field("payload").is_some() {
        return true;
    }
    metadata
        .target()
        .starts_with("lambda_runtime::layers::panic")
        && *metadata.level() == tracing::Level::ERROR
        && fields.field("error").is_none()
}

/// The variables the Lambda runtime needs (it panics without them); checked first so that
/// starting a function outside Lambda is a clear error instead.
const LAMBDA_ENVIRONMENT: [&str; 4] = [
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_RUNTIME_API",
];

/// Checks that the process runs under a Lambda Runtime API (in Lambda, `cargo lambda watch` or
/// `sam local`).
pub(crate) fn check_lambda_environment() -> Result<(), crate::Error> {
    let missing: Vec<&str> = LAMBDA_ENVIRONMENT
        .into_iter()
        .filter(|name| std::env::var_os(name).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "not running under a Lambda Runtime API ({} not set); run it in Lambda, or locally \
             with `cargo lambda watch` and send it an event with `cargo lambda invoke`; in a \
             test, call the trigger's `handle` function with an event",
            missing.join(", ")
        )
        .into());
    }
    let memory = std::env::var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").unwrap_or_default();
    if memory.parse::<i32>().is_err() {
        return Err("AWS_LAMBDA_FUNCTION_MEMORY_SIZE is not a whole number".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_set_a_level_and_per_target_levels() {
        use tracing::subscriber::with_default;

        let logged = |directives: &str| {
            let out = workspace_harness::LogBuffer::default();
            let writer = out.clone();
            with_default(subscriber(directives, move || writer.clone()), || {
                tracing::debug!(target: "cognito_triggers::x", "debug-here");
                tracing::info!(target: "other", "info-there");
                tracing::error!(target: "other", "error-there");
            });
            out.contents()
        };
        let lines = logged("warn,cognito_triggers=debug");
        assert!(lines.contains("debug-here") && lines.contains("error-there"));
        assert!(!lines.contains("info-there"));
        for fallback in ["loud", "cognito_triggers=debug"] {
            let lines = logged(fallback);
            assert!(lines.contains("info-there"), "{fallback}");
        }
        assert!(!logged("loud").contains("debug-here"));
        let lines = logged("error");
        assert!(lines.contains("error-there") && !lines.contains("info-there"));
    }
}
