//! What the custom email and SMS sender triggers share: the wire request, the encrypted code,
//! and its decryption before any hook sees it.
//!
//! Cognito hands a custom sender the code (or, for `AdminCreateUser`, the temporary password)
//! as an **AWS Encryption SDK message** encrypted under the pool's KMS key: format version 1,
//! algorithm suite `0x0378` (AES-256-GCM, HKDF-SHA-384, ECDSA P-384 signature, no key
//! commitment), one data key wrapped by KMS, and an encryption context holding `userpool-id`.
//! The framework decrypts it with a [`CodeDecryptor`] before the hook runs, so a hook only ever
//! sees the plaintext as a [`Secret`] (whose `Debug` is redacted) and never the ciphertext:
//!
//! - `cognito_code_decryption::KmsDecryptor` (crate `cognito-code-decryption`) is the real one:
//!   it checks that the message names the event's pool and one of the configured key ARNs,
//!   unwraps the data key with KMS `Decrypt` (under the message's encryption context) and
//!   verifies the header, every frame and the signature before it releases the plaintext;
//! - [`PlaceholderCode`] decrypts nothing: every code becomes `<encrypted>`, for dry runs.
//!
//! The hook traits are
//! [`CustomEmailSender`](crate::custom_email_sender::CustomEmailSender) and
//! [`CustomSmsSender`](crate::custom_sms_sender::CustomSmsSender).
//!
//! **Delivery is asynchronous.** Cognito invokes a sender asynchronously, so nobody waits for
//! the answer and no error reaches the user; a failed invocation is retried by Lambda (twice by
//! default, minutes apart). A hook should therefore fail (so that Lambda retries) only *before*
//! it hands the message to its delivery service, and succeed once the service accepted it.

pub mod wire;

use std::fmt;
use std::future::Future;

use serde::{Deserialize, Serialize};

use crate::view::{UserContext, user_view};
use crate::{HookError, Secret};

/// The `code` member of a sender event: an AWS Encryption SDK message in base64, as Cognito sent
/// it. Its `Debug` shows only its length; hooks never see it (they get the decrypted
/// [`Secret`]), only [`CodeDecryptor`]s do.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EncryptedCode(String);

impl EncryptedCode {
    /// Wraps a base64 ciphertext (for decryptors' tests and tools).
    pub fn new(base64: impl Into<String>) -> Self {
        Self(base64.into())
    }

    /// The base64 text exactly as Cognito sent it.
    pub fn as_base64(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for EncryptedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EncryptedCode(<{} base64 characters>)", self.0.len())
    }
}

/// Why a code could not be decrypted. The text names what is wrong (a pool ID, a key ARN, a KMS
/// error code, which check failed) and never any part of the code or the data key.
#[derive(Debug)]
#[non_exhaustive]
pub enum DecryptError {
    /// The code is not a well-formed AWS Encryption SDK message (bad base64, truncated, too big,
    /// trailing bytes, …).
    Malformed(String),
    /// A message format version or algorithm suite this crate does not decrypt.
    Unsupported(String),
    /// The event has no `userPoolId`, so the code cannot be bound to a pool.
    NoUserPool,
    /// The message's encryption context does not name the event's user pool.
    WrongUserPool {
        /// The event's `userPoolId`.
        expected: String,
        /// The context's `userpool-id`, if it has one.
        found: Option<String>,
    },
    /// No encrypted data key of the message belongs to a configured KMS key.
    WrongKey {
        /// The key ARNs the message's data keys name.
        found: Vec<String>,
    },
    /// KMS did not unwrap the data key (unreachable, access denied, invalid ciphertext, …).
    Kms(String),
    /// An authentication tag or the signature does not verify: the message was altered or was
    /// not encrypted with this data key.
    Integrity(&'static str),
}

impl fmt::Display for DecryptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(detail) => {
                write!(f, "the code is not a valid encrypted message: {detail}")
            }
            Self::Unsupported(detail) => {
                write!(f, "the code's encryption is not supported: {detail}")
            }
            Self::NoUserPool => {
                f.write_str("the event has no userPoolId to check the code against")
            }
            Self::WrongUserPool {
                expected,
                found: Some(found),
            } => write!(
                f,
                "the code was encrypted for user pool {found}, not for this event's pool {expected}"
            ),
            Self::WrongUserPool {
                expected,
                found: None,
            } => write!(
                f,
                "the code's encryption context names no user pool (this event's pool is {expected})"
            ),
            Self::WrongKey { found } if found.is_empty() => {
                f.write_str("the code has no data key wrapped by AWS KMS")
            }
            Self::WrongKey { found } => write!(
                f,
                "the code was encrypted under another KMS key ({}), not a configured one",
                found.join(", ")
            ),
            Self::Kms(detail) => write!(f, "KMS could not decrypt the code's data key: {detail}"),
            Self::Integrity(what) => write!(f, "the code does not authenticate: {what}"),
        }
    }
}

impl std::error::Error for DecryptError {}

