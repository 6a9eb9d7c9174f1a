//! Shared test helpers: events from `events/`, per-test legacy tables on SQLite, PostgreSQL and
//! MariaDB, and a log capture.

#![allow(dead_code, reason = "each test module uses a different subset")]

use std::future::Future;
use std::path::Path;
use std::sync::OnceLock;

use cognito_legacy_migration::LegacyMigration;
use cognito_legacy_migration::demo;
use cognito_legacy_migration::hash::Verifier;
use cognito_legacy_migration::store::{Backend, LegacyStore, StoreOptions};
use cognito_triggers::user_migration::{UserMigrationEvent, handle};
use cognito_triggers::{Context, LambdaEvent, TriggerError};
use serde_json::Value;
use workspace_harness::LogBuffer;

/// The low-cost twin of the demo database, plus rows only the tests need.
pub(crate) const FIXTURE_SQL: &str = include_str!("../fixtures/legacy_users_low_cost.sql");

/// A bcrypt hash at cost 4, the dummy for unknown users in tests.
pub(crate) const LOW_COST_DUMMY_HASH: &str =
    "$2b$04$4TpfCOcIgGtKzGVbYXzQ7uCmlqW/2uWQF5lI4I8sN1Dsu30Utyi3a";

/// A fixture user with a password that opens the account.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FixtureUser {
    pub(crate) username: &'static str,
    pub(crate) email: &'static str,
    pub(crate) password: &'static str,
    pub(crate) scheme: &'static str,
    pub(crate) given_name: &'static str,
}

/// One fixture user per hash scheme (and bcrypt prefix).
pub(crate) const SCHEME_USERS: [FixtureUser; 8] = [
    FixtureUser {
        username: "legacy.user",
        email: "legacy.user@example.com",
        password: "Legacy-Passw0rd!",
        scheme: "bcrypt $2b$",
        given_name: "Lena",
    },
    FixtureUser {
        username: "bcrypt.user",
        email: "bcrypt.user@example.com",
        password: "Bcrypt-Passw0rd!",
        scheme: "bcrypt $2y$",
        given_name: "Bruno",
    },
    FixtureUser {
        username: "bcrypt2a.user",
        email: "bcrypt2a.user@example.com",
        password: "Bcrypt2a-Passw0rd!",
        scheme: "bcrypt $2a$",
        given_name: "Berta",
    },
    FixtureUser {
        username: "argon2id.user",
        email: "argon2id.user@example.com",
        password: "Argon2id-Passw0rd!",
        scheme: "argon2id",
        given_name: "Ada",
    },
    FixtureUser {
        username: "argon2i.user",
        email: "argon2i.user@example.com",
        password: "Argon2i-Passw0rd!",
        scheme: "argon2i",
        given_name: "Ida",
    },
    FixtureUser {
        username: "django.user",
        email: "django.user@example.com",
        password: "Django-Passw0rd!",
        scheme: "django pbkdf2_sha256",
        given_name: "Django",
    },
    FixtureUser {
        username: "scrypt.user",
        email: "scrypt.user@example.com",
        password: "Scrypt-Passw0rd!",
        scheme: "scrypt",
        given_name: "Sky",
    },
    FixtureUser {
        username: "sha512crypt.user",
        email: "sha512crypt.user@example.com",
        password: "ShaCrypt-Passw0rd!",
        scheme: "sha512-crypt",
        given_name: "Sasha",
    },
];

// ---------------------------------------------------------------------------------------------
// Events

/// `events/<name>.json` from the workspace root.
pub(crate) fn fixture_event(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../events")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The sign-in event of `events/`, for `user_name` typing `password`.
pub(crate) fn sign_in(user_name: &str, password: &str) -> UserMigrationEvent {
    let mut event = fixture_event("UserMigration_Authentication");
    event["userName"] = user_name.into();
    event["request"]["password"] = password.into();
    parse(event)
}

/// The forgot-password event of `events/`, for `user_name`.
pub(crate) fn forgot_password(user_name: &str) -> UserMigrationEvent {
    let mut event = fixture_event("UserMigration_ForgotPassword");
    event["userName"] = user_name.into();
    parse(event)
}

pub(crate) fn parse(event: Value) -> UserMigrationEvent {
    serde_json::from_value(event).expect("a user migration event")
}

/// Runs the hook the way the Lambda runtime would (no Lambda deadline: the 4.5 s Cognito budget).
pub(crate) async fn invoke(
    hook: &LegacyMigration,
    event: UserMigrationEvent,
) -> Result<Value, TriggerError> {
    let event = handle(hook, LambdaEvent::new(event, Context::default())).await?;
    Ok(serde_json::to_value(event).expect("serializable event"))
}

/// The `response` of a returned event.
pub(crate) fn response(event: &Value) -> &Value {
    &event["response"]
}

/// Asserts the hook answered "not found": the response is exactly as Cognito sent it.
pub(crate) fn assert_not_migrated(event: &Value, what: &str) {
    let untouched = serde_json::json!({
        "userAttributes": null, "forceAliasCreation": null, "enableSMSMFA": null,
        "finalUserStatus": null, "messageAction": null, "desiredDeliveryMediums": null
    });
    assert_eq!(response(event), &untouched, "{what}: expected no migration");
}

/// Asserts a migration with `final_status` (`None` = left unset) and returns the attributes.
pub(crate) fn assert_migrated<'a>(
    event: &'a Value,
    final_status: Option<&str>,
    what: &str,
) -> &'a serde_json::Map<String, Value> {
    let response = response(event);
    assert_eq!(
        response["finalUserStatus"].as_str(),
        final_status,
        "{what}: finalUserStatus in {response}"
    );
    assert_eq!(
        response["messageAction"], "SUPPRESS",
        "{what}: messageAction in {response}"
    );
    response["userAttributes"]
        .as_object()
        .unwrap_or_else(|| panic!("{what}: no userAttributes in {response}"))
}

