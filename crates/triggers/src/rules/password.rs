//! A user pool's password policy, with Cognito's character classes.
//!
//! [`PasswordPolicy`] mirrors the pool settings (`MinimumLength`, `RequireLowercase`,
//! `RequireUppercase`, `RequireNumbers`, `RequireSymbols`) and defaults to Cognito's default
//! policy. Cognito does not check a migrated password against the pool's policy: a user migration
//! hook has to, and send `RESET_REQUIRED` when it fails. In JSON (with serde) the fields are
//! camelCase (`minimumLength`, `requireLowercase`, …) and each missing one keeps its default.
//!
//! ```
//! use cognito_triggers::rules::password::{PasswordPolicy, PolicyViolation};
//!
//! let policy = PasswordPolicy::default(); // 8 characters, all four classes
//! assert!(policy.is_satisfied_by("Legacy-Passw0rd!"));
//! assert_eq!(
//!     policy.violations("short"),
//!     [
//!         PolicyViolation::TooShort,
//!         PolicyViolation::MissingUppercase,
//!         PolicyViolation::MissingNumber,
//!         PolicyViolation::MissingSymbol,
//!     ]
//! );
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

/// The special characters Cognito counts as symbols (the space counts too, but a password may
/// not start or end with one).
pub const COGNITO_SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-";

/// A Cognito-style password policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PasswordPolicy {
    /// Minimum number of characters (Cognito allows 6 to 99; its default is 8).
    pub minimum_length: usize,
    /// At least one lower-case basic Latin letter (`a`–`z`).
    pub require_lowercase: bool,
    /// At least one upper-case basic Latin letter (`A`–`Z`).
    pub require_uppercase: bool,
    /// At least one digit (`0`–`9`).
    pub require_numbers: bool,
    /// At least one of [`COGNITO_SYMBOLS`] or an inner space.
    pub require_symbols: bool,
}

impl Default for PasswordPolicy {
    /// Cognito's default policy: at least 8 characters, with lower case, upper case, a number
    /// and a symbol.
    fn default() -> Self {
        Self {
            minimum_length: 8,
            require_lowercase: true,
            require_uppercase: true,
            require_numbers: true,
            require_symbols: true,
        }
    }
}

/// One way a password misses a [`PasswordPolicy`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicyViolation {
    /// Shorter than `minimum_length` characters.
    TooShort,
    /// No lower-case letter.
    MissingLowercase,
    /// No upper-case letter.
    MissingUppercase,
    /// No digit.
    MissingNumber,
    /// No symbol.
    MissingSymbol,
    /// Starts or ends with white space, which Cognito never accepts in a password.
    SurroundingWhitespace,
}

impl fmt::Display for PolicyViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PolicyViolation::TooShort => "too short",
            PolicyViolation::MissingLowercase => "no lower-case letter",
            PolicyViolation::MissingUppercase => "no upper-case letter",
            PolicyViolation::MissingNumber => "no number",
            PolicyViolation::MissingSymbol => "no symbol",
            PolicyViolation::SurroundingWhitespace => "leading or trailing white space",
        })
    }
}

impl PasswordPolicy {
    /// Whether `password` meets every rule.
    pub fn is_satisfied_by(&self, password: &str) -> bool {
        self.violations(password).is_empty()
    }

    /// Every rule `password` misses, in a fixed order (length, lower case, upper case, number,
    /// symbol, surrounding white space); empty when it satisfies the policy.
    ///
    /// The result describes the password: do not log it.
    pub fn violations(&self, password: &str) -> Vec<PolicyViolation> {
        let mut violations = Vec::new();
        if password.chars().count() < self.minimum_length {
            violations.push(PolicyViolation::TooShort);
        }
        let has = |test: fn(char) -> bool| password.chars().any(test);
        if self.require_lowercase && !has(|c| c.is_ascii_lowercase()) {
            violations.push(PolicyViolation::MissingLowercase);
        }
        if self.require_uppercase && !has(|c| c.is_ascii_uppercase()) {
            violations.push(PolicyViolation::MissingUppercase);
        }
        if self.require_numbers && !has(|c| c.is_ascii_digit()) {
            violations.push(PolicyViolation::MissingNumber);
        }
        if self.require_symbols && !has(|c| c == ' ' || COGNITO_SYMBOLS.contains(c)) {
            violations.push(PolicyViolation::MissingSymbol);
        }
        if password.starts_with(char::is_whitespace) || password.ends_with(char::is_whitespace) {
            violations.push(PolicyViolation::SurroundingWhitespace);
        }
        violations
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keys_are_camel_case_and_missing_ones_keep_the_default() {
        let policy: PasswordPolicy =
            serde_json::from_str(r#"{"minimumLength": 6, "requireSymbols": false}"#)
                .expect("policy");
        assert_eq!(
            policy,
            PasswordPolicy {
                minimum_length: 6,
                require_symbols: false,
                ..PasswordPolicy::default()
            }
        );
        let json = serde_json::to_value(PasswordPolicy::default()).expect("json");
        assert_eq!(
            json,
            serde_json::json!({
                "minimumLength": 8,
                "requireLowercase": true,
                "requireUppercase": true,
                "requireNumbers": true,
                "requireSymbols": true,
            })
        );
    }
}
