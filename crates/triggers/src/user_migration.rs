//! The user migration trigger: create a user on the fly from a legacy user store, at sign-in or
//! during a forgot-password request.
//!
//! Implement [`UserMigration`] (or wrap an async closure in [`user_migration_fn`]) and hand it to
//! [`run`]. The hook gets a [`MigrationRequest`] and returns a [`MigrationDecision`].
//!
//! ```no_run
//! use cognito_triggers::user_migration::{self, MigratedUser, MigrationDecision, MigrationRequest};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     user_migration::run(user_migration::user_migration_fn(|request: MigrationRequest| async move {
//!         if request.username() != "legacy.user@example.com" {
//!             return Ok(MigrationDecision::NotFound);
//!         }
//!         Ok(MigrationDecision::Migrate(MigratedUser::new([
//!             ("email", "legacy.user@example.com"),
//!             ("email_verified", "true"),
//!         ])))
//!     }))
//!     .await
//! }
//! ```

use std::fmt;
use std::future::Future;

use lambda_runtime::LambdaEvent;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::deadline::{self, Outcome};
use crate::error::{HookError, TriggerError};
pub use crate::event::MigrationSource;
use crate::event::{Trigger, TriggerEvent};
use crate::invocation::{Invocation, invocation_accessors};
use crate::{AttributeMap, Field, Secret};

/// A user migration event as Cognito sends it.
pub type UserMigrationEvent =
    TriggerEvent<MigrationSource, UserMigrationRequest, UserMigrationResponse>;

/// `request` of a user migration event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserMigrationRequest {
    /// The password typed at sign-in; never sent for `UserMigration_ForgotPassword`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub password: Field<Secret>,
    /// At sign-in, the `ClientMetadata` of `InitiateAuth` arrives here.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub validation_data: Field<AttributeMap>,
    /// `ClientMetadata` of `ForgotPassword` / `AdminRespondToAuthChallenge`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub client_metadata: Field<AttributeMap>,
    /// Sent as `null` by Cognito; kept as received.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_attributes: Field<Value>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `response` of a user migration event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserMigrationResponse {
    /// The attributes of the new user; required to migrate. Values are strings.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_attributes: Field<AttributeMap>,
    /// `CONFIRMED` or `RESET_REQUIRED` (the default when unset).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub final_user_status: Field<String>,
    /// `SUPPRESS` stops the welcome message; `RESEND` resends it.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub message_action: Field<String>,
    /// Channels for the welcome message: `EMAIL`, `SMS`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub desired_delivery_mediums: Field<Vec<String>>,
    /// Move an email or phone alias from another user to this one.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub force_alias_creation: Field<bool>,
    /// Require SMS MFA for the migrated user.
    #[serde(
        default,
        rename = "enableSMSMFA",
        skip_serializing_if = "Field::is_absent"
    )]
    pub enable_sms_mfa: Field<bool>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a user migration hook sees: an owned view of the request.
#[derive(Clone, Debug)]
pub struct MigrationRequest {
    source: MigrationSource,
    invocation: Invocation,
    password: Option<Secret>,
    validation_data: AttributeMap,
    client_metadata: AttributeMap,
}

impl MigrationRequest {
    /// The view of `event`'s request.
    pub fn from_event(event: &UserMigrationEvent) -> Self {
        let request = event.request.as_option();
        let map = |pick: fn(&UserMigrationRequest) -> &Field<AttributeMap>| {
            request
                .and_then(|request| pick(request).as_option().cloned())
                .unwrap_or_default()
        };
        Self {
            source: event.trigger_source.clone(),
            invocation: Invocation::of(event),
            password: request.and_then(|request| request.password.as_option().cloned()),
            validation_data: map(|request| &request.validation_data),
            client_metadata: map(|request| &request.client_metadata),
        }
    }

    /// Why the trigger fired: sign-in or forgot-password.
    pub fn source(&self) -> &MigrationSource {
        &self.source
    }

    invocation_accessors!();

    /// The password typed at sign-in; `None` for forgot-password. Never log it.
    pub fn password(&self) -> Option<&Secret> {
        self.password.as_ref()
    }

    /// `ValidationData`: at sign-in, the `ClientMetadata` of `InitiateAuth`.
    pub fn validation_data(&self) -> &AttributeMap {
        &self.validation_data
    }

