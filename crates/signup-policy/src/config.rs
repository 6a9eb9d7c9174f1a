//! The policy configuration: its JSON shape, the environment variables that carry it, and the
//! errors a bad configuration produces.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Inline JSON policy (see [`PolicyConfig`]).
pub const ENV_CONFIG: &str = "PRE_SIGN_UP_CONFIG";
/// Path of a JSON policy file (see [`PolicyConfig`]); exclusive with [`ENV_CONFIG`].
pub const ENV_CONFIG_FILE: &str = "PRE_SIGN_UP_CONFIG_FILE";

/// Selects one list of a [`PolicyConfig`].
type ListField = fn(&mut PolicyConfig) -> &mut Vec<String>;

/// Environment variables that set one list of the policy directly, as comma-separated values:
/// the variable, the [`PolicyConfig`] key it stands for, and that key's field. A variable and its
/// key in the JSON policy must not both be set.
const ENV_LISTS: &[(&str, &str, ListField)] = &[
    ("PRE_SIGN_UP_ALLOWED_DOMAINS", "allowed_domains", |c| {
        &mut c.allowed_domains
    }),
    ("PRE_SIGN_UP_BLOCKED_DOMAINS", "blocked_domains", |c| {
        &mut c.blocked_domains
    }),
    (
        "PRE_SIGN_UP_AUTO_CONFIRM_DOMAINS",
        "auto_confirm_domains",
        |c| &mut c.auto_confirm_domains,
    ),
    (
        "PRE_SIGN_UP_AUTO_VERIFY_EMAIL_DOMAINS",
        "auto_verify_email_domains",
        |c| &mut c.auto_verify_email_domains,
    ),
    (
        "PRE_SIGN_UP_REQUIRED_ATTRIBUTES",
        "required_attributes",
        |c| &mut c.required_attributes,
    ),
    ("PRE_SIGN_UP_INVITE_CODES", "invite_code.codes", |c| {
        &mut c.invite_code.codes
    }),
    (
        "PRE_SIGN_UP_INVITE_CODES_SHA256",
        "invite_code.sha256",
        |c| &mut c.invite_code.sha256,
    ),
];

/// Settings that no longer exist because they were unsafe, with what to use instead. A
/// configuration that still has one is refused (never silently ignored).
pub(crate) const REMOVED_SETTINGS: &[(&str, &str, &str)] = &[
    (
        "auto_verify_phone_domains",
        "PRE_SIGN_UP_AUTO_VERIFY_PHONE_DOMAINS",
        "this setting was removed: it marked whatever phone number the caller typed as verified \
         because of the email's domain, which proves nothing about the phone. Remove it; let \
         Cognito verify phone numbers with a code, or trust a federated provider's verified \
         phone with `external_provider.trust_verified_phone`",
    ),
    (
        "invite_code.exempt_domains",
        "PRE_SIGN_UP_INVITE_EXEMPT_DOMAINS",
        "this setting was removed: on a public SignUp the caller types the address, so an \
         exempt domain let anyone skip the invite. Remove it; give those users signed invite \
         tokens (`cognito-triggers invite mint`), create them with AdminCreateUser, or exempt \
         federated users of your own identity provider with \
         `external_provider.invite_exempt_domains`",
    ),
];

/// Turns the legacy guard on (`true`) or off; the same as `legacy_guard` in the JSON policy.
pub const ENV_LEGACY_GUARD: &str = "PRE_SIGN_UP_LEGACY_GUARD";

/// The shortest plain invite code accepted.
pub const MIN_INVITE_CODE_CHARS: usize = 12;

