//! Tests of the legacy user migration: hash verifiers, password policy, configuration, and the
//! hook end to end on SQLite, PostgreSQL and MariaDB (set `COGNITO_TRIGGERS_SKIP_DB_TESTS=1` to
//! skip the last two when no server runs).

mod support;

mod hash {
    use cognito_legacy_migration::Error;
    use cognito_legacy_migration::hash::{HashScheme, StoredHash, Verifier, verify_password};

    use crate::support::{FIXTURE_SQL, LOW_COST_DUMMY_HASH, SCHEME_USERS};

    /// The stored hash of a fixture user, read from the fixture SQL.
    fn fixture_hash(username: &str) -> StoredHash {
        let line = FIXTURE_SQL
            .lines()
            .find(|line| line.trim_start().starts_with(&format!("('{username}'")))
            .unwrap_or_else(|| panic!("{username} in the fixture"));
        let hash = line
            .split(", ")
            .find(|field| {
                let field = field.trim_matches('\'');
                HashScheme::detect(field).is_some() || field.starts_with("md5$")
            })
            .unwrap_or_else(|| panic!("a hash for {username}"));
        StoredHash::new(hash.trim_matches('\''))
    }

    #[test]
    fn every_scheme_accepts_the_right_password_and_refuses_a_wrong_one() {
        for user in SCHEME_USERS {
            let stored = fixture_hash(user.username);
            assert!(
                stored.scheme().is_some(),
                "{}: scheme detected",
                user.scheme
            );
            assert_eq!(
                verify_password(user.password, &stored).ok(),
                Some(true),
                "{}: right password",
                user.scheme
            );
            assert_eq!(
                verify_password("Wrong-Passw0rd!", &stored).ok(),
                Some(false),
                "{}: wrong password",
                user.scheme
            );
            assert_eq!(
                verify_password("", &stored).ok(),
                Some(false),
                "{}: empty password",
                user.scheme
            );
        }
    }

    #[test]
    fn the_scheme_comes_from_the_hash_format() {
        let cases = [
            ("legacy.user", HashScheme::Bcrypt),
            ("bcrypt.user", HashScheme::Bcrypt),
            ("bcrypt2a.user", HashScheme::Bcrypt),
            ("argon2id.user", HashScheme::Argon2id),
            ("argon2i.user", HashScheme::Argon2i),
            ("django.user", HashScheme::DjangoPbkdf2Sha256),
            ("scrypt.user", HashScheme::Scrypt),
            ("sha512crypt.user", HashScheme::Sha512Crypt),
        ];
        for (username, scheme) in cases {
            assert_eq!(fixture_hash(username).scheme(), Some(scheme), "{username}");
        }
        assert_eq!(HashScheme::detect("md5$salt$hash"), None);
        assert_eq!(HashScheme::detect("$1$saltsalt$hash"), None);
        assert_eq!(HashScheme::detect(""), None);
    }

    #[test]
    fn sha512_crypt_accepts_glibc_hashes_with_and_without_rounds() {
        // Made with glibc's crypt(3): the default 5000 rounds (no `rounds=` field) and 1000 rounds.
        let default_rounds = StoredHash::new(
            "$6$Lq3vT8mZr2Xk9WbN$so1YJzkAZ68PzcCdIJiFrJaNz7nHwjrSInEv9d5uqWtM1A5p.C0fly/ynOTxaxNRPszY4gSYaQA4GVGc3oyNY1",
        );
        let explicit_rounds = StoredHash::new(
            "$6$rounds=1000$lowcostsalt1234$3fAqRvXvWtmZde0dGJfvRFcfL3E8juLfOYz1t7BComGcpavvJDHMagfLxsgETkw57E4yrrAqAkDzI2E0ePQji0",
        );
        for stored in [default_rounds, explicit_rounds] {
            assert_eq!(
                verify_password("ShaCrypt-Passw0rd!", &stored).ok(),
                Some(true)
            );
            assert_eq!(
                verify_password("ShaCrypt-Passw0rd?", &stored).ok(),
                Some(false)
            );
        }
    }

    #[test]
    fn django_hashes_match_an_independent_pbkdf2() {
        // Derived with Python's hashlib.pbkdf2_hmac('sha256', ..., 1000), Django's layout.
        let stored = StoredHash::new(
            "pbkdf2_sha256$1000$lowcostsalt0123456789$l9hBrugZms88rooqfd2i9fvU1BmnTeUa+pDL3YA08xo=",
        );
        assert_eq!(
            verify_password("Django-Passw0rd!", &stored).ok(),
            Some(true)
        );
    }

    #[test]
    fn unusable_hashes_are_errors_that_do_not_show_the_hash() {
        let cases = [
            (
                "md5$legacysalt$0d107d09f5bbe40cade3de5c71e9e9b7",
                "unsupported",
            ),
            ("$2b$04$truncated", "bcrypt"),
            ("$argon2id$v=19$m=256,t=1,p=1$only-salt", "argon2id"),
            ("$scrypt$ln=4,r=8,p=1$!!!$???", "scrypt"),
            (
                "pbkdf2_sha256$notanumber$salt$aGFzaA==",
                "django-pbkdf2-sha256",
            ),
            (
                "pbkdf2_sha256$1000$salt$not base64!",
                "django-pbkdf2-sha256",
            ),
            ("$6$rounds=1$salt$hash", "sha512-crypt"),
        ];
        for (hash, expected) in cases {
            let error = verify_password("whatever", &StoredHash::new(hash)).expect_err(hash);
            let message = error.to_string();
            assert!(message.contains(expected), "{hash}: {message}");
            assert!(
                !message.contains(hash),
                "{hash}: the message shows the hash"
            );
            match expected {
                "unsupported" => assert!(matches!(error, Error::UnsupportedHash)),
                _ => assert!(matches!(error, Error::MalformedHash { .. })),
            }
        }
    }

