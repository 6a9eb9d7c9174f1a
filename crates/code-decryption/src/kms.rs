//! [`KmsDecryptor`]: decrypts Cognito's custom sender codes with AWS KMS.
//!
//! What AWS's samples do with the AWS Encryption SDK (a KMS keyring on the key ARN, commitment
//! policy `RequireEncryptAllowDecrypt`), done directly: [`Message`] parses and verifies the
//! message, KMS `Decrypt` unwraps its data key. Before calling KMS the decryptor requires the
//! message's encryption context to name the event's user pool (`userpool-id`) and one of its data
//! keys to name a configured key ARN, so a code made for another pool or key costs no KMS call.
//!
//! Configuration: [`KmsDecryptor::from_env`] reads [`KEY_ARN_ENV`] (the full key ARN; a comma
//! separates several during a key change) and the usual AWS variables (`AWS_REGION`,
//! credentials, `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_KMS` for an emulator). The function's
//! role needs `kms:Decrypt` on the key.
//!
//! A function with other AWS clients builds them all from one configuration,
//! `cognito_aws_env::aws_config_from_env(KmsDecryptor::TIMEOUTS)`, and the decryptor with
//! [`KmsDecryptor::from_config`].

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use aws_sdk_kms::primitives::Blob;
use cognito_aws_env::Timeouts;
use cognito_triggers::Secret;
use cognito_triggers::custom_sender::{CodeDecryptor, DecryptError, EncryptedCode};

use crate::message::Message;

/// Environment variable: the full ARN of the pool's KMS key (`arn:aws:kms:…:key/…`); a comma
/// separates several.
pub const KEY_ARN_ENV: &str = "CUSTOM_SENDER_KMS_KEY_ARN";

/// The most one KMS attempt may take.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
/// The most a KMS call may take, retries included (the hook's whole budget is 4.5 s).
pub const CALL_TIMEOUT: Duration = Duration::from_secs(3);

/// The largest plaintext accepted: a code or temporary password is far shorter.
pub const MAX_PLAINTEXT_BYTES: usize = 1024;

/// Decrypts custom sender codes with AWS KMS; build it once per cold start.
#[derive(Clone, Debug)]
pub struct KmsDecryptor {
    client: aws_sdk_kms::Client,
    key_arns: Vec<String>,
}

/// Why a [`KmsDecryptor`] could not be configured.
#[derive(Debug)]
pub struct ConfigError(String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl KmsDecryptor {
    /// The timeouts of a KMS call: [`ATTEMPT_TIMEOUT`] per attempt, [`CALL_TIMEOUT`] in all.
    /// The reference sender functions build their SES and SNS clients with them too.
    pub const TIMEOUTS: Timeouts = Timeouts::new(ATTEMPT_TIMEOUT, CALL_TIMEOUT);

    /// A decryptor using `client` for the keys `key_arns`.
    ///
    /// # Errors
    ///
    /// When `key_arns` is empty or one is not a full KMS key ARN (an alias or a bare key ID
    /// cannot match the ARN Cognito writes into the message).
    pub fn new<I, A>(client: aws_sdk_kms::Client, key_arns: I) -> Result<Self, ConfigError>
    where
        I: IntoIterator<Item = A>,
        A: Into<String>,
    {
        let key_arns: Vec<String> = key_arns
            .into_iter()
            .map(Into::into)
            .map(|arn| arn.trim().to_owned())
            .filter(|arn| !arn.is_empty())
            .collect();
        check_key_arns(&key_arns)?;
        Ok(Self { client, key_arns })
    }

    /// A decryptor configured from the environment: [`KEY_ARN_ENV`] and the AWS SDK's usual
    /// variables, with short timeouts ([`ATTEMPT_TIMEOUT`], [`CALL_TIMEOUT`]).
    ///
    /// # Errors
    ///
    /// When [`KEY_ARN_ENV`] is unset or holds no valid key ARN: the function refuses to start
    /// rather than fail every message.
    pub async fn from_env() -> Result<Self, ConfigError> {
        let arns = std::env::var(KEY_ARN_ENV).unwrap_or_default();
        let arns: Vec<&str> = arns.split(',').collect();
        // Checked before the SDK looks for a region or credentials: a missing key fails fast.
        check_key_arns(&arns)?;
        let config = cognito_aws_env::aws_config_from_env(Self::TIMEOUTS).await;
        Self::new(aws_sdk_kms::Client::new(&config), arns)
    }

    /// A decryptor for the keys in [`KEY_ARN_ENV`] with a KMS client made from `config` (the
    /// function's one AWS configuration, shared with its other clients).
    ///
    /// # Errors
    ///
    /// As [`from_env`](Self::from_env).
    pub fn from_config(config: &aws_config::SdkConfig) -> Result<Self, ConfigError> {
        let arns = std::env::var(KEY_ARN_ENV).unwrap_or_default();
        Self::new(aws_sdk_kms::Client::new(config), arns.split(','))
    }

    /// The key ARNs this decryptor accepts.
    pub fn key_arns(&self) -> &[String] {
        &self.key_arns
    }
}

/// An SDK call behind a pointer, so its deep future type does not nest into the caller's.
type BoxedCall<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The configured ARNs, trimmed, without empty entries: at least one, each a full key ARN.
fn check_key_arns<A: AsRef<str>>(key_arns: &[A]) -> Result<(), ConfigError> {
    let key_arns: Vec<&str> = key_arns
        .iter()
        .map(|arn| arn.as_ref().trim())
        .filter(|arn| !arn.is_empty())
        .collect();
    if key_arns.is_empty() {
        return Err(ConfigError(format!(
            "no KMS key ARN is configured; set {KEY_ARN_ENV} to the ARN of the pool's custom sender key"
        )));
    }
    if let Some(bad) = key_arns.iter().find(|arn| !is_key_arn(arn)) {
        return Err(ConfigError(format!(
            "{bad:?} is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); Cognito names the key by its full ARN, so an alias or key ID never matches: set {KEY_ARN_ENV} to the ARN"
        )));
    }
    Ok(())
}

fn is_key_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    matches!(parts.as_slice(), ["arn", partition, "kms", region, account, resource]
        if !partition.is_empty() && !region.is_empty() && account.len() == 12
            && account.bytes().all(|b| b.is_ascii_digit())
            && resource.strip_prefix("key/").is_some_and(|id| !id.is_empty()))
}

