//! Property tests: events re-encode to the JSON they came as, custom message decisions either
//! keep to Cognito's rules or keep Cognito's own message, and rejection texts come out clean.

use cognito_triggers::custom_message::{self, CustomMessageEvent, Message, MessageRequest};
use cognito_triggers::pre_sign_up::{self, PreSignUpEvent};
use cognito_triggers::rules::{self, Channel, MAX_REJECTION_CHARS, check_message};
use cognito_triggers::testing::{self, SAMPLES};
use cognito_triggers::user_migration::UserMigrationEvent;
use cognito_triggers::{HookError, Trigger, TriggerError, decode_event, trigger_of};
use proptest::prelude::*;
use serde_json::Value;

const CASES: u32 = 256;

/// A modest number of cases, so the suite stays fast; failures are reported, not persisted.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn run<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime")
        .block_on(future)
}

// ---------------------------------------------------------------------------------------------
// Events re-encode to an equal JSON value.

/// A JSON value of the kinds Cognito and its emulators send: null, booleans, integers, floats,
/// strings (any Unicode), and small arrays and objects of those.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z_:]{1,8}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// One change to a sample event: a member set (added or replaced) at a path of object keys.
#[derive(Clone, Debug)]
struct Edit {
    /// Where: the top level, `request`, a map in the request, `callerContext` or `response`.
    place: usize,
    /// An existing member's index (replace) or a new name (add).
    member: Result<usize, String>,
    value: Value,
}

const PLACES: &[&[&str]] = &[
    &[],
    &["request"],
    &["request", "userAttributes"],
    &["request", "clientMetadata"],
    &["callerContext"],
    &["response"],
];

fn edit() -> impl Strategy<Value = Edit> {
    (
        0..PLACES.len(),
        prop_oneof![(0usize..32).prop_map(Ok), "[a-zA-Z_:]{1,12}".prop_map(Err)],
        json_value(),
    )
        .prop_map(|(place, member, value)| Edit {
            place,
            member,
            value,
        })
}

fn apply(event: &mut Value, edit: &Edit) {
    let mut target = event;
    for key in PLACES[edit.place] {
        let Some(next) = target.get_mut(*key) else {
            return;
        };
        target = next;
    }
    let Some(object) = target.as_object_mut() else {
        return;
    };
    let name = match &edit.member {
        Ok(index) if !object.is_empty() => object
            .keys()
            .nth(index % object.len())
            .cloned()
            .unwrap_or_default(),
        Ok(_) => return,
        Err(name) => name.clone(),
    };
    object.insert(name, edit.value.clone());
}

