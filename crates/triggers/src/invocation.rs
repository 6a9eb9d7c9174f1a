//! What every hook request knows about its invocation: user, pool, region and app client.

use crate::event::TriggerEvent;

/// The envelope facts shared by every hook request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Invocation {
    pub(crate) user_name: String,
    pub(crate) user_pool_id: String,
    pub(crate) region: String,
    pub(crate) client_id: Option<String>,
}

impl Invocation {
    pub(crate) fn of<S, Req, Resp>(event: &TriggerEvent<S, Req, Resp>) -> Self {
        Self {
            user_name: event.user_name().to_owned(),
            user_pool_id: event.user_pool_id.as_option().cloned().unwrap_or_default(),
            region: event.region.as_option().cloned().unwrap_or_default(),
            client_id: event.client_id().map(str::to_owned),
        }
    }
}

/// Accessors for the [`Invocation`] every request view holds in a field named `invocation`.
macro_rules! invocation_accessors {
    () => {
        /// The user name: a generated UUID in pools that sign in by email or phone, whatever
        /// the caller typed for user migration, `<Provider>_<id>` for federated users.
        pub fn username(&self) -> &str {
            &self.invocation.user_name
        }

        /// The user pool ID, e.g. `us-east-1_EXAMPLE`.
        pub fn user_pool_id(&self) -> &str {
            &self.invocation.user_pool_id
        }

        /// The AWS Region of the user pool.
        pub fn region(&self) -> &str {
            &self.invocation.region
        }

        /// The app client ID of the API call, when Cognito sent one.
        pub fn client_id(&self) -> Option<&str> {
            self.invocation.client_id.as_deref()
        }
    };
}

pub(crate) use invocation_accessors;
