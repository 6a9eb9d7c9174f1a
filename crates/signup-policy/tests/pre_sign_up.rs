//! The policy on real event shapes: the samples in `events/`, run through the core's `handle`.

mod support;

use cognito_signup_policy::{PreSignUpPolicy, RejectionReason};
use cognito_triggers::pre_sign_up::{PreSignUpEvent, handle};
use cognito_triggers::{Field, TriggerError};
use serde_json::json;

fn policy(json: serde_json::Value) -> PreSignUpPolicy {
    PreSignUpPolicy::from_json(&json.to_string()).unwrap_or_else(|error| panic!("{error}"))
}

async fn accepted(policy: &PreSignUpPolicy, event: PreSignUpEvent) -> PreSignUpEvent {
    match handle(policy, support::invocation(event)).await {
        Ok(event) => event,
        Err(error) => panic!("expected acceptance, got {error}"),
    }
}

async fn rejected(policy: &PreSignUpPolicy, event: PreSignUpEvent) -> TriggerError {
    match handle(policy, support::invocation(event)).await {
        Ok(event) => panic!("expected a rejection, got {:?}", event.response),
        Err(error) => error,
    }
}

/// The three response flags as written back.
fn flags(event: &PreSignUpEvent) -> (bool, bool, bool) {
    let response = event
        .response
        .as_option()
        .unwrap_or_else(|| panic!("no response written"));
    let flag = |field: &Field<bool>| match field {
        Field::Value(flag) => *flag,
        other => panic!("flag not written: {other:?}"),
    };
    (
        flag(&response.auto_confirm_user),
        flag(&response.auto_verify_email),
        flag(&response.auto_verify_phone),
    )
}

/// `event` with its email attribute (and `userName`) replaced.
fn with_email(name: &str, email: &str) -> PreSignUpEvent {
    let mut json = support::raw(name);
    json["request"]["userAttributes"]["email"] = json!(email);
    support::from_json(name, json)
}

fn with_validation_data(name: &str, data: serde_json::Value) -> PreSignUpEvent {
    let mut json = support::raw(name);
    json["request"]["validationData"] = data;
    support::from_json(name, json)
}

const NO_FLAGS: (bool, bool, bool) = (false, false, false);

#[tokio::test]
async fn without_configuration_every_sample_is_accepted_unchanged() {
    let policy = PreSignUpPolicy::from_env_with(|_| None).unwrap_or_else(|error| panic!("{error}"));
    assert!(policy.is_accept_all());
    for name in support::all_pre_sign_up_samples() {
        let event = support::event(&name);
        let request_before = serde_json::to_value(&event.request).unwrap_or_default();
        let output = accepted(&policy, event).await;
        assert_eq!(flags(&output), NO_FLAGS, "{name}");
        assert_eq!(
            serde_json::to_value(&output.request).unwrap_or_default(),
            request_before,
            "{name}: request changed"
        );
    }
}

#[tokio::test]
async fn a_blocked_domain_is_rejected_with_a_user_safe_message() {
    let policy = policy(json!({"blocked_domains": ["example.com", "*.spam.example"]}));
    let error = rejected(&policy, support::event("PreSignUp_SignUp.json")).await;
    assert_eq!(
        error.user_message(),
        "Sign-ups with email addresses at example.com are not allowed"
    );
    assert_eq!(
        error.cognito_error(),
        "UserLambdaValidationException: PreSignUp failed with error \
         Sign-ups with email addresses at example.com are not allowed."
    );
    let error = rejected(
        &policy,
        with_email("PreSignUp_SignUp.json", "x@mail.spam.example"),
    )
    .await;
    assert!(error.user_message().contains("mail.spam.example"));
    let output = accepted(
        &policy,
        with_email("PreSignUp_SignUp.json", "x@spam.example"),
    )
    .await;
    assert_eq!(flags(&output), NO_FLAGS);
}

