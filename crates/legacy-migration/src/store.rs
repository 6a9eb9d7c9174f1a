//! The legacy user store: one lookup query on SQLite, PostgreSQL or MariaDB/MySQL through sqlx's
//! `Any` driver, mapped to Cognito attributes by configuration.
//!
//! ```no_run
//! use cognito_legacy_migration::store::{LegacyStore, StoreOptions};
//!
//! # async fn demo() -> Result<(), cognito_legacy_migration::Error> {
//! // Created once per cold start; connects lazily on the first lookup.
//! let store = LegacyStore::connect("postgres://app@db.internal/legacy", StoreOptions::default()).await?;
//! if let Some(user) = store.find_user("Legacy.User@example.com").await? {
//!     println!("{:?}", user.attributes()); // email, email_verified = "true", given_name, ...
//!     let _hash = user.password_hash(); // Debug shows the scheme only
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # The lookup query
//!
//! By default the query is generated from [`StoreOptions`]: table `legacy_users`, a user is
//! found by `username` or `email` compared case-insensitively, and the selected columns are those
//! of the [`AttributeMapping`] plus the password hash column. A login that contains `@` is
//! matched against the email column only (the login column mapped to the `email` attribute), so
//! that a user name chosen to equal someone else's email address finds nothing. Columns
//! mapped to an attribute whose name ends in `_verified` are read as booleans, selected as
//! `CASE WHEN col THEN 1 ELSE 0 END` so that SQLite integers, PostgreSQL booleans and MySQL
//! `TINYINT(1)` all arrive the same way.
//!
//! A hand-written query ([`StoreOptions::query`]) replaces the generated one. It must contain
//! `{login}` where the typed user name goes (any number of times; it becomes the backend's own
//! bind parameter, never string-interpolated), return the mapped columns and the hash column, and
//! return one row per user. On MySQL select boolean columns as integers
//! (`CASE WHEN … THEN 1 ELSE 0 END`): sqlx's `Any` driver cannot read `TINYINT`.
//!
//! # One user or nobody
//!
//! The lookup reads at most two rows. When two different users match the typed login (legacy
//! tables often allowed `Alice@x` next to `alice@x`, or a user name equal to another user's
//! email), [`LegacyStore::find_user`] returns [`Error::AmbiguousLogin`] and nobody is migrated:
//! taking the first row could give one person's account, or a reset code, to another.
//!
//! # Verified transport
//!
//! PostgreSQL and MySQL/MariaDB URLs must verify the server's certificate and name
//! (`sslmode=verify-full`, `ssl-mode=VERIFY_IDENTITY`): with sqlx's defaults a machine in the
//! network path can pose as the database, read the password it is sent and answer lookups with
//! hashes of its choosing. [`LegacyStore::connect`] refuses other URLs unless
//! [`StoreOptions::allow_unverified_tls`] is set (for local test databases). SQLite URLs are
//! local files and exempt.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow, AnyTypeInfoKind};
use sqlx::{AnyPool, AssertSqlSafe, ConnectOptions as _, Row as _, TypeInfo as _, ValueRef as _};

use crate::demo;
use crate::error::{Error, Result};
use crate::hash::StoredHash;

/// The token a hand-written lookup query uses for the typed user name.
pub const LOGIN_TOKEN: &str = "{login}";

/// The database behind a store, from the URL's scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Backend {
    /// `sqlite:` URLs.
    Sqlite,
    /// `postgres://` and `postgresql://` URLs.
    Postgres,
    /// `mysql://` and `mariadb://` URLs.
    MySql,
}

