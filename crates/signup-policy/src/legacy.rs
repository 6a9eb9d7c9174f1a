//! The legacy guard: refuse a public `SignUp` for a login that still lives in the legacy user
//! store, so nobody can register a legacy user's address before that user's first sign-in
//! migrates it (after which the migration trigger never runs for that login again).
//!
//! It reuses the user-migration function's store ([`LegacyStore`]) and its `LEGACY_*`
//! settings, so both functions look users up the same way. A store that cannot answer refuses
//! the sign-up with the generic message: a sign-up is never accepted unchecked.

use std::fmt;

use cognito_legacy_migration::config::{DatabaseSource, MigrationConfig};
use cognito_legacy_migration::secrets;
use cognito_legacy_migration::store::LegacyStore;
use cognito_triggers::HookError;

use crate::config::ConfigError;

/// Looks sign-up logins up in the legacy store. Cheap to clone (a shared pool); `Debug` shows
/// no URL or credentials.
#[derive(Clone)]
pub struct LegacyGuard {
    store: LegacyStore,
}

impl fmt::Debug for LegacyGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LegacyGuard")
            .field("backend", &self.store.backend())
            .finish_non_exhaustive()
    }
}

impl LegacyGuard {
    /// A guard on `store`.
    pub fn new(store: LegacyStore) -> Self {
        Self { store }
    }

    /// A guard configured like the user-migration function: `LEGACY_DATABASE_URL` or
    /// `LEGACY_DATABASE_URL_SECRET_ARN` (required: the guard never checks the demo database),
    /// with the same TLS rule and the optional `LEGACY_USER_QUERY`,
    /// `LEGACY_TABLE`, `LEGACY_LOGIN_COLUMNS`, `LEGACY_DB_TIMEOUT_MS`, … read through `lookup`.
    /// The pool connects lazily, at the first sign-up; call this inside a Tokio runtime.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Invalid`] naming the setting at fault; never the URL.
    pub async fn from_env_with(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let config = MigrationConfig::from_vars(&lookup)
            .map_err(|error| ConfigError::invalid("legacy_guard", error))?;
        let url = match config.database {
            DatabaseSource::Url(url) => url,
            DatabaseSource::SecretArn(arn) => {
                let sdk = cognito_aws_env::aws_config_from_env(secrets::TIMEOUTS).await;
                secrets::fetch_database_url(&sdk, &arn)
                    .await
                    .map_err(|error| {
                        ConfigError::invalid("LEGACY_DATABASE_URL_SECRET_ARN", error)
                    })?
            }
            DatabaseSource::Demo => {
                return Err(ConfigError::invalid(
                    "LEGACY_DATABASE_URL",
                    "the legacy guard is on (legacy_guard / PRE_SIGN_UP_LEGACY_GUARD) but no \
                     legacy database is configured (LEGACY_DATABASE_URL or \
                     LEGACY_DATABASE_URL_SECRET_ARN)",
                ));
            }
        };
        let store = LegacyStore::connect(&url, config.store)
            .await
            .map_err(|error| ConfigError::invalid("legacy_guard", error))?;
        Ok(Self::new(store))
    }

    /// Whether any of `logins` (blank ones skipped, each looked up once ignoring ASCII case)
    /// exists in the legacy store.
    ///
    /// # Errors
    ///
    /// A failed [`HookError`] when the store cannot answer (down, timed out, misconfigured): the
    /// caller sees the generic message and the sign-up is refused.
    pub async fn any_exists<'a>(
        &self,
        logins: impl IntoIterator<Item = &'a str>,
    ) -> Result<bool, HookError> {
        let mut seen: Vec<String> = Vec::new();
        for login in logins {
            let login = login.trim();
            if login.is_empty() || seen.iter().any(|done| done.eq_ignore_ascii_case(login)) {
                continue;
            }
            seen.push(login.to_owned());
            if self
                .store
                .find_user(login)
                .await
                .map_err(HookError::failed)?
                .is_some()
            {
                return Ok(true);
            }
        }
        Ok(false)
    }
}