    #[test]
    fn debug_output_redacts_the_hash() {
        let stored = fixture_hash("legacy.user");
        let debug = format!("{stored:?}");
        assert_eq!(debug, "StoredHash(bcrypt, [redacted])");
        assert!(!debug.contains(stored.expose()));
    }

    #[test]
    fn the_verifier_burns_a_dummy_for_unknown_users_and_never_matches_it() {
        let verifier = Verifier::with_dummy_hash(LOW_COST_DUMMY_HASH).expect("valid dummy");
        // The dummy's own password must not open an unknown account.
        assert_eq!(
            verifier
                .verify_blocking("dummy-password-never-matches", None)
                .ok(),
            Some(false)
        );
        let stored = fixture_hash("argon2id.user");
        assert_eq!(
            verifier
                .verify_blocking("Argon2id-Passw0rd!", Some(&stored))
                .ok(),
            Some(true)
        );
        assert!(
            verifier
                .verify_blocking("x", Some(&StoredHash::new("md5$a$b")))
                .is_err()
        );
    }

    #[test]
    fn an_unknown_user_costs_about_as_much_as_a_wrong_password() {
        // bcrypt at cost 8 on both sides: the unknown-user path must do the same work.
        let verifier = Verifier::with_dummy_hash(
            "$2b$08$4TpfCOcIgGtKzGVbYXzQ7uCmlqW/2uWQF5lI4I8sN1Dsu30Utyi3a",
        )
        .expect("dummy");
        let stored =
            StoredHash::new("$2b$08$UhCVsD/MzzurGI7h5BnRauUHJNJzJ0A6FaKhUtDfxWnHL9UaTOW/.");
        let once = |stored: Option<&StoredHash>| {
            let start = std::time::Instant::now();
            let _ignored = verifier.verify_blocking("Wrong-Passw0rd!", stored);
            start.elapsed()
        };
        let _heavy = crate::support::cpu_heavy().blocking_lock();
        // Interleaved, and the fastest of five each: robust against other tests' noise.
        let (mut known, mut unknown) = (std::time::Duration::MAX, std::time::Duration::MAX);
        for _ in 0..5 {
            known = known.min(once(Some(&stored)));
            unknown = unknown.min(once(None));
        }
        let ratio = known.as_secs_f64() / unknown.as_secs_f64();
        assert!(
            (0.5..2.0).contains(&ratio),
            "wrong password {known:?} vs unknown user {unknown:?}"
        );
    }

    #[test]
    fn a_dummy_hash_must_be_usable() {
        assert!(Verifier::with_dummy_hash("not a hash").is_err());
        assert!(Verifier::with_dummy_hash("$2b$12$short").is_err());
        assert_eq!(Verifier::default().dummy_scheme(), Some(HashScheme::Bcrypt));
        assert!(Verifier::with_dummy_hash(Verifier::DEFAULT_DUMMY_HASH).is_ok());
    }
}

mod policy {
    use cognito_legacy_migration::policy::{PasswordPolicy, PolicyViolation};

    #[test]
    fn the_default_is_cognitos_default_policy() {
        let policy = PasswordPolicy::default();
        assert_eq!(policy.minimum_length, 8);
        assert!(
            policy.require_lowercase
                && policy.require_uppercase
                && policy.require_numbers
                && policy.require_symbols
        );
        for password in [
            "Legacy-Passw0rd!",
            "Aa1^aaaa",
            "Aa1 aaaa",
            "Zz9`zzzz",
            "Üü1-Aaaa",
        ] {
            assert!(policy.is_satisfied_by(password), "{password}");
        }
    }

    #[test]
    fn each_rule_is_reported() {
        let policy = PasswordPolicy::default();
        assert_eq!(policy.violations("Aa1!aaa"), [PolicyViolation::TooShort]);
        assert_eq!(
            policy.violations("AA1!AAAA"),
            [PolicyViolation::MissingLowercase]
        );
        assert_eq!(
            policy.violations("aa1!aaaa"),
            [PolicyViolation::MissingUppercase]
        );
        assert_eq!(
            policy.violations("Aaa!aaaa"),
            [PolicyViolation::MissingNumber]
        );
        assert_eq!(
            policy.violations("Aa1aaaaa"),
            [PolicyViolation::MissingSymbol]
        );
        assert_eq!(
            policy.violations(" Aa1!aaaa"),
            [PolicyViolation::SurroundingWhitespace]
        );
        // Non-ASCII letters are not Cognito's upper/lower-case classes.
        assert_eq!(
            policy.violations("ÄÖ1!äöäö"),
            [
                PolicyViolation::MissingLowercase,
                PolicyViolation::MissingUppercase
            ]
        );
    }

    #[test]
    fn a_relaxed_policy_mirrors_the_pool_settings() {
        let policy = PasswordPolicy {
            minimum_length: 6,
            require_lowercase: true,
            require_uppercase: false,
            require_numbers: false,
            require_symbols: false,
        };
        assert!(policy.is_satisfied_by("simple"));
        assert!(!policy.is_satisfied_by("short"));
    }
}

mod config {
    use std::collections::HashMap;
    use std::time::Duration;

    use cognito_legacy_migration::Error;
    use cognito_legacy_migration::config::{DatabaseSource, MigrationConfig};
    use cognito_legacy_migration::store::{AttributeMapping, StoreOptions};
    use cognito_triggers::user_migration::{DeliveryMedium, MessageAction};