#[tokio::test]
async fn an_allow_list_admits_only_its_domains() {
    let policy = policy(json!({"allowed_domains": ["example.com"]}));
    accepted(&policy, support::event("PreSignUp_SignUp.json")).await;
    let error = rejected(
        &policy,
        with_email("PreSignUp_SignUp.json", "eve@other.example"),
    )
    .await;
    assert!(
        error.user_message().contains("other.example"),
        "{}",
        error.user_message()
    );

    let mut json = support::raw("PreSignUp_SignUp.json");
    if let Some(attributes) = json["request"]["userAttributes"].as_object_mut() {
        attributes.remove("email");
    }
    let error = rejected(&policy, support::from_json("no email", json)).await;
    assert_eq!(
        error.user_message(),
        "An email address is required to sign up"
    );

    let error = rejected(
        &policy,
        with_email("PreSignUp_SignUp.json", "not-an-address"),
    )
    .await;
    assert_eq!(error.user_message(), "Please enter a valid email address");
}

#[tokio::test]
async fn domain_rules_set_the_flags_on_sign_up() {
    let policy = policy(json!({
        "auto_confirm_domains": ["example.com"],
        "auto_verify_email_domains": ["example.com"],
        "auto_verify_phone_domains": ["example.com", "*.example.org"]
    }));
    // P1 has an email at example.com and a phone number.
    let output = accepted(&policy, support::event("PreSignUp_SignUp.json")).await;
    assert_eq!(flags(&output), (true, true, true));
    // No phone number: the phone flag would make Cognito fail the sign-up, so it stays off.
    let output = accepted(
        &policy,
        support::event("variants/presignup-validation-data-uuid-username.json"),
    )
    .await;
    assert_eq!(flags(&output), (true, true, false));
    let output = accepted(
        &policy,
        with_email("PreSignUp_SignUp.json", "a@b.example.org"),
    )
    .await;
    assert_eq!(flags(&output), (false, false, true));
    let output = accepted(
        &policy,
        with_email("PreSignUp_SignUp.json", "a@example.net"),
    )
    .await;
    assert_eq!(flags(&output), NO_FLAGS);
}

#[tokio::test]
async fn invite_codes_are_checked_on_sign_up() {
    let policy = policy(json!({
        "invite_code": {
            // `printf %s X7K2 | sha256sum`
            "sha256": ["e1061d7860e2ac3b34d9902c8e7ffc880026a22cb9f7f3fbcab9bd0145ee86c0"],
            "exempt_domains": ["staff.example"]
        }
    }));
    let sample = "variants/presignup-validation-data-uuid-username.json";
    accepted(&policy, support::event(sample)).await;

    let error = rejected(
        &policy,
        with_validation_data(sample, json!({"inviteCode": "WRONG"})),
    )
    .await;
    assert_eq!(error.user_message(), "The invite code is not valid");
    let error = rejected(&policy, with_validation_data(sample, json!(null))).await;
    assert_eq!(
        error.user_message(),
        "An invite code is required to sign up"
    );
    let error = rejected(
        &policy,
        with_validation_data(sample, json!({"inviteCode": "  "})),
    )
    .await;
    assert_eq!(
        error.user_message(),
        "An invite code is required to sign up"
    );

    let mut json = support::raw(sample);
    json["request"]["validationData"] = json!(null);
    json["request"]["userAttributes"]["email"] = json!("ops@staff.example");
    accepted(&policy, support::from_json("exempt", json)).await;
}

#[tokio::test]
async fn admin_created_users_need_no_invite_code_and_get_no_flags() {
    let policy = policy(json!({
        "auto_confirm_domains": ["example.com"],
        "auto_verify_email_domains": ["example.com"],
        "invite_code": {"codes": ["X7K2"]}
    }));
    let output = accepted(&policy, support::event("PreSignUp_AdminCreateUser.json")).await;
    assert_eq!(flags(&output), NO_FLAGS);
}