impl Backend {
    /// The backend a database URL selects; `None` for other schemes.
    ///
    /// ```
    /// use cognito_legacy_migration::store::Backend;
    ///
    /// assert_eq!(Backend::from_url("mariadb://root@127.0.0.1/test"), Some(Backend::MySql));
    /// assert_eq!(Backend::from_url("sqlite::memory:"), Some(Backend::Sqlite));
    /// assert_eq!(Backend::from_url("mssql://db"), None);
    /// ```
    pub fn from_url(url: &str) -> Option<Self> {
        let scheme = url.split_once(':')?.0.to_ascii_lowercase();
        match scheme.as_str() {
            "sqlite" => Some(Backend::Sqlite),
            "postgres" | "postgresql" => Some(Backend::Postgres),
            "mysql" | "mariadb" => Some(Backend::MySql),
            _ => None,
        }
    }

    /// Replaces every [`LOGIN_TOKEN`] in `query` with this backend's bind parameter; returns the
    /// SQL and how many times the login must be bound.
    fn render(self, query: &str) -> (String, usize) {
        let occurrences = query.matches(LOGIN_TOKEN).count();
        match self {
            // Numbered parameters can be reused: bind once.
            Backend::Postgres => (query.replace(LOGIN_TOKEN, "$1"), 1),
            Backend::Sqlite => (query.replace(LOGIN_TOKEN, "?1"), 1),
            // `?` is positional: bind once per occurrence.
            Backend::MySql => (query.replace(LOGIN_TOKEN, "?"), occurrences),
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::MySql => "mysql",
        })
    }
}

/// Which result column becomes which Cognito attribute.
///
/// Parsed from `attribute=column` pairs separated by commas; an entry without `=` maps a column
/// to the attribute of the same name. Attribute names are Cognito's (`email`, `given_name`,
/// `custom:legacy_id`, …). Attributes ending in `_verified` are booleans and come out as
/// `"true"` / `"false"`; they are dropped when the attribute they verify (`email`,
/// `phone_number`) is empty.
///
/// ```
/// use cognito_legacy_migration::store::AttributeMapping;
///
/// let mapping: AttributeMapping = "email, email_verified=mail_ok, given_name=first_name, custom:legacy_id=id"
///     .parse()?;
/// assert_eq!(mapping.column("given_name"), Some("first_name"));
/// assert_eq!(mapping.column("email"), Some("email"));
/// # Ok::<(), cognito_legacy_migration::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeMapping {
    entries: Vec<(String, String)>,
}

impl AttributeMapping {
    /// The default schema's columns, each mapped to the attribute of the same name: `email`,
    /// `email_verified`, `phone_number`, `phone_number_verified`, `given_name`, `family_name`,
    /// `locale`.
    pub const DEFAULT_COLUMNS: [&'static str; 7] = [
        "email",
        "email_verified",
        "phone_number",
        "phone_number_verified",
        "given_name",
        "family_name",
        "locale",
    ];

    /// A mapping from `(attribute, column)` pairs.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for an empty or duplicate attribute name, or an empty column name.
    pub fn new<A: Into<String>, C: Into<String>>(
        entries: impl IntoIterator<Item = (A, C)>,
    ) -> Result<Self> {
        let mut mapping = Self {
            entries: Vec::new(),
        };
        for (attribute, column) in entries {
            let (attribute, column) = (attribute.into(), column.into());
            let invalid = |reason: String| Error::Config {
                name: "LEGACY_ATTRIBUTES",
                reason,
            };
            if attribute.is_empty() || column.is_empty() {
                return Err(invalid(
                    "an entry has an empty attribute or column name".to_owned(),
                ));
            }
            if mapping.column(&attribute).is_some() {
                return Err(invalid(format!("attribute `{attribute}` is mapped twice")));
            }
            mapping.entries.push((attribute, column));
        }
        if mapping.entries.is_empty() {
            return Err(Error::Config {
                name: "LEGACY_ATTRIBUTES",
                reason: "no attribute is mapped".to_owned(),
            });
        }
        Ok(mapping)
    }

    /// The column that feeds `attribute`.
    pub fn column(&self, attribute: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(name, _)| name == attribute)
            .map(|(_, column)| column.as_str())
    }

    /// The `(attribute, column)` pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|(attribute, column)| (attribute.as_str(), column.as_str()))
    }
}

