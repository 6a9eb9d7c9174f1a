//! The custom message event as it travels. Hooks never touch these types; they see a
//! [`MessageRequest`](super::MessageRequest) and return a [`Message`](super::Message).

use crate::AttributeMap;
use crate::field::wire_object;

wire_object! {
    /// `request` of a custom message event.
    pub struct Request {
        /// `userAttributes`: the user's current attributes.
        user_attributes: AttributeMap,
        /// `codeParameter`: the placeholder Cognito replaces with the code (`{####}`; `####` in
        /// old events). For `AdminCreateUser` it stands for the temporary password.
        code_parameter: String,
        /// `linkParameter`: the verification link placeholder (`{##Click Here##}`).
        link_parameter: String,
        /// `usernameParameter`: the username placeholder (`{username}`), for `AdminCreateUser`.
        username_parameter: String,
        /// `clientMetadata` of the API call; absent when none was sent (and for sign-in MFA).
        client_metadata: AttributeMap,
    }
}

wire_object! {
    /// `response` of a custom message event; `null` members mean "the pool's own message".
    pub struct Response {
        /// `smsMessage`.
        sms_message: String,
        /// `emailMessage`.
        email_message: String,
        /// `emailSubject`.
        email_subject: String,
    }
}
