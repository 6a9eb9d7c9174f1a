//! Decrypts the codes Amazon Cognito hands its custom email and SMS sender triggers.
//!
//! Cognito encrypts every code (and, for `AdminCreateUser`, the temporary password) it gives a
//! custom sender as an **AWS Encryption SDK message** under the user pool's KMS key: format
//! version 1, algorithm suite `0x0378` (AES-256-GCM, HKDF-SHA-384, ECDSA P-384 signature, no key
//! commitment), one data key wrapped by KMS, and an encryption context holding `userpool-id`.
//! This crate opens such messages for the `cognito-triggers` framework, which calls a
//! `cognito_triggers::custom_sender::CodeDecryptor` before any sender hook runs:
//!
//! - [`KmsDecryptor`] (cargo feature `kms`, on by default) is that decryptor. Before any KMS
//!   call it requires the message's encryption context to name the event's user pool and one of
//!   its data keys to name a configured key ARN; then KMS `Decrypt` unwraps the data key (under
//!   the message's encryption context), and the header, every frame and the signature are
//!   verified before the plaintext is released;
//! - [`message`] is the message format alone, without the AWS SDK (`default-features = false`):
//!   parsing, and decryption once the data key is known, for another key store or for fuzzing.
//!
//! What is refused (as a `cognito_triggers::custom_sender::DecryptError`, whose text names what
//! is wrong and never any part of the code): a message for another pool or another key, another
//! format version or algorithm suite, anything truncated, altered, reordered or oversized, and a
//! plaintext longer than [`MAX_PLAINTEXT_BYTES`] or not UTF-8.
//!
//! ```no_run
//! # #[cfg(feature = "kms")]
//! # mod function {
//! use cognito_code_decryption::KmsDecryptor;
//! use cognito_triggers::HookError;
//! use cognito_triggers::custom_email_sender::{self, EmailSenderRequest};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     cognito_triggers::logging::init();
//!     // Once per cold start: CUSTOM_SENDER_KMS_KEY_ARN and the AWS SDK's usual variables.
//!     let decryptor = KmsDecryptor::from_env().await?;
//!     custom_email_sender::run(decryptor, custom_email_sender::from_fn(
//!         |request: EmailSenderRequest| async move {
//!             let Some(code) = request.code() else { return Ok(()) };
//!             let Some(to) = request.attribute("email") else {
//!                 return Err(HookError::failed("the user has no email address"));
//!             };
//!             // hand `code.expose()` and `to` to your mail service here
//!             # let _ = (code, to);
//!             Ok(())
//!         },
//!     ))
//!     .await
//! }
//! # }
//! ```
//!
//! The message format alone, here refusing bytes that are not a message:
//!
//! ```
//! use cognito_code_decryption::message::Message;
//! use cognito_triggers::custom_sender::DecryptError;
//!
//! let error = Message::parse(b"\x02\x80").expect_err("format version 2");
//! assert!(matches!(error, DecryptError::Unsupported(_)), "{error}");
//! let error = Message::decode_base64("not base64!").expect_err("not base64");
//! assert!(matches!(error, DecryptError::Malformed(_)), "{error}");
//! ```
//!
//! # Features
//!
//! - `kms` (default): [`KmsDecryptor`], with `aws-sdk-kms` and the workspace's one AWS
//!   configuration (`cognito-aws-env`). Without it the crate has no AWS SDK dependency.

#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "kms")]
#[cfg_attr(docsrs, doc(cfg(feature = "kms")))]
pub mod kms;
pub mod message;

#[cfg(feature = "kms")]
pub use kms::{ConfigError, KEY_ARN_ENV, KmsDecryptor, MAX_PLAINTEXT_BYTES};
