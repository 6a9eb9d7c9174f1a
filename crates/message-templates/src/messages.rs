//! [`TemplateMessages`]: the template set compiled into two Handlebars registries, and the
//! per-request rendering with locale and client selection, escaping and validation.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{OnceLock, PoisonError, RwLock};

use cognito_triggers::custom_message::{CustomMessage, Message, MessageRequest, MessageSource};
use cognito_triggers::{AttributeMap, HookError};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderErrorReason,
    Template, html_escape,
};
use serde_json::{Map, Value};

use crate::files::{
    ALL_SOURCES, Channel, MessageSlot, SOURCES, Slot, TemplateFiles, classify, source_index,
    source_name,
};
use crate::locale::{fallback_chain, normalize_locale};
use crate::parse::compile;
use crate::reach::{DataReach, Reach};
use cognito_triggers::rules::MessageContext;

use crate::files::ChannelFile;
use crate::rules::{self, Violation};
use crate::text::{clean_value, single_line};
use crate::{CHANNELS_ENV, DEFAULT_LOCALE_ENV, Error, TEMPLATE_DIR_ENV};

/// Template names (paths without `.hbs`) per source and channel, for one locale.
type Table = [[Option<Box<str>>; 3]; ALL_SOURCES];

/// The three placeholder helpers: each writes the request's parameter exactly as Cognito sent it.
const PLACEHOLDER_HELPERS: [&str; 3] = ["codeParameter", "usernameParameter", "linkParameter"];

/// Custom messages from Handlebars templates: one set per trigger source, optional per-locale
/// variants and per-app-client overrides, every output checked against Cognito's rules.
///
/// Build it once per cold start ([`from_env`](TemplateMessages::from_env) in a Lambda function,
/// [`builder`](TemplateMessages::builder) for more control) and hand it to
/// [`custom_message::run`](cognito_triggers::custom_message::run). Building checks the set's
/// layout. A set read from a directory is also parsed completely, so a broken set fails at
/// start-up, never during a request; the built-in set (which this crate's tests parse) is
/// compiled lazily, each template once on its first use, which keeps cold starts short.
///
/// Per request it picks, for each channel, the first template along the locale chain
/// (clientMetadata `locale`, the user's `locale` attribute, the default locale; each tag followed
/// by its prefixes) with the app client's override winning within a locale. A channel whose
/// template fails to render or breaks one of Cognito's rules is left `None`, so Cognito sends its
/// own message for it, and the failure is logged with template, locale and rule. The email
/// subject and body count as one channel: both are returned or neither. Unknown trigger sources
/// keep Cognito's messages.
#[derive(Debug)]
pub struct TemplateMessages {
    files: TemplateFiles,
    /// Paths (without `.hbs`) of the partials.
    partial_names: Vec<String>,
    /// The partials, parsed once for both registries (at build when eager, else on first use).
    partials: OnceLock<Vec<(String, Template)>>,
    email: RwLock<Registry>,
    text: RwLock<Registry>,
    global: HashMap<String, Table>,
    clients: HashMap<String, HashMap<String, Table>>,
    default_locale: String,
    email_enabled: bool,
    sms_enabled: bool,
    /// The user attributes and clientMetadata entries the templates can reach.
    reach: DataReach,
}

/// A Handlebars registry and whether the shared partials are registered in it yet.
#[derive(Debug)]
struct Registry {
    handlebars: Handlebars<'static>,
    partials_loaded: bool,
}

/// Configures and builds a [`TemplateMessages`].
#[derive(Clone, Debug)]
pub struct Builder {
    files: Option<TemplateFiles>,
    dir: Option<PathBuf>,
    default_locale: String,
    email: bool,
    sms: bool,
    eager: Option<bool>,
}

impl Default for Builder {
    fn default() -> Self {
        Self {
            files: None,
            dir: None,
            default_locale: "en".to_owned(),
            email: true,
            sms: true,
            eager: None,
        }
    }
}

