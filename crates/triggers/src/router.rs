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
use crate::custom_message::{CustomMessage, CustomMessageEvent};
use crate::decode::trigger_of;
use crate::define_auth_challenge::{DefineAuthChallenge, DefineAuthChallengeEvent};
use crate::error::TriggerError;
use crate::event::Trigger;
use crate::inbound_federation::{InboundFederation, InboundFederationEvent};
use crate::lifecycle::{CognitoDefault, Event, Hook};
use crate::post_authentication::{PostAuthentication, PostAuthenticationEvent};
use crate::post_confirmation::{PostConfirmation, PostConfirmationEvent};
use crate::pre_authentication::{PreAuthentication, PreAuthenticationEvent};
use crate::pre_sign_up::{PreSignUp, PreSignUpEvent};
use crate::pre_token_generation::{PreTokenGeneration, PreTokenGenerationEvent};
use crate::serve;
use crate::user_migration::{UserMigration, UserMigrationEvent};
use crate::verify_auth_challenge::{VerifyAuthChallenge, VerifyAuthChallengeEvent};

type Reply<'a> = Pin<Box<dyn Future<Output = Result<Box<RawValue>, TriggerError>> + Send + 'a>>;

/// A hook with its event type erased: what the router keeps per trigger (one boxed future per
/// invocation).
trait ErasedHook: Send + Sync {
    fn handle<'a>(&'a self, json: &'a [u8], context: Context) -> Reply<'a>;
}

struct Typed<E, H> {
    hook: H,
    event: PhantomData<fn() -> E>,
}

impl<E: Event, H: Hook<E>> ErasedHook for Typed<E, H> {
    fn handle<'a>(&'a self, json: &'a [u8], context: Context) -> Reply<'a> {
        Box::pin(serve::handle_json::<E, H>(&self.hook, json, context))
    }
}

fn erase<E: Event, H: Hook<E>>(hook: H) -> Arc<dyn ErasedHook> {
    Arc::new(Typed::<E, H> {
        hook,
        event: PhantomData,
    })
}

/// The hooks set so far, one per trigger.
#[derive(Clone, Default)]
struct Hooks(HashMap<Trigger, Arc<dyn ErasedHook>>);

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// Every trigger with a [`CognitoDefault`]: `(setter, hook trait, event, what the setter serves)`.
/// The senders are not here: they need a decryptor, and have no default.
macro_rules! triggers_with_a_default {
    ($then:ident) => {
        $then! {
            pre_sign_up: PreSignUp => PreSignUpEvent, "pre sign-up";
            custom_message: CustomMessage => CustomMessageEvent, "custom message";
            user_migration: UserMigration => UserMigrationEvent, "user migration";
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
        /// The no-op hook of `trigger`, for a router where none was set (`None` for the senders).
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

triggers_with_a_default!(default_hooks);

/// Routes JSON trigger events to one hook per trigger.
///
/// Each hook starts as [`CognitoDefault`]; replace the ones you need. Use it to serve several
/// triggers from one Lambda function, or to run events through hooks in tests and tools.
///
/// ```
/// use cognito_triggers::custom_message::{self, Message, MessageRequest};
/// use cognito_triggers::Router;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # tokio_test_block_on(async {
/// let router = Router::new().custom_message(custom_message::from_fn(|request: MessageRequest| async move {
///     let Some(code) = request.code_parameter() else { return Ok(Message::default()) };
///     Ok(Message::default().sms(format!("Code: {code}")))
/// }));
/// let event = br#"{"triggerSource": "CustomMessage_SignUp", "request": {"codeParameter": "{####}"}}"#;
/// let reply = router.handle_json(event, Default::default()).await?;
/// let reply: serde_json::Value = serde_json::from_str(reply.get())?;
/// assert_eq!(reply["response"]["smsMessage"], "Code: {####}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })
/// # }
/// # fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
/// # }
/// ```
#[derive(Clone, Debug, Default)]
pub struct Router {
    hooks: Hooks,
}

impl Router {
    /// A router with Cognito's default behaviour for every trigger.
    pub fn new() -> Self {
        Self::default()
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
        self.hooks.0.insert(E::TRIGGER, erase::<E, H>(hook));
        self
    }

    triggers_with_a_default!(setters);

    /// Decodes `json`, runs the matching hook and returns the encoded event: one invocation,
    /// JSON in and JSON out, as [`Router::run`] serves it (and as
    /// [`serve::handle_json`](crate::serve::handle_json) does for one trigger).
    ///
    /// # Errors
    ///
    /// [`TriggerError::InvalidEvent`] for payloads that are not one event of a routed trigger;
    /// otherwise what [`lifecycle::handle`](crate::lifecycle::handle) returns.
    pub async fn handle_json(
        &self,
        json: &[u8],
        context: Context,
    ) -> Result<Box<RawValue>, TriggerError> {
        let trigger = trigger_of(json)?;
        let hook = self
            .hooks
            .0
            .get(&trigger)
            .cloned()
            .or_else(|| default_hook(trigger))
            .ok_or_else(|| TriggerError::InvalidEvent {
                trigger: Some(trigger),
                detail: format!("the router does not serve the {trigger} trigger"),
            })?;
        hook.handle(json, context).await
    }

    /// Serves every routed trigger from one Lambda function, with the serve loop every
    /// trigger's `run` uses.
    ///
    /// # Errors
    ///
    /// When the Lambda Runtime API cannot be reached (for example outside Lambda).
    pub async fn run(self) -> Result<(), crate::Error> {
        let router = Arc::new(self);
        serve::serve(move |payload, context| {
            let router = Arc::clone(&router);
            async move { router.handle_json(payload.get().as_bytes(), context).await }
        })
        .await
    }
}
