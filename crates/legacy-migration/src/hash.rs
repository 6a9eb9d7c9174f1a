//! Verify a password against a legacy password hash, whatever scheme produced it.
//!
//! The scheme is read from the stored hash itself ([`HashScheme::detect`]), and the check is
//! delegated to the maintained RustCrypto / `bcrypt` crates, which compare in constant time:
//!
//! | Scheme | Stored form | Crate |
//! | --- | --- | --- |
//! | bcrypt | `$2a$`, `$2b$`, `$2y$` + cost + salt/hash (60 characters) | `bcrypt` |
//! | Argon2id, Argon2i, Argon2d | PHC: `$argon2id$v=19$m=…,t=…,p=…$salt$hash` | `argon2` |
//! | PBKDF2-SHA256 (Django) | `pbkdf2_sha256$iterations$salt$base64-hash` | `pbkdf2` + `subtle` |
//! | scrypt | PHC: `$scrypt$ln=…,r=…,p=…$salt$hash` | `scrypt` |
//! | SHA-512-crypt, SHA-256-crypt | `$6$[rounds=N$]salt$hash`, `$5$…` | `sha-crypt` |
//!
//! ```
//! use cognito_legacy_migration::hash::{verify_password, HashScheme, StoredHash};
//!
//! // A Django hash (1000 iterations, to keep the example quick).
//! let stored = StoredHash::new(
//!     "pbkdf2_sha256$1000$lowcostsalt0123456789$l9hBrugZms88rooqfd2i9fvU1BmnTeUa+pDL3YA08xo=",
//! );
//! assert_eq!(stored.scheme(), Some(HashScheme::DjangoPbkdf2Sha256));
//! assert!(verify_password("Django-Passw0rd!", &stored)?);
//! assert!(!verify_password("wrong password", &stored)?);
//! # Ok::<(), cognito_legacy_migration::Error>(())
//! ```
//!
//! Verification is slow on purpose (tens to hundreds of milliseconds at default costs): in async
//! code use [`Verifier::verify`], which runs it on Tokio's blocking pool and, for unknown users,
//! spends the same effort on a dummy hash so that timing does not reveal who exists.
//!
//! # Bounded work
//!
//! The cost parameters come from the stored hash, that is from the legacy database. A row with
//! `$2b$31$…` would take about a day and a half of CPU, `$scrypt$ln=30,…` asks for a 1 TiB
//! allocation (whose failure aborts the process), and Argon2 with a few GiB of memory gets the
//! function killed. Every parameter is therefore checked against [`HashLimits`] *before* any key
//! derivation runs; a hash over a limit is an unusable hash ([`Error::HashOverLimit`]): the
//! dummy is verified instead and the user is not migrated.
//!
//! [`Verifier::verify`] also lets only one verification run at a time per [`Verifier`] (and its
//! clones; the function has one). A verification that has started on the blocking pool cannot be
//! stopped: when the hook's deadline passes, the invocation returns but that verification runs to
//! its end. It keeps the verifier's single slot until then, so the next invocations wait for the
//! slot (never longer than their own deadline, and never longer than [`Verifier::max_wait`])
//! instead of starting more work next to it. The leftover work on an instance is thus at most one
//! verification, and the limits bound how long that one can take.
//!
//! ```
//! use cognito_legacy_migration::Error;
//! use cognito_legacy_migration::hash::{verify_password, StoredHash};
//!
//! // ln=30 would allocate 1 TiB; the limit refuses it before anything is allocated.
//! let hostile = StoredHash::new("$scrypt$ln=30,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA");
//! assert!(matches!(verify_password("x", &hostile), Err(Error::HashOverLimit { .. })));
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use password_hash::PasswordVerifier as _;
use subtle::ConstantTimeEq as _;

use crate::error::{Error, Result};

