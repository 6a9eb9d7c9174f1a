//! The pre token generation event as it travels, in all three versions. Hooks see a
//! [`TokenRequest`](super::TokenRequest) and return a [`TokenDecision`](super::TokenDecision).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{AttributeMap, Field};

/// `request` of a pre token generation event (versions 1, 2 and 3).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// `userAttributes`; empty or absent for a machine client (`TokenGeneration_ClientCredentials`).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_attributes: Field<AttributeMap>,
    /// `groupConfiguration`: the user's groups and IAM roles; may be `null`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub group_configuration: Field<GroupConfiguration>,
    /// `clientMetadata` of `(Admin)RespondToAuthChallenge`, or `aws_client_metadata` for a
    /// machine client.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub client_metadata: Field<AttributeMap>,
    /// `scopes` (version 2 and 3): the scopes requested and allowed for the app client.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub scopes: Field<Vec<String>>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `groupConfiguration`, and the `groupOverrideDetails` of a response.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupConfiguration {
    /// `groupsToOverride`: group names.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub groups_to_override: Field<Vec<String>>,
    /// `iamRolesToOverride`: IAM role ARNs.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub iam_roles_to_override: Field<Vec<String>>,
    /// `preferredRole`: a role ARN, usually `null`. Kept as JSON: a documented sample sends an
    /// array here.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub preferred_role: Field<Value>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `response` of a pre token generation event: one of the two members, by version.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// `claimsOverrideDetails` (version 1).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub claims_override_details: Field<ClaimsOverrideDetails>,
    /// `claimsAndScopeOverrideDetails` (versions 2 and 3).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub claims_and_scope_override_details: Field<ClaimsAndScopeOverrideDetails>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `claimsOverrideDetails` (version 1): ID-token claims and the group override.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimsOverrideDetails {
    /// `claimsToAddOrOverride`: string values only in version 1.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub claims_to_add_or_override: Field<Map<String, Value>>,
    /// `claimsToSuppress`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub claims_to_suppress: Field<Vec<String>>,
    /// `groupOverrideDetails`: replaces the groups; an empty one removes them.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub group_override_details: Field<GroupConfiguration>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `claimsAndScopeOverrideDetails` (versions 2 and 3).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimsAndScopeOverrideDetails {
    /// `idTokenGeneration`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub id_token_generation: Field<TokenGeneration>,
    /// `accessTokenGeneration`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub access_token_generation: Field<TokenGeneration>,
    /// `groupOverrideDetails`: replaces the groups; an empty one removes them.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub group_override_details: Field<GroupConfiguration>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `idTokenGeneration` / `accessTokenGeneration`: the changes to one token.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenGeneration {
    /// `claimsToAddOrOverride`: string, number, boolean, array or object values.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub claims_to_add_or_override: Field<Map<String, Value>>,
    /// `claimsToSuppress`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub claims_to_suppress: Field<Vec<String>>,
    /// `scopesToAdd` (access token only).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub scopes_to_add: Field<Vec<String>>,
    /// `scopesToSuppress` (access token only).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub scopes_to_suppress: Field<Vec<String>>,
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
