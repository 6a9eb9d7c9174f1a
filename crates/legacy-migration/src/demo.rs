//! The demo legacy database: the default schema and one user per supported hash scheme, as
//! portable SQL compiled into the binary, so that a fresh checkout works with no file at all.
//!
//! [`LegacyStore::demo`](crate::store::LegacyStore::demo) runs it on an in-memory SQLite
//! database; [`create_sqlite_file`] writes it to a file you can open with `sqlite3`; and
//! [`install`] creates the table in any database (e.g. PostgreSQL or MariaDB, to try the function
//! against them).
//!
//! ```
//! use cognito_legacy_migration::demo::{self, USERS};
//!
//! let legacy = USERS.iter().find(|user| user.username == "legacy.user").unwrap();
//! assert_eq!(legacy.password, "Legacy-Passw0rd!");
//! assert_eq!(demo::statements("legacy_users").count(), 2); // CREATE TABLE, INSERT
//! ```

use std::path::Path;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, AssertSqlSafe, ConnectOptions as _};

use crate::error::{Error, Result};
use crate::hash::HashScheme;

/// The demo SQL: `CREATE TABLE legacy_users` and its rows (`demo/legacy_users.sql`).
pub const SQL: &str = include_str!("../demo/legacy_users.sql");

/// The demo table's name.
pub const TABLE: &str = "legacy_users";

/// The URL of the in-memory demo database.
pub const IN_MEMORY_URL: &str = "sqlite::memory:";

/// A demo user and the password that opens their account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoUser {
    /// `username`.
    pub username: &'static str,
    /// `email`, if any.
    pub email: Option<&'static str>,
    /// The password (documented on purpose: these are demo accounts).
    pub password: &'static str,
    /// The scheme of the stored hash, at the scheme's default cost.
    pub scheme: HashScheme,
    /// What the user demonstrates.
    pub purpose: &'static str,
}

/// The demo users, in table order.
pub const USERS: [DemoUser; 11] = [
    DemoUser {
        username: "legacy.user",
        email: Some("legacy.user@example.com"),
        password: "Legacy-Passw0rd!",
        scheme: HashScheme::Bcrypt,
        purpose: "verified email, given_name Lena, family_name Legacy, locale de; bcrypt $2b$ cost 12",
    },
    DemoUser {
        username: "bcrypt.user",
        email: Some("bcrypt.user@example.com"),
        password: "Bcrypt-Passw0rd!",
        scheme: HashScheme::Bcrypt,
        purpose: "bcrypt $2y$ (PHP) cost 12",
    },
    DemoUser {
        username: "bcrypt2a.user",
        email: Some("bcrypt2a.user@example.com"),
        password: "Bcrypt2a-Passw0rd!",
        scheme: HashScheme::Bcrypt,
        purpose: "bcrypt $2a$ cost 12",
    },
    DemoUser {
        username: "argon2id.user",
        email: Some("argon2id.user@example.com"),
        password: "Argon2id-Passw0rd!",
        scheme: HashScheme::Argon2id,
        purpose: "Argon2id m=19456,t=2,p=1",
    },
    DemoUser {
        username: "argon2i.user",
        email: Some("argon2i.user@example.com"),
        password: "Argon2i-Passw0rd!",
        scheme: HashScheme::Argon2i,
        purpose: "Argon2i m=19456,t=2,p=1",
    },
    DemoUser {
        username: "django.user",
        email: Some("django.user@example.com"),
        password: "Django-Passw0rd!",
        scheme: HashScheme::DjangoPbkdf2Sha256,
        purpose: "Django pbkdf2_sha256, 1,000,000 iterations",
    },
    DemoUser {
        username: "scrypt.user",
        email: Some("scrypt.user@example.com"),
        password: "Scrypt-Passw0rd!",
        scheme: HashScheme::Scrypt,
        purpose: "scrypt ln=17,r=8,p=1",
    },
    DemoUser {
        username: "sha512crypt.user",
        email: Some("sha512crypt.user@example.com"),
        password: "ShaCrypt-Passw0rd!",
        scheme: HashScheme::Sha512Crypt,
        purpose: "SHA-512-crypt $6$, 5000 rounds (glibc default)",
    },
    DemoUser {
        username: "no.channel.user",
        email: Some("no.channel.user@example.com"),
        password: "NoChannel-Passw0rd!",
        scheme: HashScheme::Bcrypt,
        purpose: "neither email nor phone verified: forgot-password finds no one",
    },
    DemoUser {
        username: "phone.user",
        email: None,
        password: "Phone-Passw0rd!",
        scheme: HashScheme::Bcrypt,
        purpose: "verified phone +4915123456789 only, no email",
    },
    DemoUser {
        username: "weak.user",
        email: Some("weak.user@example.com"),
        password: "short",
        scheme: HashScheme::Bcrypt,
        purpose: "password misses the policy: migrated as RESET_REQUIRED",
    },
];

/// The demo SQL's statements, one at a time, for the table `table` (a plain identifier; the
/// demo's own name is [`TABLE`]). Comment lines are dropped.
pub fn statements(table: &str) -> impl Iterator<Item = String> + '_ {
    statements_of(SQL, table)
}

/// The statements of SQL laid out like [`SQL`] (each ends with `;` and a line break), one at a
/// time, with [`TABLE`] renamed to `table` and `--` comment lines dropped.
pub fn statements_of<'a>(sql: &'a str, table: &'a str) -> impl Iterator<Item = String> + 'a {
    sql.split(";\n")
        .map(|statement| {
            statement
                .lines()
                .filter(|line| !line.trim_start().starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|statement| !statement.trim().is_empty())
        .map(move |statement| statement.trim().trim_end_matches(';').replace(TABLE, table))
}

/// Creates the demo table `table` with the demo users in the database behind `pool` (SQLite,
/// PostgreSQL or MariaDB/MySQL: the SQL is portable).
///
/// The statements hold the demo password hashes: connect `pool` with
/// [`disable_statement_logging`](sqlx::ConnectOptions::disable_statement_logging) to keep them
/// out of sqlx's statement log.
///
/// # Errors
///
/// [`Error::Config`] when `table` is not a plain identifier, [`Error::Demo`] when a statement
/// fails (e.g. the table exists).
pub async fn install(pool: &AnyPool, table: &str) -> Result<()> {
    let plain = table.split('.').count() <= 2
        && table.split('.').all(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    if !plain {
        return Err(Error::Config {
            name: "table",
            reason: format!("`{table}` is not a plain SQL identifier"),
        });
    }
    for statement in statements(table) {
        sqlx::raw_sql(AssertSqlSafe(statement))
            .execute(pool)
            .await
            .map_err(Error::Demo)?;
    }
    Ok(())
}

/// Writes the demo database to a new SQLite file at `path`, for `LEGACY_DATABASE_URL=sqlite:<path>`
/// or to look at with `sqlite3`.
///
/// # Errors
///
/// [`Error::Demo`] when the file exists already or cannot be created.
pub async fn create_sqlite_file(path: &Path) -> Result<()> {
    if path.exists() {
        return Err(Error::Demo(sqlx::Error::Configuration(
            format!("{} exists already", path.display()).into(),
        )));
    }
    sqlx::any::install_default_drivers();
    let url = format!("sqlite:{}?mode=rwc", path.display());
    let options = url
        .parse::<AnyConnectOptions>()
        .map_err(Error::Demo)?
        .disable_statement_logging();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(Error::Demo)?;
    let outcome = install(&pool, TABLE).await;
    pool.close().await;
    outcome
}
