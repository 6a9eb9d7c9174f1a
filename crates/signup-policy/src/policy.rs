//! [`PreSignUpPolicy`]: the configured rules, checked against one sign-up.

use std::fmt;

use cognito_triggers::HookError;
use cognito_triggers::event::SignUpSource;
use cognito_triggers::pre_sign_up::{PreSignUp, SignUpDecision, SignUpRequest};

use crate::config::{self, ConfigError, DEFAULT_MESSAGES, MessagesConfig, PolicyConfig};
use crate::domain::{DomainList, email_domain};
use crate::invite::InviteCodes;

/// A pre sign-up policy built from a [`PolicyConfig`]: every rule checked and compiled once, at
/// cold start. It implements [`PreSignUp`], so it can be served with
/// [`cognito_triggers::pre_sign_up::run`] or called through
/// [`cognito_triggers::pre_sign_up::handle`].
///
/// What it does per trigger source:
///
/// | source | checks | flags it may set |
/// | --- | --- | --- |
/// | `PreSignUp_SignUp` | required attributes, blocked / allowed domains, invite code | auto-confirm, auto-verify email / phone by domain |
/// | `PreSignUp_AdminCreateUser` | required attributes and domains (each can be switched off) | none (Cognito ignores them) |
/// | `PreSignUp_ExternalProvider` | the provider's required attributes, domains | verify email / phone when the provider says so and `trust_verified_*` is on |
/// | any other | none | none |
///
/// ```
/// use cognito_signup_policy::PreSignUpPolicy;
///
/// let policy = PreSignUpPolicy::from_json(r#"{"blocked_domains": ["mailinator.com"]}"#)?;
/// assert!(!policy.is_accept_all());
/// assert!(PreSignUpPolicy::default().is_accept_all());
/// # Ok::<(), cognito_signup_policy::ConfigError>(())
/// ```
#[derive(Clone, Default)]
pub struct PreSignUpPolicy {
    allowed: DomainList,
    blocked: DomainList,
    auto_confirm: DomainList,
    auto_verify_email: DomainList,
    auto_verify_phone: DomainList,
    required_attributes: Vec<String>,
    invite: Option<InvitePolicy>,
    admin_enforce_domains: bool,
    admin_enforce_required_attributes: bool,
    external_enforce_domains: bool,
    external_required_attributes: Vec<String>,
    external_trust_verified_email: bool,
    external_trust_verified_phone: bool,
    messages: Messages,
}

#[derive(Clone, Debug)]
struct InvitePolicy {
    key: String,
    codes: InviteCodes,
    exempt: DomainList,
}

impl PreSignUpPolicy {
    /// The policy that accepts every sign-up and changes nothing (the same as
    /// `PreSignUpPolicy::default()`).
    pub fn accept_all() -> Self {
        Self::default()
    }

    /// Builds the policy from the environment: `PRE_SIGN_UP_CONFIG` (inline JSON) or
    /// `PRE_SIGN_UP_CONFIG_FILE` (a JSON file), plus the `PRE_SIGN_UP_*` list variables described
    /// in the crate's README. Nothing set means [`PreSignUpPolicy::accept_all`].
    ///
    /// # Errors
    ///
    /// [`ConfigError`] when a variable is not Unicode, the JSON does not parse, a setting is
    /// unusable or given twice.
    pub fn from_env() -> Result<Self, ConfigError> {
        let loaded = config::load(|name| match std::env::var(name) {
            Ok(value) => Ok(Some(value)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(ConfigError::invalid(name, "the value is not valid Unicode"))
            }
        })?;
        Self::from_loaded(loaded)
    }

