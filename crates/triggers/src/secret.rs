//! [`Secret`]: a string that never shows in `Debug`, `Display` or logs.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A secret string, such as the password in a user migration event.
///
/// `Debug` prints `Secret([redacted])` and there is no `Display`, so the value cannot reach a log
/// line or an error message by accident. Read it with [`Secret::expose`]. It serializes as the plain
/// string, because Cognito expects the whole event back.
///
/// ```
/// use cognito_triggers::Secret;
///
/// let password = Secret::new("Hunter2!legacy");
/// assert_eq!(format!("{password:?}"), "Secret([redacted])");
/// assert_eq!(password.expose(), "Hunter2!legacy");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}