/// A password hashing scheme this crate can verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HashScheme {
    /// bcrypt, `$2a$` / `$2b$` / `$2y$` (PHP, Rails `has_secure_password`, Laravel, Spring).
    Bcrypt,
    /// Argon2id in PHC form (`$argon2id$…`).
    Argon2id,
    /// Argon2i in PHC form (`$argon2i$…`).
    Argon2i,
    /// Argon2d in PHC form (`$argon2d$…`).
    Argon2d,
    /// Django's `pbkdf2_sha256$iterations$salt$hash`.
    DjangoPbkdf2Sha256,
    /// scrypt in PHC form (`$scrypt$ln=…,r=…,p=…$…`).
    Scrypt,
    /// SHA-512-crypt (`$6$`), as in `/etc/shadow` and many PHP/Perl applications.
    Sha512Crypt,
    /// SHA-256-crypt (`$5$`).
    Sha256Crypt,
}

impl HashScheme {
    /// Every scheme, in a stable order.
    pub const ALL: [HashScheme; 8] = [
        HashScheme::Bcrypt,
        HashScheme::Argon2id,
        HashScheme::Argon2i,
        HashScheme::Argon2d,
        HashScheme::DjangoPbkdf2Sha256,
        HashScheme::Scrypt,
        HashScheme::Sha512Crypt,
        HashScheme::Sha256Crypt,
    ];

    /// The scheme a stored hash is written in, from its prefix; `None` for anything else.
    ///
    /// ```
    /// use cognito_legacy_migration::hash::HashScheme;
    ///
    /// assert_eq!(HashScheme::detect("$2y$12$abc"), Some(HashScheme::Bcrypt));
    /// assert_eq!(HashScheme::detect("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"), Some(HashScheme::Argon2id));
    /// assert_eq!(HashScheme::detect("md5$salt$hash"), None);
    /// ```
    pub fn detect(stored: &str) -> Option<Self> {
        const PREFIXES: [(&str, HashScheme); 10] = [
            ("$2a$", HashScheme::Bcrypt),
            ("$2b$", HashScheme::Bcrypt),
            ("$2y$", HashScheme::Bcrypt),
            ("$argon2id$", HashScheme::Argon2id),
            ("$argon2i$", HashScheme::Argon2i),
            ("$argon2d$", HashScheme::Argon2d),
            ("pbkdf2_sha256$", HashScheme::DjangoPbkdf2Sha256),
            ("$scrypt$", HashScheme::Scrypt),
            ("$6$", HashScheme::Sha512Crypt),
            ("$5$", HashScheme::Sha256Crypt),
        ];
        PREFIXES
            .iter()
            .find(|(prefix, _)| stored.starts_with(prefix))
            .map(|&(_, scheme)| scheme)
    }

    /// A short lower-case name, e.g. `bcrypt`, `argon2id`, `django-pbkdf2-sha256`.
    pub fn name(self) -> &'static str {
        match self {
            HashScheme::Bcrypt => "bcrypt",
            HashScheme::Argon2id => "argon2id",
            HashScheme::Argon2i => "argon2i",
            HashScheme::Argon2d => "argon2d",
            HashScheme::DjangoPbkdf2Sha256 => "django-pbkdf2-sha256",
            HashScheme::Scrypt => "scrypt",
            HashScheme::Sha512Crypt => "sha512-crypt",
            HashScheme::Sha256Crypt => "sha256-crypt",
        }
    }
}

impl fmt::Display for HashScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A password hash as stored in the legacy database.
///
/// `Debug` shows only the scheme, never the hash, and there is no `Display`: an offline copy of
/// a hash is as good as the password for an attacker with time, so it must not reach a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredHash(Arc<str>);

impl StoredHash {
    /// Wraps a stored hash. Surrounding whitespace (padded `CHAR` columns) is ignored.
    pub fn new(hash: impl AsRef<str>) -> Self {
        Self(Arc::from(hash.as_ref().trim()))
    }

    /// The scheme the hash is written in, when this crate supports it.
    pub fn scheme(&self) -> Option<HashScheme> {
        HashScheme::detect(&self.0)
    }

    /// The hash itself. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for StoredHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.scheme() {
            Some(scheme) => write!(f, "StoredHash({scheme}, [redacted])"),
            None => f.write_str("StoredHash(unsupported, [redacted])"),
        }
    }
}