    fn config(vars: &[(&str, &str)]) -> Result<MigrationConfig, Error> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        MigrationConfig::from_vars(|name| vars.get(name).cloned())
    }

    #[test]
    fn nothing_set_means_the_demo_database_and_cognitos_defaults() {
        let config = config(&[]).expect("defaults");
        assert_eq!(config, MigrationConfig::default());
        assert_eq!(config.database, DatabaseSource::Demo);
        assert_eq!(config.message_action, Some(MessageAction::Suppress));
        assert_eq!(config.store.timeout, StoreOptions::DEFAULT_TIMEOUT);
        assert_eq!(config.store.attributes, AttributeMapping::default());
        // Empty values count as unset.
        assert_eq!(
            self::config(&[("LEGACY_DATABASE_URL", " ")])
                .expect("empty")
                .database,
            DatabaseSource::Demo
        );
    }

    #[test]
    fn every_variable_is_read() {
        let config = config(&[
            ("LEGACY_DATABASE_URL", "mysql://app:pw@db/legacy?ssl-mode=VERIFY_IDENTITY"),
            ("LEGACY_TABLE", "app.accounts"),
            ("LEGACY_LOGIN_COLUMNS", "login, mail"),
            ("LEGACY_ATTRIBUTES", "email=mail,email_verified=mail_ok,custom:legacy_id=id"),
            ("LEGACY_PASSWORD_HASH_COLUMN", "crypted"),
            ("LEGACY_DB_TIMEOUT_MS", "700"),
            ("LEGACY_DB_MAX_CONNECTIONS", "1"),
            ("LEGACY_DUMMY_PASSWORD_HASH", "$argon2id$v=19$m=19456,t=2,p=1$RkkadzjMqGPqCF1h71a5uQ$4XiktJEnTX5G/z9MIGk8V+E8ev2yYf8DZhjlbvEHzVU"),
            ("PASSWORD_POLICY_MINIMUM_LENGTH", "10"),
            ("PASSWORD_POLICY_REQUIRE_SYMBOLS", "false"),
            ("MIGRATION_MESSAGE_ACTION", "unset"),
            ("MIGRATION_FORCE_ALIAS_CREATION", "true"),
            ("MIGRATION_DESIRED_DELIVERY_MEDIUMS", "EMAIL,SMS"),
        ])
        .expect("valid");
        assert_eq!(config.store.table, "app.accounts");
        assert_eq!(config.store.login_columns, ["login", "mail"]);
        assert_eq!(
            config.store.attributes.column("custom:legacy_id"),
            Some("id")
        );
        assert_eq!(config.store.password_hash_column, "crypted");
        assert_eq!(config.store.timeout, Duration::from_millis(700));
        assert_eq!(config.store.max_connections, 1);
        assert_eq!(config.policy.minimum_length, 10);
        assert!(!config.policy.require_symbols && config.policy.require_numbers);
        assert_eq!(config.message_action, None);
        assert_eq!(config.force_alias_creation, Some(true));
        assert_eq!(
            config.desired_delivery_mediums,
            Some(vec![DeliveryMedium::Email, DeliveryMedium::Sms])
        );
        let sql = config.store.lookup_sql();
        assert!(sql.contains("FROM app.accounts"), "{sql}");
        assert!(
            sql.contains("CASE WHEN mail_ok THEN 1 ELSE 0 END AS mail_ok"),
            "{sql}"
        );
        assert!(
            sql.contains("lower(login) = lower({login}) OR lower(mail) = lower({login})"),
            "{sql}"
        );
    }

    #[test]
    fn bad_values_name_the_variable_and_hide_secrets() {
        let cases = [
            ("LEGACY_DB_TIMEOUT_MS", "soon"),
            ("PASSWORD_POLICY_REQUIRE_NUMBERS", "maybe"),
            ("MIGRATION_MESSAGE_ACTION", "SHOUT"),
            ("MIGRATION_DESIRED_DELIVERY_MEDIUMS", "PIGEON"),
            ("LEGACY_ATTRIBUTES", "email=,=x"),
            ("LEGACY_DUMMY_PASSWORD_HASH", "$2b$12$secretbutbroken"),
        ];
        for (name, value) in cases {
            let error = config(&[(name, value)]).expect_err(name);
            let message = error.to_string();
            assert!(message.contains(name), "{name}: {message}");
            if name == "LEGACY_DUMMY_PASSWORD_HASH" {
                assert!(!message.contains(value), "the hash leaked: {message}");
            }
        }
    }

    #[test]
    fn debug_output_hides_the_database_credentials_and_dummy_hash() {
        let config = config(&[
            (
                "LEGACY_DATABASE_URL",
                "postgres://app:hunter2@db.internal/legacy?sslmode=verify-full",
            ),
            (
                "LEGACY_DUMMY_PASSWORD_HASH",
                "$2b$04$4TpfCOcIgGtKzGVbYXzQ7uCmlqW/2uWQF5lI4I8sN1Dsu30Utyi3a",
            ),
        ])
        .expect("valid");
        let debug = format!("{config:?}");
        assert!(debug.contains("postgres:[redacted]"), "{debug}");
        assert!(
            !debug.contains("hunter2")
                && !debug.contains("db.internal")
                && !debug.contains("4TpfC"),
            "{debug}"
        );
    }

    #[tokio::test]
    async fn a_store_refuses_unusable_options_before_connecting() {
        use cognito_legacy_migration::store::LegacyStore;
        let cases: [(&str, StoreOptions); 4] = [
            (
                "LEGACY_TABLE",
                StoreOptions {
                    table: "users; DROP TABLE users".to_owned(),
                    ..StoreOptions::default()
                },
            ),
            (
                "LEGACY_USER_QUERY",
                StoreOptions {
                    query: Some("SELECT * FROM users".to_owned()),
                    ..StoreOptions::default()
                },
            ),
            (
                "LEGACY_DB_TIMEOUT_MS",
                StoreOptions {
                    timeout: Duration::ZERO,
                    ..StoreOptions::default()
                },
            ),
            (
                "LEGACY_DB_MAX_CONNECTIONS",
                StoreOptions {
                    max_connections: 0,
                    ..StoreOptions::default()
                },
            ),
        ];
        for (name, options) in cases {
            let error = LegacyStore::connect("sqlite::memory:", options)
                .await
                .expect_err(name);
            assert!(error.to_string().contains(name), "{name}: {error}");
        }
        let error = LegacyStore::connect("mssql://sa:pw@db/legacy", StoreOptions::default())
            .await
            .expect_err("mssql");
        assert!(
            error.to_string().contains("LEGACY_DATABASE_URL")
                && !error.to_string().contains("pw@db"),
            "{error}"
        );
    }
}

