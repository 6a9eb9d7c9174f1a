//! The post authentication event as it travels. Hooks see a
//! [`PostAuthRequest`](super::PostAuthRequest) instead.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{AttributeMap, Field};

/// `request` of a post authentication event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// `userAttributes` of the signed-in user.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_attributes: Field<AttributeMap>,
    /// `newDeviceUsed`: set only when the pool remembers devices (`Always` or `User Opt-In`).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub new_device_used: Field<bool>,
    /// `clientMetadata` of `(Admin)RespondToAuthChallenge`; never from `InitiateAuth`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub client_metadata: Field<AttributeMap>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
