//! The custom sender lifecycle: the hook gets the decrypted code and never the ciphertext; a code
//! that does not decrypt never reaches the hook; temporary passwords come out unescaped.

use std::sync::{Arc, Mutex};

use cognito_triggers::custom_email_sender::{self, CustomEmailSenderEvent, EmailSenderSource};
use cognito_triggers::custom_sender::{
    CodeDecryptor, DecryptError, EncryptedCode, PlaceholderCode, WithDecryptor,
};
use cognito_triggers::custom_sms_sender::{self, CustomSmsSenderEvent, SmsSenderRequest};
use cognito_triggers::{HookError, Router, Secret, TriggerError};
use serde_json::Value;

use crate::support::{event, json, lambda_event, lambda_event_due_in, route, run};

/// "Decrypts" by looking the ciphertext up; records the pools it was asked for.
#[derive(Clone, Default)]
struct Table {
    pools: Arc<Mutex<Vec<String>>>,
}

impl CodeDecryptor for Table {
    async fn decrypt(&self, code: &EncryptedCode, pool: &str) -> Result<Secret, DecryptError> {
        self.pools.lock().expect("pools").push(pool.to_owned());
        match code.as_base64() {
            "CIPHER-482913" => Ok(Secret::new("482913")),
            "CIPHER-TEMP" => Ok(Secret::new("Tq8&lt;v2&gt;&amp;Lm")),
            _ => Err(DecryptError::Integrity("the signature does not verify")),
        }
    }
}

fn sender_event(source: &str, code: Value) -> Value {
    let mut event = json("CustomEmailSender_ForgotPassword.json");
    event["triggerSource"] = source.into();
    event["request"]["code"] = code;
    event
}

/// What the hook saw: the source and the exposed code.
type Seen = Arc<Mutex<Vec<(EmailSenderSource, Option<String>, String)>>>;

fn recording_hook(seen: Seen) -> impl custom_email_sender::CustomEmailSender {
    custom_email_sender::from_fn(move |request: custom_email_sender::EmailSenderRequest| {
        let seen = Arc::clone(&seen);
        async move {
            seen.lock().expect("seen").push((
                request.source().clone(),
                request.code().map(|code| code.expose().to_owned()),
                format!("{request:?}"),
            ));
            Ok(())
        }
    })
}

fn handle(event: Value, decryptor: Table, seen: Seen) -> Result<Value, TriggerError> {
    let typed: CustomEmailSenderEvent = serde_json::from_value(event).expect("an event");
    let hook = WithDecryptor::new(decryptor, recording_hook(seen));
    run(custom_email_sender::handle(&hook, lambda_event(typed)))
        .map(|returned| serde_json::to_value(returned).expect("JSON"))
}

#[test]
fn the_hook_gets_the_decrypted_code_bound_to_the_events_pool() {
    let seen = Seen::default();
    let decryptor = Table::default();
    let original = sender_event("CustomEmailSender_ForgotPassword", "CIPHER-482913".into());
    let returned = handle(original.clone(), decryptor.clone(), Arc::clone(&seen)).expect("ok");
    assert_eq!(
        returned, original,
        "the event goes back unchanged, no response added"
    );
    let seen = seen.lock().expect("seen");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].0, EmailSenderSource::ForgotPassword);
    assert_eq!(seen[0].1.as_deref(), Some("482913"));
    assert!(
        !seen[0].2.contains("482913"),
        "Debug shows the code: {}",
        seen[0].2
    );
    assert_eq!(
        *decryptor.pools.lock().expect("pools"),
        ["us-west-2_EXAMPLE"]
    );
}

#[test]
fn a_temporary_password_comes_out_html_unescaped() {
    let seen = Seen::default();
    handle(
        sender_event("CustomEmailSender_AdminCreateUser", "CIPHER-TEMP".into()),
        Table::default(),
        Arc::clone(&seen),
    )
    .expect("ok");
    assert_eq!(
        seen.lock().expect("seen")[0].1.as_deref(),
        Some("Tq8<v2>&Lm")
    );
}

#[test]
fn a_code_that_does_not_decrypt_never_reaches_the_hook() {
    let seen = Seen::default();
    let error = handle(
        sender_event("CustomEmailSender_SignUp", "ALTERED".into()),
        Table::default(),
        Arc::clone(&seen),
    )
    .expect_err("refused");
    assert_eq!(error.error_type(), "HookFailed");
    assert!(
        error.to_string().contains("does not authenticate"),
        "{error}"
    );
    assert!(seen.lock().expect("seen").is_empty());
}

