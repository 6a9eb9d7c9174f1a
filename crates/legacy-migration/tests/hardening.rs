//! The defences of the migration function: verified transport to the legacy database, the URL
//! from Secrets Manager, bounded hashing work, no silent demo database, "not found" for per-user
//! problems, ambiguous logins, and no password in the answer.

mod support;

use std::collections::HashMap;
use std::str::FromStr;

use cognito_legacy_migration::Error;
use cognito_legacy_migration::config::MigrationConfig;
use sqlx::{AssertSqlSafe, ConnectOptions as _};

use crate::support::TestDb;

fn config(vars: &[(&str, &str)]) -> Result<MigrationConfig, Error> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    MigrationConfig::from_vars(|name| vars.get(name).cloned())
}

/// Runs `statements` on the test table's database, without statement logging (they carry hashes).
async fn execute(db: &TestDb, statements: &[String]) {
    let admin = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect_with(
            sqlx::any::AnyConnectOptions::from_str(&db.url)
                .expect("url")
                .disable_statement_logging(),
        )
        .await
        .expect("admin");
    for statement in statements {
        sqlx::raw_sql(AssertSqlSafe(statement.clone()))
            .execute(&admin)
            .await
            .expect("statement");
    }
    admin.close().await;
}

/// An `INSERT` of one user into the test table.
fn insert(db: &TestDb, username: &str, email: &str, hash: &str) -> String {
    format!(
        "INSERT INTO {} (username, email, email_verified, password_hash, given_name) \
         VALUES ('{username}', '{email}', TRUE, '{hash}', '{username}')",
        db.table
    )
}

/// PostgreSQL and MySQL connections must verify the server.
mod transport {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use cognito_legacy_migration::LegacyMigration;
    use cognito_legacy_migration::store::{LegacyStore, StoreOptions, check_transport};
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    use super::config;
    use crate::support::{install_log_capture, invoke, sign_in};

    const PASSWORD: &str = "Db-Passw0rd-Canary";

    #[test]
    fn unverified_network_urls_are_refused_with_the_setting_and_the_fix() {
        for url in [
            "postgres://app:Db-Passw0rd-Canary@db.internal/legacy",
            "postgresql://app:Db-Passw0rd-Canary@db.internal/legacy?sslmode=require",
            "postgres://app:Db-Passw0rd-Canary@db.internal/legacy?sslmode=verify-ca",
            "postgres://app:Db-Passw0rd-Canary@db.internal/legacy?sslmode=prefer",
            "mysql://app:Db-Passw0rd-Canary@db.internal/legacy",
            "mysql://app:Db-Passw0rd-Canary@db.internal/legacy?ssl-mode=REQUIRED",
            "mariadb://app:Db-Passw0rd-Canary@db.internal/legacy?ssl-mode=VERIFY_CA",
        ] {
            let error = config(&[("LEGACY_DATABASE_URL", url)]).expect_err(url);
            let message = error.to_string();
            assert!(message.contains("LEGACY_DATABASE_URL"), "{message}");
            assert!(
                message.contains("sslmode=verify-full")
                    || message.contains("ssl-mode=VERIFY_IDENTITY"),
                "{message}"
            );
            assert!(
                message.contains("LEGACY_DB_ALLOW_UNVERIFIED_TLS=true"),
                "{message}"
            );
            assert!(
                !message.contains(PASSWORD) && !message.contains("db.internal"),
                "{message}"
            );
            // The explicit opt-out accepts it.
            let allowed = config(&[
                ("LEGACY_DATABASE_URL", url),
                ("LEGACY_DB_ALLOW_UNVERIFIED_TLS", "true"),
            ])
            .expect(url);
            assert!(allowed.store.allow_unverified_tls);
        }
        for url in [
            "postgres://app:pw@db.internal/legacy?sslmode=verify-full",
            "postgres://app:pw@db.internal/legacy?sslmode=verify-full&sslrootcert=/opt/rds/global-bundle.pem",
            "mysql://app:pw@db.internal/legacy?ssl-mode=VERIFY_IDENTITY&ssl-ca=/opt/rds/global-bundle.pem",
            "mariadb://app:pw@db.internal/legacy?ssl-mode=VERIFY_IDENTITY",
            "sqlite:legacy.sqlite",
            "sqlite::memory:",
        ] {
            config(&[("LEGACY_DATABASE_URL", url)]).expect(url);
            check_transport(url, false).expect(url);
        }
    }

    #[tokio::test]
    async fn the_store_itself_refuses_unverified_urls_unless_allowed() {
        install_log_capture();
        let url = "postgres://postgres@127.0.0.1:5432/test";
        let error = LegacyStore::connect(url, StoreOptions::default())
            .await
            .expect_err("unverified");
        assert!(error.to_string().contains("LEGACY_DATABASE_URL"), "{error}");
        let allowed = StoreOptions {
            allow_unverified_tls: true,
            ..StoreOptions::default()
        };
        LegacyStore::connect(url, allowed).await.expect("opt-out");
        assert!(
            crate::support::captured_logs().contains("LEGACY_DB_ALLOW_UNVERIFIED_TLS=true"),
            "the opt-out is not logged"
        );
    }