impl Builder {
    /// Reads the template set from `dir` instead of the built-in set.
    pub fn dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dir = Some(dir.into());
        self.files = None;
        self
    }

    /// Uses `files` as the template set.
    pub fn files(mut self, files: TemplateFiles) -> Self {
        self.files = Some(files);
        self.dir = None;
        self
    }

    /// The locale used when the request names none the set has (default `en`). The set must
    /// hold every template for it.
    pub fn default_locale(mut self, locale: impl Into<String>) -> Self {
        self.default_locale = locale.into();
        self
    }

    /// Whether to write the email subject and body (default `true`). Turn it off for pools that
    /// send email through Cognito (`EmailSendingAccount = COGNITO_DEFAULT`): Cognito refuses a
    /// response with `emailMessage` or `emailSubject` there.
    pub fn email(mut self, enabled: bool) -> Self {
        self.email = enabled;
        self
    }

    /// Whether to write the SMS (default `true`).
    pub fn sms(mut self, enabled: bool) -> Self {
        self.sms = enabled;
        self
    }

    /// Whether to parse every template while building (`true`) or each on its first use
    /// (`false`). By default a set read from a directory is parsed while building, so
    /// [`build`](Builder::build) refuses a set that does not parse; other sets are parsed lazily.
    /// A lazily parsed template that does not parse fails its channel like any render error.
    pub fn eager(mut self, eager: bool) -> Self {
        self.eager = Some(eager);
        self
    }

    /// Reads the environment: `CUSTOM_MESSAGE_TEMPLATE_DIR` (a template directory instead of
    /// the built-in set), `CUSTOM_MESSAGE_DEFAULT_LOCALE` (default `en`) and
    /// `CUSTOM_MESSAGE_CHANNELS` (`email,sms`, the default; `email`; `sms`; or `none`). Unset or
    /// empty variables keep the builder's value.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for an unknown channel name.
    pub fn env(mut self) -> Result<Self, Error> {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
        };
        if let Some(dir) = var(TEMPLATE_DIR_ENV) {
            self = self.dir(dir);
        }
        if let Some(locale) = var(DEFAULT_LOCALE_ENV) {
            self = self.default_locale(locale.trim());
        }
        if let Some(channels) = var(CHANNELS_ENV) {
            let (email, sms) = parse_channels(&channels)?;
            self = self.email(email).sms(sms);
        }
        Ok(self)
    }

    /// Checks the set's layout and, when eager, parses every template.
    ///
    /// # Errors
    ///
    /// Names the file at fault: [`Error::Read`], [`Error::Parse`], [`Error::Layout`] (a file in
    /// no valid place, an email without its subject or the other way round, two directories for
    /// one locale), [`Error::Missing`] (the default locale lacks a template of an enabled channel),
    /// or [`Error::Config`] (an invalid default locale).
    pub fn build(self) -> Result<TemplateMessages, Error> {
        let eager = self
            .eager
            .unwrap_or(self.dir.is_some() && self.files.is_none());
        let files = match (self.files, self.dir) {
            (Some(files), _) => files,
            (None, Some(dir)) => TemplateFiles::from_dir(dir)?,
            (None, None) => TemplateFiles::builtin(),
        };
        let default_locale =
            normalize_locale(&self.default_locale).ok_or_else(|| Error::Config {
                name: DEFAULT_LOCALE_ENV,
                value: self.default_locale.clone(),
                reason: "not a locale tag such as en, de or de-AT".to_owned(),
            })?;
        TemplateMessages::compile(files, default_locale, self.email, self.sms, eager)
    }
}

fn parse_channels(value: &str) -> Result<(bool, bool), Error> {
    let (mut email, mut sms) = (false, false);
    for name in value
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
    {
        match name.to_ascii_lowercase().as_str() {
            "email" => email = true,
            "sms" => sms = true,
            "none" => {}
            _ => {
                return Err(Error::Config {
                    name: CHANNELS_ENV,
                    value: value.to_owned(),
                    reason: format!("unknown channel {name:?}; use email, sms or none"),
                });
            }
        }
    }
    Ok((email, sms))
}

