//! The user pool model and its JSON file format (documented in the crate's README).

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;

use cognito_triggers::password_policy::PasswordPolicy;
use serde::{Deserialize, Deserializer, Serialize};
use sha2::{Digest, Sha256};

use crate::error::Error;

/// The built-in demo pool, as JSON.
pub const DEMO_POOL_JSON: &str = include_str!("../demo-pool.json");

/// Cognito's default verification message, used when a pool file sets none.
pub const DEFAULT_MESSAGE: &str = "Your verification code is {####}. ";
/// Cognito's default verification email subject.
pub const DEFAULT_EMAIL_SUBJECT: &str = "Your verification code";
/// The code placeholder Cognito puts in `codeParameter`.
pub const CODE_PARAMETER: &str = "{####}";

/// A user pool: settings, app clients and users.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pool {
    /// The user pool id, e.g. `eu-central-1_Demo12345` (sent as `userPoolId`).
    pub id: String,
    /// The region sent in trigger events; defaults to the part of `id` before `_`.
    #[serde(default)]
    pub region: Option<String>,
    /// Whether usernames (and aliases) match case-sensitively. Default `false`, as for pools
    /// created today.
    #[serde(default)]
    pub username_case_sensitive: bool,
    /// Attributes usable as aliases at sign-in and in ForgotPassword: `email`, `phone_number`,
    /// `preferred_username`.
    #[serde(default)]
    pub alias_attributes: Vec<AliasAttribute>,
    /// Attributes used as the username (`email`, `phone_number`). When set, migrated users get a
    /// generated UUID as username, as in such pools.
    #[serde(default)]
    pub username_attributes: Vec<AliasAttribute>,
    /// Which verified channel receives the code; `None` means Cognito's legacy order (verified
    /// phone, then verified email).
    #[serde(default)]
    pub account_recovery_setting: Option<AccountRecoverySetting>,
    /// The password policy checked by ConfirmForgotPassword.
    #[serde(default)]
    pub password_policy: PasswordPolicy,
    /// `COGNITO_DEFAULT` (the AWS default) or `DEVELOPER` (Amazon SES). Custom `emailMessage`
    /// and `emailSubject` from the custom message trigger need `DEVELOPER`.
    #[serde(default)]
    pub email_sending_account: EmailSendingAccount,
    /// The pool's own message templates, used when the custom message trigger keeps the
    /// default (returns `null`) or when none is configured.
    #[serde(default)]
    pub message_template: MessageTemplate,
    /// What happens when a custom message breaks Cognito's constraints: `false` (default) fails
    /// the call with `InvalidParameterException`; `true` silently sends the pool's template
    /// instead. Reports about real Cognito show both behaviours.
    #[serde(default)]
    pub custom_message_fallback: bool,
    /// The `custom:` attributes of the schema. `None` accepts any `custom:` attribute.
    #[serde(default)]
    pub custom_attributes: Option<Vec<String>>,
    /// The app clients.
    #[serde(default)]
    pub clients: Vec<AppClient>,
    /// The users in the pool.
    #[serde(default)]
    pub users: Vec<User>,
}

/// An attribute that can serve as alias or username.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AliasAttribute {
    /// `email`; matches only while `email_verified` is `"true"`.
    Email,
    /// `phone_number`; matches only while `phone_number_verified` is `"true"`.
    PhoneNumber,
    /// `preferred_username`; needs no verification.
    PreferredUsername,
}

impl AliasAttribute {
    /// The attribute name.
    pub fn attribute(self) -> &'static str {
        match self {
            AliasAttribute::Email => "email",
            AliasAttribute::PhoneNumber => "phone_number",
            AliasAttribute::PreferredUsername => "preferred_username",
        }
    }

    /// The attribute that must be `"true"` for the alias to match, if any.
    pub fn verified_flag(self) -> Option<&'static str> {
        match self {
            AliasAttribute::Email => Some("email_verified"),
            AliasAttribute::PhoneNumber => Some("phone_number_verified"),
            AliasAttribute::PreferredUsername => None,
        }
    }
}

/// `AccountRecoverySetting` of the pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountRecoverySetting {
    /// One or two mechanisms; the lowest `priority` is tried first.
    pub recovery_mechanisms: Vec<RecoveryMechanism>,
}

/// One entry of `AccountRecoverySetting.RecoveryMechanisms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryMechanism {
    /// 1 or 2.
    pub priority: u8,
    /// The channel.
    pub name: RecoveryOption,
}

/// A recovery channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecoveryOption {
    /// The verified email address.
    VerifiedEmail,
    /// The verified phone number.
    VerifiedPhoneNumber,
    /// No self-service recovery.
    AdminOnly,
}

