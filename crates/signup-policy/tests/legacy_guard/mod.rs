//! The legacy guard on real databases (SQLite and PostgreSQL): a public `SignUp` for a login
//! that still lives in the legacy store is refused; a store that cannot answer refuses too.

use crate::support;
use cognito_signup_policy::PreSignUpPolicy;
use cognito_triggers::GENERIC_USER_MESSAGE;
use cognito_triggers::pre_sign_up::{PreSignUpEvent, handle};
use serde_json::json;
use workspace_harness::databases::{ScratchDb, postgres_url, unique_name};

const LEGACY_MESSAGE: &str =
    "An account with this login already exists. Please sign in with your existing password";

/// A legacy user table of its own (the user-migration default schema, no password hashes).
struct LegacyTable {
    url: String,
    table: String,
    scratch: ScratchDb,
}

impl LegacyTable {
    async fn create(server: Option<String>) -> Option<Self> {
        let table = unique_name("signup_guard_users");
        let scratch = ScratchDb::connect(server).await?;
        scratch
            .execute([
                format!(
                    "CREATE TABLE {table} (username VARCHAR(128) NOT NULL PRIMARY KEY, \
                     email VARCHAR(255), email_verified BOOLEAN NOT NULL DEFAULT FALSE, \
                     phone_number VARCHAR(32), phone_number_verified BOOLEAN NOT NULL DEFAULT FALSE, \
                     password_hash VARCHAR(255), given_name VARCHAR(128), family_name VARCHAR(128), \
                     locale VARCHAR(16))"
                ),
                format!(
                    "INSERT INTO {table} (username, email, email_verified) VALUES \
                     ('legacy.user', 'legacy.user@example.com', TRUE), ('phone.only', NULL, FALSE)"
                ),
            ])
            .await;
        Some(Self {
            url: scratch.url.clone(),
            table,
            scratch,
        })
    }

    async fn policy(&self) -> PreSignUpPolicy {
        let vars = [
            ("PRE_SIGN_UP_LEGACY_GUARD", "true".to_owned()),
            ("LEGACY_DATABASE_URL", self.url.clone()),
            ("LEGACY_TABLE", self.table.clone()),
            // The local test database has no certificate to verify.
            ("LEGACY_DB_ALLOW_UNVERIFIED_TLS", "true".to_owned()),
        ];
        PreSignUpPolicy::from_env_with(|name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.clone())
        })
        .await
        .unwrap_or_else(|error| panic!("{error}"))
    }

    async fn cleanup(self) {
        let _ignored = self.scratch.drop_table_and_close(&self.table).await;
    }
}

fn sign_up(user_name: &str, attributes: serde_json::Value) -> PreSignUpEvent {
    let mut json = support::raw("PreSignUp_SignUp.json");
    json["userName"] = json!(user_name);
    json["request"]["userAttributes"] = attributes;
    support::from_json("sign-up", json)
}

async fn outcome(policy: &PreSignUpPolicy, event: PreSignUpEvent) -> Result<(), String> {
    handle(policy, support::invocation(event))
        .await
        .map(|_| ())
        .map_err(|error| error.user_message().to_owned())
}

/// The guard's behaviour on one database.
async fn the_guard_refuses_legacy_logins(table: &LegacyTable) {
    let policy = table.policy().await;
    let uuid = "6b1c2f0e-5d4a-4b7e-9a3c-0f1e2d3c4b5a";
    // The attack: registering a legacy user's address before their first sign-in migrates it.
    for (what, event) in [
        (
            "email",
            sign_up(uuid, json!({"email": "legacy.user@example.com"})),
        ),
        (
            "email, other case",
            sign_up(uuid, json!({"email": "Legacy.User@Example.COM"})),
        ),
        (
            "user name",
            sign_up("legacy.user", json!({"email": "new@example.org"})),
        ),
        (
            "preferred_username",
            sign_up(
                uuid,
                json!({"email": "new@example.org", "preferred_username": "phone.only"}),
            ),
        ),
    ] {
        assert_eq!(
            outcome(&policy, event).await,
            Err(LEGACY_MESSAGE.to_owned()),
            "{what}"
        );
    }
    assert_eq!(
        outcome(
            &policy,
            sign_up(uuid, json!({"email": "someone.new@example.com"}))
        )
        .await,
        Ok(())
    );
    // Only public sign-ups are guarded: an administrator may create the user on purpose.
    let mut admin = support::raw("PreSignUp_AdminCreateUser.json");
    admin["request"]["userAttributes"]["email"] = json!("legacy.user@example.com");
    assert_eq!(
        outcome(&policy, support::from_json("admin", admin)).await,
        Ok(())
    );
}

