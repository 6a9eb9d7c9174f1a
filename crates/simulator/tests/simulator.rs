//! ForgotPassword / ConfirmForgotPassword against test hooks: one test per branch of the flow.

mod support;

use std::time::{Duration, SystemTime};

use cognito_simulator::{
    CODE_EXPIRED, CODE_MISMATCH, ConfirmForgotPasswordRequest, DeliveryMedium, ExceptionType,
    ForgotPasswordRequest, ManualClock, NO_VERIFIED_CHANNEL, Simulator, State, User, UserStatus,
    secret_hash,
};
use cognito_triggers::HookError;
use cognito_triggers::custom_message::{self, Message};
use cognito_triggers::post_confirmation::{self, ConfirmationRequest, ConfirmationSource};
use cognito_triggers::user_migration::{self, MigratedUser, MigrationDecision};
use serde_json::json;
use support::*;

fn request(client: &str, username: &str) -> ForgotPasswordRequest {
    ForgotPasswordRequest::new(client, username)
}

/// ForgotPassword from the public app client for `username`.
fn public(username: &str) -> ForgotPasswordRequest {
    request(PUBLIC, username)
}

/// The demo pool, no triggers.
fn demo_sim() -> Simulator {
    Simulator::new(demo())
}

/// The demo pool with `hook` as its user migration trigger.
fn migrating<M>(hook: M) -> Simulator<M> {
    demo_sim().with_user_migration(hook)
}

// ---------------------------------------------------------------- app client and SecretHash

#[tokio::test]
async fn secret_client_without_secret_hash_is_refused() {
    let mut sim = demo_sim();
    let error = sim
        .forgot_password(request(SECRET_CLIENT, "max.mustermann"))
        .await
        .expect_err("no hash");
    assert_eq!(error.exception(), ExceptionType::NotAuthorizedException);
    assert_eq!(
        error.message(),
        "Client 2example98765432 is configured for secret but secret was not received"
    );
    assert!(sim.outbox().is_empty());
}

#[tokio::test]
async fn wrong_secret_hash_is_refused() {
    let mut sim = demo_sim();
    let wrong = request(SECRET_CLIENT, "max.mustermann").client_secret("not-the-secret");
    let error = sim.forgot_password(wrong).await.expect_err("wrong hash");
    assert_eq!(error.exception(), ExceptionType::NotAuthorizedException);
    assert_eq!(
        error.message(),
        "Unable to verify secret hash for client 2example98765432"
    );
    // A hash for another username does not fit either.
    let other = request(SECRET_CLIENT, "max.mustermann").secret_hash(secret_hash(
        "erika.musterfrau",
        SECRET_CLIENT,
        SECRET,
    ));
    assert!(sim.forgot_password(other).await.is_err());
}

#[tokio::test]
async fn right_secret_hash_passes() {
    let mut sim = demo_sim();
    let ok = request(SECRET_CLIENT, "max.mustermann").client_secret(SECRET);
    let response = sim.forgot_password(ok).await.expect("right hash");
    assert_eq!(
        response.code_delivery_details.delivery_medium,
        DeliveryMedium::Sms
    );
}

#[tokio::test]
async fn secret_hash_vectors_are_accepted_by_the_pool() {
    let mut pool = pool_with(vec![email_user("alice", "alice@example.com")], "");
    pool.clients[0].client_secret = Some(SECRET.to_owned());
    let mut sim = Simulator::new(pool);
    // SECRET_HASH is Base64(HMAC-SHA256(client secret, name + client ID)), see
    // https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
    // The username `alice` and the alias `alice@example.com`, each hashed as typed.
    let by_name = public("alice").secret_hash("HP0HWmKpUgoAE6CfY7Yv47vDEVFNCHWK5QpFQ9anleA=");
    sim.forgot_password(by_name).await.expect("vector 1");
    let by_alias =
        public("alice@example.com").secret_hash("i19eT6NMUyqvyS3iPRFnTcYkMU23s7G0qq/WvnEt+kQ=");
    sim.forgot_password(by_alias).await.expect("vector 2");
    let swapped =
        public("alice@example.com").secret_hash("HP0HWmKpUgoAE6CfY7Yv47vDEVFNCHWK5QpFQ9anleA=");
    assert_eq!(
        sim.forgot_password(swapped)
            .await
            .expect_err("swapped")
            .exception(),
        ExceptionType::NotAuthorizedException
    );
}