/// `EmailConfiguration.EmailSendingAccount`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EmailSendingAccount {
    /// Cognito's own email service; custom email text from the trigger is refused.
    #[default]
    CognitoDefault,
    /// Amazon SES.
    Developer,
}

/// The pool's verification message templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MessageTemplate {
    /// Email subject.
    pub email_subject: String,
    /// Email body; must contain `{####}`.
    pub email_message: String,
    /// SMS body; must contain `{####}`.
    pub sms_message: String,
}

impl Default for MessageTemplate {
    fn default() -> Self {
        Self {
            email_subject: DEFAULT_EMAIL_SUBJECT.to_owned(),
            email_message: DEFAULT_MESSAGE.to_owned(),
            sms_message: DEFAULT_MESSAGE.to_owned(),
        }
    }
}

/// An app client.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppClient {
    /// The client id.
    pub client_id: String,
    /// A display name.
    #[serde(default)]
    pub client_name: Option<String>,
    /// The client secret; when set, every call must carry a matching `SecretHash`.
    #[serde(default)]
    pub client_secret: Option<String>,
    /// `LEGACY` (default) or `ENABLED`.
    #[serde(default)]
    pub prevent_user_existence_errors: PreventUserExistenceErrors,
}

impl fmt::Debug for AppClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppClient")
            .field("client_id", &self.client_id)
            .field("client_name", &self.client_name)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "prevent_user_existence_errors",
                &self.prevent_user_existence_errors,
            )
            .finish()
    }
}

/// `PreventUserExistenceErrors` of an app client.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PreventUserExistenceErrors {
    /// Unknown users get `UserNotFoundException`.
    #[default]
    Legacy,
    /// Unknown users get a simulated success.
    Enabled,
}

/// A user's status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserStatus {
    /// Signed up, not confirmed.
    Unconfirmed,
    /// Confirmed.
    #[default]
    Confirmed,
    /// Must reset the password (the default for migrated users).
    ResetRequired,
    /// Created by an admin, must change the temporary password.
    ForceChangePassword,
    /// Marked compromised.
    Compromised,
    /// Archived.
    Archived,
    /// Federated user.
    ExternalProvider,
}

impl UserStatus {
    /// The status as Cognito writes it (`cognito:user_status`).
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Unconfirmed => "UNCONFIRMED",
            UserStatus::Confirmed => "CONFIRMED",
            UserStatus::ResetRequired => "RESET_REQUIRED",
            UserStatus::ForceChangePassword => "FORCE_CHANGE_PASSWORD",
            UserStatus::Compromised => "COMPROMISED",
            UserStatus::Archived => "ARCHIVED",
            UserStatus::ExternalProvider => "EXTERNAL_PROVIDER",
        }
    }
}

impl fmt::Display for UserStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user of the pool.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// The username.
    pub username: String,
    /// The status (default `CONFIRMED`).
    #[serde(default)]
    pub status: UserStatus,
    /// Whether the user is enabled (default `true`).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Attributes, all strings (`"email_verified": "true"`); JSON booleans and numbers in a
    /// pool file are read as strings. `sub` is generated when missing.
    #[serde(default, deserialize_with = "string_map")]
    pub attributes: BTreeMap<String, String>,
    /// A clear-text password, accepted in pool files only; it is hashed when the pool loads.
    #[serde(default, skip_serializing)]
    pub password: Option<String>,
    /// SHA-256 (hex) of the password: a simulator record, not a secure password store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_sha256: Option<String>,
    /// SMS MFA is active: the phone then does not count as a recovery channel.
    #[serde(default, rename = "smsMfa")]
    pub sms_mfa: bool,
    /// Email MFA is active: the email then does not count as a recovery channel.
    #[serde(default, rename = "emailMfa")]
    pub email_mfa: bool,
}

fn yes() -> bool {
    true
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("username", &self.username)
            .field("status", &self.status)
            .field("enabled", &self.enabled)
            .field("attributes", &self.attributes)
            .field(
                "has_password",
                &(self.password.is_some() || self.password_sha256.is_some()),
            )
            .field("sms_mfa", &self.sms_mfa)
            .field("email_mfa", &self.email_mfa)
            .finish()
    }
}

