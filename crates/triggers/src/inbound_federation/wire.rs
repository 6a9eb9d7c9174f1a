//! The inbound federation event as it travels. Hooks see a
//! [`FederationRequest`](super::FederationRequest).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::AttributeMap;
use crate::field::wire_object;

wire_object! {
    /// `request` of an inbound federation event.
    pub struct Request {
        /// `providerName`: the identity provider's name in the pool.
        provider_name: String,
        /// `providerType`: `OIDC`, `SAML`, `Facebook`, `Google`, `SignInWithApple`,
        /// `LoginWithAmazon`, or a type not known yet.
        provider_type: String,
        /// `attributes`: what the provider sent, verified by Cognito.
        attributes: ProviderAttributes,
    }
}

wire_object! {
    /// `request.attributes`: the provider's response, by kind.
    pub struct ProviderAttributes {
        /// `tokenResponse` (OIDC and social): the provider's live tokens, a secret.
        token_response: TokenResponse,
        /// `idToken` (OIDC and social): the validated ID token's claims.
        id_token: AttributeMap,
        /// `userInfo` (OIDC and social): the UserInfo answer; may be empty.
        user_info: AttributeMap,
        /// `samlResponse` (SAML): the assertion's attributes, multi-valued ones joined.
        saml_response: AttributeMap,
    }
}

wire_object! {
    /// `response` of an inbound federation event.
    pub struct Response {
        /// `userAttributesToMap`: the provider attributes to keep; `{}` keeps them all.
        user_attributes_to_map: AttributeMap,
    }
}

/// `tokenResponse`: the provider's access, ID and refresh tokens. `Debug` prints
/// `TokenResponse([redacted])`; read it with [`TokenResponse::expose`]. Written back unchanged.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TokenResponse(Map<String, Value>);

impl TokenResponse {
    /// The token response as sent. Never log it.
    pub fn expose(&self) -> &Map<String, Value> {
        &self.0
    }
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenResponse([redacted])")
    }
}
