//! Character rules shared by every channel.
//!
//! Cognito's message patterns (the `emailMessage`, `emailSubject` and `smsMessage` limits of the
//! [custom message trigger](https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-message.html))
//! accept letters, marks, numbers, punctuation,
//! symbols and whitespace, where "whitespace" is the Java regex class `\s`: the ASCII characters
//! space, tab, line feed, vertical tab, form feed and carriage return. Everything else (control
//! and format characters such as U+200B ZERO WIDTH SPACE or a BOM, private-use and unassigned
//! code points, non-ASCII spaces, line and paragraph separators) can make Cognito reject or drop
//! the message.

use std::borrow::Cow;

use cognito_triggers::rules::is_allowed;

/// Cleans one interpolated value: any kind of whitespace or line break becomes a plain space,
/// every other character Cognito rejects is dropped, and runs of `#` shrink to one `#`. Used as
/// part of the escape function, so it applies to user attributes and clientMetadata but not to
/// the template's own text or the placeholder helpers.
///
/// The `#` rule keeps caller-controlled values from smuggling in Cognito's placeholders: a
/// ForgotPassword call for someone else's account with clientMetadata
/// `{"returnUrl": "https://attacker.example/?c={####}"}` would otherwise have Cognito put the
/// victim's code into the attacker's link. `{####}`, `####` and `{##Click Here##}` all stop
/// being placeholders once their `#` runs are one character long.
pub(crate) fn clean_value(value: &str) -> Cow<'_, str> {
    // Printable ASCII (most values) needs no character lookups.
    let clean = if value.bytes().all(|byte| (0x20..0x7f).contains(&byte)) {
        true
    } else {
        value
            .chars()
            .all(|c| is_allowed(c) && (c == ' ' || !c.is_whitespace()))
    };
    if clean && !value.contains("##") {
        return Cow::Borrowed(value);
    }
    let mut cleaned = String::with_capacity(value.len());
    for c in value.chars() {
        let c = if c.is_whitespace() {
            ' '
        } else if is_allowed(c) {
            c
        } else {
            continue;
        };
        if c == '#' && cleaned.ends_with('#') {
            continue;
        }
        cleaned.push(c);
    }
    Cow::Owned(cleaned)
}

/// Joins `text` into one line: every run of whitespace becomes one space, ends trimmed. Subjects
/// and SMS are single-line (the SMS pattern `.*\{####\}.*` does not match line breaks).
pub(crate) fn single_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_value_drops_invisible_characters_and_flattens_whitespace() {
        assert_eq!(clean_value("Alex"), Cow::Borrowed("Alex"));
        assert_eq!(clean_value("A\u{200b}le\u{202e}x"), "Alex");
        assert_eq!(clean_value("Jo\nAnn\u{a0}Lee\r\t!"), "Jo Ann Lee  !");
    }

    #[test]
    fn clean_value_defuses_cognito_placeholders() {
        assert_eq!(
            clean_value("https://x.example/?c={####}"),
            "https://x.example/?c={#}"
        );
        assert_eq!(clean_value("####"), "#");
        assert_eq!(clean_value("{##Click Here##}"), "{#Click Here#}");
        assert_eq!(clean_value("#1 fan, C#"), Cow::Borrowed("#1 fan, C#"));
    }

    #[test]
    fn single_line_collapses_whitespace() {
        assert_eq!(
            single_line("  Your code\n  is {####}\n"),
            "Your code is {####}"
        );
    }
}