impl Default for AttributeMapping {
    fn default() -> Self {
        Self {
            entries: Self::DEFAULT_COLUMNS
                .iter()
                .map(|&column| (column.to_owned(), column.to_owned()))
                .collect(),
        }
    }
}

impl FromStr for AttributeMapping {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        Self::new(
            text.split(',')
                .map(str::trim)
                .filter(|entry| !entry.is_empty())
                .map(|entry| match entry.split_once('=') {
                    Some((attribute, column)) => {
                        (attribute.trim().to_owned(), column.trim().to_owned())
                    }
                    None => (entry.to_owned(), entry.to_owned()),
                }),
        )
    }
}

/// Whether an attribute holds a boolean (`email_verified`, `phone_number_verified`, …).
fn is_boolean_attribute(attribute: &str) -> bool {
    attribute.ends_with("_verified")
}

/// How to find users and what to read: everything but the database URL.
///
/// ```
/// use std::time::Duration;
/// use cognito_legacy_migration::store::StoreOptions;
///
/// let options = StoreOptions {
///     table: "accounts".to_owned(),
///     password_hash_column: "encrypted_password".to_owned(),
///     timeout: Duration::from_millis(800),
///     ..StoreOptions::default()
/// };
/// assert!(options.lookup_sql().contains("FROM accounts"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreOptions {
    /// A hand-written lookup query with [`LOGIN_TOKEN`]s; `None` generates one from the other
    /// options (see the [module docs](self)).
    pub query: Option<String>,
    /// The table of the generated query (`legacy_users`); `schema.table` is allowed.
    pub table: String,
    /// The columns the generated query matches the typed user name against, case-insensitively;
    /// a match on an earlier column wins (`username`, `email`).
    pub login_columns: Vec<String>,
    /// Result column → Cognito attribute.
    pub attributes: AttributeMapping,
    /// The result column holding the password hash (`password_hash`).
    pub password_hash_column: String,
    /// The most a lookup may take, connecting included; also the pool's acquire timeout. Keep
    /// it well below the hook's deadline so that a slow database gives a logged, defined failure.
    pub timeout: Duration,
    /// The pool's connection limit. Lambda serves one event at a time per instance, so 1 or 2 is
    /// plenty.
    pub max_connections: u32,
    /// Accept PostgreSQL / MySQL URLs that do not verify the server's certificate (see the
    /// [module docs](self#verified-transport)). Only for databases on the same machine or a
    /// network you control; a warning is logged when it is used. Default `false`.
    pub allow_unverified_tls: bool,
}

impl StoreOptions {
    /// The default lookup timeout: a third of the hook's time budget.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(1_500);

    /// The lookup query, before [`LOGIN_TOKEN`]s become bind parameters.
    pub fn lookup_sql(&self) -> String {
        match &self.query {
            Some(query) => query.clone(),
            None => self.generated_sql(),
        }
    }

    /// The generated lookup query for a login that contains `@`: only the email column is
    /// matched. `None` for a hand-written query, or when no login column feeds `email`.
    pub fn email_lookup_sql(&self) -> Option<String> {
        if self.query.is_some() {
            return None;
        }
        let email = self.attributes.column("email")?;
        let columns: Vec<String> = self
            .login_columns
            .iter()
            .filter(|column| column.as_str() == email)
            .cloned()
            .collect();
        (!columns.is_empty()).then(|| self.generated_sql_on(&columns))
    }

    fn generated_sql(&self) -> String {
        self.generated_sql_on(&self.login_columns)
    }