/// Where one channel's text came from and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelOutcome {
    /// The channel.
    pub channel: Channel,
    /// The template file, relative to the set's root (`de/ForgotPassword/sms.hbs`).
    pub template: String,
    /// The locale of that template (normalised, `de-at`).
    pub locale: String,
    /// The finished text, or why it cannot be used.
    pub result: Result<String, Violation>,
}

/// Everything one request rendered to, before it becomes a [`Message`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendering {
    /// The locales tried, best first.
    pub locales: Vec<String>,
    /// One entry per enabled channel, in the order subject, email, SMS. Empty when the source
    /// is unknown or the event has no `codeParameter`.
    pub outcomes: Vec<ChannelOutcome>,
    /// The channels that rendered cleanly, checked against Cognito's rules for the request.
    message: Message,
}

impl Rendering {
    /// The outcome of `channel`, when it was rendered.
    pub fn outcome(&self, channel: Channel) -> Option<&ChannelOutcome> {
        self.outcomes
            .iter()
            .find(|outcome| outcome.channel == channel)
    }

    /// The failed channels.
    pub fn failures(&self) -> impl Iterator<Item = &ChannelOutcome> {
        self.outcomes
            .iter()
            .filter(|outcome| outcome.result.is_err())
    }

    /// The message to return: every channel that rendered cleanly and keeps Cognito's rules,
    /// except that the email subject and body are returned together or not at all. It was
    /// checked for the request while rendering, so the core does not check it again.
    pub fn into_message(self) -> Message {
        self.message
    }
}

/// Chooses templates for [`TemplateMessages::render_with`] instead of reading the request:
/// used by the template check to exercise every locale and client.
#[derive(Clone, Copy, Debug, Default)]
pub struct Selection<'a> {
    /// Try this locale (then its prefixes, then the default) instead of the request's.
    pub locale: Option<&'a str>,
    /// Whose overrides to use.
    pub client: ClientChoice<'a>,
}

/// Which app client's overrides [`Selection`] uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClientChoice<'a> {
    /// The request's `callerContext.clientId` (what the function does).
    #[default]
    FromRequest,
    /// No client: the templates for everyone.
    None,
    /// This app client.
    Client(&'a str),
}

/// The data every template sees (see the template README for its members).
pub(crate) struct TemplateData<'a> {
    pub(crate) username: &'a str,
    pub(crate) trigger_source: &'a str,
    pub(crate) source: &'a str,
    pub(crate) locale: &'a str,
    pub(crate) client_id: Option<&'a str>,
    pub(crate) user_attributes: &'a AttributeMap,
    pub(crate) client_metadata: &'a AttributeMap,
    pub(crate) code_parameter: Option<&'a str>,
    pub(crate) username_parameter: Option<&'a str>,
    pub(crate) link_parameter: Option<&'a str>,
}

impl TemplateData<'_> {
    /// The data as Handlebars reads it, holding only what the set's templates can `reach`:
    /// Handlebars copies all of it into every partial it enters.
    pub(crate) fn into_context(self, reach: &DataReach) -> Context {
        let mut data = Map::new();
        let mut put = |member: &str, value: Value| {
            if reach.root.admits(member) {
                data.insert(member.to_owned(), value);
            }
        };
        let text = |text: Option<&str>| text.map_or(Value::Null, Value::from);
        let map = |map: &AttributeMap, reach: &Reach| {
            let entries = map
                .iter()
                .filter(|(name, _)| reach.admits(name))
                .map(|(name, value)| (name.to_owned(), Value::from(value.into_owned())));
            Value::Object(entries.collect())
        };
        put("username", Value::from(self.username));
        put("triggerSource", Value::from(self.trigger_source));
        put("source", Value::from(self.source));
        put("locale", Value::from(self.locale));
        put("clientId", text(self.client_id));
        put(
            "userAttributes",
            map(self.user_attributes, &reach.user_attributes),
        );
        put(
            "clientMetadata",
            map(self.client_metadata, &reach.client_metadata),
        );
        put("codeParameter", text(self.code_parameter));
        put("usernameParameter", text(self.username_parameter));
        put("linkParameter", text(self.link_parameter));
        Context::from(Value::Object(data))
    }
}