/// The hook end to end against one backend; the same scenarios run on all three.
mod scenarios {
    use std::sync::Arc;

    use cognito_legacy_migration::store::{AttributeMapping, Backend, StoreOptions};
    use serde_json::json;

    use crate::support::{
        SCHEME_USERS, TestDb, assert_migrated, assert_not_migrated, forgot_password,
        install_log_capture, invoke, response, sign_in, with_fixture,
    };

    pub(crate) async fn every_hash_scheme_migrates_with_the_right_password(backend: Backend) {
        install_log_capture();
        with_fixture(backend, |db: Arc<TestDb>| async move {
            let hook = db.hook().await;
            for user in SCHEME_USERS {
                let event = invoke(&hook, sign_in(user.username, user.password))
                    .await
                    .expect(user.scheme);
                let attributes = assert_migrated(&event, Some("CONFIRMED"), user.scheme);
                assert_eq!(attributes["email"], user.email, "{}", user.scheme);
                assert_eq!(attributes["email_verified"], "true", "{}", user.scheme);
                assert_eq!(attributes["given_name"], user.given_name, "{}", user.scheme);
            }
        })
        .await;
    }

    pub(crate) async fn the_demo_user_migrates_with_exactly_the_mapped_attributes(
        backend: Backend,
    ) {
        install_log_capture();
        with_fixture(backend, |db: Arc<TestDb>| async move {
            let hook = db.hook().await;
            // By email, typed in another case; the event of `events/` otherwise unchanged.
            let event = invoke(
                &hook,
                sign_in("LEGACY.User@Example.com", "Legacy-Passw0rd!"),
            )
            .await
            .expect("sign-in");
            assert_eq!(
                response(&event),
                &json!({
                    "userAttributes": {
                        "email": "legacy.user@example.com",
                        "email_verified": "true",
                        "given_name": "Lena",
                        "family_name": "Legacy",
                        "locale": "de",
                    },
                    "finalUserStatus": "CONFIRMED",
                    "messageAction": "SUPPRESS",
                    "forceAliasCreation": null,
                    "enableSMSMFA": null,
                    "desiredDeliveryMediums": null,
                })
            );
            // By user name; and a stored mixed-case email found by its lower-case form.
            let event = invoke(&hook, sign_in("legacy.user", "Legacy-Passw0rd!"))
                .await
                .expect("by name");
            assert_migrated(&event, Some("CONFIRMED"), "by user name");
            let event = invoke(&hook, sign_in("mixed.case@example.com", "Legacy-Passw0rd!"))
                .await
                .expect("mixed");
            let attributes = assert_migrated(&event, Some("CONFIRMED"), "mixed case");
            assert_eq!(attributes["email"], "Mixed.Case@Example.COM");
            assert_eq!(attributes["phone_number_verified"], "true");
        })
        .await;
    }

    pub(crate) async fn wrong_passwords_and_unknown_users_are_not_found(backend: Backend) {
        install_log_capture();
        with_fixture(backend, |db: Arc<TestDb>| async move {
            let hook = db.hook().await;
            for user in SCHEME_USERS {
                let event = invoke(&hook, sign_in(user.username, "Wrong-Passw0rd!"))
                    .await
                    .expect(user.scheme);
                assert_not_migrated(&event, user.scheme);
            }
            for (login, what) in [
                ("nobody@example.com", "unknown user"),
                ("nohash.user", "user without a hash"),
                ("md5.user", "unsupported hash"),
                ("broken.user", "malformed hash"),
                ("", "empty user name"),
                ("' OR 1=1 --", "an injection attempt"),
            ] {
                let event = invoke(&hook, sign_in(login, "Legacy-Passw0rd!"))
                    .await
                    .expect(what);
                assert_not_migrated(&event, what);
            }
            // Forgot-password for an unknown user.
            let event = invoke(&hook, forgot_password("nobody@example.com"))
                .await
                .expect("forgot");
            assert_not_migrated(&event, "forgot-password, unknown user");
        })
        .await;
    }

