//! The custom message event as it travels. Hooks never touch these types; they see a
//! [`MessageRequest`](super::MessageRequest) and return a [`Message`](super::Message).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{AttributeMap, Field};

/// `request` of a custom message event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// `userAttributes`: the user's current attributes.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_attributes: Field<AttributeMap>,
    /// `codeParameter`: the placeholder Cognito replaces with the code (`{####}`; `####` in old
    /// events). For `AdminCreateUser` it stands for the temporary password.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub code_parameter: Field<String>,
    /// `linkParameter`: the verification link placeholder (`{##Click Here##}`).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub link_parameter: Field<String>,
    /// `usernameParameter`: the username placeholder (`{username}`), for `AdminCreateUser`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub username_parameter: Field<String>,
    /// `clientMetadata` of the API call; absent when none was sent (and for sign-in MFA).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub client_metadata: Field<AttributeMap>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `response` of a custom message event; `null` members mean "the pool's own message".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// `smsMessage`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub sms_message: Field<String>,
    /// `emailMessage`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub email_message: Field<String>,
    /// `emailSubject`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub email_subject: Field<String>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
