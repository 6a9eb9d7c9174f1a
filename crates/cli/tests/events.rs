//! `cognito-triggers events new`: an event for every documented trigger source and version,
//! each decoding as its trigger's event.

use std::path::Path;
use std::process::{Command, Output};

use cognito_triggers::create_auth_challenge::{CreateAuthChallengeEvent, CreateChallengeSource};
use cognito_triggers::custom_email_sender::{CustomEmailSenderEvent, EmailSenderSource};
use cognito_triggers::custom_message::{CustomMessageEvent, MessageSource};
use cognito_triggers::custom_sms_sender::{CustomSmsSenderEvent, SmsSenderSource};
use cognito_triggers::decode_event;
use cognito_triggers::define_auth_challenge::{DefineAuthChallengeEvent, DefineChallengeSource};
use cognito_triggers::inbound_federation::{FederationSource, InboundFederationEvent};
use cognito_triggers::post_authentication::{PostAuthSource, PostAuthenticationEvent};
use cognito_triggers::post_confirmation::{ConfirmationSource, PostConfirmationEvent};
use cognito_triggers::pre_authentication::{PreAuthSource, PreAuthenticationEvent};
use cognito_triggers::pre_sign_up::{PreSignUpEvent, SignUpSource};
use cognito_triggers::pre_token_generation::{PreTokenGenerationEvent, TokenSource};
use cognito_triggers::user_migration::{MigrationSource, UserMigrationEvent};
use cognito_triggers::verify_auth_challenge::{VerifyAuthChallengeEvent, VerifyChallengeSource};
use serde_json::Value;

fn events_new(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cognito-triggers"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .args(["events", "new"])
        .args(args)
        .output()
        .expect("runs")
}

/// The printed event of `source` (with `extra` options), checked to decode as `E`.
fn printed<E: cognito_triggers::lifecycle::Event>(source: &str, extra: &[&str]) -> Value {
    let mut args = vec![source];
    args.extend_from_slice(extra);
    let output = events_new(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{source} {extra:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    if let Err(error) = decode_event::<E>(&output.stdout) {
        panic!("{source} {extra:?}: {error}");
    }
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["triggerSource"], source, "{json}");
    json
}

/// Every known source of one trigger, printed and decoded as that trigger's event.
fn every<E: cognito_triggers::lifecycle::Event, S: ToString>(known: &[S]) -> Vec<(String, Value)> {
    known
        .iter()
        .map(|source| {
            let source = source.to_string();
            let json = printed::<E>(&source, &[]);
            (source, json)
        })
        .collect()
}

#[test]
fn every_known_source_of_every_trigger_prints_an_event_of_its_trigger() {
    every::<PreSignUpEvent, _>(SignUpSource::KNOWN);
    every::<CustomMessageEvent, _>(MessageSource::KNOWN);
    every::<UserMigrationEvent, _>(MigrationSource::KNOWN);
    every::<PostConfirmationEvent, _>(ConfirmationSource::KNOWN);
    every::<PreAuthenticationEvent, _>(PreAuthSource::KNOWN);
    every::<PostAuthenticationEvent, _>(PostAuthSource::KNOWN);
    every::<DefineAuthChallengeEvent, _>(DefineChallengeSource::KNOWN);
    every::<CreateAuthChallengeEvent, _>(CreateChallengeSource::KNOWN);
    every::<VerifyAuthChallengeEvent, _>(VerifyChallengeSource::KNOWN);
    every::<InboundFederationEvent, _>(FederationSource::KNOWN);
    every::<PreTokenGenerationEvent, _>(TokenSource::KNOWN);
    let senders = every::<CustomEmailSenderEvent, _>(EmailSenderSource::KNOWN)
        .into_iter()
        .chain(every::<CustomSmsSenderEvent, _>(SmsSenderSource::KNOWN));
    for (source, json) in senders {
        let code = &json["request"]["code"];
        if source.ends_with("_AccountTakeOverNotification") {
            assert!(code.is_null(), "{source}: {code}");
            continue;
        }
        // An AWS Encryption SDK message in base64: version 1, type 0x80, suite 0x0378.
        let code = code.as_str().unwrap_or_default();
        assert!(
            code.starts_with("AYADe") && code.len() > 400,
            "{source}: not an encrypted code: {code}"
        );
    }
}

#[test]
fn pre_token_generation_prints_every_version_and_client_credentials_only_as_version_3() {
    for source in TokenSource::KNOWN {
        let source = source.as_str();
        for version in ["1", "2", "3"] {
            if *source == *TokenSource::ClientCredentials.as_str() && version != "3" {
                let output = events_new(&[source, "--version", version]);
                assert_eq!(output.status.code(), Some(2), "{source} v{version}");
                let stderr = String::from_utf8_lossy(&output.stderr);
                assert_eq!(stderr.lines().count(), 1, "{stderr}");
                assert!(stderr.contains("version 3"), "{stderr}");
                assert!(output.stdout.is_empty());
                continue;
            }
            let json = printed::<PreTokenGenerationEvent>(source, &["--version", version]);
            assert_eq!(json["version"], version, "{json}");
            let (member, absent) = if version == "1" {
                ("claimsOverrideDetails", "claimsAndScopeOverrideDetails")
            } else {
                ("claimsAndScopeOverrideDetails", "claimsOverrideDetails")
            };
            assert!(json["response"].get(member).is_some(), "{json}");
            assert!(json["response"].get(absent).is_none(), "{json}");
        }
    }
    let output = events_new(&["TokenGeneration_HostedAuth", "--version", "4"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn an_unknown_source_is_one_line_naming_the_known_ones() {
    let output = events_new(&["PreSignUp_Nope"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("CustomSMSSender_AccountTakeOverNotification"),
        "{stderr}"
    );
}