    pub(crate) async fn verified_channels_decide_forgot_password(backend: Backend) {
        install_log_capture();
        with_fixture(backend, |db: Arc<TestDb>| async move {
            let hook = db.hook().await;
            // Verified email: migrated, finalUserStatus left unset (RESET_REQUIRED semantics).
            let event = invoke(&hook, forgot_password("legacy.user@example.com"))
                .await
                .expect("email");
            let attributes = assert_migrated(&event, None, "verified email");
            assert_eq!(attributes["email_verified"], "true");
            // Verified phone only.
            let event = invoke(&hook, forgot_password("phone.user"))
                .await
                .expect("phone");
            let attributes = assert_migrated(&event, None, "verified phone");
            assert_eq!(attributes["phone_number"], "+4915123456789");
            assert_eq!(attributes["phone_number_verified"], "true");
            assert!(
                !attributes.contains_key("email") && !attributes.contains_key("email_verified"),
                "{attributes:?}"
            );
            // No verified channel: no one to send the code to.
            let event = invoke(&hook, forgot_password("no.channel.user"))
                .await
                .expect("no channel");
            assert_not_migrated(&event, "no verified channel");
            // At sign-in the same user keeps a good password: migrated, flags as stored.
            let event = invoke(&hook, sign_in("no.channel.user", "NoChannel-Passw0rd!"))
                .await
                .expect("sign-in");
            let attributes = assert_migrated(&event, Some("CONFIRMED"), "no channel, sign-in");
            assert_eq!(attributes["email_verified"], "false");
            assert_eq!(attributes["phone_number_verified"], "false");
        })
        .await;
    }

    pub(crate) async fn a_password_missing_the_policy_must_be_reset(backend: Backend) {
        install_log_capture();
        with_fixture(backend, |db: Arc<TestDb>| async move {
            let hook = db.hook().await;
            let event = invoke(&hook, sign_in("weak.user", "short"))
                .await
                .expect("weak");
            assert_migrated(&event, Some("RESET_REQUIRED"), "policy miss");
            // ... but not when no code could reach the user.
            let event = invoke(&hook, sign_in("weak.nochannel.user", "short"))
                .await
                .expect("weak, no channel");
            assert_not_migrated(&event, "policy miss without a verified channel");
            // A relaxed policy keeps the same password.
            let relaxed =
                db.hook()
                    .await
                    .with_policy(cognito_legacy_migration::policy::PasswordPolicy {
                        minimum_length: 5,
                        require_lowercase: true,
                        require_uppercase: false,
                        require_numbers: false,
                        require_symbols: false,
                    });
            let event = invoke(&relaxed, sign_in("weak.user", "short"))
                .await
                .expect("relaxed");
            assert_migrated(&event, Some("CONFIRMED"), "relaxed policy");
        })
        .await;
    }

    pub(crate) async fn a_hand_written_query_and_mapping_work(backend: Backend) {
        install_log_capture();
        with_fixture(backend, |db: Arc<TestDb>| async move {
            // `{login}` three times (positional `?` on MySQL must be bound three times).
            let query = format!(
                "SELECT username AS login_name, email AS mail, CASE WHEN email_verified THEN 1 ELSE 0 END AS mail_ok, \
                 password_hash AS secret FROM {} WHERE lower(username) = lower({{login}}) OR lower(email) = lower({{login}}) \
                 ORDER BY CASE WHEN lower(username) = lower({{login}}) THEN 0 ELSE 1 END",
                db.table
            );
            let options = StoreOptions {
                query: Some(query),
                attributes: "email=mail,email_verified=mail_ok,custom:legacy_login=login_name".parse::<AttributeMapping>().expect("mapping"),
                password_hash_column: "secret".to_owned(),
                ..db.options()
            };
            let hook = db.hook_with(options).await;
            let event = invoke(&hook, sign_in("argon2id.user@example.com", "Argon2id-Passw0rd!")).await.expect("custom");
            let attributes = assert_migrated(&event, Some("CONFIRMED"), "custom query");
            assert_eq!(
                serde_json::Value::Object(attributes.clone()),
                json!({"email": "argon2id.user@example.com", "email_verified": "true", "custom:legacy_login": "argon2id.user"})
            );
            // A native boolean column, unconverted: PostgreSQL's `boolean` reads as is. (sqlx's `Any`
            // driver cannot read SQLite's declared BOOLEAN or MySQL's TINYINT: see the next check.)
            let raw_booleans = format!(
                "SELECT email, email_verified, phone_number, phone_number_verified, password_hash, given_name, \
                 family_name, locale FROM {} WHERE username = {{login}}",
                db.table
            );
            if backend == Backend::Postgres {
                let query = raw_booleans.clone();
                let hook = db.hook_with(StoreOptions { query: Some(query), ..db.options() }).await;
                let event = invoke(&hook, forgot_password("phone.user")).await.expect("native booleans");
                let attributes = assert_migrated(&event, None, "native booleans");
                assert_eq!(attributes["phone_number_verified"], "true");
            } else {
                // A column type the `Any` driver cannot read: a failure that names the column.
                let hook = db.hook_with(StoreOptions { query: Some(raw_booleans), ..db.options() }).await;
                let error = invoke(&hook, forgot_password("phone.user")).await.expect_err("raw boolean");
                assert_eq!(error.error_type(), "HookFailed");
                // SQLite names the column; MySQL's driver fails earlier and names the type.
                let message = error.to_string();
                assert!(message.contains("email_verified") || message.contains("Any driver"), "{message}");
            }
            // A mapped column the query does not return is a failure (logged), not a silent miss.
            let options = StoreOptions { attributes: "email=no_such_column".parse().expect("mapping"), ..db.options() };
            let query = format!("SELECT email, password_hash FROM {} WHERE username = {{login}}", db.table);
            let hook = db.hook_with(StoreOptions { query: Some(query), ..options }).await;
            let error = invoke(&hook, forgot_password("legacy.user")).await.expect_err("missing column");
            assert_eq!(error.error_type(), "HookFailed");
        })
        .await;
    }