#[tokio::test]
async fn unknown_client_and_bad_parameters() {
    let mut sim = demo_sim();
    let error = sim
        .forgot_password(request("nosuchclient", "max.mustermann"))
        .await
        .expect_err("unknown client");
    assert_eq!(error.exception(), ExceptionType::ResourceNotFoundException);
    assert_eq!(
        error.message(),
        "User pool client nosuchclient does not exist."
    );

    let error = sim
        .forgot_password(public("max mustermann"))
        .await
        .expect_err("space");
    assert_eq!(error.exception(), ExceptionType::InvalidParameterException);
    assert!(
        error.message().starts_with(
            "1 validation error detected: Value at 'username' failed to satisfy constraint"
        ),
        "{error}"
    );
    let error = sim
        .forgot_password(request("", ""))
        .await
        .expect_err("empty");
    assert!(
        error.message().starts_with("2 validation errors detected"),
        "{error}"
    );
}

// ---------------------------------------------------------------- user lookup

#[tokio::test]
async fn user_found_by_username_sub_and_aliases() {
    let mut phone_user = User::new(
        "pat",
        [
            ("phone_number", "+12065551234"),
            ("phone_number_verified", "true"),
            ("preferred_username", "Patty"),
            ("sub", "11111111-2222-4333-8444-555555555555"),
        ],
    );
    phone_user.status = UserStatus::Confirmed;
    let users = vec![email_user("alice", "alice@example.com"), phone_user];
    let mut sim = Simulator::new(pool_with(users, ""));
    for name in [
        "alice",
        "ALICE",
        "alice@example.com",
        "Alice@Example.com",
        "pat",
        "+12065551234",
        "patty",
        "11111111-2222-4333-8444-555555555555",
    ] {
        let response = sim.forgot_password(public(name)).await;
        assert!(response.is_ok(), "{name}: {response:?}");
    }
    assert_eq!(sim.outbox().len(), 8);
    assert_eq!(sim.outbox()[0].username, "alice");
    assert_eq!(sim.outbox()[5].username, "pat");
}

#[tokio::test]
async fn unverified_email_is_no_alias() {
    let user = User::new(
        "bob",
        [("email", "bob@example.com"), ("email_verified", "false")],
    );
    let mut sim = Simulator::new(pool_with(vec![user], ""));
    let error = sim
        .forgot_password(public("bob@example.com"))
        .await
        .expect_err("not an alias");
    assert_eq!(error.exception(), ExceptionType::UserNotFoundException);
}

#[tokio::test]
async fn case_sensitive_pool_matches_exactly() {
    let mut sim = Simulator::new(pool_with(
        vec![email_user("alice", "alice@example.com")],
        r#", "usernameCaseSensitive": true"#,
    ));
    assert!(sim.forgot_password(public("ALICE")).await.is_err());
    assert!(sim.forgot_password(public("alice")).await.is_ok());
}

// ---------------------------------------------------------------- unknown users and migration

#[tokio::test]
async fn unknown_user_without_migration_trigger() {
    let mut sim = demo_sim();
    let error = sim
        .forgot_password(public("nobody@example.com"))
        .await
        .expect_err("unknown");
    assert_eq!(error.exception(), ExceptionType::UserNotFoundException);
    assert_eq!(error.message(), "Username/client id combination not found.");
    assert_eq!(
        error.to_json(),
        json!({"__type": "UserNotFoundException", "message": "Username/client id combination not found."})
    );
    assert!(sim.report().invocations.is_empty());
}

#[tokio::test]
async fn unknown_user_with_prevent_user_existence_errors_gets_a_simulated_success() {
    let mut sim = migrating(migrate_as(MigrationDecision::NotFound));
    let hashed = |name: &str| request(SECRET_CLIENT, name).client_secret(SECRET);
    let response = sim
        .forgot_password(hashed("nobody@example.com"))
        .await
        .expect("simulated");
    let details = &response.code_delivery_details;
    assert_eq!(details.destination, "n***@e***");
    assert_eq!(details.delivery_medium, DeliveryMedium::Email);
    assert!(sim.report().simulated);
    assert_eq!(
        sim.report().invocations.len(),
        1,
        "the migration trigger still runs"
    );
    assert!(sim.outbox().is_empty());
    assert!(sim.state().pending_codes.is_empty());
    assert!(sim.user("nobody@example.com").is_none());

    // Same made-up destination every time for a plain username.
    let first = sim.forgot_password(hashed("ghost")).await.expect("ghost");
    let again = sim.forgot_password(hashed("ghost")).await.expect("ghost");
    assert_eq!(first, again);
    assert!(first.code_delivery_details.destination.ends_with("***"));
    let phone = sim
        .forgot_password(hashed("+4915199999999"))
        .await
        .expect("phone");
    assert_eq!(phone.code_delivery_details.destination, "+*********9999");
}