    fn generated_sql_on(&self, login_columns: &[String]) -> String {
        let mut columns: Vec<String> = Vec::new();
        let mut push = |expression: String| {
            if !columns.contains(&expression) {
                columns.push(expression);
            }
        };
        for (attribute, column) in self.attributes.iter() {
            if is_boolean_attribute(attribute) {
                push(format!("CASE WHEN {column} THEN 1 ELSE 0 END AS {column}"));
            } else {
                push(column.to_owned());
            }
        }
        push(self.password_hash_column.clone());
        let matches = |column: &String| format!("lower({column}) = lower({LOGIN_TOKEN})");
        let condition = login_columns
            .iter()
            .map(matches)
            .collect::<Vec<_>>()
            .join(" OR ");
        // Two rows are enough to see that a login is ambiguous.
        format!(
            "SELECT {} FROM {} WHERE {condition} LIMIT 2",
            columns.join(", "),
            self.table
        )
    }

    /// Checks identifiers (only used unquoted in the generated query) and the hand-written query.
    fn validate(&self) -> Result<()> {
        if let Some(query) = &self.query {
            if !query.contains(LOGIN_TOKEN) {
                return Err(Error::Config {
                    name: "LEGACY_USER_QUERY",
                    reason: format!(
                        "the query must contain {LOGIN_TOKEN} where the user name goes"
                    ),
                });
            }
            return Ok(());
        }
        let check = |name: &'static str, identifier: &str, qualified: bool| {
            let valid = !identifier.is_empty()
                && identifier.split('.').count() <= if qualified { 2 } else { 1 }
                && identifier.split('.').all(is_plain_identifier);
            if valid {
                Ok(())
            } else {
                Err(Error::Config {
                    name,
                    reason: format!(
                        "`{identifier}` is not a plain SQL identifier (letters, digits, `_`)"
                    ),
                })
            }
        };
        check("LEGACY_TABLE", &self.table, true)?;
        if self.login_columns.is_empty() {
            return Err(Error::Config {
                name: "LEGACY_LOGIN_COLUMNS",
                reason: "no column given".to_owned(),
            });
        }
        for column in &self.login_columns {
            check("LEGACY_LOGIN_COLUMNS", column, false)?;
        }
        for (_, column) in self.attributes.iter() {
            check("LEGACY_ATTRIBUTES", column, false)?;
        }
        check(
            "LEGACY_PASSWORD_HASH_COLUMN",
            &self.password_hash_column,
            false,
        )
    }
}

fn is_plain_identifier(identifier: &str) -> bool {
    let mut chars = identifier.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            query: None,
            table: demo::TABLE.to_owned(),
            login_columns: vec!["username".to_owned(), "email".to_owned()],
            attributes: AttributeMapping::default(),
            password_hash_column: "password_hash".to_owned(),
            timeout: Self::DEFAULT_TIMEOUT,
            max_connections: 2,
            allow_unverified_tls: false,
        }
    }
}

/// A legacy user as the lookup found them.
///
/// `Debug` redacts the password hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegacyUser {
    attributes: BTreeMap<String, String>,
    password_hash: Option<StoredHash>,
}

impl LegacyUser {
    /// A user with these Cognito attributes and password hash (for hooks that read users from
    /// elsewhere, and for tests). `_verified` attributes without the attribute they verify are
    /// dropped, as in [`LegacyStore::find_user`].
    pub fn new<K: Into<String>, V: Into<String>>(
        attributes: impl IntoIterator<Item = (K, V)>,
        password_hash: Option<StoredHash>,
    ) -> Self {
        let mut attributes: BTreeMap<String, String> = attributes
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        let orphans: Vec<String> = attributes
            .keys()
            .filter(|name| {
                name.strip_suffix("_verified")
                    .is_some_and(|verified| !attributes.contains_key(verified))
            })
            .cloned()
            .collect();
        for orphan in orphans {
            attributes.remove(&orphan);
        }
        Self {
            attributes,
            password_hash,
        }
    }

    /// The Cognito attributes, string-valued as Cognito wants them (`"email_verified": "true"`).
    /// Empty and `NULL` columns are left out.
    pub fn attributes(&self) -> &BTreeMap<String, String> {
        &self.attributes
    }

