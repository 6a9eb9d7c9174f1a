//! Decoding payloads safely and serving a hook on the Lambda runtime.

use std::future::Future;
use std::sync::Arc;

use lambda_runtime::{Context, LambdaEvent, service_fn};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use tracing_subscriber::EnvFilter;

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

/// Installs the JSON log subscriber used in Lambda, once.
///
/// The level comes from `AWS_LAMBDA_LOG_LEVEL`, then `RUST_LOG`, then `info`. Calling it again,
/// or after another subscriber was installed, does nothing.
pub fn init_tracing() {
    let filter = EnvFilter::try_from_env("AWS_LAMBDA_LOG_LEVEL")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let _already_set = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_target(false)
        .with_current_span(false)
        .with_ansi(false)
        .try_init();
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
