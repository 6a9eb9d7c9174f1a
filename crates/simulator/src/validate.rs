//! Request parameter checks and the constraints Cognito puts on custom messages, with the
//! AWS validation message style (`1 validation error detected: Value at '...' ...`).

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

use crate::error::CognitoError;
use crate::pool::CODE_PARAMETER;

/// The email body pattern of botocore `EmailVerificationMessageType`.
pub const EMAIL_BODY_PATTERN: &str =
    r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*";
/// The email subject pattern of botocore `EmailVerificationSubjectType`.
pub const EMAIL_SUBJECT_PATTERN: &str = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+";
/// The SMS pattern of botocore `SmsVerificationMessageType`.
pub const SMS_PATTERN: &str = r".*\{####\}.*";
/// The longest custom email body.
pub const MAX_EMAIL_CHARS: usize = 20_000;
/// The longest SMS or email subject.
pub const MAX_SMS_CHARS: usize = 140;

/// Collects failures and turns them into one `InvalidParameterException`.
#[derive(Debug, Default)]
pub(crate) struct Violations(Vec<String>);

impl Violations {
    pub(crate) fn length(&mut self, field: &str, value: &str, min: usize, max: usize) -> bool {
        let n = value.chars().count();
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

/// `\s` as Java regexes read it: ASCII whitespace only.
fn is_regex_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r')
}

/// A character of the Unicode general categories L, M, S, N or P.
pub(crate) fn is_lmsnp(c: char) -> bool {
    !matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Separator | GeneralCategoryGroup::Other
    )
}

fn is_email_char(c: char) -> bool {
    is_lmsnp(c) || is_regex_space(c) || c == '*'
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
    if body.is_empty() {
        return Err(CognitoError::invalid_parameter("The message is empty."));
    }
    let mut v = Violations::default();
    if v.length("emailBody", body, 6, MAX_EMAIL_CHARS) {
        v.pattern(
            "emailBody",
            body.contains(CODE_PARAMETER) && body.chars().all(is_email_char),
            EMAIL_BODY_PATTERN,
        );
    }
    v.into_result()
}

/// Checks a custom email subject from the custom message trigger.
pub(crate) fn custom_email_subject(subject: &str) -> Result<(), CognitoError> {
    let mut v = Violations::default();
    if v.length("emailSubject", subject, 1, MAX_SMS_CHARS) {
        v.pattern(
            "emailSubject",
            subject.chars().all(|c| is_lmsnp(c) || is_regex_space(c)),
            EMAIL_SUBJECT_PATTERN,
        );
    }
    v.into_result()
}

/// Checks a custom SMS from the custom message trigger.
pub(crate) fn custom_sms(body: &str) -> Result<(), CognitoError> {
    if body.is_empty() {
        return Err(CognitoError::invalid_parameter("The message is empty."));
    }
    let mut v = Violations::default();
    if v.length("smsMessage", body, 6, MAX_SMS_CHARS) {
        v.pattern("smsMessage", body.contains(CODE_PARAMETER), SMS_PATTERN);
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
