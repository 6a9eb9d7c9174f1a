//! Cognito's rules for a pre token generation response: which claims may be added, changed or
//! suppressed, scope syntax, the group limit and the response size.
//!
//! Source: the pre token generation Lambda trigger page of the Cognito Developer Guide
//! (`user-pool-lambda-pre-token-generation`), which lists the reserved claims, the `cognito:`
//! and `dev:` prefixes and the rules on `aud`; RFC 6749 §3.3 for the scope syntax; Lambda's
//! quotas page for the 6 MB synchronous response.

use std::fmt;

use serde_json::Value;

/// Claims no pre token generation response may add, change or suppress (besides every other
/// `cognito:` claim; `aud` may be added to the access token with the app client ID only).
pub const RESERVED_CLAIMS: &[&str] = &[
    "username",
    "sub",
    "identities",
    "client_id",
    "event_id",
    "device_key",
    "version",
    "acr",
    "amr",
    "at_hash",
    "auth_time",
    "azp",
    "exp",
    "iat",
    "iss",
    "jti",
    "nbf",
    "nonce",
    "origin_jti",
    "token_use",
];

/// ID-token claims whose values must not be arrays or objects.
pub const SIMPLE_ID_CLAIMS: &[&str] = &[
    "phone_number_verified",
    "email_verified",
    "updated_at",
    "address",
];

/// The most groups a user can belong to, so the most a group override may name.
pub const MAX_GROUPS: usize = 100;

/// Lambda's limit on a synchronous response, which the returned event must fit in.
pub const MAX_RESPONSE_BYTES: usize = 6 * 1024 * 1024;

/// Which token a claim change is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Token {
    /// The ID token.
    Id,
    /// The access token.
    Access,
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Token::Id => "ID",
            Token::Access => "access",
        })
    }
}

/// A pre token generation decision Cognito would refuse.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenViolation {
    /// A claim with an empty name.
    EmptyClaimName {
        /// The token.
        token: Token,
    },
    /// A claim of [`RESERVED_CLAIMS`] added, changed or suppressed.
    ReservedClaim {
        /// The claim.
        claim: String,
        /// The token.
        token: Token,
    },
    /// A `cognito:` claim added, changed or suppressed (but `cognito:groups` may be suppressed).
    CognitoClaim {
        /// The claim.
        claim: String,
        /// The token.
        token: Token,
    },
    /// A `dev:` claim added: `dev:` claims can only be suppressed.
    DevClaimAdded {
        /// The claim.
        claim: String,
    },
    /// `aud` added to the ID token, or with another value than the app client ID.
    AudienceChanged {
        /// The token.
        token: Token,
    },
    /// `aud` suppressed.
    AudienceSuppressed {
        /// The token.
        token: Token,
    },
    /// A claim of [`SIMPLE_ID_CLAIMS`] given an array or object in the ID token.
    StructuredSimpleClaim {
        /// The claim.
        claim: String,
    },
    /// A version 1 response that changes the access token or scopes.
    AccessTokenInVersion1,
    /// A version 1 claim value that is not a string.
    NonStringInVersion1 {
        /// The claim.
        claim: String,
    },
    /// An event version other than 1, 2 or 3: the response shape is unknown.
    UnknownVersion {
        /// The version (at most 8 characters of it).
        version: String,
    },
    /// ID-token changes for a machine client (client credentials), which gets no ID token.
    IdTokenForMachineClient,
    /// A scope that is empty or has a space, a quote, a backslash or a non-ASCII character.
    InvalidScope,
    /// More groups than a user can belong to.
    TooManyGroups {
        /// The groups in the override.
        count: usize,
    },
    /// The returned event would exceed Lambda's response limit.
    ResponseTooLarge {
        /// Its size in bytes.
        bytes: usize,
    },
}

impl TokenViolation {
    /// A stable short name of the rule, for logs and filters.
    pub fn rule(&self) -> &'static str {
        match self {
            TokenViolation::EmptyClaimName { .. } => "empty_claim_name",
            TokenViolation::ReservedClaim { .. } => "reserved_claim",
            TokenViolation::CognitoClaim { .. } => "cognito_claim",
            TokenViolation::DevClaimAdded { .. } => "dev_claim_added",
            TokenViolation::AudienceChanged { .. } => "audience_changed",
            TokenViolation::AudienceSuppressed { .. } => "audience_suppressed",
            TokenViolation::StructuredSimpleClaim { .. } => "structured_simple_claim",
            TokenViolation::AccessTokenInVersion1 => "access_token_in_version_1",
            TokenViolation::NonStringInVersion1 { .. } => "non_string_in_version_1",
            TokenViolation::UnknownVersion { .. } => "unknown_version",
            TokenViolation::IdTokenForMachineClient => "id_token_for_machine_client",
            TokenViolation::InvalidScope => "invalid_scope",
            TokenViolation::TooManyGroups { .. } => "too_many_groups",
            TokenViolation::ResponseTooLarge { .. } => "response_too_large",
        }
    }
}