impl TemplateMessages {
    /// A builder starting from the built-in set, default locale `en`, email and SMS on.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The built-in template set with default settings.
    ///
    /// # Errors
    ///
    /// Only if the built-in set were broken, which this crate's tests rule out.
    pub fn builtin() -> Result<Self, Error> {
        Self::builder().build()
    }

    /// The function's configuration from the environment; see [`Builder::env`]. With
    /// `CUSTOM_MESSAGE_TEMPLATE_DIR` set, a set that does not parse or lacks a required
    /// template is an error naming the file, so the function refuses to start.
    ///
    /// # Errors
    ///
    /// See [`Builder::env`] and [`Builder::build`].
    pub fn from_env() -> Result<Self, Error> {
        Self::builder().env()?.build()
    }

    /// The set in `dir` with default settings.
    ///
    /// # Errors
    ///
    /// See [`Builder::build`].
    pub fn from_dir(dir: impl Into<PathBuf>) -> Result<Self, Error> {
        Self::builder().dir(dir).build()
    }

    fn compile(
        files: TemplateFiles,
        default_locale: String,
        email_enabled: bool,
        sms_enabled: bool,
        eager: bool,
    ) -> Result<Self, Error> {
        let mut partial_names = Vec::new();
        let mut global: HashMap<String, Table> = HashMap::new();
        let mut clients: HashMap<String, HashMap<String, Table>> = HashMap::new();
        let mut seen: HashMap<(Option<String>, String, usize, Channel), &str> = HashMap::new();
        for (path, _) in files.iter() {
            let layout_error = |reason: String| Error::Layout {
                file: files.display_path(path),
                reason,
            };
            let name = template_name(path);
            let slot = match classify(path).map_err(layout_error)? {
                Slot::Partial => {
                    partial_names.push(name.to_owned());
                    continue;
                }
                Slot::Message(slot) => slot,
            };
            let MessageSlot {
                client,
                locale,
                source: source_index,
                channel,
            } = slot;
            let key = (client.clone(), locale.clone(), source_index, channel);
            if let Some(other) = seen.insert(key, path) {
                return Err(layout_error(format!(
                    "{other} is the same template (locale directories differ only in case or _/-)"
                )));
            }
            let table = match client {
                Some(client) => clients
                    .entry(client)
                    .or_default()
                    .entry(locale)
                    .or_default(),
                None => global.entry(locale).or_default(),
            };
            table[source_index][channel as usize] = Some(name.into());
        }
        let reach = if files.is_pristine_builtin() {
            DataReach::builtin()
        } else {
            let sources: Vec<&str> = files.iter().map(|(_, source)| source).collect();
            DataReach::of(&sources)
        };
        let messages = Self {
            reach,
            partial_names,
            partials: OnceLock::new(),
            email: RwLock::new(Registry::new(true)),
            text: RwLock::new(Registry::new(false)),
            global,
            clients,
            default_locale,
            email_enabled,
            sms_enabled,
            files,
        };
        messages.check_pairs()?;
        messages.check_required()?;
        if eager {
            messages.compile_all()?;
        }
        Ok(messages)
    }

    /// Parses every partial and message template and registers it.
    fn compile_all(&self) -> Result<(), Error> {
        let parse = |name: &str| {
            let path = format!("{name}.hbs");
            let source = self.files.get(&path).unwrap_or_default();
            compile(source, name.to_owned()).map_err(|error| Error::Parse {
                file: self.files.display_path(&path),
                source: Box::new(error),
            })
        };
        let partials = self
            .partial_names
            .iter()
            .map(|name| parse(name).map(|template| (name.clone(), template)))
            .collect::<Result<Vec<_>, _>>()?;
        let partials = self.partials.get_or_init(|| partials);
        let tables = self
            .global
            .values()
            .chain(self.clients.values().flat_map(HashMap::values));
        let mut email = write(&self.email);
        let mut text = write(&self.text);
        email.load_partials(partials);
        text.load_partials(partials);
        for table in tables {
            for row in table {
                for (channel, name) in Channel::ALL.into_iter().zip(row) {
                    if let Some(name) = name {
                        let registry = if channel == Channel::Email {
                            &mut email
                        } else {
                            &mut text
                        };
                        registry.handlebars.register_template(name, parse(name)?);
                    }
                }
            }
        }
        Ok(())
    }