/// The pre sign-up policy as written in JSON (`PRE_SIGN_UP_CONFIG` or the file named by
/// `PRE_SIGN_UP_CONFIG_FILE`). Every key is optional; the default accepts every sign-up and
/// changes nothing. Unknown keys are an error, so a typo cannot silently switch a rule off.
///
/// Domain lists hold [`DomainPattern`](crate::DomainPattern)s: `example.com` (that domain) or
/// `*.example.com` (its subdomains).
///
/// ```
/// use cognito_signup_policy::PolicyConfig;
///
/// let config: PolicyConfig = serde_json::from_str(r#"{
///     "blocked_domains": ["mailinator.com"],
///     "auto_confirm_domains": ["example.com"],
///     "invite_code": {"sha256": ["e0bd023f859de583d9894d6513c2cd61b78777855939e437eb026d18c5f4bc4a"]}
/// }"#)?;
/// assert_eq!(config.invite_code.validation_data_key, "inviteCode");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct PolicyConfig {
    /// When not empty, only email addresses at these domains may sign up.
    pub allowed_domains: Vec<String>,
    /// Email addresses at these domains may not sign up (checked before `allowed_domains`).
    pub blocked_domains: Vec<String>,
    /// Addresses at these domains are confirmed without a code, **only** when the address is
    /// vouched for: a public `SignUp` that carries a valid invite token for it. A `SignUp` with
    /// just a matching domain gets no flag (the caller types the address).
    pub auto_confirm_domains: Vec<String>,
    /// Addresses at these domains get their email marked as verified, under the same condition
    /// as `auto_confirm_domains`.
    pub auto_verify_email_domains: Vec<String>,
    /// Removed (unsafe); its presence is refused with an explanation.
    #[serde(skip_serializing)]
    auto_verify_phone_domains: Option<serde_json::Value>,
    /// User attributes that must be present and not blank, e.g. `given_name`.
    pub required_attributes: Vec<String>,
    /// The invite code check on `SignUp`.
    pub invite_code: InviteCodeConfig,
    /// Signed invite tokens on `SignUp` (the key itself comes from the environment).
    pub invite_token: InviteTokenConfig,
    /// Refuse `SignUp` for logins that exist in the legacy user store (`None`: off, unless
    /// `PRE_SIGN_UP_LEGACY_GUARD` says otherwise).
    pub legacy_guard: Option<bool>,
    /// How admin-created users (`AdminCreateUser`) are checked.
    pub admin_create_user: AdminCreateUserConfig,
    /// How federated users (first sign-in through an identity provider) are checked.
    pub external_provider: ExternalProviderConfig,
    /// The rejection messages shown to the person signing up.
    pub messages: MessagesConfig,
}

/// The invite code check: a `SignUp` must carry one of the codes in its `ValidationData`.
/// Off while `codes` and `sha256` are both empty.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct InviteCodeConfig {
    /// The `ValidationData` key holding the code (default `inviteCode`).
    pub validation_data_key: String,
    /// Accepted codes in plain text.
    pub codes: Vec<String>,
    /// Accepted codes as hex SHA-256 digests of the code (`printf %s CODE | sha256sum`), so the
    /// configuration need not hold the codes themselves.
    pub sha256: Vec<String>,
    /// Removed (unsafe); its presence is refused with an explanation.
    #[serde(skip_serializing)]
    exempt_domains: Option<serde_json::Value>,
}

impl Default for InviteCodeConfig {
    fn default() -> Self {
        Self {
            validation_data_key: DEFAULT_INVITE_CODE_KEY.to_owned(),
            codes: Vec::new(),
            sha256: Vec::new(),
            exempt_domains: None,
        }
    }
}

/// Signed invite tokens ([`crate::token`]): a `SignUp` carrying a valid token for its email
/// address is vouched for, so the token's flags and the `auto_*_domains` apply to it. Active
/// when a key is configured (`PRE_SIGN_UP_INVITE_TOKEN_KEY` or `PRE_SIGN_UP_INVITE_TOKEN_KEY_FILE`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct InviteTokenConfig {
    /// The `ValidationData` key holding the token (default `invite_token`).
    pub validation_data_key: String,
    /// Every public `SignUp` needs an invite: a valid token (or, when invite codes are
    /// configured, one of the codes). Default `false`.
    pub required: bool,
}

impl Default for InviteTokenConfig {
    fn default() -> Self {
        Self {
            validation_data_key: DEFAULT_INVITE_TOKEN_KEY.to_owned(),
            required: false,
        }
    }
}

