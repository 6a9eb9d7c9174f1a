//! Decoding payloads safely and serving a hook on the Lambda runtime.

use std::future::Future;
use std::sync::Arc;

use lambda_runtime::{Context, LambdaEvent, service_fn};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{EnvFilter, Layer};

use crate::error::TriggerError;
use crate::event::Trigger;

/// Decodes a trigger event from JSON, naming the failing JSON path but never quoting a value.
///
/// This is how [`run`](crate::pre_sign_up::run) decodes every invocation: a payload that does
/// not decode becomes [`TriggerError::InvalidEvent`] (logged, generic text to Cognito) instead of
/// a serde message shown to the user.
///
/// ```
/// use cognito_triggers::{decode_event, pre_sign_up::PreSignUpEvent, Trigger};
///
/// let error = decode_event::<PreSignUpEvent>(Some(Trigger::PreSignUp), br#"{"triggerSource": 7}"#)
///     .unwrap_err();
/// assert!(error.to_string().contains("triggerSource"));
/// ```
pub fn decode_event<E: DeserializeOwned>(
    trigger: Option<Trigger>,
    json: &[u8],
) -> Result<E, TriggerError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(json);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let mut message = without_string_values(&inner.to_string());
        if inner.is_syntax() || inner.is_eof() {
            message = format!("not valid JSON ({message})");
        }
        let detail = if path == "." || path.is_empty() {
            message
        } else {
            format!("at `{path}`: {message}")
        };
        TriggerError::InvalidEvent { trigger, detail }
    })
}

/// Serde's message with every double-quoted string value replaced by `"…"`: a payload value
/// (a password, say) may be quoted there; field names and types are kept.
fn without_string_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    for c in message.chars() {
        if c == '"' {
            if quoted {
                out.push_str("…\"");
            } else {
                out.push('"');
            }
            quoted = !quoted;
        } else if !quoted {
            out.push(c);
        }
    }
    out
}

/// Installs [`json_subscriber`] on standard output as the global subscriber, once.
///
/// The level comes from `AWS_LAMBDA_LOG_LEVEL`, then `RUST_LOG`, then `info`. Calling it again,
/// or after another subscriber was installed, does nothing.
pub fn init_tracing() {
    let directives = log_directives_from_env();
    let _already_set =
        tracing::subscriber::set_global_default(json_subscriber(&directives, std::io::stdout));
}

/// The log filter from `AWS_LAMBDA_LOG_LEVEL`, then `RUST_LOG`, then `info`.
pub fn log_directives_from_env() -> String {
    ["AWS_LAMBDA_LOG_LEVEL", "RUST_LOG"]
        .into_iter()
        .find_map(|name| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
        })
        .map_or_else(|| "info".to_owned(), |value| value.to_lowercase())
}

/// The JSON log subscriber Lambda functions of this crate use, filtered by `directives`
/// (`RUST_LOG` syntax, e.g. `"info"` or `"trace"`) and writing to `writer`; tests use it to capture
/// what a function would log. Invalid directives fall back to `info`.
///
/// Whatever the level, it drops the Lambda runtime's own TRACE record of the raw event body, which would put the
/// migration password in the logs.
pub fn json_subscriber<W>(
    directives: &str,
    writer: W,
) -> impl tracing::Subscriber + Send + Sync + 'static
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_new(directives).unwrap_or_else(|_| EnvFilter::new("info"));
    let json = tracing_subscriber::fmt::layer()
        .json()
        .with_writer(writer)
        .with_target(false)
        .with_current_span(false)
        .with_ansi(false)
        .with_filter(filter_fn(|metadata| !is_raw_event_record(metadata)));
    tracing_subscriber::registry().with(filter).with(json)
}

/// The Lambda runtime logs every raw event body at TRACE from this module.
fn is_raw_event_record(metadata: &tracing::Metadata<'_>) -> bool {
    *metadata.level() == tracing::Level::TRACE
        && metadata
            .target()
            .starts_with("lambda_runtime::layers::api_response")
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
pub(crate) fn check_lambda_environment() -> Result<(), lambda_runtime::Error> {
    let missing: Vec<&str> = LAMBDA_ENVIRONMENT
        .into_iter()
        .filter(|name| std::env::var_os(name).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "not running under a Lambda Runtime API ({} not set); run it in Lambda, with \
             `cargo lambda watch`, or try an event with `cognito-triggers invoke`",
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

/// Serves `handler` on the Lambda runtime: decodes each payload with [`decode_event`], runs the
/// handler, and returns the event or a [`TriggerError`] (which becomes the Lambda error response).
pub(crate) async fn serve<H, E, F, Fut>(
    trigger: Trigger,
    hook: H,
    handler: F,
) -> Result<(), lambda_runtime::Error>
where
    H: Send + Sync + 'static,
    E: DeserializeOwned + Serialize + Send + 'static,
    F: Fn(Arc<H>, LambdaEvent<E>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<E, TriggerError>> + Send + 'static,
{
    check_lambda_environment()?;
    init_tracing();
    let hook = Arc::new(hook);
    let handler = Arc::new(handler);
    lambda_runtime::run(service_fn(move |raw: LambdaEvent<Box<RawValue>>| {
        let hook = Arc::clone(&hook);
        let handler = Arc::clone(&handler);
        async move {
            let (payload, context): (Box<RawValue>, Context) = raw.into_parts();
            let event = decode_event::<E>(Some(trigger), payload.get().as_bytes()).inspect_err(
                |error| tracing::error!(error = %error, "rejected an undecodable event"),
            )?;
            handler(hook, LambdaEvent::new(event, context)).await
        }
    }))
    .await
}
