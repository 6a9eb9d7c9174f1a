//! [`PreSignUpPolicy`]: the configured rules, checked against one sign-up.

use std::fmt;

use cognito_triggers::HookError;
use cognito_triggers::pre_sign_up::SignUpSource;
use cognito_triggers::pre_sign_up::{PreSignUp, SignUpDecision, SignUpRequest};

use crate::config::{
    self, ConfigError, DEFAULT_MESSAGES, MIN_INVITE_CODE_CHARS, MessagesConfig, PolicyConfig,
};
use crate::domain::{DomainList, DomainProblem, parse_email_domain};
use crate::invite::InviteCodes;
#[cfg(feature = "legacy-guard")]
use crate::legacy::LegacyGuard;
use crate::token::{InviteTokenKey, now_unix};

/// A pre sign-up policy built from a [`PolicyConfig`]: every rule checked and compiled once, at
/// cold start. It implements [`PreSignUp`], so it can be served with
/// [`cognito_triggers::pre_sign_up::run`] or called through
/// [`cognito_triggers::pre_sign_up::handle`].
///
/// What it does per trigger source:
///
/// | source | checks | flags it may set |
/// | --- | --- | --- |
/// | `PreSignUp_SignUp` | required attributes, blocked / allowed domains, invite token, invite code, legacy guard | only with a valid invite token for the address: the token's flags and the `auto_*_domains` |
/// | `PreSignUp_AdminCreateUser` | required attributes and domains (each can be switched off) | none (Cognito ignores them) |
/// | `PreSignUp_ExternalProvider` | the provider's required attributes, domains, invite requirement | verify email / phone when the provider says so and `trust_verified_*` is on |
/// | any other | none | none |
///
/// A public `SignUp` never gets a flag because of the domain alone: the caller types the
/// address, so the domain proves nothing.
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
    required_attributes: Vec<String>,
    invite_codes: Option<InviteCodePolicy>,
    invite_token_field: String,
    invite_token_key: Option<InviteTokenKey>,
    invite_required: bool,
    admin_enforce_domains: bool,
    admin_enforce_required_attributes: bool,
    external_enforce_domains: bool,
    external_required_attributes: Vec<String>,
    external_trust_verified_email: bool,
    external_trust_verified_phone: bool,
    external_require_invite: bool,
    external_invite_exempt: DomainList,
    #[cfg(feature = "legacy-guard")]
    legacy_guard: Option<LegacyGuard>,
    messages: Messages,
}

#[derive(Clone, Debug)]
struct InviteCodePolicy {
    key: String,
    codes: InviteCodes,
}

impl PreSignUpPolicy {
    /// The policy that accepts every sign-up and changes nothing (the same as
    /// `PreSignUpPolicy::default()`).
    pub fn accept_all() -> Self {
        Self::default()
    }

    /// Builds the policy from the environment: `PRE_SIGN_UP_CONFIG` (inline JSON) or
    /// `PRE_SIGN_UP_CONFIG_FILE` (a JSON file), the `PRE_SIGN_UP_*` list variables, the invite
    /// token key (`PRE_SIGN_UP_INVITE_TOKEN_KEY` or `PRE_SIGN_UP_INVITE_TOKEN_KEY_FILE`) and, when
    /// the legacy guard is on (`PRE_SIGN_UP_LEGACY_GUARD=true` or `"legacy_guard": true`), the
    /// legacy store's `LEGACY_*` settings. All described in the crate's README. Nothing set means
    /// [`PreSignUpPolicy::accept_all`].
    ///
    /// Async because the legacy guard sets up its (lazily connecting) database pool; call it
    /// inside a Tokio runtime.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] when a variable is not Unicode, the JSON does not parse, a setting is
    /// unusable, removed or given twice.
    pub async fn from_env() -> Result<Self, ConfigError> {
        let lookup = |name: &str| match std::env::var(name) {
            Ok(value) => Ok(Some(value)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(ConfigError::invalid(name, "the value is not valid Unicode"))
            }
        };
        // Fail on a non-Unicode value of any variable read below.
        let loaded = config::load(lookup)?;
        for name in [
            crate::token::ENV_INVITE_TOKEN_KEY,
            crate::token::ENV_INVITE_TOKEN_KEY_FILE,
        ] {
            lookup(name)?;
        }
        Self::from_loaded(loaded, |name| std::env::var(name).ok()).await
    }