    /// Renders template `name` of `channel`'s registry, parsing it first if it is not yet.
    pub(crate) fn render_template(
        &self,
        channel: Channel,
        name: &str,
        data: &Context,
    ) -> Result<String, Violation> {
        let lock = if channel == Channel::Email {
            &self.email
        } else {
            &self.text
        };
        {
            let registry = read(lock);
            if registry.handlebars.has_template(name) {
                return registry
                    .handlebars
                    .render_with_context(name, data)
                    .map_err(render_violation);
            }
        }
        {
            let mut registry = write(lock);
            if !registry.partials_loaded {
                registry.load_partials(self.parsed_partials());
            }
            if !registry.handlebars.has_template(name) {
                let source = self.files.get(&format!("{name}.hbs")).unwrap_or_default();
                let template = compile(source, name.to_owned()).map_err(|error| {
                    Violation::Render(format!("the template does not parse: {error}"))
                })?;
                registry.handlebars.register_template(name, template);
            }
        }
        read(lock)
            .handlebars
            .render_with_context(name, data)
            .map_err(render_violation)
    }

    /// The partials, parsed on first use; one that does not parse is logged and left out, so
    /// the templates using it fail to render.
    fn parsed_partials(&self) -> &[(String, Template)] {
        self.partials.get_or_init(|| {
            self.partial_names
                .iter()
                .filter_map(|name| {
                    let path = format!("{name}.hbs");
                    let source = self.files.get(&path).unwrap_or_default();
                    compile(source, name.clone())
                        .inspect_err(|error| {
                            tracing::error!(template = %path, error = %error, "partial does not parse");
                        })
                        .ok()
                        .map(|template| (name.clone(), template))
                })
                .collect()
        })
    }

    /// Email body and subject come as a pair in every directory.
    fn check_pairs(&self) -> Result<(), Error> {
        let files = &self.files;
        let tables = self
            .global
            .values()
            .chain(self.clients.values().flat_map(HashMap::values));
        for table in tables {
            for row in table {
                let [subject, email, _] = row;
                let (present, missing) = match (subject, email) {
                    (Some(subject), None) => (subject, "email.hbs"),
                    (None, Some(email)) => (email, "subject.hbs"),
                    _ => continue,
                };
                let file = format!("{present}.hbs");
                return Err(Error::Layout {
                    file: files.display_path(&file),
                    reason: format!(
                        "an email needs both subject.hbs and email.hbs; add {missing} next to it"
                    ),
                });
            }
        }
        Ok(())
    }

    /// The default locale has every template of every enabled channel.
    fn check_required(&self) -> Result<(), Error> {
        let files = &self.files;
        let table = self.global.get(&self.default_locale);
        let mut missing = Vec::new();
        for (source_index, source) in SOURCES.iter().enumerate() {
            for channel in self.enabled_channels() {
                let present =
                    table.is_some_and(|table| table[source_index][channel as usize].is_some());
                if !present {
                    missing.push(files.display_path(&format!(
                        "{}/{source}/{}.hbs",
                        self.default_locale,
                        channel.file_stem()
                    )));
                }
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Error::Missing { files: missing })
        }
    }

