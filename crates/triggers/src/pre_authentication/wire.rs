//! The pre authentication event as it travels. Hooks see a
//! [`PreAuthRequest`](super::PreAuthRequest) instead.

use crate::AttributeMap;
use crate::field::wire_object;

wire_object! {
    /// `request` of a pre authentication event.
    pub struct Request {
        /// `userAttributes` of the user signing in.
        user_attributes: AttributeMap,
        /// `validationData`: the `ClientMetadata` of `InitiateAuth` / `AdminInitiateAuth`; `null`
        /// when none was sent.
        validation_data: AttributeMap,
        /// `userNotFound`: sent only when the app client prevents user existence errors.
        user_not_found: bool,
        /// `clientMetadata`: not documented for this trigger, kept when sent.
        client_metadata: AttributeMap,
    }
}