/// Checks `password` against `stored`, choosing the verifier from the hash's format, within the
/// default [`HashLimits`].
///
/// Returns `Ok(false)` for a wrong password. This runs the full key-derivation function: call it
/// from blocking code, or use [`Verifier::verify`] in async code.
///
/// # Errors
///
/// [`Error::UnsupportedHash`] when no verifier recognises the format,
/// [`Error::HashOverLimit`] when its cost parameters exceed the limits (nothing is computed), and
/// [`Error::MalformedHash`] when the hash claims a scheme but cannot be parsed. None of them says
/// anything about the password or shows the hash.
pub fn verify_password(password: &str, stored: &StoredHash) -> Result<bool> {
    verify_password_within(password, stored, &HashLimits::default())
}

/// [`verify_password`] with explicit `limits`.
///
/// # Errors
///
/// As [`verify_password`].
pub fn verify_password_within(
    password: &str,
    stored: &StoredHash,
    limits: &HashLimits,
) -> Result<bool> {
    let scheme = stored.scheme().ok_or(Error::UnsupportedHash)?;
    limits.check_scheme(scheme, stored.expose())?;
    verify_with(scheme, password.as_bytes(), stored.expose())
}

/// The most work one stored hash may ask for; anything above is treated as an unusable hash.
///
/// The defaults allow the usual production settings (bcrypt 10–12, Django's PBKDF2 iterations up
/// to 2 million, glibc SHA-crypt, Argon2 up to PHP's and OWASP's 64 MiB, scrypt up to
/// `ln=16,r=8`) and keep one verification to a few seconds of CPU and at most 64 MiB of memory.
/// Each limit has an environment variable (see [`config`](crate::config)).
///
/// ```
/// use cognito_legacy_migration::hash::{HashLimits, StoredHash};
///
/// let limits = HashLimits::default();
/// assert!(limits.check(&StoredHash::new("$2b$12$dkW3/AiZ1s96.fD.I3IS9enj9.ZfHDCt.HFAzHyk3Np1TOh5HFb.u")).is_ok());
/// // Cost 31: about 38 hours of CPU.
/// assert!(limits.check(&StoredHash::new("$2b$31$dkW3/AiZ1s96.fD.I3IS9enj9.ZfHDCt.HFAzHyk3Np1TOh5HFb.u")).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashLimits {
    /// Highest bcrypt cost (`$2b$NN$`); each step doubles the work. Default 14.
    pub bcrypt_cost: u32,
    /// Most PBKDF2 iterations (Django `pbkdf2_sha256$N$`). Default 2,000,000.
    pub pbkdf2_iterations: u32,
    /// Most SHA-crypt rounds (`$6$rounds=N$`; 5000 when absent). Default 1,000,000.
    pub sha_crypt_rounds: u32,
    /// Most scrypt memory, N·r·128 bytes, in MiB (`ln=16,r=8` is 64 MiB). Default 64.
    pub scrypt_memory_mib: u32,
    /// Highest scrypt parallelism `p` (run one after the other, so it multiplies the time).
    /// Default 4.
    pub scrypt_parallelism: u32,
    /// Most Argon2 memory `m`, in MiB (`m` is in KiB in the hash). Default 64.
    pub argon2_memory_mib: u32,
    /// Most Argon2 passes `t`. Default 10.
    pub argon2_iterations: u32,
    /// Highest Argon2 parallelism `p` (lanes; computed on one thread here). Default 4.
    pub argon2_parallelism: u32,
}

impl Default for HashLimits {
    fn default() -> Self {
        Self {
            bcrypt_cost: 14,
            pbkdf2_iterations: 2_000_000,
            sha_crypt_rounds: 1_000_000,
            scrypt_memory_mib: 64,
            scrypt_parallelism: 4,
            argon2_memory_mib: 64,
            argon2_iterations: 10,
            argon2_parallelism: 4,
        }
    }
}

