//! Cognito's rules for a custom message (contract section 3.4), checked before anything is
//! returned.

use std::fmt;

use crate::Channel;
use crate::text::{cognito_length, first_forbidden};

/// The longest `emailMessage` Cognito accepts, markup included.
pub const EMAIL_MAX_LEN: usize = 20_000;
/// The longest `smsMessage` Cognito accepts.
pub const SMS_MAX_LEN: usize = 140;
/// The longest `emailSubject` Cognito accepts.
pub const SUBJECT_MAX_LEN: usize = 140;
/// The shortest `emailMessage` or `smsMessage` Cognito accepts.
pub const BODY_MIN_LEN: usize = 6;

/// Why a rendered text cannot be returned to Cognito. The channel then keeps Cognito's own
/// message.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Violation {
    /// The template failed to render: a variable missing in strict mode, a placeholder helper
    /// used on an event without that parameter, a missing partial.
    Render(String),
    /// The text lacks the request's `codeParameter`, which Cognito replaces with the code.
    MissingCodePlaceholder {
        /// The request's `codeParameter`, e.g. `{####}`.
        placeholder: String,
    },
    /// An AdminCreateUser text lacks the request's `usernameParameter`.
    MissingUsernamePlaceholder {
        /// The request's `usernameParameter`, e.g. `{username}`; `None` when the event has none.
        placeholder: Option<String>,
    },
    /// The text is longer than Cognito accepts (UTF-16 code units; for AdminCreateUser with the
    /// username placeholder counted at the length of the real username).
    TooLong {
        /// The length counted.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// The text is shorter than Cognito accepts (an empty subject, or a body under 6).
    TooShort {
        /// The length counted.
        length: usize,
        /// The minimum.
        min: usize,
    },
    /// The text holds a character Cognito's patterns reject: a control or format character
    /// (such as U+200B), a private-use or unassigned code point, or a non-ASCII space.
    ForbiddenCharacter {
        /// The character.
        character: char,
        /// Its position, in characters from the start.
        index: usize,
    },
}

impl Violation {
    /// A stable short name of the rule, for logs and filters: `render`, `code_placeholder`,
    /// `username_placeholder`, `max_length`, `min_length` or `characters`.
    pub fn rule(&self) -> &'static str {
        match self {
            Violation::Render(_) => "render",
            Violation::MissingCodePlaceholder { .. } => "code_placeholder",
            Violation::MissingUsernamePlaceholder { .. } => "username_placeholder",
            Violation::TooLong { .. } => "max_length",
            Violation::TooShort { .. } => "min_length",
            Violation::ForbiddenCharacter { .. } => "characters",
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Render(error) => write!(f, "render failed: {error}"),
            Violation::MissingCodePlaceholder { placeholder } => {
                write!(
                    f,
                    "the code placeholder {placeholder} is missing (use {{{{codeParameter}}}})"
                )
            }
            Violation::MissingUsernamePlaceholder {
                placeholder: Some(placeholder),
            } => write!(
                f,
                "the username placeholder {placeholder} is missing (use {{{{usernameParameter}}}})"
            ),
            Violation::MissingUsernamePlaceholder { placeholder: None } => f.write_str(
                "the event has no usernameParameter, which AdminCreateUser messages need",
            ),
            Violation::TooLong { length, max } => write!(f, "{length} characters, more than {max}"),
            Violation::TooShort { length, min } => {
                write!(f, "{length} characters, fewer than {min}")
            }
            Violation::ForbiddenCharacter { character, index } => write!(
                f,
                "character U+{:04X} at position {index} is a control, format or other character Cognito rejects",
                u32::from(*character)
            ),
        }
    }
}

/// The request values the rules depend on.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RuleContext<'a> {
    pub(crate) code_parameter: &'a str,
    pub(crate) username_parameter: Option<&'a str>,
    /// The event's `userName`, which Cognito puts in place of the username placeholder.
    pub(crate) user_name: &'a str,
    pub(crate) admin_create_user: bool,
}

