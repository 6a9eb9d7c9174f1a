//! Post confirmation, pre and post authentication and pre token generation: tolerant events,
//! views, decisions and Cognito's rules, with the `testing` builders.

use cognito_triggers::post_authentication::{self, PostAuthRequest, PostAuthenticationEvent};
use cognito_triggers::post_confirmation::{
    self, ConfirmationRequest, ConfirmationSource, PostConfirmationEvent,
};
use cognito_triggers::pre_authentication::{self, PreAuthRequest, PreAuthenticationEvent};
use cognito_triggers::pre_token_generation::{
    self, GroupOverride, PreTokenGenerationEvent, TokenDecision, TokenRequest, TokenSource,
    TokenVersion,
};
use cognito_triggers::testing::{self, SAMPLES};
use cognito_triggers::{HookError, TriggerError};
use serde_json::{Value, json};

use crate::support::{event, event_bytes, json, route, run};

#[test]
fn every_known_source_of_every_trigger_has_a_sample() {
    let sources = ConfirmationSource::KNOWN
        .iter()
        .map(ToString::to_string)
        .chain(
            cognito_triggers::pre_authentication::PreAuthSource::KNOWN
                .iter()
                .map(ToString::to_string),
        )
        .chain(
            cognito_triggers::post_authentication::PostAuthSource::KNOWN
                .iter()
                .map(ToString::to_string),
        )
        .chain(TokenSource::KNOWN.iter().map(ToString::to_string));
    for source in sources {
        assert!(testing::sample(&source).is_some(), "{source}");
        assert_eq!(json(&format!("{source}.json"))["triggerSource"], source);
    }
    assert!(SAMPLES.len() >= 22);
}

#[test]
fn post_confirmation_reads_both_sources_and_boolean_attributes() {
    let forgot = ConfirmationRequest::builder(ConfirmationSource::ConfirmForgotPassword).request();
    assert_eq!(forgot.source(), &ConfirmationSource::ConfirmForgotPassword);
    assert!(forgot.client_metadata().is_empty());
    let booleans: PostConfirmationEvent =
        event("variants/postconfirmation-boolean-attributes.json");
    let request = cognito_triggers::lifecycle::Event::request(&booleans);
    assert!(request.user_attributes().is_true("email_verified"));
    assert_eq!(request.username(), "mary_major");
}

#[test]
fn post_confirmation_echoes_the_event_and_a_rejection_reaches_the_caller() {
    let builder = ConfirmationRequest::builder(ConfirmationSource::ConfirmSignUp);
    let ok = post_confirmation::from_fn(|_request: ConfirmationRequest| async move { Ok(()) });
    let returned = run(testing::call(&ok, builder.event())).expect("ok");
    assert_eq!(
        serde_json::to_value(&returned).expect("json"),
        builder.json()
    );

    let refuse = post_confirmation::from_fn(|_request: ConfirmationRequest| async move {
        Err(HookError::reject("Profile could not be created"))
    });
    let result = run(testing::call(&refuse, builder.event()));
    testing::assert_rejected(&result, "Profile could not be created");
}

#[test]
fn pre_authentication_sees_validation_data_and_user_not_found() {
    let hook = pre_authentication::from_fn(|request: PreAuthRequest| async move {
        if request.user_not_found()
            || request.validation_data().get("app").as_deref() != Some("shop")
        {
            return Err(HookError::reject("Please sign in from the app"));
        }
        Ok(())
    });
    let allowed = PreAuthRequest::builder().validation_data("app", "shop");
    assert!(run(testing::call(&hook, allowed.event())).is_ok());
    let unknown = PreAuthRequest::builder()
        .validation_data("app", "shop")
        .user_not_found();
    testing::assert_rejected(
        &run(testing::call(&hook, unknown.event())),
        "Please sign in from the app",
    );
    let null: PreAuthenticationEvent =
        event("variants/preauthentication-validation-data-null.json");
    let result = run(testing::call(&hook, null));
    testing::assert_rejected(&result, "Please sign in from the app");
}

