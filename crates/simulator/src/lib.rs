//! Amazon Cognito's ForgotPassword flow, run locally against your real trigger hooks.
//!
//! A [`Simulator`] holds a user [`Pool`] (app clients, users, `AccountRecoverySetting`,
//! `PreventUserExistenceErrors`, password policy, message templates) and runs
//! [`Simulator::forgot_password`] and [`Simulator::confirm_forgot_password`] the way Cognito does:
//! the `SecretHash` check, user lookup by username or alias, `UserMigration_ForgotPassword` for
//! unknown users, the channel choice, `CustomMessage_ForgotPassword`, the masked
//! `CodeDeliveryDetails`, the one-hour code and the password policy. Hooks are driven through
//! the event JSON Cognito sends and `cognito_triggers`' `handle()`, so a test that passes here
//! exercises the same code path as the deployed function.
//!
//! Delivered messages land in an outbox; created users, pending codes and the outbox make up a
//! [`State`] that can be saved between calls. Errors are [`CognitoError`]s with Cognito's
//! exception names and messages.
//!
//! ```
//! use cognito_simulator::{ConfirmForgotPasswordRequest, ExceptionType, ForgotPasswordRequest, Pool, Simulator};
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
//! let mut sim = Simulator::new(Pool::demo()?);
//! let response = sim
//!     .forgot_password(ForgotPasswordRequest::new("1example23456789", "max.mustermann"))
//!     .await?;
//! assert_eq!(response.code_delivery_details.destination, "+*********5678");
//! let sms = &sim.outbox()[0];
//! let code: String = sms.body.chars().filter(char::is_ascii_digit).collect();
//!
//! let wrong = ConfirmForgotPasswordRequest::new("1example23456789", "max.mustermann", "000000x", "N3w-Passw0rd!");
//! let error = sim.confirm_forgot_password(wrong).await.unwrap_err();
//! assert_eq!(error.exception(), ExceptionType::CodeMismatchException);
//!
//! let right = ConfirmForgotPasswordRequest::new("1example23456789", "max.mustermann", code, "N3w-Passw0rd!");
//! sim.confirm_forgot_password(right).await?;
//! assert!(sim.user("max.mustermann").unwrap().password_matches("N3w-Passw0rd!"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod api;
mod clock;
mod confirm;
mod error;
mod forgot;
mod hooks;
mod mask;
mod policy;
mod pool;
mod random;
mod secret_hash;
mod simulator;
mod state;
mod validate;

pub use api::{
    CodeDeliveryDetails, ConfirmForgotPasswordRequest, ConfirmForgotPasswordResponse,
    ForgotPasswordRequest, ForgotPasswordResponse,
};
pub use clock::{Clock, ManualClock, SystemClock};
pub use cognito_triggers::password_policy::{COGNITO_SYMBOLS, PasswordPolicy, PolicyViolation};
pub use cognito_triggers::user_migration::DeliveryMedium;
pub use confirm::{CODE_EXPIRED, CODE_MISMATCH, CODE_VALIDITY};
pub use error::{CognitoError, Error, ExceptionType};
pub use forgot::NO_VERIFIED_CHANNEL;
pub use hooks::TriggerInvocation;
pub use mask::{mask_email, mask_phone};
pub use pool::{
    AccountRecoverySetting, AliasAttribute, AppClient, CODE_PARAMETER, DEFAULT_EMAIL_SUBJECT,
    DEFAULT_MESSAGE, DEMO_POOL_JSON, EmailSendingAccount, MessageTemplate, Pool,
    PreventUserExistenceErrors, RecoveryMechanism, RecoveryOption, User, UserStatus,
};
pub use secret_hash::secret_hash;
pub use simulator::{CallReport, Simulator};
pub use state::{DEFAULT_STATE_PATH, DeliveredMessage, PendingCode, STATE_VERSION, State};
pub use validate::{
    EMAIL_BODY_PATTERN, EMAIL_SUBJECT_PATTERN, MAX_EMAIL_CHARS, MAX_SMS_CHARS, SMS_PATTERN,
};
