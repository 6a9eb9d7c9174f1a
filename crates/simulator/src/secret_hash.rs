//! `SecretHash`: `Base64(HMAC-SHA256(key = client secret, message = username + client id))`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Computes the `SecretHash` that Cognito expects from an app client with a secret.
///
/// `username` is the string sent as `Username` (for ForgotPassword, an alias if the caller typed
/// one).
///
/// ```
/// use cognito_simulator::secret_hash;
///
/// assert_eq!(
///     secret_hash("alice", "1example23456789", "example-client-secret"),
///     "HP0HWmKpUgoAE6CfY7Yv47vDEVFNCHWK5QpFQ9anleA="
/// );
/// ```
pub fn secret_hash(username: &str, client_id: &str, client_secret: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail; an empty key is valid too.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(client_secret.as_bytes()) else {
        return String::new();
    };
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Checks `provided` against the expected hash in constant time.
pub(crate) fn verify(provided: &str, username: &str, client_id: &str, client_secret: &str) -> bool {
    let Ok(decoded) = STANDARD.decode(provided) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(client_secret.as_bytes()) else {
        return false;
    };
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    mac.verify_slice(&decoded).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_test_vectors() {
        assert_eq!(
            secret_hash("alice", "1example23456789", "example-client-secret"),
            "HP0HWmKpUgoAE6CfY7Yv47vDEVFNCHWK5QpFQ9anleA="
        );
        assert_eq!(
            secret_hash(
                "alice@example.com",
                "1example23456789",
                "example-client-secret"
            ),
            "i19eT6NMUyqvyS3iPRFnTcYkMU23s7G0qq/WvnEt+kQ="
        );
    }

    #[test]
    fn verify_accepts_only_the_right_hash() {
        let good = secret_hash("alice", "1example23456789", "example-client-secret");
        assert!(verify(
            &good,
            "alice",
            "1example23456789",
            "example-client-secret"
        ));
        assert!(!verify(
            &good,
            "alice@example.com",
            "1example23456789",
            "example-client-secret"
        ));
        assert!(!verify(
            "not base64!",
            "alice",
            "1example23456789",
            "example-client-secret"
        ));
        assert!(!verify(
            "",
            "alice",
            "1example23456789",
            "example-client-secret"
        ));
    }
}