    /// One attribute.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// The stored password hash, if the row has one.
    pub fn password_hash(&self) -> Option<&StoredHash> {
        self.password_hash.as_ref()
    }

    /// Whether Cognito could send this user a code: a verified email address or phone number.
    pub fn has_verified_channel(&self) -> bool {
        let verified = |attribute: &str| {
            self.attribute(attribute).is_some()
                && self.attribute(&format!("{attribute}_verified")) == Some("true")
        };
        verified("email") || verified("phone_number")
    }

    /// The attributes, without the hash.
    pub fn into_attributes(self) -> BTreeMap<String, String> {
        self.attributes
    }
}

/// A pool on the legacy database and the lookup to run on it. Cheap to clone (shared pool).
///
/// Build it once per cold start: the pool connects lazily and keeps its connections between
/// invocations. `Debug` shows neither the URL nor its credentials.
#[derive(Clone)]
pub struct LegacyStore {
    inner: Arc<Inner>,
}

struct Inner {
    pool: AnyPool,
    backend: Backend,
    sql: Arc<str>,
    binds: usize,
    /// The email-only query for logins with `@`, and its bind count.
    email_sql: Option<(Arc<str>, usize)>,
    attributes: AttributeMapping,
    password_hash_column: String,
    timeout: Duration,
}

impl fmt::Debug for LegacyStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LegacyStore")
            .field("backend", &self.inner.backend)
            .field("sql", &self.inner.sql)
            .field("attributes", &self.inner.attributes)
            .field("password_hash_column", &self.inner.password_hash_column)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

impl LegacyStore {
    /// A store on the database at `url` (`sqlite:path`, `postgres://…`, `mysql://…`,
    /// `mariadb://…`). Nothing connects yet: the first lookup opens the first connection, within
    /// [`StoreOptions::timeout`].
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for an unsupported scheme, a PostgreSQL/MySQL URL that does not verify
    /// the server (see [verified transport](self#verified-transport)) or invalid options,
    /// [`Error::DatabaseUrl`] for a URL the driver cannot parse. The URL itself never appears in
    /// the error.
    pub async fn connect(url: &str, options: StoreOptions) -> Result<Self> {
        let backend = check_transport(url, options.allow_unverified_tls)?;
        sqlx::any::install_default_drivers();
        let connect_options = AnyConnectOptions::from_str(url).map_err(Error::DatabaseUrl)?;
        Self::build(backend, connect_options, options, pool_options).await
    }

    /// A store on the built-in demo database: an in-memory SQLite database created from
    /// [`demo::SQL`] whenever the pool opens a connection, so nothing has to exist on disk.
    /// See the crate README for the demo users and their passwords.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for invalid options.
    pub async fn demo(options: StoreOptions) -> Result<Self> {
        sqlx::any::install_default_drivers();
        // The seeding statements carry the demo hashes: keep them out of sqlx's statement log.
        let connect_options = AnyConnectOptions::from_str(demo::IN_MEMORY_URL)
            .map_err(Error::DatabaseUrl)?
            .disable_statement_logging();
        Self::build(Backend::Sqlite, connect_options, options, |options| {
            pool_options(options).after_connect(|connection, _metadata| {
                Box::pin(async move {
                    for statement in demo::statements(demo::TABLE) {
                        sqlx::raw_sql(AssertSqlSafe(statement))
                            .execute(&mut *connection)
                            .await?;
                    }
                    Ok(())
                })
            })
        })
        .await
    }

