//! Why a rendered channel is not returned: its template failed to render, or the text breaks
//! one of Cognito's rules ([`cognito_triggers::rules`], which this crate applies unchanged).

use std::fmt;

use cognito_triggers::rules::{self as cognito, Channel, MessageContext};

pub use cognito_triggers::rules::{BODY_MIN_LEN, EMAIL_MAX_LEN, SMS_MAX_LEN, SUBJECT_MAX_LEN};

/// Why a channel keeps Cognito's own message.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Violation {
    /// The template failed to render: a variable missing in strict mode, a placeholder helper
    /// used on an event without that parameter, a missing partial.
    Render(String),
    /// The rendered text breaks one of Cognito's rules.
    Rule(cognito::Violation),
}

impl Violation {
    /// A stable short name, for logs and filters: `render`, or the name of the Cognito rule
    /// (`code_placeholder`, `username_placeholder`, `max_length`, `min_length`, `characters`).
    pub fn rule(&self) -> &'static str {
        match self {
            Violation::Render(_) => "render",
            Violation::Rule(violation) => violation.rule(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Render(error) => write!(f, "render failed: {error}"),
            Violation::Rule(violation) => violation.fmt(f),
        }
    }
}

/// Checks one rendered text against Cognito's rules for its channel.
pub(crate) fn check(
    channel: Channel,
    text: &str,
    context: &MessageContext<'_>,
) -> Result<(), Violation> {
    cognito::check_message(channel, text, context).map_err(Violation::Rule)
}