impl fmt::Display for TokenViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenViolation::EmptyClaimName { token } => {
                write!(f, "an empty claim name (in the {token} token)")
            }
            TokenViolation::ReservedClaim { claim, token } => write!(
                f,
                "`{claim}` cannot be added, changed or suppressed (in the {token} token)"
            ),
            TokenViolation::CognitoClaim { claim, token } => write!(
                f,
                "`{claim}`: `cognito:` claims cannot be changed; use the group override (in the {token} token)"
            ),
            TokenViolation::DevClaimAdded { claim } => {
                write!(f, "`{claim}`: `dev:` claims can only be suppressed")
            }
            TokenViolation::AudienceChanged { token } => write!(
                f,
                "`aud` may only be added to the access token, with the app client ID as value (in the {token} token)"
            ),
            TokenViolation::AudienceSuppressed { token } => {
                write!(f, "`aud` cannot be suppressed (in the {token} token)")
            }
            TokenViolation::StructuredSimpleClaim { claim } => {
                write!(f, "`{claim}` takes no array or object in the ID token")
            }
            TokenViolation::AccessTokenInVersion1 => f.write_str(
                "version 1 events change only the ID token and the groups; access-token claims and scopes need version 2 or 3",
            ),
            TokenViolation::NonStringInVersion1 { claim } => {
                write!(f, "`{claim}`: version 1 claim values must be strings")
            }
            TokenViolation::UnknownVersion { version } => write!(
                f,
                "event version `{version}` is not 1, 2 or 3: the response shape is unknown"
            ),
            TokenViolation::IdTokenForMachineClient => {
                f.write_str("a machine client (client credentials) gets no ID token")
            }
            TokenViolation::InvalidScope => f.write_str(
                "a scope is empty or has a space, a quote, a backslash or a non-ASCII character",
            ),
            TokenViolation::TooManyGroups { count } => write!(
                f,
                "{count} groups in the override; a user belongs to at most {MAX_GROUPS}"
            ),
            TokenViolation::ResponseTooLarge { bytes } => write!(
                f,
                "the returned event would be {bytes} bytes, over Lambda's {MAX_RESPONSE_BYTES}"
            ),
        }
    }
}

impl std::error::Error for TokenViolation {}

/// The rules on a claim name common to adding and suppressing.
fn check_claim_name(token: Token, name: &str) -> Result<(), TokenViolation> {
    if name.is_empty() {
        return Err(TokenViolation::EmptyClaimName { token });
    }
    if RESERVED_CLAIMS.contains(&name) {
        return Err(TokenViolation::ReservedClaim {
            claim: name.to_owned(),
            token,
        });
    }
    if name.starts_with("cognito:") {
        return Err(TokenViolation::CognitoClaim {
            claim: name.to_owned(),
            token,
        });
    }
    Ok(())
}

/// Checks one claim added to (or changed in) `token`; `client_id` is the event's app client.
///
/// # Errors
///
/// The rule the claim breaks.
pub fn check_added_claim(
    token: Token,
    name: &str,
    value: &Value,
    client_id: Option<&str>,
) -> Result<(), TokenViolation> {
    check_claim_name(token, name)?;
    if name.starts_with("dev:") {
        return Err(TokenViolation::DevClaimAdded {
            claim: name.to_owned(),
        });
    }
    if name == "aud" && (token == Token::Id || value.as_str() != client_id) {
        return Err(TokenViolation::AudienceChanged { token });
    }
    if token == Token::Id
        && SIMPLE_ID_CLAIMS.contains(&name)
        && (value.is_array() || value.is_object())
    {
        return Err(TokenViolation::StructuredSimpleClaim {
            claim: name.to_owned(),
        });
    }
    Ok(())
}

/// Checks one claim suppressed from `token` (`cognito:groups` may be: it removes the roles too).
///
/// # Errors
///
/// The rule the suppression breaks.
pub fn check_suppressed_claim(token: Token, name: &str) -> Result<(), TokenViolation> {
    if name != "cognito:groups" {
        check_claim_name(token, name)?;
    }
    if name == "aud" {
        return Err(TokenViolation::AudienceSuppressed { token });
    }
    Ok(())
}

/// Checks RFC 6749 scope-token syntax: printable ASCII without space, `"` or `\`.
///
/// # Errors
///
/// [`TokenViolation::InvalidScope`].
pub fn check_scope(scope: &str) -> Result<(), TokenViolation> {
    let valid = !scope.is_empty()
        && scope
            .bytes()
            .all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b));
    if valid {
        Ok(())
    } else {
        Err(TokenViolation::InvalidScope)
    }
}

/// Checks the number of groups in a group override.
///
/// # Errors
///
/// [`TokenViolation::TooManyGroups`] over [`MAX_GROUPS`].
pub fn check_group_count(count: usize) -> Result<(), TokenViolation> {
    if count > MAX_GROUPS {
        return Err(TokenViolation::TooManyGroups { count });
    }
    Ok(())
}

/// Checks the size of the returned event.
///
/// # Errors
///
/// [`TokenViolation::ResponseTooLarge`] over [`MAX_RESPONSE_BYTES`].
pub fn check_response_size(bytes: usize) -> Result<(), TokenViolation> {
    if bytes > MAX_RESPONSE_BYTES {
        return Err(TokenViolation::ResponseTooLarge { bytes });
    }
    Ok(())
}