/// Turns the `code` of a sender event into its plaintext. Implemented by
/// `cognito_code_decryption::KmsDecryptor` (crate `cognito-code-decryption`) and
/// [`PlaceholderCode`]; implement it for another key store or for tests.
pub trait CodeDecryptor: Send + Sync + 'static {
    /// Decrypts `code`, which must be bound to `user_pool_id` (the event's `userPoolId`).
    fn decrypt(
        &self,
        code: &EncryptedCode,
        user_pool_id: &str,
    ) -> impl Future<Output = Result<Secret, DecryptError>> + Send;
}

/// A [`CodeDecryptor`] for dry runs and previews: decrypts nothing, every code becomes the text
/// [`PlaceholderCode::TEXT`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlaceholderCode;

impl PlaceholderCode {
    /// What every code becomes: `<encrypted>`.
    pub const TEXT: &'static str = "<encrypted>";
}

impl CodeDecryptor for PlaceholderCode {
    async fn decrypt(
        &self,
        _code: &EncryptedCode,
        _user_pool_id: &str,
    ) -> Result<Secret, DecryptError> {
        Ok(Secret::new(Self::TEXT))
    }
}

impl<D: CodeDecryptor> CodeDecryptor for std::sync::Arc<D> {
    fn decrypt(
        &self,
        code: &EncryptedCode,
        user_pool_id: &str,
    ) -> impl Future<Output = Result<Secret, DecryptError>> + Send {
        (**self).decrypt(code, user_pool_id)
    }
}

/// A sender request before decryption: what the lifecycle builds from the event. Hooks never see
/// it; [`open`](SealedRequest::open) turns it into a [`SenderRequest`].
#[derive(Clone, Debug)]
pub struct SealedRequest<S> {
    source: S,
    request_type: String,
    code: Option<EncryptedCode>,
    user: UserContext,
}

impl<S> SealedRequest<S> {
    pub(crate) fn of(
        source: S,
        event: &crate::TriggerEvent<S, wire::Request, crate::event::EmptyResponse>,
    ) -> Self {
        let request = event.request.as_option();
        Self {
            source,
            request_type: request
                .and_then(|request| request.request_type.as_option().cloned())
                .unwrap_or_default(),
            code: request
                .and_then(|request| request.code.as_option().cloned())
                .filter(|code| !code.as_base64().is_empty()),
            user: UserContext::of(event, |r| &r.user_attributes, |r| &r.client_metadata),
        }
    }

    /// Decrypts the code with `decryptor`, bound to the event's user pool. A temporary password
    /// (`AdminCreateUser`) comes out HTML-unescaped, as AWS documents (`&lt;` → `<`).
    ///
    /// # Errors
    ///
    /// The [`DecryptError`] of the decryptor, or [`DecryptError::NoUserPool`] when the event has
    /// no `userPoolId`. A request without a code opens without calling the decryptor.
    pub async fn open<D: CodeDecryptor + ?Sized>(
        self,
        decryptor: &D,
    ) -> Result<SenderRequest<S>, DecryptError>
    where
        S: SenderSource,
    {
        let plaintext = match &self.code {
            None => None,
            Some(code) => {
                let pool = self.user.invocation.user_pool_id();
                if pool.is_empty() {
                    return Err(DecryptError::NoUserPool);
                }
                Some(decryptor.decrypt(code, pool).await?)
            }
        };
        Ok(self.with_plaintext(plaintext))
    }

    /// The opened request, given the code's plaintext (unescaped for `AdminCreateUser`).
    pub(crate) fn with_plaintext(self, plaintext: Option<Secret>) -> SenderRequest<S>
    where
        S: SenderSource,
    {
        let code = plaintext.map(|plaintext| {
            if self.source.is_admin_create_user() {
                Secret::new(html_unescape(plaintext.expose()))
            } else {
                plaintext
            }
        });
        SenderRequest {
            source: self.source,
            request_type: self.request_type,
            code,
            user: self.user,
        }
    }
}

/// The sources of the two sender triggers.
pub trait SenderSource: Clone + fmt::Debug + Send + Sync + 'static {
    /// Whether the code is a temporary password (`AdminCreateUser`).
    fn is_admin_create_user(&self) -> bool;
    /// Whether Cognito sends no code for this source (account takeover notifications).
    fn has_no_code(&self) -> bool;
    /// The wire name, e.g. `CustomEmailSender_ForgotPassword`.
    fn wire_name(&self) -> &str;
    /// The part after the trigger prefix, e.g. `ForgotPassword`.
    fn short_name(&self) -> &str {
        let wire = self.wire_name();
        wire.split_once('_').map_or(wire, |(_, short)| short)
    }
}

/// What a custom sender hook sees: the request with its code decrypted.
#[derive(Clone, Debug)]
pub struct SenderRequest<S> {
    pub(crate) source: S,
    pub(crate) request_type: String,
    pub(crate) code: Option<Secret>,
    pub(crate) user: UserContext,
}

impl<S> SenderRequest<S> {
    /// Why the trigger fired: which message to deliver.
    pub fn source(&self) -> &S {
        &self.source
    }