impl CodeDecryptor for KmsDecryptor {
    async fn decrypt(
        &self,
        code: &EncryptedCode,
        user_pool_id: &str,
    ) -> Result<Secret, DecryptError> {
        let bytes = Message::decode_base64(code.as_base64())?;
        let message = Message::parse(&bytes)?;
        match message.context_value("userpool-id") {
            Some(pool) if pool == user_pool_id => {}
            found => {
                return Err(DecryptError::WrongUserPool {
                    expected: user_pool_id.to_owned(),
                    found: found.map(str::to_owned),
                });
            }
        }
        let data_key = message
            .data_keys()
            .iter()
            .find(|key| key.provider_id == "aws-kms" && self.key_arns.contains(&key.provider_info))
            .ok_or_else(|| DecryptError::WrongKey {
                found: message
                    .data_keys()
                    .iter()
                    .filter(|key| key.provider_id == "aws-kms")
                    .map(|key| key.provider_info.clone())
                    .collect(),
            })?;
        let request = self
            .client
            .decrypt()
            .key_id(&data_key.provider_info)
            .ciphertext_blob(Blob::new(data_key.ciphertext.clone()))
            .set_encryption_context(Some(message.encryption_context().iter().cloned().collect()));
        // Type-erased: the SDK's future nests deep enough to overflow the compiler's layout
        // query limit once wrapped in a Lambda function's serve loop.
        let call: BoxedCall<'_, _> = Box::pin(request.send());
        let unwrapped = call
            .await
            .map_err(|error| DecryptError::Kms(describe_kms_error(&error)))?;
        let mut plain_key = unwrapped
            .plaintext
            .map(Blob::into_inner)
            .ok_or_else(|| DecryptError::Kms("KMS returned no plaintext".into()))?;
        let plaintext = message.decrypt(&plain_key);
        plain_key.fill(0);
        let plaintext = plaintext?;
        if plaintext.len() > MAX_PLAINTEXT_BYTES {
            return Err(DecryptError::Malformed(format!(
                "a plaintext of {} bytes, more than the {MAX_PLAINTEXT_BYTES} a code can be",
                plaintext.len()
            )));
        }
        String::from_utf8(plaintext)
            .map(Secret::new)
            .map_err(|_| DecryptError::Malformed("the plaintext is not UTF-8".into()))
    }
}

/// A KMS failure as code and message (`AccessDeniedException: …`), or the transport failure.
fn describe_kms_error<R: std::fmt::Debug>(
    error: &aws_sdk_kms::error::SdkError<aws_sdk_kms::operation::decrypt::DecryptError, R>,
) -> String {
    use aws_sdk_kms::error::{ProvideErrorMetadata as _, SdkError};
    match error {
        SdkError::ServiceError(service) => {
            let inner = service.err();
            format!(
                "{}: {}",
                inner.code().unwrap_or("unknown error"),
                inner.message().unwrap_or("no message")
            )
        }
        SdkError::TimeoutError(_) => "KMS did not answer in time".to_owned(),
        SdkError::DispatchFailure(failure) if failure.is_io() || failure.is_timeout() => {
            "KMS is unreachable".to_owned()
        }
        other => format!("{}", aws_sdk_kms::error::DisplayErrorContext(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_full_key_arns_are_accepted() {
        assert!(is_key_arn(
            "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        ));
        assert!(is_key_arn(
            "arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234"
        ));
        for bad in [
            "alias/cognito",
            "arn:aws:kms:eu-west-1:111122223333:alias/cognito",
            "1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:eu-west-1:1111:key/x",
            "arn:aws:kms:eu-west-1:111122223333:key/",
        ] {
            assert!(!is_key_arn(bad), "{bad}");
        }
    }
}