#[test]
fn post_authentication_new_device_used_may_be_absent_or_null() {
    assert_eq!(
        PostAuthRequest::builder()
            .new_device_used(None)
            .request()
            .new_device_used(),
        None
    );
    assert_eq!(
        PostAuthRequest::builder().request().new_device_used(),
        Some(true)
    );
    let null: PostAuthenticationEvent =
        event("variants/postauthentication-new-device-used-null-boolean-attributes.json");
    let request = cognito_triggers::lifecycle::Event::request(&null);
    assert_eq!(request.new_device_used(), None);
    assert!(request.user_attributes().is_true("email_verified"));
    let unknown: PostAuthenticationEvent = event("variants/postauthentication-unknown-source.json");
    assert_eq!(
        unknown.trigger_source.as_str(),
        "PostAuthentication_Passkey"
    );
    let hook = post_authentication::from_fn(|_request: PostAuthRequest| async move { Ok(()) });
    assert!(run(testing::call(&hook, unknown)).is_ok());
}

fn token_hook(decision: TokenDecision) -> impl pre_token_generation::PreTokenGeneration {
    pre_token_generation::from_fn(move |_request: TokenRequest| {
        let decision = decision.clone();
        async move { Ok(decision) }
    })
}

fn returned_json(
    decision: TokenDecision,
    event: PreTokenGenerationEvent,
) -> Result<Value, TriggerError> {
    run(testing::call(&token_hook(decision), event))
        .map(|returned| serde_json::to_value(&returned).expect("json"))
}

#[test]
fn v2_claims_and_scopes_are_written_without_a_group_override() {
    let decision = TokenDecision::keep()
        .id_claim("department", "sales")
        .access_claim("tenant", json!({"id": 7, "tier": "gold"}))
        .suppress_access_claim("email")
        .add_scope("orders/read")
        .suppress_scope("aws.cognito.signin.user.admin");
    let returned = returned_json(
        decision.clone(),
        TokenRequest::builder(TokenSource::Authentication).event(),
    )
    .expect("written");
    let details = &returned["response"]["claimsAndScopeOverrideDetails"];
    assert_eq!(
        details["idTokenGeneration"]["claimsToAddOrOverride"]["department"],
        "sales"
    );
    assert_eq!(
        details["accessTokenGeneration"]["claimsToAddOrOverride"]["tenant"]["id"],
        7
    );
    assert_eq!(
        details["accessTokenGeneration"]["scopesToAdd"],
        json!(["orders/read"])
    );
    // No group override unless the hook set one: an empty one would strip the user's groups.
    assert!(details.get("groupOverrideDetails").is_none(), "{details}");
    assert!(returned["response"].get("claimsOverrideDetails").is_none());
    let back: PreTokenGenerationEvent = serde_json::from_value(returned).expect("decodes");
    assert_eq!(testing::decision(&back), decision);
}

#[test]
fn v1_is_written_as_claims_override_details_and_groups_only_when_set() {
    let v1 = TokenRequest::builder(TokenSource::HostedAuth).version("1");
    assert_eq!(v1.request().version(), &TokenVersion::V1);
    let keep_groups = v1.request().groups().clone();
    assert_eq!(keep_groups.groups, ["admins", "staff"]);
    let decision = TokenDecision::keep()
        .id_claim("department", "sales")
        .groups(GroupOverride {
            groups: vec!["staff".into()],
            ..keep_groups
        });
    let returned = returned_json(decision, v1.event()).expect("written");
    let details = &returned["response"]["claimsOverrideDetails"];
    assert_eq!(details["claimsToAddOrOverride"]["department"], "sales");
    assert_eq!(
        details["groupOverrideDetails"]["groupsToOverride"],
        json!(["staff"])
    );
    assert!(
        returned["response"]
            .get("claimsAndScopeOverrideDetails")
            .is_none()
    );

    // An explicit empty override is written: it removes the groups, as asked.
    let returned = returned_json(
        TokenDecision::keep().groups(GroupOverride::default()),
        TokenRequest::builder(TokenSource::Authentication).event(),
    )
    .expect("written");
    assert_eq!(
        returned["response"]["claimsAndScopeOverrideDetails"]["groupOverrideDetails"]["groupsToOverride"],
        json!([])
    );
}

