//! The pre token generation trigger, versions 1, 2 and 3: add, override and suppress claims of
//! the ID and access tokens, override the groups and IAM roles, add and suppress scopes.
//!
//! One hook serves every event version. The decision is written back in the shape of the
//! event's `version` (`"1"` → `claimsOverrideDetails`, `"2"`/`"3"` →
//! `claimsAndScopeOverrideDetails`), `groupOverrideDetails` only when the hook set a group
//! override (an empty override removes the user's groups), and it is checked first against
//! Cognito's rules: a decision that breaks one is a hook error logged with the rule, never a
//! response Cognito refuses.
//!
//! ```no_run
//! use cognito_triggers::pre_token_generation::{self, TokenDecision, TokenRequest};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     pre_token_generation::run(pre_token_generation::from_fn(|request: TokenRequest| async move {
//!         let mut decision = TokenDecision::keep();
//!         if let Some(tenant) = request.attribute("custom:tenant") {
//!             decision = decision.id_claim("tenant", tenant.into_owned());
//!         }
//!         Ok(decision)
//!     }))
//!     .await
//! }
//! ```

pub mod wire;

use std::fmt;
use std::future::Future;

use serde_json::{Map, Value};

use crate::Field;
use crate::HookError;
use crate::event::{Trigger, trigger_sources};
use crate::event::{TriggerEvent, Version};
use crate::glue::hook_glue;
use crate::lifecycle::{Decision, Event, OnTimeout};
use crate::rules::DecisionViolation;
use crate::rules::token::{self, Token, TokenViolation};
use crate::view::{UserContext, user_view};

trigger_sources! {
    /// Why the pre token generation trigger fired. The event `version` (not the source) says
    /// which response shape Cognito reads.
    TokenSource, "TokenGeneration" {
        /// `TokenGeneration_HostedAuth`: sign-in through managed login.
        HostedAuth => "TokenGeneration_HostedAuth",
        /// `TokenGeneration_Authentication`: the end of an API sign-in flow.
        Authentication => "TokenGeneration_Authentication",
        /// `TokenGeneration_NewPasswordChallenge`: after an administrator-created user set a password.
        NewPasswordChallenge => "TokenGeneration_NewPasswordChallenge",
        /// `TokenGeneration_AuthenticateDevice`: the end of a remembered-device sign-in.
        AuthenticateDevice => "TokenGeneration_AuthenticateDevice",
        /// `TokenGeneration_RefreshTokens`: a refresh-token grant.
        RefreshTokens => "TokenGeneration_RefreshTokens",
        /// `TokenGeneration_ClientCredentials`: a machine-to-machine token (event version 3 only;
        /// no user).
        ClientCredentials => "TokenGeneration_ClientCredentials",
    }
}

/// A pre token generation event (any version) as Cognito sends it.
pub type PreTokenGenerationEvent = TriggerEvent<TokenSource, wire::Request, wire::Response>;

pub use crate::rules::token::{MAX_GROUPS, MAX_RESPONSE_BYTES, RESERVED_CLAIMS, SIMPLE_ID_CLAIMS};

/// The event `version`, which picks the response shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenVersion {
    /// `"1"`: ID-token claims and groups only (`claimsOverrideDetails`), string claim values.
    V1,
    /// `"2"`: ID and access tokens, scopes (`claimsAndScopeOverrideDetails`).
    V2,
    /// `"3"`: as 2, and machine-to-machine (`TokenGeneration_ClientCredentials`) tokens.
    V3,
    /// Any other value, or none: only an empty decision can be written back.
    Other(String),
}

impl TokenVersion {
    fn of(version: &Field<Version>) -> Self {
        match version.as_option().map(ToString::to_string).as_deref() {
            Some("1") => TokenVersion::V1,
            Some("2") => TokenVersion::V2,
            Some("3") => TokenVersion::V3,
            other => TokenVersion::Other(other.unwrap_or_default().to_owned()),
        }
    }
}

impl fmt::Display for TokenVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenVersion::V1 => f.write_str("1"),
            TokenVersion::V2 => f.write_str("2"),
            TokenVersion::V3 => f.write_str("3"),
            TokenVersion::Other(other) => f.write_str(other),
        }
    }
}

