//! Inbound federation: the decision starts from all of the provider's attributes, long values
//! are truncated, the token response is a secret.

use cognito_triggers::inbound_federation::{
    self, AttributeChanges, FederationRequest, InboundFederationEvent, MAX_ATTRIBUTE_CHARS,
    ProviderType,
};
use cognito_triggers::lifecycle::Event;
use cognito_triggers::{CognitoDefault, testing};
use serde_json::Value;

use crate::support::{event, json};

fn hook(changes: AttributeChanges) -> impl inbound_federation::InboundFederation {
    inbound_federation::from_fn(move |_request: FederationRequest| {
        let changes = changes.clone();
        async move { Ok(changes) }
    })
}

async fn written(changes: AttributeChanges, event: InboundFederationEvent) -> Value {
    let returned = testing::call(&hook(changes), event).await.expect("decided");
    serde_json::to_value(&returned).expect("json")["response"]["userAttributesToMap"].clone()
}

#[tokio::test]
async fn keeping_everything_writes_nothing() {
    let builder = FederationRequest::builder();
    let returned = testing::call(&CognitoDefault, builder.event())
        .await
        .expect("ok");
    assert_eq!(
        serde_json::to_value(&returned).expect("json"),
        builder.json()
    );
    assert_eq!(testing::decision(&returned), AttributeChanges::keep_all());
}

#[tokio::test]
async fn dropping_one_attribute_keeps_all_the_others() {
    let map = written(
        AttributeChanges::keep_all().drop("groups"),
        FederationRequest::builder().event(),
    )
    .await;
    assert!(map.get("groups").is_none(), "{map}");
    assert_eq!(map["email"], "mary_major@example.com");
    assert_eq!(map["name"], "Mary Major");
    assert_eq!(map["sub"], "1234567890");
    // The provider's tokens are never copied into the profile.
    assert!(
        map.get("access_token").is_none() && map.get("id_token").is_none(),
        "{map}"
    );
}

#[tokio::test]
async fn values_over_the_limit_are_truncated() {
    let long = "g".repeat(MAX_ATTRIBUTE_CHARS + 500);
    let event = FederationRequest::builder()
        .provider_attribute("userInfo", "groups", &long)
        .event();
    assert_eq!(
        event.request().attribute("groups").map(|g| g.len()),
        Some(long.len())
    );
    let map = written(
        AttributeChanges::keep_all().set("department", "é".repeat(3000)),
        event,
    )
    .await;
    assert_eq!(
        map["groups"].as_str().map(str::len),
        Some(MAX_ATTRIBUTE_CHARS)
    );
    assert_eq!(
        map["department"].as_str().map(|v| v.chars().count()),
        Some(MAX_ATTRIBUTE_CHARS)
    );
}

#[tokio::test]
async fn dropping_every_attribute_is_a_hook_error_not_a_silent_keep_all() {
    let event = FederationRequest::builder().event();
    let mut changes = AttributeChanges::keep_all();
    for name in event.request().attributes().keys() {
        changes = changes.drop(name.clone());
    }
    let error = testing::call(&hook(changes), event)
        .await
        .expect_err("refused");
    assert_eq!(error.error_type(), "HookFailed");
    assert!(error.to_string().contains("userAttributesToMap"), "{error}");
}

#[test]
fn saml_and_typed_claims_are_read() {
    let saml: InboundFederationEvent =
        event("variants/inboundfederation-saml-response-absent.json");
    let request = saml.request();
    assert_eq!(request.provider_type(), &ProviderType::Saml);
    assert_eq!(
        request.attribute("groups").as_deref(),
        Some("Engineering,Domain Admins")
    );
    assert!(request.token_response().expose().is_empty());

    let typed: InboundFederationEvent =
        event("variants/inboundfederation-typed-claims-empty-userinfo.json");
    let request = typed.request();
    assert_eq!(request.attribute("exp").as_deref(), Some("1767225600"));
    assert_eq!(request.attribute("email_verified").as_deref(), Some("true"));
    assert_eq!(
        request.attribute("amr").as_deref(),
        Some(r#"["pwd","mfa"]"#)
    );
    assert_eq!(
        serde_json::to_value(&typed).expect("json"),
        json("variants/inboundfederation-typed-claims-empty-userinfo.json")
    );
}

#[test]
fn the_token_response_never_shows_in_debug_output() {
    let event = FederationRequest::builder().event();
    let request = event.request();
    assert_eq!(
        request.token_response().expose()["refresh_token"],
        "REFRESH-TOKEN-EXAMPLE"
    );
    for text in [format!("{event:?}"), format!("{request:?}")] {
        for token in [
            "ACCESS-TOKEN-EXAMPLE",
            "ID-TOKEN-EXAMPLE",
            "REFRESH-TOKEN-EXAMPLE",
        ] {
            assert!(!text.contains(token), "{token} leaked: {text}");
        }
    }
}