#[tokio::test]
async fn migration_creates_the_user_and_sends_the_code() {
    let seen = seen();
    let mut sim = migrating(legacy_store(seen.clone()));
    let response = sim
        .forgot_password(public("legacy.user@example.com").client_metadata("locale", "de"))
        .await
        .expect("migrated");
    assert_eq!(
        serde_json::to_value(&response).expect("json"),
        json!({"CodeDeliveryDetails": {"AttributeName": "email", "DeliveryMedium": "EMAIL", "Destination": "l***@e***"}})
    );

    // The hook saw ClientMetadata and no password.
    let requests = seen.lock().expect("lock").clone();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].client_metadata().get("locale").as_deref(),
        Some("de")
    );
    assert!(requests[0].password().is_none());
    assert_eq!(requests[0].username(), "legacy.user@example.com");

    // The event had the forgot-password shape: no password key, no validation data.
    let event = &sim.report().invocations[0].event;
    assert_eq!(event["triggerSource"], "UserMigration_ForgotPassword");
    assert_eq!(event["callerContext"]["clientId"], PUBLIC);
    assert_eq!(event["request"]["clientMetadata"], json!({"locale": "de"}));
    assert!(event["request"]["validationData"].is_null());
    assert!(event["request"].get("password").is_none());
    assert_eq!(
        event["response"],
        json!({"userAttributes": null, "forceAliasCreation": null, "enableSMSMFA": null,
               "finalUserStatus": null, "messageAction": null, "desiredDeliveryMediums": null})
    );

    let user = sim.user("legacy.user@example.com").expect("created");
    assert_eq!(user.status, UserStatus::ResetRequired);
    assert_eq!(user.attribute("email_verified"), Some("true"));
    assert_eq!(user.attribute("given_name"), Some("Lena"));
    assert!(user.attribute("sub").is_some_and(|s| s.len() == 36));
    assert!(sim.report().migrated.is_some());
    assert_eq!(sim.state().users.len(), 1);

    let message = &sim.outbox()[0];
    assert_eq!(message.channel, DeliveryMedium::Email);
    assert_eq!(message.destination, "legacy.user@example.com");
    assert_eq!(message.subject.as_deref(), Some("Your verification code"));
    let code = &sim
        .state()
        .pending_code("legacy.user@example.com")
        .expect("code")
        .code;
    assert_eq!(message.body, format!("Your verification code is {code}. "));

    // A second request finds the migrated user: no new migration.
    sim.forgot_password(public("legacy.user@example.com"))
        .await
        .expect("again");
    assert_eq!(seen.lock().expect("lock").len(), 1);
    assert!(sim.report().migrated.is_none());
}

#[tokio::test]
async fn migration_without_client_metadata_omits_the_key() {
    let mut sim = migrating(legacy_store(seen()));
    sim.forgot_password(public("legacy.user@example.com"))
        .await
        .expect("migrated");
    assert!(
        sim.report().invocations[0].event["request"]
            .get("clientMetadata")
            .is_none()
    );
}

#[tokio::test]
async fn migration_not_found_gives_user_not_found() {
    let mut sim = migrating(legacy_store(seen()));
    let error = sim
        .forgot_password(public("stranger@example.com"))
        .await
        .expect_err("not found");
    assert_eq!(error.exception(), ExceptionType::UserNotFoundException);
    assert_eq!(error.message(), "Username/client id combination not found.");
}

#[tokio::test]
async fn migration_rejection_and_failure() {
    let reject = user_migration::from_fn(|_| async {
        Err(HookError::reject("Account locked in the old system"))
    });
    let mut sim = migrating(reject);
    let error = sim
        .forgot_password(public("legacy.user@example.com"))
        .await
        .expect_err("rejected");
    assert_eq!(
        error.exception(),
        ExceptionType::UserLambdaValidationException
    );
    assert_eq!(
        error.message(),
        "UserMigration failed with error Account locked in the old system."
    );
    assert!(sim.report().invocations[0].error.is_some());

    let fail = user_migration::from_fn(|_| async {
        Err(HookError::failed(std::io::Error::other(
            "database password=hunter2 refused",
        )))
    });
    let mut sim = migrating(fail);
    let error = sim
        .forgot_password(public("legacy.user@example.com"))
        .await
        .expect_err("failed");
    assert_eq!(
        error.exception(),
        ExceptionType::UserLambdaValidationException
    );
    assert!(
        error
            .message()
            .starts_with("UserMigration failed with error ")
    );
    assert!(!error.message().contains("hunter2"));
    assert!(sim.user("legacy.user@example.com").is_none());
}

#[tokio::test(start_paused = true)]
async fn migration_timeout_is_an_unexpected_lambda_exception() {
    let slow = user_migration::from_fn(|_| async {
        tokio::time::sleep(Duration::from_secs(30)).await;
        Ok(MigrationDecision::NotFound)
    });
    let mut sim = migrating(slow);
    let error = sim
        .forgot_password(public("legacy.user@example.com"))
        .await
        .expect_err("timeout");
    assert_eq!(error.exception(), ExceptionType::UnexpectedLambdaException);
    assert_eq!(
        error.message(),
        "UserMigration invocation failed due to error Socket timeout while invoking Lambda function."
    );
}

