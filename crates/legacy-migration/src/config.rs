//! The function's configuration, read from environment variables.
//!
//! | Variable | Default | Meaning |
//! | --- | --- | --- |
//! | `LEGACY_DATABASE_URL` | *(unset)* | `sqlite:path`, `postgres://…?sslmode=verify-full`, `mysql://…?ssl-mode=VERIFY_IDENTITY`, `mariadb://…`; blank counts as unset |
//! | `LEGACY_DATABASE_URL_SECRET_ARN` | *(unset)* | a Secrets Manager secret holding the URL (or a JSON object with a `url` member), fetched at start-up ([`secrets`](crate::secrets)); not together with `LEGACY_DATABASE_URL` |
//! | `LEGACY_DB_ALLOW_UNVERIFIED_TLS` | `false` | `true` accepts PostgreSQL/MySQL URLs that do not verify the server (local databases only; logged as a warning) |
//! | `LEGACY_USE_DEMO_STORE` | *(unset)* | `true` serves the built-in [demo database](crate::demo) with its published passwords (warning at start-up); unset, the demo serves only outside Lambda when no database is configured |
//! | `LEGACY_USER_QUERY` | *(generated)* | a hand-written lookup query with `{login}` where the typed user name goes |
//! | `LEGACY_TABLE` | `legacy_users` | table of the generated query |
//! | `LEGACY_LOGIN_COLUMNS` | `username,email` | columns matched case-insensitively against the typed user name |
//! | `LEGACY_ATTRIBUTES` | the default schema | `attribute=column` pairs, comma-separated |
//! | `LEGACY_PASSWORD_HASH_COLUMN` | `password_hash` | column holding the hash |
//! | `LEGACY_DB_TIMEOUT_MS` | `1500` | the most a lookup may take, connecting included |
//! | `LEGACY_DB_MAX_CONNECTIONS` | `2` | pool size |
//! | `LEGACY_DUMMY_PASSWORD_HASH` | bcrypt, cost 12 | hash verified for unknown users (pick your users' scheme and cost) |
//! | `LEGACY_HASH_MAX_BCRYPT_COST` | `14` | stored hashes above a [limit](crate::hash::HashLimits) are unusable (the user is not migrated, a warning is logged) |
//! | `LEGACY_HASH_MAX_PBKDF2_ITERATIONS` | `2000000` | … Django PBKDF2 iterations |
//! | `LEGACY_HASH_MAX_SHA_CRYPT_ROUNDS` | `1000000` | … SHA-crypt rounds |
//! | `LEGACY_HASH_MAX_SCRYPT_MEMORY_MIB` | `64` | … scrypt N·r·128 bytes, in MiB |
//! | `LEGACY_HASH_MAX_SCRYPT_PARALLELISM` | `4` | … scrypt `p` |
//! | `LEGACY_HASH_MAX_ARGON2_MEMORY_MIB` | `64` | … Argon2 `m`, in MiB |
//! | `LEGACY_HASH_MAX_ARGON2_ITERATIONS` | `10` | … Argon2 `t` |
//! | `LEGACY_HASH_MAX_ARGON2_PARALLELISM` | `4` | … Argon2 `p` |
//! | `PASSWORD_POLICY_MINIMUM_LENGTH` | `8` | the pool's password policy … |
//! | `PASSWORD_POLICY_REQUIRE_LOWERCASE` | `true` | … |
//! | `PASSWORD_POLICY_REQUIRE_UPPERCASE` | `true` | … |
//! | `PASSWORD_POLICY_REQUIRE_NUMBERS` | `true` | … |
//! | `PASSWORD_POLICY_REQUIRE_SYMBOLS` | `true` | … (`finalUserStatus` is `RESET_REQUIRED` when it is missed) |
//! | `MIGRATION_MESSAGE_ACTION` | `SUPPRESS` | `SUPPRESS`, `RESEND`, or `UNSET` (Cognito sends its welcome message) |
//! | `MIGRATION_FORCE_ALIAS_CREATION` | *(unset)* | `true` moves an email/phone alias from another user |
//! | `MIGRATION_DESIRED_DELIVERY_MEDIUMS` | *(unset)* | `EMAIL`, `SMS` or `EMAIL,SMS` for the welcome message |
//!
//! `AWS_LAMBDA_FUNCTION_NAME` (set by Lambda) tells whether the function runs on Lambda: there,
//! a missing database is a start-up error instead of the demo.
//!
//! ```
//! use cognito_legacy_migration::config::MigrationConfig;
//!
//! let config = MigrationConfig::from_vars(|name| match name {
//!     "LEGACY_DATABASE_URL" => Some("postgres://app:s3cret@db.internal/legacy?sslmode=verify-full".to_owned()),
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
use crate::hash::{HashLimits, Verifier};
use crate::policy::PasswordPolicy;
use crate::store::{AttributeMapping, StoreOptions};

