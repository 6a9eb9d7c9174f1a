//! Invite token parsing and verification, and invite key parsing.
//!
//! Properties: no panic; a fuzzed token never verifies under a key it was not minted with
//! (the chance of a forged 256-bit MAC is nil); a token minted for a fuzzed address verifies for
//! that address until it expires, and not after; a token with one character changed never
//! verifies.

#![no_main]

use std::sync::OnceLock;

use cognito_signup_policy::token::{Invite, InviteTokenError, InviteTokenKey};
use libfuzzer_sys::fuzz_target;

const NOW: u64 = 1_800_000_000;

fn key() -> &'static InviteTokenKey {
    static KEY: OnceLock<InviteTokenKey> = OnceLock::new();
    KEY.get_or_init(|| {
        InviteTokenKey::from_base64("ZnV6ei1pbnZpdGUta2V5LTAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWI=")
            .expect("key")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = InviteTokenKey::from_base64(text);
    let (token, email) = text.split_once('\n').unwrap_or((text, "user@example.com"));
    let now = data
        .iter()
        .fold(NOW, |now, &b| now.wrapping_add(u64::from(b)));
    match key().verify(token, email, now) {
        Err(_) => {}
        Ok(_) => panic!("a fuzzed token verified"),
    }
    let Ok(minted) = key().mint(&Invite::new(email, now + 3600).confirm(true), now) else {
        return;
    };
    let verified = key()
        .verify(&minted, email, now)
        .expect("a minted token verifies");
    assert!(verified.confirm && !verified.verify_email);
    assert_eq!(
        key().verify(&minted, email, now + 3600),
        Err(InviteTokenError::Expired)
    );
    let index = usize::from(data.first().copied().unwrap_or(0)) % minted.len();
    let mut changed = minted.clone().into_bytes();
    changed[index] = if changed[index] == b'A' { b'B' } else { b'A' };
    let changed = String::from_utf8(changed).expect("ASCII token");
    assert!(
        key().verify(&changed, email, now).is_err(),
        "a changed token verified"
    );
});