    fn enabled_channels(&self) -> impl Iterator<Item = Channel> + '_ {
        Channel::ALL.into_iter().filter(|channel| match channel {
            Channel::Subject | Channel::Email => self.email_enabled,
            Channel::Sms => self.sms_enabled,
        })
    }

    /// The default locale (normalised).
    pub fn default_locale(&self) -> &str {
        &self.default_locale
    }

    /// Every locale with templates for everyone, sorted.
    pub fn locales(&self) -> Vec<&str> {
        let mut locales: Vec<&str> = self.global.keys().map(String::as_str).collect();
        locales.sort_unstable();
        locales
    }

    /// Every app client with overrides, sorted, with its locales, sorted.
    pub fn client_overrides(&self) -> Vec<(&str, Vec<&str>)> {
        let mut clients: Vec<(&str, Vec<&str>)> = self
            .clients
            .iter()
            .map(|(client, locales)| {
                let mut locales: Vec<&str> = locales.keys().map(String::as_str).collect();
                locales.sort_unstable();
                (client.as_str(), locales)
            })
            .collect();
        clients.sort_unstable();
        clients
    }

    /// Renders the message for `request`, logging every channel that falls back to Cognito's
    /// own message. This is what the Lambda function returns.
    pub fn render(&self, request: &MessageRequest) -> Message {
        let rendering = self.render_with(request, Selection::default());
        for failure in rendering.failures() {
            if let Err(violation) = &failure.result {
                tracing::error!(
                    trigger_source = %request.source(),
                    template = %failure.template,
                    locale = %failure.locale,
                    channel = failure.channel.response_member(),
                    rule = violation.rule(),
                    error = %violation,
                    "custom message template failed; Cognito's own message is sent on this channel"
                );
            }
        }
        let length = |channel| {
            rendering
                .outcome(channel)
                .and_then(|outcome| outcome.result.as_ref().ok())
                .map(String::len)
        };
        // Debug, not info: a log line per invocation costs about as much as the render itself.
        // Failures are logged above at error level.
        tracing::debug!(
            trigger_source = %request.source(),
            templates = %rendering
                .outcomes
                .iter()
                .filter(|outcome| outcome.result.is_ok())
                .map(|outcome| outcome.template.as_str())
                .collect::<Vec<_>>()
                .join(","),
            email_subject_bytes = length(Channel::Subject),
            email_message_bytes = length(Channel::Email),
            sms_message_bytes = length(Channel::Sms),
            "custom message rendered"
        );
        rendering.into_message()
    }

    /// Renders every enabled channel for `request` and reports each outcome, without logging.
    /// `selection` can force a locale or app client (the template check does).
    pub fn render_with(&self, request: &MessageRequest, selection: Selection<'_>) -> Rendering {
        let Some(source_index) = known_source(request.source()) else {
            return Rendering::default();
        };
        let metadata_locale = request.client_metadata().get("locale");
        let attribute_locale = request.user_attributes().get("locale");
        let locales = match selection.locale {
            Some(locale) => fallback_chain(Some(locale), None, &self.default_locale),
            None => fallback_chain(
                metadata_locale.as_deref(),
                attribute_locale.as_deref(),
                &self.default_locale,
            ),
        };
        let Some(code_parameter) = request.code_parameter() else {
            return Rendering {
                locales,
                ..Rendering::default()
            };
        };
        let client_id = match selection.client {
            ClientChoice::FromRequest => request.invocation().client_id(),
            ClientChoice::None => None,
            ClientChoice::Client(client) => Some(client),
        };
        let rule_context = MessageContext {
            code_parameter: Some(code_parameter),
            ..request.rules()
        };

        let mut outcomes = Vec::with_capacity(3);
        // The data is serialised once per locale in use (normally once per request).
        let mut context: Option<(&str, Context)> = None;
        for channel in self.enabled_channels() {
            let Some((name, locale)) = self.lookup(client_id, &locales, source_index, channel)
            else {
                continue;
            };
            if context.as_ref().is_none_or(|(cached, _)| *cached != locale) {
                let data = TemplateData {
                    username: request.username(),
                    trigger_source: request.source().as_str(),
                    source: source_name(source_index),
                    locale,
                    client_id,
                    user_attributes: request.user_attributes(),
                    client_metadata: request.client_metadata(),
                    code_parameter: Some(code_parameter),
                    username_parameter: request.username_parameter(),
                    link_parameter: request.link_parameter(),
                };
                context = Some((locale, data.into_context(&self.reach)));
            }
            let Some((_, data)) = &context else { continue };
            let result = self
                .render_template(channel, name, data)
                .map(|text| match channel {
                    Channel::Email => trim_in_place(text),
                    Channel::Subject | Channel::Sms => single_line(&text),
                });
            outcomes.push(ChannelOutcome {
                channel,
                template: format!("{name}.hbs"),
                locale: locale.to_owned(),
                result,
            });
        }
        let message = checked_message(&mut outcomes, &rule_context);
        Rendering {
            locales,
            outcomes,
            message,
        }
    }

    /// What of the template data the set's templates can reach.
    pub(crate) fn reach(&self) -> &DataReach {
        &self.reach
    }

    /// The template for one channel: along the locale chain, the client's override first.
    pub(crate) fn lookup<'s>(
        &'s self,
        client_id: Option<&str>,
        locales: &'s [String],
        source_index: usize,
        channel: Channel,
    ) -> Option<(&'s str, &'s str)> {
        let client = client_id.and_then(|client| self.clients.get(client));
        locales.iter().find_map(|locale| {
            let pick = |table: &'s Table| table[source_index][channel as usize].as_deref();
            client
                .and_then(|client| client.get(locale))
                .and_then(pick)
                .or_else(|| self.global.get(locale).and_then(pick))
                .map(|name| (name, locale.as_str()))
        })
    }
}

