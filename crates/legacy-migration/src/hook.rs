//! [`LegacyMigration`]: the reference user migration hook.

use cognito_triggers::HookError;
use cognito_triggers::user_migration::{
    DeliveryMedium, FinalUserStatus, MessageAction, MigratedUser, MigrationDecision,
    MigrationRequest, MigrationSource, UserMigration,
};

use crate::config::{DatabaseSource, MigrationConfig};
use crate::error::{Error, Result};
use crate::hash::{StoredHash, Verifier};
use crate::policy::PasswordPolicy;
use crate::store::{LegacyStore, LegacyUser};

/// A [`UserMigration`] hook over a [`LegacyStore`].
///
/// - **`UserMigration_Authentication`**: looks the typed name up (user name or email), verifies
///   the password against the stored hash, and migrates the user with the mapped attributes:
///   `CONFIRMED` when the password satisfies the [policy](PasswordPolicy), `RESET_REQUIRED`
///   otherwise (only for users with a verified email or phone, who can receive the reset code;
///   others are not migrated). An unknown user, a wrong password, an unusable or over-limit
///   stored hash, an unreadable row and an ambiguous login all give
///   [`MigrationDecision::NotFound`], after the same amount of hashing work (the last four with
///   a warning in the log, which never shows the hash or the login).
/// - **`UserMigration_ForgotPassword`**: migrates a user who has a verified email or phone, so
///   that Cognito can send the reset code (`finalUserStatus` left unset); otherwise `NotFound`
///   (also for an unreadable row or an ambiguous login, with a warning).
/// - Any other source: `NotFound`.
/// - The database failing or timing out, or the verification slot staying busy: a failed
///   [`HookError`] (logged, generic message to Cognito); nothing is migrated. These are the only
///   Lambda errors: they concern the instance, not the user.
///
/// ```no_run
/// use cognito_legacy_migration::LegacyMigration;
///
/// #[tokio::main(flavor = "current_thread")]
/// async fn main() -> Result<(), cognito_triggers::Error> {
///     let hook = LegacyMigration::from_env().await?; // pool created once per cold start
///     cognito_triggers::user_migration::run(hook).await
/// }
/// ```
#[derive(Clone, Debug)]
pub struct LegacyMigration {
    store: LegacyStore,
    verifier: Verifier,
    policy: PasswordPolicy,
    message_action: Option<MessageAction>,
    force_alias_creation: Option<bool>,
    desired_delivery_mediums: Option<Vec<DeliveryMedium>>,
}

impl LegacyMigration {
    /// A hook on `store` with the defaults: Cognito's default password policy, the default dummy
    /// hash, `messageAction` `SUPPRESS`.
    pub fn new(store: LegacyStore) -> Self {
        Self {
            store,
            verifier: Verifier::default(),
            policy: PasswordPolicy::default(),
            message_action: Some(MessageAction::Suppress),
            force_alias_creation: None,
            desired_delivery_mediums: None,
        }
    }

    /// The hook the `user-migration` binary runs, configured from the environment (see
    /// [`config`](crate::config)). With `LEGACY_DATABASE_URL_SECRET_ARN`, the secret is fetched
    /// here, once. Without any database: an error on Lambda, the demo database (and a warning)
    /// elsewhere, so that the local tools work on a fresh checkout.
    ///
    /// # Errors
    ///
    /// [`Error::Config`](crate::Error::Config) or [`Error::DatabaseUrl`](crate::Error::DatabaseUrl)
    /// for unusable settings, [`Error::Secret`](crate::Error::Secret) when the secret cannot be
    /// fetched. The database is not contacted yet.
    pub async fn from_env() -> Result<Self> {
        Self::from_config(MigrationConfig::from_env()?).await
    }

    /// The hook on the demo database with default settings (logs a warning: its passwords are
    /// published).
    ///
    /// # Errors
    ///
    /// Only if the built-in demo configuration were invalid.
    pub async fn demo() -> Result<Self> {
        Self::from_config(MigrationConfig::default()).await
    }

    /// A hook built from `config`: the store (a lazily connecting pool) and the options. A
    /// [`DatabaseSource::SecretArn`] is fetched with the environment's AWS configuration
    /// (`cognito_aws_env::aws_config_from_env` with [`secrets::TIMEOUTS`](crate::secrets::TIMEOUTS)).
    ///
    /// # Errors
    ///
    /// As [`LegacyMigration::from_env`].
    pub async fn from_config(config: MigrationConfig) -> Result<Self> {
        let aws = match &config.database {
            DatabaseSource::SecretArn(_) => {
                Some(cognito_aws_env::aws_config_from_env(crate::secrets::TIMEOUTS).await)
            }
            DatabaseSource::Url(_) | DatabaseSource::Demo => None,
        };
        Self::build(config, aws.as_ref()).await
    }