/// The event written back by the crate, as a JSON value, or `None` when it does not decode.
fn reencoded(bytes: &[u8]) -> Option<Value> {
    fn again<E: cognito_triggers::lifecycle::Event>(bytes: &[u8]) -> Option<Value> {
        let event = decode_event::<E>(bytes).ok()?;
        Some(serde_json::to_value(event).expect("a decoded event encodes"))
    }
    use cognito_triggers::{
        create_auth_challenge, define_auth_challenge, inbound_federation, post_authentication,
        post_confirmation, pre_authentication, pre_token_generation, verify_auth_challenge,
    };
    match trigger_of(bytes).ok()? {
        Trigger::PreSignUp => again::<PreSignUpEvent>(bytes),
        Trigger::CustomMessage => again::<CustomMessageEvent>(bytes),
        Trigger::UserMigration => again::<UserMigrationEvent>(bytes),
        Trigger::PostConfirmation => again::<post_confirmation::PostConfirmationEvent>(bytes),
        Trigger::PreAuthentication => again::<pre_authentication::PreAuthenticationEvent>(bytes),
        Trigger::PostAuthentication => again::<post_authentication::PostAuthenticationEvent>(bytes),
        Trigger::PreTokenGeneration => {
            again::<pre_token_generation::PreTokenGenerationEvent>(bytes)
        }
        Trigger::DefineAuthChallenge => {
            again::<define_auth_challenge::DefineAuthChallengeEvent>(bytes)
        }
        Trigger::CreateAuthChallenge => {
            again::<create_auth_challenge::CreateAuthChallengeEvent>(bytes)
        }
        Trigger::VerifyAuthChallengeResponse => {
            again::<verify_auth_challenge::VerifyAuthChallengeEvent>(bytes)
        }
        Trigger::InboundFederation => again::<inbound_federation::InboundFederationEvent>(bytes),
        Trigger::CustomEmailSender => {
            again::<cognito_triggers::custom_email_sender::CustomEmailSenderEvent>(bytes)
        }
        Trigger::CustomSmsSender => {
            again::<cognito_triggers::custom_sms_sender::CustomSmsSenderEvent>(bytes)
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn decoded_events_reencode_to_the_same_json(
        sample in 0..SAMPLES.len(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let mut event: Value = serde_json::from_str(SAMPLES[sample].1).expect("sample JSON");
        for edit in &edits {
            apply(&mut event, edit);
        }
        let bytes = serde_json::to_vec(&event).expect("JSON");
        // Compared with the value as generated: numbers must survive the text exactly.
        if let Some(written) = reencoded(&bytes) {
            prop_assert_eq!(written, event);
        }
    }

    #[test]
    fn unknown_members_survive_at_every_level(
        sample in 0..SAMPLES.len(),
        place in 0..PLACES.len(),
        name in "x-[a-zA-Z_]{1,10}",
        value in json_value(),
    ) {
        let mut event: Value = serde_json::from_str(SAMPLES[sample].1).expect("sample JSON");
        apply(&mut event, &Edit { place, member: Err(name), value });
        let bytes = serde_json::to_vec(&event).expect("JSON");
        // The samples decode, and an unknown member never makes them fail.
        let written = reencoded(&bytes);
        prop_assert!(written.is_some(), "an unknown member broke decoding");
        prop_assert_eq!(written, Some(event));
    }
}

// ---------------------------------------------------------------------------------------------
// Custom message decisions keep to Cognito's rules or keep the default.

/// Message text: pieces that make valid messages likely (placeholders, plain words) mixed
/// with anything (line breaks, U+200B, controls, astral characters, long runs).
fn message_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => Just("{####}".to_owned()),
        2 => Just("{username}".to_owned()),
        4 => "[a-zA-Z0-9 .,:!-]{1,20}",
        1 => Just("\n".to_owned()),
        1 => Just("\u{200B}".to_owned()),
        1 => Just("\u{1F600}".to_owned()),
        1 => ".{0,8}",
        1 => "[a-z]{60,200}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

fn message() -> impl Strategy<Value = Message> {
    (
        prop::option::of((message_text(), message_text())),
        prop::option::of(message_text()),
    )
        .prop_map(|(email, sms)| {
            let mut message = Message::default();
            if let Some((subject, body)) = email {
                message = message.email(subject, body);
            }
            if let Some(sms) = sms {
                message = message.sms(sms);
            }
            message
        })
}

fn message_event(source: usize, user_name: &str) -> (CustomMessageEvent, MessageRequest) {
    let source = custom_message::MessageSource::KNOWN[source].clone();
    let builder = MessageRequest::builder(source)
        .code_parameter("{####}")
        .username_parameter("{username}")
        .user_name(user_name);
    (builder.event(), builder.request())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn custom_message_decisions_keep_to_the_rules_or_the_default(
        source in 0..custom_message::MessageSource::KNOWN.len(),
        user_name in prop_oneof![Just("u".to_owned()), "[a-z0-9._-]{1,128}"],
        proposed in message(),
    ) {
        let (event, request) = message_event(source, &user_name);
        let returned_by_hook = proposed.clone();
        let hook = custom_message::from_fn(move |_request: MessageRequest| {
            let message = returned_by_hook.clone();
            async move { Ok(message) }
        });
        let returned = run(testing::call(&hook, event)).expect("a message hook never fails");
        let decided: Message = testing::decision(&returned);
        let context = request.rules();

        // Every channel the returned event sets keeps to Cognito's rules …
        if let Some(email) = decided.email_message() {
            prop_assert!(check_message(Channel::Subject, &email.subject, &context).is_ok());
            prop_assert!(check_message(Channel::Email, &email.body, &context).is_ok());
        }
        if let Some(sms) = decided.sms_message() {
            prop_assert!(check_message(Channel::Sms, sms, &context).is_ok());
        }
        // … and is either what the hook proposed or Cognito's own (unset).
        let email_ok = proposed.email_message().is_some_and(|email| {
            check_message(Channel::Subject, &email.subject, &context).is_ok()
                && check_message(Channel::Email, &email.body, &context).is_ok()
        });
        let sms_ok = proposed
            .sms_message()
            .is_some_and(|sms| check_message(Channel::Sms, sms, &context).is_ok());
        prop_assert_eq!(
            decided.email_message(),
            if email_ok { proposed.email_message() } else { None }
        );
        prop_assert_eq!(
            decided.sms_message(),
            if sms_ok { proposed.sms_message() } else { None }
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Rejection texts come out cleaned.

fn rejection_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        ".{0,40}",
        "[ .\t\n\r\u{0B}\u{0C}\u{85}\u{A0}\u{2028}\u{3000}]{0,20}",
        "[a-zA-Z .]{500,600}",
        "[a-z\u{200B}\u{202E}\u{FEFF}\u{E000}\u{0}\u{7F} .]{0,80}",
        "[\u{10000}-\u{10FFFF}]{0,600}",
    ]
}

fn assert_clean(text: &str) -> Result<(), TestCaseError> {
    prop_assert!(!text.is_empty(), "empty");
    prop_assert!(
        text.chars().count() <= MAX_REJECTION_CHARS,
        "longer than the limit"
    );
    prop_assert!(!text.ends_with('.'), "trailing period: {:?}", text);
    prop_assert_eq!(text.trim(), text, "surrounding whitespace");
    prop_assert!(!text.contains("  "), "a run of spaces: {:?}", text);
    for c in text.chars() {
        prop_assert!(
            c == ' ' || (rules::is_allowed(c) && !c.is_whitespace()),
            "U+{:04X} in {:?}",
            u32::from(c),
            text
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn rejection_texts_come_out_clean(text in rejection_text()) {
        assert_clean(&rules::clean_rejection(&text))?;
    }

    /// Through the lifecycle: what Cognito receives from a rejecting hook is the cleaned text.
    #[test]
    fn rejections_reach_cognito_cleaned(text in rejection_text()) {
        let event = pre_sign_up::SignUpRequest::builder(pre_sign_up::SignUpSource::SignUp).event();
        let rejection = text.clone();
        let hook = pre_sign_up::from_fn(move |_request| {
            let rejection = rejection.clone();
            async move { Err(HookError::reject(rejection)) }
        });
        let result = run(testing::call(&hook, event));
        match result {
            Err(TriggerError::Rejected { message, .. }) => {
                assert_clean(&message)?;
                prop_assert_eq!(message, rules::clean_rejection(&text));
            }
            Err(other) => prop_assert!(false, "not a rejection: {}", other),
            Ok(_) => prop_assert!(false, "a rejecting hook was accepted"),
        }
    }
}

#[test]
fn numbers_in_unknown_members_survive_every_pass() {
    // Found by the `decode_event` fuzz target: without correctly rounded float parsing,
    // `888888880826789e88` was read as 8.888888808267888e102, written back so, and read again as
    // 8.888888808267887e102: each pass through a function changed the number.
    let mut event: Value =
        serde_json::from_str(testing::sample("UserMigration_Authentication").expect("sample"))
            .expect("sample JSON");
    event["x-amount"] = Value::Null;
    let text = serde_json::to_string(&event)
        .expect("JSON")
        .replace("\"x-amount\":null", "\"x-amount\":888888880826789e88");
    let first = serde_json::to_string(&reencoded(text.as_bytes()).expect("decodes")).expect("JSON");
    let second =
        serde_json::to_string(&reencoded(first.as_bytes()).expect("decodes")).expect("JSON");
    assert_eq!(first, second, "a second pass changed the event");
    // The same number as came in (15 digits are exact in an f64).
    assert!(
        first.contains("\"x-amount\":8.88888880826789e+102"),
        "{first}"
    );
}

#[test]
fn rejection_ending_in_spaced_periods_has_no_trailing_period() {
    // Found by `rejection_texts_come_out_clean`: trimming periods, then spaces, left a period.
    assert_eq!(rules::clean_rejection(".\t."), rules::GENERIC_USER_MESSAGE);
    assert_eq!(rules::clean_rejection("Not allowed. ."), "Not allowed");
    assert_eq!(rules::clean_rejection("Wait . . . "), "Wait");
}

#[test]
fn edits_reach_every_place_of_the_samples() {
    // The places exist in the samples, so the generated edits do change them.
    let mut reached = vec![false; PLACES.len()];
    for (_, json) in SAMPLES {
        let event: Value = serde_json::from_str(json).expect("sample JSON");
        for (index, place) in PLACES.iter().enumerate() {
            let mut target = Some(&event);
            for key in *place {
                target = target.and_then(|value| value.get(*key));
            }
            reached[index] |= target.is_some_and(Value::is_object);
        }
    }
    let missed: Vec<_> = PLACES
        .iter()
        .zip(&reached)
        .filter(|(_, reached)| !**reached)
        .map(|(place, _)| place.join("."))
        .collect();
    assert!(missed.is_empty(), "no sample has {missed:?}");
}
