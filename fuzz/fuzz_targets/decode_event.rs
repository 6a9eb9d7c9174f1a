//! Every trigger's event decoding, through the entry point `run()` serves
//! (`serve::handle_json` with the default hook) and through `Router::handle_json`.
//!
//! Properties: no panic; an accepted event is written back as JSON that decodes again as the
//! same trigger, and handling that output again gives the same output (nothing is lost or
//! changed by a second pass).

#![no_main]

use std::sync::OnceLock;

use cognito_triggers::custom_message::CustomMessageEvent;
use cognito_triggers::lifecycle::{Event, Hook};
use cognito_triggers::serve::handle_json;
use cognito_triggers::pre_sign_up::PreSignUpEvent;
use cognito_triggers::user_migration::UserMigrationEvent;
use cognito_triggers::{CognitoDefault, Context, Router, decode_event};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime")
    })
}

fn check<E: Event>(data: &[u8])
where
    CognitoDefault: Hook<E>,
{
    let rt = runtime();
    let Ok(first) = rt.block_on(handle_json::<E, _>(
        &CognitoDefault,
        data,
        Context::default(),
    )) else {
        return;
    };
    let first = first.get().as_bytes().to_vec();
    if let Err(error) = decode_event::<E>(&first) {
        panic!("written-back event does not decode: {error}");
    }
    let second = rt
        .block_on(handle_json::<E, _>(
            &CognitoDefault,
            &first,
            Context::default(),
        ))
        .expect("a written-back event is handled again");
    let first: Value = serde_json::from_slice(&first).expect("output is JSON");
    let second: Value = serde_json::from_slice(second.get().as_bytes()).expect("output is JSON");
    assert_eq!(first, second, "a second pass changed the event");
}

fuzz_target!(|data: &[u8]| {
    check::<PreSignUpEvent>(data);
    check::<CustomMessageEvent>(data);
    check::<UserMigrationEvent>(data);
    let router = Router::new();
    let _ = runtime().block_on(router.handle_json(data, Context::default()));
});