/// The default `ValidationData` key of the invite token.
pub const DEFAULT_INVITE_TOKEN_KEY: &str = "invite_token";

impl fmt::Debug for InviteCodeConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InviteCodeConfig")
            .field("validation_data_key", &self.validation_data_key)
            .field("codes", &format_args!("[{} redacted]", self.codes.len()))
            .field("sha256", &format_args!("[{} digests]", self.sha256.len()))
            .finish_non_exhaustive()
    }
}

/// The default `ValidationData` key of the invite code.
pub const DEFAULT_INVITE_CODE_KEY: &str = "inviteCode";

/// Checks for `PreSignUp_AdminCreateUser`. The invite code is never asked for, and no flags are
/// set (Cognito ignores them for admin-created users).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct AdminCreateUserConfig {
    /// Apply `allowed_domains` and `blocked_domains` (default `true`).
    pub enforce_domains: bool,
    /// Apply `required_attributes` (default `true`).
    pub enforce_required_attributes: bool,
}

impl Default for AdminCreateUserConfig {
    fn default() -> Self {
        Self {
            enforce_domains: true,
            enforce_required_attributes: true,
        }
    }
}

/// Checks and flags for `PreSignUp_ExternalProvider` (a federated user's first sign-in).
///
/// A federated user cannot send an invite (`ValidationData` is not user-supplied there). When
/// the pool needs an invite (invite codes, or `invite_token.required`), `require_invite`
/// (default `true`) refuses federated first sign-ins except for addresses at
/// `invite_exempt_domains`, so an invite-only pool is not opened by a social login. The
/// `auto_*_domains` lists do not apply: a provider's claim about an address proves nothing unless
/// you trust that provider, which `trust_verified_email` says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ExternalProviderConfig {
    /// Apply `allowed_domains` and `blocked_domains` to the provider's email (default `true`).
    pub enforce_domains: bool,
    /// Attributes the provider must supply (through the attribute mapping); the top-level
    /// `required_attributes` do not apply to federated users.
    pub required_attributes: Vec<String>,
    /// Mark the email as verified when the provider says it is (`email_verified` is `true`).
    pub trust_verified_email: bool,
    /// Mark the phone number as verified when the provider says it is
    /// (`phone_number_verified` is `true`).
    pub trust_verified_phone: bool,
    /// When the pool needs an invite, refuse federated first sign-ins (which cannot carry one)
    /// unless their email is at one of `invite_exempt_domains` (default `true`).
    pub require_invite: bool,
    /// Email domains, as the provider supplies them, whose federated users need no invite. List
    /// only domains of a provider you trust to vouch for its addresses (your own IdP).
    pub invite_exempt_domains: Vec<String>,
}

impl Default for ExternalProviderConfig {
    fn default() -> Self {
        Self {
            enforce_domains: true,
            required_attributes: Vec::new(),
            trust_verified_email: false,
            trust_verified_phone: false,
            require_invite: true,
            invite_exempt_domains: Vec::new(),
        }
    }
}

/// Rejection messages, shown to the person signing up as
/// `PreSignUp failed with error <message>.` Unset ones use the English defaults
/// ([`DEFAULT_MESSAGES`]). Cognito appends the final period, so leave it out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct MessagesConfig {
    /// Required attributes are missing; `{attributes}` lists them.
    pub missing_attributes: Option<String>,
    /// An email address is needed (an allow list is configured) but none was given.
    pub email_required: Option<String>,
    /// The email address has no usable domain.
    pub invalid_email: Option<String>,
    /// The email domain is blocked; `{domain}` is the domain.
    pub domain_blocked: Option<String>,
    /// The email domain is not on the allow list; `{domain}` is the domain.
    pub domain_not_allowed: Option<String>,
    /// No invite code was given.
    pub invite_code_required: Option<String>,
    /// The invite code given is not one of the accepted codes.
    pub invite_code_invalid: Option<String>,
    /// The invite token is not valid: expired, for another address, altered or malformed.
    pub invite_token_invalid: Option<String>,
    /// The email domain has non-ASCII characters.
    pub email_domain_not_ascii: Option<String>,
    /// The login already exists in the legacy user store (the legacy guard).
    pub legacy_account_exists: Option<String>,
}