#[test]
fn the_default_decision_leaves_every_version_untouched() {
    for builder in [
        TokenRequest::builder(TokenSource::RefreshTokens),
        TokenRequest::builder(TokenSource::HostedAuth).version("1"),
        TokenRequest::builder(TokenSource::ClientCredentials),
    ] {
        let returned = returned_json(TokenDecision::keep(), builder.event()).expect("ok");
        assert_eq!(returned, builder.json());
    }
}

#[test]
fn machine_clients_are_read_and_get_access_token_changes() {
    let builder = TokenRequest::builder(TokenSource::ClientCredentials);
    let request = builder.request();
    assert!(request.is_machine_client());
    assert_eq!(request.version(), &TokenVersion::V3);
    assert_eq!(request.username(), "");
    assert_eq!(request.scopes(), ["orders/read", "orders/write"]);
    let returned = returned_json(
        TokenDecision::keep()
            .access_claim("tenant", "acme")
            .suppress_scope("orders/write"),
        builder.event(),
    )
    .expect("written");
    assert_eq!(
        returned["response"]["claimsAndScopeOverrideDetails"]["accessTokenGeneration"]["scopesToSuppress"],
        json!(["orders/write"])
    );
    let minimal: PreTokenGenerationEvent =
        event("variants/tokengeneration-v3-client-credentials-minimal.json");
    assert!(
        cognito_triggers::lifecycle::Event::request(&minimal)
            .groups()
            .groups
            .is_empty()
    );
}

/// Each decision breaks one of Cognito's rules: the invocation fails (no response Cognito would
/// refuse), the rule is in the error, the caller sees the generic message.
#[test]
fn decisions_that_break_cognitos_rules_are_hook_errors() {
    let v2 = || TokenRequest::builder(TokenSource::Authentication);
    let v1 = || TokenRequest::builder(TokenSource::Authentication).version("1");
    let cases: Vec<(TokenDecision, PreTokenGenerationEvent, &str)> = vec![
        (
            TokenDecision::keep().id_claim("sub", "someone-else"),
            v2().event(),
            "`sub`",
        ),
        (
            TokenDecision::keep().access_claim("cognito:username", "root"),
            v2().event(),
            "`cognito:username`",
        ),
        (
            TokenDecision::keep().suppress_id_claim("cognito:roles"),
            v2().event(),
            "`cognito:roles`",
        ),
        (
            TokenDecision::keep().id_claim("aud", "1example23456789"),
            v2().event(),
            "`aud`",
        ),
        (
            TokenDecision::keep().access_claim("aud", "another-client"),
            v2().event(),
            "`aud`",
        ),
        (
            TokenDecision::keep().id_claim("dev:flag", "x"),
            v2().event(),
            "`dev:`",
        ),
        (
            TokenDecision::keep().id_claim("email_verified", json!(["true"])),
            v2().event(),
            "array or object",
        ),
        (
            TokenDecision::keep().id_claim("level", 3),
            v1().event(),
            "version 1 claim values must be strings",
        ),
        (
            TokenDecision::keep().access_claim("tenant", "acme"),
            v1().event(),
            "version 1",
        ),
        (
            TokenDecision::keep().add_scope("read write"),
            v2().event(),
            "scope",
        ),
        (TokenDecision::keep().add_scope(""), v2().event(), "scope"),
        (
            TokenDecision::keep().id_claim("tenant", "acme"),
            TokenRequest::builder(TokenSource::ClientCredentials).event(),
            "no ID token",
        ),
        (
            TokenDecision::keep().groups(GroupOverride {
                groups: (0..101).map(|n| format!("g{n}")).collect(),
                ..GroupOverride::default()
            }),
            v2().event(),
            "at most 100",
        ),
        (
            TokenDecision::keep().access_claim("blob", "x".repeat(7 * 1024 * 1024)),
            v2().event(),
            "bytes",
        ),
        (
            TokenDecision::keep().id_claim("tenant", "acme"),
            v2().member("version", "9").event(),
            "not 1, 2 or 3",
        ),
    ];
    for (decision, event, rule) in cases {
        let error = returned_json(decision.clone(), event).expect_err("refused");
        assert_eq!(error.error_type(), "HookFailed", "{decision:?}");
        assert!(
            format!("{error:#}").contains(rule) || format!("{error:?}").contains(rule),
            "{rule}: {error:?}"
        );
        assert!(
            !error.cognito_error().contains(rule),
            "the rule stays in the log"
        );
    }
    // The allowed exceptions: suppressing `cognito:groups`, `aud` = the app client on the access token.
    assert!(
        returned_json(
            TokenDecision::keep()
                .suppress_id_claim("cognito:groups")
                .access_claim("aud", "1example23456789"),
            v2().event()
        )
        .is_ok()
    );
}