const MIB: u128 = 1024 * 1024;

impl HashLimits {
    /// Checks the cost parameters of `stored` without running the key derivation.
    ///
    /// Parameters that cannot be read are left to the verification, which reports the hash as
    /// malformed.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedHash`] for an unknown format and [`Error::HashOverLimit`] naming the
    /// first parameter over its limit (never the hash).
    pub fn check(&self, stored: &StoredHash) -> Result<()> {
        let scheme = stored.scheme().ok_or(Error::UnsupportedHash)?;
        self.check_scheme(scheme, stored.expose())
    }

    fn check_scheme(&self, scheme: HashScheme, hash: &str) -> Result<()> {
        let over = |parameter: &'static str, limit: u64, setting: &'static str| {
            Err(Error::HashOverLimit {
                scheme: scheme.name(),
                parameter,
                limit,
                setting,
            })
        };
        match scheme {
            HashScheme::Bcrypt => {
                let cost = hash.get(4..6).and_then(|cost| cost.parse::<u32>().ok());
                if cost.is_some_and(|cost| cost > self.bcrypt_cost) {
                    return over(
                        "cost",
                        self.bcrypt_cost.into(),
                        "LEGACY_HASH_MAX_BCRYPT_COST",
                    );
                }
            }
            HashScheme::DjangoPbkdf2Sha256 => {
                let iterations = hash.split('$').nth(1).and_then(|n| n.parse::<u128>().ok());
                if iterations.is_some_and(|n| n > u128::from(self.pbkdf2_iterations)) {
                    return over(
                        "iterations",
                        self.pbkdf2_iterations.into(),
                        "LEGACY_HASH_MAX_PBKDF2_ITERATIONS",
                    );
                }
            }
            HashScheme::Sha512Crypt | HashScheme::Sha256Crypt => {
                let rounds = hash
                    .split('$')
                    .nth(2)
                    .and_then(|field| field.strip_prefix("rounds="))
                    .and_then(|n| n.parse::<u128>().ok());
                if rounds.is_some_and(|n| n > u128::from(self.sha_crypt_rounds)) {
                    return over(
                        "rounds",
                        self.sha_crypt_rounds.into(),
                        "LEGACY_HASH_MAX_SHA_CRYPT_ROUNDS",
                    );
                }
            }
            HashScheme::Scrypt => {
                let Ok(parsed) = password_hash::phc::PasswordHash::new(hash) else {
                    return Ok(());
                };
                let decimal = |name: &str| parsed.params.get_decimal(name).map(u128::from);
                let (log_n, r, p) = (decimal("ln"), decimal("r"), decimal("p"));
                // N·r·128 bytes, with N = 2^ln; ln ≥ 100 is over any limit (and any memory).
                let memory = log_n.zip(r).map(|(log_n, r)| {
                    u32::try_from(log_n)
                        .ok()
                        .filter(|&log_n| log_n < 100)
                        .map_or(u128::MAX, |log_n| (1u128 << log_n) * r * 128)
                });
                if memory.is_some_and(|bytes| bytes > u128::from(self.scrypt_memory_mib) * MIB) {
                    return over(
                        "N*r*128 bytes (MiB)",
                        self.scrypt_memory_mib.into(),
                        "LEGACY_HASH_MAX_SCRYPT_MEMORY_MIB",
                    );
                }
                if p.is_some_and(|p| p > u128::from(self.scrypt_parallelism)) {
                    return over(
                        "p",
                        self.scrypt_parallelism.into(),
                        "LEGACY_HASH_MAX_SCRYPT_PARALLELISM",
                    );
                }
            }
            HashScheme::Argon2id | HashScheme::Argon2i | HashScheme::Argon2d => {
                let Ok(parsed) = password_hash::phc::PasswordHash::new(hash) else {
                    return Ok(());
                };
                let decimal = |name: &str| parsed.params.get_decimal(name).map(u128::from);
                if decimal("m")
                    .is_some_and(|kib| kib * 1024 > u128::from(self.argon2_memory_mib) * MIB)
                {
                    return over(
                        "m (MiB)",
                        self.argon2_memory_mib.into(),
                        "LEGACY_HASH_MAX_ARGON2_MEMORY_MIB",
                    );
                }
                if decimal("t").is_some_and(|t| t > u128::from(self.argon2_iterations)) {
                    return over(
                        "t",
                        self.argon2_iterations.into(),
                        "LEGACY_HASH_MAX_ARGON2_ITERATIONS",
                    );
                }
                if decimal("p").is_some_and(|p| p > u128::from(self.argon2_parallelism)) {
                    return over(
                        "p",
                        self.argon2_parallelism.into(),
                        "LEGACY_HASH_MAX_ARGON2_PARALLELISM",
                    );
                }
            }
        }
        Ok(())
    }
}

