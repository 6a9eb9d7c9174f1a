//! The custom sender code: arbitrary bytes parsed as an AWS Encryption SDK message and, when they
//! parse, decrypted with a fixed data key; the same bytes as base64 text.
//!
//! Properties: no panic, no unbounded allocation; a parsed message never yields a plaintext for
//! a data key that did not make it (a forged message must fail a tag or the signature).

#![no_main]

use cognito_code_decryption::message::Message;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(message) = Message::parse(data) {
        let _ = message.encryption_context();
        let _ = message.data_keys();
        assert!(
            message.decrypt(&[0x5a; 32]).is_err(),
            "a fuzzed message authenticated under a key nobody used"
        );
    }
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(bytes) = Message::decode_base64(text)
    {
        let _ = Message::parse(&bytes);
    }
});
