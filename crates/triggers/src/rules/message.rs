//! Cognito's rules for a custom message: the characters its message patterns accept, the
//! length limits, the placeholders a message must carry, and how a rejection text is cleaned
//! before a user sees it.
//!
//! Every custom message decision is checked with [`check_message`] before it is returned (a
//! channel that breaks a rule keeps Cognito's own message), and every rejection goes through
//! [`clean_rejection`].
//!
//! Sources: the `CustomMessage` Lambda trigger page of the Cognito Developer Guide, and the
//! `EmailVerificationMessageType`, `EmailVerificationSubjectType` and
//! `SmsVerificationMessageType` shapes of the Cognito API reference (patterns and lengths).

use std::fmt;

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// The longest `emailMessage` Cognito accepts, markup included.
pub const EMAIL_MAX_LEN: usize = 20_000;
/// The longest `smsMessage` Cognito accepts.
pub const SMS_MAX_LEN: usize = 140;
/// The longest `emailSubject` Cognito accepts.
pub const SUBJECT_MAX_LEN: usize = 140;
/// The shortest `emailMessage` or `smsMessage` Cognito accepts.
pub const BODY_MIN_LEN: usize = 6;
/// The longest rejection message passed on to Cognito, in characters; longer ones are cut.
pub const MAX_REJECTION_CHARS: usize = 512;

/// What Cognito shows for any failure that is not a deliberate rejection.
///
/// Cognito wraps it as `<Trigger> failed with error <message>.`, so it has no final period.
pub const GENERIC_USER_MESSAGE: &str =
    "Your request could not be completed. Please try again later";

/// A message channel of the custom message trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    /// `emailSubject`: plain text, one line, 1–140 characters, no placeholder needed.
    Subject,
    /// `emailMessage`: HTML allowed, 6–20,000 characters, must carry the code placeholder.
    Email,
    /// `smsMessage`: plain text, 6–140 characters, must carry the code placeholder.
    Sms,
}

impl Channel {
    /// All three, in response order.
    pub const ALL: [Channel; 3] = [Channel::Subject, Channel::Email, Channel::Sms];

    /// The response member Cognito reads: `emailSubject`, `emailMessage` or `smsMessage`.
    pub fn response_member(self) -> &'static str {
        match self {
            Channel::Subject => "emailSubject",
            Channel::Email => "emailMessage",
            Channel::Sms => "smsMessage",
        }
    }

    /// The shortest and longest text Cognito accepts on this channel.
    pub fn length_limits(self) -> (usize, usize) {
        match self {
            Channel::Subject => (1, SUBJECT_MAX_LEN),
            Channel::Email => (BODY_MIN_LEN, EMAIL_MAX_LEN),
            Channel::Sms => (BODY_MIN_LEN, SMS_MAX_LEN),
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.response_member())
    }
}

/// Why a custom message text cannot be returned to Cognito. The channel then keeps Cognito's
/// own message.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Violation {
    /// The text lacks the request's `codeParameter`, which Cognito replaces with the code.
    MissingCodePlaceholder {
        /// The request's `codeParameter`, e.g. `{####}`; `None` when the event has none.
        placeholder: Option<String>,
    },
    /// An `AdminCreateUser` text lacks the request's `usernameParameter`.
    MissingUsernamePlaceholder {
        /// The request's `usernameParameter`, e.g. `{username}`; `None` when the event has none.
        placeholder: Option<String>,
    },
    /// The text is longer than Cognito accepts (UTF-16 code units; for `AdminCreateUser` with
    /// the username placeholder counted at the length of the real username).
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
    /// (such as U+200B), a private-use or unassigned code point, or a non-ASCII space; or a line
    /// break in a subject or SMS, which are single-line.
    ForbiddenCharacter {
        /// The character.
        character: char,
        /// Its position, in characters from the start.
        index: usize,
    },
}