fn verify_with(scheme: HashScheme, password: &[u8], hash: &str) -> Result<bool> {
    let malformed = || Error::MalformedHash {
        scheme: scheme.name(),
    };
    match scheme {
        HashScheme::Bcrypt => bcrypt::verify(password, hash).map_err(|_| malformed()),
        HashScheme::Argon2id | HashScheme::Argon2i | HashScheme::Argon2d => {
            let parsed = password_hash::phc::PasswordHash::new(hash).map_err(|_| malformed())?;
            // The algorithm, version and cost come from the parsed hash, not from this instance.
            phc_outcome(
                argon2::Argon2::default().verify_password(password, &parsed),
                malformed,
            )
        }
        HashScheme::Scrypt => {
            let parsed = password_hash::phc::PasswordHash::new(hash).map_err(|_| malformed())?;
            phc_outcome(
                scrypt::Scrypt::new().verify_password(password, &parsed),
                malformed,
            )
        }
        HashScheme::Sha512Crypt | HashScheme::Sha256Crypt => phc_outcome(
            sha_crypt::ShaCrypt::default().verify_password(password, hash),
            malformed,
        ),
        HashScheme::DjangoPbkdf2Sha256 => {
            verify_django_pbkdf2_sha256(password, hash).ok_or_else(malformed)
        }
    }
}

/// Maps the `password-hash` verdict: a mismatch is `Ok(false)`, anything else malformed.
fn phc_outcome(outcome: password_hash::Result<()>, malformed: impl Fn() -> Error) -> Result<bool> {
    match outcome {
        Ok(()) => Ok(true),
        Err(password_hash::Error::PasswordInvalid) => Ok(false),
        Err(_) => Err(malformed()),
    }
}

/// Django's `pbkdf2_sha256$<iterations>$<salt>$<base64(standard) of the derived key>`; the salt
/// is used as its UTF-8 bytes, the key length is the decoded length (32 by default). `None` when
/// the hash is malformed.
fn verify_django_pbkdf2_sha256(password: &[u8], hash: &str) -> Option<bool> {
    /// The longest key we derive; Django always stores 32 bytes.
    const MAX_KEY_LEN: usize = 64;
    let mut parts = hash.split('$');
    let (Some("pbkdf2_sha256"), Some(iterations), Some(salt), Some(expected), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let iterations: u32 = iterations.parse().ok().filter(|&n| n > 0)?;
    if salt.is_empty() {
        return None;
    }
    let expected = base64::engine::general_purpose::STANDARD
        .decode(expected)
        .ok()?;
    if expected.is_empty() || expected.len() > MAX_KEY_LEN {
        return None;
    }
    let mut derived = [0u8; MAX_KEY_LEN];
    let derived = &mut derived[..expected.len()];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt.as_bytes(), iterations, derived);
    Some(derived.ct_eq(&expected).into())
}

