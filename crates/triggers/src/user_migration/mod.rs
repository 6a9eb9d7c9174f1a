//! The user migration trigger: create a user on the fly from a legacy user store, at sign-in or
//! during a forgot-password request.
//!
//! Implement [`UserMigration`] (or wrap an async closure in [`from_fn`]) and hand it to [`run`].
//! The hook gets a [`MigrationRequest`] and returns a [`MigrationDecision`].
//!
//! ```no_run
//! use cognito_triggers::user_migration::{self, MigratedUser, MigrationDecision, MigrationRequest};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     user_migration::run(user_migration::from_fn(|request: MigrationRequest| async move {
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

pub mod wire;

use std::fmt;
use std::future::Future;

use serde::{Deserialize, Serialize};

use crate::HookError;
use crate::event::TriggerEvent;
use crate::event::{Trigger, trigger_sources};
use crate::field::member;
use crate::glue::hook_glue;
use crate::lifecycle::{Decision, Event, OnTimeout};
use crate::view::request_map;
use crate::{AttributeMap, Field, Invocation, Secret};

trigger_sources! {
    /// Why the user migration trigger fired.
    MigrationSource, "UserMigration" {
        /// `UserMigration_Authentication`: sign-in with `USER_PASSWORD_AUTH`; the password is sent.
        Authentication => "UserMigration_Authentication",
        /// `UserMigration_ForgotPassword`: `ForgotPassword` for an unknown user; no password.
        ForgotPassword => "UserMigration_ForgotPassword",
    }
}

/// A user migration event as Cognito sends it.
pub type UserMigrationEvent = TriggerEvent<MigrationSource, wire::Request, wire::Response>;

impl Event for UserMigrationEvent {
    const TRIGGER: Trigger = Trigger::UserMigration;
    const ON_TIMEOUT: OnTimeout = OnTimeout::Fail;
    type Request = MigrationRequest;
    type Decision = MigrationDecision;

    fn request(&self) -> MigrationRequest {
        let request = self.request.as_option();
        MigrationRequest {
            source: self.trigger_source.clone(),
            invocation: Invocation::of(self),
            password: member(request, |request| &request.password),
            validation_data: request_map(request, |request| &request.validation_data),
            client_metadata: request_map(request, |request| &request.client_metadata),
        }
    }

    fn source(&self) -> &str {
        self.trigger_source.as_str()
    }
}

/// What a user migration hook sees: an owned view of the request.
#[derive(Clone, Debug)]
pub struct MigrationRequest {
    pub(crate) source: MigrationSource,
    pub(crate) invocation: Invocation,
    pub(crate) password: Option<Secret>,
    pub(crate) validation_data: AttributeMap,
    pub(crate) client_metadata: AttributeMap,
}

impl MigrationRequest {
    /// Why the trigger fired: sign-in (`Authentication`, with a password) or forgot-password
    /// (`ForgotPassword`, without one).
    pub fn source(&self) -> &MigrationSource {
        &self.source
    }

    /// The user, pool, region and app client of the call.
    pub fn invocation(&self) -> &Invocation {
        &self.invocation
    }

    /// The login the caller typed: a username or an alias such as an email address, in the
    /// caller's spelling. Match it case-insensitively only if your legacy store did.
    pub fn username(&self) -> &str {
        self.invocation.username()
    }

    /// The password typed at sign-in; `None` for forgot-password. A [`Secret`]: it never shows
    /// in `Debug` or logs, and it is not sent back to Cognito.
    pub fn password(&self) -> Option<&Secret> {
        self.password.as_ref()
    }

    /// `ValidationData`: at sign-in, the `ClientMetadata` of `InitiateAuth`. Caller-controlled.
    pub fn validation_data(&self) -> &AttributeMap {
        &self.validation_data
    }

    /// `ClientMetadata` of `ForgotPassword` (empty when none was sent). Caller-controlled.
    pub fn client_metadata(&self) -> &AttributeMap {
        &self.client_metadata
    }
}

/// A user migration hook's decision. `NotFound` (also `Default`) is the answer for unknown users
/// and wrong passwords alike, so the caller cannot tell them apart; Cognito then answers as for
/// any unknown user (`UserNotFoundException`, or `NotAuthorizedException` with
/// `PreventUserExistenceErrors`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum MigrationDecision {
    /// Create this user in the pool. At sign-in the typed password becomes the user's password;
    /// at forgot-password Cognito sends the reset code to the user's verified email or phone.
    Migrate(MigratedUser),
    /// No such user, or a wrong password: the response is written empty (its six members
    /// `null`, as Cognito sends them), whatever the incoming `response` held.
    #[default]
    NotFound,
}

