//! The inbound federation trigger: shape a federated user's attributes after Cognito verified
//! the identity provider's response and before the profile is created or updated (new and
//! returning users).
//!
//! The decision starts from **all** of the provider's attributes: dropping one is explicit.
//! Values over [`MAX_ATTRIBUTE_CHARS`] are truncated. `tokenResponse` holds the provider's live
//! tokens and is a secret ([`TokenResponse`]).
//!
//! ```no_run
//! use cognito_triggers::inbound_federation::{self, AttributeChanges, FederationRequest};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), cognito_triggers::Error> {
//!     inbound_federation::run(inbound_federation::from_fn(|request: FederationRequest| async move {
//!         // Only the groups this app knows, never the whole directory.
//!         let groups = request.attribute("groups").unwrap_or_default();
//!         let known: Vec<&str> = groups.split(',').filter(|g| g.starts_with("app-")).collect();
//!         Ok(AttributeChanges::keep_all().set("groups", known.join(",")))
//!     }))
//!     .await
//! }
//! ```

pub mod wire;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;

use crate::HookError;
use crate::event::TriggerEvent;
use crate::event::{Trigger, trigger_sources};
use crate::glue::hook_glue;
use crate::lifecycle::{Decision, Event, OnTimeout};
use crate::rules::DecisionViolation;
use crate::{AttributeMap, Field, Invocation};

pub use wire::TokenResponse;

trigger_sources! {
    /// Why the inbound federation trigger fired.
    FederationSource, "InboundFederation" {
        /// `InboundFederation_ExternalProvider`: a verified identity provider response, before the
        /// user profile is created or updated (new and returning federated users).
        ExternalProvider => "InboundFederation_ExternalProvider",
    }
}

/// An inbound federation event as Cognito sends it.
pub type InboundFederationEvent = TriggerEvent<FederationSource, wire::Request, wire::Response>;

/// Cognito's limit on an attribute value; longer values are cut to this many characters.
pub const MAX_ATTRIBUTE_CHARS: usize = 2048;

/// The kind of identity provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProviderType {
    /// `OIDC`.
    Oidc,
    /// `SAML`.
    Saml,
    /// `Facebook`.
    Facebook,
    /// `Google`.
    Google,
    /// `SignInWithApple`.
    SignInWithApple,
    /// `LoginWithAmazon`.
    LoginWithAmazon,
    /// A type this crate does not know yet (or none), as sent.
    Other(String),
}

impl ProviderType {
    fn parse(wire: &str) -> Self {
        match wire {
            "OIDC" => ProviderType::Oidc,
            "SAML" => ProviderType::Saml,
            "Facebook" => ProviderType::Facebook,
            "Google" => ProviderType::Google,
            "SignInWithApple" => ProviderType::SignInWithApple,
            "LoginWithAmazon" => ProviderType::LoginWithAmazon,
            other => ProviderType::Other(other.to_owned()),
        }
    }
}

/// All of the provider's attributes in `event`: for SAML the assertion's, otherwise the ID
/// token's claims overlaid by the UserInfo answer. Never the token response.
fn provider_attributes(event: &InboundFederationEvent) -> BTreeMap<String, String> {
    let Some(attributes) = event
        .request
        .as_option()
        .and_then(|request| request.attributes.as_option())
    else {
        return BTreeMap::new();
    };
    let mut all = BTreeMap::new();
    for map in [
        &attributes.id_token,
        &attributes.user_info,
        &attributes.saml_response,
    ] {
        for (name, value) in map
            .as_option()
            .map(AttributeMap::iter)
            .into_iter()
            .flatten()
        {
            all.insert(name.to_owned(), value.into_owned());
        }
    }
    all
}

impl Event for InboundFederationEvent {
    const TRIGGER: Trigger = Trigger::InboundFederation;
    const ON_TIMEOUT: OnTimeout = OnTimeout::Fail;
    type Request = FederationRequest;
    type Decision = AttributeChanges;

    fn request(&self) -> FederationRequest {
        let request = self.request.as_option();
        let text = |pick: fn(&wire::Request) -> &Field<String>| {
            request
                .and_then(|request| pick(request).as_option().cloned())
                .unwrap_or_default()
        };
        FederationRequest {
            invocation: Invocation::of(self),
            provider_name: text(|request| &request.provider_name),
            provider_type: ProviderType::parse(&text(|request| &request.provider_type)),
            attributes: provider_attributes(self),
            token_response: request
                .and_then(|request| request.attributes.as_option())
                .and_then(|attributes| attributes.token_response.as_option().cloned())
                .unwrap_or_default(),
        }
    }

    fn source(&self) -> &str {
        self.trigger_source.as_str()
    }
}

/// What an inbound federation hook sees. `Debug` redacts the token response.
#[derive(Clone, Debug)]
pub struct FederationRequest {
    pub(crate) invocation: Invocation,
    pub(crate) provider_name: String,
    pub(crate) provider_type: ProviderType,
    pub(crate) attributes: BTreeMap<String, String>,
    pub(crate) token_response: TokenResponse,
}

impl FederationRequest {
    /// The user, pool, region and app client (`userName` is `<Provider>_<id>`).
    pub fn invocation(&self) -> &Invocation {
        &self.invocation
    }

    /// The provider's name in the pool.
    pub fn provider_name(&self) -> &str {
        &self.provider_name
    }

    /// The kind of provider.
    pub fn provider_type(&self) -> &ProviderType {
        &self.provider_type
    }

    /// All of the provider's attributes as text: the SAML assertion's, or the ID token's claims
    /// overlaid by UserInfo. What Cognito keeps when the hook changes nothing.
    pub fn attributes(&self) -> &BTreeMap<String, String> {
        &self.attributes
    }

