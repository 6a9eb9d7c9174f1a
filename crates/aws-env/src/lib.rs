//! The one AWS SDK configuration every function of this workspace uses.
//!
//! [`aws_config_from_env`] loads the standard AWS configuration of the environment (the
//! function role's credentials, `AWS_REGION`, `AWS_ENDPOINT_URL` and the per-service
//! `AWS_ENDPOINT_URL_<SERVICE>` for an emulator) with
//!
//! - one HTTP client, [`http_client`]: hyper with rustls on the `ring` provider (as sqlx), which
//!   trusts the system's root certificates; no aws-lc, no OpenSSL;
//! - short [`Timeouts`], so that neither a cold start nor an event can hang on an unreachable
//!   service. The caller says which: a call made while handling an event has to fit the hook's
//!   budget, one made once at start-up the few seconds Lambda allows for initialisation.
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use cognito_aws_env::{Timeouts, aws_config_from_env};
//!
//! # async fn example() {
//! // One attempt at most 1 s, the call with its retries at most 3 s.
//! let timeouts = Timeouts::new(Duration::from_secs(1), Duration::from_secs(3));
//! let config = aws_config_from_env(timeouts).await;
//! // Build every client of the function from `config`.
//! # let _ = config;
//! # }
//! ```

use std::time::Duration;

use aws_config::SdkConfig;
use aws_config::timeout::TimeoutConfig;
use aws_smithy_runtime_api::client::http::SharedHttpClient;

/// How long an AWS call may take: each attempt (and its connection), and the whole call with
/// its retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    attempt: Duration,
    total: Duration,
}

impl Timeouts {
    /// At most `attempt` to connect and for one attempt, at most `total` for the call.
    pub const fn new(attempt: Duration, total: Duration) -> Self {
        Self { attempt, total }
    }

    /// The most one attempt (and the connection it opens) may take.
    pub const fn attempt(&self) -> Duration {
        self.attempt
    }

    /// The most a call may take, retries included.
    pub const fn total(&self) -> Duration {
        self.total
    }

    /// The SDK's timeout configuration: [`attempt`](Self::attempt) to connect and per attempt,
    /// [`total`](Self::total) per operation.
    pub fn to_config(&self) -> TimeoutConfig {
        TimeoutConfig::builder()
            .connect_timeout(self.attempt)
            .operation_attempt_timeout(self.attempt)
            .operation_timeout(self.total)
            .build()
    }
}

/// The AWS configuration of the environment with [`http_client`] and `timeouts`.
pub async fn aws_config_from_env(timeouts: Timeouts) -> SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(http_client())
        .timeout_config(timeouts.to_config())
        .load()
        .await
}

/// The HTTP client of every AWS SDK client here: hyper with rustls on the `ring` provider,
/// trusting the system's root certificates. For a configuration built by hand (tests against an
/// emulator, another region or credentials).
pub fn http_client() -> SharedHttpClient {
    use aws_smithy_http_client::tls;
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_apply_to_connect_attempt_and_operation() {
        let config = Timeouts::new(Duration::from_secs(2), Duration::from_secs(5)).to_config();
        assert_eq!(config.connect_timeout(), Some(Duration::from_secs(2)));
        assert_eq!(
            config.operation_attempt_timeout(),
            Some(Duration::from_secs(2))
        );
        assert_eq!(config.operation_timeout(), Some(Duration::from_secs(5)));
    }

    #[tokio::test]
    async fn the_loaded_configuration_carries_the_client_and_the_timeouts() {
        let timeouts = Timeouts::new(Duration::from_secs(1), Duration::from_secs(3));
        let config = aws_config_from_env(timeouts).await;
        assert!(config.http_client().is_some());
        assert_eq!(config.timeout_config(), Some(&timeouts.to_config()));
    }
}