// ---------------------------------------------------------------------------------------------
// Databases

pub(crate) use workspace_harness::databases::unique_name;
use workspace_harness::databases::{ScratchDb, mysql_url, postgres_url};

/// Where the tests find PostgreSQL and MariaDB (`None`: a SQLite file of its own).
pub(crate) fn server_url(backend: Backend) -> Option<String> {
    match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(postgres_url()),
        _ => Some(mysql_url()),
    }
}

/// A legacy user table of its own, on one backend, removed by [`TestDb::cleanup`].
pub(crate) struct TestDb {
    pub(crate) backend: Backend,
    pub(crate) url: String,
    pub(crate) table: String,
    scratch: ScratchDb,
}

impl TestDb {
    /// Creates the table from `sql` (the fixture by default). `None` when the server is
    /// unreachable and `COGNITO_TRIGGERS_SKIP_DB_TESTS=1`; panics when it is unreachable otherwise.
    pub(crate) async fn create(backend: Backend, sql: &str) -> Option<TestDb> {
        let table = unique_name("legacy_users_test");
        let scratch = ScratchDb::connect(server_url(backend)).await?;
        scratch.execute(demo::statements_of(sql, &table)).await;
        Some(TestDb {
            backend,
            url: scratch.url.clone(),
            table,
            scratch,
        })
    }

    /// Store options for this table (the default schema, a short timeout). The local test
    /// servers have no certificates: their URLs are accepted without verification.
    pub(crate) fn options(&self) -> StoreOptions {
        StoreOptions {
            table: self.table.clone(),
            allow_unverified_tls: true,
            ..StoreOptions::default()
        }
    }

    /// The hook on this table with the default options and a low-cost dummy hash.
    pub(crate) async fn hook(&self) -> LegacyMigration {
        self.hook_with(self.options()).await
    }

    pub(crate) async fn hook_with(&self, options: StoreOptions) -> LegacyMigration {
        let store = LegacyStore::connect(&self.url, options)
            .await
            .expect("store");
        LegacyMigration::new(store)
            .with_verifier(Verifier::with_dummy_hash(LOW_COST_DUMMY_HASH).expect("dummy"))
    }

    /// Drops the table (or deletes the SQLite file).
    pub(crate) async fn cleanup(self) {
        self.scratch
            .drop_table_and_close(&self.table)
            .await
            .expect("drop the test table");
    }
}

/// Runs `test` on a fresh fixture table of `backend` and always cleans up, even when it fails.
pub(crate) async fn with_fixture<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(std::sync::Arc<TestDb>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(db) = TestDb::create(backend, FIXTURE_SQL).await else {
        return;
    };
    let db = std::sync::Arc::new(db);
    let outcome = tokio::spawn(test(std::sync::Arc::clone(&db))).await;
    if let Ok(db) = std::sync::Arc::try_unwrap(db) {
        db.cleanup().await;
    }
    if let Err(error) = outcome {
        std::panic::resume_unwind(error.into_panic());
    }
}

/// Taken by the tests that hash at default cost (about 1 s per bcrypt-12 check in an unoptimised
/// build), so that they do not starve each other's hooks past the 4.5 s deadline on two cores.
pub(crate) fn cpu_heavy() -> &'static tokio::sync::Mutex<()> {
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    &LOCK
}

// ---------------------------------------------------------------------------------------------
// Log capture

/// Everything any test in this binary logged, at TRACE level, as plain text.
pub(crate) fn captured_logs() -> String {
    capture().contents()
}

fn capture() -> &'static LogBuffer {
    static BUFFER: OnceLock<LogBuffer> = OnceLock::new();
    BUFFER.get_or_init(LogBuffer::default)
}

/// Sends every tracing event (and `log` record) of every thread to the capture, at TRACE.
pub(crate) fn install_log_capture() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let _ignored = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
            .with_writer(|| capture().clone())
            .try_init();
    });
}