    /// A machine in the network path answers as "PostgreSQL": it declines TLS and asks for the
    /// password in clear. Everything the client sends is recorded.
    async fn impostor() -> (u16, Arc<Mutex<Vec<u8>>>, tokio::task::JoinHandle<()>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&received);
        let server = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let record = Arc::clone(&record);
                tokio::spawn(async move {
                    let mut buffer = [0u8; 4096];
                    let mut answered_ssl = false;
                    let mut asked_password = false;
                    loop {
                        let read = match tokio::time::timeout(
                            Duration::from_secs(5),
                            socket.read(&mut buffer),
                        )
                        .await
                        {
                            Ok(Ok(read)) if read > 0 => read,
                            _ => return,
                        };
                        let chunk = buffer.get(..read).unwrap_or_default();
                        record.lock().expect("record").extend_from_slice(chunk);
                        // SSLRequest: int32 8, int32 80877103.
                        if !answered_ssl && chunk.starts_with(&[0, 0, 0, 8, 4, 210, 22, 47]) {
                            answered_ssl = true;
                            let _ = socket.write_all(b"N").await;
                            if read == 8 {
                                continue;
                            }
                        }
                        if !asked_password {
                            asked_password = true;
                            // AuthenticationCleartextPassword.
                            let _ = socket.write_all(&[b'R', 0, 0, 0, 8, 0, 0, 0, 3]).await;
                        }
                    }
                });
            }
        });
        (port, received, server)
    }

    #[tokio::test]
    async fn an_impostor_database_gets_neither_a_connection_nor_the_password() {
        install_log_capture();
        let (port, received, server) = impostor().await;
        let url = format!("postgres://app:{PASSWORD}@127.0.0.1:{port}/legacy");
        // Refused at start: nothing is ever sent to the impostor.
        match config(&[("LEGACY_DATABASE_URL", &url)]) {
            Err(error) => assert!(error.to_string().contains("LEGACY_DATABASE_URL")),
            Ok(config) => {
                // (Without the check: the function starts, and the first sign-in hands over the
                // password.)
                let hook = LegacyMigration::from_config(config).await.expect("hook");
                let _ = invoke(&hook, sign_in("legacy.user", "Legacy-Passw0rd!")).await;
            }
        }
        // With verification the client insists on TLS: the impostor's "N" ends the attempt.
        let verified = format!("{url}?sslmode=verify-full");
        let config = config(&[("LEGACY_DATABASE_URL", &verified)]).expect("verified URL");
        let hook = LegacyMigration::from_config(config).await.expect("hook");
        let error = invoke(&hook, sign_in("legacy.user", "Legacy-Passw0rd!"))
            .await
            .expect_err("no TLS, no lookup");
        assert_eq!(error.error_type(), "HookFailed");
        tokio::time::sleep(Duration::from_millis(100)).await;
        server.abort();
        let received = received.lock().expect("record").clone();
        assert!(
            !received
                .windows(PASSWORD.len())
                .any(|window| window == PASSWORD.as_bytes()),
            "the impostor received the database password"
        );
        assert!(
            !String::from_utf8_lossy(&received).contains("legacy.user"),
            "the impostor received a lookup"
        );
    }
}

/// The work one stored hash can cause is bounded.
mod bounded_work {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use cognito_legacy_migration::Error;
    use cognito_legacy_migration::hash::{HashLimits, StoredHash, Verifier, verify_password};
    use cognito_legacy_migration::store::Backend;

    use super::{config, execute, insert};
    use crate::support::{
        LOW_COST_DUMMY_HASH, TestDb, assert_migrated, assert_not_migrated, captured_logs,
        install_log_capture, invoke, sign_in, with_fixture,
    };

    /// Hashes whose parameters would take hours of CPU or abort the process on allocation.
    const HOSTILE: [(&str, &str, &str); 8] = [
        (
            "$2b$31$dkW3/AiZ1s96.fD.I3IS9enj9.ZfHDCt.HFAzHyk3Np1TOh5HFb.u",
            "bcrypt",
            "LEGACY_HASH_MAX_BCRYPT_COST",
        ),
        (
            "pbkdf2_sha256$4294967295$salt$l9hBrugZms88rooqfd2i9fvU1BmnTeUa+pDL3YA08xo=",
            "django-pbkdf2-sha256",
            "LEGACY_HASH_MAX_PBKDF2_ITERATIONS",
        ),
        (
            "$6$rounds=999999999$lowcostsalt1234$3fAqRvXvWtmZde0dGJfvRFcfL3E8juLfOYz1t7BComGcpavvJDHMagfLxsgETkw57E4yrrAqAkDzI2E0ePQji0",
            "sha512-crypt",
            "LEGACY_HASH_MAX_SHA_CRYPT_ROUNDS",
        ),
        (
            "$argon2id$v=19$m=256,t=4294967295,p=1$e5ewWrgsajp4clStWzM22g$jDPGvxNUzzBU7Umoi13j+5kKxushyS5AzOKIkL5FX7E",
            "argon2id",
            "LEGACY_HASH_MAX_ARGON2_ITERATIONS",
        ),
        (
            "$argon2id$v=19$m=4194304,t=1,p=1$e5ewWrgsajp4clStWzM22g$jDPGvxNUzzBU7Umoi13j+5kKxushyS5AzOKIkL5FX7E",
            "argon2id",
            "LEGACY_HASH_MAX_ARGON2_MEMORY_MIB",
        ),
        (
            "$scrypt$ln=30,r=8,p=1$7ZAmL+eGsZ0gcMu8P5GrHA$0eGY+RO0BEQORQbsUaAV9g2ch24D9vzIMicEP2LfxX0",
            "scrypt",
            "LEGACY_HASH_MAX_SCRYPT_MEMORY_MIB",
        ),
        (
            "$scrypt$ln=4,r=8,p=1000$7ZAmL+eGsZ0gcMu8P5GrHA$0eGY+RO0BEQORQbsUaAV9g2ch24D9vzIMicEP2LfxX0",
            "scrypt",
            "LEGACY_HASH_MAX_SCRYPT_PARALLELISM",
        ),
        (
            "$argon2id$v=19$m=256,t=1,p=64$e5ewWrgsajp4clStWzM22g$jDPGvxNUzzBU7Umoi13j+5kKxushyS5AzOKIkL5FX7E",
            "argon2id",
            "LEGACY_HASH_MAX_ARGON2_PARALLELISM",
        ),
    ];

