//! The function's configuration, read from environment variables.
//!
//! | Variable | Default | Meaning |
//! | --- | --- | --- |
//! | `LEGACY_DATABASE_URL` | *(unset: demo)* | `sqlite:path`, `postgres://…`, `mysql://…`, `mariadb://…`; unset or empty uses the in-memory [demo database](crate::demo) |
//! | `LEGACY_USER_QUERY` | *(generated)* | a hand-written lookup query with `{login}` where the typed user name goes |
//! | `LEGACY_TABLE` | `legacy_users` | table of the generated query |
//! | `LEGACY_LOGIN_COLUMNS` | `username,email` | columns matched case-insensitively against the typed user name |
//! | `LEGACY_ATTRIBUTES` | the default schema | `attribute=column` pairs, comma-separated |
//! | `LEGACY_PASSWORD_HASH_COLUMN` | `password_hash` | column holding the hash |
//! | `LEGACY_DB_TIMEOUT_MS` | `1500` | the most a lookup may take, connecting included |
//! | `LEGACY_DB_MAX_CONNECTIONS` | `2` | pool size |
//! | `LEGACY_DUMMY_PASSWORD_HASH` | bcrypt, cost 12 | hash verified for unknown users (pick your users' scheme and cost) |
//! | `PASSWORD_POLICY_MINIMUM_LENGTH` | `8` | the pool's password policy … |
//! | `PASSWORD_POLICY_REQUIRE_LOWERCASE` | `true` | … |
//! | `PASSWORD_POLICY_REQUIRE_UPPERCASE` | `true` | … |
//! | `PASSWORD_POLICY_REQUIRE_NUMBERS` | `true` | … |
//! | `PASSWORD_POLICY_REQUIRE_SYMBOLS` | `true` | … (`finalUserStatus` is `RESET_REQUIRED` when it is missed) |
//! | `MIGRATION_MESSAGE_ACTION` | `SUPPRESS` | `SUPPRESS`, `RESEND`, or `UNSET` (Cognito sends its welcome message) |
//! | `MIGRATION_FORCE_ALIAS_CREATION` | *(unset)* | `true` moves an email/phone alias from another user |
//! | `MIGRATION_DESIRED_DELIVERY_MEDIUMS` | *(unset)* | `EMAIL`, `SMS` or `EMAIL,SMS` for the welcome message |
//!
//! ```
//! use cognito_legacy_migration::config::MigrationConfig;
//!
//! let config = MigrationConfig::from_vars(|name| match name {
//!     "LEGACY_DATABASE_URL" => Some("postgres://app:s3cret@db.internal/legacy".to_owned()),
//!     "PASSWORD_POLICY_MINIMUM_LENGTH" => Some("12".to_owned()),
//!     _ => None,
//! })?;
//! assert_eq!(config.policy.minimum_length, 12);
//! // Debug output never shows the URL's credentials.
//! assert!(!format!("{config:?}").contains("s3cret"));
//! # Ok::<(), cognito_legacy_migration::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use cognito_triggers::user_migration::{DeliveryMedium, MessageAction};

use crate::error::{Error, Result};
use crate::hash::Verifier;
use crate::policy::PasswordPolicy;
use crate::store::{AttributeMapping, StoreOptions};

/// Everything the reference migration function needs, from the environment.
#[derive(Clone, PartialEq, Eq)]
pub struct MigrationConfig {
    /// The legacy database; `None` selects the in-memory demo database. May hold credentials:
    /// `Debug` shows only its scheme.
    pub database_url: Option<String>,
    /// The lookup query, attribute mapping, timeout and pool size.
    pub store: StoreOptions,
    /// The hash verified for unknown users; `None` for [`Verifier::DEFAULT_DUMMY_HASH`].
    pub dummy_hash: Option<String>,
    /// The pool's password policy, to choose between `CONFIRMED` and `RESET_REQUIRED`.
    pub policy: PasswordPolicy,
    /// `messageAction` of migrated users; `None` leaves it unset.
    pub message_action: Option<MessageAction>,
    /// `forceAliasCreation` of migrated users; `None` leaves it unset.
    pub force_alias_creation: Option<bool>,
    /// `desiredDeliveryMediums` of migrated users; `None` leaves it unset.
    pub desired_delivery_mediums: Option<Vec<DeliveryMedium>>,
}

impl Default for MigrationConfig {
    /// The demo database, the default schema, Cognito's default policy, `SUPPRESS`.
    fn default() -> Self {
        Self {
            database_url: None,
            store: StoreOptions::default(),
            dummy_hash: None,
            policy: PasswordPolicy::default(),
            message_action: Some(MessageAction::Suppress),
            force_alias_creation: None,
            desired_delivery_mediums: None,
        }
    }
}

