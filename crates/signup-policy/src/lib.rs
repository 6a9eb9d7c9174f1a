//! A reference Cognito pre sign-up function configured without code.
//!
//! [`PreSignUpPolicy`] reads its rules once, at cold start, from environment variables or a JSON
//! file ([`PolicyConfig`]; every key is documented in this crate's README):
//!
//! - allowed and blocked email domains (`example.com`, `*.example.com`; ASCII only);
//! - signed, expiring invite tokens bound to one email address ([`token`]), minted with
//!   `cognito-triggers invite mint`; only a `SignUp` carrying a valid token for its address is
//!   confirmed or verified (by the token's flags and the `auto_*_domains`), because the address
//!   of a public `SignUp` is whatever the caller typed;
//! - static invite codes in `ValidationData` (at least 12 characters, or SHA-256 digests);
//! - required attributes;
//! - a legacy guard (cargo feature `legacy-guard`, on by default): `SignUp` is refused for logins
//!   that still live in the legacy user store, so nobody can claim them before they migrate;
//! - separate rules for admin-created users (`AdminCreateUser`: no invite, no flags, which
//!   Cognito ignores there) and federated users (`ExternalProvider`: invite-only pools refuse them
//!   unless exempted, verified email or phone trusted only when configured).
//!
//! With nothing configured it accepts every sign-up and changes nothing. A rejection reaches the
//! person signing up as `PreSignUp failed with error <message>.`; the messages are plain,
//! user-safe and configurable. Invite codes, tokens and the token key are never logged.
//!
//! The `pre-sign-up` binary serves the policy on Lambda; tools and tests use the library:
//!
//! ```
//! use cognito_signup_policy::token::{Invite, InviteTokenKey, now_unix};
//! use cognito_signup_policy::{PolicyConfig, PreSignUpPolicy};
//! use cognito_triggers::pre_sign_up::{PreSignUpEvent, SignUpRequest};
//!
//! let key = InviteTokenKey::from_base64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")?;
//! let config: PolicyConfig = serde_json::from_str(r#"{
//!     "blocked_domains": ["spam.example"],
//!     "auto_confirm_domains": ["example.com"]
//! }"#)?;
//! let policy = PreSignUpPolicy::from_parts(config, Some(key.clone()))?;
//!
//! let sign_up = |validation_data: serde_json::Value| -> serde_json::Result<SignUpRequest> {
//!     let event: PreSignUpEvent = serde_json::from_value(serde_json::json!({
//!         "version": "1", "triggerSource": "PreSignUp_SignUp", "region": "us-east-1",
//!         "userPoolId": "us-east-1_EXAMPLE", "userName": "mary",
//!         "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "1example23456789"},
//!         "request": {"userAttributes": {"email": "mary@example.com"}, "validationData": validation_data},
//!         "response": {"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false}
//!     }))?;
//!     Ok(cognito_triggers::lifecycle::Event::request(&event))
//! };
//! // Typing an address at example.com proves nothing: accepted, not confirmed.
//! let decision = policy.decide(&sign_up(serde_json::Value::Null)?);
//! assert!(decision.is_ok_and(|decision| !decision.confirm_user));
//! // An invite token minted for mary@example.com vouches for the address.
//! let now = now_unix();
//! let token = key.mint(&Invite::new("mary@example.com", now + 3600), now)?;
//! let decision = policy.decide(&sign_up(serde_json::json!({"invite_token": token}))?);
//! assert!(decision.is_ok_and(|decision| decision.confirm_user));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod config;
mod domain;
mod invite;
#[cfg(feature = "legacy-guard")]
mod legacy;
mod policy;
pub mod token;

pub use config::{
    AdminCreateUserConfig, ConfigError, DEFAULT_INVITE_CODE_KEY, DEFAULT_INVITE_TOKEN_KEY,
    DEFAULT_MESSAGES, ENV_CONFIG, ENV_CONFIG_FILE, ENV_LEGACY_GUARD, ExternalProviderConfig,
    InviteCodeConfig, InviteTokenConfig, MIN_INVITE_CODE_CHARS, MessagesConfig, PolicyConfig,
};
pub use domain::{DomainPattern, InvalidDomainPattern, email_domain};
#[cfg(feature = "legacy-guard")]
pub use legacy::LegacyGuard;
pub use policy::{PreSignUpPolicy, Rejection, RejectionReason};
