//! Rendering for the custom email and SMS senders: the same templates, locale chain and app
//! client overrides as the custom message trigger, with the decrypted code written where the
//! template asks for `{{codeParameter}}`.
//!
//! A sender delivers the message itself, so Cognito's custom message limits (20,000 characters,
//! 140 for SMS, the placeholder rules) do not apply. What is checked instead: the subject is one
//! non-empty line, the SMS one non-empty line of at most [`SMS_MAX_BYTES`], every body that
//! should carry the code does carry it, and an invitation carries the username.

use cognito_triggers::AttributeMap;

use crate::files::{SOURCES, source_index};
use crate::locale::fallback_chain;
use crate::messages::{TemplateData, TemplateMessages, trim_in_place};
use crate::text::single_line;
use crate::{Channel, Violation};

/// The longest SMS a sender hands on, in bytes (Amazon SNS refuses longer ones).
pub const SMS_MAX_BYTES: usize = 1600;

/// What a custom sender asks to render.
#[derive(Clone, Copy, Debug)]
pub struct SenderMessage<'a> {
    /// The source without the trigger prefix: `ForgotPassword`, `AdminCreateUser`,
    /// `AccountTakeOverNotification`, …
    pub source: &'a str,
    /// The decrypted code (the temporary password for `AdminCreateUser`); `None` when the event
    /// has none (account takeover notifications).
    pub code: Option<&'a str>,
    /// The event's `userName`.
    pub username: &'a str,
    /// The user's attributes (for account takeover notices, the event's details).
    pub user_attributes: &'a AttributeMap,
    /// The API call's client metadata.
    pub client_metadata: &'a AttributeMap,
    /// The app client, for its overrides.
    pub client_id: Option<&'a str>,
}

/// A rendered email for a sender to deliver.
#[derive(Clone, PartialEq, Eq)]
pub struct SenderEmail {
    /// The subject, one line.
    pub subject: String,
    /// The HTML body.
    pub html: String,
    /// The locale of the templates used.
    pub locale: String,
}

/// A rendered text message for a sender to deliver.
#[derive(Clone, PartialEq, Eq)]
pub struct SenderSms {
    /// The text, one line.
    pub text: String,
    /// The locale of the template used.
    pub locale: String,
}

// The bodies carry the code: their Debug shows sizes only.
impl std::fmt::Debug for SenderEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SenderEmail")
            .field("subject_bytes", &self.subject.len())
            .field("html_bytes", &self.html.len())
            .field("locale", &self.locale)
            .finish()
    }
}

impl std::fmt::Debug for SenderSms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SenderSms")
            .field("text_bytes", &self.text.len())
            .field("locale", &self.locale)
            .finish()
    }
}

/// Why a sender message was not rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SenderRenderError {
    /// No template for this source and channel along the locale chain (e.g. a set without
    /// account takeover templates); nothing should be sent.
    NoTemplate {
        /// The source asked for.
        source: String,
    },
    /// A template failed or its output breaks a rule.
    Template {
        /// The template file.
        template: String,
        /// What went wrong (never the code).
        violation: Violation,
    },
}

impl std::fmt::Display for SenderRenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoTemplate { source } => write!(f, "no template for source {source}"),
            Self::Template {
                template,
                violation,
            } => write!(f, "{template}: {violation}"),
        }
    }
}

impl std::error::Error for SenderRenderError {}

impl TemplateMessages {
    /// Renders the email (subject and HTML body) for a custom email sender.
    ///
    /// # Errors
    ///
    /// [`SenderRenderError::NoTemplate`] when the set has no email for the source,
    /// [`SenderRenderError::Template`] when a template fails or leaves out the code.
    pub fn render_sender_email(
        &self,
        message: &SenderMessage<'_>,
    ) -> Result<SenderEmail, SenderRenderError> {
        let (subject, locale) = self.render_sender(message, Channel::Subject)?;
        let (html, _) = self.render_sender(message, Channel::Email)?;
        Ok(SenderEmail {
            subject,
            html,
            locale,
        })
    }

    /// Renders the text message for a custom SMS sender.
    ///
    /// # Errors
    ///
    /// As [`render_sender_email`](Self::render_sender_email).
    pub fn render_sender_sms(
        &self,
        message: &SenderMessage<'_>,
    ) -> Result<SenderSms, SenderRenderError> {
        let (text, locale) = self.render_sender(message, Channel::Sms)?;
        Ok(SenderSms { text, locale })
    }

    fn render_sender(
        &self,
        message: &SenderMessage<'_>,
        channel: Channel,
    ) -> Result<(String, String), SenderRenderError> {
        let no_template = || SenderRenderError::NoTemplate {
            source: message.source.to_owned(),
        };
        let source_index = source_index(message.source).ok_or_else(no_template)?;
        let locales = fallback_chain(
            message.client_metadata.get("locale").as_deref(),
            message.user_attributes.get("locale").as_deref(),
            self.default_locale(),
        );
        let (name, locale) = self
            .lookup(message.client_id, &locales, source_index, channel)
            .ok_or_else(no_template)?;
        let template = format!("{name}.hbs");
        let fail = |violation| SenderRenderError::Template {
            template: template.clone(),
            violation,
        };
        let trigger_source = format!("CustomSender_{}", message.source);
        let admin_create_user = message.source == "AdminCreateUser";
        let data = TemplateData {
            username: message.username,
            trigger_source: &trigger_source,
            source: message.source,
            locale,
            client_id: message.client_id,
            user_attributes: message.user_attributes,
            client_metadata: message.client_metadata,
            code_parameter: message.code,
            username_parameter: admin_create_user.then_some(message.username),
            link_parameter: None,
        };
        let context = data.into_context(self.reach());
        let text = self
            .render_template(channel, name, &context)
            .map_err(&fail)?;
        let text = match channel {
            Channel::Email => trim_in_place(text),
            Channel::Subject | Channel::Sms => single_line(&text),
        };
        check(channel, &text, message, source_index < SOURCES.len()).map_err(fail)?;
        Ok((text, locale.to_owned()))
    }
}

/// The sender's own rules: non-empty, SNS's size, the code (and for invitations the username)
/// in every body of a source that has one.
fn check(
    channel: Channel,
    text: &str,
    message: &SenderMessage<'_>,
    has_code: bool,
) -> Result<(), Violation> {
    let rule = |reason: &str| Err(Violation::Render(reason.to_owned()));
    if text.trim().is_empty() {
        return rule("the template renders to nothing");
    }
    if channel == Channel::Sms && text.len() > SMS_MAX_BYTES {
        return rule("the SMS is longer than 1,600 bytes");
    }
    if channel != Channel::Subject && has_code {
        let Some(code) = message.code else {
            return rule("the event carries no code to deliver");
        };
        let written = |value: &str| match channel {
            Channel::Email => handlebars::html_escape(value),
            _ => value.to_owned(),
        };
        if !text.contains(&written(code)) {
            return rule("the message does not contain the code ({{codeParameter}} is missing)");
        }
        if message.source == "AdminCreateUser" && !text.contains(&written(message.username)) {
            return rule("the invitation does not contain the username");
        }
    }
    Ok(())
}
