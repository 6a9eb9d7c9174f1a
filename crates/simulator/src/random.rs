//! Codes and ids from the operating system's random source.

use crate::error::CognitoError;
use crate::pool::uuid_from_bytes;

/// A uniformly random 6-digit code, `000000`–`999999`.
pub(crate) fn six_digit_code() -> Result<String, CognitoError> {
    // Rejection sampling: 4_294_000_000 is the largest multiple of 1_000_000 below 2^32.
    loop {
        let mut bytes = [0u8; 4];
        fill(&mut bytes)?;
        let n = u32::from_le_bytes(bytes);
        if n < 4_294_000_000 {
            return Ok(format!("{:06}", n % 1_000_000));
        }
    }
}

/// A random version-4 UUID.
pub(crate) fn uuid() -> Result<String, CognitoError> {
    let mut bytes = [0u8; 16];
    fill(&mut bytes)?;
    Ok(uuid_from_bytes(bytes))
}

fn fill(bytes: &mut [u8]) -> Result<(), CognitoError> {
    getrandom::fill(bytes).map_err(|e| {
        tracing::error!(error = %e, "no randomness available");
        CognitoError::internal("An internal error occurred.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..200 {
            let code = six_digit_code().expect("code");
            assert_eq!(code.len(), 6);
            assert!(code.chars().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn uuids_differ() {
        assert_ne!(uuid().expect("uuid"), uuid().expect("uuid"));
    }
}