    pub(crate) async fn unknown_trigger_sources_are_not_found(backend: Backend) {
        install_log_capture();
        with_fixture(backend, |db: Arc<TestDb>| async move {
            let hook = db.hook().await;
            let mut event =
                serde_json::to_value(sign_in("legacy.user", "Legacy-Passw0rd!")).expect("json");
            event["triggerSource"] = "UserMigration_SomethingNew".into();
            let event = invoke(&hook, crate::support::parse(event))
                .await
                .expect("unknown source");
            assert_not_migrated(&event, "unknown source");
            assert_eq!(event["triggerSource"], "UserMigration_SomethingNew");
        })
        .await;
    }
}

macro_rules! backend_tests {
    ($module:ident, $backend:expr) => {
        mod $module {
            use cognito_legacy_migration::store::Backend;

            use crate::scenarios;

            const BACKEND: Backend = $backend;

            #[tokio::test]
            async fn every_hash_scheme_migrates_with_the_right_password() {
                scenarios::every_hash_scheme_migrates_with_the_right_password(BACKEND).await;
            }

            #[tokio::test]
            async fn the_demo_user_migrates_with_exactly_the_mapped_attributes() {
                scenarios::the_demo_user_migrates_with_exactly_the_mapped_attributes(BACKEND).await;
            }

            #[tokio::test]
            async fn wrong_passwords_and_unknown_users_are_not_found() {
                scenarios::wrong_passwords_and_unknown_users_are_not_found(BACKEND).await;
            }

            #[tokio::test]
            async fn verified_channels_decide_forgot_password() {
                scenarios::verified_channels_decide_forgot_password(BACKEND).await;
            }

            #[tokio::test]
            async fn a_password_missing_the_policy_must_be_reset() {
                scenarios::a_password_missing_the_policy_must_be_reset(BACKEND).await;
            }

            #[tokio::test]
            async fn a_hand_written_query_and_mapping_work() {
                scenarios::a_hand_written_query_and_mapping_work(BACKEND).await;
            }

            #[tokio::test]
            async fn unknown_trigger_sources_are_not_found() {
                scenarios::unknown_trigger_sources_are_not_found(BACKEND).await;
            }
        }
    };
}

backend_tests!(sqlite, Backend::Sqlite);
backend_tests!(postgres, Backend::Postgres);
backend_tests!(mariadb, Backend::MySql);

/// A database that is down or too slow: a logged failure and a generic error, in time.
mod unavailable {
    use std::time::{Duration, Instant};

    use cognito_legacy_migration::LegacyMigration;
    use cognito_legacy_migration::store::{LegacyStore, StoreOptions};
    use cognito_triggers::GENERIC_USER_MESSAGE;

    use crate::support::{forgot_password, install_log_capture, invoke, sign_in};

    async fn hook(url: &str, timeout: Duration) -> LegacyMigration {
        let store = LegacyStore::connect(
            url,
            StoreOptions {
                timeout,
                allow_unverified_tls: true,
                ..StoreOptions::default()
            },
        )
        .await
        .expect("lazy");
        LegacyMigration::new(store)
    }

    /// A port nothing listens on.
    async fn closed_port() -> u16 {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        drop(listener);
        port
    }

    #[tokio::test]
    async fn a_database_that_is_down_fails_with_a_generic_error() {
        install_log_capture();
        let port = closed_port().await;
        for url in [
            format!("postgres://postgres@127.0.0.1:{port}/test"),
            format!("mysql://root@127.0.0.1:{port}/test"),
            "sqlite:/nonexistent/dir/legacy.sqlite".to_owned(),
        ] {
            let hook = hook(&url, Duration::from_millis(500)).await;
            for event in [
                sign_in("legacy.user", "Legacy-Passw0rd!"),
                forgot_password("legacy.user"),
            ] {
                let error = invoke(&hook, event).await.expect_err(&url);
                assert_eq!(error.error_type(), "HookFailed", "{url}: {error}");
                assert_eq!(error.user_message(), GENERIC_USER_MESSAGE, "{url}");
                assert!(
                    error.to_string().contains("legacy user lookup"),
                    "{url}: {error}"
                );
            }
        }
    }

    #[tokio::test]
    async fn a_database_that_never_answers_fails_within_the_lookup_timeout() {
        install_log_capture();
        // Accepts connections and never says a word: both protocols wait forever for it.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        });
        for (url, timeout) in [
            (
                format!("postgres://postgres@127.0.0.1:{port}/test"),
                Duration::from_millis(300),
            ),
            (
                format!("mysql://root@127.0.0.1:{port}/test"),
                Duration::from_millis(300),
            ),
            // The default timeout keeps well inside the hook's 4.5 s budget.
            (
                format!("postgres://postgres@127.0.0.1:{port}/test"),
                StoreOptions::DEFAULT_TIMEOUT,
            ),
        ] {
            let hook = hook(&url, timeout).await;
            let start = Instant::now();
            let error = invoke(&hook, sign_in("legacy.user", "Legacy-Passw0rd!"))
                .await
                .expect_err(&url);
            let elapsed = start.elapsed();
            assert_eq!(error.error_type(), "HookFailed", "{url}: {error}");
            assert!(error.to_string().contains("timed out"), "{url}: {error}");
            assert!(
                elapsed >= timeout && elapsed < timeout + Duration::from_secs(1),
                "{url}: took {elapsed:?}"
            );
        }
        server.abort();
    }
}

