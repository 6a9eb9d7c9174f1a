//! [`Simulator`]: the pool, its state, the clock and the configured triggers.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::clock::{Clock, SystemClock};
use crate::error::{CognitoError, ExceptionType};
use cognito_triggers::CognitoDefault;

use crate::hooks::TriggerInvocation;
use crate::pool::{AppClient, Pool, User, fold};
use crate::state::{DeliveredMessage, State};
use crate::validate::{Violations, client_id_ok, secret_hash_ok, username_ok};

/// Runs Cognito's ForgotPassword and ConfirmForgotPassword against a [`Pool`], invoking the
/// configured triggers through their event JSON exactly as Cognito would.
///
/// Type parameters are the user migration (`M`), custom message (`C`) and post confirmation
/// (`P`) hooks; [`CognitoDefault`] stands for a trigger that is not configured.
///
/// ```
/// use cognito_simulator::{ForgotPasswordRequest, Pool, Simulator};
/// use cognito_triggers::user_migration::{self, MigratedUser, MigrationDecision};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
/// let mut sim = Simulator::new(Pool::demo()?).with_user_migration(user_migration::from_fn(|_| async {
///     Ok(MigrationDecision::Migrate(MigratedUser::new([
///         ("email", "legacy.user@example.com"),
///         ("email_verified", "true"),
///     ])))
/// }));
/// let request = ForgotPasswordRequest::new("1example23456789", "legacy.user@example.com");
/// let response = sim.forgot_password(request).await?;
/// assert_eq!(response.code_delivery_details.destination, "l***@e***");
/// assert!(sim.report().migrated.is_some());
/// assert!(sim.outbox()[0].body.contains(&sim.state().pending_code("legacy.user@example.com").unwrap().code));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Simulator<M = CognitoDefault, C = CognitoDefault, P = CognitoDefault> {
    pub(crate) pool: Pool,
    pub(crate) state: State,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) user_migration: Option<M>,
    pub(crate) custom_message: Option<C>,
    pub(crate) post_confirmation: Option<P>,
    pub(crate) report: CallReport,
}

/// What happened during the last call, beyond the API response.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallReport {
    /// Every trigger invocation, in order.
    pub invocations: Vec<TriggerInvocation>,
    /// The user created by `UserMigration_ForgotPassword`, if one was.
    pub migrated: Option<User>,
    /// The message delivered, if one was.
    pub delivered: Option<DeliveredMessage>,
    /// Whether the response was simulated (`PreventUserExistenceErrors` ENABLED): nothing sent.
    pub simulated: bool,
    /// Remarks, e.g. a custom message replaced by the pool's template.
    pub notes: Vec<String>,
}

impl Simulator {
    /// A simulator for `pool` with no triggers, an empty state and the system clock.
    pub fn new(pool: Pool) -> Self {
        let state = State::new(pool.id.clone());
        Self {
            pool,
            state,
            clock: Arc::new(SystemClock),
            user_migration: None,
            custom_message: None,
            post_confirmation: None,
            report: CallReport::default(),
        }
    }
}

impl<M, C, P> Simulator<M, C, P> {
    /// Uses `hook` as the user migration trigger.
    pub fn with_user_migration<M2>(self, hook: M2) -> Simulator<M2, C, P> {
        Simulator {
            pool: self.pool,
            state: self.state,
            clock: self.clock,
            user_migration: Some(hook),
            custom_message: self.custom_message,
            post_confirmation: self.post_confirmation,
            report: self.report,
        }
    }

    /// Uses `hook` as the custom message trigger.
    pub fn with_custom_message<C2>(self, hook: C2) -> Simulator<M, C2, P> {
        Simulator {
            pool: self.pool,
            state: self.state,
            clock: self.clock,
            user_migration: self.user_migration,
            custom_message: Some(hook),
            post_confirmation: self.post_confirmation,
            report: self.report,
        }
    }

    /// Uses `hook` as the post confirmation trigger.
    pub fn with_post_confirmation<P2>(self, hook: P2) -> Simulator<M, C, P2> {
        Simulator {
            pool: self.pool,
            state: self.state,
            clock: self.clock,
            user_migration: self.user_migration,
            custom_message: self.custom_message,
            post_confirmation: Some(hook),
            report: self.report,
        }
    }

    /// Starts from a saved state (see [`State::load`]).
    pub fn with_state(mut self, state: State) -> Self {
        self.state = state;
        self
    }

    /// Reads the time from `clock` (for code expiry).
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The pool.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The current state: created and changed users, pending codes, outbox.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Consumes the simulator and returns its state, to save it.
    pub fn into_state(self) -> State {
        self.state
    }