/// Verifies passwords with even effort for known and unknown users.
///
/// For a user that does not exist (or has no usable hash), [`Verifier::verify`] still runs one
/// full verification against a fixed dummy hash, so that "unknown user" and "wrong password" take
/// about the same time. Choose the dummy hash in the scheme and cost most of your users have
/// ([`Verifier::with_dummy_hash`]); the default is bcrypt at cost 12.
///
/// ```
/// use cognito_legacy_migration::hash::{StoredHash, Verifier};
///
/// # async fn demo() -> Result<(), cognito_legacy_migration::Error> {
/// let verifier = Verifier::default();
/// let stored = StoredHash::new("$2b$04$1ixl1kGXyxPCjjX/yEJT2.86J3t9BDL0CckdKGn3Ly625/ShuzXOi");
/// assert!(verifier.verify("Legacy-Passw0rd!", Some(&stored)).await?);
/// // No such user: the dummy hash is checked, and the answer is always `false`.
/// assert!(!verifier.verify("Legacy-Passw0rd!", None).await?);
/// # Ok(())
/// # }
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(demo()).unwrap();
/// ```
#[derive(Clone, Debug)]
pub struct Verifier {
    dummy: StoredHash,
    limits: HashLimits,
    /// One permit: at most one verification of this verifier (and its clones) runs at a time.
    slot: Arc<tokio::sync::Semaphore>,
    max_wait: Duration,
}

impl Verifier {
    /// bcrypt, cost 12 (the `bcrypt` crate's default), of a random password nobody knows.
    pub const DEFAULT_DUMMY_HASH: &'static str =
        "$2b$12$dkW3/AiZ1s96.fD.I3IS9enj9.ZfHDCt.HFAzHyk3Np1TOh5HFb.u";

    /// A verifier whose dummy hash is `dummy_hash`.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedHash`] or [`Error::MalformedHash`] when `dummy_hash` is not a hash
    /// this crate can verify.
    pub fn with_dummy_hash(dummy_hash: impl AsRef<str>) -> Result<Self> {
        Self::default().dummy_hash(dummy_hash)
    }

    /// The default wait for the verification slot: Cognito's 5 s less the response margin, the
    /// most any invocation can have left.
    pub const DEFAULT_MAX_WAIT: Duration = Duration::from_millis(4_500);

    /// Replaces the dummy hash.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedHash`] or [`Error::MalformedHash`] when `dummy_hash` is not a hash
    /// this crate can verify, [`Error::HashOverLimit`] when it exceeds this verifier's limits.
    pub fn dummy_hash(mut self, dummy_hash: impl AsRef<str>) -> Result<Self> {
        let dummy = StoredHash::new(dummy_hash);
        let scheme = dummy.scheme().ok_or(Error::UnsupportedHash)?;
        // Parse it now, without running the key derivation, so that a typo fails at start-up.
        check_well_formed(scheme, dummy.expose())?;
        self.limits.check_scheme(scheme, dummy.expose())?;
        self.dummy = dummy;
        Ok(self)
    }

    /// Replaces the limits on stored hashes.
    ///
    /// # Errors
    ///
    /// [`Error::HashOverLimit`] when the dummy hash exceeds the new limits: unknown users would
    /// then cost nothing, which tells them apart.
    pub fn with_limits(mut self, limits: HashLimits) -> Result<Self> {
        limits.check(&self.dummy)?;
        self.limits = limits;
        Ok(self)
    }

    /// Sets the longest [`Verifier::verify`] waits for the verification slot (default
    /// [`Verifier::DEFAULT_MAX_WAIT`]). Inside a hook the deadline usually ends the wait first.
    pub fn with_max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// The limits on stored hashes.
    pub fn limits(&self) -> &HashLimits {
        &self.limits
    }

    /// The longest [`Verifier::verify`] waits for the verification slot.
    pub fn max_wait(&self) -> Duration {
        self.max_wait
    }

    /// The dummy hash's scheme.
    pub fn dummy_scheme(&self) -> Option<HashScheme> {
        self.dummy.scheme()
    }