#[tokio::test]
async fn migration_final_status_confirmed() {
    let hook = migrate_as(MigrationDecision::Migrate(
        MigratedUser::new([("email", "x@example.com"), ("email_verified", "true")])
            .final_status(cognito_triggers::user_migration::FinalUserStatus::Confirmed),
    ));
    let mut sim = migrating(hook);
    sim.forgot_password(public("x@example.com"))
        .await
        .expect("ok");
    assert_eq!(
        sim.user("x@example.com").expect("user").status,
        UserStatus::Confirmed
    );
}

#[tokio::test]
async fn migrated_user_without_verified_channel() {
    let hook = migrate_as(MigrationDecision::Migrate(MigratedUser::new([
        ("email", "x@example.com"),
        ("email_verified", "false"),
    ])));
    let mut sim = migrating(hook);
    let error = sim
        .forgot_password(public("x@example.com"))
        .await
        .expect_err("no channel");
    assert_eq!(error.exception(), ExceptionType::InvalidParameterException);
    assert_eq!(error.message(), NO_VERIFIED_CHANNEL);
    // The user was created before the channel check, as in Cognito's order.
    assert!(sim.user("x@example.com").is_some());
}

#[tokio::test]
async fn migrated_attributes_must_fit_the_schema() {
    let unknown = migrate_as(MigrationDecision::Migrate(MigratedUser::new([
        ("email", "x@example.com"),
        ("email_verified", "true"),
        ("shoe_size", "44"),
    ])));
    let mut sim = migrating(unknown);
    let error = sim
        .forgot_password(public("x@example.com"))
        .await
        .expect_err("schema");
    assert_eq!(error.exception(), ExceptionType::UserNotFoundException);
    assert!(
        error
            .message()
            .contains("shoe_size: Attribute does not exist in the schema.")
    );

    let custom = MigrationDecision::Migrate(MigratedUser::new([
        ("email", "x@example.com"),
        ("email_verified", "true"),
        ("custom:legacy_id", "9911"),
    ]));
    // Any custom attribute is accepted when the pool lists none …
    let mut sim = migrating(migrate_as(custom.clone()));
    sim.forgot_password(public("x@example.com"))
        .await
        .expect("custom ok");
    // … and only listed ones when it does.
    let strict = pool_with(vec![], r#", "customAttributes": ["tenant"]"#);
    let mut sim = Simulator::new(strict).with_user_migration(migrate_as(custom));
    let error = sim
        .forgot_password(public("x@example.com"))
        .await
        .expect_err("unlisted");
    assert!(error.message().contains("custom:legacy_id"));

    let bad_email = migrate_as(MigrationDecision::Migrate(MigratedUser::new([
        ("email", "not-an-email"),
        ("email_verified", "true"),
    ])));
    let mut sim = migrating(bad_email);
    let error = sim
        .forgot_password(public("x@example.com"))
        .await
        .expect_err("email");
    assert_eq!(error.message(), "Invalid email address format.");
}

#[tokio::test]
async fn migrated_alias_taken_by_another_user() {
    let existing = email_user("old.owner", "shared@example.com");
    let migrated = MigratedUser::new([("email", "shared@example.com"), ("email_verified", "true")]);
    let mut sim = Simulator::new(pool_with(vec![existing.clone()], ""))
        .with_user_migration(migrate_as(MigrationDecision::Migrate(migrated.clone())));
    let error = sim
        .forgot_password(public("newname"))
        .await
        .expect_err("alias");
    assert_eq!(error.exception(), ExceptionType::AliasExistsException);
    assert_eq!(
        error.message(),
        "An account with the given email already exists."
    );

    let mut sim = Simulator::new(pool_with(vec![existing], "")).with_user_migration(migrate_as(
        MigrationDecision::Migrate(migrated.force_alias_creation(true)),
    ));
    sim.forgot_password(public("newname"))
        .await
        .expect("forced");
    assert_eq!(
        sim.user("old.owner")
            .expect("old")
            .attribute("email_verified"),
        Some("false")
    );
    assert_eq!(
        sim.user("shared@example.com").expect("alias").username,
        "newname"
    );
}

#[tokio::test]
async fn email_as_username_pool_gives_migrated_users_a_uuid() {
    let pool = pool_with(vec![], r#", "usernameAttributes": ["email"]"#);
    let mut sim = Simulator::new(pool).with_user_migration(legacy_store(seen()));
    sim.forgot_password(public("legacy.user@example.com"))
        .await
        .expect("migrated");
    let user = sim.user("legacy.user@example.com").expect("by email");
    assert_eq!(Some(user.username.as_str()), user.attribute("sub"));
}

// ---------------------------------------------------------------- user state

#[tokio::test]
async fn disabled_user() {
    let mut sim = demo_sim();
    let error = sim
        .forgot_password(public("disabled.user"))
        .await
        .expect_err("disabled");
    assert_eq!(error.exception(), ExceptionType::NotAuthorizedException);
    assert_eq!(error.message(), "User is disabled.");
    let simulated = sim
        .forgot_password(request(SECRET_CLIENT, "disabled.user").client_secret(SECRET))
        .await
        .expect("simulated");
    assert!(sim.report().simulated);
    assert!(simulated.code_delivery_details.destination.contains("***"));
    assert!(sim.outbox().is_empty());
}

#[tokio::test]
async fn force_change_password_user() {
    let mut sim = demo_sim();
    let error = sim
        .forgot_password(public("invited.user"))
        .await
        .expect_err("state");
    assert_eq!(error.exception(), ExceptionType::NotAuthorizedException);
    assert_eq!(
        error.message(),
        "User password cannot be reset in the current state."
    );
}

// ---------------------------------------------------------------- channel choice

fn both_channels() -> User {
    User::new(
        "both",
        [
            ("email", "both@example.com"),
            ("email_verified", "true"),
            ("phone_number", "+12065551234"),
            ("phone_number_verified", "true"),
        ],
    )
}

#[tokio::test]
async fn legacy_order_prefers_the_verified_phone() {
    let mut sim = Simulator::new(pool_with(vec![both_channels()], ""));
    let response = sim.forgot_password(public("both")).await.expect("ok");
    let details = response.code_delivery_details;
    assert_eq!(details.delivery_medium, DeliveryMedium::Sms);
    assert_eq!(details.attribute_name, "phone_number");
    assert_eq!(details.destination, "+*******1234");
    let sms = &sim.outbox()[0];
    assert_eq!(sms.subject, None);
    assert_eq!(sms.destination, "+12065551234");
}

#[tokio::test]
async fn account_recovery_setting_decides() {
    let email_first = r#", "accountRecoverySetting": {"recoveryMechanisms": [
        {"priority": 2, "name": "verified_phone_number"}, {"priority": 1, "name": "verified_email"}]}"#;
    let mut sim = Simulator::new(pool_with(vec![both_channels()], email_first));
    let response = sim.forgot_password(public("both")).await.expect("ok");
    assert_eq!(
        response.code_delivery_details.delivery_medium,
        DeliveryMedium::Email
    );
    assert_eq!(response.code_delivery_details.destination, "b***@e***");

    // The phone is used when the email is not verified.
    let mut phone_only = both_channels();
    phone_only
        .attributes
        .insert("email_verified".into(), "false".into());
    let mut sim = Simulator::new(pool_with(vec![phone_only], email_first));
    let response = sim.forgot_password(public("both")).await.expect("ok");
    assert_eq!(
        response.code_delivery_details.delivery_medium,
        DeliveryMedium::Sms
    );

    // Only email allowed: a phone-only user has no channel.
    let email_only = r#", "accountRecoverySetting": {"recoveryMechanisms": [{"priority": 1, "name": "verified_email"}]}"#;
    let phone_user = User::new(
        "p",
        [
            ("phone_number", "+12065551234"),
            ("phone_number_verified", "true"),
        ],
    );
    let mut sim = Simulator::new(pool_with(vec![phone_user], email_only));
    let error = sim.forgot_password(public("p")).await.expect_err("none");
    assert_eq!(error.message(), NO_VERIFIED_CHANNEL);

    let admin_only = r#", "accountRecoverySetting": {"recoveryMechanisms": [{"priority": 1, "name": "admin_only"}]}"#;
    let mut sim = Simulator::new(pool_with(vec![both_channels()], admin_only));
    let error = sim
        .forgot_password(public("both"))
        .await
        .expect_err("admin only");
    assert_eq!(error.exception(), ExceptionType::NotAuthorizedException);
}

