//! [`Router`]: one function that serves several triggers, dispatching on `triggerSource`.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use lambda_runtime::Context;
use serde_json::value::RawValue;

use crate::create_auth_challenge::{CreateAuthChallenge, CreateAuthChallengeEvent};
use crate::custom_message::CustomMessage;
use crate::custom_message::CustomMessageEvent;
use crate::decode::trigger_of;
use crate::define_auth_challenge::{DefineAuthChallenge, DefineAuthChallengeEvent};
use crate::error::TriggerError;
use crate::event::Trigger;
use crate::inbound_federation::{InboundFederation, InboundFederationEvent};
use crate::lifecycle::{self, CognitoDefault, Event, Hook};
use crate::post_authentication::{PostAuthentication, PostAuthenticationEvent};
use crate::post_confirmation::{PostConfirmation, PostConfirmationEvent};
use crate::pre_authentication::{PreAuthentication, PreAuthenticationEvent};
use crate::pre_sign_up::PreSignUp;
use crate::pre_sign_up::PreSignUpEvent;
use crate::pre_token_generation::{PreTokenGeneration, PreTokenGenerationEvent};
use crate::user_migration::UserMigration;
use crate::user_migration::UserMigrationEvent;
use crate::verify_auth_challenge::{VerifyAuthChallenge, VerifyAuthChallengeEvent};

type Reply<'a> = Pin<Box<dyn Future<Output = Result<Box<RawValue>, TriggerError>> + Send + 'a>>;

/// A hook with its event type erased: what the router keeps for the triggers beyond the first
/// three (one boxed future per invocation).
trait ErasedHook: Send + Sync {
    fn handle<'a>(&'a self, json: &'a [u8], context: Context) -> Reply<'a>;
}

struct Typed<E, H> {
    hook: H,
    event: PhantomData<fn() -> E>,
}

impl<E: Event, H: Hook<E>> ErasedHook for Typed<E, H> {
    fn handle<'a>(&'a self, json: &'a [u8], context: Context) -> Reply<'a> {
        Box::pin(lifecycle::handle_json::<E, H>(&self.hook, json, context))
    }
}

fn erase<E: Event, H: Hook<E>>(hook: H) -> Arc<dyn ErasedHook> {
    Arc::new(Typed::<E, H> {
        hook,
        event: PhantomData,
    })
}

/// The hooks set for the triggers beyond pre sign-up, custom message and user migration.
#[derive(Clone, Default)]
struct OtherHooks(HashMap<Trigger, Arc<dyn ErasedHook>>);

impl fmt::Debug for OtherHooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// The triggers beyond the first three: `(setter, hook trait, event, what the setter serves)`.
macro_rules! other_triggers {
    ($then:ident) => {
        $then! {
            post_confirmation: PostConfirmation => PostConfirmationEvent, "post confirmation";
            pre_authentication: PreAuthentication => PreAuthenticationEvent, "pre authentication";
            post_authentication: PostAuthentication => PostAuthenticationEvent, "post authentication";
            pre_token_generation: PreTokenGeneration => PreTokenGenerationEvent, "pre token generation (every event version)";
            define_auth_challenge: DefineAuthChallenge => DefineAuthChallengeEvent, "define auth challenge";
            create_auth_challenge: CreateAuthChallenge => CreateAuthChallengeEvent, "create auth challenge";
            verify_auth_challenge: VerifyAuthChallenge => VerifyAuthChallengeEvent, "verify auth challenge response";
            inbound_federation: InboundFederation => InboundFederationEvent, "inbound federation";
        }
    };
}

macro_rules! setters {
    ($($setter:ident: $hook:ident => $event:ident, $what:literal;)*) => {
        $(
            #[doc = concat!("Uses `hook` for ", $what, " events.")]
            pub fn $setter<H: $hook>(self, hook: H) -> Self {
                self.with::<$event, H>(hook)
            }
        )*
    };
}

macro_rules! default_hooks {
    ($($setter:ident: $hook:ident => $event:ident, $what:literal;)*) => {
        /// The no-op hook of a trigger beyond the first three, for a router where none was set.
        fn default_hook(trigger: Trigger) -> Option<Arc<dyn ErasedHook>> {
            $(
                if trigger == <$event as Event>::TRIGGER {
                    return Some(erase::<$event, _>(CognitoDefault));
                }
            )*
            None
        }
    };
}

other_triggers!(default_hooks);

/// Routes JSON trigger events to one hook per trigger.
///
/// Each hook starts as [`CognitoDefault`]; replace the ones you need. Use it to serve several
/// triggers from one Lambda function, or to run events through hooks in tests and tools.
///
/// ```
/// use cognito_triggers::custom_message::{self, Message, MessageRequest};
/// use cognito_triggers::Router;
///
/// # tokio_test_block_on(async {
/// let router = Router::new().custom_message(custom_message::from_fn(|request: MessageRequest| async move {
///     let Some(code) = request.code_parameter() else { return Ok(Message::default()) };
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
pub struct Router<P = CognitoDefault, C = CognitoDefault, M = CognitoDefault> {
    pre_sign_up: P,
    custom_message: C,
    user_migration: M,
    others: OtherHooks,
}

