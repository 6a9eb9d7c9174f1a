//! Request parameter checks, and a custom message checked against Cognito's rules
//! ([`cognito_triggers::rules`], the one home of those rules), each failure worded in the AWS
//! validation message style (`1 validation error detected: Value at '...' ...`). Lengths count
//! UTF-16 code units, as Cognito does.

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

use cognito_triggers::rules::{self, Channel, MessageContext, Violation};

use crate::error::CognitoError;
use crate::pool::CODE_PARAMETER;

/// The email body pattern of botocore `EmailVerificationMessageType`.
pub const EMAIL_BODY_PATTERN: &str =
    r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*";
/// The email subject pattern of botocore `EmailVerificationSubjectType`.
pub const EMAIL_SUBJECT_PATTERN: &str = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+";
/// The SMS pattern of botocore `SmsVerificationMessageType`.
pub const SMS_PATTERN: &str = r".*\{####\}.*";
/// The longest custom email body, in UTF-16 code units ([`rules::EMAIL_MAX_LEN`]).
pub const MAX_EMAIL_CHARS: usize = rules::EMAIL_MAX_LEN;
/// The longest SMS or email subject, in UTF-16 code units ([`rules::SMS_MAX_LEN`]).
pub const MAX_SMS_CHARS: usize = rules::SMS_MAX_LEN;

/// Collects failures and turns them into one `InvalidParameterException`.
#[derive(Debug, Default)]
pub(crate) struct Violations(Vec<String>);

impl Violations {
    /// Checks `value`'s length in UTF-16 code units, as Cognito counts.
    pub(crate) fn length(&mut self, field: &str, value: &str, min: usize, max: usize) -> bool {
        let n = rules::cognito_length(value);
        if n < min {
            self.0.push(format!(
                "Value at '{field}' failed to satisfy constraint: Member must have length greater than or equal to {min}"
            ));
            false
        } else if n > max {
            self.0.push(format!(
                "Value at '{field}' failed to satisfy constraint: Member must have length less than or equal to {max}"
            ));
            false
        } else {
            true
        }
    }

    pub(crate) fn pattern(&mut self, field: &str, ok: bool, pattern: &str) {
        if !ok {
            self.0.push(format!(
                "Value at '{field}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}"
            ));
        }
    }

    pub(crate) fn into_result(self) -> Result<(), CognitoError> {
        match self.0.len() {
            0 => Ok(()),
            1 => Err(CognitoError::invalid_parameter(format!(
                "1 validation error detected: {}",
                self.0[0]
            ))),
            n => Err(CognitoError::invalid_parameter(format!(
                "{n} validation errors detected: {}",
                self.0.join("; ")
            ))),
        }
    }
}

/// A character of the Unicode general categories L, M, S, N or P.
pub(crate) fn is_lmsnp(c: char) -> bool {
    !matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Separator | GeneralCategoryGroup::Other
    )
}

/// `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`: the username pattern.
pub(crate) fn username_ok(value: &str) -> bool {
    !value.is_empty() && value.chars().all(is_lmsnp)
}

/// `[\w+]+`: the client id pattern.
pub(crate) fn client_id_ok(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '+')
}

/// `[\w+=/]+`: the secret hash pattern.
pub(crate) fn secret_hash_ok(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '+' | '=' | '/'))
}

/// `[\S]+`: codes and passwords.
pub(crate) fn no_space_ok(value: &str) -> bool {
    !value.is_empty() && !value.chars().any(char::is_whitespace)
}

/// Checks a custom email body from the custom message trigger.
pub(crate) fn custom_email_body(body: &str) -> Result<(), CognitoError> {
    custom_text(Channel::Email, "emailBody", body, EMAIL_BODY_PATTERN)
}

/// Checks a custom email subject from the custom message trigger.
pub(crate) fn custom_email_subject(subject: &str) -> Result<(), CognitoError> {
    custom_text(
        Channel::Subject,
        "emailSubject",
        subject,
        EMAIL_SUBJECT_PATTERN,
    )
}

