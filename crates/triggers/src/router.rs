//! [`Router`]: one function that serves all three triggers, dispatching on `triggerSource`.

use std::sync::Arc;

use lambda_runtime::{Context, LambdaEvent, service_fn};
use serde::Deserialize;
use serde_json::value::{RawValue, to_raw_value};

use crate::custom_message::{self, CustomMessage, CustomMessageEvent, KeepDefault};
use crate::error::TriggerError;
use crate::event::Trigger;
use crate::pre_sign_up::{self, AcceptAll, PreSignUp, PreSignUpEvent};
use crate::runtime::{decode_event, init_tracing};
use crate::user_migration::{self, NoLegacyUsers, UserMigration, UserMigrationEvent};

/// Routes JSON trigger events to one hook per trigger.
///
/// Each hook starts as Cognito's default ([`AcceptAll`], [`KeepDefault`], [`NoLegacyUsers`]);
/// replace the ones you need. Use it to serve several triggers from one Lambda function, or to
/// run events through hooks in tests and tools.
///
/// ```
/// use cognito_triggers::custom_message::{custom_message_fn, Message, MessageRequest};
/// use cognito_triggers::Router;
///
/// # tokio_test_block_on(async {
/// let router = Router::new().custom_message(custom_message_fn(|request: MessageRequest| async move {
///     let code = request.code_parameter().unwrap_or("{####}").to_owned();
///     Ok(Message::default().sms(format!("Code: {code}")))
/// }));
/// let event = br#"{"triggerSource": "CustomMessage_SignUp", "request": {"codeParameter": "{####}"}}"#;
/// let reply = router.handle_json(event, Default::default()).await?;
/// assert_eq!(reply["response"]["smsMessage"], "Code: {####}");
/// # Ok::<(), cognito_triggers::TriggerError>(())
/// # });
/// # fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
/// # }
/// ```
#[derive(Debug, Default)]
pub struct Router<P = AcceptAll, C = KeepDefault, M = NoLegacyUsers> {
    pre_sign_up: P,
    custom_message: C,
    user_migration: M,
}

impl Router {
    /// A router with Cognito's default behaviour for every trigger.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<P, C, M> Router<P, C, M> {
    /// Uses `hook` for pre sign-up events.
    pub fn pre_sign_up<P2: PreSignUp>(self, hook: P2) -> Router<P2, C, M> {
        Router {
            pre_sign_up: hook,
            custom_message: self.custom_message,
            user_migration: self.user_migration,
        }
    }

    /// Uses `hook` for custom message events.
    pub fn custom_message<C2: CustomMessage>(self, hook: C2) -> Router<P, C2, M> {
        Router {
            pre_sign_up: self.pre_sign_up,
            custom_message: hook,
            user_migration: self.user_migration,
        }
    }

    /// Uses `hook` for user migration events.
    pub fn user_migration<M2: UserMigration>(self, hook: M2) -> Router<P, C, M2> {
        Router {
            pre_sign_up: self.pre_sign_up,
            custom_message: self.custom_message,
            user_migration: hook,
        }
    }
}

#[derive(Deserialize)]
struct SourceOnly {
    #[serde(rename = "triggerSource")]
    trigger_source: String,
}

/// The trigger a JSON payload is for, from its `triggerSource`.
///
/// # Errors
///
/// [`TriggerError::InvalidEvent`] when the payload is not a JSON object with a string
/// `triggerSource`, or when that source belongs to a trigger this crate does not handle.
pub fn trigger_of(json: &[u8]) -> Result<Trigger, TriggerError> {
    let peek: SourceOnly = decode_event(None, json)?;
    Trigger::of_source(&peek.trigger_source).ok_or_else(|| TriggerError::InvalidEvent {
        trigger: None,
        detail: format!(
            "trigger source `{}` is not a pre sign-up, custom message or user migration event",
            peek.trigger_source.chars().take(80).collect::<String>()
        ),
    })
}