impl Router {
    /// A router with Cognito's default behaviour for every trigger.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<P, C, M> Router<P, C, M> {
    /// Uses `hook` for pre sign-up events.
    pub fn pre_sign_up<H: PreSignUp>(self, hook: H) -> Router<H, C, M> {
        Router {
            pre_sign_up: hook,
            custom_message: self.custom_message,
            user_migration: self.user_migration,
            others: self.others,
        }
    }

    /// Uses `hook` for custom message events.
    pub fn custom_message<H: CustomMessage>(self, hook: H) -> Router<P, H, M> {
        Router {
            pre_sign_up: self.pre_sign_up,
            custom_message: hook,
            user_migration: self.user_migration,
            others: self.others,
        }
    }

    /// Uses `hook` for user migration events.
    pub fn user_migration<H: UserMigration>(self, hook: H) -> Router<P, C, H> {
        Router {
            pre_sign_up: self.pre_sign_up,
            custom_message: self.custom_message,
            user_migration: hook,
            others: self.others,
        }
    }

    /// Uses `hook` for custom email sender events, their codes decrypted with `decryptor`.
    /// (Senders have no default: without a hook their events are refused, never dropped.)
    pub fn custom_email_sender<D, H>(self, decryptor: D, hook: H) -> Self
    where
        D: crate::custom_sender::CodeDecryptor,
        H: crate::custom_email_sender::CustomEmailSender,
    {
        self.with::<crate::custom_email_sender::CustomEmailSenderEvent, _>(
            crate::custom_sender::WithDecryptor::new(decryptor, hook),
        )
    }

    /// Uses `hook` for custom SMS sender events, their codes decrypted with `decryptor`.
    pub fn custom_sms_sender<D, H>(self, decryptor: D, hook: H) -> Self
    where
        D: crate::custom_sender::CodeDecryptor,
        H: crate::custom_sms_sender::CustomSmsSender,
    {
        self.with::<crate::custom_sms_sender::CustomSmsSenderEvent, _>(
            crate::custom_sender::WithDecryptor::new(decryptor, hook),
        )
    }

    fn with<E: Event, H: Hook<E>>(mut self, hook: H) -> Self {
        self.others.0.insert(E::TRIGGER, erase::<E, H>(hook));
        self
    }

    other_triggers!(setters);
}

impl<P, C, M> Router<P, C, M>
where
    P: PreSignUp,
    C: CustomMessage,
    M: UserMigration,
{
    /// Decodes `json`, runs the matching hook and returns the encoded event: what
    /// [`Router::run`] sends back to Lambda.
    ///
    /// # Errors
    ///
    /// [`TriggerError::InvalidEvent`] for payloads that are not one event of a routed trigger;
    /// otherwise what [`lifecycle::handle`] returns.
    pub async fn handle_raw(
        &self,
        json: &[u8],
        context: Context,
    ) -> Result<Box<RawValue>, TriggerError> {
        match trigger_of(json)? {
            Trigger::PreSignUp => {
                lifecycle::handle_json::<PreSignUpEvent, _>(&self.pre_sign_up, json, context).await
            }
            Trigger::CustomMessage => {
                lifecycle::handle_json::<CustomMessageEvent, _>(&self.custom_message, json, context)
                    .await
            }
            Trigger::UserMigration => {
                lifecycle::handle_json::<UserMigrationEvent, _>(&self.user_migration, json, context)
                    .await
            }
            other => {
                let hook = self
                    .others
                    .0
                    .get(&other)
                    .cloned()
                    .or_else(|| default_hook(other))
                    .ok_or_else(|| TriggerError::InvalidEvent {
                        trigger: Some(other),
                        detail: format!("the router does not serve the {other} trigger"),
                    })?;
                hook.handle(json, context).await
            }
        }
    }

    /// Like [`Router::handle_raw`], returning the event as a `serde_json::Value`.
    ///
    /// # Errors
    ///
    /// As [`Router::handle_raw`].
    pub async fn handle_json(
        &self,
        json: &[u8],
        context: Context,
    ) -> Result<serde_json::Value, TriggerError> {
        let raw = self.handle_raw(json, context).await?;
        serde_json::from_str(raw.get()).map_err(|error| TriggerError::InvalidEvent {
            trigger: None,
            detail: format!("the event could not be written back: {error}"),
        })
    }

    /// Serves every routed trigger from one Lambda function, with the serve loop every
    /// trigger's `run` uses.
    ///
    /// # Errors
    ///
    /// When the Lambda Runtime API cannot be reached (for example outside Lambda).
    pub async fn run(self) -> Result<(), crate::Error> {
        let router = Arc::new(self);
        lifecycle::serve(move |payload, context| {
            let router = Arc::clone(&router);
            async move { router.handle_raw(payload.get().as_bytes(), context).await }
        })
        .await
    }
}
