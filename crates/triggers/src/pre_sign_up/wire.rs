//! The pre sign-up event as it travels: what Cognito sends and reads back. Hooks never touch
//! these types; they see a [`SignUpRequest`](super::SignUpRequest) and return a
//! [`SignUpDecision`](super::SignUpDecision).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{AttributeMap, Field};

/// `request` of a pre sign-up event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// `userAttributes`: the submitted attributes (for federated users, those mapped from the
    /// identity provider).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_attributes: Field<AttributeMap>,
    /// `validationData` of `SignUp` / `AdminCreateUser`; `null` when none was sent.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub validation_data: Field<AttributeMap>,
    /// `clientMetadata` of the API call; absent when none was sent.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub client_metadata: Field<AttributeMap>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `response` of a pre sign-up event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// `autoConfirmUser`: confirm the user without a confirmation code.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub auto_confirm_user: Field<bool>,
    /// `autoVerifyEmail`: mark `email` as verified (it must be present).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub auto_verify_email: Field<bool>,
    /// `autoVerifyPhone`: mark `phone_number` as verified (it must be present).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub auto_verify_phone: Field<bool>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
