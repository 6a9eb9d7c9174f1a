//! The crate's one error type.

use std::time::Duration;

/// Everything that can go wrong in this crate: configuration, the legacy database, a stored hash.
///
/// No variant ever carries a password, a password hash or a database URL: the messages are safe
/// to log. Inside a [`UserMigration`](cognito_triggers::user_migration::UserMigration) hook, `?`
/// turns any of them into a "failed" [`HookError`](cognito_triggers::HookError), which is logged
/// with its cause chain while Cognito only sees a generic message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An environment variable or option has a value this crate cannot use.
    #[error("invalid configuration: {name}: {reason}")]
    Config {
        /// The environment variable or option, e.g. `LEGACY_DATABASE_URL`.
        name: &'static str,
        /// What is wrong with it (never the value itself when it may hold a secret).
        reason: String,
    },
    /// The database URL could not be parsed or names no supported backend.
    #[error(
        "invalid database URL in LEGACY_DATABASE_URL or the secret (expected sqlite:, postgres://, mysql:// or mariadb://)"
    )]
    DatabaseUrl(#[source] sqlx::Error),
    /// The legacy database failed: connecting, running the lookup query or reading its result.
    #[error("legacy user lookup failed")]
    Database(#[source] sqlx::Error),
    /// The legacy database did not answer in time.
    #[error("legacy user lookup timed out after {0:?}")]
    Timeout(Duration),
    /// A column the mapping needs is missing from the lookup query's result, or has a type that
    /// cannot become a Cognito attribute.
    #[error("column `{column}` of the lookup query: {reason}")]
    Column {
        /// The column name.
        column: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The stored password hash has no format this crate recognises.
    #[error("the stored password hash has an unsupported format")]
    UnsupportedHash,
    /// The stored password hash asks for more work than the configured
    /// [`HashLimits`](crate::hash::HashLimits) allow (a hostile or mistaken row would otherwise
    /// occupy the instance for minutes, or abort it on a huge allocation).
    #[error(
        "the stored {scheme} password hash exceeds the {parameter} limit of {limit} (raise {setting} to allow it)"
    )]
    HashOverLimit {
        /// The scheme the hash claims to be.
        scheme: &'static str,
        /// The parameter over the limit, e.g. `cost`, `N*r*128 bytes`, `m (KiB)`.
        parameter: &'static str,
        /// The configured limit, in the parameter's unit.
        limit: u64,
        /// The environment variable that sets the limit.
        setting: &'static str,
    },
    /// The stored password hash looks like `scheme` but cannot be parsed.
    #[error("the stored {scheme} password hash is malformed")]
    MalformedHash {
        /// The scheme the hash claims to be.
        scheme: &'static str,
    },
    /// One row of the lookup's result has a value that cannot become an attribute (text that is
    /// not UTF-8, a flag that is not a boolean, a hash that is not text). This concerns that
    /// user only: the hook answers "not found" and logs a warning.
    #[error("column `{column}` of the matching row: {reason}")]
    UnreadableRow {
        /// The column name.
        column: String,
        /// What is wrong with the value (never the value itself).
        reason: &'static str,
    },
    /// The typed login matches more than one legacy user (e.g. `Alice@x` and `alice@x`, or one
    /// user's name is another user's email address). Nobody is migrated: picking one could hand
    /// one person's account to another.
    #[error("the login matches more than one legacy user")]
    AmbiguousLogin,
    /// Another password verification still holds this instance's single verification slot and
    /// did not finish within the wait allowed.
    #[error("password verification is busy: no slot within {0:?}")]
    VerifierBusy(Duration),
    /// The Secrets Manager secret named by `LEGACY_DATABASE_URL_SECRET_ARN` could not be fetched
    /// or holds no usable database URL. The reason never contains the secret's value.
    #[error("LEGACY_DATABASE_URL_SECRET_ARN: {reason}")]
    Secret {
        /// What went wrong (an AWS error code and message, or what the value lacks).
        reason: String,
    },
    /// The blocking task that verifies a password did not finish (it panicked or was cancelled).
    #[error("password verification did not finish")]
    Verification(#[source] tokio::task::JoinError),
    /// Creating the demo database failed.
    #[error("creating the demo database failed")]
    Demo(#[source] sqlx::Error),
}

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Whether the error concerns one user's row or stored hash only (an unusable or over-limit
    /// hash, an unreadable value, an ambiguous login), as opposed to the database, the
    /// configuration or the runtime failing. The hook answers "not found" for these, after the
    /// same hashing work as for anyone else, so that they look like a wrong password.
    pub fn is_per_user(&self) -> bool {
        matches!(
            self,
            Error::UnsupportedHash
                | Error::MalformedHash { .. }
                | Error::HashOverLimit { .. }
                | Error::UnreadableRow { .. }
                | Error::AmbiguousLogin
        )
    }
}