#[test]
fn without_a_user_pool_id_no_code_is_decrypted() {
    let seen = Seen::default();
    let decryptor = Table::default();
    let mut event = sender_event("CustomEmailSender_SignUp", "CIPHER-482913".into());
    event.as_object_mut().expect("object").remove("userPoolId");
    let error = handle(event, decryptor.clone(), Arc::clone(&seen)).expect_err("refused");
    assert!(error.to_string().contains("no userPoolId"), "{error}");
    assert!(decryptor.pools.lock().expect("pools").is_empty());
    assert!(seen.lock().expect("seen").is_empty());
}

#[test]
fn account_takeover_notices_have_no_code_and_null_client_metadata_is_fine() {
    let seen = Seen::default();
    let decryptor = Table::default();
    let event = json("CustomEmailSender_AccountTakeOverNotification.json");
    assert_eq!(event["request"]["code"], Value::Null);
    assert_eq!(event["request"]["clientMetadata"], Value::Null);
    handle(event, decryptor.clone(), Arc::clone(&seen)).expect("ok");
    let seen = seen.lock().expect("seen");
    assert_eq!(seen[0].0, EmailSenderSource::AccountTakeOverNotification);
    assert_eq!(seen[0].1, None);
    assert!(
        decryptor.pools.lock().expect("pools").is_empty(),
        "nothing to decrypt"
    );
}

#[test]
fn unknown_sender_sources_and_the_sms_sender_work_alike() {
    let event: CustomSmsSenderEvent = event("CustomSMSSender_SignUp.json");
    let got = Arc::new(Mutex::new(None));
    let hook = WithDecryptor::new(
        PlaceholderCode,
        custom_sms_sender::from_fn({
            let got = Arc::clone(&got);
            move |request: SmsSenderRequest| {
                let got = Arc::clone(&got);
                async move {
                    *got.lock().expect("got") = Some((
                        request.code().map(|code| code.expose().to_owned()),
                        request.attribute("phone_number").map(|p| p.into_owned()),
                        request.client_metadata().get("app").map(|a| a.into_owned()),
                    ));
                    Ok::<(), HookError>(())
                }
            }
        }),
    );
    run(custom_sms_sender::handle(&hook, lambda_event(event))).expect("ok");
    assert_eq!(
        *got.lock().expect("got"),
        Some((
            Some("<encrypted>".to_owned()),
            Some("+12065551212".to_owned()),
            Some("shop".to_owned())
        ))
    );

    let mut future = json("CustomSMSSender_SignUp.json");
    future["triggerSource"] = "CustomSMSSender_Passkey".into();
    let parsed: CustomSmsSenderEvent = serde_json::from_value(future).expect("tolerated");
    assert_eq!(parsed.trigger_source.as_str(), "CustomSMSSender_Passkey");
}

#[test]
fn the_router_serves_senders_only_with_a_decryptor() {
    let bytes = serde_json::to_vec(&json("CustomSMSSender_SignUp.json")).expect("bytes");
    let router = Router::new().custom_sms_sender(
        PlaceholderCode,
        custom_sms_sender::from_fn(|_request: SmsSenderRequest| async { Ok(()) }),
    );
    let returned = route(&router, &bytes).expect("served");
    assert_eq!(returned, json("CustomSMSSender_SignUp.json"));
    let error = route(&Router::new(), &bytes).expect_err("no hook");
    assert_eq!(error.error_type(), "InvalidEvent");
}

/// Senders are invoked asynchronously: a hook may use the function's timeout, not Cognito's 5 s.
#[tokio::test(start_paused = true)]
async fn a_sender_hook_may_take_longer_than_cognitos_five_seconds() {
    let slow = custom_sms_sender::from_fn(|_request: SmsSenderRequest| async {
        tokio::time::sleep(std::time::Duration::from_secs(6)).await;
        Ok(())
    });
    let hook = WithDecryptor::new(PlaceholderCode, slow);
    let event: CustomSmsSenderEvent = event("CustomSMSSender_SignUp.json");
    custom_sms_sender::handle(&hook, lambda_event_due_in(event.clone(), 8_000))
        .await
        .expect("6 s of an 8 s deadline");
    let error = custom_sms_sender::handle(&hook, lambda_event_due_in(event, 5_000))
        .await
        .expect_err("past the function's own deadline");
    assert_eq!(error.error_type(), "DeadlineExceeded");
}
