//! `handle()` for each trigger: decisions written, everything else echoed, errors and deadlines.

use std::time::Duration;

use cognito_triggers::custom_message::{self, CustomMessageEvent, Message, MessageRequest};
use cognito_triggers::pre_sign_up::{self, PreSignUpEvent, SignUpDecision, SignUpRequest};
use cognito_triggers::user_migration::{
    self, DeliveryMedium, FinalUserStatus, MessageAction, MigratedUser, MigrationDecision,
    MigrationRequest, MigrationSource, UserMigrationEvent,
};
use cognito_triggers::{GENERIC_USER_MESSAGE, HookError, Router, TriggerError, trigger_of};
use serde_json::{Value, json};

use crate::support::{
    all_event_files, event, json, lambda_event, lambda_event_due_in, route, run, without_password,
    without_response,
};

#[test]
fn default_hooks_echo_every_sample_event() {
    for path in all_event_files() {
        let bytes = std::fs::read(&path).expect("readable");
        let original: Value = serde_json::from_slice(&bytes).expect("JSON");
        if matches!(
            trigger_of(&bytes),
            Ok(cognito_triggers::Trigger::CustomEmailSender
                | cognito_triggers::Trigger::CustomSmsSender)
        ) {
            // A sender without a hook would drop the user's code: refused, never echoed.
            let error = route(&Router::new(), &bytes).expect_err("a sender event needs a hook");
            assert!(
                error.to_string().contains("does not serve"),
                "{}: {error}",
                path.display()
            );
            continue;
        }
        let returned = route(&Router::new(), &bytes)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert_eq!(
            without_response(returned.clone()),
            without_password(without_response(original.clone())),
            "{}",
            path.display()
        );
        match trigger_of(&bytes).expect("ours") {
            // Accepting unchanged writes explicit `false` flags.
            cognito_triggers::Trigger::PreSignUp => {
                for flag in ["autoConfirmUser", "autoVerifyEmail", "autoVerifyPhone"] {
                    assert_eq!(returned["response"][flag], false, "{}", path.display());
                }
            }
            // Nobody decided: the custom flow fails, the answer is wrong.
            cognito_triggers::Trigger::DefineAuthChallenge => {
                assert_eq!(returned["response"]["failAuthentication"], true);
                assert_eq!(returned["response"]["issueTokens"], false);
            }
            cognito_triggers::Trigger::VerifyAuthChallengeResponse => {
                assert_eq!(returned["response"]["answerCorrect"], false);
            }
            // Not found writes Cognito's empty response: every member `null`.
            cognito_triggers::Trigger::UserMigration => {
                let response = returned["response"].as_object().expect("a response");
                assert_eq!(response.len(), 6, "{}", path.display());
                assert!(response.values().all(Value::is_null), "{}", path.display());
            }
            _ => assert_eq!(
                returned,
                without_password(original.clone()),
                "{} must come back untouched (but for a password)",
                path.display()
            ),
        }
    }
}

#[test]
fn pre_sign_up_writes_the_flags_and_keeps_the_rest() {
    let hook = pre_sign_up::from_fn(|request: SignUpRequest| async move {
        assert_eq!(request.email().as_deref(), Some("mary_major@example.com"));
        assert_eq!(
            request.client_metadata().get("GeoLocation").as_deref(),
            Some("NL")
        );
        assert!(request.validation_data().is_empty());
        Ok(SignUpDecision::accept().confirm_user().verify_email())
    });
    let event: PreSignUpEvent = event("PreSignUp_SignUp.json");
    let returned = run(pre_sign_up::handle(&hook, lambda_event(event))).expect("accepted");
    let value = serde_json::to_value(returned).expect("JSON");
    assert_eq!(
        value["response"],
        json!({"autoConfirmUser": true, "autoVerifyEmail": true, "autoVerifyPhone": false})
    );
    assert_eq!(
        without_response(value),
        without_response(json("PreSignUp_SignUp.json"))
    );
}

#[test]
fn unknown_response_members_survive_a_decision() {
    let hook = pre_sign_up::from_fn(|_request: SignUpRequest| async {
        Ok(SignUpDecision::accept().confirm_user())
    });
    let event: PreSignUpEvent = event("variants/presignup-unknown-fields.json");
    let original = json("variants/presignup-unknown-fields.json");
    let returned =
        serde_json::to_value(run(pre_sign_up::handle(&hook, lambda_event(event))).expect("ok"))
            .expect("JSON");
    let Value::Object(original_response) = &original["response"] else {
        panic!("response object")
    };
    for (key, value) in original_response {
        if !key.starts_with("auto") {
            assert_eq!(returned["response"][key], *value, "response.{key}");
        }
    }
    assert_eq!(returned["response"]["autoConfirmUser"], true);
}