    /// One provider attribute.
    pub fn attribute(&self, name: &str) -> Option<Cow<'_, str>> {
        self.attributes
            .get(name)
            .map(|value| Cow::Borrowed(value.as_str()))
    }

    /// The provider's tokens (OIDC and social; empty otherwise), a secret.
    pub fn token_response(&self) -> &TokenResponse {
        &self.token_response
    }
}

/// An inbound federation hook's decision: changes to **all** of the provider's attributes.
/// [`AttributeChanges::keep_all`] (also `Default`) writes nothing and Cognito keeps every
/// attribute; every dropped attribute is named.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttributeChanges {
    drop: BTreeSet<String>,
    set: BTreeMap<String, String>,
}

impl AttributeChanges {
    /// Keep every provider attribute as it is.
    pub fn keep_all() -> Self {
        Self::default()
    }

    /// Drops the provider attribute `name`.
    pub fn drop(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.set.remove(&name);
        self.drop.insert(name);
        self
    }

    /// Sets (or adds) `name`; cut to [`MAX_ATTRIBUTE_CHARS`] when written.
    pub fn set(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.drop.remove(&name);
        self.set.insert(name, value.into());
        self
    }

    /// The attributes written for `event`: all of the provider's, without the dropped ones,
    /// with the set ones, each value at most [`MAX_ATTRIBUTE_CHARS`] characters.
    fn resulting(&self, event: &InboundFederationEvent) -> BTreeMap<String, String> {
        let mut all = provider_attributes(event);
        all.retain(|name, _| !self.drop.contains(name));
        all.extend(self.set.clone());
        for value in all.values_mut() {
            if let Some((cut, _)) = value.char_indices().nth(MAX_ATTRIBUTE_CHARS) {
                value.truncate(cut);
            }
        }
        all
    }
}

impl Decision<InboundFederationEvent> for AttributeChanges {
    fn check(&self, event: &InboundFederationEvent) -> Result<(), DecisionViolation> {
        if *self != Self::default() && self.resulting(event).is_empty() {
            return Err(DecisionViolation::DropsEveryAttribute);
        }
        Ok(())
    }

    fn write_to(self, event: &mut InboundFederationEvent) {
        if self == Self::default() {
            return;
        }
        let attributes: AttributeMap = self.resulting(event).into_iter().collect();
        event
            .response
            .get_or_insert_default()
            .user_attributes_to_map = Field::Value(attributes);
    }

    fn read_from(event: &InboundFederationEvent) -> Self {
        let Some(written) = event
            .response
            .as_option()
            .and_then(|response| response.user_attributes_to_map.as_option())
            .filter(|written| !written.is_empty())
        else {
            return Self::default();
        };
        let all = provider_attributes(event);
        let mut changes = Self::default();
        for name in all.keys().filter(|name| !written.contains(name)) {
            changes = changes.drop(name.clone());
        }
        for (name, value) in written.iter() {
            if all.get(name).map(String::as_str) != Some(value.as_ref()) {
                changes = changes.set(name, value.into_owned());
            }
        }
        changes
    }
}

/// An inbound federation hook: shapes a federated user's attributes.
///
/// - **Decision:** [`AttributeChanges`] to all of the provider's attributes; long values
///   are truncated; dropping every attribute is refused (Cognito would keep them all).
/// - **Rejection:** [`HookError::reject`](crate::HookError::reject) stops the sign-in; the
///   message travels in the redirect's `error_description`. Logged at info.
/// - **Error:** any other error is logged at error with its cause chain; the sign-in fails
///   with the [generic message](crate::GENERIC_USER_MESSAGE).
/// - **Timeout:** past its [budget](crate::lifecycle::hook_budget) the sign-in fails with the
///   generic message, rather than keeping attributes the hook might have dropped.
///
/// ```
/// use cognito_triggers::inbound_federation::{AttributeChanges, FederationRequest, InboundFederation};
/// use cognito_triggers::HookError;
///
/// struct NoDirectoryDump;
///
/// impl InboundFederation for NoDirectoryDump {
///     async fn inbound_federation(&self, request: FederationRequest) -> Result<AttributeChanges, HookError> {
///         Ok(match request.attribute("groups") {
///             Some(groups) if groups.len() > 512 => AttributeChanges::keep_all().drop("groups"),
///             _ => AttributeChanges::keep_all(),
///         })
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    note = "implement the trait, or wrap an async closure in this module's `from_fn`"
)]
pub trait InboundFederation: Send + Sync + 'static {
    /// Shapes one federated user's attributes.
    fn inbound_federation(
        &self,
        request: FederationRequest,
    ) -> impl Future<Output = Result<AttributeChanges, HookError>> + Send;
}

hook_glue!(InboundFederation::inbound_federation for InboundFederationEvent, FederationRequest => AttributeChanges);

#[cfg(feature = "testing")]
impl FederationRequest {
    /// An inbound federation event builder, from its (OIDC) sample event.
    pub fn builder() -> crate::testing::builder::EventBuilder<InboundFederationEvent> {
        crate::testing::builder::EventBuilder::new(FederationSource::ExternalProvider.as_str())
    }
}

#[cfg(feature = "testing")]
impl crate::testing::builder::EventBuilder<InboundFederationEvent> {
    /// One provider attribute in `request.attributes.<kind>` (`idToken`, `userInfo`,
    /// `samlResponse`, `tokenResponse`).
    pub fn provider_attribute(mut self, kind: &str, name: &str, value: &str) -> Self {
        crate::testing::builder::edit(&mut self.json, "request", |request| {
            crate::testing::builder::edit(request, "attributes", |attributes| {
                crate::testing::builder::edit(attributes, kind, |entries| {
                    entries.insert(name.to_owned(), serde_json::Value::from(value));
                });
            });
        });
        self
    }
}