/// Where the legacy users come from.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseSource {
    /// A database URL (`LEGACY_DATABASE_URL`). May hold credentials: `Debug` shows only its
    /// scheme.
    Url(String),
    /// A Secrets Manager secret holding the URL (`LEGACY_DATABASE_URL_SECRET_ARN`), fetched when
    /// the hook is built.
    SecretArn(String),
    /// The built-in demo database, whose passwords are published: asked for with
    /// `LEGACY_USE_DEMO_STORE=true`, or nothing configured outside Lambda.
    Demo,
}

impl fmt::Debug for DatabaseSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseSource::Url(url) => write!(
                f,
                "Url({}:[redacted])",
                url.split_once(':').map_or("?", |(scheme, _)| scheme)
            ),
            DatabaseSource::SecretArn(arn) => f.debug_tuple("SecretArn").field(arn).finish(),
            DatabaseSource::Demo => f.write_str("Demo (in-memory SQLite)"),
        }
    }
}

/// Everything the reference migration function needs, from the environment.
#[derive(Clone, PartialEq, Eq)]
pub struct MigrationConfig {
    /// The legacy database.
    pub database: DatabaseSource,
    /// The lookup query, attribute mapping, timeout and pool size.
    pub store: StoreOptions,
    /// The hash verified for unknown users; `None` for [`Verifier::DEFAULT_DUMMY_HASH`].
    pub dummy_hash: Option<String>,
    /// The most work a stored hash may ask for.
    pub hash_limits: HashLimits,
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
            database: DatabaseSource::Demo,
            store: StoreOptions::default(),
            dummy_hash: None,
            hash_limits: HashLimits::default(),
            policy: PasswordPolicy::default(),
            message_action: Some(MessageAction::Suppress),
            force_alias_creation: None,
            desired_delivery_mediums: None,
        }
    }
}