impl CustomMessage for TemplateMessages {
    async fn custom_message(&self, request: MessageRequest) -> Result<Message, HookError> {
        Ok(self.render(&request))
    }
}

/// The message made of the rendered `outcomes`, checked against Cognito's rules for
/// `context`; each channel that breaks one gets its violation in `outcomes`.
fn checked_message(outcomes: &mut [ChannelOutcome], context: &MessageContext<'_>) -> Message {
    let text = |channel| {
        outcomes
            .iter()
            .find(|outcome| outcome.channel == channel)
            .and_then(|outcome| outcome.result.as_ref().ok())
            .cloned()
    };
    let (subject, body, sms) = (
        text(Channel::Subject),
        text(Channel::Email),
        text(Channel::Sms),
    );
    let mut message = Message::default();
    match (subject, body) {
        (Some(subject), Some(body)) => message = message.email(subject, body),
        // A lone half of an email is never sent, but the check still reports what it breaks.
        _ => {
            for outcome in outcomes.iter_mut() {
                if outcome.channel != Channel::Sms
                    && let Ok(text) = &outcome.result
                    && let Err(violation) = rules::check(outcome.channel, text, context)
                {
                    outcome.result = Err(violation);
                }
            }
        }
    }
    if let Some(sms) = sms {
        message = message.sms(sms);
    }
    let (message, broken) = message.checked(context);
    for (channel, violation) in broken {
        if let Some(outcome) = outcomes
            .iter_mut()
            .find(|outcome| outcome.channel == channel)
        {
            outcome.result = Err(Violation::Rule(violation));
        }
    }
    message
}

/// The index of a known source in [`SOURCES`]; `None` for sources this crate does not know.
pub(crate) fn known_source(source: &MessageSource) -> Option<usize> {
    source
        .as_str()
        .strip_prefix("CustomMessage_")
        .and_then(source_index)
        .filter(|index| *index < SOURCES.len())
}

impl Registry {
    /// A strict registry: HTML-escaping for email bodies, plain for subjects and SMS. Both clean
    /// interpolated values of characters Cognito rejects.
    fn new(html: bool) -> Self {
        let mut handlebars = Handlebars::new();
        handlebars.set_strict_mode(true);
        if html {
            handlebars.register_escape_fn(|value| html_escape(&clean_value(value)));
        } else {
            handlebars.register_escape_fn(|value| clean_value(value).into_owned());
        }
        for name in PLACEHOLDER_HELPERS {
            handlebars.register_helper(name, Box::new(Placeholder { name, html }));
        }
        Self {
            handlebars,
            partials_loaded: false,
        }
    }

    fn load_partials(&mut self, partials: &[(String, Template)]) {
        for (name, template) in partials {
            self.handlebars.register_template(name, template.clone());
        }
        self.partials_loaded = true;
    }
}

fn read(lock: &RwLock<Registry>) -> std::sync::RwLockReadGuard<'_, Registry> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

fn write(lock: &RwLock<Registry>) -> std::sync::RwLockWriteGuard<'_, Registry> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

