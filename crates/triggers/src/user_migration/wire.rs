//! The user migration event as it travels. Hooks never touch these types; they see a
//! [`MigrationRequest`](super::MigrationRequest) and return a
//! [`MigrationDecision`](super::MigrationDecision).

use serde_json::Value;

use crate::field::wire_object;
use crate::{AttributeMap, Secret};

wire_object! {
    /// `request` of a user migration event.
    pub struct Request {
        /// `password`: typed at sign-in; never sent for `UserMigration_ForgotPassword`. Set to
        /// `null` in the event the function returns.
        password: Secret,
        /// `validationData`: at sign-in, the `ClientMetadata` of `InitiateAuth` arrives here.
        validation_data: AttributeMap,
        /// `clientMetadata` of `ForgotPassword` / `AdminRespondToAuthChallenge`.
        client_metadata: AttributeMap,
        /// `userAttributes`: sent as `null` by Cognito; kept as received.
        user_attributes: Value,
    }
}

wire_object! {
    /// `response` of a user migration event.
    pub struct Response {
        /// `userAttributes` of the new user; required to migrate. Values are strings.
        user_attributes: AttributeMap,
        /// `finalUserStatus`: `CONFIRMED` or `RESET_REQUIRED`.
        final_user_status: String,
        /// `messageAction`: `SUPPRESS` or `RESEND`.
        message_action: String,
        /// `desiredDeliveryMediums`: `EMAIL`, `SMS`.
        desired_delivery_mediums: Vec<String>,
        /// `forceAliasCreation`.
        force_alias_creation: bool,
        /// `enableSMSMFA`.
        enable_sms_mfa as "enableSMSMFA": bool,
    }
}
