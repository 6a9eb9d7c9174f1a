//! Signed invite tokens: proof that the person signing up was invited at one email address.
//!
//! A token is `v1.<payload>.<mac>`: `payload` is the unpadded base64url of a small JSON object
//! (the invited address, normalised; an expiry in Unix seconds; a random 128-bit `jti`; the flags
//! the invite grants), and `mac` the unpadded base64url of HMAC-SHA256 over `v1.<payload>` with
//! the configured key. The MAC is checked in constant time before anything in the payload is
//! read.
//!
//! What a token proves, and what it does not:
//!
//! - It was minted by someone holding the key, for exactly one address, and has not expired.
//!   Sent only to that address (an invite mail), it also shows that the person signing up reads
//!   that mailbox.
//! - It is **not stored anywhere**, so the function cannot remember that it was used. "Single
//!   use" comes from the binding to the address: in pools where the email is the user name or
//!   an alias, Cognito refuses a second `SignUp` for an address that already has a user, so one
//!   token can create at most that one user while it exists. In pools where the email is a plain
//!   attribute, the same token can create several users *with the same address* until it
//!   expires. Keep the expiry short (the CLI mints for 72 hours unless told otherwise, and the
//!   policy refuses any token valid for more than [`MAX_TOKEN_TTL_SECS`]).
//!
//! ```
//! use cognito_signup_policy::token::{InviteTokenKey, Invite};
//!
//! let key = InviteTokenKey::from_base64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")?;
//! let now = 1_800_000_000;
//! let token = key.mint(&Invite::new("Ceo@Example.com", now + 3600).confirm(true), now)?;
//!
//! let verified = key.verify(&token, "ceo@example.com", now)?;
//! assert!(verified.confirm && !verified.verify_email);
//! assert!(key.verify(&token, "cfo@example.com", now).is_err());
//! assert!(key.verify(&token, "ceo@example.com", now + 3600).is_err());
//! // Neither the key nor a token ever shows in Debug output.
//! assert!(!format!("{key:?}").contains("MDEy"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::domain::email_domain;

/// The environment variable holding the invite token key (base64, at least 32 bytes).
pub const ENV_INVITE_TOKEN_KEY: &str = "PRE_SIGN_UP_INVITE_TOKEN_KEY";
/// The environment variable naming a file that holds the invite token key (base64).
pub const ENV_INVITE_TOKEN_KEY_FILE: &str = "PRE_SIGN_UP_INVITE_TOKEN_KEY_FILE";
/// The shortest key accepted, in bytes (after base64 decoding).
pub const MIN_KEY_BYTES: usize = 32;
/// The longest validity a token may have left when it is checked: 30 days.
pub const MAX_TOKEN_TTL_SECS: u64 = 30 * 24 * 60 * 60;
/// The longest token text looked at; anything longer is refused unread.
pub const MAX_TOKEN_CHARS: usize = 2048;

const VERSION: &str = "v1";

type HmacSha256 = Hmac<Sha256>;

/// The secret key that signs and checks invite tokens. `Debug` shows nothing of it, and it has
/// no `Display`.
#[derive(Clone)]
pub struct InviteTokenKey {
    mac: HmacSha256,
}

impl fmt::Debug for InviteTokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InviteTokenKey([redacted])")
    }
}