#[tokio::test]
async fn sms_mfa_takes_the_phone_out_of_recovery() {
    let mut user = both_channels();
    user.sms_mfa = true;
    let mut sim = Simulator::new(pool_with(vec![user], ""));
    let response = sim.forgot_password(public("both")).await.expect("ok");
    assert_eq!(
        response.code_delivery_details.delivery_medium,
        DeliveryMedium::Email
    );
}

#[tokio::test]
async fn no_verified_channel() {
    let mut sim = demo_sim();
    let error = sim
        .forgot_password(public("erika.musterfrau"))
        .await
        .expect_err("no channel");
    assert_eq!(error.exception(), ExceptionType::InvalidParameterException);
    assert_eq!(error.message(), NO_VERIFIED_CHANNEL);
    assert_eq!(
        error.to_json(),
        json!({"__type": "InvalidParameterException", "message": NO_VERIFIED_CHANNEL})
    );
    sim.forgot_password(request(SECRET_CLIENT, "erika.musterfrau").client_secret(SECRET))
        .await
        .expect("simulated with ENABLED");
    assert!(sim.report().simulated);
}

// ---------------------------------------------------------------- custom message

#[tokio::test]
async fn custom_message_gets_the_cognito_event_and_its_text_is_sent() {
    let seen = seen();
    let message = Message::default().email(
        "Passwort zurücksetzen",
        "<p>Hallo Lena, dein Code: <b>{####}</b> (nochmal: {####})</p>",
    );
    let mut sim = migrating(legacy_store(Default::default()))
        .with_custom_message(messages(message, seen.clone()));
    sim.forgot_password(
        public("legacy.user@example.com")
            .client_metadata("locale", "de")
            .client_metadata("returnUrl", "https://app.example.com/reset"),
    )
    .await
    .expect("sent");

    let requests = seen.lock().expect("lock").clone();
    let seen_request = &requests[0];
    assert_eq!(seen_request.code_parameter(), Some("{####}"));
    assert_eq!(seen_request.username_parameter(), None);
    assert_eq!(seen_request.link_parameter(), Some("{##Click Here##}"));
    assert_eq!(
        seen_request.client_metadata().get("locale").as_deref(),
        Some("de")
    );
    assert_eq!(
        seen_request.attribute("given_name").as_deref(),
        Some("Lena")
    );
    assert_eq!(
        seen_request.attribute("cognito:user_status").as_deref(),
        Some("RESET_REQUIRED")
    );

    let event = &sim.report().invocations[1].event;
    assert_eq!(event["triggerSource"], "CustomMessage_ForgotPassword");
    assert!(event["request"]["usernameParameter"].is_null());
    assert_eq!(
        event["response"],
        json!({"smsMessage": null, "emailMessage": null, "emailSubject": null})
    );

    let sent = &sim.outbox()[0];
    let code = &sim
        .state()
        .pending_code("legacy.user@example.com")
        .expect("code")
        .code;
    assert!(sent.custom);
    assert_eq!(sent.subject.as_deref(), Some("Passwort zurücksetzen"));
    assert_eq!(
        sent.body,
        format!("<p>Hallo Lena, dein Code: <b>{code}</b> (nochmal: {code})</p>")
    );
    assert!(!sent.body.contains("{####}"));
}