    #[test]
    fn hashes_over_a_limit_are_refused_before_any_work() {
        for (hash, scheme, setting) in HOSTILE {
            let start = Instant::now();
            let error =
                verify_password("Legacy-Passw0rd!", &StoredHash::new(hash)).expect_err(setting);
            assert!(
                start.elapsed() < Duration::from_millis(100),
                "{setting}: work was done"
            );
            assert!(
                matches!(error, Error::HashOverLimit { .. }),
                "{setting}: {error:?}"
            );
            let message = error.to_string();
            assert!(
                message.contains(scheme) && message.contains(setting),
                "{message}"
            );
            assert!(!message.contains(hash), "the hash leaked: {message}");
            assert!(error.is_per_user());
        }
        // The defaults accept the usual production settings.
        let limits = HashLimits::default();
        for usual in [
            Verifier::DEFAULT_DUMMY_HASH,
            "$argon2id$v=19$m=65536,t=4,p=1$e5ewWrgsajp4clStWzM22g$jDPGvxNUzzBU7Umoi13j+5kKxushyS5AzOKIkL5FX7E",
            "$argon2id$v=19$m=19456,t=2,p=1$RkkadzjMqGPqCF1h71a5uQ$4XiktJEnTX5G/z9MIGk8V+E8ev2yYf8DZhjlbvEHzVU",
            "pbkdf2_sha256$1200000$salt$l9hBrugZms88rooqfd2i9fvU1BmnTeUa+pDL3YA08xo=",
            "$scrypt$ln=16,r=8,p=1$7ZAmL+eGsZ0gcMu8P5GrHA$0eGY+RO0BEQORQbsUaAV9g2ch24D9vzIMicEP2LfxX0",
            "$6$Lq3vT8mZr2Xk9WbN$so1YJzkAZ68PzcCdIJiFrJaNz7nHwjrSInEv9d5uqWtM1A5p.C0fly/ynOTxaxNRPszY4gSYaQA4GVGc3oyNY1",
        ] {
            limits.check(&StoredHash::new(usual)).expect(usual);
        }
        // The demo's scrypt (ln=17,r=8 = 128 MiB) needs the limit raised.
        let demo_scrypt = StoredHash::new(
            "$scrypt$ln=17,r=8,p=1$O04XPr1X4t6IEnUFvOeTNg$5XyAR9iVfr430mlj0b1Fyzze8XdTr2M3w0FwEdSH/hk",
        );
        assert!(limits.check(&demo_scrypt).is_err());
        let raised = HashLimits {
            scrypt_memory_mib: 128,
            ..limits
        };
        raised.check(&demo_scrypt).expect("raised limit");
    }