/// The default rejection messages, by [`MessagesConfig`] key.
pub const DEFAULT_MESSAGES: &[(&str, &str)] = &[
    (
        "missing_attributes",
        "Please provide the following to sign up: {attributes}",
    ),
    ("email_required", "An email address is required to sign up"),
    ("invalid_email", "Please enter a valid email address"),
    (
        "domain_blocked",
        "Sign-ups with email addresses at {domain} are not allowed",
    ),
    (
        "domain_not_allowed",
        "Sign-ups with email addresses at {domain} are not allowed",
    ),
    (
        "invite_code_required",
        "An invite code is required to sign up",
    ),
    ("invite_code_invalid", "The invite code is not valid"),
    (
        "invite_token_invalid",
        "The invitation is not valid or has expired",
    ),
    (
        "email_domain_not_ascii",
        "Please write the email address's domain in plain ASCII letters (an international domain in its xn-- form)",
    ),
    (
        "legacy_account_exists",
        "An account with this login already exists. Please sign in with your existing password",
    ),
];

/// Why the policy configuration cannot be used. The function refuses to start with this
/// message rather than run with a rule silently missing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The JSON policy does not parse or has an unknown key; the message names the path.
    #[error("{origin} is not a valid pre sign-up policy: {error}")]
    Parse {
        /// Where the JSON came from (`PRE_SIGN_UP_CONFIG` or the file).
        origin: String,
        /// The parse error, with the path of the offending key.
        error: serde_path_to_error::Error<serde_json::Error>,
    },
    /// The file named by `PRE_SIGN_UP_CONFIG_FILE` cannot be read.
    #[error("cannot read the pre sign-up policy file {path:?} (PRE_SIGN_UP_CONFIG_FILE): {error}")]
    ReadFile {
        /// The path given.
        path: PathBuf,
        /// The I/O error.
        error: std::io::Error,
    },
    /// A setting parses but cannot be used (e.g. a malformed domain pattern).
    #[error("pre sign-up policy setting {setting}: {reason}")]
    Invalid {
        /// The key or environment variable at fault.
        setting: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The same setting was given twice.
    #[error("{first} and {second} are both set; set only one of them")]
    Conflict {
        /// One place the setting was given.
        first: String,
        /// The other place.
        second: String,
    },
}

impl ConfigError {
    pub(crate) fn invalid(setting: impl Into<String>, reason: impl fmt::Display) -> Self {
        Self::Invalid {
            setting: setting.into(),
            reason: reason.to_string(),
        }
    }

    /// Names the environment variable behind `setting` when the value came from one.
    pub(crate) fn with_variable_names(self, from_variables: &[(&str, &str)]) -> Self {
        match self {
            Self::Invalid { setting, reason } => {
                let setting = from_variables
                    .iter()
                    .find(|(_, key)| *key == setting)
                    .map_or(setting.clone(), |(variable, _)| {
                        format!("{variable} ({setting})")
                    });
                Self::Invalid { setting, reason }
            }
            other => other,
        }
    }
}

/// The configuration read from the environment, and which list variables supplied which keys
/// (for error messages).
pub(crate) type Loaded = (PolicyConfig, Vec<(&'static str, &'static str)>);