/// Checks a custom SMS from the custom message trigger.
pub(crate) fn custom_sms(body: &str) -> Result<(), CognitoError> {
    custom_text(Channel::Sms, "smsMessage", body, SMS_PATTERN)
}

/// Checks one custom text with [`rules::check_message`] and words a violation as Cognito's API
/// does: a length constraint, or the field's regular expression pattern.
fn custom_text(
    channel: Channel,
    field: &str,
    text: &str,
    pattern: &str,
) -> Result<(), CognitoError> {
    if text.is_empty() && channel != Channel::Subject {
        return Err(CognitoError::invalid_parameter("The message is empty."));
    }
    let context = MessageContext {
        code_parameter: Some(CODE_PARAMETER),
        ..MessageContext::default()
    };
    let mut v = Violations::default();
    match rules::check_message(channel, text, &context) {
        Ok(()) => {}
        Err(Violation::TooShort { min, .. }) => {
            let (_, max) = channel.length_limits();
            v.length(field, text, min, max);
        }
        Err(Violation::TooLong { max, .. }) => {
            let (min, _) = channel.length_limits();
            v.length(field, text, min, max);
        }
        Err(_) => v.pattern(field, false, pattern),
    }
    v.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_body_rules() {
        assert!(custom_email_body("<p>Ihr Code: <b>{####}</b></p>\n").is_ok());
        let err = custom_email_body("no code here").expect_err("no code");
        assert_eq!(
            err.message(),
            format!(
                "1 validation error detected: Value at 'emailBody' failed to satisfy constraint: Member must satisfy regular expression pattern: {EMAIL_BODY_PATTERN}"
            )
        );
        assert!(custom_email_body("Code\u{200B} {####}").is_err());
        assert!(custom_email_body(&format!("{{####}}{}", "x".repeat(MAX_EMAIL_CHARS))).is_err());
        assert_eq!(
            custom_email_body("").expect_err("empty").message(),
            "The message is empty."
        );
    }

    #[test]
    fn sms_and_subject_rules() {
        assert!(custom_sms("Code: {####}").is_ok());
        assert!(custom_sms(&format!("{{####}} {}", "x".repeat(140))).is_err());
        assert!(custom_sms("Code: 1234").is_err());
        assert!(custom_email_subject("Passwort zurücksetzen").is_ok());
        assert!(custom_email_subject("").is_err());
        assert!(custom_email_subject("Tab\u{7}").is_err());
    }

    #[test]
    fn lengths_count_utf16_units_as_cognito_does() {
        // 7 + 67 emoji: 74 characters (the old `chars()` count let it through), 141 UTF-16
        // units, over Cognito's 140.
        let sms = format!("{{####}} {}", "\u{1F600}".repeat(67));
        assert_eq!(sms.chars().count(), 74);
        let error = custom_sms(&sms).expect_err("141 UTF-16 units");
        assert!(
            error.message().contains("length less than or equal to 140"),
            "{}",
            error.message()
        );
        assert!(custom_sms(&format!("{{####}} {}", "\u{1F600}".repeat(66))).is_ok());
    }

    #[test]
    fn parameter_patterns() {
        assert!(username_ok("legacy.user@example.com"));
        assert!(!username_ok("has space"));
        assert!(!username_ok(""));
        assert!(client_id_ok("1example23456789"));
        assert!(!client_id_ok("bad-id"));
        assert!(secret_hash_ok(
            "HP0HWmKpUgoAE6CfY7Yv47vDEVFNCHWK5QpFQ9anleA="
        ));
        assert!(!secret_hash_ok("a b"));
        assert!(no_space_ok("Abc-123!"));
        assert!(!no_space_ok("Abc 123"));
    }

    #[test]
    fn several_violations_are_counted() {
        let mut v = Violations::default();
        v.pattern("a", false, "x");
        v.pattern("b", false, "y");
        let err = v.into_result().expect_err("two");
        assert!(
            err.message()
                .starts_with("2 validation errors detected: Value at 'a'")
        );
    }
}