    /// Like [`PreSignUpPolicy::from_env`], reading variables through `lookup` instead of the
    /// process environment (for tests and tools).
    ///
    /// # Errors
    ///
    /// As [`PreSignUpPolicy::from_env`].
    pub async fn from_env_with(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let loaded = config::load(|name| Ok(lookup(name)))?;
        Self::from_loaded(loaded, lookup).await
    }

    async fn from_loaded(
        (mut config, from_variables): config::Loaded,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let key = InviteTokenKey::from_env_with(&lookup)
            .map_err(|(variable, error)| ConfigError::invalid(variable, error))?;
        let guard = config.legacy_guard.take().unwrap_or(false);
        #[cfg_attr(not(feature = "legacy-guard"), allow(unused_mut))]
        let mut policy = Self::from_parts(config, key)
            .map_err(|error| error.with_variable_names(&from_variables))?;
        if guard {
            #[cfg(feature = "legacy-guard")]
            {
                policy.legacy_guard = Some(LegacyGuard::from_env_with(&lookup).await?);
            }
            #[cfg(not(feature = "legacy-guard"))]
            return Err(ConfigError::invalid(
                "legacy_guard",
                "this build has no legacy guard (cargo feature `legacy-guard`)",
            ));
        }
        Ok(policy)
    }

    /// Builds the policy from a JSON document in the [`PolicyConfig`] format.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] when the JSON does not parse or a setting is unusable.
    pub fn from_json(json: &str) -> Result<Self, ConfigError> {
        Self::from_config(config::parse_json(json, "the JSON policy")?)
    }

    /// Checks and compiles `config`, without an invite token key.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Invalid`] naming the first unusable setting.
    pub fn from_config(config: PolicyConfig) -> Result<Self, ConfigError> {
        Self::from_parts(config, None)
    }

    /// Checks and compiles `config`, with the key that checks invite tokens (`None`: tokens in
    /// `ValidationData` are ignored). `legacy_guard: true` is refused here: the guard needs a
    /// store, so use [`PreSignUpPolicy::from_env`] or attach one with `with_legacy_guard`
    /// (cargo feature `legacy-guard`).
    ///
    /// # Errors
    ///
    /// [`ConfigError::Invalid`] naming the first unusable setting.
    pub fn from_parts(
        config: PolicyConfig,
        invite_token_key: Option<InviteTokenKey>,
    ) -> Result<Self, ConfigError> {
        config.check_removed()?;
        if config.legacy_guard == Some(true) {
            return Err(ConfigError::invalid(
                "legacy_guard",
                "the legacy guard needs the legacy store: build the policy with \
                 `PreSignUpPolicy::from_env` or attach a store with `with_legacy_guard`",
            ));
        }
        let domains = |key: &str, patterns: &[String]| {
            DomainList::parse(patterns).map_err(|error| ConfigError::invalid(key, error))
        };
        let invite_codes = invite_policy(&config)?;
        let token = &config.invite_token;
        let invite_token_field = token.validation_data_key.trim().to_owned();
        if invite_token_field.is_empty() {
            return Err(ConfigError::invalid(
                "invite_token.validation_data_key",
                "the key is empty",
            ));
        }
        if token.required && invite_token_key.is_none() {
            return Err(ConfigError::invalid(
                "invite_token.required",
                "invite tokens are required but no key is configured (set \
                 PRE_SIGN_UP_INVITE_TOKEN_KEY or PRE_SIGN_UP_INVITE_TOKEN_KEY_FILE)",
            ));
        }
        Ok(Self {
            allowed: domains("allowed_domains", &config.allowed_domains)?,
            blocked: domains("blocked_domains", &config.blocked_domains)?,
            auto_confirm: domains("auto_confirm_domains", &config.auto_confirm_domains)?,
            auto_verify_email: domains(
                "auto_verify_email_domains",
                &config.auto_verify_email_domains,
            )?,
            required_attributes: attribute_names(
                "required_attributes",
                config.required_attributes,
            )?,
            invite_required: invite_codes.is_some() || token.required,
            invite_codes,
            invite_token_field,
            invite_token_key,
            admin_enforce_domains: config.admin_create_user.enforce_domains,
            admin_enforce_required_attributes: config.admin_create_user.enforce_required_attributes,
            external_enforce_domains: config.external_provider.enforce_domains,
            external_required_attributes: attribute_names(
                "external_provider.required_attributes",
                config.external_provider.required_attributes,
            )?,
            external_trust_verified_email: config.external_provider.trust_verified_email,
            external_trust_verified_phone: config.external_provider.trust_verified_phone,
            external_require_invite: config.external_provider.require_invite,
            external_invite_exempt: domains(
                "external_provider.invite_exempt_domains",
                &config.external_provider.invite_exempt_domains,
            )?,
            #[cfg(feature = "legacy-guard")]
            legacy_guard: None,
            messages: Messages::resolve(config.messages)?,
        })
    }

