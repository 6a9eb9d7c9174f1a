//! The create auth challenge event as it travels. Hooks see a
//! [`CreateChallengeRequest`](super::CreateChallengeRequest).

use crate::AttributeMap;
use crate::define_auth_challenge::ChallengeName;
use crate::define_auth_challenge::wire::ChallengeResult;
use crate::field::wire_object;

use super::SecretMap;

wire_object! {
    /// `request` of a create auth challenge event.
    pub struct Request {
        /// `userAttributes` of the user signing in.
        user_attributes: AttributeMap,
        /// `challengeName`: the challenge define auth challenge asked for.
        challenge_name: ChallengeName,
        /// `session`: the challenges so far; `null` or `[]` before the first.
        session: Vec<ChallengeResult>,
        /// `clientMetadata` of `(Admin)RespondToAuthChallenge`.
        client_metadata: AttributeMap,
        /// `userNotFound`: sent when the app client prevents user existence errors.
        user_not_found: bool,
    }
}

wire_object! {
    /// `response` of a create auth challenge event.
    pub struct Response {
        /// `publicChallengeParameters`: sent to the app.
        public_challenge_parameters: AttributeMap,
        /// `privateChallengeParameters`: only verify auth challenge sees them (e.g. the code).
        private_challenge_parameters: SecretMap,
        /// `challengeMetadata` (not `challengeMetaData`): a name for this challenge in the session.
        challenge_metadata: String,
    }
}
