//! The post authentication event as it travels. Hooks see a
//! [`PostAuthRequest`](super::PostAuthRequest) instead.

use crate::AttributeMap;
use crate::field::wire_object;

wire_object! {
    /// `request` of a post authentication event.
    pub struct Request {
        /// `userAttributes` of the signed-in user.
        user_attributes: AttributeMap,
        /// `newDeviceUsed`: set only when the pool remembers devices (`Always` or `User Opt-In`).
        new_device_used: bool,
        /// `clientMetadata` of `(Admin)RespondToAuthChallenge`; never from `InitiateAuth`.
        client_metadata: AttributeMap,
    }
}
