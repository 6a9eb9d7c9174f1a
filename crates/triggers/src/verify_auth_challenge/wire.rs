//! The verify auth challenge response event as it travels. Hooks see a
//! [`VerifyChallengeRequest`](super::VerifyChallengeRequest).

use crate::create_auth_challenge::SecretMap;
use crate::field::wire_object;
use crate::{AttributeMap, Secret};

wire_object! {
    /// `request` of a verify auth challenge response event.
    pub struct Request {
        /// `userAttributes` of the user signing in.
        user_attributes: AttributeMap,
        /// `privateChallengeParameters` create auth challenge set: secrets.
        private_challenge_parameters: SecretMap,
        /// `challengeAnswer`: what the user answered, a secret.
        challenge_answer: Secret,
        /// `clientMetadata` of `(Admin)RespondToAuthChallenge`.
        client_metadata: AttributeMap,
        /// `userNotFound`: sent when the app client prevents user existence errors.
        user_not_found: bool,
    }
}

wire_object! {
    /// `response` of a verify auth challenge response event.
    pub struct Response {
        /// `answerCorrect`; arrives as `null`.
        answer_correct: bool,
    }
}
