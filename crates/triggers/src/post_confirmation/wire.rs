//! The post confirmation event as it travels. Hooks see a
//! [`ConfirmationRequest`](super::ConfirmationRequest) instead.

use crate::AttributeMap;
use crate::field::wire_object;

wire_object! {
    /// `request` of a post confirmation event.
    pub struct Request {
        /// `userAttributes`: the confirmed user's attributes, with `sub` and `cognito:user_status`.
        user_attributes: AttributeMap,
        /// `clientMetadata` of `ConfirmSignUp`, `AdminConfirmSignUp`, `ConfirmForgotPassword` or
        /// `SignUp`; absent when none was sent.
        client_metadata: AttributeMap,
    }
}