impl fmt::Debug for MigrationConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let database = match &self.database_url {
            None => "demo (in-memory SQLite)".to_owned(),
            Some(url) => format!(
                "{}:[redacted]",
                url.split_once(':').map_or("?", |(scheme, _)| scheme)
            ),
        };
        f.debug_struct("MigrationConfig")
            .field("database_url", &database)
            .field("store", &self.store)
            .field(
                "dummy_hash",
                &self.dummy_hash.as_ref().map(|_| "[redacted]"),
            )
            .field("policy", &self.policy)
            .field("message_action", &self.message_action)
            .field("force_alias_creation", &self.force_alias_creation)
            .field("desired_delivery_mediums", &self.desired_delivery_mediums)
            .finish()
    }
}

impl MigrationConfig {
    /// Reads the variables listed in the [module docs](self) from the process environment.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the first variable whose value cannot be used.
    pub fn from_env() -> Result<Self> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Reads the variables through `var` (for tests, or another source of settings). Unset and
    /// empty values mean "default".
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the first variable whose value cannot be used.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let get = |name: &str| {
            var(name)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        let mut config = Self {
            database_url: get("LEGACY_DATABASE_URL"),
            ..Self::default()
        };

        let store = &mut config.store;
        store.query = get("LEGACY_USER_QUERY");
        if let Some(table) = get("LEGACY_TABLE") {
            store.table = table;
        }
        if let Some(columns) = get("LEGACY_LOGIN_COLUMNS") {
            store.login_columns = list(&columns);
        }
        if let Some(mapping) = get("LEGACY_ATTRIBUTES") {
            store.attributes = AttributeMapping::from_str(&mapping)?;
        }
        if let Some(column) = get("LEGACY_PASSWORD_HASH_COLUMN") {
            store.password_hash_column = column;
        }
        if let Some(millis) = parse::<u64>(&get, "LEGACY_DB_TIMEOUT_MS")? {
            store.timeout = Duration::from_millis(millis);
        }
        if let Some(max) = parse::<u32>(&get, "LEGACY_DB_MAX_CONNECTIONS")? {
            store.max_connections = max;
        }

        config.dummy_hash = get("LEGACY_DUMMY_PASSWORD_HASH");
        if let Some(dummy) = &config.dummy_hash {
            // Fail at start-up, not at the first unknown user.
            Verifier::with_dummy_hash(dummy).map_err(|error| Error::Config {
                name: "LEGACY_DUMMY_PASSWORD_HASH",
                reason: error.to_string(),
            })?;
        }

        let policy = &mut config.policy;
        if let Some(length) = parse::<usize>(&get, "PASSWORD_POLICY_MINIMUM_LENGTH")? {
            policy.minimum_length = length;
        }
        for (name, flag) in [
            (
                "PASSWORD_POLICY_REQUIRE_LOWERCASE",
                &mut policy.require_lowercase,
            ),
            (
                "PASSWORD_POLICY_REQUIRE_UPPERCASE",
                &mut policy.require_uppercase,
            ),
            (
                "PASSWORD_POLICY_REQUIRE_NUMBERS",
                &mut policy.require_numbers,
            ),
            (
                "PASSWORD_POLICY_REQUIRE_SYMBOLS",
                &mut policy.require_symbols,
            ),
        ] {
            if let Some(value) = boolean(&get, name)? {
                *flag = value;
            }
        }

        if let Some(action) = get("MIGRATION_MESSAGE_ACTION") {
            config.message_action = match action.to_ascii_uppercase().as_str() {
                "SUPPRESS" => Some(MessageAction::Suppress),
                "RESEND" => Some(MessageAction::Resend),
                "UNSET" => None,
                _ => {
                    return Err(invalid(
                        "MIGRATION_MESSAGE_ACTION",
                        "expected SUPPRESS, RESEND or UNSET",
                    ));
                }
            };
        }
        config.force_alias_creation = boolean(&get, "MIGRATION_FORCE_ALIAS_CREATION")?;
        if let Some(mediums) = get("MIGRATION_DESIRED_DELIVERY_MEDIUMS") {
            let parsed = list(&mediums)
                .iter()
                .map(|medium| match medium.to_ascii_uppercase().as_str() {
                    "EMAIL" => Ok(DeliveryMedium::Email),
                    "SMS" => Ok(DeliveryMedium::Sms),
                    _ => Err(invalid(
                        "MIGRATION_DESIRED_DELIVERY_MEDIUMS",
                        "expected EMAIL and/or SMS",
                    )),
                })
                .collect::<Result<Vec<_>>>()?;
            config.desired_delivery_mediums = Some(parsed);
        }
        Ok(config)
    }
}

fn invalid(name: &'static str, reason: &str) -> Error {
    Error::Config {
        name,
        reason: reason.to_owned(),
    }
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

fn parse<T: FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
) -> Result<Option<T>> {
    get(name)
        .map(|value| {
            value
                .parse::<T>()
                .map_err(|_| invalid(name, "expected a non-negative whole number"))
        })
        .transpose()
}

fn boolean(get: &impl Fn(&str) -> Option<String>, name: &'static str) -> Result<Option<bool>> {
    get(name)
        .map(|value| match value.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            _ => Err(invalid(name, "expected true or false")),
        })
        .transpose()
}