    /// Adds the legacy guard: a public `SignUp` whose email, user name or preferred user name
    /// exists in `guard`'s legacy store is refused, so nobody can claim a legacy user's login
    /// before that user migrates.
    #[cfg(feature = "legacy-guard")]
    #[must_use]
    pub fn with_legacy_guard(mut self, guard: LegacyGuard) -> Self {
        self.legacy_guard = Some(guard);
        self
    }

    /// Whether this policy accepts every sign-up and changes nothing.
    pub fn is_accept_all(&self) -> bool {
        self.allowed.is_empty()
            && self.blocked.is_empty()
            && self.auto_confirm.is_empty()
            && self.auto_verify_email.is_empty()
            && self.required_attributes.is_empty()
            && self.invite_codes.is_none()
            && self.invite_token_key.is_none()
            && self.external_required_attributes.is_empty()
            && !self.external_trust_verified_email
            && !self.external_trust_verified_phone
            && !self.has_legacy_guard()
    }

    fn has_legacy_guard(&self) -> bool {
        #[cfg(feature = "legacy-guard")]
        return self.legacy_guard.is_some();
        #[cfg(not(feature = "legacy-guard"))]
        false
    }

    /// Decides on one sign-up without the Lambda machinery: the decision, or why it is refused.
    /// Invite tokens are checked against the current time. The legacy guard needs the database
    /// and is not part of this: it runs in the [`PreSignUp`] implementation, after this.
    ///
    /// # Errors
    ///
    /// A [`Rejection`] carrying the user-facing message when a rule refuses the sign-up.
    pub fn decide(&self, request: &SignUpRequest) -> Result<SignUpDecision, Rejection> {
        self.decide_at(request, now_unix())
    }