impl InviteTokenKey {
    /// A key from its base64 text (standard or URL-safe alphabet, padded or not; surrounding
    /// whitespace ignored).
    ///
    /// # Errors
    ///
    /// [`InviteKeyError`] when the text is not base64 or decodes to fewer than
    /// [`MIN_KEY_BYTES`] bytes. The error never contains the text.
    pub fn from_base64(text: &str) -> Result<Self, InviteKeyError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(InviteKeyError::Empty);
        }
        let bytes = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(text).ok())
            .ok_or(InviteKeyError::NotBase64)?;
        if bytes.len() < MIN_KEY_BYTES {
            return Err(InviteKeyError::TooShort { bytes: bytes.len() });
        }
        let mac = <HmacSha256 as KeyInit>::new_from_slice(&bytes)
            .map_err(|_| InviteKeyError::TooShort { bytes: bytes.len() })?;
        Ok(Self { mac })
    }

    /// A key read from a file holding its base64 text.
    ///
    /// # Errors
    ///
    /// [`InviteKeyError::ReadFile`] when the file cannot be read, otherwise as
    /// [`InviteTokenKey::from_base64`].
    pub fn from_file(path: &Path) -> Result<Self, InviteKeyError> {
        let text = std::fs::read_to_string(path).map_err(|error| InviteKeyError::ReadFile {
            path: path.display().to_string(),
            error,
        })?;
        Self::from_base64(&text)
    }

    /// The key configured in the environment through `lookup`: [`ENV_INVITE_TOKEN_KEY`] (the
    /// base64 text) or [`ENV_INVITE_TOKEN_KEY_FILE`] (a file holding it), not both. Blank values
    /// count as unset; `Ok(None)` when neither is set.
    ///
    /// # Errors
    ///
    /// The variable at fault and the [`InviteKeyError`] when a key is set but unusable, or both
    /// variables are set.
    pub fn from_env_with(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, (&'static str, InviteKeyError)> {
        let non_blank = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        match (
            non_blank(ENV_INVITE_TOKEN_KEY),
            non_blank(ENV_INVITE_TOKEN_KEY_FILE),
        ) {
            (Some(_), Some(_)) => Err((ENV_INVITE_TOKEN_KEY, InviteKeyError::BothSet)),
            (Some(text), None) => Self::from_base64(&text)
                .map(Some)
                .map_err(|error| (ENV_INVITE_TOKEN_KEY, error)),
            (None, Some(path)) => Self::from_file(Path::new(path.trim()))
                .map(Some)
                .map_err(|error| (ENV_INVITE_TOKEN_KEY_FILE, error)),
            (None, None) => Ok(None),
        }
    }

    fn mac(&self) -> HmacSha256 {
        self.mac.clone()
    }

    /// Mints a token for `invite`, checked against `now` (Unix seconds).
    ///
    /// # Errors
    ///
    /// [`MintError`] when the address is not usable or too long for a token, the expiry is not
    /// in the future, or it is more than [`MAX_TOKEN_TTL_SECS`] away.
    pub fn mint(&self, invite: &Invite, now: u64) -> Result<String, MintError> {
        let email = normalize_email(&invite.email).ok_or(MintError::InvalidEmail)?;
        if invite.expires_at <= now {
            return Err(MintError::Expired);
        }
        if invite.expires_at - now > MAX_TOKEN_TTL_SECS {
            return Err(MintError::TooLong);
        }
        let mut jti = [0_u8; 16];
        getrandom::fill(&mut jti).map_err(|error| MintError::Random(error.to_string()))?;
        let payload = Payload {
            email,
            exp: invite.expires_at,
            jti: URL_SAFE_NO_PAD.encode(jti),
            confirm: invite.confirm,
            verify_email: invite.verify_email,
        };
        let json =
            serde_json::to_vec(&payload).map_err(|error| MintError::Random(error.to_string()))?;
        let signed = format!("{VERSION}.{}", URL_SAFE_NO_PAD.encode(json));
        let mut mac = self.mac();
        mac.update(signed.as_bytes());
        let tag = mac.finalize().into_bytes();
        let token = format!("{signed}.{}", URL_SAFE_NO_PAD.encode(tag));
        // `verify` refuses longer tokens: never hand out one that can never be used.
        if token.len() > MAX_TOKEN_CHARS {
            return Err(MintError::AddressTooLong);
        }
        Ok(token)
    }

    /// Checks `token` for a sign-up with `email` at `now` (Unix seconds): the MAC (in constant
    /// time, before anything else is read), then the expiry, then the address.
    ///
    /// # Errors
    ///
    /// [`InviteTokenError`] saying which check failed; it never carries the token, the address
    /// or the key.
    pub fn verify(
        &self,
        token: &str,
        email: &str,
        now: u64,
    ) -> Result<VerifiedInvite, InviteTokenError> {
        let token = token.trim();
        if token.len() > MAX_TOKEN_CHARS {
            return Err(InviteTokenError::Malformed);
        }
        let mut parts = token.split('.');
        let (Some(version), Some(payload), Some(tag), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(InviteTokenError::Malformed);
        };
        if version != VERSION {
            return Err(InviteTokenError::Malformed);
        }
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| InviteTokenError::Malformed)?;
        let mut mac = self.mac();
        mac.update(version.as_bytes());
        mac.update(b".");
        mac.update(payload.as_bytes());
        mac.verify_slice(&tag)
            .map_err(|_| InviteTokenError::BadSignature)?;
        // Signed by the key holder from here on; still parsed defensively.
        let json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| InviteTokenError::Malformed)?;
        let payload: Payload =
            serde_json::from_slice(&json).map_err(|_| InviteTokenError::Malformed)?;
        if payload.exp <= now {
            return Err(InviteTokenError::Expired);
        }
        if payload.exp - now > MAX_TOKEN_TTL_SECS {
            return Err(InviteTokenError::TooLong);
        }
        match normalize_email(email) {
            Some(email) if email == payload.email => Ok(VerifiedInvite {
                expires_at: payload.exp,
                confirm: payload.confirm,
                verify_email: payload.verify_email,
            }),
            _ => Err(InviteTokenError::WrongEmail),
        }
    }
}

