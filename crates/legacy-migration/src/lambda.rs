//! Serving [`LegacyMigration`] on the Lambda runtime, without echoing the password.
//!
//! Cognito sends the typed password in `request.password` and ignores `request` in the answer,
//! but a function that returns the event unchanged sends the plaintext password back over the
//! wire (and into any tool that prints the answer). [`handle`] returns the event with
//! `request.password` set to `null`; [`run`] serves it.
//!
//! ```
//! use cognito_legacy_migration::{lambda, LegacyMigration};
//! use cognito_triggers::{Context, LambdaEvent};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let hook = LegacyMigration::demo().await?;
//! let event = serde_json::from_value(serde_json::json!({
//!     "version": "1", "triggerSource": "UserMigration_Authentication", "region": "eu-west-1",
//!     "userPoolId": "eu-west-1_x", "userName": "nobody@example.com",
//!     "callerContext": {"awsSdkVersion": "1", "clientId": "c"},
//!     "request": {"password": "typed-Passw0rd!"}, "response": {}
//! }))?;
//! let answer = lambda::handle(&hook, LambdaEvent::new(event, Context::default())).await?;
//! assert!(serde_json::to_value(&answer)?["request"]["password"].is_null());
//! # Ok(())
//! # }
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(demo()).unwrap();
//! ```

use std::sync::Arc;

use cognito_triggers::user_migration::UserMigrationEvent;
use cognito_triggers::{Field, LambdaEvent, Trigger, TriggerError};
use lambda_runtime::service_fn;
use serde_json::value::RawValue;

use crate::LegacyMigration;

/// The variables the Lambda runtime client needs (it panics without them).
const LAMBDA_ENVIRONMENT: [&str; 4] = [
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_RUNTIME_API",
];

/// Runs `hook` on one event (as [`cognito_triggers::user_migration::handle`]) and returns the
/// event with `request.password` set to `null`.
///
/// # Errors
///
/// As [`cognito_triggers::user_migration::handle`].
pub async fn handle(
    hook: &LegacyMigration,
    event: LambdaEvent<UserMigrationEvent>,
) -> Result<UserMigrationEvent, TriggerError> {
    let mut event = cognito_triggers::user_migration::handle(hook, event).await?;
    without_password(&mut event);
    Ok(event)
}

/// Sets `request.password` to `null` when the event has a request with a password member.
pub fn without_password(event: &mut UserMigrationEvent) {
    if let Some(request) = event.request.as_option_mut()
        && !request.password.is_absent()
    {
        request.password = Field::Null;
    }
}

/// Serves `hook` as a Lambda function: JSON logs, one event at a time, each answered by
/// [`handle`].
///
/// # Errors
///
/// When the process does not run under a Lambda Runtime API (the message names the missing
/// variables), or the runtime API fails.
pub async fn run(hook: LegacyMigration) -> Result<(), cognito_triggers::Error> {
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
    if std::env::var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        .unwrap_or_default()
        .parse::<i32>()
        .is_err()
    {
        return Err("AWS_LAMBDA_FUNCTION_MEMORY_SIZE is not a whole number".into());
    }
    cognito_triggers::init_tracing();
    let hook = Arc::new(hook);
    lambda_runtime::run(service_fn(move |raw: LambdaEvent<Box<RawValue>>| {
        let hook = Arc::clone(&hook);
        async move {
            let (payload, context) = raw.into_parts();
            let event = cognito_triggers::decode_event::<UserMigrationEvent>(
                Some(Trigger::UserMigration),
                payload.get().as_bytes(),
            )
            .inspect_err(
                |error| tracing::error!(error = %error, "rejected an undecodable event"),
            )?;
            handle(&hook, LambdaEvent::new(event, context)).await
        }
    }))
    .await
}
