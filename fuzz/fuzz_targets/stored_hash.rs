//! Stored-hash parsing in the user-migration function: scheme detection and the cost-limit
//! check, with the default limits and with the lowest limits. Never a key derivation: a fuzzed
//! cost could ask for hours of CPU, which is what the limit check exists to refuse.
//!
//! Properties: no panic; a hash within the lowest limits is within the default limits too.

#![no_main]

use cognito_legacy_migration::hash::{HashLimits, HashScheme, StoredHash};
use libfuzzer_sys::fuzz_target;

const LOWEST: HashLimits = HashLimits {
    bcrypt_cost: 4,
    pbkdf2_iterations: 1,
    sha_crypt_rounds: 1000,
    scrypt_memory_mib: 1,
    scrypt_parallelism: 1,
    argon2_memory_mib: 1,
    argon2_iterations: 1,
    argon2_parallelism: 1,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let stored = StoredHash::new(text);
    let scheme = stored.scheme();
    // The stored text is trimmed; the scheme is that of the trimmed text.
    assert_eq!(scheme, HashScheme::detect(stored.expose()));
    if let Some(scheme) = scheme {
        let _ = scheme.name();
    }
    let default = HashLimits::default().check(&stored);
    let lowest = LOWEST.check(&stored);
    if lowest.is_ok() {
        assert!(
            default.is_ok(),
            "within the lowest limits but over the defaults"
        );
    }
    // Debug shows the scheme only: the same text for every hash of that scheme.
    let shown = format!("{stored:?}");
    let expected = match scheme {
        Some(scheme) => format!("StoredHash({scheme}, [redacted])"),
        None => "StoredHash(unsupported, [redacted])".to_owned(),
    };
    assert_eq!(shown, expected, "Debug shows more than the scheme");
});