    #[test]
    fn the_limits_come_from_the_environment_and_must_admit_the_dummy() {
        let config = config(&[
            ("LEGACY_HASH_MAX_BCRYPT_COST", "12"),
            ("LEGACY_HASH_MAX_PBKDF2_ITERATIONS", "900000"),
            ("LEGACY_HASH_MAX_SHA_CRYPT_ROUNDS", "5000"),
            ("LEGACY_HASH_MAX_SCRYPT_MEMORY_MIB", "16"),
            ("LEGACY_HASH_MAX_SCRYPT_PARALLELISM", "1"),
            ("LEGACY_HASH_MAX_ARGON2_MEMORY_MIB", "19"),
            ("LEGACY_HASH_MAX_ARGON2_ITERATIONS", "2"),
            ("LEGACY_HASH_MAX_ARGON2_PARALLELISM", "1"),
        ])
        .expect("limits");
        assert_eq!(
            config.hash_limits,
            HashLimits {
                bcrypt_cost: 12,
                pbkdf2_iterations: 900_000,
                sha_crypt_rounds: 5000,
                scrypt_memory_mib: 16,
                scrypt_parallelism: 1,
                argon2_memory_mib: 19,
                argon2_iterations: 2,
                argon2_parallelism: 1,
            }
        );
        // A limit below the default dummy (bcrypt 12) would make unknown users free: refused.
        let error = super::config(&[("LEGACY_HASH_MAX_BCRYPT_COST", "10")]).expect_err("dummy");
        assert!(
            error.to_string().contains("LEGACY_DUMMY_PASSWORD_HASH"),
            "{error}"
        );
        // ... unless the dummy fits.
        super::config(&[
            ("LEGACY_HASH_MAX_BCRYPT_COST", "10"),
            ("LEGACY_DUMMY_PASSWORD_HASH", LOW_COST_DUMMY_HASH),
        ])
        .expect("low-cost dummy");
        let error = super::config(&[("LEGACY_HASH_MAX_ARGON2_MEMORY_MIB", "lots")])
            .expect_err("not a number");
        assert!(
            error
                .to_string()
                .contains("LEGACY_HASH_MAX_ARGON2_MEMORY_MIB"),
            "{error}"
        );
    }

    /// A row asking scrypt for 1 TiB used to abort the whole process; now it is "not found"
    /// and the function keeps serving.
    async fn hostile_rows_are_not_found_and_the_function_keeps_serving(backend: Backend) {
        install_log_capture();
        with_fixture(backend, |db: Arc<TestDb>| async move {
            let rows: Vec<String> = HOSTILE
                .iter()
                .enumerate()
                .map(|(index, (hash, _, _))| {
                    insert(
                        &db,
                        &format!("hostile{index}"),
                        &format!("hostile{index}@example.com"),
                        hash,
                    )
                })
                .collect();
            execute(&db, &rows).await;
            let hook = db.hook().await;
            for (index, (_, _, setting)) in HOSTILE.iter().enumerate() {
                let start = Instant::now();
                let event = invoke(
                    &hook,
                    sign_in(&format!("hostile{index}"), "Legacy-Passw0rd!"),
                )
                .await
                .expect(setting);
                assert_not_migrated(&event, setting);
                assert!(
                    start.elapsed() < Duration::from_secs(3),
                    "{setting}: too slow"
                );
            }
            // Still alive, still serving.
            let event = invoke(&hook, sign_in("legacy.user", "Legacy-Passw0rd!"))
                .await
                .expect("after the hostile rows");
            assert_migrated(&event, Some("CONFIRMED"), "after the hostile rows");
            let logs = captured_logs();
            assert!(
                logs.contains("LEGACY_HASH_MAX_SCRYPT_MEMORY_MIB"),
                "no warning names the limit"
            );
            for (hash, _, _) in HOSTILE {
                assert!(!logs.contains(hash), "a hostile hash was logged");
            }
        })
        .await;
    }