impl fmt::Debug for MigrationConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MigrationConfig")
            .field("database", &self.database)
            .field("store", &self.store)
            .field(
                "dummy_hash",
                &self.dummy_hash.as_ref().map(|_| "[redacted]"),
            )
            .field("hash_limits", &self.hash_limits)
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
    /// blank values mean "default".
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the first variable whose value cannot be used: among others no
    /// database on Lambda, both a URL and a secret, or a PostgreSQL/MySQL URL that does not
    /// verify the server.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let get = |name: &str| {
            var(name)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        let mut config = Self::default();
        config.store.allow_unverified_tls =
            boolean(&get, "LEGACY_DB_ALLOW_UNVERIFIED_TLS")?.unwrap_or(false);
        config.database = database_source(&get, config.store.allow_unverified_tls)?;

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

        let limits = &mut config.hash_limits;
        for (name, limit) in [
            ("LEGACY_HASH_MAX_BCRYPT_COST", &mut limits.bcrypt_cost),
            (
                "LEGACY_HASH_MAX_PBKDF2_ITERATIONS",
                &mut limits.pbkdf2_iterations,
            ),
            (
                "LEGACY_HASH_MAX_SHA_CRYPT_ROUNDS",
                &mut limits.sha_crypt_rounds,
            ),
            (
                "LEGACY_HASH_MAX_SCRYPT_MEMORY_MIB",
                &mut limits.scrypt_memory_mib,
            ),
            (
                "LEGACY_HASH_MAX_SCRYPT_PARALLELISM",
                &mut limits.scrypt_parallelism,
            ),
            (
                "LEGACY_HASH_MAX_ARGON2_MEMORY_MIB",
                &mut limits.argon2_memory_mib,
            ),
            (
                "LEGACY_HASH_MAX_ARGON2_ITERATIONS",
                &mut limits.argon2_iterations,
            ),
            (
                "LEGACY_HASH_MAX_ARGON2_PARALLELISM",
                &mut limits.argon2_parallelism,
            ),
        ] {
            if let Some(value) = parse::<u32>(&get, name)? {
                *limit = value;
            }
        }

        config.dummy_hash = get("LEGACY_DUMMY_PASSWORD_HASH");
        // Fail at start-up, not at the first unknown user: the dummy must be usable and within
        // the limits (or unknown users would cost nothing).
        let verifier = Verifier::default();
        let verifier = match &config.dummy_hash {
            Some(dummy) => verifier.dummy_hash(dummy),
            None => Ok(verifier),
        }
        .and_then(|verifier| verifier.with_limits(config.hash_limits))
        .map_err(|error| Error::Config {
            name: "LEGACY_DUMMY_PASSWORD_HASH",
            reason: error.to_string(),
        })?;
        drop(verifier);

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

/// The database from `LEGACY_DATABASE_URL`, `LEGACY_DATABASE_URL_SECRET_ARN` and
/// `LEGACY_USE_DEMO_STORE`; on Lambda (`AWS_LAMBDA_FUNCTION_NAME` set) one of them is required.
fn database_source(
    get: &impl Fn(&str) -> Option<String>,
    allow_unverified_tls: bool,
) -> Result<DatabaseSource> {
    let url = get("LEGACY_DATABASE_URL");
    let arn = get(crate::secrets::SECRET_ARN_VAR);
    let demo = boolean(get, "LEGACY_USE_DEMO_STORE")?;
    let on_lambda = get("AWS_LAMBDA_FUNCTION_NAME").is_some();
    match (url, arn, demo) {
        (Some(_), Some(_), _) => Err(invalid(
            "LEGACY_DATABASE_URL_SECRET_ARN",
            "LEGACY_DATABASE_URL is set too; set only one of them (the secret keeps the \
             password out of the function's configuration)",
        )),
        (Some(_), None, Some(true)) | (None, Some(_), Some(true)) => Err(invalid(
            "LEGACY_USE_DEMO_STORE",
            "true, but a legacy database is configured as well; remove one of them",
        )),
        (Some(url), None, _) => {
            if !allow_unverified_tls {
                // The warning for the opt-out is logged once, when the store is built.
                crate::store::check_transport(&url, false)?;
            }
            Ok(DatabaseSource::Url(url))
        }
        (None, Some(arn), _) => Ok(DatabaseSource::SecretArn(arn)),
        (None, None, Some(true)) => Ok(DatabaseSource::Demo),
        (None, None, Some(false)) => Err(invalid(
            "LEGACY_DATABASE_URL",
            "not set, and LEGACY_USE_DEMO_STORE=false: set LEGACY_DATABASE_URL or \
             LEGACY_DATABASE_URL_SECRET_ARN",
        )),
        (None, None, None) if on_lambda => Err(invalid(
            "LEGACY_DATABASE_URL",
            "not set, and the function runs on Lambda (AWS_LAMBDA_FUNCTION_NAME is set): set \
             LEGACY_DATABASE_URL or LEGACY_DATABASE_URL_SECRET_ARN. The built-in demo database, \
             whose passwords are published, serves only with LEGACY_USE_DEMO_STORE=true",
        )),
        (None, None, None) => Ok(DatabaseSource::Demo),
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