/// Checks one finished text against every rule for its channel.
pub(crate) fn check(
    channel: Channel,
    text: &str,
    context: &RuleContext<'_>,
) -> Result<(), Violation> {
    if let Some((index, character)) = first_forbidden(text) {
        return Err(Violation::ForbiddenCharacter { character, index });
    }
    let length = effective_length(text, context);
    let (min, max) = match channel {
        Channel::Subject => (1, SUBJECT_MAX_LEN),
        Channel::Email => (BODY_MIN_LEN, EMAIL_MAX_LEN),
        Channel::Sms => (BODY_MIN_LEN, SMS_MAX_LEN),
    };
    if length < min {
        return Err(Violation::TooShort { length, min });
    }
    if channel == Channel::Subject {
        return if length > max {
            Err(Violation::TooLong { length, max })
        } else {
            Ok(())
        };
    }
    if !text.contains(context.code_parameter) {
        return Err(Violation::MissingCodePlaceholder {
            placeholder: context.code_parameter.to_owned(),
        });
    }
    if context.admin_create_user {
        match context.username_parameter {
            Some(placeholder) if text.contains(placeholder) => {}
            placeholder => {
                return Err(Violation::MissingUsernamePlaceholder {
                    placeholder: placeholder.map(str::to_owned),
                });
            }
        }
    }
    if length > max {
        return Err(Violation::TooLong { length, max });
    }
    Ok(())
}

/// The length after Cognito puts the username in place of its placeholder (when the username
/// is longer). The code placeholder is counted as is: `{####}` has the length of a 6-digit code.
fn effective_length(text: &str, context: &RuleContext<'_>) -> usize {
    let length = cognito_length(text);
    match context.username_parameter {
        Some(placeholder) if !placeholder.is_empty() => {
            let growth =
                cognito_length(context.user_name).saturating_sub(cognito_length(placeholder));
            length + text.matches(placeholder).count() * growth
        }
        _ => length,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTEXT: RuleContext<'static> = RuleContext {
        code_parameter: "{####}",
        username_parameter: None,
        user_name: "test-user",
        admin_create_user: false,
    };

    #[test]
    fn sms_needs_code_and_fits_140() {
        assert_eq!(check(Channel::Sms, "Your code is {####}", &CONTEXT), Ok(()));
        assert_eq!(
            check(Channel::Sms, "Your code", &CONTEXT).map_err(|v| v.rule()),
            Err("code_placeholder")
        );
        let long = format!("{} {{####}}", "x".repeat(134));
        assert_eq!(
            check(Channel::Sms, &long, &CONTEXT),
            Err(Violation::TooLong {
                length: 141,
                max: 140
            })
        );
        assert_eq!(check(Channel::Sms, &long[1..], &CONTEXT), Ok(()));
    }

    #[test]
    fn email_limit_is_20000() {
        let body = format!("<p>{{####}}</p>{}", "x".repeat(20_000 - 13));
        assert_eq!(check(Channel::Email, &body, &CONTEXT), Ok(()));
        let body = format!("{body}x");
        assert_eq!(
            check(Channel::Email, &body, &CONTEXT).map_err(|v| v.rule()),
            Err("max_length")
        );
    }

    #[test]
    fn subject_is_1_to_140_and_needs_no_code() {
        assert_eq!(
            check(Channel::Subject, "Reset your password", &CONTEXT),
            Ok(())
        );
        assert_eq!(
            check(Channel::Subject, "", &CONTEXT),
            Err(Violation::TooShort { length: 0, min: 1 })
        );
        assert_eq!(
            check(Channel::Subject, &"s".repeat(141), &CONTEXT).map_err(|v| v.rule()),
            Err("max_length")
        );
    }

    #[test]
    fn control_and_format_characters_are_rejected() {
        assert_eq!(
            check(Channel::Sms, "Code\u{200b} {####}", &CONTEXT),
            Err(Violation::ForbiddenCharacter {
                character: '\u{200b}',
                index: 4
            })
        );
    }

    #[test]
    fn admin_create_user_needs_both_placeholders() {
        let context = RuleContext {
            username_parameter: Some("{username}"),
            admin_create_user: true,
            ..CONTEXT
        };
        assert_eq!(
            check(Channel::Sms, "User {username}, password {####}", &context),
            Ok(())
        );
        assert_eq!(
            check(Channel::Sms, "Password {####}", &context).map_err(|v| v.rule()),
            Err("username_placeholder")
        );
        let context = RuleContext {
            username_parameter: None,
            ..context
        };
        assert_eq!(
            check(Channel::Sms, "Password {####}", &context),
            Err(Violation::MissingUsernamePlaceholder { placeholder: None })
        );
    }

    #[test]
    fn username_placeholder_counts_at_the_real_username_length() {
        let context = RuleContext {
            username_parameter: Some("{username}"),
            user_name: &"u".repeat(100),
            admin_create_user: true,
            ..CONTEXT
        };
        // 36 characters as rendered, 126 once Cognito puts the username in.
        let text = "Hi {username}, your password: {####}";
        assert_eq!(check(Channel::Sms, text, &context), Ok(()));
        let text = format!("{text} and some more words");
        assert_eq!(
            check(Channel::Sms, &text, &context),
            Err(Violation::TooLong {
                length: 146,
                max: 140
            })
        );
    }
}