    async fn build(
        backend: Backend,
        connect_options: AnyConnectOptions,
        options: StoreOptions,
        pool_options: impl FnOnce(&StoreOptions) -> AnyPoolOptions,
    ) -> Result<Self> {
        options.validate()?;
        if options.max_connections == 0 {
            return Err(Error::Config {
                name: "LEGACY_DB_MAX_CONNECTIONS",
                reason: "must be at least 1".to_owned(),
            });
        }
        if options.timeout.is_zero() {
            return Err(Error::Config {
                name: "LEGACY_DB_TIMEOUT_MS",
                reason: "must be more than 0".to_owned(),
            });
        }
        let (sql, binds) = backend.render(&options.lookup_sql());
        let email_sql = options.email_lookup_sql().map(|sql| {
            let (sql, binds) = backend.render(&sql);
            (Arc::from(sql), binds)
        });
        let pool = pool_options(&options).connect_lazy_with(connect_options);
        Ok(Self {
            inner: Arc::new(Inner {
                pool,
                backend,
                sql: Arc::from(sql),
                binds,
                email_sql,
                attributes: options.attributes,
                password_hash_column: options.password_hash_column,
                timeout: options.timeout,
            }),
        })
    }

    /// The database behind this store.
    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    /// The lookup query as sent to the database (with the backend's bind parameters).
    pub fn sql(&self) -> &str {
        &self.inner.sql
    }

    /// The lookup timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The connection pool, e.g. to run other queries of your own.
    pub fn pool(&self) -> &AnyPool {
        &self.inner.pool
    }

    /// Looks up the user `login` (a user name or an email address, as typed), within
    /// [`StoreOptions::timeout`]. Reads only: nothing is ever written to the legacy database.
    ///
    /// # Errors
    ///
    /// [`Error::Timeout`] when the database does not answer in time (connecting included),
    /// [`Error::Database`] when it fails, [`Error::Column`] when a mapped column is missing or
    /// has a type that cannot become an attribute; and for this one login:
    /// [`Error::AmbiguousLogin`] when two different users match it, [`Error::UnreadableRow`] when
    /// the matching row has a value that cannot be read.
    pub async fn find_user(&self, login: &str) -> Result<Option<LegacyUser>> {
        use futures_util::TryStreamExt as _;

        let inner = &*self.inner;
        let (sql, binds) = match &inner.email_sql {
            Some((sql, binds)) if login.contains('@') => (sql, *binds),
            _ => (&inner.sql, inner.binds),
        };
        let lookup = async {
            let mut query = sqlx::query(AssertSqlSafe(Arc::clone(sql)));
            for _ in 0..binds {
                query = query.bind(login);
            }
            // At most two rows, whatever a hand-written query returns.
            let mut rows = query.fetch(&inner.pool);
            let mut users: Vec<LegacyUser> = Vec::with_capacity(2);
            while let Some(row) = rows.try_next().await.map_err(database_error)? {
                let user = inner.decode(&row)?;
                if !users.contains(&user) {
                    users.push(user);
                }
                if users.len() == 2 {
                    return Err(Error::AmbiguousLogin);
                }
            }
            Ok(users.pop())
        };
        tokio::time::timeout(inner.timeout, lookup)
            .await
            .map_err(|_elapsed| Error::Timeout(inner.timeout))?
    }

    /// Closes the pool's connections (for tests and orderly shutdowns).
    pub async fn close(&self) {
        self.inner.pool.close().await;
    }
}

fn pool_options(options: &StoreOptions) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(options.max_connections)
        .min_connections(0)
        .acquire_timeout(options.timeout)
}

impl Inner {
    fn decode(&self, row: &AnyRow) -> Result<LegacyUser> {
        let mut attributes = Vec::new();
        for (attribute, column) in self.attributes.iter() {
            let value = if is_boolean_attribute(attribute) {
                read_bool(row, column)?.map(|flag| flag.to_string())
            } else {
                read_text(row, column)?
            };
            if let Some(value) = value.filter(|value| !value.trim().is_empty()) {
                attributes.push((attribute.to_owned(), value));
            }
        }
        let column = self.password_hash_column.as_str();
        let password_hash = match kind_of(row, column)? {
            None => None,
            Some(AnyTypeInfoKind::Text) => Some(row.try_get::<String, _>(column)),
            Some(AnyTypeInfoKind::Blob) => {
                Some(row.try_get::<Vec<u8>, _>(column).and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| sqlx::Error::Decode("not UTF-8".into()))
                }))
            }
            Some(_) => return Err(row_error(column, "the password hash must be text")),
        }
        .transpose()
        .map_err(|_| row_error(column, "the password hash could not be read as text"))?
        .filter(|hash| !hash.trim().is_empty())
        .map(StoredHash::new);
        Ok(LegacyUser::new(attributes, password_hash))
    }
}

