//! The define auth challenge event as it travels, and the session entries the create auth
//! challenge event shares. Hooks see a [`DefineChallengeRequest`](super::DefineChallengeRequest).

use crate::AttributeMap;
use crate::field::wire_object;

use super::ChallengeName;

wire_object! {
    /// `request` of a define auth challenge event.
    pub struct Request {
        /// `userAttributes` of the user signing in.
        user_attributes: AttributeMap,
        /// `session`: the challenges so far, oldest first; `null` or `[]` on the first call.
        session: Vec<ChallengeResult>,
        /// `clientMetadata` of `(Admin)RespondToAuthChallenge`.
        client_metadata: AttributeMap,
        /// `userNotFound`: sent when the app client prevents user existence errors.
        user_not_found: bool,
    }
}

wire_object! {
    /// One entry of `session`.
    pub struct ChallengeResult {
        /// `challengeName`: `SRP_A`, `PASSWORD_VERIFIER`, `CUSTOM_CHALLENGE`, … or a name not
        /// known yet.
        challenge_name: ChallengeName,
        /// `challengeResult`: whether the user passed it.
        challenge_result: bool,
        /// `challengeMetadata`: what create auth challenge set (custom challenges only).
        challenge_metadata: String,
    }
}

wire_object! {
    /// `response` of a define auth challenge event.
    pub struct Response {
        /// `challengeName`: the next challenge.
        challenge_name: String,
        /// `issueTokens`: the user is authenticated.
        issue_tokens: bool,
        /// `failAuthentication`: end the sign-in with an error.
        fail_authentication: bool,
    }
}
