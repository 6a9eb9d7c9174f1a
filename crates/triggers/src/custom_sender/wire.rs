//! The custom email and SMS sender events as they travel. Hooks see a
//! [`SenderRequest`](super::SenderRequest) with the code already decrypted instead.

use crate::AttributeMap;
use crate::field::wire_object;

use super::EncryptedCode;

wire_object! {
    /// `request` of a custom email or SMS sender event (both share it). The event has no
    /// `response`: Cognito reads nothing back.
    pub struct Request {
        /// `type`: `customEmailSenderRequestV1` or `customSMSSenderRequestV1`.
        request_type as "type": String,
        /// `code`: the code or temporary password, as an AWS Encryption SDK message in base64;
        /// `null` for account takeover notifications.
        code: EncryptedCode,
        /// `clientMetadata` of the API call; `null` in most real events, and never sent for
        /// account takeover notifications.
        client_metadata: AttributeMap,
        /// `userAttributes`: the user's attributes; for account takeover notifications the event's
        /// details (`EVENT_ID`, `IP_ADDRESS`, `ACCOUNT_TAKE_OVER_ACTION`, `LOGIN_TIME`, …).
        user_attributes: AttributeMap,
    }
}