impl User {
    /// A confirmed, enabled user with the given attributes (strings).
    pub fn new<K, V>(
        username: impl Into<String>,
        attributes: impl IntoIterator<Item = (K, V)>,
    ) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            username: username.into(),
            status: UserStatus::Confirmed,
            enabled: true,
            attributes: attributes
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            password: None,
            password_sha256: None,
            sms_mfa: false,
            email_mfa: false,
        }
    }

    /// An attribute's value.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// Whether a `*_verified` attribute is `"true"`.
    pub fn is_verified(&self, flag: &str) -> bool {
        self.attribute(flag)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The verified email address, if any.
    pub fn verified_email(&self) -> Option<&str> {
        self.attribute("email")
            .filter(|e| !e.is_empty() && self.is_verified("email_verified"))
    }

    /// The verified phone number, if any.
    pub fn verified_phone(&self) -> Option<&str> {
        self.attribute("phone_number")
            .filter(|p| !p.is_empty() && self.is_verified("phone_number_verified"))
    }

    /// Whether `password` is this user's password.
    pub fn password_matches(&self, password: &str) -> bool {
        self.password_sha256.as_deref() == Some(password_digest(password).as_str())
    }

    /// Sets the password (stored as SHA-256 hex).
    pub fn set_password(&mut self, password: &str) {
        self.password = None;
        self.password_sha256 = Some(password_digest(password));
    }
}

