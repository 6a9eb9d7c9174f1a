//! [`Invocation`]: what every request view knows about the API call behind it.

use crate::event::TriggerEvent;

/// The envelope facts every request view shares: user, pool, region and app client — the
/// counterpart of the Lambda [`Context`](crate::Context) for the Cognito side of the call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Invocation {
    user_name: String,
    user_pool_id: String,
    region: String,
    client_id: Option<String>,
}

impl Invocation {
    /// The facts of `event`'s envelope; absent members read as empty.
    pub fn of<S, Req, Resp>(event: &TriggerEvent<S, Req, Resp>) -> Self {
        Self {
            user_name: event.user_name().to_owned(),
            user_pool_id: event.user_pool_id.as_option().cloned().unwrap_or_default(),
            region: event.region.as_option().cloned().unwrap_or_default(),
            client_id: event.client_id().map(str::to_owned),
        }
    }

    /// The user name (`userName`): a generated UUID in pools that sign in by email or phone,
    /// `<Provider>_<id>` for federated users, and for user migration whatever the caller typed
    /// (possibly an email alias).
    pub fn username(&self) -> &str {
        &self.user_name
    }

    /// The user pool ID, e.g. `us-east-1_EXAMPLE`.
    pub fn user_pool_id(&self) -> &str {
        &self.user_pool_id
    }

    /// The AWS Region of the user pool.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The app client ID of the API call, when Cognito sent one.
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }
}
