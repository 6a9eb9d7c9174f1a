//! Trigger plumbing: how the simulator invokes a hook through its event JSON, as Cognito invokes
//! a Lambda function, and what Cognito makes of a failure.

use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cognito_triggers::lifecycle::Event;
use cognito_triggers::{Context, LambdaEvent, TriggerError};
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::{CognitoError, ExceptionType};
use crate::pool::Pool;

/// How long Cognito waits for a trigger.
pub(crate) const LAMBDA_TIMEOUT: Duration = Duration::from_secs(5);

/// One trigger invocation of the last call: the event sent and what came back.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggerInvocation {
    /// The trigger source, e.g. `UserMigration_ForgotPassword`.
    pub trigger_source: String,
    /// The event as sent to the function.
    pub event: Value,
    /// The event the function returned, when it succeeded.
    pub returned: Option<Value>,
    /// The error Cognito made of a failure, when it failed.
    pub error: Option<String>,
}

/// `callerContext.awsSdkVersion` as in AWS's own examples.
pub(crate) const SDK_VERSION: &str = "aws-sdk-unknown-unknown";

/// A trigger event as `pool` sends it: Cognito's common members around the trigger's own
/// `request` and `response`.
pub(crate) fn trigger_event(
    pool: &Pool,
    trigger_source: &str,
    user_name: &str,
    client_id: &str,
    request: Value,
    response: Value,
) -> Value {
    json!({
        "version": "1",
        "triggerSource": trigger_source,
        "region": pool.region(),
        "userPoolId": pool.id,
        "userName": user_name,
        "callerContext": {"awsSdkVersion": SDK_VERSION, "clientId": client_id},
        "request": request,
        "response": response
    })
}

/// A Lambda context as Cognito's invoke would give it: a request id and a 5-second deadline.
pub(crate) fn lambda_context(region: &str, function: &str) -> Context {
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    let mut context = Context::default();
    context.request_id = crate::random::uuid().unwrap_or_else(|_| "local".to_owned());
    context.deadline =
        now_ms.saturating_add(u64::try_from(LAMBDA_TIMEOUT.as_millis()).unwrap_or(5000));
    context.invoked_function_arn =
        format!("arn:aws:lambda:{region}:000000000000:function:{function}");
    context
}

/// What Cognito returns to the API caller when a trigger function failed.
pub(crate) fn cognito_error_for(trigger: &str, error: &TriggerError) -> CognitoError {
    match error {
        TriggerError::DeadlineExceeded { .. } => CognitoError::new(
            ExceptionType::UnexpectedLambdaException,
            format!(
                "{trigger} invocation failed due to error Socket timeout while invoking Lambda function."
            ),
        ),
        _ => lambda_validation(trigger, error.user_message()),
    }
}

/// `UserLambdaValidationException: <trigger> failed with error <message>.`
pub(crate) fn lambda_validation(trigger: &str, message: &str) -> CognitoError {
    CognitoError::new(
        ExceptionType::UserLambdaValidationException,
        format!("{trigger} failed with error {message}."),
    )
}

/// Sends `event` to a hook as JSON bytes, decoded the way the Lambda runtime decodes them, and
/// returns the event the function sends back, as JSON.
pub(crate) async fn invoke<E, Fut>(
    event: Value,
    context: Context,
    call: impl FnOnce(LambdaEvent<E>) -> Fut,
) -> (TriggerInvocation, Result<Value, CognitoError>)
where
    E: Event,
    Fut: Future<Output = Result<E, TriggerError>>,
{
    let trigger_source = event
        .get("triggerSource")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let mut record = TriggerInvocation {
        trigger_source,
        event: event.clone(),
        returned: None,
        error: None,
    };
    let outcome = match serde_json::to_vec(&event) {
        Ok(bytes) => match cognito_triggers::decode_event::<E>(&bytes) {
            Ok(payload) => match call(LambdaEvent::new(payload, context)).await {
                Ok(returned) => serde_json::to_value(&returned)
                    .map_err(|_| CognitoError::unrecognizable_lambda_output()),
                Err(error) => Err(cognito_error_for(E::TRIGGER.as_str(), &error)),
            },
            Err(error) => Err(cognito_error_for(E::TRIGGER.as_str(), &error)),
        },
        Err(_) => Err(CognitoError::internal("An internal error occurred.")),
    };
    match &outcome {
        Ok(returned) => record.returned = Some(returned.clone()),
        Err(error) => record.error = Some(error.to_string()),
    }
    (record, outcome)
}