/// What a token is minted for: the address, when it expires, and the flags it grants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    email: String,
    expires_at: u64,
    confirm: bool,
    verify_email: bool,
}

impl Invite {
    /// An invite for `email`, valid until `expires_at` (Unix seconds), granting no flags.
    pub fn new(email: impl Into<String>, expires_at: u64) -> Self {
        Self {
            email: email.into(),
            expires_at,
            confirm: false,
            verify_email: false,
        }
    }

    /// Whether the sign-up is confirmed without a code (`autoConfirmUser`).
    #[must_use]
    pub fn confirm(mut self, confirm: bool) -> Self {
        self.confirm = confirm;
        self
    }

    /// Whether the email is marked as verified (`autoVerifyEmail`).
    #[must_use]
    pub fn verify_email(mut self, verify_email: bool) -> Self {
        self.verify_email = verify_email;
        self
    }
}

/// A token that passed every check, and what it grants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifiedInvite {
    /// When the token expires (Unix seconds).
    pub expires_at: u64,
    /// Confirm the user without a code.
    pub confirm: bool,
    /// Mark the email as verified.
    pub verify_email: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Payload {
    email: String,
    exp: u64,
    jti: String,
    #[serde(default)]
    confirm: bool,
    #[serde(default)]
    verify_email: bool,
}

/// The address a token is bound to: trimmed, ASCII letters lower-cased (nothing else changes),
/// and it must have an ASCII domain as [`email_domain`] reads it.
fn normalize_email(email: &str) -> Option<String> {
    let email = email.trim();
    email_domain(email)?;
    Some(email.to_ascii_lowercase())
}

/// The current time in Unix seconds (0 if the clock is before 1970).
pub fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// Why a key cannot be used. Never contains the key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InviteKeyError {
    /// The value is empty.
    #[error("the key is empty")]
    Empty,
    /// The value is not base64.
    #[error("the key is not base64 (generate one with `openssl rand -base64 32`)")]
    NotBase64,
    /// The key is too short.
    #[error(
        "the key is {bytes} bytes long; at least {MIN_KEY_BYTES} random bytes are needed \
         (generate one with `openssl rand -base64 32`)"
    )]
    TooShort {
        /// The decoded length.
        bytes: usize,
    },
    /// The key file cannot be read.
    #[error("cannot read the key file {path}: {error}")]
    ReadFile {
        /// The file's path.
        path: String,
        /// The I/O error.
        error: std::io::Error,
    },
    /// Both the key and a key file are given.
    #[error("{ENV_INVITE_TOKEN_KEY} and {ENV_INVITE_TOKEN_KEY_FILE} are both set; set only one")]
    BothSet,
}

/// Why a token was refused. The text is for logs; it never contains the token or the address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InviteTokenError {
    /// Not a `v1.<payload>.<mac>` token, or its signed payload does not parse.
    #[error("malformed")]
    Malformed,
    /// The MAC does not match: not minted with this key, or altered.
    #[error("bad_signature")]
    BadSignature,
    /// The token has expired.
    #[error("expired")]
    Expired,
    /// The token is valid for longer than [`MAX_TOKEN_TTL_SECS`].
    #[error("too_long_lived")]
    TooLong,
    /// The token was minted for another address.
    #[error("wrong_email")]
    WrongEmail,
}