/// Reads the configuration from the environment through `lookup`: the JSON policy (inline or
/// from a file) with the list variables of [`ENV_LISTS`] applied on top.
pub(crate) fn load(
    lookup: impl Fn(&str) -> Result<Option<String>, ConfigError>,
) -> Result<Loaded, ConfigError> {
    let non_blank = |name: &str| -> Result<Option<String>, ConfigError> {
        Ok(lookup(name)?.filter(|value| !value.trim().is_empty()))
    };
    let mut config = match (non_blank(ENV_CONFIG)?, non_blank(ENV_CONFIG_FILE)?) {
        (Some(_), Some(_)) => {
            return Err(ConfigError::Conflict {
                first: ENV_CONFIG.to_owned(),
                second: ENV_CONFIG_FILE.to_owned(),
            });
        }
        (Some(json), None) => parse_json(&json, ENV_CONFIG)?,
        (None, Some(path)) => {
            let path = PathBuf::from(path.trim());
            let json = std::fs::read_to_string(&path).map_err(|error| ConfigError::ReadFile {
                path: path.clone(),
                error,
            })?;
            parse_json(&json, &format!("{ENV_CONFIG_FILE} ({})", path.display()))?
        }
        (None, None) => PolicyConfig::default(),
    };
    for &(key, variable, why) in REMOVED_SETTINGS {
        if non_blank(variable)?.is_some() {
            return Err(ConfigError::invalid(format!("{variable} ({key})"), why));
        }
    }
    if let Some(value) = non_blank(ENV_LEGACY_GUARD)? {
        if config.legacy_guard.is_some() {
            return Err(ConfigError::Conflict {
                first: ENV_LEGACY_GUARD.to_owned(),
                second: "`legacy_guard` in the JSON policy".to_owned(),
            });
        }
        config.legacy_guard = Some(match value.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => true,
            "false" | "0" | "no" => false,
            _ => {
                return Err(ConfigError::invalid(
                    ENV_LEGACY_GUARD,
                    "expected true or false",
                ));
            }
        });
    }
    let mut from_variables = Vec::new();
    for &(variable, key, field) in ENV_LISTS {
        if let Some(value) = non_blank(variable)? {
            let list = field(&mut config);
            if !list.is_empty() {
                return Err(ConfigError::Conflict {
                    first: variable.to_owned(),
                    second: format!("`{key}` in the JSON policy"),
                });
            }
            *list = split_list(&value);
            from_variables.push((variable, key));
        }
    }
    Ok((config, from_variables))
}

impl PolicyConfig {
    /// Refuses settings that were removed because they were unsafe (see [`REMOVED_SETTINGS`]).
    pub(crate) fn check_removed(&self) -> Result<(), ConfigError> {
        let present = [
            self.auto_verify_phone_domains.is_some(),
            self.invite_code.exempt_domains.is_some(),
        ];
        for (&(key, _, why), present) in REMOVED_SETTINGS.iter().zip(present) {
            if present {
                return Err(ConfigError::invalid(key, why));
            }
        }
        Ok(())
    }
}