impl<P: PreSignUp, C: CustomMessage, M: UserMigration> Router<P, C, M> {
    /// Decodes `json`, runs the matching hook and returns the whole event as JSON.
    ///
    /// # Errors
    ///
    /// [`TriggerError::InvalidEvent`] for payloads that are not events of the three triggers;
    /// otherwise what the trigger's `handle` returns.
    pub async fn handle_json(
        &self,
        json: &[u8],
        context: Context,
    ) -> Result<serde_json::Value, TriggerError> {
        let trigger = trigger_of(json)?;
        match trigger {
            Trigger::PreSignUp => encode(
                trigger,
                serde_json::to_value(self.pre_sign_up_event(json, context).await?),
            ),
            Trigger::CustomMessage => encode(
                trigger,
                serde_json::to_value(self.custom_message_event(json, context).await?),
            ),
            Trigger::UserMigration => encode(
                trigger,
                serde_json::to_value(self.user_migration_event(json, context).await?),
            ),
        }
    }

    /// Like [`Router::handle_json`], but returns the encoded event without building a
    /// `serde_json::Value` first: what [`Router::run`] sends back to Lambda.
    ///
    /// # Errors
    ///
    /// As [`Router::handle_json`].
    pub async fn handle_raw(
        &self,
        json: &[u8],
        context: Context,
    ) -> Result<Box<RawValue>, TriggerError> {
        let trigger = trigger_of(json)?;
        match trigger {
            Trigger::PreSignUp => encode(
                trigger,
                to_raw_value(&self.pre_sign_up_event(json, context).await?),
            ),
            Trigger::CustomMessage => encode(
                trigger,
                to_raw_value(&self.custom_message_event(json, context).await?),
            ),
            Trigger::UserMigration => encode(
                trigger,
                to_raw_value(&self.user_migration_event(json, context).await?),
            ),
        }
    }

    async fn pre_sign_up_event(
        &self,
        json: &[u8],
        context: Context,
    ) -> Result<PreSignUpEvent, TriggerError> {
        let event = decode_event(Some(Trigger::PreSignUp), json)?;
        pre_sign_up::handle(&self.pre_sign_up, LambdaEvent::new(event, context)).await
    }

    async fn custom_message_event(
        &self,
        json: &[u8],
        context: Context,
    ) -> Result<CustomMessageEvent, TriggerError> {
        let event = decode_event(Some(Trigger::CustomMessage), json)?;
        custom_message::handle(&self.custom_message, LambdaEvent::new(event, context)).await
    }

    async fn user_migration_event(
        &self,
        json: &[u8],
        context: Context,
    ) -> Result<UserMigrationEvent, TriggerError> {
        let event = decode_event(Some(Trigger::UserMigration), json)?;
        user_migration::handle(&self.user_migration, LambdaEvent::new(event, context)).await
    }
}

/// Maps an encoding failure (not expected for events this crate decoded) to an invalid event.
fn encode<T>(trigger: Trigger, result: Result<T, serde_json::Error>) -> Result<T, TriggerError> {
    result.map_err(|error| TriggerError::InvalidEvent {
        trigger: Some(trigger),
        detail: format!("the event could not be written back: {error}"),
    })
}

impl<P: PreSignUp, C: CustomMessage, M: UserMigration> Router<P, C, M> {
    /// Serves every routed trigger from one Lambda function.
    ///
    /// # Errors
    ///
    /// When the Lambda runtime API cannot be reached (for example outside Lambda).
    pub async fn run(self) -> Result<(), crate::Error> {
        crate::runtime::check_lambda_environment()?;
        init_tracing();
        let router = Arc::new(self);
        lambda_runtime::run(service_fn(move |raw: LambdaEvent<Box<RawValue>>| {
            let router = Arc::clone(&router);
            async move {
                let (payload, context) = raw.into_parts();
                router
                    .handle_raw(payload.get().as_bytes(), context)
                    .await
                    .inspect_err(|error| {
                        if matches!(error, TriggerError::InvalidEvent { .. }) {
                            tracing::error!(error = %error, "rejected an undecodable event");
                        }
                    })
            }
        }))
        .await
    }
}