    /// [`LegacyMigration::from_config`] with the AWS configuration `aws` for fetching a
    /// [`DatabaseSource::SecretArn`] (e.g. another region, endpoint or credentials).
    ///
    /// # Errors
    ///
    /// As [`LegacyMigration::from_env`].
    pub async fn from_config_with_aws(
        config: MigrationConfig,
        aws: &aws_config::SdkConfig,
    ) -> Result<Self> {
        Self::build(config, Some(aws)).await
    }

    async fn build(config: MigrationConfig, aws: Option<&aws_config::SdkConfig>) -> Result<Self> {
        let store = match &config.database {
            DatabaseSource::Url(url) => LegacyStore::connect(url, config.store).await?,
            DatabaseSource::SecretArn(arn) => {
                let aws = aws.ok_or_else(|| Error::Secret {
                    reason: "no AWS configuration to fetch the secret with".to_owned(),
                })?;
                let url = crate::secrets::fetch_database_url(aws, arn).await?;
                tracing::info!("legacy database URL read from Secrets Manager");
                LegacyStore::connect(&url, config.store)
                    .await
                    .map_err(|error| match error {
                        // The URL came from the secret: say so, not LEGACY_DATABASE_URL.
                        Error::Config { reason, .. } => Error::Config {
                            name: "LEGACY_DATABASE_URL_SECRET_ARN",
                            reason: format!("the URL in the secret: {reason}"),
                        },
                        other => other,
                    })?
            }
            DatabaseSource::Demo => {
                tracing::warn!(
                    "user migration serves the built-in DEMO database, whose passwords are \
                     published; set LEGACY_DATABASE_URL or LEGACY_DATABASE_URL_SECRET_ARN for a \
                     real legacy database"
                );
                LegacyStore::demo(config.store).await?
            }
        };
        let verifier = match &config.dummy_hash {
            Some(dummy) => Verifier::with_dummy_hash(dummy)?,
            None => Verifier::default(),
        }
        .with_limits(config.hash_limits)?;
        Ok(Self {
            store,
            verifier,
            policy: config.policy,
            message_action: config.message_action,
            force_alias_creation: config.force_alias_creation,
            desired_delivery_mediums: config.desired_delivery_mediums,
        })
    }

    /// Replaces the verifier (e.g. one with your users' scheme as the dummy hash).
    pub fn with_verifier(mut self, verifier: Verifier) -> Self {
        self.verifier = verifier;
        self
    }