    /// Checks `password` against `stored` in the calling thread, spending one full verification
    /// whatever happens: on the dummy hash when `stored` is `None` or unusable.
    ///
    /// Returns `Ok(true)` only when `stored` is present and matches.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedHash`] / [`Error::MalformedHash`] / [`Error::HashOverLimit`] when
    /// `stored` is present but cannot be verified (after the dummy verification has run).
    pub fn verify_blocking(&self, password: &str, stored: Option<&StoredHash>) -> Result<bool> {
        match stored {
            Some(stored) => verify_password_within(password, stored, &self.limits)
                .inspect_err(|_| self.burn(password)),
            None => {
                self.burn(password);
                Ok(false)
            }
        }
    }

    /// [`Verifier::verify_blocking`] on Tokio's blocking thread pool, so that the async runtime
    /// (and the hook's deadline timer) keeps running meanwhile, one verification at a time.
    ///
    /// It first waits for the verifier's single slot, at most [`Verifier::max_wait`]; dropping
    /// the future (as the hook's deadline does) stops the wait. Once started, the verification
    /// holds the slot until it ends, even if this future is dropped: see the
    /// [module docs](self#bounded-work).
    ///
    /// # Errors
    ///
    /// As [`Verifier::verify_blocking`], plus [`Error::VerifierBusy`] when the slot did not come
    /// free in time, and [`Error::Verification`] when the blocking task panicked or the runtime
    /// is shutting down.
    pub async fn verify(&self, password: &str, stored: Option<&StoredHash>) -> Result<bool> {
        let permit = tokio::time::timeout(self.max_wait, Arc::clone(&self.slot).acquire_owned())
            .await
            .map_err(|_elapsed| Error::VerifierBusy(self.max_wait))?
            // The semaphore is never closed; treat it like a busy slot if it were.
            .map_err(|_closed| Error::VerifierBusy(self.max_wait))?;
        let verifier = self.clone();
        let password = password.to_owned();
        let stored = stored.cloned();
        tokio::task::spawn_blocking(move || {
            let _slot = permit;
            verifier.verify_blocking(&password, stored.as_ref())
        })
        .await
        .map_err(Error::Verification)?
    }

    /// One verification against the dummy hash; the outcome is meaningless and discarded.
    fn burn(&self, password: &str) {
        let _ignored = verify_password_within(password, &self.dummy, &self.limits);
    }
}

impl Default for Verifier {
    /// The default dummy hash and limits, one verification at a time.
    fn default() -> Self {
        Self {
            dummy: StoredHash::new(Self::DEFAULT_DUMMY_HASH),
            limits: HashLimits::default(),
            slot: Arc::new(tokio::sync::Semaphore::new(1)),
            max_wait: Self::DEFAULT_MAX_WAIT,
        }
    }
}

/// Parses `hash` as `scheme` without running the key derivation.
fn check_well_formed(scheme: HashScheme, hash: &str) -> Result<()> {
    let malformed = || Error::MalformedHash {
        scheme: scheme.name(),
    };
    let well_formed = match scheme {
        HashScheme::Bcrypt => {
            let bytes = hash.as_bytes();
            hash.len() == 60
                && hash.is_ascii()
                && bytes.get(6) == Some(&b'$')
                && hash
                    .get(4..6)
                    .and_then(|cost| cost.parse::<u32>().ok())
                    .is_some_and(|cost| (4..=31).contains(&cost))
        }
        HashScheme::Argon2id | HashScheme::Argon2i | HashScheme::Argon2d | HashScheme::Scrypt => {
            password_hash::phc::PasswordHash::new(hash)
                .is_ok_and(|parsed| parsed.salt.is_some() && parsed.hash.is_some())
        }
        HashScheme::Sha512Crypt | HashScheme::Sha256Crypt => hash.split('$').count() >= 4,
        HashScheme::DjangoPbkdf2Sha256 => {
            let parts: Vec<&str> = hash.split('$').collect();
            parts.len() == 4
                && parts
                    .get(1)
                    .and_then(|n| n.parse::<u32>().ok())
                    .is_some_and(|n| n > 0)
                && parts.get(3).is_some_and(|key| {
                    base64::engine::general_purpose::STANDARD
                        .decode(key)
                        .is_ok()
                })
        }
    };
    if well_formed {
        Ok(())
    } else {
        Err(malformed())
    }
}
