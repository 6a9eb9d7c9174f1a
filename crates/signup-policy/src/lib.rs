//! A reference Cognito pre sign-up function configured without code.
//!
//! [`PreSignUpPolicy`] reads its rules once, at cold start, from environment variables or a JSON
//! file ([`PolicyConfig`]; every key is documented in this crate's README):
//!
//! - allowed and blocked email domains (`example.com`, `*.example.com`);
//! - auto-confirm and auto-verify (email, phone) per email domain;
//! - an invite code in `ValidationData`, checked against plain codes or SHA-256 digests, with
//!   exempt domains;
//! - required attributes;
//! - separate rules for admin-created users (`AdminCreateUser`: no invite code, no flags, which
//!   Cognito ignores there) and federated users (`ExternalProvider`: no invite code, verified
//!   email or phone trusted only when configured).
//!
//! With nothing configured it accepts every sign-up and changes nothing. A rejection reaches the
//! person signing up as `PreSignUp failed with error <message>.`; the messages are plain,
//! user-safe and configurable. Invite codes are never logged.
//!
//! The `pre-sign-up` binary serves the policy on Lambda; tools and tests use the library:
//!
//! ```
//! use cognito_signup_policy::{PreSignUpPolicy, RejectionReason};
//! use cognito_triggers::pre_sign_up::{PreSignUpEvent, SignUpRequest};
//!
//! let policy = PreSignUpPolicy::from_json(r#"{
//!     "blocked_domains": ["spam.example"],
//!     "auto_confirm_domains": ["example.com"]
//! }"#)?;
//!
//! let event: PreSignUpEvent = serde_json::from_value(serde_json::json!({
//!     "version": "1", "triggerSource": "PreSignUp_SignUp", "region": "us-east-1",
//!     "userPoolId": "us-east-1_EXAMPLE", "userName": "mary",
//!     "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "1example23456789"},
//!     "request": {"userAttributes": {"email": "mary@example.com"}},
//!     "response": {"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false}
//! }))?;
//! let decision = policy.decide(&cognito_triggers::lifecycle::Event::request(&event));
//! assert!(decision.is_ok_and(|decision| decision.confirm_user));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod config;
mod domain;
mod invite;
mod policy;

pub use config::{
    AdminCreateUserConfig, ConfigError, DEFAULT_INVITE_CODE_KEY, DEFAULT_MESSAGES, ENV_CONFIG,
    ENV_CONFIG_FILE, ExternalProviderConfig, InviteCodeConfig, MessagesConfig, PolicyConfig,
};
pub use domain::{DomainPattern, InvalidDomainPattern, email_domain};
pub use policy::{PreSignUpPolicy, Rejection, RejectionReason};