impl Event for PreTokenGenerationEvent {
    const TRIGGER: Trigger = Trigger::PreTokenGeneration;
    const ON_TIMEOUT: OnTimeout = OnTimeout::Fail;
    type Request = TokenRequest;
    type Decision = TokenDecision;

    fn request(&self) -> TokenRequest {
        let request = self.request.as_option();
        TokenRequest {
            source: self.trigger_source.clone(),
            version: TokenVersion::of(&self.version),
            user: UserContext::of(self, |r| &r.user_attributes, |r| &r.client_metadata),
            groups: request
                .and_then(|request| request.group_configuration.as_option())
                .map(GroupOverride::from_wire)
                .unwrap_or_default(),
            scopes: request
                .and_then(|request| request.scopes.as_option().cloned())
                .unwrap_or_default(),
        }
    }

    fn source(&self) -> &str {
        self.trigger_source.as_str()
    }
}

/// What a pre token generation hook sees: an owned view of the request.
#[derive(Clone, Debug)]
pub struct TokenRequest {
    pub(crate) source: TokenSource,
    pub(crate) version: TokenVersion,
    pub(crate) user: UserContext,
    pub(crate) groups: GroupOverride,
    pub(crate) scopes: Vec<String>,
}

impl TokenRequest {
    /// Why the tokens are issued.
    pub fn source(&self) -> &TokenSource {
        &self.source
    }

    /// The event version: what the decision may change and how it is written back.
    pub fn version(&self) -> &TokenVersion {
        &self.version
    }

    /// Whether the tokens are for a machine client (`TokenGeneration_ClientCredentials`): no
    /// user, no ID token.
    pub fn is_machine_client(&self) -> bool {
        self.source == TokenSource::ClientCredentials
    }

    /// The user's groups, IAM roles and preferred role as Cognito would put them in the
    /// tokens: start a [`GroupOverride`] from a clone of this to change them.
    pub fn groups(&self) -> &GroupOverride {
        &self.groups
    }

    /// The requested scopes the app client may issue (versions 2 and 3; empty otherwise).
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }
}

user_view!(TokenRequest);

/// The groups, IAM roles and preferred role that replace the user's in the tokens
/// (`groupOverrideDetails`). An empty override removes them all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupOverride {
    /// Group names (`cognito:groups`), at most [`MAX_GROUPS`].
    pub groups: Vec<String>,
    /// IAM role ARNs (`cognito:roles`).
    pub iam_roles: Vec<String>,
    /// The preferred IAM role ARN (`cognito:preferred_role`).
    pub preferred_role: Option<String>,
}

impl GroupOverride {
    fn from_wire(wire: &wire::GroupConfiguration) -> Self {
        Self {
            groups: wire
                .groups_to_override
                .as_option()
                .cloned()
                .unwrap_or_default(),
            iam_roles: wire
                .iam_roles_to_override
                .as_option()
                .cloned()
                .unwrap_or_default(),
            preferred_role: wire
                .preferred_role
                .as_option()
                .and_then(Value::as_str)
                .map(str::to_owned),
        }
    }

    fn to_wire(&self) -> wire::GroupConfiguration {
        wire::GroupConfiguration {
            groups_to_override: Field::Value(self.groups.clone()),
            iam_roles_to_override: Field::Value(self.iam_roles.clone()),
            preferred_role: self.preferred_role.clone().map(Value::String).into(),
            extra: Map::new(),
        }
    }
}

/// Claims to add or override and claims to suppress in one token.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimChanges {
    /// Claims to add, or to override when the token has them. Version 1 takes strings only.
    pub add_or_override: Map<String, Value>,
    /// Claims to remove; a suppressed claim wins over an added one.
    pub suppress: Vec<String>,
}

impl ClaimChanges {
    fn is_empty(&self) -> bool {
        self.add_or_override.is_empty() && self.suppress.is_empty()
    }

    fn from_wire(add: &Field<Map<String, Value>>, suppress: &Field<Vec<String>>) -> Self {
        Self {
            add_or_override: add.as_option().cloned().unwrap_or_default(),
            suppress: suppress.as_option().cloned().unwrap_or_default(),
        }
    }
}