/// A column the `Any` driver cannot read is a configuration problem: say which one and what to
/// do. Other failures keep sqlx's error as the cause.
fn database_error(error: sqlx::Error) -> Error {
    match error {
        sqlx::Error::ColumnDecode { index, .. } => Error::Column {
            column: index.trim_matches('"').to_owned(),
            reason: "its SQL type cannot be read through sqlx's Any driver; cast it in the query \
                     (booleans as CASE WHEN col THEN 1 ELSE 0 END, others as text)",
        },
        other => Error::Database(other),
    }
}

fn column_error(column: &str, reason: &'static str) -> Error {
    Error::Column {
        column: column.to_owned(),
        reason,
    }
}

/// A value of this row that cannot be read: about this user only.
fn row_error(column: &str, reason: &'static str) -> Error {
    Error::UnreadableRow {
        column: column.to_owned(),
        reason,
    }
}

/// Checks that `url` names a supported backend and, for PostgreSQL and MySQL/MariaDB, verifies
/// the server's certificate and host name, unless `allow_unverified` is set (which is logged).
///
/// The URL is read by sqlx's own parser, so that whatever sqlx would do (including `PGSSLMODE`
/// from the environment for PostgreSQL) is what is checked.
///
/// ```
/// use cognito_legacy_migration::store::check_transport;
///
/// assert!(check_transport("postgres://app@db.internal/legacy", false).is_err());
/// assert!(check_transport("postgres://app@db.internal/legacy?sslmode=verify-full&sslrootcert=/opt/rds-global-bundle.pem", false).is_ok());
/// assert!(check_transport("mysql://app@db.internal/legacy?ssl-mode=VERIFY_IDENTITY", false).is_ok());
/// assert!(check_transport("sqlite:legacy.sqlite", false).is_ok());
/// ```
///
/// # Errors
///
/// [`Error::Config`] naming `LEGACY_DATABASE_URL` and how to fix it, [`Error::DatabaseUrl`]
/// when sqlx cannot parse the URL. The URL never appears in the error.
pub fn check_transport(url: &str, allow_unverified: bool) -> Result<Backend> {
    use sqlx::mysql::{MySqlConnectOptions, MySqlSslMode};
    use sqlx::postgres::{PgConnectOptions, PgSslMode};

    let backend = Backend::from_url(url).ok_or_else(|| Error::Config {
        name: "LEGACY_DATABASE_URL",
        reason: "unsupported scheme (expected sqlite:, postgres://, mysql:// or mariadb://)"
            .to_owned(),
    })?;
    let (verified, fix) = match backend {
        Backend::Sqlite => return Ok(backend),
        Backend::Postgres => (
            matches!(
                PgConnectOptions::from_str(url)
                    .map_err(Error::DatabaseUrl)?
                    .get_ssl_mode(),
                PgSslMode::VerifyFull
            ),
            "add `sslmode=verify-full` to the URL (and `sslrootcert=<CA bundle path>` when the \
             server's CA is not a public one, e.g. the RDS bundle)",
        ),
        Backend::MySql => (
            matches!(
                MySqlConnectOptions::from_str(url)
                    .map_err(Error::DatabaseUrl)?
                    .get_ssl_mode(),
                MySqlSslMode::VerifyIdentity
            ),
            "add `ssl-mode=VERIFY_IDENTITY` to the URL (and `ssl-ca=<CA bundle path>` when the \
             server's CA is not a public one, e.g. the RDS bundle)",
        ),
    };
    if verified {
        return Ok(backend);
    }
    if allow_unverified {
        tracing::warn!(
            backend = %backend,
            "LEGACY_DB_ALLOW_UNVERIFIED_TLS=true: the connection to the legacy database does not \
             verify the server; anyone in the network path can read its password and answer \
             lookups. Use it only for a database on this machine or a network you control"
        );
        return Ok(backend);
    }
    Err(Error::Config {
        name: "LEGACY_DATABASE_URL",
        reason: format!(
            "the {backend} connection does not verify the server's certificate and name, so \
             anyone in the network path could pose as the database; {fix}, or set \
             LEGACY_DB_ALLOW_UNVERIFIED_TLS=true for a local database"
        ),
    })
}

