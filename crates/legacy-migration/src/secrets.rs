//! The legacy database URL from an AWS Secrets Manager secret, fetched once per cold start.
//!
//! A URL in `LEGACY_DATABASE_URL` ends up in the function's configuration, where anyone allowed
//! `lambda:GetFunctionConfiguration` can read the database password. With
//! `LEGACY_DATABASE_URL_SECRET_ARN` the function instead reads the secret at start-up
//! (`secretsmanager:GetSecretValue` on that ARN, plus `kms:Decrypt` for a customer-managed key),
//! and a rotated secret takes effect at the next cold start.
//!
//! The secret's `SecretString` is either the URL itself or a JSON object with a `url` member
//! (other members, such as those of an RDS-managed secret, are ignored):
//!
//! ```
//! use cognito_legacy_migration::secrets::database_url_from_secret_string;
//!
//! let plain = database_url_from_secret_string("postgres://app:pw@db/legacy?sslmode=verify-full")?;
//! let json = database_url_from_secret_string(r#"{"url": "postgres://app:pw@db/legacy?sslmode=verify-full"}"#)?;
//! assert_eq!(plain, json);
//! // Errors never show the secret.
//! let error = database_url_from_secret_string(r#"{"password": "hunter2"}"#).unwrap_err();
//! assert!(!error.to_string().contains("hunter2"));
//! # Ok::<(), cognito_legacy_migration::Error>(())
//! ```
//!
//! The client uses the workspace's one AWS configuration (`cognito_aws_env::aws_config_from_env`):
//! the standard settings of the environment (the function role's credentials, `AWS_REGION`, and
//! `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_SECRETS_MANAGER` for an emulator), rustls for TLS, and
//! short timeouts ([`TIMEOUTS`]) so that a cold start cannot hang.

use std::time::Duration;

use aws_config::SdkConfig;
use aws_sdk_secretsmanager::error::SdkError;
use cognito_aws_env::Timeouts;

use crate::error::{Error, Result};
use crate::store::Backend;

/// The environment variable naming the secret (its ARN, or its name).
pub const SECRET_ARN_VAR: &str = "LEGACY_DATABASE_URL_SECRET_ARN";

/// The most one attempt to reach Secrets Manager may take.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(2);

/// The most fetching the secret may take, retries included (Lambda allows 10 s of start-up).
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// [`ATTEMPT_TIMEOUT`] per attempt and [`FETCH_TIMEOUT`] in all: the timeouts of the AWS
/// configuration the secret is fetched with (`cognito_aws_env::aws_config_from_env(TIMEOUTS)`).
pub const TIMEOUTS: Timeouts = Timeouts::new(ATTEMPT_TIMEOUT, FETCH_TIMEOUT);

/// Fetches the secret `secret_id` (an ARN or a name) with `config` and returns the database URL
/// it holds (see the [module docs](self)).
///
/// # Errors
///
/// [`Error::Secret`] when the secret cannot be fetched (with the AWS error code and message, e.g.
/// `AccessDeniedException`) or holds no usable URL. The secret's value never appears in it.
pub async fn fetch_database_url(config: &SdkConfig, secret_id: &str) -> Result<String> {
    let client = aws_sdk_secretsmanager::Client::new(config);
    let output = client
        .get_secret_value()
        .secret_id(secret_id)
        .send()
        .await
        .map_err(|error| Error::Secret {
            reason: format!("fetching the secret failed: {}", describe(&error)),
        })?;
    let Some(value) = output.secret_string() else {
        return Err(Error::Secret {
            reason: "the secret has no SecretString (a binary secret cannot hold the URL)"
                .to_owned(),
        });
    };
    database_url_from_secret_string(value)
}

/// The database URL in a `SecretString`: the string itself, or the `url` member of a JSON object.
///
/// # Errors
///
/// [`Error::Secret`] when there is no URL with a supported scheme. The value never appears in it.
pub fn database_url_from_secret_string(value: &str) -> Result<String> {
    let value = value.trim();
    let url = if value.starts_with('{') {
        // serde_json's messages may quote the input: only say what is missing.
        let parsed: serde_json::Value = serde_json::from_str(value).map_err(|_| Error::Secret {
            reason: "the secret looks like JSON but does not parse".to_owned(),
        })?;
        match parsed.get("url") {
            Some(serde_json::Value::String(url)) => url.trim().to_owned(),
            _ => {
                return Err(Error::Secret {
                    reason: "the secret is a JSON object without a string member `url`".to_owned(),
                });
            }
        }
    } else {
        value.to_owned()
    };
    if url.is_empty() {
        return Err(Error::Secret {
            reason: "the secret's database URL is empty".to_owned(),
        });
    }
    if Backend::from_url(&url).is_none() {
        return Err(Error::Secret {
            reason: "the secret's value is not a database URL (expected sqlite:, postgres://, \
                     mysql:// or mariadb://, or a JSON object with such a `url`)"
                .to_owned(),
        });
    }
    Ok(url)
}

/// What went wrong, from the error's kind and AWS error code and message only.
fn describe<E: aws_sdk_secretsmanager::error::ProvideErrorMetadata, R>(
    error: &SdkError<E, R>,
) -> String {
    match error {
        SdkError::ServiceError(service) => {
            let error = service.err();
            format!(
                "{}: {}",
                error.code().unwrap_or("service error"),
                error.message().unwrap_or("no message")
            )
        }
        SdkError::TimeoutError(_) => format!("no answer within {FETCH_TIMEOUT:?}"),
        SdkError::DispatchFailure(_) => {
            "Secrets Manager could not be reached (network, endpoint or credentials)".to_owned()
        }
        SdkError::ResponseError(_) => "the answer could not be read".to_owned(),
        SdkError::ConstructionFailure(_) => {
            "the request could not be built (is a region configured?)".to_owned()
        }
        _ => "unknown failure".to_owned(),
    }
}