    /// `ClientMetadata` of `ForgotPassword` (empty when none was sent).
    pub fn client_metadata(&self) -> &AttributeMap {
        &self.client_metadata
    }
}

/// A user migration hook's decision. Refuse with a message the user sees through
/// [`HookError::reject`] instead (which tells the caller the function ran: prefer `NotFound`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MigrationDecision {
    /// Create this user in the pool.
    Migrate(MigratedUser),
    /// No such user (or a wrong password): the event goes back untouched, and Cognito answers as
    /// for any unknown user.
    NotFound,
}

/// `finalUserStatus` of a migrated user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FinalUserStatus {
    /// The user can sign in with the migrated password right away.
    Confirmed,
    /// The user must reset the password at next sign-in (Cognito's default).
    ResetRequired,
}

impl FinalUserStatus {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            FinalUserStatus::Confirmed => "CONFIRMED",
            FinalUserStatus::ResetRequired => "RESET_REQUIRED",
        }
    }
}

/// `messageAction` of a migrated user: what happens to the welcome message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageAction {
    /// Don't send the welcome message (the reset code of a forgot-password flow is still sent).
    Suppress,
    /// Resend the welcome message.
    Resend,
}

impl MessageAction {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageAction::Suppress => "SUPPRESS",
            MessageAction::Resend => "RESEND",
        }
    }
}

/// A message channel, `EMAIL` or `SMS` on the wire and in JSON: for `desiredDeliveryMediums`,
/// and where Cognito reports one (`CodeDeliveryDetails.DeliveryMedium`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeliveryMedium {
    /// `EMAIL`.
    Email,
    /// `SMS`.
    Sms,
}

impl DeliveryMedium {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryMedium::Email => "EMAIL",
            DeliveryMedium::Sms => "SMS",
        }
    }
}

impl fmt::Display for DeliveryMedium {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The user to create, with the migration options. Options left unset stay as Cognito sent them
/// (`null`), which means Cognito's defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigratedUser {
    /// Attributes of the new user, e.g. `email` and `email_verified` = `"true"`.
    pub attributes: AttributeMap,
    /// `finalUserStatus`.
    pub final_status: Option<FinalUserStatus>,
    /// `messageAction`.
    pub message_action: Option<MessageAction>,
    /// `desiredDeliveryMediums`.
    pub desired_delivery_mediums: Option<Vec<DeliveryMedium>>,
    /// `forceAliasCreation`.
    pub force_alias_creation: Option<bool>,
    /// `enableSMSMFA`.
    pub enable_sms_mfa: Option<bool>,
}

impl MigratedUser {
    /// A user with these attributes and Cognito's defaults for everything else.
    pub fn new<K: Into<String>, V: Into<String>>(
        attributes: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self {
            attributes: attributes.into_iter().collect(),
            final_status: None,
            message_action: None,
            desired_delivery_mediums: None,
            force_alias_creation: None,
            enable_sms_mfa: None,
        }
    }

    /// Sets `finalUserStatus`.
    pub fn final_status(mut self, status: FinalUserStatus) -> Self {
        self.final_status = Some(status);
        self
    }

    /// Sets `messageAction`.
    pub fn message_action(mut self, action: MessageAction) -> Self {
        self.message_action = Some(action);
        self
    }

    /// Sets `desiredDeliveryMediums`.
    pub fn desired_delivery_mediums(
        mut self,
        mediums: impl IntoIterator<Item = DeliveryMedium>,
    ) -> Self {
        self.desired_delivery_mediums = Some(mediums.into_iter().collect());
        self
    }

    /// Sets `forceAliasCreation`.
    pub fn force_alias_creation(mut self, force: bool) -> Self {
        self.force_alias_creation = Some(force);
        self
    }

    /// Sets `enableSMSMFA`.
    pub fn enable_sms_mfa(mut self, enable: bool) -> Self {
        self.enable_sms_mfa = Some(enable);
        self
    }
}

