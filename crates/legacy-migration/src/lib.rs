//! Migrate users into an Amazon Cognito user pool from a legacy SQL user table, keeping their
//! legacy passwords.
//!
//! When someone signs in (`USER_PASSWORD_AUTH`) or asks for a password reset and Cognito does
//! not know them, the user migration trigger runs. This crate answers it from the old
//! application's database:
//!
//! - [`store`]: one lookup query on SQLite, PostgreSQL or MariaDB/MySQL (sqlx `Any` driver),
//!   column → attribute mapping by configuration, short timeouts, a pool built once per cold start.
//! - [`hash`]: verify a password against bcrypt, Argon2, Django PBKDF2-SHA256, scrypt and
//!   SHA-crypt hashes, picked from the hash's own format, with equal effort for unknown users.
//! - [`policy`]: a Cognito-style password policy, to migrate as `CONFIRMED` or `RESET_REQUIRED`.
//! - [`LegacyMigration`]: the hook that puts them together, configured from the environment by
//!   [`config`], run by the `user-migration` binary.
//! - [`secrets`]: the database URL from a Secrets Manager secret, fetched once per cold start.
//! - [`demo`]: a demo database compiled into the binary, for the local tools and tests; on Lambda
//!   it serves only when asked for (`LEGACY_USE_DEMO_STORE=true`).
//!
//! The password, the stored hash and the database URL never reach a log line, a `Debug` output,
//! an error message or the response.
//!
//! The pieces work on their own too, e.g. in a hook over an HTTP legacy API:
//!
//! ```
//! use cognito_triggers::user_migration::{FinalUserStatus, MigratedUser, MigrationDecision};
//! use cognito_legacy_migration::hash::{StoredHash, Verifier};
//! use cognito_legacy_migration::policy::PasswordPolicy;
//!
//! # async fn demo() -> Result<MigrationDecision, cognito_legacy_migration::Error> {
//! # let (password, email) = ("Legacy-Passw0rd!", "legacy.user@example.com");
//! // The hash as your legacy API returned it (or `None` for an unknown user).
//! let stored = Some(StoredHash::new("$2b$04$1ixl1kGXyxPCjjX/yEJT2.86J3t9BDL0CckdKGn3Ly625/ShuzXOi"));
//! if !Verifier::default().verify(password, stored.as_ref()).await? {
//!     return Ok(MigrationDecision::NotFound);
//! }
//! let status = if PasswordPolicy::default().is_satisfied_by(password) {
//!     FinalUserStatus::Confirmed
//! } else {
//!     FinalUserStatus::ResetRequired
//! };
//! Ok(MigrationDecision::Migrate(
//!     MigratedUser::new([("email", email), ("email_verified", "true")]).final_status(status),
//! ))
//! # }
//! # let decision = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(demo()).unwrap();
//! # assert!(matches!(decision, MigrationDecision::Migrate(_)));
//! ```

pub mod config;
pub mod demo;
mod error;
pub mod hash;
mod hook;
pub mod policy;
pub mod secrets;
pub mod store;

pub use error::{Error, Result};
pub use hook::LegacyMigration;