pub(crate) fn password_digest(password: &str) -> String {
    hex(&Sha256::digest(password.as_bytes()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// A UUID-shaped id derived from `seed`, so pool file users get a stable `sub`.
pub(crate) fn stable_uuid(seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid_from_bytes(bytes)
}

/// Formats 16 bytes as a version-4 UUID.
pub(crate) fn uuid_from_bytes(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h = hex(&bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn string_map<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    use serde::de::Error as _;
    let raw: Option<BTreeMap<String, serde_json::Value>> = Option::deserialize(deserializer)?;
    raw.unwrap_or_default()
        .into_iter()
        .map(|(k, v)| {
            let value = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Number(n) => n.to_string(),
                other => {
                    return Err(D::Error::custom(format!(
                        "attribute {k}: expected a string, found {other}"
                    )));
                }
            };
            Ok((k, value))
        })
        .collect()
}

impl Pool {
    /// The built-in demo pool (see the README for its clients and users).
    pub fn demo() -> Result<Pool, Error> {
        Pool::from_json(DEMO_POOL_JSON, "the built-in demo pool")
    }

    /// Loads a pool file.
    pub fn load(path: impl AsRef<Path>) -> Result<Pool, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Pool::from_json(&text, &format!("pool file {}", path.display()))
    }

    /// Parses and checks pool JSON; `what` names the source in errors.
    pub fn from_json(json: &str, what: &str) -> Result<Pool, Error> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let pool: Pool =
            serde_path_to_error::deserialize(&mut deserializer).map_err(|e| Error::Parse {
                what: what.to_owned(),
                detail: e.to_string(),
            })?;
        pool.prepared()
    }

    /// Checks the pool, hashes clear-text passwords and fills in missing `sub` attributes.
    pub fn prepared(mut self) -> Result<Pool, Error> {
        if self.id.trim().is_empty() {
            return Err(Error::InvalidPool("the pool needs an id".to_owned()));
        }
        let mut seen = HashSet::new();
        for client in &self.clients {
            if client.client_id.is_empty() || !seen.insert(client.client_id.clone()) {
                return Err(Error::InvalidPool(format!(
                    "client id {:?} is empty or repeated",
                    client.client_id
                )));
            }
        }
        let mut seen = HashSet::new();
        for user in &mut self.users {
            let key = fold(&user.username, self.username_case_sensitive);
            if user.username.is_empty() || !seen.insert(key) {
                return Err(Error::InvalidPool(format!(
                    "username {:?} is empty or repeated",
                    user.username
                )));
            }
            if let Some(password) = user.password.take() {
                user.set_password(&password);
            }
            if !user.attributes.contains_key("sub") {
                let sub = stable_uuid(&format!("{}:{}", self.id, user.username));
                user.attributes.insert("sub".to_owned(), sub);
            }
        }
        if let Some(setting) = &self.account_recovery_setting {
            let mechanisms = &setting.recovery_mechanisms;
            let admin_only = mechanisms
                .iter()
                .any(|m| m.name == RecoveryOption::AdminOnly);
            let priorities: HashSet<u8> = mechanisms.iter().map(|m| m.priority).collect();
            if mechanisms.is_empty()
                || mechanisms.len() > 2
                || (admin_only && mechanisms.len() > 1)
                || priorities.len() != mechanisms.len()
                || mechanisms.iter().any(|m| !(1..=2).contains(&m.priority))
            {
                return Err(Error::InvalidPool(
                    "accountRecoverySetting.recoveryMechanisms needs 1 or 2 entries with distinct priorities 1-2; admin_only stands alone".to_owned(),
                ));
            }
        }
        for (name, text) in [
            (
                "messageTemplate.emailMessage",
                &self.message_template.email_message,
            ),
            (
                "messageTemplate.smsMessage",
                &self.message_template.sms_message,
            ),
        ] {
            if !text.contains(CODE_PARAMETER) {
                return Err(Error::InvalidPool(format!(
                    "{name} must contain {CODE_PARAMETER}"
                )));
            }
        }
        if self.message_template.email_subject.trim().is_empty() {
            return Err(Error::InvalidPool(
                "messageTemplate.emailSubject must not be empty".to_owned(),
            ));
        }
        if self.password_policy.minimum_length < 6 || self.password_policy.minimum_length > 99 {
            return Err(Error::InvalidPool(
                "passwordPolicy.minimumLength must be 6-99".to_owned(),
            ));
        }
        Ok(self)
    }

    /// The region used in trigger events.
    pub fn region(&self) -> &str {
        match &self.region {
            Some(region) => region,
            None => self.id.split_once('_').map_or("us-east-1", |(r, _)| r),
        }
    }

    /// The app client with this id.
    pub fn client(&self, client_id: &str) -> Option<&AppClient> {
        self.clients.iter().find(|c| c.client_id == client_id)
    }

    /// The recovery order in force: the setting's, or legacy (phone, then email).
    pub fn recovery_order(&self) -> Vec<RecoveryOption> {
        match &self.account_recovery_setting {
            Some(setting) => {
                let mut mechanisms = setting.recovery_mechanisms.clone();
                mechanisms.sort_by_key(|m| m.priority);
                mechanisms.into_iter().map(|m| m.name).collect()
            }
            None => vec![
                RecoveryOption::VerifiedPhoneNumber,
                RecoveryOption::VerifiedEmail,
            ],
        }
    }
}

/// Case folding for username comparison.
pub(crate) fn fold(s: &str, case_sensitive: bool) -> String {
    if case_sensitive {
        s.to_owned()
    } else {
        s.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_pool_loads() {
        let pool = Pool::demo().expect("demo pool");
        assert!(pool.client("1example23456789").is_some());
        assert!(pool.users.iter().all(|u| u.attributes.contains_key("sub")));
        assert!(pool.users.iter().all(|u| u.password.is_none()));
    }

    #[test]
    fn minimal_pool_gets_cognito_defaults() {
        let pool = Pool::from_json(r#"{"id": "us-east-1_Min"}"#, "test").expect("pool");
        assert_eq!(pool.region(), "us-east-1");
        assert_eq!(pool.password_policy, PasswordPolicy::default());
        assert_eq!(
            pool.email_sending_account,
            EmailSendingAccount::CognitoDefault
        );
        assert_eq!(
            pool.recovery_order(),
            vec![
                RecoveryOption::VerifiedPhoneNumber,
                RecoveryOption::VerifiedEmail
            ]
        );
    }

    #[test]
    fn bad_pools_are_refused_with_the_json_path() {
        let err = Pool::from_json(r#"{"id": "x_y", "users": [{"username": 5}]}"#, "test")
            .expect_err("bad");
        assert!(err.to_string().contains("users[0].username"), "{err}");
        let err = Pool::from_json(
            r#"{"id": "x_y", "accountRecoverySetting": {"recoveryMechanisms": [
                {"priority": 1, "name": "admin_only"}, {"priority": 2, "name": "verified_email"}]}}"#,
            "test",
        )
        .expect_err("bad");
        assert!(matches!(err, Error::InvalidPool(_)));
        let err = Pool::from_json(
            r#"{"id": "x_y", "users": [{"username": "A"}, {"username": "a"}]}"#,
            "test",
        )
        .expect_err("duplicate");
        assert!(matches!(err, Error::InvalidPool(_)));
    }

    #[test]
    fn boolean_attributes_become_strings_and_passwords_are_hashed() {
        let pool = Pool::from_json(
            r#"{"id": "x_y", "users": [{"username": "a", "password": "Secret-1x",
                "attributes": {"email": "a@example.com", "email_verified": true}}]}"#,
            "test",
        )
        .expect("pool");
        let user = &pool.users[0];
        assert_eq!(user.verified_email(), Some("a@example.com"));
        assert!(user.password.is_none());
        assert!(user.password_matches("Secret-1x"));
        let json = serde_json::to_string(user).expect("json");
        assert!(!json.contains("Secret-1x"));
    }

    #[test]
    fn stable_uuid_has_uuid_v4_shape() {
        let id = stable_uuid("seed");
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_eq!(id, stable_uuid("seed"));
    }
}