/// A user migration hook: finds a user in a legacy store and decides how to create them.
///
/// One required method, called for both sources: check [`MigrationRequest::source`] and
/// [`MigrationRequest::password`]. Return `NotFound` for unknown users and wrong passwords alike.
/// When the hook runs past its [time budget](crate::deadline::hook_budget), no user is migrated
/// and the call fails with a generic message.
#[diagnostic::on_unimplemented(
    note = "implement `UserMigration`, or wrap an async closure in `user_migration_fn`"
)]
pub trait UserMigration: Send + Sync + 'static {
    /// Looks up one user.
    fn migrate_user(
        &self,
        request: MigrationRequest,
    ) -> impl Future<Output = Result<MigrationDecision, HookError>> + Send;
}

/// A [`UserMigration`] hook made from an async closure; see [`user_migration_fn`].
#[derive(Clone, Copy)]
pub struct UserMigrationFn<F>(F);

/// Makes a [`UserMigration`] hook from an async closure taking a [`MigrationRequest`].
pub fn user_migration_fn<F, Fut>(f: F) -> UserMigrationFn<F>
where
    F: Fn(MigrationRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<MigrationDecision, HookError>> + Send,
{
    UserMigrationFn(f)
}

impl<F, Fut> UserMigration for UserMigrationFn<F>
where
    F: Fn(MigrationRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<MigrationDecision, HookError>> + Send,
{
    fn migrate_user(
        &self,
        request: MigrationRequest,
    ) -> impl Future<Output = Result<MigrationDecision, HookError>> + Send {
        (self.0)(request)
    }
}

impl<F> fmt::Debug for UserMigrationFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UserMigrationFn")
    }
}

/// A hook that finds no one: every lookup is `NotFound`, as if no migration trigger were set.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoLegacyUsers;

impl UserMigration for NoLegacyUsers {
    async fn migrate_user(
        &self,
        _request: MigrationRequest,
    ) -> Result<MigrationDecision, HookError> {
        Ok(MigrationDecision::NotFound)
    }
}

/// Runs `hook` on one event and returns the event, with `response` filled in for a migrated user
/// and untouched for `NotFound`, without the Lambda runtime.
///
/// # Errors
///
/// [`TriggerError::Rejected`], [`TriggerError::HookFailed`] or [`TriggerError::DeadlineExceeded`]:
/// no user is migrated.
pub async fn handle<H: UserMigration + ?Sized>(
    hook: &H,
    event: LambdaEvent<UserMigrationEvent>,
) -> Result<UserMigrationEvent, TriggerError> {
    let (mut event, context) = event.into_parts();
    let request = MigrationRequest::from_event(&event);
    let source = event.trigger_source.clone();
    let hook_run = hook.migrate_user(request);
    let decision =
        match deadline::run_hook(Trigger::UserMigration, &source, &context, hook_run).await? {
            Outcome::Decided(decision) => decision,
            Outcome::OutOfTime(budget) => {
                return Err(deadline::out_of_time(
                    Trigger::UserMigration,
                    budget,
                    &source,
                ));
            }
        };
    let MigrationDecision::Migrate(user) = decision else {
        tracing::debug!(trigger_source = %event.trigger_source, "no legacy user migrated");
        return Ok(event);
    };
    let response = event.response.get_or_insert_default();
    response.user_attributes = Field::Value(user.attributes);
    response
        .final_user_status
        .set_if_some(user.final_status.map(|status| status.as_str().to_owned()));
    response
        .message_action
        .set_if_some(user.message_action.map(|action| action.as_str().to_owned()));
    response
        .desired_delivery_mediums
        .set_if_some(user.desired_delivery_mediums.map(|mediums| {
            mediums
                .into_iter()
                .map(|medium| medium.as_str().to_owned())
                .collect()
        }));
    response
        .force_alias_creation
        .set_if_some(user.force_alias_creation);
    response.enable_sms_mfa.set_if_some(user.enable_sms_mfa);
    tracing::debug!(trigger_source = %event.trigger_source, "legacy user migrated");
    Ok(event)
}

/// Serves `hook` as a Lambda function: JSON logs for CloudWatch, one event at a time.
///
/// # Errors
///
/// When the Lambda runtime API cannot be reached (for example outside Lambda).
pub async fn run<H: UserMigration>(hook: H) -> Result<(), crate::Error> {
    crate::runtime::serve(Trigger::UserMigration, hook, |hook, event| async move {
        handle(hook.as_ref(), event).await
    })
    .await
}