    /// [`PreSignUpPolicy::decide`] with invite tokens checked against `now` (Unix seconds).
    ///
    /// # Errors
    ///
    /// As [`PreSignUpPolicy::decide`].
    pub fn decide_at(
        &self,
        request: &SignUpRequest,
        now: u64,
    ) -> Result<SignUpDecision, Rejection> {
        match request.source() {
            SignUpSource::SignUp => {
                let domain = self.check(request, &self.required_attributes, true)?;
                let token = self.check_invite_token(request, now)?;
                if !token.vouched {
                    self.check_invite_code(request)?;
                    // The address is only what the caller typed: no flag for its domain.
                    return Ok(SignUpDecision::accept());
                }
                let mut decision = self.domain_flags(request, domain.as_deref());
                if token.confirm {
                    decision = decision.confirm_user();
                }
                if token.verify_email {
                    decision = decision.verify_email();
                }
                Ok(decision)
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
                let domain = self.check(
                    request,
                    &self.external_required_attributes,
                    self.external_enforce_domains,
                )?;
                // A federated user cannot carry an invite: only an exempt domain, as the
                // provider supplies it, lets them into an invite-only pool.
                if self.invite_required
                    && self.external_require_invite
                    && !domain.is_some_and(|domain| self.external_invite_exempt.matches(&domain))
                {
                    return Err(self.reject(RejectionReason::InviteCodeRequired, &[]));
                }
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
        let parsed = email.as_deref().map(parse_email_domain);
        let domain = parsed.clone().and_then(Result::ok);
        if !enforce_domains || (self.allowed.is_empty() && self.blocked.is_empty()) {
            return Ok(domain);
        }
        let domain = match parsed {
            None if self.allowed.is_empty() => return Ok(None),
            None => return Err(self.reject(RejectionReason::EmailRequired, &[])),
            Some(Err(DomainProblem::NotAscii)) => {
                return Err(self.reject(RejectionReason::EmailDomainNotAscii, &[]));
            }
            // Only the domain lists care about the address's shape.
            Some(Err(DomainProblem::Invalid)) => {
                return Err(self.reject(RejectionReason::InvalidEmail, &[]));
            }
            Some(Ok(domain)) => domain,
        };
        if self.blocked.matches(&domain) {
            return Err(self.reject(RejectionReason::DomainBlocked, &[("{domain}", &domain)]));
        }
        if !self.allowed.is_empty() && !self.allowed.matches(&domain) {
            return Err(self.reject(RejectionReason::DomainNotAllowed, &[("{domain}", &domain)]));
        }
        Ok(Some(domain))
    }

    /// The invite token in `ValidationData`, when a key is configured and one was sent: valid
    /// for this address, or a rejection.
    fn check_invite_token(
        &self,
        request: &SignUpRequest,
        now: u64,
    ) -> Result<TokenOutcome, Rejection> {
        let Some(key) = &self.invite_token_key else {
            return Ok(TokenOutcome::default());
        };
        let token = match request.validation_data().get(&self.invite_token_field) {
            Some(token) if !token.trim().is_empty() => token,
            _ => return Ok(TokenOutcome::default()),
        };
        let email = request.email().unwrap_or_default();
        match key.verify(&token, &email, now) {
            Ok(invite) => Ok(TokenOutcome {
                vouched: true,
                confirm: invite.confirm,
                verify_email: invite.verify_email,
            }),
            Err(problem) => {
                let mut rejection = self.reject(RejectionReason::InviteTokenInvalid, &[]);
                rejection.detail = Some(problem.as_str());
                Err(rejection)
            }
        }
    }

    /// The invite requirement, for a `SignUp` without a valid token.
    fn check_invite_code(&self, request: &SignUpRequest) -> Result<(), Rejection> {
        if !self.invite_required {
            return Ok(());
        }
        let Some(invite) = &self.invite_codes else {
            // Only tokens are accepted, and none was sent.
            return Err(self.reject(RejectionReason::InviteCodeRequired, &[]));
        };
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

    /// The `auto_*_domains` flags, for an address that is vouched for.
    fn domain_flags(&self, request: &SignUpRequest, domain: Option<&str>) -> SignUpDecision {
        let mut decision = SignUpDecision::accept();
        let Some(domain) = domain else {
            return decision;
        };
        if self.auto_confirm.matches(domain) {
            decision = decision.confirm_user();
        }
        if self.auto_verify_email.matches(domain) && has_value(request, "email") {
            decision = decision.verify_email();
        }
        decision
    }

    fn reject(&self, reason: RejectionReason, values: &[(&str, &str)]) -> Rejection {
        let mut message = self.messages.get(reason).to_owned();
        for (placeholder, value) in values {
            message = message.replace(placeholder, value);
        }
        Rejection {
            reason,
            message,
            detail: None,
        }
    }

    /// The legacy guard, for a public `SignUp`: `Ok(None)` to go on, `Ok(Some(rejection))` when
    /// a login exists in the legacy store, `Err` when the store cannot answer (fail closed).
    #[cfg(feature = "legacy-guard")]
    async fn check_legacy(&self, request: &SignUpRequest) -> Result<Option<Rejection>, HookError> {
        let Some(guard) = &self.legacy_guard else {
            return Ok(None);
        };
        if *request.source() != SignUpSource::SignUp {
            return Ok(None);
        }
        let email = request.email();
        let preferred = request.attribute("preferred_username");
        let logins = [
            email.as_deref(),
            Some(request.username()),
            preferred.as_deref(),
        ];
        if guard.any_exists(logins.into_iter().flatten()).await? {
            return Ok(Some(self.reject(RejectionReason::LegacyAccountExists, &[])));
        }
        Ok(None)
    }
}

/// What the invite token of a `SignUp` established.
#[derive(Clone, Copy, Debug, Default)]
struct TokenOutcome {
    vouched: bool,
    confirm: bool,
    verify_email: bool,
}

impl fmt::Debug for PreSignUpPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreSignUpPolicy")
            .field("allowed_domains", &self.allowed.len())
            .field("blocked_domains", &self.blocked.len())
            .field("auto_confirm_domains", &self.auto_confirm.len())
            .field("auto_verify_email_domains", &self.auto_verify_email.len())
            .field("required_attributes", &self.required_attributes)
            .field(
                "invite_codes",
                &self.invite_codes.as_ref().map(|invite| invite.codes.len()),
            )
            .field("invite_token_key", &self.invite_token_key)
            .field("invite_required", &self.invite_required)
            .field("legacy_guard", &self.has_legacy_guard())
            .finish_non_exhaustive()
    }
}

impl PreSignUp for PreSignUpPolicy {
    async fn pre_sign_up(&self, request: SignUpRequest) -> Result<SignUpDecision, HookError> {
        let outcome = self.decide(&request);
        #[cfg(feature = "legacy-guard")]
        let outcome = match outcome {
            Ok(decision) => match self.check_legacy(&request).await {
                Ok(None) => Ok(decision),
                Ok(Some(rejection)) => Err(rejection),
                Err(error) => {
                    tracing::warn!(
                        trigger_source = %request.source(),
                        "sign-up refused: the legacy store could not be checked"
                    );
                    return Err(error);
                }
            },
            rejected => rejected,
        };
        match outcome {
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
            // The core logs the rejection once, at info, with this reason code.
            Err(rejection) => {
                let reason = rejection.log_reason();
                Err(HookError::reject(rejection.into_message()).with_reason(reason))
            }
        }
    }
}

/// Why the policy refused a sign-up, with the message for the person signing up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    reason: RejectionReason,
    message: String,
    detail: Option<&'static str>,
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