#[test]
fn v2_events_without_scopes_or_with_the_documented_array_preferred_role_parse() {
    for name in [
        "variants/tokengeneration-v2-scopes-absent-boolean-attributes.json",
        "variants/tokengeneration-v2-documented-sample-preferred-role-array.json",
        "variants/tokengeneration-v1-numeric-version-null-groups.json",
    ] {
        let event: PreTokenGenerationEvent = event(name);
        let request = cognito_triggers::lifecycle::Event::request(&event);
        assert_eq!(request.groups().preferred_role, None, "{name}");
    }
    let bytes = event_bytes("variants/tokengeneration-v1-numeric-version-null-groups.json");
    let event: PreTokenGenerationEvent = serde_json::from_slice(&bytes).expect("parses");
    assert_eq!(
        cognito_triggers::lifecycle::Event::request(&event).version(),
        &TokenVersion::V1
    );
}

/// Past the budget a post authentication hook lets the sign-in complete (event unchanged); a
/// pre token generation hook fails it, so no token is issued without its claims.
#[test]
fn timeouts_keep_a_sign_in_but_never_issue_tokens_without_the_hook() {
    use crate::support::lambda_event_due_in;
    let slow_audit = post_authentication::from_fn(|_request: PostAuthRequest| async move {
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        Ok(())
    });
    let builder = PostAuthRequest::builder();
    let returned = run(post_authentication::handle(
        &slow_audit,
        lambda_event_due_in(builder.event(), 600),
    ))
    .expect("kept");
    assert_eq!(
        serde_json::to_value(&returned).expect("json"),
        builder.json()
    );

    let slow_claims = pre_token_generation::from_fn(|_request: TokenRequest| async move {
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        Ok(TokenDecision::keep().id_claim("tenant", "acme"))
    });
    let error = run(pre_token_generation::handle(
        &slow_claims,
        lambda_event_due_in(
            TokenRequest::builder(TokenSource::RefreshTokens).event(),
            600,
        ),
    ))
    .expect_err("failed");
    assert_eq!(error.error_type(), "DeadlineExceeded");
}

/// One router serves every trigger: each event reaches its own hook.
#[test]
fn one_router_serves_every_trigger() {
    let router = cognito_triggers::Router::new()
        .pre_authentication(pre_authentication::from_fn(
            |_r: PreAuthRequest| async move { Err(HookError::reject("Closed for maintenance")) },
        ))
        .pre_token_generation(pre_token_generation::from_fn(
            |_r: TokenRequest| async move { Ok(TokenDecision::keep().id_claim("tenant", "acme")) },
        ));
    let token = TokenRequest::builder(TokenSource::HostedAuth)
        .json()
        .to_string();
    let returned = route(&router, token.as_bytes()).expect("ok");
    assert_eq!(
        returned["response"]["claimsAndScopeOverrideDetails"]["idTokenGeneration"]["claimsToAddOrOverride"]
            ["tenant"],
        "acme"
    );
    let sign_in = PreAuthRequest::builder().json().to_string();
    let error = route(&router, sign_in.as_bytes()).expect_err("rejected");
    assert_eq!(
        error.cognito_error(),
        "UserLambdaValidationException: PreAuthentication failed with error Closed for maintenance."
    );
    // Triggers without a hook get the no-op one.
    let confirmation = ConfirmationRequest::builder(ConfirmationSource::ConfirmSignUp).json();
    let returned = route(&router, confirmation.to_string().as_bytes()).expect("echoed");
    assert_eq!(returned, confirmation);
}
