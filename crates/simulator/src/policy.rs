//! The pool's password policy, with Cognito's `InvalidPasswordException` messages.

use crate::pool::PasswordPolicy;

/// The characters Cognito counts as symbols (the space included).
pub const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

impl PasswordPolicy {
    /// Checks `password`; on failure, the text after `Password does not conform to policy: `.
    ///
    /// Checks run in this order: length, lower case, upper case, digits, symbols; the first
    /// failure is reported, as Cognito reports one reason.
    pub fn check(&self, password: &str) -> Result<(), &'static str> {
        if password.chars().count() < self.minimum_length {
            return Err("Password not long enough");
        }
        if self.require_lowercase && !password.chars().any(char::is_lowercase) {
            return Err("Password must have lowercase characters");
        }
        if self.require_uppercase && !password.chars().any(char::is_uppercase) {
            return Err("Password must have uppercase characters");
        }
        if self.require_numbers && !password.chars().any(|c| c.is_ascii_digit()) {
            return Err("Password must have numeric characters");
        }
        if self.require_symbols && !password.chars().any(|c| SYMBOLS.contains(c)) {
            return Err("Password must have symbol characters");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_reports_the_first_failure() {
        let policy = PasswordPolicy::default();
        assert_eq!(policy.check("Ab1!"), Err("Password not long enough"));
        assert_eq!(
            policy.check("ABCDEFG1!"),
            Err("Password must have lowercase characters")
        );
        assert_eq!(
            policy.check("abcdefg1!"),
            Err("Password must have uppercase characters")
        );
        assert_eq!(
            policy.check("Abcdefgh!"),
            Err("Password must have numeric characters")
        );
        assert_eq!(
            policy.check("Abcdefgh1"),
            Err("Password must have symbol characters")
        );
        assert_eq!(policy.check("Abcdefg1!"), Ok(()));
    }

    #[test]
    fn relaxed_policy() {
        let policy = PasswordPolicy {
            minimum_length: 6,
            require_uppercase: false,
            require_lowercase: false,
            require_numbers: false,
            require_symbols: false,
        };
        assert_eq!(policy.check("aaaaaa"), Ok(()));
        assert_eq!(policy.check("aaaaa"), Err("Password not long enough"));
    }
}
