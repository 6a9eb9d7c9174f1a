//! The pre sign-up event as it travels: what Cognito sends and reads back. Hooks never touch
//! these types; they see a [`SignUpRequest`](super::SignUpRequest) and return a
//! [`SignUpDecision`](super::SignUpDecision).

use crate::AttributeMap;
use crate::field::wire_object;

wire_object! {
    /// `request` of a pre sign-up event.
    pub struct Request {
        /// `userAttributes`: the submitted attributes (for federated users, those mapped from the
        /// identity provider).
        user_attributes: AttributeMap,
        /// `validationData` of `SignUp` / `AdminCreateUser`; `null` when none was sent.
        validation_data: AttributeMap,
        /// `clientMetadata` of the API call; absent when none was sent.
        client_metadata: AttributeMap,
    }
}

wire_object! {
    /// `response` of a pre sign-up event.
    pub struct Response {
        /// `autoConfirmUser`: confirm the user without a confirmation code.
        auto_confirm_user: bool,
        /// `autoVerifyEmail`: mark `email` as verified (it must be present).
        auto_verify_email: bool,
        /// `autoVerifyPhone`: mark `phone_number` as verified (it must be present).
        auto_verify_phone: bool,
    }
}