    #[tokio::test]
    async fn hostile_rows_are_not_found_and_the_function_keeps_serving_sqlite() {
        hostile_rows_are_not_found_and_the_function_keeps_serving(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn hostile_rows_are_not_found_and_the_function_keeps_serving_postgres() {
        hostile_rows_are_not_found_and_the_function_keeps_serving(Backend::Postgres).await;
    }

    /// bcrypt at cost 13 (about 2 s unoptimised, 0.5 s optimised).
    const COST_13: &str = "$2b$13$v/QAphRyijcIIzUPmLpKxeLhcu9ZTSSkInWCtCHDYqcKcajxFXfs.";

    #[tokio::test]
    async fn one_verification_runs_at_a_time() {
        let _heavy = crate::support::cpu_heavy().lock().await;
        let verifier = Verifier::with_dummy_hash(COST_13)
            .expect("dummy")
            .with_max_wait(Duration::from_millis(200));
        // A slow verification (an unknown user: the cost-13 dummy) ...
        let slow = tokio::spawn({
            let verifier = verifier.clone();
            async move { verifier.verify("whatever", None).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        // ... keeps the slot: a cheap one next to it does not start, and gives up in time.
        let cheap = StoredHash::new("$2b$04$1ixl1kGXyxPCjjX/yEJT2.86J3t9BDL0CckdKGn3Ly625/ShuzXOi");
        let start = Instant::now();
        let outcome = verifier.verify("Legacy-Passw0rd!", Some(&cheap)).await;
        assert!(
            !slow.is_finished(),
            "the slow verification ended too early for this test"
        );
        assert!(
            matches!(outcome, Err(Error::VerifierBusy(_))),
            "a second verification ran next to the first: {outcome:?}"
        );
        assert!(start.elapsed() < Duration::from_secs(1));
        // Dropping a waiting verification (as the hook's deadline does) leaves the slot alone.
        let dropped = tokio::time::timeout(
            Duration::from_millis(20),
            verifier.verify("Legacy-Passw0rd!", Some(&cheap)),
        )
        .await;
        assert!(dropped.is_err());
        assert_eq!(slow.await.expect("slow task").ok(), Some(false));
        // The slot is free again.
        assert_eq!(
            verifier.verify("Legacy-Passw0rd!", Some(&cheap)).await.ok(),
            Some(true)
        );
    }
}

/// The demo database (published passwords) never serves by accident on Lambda.
mod demo_store {
    use cognito_legacy_migration::LegacyMigration;
    use cognito_legacy_migration::config::DatabaseSource;

    use super::config;
    use crate::support::{captured_logs, install_log_capture, invoke, sign_in};

    const ON_LAMBDA: (&str, &str) = ("AWS_LAMBDA_FUNCTION_NAME", "user-migration");

    #[test]
    fn on_lambda_no_database_refuses_to_start() {
        for blank in [None, Some(""), Some("   "), Some("\t\n")] {
            let mut vars = vec![ON_LAMBDA];
            if let Some(blank) = blank {
                vars.push(("LEGACY_DATABASE_URL", blank));
            }
            let error = config(&vars).expect_err("no database on Lambda");
            let message = error.to_string();
            assert!(
                message.contains("LEGACY_DATABASE_URL")
                    && message.contains("LEGACY_DATABASE_URL_SECRET_ARN")
                    && message.contains("LEGACY_USE_DEMO_STORE=true"),
                "{message}"
            );
        }
        // Explicitly off, anywhere: refused too.
        let error = config(&[("LEGACY_USE_DEMO_STORE", "false")]).expect_err("off");
        assert!(error.to_string().contains("LEGACY_DATABASE_URL"), "{error}");
        // The demo and a real database at once: ambiguous, refused.
        let error = config(&[
            ("LEGACY_USE_DEMO_STORE", "true"),
            ("LEGACY_DATABASE_URL", "sqlite:legacy.sqlite"),
        ])
        .expect_err("both");
        assert!(
            error.to_string().contains("LEGACY_USE_DEMO_STORE"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn the_demo_serves_when_asked_for_or_off_lambda_and_says_so() {
        install_log_capture();
        let _heavy = crate::support::cpu_heavy().lock().await;
        for vars in [
            vec![
                ("AWS_LAMBDA_FUNCTION_NAME", "user-migration"),
                ("LEGACY_USE_DEMO_STORE", "true"),
            ],
            vec![],
            vec![("LEGACY_DATABASE_URL", " ")],
        ] {
            let config = config(&vars).expect("demo");
            assert_eq!(config.database, DatabaseSource::Demo, "{vars:?}");
            let hook = LegacyMigration::from_config(config).await.expect("hook");
            let event = invoke(&hook, sign_in("no.channel.user", "NoChannel-Passw0rd!"))
                .await
                .expect("demo sign-in");
            assert_eq!(
                event["response"]["finalUserStatus"], "CONFIRMED",
                "{vars:?}"
            );
        }
        assert!(
            captured_logs().contains("built-in DEMO database"),
            "no warning for the demo database"
        );
    }
}

/// L1 and L3: per-user problems are "not found"; ambiguous logins migrate nobody.
mod per_user {
    use std::sync::Arc;

    use cognito_legacy_migration::store::Backend;

    use super::{execute, insert};
    use crate::support::{
        TestDb, assert_migrated, assert_not_migrated, captured_logs, forgot_password,
        install_log_capture, invoke, sign_in, with_fixture,
    };

    /// "Legacy-Passw0rd!" at bcrypt cost 4 (the victim's password).
    const VICTIM_HASH: &str = "$2b$04$1ixl1kGXyxPCjjX/yEJT2.86J3t9BDL0CckdKGn3Ly625/ShuzXOi";
    /// "Bcrypt-Passw0rd!" at bcrypt cost 4 (the attacker's password).
    const ATTACKER_HASH: &str = "$2y$04$s00yx3F.Muac7HGoCZfZweSOAmVk3GYQ1PcRY/ewaShT21FmxPS5C";
    const ATTACKER_PASSWORD: &str = "Bcrypt-Passw0rd!";

    async fn a_user_name_equal_to_another_users_email_does_not_take_that_login(backend: Backend) {
        install_log_capture();
        with_fixture(backend, |db: Arc<TestDb>| async move {
            // The attacker registered the victim's address as their user name, with their own
            // (verified) email; it sorts first.
            execute(
                &db,
                &[
                    insert(&db, "victim", "victim@example.com", VICTIM_HASH),
                    insert(
                        &db,
                        "victim@example.com",
                        "attacker@evil.test",
                        ATTACKER_HASH,
                    ),
                ],
            )
            .await;
            let hook = db.hook().await;
            let event = invoke(&hook, sign_in("victim@example.com", ATTACKER_PASSWORD))
                .await
                .expect("sign-in");
            assert_not_migrated(&event, "the attacker's password on the victim's login");
            // The reset code goes to the victim's address, not the attacker's.
            let event = invoke(&hook, forgot_password("victim@example.com"))
                .await
                .expect("forgot");
            let attributes = assert_migrated(&event, None, "forgot-password");
            assert_eq!(attributes["email"], "victim@example.com");
            // The victim signs in as before.
            let event = invoke(&hook, sign_in("Victim@Example.com", "Legacy-Passw0rd!"))
                .await
                .expect("victim");
            assert_migrated(&event, Some("CONFIRMED"), "the victim");
        })
        .await;
    }

    async fn a_login_matching_two_users_migrates_nobody(backend: Backend) {
        install_log_capture();
        with_fixture(backend, |db: Arc<TestDb>| async move {
            // Case-variant emails, allowed by a case-sensitive UNIQUE in the old application.
            execute(
                &db,
                &[
                    insert(&db, "aaa.attacker", "Alice@Example.com", ATTACKER_HASH),
                    insert(&db, "alice", "alice@example.com", VICTIM_HASH),
                ],
            )
            .await;
            let hook = db.hook().await;
            for password in [ATTACKER_PASSWORD, "Legacy-Passw0rd!"] {
                let event = invoke(&hook, sign_in("alice@example.com", password))
                    .await
                    .expect("sign-in");
                assert_not_migrated(&event, "an ambiguous login");
            }
            let event = invoke(&hook, forgot_password("ALICE@example.com"))
                .await
                .expect("forgot");
            assert_not_migrated(&event, "an ambiguous login, forgot-password");
            assert!(captured_logs().contains("more than one legacy user"));
            // Unambiguous logins keep working.
            let event = invoke(&hook, sign_in("alice", "Legacy-Passw0rd!"))
                .await
                .expect("by name");
            assert_migrated(&event, Some("CONFIRMED"), "by user name");
        })
        .await;
    }

    #[tokio::test]
    async fn a_user_name_equal_to_another_users_email_does_not_take_that_login_sqlite() {
        a_user_name_equal_to_another_users_email_does_not_take_that_login(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn a_user_name_equal_to_another_users_email_does_not_take_that_login_postgres() {
        a_user_name_equal_to_another_users_email_does_not_take_that_login(Backend::Postgres).await;
    }

    #[tokio::test]
    async fn a_user_name_equal_to_another_users_email_does_not_take_that_login_mariadb() {
        a_user_name_equal_to_another_users_email_does_not_take_that_login(Backend::MySql).await;
    }

    #[tokio::test]
    async fn a_login_matching_two_users_migrates_nobody_sqlite() {
        a_login_matching_two_users_migrates_nobody(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn a_login_matching_two_users_migrates_nobody_postgres() {
        a_login_matching_two_users_migrates_nobody(Backend::Postgres).await;
    }

    #[tokio::test]
    async fn a_login_matching_two_users_migrates_nobody_mariadb() {
        a_login_matching_two_users_migrates_nobody(Backend::MySql).await;
    }

    #[tokio::test]
    async fn an_unreadable_row_is_not_found_and_not_a_lambda_error() {
        install_log_capture();
        with_fixture(Backend::Sqlite, |db: Arc<TestDb>| async move {
            // SQLite stores blobs as given: a name and a hash that are not UTF-8.
            execute(
                &db,
                &[
                    format!(
                        "INSERT INTO {} (username, email, email_verified, password_hash, given_name) \
                         VALUES ('binary.name', 'binary.name@example.com', TRUE, '{VICTIM_HASH}', x'ff00fe')",
                        db.table
                    ),
                    format!(
                        "INSERT INTO {} (username, email, email_verified, password_hash) \
                         VALUES ('binary.hash', 'binary.hash@example.com', TRUE, x'fffe')",
                        db.table
                    ),
                ],
            )
            .await;
            let hook = db.hook().await;
            for login in ["binary.name", "binary.hash"] {
                let event = invoke(&hook, sign_in(login, "Legacy-Passw0rd!"))
                    .await
                    .expect(login);
                assert_not_migrated(&event, login);
                let event = invoke(&hook, forgot_password(login)).await.expect(login);
                assert_not_migrated(&event, login);
            }
            assert!(captured_logs().contains("gave no usable user"));
        })
        .await;
    }
}

use workspace_harness::moto_endpoint;

/// The database URL from a Secrets Manager secret (moto in server mode).
mod secrets_manager {
    use aws_config::SdkConfig;
    use aws_sdk_secretsmanager::config::{Credentials, Region};
    use cognito_legacy_migration::LegacyMigration;
    use cognito_legacy_migration::config::DatabaseSource;
    use cognito_legacy_migration::secrets::database_url_from_secret_string;
    use cognito_legacy_migration::store::Backend;

    use super::{config, moto_endpoint};
    use crate::support::{
        FIXTURE_SQL, LOW_COST_DUMMY_HASH, TestDb, assert_migrated, captured_logs,
        install_log_capture, invoke, sign_in, unique_name,
    };

    const CANARY: &str = "Secret-Db-Passw0rd-Canary";

    /// The SDK configuration of the tests: moto's endpoint, dummy credentials.
    pub(crate) async fn sdk_config(endpoint: &str) -> SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .http_client(cognito_aws_env::http_client())
            .endpoint_url(endpoint)
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("testing", "testing", None, None, "tests"))
            .load()
            .await
    }

    /// Creates a secret in moto and returns its ARN.
    pub(crate) async fn create_secret(sdk: &SdkConfig, value: &str) -> String {
        aws_sdk_secretsmanager::Client::new(sdk)
            .create_secret()
            .name(unique_name("legacy-db"))
            .secret_string(value)
            .send()
            .await
            .expect("create the secret in moto")
            .arn()
            .expect("an ARN")
            .to_owned()
    }

    #[test]
    fn a_url_and_a_secret_together_are_refused() {
        let error = config(&[
            ("LEGACY_DATABASE_URL", "sqlite:legacy.sqlite"),
            (
                "LEGACY_DATABASE_URL_SECRET_ARN",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:legacy-db",
            ),
        ])
        .expect_err("both");
        assert!(
            error.to_string().contains("LEGACY_DATABASE_URL_SECRET_ARN"),
            "{error}"
        );
        let config = config(&[
            ("AWS_LAMBDA_FUNCTION_NAME", "user-migration"),
            (
                "LEGACY_DATABASE_URL_SECRET_ARN",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:legacy-db",
            ),
        ])
        .expect("the secret is a database on Lambda");
        assert!(matches!(config.database, DatabaseSource::SecretArn(_)));
    }

    #[test]
    fn the_secret_is_a_url_or_a_json_object_with_a_url() {
        let url = format!("postgres://app:{CANARY}@db/legacy?sslmode=verify-full");
        assert_eq!(database_url_from_secret_string(&url).expect("plain"), url);
        let json = format!(r#"{{"username": "app", "password": "{CANARY}", "url": "{url}"}}"#);
        assert_eq!(database_url_from_secret_string(&json).expect("json"), url);
        for bad in [
            format!(r#"{{"username": "app", "password": "{CANARY}"}}"#),
            format!(r#"{{"url": 42, "password": "{CANARY}"}}"#),
            format!(r#"{{"url": "{CANARY}"#),
            format!("{CANARY}://nowhere"),
            "   ".to_owned(),
        ] {
            let error = database_url_from_secret_string(&bad).expect_err(&bad);
            let text = format!("{error} {error:?}");
            assert!(text.contains("LEGACY_DATABASE_URL_SECRET_ARN"), "{text}");
            assert!(!text.contains(CANARY), "the secret leaked: {text}");
        }
    }

    #[tokio::test]
    async fn the_database_url_comes_from_a_secret_fetched_at_start() {
        install_log_capture();
        let Some(endpoint) = moto_endpoint() else {
            return;
        };
        let Some(db) = TestDb::create(Backend::Sqlite, FIXTURE_SQL).await else {
            return;
        };
        let sdk = sdk_config(&endpoint).await;
        let vars = |arn: &str| {
            vec![
                ("AWS_LAMBDA_FUNCTION_NAME", "user-migration".to_owned()),
                ("LEGACY_DATABASE_URL_SECRET_ARN", arn.to_owned()),
                ("LEGACY_TABLE", db.table.clone()),
                ("LEGACY_DUMMY_PASSWORD_HASH", LOW_COST_DUMMY_HASH.to_owned()),
            ]
        };
        let build = |arn: String| {
            let sdk = sdk.clone();
            let vars = vars(&arn);
            async move {
                let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
                LegacyMigration::from_config_with_aws(config(&vars).expect("config"), &sdk).await
            }
        };

        // The URL itself, and a JSON object with a `url` member (extra members ignored).
        for value in [
            db.url.clone(),
            format!(
                r#"{{"engine": "sqlite", "password": "{CANARY}", "url": "{}"}}"#,
                db.url
            ),
        ] {
            let arn = create_secret(&sdk, &value).await;
            let hook = build(arn).await.expect("hook from the secret");
            let event = invoke(&hook, sign_in("legacy.user", "Legacy-Passw0rd!"))
                .await
                .expect("sign-in");
            assert_migrated(&event, Some("CONFIRMED"), "database from the secret");
            let debug = format!("{hook:?}");
            assert!(
                !debug.contains(&db.url) && !debug.contains(CANARY),
                "{debug}"
            );
            hook.store().close().await;
        }

        // The URL from the secret goes through the same transport check.
        let arn = create_secret(
            &sdk,
            &format!(r#"{{"url": "postgres://app:{CANARY}@db.internal/legacy"}}"#),
        )
        .await;
        let error = build(arn).await.expect_err("unverified URL in the secret");
        let text = format!("{error} {error:?}");
        assert!(
            text.contains("LEGACY_DATABASE_URL_SECRET_ARN") && text.contains("sslmode=verify-full"),
            "{text}"
        );
        assert!(
            !text.contains(CANARY) && !text.contains("db.internal"),
            "{text}"
        );

        // A secret that does not exist, or holds no URL: refused, with nothing of the secret.
        let missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:no-such-secret-AbCdEf";
        let error = build(missing.to_owned()).await.expect_err("missing secret");
        let text = format!("{error} {error:?}");
        assert!(
            text.contains("LEGACY_DATABASE_URL_SECRET_ARN")
                && text.contains("ResourceNotFoundException"),
            "{text}"
        );
        let arn = create_secret(&sdk, &format!(r#"{{"password": "{CANARY}"}}"#)).await;
        let error = build(arn).await.expect_err("no url member");
        let text = format!("{error} {error:?}");
        assert!(text.contains("`url`") && !text.contains(CANARY), "{text}");

        db.cleanup().await;
        let logs = captured_logs();
        assert!(logs.contains("read from Secrets Manager"), "nothing logged");
        assert!(!logs.contains(CANARY), "the secret reached the logs");
    }
}

/// On Lambda without a database the binary stops with one line naming the settings, not an
/// error's `Debug` form.
#[test]
fn the_refusal_to_start_is_one_readable_line() {
    let line = workspace_harness::refusal_line(env!("CARGO_BIN_EXE_user-migration"), &[]);
    assert!(line.starts_with("user-migration: "), "{line}");
    assert!(
        line.contains("LEGACY_DATABASE_URL") && line.contains("LEGACY_USE_DEMO_STORE"),
        "{line}"
    );
}

/// The `user-migration` binary under a stand-in for the Lambda Runtime API.
mod binary {
    use std::time::Duration;

    use serde_json::Value;
    use workspace_harness::Run;

    use crate::support::{FIXTURE_SQL, LOW_COST_DUMMY_HASH, TestDb, fixture_event};

    /// Starts `user-migration` as Lambda would, with `vars`, gives it `event`, and waits until it
    /// answered (or exited, or `wait` passed).
    async fn run_function(vars: &[(&str, &str)], event: Value, wait: Duration) -> Run {
        workspace_harness::run_function(
            env!("CARGO_BIN_EXE_user-migration"),
            vars,
            vec![event],
            wait,
        )
        .await
    }

    /// The migrated answer, checked for the typed password.
    fn answer(run: &Run, password: &str) -> Value {
        let [(path, body)] = run.posts.as_slice() else {
            panic!(
                "expected one answer, got {:?}\nstdout: {}\nstderr: {}",
                run.posts, run.stdout, run.stderr
            );
        };
        assert!(path.ends_with("/response"), "{path}: {body}");
        assert!(
            !body.contains(password),
            "the answer echoes the password: {body}"
        );
        let answer: Value = serde_json::from_str(body).expect("JSON answer");
        assert!(answer["request"]["password"].is_null(), "{answer}");
        answer
    }

    #[tokio::test]
    async fn on_lambda_without_a_database_the_function_refuses_to_start() {
        let run = run_function(
            &[],
            fixture_event("UserMigration_Authentication"),
            Duration::from_secs(20),
        )
        .await;
        let exit = run.exit.expect("the function kept running");
        assert!(!exit.success());
        assert!(
            run.stderr.contains("LEGACY_DATABASE_URL")
                && run.stderr.contains("LEGACY_USE_DEMO_STORE"),
            "stderr: {}",
            run.stderr
        );
        assert_eq!(run.requests, 0, "it asked for an event");
    }

    #[tokio::test]
    async fn the_demo_on_lambda_needs_asking_for_warns_and_never_echoes_the_password() {
        let _heavy = crate::support::cpu_heavy().lock().await;
        let run = run_function(
            &[("LEGACY_USE_DEMO_STORE", "true")],
            fixture_event("UserMigration_Authentication"),
            Duration::from_secs(30),
        )
        .await;
        let answer = answer(&run, "Legacy-Passw0rd!");
        assert_eq!(
            answer["response"]["finalUserStatus"], "CONFIRMED",
            "{answer}"
        );
        let warning = run
            .stdout
            .lines()
            .find(|line| line.contains("built-in DEMO database"))
            .unwrap_or_else(|| panic!("no demo warning: {}", run.stdout));
        assert!(warning.contains("WARN"), "{warning}");
    }

    #[tokio::test]
    async fn on_lambda_the_function_reads_its_database_url_from_secrets_manager() {
        let Some(endpoint) = super::moto_endpoint() else {
            return;
        };
        let Some(db) = TestDb::create(
            cognito_legacy_migration::store::Backend::Sqlite,
            FIXTURE_SQL,
        )
        .await
        else {
            return;
        };
        let sdk = super::secrets_manager::sdk_config(&endpoint).await;
        let arn =
            super::secrets_manager::create_secret(&sdk, &format!(r#"{{"url": "{}"}}"#, db.url))
                .await;
        let mut event = fixture_event("UserMigration_Authentication");
        event["userName"] = "argon2id.user@example.com".into();
        event["request"]["password"] = "Argon2id-Passw0rd!".into();
        let run = run_function(
            &[
                ("AWS_ENDPOINT_URL", &endpoint),
                ("AWS_REGION", "us-east-1"),
                ("AWS_ACCESS_KEY_ID", "testing"),
                ("AWS_SECRET_ACCESS_KEY", "testing"),
                ("LEGACY_DATABASE_URL_SECRET_ARN", &arn),
                ("LEGACY_TABLE", &db.table),
                ("LEGACY_DUMMY_PASSWORD_HASH", LOW_COST_DUMMY_HASH),
            ],
            event,
            Duration::from_secs(30),
        )
        .await;
        let answer = answer(&run, "Argon2id-Passw0rd!");
        assert_eq!(
            answer["response"]["userAttributes"]["email"], "argon2id.user@example.com",
            "{answer}"
        );
        assert!(!run.stdout.contains(&db.url) && !run.stderr.contains(&db.url));
        db.cleanup().await;
    }
}
