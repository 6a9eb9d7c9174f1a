//! Invite codes, kept only as SHA-256 digests so neither logs nor `Debug` output can show them.

use std::collections::HashSet;
use std::fmt;

use sha2::{Digest, Sha256};

/// The accepted invite codes, as SHA-256 digests of the codes' UTF-8 bytes.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct InviteCodes(HashSet<[u8; 32]>);

impl InviteCodes {
    /// Adds a code given in plain text (surrounding whitespace is ignored).
    pub(crate) fn add_plain(&mut self, code: &str) -> Result<(), &'static str> {
        let code = code.trim();
        if code.is_empty() {
            return Err("an invite code is empty");
        }
        self.0.insert(digest(code));
        Ok(())
    }

    /// Adds a code given as the hex SHA-256 digest of the code.
    pub(crate) fn add_sha256_hex(&mut self, hex: &str) -> Result<(), &'static str> {
        self.0.insert(decode_sha256_hex(hex.trim())?);
        Ok(())
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether `candidate` (surrounding whitespace ignored) is one of the codes.
    pub(crate) fn accepts(&self, candidate: &str) -> bool {
        self.0.contains(&digest(candidate.trim()))
    }
}

impl fmt::Debug for InviteCodes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InviteCodes({} codes)", self.0.len())
    }
}

fn digest(code: &str) -> [u8; 32] {
    Sha256::digest(code.as_bytes()).into()
}

fn decode_sha256_hex(hex: &str) -> Result<[u8; 32], &'static str> {
    const MESSAGE: &str = "an invite code digest is not 64 hexadecimal digits (SHA-256)";
    let bytes = hex.as_bytes();
    if bytes.len() != 64 {
        return Err(MESSAGE);
    }
    let mut out = [0_u8; 32];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        let high = hex_value(pair[0]).ok_or(MESSAGE)?;
        let low = hex_value(pair[1]).ok_or(MESSAGE)?;
        *slot = high << 4 | low;
    }
    Ok(out)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // `printf %s 'WELCOME-2026' | sha256sum`
    const WELCOME_SHA256: &str = "e0bd023f859de583d9894d6513c2cd61b78777855939e437eb026d18c5f4bc4a";

    #[test]
    fn plain_and_hashed_codes_are_the_same_thing() {
        let mut plain = InviteCodes::default();
        assert_eq!(plain.add_plain(" WELCOME-2026 "), Ok(()));
        let mut hashed = InviteCodes::default();
        assert_eq!(
            hashed.add_sha256_hex(&WELCOME_SHA256.to_uppercase()),
            Ok(())
        );
        assert_eq!(plain, hashed);
        assert!(hashed.accepts("WELCOME-2026"));
        assert!(hashed.accepts(" WELCOME-2026\n"));
        assert!(!hashed.accepts("welcome-2026"));
        assert!(!hashed.accepts(""));
    }

    #[test]
    fn malformed_digests_are_refused() {
        let mut codes = InviteCodes::default();
        assert!(codes.add_sha256_hex("abc").is_err());
        assert!(
            codes
                .add_sha256_hex(&WELCOME_SHA256.replace('e', "g"))
                .is_err()
        );
        assert!(codes.add_sha256_hex(WELCOME_SHA256).is_ok());
        assert!(codes.add_plain("  ").is_err());
        assert_eq!(codes.len(), 1);
    }

    #[test]
    fn debug_output_shows_no_codes() {
        let mut codes = InviteCodes::default();
        assert_eq!(codes.add_plain("SECRET-CODE"), Ok(()));
        let debug = format!("{codes:?}");
        assert_eq!(debug, "InviteCodes(1 codes)");
    }
}