#[tokio::test]
async fn custom_message_keeping_the_default_sends_the_pool_template() {
    let mut sim = demo_sim().with_custom_message(messages(Message::default(), seen()));
    sim.forgot_password(public("max.mustermann"))
        .await
        .expect("sent");
    let sent = &sim.outbox()[0];
    assert!(!sent.custom);
    assert!(sent.body.starts_with("Your verification code is "));
    assert_eq!(sim.report().invocations.len(), 1);

    // Only the SMS is custom: the SMS channel uses it.
    let mut sim =
        demo_sim().with_custom_message(messages(Message::default().sms("Code: {####}"), seen()));
    sim.forgot_password(public("max.mustermann"))
        .await
        .expect("sent");
    let sent = &sim.outbox()[0];
    assert!(sent.custom);
    assert_eq!(sent.body, format!("Code: {}", code_in(&sent.body)));
}

#[tokio::test]
async fn custom_email_needs_developer_email_sending() {
    let mut pool = pool_with(vec![email_user("alice", "alice@example.com")], "");
    pool.email_sending_account = cognito_simulator::EmailSendingAccount::CognitoDefault;
    let mut sim = Simulator::new(pool)
        .with_custom_message(messages(Message::default().email("S", "B {####}"), seen()));
    let error = sim
        .forgot_password(public("alice"))
        .await
        .expect_err("cognito default");
    assert_eq!(
        error.exception(),
        ExceptionType::InvalidLambdaResponseException
    );
}

#[tokio::test]
async fn a_custom_message_breaking_cognitos_rules_keeps_the_pools_message() {
    // The core checks every hook's message before it is returned, so Cognito never sees one it
    // would refuse: the pool's own message goes out instead of an InvalidParameterException.
    let no_code = Message::default().email("Reset", "<p>Click the link</p>");
    let mut sim = Simulator::new(pool_with(
        vec![email_user("alice", "alice@example.com")],
        "",
    ))
    .with_custom_message(messages(no_code, seen()));
    sim.forgot_password(public("alice"))
        .await
        .expect("the pool's message is sent");
    let sent = &sim.outbox()[0];
    assert!(
        sent.body.starts_with("Your verification code is "),
        "{sent:?}"
    );
    assert_ne!(
        sent.subject.as_deref(),
        Some("Reset"),
        "subject and body fall back together"
    );

    let long_sms = Message::default().sms(format!("{{####}} {}", "x".repeat(200)));
    let mut sim = demo_sim().with_custom_message(messages(long_sms, seen()));
    sim.forgot_password(public("max.mustermann"))
        .await
        .expect("the pool's SMS is sent");
    assert!(
        !sim.outbox()[0].body.contains("xxxx"),
        "{:?}",
        sim.outbox()[0]
    );
}

