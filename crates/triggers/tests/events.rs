//! Every sample event parses, round-trips exactly, and keeps unknown members.

use cognito_triggers::create_auth_challenge::CreateAuthChallengeEvent;
use cognito_triggers::custom_message::{CustomMessageEvent, MessageSource};
use cognito_triggers::define_auth_challenge::DefineAuthChallengeEvent;
use cognito_triggers::event::Version;
use cognito_triggers::inbound_federation::InboundFederationEvent;
use cognito_triggers::post_authentication::PostAuthenticationEvent;
use cognito_triggers::post_confirmation::PostConfirmationEvent;
use cognito_triggers::pre_authentication::PreAuthenticationEvent;
use cognito_triggers::pre_sign_up::{PreSignUpEvent, SignUpSource};
use cognito_triggers::pre_token_generation::PreTokenGenerationEvent;
use cognito_triggers::user_migration::{MigrationSource, UserMigrationEvent};
use cognito_triggers::verify_auth_challenge::VerifyAuthChallengeEvent;
use cognito_triggers::{Field, Trigger, trigger_of};
use serde_json::Value;

use crate::support::{all_event_files, event, event_bytes, json};

fn round_trip<E: serde::de::DeserializeOwned + serde::Serialize>(bytes: &[u8]) -> Value {
    let typed: E = serde_json::from_slice(bytes).expect("parses");
    serde_json::to_value(&typed).expect("serializes")
}

#[test]
fn every_sample_event_round_trips_unchanged() {
    for path in all_event_files() {
        let bytes = std::fs::read(&path).expect("readable");
        let original: Value = serde_json::from_slice(&bytes).expect("valid JSON");
        let echoed = match trigger_of(&bytes) {
            Ok(Trigger::PreSignUp) => round_trip::<PreSignUpEvent>(&bytes),
            Ok(Trigger::CustomMessage) => round_trip::<CustomMessageEvent>(&bytes),
            Ok(Trigger::UserMigration) => round_trip::<UserMigrationEvent>(&bytes),
            Ok(Trigger::PostConfirmation) => round_trip::<PostConfirmationEvent>(&bytes),
            Ok(Trigger::PreAuthentication) => round_trip::<PreAuthenticationEvent>(&bytes),
            Ok(Trigger::PostAuthentication) => round_trip::<PostAuthenticationEvent>(&bytes),
            Ok(Trigger::PreTokenGeneration) => round_trip::<PreTokenGenerationEvent>(&bytes),
            Ok(Trigger::DefineAuthChallenge) => round_trip::<DefineAuthChallengeEvent>(&bytes),
            Ok(Trigger::CreateAuthChallenge) => round_trip::<CreateAuthChallengeEvent>(&bytes),
            Ok(Trigger::VerifyAuthChallengeResponse) => {
                round_trip::<VerifyAuthChallengeEvent>(&bytes)
            }
            Ok(Trigger::InboundFederation) => round_trip::<InboundFederationEvent>(&bytes),
            Ok(Trigger::CustomEmailSender) => {
                round_trip::<cognito_triggers::custom_email_sender::CustomEmailSenderEvent>(&bytes)
            }
            Ok(Trigger::CustomSmsSender) => {
                round_trip::<cognito_triggers::custom_sms_sender::CustomSmsSenderEvent>(&bytes)
            }
            Err(error) => panic!("{}: {error}", path.display()),
        };
        assert_eq!(
            echoed,
            original,
            "{} changed on a round trip",
            path.display()
        );
    }
}

#[test]
fn all_twelve_sources_have_a_sample_named_after_them() {
    let known = SignUpSource::KNOWN
        .iter()
        .map(ToString::to_string)
        .chain(MessageSource::KNOWN.iter().map(ToString::to_string))
        .chain(MigrationSource::KNOWN.iter().map(ToString::to_string));
    let mut count = 0;
    for source in known {
        let value = json(&format!("{source}.json"));
        assert_eq!(value["triggerSource"], source.as_str());
        count += 1;
    }
    assert_eq!(count, 12);
}

