//! Shared helpers: the sample events under `events/`.

use cognito_triggers::{Context, LambdaEvent};
use serde_json::Value;

pub(crate) use workspace_harness::{event_bytes, event_files as all_event_files};

/// A sample event decoded into `E`.
pub(crate) fn event<E: serde::de::DeserializeOwned>(name: &str) -> E {
    serde_json::from_slice(&event_bytes(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// A sample event as a JSON value.
pub(crate) fn json(name: &str) -> Value {
    event(name)
}

/// Wraps a payload as the runtime would, with no deadline.
pub(crate) fn lambda_event<E>(payload: E) -> LambdaEvent<E> {
    LambdaEvent::new(payload, Context::default())
}

/// Wraps a payload with a Lambda deadline `millis` from now.
pub(crate) fn lambda_event_due_in<E>(payload: E, millis: u64) -> LambdaEvent<E> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as u64;
    let mut context = Context::default();
    context.deadline = now + millis;
    LambdaEvent::new(payload, context)
}

/// `value` without its `response` member.
pub(crate) fn without_response(mut value: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.remove("response");
    }
    value
}

/// `value` with `request.password`, when present, set to `null`: the password is never sent
/// back.
pub(crate) fn without_password(mut value: Value) -> Value {
    if let Some(request) = value.get_mut("request").and_then(Value::as_object_mut)
        && request.contains_key("password")
    {
        request.insert("password".to_owned(), Value::Null);
    }
    value
}

/// Runs `future` to completion on a fresh single-threaded runtime.
pub(crate) fn run<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(future)
}

/// Routes `bytes` through `router` (no deadline) and parses the returned event.
pub(crate) fn route(
    router: &cognito_triggers::Router,
    bytes: &[u8],
) -> Result<Value, cognito_triggers::TriggerError> {
    let raw = run(router.handle_json(bytes, Context::default()))?;
    Ok(serde_json::from_str(raw.get()).expect("the returned event is JSON"))
}