#[tokio::test]
async fn custom_message_rejection() {
    let hook =
        custom_message::from_fn(|_| async { Err(HookError::reject("Templates unavailable")) });
    let mut sim = demo_sim().with_custom_message(hook);
    let error = sim
        .forgot_password(public("max.mustermann"))
        .await
        .expect_err("rejected");
    assert_eq!(
        error.exception(),
        ExceptionType::UserLambdaValidationException
    );
    assert_eq!(
        error.message(),
        "CustomMessage failed with error Templates unavailable."
    );
    assert!(sim.outbox().is_empty());
    assert!(sim.state().pending_codes.is_empty());
}

// ---------------------------------------------------------------- ConfirmForgotPassword

async fn sim_with_code() -> (Simulator, String, ManualClock) {
    let clock = ManualClock::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000));
    let mut sim = demo_sim().with_clock(clock.clone());
    sim.forgot_password(public("max.mustermann"))
        .await
        .expect("code");
    let code = code_in(&sim.outbox()[0].body);
    (sim, code, clock)
}

fn confirm(username: &str, code: &str, password: &str) -> ConfirmForgotPasswordRequest {
    ConfirmForgotPasswordRequest::new(PUBLIC, username, code, password)
}

#[tokio::test]
async fn confirm_sets_the_password_and_clears_the_code() {
    let (mut sim, code, clock) = sim_with_code().await;
    clock.advance(Duration::from_secs(3599));
    let response = sim
        .confirm_forgot_password(confirm("max.mustermann", &code, "N3w-Passw0rd!"))
        .await
        .expect("confirmed");
    assert_eq!(serde_json::to_value(response).expect("json"), json!({}));
    let user = sim.user("max.mustermann").expect("user");
    assert!(user.password_matches("N3w-Passw0rd!"));
    assert_eq!(user.status, UserStatus::Confirmed);
    assert!(sim.state().pending_code("max.mustermann").is_none());
    // The code is used up.
    let error = sim
        .confirm_forgot_password(confirm("max.mustermann", &code, "An0ther-Pass!"))
        .await
        .expect_err("used");
    assert_eq!(error.exception(), ExceptionType::ExpiredCodeException);
}

#[tokio::test]
async fn confirm_via_alias_confirms_a_migrated_user() {
    let mut sim = migrating(legacy_store(seen()));
    sim.forgot_password(public("legacy.user@example.com"))
        .await
        .expect("code");
    let code = code_in(&sim.outbox()[0].body);
    sim.confirm_forgot_password(confirm("legacy.user@example.com", &code, "N3w-Passw0rd!"))
        .await
        .expect("confirmed");
    assert_eq!(
        sim.user("legacy.user@example.com").expect("u").status,
        UserStatus::Confirmed
    );
}

#[tokio::test]
async fn confirm_wrong_code() {
    let (mut sim, code, _) = sim_with_code().await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let error = sim
        .confirm_forgot_password(confirm("max.mustermann", wrong, "N3w-Passw0rd!"))
        .await
        .expect_err("mismatch");
    assert_eq!(error.exception(), ExceptionType::CodeMismatchException);
    assert_eq!(error.message(), CODE_MISMATCH);
    assert!(sim.state().pending_code("max.mustermann").is_some());
}

#[tokio::test]
async fn confirm_after_an_hour_is_expired() {
    let (mut sim, code, clock) = sim_with_code().await;
    clock.advance(Duration::from_secs(3600));
    let error = sim
        .confirm_forgot_password(confirm("max.mustermann", &code, "N3w-Passw0rd!"))
        .await
        .expect_err("expired");
    assert_eq!(error.exception(), ExceptionType::ExpiredCodeException);
    assert_eq!(error.message(), CODE_EXPIRED);
}

#[tokio::test]
async fn confirm_without_a_requested_code_is_expired() {
    let mut sim = demo_sim();
    let error = sim
        .confirm_forgot_password(confirm("max.mustermann", "123456", "N3w-Passw0rd!"))
        .await
        .expect_err("no code");
    assert_eq!(error.exception(), ExceptionType::ExpiredCodeException);
}