    /// Replaces the password policy.
    pub fn with_policy(mut self, policy: PasswordPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Sets `messageAction` for migrated users; `None` leaves it to Cognito.
    pub fn with_message_action(mut self, action: Option<MessageAction>) -> Self {
        self.message_action = action;
        self
    }

    /// Sets `forceAliasCreation` for migrated users.
    pub fn with_force_alias_creation(mut self, force: bool) -> Self {
        self.force_alias_creation = Some(force);
        self
    }

    /// Sets `desiredDeliveryMediums` for migrated users.
    pub fn with_desired_delivery_mediums(
        mut self,
        mediums: impl IntoIterator<Item = DeliveryMedium>,
    ) -> Self {
        self.desired_delivery_mediums = Some(mediums.into_iter().collect());
        self
    }

    /// The store.
    pub fn store(&self) -> &LegacyStore {
        &self.store
    }

    /// The password policy.
    pub fn policy(&self) -> &PasswordPolicy {
        &self.policy
    }

    async fn authenticate(
        &self,
        request: &MigrationRequest,
    ) -> Result<MigrationDecision, HookError> {
        let Some(password) = request.password() else {
            tracing::warn!("sign-in migration event without a password; not migrated");
            return Ok(MigrationDecision::NotFound);
        };
        let user = match self.store.find_user(request.username()).await {
            Ok(user) => user,
            Err(error) if error.is_per_user() => {
                // The same hashing work as for anyone else, then "not found".
                self.checked(password.expose(), None).await?;
                tracing::warn!(error = %error, "the legacy user lookup gave no usable user; not migrated");
                return Ok(MigrationDecision::NotFound);
            }
            Err(error) => return Err(error.into()),
        };
        let stored = user.as_ref().and_then(LegacyUser::password_hash);
        let Some(matched) = self.checked(password.expose(), stored).await? else {
            return Ok(MigrationDecision::NotFound);
        };
        let user = match (user, matched) {
            (Some(user), true) => user,
            (None, _) => {
                tracing::debug!(outcome = "unknown_user", "no legacy user to migrate");
                return Ok(MigrationDecision::NotFound);
            }
            (Some(user), false) => {
                let outcome = if user.password_hash().is_some() {
                    "wrong_password"
                } else {
                    "no_password_hash"
                };
                tracing::debug!(outcome, "legacy user not migrated");
                return Ok(MigrationDecision::NotFound);
            }
        };
        let status = if self.policy.is_satisfied_by(password.expose()) {
            FinalUserStatus::Confirmed
        } else if user.has_verified_channel() {
            FinalUserStatus::ResetRequired
        } else {
            tracing::warn!(
                outcome = "reset_impossible",
                "the legacy password misses the password policy and the user has no verified email or phone to reset it; not migrated"
            );
            return Ok(MigrationDecision::NotFound);
        };
        tracing::info!(
            scheme = stored_scheme(&user),
            final_user_status = status.as_str(),
            "legacy user migrated at sign-in"
        );
        Ok(MigrationDecision::Migrate(
            self.migrated(user).final_status(status),
        ))
    }

    /// Verifies `password`; `None` when the stored hash is unusable (logged; the dummy has run,
    /// so the caller cannot tell this from a wrong password). Only a verification that did not
    /// run or finish is an error.
    async fn checked(
        &self,
        password: &str,
        stored: Option<&StoredHash>,
    ) -> Result<Option<bool>, HookError> {
        match self.verifier.verify(password, stored).await {
            Ok(matched) => Ok(Some(matched)),
            Err(error) if error.is_per_user() => {
                tracing::warn!(error = %error, "the legacy user's stored password hash cannot be used; not migrated");
                Ok(None)
            }
            Err(error) => Err(error.into()),
        }
    }

    async fn forgot_password(
        &self,
        request: &MigrationRequest,
    ) -> Result<MigrationDecision, HookError> {
        let user = match self.store.find_user(request.username()).await {
            Ok(user) => user,
            Err(error) if error.is_per_user() => {
                tracing::warn!(error = %error, "the legacy user lookup gave no usable user; not migrated");
                return Ok(MigrationDecision::NotFound);
            }
            Err(error) => return Err(error.into()),
        };
        let Some(user) = user else {
            tracing::debug!(outcome = "unknown_user", "no legacy user to migrate");
            return Ok(MigrationDecision::NotFound);
        };
        if !user.has_verified_channel() {
            tracing::info!(
                outcome = "no_verified_channel",
                "legacy user has no verified email or phone for the reset code; not migrated"
            );
            return Ok(MigrationDecision::NotFound);
        }
        tracing::info!("legacy user migrated for a password reset");
        Ok(MigrationDecision::Migrate(self.migrated(user)))
    }

    /// The Cognito user for `user`, with this hook's options; the hash is dropped here.
    fn migrated(&self, user: LegacyUser) -> MigratedUser {
        let mut migrated = MigratedUser::new(user.into_attributes());
        if let Some(action) = self.message_action {
            migrated = migrated.message_action(action);
        }
        if let Some(force) = self.force_alias_creation {
            migrated = migrated.force_alias_creation(force);
        }
        if let Some(mediums) = &self.desired_delivery_mediums {
            migrated = migrated.desired_delivery_mediums(mediums.iter().copied());
        }
        migrated
    }
}

fn stored_scheme(user: &LegacyUser) -> &'static str {
    user.password_hash()
        .and_then(|hash| hash.scheme())
        .map_or("none", |scheme| scheme.name())
}

impl UserMigration for LegacyMigration {
    async fn user_migration(
        &self,
        request: MigrationRequest,
    ) -> Result<MigrationDecision, HookError> {
        match request.source() {
            MigrationSource::Authentication => self.authenticate(&request).await,
            MigrationSource::ForgotPassword => self.forgot_password(&request).await,
            MigrationSource::Other(source) => {
                tracing::info!(trigger_source = %source, "unknown user migration source; not migrated");
                Ok(MigrationDecision::NotFound)
            }
        }
    }
}
