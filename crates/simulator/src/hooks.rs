//! Trigger plumbing: the PostConfirmation hook trait, the "no trigger" placeholder, and how the
//! simulator invokes a hook through its event JSON, as Cognito invokes a Lambda function.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cognito_triggers::lifecycle::Event;
use cognito_triggers::{
    CognitoDefault, Context, GENERIC_USER_MESSAGE, HookError, LambdaEvent, TriggerError,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::{CognitoError, ExceptionType};
use crate::pool::Pool;

/// How long Cognito waits for a trigger.
pub(crate) const LAMBDA_TIMEOUT: Duration = Duration::from_secs(5);

/// Cognito's default for a post confirmation trigger that is not configured: nothing runs.
impl PostConfirmation for CognitoDefault {
    async fn post_confirmation(&self, _event: PostConfirmationEvent) -> Result<(), HookError> {
        Ok(())
    }
}

/// What a PostConfirmation hook sees: the `PostConfirmation_ConfirmForgotPassword` event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostConfirmationEvent {
    /// `PostConfirmation_ConfirmForgotPassword`.
    pub trigger_source: String,
    /// The user pool id.
    #[serde(default)]
    pub user_pool_id: String,
    /// The user's username.
    #[serde(default)]
    pub user_name: String,
    /// The region.
    #[serde(default)]
    pub region: String,
    /// `request` of the event.
    #[serde(default)]
    pub request: PostConfirmationRequest,
}

/// `request` of a PostConfirmation event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostConfirmationRequest {
    /// The user's attributes, `cognito:user_status` included.
    #[serde(default)]
    pub user_attributes: BTreeMap<String, String>,
    /// `ClientMetadata` of ConfirmForgotPassword (empty when none was sent).
    #[serde(default)]
    pub client_metadata: BTreeMap<String, String>,
}

/// A PostConfirmation hook, run after a successful ConfirmForgotPassword.
///
/// An error fails the call with `UserLambdaValidationException: PostConfirmation failed with
/// error <message>.`; the new password stays set (the simulator's reading: the trigger runs
/// after the change).
#[diagnostic::on_unimplemented(
    note = "implement `PostConfirmation`, or wrap an async closure in `post_confirmation_fn`"
)]
pub trait PostConfirmation: Send + Sync + 'static {
    /// Runs after the password was reset.
    fn post_confirmation(
        &self,
        event: PostConfirmationEvent,
    ) -> impl Future<Output = Result<(), HookError>> + Send;
}

/// A [`PostConfirmation`] hook made from an async closure; see [`post_confirmation_fn`].
#[derive(Clone, Copy)]
pub struct PostConfirmationFn<F>(F);

/// Makes a [`PostConfirmation`] hook from an async closure.
pub fn post_confirmation_fn<F, Fut>(f: F) -> PostConfirmationFn<F>
where
    F: Fn(PostConfirmationEvent) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), HookError>> + Send,
{
    PostConfirmationFn(f)
}

impl<F, Fut> PostConfirmation for PostConfirmationFn<F>
where
    F: Fn(PostConfirmationEvent) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), HookError>> + Send,
{
    fn post_confirmation(
        &self,
        event: PostConfirmationEvent,
    ) -> impl Future<Output = Result<(), HookError>> + Send {
        (self.0)(event)
    }
}

impl<F> fmt::Debug for PostConfirmationFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PostConfirmationFn")
    }
}

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

/// The message Cognito shows for a failed PostConfirmation hook: a rejection's own text,
/// cleaned as for every trigger, a generic text for any other failure.
pub(crate) fn post_confirmation_message(error: &HookError) -> String {
    match error.rejection_message() {
        Some(message) => cognito_triggers::rules::clean_rejection(message),
        None => {
            tracing::error!(error = %error, "post confirmation hook failed");
            GENERIC_USER_MESSAGE.to_owned()
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejection_text_is_passed_on_and_failures_are_generic() {
        assert_eq!(
            post_confirmation_message(&HookError::reject("Not now.")),
            "Not now"
        );
        assert_eq!(
            post_confirmation_message(&HookError::failed(std::io::Error::other("db down"))),
            GENERIC_USER_MESSAGE
        );
    }
}