    /// Like [`PreSignUpPolicy::from_env`], reading variables through `lookup` instead of the
    /// process environment (for tests and tools).
    ///
    /// # Errors
    ///
    /// As [`PreSignUpPolicy::from_env`].
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        Self::from_loaded(config::load(|name| Ok(lookup(name)))?)
    }

    fn from_loaded((config, from_variables): config::Loaded) -> Result<Self, ConfigError> {
        Self::from_config(config).map_err(|error| error.with_variable_names(&from_variables))
    }

    /// Builds the policy from a JSON document in the [`PolicyConfig`] format.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] when the JSON does not parse or a setting is unusable.
    pub fn from_json(json: &str) -> Result<Self, ConfigError> {
        Self::from_config(config::parse_json(json, "the JSON policy")?)
    }

    /// Checks and compiles `config`.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Invalid`] naming the first unusable setting.
    pub fn from_config(config: PolicyConfig) -> Result<Self, ConfigError> {
        let domains = |key: &str, patterns: &[String]| {
            DomainList::parse(patterns).map_err(|error| ConfigError::invalid(key, error))
        };
        let invite = invite_policy(&config)?;
        Ok(Self {
            allowed: domains("allowed_domains", &config.allowed_domains)?,
            blocked: domains("blocked_domains", &config.blocked_domains)?,
            auto_confirm: domains("auto_confirm_domains", &config.auto_confirm_domains)?,
            auto_verify_email: domains(
                "auto_verify_email_domains",
                &config.auto_verify_email_domains,
            )?,
            auto_verify_phone: domains(
                "auto_verify_phone_domains",
                &config.auto_verify_phone_domains,
            )?,
            required_attributes: attribute_names(
                "required_attributes",
                config.required_attributes,
            )?,
            invite,
            admin_enforce_domains: config.admin_create_user.enforce_domains,
            admin_enforce_required_attributes: config.admin_create_user.enforce_required_attributes,
            external_enforce_domains: config.external_provider.enforce_domains,
            external_required_attributes: attribute_names(
                "external_provider.required_attributes",
                config.external_provider.required_attributes,
            )?,
            external_trust_verified_email: config.external_provider.trust_verified_email,
            external_trust_verified_phone: config.external_provider.trust_verified_phone,
            messages: Messages::resolve(config.messages)?,
        })
    }

    /// Whether this policy accepts every sign-up and changes nothing.
    pub fn is_accept_all(&self) -> bool {
        self.allowed.is_empty()
            && self.blocked.is_empty()
            && self.auto_confirm.is_empty()
            && self.auto_verify_email.is_empty()
            && self.auto_verify_phone.is_empty()
            && self.required_attributes.is_empty()
            && self.invite.is_none()
            && self.external_required_attributes.is_empty()
            && !self.external_trust_verified_email
            && !self.external_trust_verified_phone
    }

    /// Decides on one sign-up without the Lambda machinery: the decision, or why it is refused.
    ///
    /// # Errors
    ///
    /// A [`Rejection`] carrying the user-facing message when a rule refuses the sign-up.
    pub fn decide(&self, request: &SignUpRequest) -> Result<SignUpDecision, Rejection> {
        match request.source() {
            SignUpSource::SignUp => {
                let domain = self.check(request, &self.required_attributes, true)?;
                self.check_invite_code(request, domain.as_deref())?;
                Ok(self.domain_flags(request, domain.as_deref()))
            }
            SignUpSource::AdminCreateUser => {
                let required: &[String] = if self.admin_enforce_required_attributes {
                    &self.required_attributes
                } else {
                    &[]
                };
                self.check(request, required, self.admin_enforce_domains)?;
                Ok(SignUpDecision::accept())
            }
            SignUpSource::ExternalProvider => {
                self.check(
                    request,
                    &self.external_required_attributes,
                    self.external_enforce_domains,
                )?;
                let attributes = request.user_attributes();
                let mut decision = SignUpDecision::accept();
                if self.external_trust_verified_email
                    && has_value(request, "email")
                    && attributes.is_true("email_verified")
                {
                    decision = decision.verify_email();
                }
                if self.external_trust_verified_phone
                    && has_value(request, "phone_number")
                    && attributes.is_true("phone_number_verified")
                {
                    decision = decision.verify_phone();
                }
                Ok(decision)
            }
            SignUpSource::Other(_) => Ok(SignUpDecision::accept()),
        }
    }

    /// Required attributes, then the domain lists. Returns the email domain, when there is one.
    fn check(
        &self,
        request: &SignUpRequest,
        required: &[String],
        enforce_domains: bool,
    ) -> Result<Option<String>, Rejection> {
        let missing: Vec<&str> = required
            .iter()
            .filter(|name| !has_value(request, name))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            let attributes = missing.join(", ");
            return Err(self.reject(
                RejectionReason::MissingAttributes,
                &[("{attributes}", &attributes)],
            ));
        }
        let email = request.email().filter(|email| !email.trim().is_empty());
        let domain = email.as_deref().and_then(email_domain);
        if !enforce_domains || (self.allowed.is_empty() && self.blocked.is_empty()) {
            return Ok(domain);
        }
        if email.is_none() {
            return if self.allowed.is_empty() {
                Ok(None)
            } else {
                Err(self.reject(RejectionReason::EmailRequired, &[]))
            };
        }
        // Only the domain lists care about the address's shape.
        let Some(domain) = domain else {
            return Err(self.reject(RejectionReason::InvalidEmail, &[]));
        };
        if self.blocked.matches(&domain) {
            return Err(self.reject(RejectionReason::DomainBlocked, &[("{domain}", &domain)]));
        }
        if !self.allowed.is_empty() && !self.allowed.matches(&domain) {
            return Err(self.reject(RejectionReason::DomainNotAllowed, &[("{domain}", &domain)]));
        }
        Ok(Some(domain))
    }

    fn check_invite_code(
        &self,
        request: &SignUpRequest,
        domain: Option<&str>,
    ) -> Result<(), Rejection> {
        let Some(invite) = &self.invite else {
            return Ok(());
        };
        if domain.is_some_and(|domain| invite.exempt.matches(domain)) {
            return Ok(());
        }
        match request.validation_data().get(&invite.key) {
            Some(code) if !code.trim().is_empty() => {
                if invite.codes.accepts(&code) {
                    Ok(())
                } else {
                    Err(self.reject(RejectionReason::InviteCodeInvalid, &[]))
                }
            }
            _ => Err(self.reject(RejectionReason::InviteCodeRequired, &[])),
        }
    }

    fn domain_flags(&self, request: &SignUpRequest, domain: Option<&str>) -> SignUpDecision {
        let mut decision = SignUpDecision::accept();
        let Some(domain) = domain else {
            return decision;
        };
        if self.auto_confirm.matches(domain) {
            decision = decision.confirm_user();
        }
        if self.auto_verify_email.matches(domain) {
            decision = decision.verify_email();
        }
        // Cognito fails the sign-up when asked to verify a phone number that is not there.
        if self.auto_verify_phone.matches(domain) && has_value(request, "phone_number") {
            decision = decision.verify_phone();
        }
        decision
    }

    fn reject(&self, reason: RejectionReason, values: &[(&str, &str)]) -> Rejection {
        let mut message = self.messages.get(reason).to_owned();
        for (placeholder, value) in values {
            message = message.replace(placeholder, value);
        }
        Rejection { reason, message }
    }
}