/// A pre token generation hook's decision. [`TokenDecision::keep`] (also `Default`) changes
/// nothing and writes nothing.
///
/// Cognito's rules, checked before the decision is written (see [`RESERVED_CLAIMS`]):
///
/// - no claim in [`RESERVED_CLAIMS`] and no `cognito:` claim may be added, changed or
///   suppressed — except suppressing `cognito:groups`, which also removes the roles; groups and
///   roles change through [`TokenDecision::groups`];
/// - `aud` only on the access token, and only with the app client ID; `dev:` claims may only be
///   suppressed;
/// - version 1: ID-token claims with string values only, no access-token claims, no scopes;
/// - no ID-token changes for a machine client;
/// - [`SIMPLE_ID_CLAIMS`] take no arrays or objects in the ID token;
/// - scopes are non-empty and have no spaces or quotes (RFC 6749 scope syntax);
/// - at most [`MAX_GROUPS`] groups; the returned event within [`MAX_RESPONSE_BYTES`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TokenDecision {
    /// Changes to the ID token.
    pub id_token: ClaimChanges,
    /// Changes to the access token (versions 2 and 3).
    pub access_token: ClaimChanges,
    /// Scopes to add to the access token (versions 2 and 3).
    pub scopes_to_add: Vec<String>,
    /// Scopes to remove from the access token (versions 2 and 3). Removing
    /// `aws.cognito.signin.user.admin` blocks the user's self-service API calls.
    pub scopes_to_suppress: Vec<String>,
    /// Replaces the groups and roles when set; `None` keeps the user's own.
    pub group_override: Option<GroupOverride>,
}

impl TokenDecision {
    /// Issue the tokens as Cognito would without the trigger.
    pub fn keep() -> Self {
        Self::default()
    }

    /// Adds or overrides an ID-token claim.
    pub fn id_claim(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.id_token
            .add_or_override
            .insert(name.into(), value.into());
        self
    }

    /// Adds or overrides an access-token claim (versions 2 and 3).
    pub fn access_claim(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.access_token
            .add_or_override
            .insert(name.into(), value.into());
        self
    }

    /// Suppresses an ID-token claim.
    pub fn suppress_id_claim(mut self, name: impl Into<String>) -> Self {
        self.id_token.suppress.push(name.into());
        self
    }

    /// Suppresses an access-token claim (versions 2 and 3).
    pub fn suppress_access_claim(mut self, name: impl Into<String>) -> Self {
        self.access_token.suppress.push(name.into());
        self
    }

    /// Adds a scope to the access token (versions 2 and 3).
    pub fn add_scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes_to_add.push(scope.into());
        self
    }

    /// Removes a scope from the access token (versions 2 and 3).
    pub fn suppress_scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes_to_suppress.push(scope.into());
        self
    }

    /// Replaces the user's groups, IAM roles and preferred role.
    pub fn groups(mut self, groups: GroupOverride) -> Self {
        self.group_override = Some(groups);
        self
    }

    fn changes_access_token(&self) -> bool {
        !self.access_token.is_empty()
            || !self.scopes_to_add.is_empty()
            || !self.scopes_to_suppress.is_empty()
    }
}

impl Decision<PreTokenGenerationEvent> for TokenDecision {
    fn check(&self, event: &PreTokenGenerationEvent) -> Result<(), DecisionViolation> {
        if *self == Self::default() {
            return Ok(());
        }
        let version = TokenVersion::of(&event.version);
        match &version {
            TokenVersion::V1 => {
                if self.changes_access_token() {
                    return Err(TokenViolation::AccessTokenInVersion1.into());
                }
                if let Some(name) = self
                    .id_token
                    .add_or_override
                    .iter()
                    .find_map(|(name, value)| (!value.is_string()).then_some(name))
                {
                    return Err(TokenViolation::NonStringInVersion1 {
                        claim: name.clone(),
                    }
                    .into());
                }
            }
            TokenVersion::V2 | TokenVersion::V3 => {}
            TokenVersion::Other(other) => {
                return Err(TokenViolation::UnknownVersion {
                    version: other.chars().take(8).collect(),
                }
                .into());
            }
        }
        if event.trigger_source == TokenSource::ClientCredentials && !self.id_token.is_empty() {
            return Err(TokenViolation::IdTokenForMachineClient.into());
        }
        let client_id = event.client_id();
        for (token, changes) in [
            (Token::Id, &self.id_token),
            (Token::Access, &self.access_token),
        ] {
            for (name, value) in &changes.add_or_override {
                token::check_added_claim(token, name, value, client_id)?;
            }
            for name in &changes.suppress {
                token::check_suppressed_claim(token, name)?;
            }
        }
        for scope in self.scopes_to_add.iter().chain(&self.scopes_to_suppress) {
            token::check_scope(scope)?;
        }
        if let Some(groups) = &self.group_override {
            token::check_group_count(groups.groups.len())?;
        }
        let mut written = event.clone();
        self.clone().write_to(&mut written);
        let size = serde_json::to_vec(&written).map_or(usize::MAX, |bytes| bytes.len());
        token::check_response_size(size)?;
        Ok(())
    }