#[tokio::test]
async fn admin_created_users_follow_the_domain_rules_unless_switched_off() {
    let blocked = json!({"blocked_domains": ["example.com"], "required_attributes": ["name"]});
    let policy_on = policy(blocked.clone());
    let error = rejected(&policy_on, support::event("PreSignUp_AdminCreateUser.json")).await;
    assert_eq!(
        error.user_message(),
        "Please provide the following to sign up: name"
    );

    let mut relaxed = blocked;
    relaxed["admin_create_user"] =
        json!({"enforce_domains": false, "enforce_required_attributes": false});
    accepted(
        &policy(relaxed),
        support::event("PreSignUp_AdminCreateUser.json"),
    )
    .await;
}

#[tokio::test]
async fn federated_users_have_their_own_rules() {
    let sample = "PreSignUp_ExternalProvider.json";
    let base = json!({
        "auto_confirm_domains": ["gmail.com"],
        "auto_verify_email_domains": ["gmail.com"],
        "required_attributes": ["given_name"],
        "invite_code": {"codes": ["X7K2"]}
    });
    // No invite code, no top-level required attributes, no domain flags.
    let output = accepted(&policy(base.clone()), support::event(sample)).await;
    assert_eq!(flags(&output), NO_FLAGS);

    let mut trusting = base.clone();
    trusting["external_provider"] =
        json!({"trust_verified_email": true, "trust_verified_phone": true});
    let output = accepted(&policy(trusting.clone()), support::event(sample)).await;
    assert_eq!(flags(&output), (false, true, false));

    let mut unverified = support::raw(sample);
    unverified["request"]["userAttributes"]["email_verified"] = json!("false");
    let output = accepted(
        &policy(trusting),
        support::from_json("unverified", unverified),
    )
    .await;
    assert_eq!(flags(&output), NO_FLAGS);

    let mut blocking = base.clone();
    blocking["blocked_domains"] = json!(["gmail.com"]);
    let error = rejected(&policy(blocking.clone()), support::event(sample)).await;
    assert!(error.user_message().contains("gmail.com"));
    blocking["external_provider"] = json!({"enforce_domains": false});
    accepted(&policy(blocking), support::event(sample)).await;

    let mut requiring = base;
    requiring["external_provider"] = json!({"required_attributes": ["name", "email"]});
    let error = rejected(&policy(requiring), support::event(sample)).await;
    assert_eq!(
        error.user_message(),
        "Please provide the following to sign up: name"
    );
}

#[tokio::test]
async fn required_attributes_are_listed_in_the_message() {
    let policy = policy(json!({"required_attributes": ["given_name", "family_name", "email"]}));
    let error = rejected(&policy, support::event("PreSignUp_SignUp.json")).await;
    assert_eq!(
        error.user_message(),
        "Please provide the following to sign up: given_name, family_name"
    );
    let policy = policy_with_blank_name();
    let error = rejected(&policy.0, policy.1).await;
    assert!(error.user_message().ends_with(": name"));
}

fn policy_with_blank_name() -> (PreSignUpPolicy, PreSignUpEvent) {
    let mut json = support::raw("PreSignUp_SignUp.json");
    json["request"]["userAttributes"]["name"] = json!("   ");
    (
        policy(json!({"required_attributes": ["name"]})),
        support::from_json("blank name", json),
    )
}

#[tokio::test]
async fn messages_can_be_replaced() {
    let policy = policy(json!({
        "blocked_domains": ["example.com"],
        "messages": {"domain_blocked": "Bitte nutzen Sie Ihre Firmenadresse ({domain} ist gesperrt)"}
    }));
    let error = rejected(&policy, support::event("PreSignUp_SignUp.json")).await;
    assert_eq!(
        error.user_message(),
        "Bitte nutzen Sie Ihre Firmenadresse (example.com ist gesperrt)"
    );
}