/// The kind of `column`'s value; `None` for SQL `NULL`.
fn kind_of(row: &AnyRow, column: &str) -> Result<Option<AnyTypeInfoKind>> {
    let value = row
        .try_get_raw(column)
        .map_err(|_| column_error(column, "not in the lookup query's result"))?;
    if value.is_null() {
        return Ok(None);
    }
    let kind = value.type_info().kind();
    Ok((!value.type_info().is_null()).then_some(kind))
}

/// Reads a column as attribute text: strings as they are, numbers in decimal, booleans as
/// `true` / `false`. Values never appear in errors.
fn read_text(row: &AnyRow, column: &str) -> Result<Option<String>> {
    use AnyTypeInfoKind as Kind;
    let unreadable = || row_error(column, "its value could not be read");
    let text = match kind_of(row, column)? {
        None => return Ok(None),
        Some(Kind::Text) => row.try_get::<String, _>(column).map_err(|_| unreadable())?,
        Some(Kind::Bool) => row
            .try_get::<bool, _>(column)
            .map_err(|_| unreadable())?
            .to_string(),
        Some(Kind::SmallInt | Kind::Integer | Kind::BigInt) => row
            .try_get::<i64, _>(column)
            .map_err(|_| unreadable())?
            .to_string(),
        Some(Kind::Real | Kind::Double) => row
            .try_get::<f64, _>(column)
            .map_err(|_| unreadable())?
            .to_string(),
        Some(Kind::Blob) => String::from_utf8(
            row.try_get::<Vec<u8>, _>(column)
                .map_err(|_| unreadable())?,
        )
        .map_err(|_| row_error(column, "binary value is not UTF-8 text"))?,
        Some(Kind::Null) => return Ok(None),
    };
    Ok(Some(text))
}

/// Reads a boolean column, whatever the backend made of it: a boolean, an integer (non-zero is
/// true) or text (`true`/`t`/`yes`/`y`/`1` and `false`/`f`/`no`/`n`/`0`, any case).
fn read_bool(row: &AnyRow, column: &str) -> Result<Option<bool>> {
    use AnyTypeInfoKind as Kind;
    let unreadable = || row_error(column, "its value could not be read as a boolean");
    let flag = match kind_of(row, column)? {
        None | Some(Kind::Null) => return Ok(None),
        Some(Kind::Bool) => row.try_get::<bool, _>(column).map_err(|_| unreadable())?,
        Some(Kind::SmallInt | Kind::Integer | Kind::BigInt) => {
            row.try_get::<i64, _>(column).map_err(|_| unreadable())? != 0
        }
        Some(Kind::Text) => {
            let text = row.try_get::<String, _>(column).map_err(|_| unreadable())?;
            match text.trim().to_ascii_lowercase().as_str() {
                "true" | "t" | "yes" | "y" | "1" => true,
                "false" | "f" | "no" | "n" | "0" | "" => false,
                _ => return Err(unreadable()),
            }
        }
        Some(_) => return Err(unreadable()),
    };
    Ok(Some(flag))
}