#[test]
fn known_sources_parse_to_their_variants() {
    let message: CustomMessageEvent = event("CustomMessage_ForgotPassword.json");
    assert_eq!(message.trigger_source, MessageSource::ForgotPassword);
    let migration: UserMigrationEvent = event("UserMigration_ForgotPassword.json");
    assert_eq!(migration.trigger_source, MigrationSource::ForgotPassword);
    let sign_up: PreSignUpEvent = event("PreSignUp_ExternalProvider.json");
    assert_eq!(sign_up.trigger_source, SignUpSource::ExternalProvider);
}

#[test]
fn an_unknown_source_is_other_not_an_error() {
    let event: CustomMessageEvent = event("variants/custommessage-unknown-source.json");
    assert_eq!(
        event.trigger_source,
        MessageSource::Other("CustomMessage_SomethingNew".to_owned())
    );
}

#[test]
fn numeric_version_and_boolean_attributes_are_read() {
    let numeric: PreSignUpEvent = event("variants/presignup-numeric-version.json");
    assert!(matches!(numeric.version, Field::Value(Version::Number(_))));
    let booleans: PreSignUpEvent = event("variants/presignup-boolean-attributes.json");
    let attributes = booleans
        .request
        .as_option()
        .and_then(|r| r.user_attributes.as_option())
        .expect("attributes");
    assert!(attributes.is_true("email_verified"));
}

#[test]
fn response_absent_empty_or_null_all_parse() {
    for name in [
        "variants/presignup-response-absent.json",
        "variants/presignup-response-empty-object.json",
        "variants/presignup-response-nulls.json",
    ] {
        let event: PreSignUpEvent = event(name);
        let confirmed = event
            .response
            .as_option()
            .and_then(|r| r.auto_confirm_user.as_option().copied());
        assert_ne!(confirmed, Some(true), "{name}");
    }
}

#[test]
fn unknown_members_are_kept_everywhere() {
    let original = json("variants/presignup-unknown-fields.json");
    let event: PreSignUpEvent = event("variants/presignup-unknown-fields.json");
    assert!(!event.extra.is_empty(), "top-level extras kept");
    let echoed = serde_json::to_value(&event).expect("serializes");
    assert_eq!(echoed, original);
}

#[test]
fn the_legacy_aws_sdk_key_is_read() {
    let event: PreSignUpEvent = event("variants/presignup-caller-context-awssdk-key.json");
    let context = event.caller_context.as_option().expect("callerContext");
    assert!(context.sdk_version().is_some());
}

#[test]
fn other_trigger_families_and_garbage_are_invalid_events() {
    for bad in [
        &br#"{"triggerSource": "CustomVoiceSender_SignUp", "request": {}}"#[..],
        b"not json",
        b"[1, 2]",
        b"{}",
        br#"{"triggerSource": 12}"#,
    ] {
        let error = trigger_of(bad).expect_err("not one of ours");
        assert_eq!(error.error_type(), "InvalidEvent");
    }
}

#[test]
fn aws_lambda_events_types_convert_both_ways_where_they_can() {
    use aws_lambda_events::event::cognito::{
        CognitoEventUserPoolsMigrateUser, CognitoEventUserPoolsPreSignup,
    };

    let ours: PreSignUpEvent = event("PreSignUp_SignUp.json");
    let theirs = CognitoEventUserPoolsPreSignup::try_from(&ours).expect("a real event converts");
    let back = PreSignUpEvent::try_from(theirs).expect("and back");
    assert_eq!(back.user_name(), ours.user_name());

    let ours: UserMigrationEvent = event("UserMigration_Authentication.json");
    let theirs = CognitoEventUserPoolsMigrateUser::try_from(&ours).expect("a real event converts");
    assert!(UserMigrationEvent::try_from(theirs).is_ok());

    // The payloads aws_lambda_events rejects, and this crate reads.
    for name in [
        "variants/presignup-response-empty-object.json",
        "variants/presignup-boolean-attributes.json",
        "variants/presignup-numeric-version.json",
    ] {
        let ours: PreSignUpEvent = event(name);
        assert!(
            CognitoEventUserPoolsPreSignup::try_from(&ours).is_err(),
            "{name}"
        );
        assert!(
            serde_json::from_slice::<CognitoEventUserPoolsPreSignup>(&event_bytes(name)).is_err()
        );
    }
    let ours: CustomMessageEvent = event("variants/custommessage-unknown-source.json");
    assert!(
        aws_lambda_events::event::cognito::CognitoEventUserPoolsCustomMessage::try_from(&ours)
            .is_err()
    );
}