impl fmt::Debug for PreSignUpPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreSignUpPolicy")
            .field("allowed_domains", &self.allowed.len())
            .field("blocked_domains", &self.blocked.len())
            .field("auto_confirm_domains", &self.auto_confirm.len())
            .field("auto_verify_email_domains", &self.auto_verify_email.len())
            .field("auto_verify_phone_domains", &self.auto_verify_phone.len())
            .field("required_attributes", &self.required_attributes)
            .field(
                "invite_codes",
                &self.invite.as_ref().map(|invite| invite.codes.len()),
            )
            .finish_non_exhaustive()
    }
}

impl PreSignUp for PreSignUpPolicy {
    async fn pre_sign_up(&self, request: SignUpRequest) -> Result<SignUpDecision, HookError> {
        match self.decide(&request) {
            Ok(decision) => {
                tracing::info!(
                    trigger_source = %request.source(),
                    confirm_user = decision.confirm_user,
                    verify_email = decision.verify_email,
                    verify_phone = decision.verify_phone,
                    "sign-up accepted"
                );
                Ok(decision)
            }
            Err(rejection) => {
                tracing::info!(
                    trigger_source = %request.source(),
                    reason = rejection.reason().as_str(),
                    "sign-up rejected"
                );
                Err(HookError::reject(rejection.into_message()))
            }
        }
    }
}

/// Why the policy refused a sign-up, with the message for the person signing up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    reason: RejectionReason,
    message: String,
}

impl Rejection {
    /// Which rule refused.
    pub fn reason(&self) -> RejectionReason {
        self.reason
    }

    /// The user-facing message (configured or default, placeholders filled in).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The user-facing message, owned.
    pub fn into_message(self) -> String {
        self.message
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.reason.as_str(), self.message)
    }
}

/// The rule behind a [`Rejection`]. `as_str` is the [`MessagesConfig`] key of its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RejectionReason {
    /// A required attribute is missing or blank.
    MissingAttributes,
    /// An allow list is configured and the sign-up has no email address.
    EmailRequired,
    /// The email address has no usable domain.
    InvalidEmail,
    /// The email domain is on the block list.
    DomainBlocked,
    /// The email domain is not on the allow list.
    DomainNotAllowed,
    /// No invite code in `ValidationData`.
    InviteCodeRequired,
    /// The invite code is not an accepted one.
    InviteCodeInvalid,
}