    /// The decrypted code, or for `AdminCreateUser` the temporary password; `None` when the
    /// event carries none (account takeover notifications, or a malformed event).
    pub fn code(&self) -> Option<&Secret> {
        self.code.as_ref()
    }

    /// The request `type`: `customEmailSenderRequestV1` or `customSMSSenderRequestV1`.
    pub fn request_type(&self) -> &str {
        &self.request_type
    }
}

user_view!(impl<S> SenderRequest<S>);

/// A sender hook with the decryptor that opens its requests: the lifecycle's hook for a sender
/// event. Made by the trigger modules' `run` and `handle`.
#[derive(Clone, Debug)]
pub struct WithDecryptor<D, H> {
    pub(crate) decryptor: D,
    pub(crate) hook: H,
}

impl<D, H> WithDecryptor<D, H> {
    /// Pairs `hook` with `decryptor`.
    pub fn new(decryptor: D, hook: H) -> Self {
        Self { decryptor, hook }
    }
}

/// Opens `request` with `decryptor`, mapping a failure to a hook failure (logged by the
/// lifecycle, retried by Lambda).
pub(crate) async fn open_for_hook<S: SenderSource, D: CodeDecryptor>(
    request: SealedRequest<S>,
    decryptor: &D,
) -> Result<SenderRequest<S>, HookError> {
    request.open(decryptor).await.map_err(HookError::failed)
}

/// A sender event builder for `source`: its sample event where there is one, and in any case a
/// `userPoolId` and, for every source that carries one, an encrypted `code`, so that a test
/// decryptor such as [`FixedCode`](crate::testing::FixedCode) hands the hook a code.
#[cfg(feature = "testing")]
pub(crate) fn sender_builder<S>(
    source: S,
) -> crate::testing::builder::EventBuilder<
    crate::TriggerEvent<S, wire::Request, crate::event::EmptyResponse>,
>
where
    S: SenderSource,
{
    /// A well-formed stand-in for a ciphertext: only test decryptors ever see it.
    const PLACEHOLDER_CODE: &str = "AYADeNotARealCiphertextOnlyForTestDecryptors==";
    let mut builder = crate::testing::builder::EventBuilder::new(source.wire_name());
    if !builder.json.contains_key("userPoolId") {
        builder = builder.member("userPoolId", "us-east-1_EXAMPLE");
    }
    let has_code = builder
        .json
        .get("request")
        .and_then(|request| request.get("code"))
        .is_some_and(serde_json::Value::is_string);
    if !has_code && !source.has_no_code() {
        builder = builder.request_member("code", PLACEHOLDER_CODE);
    }
    builder
}

/// `text` with the HTML character references Cognito writes into temporary passwords replaced
/// by their characters, in one left-to-right pass (so `&amp;lt;` becomes `&lt;`, not `<`).
pub fn html_unescape(text: &str) -> String {
    const REFERENCES: [(&str, char); 7] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&amp;", '&'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&#x27;", '\''),
        ("&apos;", '\''),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match REFERENCES
            .iter()
            .find(|(reference, _)| rest.starts_with(reference))
        {
            Some((reference, character)) => {
                out.push(*character);
                rest = &rest[reference.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(feature = "testing")]
impl<S>
    crate::testing::builder::EventBuilder<
        crate::TriggerEvent<S, crate::custom_sender::wire::Request, crate::event::EmptyResponse>,
    >
where
    S: crate::custom_sender::SenderSource + serde::de::DeserializeOwned + serde::Serialize,
    crate::TriggerEvent<S, crate::custom_sender::wire::Request, crate::event::EmptyResponse>:
        crate::lifecycle::Event<Request = crate::custom_sender::SealedRequest<S>>,
{
    /// The hook's view of the event with its code "decrypted" to `code` (`None`: no code), as
    /// the framework hands it over (a temporary password HTML-unescaped). No KMS involved.
    ///
    /// ```
    /// use cognito_triggers::custom_email_sender::{EmailSenderRequest, EmailSenderSource};
    ///
    /// let request = EmailSenderRequest::builder(EmailSenderSource::ForgotPassword)
    ///     .attribute("email", "lena@example.com")
    ///     .decrypted(Some("482913"));
    /// assert_eq!(request.code().map(|code| code.expose()), Some("482913"));
    /// ```
    pub fn decrypted(&self, code: Option<&str>) -> crate::custom_sender::SenderRequest<S> {
        self.request().with_plaintext(code.map(crate::Secret::new))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_in_one_pass() {
        assert_eq!(html_unescape("a&lt;b&gt;c"), "a<b>c");
        assert_eq!(html_unescape("&amp;lt;"), "&lt;");
        assert_eq!(html_unescape("x&y&#39;&quot;&"), "x&y'\"&");
        assert_eq!(html_unescape("päss&wörd"), "päss&wörd");
    }

    #[test]
    fn an_encrypted_code_never_shows_in_debug() {
        let code = EncryptedCode::new("AYADeILxSECRETBYTES");
        assert_eq!(format!("{code:?}"), "EncryptedCode(<19 base64 characters>)");
    }
}