#[tokio::test]
async fn sqlite_legacy_logins_cannot_be_claimed_by_sign_up() {
    let Some(table) = LegacyTable::create(None).await else {
        return;
    };
    the_guard_refuses_legacy_logins(&table).await;
    table.cleanup().await;
}

#[tokio::test]
async fn postgres_legacy_logins_cannot_be_claimed_by_sign_up() {
    let Some(table) = LegacyTable::create(Some(postgres_url())).await else {
        return;
    };
    the_guard_refuses_legacy_logins(&table).await;
    table.cleanup().await;
}

#[tokio::test]
async fn an_unreachable_legacy_store_refuses_every_sign_up() {
    let missing_sqlite = std::env::temp_dir()
        .join(unique_name("no_such_dir"))
        .join("legacy.sqlite");
    for url in [
        "postgres://guard:s3cret-pw@127.0.0.1:1/legacy".to_owned(),
        format!("sqlite:{}", missing_sqlite.display()),
    ] {
        let policy = PreSignUpPolicy::from_env_with(|name| match name {
            "PRE_SIGN_UP_LEGACY_GUARD" => Some("true".to_owned()),
            "LEGACY_DATABASE_URL" => Some(url.clone()),
            "LEGACY_DB_TIMEOUT_MS" => Some("300".to_owned()),
            "LEGACY_DB_ALLOW_UNVERIFIED_TLS" => Some("true".to_owned()),
            _ => None,
        })
        .await
        .unwrap_or_else(|error| panic!("{error}"));
        let error = handle(
            &policy,
            support::invocation(sign_up("x", json!({"email": "someone.new@example.com"}))),
        )
        .await
        .err()
        .unwrap_or_else(|| panic!("{url}: accepted without checking the legacy store"));
        assert_eq!(error.user_message(), GENERIC_USER_MESSAGE, "{url}");
        let debug = format!("{error} {error:?} {policy:?}");
        assert!(!debug.contains("s3cret-pw"), "{debug}");
    }
}

#[tokio::test]
async fn the_guard_needs_a_real_legacy_database() {
    let error = PreSignUpPolicy::from_env_with(|name| {
        (name == "PRE_SIGN_UP_LEGACY_GUARD").then(|| "true".to_owned())
    })
    .await
    .err()
    .map(|error| error.to_string())
    .unwrap_or_default();
    assert!(error.contains("LEGACY_DATABASE_URL"), "{error}");

    let error = PreSignUpPolicy::from_env_with(|name| match name {
        "PRE_SIGN_UP_LEGACY_GUARD" => Some("true".to_owned()),
        "LEGACY_DATABASE_URL" => Some("oracle://scott:tiger@db/legacy".to_owned()),
        _ => None,
    })
    .await
    .err()
    .map(|error| error.to_string())
    .unwrap_or_default();
    assert!(error.contains("LEGACY_DATABASE_URL"), "{error}");
    assert!(!error.contains("tiger"), "{error}");

    // Off unless asked for: the LEGACY_* settings alone do not switch it on.
    let policy = PreSignUpPolicy::from_env_with(|name| {
        (name == "LEGACY_DATABASE_URL").then(|| "postgres://nobody@127.0.0.1:1/x".to_owned())
    })
    .await
    .unwrap_or_else(|error| panic!("{error}"));
    assert!(policy.is_accept_all());
}

#[tokio::test]
async fn the_guard_refuses_a_database_connection_it_cannot_verify() {
    let error = PreSignUpPolicy::from_env_with(|name| match name {
        "PRE_SIGN_UP_LEGACY_GUARD" => Some("true".to_owned()),
        "LEGACY_DATABASE_URL" => Some("postgres://guard:s3cret-pw@db.internal/legacy".to_owned()),
        _ => None,
    })
    .await
    .expect_err("no certificate verification");
    let error = error.to_string();
    assert!(error.contains("sslmode=verify-full"), "{error}");
    assert!(!error.contains("s3cret"), "{error}");
}