impl Decision<UserMigrationEvent> for MigrationDecision {
    fn write_to(self, event: &mut UserMigrationEvent) {
        // Cognito does not read `request` back: the typed password has no reason to travel again.
        if let Field::Value(request) = &mut event.request
            && !request.password.is_absent()
        {
            request.password = Field::Null;
        }
        let MigrationDecision::Migrate(user) = self else {
            // Not found: the response Cognito sent, every member `null`, whatever the input's
            // `response` held (a placeholder in a test event must not read as a migration).
            event.response = Field::Value(wire::Response {
                user_attributes: Field::Null,
                final_user_status: Field::Null,
                message_action: Field::Null,
                desired_delivery_mediums: Field::Null,
                force_alias_creation: Field::Null,
                enable_sms_mfa: Field::Null,
                extra: serde_json::Map::new(),
            });
            return;
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
    }

    fn read_from(event: &UserMigrationEvent) -> Self {
        let Some(response) = event.response.as_option() else {
            return Self::NotFound;
        };
        let Some(attributes) = response.user_attributes.as_option() else {
            return Self::NotFound;
        };
        Self::Migrate(MigratedUser {
            attributes: attributes.clone(),
            final_status: match response.final_user_status.as_option().map(String::as_str) {
                Some("CONFIRMED") => Some(FinalUserStatus::Confirmed),
                Some("RESET_REQUIRED") => Some(FinalUserStatus::ResetRequired),
                _ => None,
            },
            message_action: match response.message_action.as_option().map(String::as_str) {
                Some("SUPPRESS") => Some(MessageAction::Suppress),
                Some("RESEND") => Some(MessageAction::Resend),
                _ => None,
            },
            desired_delivery_mediums: response.desired_delivery_mediums.as_option().map(
                |mediums| {
                    mediums
                        .iter()
                        .filter_map(|medium| match medium.as_str() {
                            "EMAIL" => Some(DeliveryMedium::Email),
                            "SMS" => Some(DeliveryMedium::Sms),
                            _ => None,
                        })
                        .collect()
                },
            ),
            force_alias_creation: response.force_alias_creation.as_option().copied(),
            enable_sms_mfa: response.enable_sms_mfa.as_option().copied(),
        })
    }
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
///
/// Cognito's rules:
///
/// - `attributes` are strings; `username` and `sub` cannot be set. At forgot-password the user
///   needs a verified `email` (`email_verified` = `"true"`) or `phone_number`, or Cognito has
///   nowhere to send the reset code.
/// - Cognito does not check a migrated password against the pool's password policy: set
///   `ResetRequired` for a password that misses it.
/// - An email or phone number that is already another user's alias fails the migration unless
///   `force_alias_creation` moves it to this user (the other user loses it): leave it off unless
///   the legacy store is the authority on who owns each address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigratedUser {
    /// Attributes of the new user, e.g. `email` and `email_verified` = `"true"`.
    pub attributes: AttributeMap,
    /// `finalUserStatus`: `Confirmed` signs in with the migrated password right away;
    /// `ResetRequired` (Cognito's default) makes the user reset it first.
    pub final_status: Option<FinalUserStatus>,
    /// `messageAction`: `Suppress` sends no welcome message, `Resend` sends it again; unset sends
    /// Cognito's welcome message.
    pub message_action: Option<MessageAction>,
    /// `desiredDeliveryMediums`: the channels of the welcome message (default SMS).
    pub desired_delivery_mediums: Option<Vec<DeliveryMedium>>,
    /// `forceAliasCreation`: move an email or phone alias from another user to this one.
    pub force_alias_creation: Option<bool>,
    /// `enableSMSMFA`: require SMS MFA for the migrated user (needs a `phone_number`).
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
/// Called for both sources: check [`MigrationRequest::source`] and
/// [`MigrationRequest::password`]. Cognito's rules:
///
/// - **Decision:** [`MigrationDecision::Migrate`] creates the user; the typed login becomes
///   the username (or the alias it names). `NotFound` for unknown users and wrong passwords
///   alike: Cognito's failed-sign-in lockout does not protect users it does not have yet, so
///   never reveal which it was.
/// - **Rejection:** [`HookError::reject`](crate::HookError::reject) shows its message
///   (`UserMigration failed with error …`), which tells the caller the trigger ran: prefer
///   `NotFound`.
/// - **Error:** logged at error with its cause chain; no user is migrated and the caller
///   sees the [generic message](crate::GENERIC_USER_MESSAGE).
/// - **Timeout:** past its [budget](crate::lifecycle::hook_budget) no user is migrated and
///   the call fails with the generic message.
///
/// ```
/// use cognito_triggers::user_migration::{
///     MigratedUser, MigrationDecision, MigrationRequest, MigrationSource, UserMigration,
/// };
/// use cognito_triggers::HookError;
///
/// struct OneLegacyUser;
///
/// impl UserMigration for OneLegacyUser {
///     async fn user_migration(&self, request: MigrationRequest) -> Result<MigrationDecision, HookError> {
///         let known = request.username() == "lena@example.com";
///         let password_ok = match request.source() {
///             MigrationSource::Authentication => {
///                 request.password().is_some_and(|password| password.expose() == "Legacy-Passw0rd!")
///             }
///             _ => true, // forgot-password: the code goes to the verified address
///         };
///         if !(known && password_ok) {
///             return Ok(MigrationDecision::NotFound);
///         }
///         Ok(MigrationDecision::Migrate(MigratedUser::new([
///             ("email", "lena@example.com"),
///             ("email_verified", "true"),
///         ])))
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    note = "implement the trait, or wrap an async closure in this module's `from_fn`"
)]
pub trait UserMigration: Send + Sync + 'static {
    /// Looks up one user.
    fn user_migration(
        &self,
        request: MigrationRequest,
    ) -> impl Future<Output = Result<MigrationDecision, HookError>> + Send;
}

hook_glue!(UserMigration::user_migration for UserMigrationEvent, MigrationRequest => MigrationDecision);

#[cfg(feature = "testing")]
impl crate::testing::builder::EventBuilder<UserMigrationEvent> {
    /// The password typed at sign-in.
    pub fn password(self, password: &str) -> Self {
        self.request_member("password", password)
    }
}

#[cfg(feature = "testing")]
impl MigrationRequest {
    /// A user migration event builder for `source`, from its sample event.
    pub fn builder(
        source: MigrationSource,
    ) -> crate::testing::builder::EventBuilder<UserMigrationEvent> {
        crate::testing::builder::EventBuilder::new(source.as_str())
    }
}