    /// Every delivered message, oldest first.
    pub fn outbox(&self) -> &[DeliveredMessage] {
        &self.state.outbox
    }

    /// What happened during the last call.
    pub fn report(&self) -> &CallReport {
        &self.report
    }

    /// Every user: the state's created or changed users, then the pool file's other users.
    pub fn users(&self) -> impl Iterator<Item = &User> {
        let sensitive = self.pool.username_case_sensitive;
        let changed: Vec<String> = self
            .state
            .users
            .iter()
            .map(|u| fold(&u.username, sensitive))
            .collect();
        self.state.users.iter().chain(
            self.pool
                .users
                .iter()
                .filter(move |u| !changed.contains(&fold(&u.username, sensitive))),
        )
    }

    /// The user that `name` designates, as Cognito resolves `Username`: the username, the
    /// `sub`, an email or phone number used as username attribute, or an alias (verified email,
    /// verified phone number, preferred_username) of the pool's `aliasAttributes`.
    pub fn user(&self, name: &str) -> Option<&User> {
        let sensitive = self.pool.username_case_sensitive;
        let wanted = fold(name, sensitive);
        let same = |value: Option<&str>| value.is_some_and(|v| fold(v, sensitive) == wanted);
        if let Some(user) = self
            .users()
            .find(|u| fold(&u.username, sensitive) == wanted)
        {
            return Some(user);
        }
        if let Some(user) = self.users().find(|u| u.attribute("sub") == Some(name)) {
            return Some(user);
        }
        for attribute in &self.pool.username_attributes {
            if let Some(user) = self
                .users()
                .find(|u| same(u.attribute(attribute.attribute())))
            {
                return Some(user);
            }
        }
        for alias in &self.pool.alias_attributes {
            let found = self.users().find(|u| {
                same(u.attribute(alias.attribute()))
                    && alias.verified_flag().is_none_or(|flag| u.is_verified(flag))
            });
            if let Some(user) = found {
                return Some(user);
            }
        }
        None
    }

    /// Stores a created or changed user in the state.
    pub(crate) fn upsert_user(&mut self, user: User) {
        match self
            .state
            .users
            .iter_mut()
            .find(|u| u.username == user.username)
        {
            Some(existing) => *existing = user,
            None => self.state.users.push(user),
        }
    }

    /// Validates the common parameters, finds the app client and checks the `SecretHash`.
    pub(crate) fn check_client(
        &self,
        client_id: &str,
        username: &str,
        secret_hash: Option<&str>,
        extra: impl FnOnce(&mut Violations),
    ) -> Result<AppClient, CognitoError> {
        let mut v = Violations::default();
        if v.length("clientId", client_id, 1, 128) {
            v.pattern("clientId", client_id_ok(client_id), r"[\w+]+");
        }
        if v.length("username", username, 1, 128) {
            v.pattern(
                "username",
                username_ok(username),
                r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+",
            );
        }
        if let Some(hash) = secret_hash
            && v.length("secretHash", hash, 1, 128)
        {
            v.pattern("secretHash", secret_hash_ok(hash), r"[\w+=/]+");
        }
        extra(&mut v);
        v.into_result()?;
        let Some(client) = self.pool.client(client_id) else {
            return Err(CognitoError::new(
                ExceptionType::ResourceNotFoundException,
                format!("User pool client {client_id} does not exist."),
            ));
        };
        if let Some(secret) = &client.client_secret {
            let Some(hash) = secret_hash else {
                return Err(CognitoError::not_authorized(format!(
                    "Client {client_id} is configured for secret but secret was not received"
                )));
            };
            if !crate::secret_hash::verify(hash, username, client_id, secret) {
                return Err(CognitoError::not_authorized(format!(
                    "Unable to verify secret hash for client {client_id}"
                )));
            }
        }
        Ok(client.clone())
    }

    pub(crate) fn now_seconds(&self) -> u64 {
        crate::clock::unix_seconds(self.clock.now())
    }
}

impl<M, C, P> fmt::Debug for Simulator<M, C, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Simulator")
            .field("pool", &self.pool.id)
            .field("users", &self.users().count())
            .field("pending_codes", &self.state.pending_codes.len())
            .field("outbox", &self.state.outbox.len())
            .field("clock", &self.clock)
            .field("user_migration", &self.user_migration.is_some())
            .field("custom_message", &self.custom_message.is_some())
            .field("post_confirmation", &self.post_confirmation.is_some())
            .finish()
    }
}
