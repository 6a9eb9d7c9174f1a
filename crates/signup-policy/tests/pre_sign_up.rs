//! The policy on real event shapes: the samples in `events/`, run through the core's `handle`.

#[cfg(feature = "legacy-guard")]
mod legacy_guard;
mod support;

use cognito_signup_policy::token::{Invite, InviteTokenKey, now_unix};
use cognito_signup_policy::{PolicyConfig, PreSignUpPolicy, RejectionReason};
use cognito_triggers::pre_sign_up::{PreSignUpEvent, handle};
use cognito_triggers::{Field, TriggerError};
use serde_json::json;

fn policy(json: serde_json::Value) -> PreSignUpPolicy {
    PreSignUpPolicy::from_json(&json.to_string()).unwrap_or_else(|error| panic!("{error}"))
}

/// A test key (base64 of 32 bytes); never a production key.
const TOKEN_KEY: &str = "dGVzdC1vbmx5LWludml0ZS10b2tlbi1rZXktMzItYnl0ZXMh";

fn token_key() -> InviteTokenKey {
    InviteTokenKey::from_base64(TOKEN_KEY).unwrap_or_else(|error| panic!("{error}"))
}

/// `json` with the test invite token key.
fn policy_with_key(json: serde_json::Value) -> PreSignUpPolicy {
    let config: PolicyConfig =
        serde_json::from_value(json).unwrap_or_else(|error| panic!("{error}"));
    PreSignUpPolicy::from_parts(config, Some(token_key())).unwrap_or_else(|error| panic!("{error}"))
}

/// A token for `email`, valid for an hour, minted with the test key.
fn token_for(email: &str, confirm: bool, verify_email: bool) -> String {
    let now = now_unix();
    token_key()
        .mint(
            &Invite::new(email, now + 3600)
                .confirm(confirm)
                .verify_email(verify_email),
            now,
        )
        .unwrap_or_else(|error| panic!("{error}"))
}