impl Violation {
    /// A stable short name of the rule, for logs and filters: `code_placeholder`,
    /// `username_placeholder`, `max_length`, `min_length` or `characters`.
    pub fn rule(&self) -> &'static str {
        match self {
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
            Violation::MissingCodePlaceholder {
                placeholder: Some(placeholder),
            } => write!(f, "the code placeholder {placeholder} is missing"),
            Violation::MissingCodePlaceholder { placeholder: None } => {
                f.write_str("the event has no codeParameter, which every message needs")
            }
            Violation::MissingUsernamePlaceholder {
                placeholder: Some(placeholder),
            } => write!(f, "the username placeholder {placeholder} is missing"),
            Violation::MissingUsernamePlaceholder { placeholder: None } => f.write_str(
                "the event has no usernameParameter, which AdminCreateUser messages need",
            ),
            Violation::TooLong { length, max } => write!(f, "{length} characters, more than {max}"),
            Violation::TooShort { length, min } => {
                write!(f, "{length} characters, fewer than {min}")
            }
            Violation::ForbiddenCharacter { character, index } => write!(
                f,
                "character U+{:04X} at position {index} is one Cognito rejects here",
                u32::from(*character)
            ),
        }
    }
}

impl std::error::Error for Violation {}

/// The request values the message rules depend on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MessageContext<'a> {
    /// The request's `codeParameter` (`{####}`), which every body must carry.
    pub code_parameter: Option<&'a str>,
    /// The request's `usernameParameter`, which `AdminCreateUser` bodies must carry.
    pub username_parameter: Option<&'a str>,
    /// The event's `userName`, which Cognito puts in place of the username placeholder.
    pub user_name: &'a str,
    /// Whether the message is the `AdminCreateUser` invitation.
    pub admin_create_user: bool,
}

/// Checks one custom message text against every Cognito rule for its channel: characters,
/// length (in UTF-16 units, as Cognito counts), the code placeholder on bodies, the username
/// placeholder on `AdminCreateUser` bodies, and single-line subjects and SMS.
///
/// ```
/// use cognito_triggers::rules::{check_message, Channel, MessageContext};
///
/// let context = MessageContext { code_parameter: Some("{####}"), ..MessageContext::default() };
/// assert!(check_message(Channel::Sms, "Your code is {####}", &context).is_ok());
/// let error = check_message(Channel::Sms, "Your code is 123456", &context).unwrap_err();
/// assert_eq!(error.rule(), "code_placeholder");
/// ```
///
/// # Errors
///
/// The first [`Violation`] found.
pub fn check_message(
    channel: Channel,
    text: &str,
    context: &MessageContext<'_>,
) -> Result<(), Violation> {
    let single_line = channel != Channel::Email;
    let units = scan(text, single_line)
        .map_err(|(index, character)| Violation::ForbiddenCharacter { character, index })?;
    let length = length_after_username(units, text, context);
    let (min, max) = channel.length_limits();
    if length < min {
        return Err(Violation::TooShort { length, min });
    }
    if channel != Channel::Subject {
        match context.code_parameter {
            Some(placeholder) if !placeholder.is_empty() && text.contains(placeholder) => {}
            placeholder => {
                return Err(Violation::MissingCodePlaceholder {
                    placeholder: placeholder.map(str::to_owned),
                });
            }
        }
        if context.admin_create_user {
            match context.username_parameter {
                Some(placeholder) if !placeholder.is_empty() && text.contains(placeholder) => {}
                placeholder => {
                    return Err(Violation::MissingUsernamePlaceholder {
                        placeholder: placeholder.map(str::to_owned),
                    });
                }
            }
        }
    }
    if length > max {
        return Err(Violation::TooLong { length, max });
    }
    Ok(())
}