impl RejectionReason {
    /// Every reason, in the order the policy checks them.
    pub const ALL: [RejectionReason; 7] = [
        RejectionReason::MissingAttributes,
        RejectionReason::EmailRequired,
        RejectionReason::InvalidEmail,
        RejectionReason::DomainBlocked,
        RejectionReason::DomainNotAllowed,
        RejectionReason::InviteCodeRequired,
        RejectionReason::InviteCodeInvalid,
    ];

    /// The reason's name, as in logs and the `messages` configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectionReason::MissingAttributes => "missing_attributes",
            RejectionReason::EmailRequired => "email_required",
            RejectionReason::InvalidEmail => "invalid_email",
            RejectionReason::DomainBlocked => "domain_blocked",
            RejectionReason::DomainNotAllowed => "domain_not_allowed",
            RejectionReason::InviteCodeRequired => "invite_code_required",
            RejectionReason::InviteCodeInvalid => "invite_code_invalid",
        }
    }
}

/// The resolved message per [`RejectionReason`], indexed by the reason (declaration order, which
/// is also [`RejectionReason::ALL`] order).
#[derive(Clone, Debug)]
struct Messages([String; 7]);

impl Default for Messages {
    fn default() -> Self {
        Self(RejectionReason::ALL.map(|reason| default_message(reason).to_owned()))
    }
}

impl Messages {
    fn resolve(config: MessagesConfig) -> Result<Self, ConfigError> {
        let configured = [
            config.missing_attributes,
            config.email_required,
            config.invalid_email,
            config.domain_blocked,
            config.domain_not_allowed,
            config.invite_code_required,
            config.invite_code_invalid,
        ];
        let mut messages = Self::default();
        for ((slot, reason), message) in messages
            .0
            .iter_mut()
            .zip(RejectionReason::ALL)
            .zip(configured)
        {
            if let Some(message) = message {
                let message = message.trim();
                if message.is_empty() {
                    return Err(ConfigError::invalid(
                        format!("messages.{}", reason.as_str()),
                        "the message is empty",
                    ));
                }
                message.clone_into(slot);
            }
        }
        Ok(messages)
    }

    fn get(&self, reason: RejectionReason) -> &str {
        self.0.get(reason as usize).map_or("", String::as_str)
    }
}

fn default_message(reason: RejectionReason) -> &'static str {
    DEFAULT_MESSAGES
        .iter()
        .find(|(key, _)| *key == reason.as_str())
        .map_or("Sign-up is not allowed", |(_, message)| message)
}

fn invite_policy(config: &PolicyConfig) -> Result<Option<InvitePolicy>, ConfigError> {
    let invite = &config.invite_code;
    let mut codes = InviteCodes::default();
    for code in &invite.codes {
        codes
            .add_plain(code)
            .map_err(|reason| ConfigError::invalid("invite_code.codes", reason))?;
    }
    for digest in &invite.sha256 {
        codes
            .add_sha256_hex(digest)
            .map_err(|reason| ConfigError::invalid("invite_code.sha256", reason))?;
    }
    let exempt = DomainList::parse(&invite.exempt_domains)
        .map_err(|error| ConfigError::invalid("invite_code.exempt_domains", error))?;
    if codes.is_empty() {
        if !exempt.is_empty() {
            return Err(ConfigError::invalid(
                "invite_code.exempt_domains",
                "exempt domains are set but no invite codes (`codes` or `sha256`)",
            ));
        }
        return Ok(None);
    }
    let key = invite.validation_data_key.trim();
    if key.is_empty() {
        return Err(ConfigError::invalid(
            "invite_code.validation_data_key",
            "the key is empty",
        ));
    }
    Ok(Some(InvitePolicy {
        key: key.to_owned(),
        codes,
        exempt,
    }))
}

fn attribute_names(setting: &str, names: Vec<String>) -> Result<Vec<String>, ConfigError> {
    names
        .into_iter()
        .map(|name| {
            let name = name.trim();
            if name.is_empty() || name.chars().any(char::is_whitespace) {
                Err(ConfigError::invalid(
                    setting,
                    format!("`{name}` is not an attribute name"),
                ))
            } else {
                Ok(name.to_owned())
            }
        })
        .collect()
}

fn has_value(request: &SignUpRequest, name: &str) -> bool {
    request
        .attribute(name)
        .is_some_and(|value| !value.trim().is_empty())
}
