//! A password policy in the shape of a Cognito user pool's, to decide whether a migrated user
//! may keep their legacy password.
//!
//! Cognito does not check a migrated password against the pool's policy: the migration function
//! has to, and send `RESET_REQUIRED` when it fails. [`PasswordPolicy`] mirrors the pool settings
//! (`MinimumLength`, `RequireLowercase`, `RequireUppercase`, `RequireNumbers`, `RequireSymbols`),
//! with Cognito's character classes, and defaults to Cognito's default policy. These are
//! [`cognito_triggers::password_policy`]'s items, re-exported here.
//!
//! ```
//! use cognito_legacy_migration::policy::{PasswordPolicy, PolicyViolation};
//!
//! assert_eq!(PasswordPolicy::default().violations("Sh0rt!"), [PolicyViolation::TooShort]);
//! ```

pub use cognito_triggers::password_policy::{COGNITO_SYMBOLS, PasswordPolicy, PolicyViolation};