/// One pass over `text`: its length in UTF-16 units, or the first character Cognito rejects
/// (with its index in characters), line breaks included when `single_line`. Printable ASCII,
/// most of any message, is checked eight bytes at a time; only the other characters are decoded
/// and looked up.
fn scan(text: &str, single_line: bool) -> Result<usize, (usize, char)> {
    let bytes = text.as_bytes();
    let (mut offset, mut index, mut units) = (0, 0, 0);
    loop {
        while bytes
            .get(offset..offset + 8)
            .and_then(|word| <[u8; 8]>::try_from(word).ok())
            .is_some_and(|word| all_printable_ascii(u64::from_le_bytes(word)))
        {
            offset += 8;
            index += 8;
            units += 8;
        }
        let Some(character) = text.get(offset..).and_then(|rest| rest.chars().next()) else {
            return Ok(units);
        };
        if !is_allowed(character) || (single_line && matches!(character, '\n' | '\r')) {
            return Err((index, character));
        }
        offset += character.len_utf8();
        index += 1;
        units += character.len_utf16();
    }
}

/// Whether all eight bytes of `word` are printable ASCII (0x20 to 0x7E).
fn all_printable_ascii(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // Without a high bit, no byte can carry into the next: + 0x60 sets the high bit of exactly
    // the bytes from 0x20 up, + 0x01 that of exactly 0x7F (DEL).
    word & HIGH == 0
        && word.wrapping_add(ONES * 0x60) & HIGH == HIGH
        && word.wrapping_add(ONES) & HIGH == 0
}

/// The length after Cognito puts the username in place of its placeholder (when the username
/// is longer). The code placeholder is counted as is: `{####}` has the length of a 6-digit code.
fn length_after_username(length: usize, text: &str, context: &MessageContext<'_>) -> usize {
    match context.username_parameter {
        Some(placeholder) if !placeholder.is_empty() => {
            let growth =
                cognito_length(context.user_name).saturating_sub(cognito_length(placeholder));
            length + text.matches(placeholder).count() * growth
        }
        _ => length,
    }
}

/// Whether Cognito's message patterns accept `c`: letters, marks, numbers, punctuation, symbols
/// and the Java regex class `\s` (ASCII space, tab, line feed, vertical tab, form feed, carriage
/// return). Control and format characters (U+200B, a BOM, direction overrides), private-use and
/// unassigned code points, and non-ASCII spaces are rejected.
pub fn is_allowed(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_control() || is_java_space(c);
    }
    matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Letter
            | GeneralCategoryGroup::Mark
            | GeneralCategoryGroup::Number
            | GeneralCategoryGroup::Punctuation
            | GeneralCategoryGroup::Symbol
    )
}

/// Java's regex `\s`: `[ \t\n\x0B\f\r]`.
pub fn is_java_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r')
}

