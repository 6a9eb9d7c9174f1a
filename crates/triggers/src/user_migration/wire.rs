//! The user migration event as it travels. Hooks never touch these types; they see a
//! [`MigrationRequest`](super::MigrationRequest) and return a
//! [`MigrationDecision`](super::MigrationDecision).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{AttributeMap, Field, Secret};

/// `request` of a user migration event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// `password`: typed at sign-in; never sent for `UserMigration_ForgotPassword`. Set to
    /// `null` in the event the function returns.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub password: Field<Secret>,
    /// `validationData`: at sign-in, the `ClientMetadata` of `InitiateAuth` arrives here.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub validation_data: Field<AttributeMap>,
    /// `clientMetadata` of `ForgotPassword` / `AdminRespondToAuthChallenge`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub client_metadata: Field<AttributeMap>,
    /// `userAttributes`: sent as `null` by Cognito; kept as received.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_attributes: Field<Value>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `response` of a user migration event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// `userAttributes` of the new user; required to migrate. Values are strings.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_attributes: Field<AttributeMap>,
    /// `finalUserStatus`: `CONFIRMED` or `RESET_REQUIRED`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub final_user_status: Field<String>,
    /// `messageAction`: `SUPPRESS` or `RESEND`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub message_action: Field<String>,
    /// `desiredDeliveryMediums`: `EMAIL`, `SMS`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub desired_delivery_mediums: Field<Vec<String>>,
    /// `forceAliasCreation`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub force_alias_creation: Field<bool>,
    /// `enableSMSMFA`.
    #[serde(
        default,
        rename = "enableSMSMFA",
        skip_serializing_if = "Field::is_absent"
    )]
    pub enable_sms_mfa: Field<bool>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
