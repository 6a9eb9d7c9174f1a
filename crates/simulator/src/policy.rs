//! The pool's password policy check, with Cognito's `InvalidPasswordException` messages.

use cognito_triggers::password_policy::{PasswordPolicy, PolicyViolation};

/// Checks `password`; on failure, the text after `Password does not conform to policy: `.
///
/// Cognito reports one reason: the first failure in the order length, lower case, upper case,
/// digits, symbols. Leading or trailing white space is not checked here: ConfirmForgotPassword
/// refuses any white space earlier, as an `InvalidParameterException`.
pub(crate) fn check(policy: &PasswordPolicy, password: &str) -> Result<(), &'static str> {
    let reason = policy
        .violations(password)
        .into_iter()
        .find_map(|violation| match violation {
            PolicyViolation::TooShort => Some("Password not long enough"),
            PolicyViolation::MissingLowercase => Some("Password must have lowercase characters"),
            PolicyViolation::MissingUppercase => Some("Password must have uppercase characters"),
            PolicyViolation::MissingNumber => Some("Password must have numeric characters"),
            PolicyViolation::MissingSymbol => Some("Password must have symbol characters"),
            PolicyViolation::SurroundingWhitespace => None,
            _ => Some("Password does not satisfy the pool's password policy"),
        });
    reason.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_reports_the_first_failure() {
        let policy = PasswordPolicy::default();
        assert_eq!(check(&policy, "Ab1!"), Err("Password not long enough"));
        assert_eq!(
            check(&policy, "ABCDEFG1!"),
            Err("Password must have lowercase characters")
        );
        assert_eq!(
            check(&policy, "abcdefg1!"),
            Err("Password must have uppercase characters")
        );
        assert_eq!(
            check(&policy, "Abcdefgh!"),
            Err("Password must have numeric characters")
        );
        assert_eq!(
            check(&policy, "Abcdefgh1"),
            Err("Password must have symbol characters")
        );
        assert_eq!(check(&policy, "Abcdefg1!"), Ok(()));
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
        assert_eq!(check(&policy, "aaaaaa"), Ok(()));
        assert_eq!(check(&policy, "aaaaa"), Err("Password not long enough"));
    }
}
