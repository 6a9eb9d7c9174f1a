//! Latency of the user migration hook per password hash scheme, at each scheme's default cost:
//! one `UserMigration_Authentication` event through `handle()` on the built-in demo database
//! (in-memory SQLite), lookup and verification included.
//!
//! `cargo bench -p cognito-legacy-migration -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::Path;

use cognito_legacy_migration::LegacyMigration;
use cognito_legacy_migration::config::MigrationConfig;
use cognito_legacy_migration::demo::USERS;
use cognito_legacy_migration::hash::HashLimits;
use cognito_triggers::user_migration::{UserMigrationEvent, handle};
use cognito_triggers::{Context, LambdaEvent};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use serde_json::Value;

fn event(name: &str, user_name: &str, password: Option<&str>) -> UserMigrationEvent {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../events")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut event: Value = serde_json::from_str(&text).expect("JSON event");
    event["userName"] = user_name.into();
    if let Some(password) = password {
        event["request"]["password"] = password.into();
    }
    serde_json::from_value(event).expect("a user migration event")
}

fn sign_in(user_name: &str, password: &str) -> UserMigrationEvent {
    event("UserMigration_Authentication", user_name, Some(password))
}

fn hook_latency(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // The demo's scrypt user (ln=17,r=8: 128 MiB) is above the default limit of 64 MiB.
    let config = MigrationConfig {
        hash_limits: HashLimits {
            scrypt_memory_mib: 128,
            ..HashLimits::default()
        },
        ..MigrationConfig::default()
    };
    let hook = runtime
        .block_on(LegacyMigration::from_config(config))
        .expect("demo hook");
    let run = |event: UserMigrationEvent| {
        runtime
            .block_on(handle(&hook, LambdaEvent::new(event, Context::default())))
            .expect("hook outcome")
    };

    // Every demo user must migrate with the documented password before anything is measured.
    for user in USERS {
        let migrated = run(sign_in(user.username, user.password));
        let response = migrated.response.as_option().expect("a response");
        assert!(
            response.user_attributes.as_option().is_some(),
            "{} did not migrate",
            user.username
        );
    }

    let mut group = c.benchmark_group("sign_in");
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    let cases = [
        ("bcrypt_cost12", "legacy.user"),
        ("argon2id_m19456_t2_p1", "argon2id.user"),
        ("argon2i_m19456_t2_p1", "argon2i.user"),
        ("django_pbkdf2_sha256_1000000", "django.user"),
        ("scrypt_ln17_r8_p1", "scrypt.user"),
        ("sha512crypt_rounds5000", "sha512crypt.user"),
    ];
    for (label, username) in cases {
        let user = USERS
            .iter()
            .find(|user| user.username == username)
            .expect("demo user");
        let event = sign_in(user.username, user.password);
        group.bench_function(label, |b| {
            b.to_async(&runtime).iter(|| async {
                black_box(handle(&hook, LambdaEvent::new(event.clone(), Context::default())).await)
            });
        });
    }
    // The "not found" paths: same work as a bcrypt user (dummy hash), no hint either way.
    for (label, event) in [
        (
            "wrong_password_bcrypt_cost12",
            sign_in("legacy.user", "Wrong-Passw0rd!"),
        ),
        (
            "unknown_user_dummy_bcrypt_cost12",
            sign_in("nobody@example.com", "Legacy-Passw0rd!"),
        ),
        (
            "forgot_password_no_hashing",
            event("UserMigration_ForgotPassword", "legacy.user", None),
        ),
    ] {
        group.bench_function(label, |b| {
            b.to_async(&runtime).iter(|| async {
                black_box(handle(&hook, LambdaEvent::new(event.clone(), Context::default())).await)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, hook_latency);
criterion_main!(benches);