#[test]
fn a_rejection_reaches_cognito_verbatim() {
    let hook = pre_sign_up::from_fn(|_request: SignUpRequest| async {
        Err::<SignUpDecision, _>(HookError::reject(
            "Sign-ups from this domain are not allowed.",
        ))
    });
    let error = run(pre_sign_up::handle(
        &hook,
        lambda_event(event("PreSignUp_SignUp.json")),
    ))
    .expect_err("rejected");
    assert!(matches!(error, TriggerError::Rejected { .. }));
    assert_eq!(
        error.cognito_error(),
        "UserLambdaValidationException: PreSignUp failed with error Sign-ups from this domain are not allowed."
    );
}

#[test]
fn a_failure_reaches_cognito_as_the_generic_message() {
    let hook = user_migration::from_fn(|_request: MigrationRequest| async {
        let port: u16 = "not a port".parse()?;
        Ok(MigrationDecision::Migrate(MigratedUser::new([(
            "port",
            port.to_string(),
        )])))
    });
    let error = run(user_migration::handle(
        &hook,
        lambda_event(event("UserMigration_Authentication.json")),
    ))
    .expect_err("failed");
    assert_eq!(error.error_type(), "HookFailed");
    assert_eq!(error.user_message(), GENERIC_USER_MESSAGE);
    assert!(
        error.to_string().contains("invalid digit"),
        "operators see the cause: {error}"
    );
}

#[test]
fn custom_message_sets_only_the_channels_it_writes() {
    let hook = custom_message::from_fn(|request: MessageRequest| async move {
        assert_eq!(request.code_parameter(), Some("{####}"));
        assert_eq!(
            request.client_metadata().get("locale").as_deref(),
            Some("de-DE")
        );
        assert_eq!(request.attribute("given_name").as_deref(), Some("Lena"));
        let code = request.code_parameter().unwrap_or_default().to_owned();
        Ok(Message::default().email("Passwort zurücksetzen", format!("<p>Code: {code}</p>")))
    });
    let event: CustomMessageEvent = event("CustomMessage_ForgotPassword.json");
    let value =
        serde_json::to_value(run(custom_message::handle(&hook, lambda_event(event))).expect("ok"))
            .expect("JSON");
    assert_eq!(
        value["response"],
        json!({"emailSubject": "Passwort zurücksetzen", "emailMessage": "<p>Code: {####}</p>", "smsMessage": null})
    );
}

#[test]
fn custom_message_placeholders_come_from_the_request() {
    let hook = custom_message::from_fn(|request: MessageRequest| async move {
        Ok(Message::default().sms(format!(
            "{} {}",
            request.code_parameter().unwrap_or("?"),
            request.username_parameter().unwrap_or("-")
        )))
    });
    let value = serde_json::to_value(
        run(custom_message::handle(
            &hook,
            lambda_event(event("variants/custommessage-old-placeholder.json")),
        ))
        .expect("ok"),
    )
    .expect("JSON");
    assert_eq!(value["response"]["smsMessage"], "#### -");
    let value = serde_json::to_value(
        run(custom_message::handle(
            &hook,
            lambda_event(event("CustomMessage_AdminCreateUser.json")),
        ))
        .expect("ok"),
    )
    .expect("JSON");
    assert_eq!(value["response"]["smsMessage"], "{####} {username}");
}

#[test]
fn migration_writes_every_response_member() {
    let hook = user_migration::from_fn(|request: MigrationRequest| async move {
        assert_eq!(request.source(), &MigrationSource::Authentication);
        assert_eq!(
            request.password().map(|p| p.expose()),
            Some("Legacy-Passw0rd!")
        );
        Ok(MigrationDecision::Migrate(
            MigratedUser::new([
                ("email", "legacy.user@example.com"),
                ("email_verified", "true"),
            ])
            .final_status(FinalUserStatus::Confirmed)
            .message_action(MessageAction::Suppress)
            .desired_delivery_mediums([DeliveryMedium::Email])
            .force_alias_creation(false)
            .enable_sms_mfa(false),
        ))
    });
    let event: UserMigrationEvent = event("UserMigration_Authentication.json");
    let value =
        serde_json::to_value(run(user_migration::handle(&hook, lambda_event(event))).expect("ok"))
            .expect("JSON");
    assert_eq!(
        value["response"],
        json!({
            "userAttributes": {"email": "legacy.user@example.com", "email_verified": "true"},
            "finalUserStatus": "CONFIRMED", "messageAction": "SUPPRESS",
            "desiredDeliveryMediums": ["EMAIL"], "forceAliasCreation": false, "enableSMSMFA": false
        })
    );
    // The typed password is not sent back; everything else is echoed.
    assert_eq!(value["request"]["password"], Value::Null);
    assert_eq!(
        without_response(value),
        without_password(without_response(json("UserMigration_Authentication.json")))
    );
}

#[test]
fn delivery_medium_json_and_display_are_the_wire_values() {
    for (medium, wire) in [
        (DeliveryMedium::Email, "EMAIL"),
        (DeliveryMedium::Sms, "SMS"),
    ] {
        assert_eq!(serde_json::to_value(medium).expect("JSON"), json!(wire));
        assert_eq!(
            serde_json::from_value::<DeliveryMedium>(json!(wire)).expect("parsed"),
            medium
        );
        assert_eq!(medium.to_string(), wire);
    }
}