    fn write_to(self, event: &mut PreTokenGenerationEvent) {
        if self == Self::default() {
            return;
        }
        let version = TokenVersion::of(&event.version);
        let groups = self
            .group_override
            .as_ref()
            .map_or(Field::Absent, |groups| Field::Value(groups.to_wire()));
        let non_empty = |items: Vec<String>| {
            if items.is_empty() {
                Field::Absent
            } else {
                Field::Value(items)
            }
        };
        let claims = |map: Map<String, Value>| {
            if map.is_empty() {
                Field::Absent
            } else {
                Field::Value(map)
            }
        };
        let response = event.response.get_or_insert_default();
        if version == TokenVersion::V1 {
            response.claims_override_details = Field::Value(wire::ClaimsOverrideDetails {
                claims_to_add_or_override: claims(self.id_token.add_or_override),
                claims_to_suppress: non_empty(self.id_token.suppress),
                group_override_details: groups,
                extra: Map::new(),
            });
            return;
        }
        let changes_access_token = self.changes_access_token();
        let id_token = if self.id_token.is_empty() {
            Field::Absent
        } else {
            Field::Value(wire::TokenGeneration {
                claims_to_add_or_override: claims(self.id_token.add_or_override),
                claims_to_suppress: non_empty(self.id_token.suppress),
                ..wire::TokenGeneration::default()
            })
        };
        let access_token = if changes_access_token {
            Field::Value(wire::TokenGeneration {
                claims_to_add_or_override: claims(self.access_token.add_or_override),
                claims_to_suppress: non_empty(self.access_token.suppress),
                scopes_to_add: non_empty(self.scopes_to_add),
                scopes_to_suppress: non_empty(self.scopes_to_suppress),
                extra: Map::new(),
            })
        } else {
            Field::Absent
        };
        response.claims_and_scope_override_details =
            Field::Value(wire::ClaimsAndScopeOverrideDetails {
                id_token_generation: id_token,
                access_token_generation: access_token,
                group_override_details: groups,
                extra: Map::new(),
            });
    }

    fn read_from(event: &PreTokenGenerationEvent) -> Self {
        let Some(response) = event.response.as_option() else {
            return Self::default();
        };
        if let Some(v2) = response.claims_and_scope_override_details.as_option() {
            let id = v2
                .id_token_generation
                .as_option()
                .cloned()
                .unwrap_or_default();
            let access = v2
                .access_token_generation
                .as_option()
                .cloned()
                .unwrap_or_default();
            return Self {
                id_token: ClaimChanges::from_wire(
                    &id.claims_to_add_or_override,
                    &id.claims_to_suppress,
                ),
                access_token: ClaimChanges::from_wire(
                    &access.claims_to_add_or_override,
                    &access.claims_to_suppress,
                ),
                scopes_to_add: access.scopes_to_add.into_option().unwrap_or_default(),
                scopes_to_suppress: access.scopes_to_suppress.into_option().unwrap_or_default(),
                group_override: v2
                    .group_override_details
                    .as_option()
                    .map(GroupOverride::from_wire),
            };
        }
        let Some(v1) = response.claims_override_details.as_option() else {
            return Self::default();
        };
        Self {
            id_token: ClaimChanges::from_wire(
                &v1.claims_to_add_or_override,
                &v1.claims_to_suppress,
            ),
            group_override: v1
                .group_override_details
                .as_option()
                .map(GroupOverride::from_wire),
            ..Self::default()
        }
    }
}