/// A `SignUp` for `email` carrying `validation_data`.
fn sign_up(email: &str, validation_data: serde_json::Value) -> PreSignUpEvent {
    let mut json = support::raw("PreSignUp_SignUp.json");
    json["request"]["userAttributes"]["email"] = json!(email);
    json["request"]["validationData"] = validation_data;
    support::from_json("sign-up", json)
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
    let policy = PreSignUpPolicy::from_env_with(|_| None)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
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
async fn a_public_sign_up_gets_no_flags_for_its_domain_alone() {
    // The attack: anyone with the app client ID calls SignUp(email=ceo@example.com). Before,
    // the auto-confirm and auto-verify domains confirmed the user and verified the mailbox.
    let rules = json!({
        "auto_confirm_domains": ["example.com"],
        "auto_verify_email_domains": ["example.com"]
    });
    for policy in [policy(rules.clone()), policy_with_key(rules)] {
        let output = accepted(&policy, sign_up("ceo@example.com", json!(null))).await;
        assert_eq!(flags(&output), NO_FLAGS);
        let output = accepted(&policy, support::event("PreSignUp_SignUp.json")).await;
        assert_eq!(flags(&output), NO_FLAGS);
    }
}

#[tokio::test]
async fn an_invite_token_for_the_address_vouches_for_it() {
    let policy = policy_with_key(json!({
        "auto_confirm_domains": ["example.com"],
        "auto_verify_email_domains": ["example.com"]
    }));
    // A token without flags of its own: the domain rules apply to the vouched-for address.
    let token = token_for("ceo@example.com", false, false);
    let output = accepted(
        &policy,
        sign_up("CEO@Example.com", json!({"invite_token": token})),
    )
    .await;
    assert_eq!(flags(&output), (true, true, false));
    // Outside the domain lists, the token's own flags decide.
    let token = token_for("guest@partner.example", true, true);
    let output = accepted(
        &policy,
        sign_up("guest@partner.example", json!({"invite_token": token})),
    )
    .await;
    assert_eq!(flags(&output), (true, true, false));
    let token = token_for("guest@partner.example", false, false);
    let output = accepted(
        &policy,
        sign_up("guest@partner.example", json!({"invite_token": token})),
    )
    .await;
    assert_eq!(flags(&output), NO_FLAGS);
}

#[tokio::test]
async fn a_token_minted_for_another_address_or_key_is_refused() {
    let policy = policy_with_key(json!({"auto_confirm_domains": ["example.com"]}));
    let message = "The invitation is not valid or has expired";
    let attacker_token = token_for("eve@example.com", true, true);
    let error = rejected(
        &policy,
        sign_up("ceo@example.com", json!({"invite_token": attacker_token})),
    )
    .await;
    assert_eq!(error.user_message(), message);

    let other_key = InviteTokenKey::from_base64(&"A".repeat(44)).unwrap_or_else(|e| panic!("{e}"));
    let now = now_unix();
    let forged = other_key
        .mint(&Invite::new("ceo@example.com", now + 60).confirm(true), now)
        .unwrap_or_else(|e| panic!("{e}"));
    let expired = token_key()
        .mint(
            &Invite::new("ceo@example.com", now - 10).confirm(true),
            now - 100,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    for token in [
        forged.as_str(),
        expired.as_str(),
        "v1.not.atoken",
        "garbage",
        "v1.eyJlbWFpbCI6ImNlb0BleGFtcGxlLmNvbSJ9.",
    ] {
        let error = rejected(
            &policy,
            sign_up("ceo@example.com", json!({"invite_token": token})),
        )
        .await;
        assert_eq!(error.user_message(), message, "{token}");
        assert!(!error.to_string().contains(token), "{error}");
    }
    let request = cognito_triggers::lifecycle::Event::request(&sign_up(
        "ceo@example.com",
        json!({"invite_token": expired}),
    ));
    let rejection = policy.decide(&request).err();
    assert_eq!(
        rejection.as_ref().and_then(|r| r.detail()),
        Some("expired"),
        "{rejection:?}"
    );
    // The same token a minute before it expired was fine.
    assert!(policy.decide_at(&request, now - 60).is_ok());
}

/// tracing-core computes a new callsite's interest from the registering thread's default alone
/// while only one dispatcher exists; then a callsite first hit by another test thread stays
/// invisible to this test's subscriber. A second, permanent dispatcher makes it ask every live
/// one.
fn keep_interest_global() {
    static SECOND: std::sync::OnceLock<tracing::Dispatch> = std::sync::OnceLock::new();
    SECOND.get_or_init(|| tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default()));
}

use workspace_harness::LogBuffer;

/// Runs `future` with JSON logs of every level collected; returns its output and the records.
async fn with_json_logs<F: std::future::Future>(future: F) -> (F::Output, Vec<serde_json::Value>) {
    keep_interest_global();
    let logs = LogBuffer::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);
    tracing::callsite::rebuild_interest_cache();
    let output = future.await;
    let records = logs
        .contents()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    (output, records)
}

/// A rejection is logged once, at info, by the core, with the policy's reason code.
#[tokio::test]
async fn each_rejection_is_one_info_record_with_its_reason() {
    let policy = policy_with_key(json!({"blocked_domains": ["example.com"]}));
    let token = token_for("ceo@other.example", false, false);
    for (event, reason) in [
        (support::event("PreSignUp_SignUp.json"), "domain_blocked"),
        (
            sign_up("cfo@other.example", json!({"invite_token": token})),
            "invite_token_invalid:wrong_email",
        ),
    ] {
        let (_, records) = with_json_logs(rejected(&policy, event)).await;
        let info: Vec<_> = records
            .iter()
            .filter(|record| record["level"] == "INFO")
            .collect();
        let [record] = info.as_slice() else {
            panic!("expected one info record, got {info:#?}");
        };
        assert_eq!(
            record["fields"]["message"], "request rejected by the hook",
            "{record}"
        );
        assert_eq!(record["fields"]["reason"], reason, "{record}");
        assert_eq!(record["fields"]["trigger_source"], "PreSignUp_SignUp");
    }
}