impl InviteTokenError {
    /// A short name for logs (`expired`, `wrong_email`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            InviteTokenError::Malformed => "malformed",
            InviteTokenError::BadSignature => "bad_signature",
            InviteTokenError::Expired => "expired",
            InviteTokenError::TooLong => "too_long_lived",
            InviteTokenError::WrongEmail => "wrong_email",
        }
    }
}

/// Why a token could not be minted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MintError {
    /// The address has no usable (ASCII) domain.
    #[error("the email address is not usable (it needs a local part, `@` and an ASCII domain)")]
    InvalidEmail,
    /// The address makes the token longer than [`MAX_TOKEN_CHARS`], which `verify` refuses.
    #[error("the email address is too long for an invite token")]
    AddressTooLong,
    /// The expiry is not in the future.
    #[error("the expiry is not in the future")]
    Expired,
    /// The expiry is too far away.
    #[error("a token may be valid for at most 30 days")]
    TooLong,
    /// The system's random number generator failed.
    #[error("no random nonce: {0}")]
    Random(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    const NOW: u64 = 1_800_000_000;

    fn key() -> InviteTokenKey {
        InviteTokenKey::from_base64(KEY).unwrap_or_else(|error| panic!("{error}"))
    }

    fn mint(email: &str, ttl: u64) -> String {
        key()
            .mint(&Invite::new(email, NOW + ttl).verify_email(true), NOW)
            .unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn no_token_is_minted_that_verify_would_refuse() {
        // Found by the `invite_token` fuzz target: control characters in the address are
        // escaped in the payload (`\u0007`, six characters each), so a 300-character address
        // gave a token over MAX_TOKEN_CHARS, which verify refused as malformed.
        let email = format!("eo@a{}", "\u{7}".repeat(300));
        match key().mint(&Invite::new(email.as_str(), NOW + 60), NOW) {
            Ok(token) => assert!(key().verify(&token, &email, NOW).is_ok()),
            Err(error) => assert!(matches!(error, MintError::AddressTooLong), "{error}"),
        }
        let long = format!("{}@example.com", "a".repeat(2000));
        assert!(matches!(
            key().mint(&Invite::new(long.as_str(), NOW + 60), NOW),
            Err(MintError::AddressTooLong)
        ));
        // An ordinary address is far from the limit.
        assert!(
            key()
                .verify(&mint("ceo@example.com", 60), "ceo@example.com", NOW)
                .is_ok()
        );
    }

    #[test]
    fn a_token_works_for_its_address_only_and_until_it_expires() {
        let token = mint("CEO@example.com", 60);
        assert!(token.starts_with("v1."));
        let verified = key().verify(&token, " ceo@EXAMPLE.com ", NOW + 59);
        assert_eq!(
            verified.map(|v| (v.confirm, v.verify_email)),
            Ok((false, true))
        );
        assert_eq!(
            key().verify(&token, "cfo@example.com", NOW),
            Err(InviteTokenError::WrongEmail)
        );
        assert_eq!(
            key().verify(&token, "ceo@example.com", NOW + 60),
            Err(InviteTokenError::Expired)
        );
    }

    #[test]
    fn tokens_are_unique() {
        assert_ne!(mint("a@example.com", 60), mint("a@example.com", 60));
    }

    #[test]
    fn another_key_or_an_altered_token_is_refused() {
        let token = mint("ceo@example.com", 60);
        let other = InviteTokenKey::from_base64(&STANDARD.encode([7_u8; 32]))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            other.verify(&token, "ceo@example.com", NOW),
            Err(InviteTokenError::BadSignature)
        );
        // Re-sign nothing, change the payload: confirm=true smuggled in.
        let parts: Vec<&str> = token.split('.').collect();
        let forged_payload = URL_SAFE_NO_PAD.encode(
            serde_json::json!({"email": "ceo@example.com", "exp": NOW + 60, "jti": "x", "confirm": true})
                .to_string(),
        );
        let forged = format!("v1.{forged_payload}.{}", parts[2]);
        assert_eq!(
            key().verify(&forged, "ceo@example.com", NOW),
            Err(InviteTokenError::BadSignature)
        );
        // Another version label is not accepted, even with a valid MAC over the rest.
        let relabelled = token.replacen("v1.", "v2.", 1);
        assert_eq!(
            key().verify(&relabelled, "ceo@example.com", NOW),
            Err(InviteTokenError::Malformed)
        );
    }

    #[test]
    fn malformed_tokens_are_refused_without_panicking() {
        let long = "v1.".to_owned() + &"A".repeat(5000) + ".AAAA";
        for token in [
            "",
            "v1",
            "v1..",
            "v1.a.b.c",
            "v1.!!!.???",
            "v1.e30.",
            long.as_str(),
            "v1.\u{212a}.\u{0}",
        ] {
            let result = key().verify(token, "ceo@example.com", NOW);
            assert!(
                matches!(
                    result,
                    Err(InviteTokenError::Malformed | InviteTokenError::BadSignature)
                ),
                "{token:?}: {result:?}"
            );
        }
    }

    #[test]
    fn a_signed_but_too_long_lived_token_is_refused() {
        // Minted by other software with the same key: 90 days.
        let payload = URL_SAFE_NO_PAD.encode(
            serde_json::json!({"email": "a@example.com", "exp": NOW + 90 * 86_400, "jti": "x"})
                .to_string(),
        );
        let signed = format!("v1.{payload}");
        let mut mac = key().mac();
        mac.update(signed.as_bytes());
        let token = format!(
            "{signed}.{}",
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        );
        assert_eq!(
            key().verify(&token, "a@example.com", NOW),
            Err(InviteTokenError::TooLong)
        );
    }

    #[test]
    fn minting_checks_its_input() {
        let key = key();
        assert!(matches!(
            key.mint(&Invite::new("not-an-address", NOW + 60), NOW),
            Err(MintError::InvalidEmail)
        ));
        assert!(matches!(
            key.mint(&Invite::new("a@b\u{212a}.example", NOW + 60), NOW),
            Err(MintError::InvalidEmail)
        ));
        assert!(matches!(
            key.mint(&Invite::new("a@example.com", NOW), NOW),
            Err(MintError::Expired)
        ));
        assert!(matches!(
            key.mint(&Invite::new("a@example.com", NOW + 31 * 86_400), NOW),
            Err(MintError::TooLong)
        ));
    }

    #[test]
    fn short_or_malformed_keys_are_refused_without_showing_them() {
        for (text, expected) in [
            ("", "empty"),
            ("not base64 at all!", "not base64"),
            ("c2hvcnQta2V5", "9 bytes long"),
        ] {
            let error = InviteTokenKey::from_base64(text)
                .err()
                .map(|error| error.to_string())
                .unwrap_or_default();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
        let short = STANDARD.encode(b"thirty-one bytes of secret!!!!!");
        let error = InviteTokenKey::from_base64(&short)
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(error.contains("31 bytes"), "{error}");
        assert!(!error.contains(&short), "{error}");
        // URL-safe, unpadded and padded forms of one key are the same key.
        let url = URL_SAFE_NO_PAD.encode([0xfb_u8; 32]);
        let token = InviteTokenKey::from_base64(&url)
            .and_then(|key| {
                key.mint(&Invite::new("a@example.com", NOW + 60), NOW)
                    .map_err(|_| InviteKeyError::Empty)
            })
            .unwrap_or_default();
        let standard = InviteTokenKey::from_base64(&STANDARD.encode([0xfb_u8; 32]))
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(standard.verify(&token, "a@example.com", NOW).is_ok());
    }

    #[test]
    fn the_key_never_shows_in_debug_output() {
        let debug = format!("{:?}", key());
        assert_eq!(debug, "InviteTokenKey([redacted])");
        let error = key()
            .verify(&mint("a@example.com", 60), "b@example.com", NOW)
            .err()
            .map(|error| format!("{error} {error:?}"))
            .unwrap_or_default();
        assert!(
            !error.contains("example.com") && !error.contains("v1."),
            "{error}"
        );
    }
}
