//! Helpers shared by the simulator tests: pools, hooks that record what they saw.

#![allow(dead_code, reason = "each test file uses a different subset")]

use std::sync::{Arc, Mutex};

use cognito_simulator::{Pool, User};
use cognito_triggers::custom_message::{self, CustomMessage, Message, MessageRequest};
use cognito_triggers::user_migration::{
    self, MigratedUser, MigrationDecision, MigrationRequest, UserMigration,
};

pub(crate) const PUBLIC: &str = "1example23456789";
pub(crate) const SECRET_CLIENT: &str = "2example98765432";
pub(crate) const SECRET: &str = "example-client-secret";

/// The demo pool.
pub(crate) fn demo() -> Pool {
    Pool::demo().expect("demo pool")
}

/// A pool parsed from JSON.
pub(crate) fn pool(json: &str) -> Pool {
    Pool::from_json(json, "test pool").expect("test pool")
}

/// A minimal pool with one public client (LEGACY), one ENABLED client and the given users.
pub(crate) fn pool_with(users: Vec<User>, extra: &str) -> Pool {
    let mut pool = pool(&format!(
        r#"{{"id": "us-east-1_Test12345", "emailSendingAccount": "DEVELOPER",
            "aliasAttributes": ["email", "phone_number", "preferred_username"],
            "clients": [{{"clientId": "{PUBLIC}"}},
                        {{"clientId": "enabled0client", "preventUserExistenceErrors": "ENABLED"}}]
            {extra}}}"#
    ));
    pool.users = users;
    pool.prepared().expect("valid pool")
}

/// The requests a hook saw, shared with the test.
pub(crate) type Seen<T> = Arc<Mutex<Vec<T>>>;

/// A migration hook that migrates `legacy.user@example.com` (verified email, locale de) and
/// records each request.
pub(crate) fn legacy_store(seen: Seen<MigrationRequest>) -> impl UserMigration {
    user_migration::from_fn(move |request: MigrationRequest| {
        let decision = if request.username() == "legacy.user@example.com" {
            MigrationDecision::Migrate(MigratedUser::new([
                ("email", "legacy.user@example.com"),
                ("email_verified", "true"),
                ("given_name", "Lena"),
                ("locale", "de"),
            ]))
        } else {
            MigrationDecision::NotFound
        };
        seen.lock().expect("lock").push(request);
        std::future::ready(Ok(decision))
    })
}

/// A migration hook returning the given decision for everyone.
pub(crate) fn migrate_as(decision: MigrationDecision) -> impl UserMigration {
    user_migration::from_fn(move |_request: MigrationRequest| {
        std::future::ready(Ok(decision.clone()))
    })
}

/// A custom message hook returning `message` and recording each request.
pub(crate) fn messages(message: Message, seen: Seen<MessageRequest>) -> impl CustomMessage {
    custom_message::from_fn(move |request: MessageRequest| {
        seen.lock().expect("lock").push(request);
        std::future::ready(Ok(message.clone()))
    })
}

/// A user with a verified email only.
pub(crate) fn email_user(username: &str, email: &str) -> User {
    User::new(username, [("email", email), ("email_verified", "true")])
}

/// The 6-digit code in a delivered body.
pub(crate) fn code_in(body: &str) -> String {
    let digits: Vec<char> = body.chars().collect();
    digits
        .windows(6)
        .find(|w| w.iter().all(char::is_ascii_digit))
        .map(|w| w.iter().collect())
        .expect("a 6-digit code in the body")
}

pub(crate) fn seen<T>() -> Seen<T> {
    Arc::new(Mutex::new(Vec::new()))
}