/// A pre token generation hook (event versions 1, 2 and 3): decides the claims, scopes and
/// groups of the tokens about to be issued.
///
/// - **Decision:** a [`TokenDecision`], checked against Cognito's rules and written in the
///   shape of the event's version. A decision that breaks a rule fails the invocation like
///   an error (logged at error with the rule), so no token is issued from it.
/// - **Rejection:** [`HookError::reject`](crate::HookError::reject) stops the sign-in (no
///   tokens); the caller sees `PreTokenGeneration failed with error <message>.`. Logged at
///   info.
/// - **Error:** any other error is logged at error with its cause chain; the caller sees the
///   [generic message](crate::GENERIC_USER_MESSAGE), no tokens are issued.
/// - **Timeout:** past its [budget](crate::lifecycle::hook_budget) the invocation fails with
///   the generic message: tokens are never issued without the hook's claims.
///
/// ```
/// use cognito_triggers::pre_token_generation::{PreTokenGeneration, TokenDecision, TokenRequest, TokenVersion};
/// use cognito_triggers::HookError;
///
/// struct Department;
///
/// impl PreTokenGeneration for Department {
///     async fn pre_token_generation(&self, request: TokenRequest) -> Result<TokenDecision, HookError> {
///         let Some(department) = request.attribute("custom:department") else {
///             return Ok(TokenDecision::keep());
///         };
///         let decision = TokenDecision::keep().id_claim("department", department.as_ref());
///         Ok(match request.version() {
///             TokenVersion::V1 => decision,
///             _ => decision.access_claim("department", department.as_ref()),
///         })
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    note = "implement the trait, or wrap an async closure in this module's `from_fn`"
)]
pub trait PreTokenGeneration: Send + Sync + 'static {
    /// Decides the changes to one set of tokens.
    fn pre_token_generation(
        &self,
        request: TokenRequest,
    ) -> impl Future<Output = Result<TokenDecision, HookError>> + Send;
}

hook_glue!(PreTokenGeneration::pre_token_generation for PreTokenGenerationEvent, TokenRequest => TokenDecision);

#[cfg(feature = "testing")]
impl crate::testing::builder::EventBuilder<PreTokenGenerationEvent> {
    /// The event `version` (`"1"`, `"2"`, `"3"`), with the request and response members of that
    /// version: `scopes` and `claimsAndScopeOverrideDetails` from 2 on, `claimsOverrideDetails`
    /// in 1.
    pub fn version(self, version: &str) -> Self {
        let mut builder = self.member("version", version);
        let (member, other) = if version == "1" {
            ("claimsOverrideDetails", "claimsAndScopeOverrideDetails")
        } else {
            ("claimsAndScopeOverrideDetails", "claimsOverrideDetails")
        };
        if version == "1" {
            builder = builder.without_request_member("scopes");
        }
        crate::testing::builder::edit(&mut builder.json, "response", |response| {
            response.remove(other);
            response.insert(member.to_owned(), Value::Null);
        });
        builder
    }

    /// The requested scopes.
    pub fn scopes(self, scopes: &[&str]) -> Self {
        self.request_member("scopes", scopes.to_vec())
    }

    /// The user's groups (`groupConfiguration.groupsToOverride`).
    pub fn groups(self, groups: &[&str]) -> Self {
        let mut builder = self;
        crate::testing::builder::edit(&mut builder.json, "request", |request| {
            crate::testing::builder::edit(request, "groupConfiguration", |configuration| {
                configuration.insert("groupsToOverride".to_owned(), Value::from(groups.to_vec()));
            });
        });
        builder
    }
}

#[cfg(feature = "testing")]
impl TokenRequest {
    /// A pre token generation event builder for `source`, from its sample event (version 2;
    /// version 3 for `ClientCredentials`); change it with
    /// [`EventBuilder::version`](crate::testing::EventBuilder::version).
    pub fn builder(
        source: TokenSource,
    ) -> crate::testing::builder::EventBuilder<PreTokenGenerationEvent> {
        crate::testing::builder::EventBuilder::new(source.as_str())
    }
}