/// The length Cognito counts. Its limits are checked by a Java service, which counts UTF-16 code
/// units; that is never less than the number of characters, so it is the safe measure.
pub fn cognito_length(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Cleans a rejection message for display: every kind of whitespace becomes one space, every
/// character [`is_allowed`] rejects is dropped, no trailing period (Cognito adds one), at most
/// [`MAX_REJECTION_CHARS`] characters; an empty result becomes [`GENERIC_USER_MESSAGE`].
///
/// ```
/// use cognito_triggers::rules::clean_rejection;
///
/// assert_eq!(clean_rejection("  Not\u{200B} allowed.\n"), "Not allowed");
/// ```
pub fn clean_rejection(message: &str) -> String {
    let mut cleaned = String::with_capacity(message.len().min(MAX_REJECTION_CHARS * 4));
    let mut count = 0;
    let mut pending_space = false;
    for c in message.chars() {
        if c.is_whitespace() {
            pending_space = !cleaned.is_empty();
            continue;
        }
        if !is_allowed(c) {
            continue;
        }
        let needed = usize::from(pending_space) + 1;
        if count + needed > MAX_REJECTION_CHARS {
            break;
        }
        if pending_space {
            cleaned.push(' ');
            pending_space = false;
        }
        cleaned.push(c);
        count += needed;
    }
    // Periods and spaces alternate at the end of `. .`: trim both until neither is left.
    let trimmed = cleaned.trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        GENERIC_USER_MESSAGE.to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTEXT: MessageContext<'static> = MessageContext {
        code_parameter: Some("{####}"),
        username_parameter: None,
        user_name: "test-user",
        admin_create_user: false,
    };

    #[test]
    fn sms_needs_code_and_fits_140() {
        assert_eq!(
            check_message(Channel::Sms, "Your code is {####}", &CONTEXT),
            Ok(())
        );
        assert_eq!(
            check_message(Channel::Sms, "Your code", &CONTEXT).map_err(|v| v.rule()),
            Err("code_placeholder")
        );
        let long = format!("{} {{####}}", "x".repeat(134));
        assert_eq!(
            check_message(Channel::Sms, &long, &CONTEXT),
            Err(Violation::TooLong {
                length: 141,
                max: 140
            })
        );
        assert_eq!(check_message(Channel::Sms, &long[1..], &CONTEXT), Ok(()));
        assert_eq!(
            check_message(Channel::Sms, "Code\n{####}", &CONTEXT).map_err(|v| v.rule()),
            Err("characters")
        );
    }

    #[test]
    fn email_limit_is_20000_and_line_breaks_are_fine() {
        let body = format!("<p>{{####}}</p>\n{}", "x".repeat(20_000 - 14));
        assert_eq!(check_message(Channel::Email, &body, &CONTEXT), Ok(()));
        let body = format!("{body}x");
        assert_eq!(
            check_message(Channel::Email, &body, &CONTEXT).map_err(|v| v.rule()),
            Err("max_length")
        );
    }

    #[test]
    fn subject_is_1_to_140_and_needs_no_code() {
        assert_eq!(
            check_message(Channel::Subject, "Reset your password", &CONTEXT),
            Ok(())
        );
        assert_eq!(
            check_message(Channel::Subject, "", &CONTEXT),
            Err(Violation::TooShort { length: 0, min: 1 })
        );
        assert_eq!(
            check_message(Channel::Subject, &"s".repeat(141), &CONTEXT).map_err(|v| v.rule()),
            Err("max_length")
        );
    }

    #[test]
    fn a_message_without_a_code_parameter_in_the_event_cannot_be_valid() {
        let context = MessageContext {
            code_parameter: None,
            ..CONTEXT
        };
        assert_eq!(
            check_message(Channel::Sms, "Your code is {####}", &context),
            Err(Violation::MissingCodePlaceholder { placeholder: None })
        );
    }

    #[test]
    fn control_and_format_characters_are_rejected() {
        assert_eq!(
            check_message(Channel::Sms, "Code\u{200b} {####}", &CONTEXT),
            Err(Violation::ForbiddenCharacter {
                character: '\u{200b}',
                index: 4
            })
        );
        for c in [
            '\u{0}',
            '\u{7}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{200b}',
            '\u{200e}',
            '\u{202e}',
            '\u{2028}',
            '\u{2029}',
            '\u{feff}',
            '\u{a0}',
            '\u{e000}',
            '\u{10ffff}',
        ] {
            assert!(!is_allowed(c), "{c:?} should be rejected");
        }
        for c in [
            'a', 'ß', 'É', '7', '.', '{', '#', '€', '😀', '\n', '\t', ' ', 'か', '\u{0301}',
        ] {
            assert!(is_allowed(c), "{c:?} should be allowed");
        }
    }

    #[test]
    fn admin_create_user_needs_both_placeholders() {
        let context = MessageContext {
            username_parameter: Some("{username}"),
            admin_create_user: true,
            ..CONTEXT
        };
        assert_eq!(
            check_message(Channel::Sms, "User {username}, password {####}", &context),
            Ok(())
        );
        assert_eq!(
            check_message(Channel::Sms, "Password {####}", &context).map_err(|v| v.rule()),
            Err("username_placeholder")
        );
        let context = MessageContext {
            username_parameter: None,
            ..context
        };
        assert_eq!(
            check_message(Channel::Sms, "Password {####}", &context),
            Err(Violation::MissingUsernamePlaceholder { placeholder: None })
        );
    }

    #[test]
    fn username_placeholder_counts_at_the_real_username_length() {
        let user_name = "u".repeat(100);
        let context = MessageContext {
            username_parameter: Some("{username}"),
            user_name: &user_name,
            admin_create_user: true,
            ..CONTEXT
        };
        // 36 characters as written, 126 once Cognito puts the username in.
        let text = "Hi {username}, your password: {####}";
        assert_eq!(check_message(Channel::Sms, text, &context), Ok(()));
        let text = format!("{text} and some more words");
        assert_eq!(
            check_message(Channel::Sms, &text, &context),
            Err(Violation::TooLong {
                length: 146,
                max: 140
            })
        );
    }

    #[test]
    fn length_counts_utf16_units() {
        assert_eq!(cognito_length("abc"), 3);
        assert_eq!(cognito_length("ä😀"), 3);
    }

    #[test]
    fn rejection_messages_are_cleaned() {
        assert_eq!(clean_rejection("  Not\u{200B} allowed.\n"), "Not allowed");
        assert_eq!(clean_rejection("Nope!"), "Nope!");
        assert_eq!(clean_rejection("a\u{202e}b\u{e000}c"), "abc");
        assert_eq!(clean_rejection("\u{0007}"), GENERIC_USER_MESSAGE);
        assert_eq!(clean_rejection(" ... "), GENERIC_USER_MESSAGE);
        assert_eq!(
            clean_rejection(&"x".repeat(2000)).chars().count(),
            MAX_REJECTION_CHARS
        );
        assert!(clean_rejection(&"ab ".repeat(400)).chars().count() <= MAX_REJECTION_CHARS);
    }

    #[test]
    fn word_scan_finds_the_first_forbidden_character_at_any_place() {
        let plain = "Hallo Jürgen, Ihr Code: {####}. ";
        for bad in [
            '\u{200B}', '\u{7f}', '\u{0}', '\n', '\u{e000}', '\u{a0}', 'ü', '😀', '\t', '\u{1f}',
        ] {
            for at in 0..=plain.chars().count() + 40 {
                let mut text: String = plain.repeat(3).chars().take(at).collect();
                text.push(bad);
                text.push_str(plain);
                for single_line in [false, true] {
                    assert_eq!(
                        scan(&text, single_line),
                        scanned_plainly(&text, single_line),
                        "{text:?}, single line {single_line}"
                    );
                }
            }
        }
    }

    /// The character-by-character definition the word scan must agree with.
    fn scanned_plainly(text: &str, single_line: bool) -> Result<usize, (usize, char)> {
        match text
            .chars()
            .enumerate()
            .find(|&(_, c)| !is_allowed(c) || (single_line && matches!(c, '\n' | '\r')))
        {
            Some(found) => Err(found),
            None => Ok(cognito_length(text)),
        }
    }

    #[test]
    fn printable_ascii_words() {
        assert!(all_printable_ascii(u64::from_le_bytes(*b" ~Az09{}")));
        for byte in (0..=0xffu8).filter(|byte| !(0x20..0x7f).contains(byte)) {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = byte;
                assert!(
                    !all_printable_ascii(u64::from_le_bytes(word)),
                    "{byte:#x} at {at}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn word_scan_agrees_with_the_definition(text in "(?s).{0,80}", ascii in "[ -~\t\n\r]{0,60}") {
            let text = format!("{ascii}{text}{ascii}");
            for single_line in [false, true] {
                proptest::prop_assert_eq!(scan(&text, single_line), scanned_plainly(&text, single_line));
            }
        }
    }
}
