//! The template check: every template against every sample event of its source, in every
//! locale and for every app client with overrides.

use std::collections::HashSet;
use std::fmt;

use cognito_triggers::custom_message::{CustomMessageEvent, MessageRequest, MessageSource, wire};
use cognito_triggers::event::CallerContext;
use cognito_triggers::lifecycle::Event as _;
use cognito_triggers::{AttributeMap, Field};

use crate::messages::{ClientChoice, Selection};
use crate::{ChannelOutcome, TemplateMessages, Violation};

/// A sample event for [`TemplateMessages::check`]: a name for the report and the request.
#[derive(Clone, Debug)]
pub struct SampleEvent {
    /// Where the event came from, e.g. `events/CustomMessage_SignUp.json`.
    pub name: String,
    /// The request it carries.
    pub request: MessageRequest,
}

/// A channel that failed in the check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckFailure {
    /// The sample event.
    pub event: String,
    /// The locale the check asked for.
    pub locale: String,
    /// The app client whose overrides were in use.
    pub client_id: Option<String>,
    /// The template, its locale, and why it failed.
    pub outcome: ChannelOutcome,
}

impl CheckFailure {
    /// Why it failed.
    pub fn violation(&self) -> Option<&Violation> {
        self.outcome.result.as_ref().err()
    }
}

impl fmt::Display for CheckFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}",
            self.outcome.template,
            self.outcome.channel.response_member()
        )?;
        if let Some(client) = &self.client_id {
            write!(f, ", client {client}")?;
        }
        write!(f, "] with {} (locale {}): ", self.event, self.locale)?;
        match self.violation() {
            Some(violation) => write!(f, "{violation} [rule {}]", violation.rule()),
            None => f.write_str("ok"),
        }
    }
}

/// What [`TemplateMessages::check`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Sample events used (events of unknown sources are skipped).
    pub events: usize,
    /// Channel renders performed.
    pub renders: usize,
    /// Distinct failures.
    pub failures: Vec<CheckFailure>,
}

impl CheckReport {
    /// Whether every render passed.
    pub fn is_ok(&self) -> bool {
        self.failures.is_empty()
    }
}

impl TemplateMessages {
    /// Renders every template against every sample event of its source, in every locale of the
    /// set and for every app client with overrides, and checks every rule. A minimal event per
    /// source ([`minimal_request`]) is always added, so every template also renders without
    /// optional data such as `given_name` or clientMetadata.
    pub fn check(&self, events: &[SampleEvent]) -> CheckReport {
        let minimal: Vec<SampleEvent> = MessageSource::KNOWN
            .iter()
            .map(|source| SampleEvent {
                name: format!("minimal {source} event"),
                request: minimal_request(source),
            })
            .collect();
        let mut selections: Vec<(String, Option<&str>)> = self
            .locales()
            .into_iter()
            .map(|locale| (locale.to_owned(), None))
            .collect();
        for (client, locales) in self.client_overrides() {
            selections.extend(
                locales
                    .into_iter()
                    .map(|locale| (locale.to_owned(), Some(client))),
            );
        }

        let mut report = CheckReport::default();
        let mut seen = HashSet::new();
        for event in events.iter().chain(&minimal) {
            if crate::messages::known_source(event.request.source()).is_none() {
                continue;
            }
            report.events += 1;
            for (locale, client) in &selections {
                let selection = Selection {
                    locale: Some(locale),
                    client: client.map_or(ClientChoice::None, ClientChoice::Client),
                };
                let rendering = self.render_with(&event.request, selection);
                report.renders += rendering.outcomes.len();
                for outcome in rendering.outcomes {
                    let Err(violation) = &outcome.result else {
                        continue;
                    };
                    let key = (
                        event.name.clone(),
                        outcome.template.clone(),
                        violation.clone(),
                    );
                    if seen.insert(key) {
                        report.failures.push(CheckFailure {
                            event: event.name.clone(),
                            locale: locale.clone(),
                            client_id: client.map(str::to_owned),
                            outcome,
                        });
                    }
                }
            }
        }
        report
    }
}

/// The smallest realistic request for `source`: `sub` and `email` attributes only, no
/// clientMetadata, `{####}` (and `{username}` for AdminCreateUser).
pub fn minimal_request(source: &MessageSource) -> MessageRequest {
    let mut event = CustomMessageEvent::new(source.clone());
    event.user_name = Field::Value("test-user".to_owned());
    event.caller_context = Field::Value(CallerContext {
        client_id: Field::Value("1example23456789".to_owned()),
        ..CallerContext::default()
    });
    let attributes: AttributeMap = [
        ("sub", "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"),
        ("email", "test-user@example.com"),
    ]
    .into_iter()
    .collect();
    let username_parameter = match source {
        MessageSource::AdminCreateUser => Field::Value("{username}".to_owned()),
        _ => Field::Null,
    };
    event.request = Field::Value(wire::Request {
        user_attributes: Field::Value(attributes),
        code_parameter: Field::Value("{####}".to_owned()),
        link_parameter: Field::Value("{##Click Here##}".to_owned()),
        username_parameter,
        ..wire::Request::default()
    });
    event.request()
}
