//! Scratch databases for the tests that need SQL (feature `databases`): a SQLite file of its
//! own, or the local PostgreSQL and MariaDB that `scripts/services.sh` starts.
//!
//! The servers are found at `COGNITO_TEST_POSTGRES_URL` and `COGNITO_TEST_MYSQL_URL` (defaults:
//! `postgres://postgres@127.0.0.1:5432/test`, `mysql://root@127.0.0.1:3306/test`). An
//! unreachable server fails the test, unless `COGNITO_TRIGGERS_SKIP_DB_TESTS=1`: then the test
//! prints why and passes without checking anything.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, AssertSqlSafe, ConnectOptions as _};

/// Set to `1` to skip (with a message) the tests whose database server is unreachable.
pub const SKIP_DB_TESTS: &str = "COGNITO_TRIGGERS_SKIP_DB_TESTS";

/// The test PostgreSQL: `COGNITO_TEST_POSTGRES_URL`, or the one `scripts/services.sh` starts.
pub fn postgres_url() -> String {
    std::env::var("COGNITO_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// The test MariaDB: `COGNITO_TEST_MYSQL_URL`, or the one `scripts/services.sh` starts.
pub fn mysql_url() -> String {
    std::env::var("COGNITO_TEST_MYSQL_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".to_owned())
}

/// A unique name per call (process id, counter, clock), safe as an SQL identifier.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |now| now.subsec_nanos());
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A connection to a test database (a fresh SQLite file, or a server) for setting up and
/// removing tables; [`ScratchDb::drop_table_and_close`] closes it and deletes the SQLite file.
#[derive(Debug)]
pub struct ScratchDb {
    /// The database URL, to hand to the code under test.
    pub url: String,
    admin: AnyPool,
    sqlite_file: Option<PathBuf>,
}

impl ScratchDb {
    /// Connects to `server` (a URL), or with `None` to a new SQLite file. `None` when the server
    /// is unreachable and [`SKIP_DB_TESTS`] is `1` (the reason printed).
    ///
    /// # Panics
    ///
    /// When the server is unreachable otherwise, naming the variables to set.
    pub async fn connect(server: Option<String>) -> Option<Self> {
        sqlx::any::install_default_drivers();
        let (url, sqlite_file) = match server {
            Some(url) => (url, None),
            None => {
                let path =
                    std::env::temp_dir().join(format!("{}.sqlite", unique_name("scratch_db")));
                (format!("sqlite:{}?mode=rwc", path.display()), Some(path))
            }
        };
        // Set-up statements may carry password hashes: keep them out of the statement log.
        let options = AnyConnectOptions::from_str(&url)
            .unwrap_or_else(|error| panic!("test URL {url}: {error}"))
            .disable_statement_logging();
        match AnyPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
        {
            Ok(admin) => Some(Self {
                url,
                admin,
                sqlite_file,
            }),
            Err(error) if std::env::var(SKIP_DB_TESTS).is_ok_and(|v| v == "1") => {
                eprintln!("skipped: {url} is unreachable ({error}) and {SKIP_DB_TESTS}=1");
                None
            }
            Err(error) => panic!(
                "the test database at {url} is unreachable: {error}. Start it \
                 (scripts/services.sh), point COGNITO_TEST_POSTGRES_URL / COGNITO_TEST_MYSQL_URL \
                 at it, or set {SKIP_DB_TESTS}=1 to skip."
            ),
        }
    }

    /// Runs each statement in turn.
    ///
    /// # Panics
    ///
    /// When one fails.
    pub async fn execute(&self, statements: impl IntoIterator<Item = String>) {
        for statement in statements {
            if let Err(error) = sqlx::raw_sql(AssertSqlSafe(statement))
                .execute(&self.admin)
                .await
            {
                panic!("set-up SQL: {error}");
            }
        }
    }

    /// Drops `table` if it exists, closes the connection and deletes the SQLite file.
    ///
    /// # Errors
    ///
    /// When dropping the table failed (the rest is done anyway).
    pub async fn drop_table_and_close(self, table: &str) -> Result<(), sqlx::Error> {
        let outcome = sqlx::raw_sql(AssertSqlSafe(format!("DROP TABLE IF EXISTS {table}")))
            .execute(&self.admin)
            .await;
        self.admin.close().await;
        if let Some(path) = &self.sqlite_file {
            let _ignored = std::fs::remove_file(path);
        }
        outcome.map(|_| ())
    }
}
