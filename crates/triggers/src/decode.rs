//! Decoding payloads without ever quoting a value from them.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::TriggerError;
use crate::event::Trigger;
use crate::lifecycle::Event;

/// The longest serde message kept in an [`TriggerError::InvalidEvent`] detail.
const MAX_DETAIL_CHARS: usize = 300;

/// Decodes a trigger event from JSON, naming the failing JSON path but never quoting a value.
///
/// This is how every `run` decodes an invocation: a payload that does not decode, or that holds
/// anything after the event, becomes [`TriggerError::InvalidEvent`] (logged, generic text to
/// Cognito) instead of a serde message shown to the user.
///
/// ```
/// use cognito_triggers::{decode_event, pre_sign_up::PreSignUpEvent};
///
/// let error = decode_event::<PreSignUpEvent>(br#"{"triggerSource": 7}"#).expect_err("refused");
/// assert!(error.to_string().contains("triggerSource"));
/// ```
///
/// # Errors
///
/// [`TriggerError::InvalidEvent`] naming `E`'s trigger.
pub fn decode_event<E: Event>(json: &[u8]) -> Result<E, TriggerError> {
    decode(Some(E::TRIGGER), json)
}

/// Decodes exactly one JSON value as `T`; errors carry the JSON path and serde's message with
/// every quoted value replaced by `"…"`.
pub(crate) fn decode<T: DeserializeOwned>(
    trigger: Option<Trigger>,
    json: &[u8],
) -> Result<T, TriggerError> {
    // Tracking the path slows every decode, so only a payload that fails pays for it: it is
    // decoded a second time, for the error.
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    if let Ok(value) = T::deserialize(&mut deserializer)
        && deserializer.end().is_ok()
    {
        return Ok(value);
    }
    let invalid = |detail: String| TriggerError::InvalidEvent { trigger, detail };
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let mut message = without_quoted_values(&inner.to_string());
        if inner.is_syntax() || inner.is_eof() {
            message = format!("not valid JSON ({message})");
        }
        invalid(if path == "." || path.is_empty() {
            message
        } else {
            format!("at `{path}`: {message}")
        })
    })?;
    deserializer.end().map_err(|_| {
        invalid("more than one JSON value: anything after the event is refused".to_owned())
    })?;
    Ok(value)
}

/// Serde's message with every double-quoted string replaced by `"…"`, and cut to a bounded
/// length. Serde quotes values with Rust's `Debug` escaping, so a `\"` or `\\` inside a quoted
/// value does not end it; a quote that is never closed drops everything after it.
fn without_quoted_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(MAX_DETAIL_CHARS + 8));
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        if c == '`' && !out.ends_with("field ") {
            // Serde quotes numbers and other scalars in backticks (`482913`); only field
            // names (`missing field `x``) are kept.
            out.push_str("`…`");
            for inside in chars.by_ref() {
                if inside == '`' {
                    break;
                }
            }
            continue;
        }
        if c != '"' {
            out.push(c);
            continue;
        }
        out.push_str("\"…\"");
        // Skip to the closing quote, honouring backslash escapes.
        while let Some(inside) = chars.next() {
            match inside {
                '\\' => {
                    chars.next();
                }
                '"' => break,
                _ => {}
            }
        }
    }
    if out.chars().count() > MAX_DETAIL_CHARS {
        out = out.chars().take(MAX_DETAIL_CHARS).collect();
        out.push('…');
    }
    out
}

#[derive(Deserialize)]
struct SourceOnly {
    #[serde(rename = "triggerSource")]
    trigger_source: String,
}

/// The trigger a JSON payload is for, from its `triggerSource`.
///
/// # Errors
///
/// [`TriggerError::InvalidEvent`] when the payload is not one JSON object with a string
/// `triggerSource`, or when that source belongs to a trigger this crate does not handle.
pub fn trigger_of(json: &[u8]) -> Result<Trigger, TriggerError> {
    let peek: SourceOnly = decode(None, json)?;
    Trigger::of_source(&peek.trigger_source).ok_or_else(|| {
        // Named when it looks like a trigger source, never quoted otherwise.
        let looks_like_a_source = peek.trigger_source.len() <= 64
            && peek
                .trigger_source
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        let source = if looks_like_a_source {
            format!("`{}`", peek.trigger_source)
        } else {
            "this trigger source".to_owned()
        };
        TriggerError::InvalidEvent {
            trigger: None,
            detail: format!("{source} is not an event of a trigger this crate handles"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user_migration::UserMigrationEvent;

    #[test]
    fn quoted_values_never_survive_even_with_escaped_quotes() {
        // A string where an object is expected: serde quotes the value in its message.
        let payload = br#"{"triggerSource": "UserMigration_Authentication",
            "request": {"password": "hunter2", "clientMetadata": "p\"ass\"wo\\rd-SECRET"}}"#;
        let error = decode_event::<UserMigrationEvent>(payload).expect_err("refused");
        let text = format!("{error} {error:?}");
        for fragment in ["ass", "wo", "SECRET", "rd", "hunter2"] {
            assert!(!text.contains(fragment), "{fragment} leaked: {text}");
        }
        assert!(text.contains("request.clientMetadata"), "{text}");
    }

    #[test]
    fn numbers_where_a_secret_string_is_expected_are_not_quoted() {
        // A numeric challenge answer: serde quotes numbers in backticks.
        let payload = br#"{"triggerSource": "VerifyAuthChallengeResponse_Authentication",
            "request": {"challengeAnswer": 482913}}"#;
        let error = decode_event::<crate::verify_auth_challenge::VerifyAuthChallengeEvent>(payload)
            .expect_err("refused");
        let text = format!("{error} {error:?}");
        assert!(!text.contains("482913"), "{text}");
        assert!(text.contains("request.challengeAnswer"), "{text}");
        let missing = decode_event::<crate::verify_auth_challenge::VerifyAuthChallengeEvent>(b"{}")
            .expect_err("refused");
        assert!(missing.to_string().contains("`triggerSource`"), "{missing}");
    }

    #[test]
    fn unterminated_quotes_drop_the_rest() {
        assert_eq!(
            without_quoted_values(r#"invalid type: string "abc\"def"#),
            "invalid type: string \"…\""
        );
        assert_eq!(
            without_quoted_values(r#"a "x" b "y\\" c"#),
            "a \"…\" b \"…\" c"
        );
    }

    #[test]
    fn a_second_json_value_is_refused() {
        let one = br#"{"triggerSource": "UserMigration_Authentication"}"#;
        assert!(decode_event::<UserMigrationEvent>(one).is_ok());
        let two = br#"{"triggerSource": "UserMigration_Authentication"} {"triggerSource": "x"}"#;
        let error = decode_event::<UserMigrationEvent>(two).expect_err("refused");
        assert!(
            error.to_string().contains("more than one JSON value"),
            "{error}"
        );
        assert!(trigger_of(two).is_err());
    }

    #[test]
    fn unknown_trigger_families_are_named_without_echoing_the_source() {
        let error =
            trigger_of(br#"{"triggerSource": "CustomVoiceSender_SignUp"}"#).expect_err("refused");
        assert!(error.to_string().contains("`CustomVoiceSender_SignUp`"));
        assert_eq!(
            trigger_of(br#"{"triggerSource": "CustomEmailSender_SignUp"}"#).ok(),
            Some(crate::Trigger::CustomEmailSender)
        );
        let error =
            trigger_of(br#"{"triggerSource": "x\" password=SECRET"}"#).expect_err("refused");
        assert!(!error.to_string().contains("SECRET"), "{error}");
    }
}
