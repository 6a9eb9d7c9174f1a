//! Cognito custom messages from Handlebars templates, checked against Cognito's rules before
//! Cognito sees them.
//!
//! [`TemplateMessages`] implements the [`CustomMessage`] hook of `cognito-triggers`. It renders
//! `emailSubject`, `emailMessage` (HTML) and `smsMessage` from a template set: one set per
//! trigger source, optional per-locale variants and per-app-client overrides (layout in
//! `templates/README.md`). The default set (English and German, all seven sources) is compiled
//! into the binary; `CUSTOM_MESSAGE_TEMPLATE_DIR` points the function at a directory instead.
//!
//! - **Escaping**: email bodies are HTML-escaped (user attributes and clientMetadata are
//!   attacker-controlled); subjects and SMS are not, but every interpolated value loses control
//!   and format characters. Templates run in strict mode: a missing variable is an error, so
//!   optional data is written with `{{#if}}`.
//! - **Placeholders**: `{{codeParameter}}`, `{{usernameParameter}}` and `{{linkParameter}}`
//!   write exactly what the request carries (`{####}`, or `####` in older events).
//! - **Validation** (the limits of the
//!   [custom message trigger](https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-message.html)): email ≤ 20,000 characters with the code
//!   placeholder; SMS ≤ 140 with it; subject 1–140; AdminCreateUser messages carry both
//!   placeholders; no control or format characters. A channel that fails keeps Cognito's own
//!   message and the failure is logged; the user's sign-up or reset always goes on.
//!
//! ```no_run
//! use cognito_message_templates::TemplateMessages;
//! use cognito_triggers::custom_message;
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     cognito_triggers::logging::init();
//!     let messages = TemplateMessages::from_env()?;
//!     custom_message::run(messages).await
//! }
//! ```
//!
//! [`CustomMessage`]: cognito_triggers::custom_message::CustomMessage

mod check;
mod delivery;
mod error;
mod files;
mod locale;
mod messages;
mod parse;
mod reach;
mod rules;
mod text;

pub use check::{CheckFailure, CheckReport, SampleEvent, minimal_request};
pub use delivery::{SMS_MAX_BYTES, SenderEmail, SenderMessage, SenderRenderError, SenderSms};
pub use error::Error;
pub use files::{Channel, ChannelFile, SENDER_SOURCES, SOURCES, TemplateFiles};
pub use locale::normalize_locale;
pub use messages::{Builder, ChannelOutcome, ClientChoice, Rendering, Selection, TemplateMessages};
pub use rules::{BODY_MIN_LEN, EMAIL_MAX_LEN, SMS_MAX_LEN, SUBJECT_MAX_LEN, Violation};

/// Environment variable: a template directory to use instead of the built-in set.
pub const TEMPLATE_DIR_ENV: &str = "CUSTOM_MESSAGE_TEMPLATE_DIR";
/// Environment variable: the default locale (`en` when unset).
pub const DEFAULT_LOCALE_ENV: &str = "CUSTOM_MESSAGE_DEFAULT_LOCALE";
/// Environment variable: which channels to write, `email,sms` (default), `email`, `sms` or `none`.
pub const CHANNELS_ENV: &str = "CUSTOM_MESSAGE_CHANNELS";
