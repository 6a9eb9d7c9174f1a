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
    #[error("invalid database URL (expected sqlite:, postgres://, mysql:// or mariadb://)")]
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
    /// The stored password hash looks like `scheme` but cannot be parsed.
    #[error("the stored {scheme} password hash is malformed")]
    MalformedHash {
        /// The scheme the hash claims to be.
        scheme: &'static str,
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
