//! The pre authentication event as it travels. Hooks see a
//! [`PreAuthRequest`](super::PreAuthRequest) instead.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{AttributeMap, Field};

/// `request` of a pre authentication event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// `userAttributes` of the user signing in.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_attributes: Field<AttributeMap>,
    /// `validationData`: the `ClientMetadata` of `InitiateAuth` / `AdminInitiateAuth`; `null`
    /// when none was sent.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub validation_data: Field<AttributeMap>,
    /// `userNotFound`: sent only when the app client prevents user existence errors.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_not_found: Field<bool>,
    /// `clientMetadata`: not documented for this trigger, kept when sent.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub client_metadata: Field<AttributeMap>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