/// The built-in demo database, as `cognito-triggers invoke` and a fresh checkout use it.
mod demo_database {
    use cognito_legacy_migration::LegacyMigration;
    use cognito_legacy_migration::config::MigrationConfig;
    use cognito_legacy_migration::demo::{self, USERS};
    use cognito_legacy_migration::hash::HashScheme;
    use cognito_legacy_migration::store::{LegacyStore, StoreOptions};
    use cognito_triggers::user_migration::MigrationSource;
    use serde_json::json;

    use crate::support::{
        assert_migrated, assert_not_migrated, fixture_event, install_log_capture, invoke, parse,
        response, unique_name,
    };

    #[tokio::test]
    async fn the_sample_events_work_out_of_the_box() {
        install_log_capture();
        let _heavy = crate::support::cpu_heavy().lock().await;
        let hook = LegacyMigration::demo().await.expect("demo");
        assert!(format!("{hook:?}").contains("Sqlite"));
        // events/UserMigration_Authentication.json: legacy.user@example.com with its demo password.
        let event = invoke(&hook, parse(fixture_event("UserMigration_Authentication")))
            .await
            .expect("sign-in");
        assert_eq!(
            response(&event)["userAttributes"],
            json!({"email": "legacy.user@example.com", "email_verified": "true", "given_name": "Lena", "family_name": "Legacy", "locale": "de"})
        );
        assert_eq!(response(&event)["finalUserStatus"], "CONFIRMED");
        // events/UserMigration_ForgotPassword.json.
        let event = invoke(&hook, parse(fixture_event("UserMigration_ForgotPassword")))
            .await
            .expect("forgot");
        assert_migrated(&event, None, "demo forgot-password");
        let event = invoke(&hook, crate::support::forgot_password("no.channel.user"))
            .await
            .expect("no channel");
        assert_not_migrated(&event, "demo user without a verified channel");
        assert_eq!(
            MigrationSource::parse("UserMigration_ForgotPassword"),
            MigrationSource::ForgotPassword
        );
    }

    #[tokio::test]
    async fn every_demo_password_opens_its_account() {
        // The demo hashes use each scheme's default cost. Without optimisation scrypt (ln=17) and
        // Django's 1,000,000 PBKDF2 iterations take about 10 s each and would starve the other
        // tests, so those two are verified in optimised builds (`cargo test --release`, and the
        // benchmark, which migrates every demo user before measuring); the low-cost fixtures cover
        // the same code paths in every build.
        let expensive =
            |scheme| matches!(scheme, HashScheme::Scrypt | HashScheme::DjangoPbkdf2Sha256);
        let _heavy = crate::support::cpu_heavy().lock().await;
        let store = LegacyStore::demo(StoreOptions::default())
            .await
            .expect("demo");
        for user in USERS {
            let found = store
                .find_user(user.username)
                .await
                .expect("lookup")
                .expect(user.username);
            let stored = found.password_hash().cloned().expect("hash");
            assert_eq!(stored.scheme(), Some(user.scheme), "{}", user.username);
            if cfg!(debug_assertions) && expensive(user.scheme) {
                eprintln!(
                    "{}: {} at default cost is verified in optimised builds only",
                    user.username, user.scheme
                );
                continue;
            }
            // One at a time: the other tests' hooks run under a deadline on the same two cores.
            // The demo's scrypt (ln=17,r=8: 128 MiB) is above the default limit of 64 MiB.
            let limits = cognito_legacy_migration::hash::HashLimits {
                scrypt_memory_mib: 128,
                ..Default::default()
            };
            let outcome = tokio::task::spawn_blocking(move || {
                cognito_legacy_migration::hash::verify_password_within(
                    user.password,
                    &stored,
                    &limits,
                )
                .ok()
            })
            .await
            .expect("verification task");
            assert_eq!(outcome, Some(true), "{}", user.username);
        }
        let schemes: std::collections::HashSet<HashScheme> =
            USERS.iter().map(|user| user.scheme).collect();
        for scheme in [
            HashScheme::Bcrypt,
            HashScheme::Argon2id,
            HashScheme::Argon2i,
            HashScheme::DjangoPbkdf2Sha256,
            HashScheme::Scrypt,
            HashScheme::Sha512Crypt,
        ] {
            assert!(schemes.contains(&scheme), "no demo user for {scheme}");
        }
    }

    #[tokio::test]
    async fn the_demo_database_can_be_written_to_a_file_and_used_by_url() {
        install_log_capture();
        let path = std::env::temp_dir().join(format!("{}.sqlite", unique_name("demo")));
        demo::create_sqlite_file(&path).await.expect("create");
        assert!(
            demo::create_sqlite_file(&path).await.is_err(),
            "an existing file is not overwritten"
        );
        let url = format!("sqlite:{}", path.display());
        let config =
            MigrationConfig::from_vars(|name| (name == "LEGACY_DATABASE_URL").then(|| url.clone()))
                .expect("config");
        let hook = LegacyMigration::from_config(config).await.expect("hook");
        let event = invoke(&hook, crate::support::forgot_password("phone.user"))
            .await
            .expect("forgot");
        assert_eq!(
            response(&event)["userAttributes"]["phone_number_verified"],
            "true"
        );
        hook.store().close().await;
        std::fs::remove_file(&path).expect("cleanup");
    }
}

/// The password and the stored hash never show up in logs, errors, `Debug` or the response.
mod secrets {
    use std::str::FromStr;

    use cognito_legacy_migration::LegacyMigration;
    use cognito_legacy_migration::hash::{StoredHash, Verifier};
    use cognito_legacy_migration::store::{Backend, LegacyStore, StoreOptions};
    use sqlx::{AssertSqlSafe, ConnectOptions as _};

    use crate::support::{
        FIXTURE_SQL, LOW_COST_DUMMY_HASH, TestDb, captured_logs, install_log_capture, invoke,
        sign_in,
    };

