//! The flow with this project's reference functions as the pool's triggers: the custom message
//! function (built-in German and English templates) and the user migration function (embedded
//! demo legacy store).

mod support;

use cognito_legacy_migration::LegacyMigration;
use cognito_message_templates::TemplateMessages;
use cognito_simulator::{
    ConfirmForgotPasswordRequest, DeliveryMedium, ExceptionType, ForgotPasswordRequest, Simulator,
    UserStatus,
};
use support::*;

fn templates() -> TemplateMessages {
    TemplateMessages::builtin().expect("built-in templates")
}

#[tokio::test]
async fn migrated_legacy_user_gets_the_german_reset_email() {
    let mut sim = Simulator::new(demo())
        .with_user_migration(legacy_store(seen()))
        .with_custom_message(templates());
    let response = sim
        .forgot_password(
            ForgotPasswordRequest::new(PUBLIC, "legacy.user@example.com")
                .client_metadata("locale", "de"),
        )
        .await
        .expect("reset email");
    assert_eq!(response.code_delivery_details.destination, "l***@e***");
    let email = &sim.outbox()[0];
    assert!(email.custom, "{:?}", sim.report());
    assert_eq!(email.channel, DeliveryMedium::Email);
    assert_eq!(email.subject.as_deref(), Some("Passwort zurücksetzen"));
    let code = &sim
        .state()
        .pending_code("legacy.user@example.com")
        .expect("code")
        .code;
    assert!(email.body.contains(code.as_str()));
    assert!(
        email.body.contains("Lena"),
        "greets the migrated user by name"
    );
    assert!(!email.body.contains("{####}"));
}

#[tokio::test]
async fn existing_user_with_verified_phone_gets_the_german_sms() {
    let mut sim = Simulator::new(demo()).with_custom_message(templates());
    sim.forgot_password(ForgotPasswordRequest::new(PUBLIC, "max.mustermann"))
        .await
        .expect("sms");
    let sms = &sim.outbox()[0];
    assert_eq!(sms.channel, DeliveryMedium::Sms);
    assert!(sms.custom);
    assert!(
        sms.body
            .starts_with("Ihr Code zum Zurücksetzen des Passworts lautet "),
        "{}",
        sms.body
    );
    assert!(sms.body.chars().count() <= 140);
}

#[tokio::test]
async fn english_without_locale_hints() {
    let pool = pool_with(vec![email_user("alice", "alice@example.com")], "");
    let mut sim = Simulator::new(pool).with_custom_message(templates());
    sim.forgot_password(ForgotPasswordRequest::new(PUBLIC, "alice"))
        .await
        .expect("email");
    let email = &sim.outbox()[0];
    assert!(email.custom);
    assert_ne!(email.subject.as_deref(), Some("Passwort zurücksetzen"));
}

#[tokio::test]
async fn readme_flow_with_the_demo_legacy_store() {
    let legacy = LegacyMigration::demo().await.expect("demo legacy store");
    let mut sim = Simulator::new(demo())
        .with_user_migration(legacy)
        .with_custom_message(templates());
    let response = sim
        .forgot_password(
            ForgotPasswordRequest::new(PUBLIC, "legacy.user@example.com")
                .client_metadata("locale", "de"),
        )
        .await
        .expect("migrated and sent");
    assert_eq!(response.code_delivery_details.destination, "l***@e***");
    let migrated = sim
        .report()
        .migrated
        .clone()
        .expect("migrated from the legacy store");
    assert_eq!(migrated.attribute("given_name"), Some("Lena"));
    assert_eq!(migrated.attribute("email_verified"), Some("true"));
    let email = sim.outbox()[0].clone();
    assert_eq!(email.subject.as_deref(), Some("Passwort zurücksetzen"));
    assert!(email.body.contains("Hallo Lena"));

    let code = sim
        .state()
        .pending_code("legacy.user@example.com")
        .expect("code")
        .code
        .clone();
    assert!(email.body.contains(&code));
    sim.confirm_forgot_password(ConfirmForgotPasswordRequest::new(
        PUBLIC,
        "legacy.user@example.com",
        code,
        "N3w-Passw0rd!",
    ))
    .await
    .expect("confirmed");
    assert_eq!(
        sim.user("legacy.user@example.com").expect("user").status,
        UserStatus::Confirmed
    );

    // Someone the legacy store does not know either.
    let error = sim
        .forgot_password(ForgotPasswordRequest::new(PUBLIC, "unknown@example.com"))
        .await
        .expect_err("unknown");
    assert_eq!(error.exception(), ExceptionType::UserNotFoundException);
}