#[tokio::test]
async fn tokens_and_addresses_never_reach_the_logs() {
    keep_interest_global();
    let logs = LogBuffer::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);
    // Other tests' threads may have cached "no subscriber, no interest" for shared callsites.
    tracing::callsite::rebuild_interest_cache();

    let policy = policy_with_key(json!({"auto_confirm_domains": ["example.com"]}));
    let token = token_for("ceo@example.com", true, true);
    accepted(
        &policy,
        sign_up("ceo@example.com", json!({"invite_token": token})),
    )
    .await;
    // Again: a callsite another test thread registered while this subscriber was being set up
    // can keep a stale "never" interest until the cache is rebuilt once more.
    tracing::callsite::rebuild_interest_cache();
    let error = rejected(
        &policy,
        sign_up("cfo@example.com", json!({"invite_token": token})),
    )
    .await;
    let logged = logs.contents();
    assert!(logged.contains("invite_token_invalid"), "{logged}");
    assert!(logged.contains("wrong_email"), "{logged}");
    let payload = token.split('.').nth(1).unwrap_or_default();
    for secret in [token.as_str(), payload, TOKEN_KEY, "ceo@", "cfo@"] {
        assert!(!logged.contains(secret), "{secret} logged: {logged}");
        assert!(
            !format!("{error:?}").contains(secret),
            "{secret} in {error:?}"
        );
    }
}

#[tokio::test]
async fn without_a_key_tokens_are_ignored_and_grant_nothing() {
    let policy = policy(json!({"auto_confirm_domains": ["example.com"]}));
    let token = token_for("ceo@example.com", true, true);
    let output = accepted(
        &policy,
        sign_up("ceo@example.com", json!({"invite_token": token})),
    )
    .await;
    assert_eq!(flags(&output), NO_FLAGS);
}

#[tokio::test]
async fn required_tokens_make_the_pool_invite_only() {
    let config: PolicyConfig = serde_json::from_value(json!({"invite_token": {"required": true}}))
        .unwrap_or_else(|e| panic!("{e}"));
    let error = PreSignUpPolicy::from_parts(config.clone(), None)
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    assert!(error.contains("invite_token.required"), "{error}");
    assert!(error.contains("PRE_SIGN_UP_INVITE_TOKEN_KEY"), "{error}");

    let policy =
        PreSignUpPolicy::from_parts(config, Some(token_key())).unwrap_or_else(|e| panic!("{e}"));
    let error = rejected(&policy, sign_up("ceo@example.com", json!(null))).await;
    assert_eq!(
        error.user_message(),
        "An invite code is required to sign up"
    );
    let token = token_for("ceo@example.com", false, false);
    let output = accepted(
        &policy,
        sign_up("ceo@example.com", json!({"invite_token": token})),
    )
    .await;
    assert_eq!(flags(&output), NO_FLAGS);
}