/// Parses a JSON policy; `origin` names its source in error messages.
pub(crate) fn parse_json(json: &str, origin: &str) -> Result<PolicyConfig, ConfigError> {
    let deserializer = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(deserializer).map_err(|error| ConfigError::Parse {
        origin: origin.to_owned(),
        error,
    })
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn load_from(vars: &[(&str, &str)]) -> Result<PolicyConfig, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        load(|name| Ok(vars.get(name).cloned())).map(|(config, _)| config)
    }

    fn error_text(result: Result<PolicyConfig, ConfigError>) -> String {
        match result {
            Ok(config) => panic!("expected an error, got {config:?}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn nothing_set_is_the_default_policy() {
        assert_eq!(load_from(&[]).ok(), Some(PolicyConfig::default()));
        assert_eq!(
            load_from(&[(ENV_CONFIG, "  ")]).ok(),
            Some(PolicyConfig::default())
        );
    }

    #[test]
    fn list_variables_fill_their_keys() {
        let config = load_from(&[
            (ENV_CONFIG, r#"{"allowed_domains": ["example.com"]}"#),
            (
                "PRE_SIGN_UP_BLOCKED_DOMAINS",
                " spam.example , ,*.spam.example",
            ),
            ("PRE_SIGN_UP_INVITE_CODES", "WELCOME-2026-7F3KQ"),
            (ENV_LEGACY_GUARD, "true"),
        ]);
        let config = match config {
            Ok(config) => config,
            Err(error) => panic!("{error}"),
        };
        assert_eq!(config.allowed_domains, ["example.com"]);
        assert_eq!(config.blocked_domains, ["spam.example", "*.spam.example"]);
        assert_eq!(config.invite_code.codes, ["WELCOME-2026-7F3KQ"]);
        assert_eq!(config.legacy_guard, Some(true));
    }

    #[test]
    fn every_list_variable_names_a_real_key() {
        for &(variable, key, _) in ENV_LISTS {
            let config = load_from(&[(variable, "x.example")]);
            let config = match config {
                Ok(config) => config,
                Err(error) => panic!("{error}"),
            };
            let json = serde_json::to_value(&config).unwrap_or_default();
            let mut value = &json;
            for part in key.split('.') {
                value = &value[part];
            }
            assert_eq!(
                value,
                &serde_json::json!(["x.example"]),
                "{variable} -> {key}"
            );
        }
    }

    #[test]
    fn a_setting_given_twice_is_refused() {
        let text = error_text(load_from(&[
            (ENV_CONFIG, r#"{"blocked_domains": ["a.example"]}"#),
            ("PRE_SIGN_UP_BLOCKED_DOMAINS", "b.example"),
        ]));
        assert!(
            text.contains("PRE_SIGN_UP_BLOCKED_DOMAINS and `blocked_domains`"),
            "{text}"
        );
        let text = error_text(load_from(&[
            (ENV_CONFIG, "{}"),
            (ENV_CONFIG_FILE, "/x.json"),
        ]));
        assert!(
            text.contains("PRE_SIGN_UP_CONFIG and PRE_SIGN_UP_CONFIG_FILE"),
            "{text}"
        );
    }

    #[test]
    fn removed_variables_are_refused_with_the_reason() {
        for (variable, expected) in [
            (
                "PRE_SIGN_UP_AUTO_VERIFY_PHONE_DOMAINS",
                "trust_verified_phone",
            ),
            ("PRE_SIGN_UP_INVITE_EXEMPT_DOMAINS", "invite tokens"),
        ] {
            let text = error_text(load_from(&[(variable, "example.com")]));
            assert!(text.contains(variable), "{text}");
            assert!(
                text.contains("removed") && text.contains(expected),
                "{text}"
            );
        }
        let text = error_text(load_from(&[
            (ENV_CONFIG, r#"{"legacy_guard": false}"#),
            (ENV_LEGACY_GUARD, "true"),
        ]));
        assert!(
            text.contains("PRE_SIGN_UP_LEGACY_GUARD and `legacy_guard`"),
            "{text}"
        );
        let text = error_text(load_from(&[(ENV_LEGACY_GUARD, "maybe")]));
        assert!(text.contains("PRE_SIGN_UP_LEGACY_GUARD"), "{text}");
    }

    #[test]
    fn parse_errors_name_the_key() {
        let text = error_text(load_from(&[(
            ENV_CONFIG,
            r#"{"blocked_domain": ["a.example"]}"#,
        )]));
        assert!(text.contains("unknown field `blocked_domain`"), "{text}");
        let text = error_text(load_from(&[(
            ENV_CONFIG,
            r#"{"invite_code": {"codes": "ONE"}}"#,
        )]));
        assert!(text.contains("invite_code.codes"), "{text}");
        let text = error_text(load_from(&[(ENV_CONFIG, "{")]));
        assert!(
            text.starts_with("PRE_SIGN_UP_CONFIG is not a valid pre sign-up policy"),
            "{text}"
        );
    }

    #[test]
    fn a_missing_file_is_reported_with_its_path() {
        let text = error_text(load_from(&[(ENV_CONFIG_FILE, "/nonexistent/policy.json")]));
        assert!(text.contains("/nonexistent/policy.json"), "{text}");
    }

    #[test]
    fn invite_code_debug_output_hides_the_codes() {
        let mut config = InviteCodeConfig::default();
        config.codes.push("SECRET-CODE".to_owned());
        let debug = format!("{config:?}");
        assert!(!debug.contains("SECRET-CODE"), "{debug}");
        assert!(debug.contains("1 redacted"), "{debug}");
    }
}
