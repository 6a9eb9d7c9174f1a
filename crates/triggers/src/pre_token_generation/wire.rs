//! The pre token generation event as it travels, in all three versions. Hooks see a
//! [`TokenRequest`](super::TokenRequest) and return a [`TokenDecision`](super::TokenDecision).

use serde_json::{Map, Value};

use crate::AttributeMap;
use crate::field::wire_object;

wire_object! {
    /// `request` of a pre token generation event (versions 1, 2 and 3).
    pub struct Request {
        /// `userAttributes`; empty or absent for a machine client (`TokenGeneration_ClientCredentials`).
        user_attributes: AttributeMap,
        /// `groupConfiguration`: the user's groups and IAM roles; may be `null`.
        group_configuration: GroupConfiguration,
        /// `clientMetadata` of `(Admin)RespondToAuthChallenge`, or `aws_client_metadata` for a
        /// machine client.
        client_metadata: AttributeMap,
        /// `scopes` (version 2 and 3): the scopes requested and allowed for the app client.
        scopes: Vec<String>,
    }
}

wire_object! {
    /// `groupConfiguration`, and the `groupOverrideDetails` of a response.
    pub struct GroupConfiguration {
        /// `groupsToOverride`: group names.
        groups_to_override: Vec<String>,
        /// `iamRolesToOverride`: IAM role ARNs.
        iam_roles_to_override: Vec<String>,
        /// `preferredRole`: a role ARN, usually `null`. Kept as JSON: a documented sample sends an
        /// array here.
        preferred_role: Value,
    }
}

wire_object! {
    /// `response` of a pre token generation event: one of the two members, by version.
    pub struct Response {
        /// `claimsOverrideDetails` (version 1).
        claims_override_details: ClaimsOverrideDetails,
        /// `claimsAndScopeOverrideDetails` (versions 2 and 3).
        claims_and_scope_override_details: ClaimsAndScopeOverrideDetails,
    }
}

wire_object! {
    /// `claimsOverrideDetails` (version 1): ID-token claims and the group override.
    pub struct ClaimsOverrideDetails {
        /// `claimsToAddOrOverride`: string values only in version 1.
        claims_to_add_or_override: Map<String, Value>,
        /// `claimsToSuppress`.
        claims_to_suppress: Vec<String>,
        /// `groupOverrideDetails`: replaces the groups; an empty one removes them.
        group_override_details: GroupConfiguration,
    }
}

wire_object! {
    /// `claimsAndScopeOverrideDetails` (versions 2 and 3).
    pub struct ClaimsAndScopeOverrideDetails {
        /// `idTokenGeneration`.
        id_token_generation: TokenGeneration,
        /// `accessTokenGeneration`.
        access_token_generation: TokenGeneration,
        /// `groupOverrideDetails`: replaces the groups; an empty one removes them.
        group_override_details: GroupConfiguration,
    }
}

wire_object! {
    /// `idTokenGeneration` / `accessTokenGeneration`: the changes to one token.
    pub struct TokenGeneration {
        /// `claimsToAddOrOverride`: string, number, boolean, array or object values.
        claims_to_add_or_override: Map<String, Value>,
        /// `claimsToSuppress`.
        claims_to_suppress: Vec<String>,
        /// `scopesToAdd` (access token only).
        scopes_to_add: Vec<String>,
        /// `scopesToSuppress` (access token only).
        scopes_to_suppress: Vec<String>,
    }
}
