//! The simulator's `SecretHash` check and pool-file parsing.
//!
//! Input: a mode byte, then text. Mode even: the text is a pool file. Mode odd: the text is
//! `username\nsecret hash` sent to `ForgotPassword` of the demo pool's confidential client.
//!
//! Properties: no panic; a pool that loads prints as JSON that loads to an equal pool; the
//! SecretHash check accepts the right hash and refuses any other.

#![no_main]

use std::sync::OnceLock;

use cognito_simulator::{
    CognitoError, ExceptionType, ForgotPasswordRequest, ForgotPasswordResponse, Pool, Simulator,
    secret_hash,
};
use libfuzzer_sys::fuzz_target;

const CLIENT: &str = "2example98765432";
const SECRET: &str = "example-client-secret";

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime")
    })
}

fn demo() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| Pool::demo().expect("demo pool"))
}

fn pool_file(text: &str) {
    let Ok(pool) = Pool::from_json(text, "fuzz") else {
        return;
    };
    let printed = serde_json::to_string(&pool).expect("a pool prints");
    let again = Pool::from_json(&printed, "printed").expect("a printed pool loads");
    assert_eq!(pool, again, "a printed pool loads differently");
}

fn refused_for_hash(result: &Result<ForgotPasswordResponse, CognitoError>) -> bool {
    matches!(result, Err(error) if error.exception() == ExceptionType::NotAuthorizedException
        && error.message().contains("secret hash"))
}

fn secret_hash_check(text: &str) {
    let (username, provided) = text.split_once('\n').unwrap_or((text, ""));
    let right = secret_hash(username, CLIENT, SECRET);
    let rt = runtime();
    let mut simulator = Simulator::new(demo().clone());
    let result = rt.block_on(
        simulator
            .forgot_password(ForgotPasswordRequest::new(CLIENT, username).secret_hash(provided)),
    );
    if provided == right {
        assert!(
            !refused_for_hash(&result),
            "the right SecretHash was refused"
        );
    } else {
        assert!(result.is_err(), "a wrong SecretHash was accepted");
    }
    let mut simulator = Simulator::new(demo().clone());
    let result = rt.block_on(
        simulator.forgot_password(ForgotPasswordRequest::new(CLIENT, username).secret_hash(right)),
    );
    assert!(
        !refused_for_hash(&result),
        "the right SecretHash was refused"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if mode % 2 == 0 {
        pool_file(text);
    } else {
        secret_hash_check(text);
    }
});