#[tokio::test]
async fn unknown_trigger_sources_are_accepted_unchanged() {
    let mut json = support::raw("PreSignUp_SignUp.json");
    json["triggerSource"] = json!("PreSignUp_SomethingNew");
    let policy = policy(
        json!({"blocked_domains": ["example.com"], "auto_confirm_domains": ["example.com"]}),
    );
    let output = accepted(&policy, support::from_json("unknown source", json)).await;
    assert_eq!(flags(&output), NO_FLAGS);
}

#[test]
fn decide_reports_the_rule_that_refused() {
    let policy = policy(json!({"allowed_domains": ["example.org"]}));
    let request =
        cognito_triggers::lifecycle::Event::request(&support::event("PreSignUp_SignUp.json"));
    let rejection = policy.decide(&request).err();
    assert_eq!(
        rejection.map(|rejection| rejection.reason()),
        Some(RejectionReason::DomainNotAllowed)
    );
}

#[test]
fn environment_variables_configure_the_policy() {
    let vars = [
        (
            "PRE_SIGN_UP_CONFIG",
            r#"{"auto_confirm_domains": ["example.com"]}"#,
        ),
        (
            "PRE_SIGN_UP_BLOCKED_DOMAINS",
            "blocked.example, *.blocked.example",
        ),
        ("PRE_SIGN_UP_INVITE_CODES", "X7K2"),
        ("PRE_SIGN_UP_INVITE_EXEMPT_DOMAINS", "example.com"),
    ];
    let policy = PreSignUpPolicy::from_env_with(|name| {
        vars.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned())
    })
    .unwrap_or_else(|error| panic!("{error}"));
    let request = |email: &str| {
        cognito_triggers::lifecycle::Event::request(&with_email("PreSignUp_SignUp.json", email))
    };
    assert!(
        policy
            .decide(&request("a@example.com"))
            .is_ok_and(|decision| decision.confirm_user)
    );
    assert_eq!(
        policy
            .decide(&request("a@x.blocked.example"))
            .err()
            .map(|r| r.reason()),
        Some(RejectionReason::DomainBlocked)
    );
    assert_eq!(
        policy
            .decide(&request("a@other.example"))
            .err()
            .map(|r| r.reason()),
        Some(RejectionReason::InviteCodeRequired)
    );
}

#[test]
fn a_bad_list_variable_is_named_in_the_error() {
    let error = PreSignUpPolicy::from_env_with(|name| {
        (name == "PRE_SIGN_UP_BLOCKED_DOMAINS").then(|| "ok.example, *".to_owned())
    })
    .err()
    .map(|error| error.to_string())
    .unwrap_or_default();
    assert!(
        error.starts_with(
            "pre sign-up policy setting PRE_SIGN_UP_BLOCKED_DOMAINS (blocked_domains): `*`"
        ),
        "{error}"
    );
}

#[test]
fn bad_configuration_is_refused_with_the_setting_named() {
    for (config, expected) in [
        (json!({"blocked_domains": ["*"]}), "blocked_domains"),
        (
            json!({"allowed_domains": ["a@example.com"]}),
            "allowed_domains",
        ),
        (
            json!({"invite_code": {"sha256": ["abc"]}}),
            "invite_code.sha256",
        ),
        (
            json!({"invite_code": {"exempt_domains": ["example.com"]}}),
            "no invite codes",
        ),
        (
            json!({"invite_code": {"codes": ["A"], "validation_data_key": " "}}),
            "validation_data_key",
        ),
        (
            json!({"required_attributes": ["given name"]}),
            "required_attributes",
        ),
        (
            json!({"messages": {"invite_code_invalid": ""}}),
            "messages.invite_code_invalid",
        ),
        (
            json!({"external_provider": {"trust_email": true}}),
            "unknown field `trust_email`",
        ),
    ] {
        let error = match PreSignUpPolicy::from_json(&config.to_string()) {
            Ok(policy) => panic!("{config} was accepted: {policy:?}"),
            Err(error) => error.to_string(),
        };
        assert!(error.contains(expected), "{config}: {error}");
    }
}
