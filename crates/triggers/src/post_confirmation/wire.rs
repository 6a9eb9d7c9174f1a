//! The post confirmation event as it travels. Hooks see a
//! [`ConfirmationRequest`](super::ConfirmationRequest) instead.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{AttributeMap, Field};

/// `request` of a post confirmation event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// `userAttributes`: the confirmed user's attributes, with `sub` and `cognito:user_status`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_attributes: Field<AttributeMap>,
    /// `clientMetadata` of `ConfirmSignUp`, `AdminConfirmSignUp`, `ConfirmForgotPassword` or
    /// `SignUp`; absent when none was sent.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub client_metadata: Field<AttributeMap>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