#[test]
fn migration_forgot_password_has_no_password_and_not_found_is_untouched() {
    let hook = user_migration::from_fn(|request: MigrationRequest| async move {
        assert_eq!(request.source(), &MigrationSource::ForgotPassword);
        assert!(request.password().is_none());
        assert_eq!(
            request.client_metadata().get("locale").as_deref(),
            Some("de")
        );
        Ok(MigrationDecision::NotFound)
    });
    for name in [
        "UserMigration_ForgotPassword.json",
        "variants/usermigration-forgot-password-password-null.json",
    ] {
        let event: UserMigrationEvent = event(name);
        let returned = run(user_migration::handle(&hook, lambda_event(event))).expect("ok");
        assert_eq!(
            serde_json::to_value(returned).expect("JSON"),
            json(name),
            "{name}"
        );
    }
}

/// A not-found decision writes its own empty response: a placeholder in the incoming `response`
/// (as in other libraries' fixtures) must not come back looking like a migration.
#[test]
fn not_found_writes_an_empty_response_over_placeholders() {
    let hook = user_migration::from_fn(|_request: MigrationRequest| async move {
        Ok(MigrationDecision::NotFound)
    });
    let mut payload = json("UserMigration_Authentication.json");
    payload["response"] = json!({
        "userAttributes": {"email": "placeholder@example.com"},
        "finalUserStatus": "CONFIRMED",
        "messageAction": "SUPPRESS",
        "desiredDeliveryMediums": ["EMAIL"],
        "forceAliasCreation": true,
        "enableSMSMFA": false,
        "somethingElse": 1,
    });
    let event: UserMigrationEvent = serde_json::from_value(payload).expect("event");
    let returned = run(user_migration::handle(&hook, lambda_event(event))).expect("ok");
    let returned = serde_json::to_value(returned).expect("JSON");
    assert_eq!(
        returned["response"],
        json!({
            "userAttributes": null,
            "finalUserStatus": null,
            "messageAction": null,
            "desiredDeliveryMediums": null,
            "forceAliasCreation": null,
            "enableSMSMFA": null,
        })
    );
}

#[test]
fn deadlines_have_a_defined_outcome_per_trigger() {
    // Lambda deadline 600 ms away: the hook gets 100 ms after the safety margin.
    let slow_message = custom_message::from_fn(|_request: MessageRequest| async {
        tokio::time::sleep(Duration::from_secs(3)).await;
        Ok(Message::default().sms("too late {####}"))
    });
    let original = json("CustomMessage_SignUp.json");
    let returned = run(custom_message::handle(
        &slow_message,
        lambda_event_due_in(event("CustomMessage_SignUp.json"), 600),
    ))
    .expect("custom message keeps Cognito's default instead of failing");
    assert_eq!(serde_json::to_value(returned).expect("JSON"), original);

    let slow_sign_up = pre_sign_up::from_fn(|_request: SignUpRequest| async {
        tokio::time::sleep(Duration::from_secs(3)).await;
        Ok(SignUpDecision::accept())
    });
    let error = run(pre_sign_up::handle(
        &slow_sign_up,
        lambda_event_due_in(event("PreSignUp_SignUp.json"), 600),
    ))
    .expect_err("pre sign-up fails safely");
    assert!(matches!(error, TriggerError::DeadlineExceeded { .. }));
    assert_eq!(error.user_message(), GENERIC_USER_MESSAGE);

    let slow_migration = user_migration::from_fn(|_request: MigrationRequest| async {
        tokio::time::sleep(Duration::from_secs(3)).await;
        Ok(MigrationDecision::NotFound)
    });
    let started = std::time::Instant::now();
    let error = run(user_migration::handle(
        &slow_migration,
        lambda_event_due_in(event("UserMigration_Authentication.json"), 600),
    ))
    .expect_err("migration fails safely");
    assert!(matches!(error, TriggerError::DeadlineExceeded { .. }));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the hook was cut off at its budget"
    );
}

#[test]
fn the_budget_never_exceeds_cognitos_five_seconds() {
    let mut context = cognito_triggers::Context::default();
    context.deadline = u64::MAX;
    assert!(cognito_triggers::lifecycle::hook_budget(&context) < Duration::from_secs(5));
}

#[test]
fn a_deadline_that_is_not_a_timestamp_means_no_deadline() {
    // `cargo lambda watch` sends the function timeout (ms) in Lambda-Runtime-Deadline-Ms.
    let mut context = cognito_triggers::Context::default();
    context.deadline = 600_000;
    assert_eq!(
        cognito_triggers::lifecycle::hook_budget(&context),
        cognito_triggers::lifecycle::COGNITO_TIMEOUT - cognito_triggers::lifecycle::SAFETY_MARGIN
    );
    // A real deadline already past leaves no time at all.
    context.deadline = cognito_triggers::lifecycle::EARLIEST_PLAUSIBLE_DEADLINE_MS + 1;
    assert_eq!(
        cognito_triggers::lifecycle::hook_budget(&context),
        Duration::ZERO
    );
}