#[tokio::test]
async fn confirm_checks_the_password_policy() {
    let (mut sim, code, _) = sim_with_code().await;
    for (password, reason) in [
        ("Sh0rt!", "Password not long enough"),
        ("NOLOWER1!", "Password must have lowercase characters"),
        ("noupper1!", "Password must have uppercase characters"),
        ("NoDigits!", "Password must have numeric characters"),
        ("NoSymbol1", "Password must have symbol characters"),
    ] {
        let error = sim
            .confirm_forgot_password(confirm("max.mustermann", &code, password))
            .await
            .expect_err(password);
        assert_eq!(error.exception(), ExceptionType::InvalidPasswordException);
        assert_eq!(
            error.message(),
            format!("Password does not conform to policy: {reason}")
        );
    }
    let error = sim
        .confirm_forgot_password(confirm("max.mustermann", &code, "has space1A!"))
        .await
        .expect_err("space");
    assert_eq!(error.exception(), ExceptionType::InvalidParameterException);
    assert!(error.message().contains("Value at 'password'"));
    // The code still works after policy failures.
    sim.confirm_forgot_password(confirm("max.mustermann", &code, "N3w-Passw0rd!"))
        .await
        .expect("ok");
}

#[tokio::test]
async fn confirm_unknown_or_disabled_user() {
    let mut sim = demo_sim();
    let error = sim
        .confirm_forgot_password(confirm("nobody", "123456", "N3w-Passw0rd!"))
        .await
        .expect_err("unknown");
    assert_eq!(error.exception(), ExceptionType::UserNotFoundException);
    let error = sim
        .confirm_forgot_password(confirm("disabled.user", "123456", "N3w-Passw0rd!"))
        .await
        .expect_err("disabled");
    assert_eq!(error.message(), "User is disabled.");

    let hidden = |name: &str| {
        ConfirmForgotPasswordRequest::new(SECRET_CLIENT, name, "123456", "N3w-Passw0rd!")
            .client_secret(SECRET)
    };
    for name in ["nobody", "disabled.user"] {
        let error = sim
            .confirm_forgot_password(hidden(name))
            .await
            .expect_err(name);
        assert_eq!(
            error.exception(),
            ExceptionType::CodeMismatchException,
            "{name}"
        );
    }
    let error = sim
        .confirm_forgot_password(ConfirmForgotPasswordRequest::new(
            SECRET_CLIENT,
            "max.mustermann",
            "123456",
            "N3w-Passw0rd!",
        ))
        .await
        .expect_err("no hash");
    assert_eq!(error.exception(), ExceptionType::NotAuthorizedException);
}

#[tokio::test]
async fn post_confirmation_hook_runs_with_client_metadata() {
    let seen = seen();
    let recorder = seen.clone();
    let hook = post_confirmation::from_fn(move |request: ConfirmationRequest| {
        recorder.lock().expect("lock").push(request);
        async { Ok(()) }
    });
    let (sim, code, _) = sim_with_code().await;
    let mut sim = sim.with_post_confirmation(hook);
    sim.confirm_forgot_password(
        confirm("max.mustermann", &code, "N3w-Passw0rd!").client_metadata("source", "app"),
    )
    .await
    .expect("confirmed");
    let requests = seen.lock().expect("lock");
    assert_eq!(
        requests[0].source(),
        &ConfirmationSource::ConfirmForgotPassword
    );
    assert_eq!(requests[0].username(), "max.mustermann");
    assert_eq!(
        requests[0].client_metadata().get("source").as_deref(),
        Some("app")
    );
    assert_eq!(
        requests[0].attribute("cognito:user_status").as_deref(),
        Some("CONFIRMED")
    );
}

#[tokio::test]
async fn post_confirmation_rejection() {
    let hook = post_confirmation::from_fn(|_request: ConfirmationRequest| async {
        Err(HookError::reject("Audit log unavailable"))
    });
    let (sim, code, _) = sim_with_code().await;
    let mut sim = sim.with_post_confirmation(hook);
    let error = sim
        .confirm_forgot_password(confirm("max.mustermann", &code, "N3w-Passw0rd!"))
        .await
        .expect_err("rejected");
    assert_eq!(
        error.exception(),
        ExceptionType::UserLambdaValidationException
    );
    assert_eq!(
        error.message(),
        "PostConfirmation failed with error Audit log unavailable."
    );
    assert!(
        sim.user("max.mustermann")
            .expect("u")
            .password_matches("N3w-Passw0rd!")
    );
}

// ---------------------------------------------------------------- state between calls

#[tokio::test]
async fn state_file_carries_users_codes_and_outbox_between_simulators() {
    let dir = std::env::temp_dir().join(format!("cognito-sim-it-{}", std::process::id()));
    let path = dir.join("state.json");
    let mut sim = migrating(legacy_store(seen()));
    sim.forgot_password(public("legacy.user@example.com"))
        .await
        .expect("code");
    sim.into_state().save(&path).expect("save");

    let state = State::load(&path, "eu-central-1_Demo12345").expect("load");
    let code = code_in(&state.outbox[0].body);
    let mut next = demo_sim().with_state(state);
    assert!(next.user("legacy.user@example.com").is_some());
    next.confirm_forgot_password(confirm("legacy.user@example.com", &code, "N3w-Passw0rd!"))
        .await
        .expect("confirmed from saved state");
    let _ = std::fs::remove_dir_all(dir);
}