#[tokio::test]
async fn a_look_alike_domain_is_not_the_ascii_domain() {
    // U+212A KELVIN SIGN lower-cases to `k` with Unicode rules: before, `wor\u{212a}.example`
    // passed an allow list of `work.example`.
    let policy = policy(json!({"allowed_domains": ["work.example"]}));
    let error = rejected(&policy, sign_up("eve@wor\u{212a}.example", json!(null))).await;
    assert_eq!(
        error.user_message(),
        "Please write the email address's domain in plain ASCII letters (an international domain in its xn-- form)"
    );
    accepted(&policy, sign_up("eve@WORK.example", json!(null))).await;
    let blocking = policy_with_key(json!({"blocked_domains": ["k.example"]}));
    rejected(&blocking, sign_up("eve@\u{212a}.example", json!(null))).await;
    let error = PreSignUpPolicy::from_json(r#"{"allowed_domains": ["wor\u212a.example"]}"#)
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    assert!(error.contains("xn--"), "{error}");
}

#[tokio::test]
async fn invite_codes_are_checked_on_sign_up() {
    let policy = policy(json!({
        "invite_code": {
            // `printf %s X7K2-9QPL-M4TZ | sha256sum`
            "sha256": ["f926e319134cf311507035ebc03e3ff65b83a21acb00903f2098a1ab5d07410a"]
        }
    }));
    let sample = "variants/presignup-validation-data-uuid-username.json";
    // The sample carries `inviteCode: X7K2`, which is not one of the codes.
    let error = rejected(&policy, support::event(sample)).await;
    assert_eq!(error.user_message(), "The invite code is not valid");

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
    accepted(
        &policy,
        with_validation_data(sample, json!({"inviteCode": "X7K2-9QPL-M4TZ"})),
    )
    .await;
}

#[tokio::test]
async fn a_domain_never_exempts_a_public_sign_up_from_the_invite() {
    // Before, `exempt_domains: ["example.com"]` let anyone who typed an example.com address in.
    let error = PreSignUpPolicy::from_json(
        &json!({"invite_code": {"codes": ["X7K2-9QPL-M4TZ"], "exempt_domains": ["example.com"]}})
            .to_string(),
    )
    .err()
    .map(|error| error.to_string())
    .unwrap_or_default();
    assert!(
        error.contains("invite_code.exempt_domains") && error.contains("removed"),
        "{error}"
    );
    let policy = policy_with_key(json!({
        "auto_confirm_domains": ["example.com"],
        "invite_code": {"codes": ["X7K2-9QPL-M4TZ"]}
    }));
    let error = rejected(&policy, sign_up("ceo@example.com", json!(null))).await;
    assert_eq!(
        error.user_message(),
        "An invite code is required to sign up"
    );
    // A code lets them in, without flags; a token for the address also does, with them.
    let output = accepted(
        &policy,
        sign_up("ceo@example.com", json!({"inviteCode": "X7K2-9QPL-M4TZ"})),
    )
    .await;
    assert_eq!(flags(&output), NO_FLAGS);
    let token = token_for("ceo@example.com", false, false);
    let output = accepted(
        &policy,
        sign_up("ceo@example.com", json!({"invite_token": token})),
    )
    .await;
    assert_eq!(flags(&output), (true, false, false));
}

#[tokio::test]
async fn admin_created_users_need_no_invite_code_and_get_no_flags() {
    let policy = policy(json!({
        "auto_confirm_domains": ["example.com"],
        "auto_verify_email_domains": ["example.com"],
        "invite_code": {"codes": ["X7K2-9QPL-M4TZ"]}
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
        "required_attributes": ["given_name"]
    });
    // No top-level required attributes, no domain flags.
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
async fn an_invite_only_pool_is_not_opened_by_a_social_login() {
    // Before, federated first sign-ins skipped the invite entirely.
    let sample = "PreSignUp_ExternalProvider.json";
    let invite_only = json!({"invite_code": {"codes": ["X7K2-9QPL-M4TZ"]}});
    let error = rejected(&policy(invite_only.clone()), support::event(sample)).await;
    assert_eq!(
        error.user_message(),
        "An invite code is required to sign up"
    );

    let mut exempt = invite_only.clone();
    exempt["external_provider"] = json!({"invite_exempt_domains": ["gmail.com"]});
    accepted(&policy(exempt.clone()), support::event(sample)).await;
    exempt["external_provider"] = json!({"invite_exempt_domains": ["example.com"]});
    rejected(&policy(exempt), support::event(sample)).await;

    let mut open = invite_only;
    open["external_provider"] = json!({"require_invite": false});
    accepted(&policy(open), support::event(sample)).await;

    // Without an invite requirement, federated users are not asked for one.
    accepted(&policy(json!({})), support::event(sample)).await;
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

#[tokio::test]
async fn environment_variables_configure_the_policy() {
    let vars = [
        (
            "PRE_SIGN_UP_CONFIG",
            r#"{"auto_confirm_domains": ["example.com"]}"#,
        ),
        (
            "PRE_SIGN_UP_BLOCKED_DOMAINS",
            "blocked.example, *.blocked.example",
        ),
        ("PRE_SIGN_UP_INVITE_CODES", "X7K2-9QPL-M4TZ"),
        ("PRE_SIGN_UP_INVITE_TOKEN_KEY", TOKEN_KEY),
    ];
    let policy = PreSignUpPolicy::from_env_with(|name| {
        vars.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned())
    })
    .await
    .unwrap_or_else(|error| panic!("{error}"));
    let request = |email: &str, data: serde_json::Value| {
        cognito_triggers::lifecycle::Event::request(&sign_up(email, data))
    };
    let token = token_for("a@example.com", false, false);
    assert!(
        policy
            .decide(&request("a@example.com", json!({"invite_token": token})))
            .is_ok_and(|decision| decision.confirm_user)
    );
    assert_eq!(
        policy
            .decide(&request("a@x.blocked.example", json!(null)))
            .err()
            .map(|r| r.reason()),
        Some(RejectionReason::DomainBlocked)
    );
    assert_eq!(
        policy
            .decide(&request("a@example.com", json!(null)))
            .err()
            .map(|r| r.reason()),
        Some(RejectionReason::InviteCodeRequired)
    );
}

#[tokio::test]
async fn an_unusable_token_key_stops_the_function() {
    for (vars, expected) in [
        (
            vec![("PRE_SIGN_UP_INVITE_TOKEN_KEY", "c2hvcnQ=")],
            "PRE_SIGN_UP_INVITE_TOKEN_KEY: the key is 5 bytes long",
        ),
        (
            vec![("PRE_SIGN_UP_INVITE_TOKEN_KEY", "%%% not base64 %%%")],
            "not base64",
        ),
        (
            vec![("PRE_SIGN_UP_INVITE_TOKEN_KEY_FILE", "/nonexistent/key")],
            "PRE_SIGN_UP_INVITE_TOKEN_KEY_FILE: cannot read the key file /nonexistent/key",
        ),
        (
            vec![
                ("PRE_SIGN_UP_INVITE_TOKEN_KEY", TOKEN_KEY),
                ("PRE_SIGN_UP_INVITE_TOKEN_KEY_FILE", "/k"),
            ],
            "both set",
        ),
    ] {
        let error = PreSignUpPolicy::from_env_with(|name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
        .await
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
        assert!(error.contains(expected), "{vars:?}: {error}");
        assert!(
            !error.contains("c2hvcnQ") && !error.contains(TOKEN_KEY),
            "{error}"
        );
    }
    // A key file works like the variable.
    let path = std::env::temp_dir().join(format!("invite-key-{}", std::process::id()));
    std::fs::write(&path, format!("{TOKEN_KEY}\n")).unwrap_or_else(|e| panic!("{e}"));
    let policy = PreSignUpPolicy::from_env_with(|name| {
        (name == "PRE_SIGN_UP_INVITE_TOKEN_KEY_FILE").then(|| path.display().to_string())
    })
    .await;
    let _ignored = std::fs::remove_file(&path);
    let policy = policy.unwrap_or_else(|error| panic!("{error}"));
    let debug = format!("{policy:?}");
    assert!(debug.contains("InviteTokenKey([redacted])"), "{debug}");
    assert!(!debug.contains(TOKEN_KEY), "{debug}");
}

#[tokio::test]
async fn a_bad_list_variable_is_named_in_the_error() {
    let error = PreSignUpPolicy::from_env_with(|name| {
        (name == "PRE_SIGN_UP_BLOCKED_DOMAINS").then(|| "ok.example, *".to_owned())
    })
    .await
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
            json!({"invite_code": {"exempt_domains": []}}),
            "invite_code.exempt_domains: this setting was removed",
        ),
        (
            json!({"auto_verify_phone_domains": ["example.com"]}),
            "auto_verify_phone_domains: this setting was removed",
        ),
        (
            json!({"invite_code": {"codes": ["WELCOME-2026"], "validation_data_key": " "}}),
            "validation_data_key",
        ),
        (
            json!({"invite_code": {"codes": ["X7K2"]}}),
            "invite_code.codes: an invite code has 4 characters; use at least 12",
        ),
        (
            json!({"invite_token": {"validation_data_key": ""}}),
            "invite_token.validation_data_key",
        ),
        (json!({"legacy_guard": true}), "legacy_guard"),
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
        assert!(!error.contains("X7K2"), "{error}");
    }
}

#[test]
fn the_readme_policy_example_loads() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .unwrap_or_else(|error| panic!("{error}"));
    let json = readme
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_else(|| panic!("no JSON policy in the README"));
    if let Err(error) = PreSignUpPolicy::from_json(json) {
        panic!("the README's policy does not load: {error}");
    }
}

/// A function that cannot start says why in one line naming the setting, not an error's
/// `Debug` form: a policy that does not load, or no Lambda Runtime API.
#[test]
fn the_binary_refuses_to_start_with_one_readable_line() {
    let binary = env!("CARGO_BIN_EXE_pre-sign-up");
    let line = workspace_harness::refusal_line(binary, &[("PRE_SIGN_UP_CONFIG", "{")]);
    assert!(
        line.starts_with("pre-sign-up: refusing to start: "),
        "{line}"
    );
    assert!(line.contains("PRE_SIGN_UP_CONFIG"), "{line}");
    let line = workspace_harness::refusal_line(binary, &[]);
    assert!(line.starts_with("pre-sign-up: "), "{line}");
    assert!(line.contains("AWS_LAMBDA_RUNTIME_API"), "{line}");
    // What works for any function built on the core, not only this workspace's.
    assert!(
        line.contains("cargo lambda watch") && line.contains("cargo lambda invoke"),
        "{line}"
    );
    assert!(!line.contains("cognito-triggers invoke"), "{line}");
}