    const CANARY_PASSWORD: &str = "Secr3t-Leak-Canary!";
    const WRONG_CANARY_PASSWORD: &str = "Wr0ng-Leak-Canary?";
    const CANARY_BCRYPT: &str = "$2b$04$UhCVsD/MzzurGI7h5BnRauUHJNJzJ0A6FaKhUtDfxWnHL9UaTOW/.";
    const CANARY_ARGON2: &str = "$argon2id$v=19$m=256,t=1,p=1$yY4j54jLwD4jBDpx9skL6A$j3/Kyhla8oIYj+PeYOQnOy0uYHpOf/OM+LkLbgBAouY";
    const CANARY_MALFORMED: &str = "$2b$04$CanaryMalformedHashValue";

    fn assert_clean(text: &str, what: &str) {
        for secret in [
            CANARY_PASSWORD,
            WRONG_CANARY_PASSWORD,
            CANARY_BCRYPT,
            CANARY_ARGON2,
            CANARY_MALFORMED,
            LOW_COST_DUMMY_HASH,
        ] {
            assert!(!text.contains(secret), "{what} contains {secret}");
        }
        // The hash bodies, in case a prefix was cut off or re-encoded.
        for body in [
            "UhCVsD/MzzurGI7h5BnRauUHJNJzJ0A6",
            "j3/Kyhla8oIYj+PeYOQnOy0uYHpOf",
            "CanaryMalformedHashValue",
            "Leak-Canary",
        ] {
            assert!(!text.contains(body), "{what} contains {body}");
        }
    }

    #[tokio::test]
    async fn nothing_secret_reaches_logs_errors_or_responses() {
        install_log_capture();
        let Some(db) = TestDb::create(Backend::Sqlite, FIXTURE_SQL).await else {
            return;
        };
        // Canary users, inserted without statement logging.
        let admin = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect_with(
                sqlx::any::AnyConnectOptions::from_str(&db.url)
                    .expect("url")
                    .disable_statement_logging(),
            )
            .await
            .expect("admin");
        for (username, hash) in [
            ("canary.bcrypt", CANARY_BCRYPT),
            ("canary.argon2", CANARY_ARGON2),
            ("canary.broken", CANARY_MALFORMED),
        ] {
            let insert = format!(
                "INSERT INTO {} (username, email, email_verified, password_hash) VALUES ('{username}', '{username}@example.com', TRUE, '{hash}')",
                db.table
            );
            sqlx::raw_sql(AssertSqlSafe(insert))
                .execute(&admin)
                .await
                .expect("insert canary");
        }
        admin.close().await;

        let hook = db.hook().await;
        let mut seen = Vec::new();
        for (username, password) in [
            ("canary.bcrypt", CANARY_PASSWORD),
            ("canary.argon2", CANARY_PASSWORD),
            ("canary.bcrypt", WRONG_CANARY_PASSWORD),
            ("canary.argon2", WRONG_CANARY_PASSWORD),
            ("canary.broken", CANARY_PASSWORD),
            ("canary.nobody", CANARY_PASSWORD),
        ] {
            let event = invoke(&hook, sign_in(username, password))
                .await
                .expect(username);
            seen.push(event["response"].to_string());
        }
        // Right password: migrated; the response carries attributes only.
        assert!(
            seen[0].contains("CONFIRMED") && seen[1].contains("CONFIRMED"),
            "{seen:?}"
        );
        for response in &seen {
            assert_clean(response, "a response");
        }

        // The database down, with the password in the event.
        let down = LegacyStore::connect(
            "postgres://postgres@127.0.0.1:1/test",
            StoreOptions {
                allow_unverified_tls: true,
                ..StoreOptions::default()
            },
        )
        .await
        .expect("lazy");
        let down = LegacyMigration::new(down);
        let error = invoke(&down, sign_in("canary.bcrypt", CANARY_PASSWORD))
            .await
            .expect_err("down");
        assert_clean(
            &format!("{error} {error:?} {}", error.user_message()),
            "the error",
        );

        // Debug output of everything that held a secret.
        let user = hook
            .store()
            .find_user("canary.bcrypt")
            .await
            .expect("lookup")
            .expect("canary");
        assert_clean(
            &format!("{user:?} {hook:?} {:?}", StoredHash::new(CANARY_BCRYPT)),
            "Debug output",
        );
        let verifier = Verifier::with_dummy_hash(LOW_COST_DUMMY_HASH).expect("dummy");
        assert_clean(&format!("{verifier:?}"), "the verifier's Debug output");

        db.cleanup().await;
        let logs = captured_logs();
        // The capture works: the invocations above logged at debug/info level.
        assert!(
            logs.contains("legacy user migrated at sign-in"),
            "nothing captured:\n{logs}"
        );
        assert!(
            logs.contains("stored password hash cannot be used"),
            "no warning for the broken hash"
        );
        assert!(
            logs.contains("trigger failed"),
            "no failure logged for the database down"
        );
        assert_clean(&logs, "the logs");
        // And no other test's fixture hash or password either.
        for user in crate::support::SCHEME_USERS {
            assert!(
                !logs.contains(user.password),
                "the logs contain {}'s password",
                user.username
            );
        }
        for line in FIXTURE_SQL
            .lines()
            .filter(|line| line.contains("'$") || line.contains("pbkdf2_sha256$"))
        {
            let hash = line
                .split('\'')
                .find(|part| part.starts_with('$') || part.starts_with("pbkdf2_sha256$"))
                .expect("hash");
            assert!(!logs.contains(hash), "the logs contain a fixture hash");
        }
    }
}