fn render_violation(error: handlebars::RenderError) -> Violation {
    Violation::Render(error.to_string())
}

/// `text` without leading and trailing whitespace, reusing its buffer.
pub(crate) fn trim_in_place(mut text: String) -> String {
    let end = text.trim_end().len();
    text.truncate(end);
    let start = text.len() - text.trim_start().len();
    text.drain(..start);
    text
}

/// The template name of a file: its path without `.hbs`.
fn template_name(path: &str) -> &str {
    path.strip_suffix(".hbs").unwrap_or(path)
}

/// `{{codeParameter}}` and friends: writes the request's parameter verbatim (HTML-escaped in
/// email bodies, which changes nothing in Cognito's placeholders but keeps a custom sender's
/// temporary password such as `a<b&c` intact), and fails when the event has none, so a template
/// cannot silently lose its placeholder.
#[derive(Clone, Copy, Debug)]
struct Placeholder {
    name: &'static str,
    html: bool,
}

impl HelperDef for Placeholder {
    fn call<'reg: 'rc, 'rc>(
        &self,
        _: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        context: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        match context
            .data()
            .get(self.name)
            .and_then(serde_json::Value::as_str)
        {
            Some(value) if self.html => Ok(out.write(&html_escape(value))?),
            Some(value) => Ok(out.write(value)?),
            None => {
                Err(RenderErrorReason::Other(format!("this event has no {}", self.name)).into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_set_hands_templates_only_the_attributes_it_names() {
        let messages = TemplateMessages::builtin().expect("built-in set");
        let Reach::Named(attributes) = &messages.reach.user_attributes else {
            panic!("every attribute reaches the built-in templates");
        };
        assert!(attributes.contains("given_name") && attributes.contains("LOGIN_TIME"));
        assert!(!attributes.contains("email") && !attributes.contains("phone_number"));
        assert_eq!(
            messages.reach.client_metadata,
            Reach::Named(Default::default())
        );
    }

    #[test]
    fn templates_parsed_folded_render_the_same() {
        let files = TemplateFiles::builtin();
        let registry = |folded: bool| {
            let mut registry = Registry::new(true);
            for (path, source) in files.iter() {
                let template = if folded {
                    compile(source, path.to_owned())
                } else {
                    Template::compile_with_name(source, path.to_owned())
                }
                .expect("the built-in templates parse");
                registry
                    .handlebars
                    .register_template(template_name(path), template);
            }
            registry
        };
        let (plain, folded) = (registry(false), registry(true));
        let attributes: AttributeMap =
            serde_json::from_str(r#"{"given_name": "Ana", "LOGIN_TIME": "now", "CITY": "Graz"}"#)
                .expect("attributes");
        let metadata = AttributeMap::default();
        let context = TemplateData {
            username: "ana",
            trigger_source: "CustomMessage_AdminCreateUser",
            source: "AdminCreateUser",
            locale: "de",
            client_id: None,
            user_attributes: &attributes,
            client_metadata: &metadata,
            code_parameter: Some("{####}"),
            username_parameter: Some("{username}"),
            link_parameter: Some("{##Click Here##}"),
        }
        .into_context(&DataReach::ALL);
        let mut rendered = 0;
        for (path, _) in files
            .iter()
            .filter(|(path, _)| !path.starts_with("partials/"))
        {
            let name = template_name(path);
            let render =
                |registry: &Registry| registry.handlebars.render_with_context(name, &context);
            assert_eq!(
                render(&plain).ok(),
                render(&folded).ok(),
                "{path} renders differently parsed folded"
            );
            rendered += usize::from(render(&plain).is_ok());
        }
        assert!(rendered > 40, "only {rendered} templates rendered");
    }

    #[test]
    fn channels_parse() {
        assert_eq!(parse_channels("email,sms").ok(), Some((true, true)));
        assert_eq!(parse_channels(" SMS ").ok(), Some((false, true)));
        assert_eq!(parse_channels("none").ok(), Some((false, false)));
        assert!(matches!(
            parse_channels("email,fax"),
            Err(Error::Config { .. })
        ));
    }
}