    /// More about the reason, for logs (e.g. why an invite token failed: `expired`,
    /// `wrong_email`); never user input.
    pub fn detail(&self) -> Option<&'static str> {
        self.detail
    }

    /// The reason code a rejection is logged with: the rule's name (as in
    /// [`RejectionReason::as_str`]), for an invite token also why it failed
    /// (`invite_token_invalid:expired`).
    pub fn log_reason(&self) -> &'static str {
        use crate::token::InviteTokenError as Token;
        if self.reason == RejectionReason::InviteTokenInvalid {
            let detail = [
                (Token::Malformed, "invite_token_invalid:malformed"),
                (Token::BadSignature, "invite_token_invalid:bad_signature"),
                (Token::Expired, "invite_token_invalid:expired"),
                (Token::TooLong, "invite_token_invalid:too_long_lived"),
                (Token::WrongEmail, "invite_token_invalid:wrong_email"),
            ]
            .into_iter()
            .find(|(problem, _)| Some(problem.as_str()) == self.detail);
            if let Some((_, code)) = detail {
                return code;
            }
        }
        self.reason.as_str()
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
    /// The invite token is expired, for another address, altered or malformed.
    InviteTokenInvalid,
    /// The email domain has non-ASCII characters.
    EmailDomainNotAscii,
    /// The login exists in the legacy user store (the legacy guard).
    LegacyAccountExists,
}

impl RejectionReason {
    /// Every reason, in the order the policy checks them.
    pub const ALL: [RejectionReason; 10] = [
        RejectionReason::MissingAttributes,
        RejectionReason::EmailRequired,
        RejectionReason::InvalidEmail,
        RejectionReason::DomainBlocked,
        RejectionReason::DomainNotAllowed,
        RejectionReason::InviteCodeRequired,
        RejectionReason::InviteCodeInvalid,
        RejectionReason::InviteTokenInvalid,
        RejectionReason::EmailDomainNotAscii,
        RejectionReason::LegacyAccountExists,
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
            RejectionReason::InviteTokenInvalid => "invite_token_invalid",
            RejectionReason::EmailDomainNotAscii => "email_domain_not_ascii",
            RejectionReason::LegacyAccountExists => "legacy_account_exists",
        }
    }
}

/// The resolved message per [`RejectionReason`], indexed by the reason (declaration order, which
/// is also [`RejectionReason::ALL`] order).
#[derive(Clone, Debug)]
struct Messages([String; 10]);

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
            config.invite_token_invalid,
            config.email_domain_not_ascii,
            config.legacy_account_exists,
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

fn invite_policy(config: &PolicyConfig) -> Result<Option<InviteCodePolicy>, ConfigError> {
    let invite = &config.invite_code;
    let mut codes = InviteCodes::default();
    for code in &invite.codes {
        let length = code.trim().chars().count();
        if length > 0 && length < MIN_INVITE_CODE_CHARS {
            return Err(ConfigError::invalid(
                "invite_code.codes",
                format!(
                    "an invite code has {length} characters; use at least \
                     {MIN_INVITE_CODE_CHARS} random characters (short codes can be guessed)"
                ),
            ));
        }
        codes
            .add_plain(code)
            .map_err(|reason| ConfigError::invalid("invite_code.codes", reason))?;
    }
    for digest in &invite.sha256 {
        codes
            .add_sha256_hex(digest)
            .map_err(|reason| ConfigError::invalid("invite_code.sha256", reason))?;
    }
    if codes.is_empty() {
        return Ok(None);
    }
    let key = invite.validation_data_key.trim();
    if key.is_empty() {
        return Err(ConfigError::invalid(
            "invite_code.validation_data_key",
            "the key is empty",
        ));
    }
    Ok(Some(InviteCodePolicy {
        key: key.to_owned(),
        codes,
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
