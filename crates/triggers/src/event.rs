//! The envelope every Cognito user pool trigger event shares, and the trigger-source enums.
//!
//! [`TriggerEvent`] is generic over the trigger's source enum, request and response. The
//! concrete events live next to their hooks, one module per trigger:
//! [`PreSignUpEvent`](crate::pre_sign_up::PreSignUpEvent),
//! [`CustomMessageEvent`](crate::custom_message::CustomMessageEvent),
//! [`UserMigrationEvent`](crate::user_migration::UserMigrationEvent),
//! [`PreTokenGenerationEvent`](crate::pre_token_generation::PreTokenGenerationEvent), … (see
//! [`Trigger::ALL`]).
//!
//! Parsing is tolerant by design: every member except `triggerSource` may be absent or `null`,
//! `version` may be a number, unknown members are kept in `extra` and written back unchanged,
//! and a trigger source this crate does not know yet parses as an `Other` variant.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Number, Value};

use crate::Field;

/// A Cognito user pool trigger event: the shared envelope plus a trigger-specific request and
/// response.
///
/// Every member but `trigger_source` is a [`Field`], so the event is written back exactly as it
/// was read, apart from what the hook changes in `response`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggerEvent<S, Req, Resp> {
    /// The event schema version: `"1"` in real events, sometimes the number `1` in AWS samples.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub version: Field<Version>,
    /// Which trigger fired and why, e.g. `CustomMessage_ForgotPassword`.
    pub trigger_source: S,
    /// The AWS Region of the user pool.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub region: Field<String>,
    /// The user pool ID, e.g. `us-east-1_EXAMPLE`.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_pool_id: Field<String>,
    /// The user name; for user migration, whatever the caller typed (possibly an alias).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_name: Field<String>,
    /// The SDK version and app client of the API call.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub caller_context: Field<CallerContext>,
    /// The trigger-specific request.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub request: Field<Req>,
    /// The trigger-specific response the function fills in.
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub response: Field<Resp>,
    /// Members this crate does not model, kept and echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<'de, S, Req, Resp> Deserialize<'de> for TriggerEvent<S, Req, Resp>
where
    S: Deserialize<'de>,
    Req: Deserialize<'de>,
    Resp: Deserialize<'de>,
{
    /// Reads each member straight into its field, unknown ones into `extra`; only
    /// `triggerSource` is required.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// The event's type parameters, carried without owning values of them.
        type Parameters<S, Req, Resp> = fn() -> (S, Req, Resp);
        struct EventVisitor<S, Req, Resp>(std::marker::PhantomData<Parameters<S, Req, Resp>>);

        impl<'de, S, Req, Resp> serde::de::Visitor<'de> for EventVisitor<S, Req, Resp>
        where
            S: Deserialize<'de>,
            Req: Deserialize<'de>,
            Resp: Deserialize<'de>,
        {
            type Value = TriggerEvent<S, Req, Resp>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a trigger event (a JSON object)")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut trigger_source = None;
                let mut event = TriggerEvent {
                    version: Field::Absent,
                    trigger_source: (),
                    region: Field::Absent,
                    user_pool_id: Field::Absent,
                    user_name: Field::Absent,
                    caller_context: Field::Absent,
                    request: Field::Absent,
                    response: Field::Absent,
                    extra: Map::new(),
                };
                while let Some(crate::field::Key(key)) = map.next_key()? {
                    match key.as_ref() {
                        "version" => event.version = map.next_value()?,
                        "triggerSource" => trigger_source = Some(map.next_value()?),
                        "region" => event.region = map.next_value()?,
                        "userPoolId" => event.user_pool_id = map.next_value()?,
                        "userName" => event.user_name = map.next_value()?,
                        "callerContext" => event.caller_context = map.next_value()?,
                        "request" => event.request = map.next_value()?,
                        "response" => event.response = map.next_value()?,
                        _ => {
                            let value: Value = map.next_value()?;
                            event.extra.insert(key.into_owned(), value);
                        }
                    }
                }
                let trigger_source = trigger_source
                    .ok_or_else(|| serde::de::Error::missing_field("triggerSource"))?;
                Ok(TriggerEvent {
                    version: event.version,
                    trigger_source,
                    region: event.region,
                    user_pool_id: event.user_pool_id,
                    user_name: event.user_name,
                    caller_context: event.caller_context,
                    request: event.request,
                    response: event.response,
                    extra: event.extra,
                })
            }
        }

        deserializer.deserialize_map(EventVisitor(std::marker::PhantomData))
    }
}

impl<S, Req, Resp> TriggerEvent<S, Req, Resp> {
    /// A new event for `trigger_source` with every other member absent; the builder for tests and
    /// event generators.
    pub fn new(trigger_source: S) -> Self {
        Self {
            version: Field::Absent,
            trigger_source,
            region: Field::Absent,
            user_pool_id: Field::Absent,
            user_name: Field::Absent,
            caller_context: Field::Absent,
            request: Field::Absent,
            response: Field::Absent,
            extra: Map::new(),
        }
    }

    /// The user name, or `""` when the event carries none.
    pub fn user_name(&self) -> &str {
        self.user_name.as_option().map_or("", String::as_str)
    }

    /// The app client ID from `callerContext`, when present.
    pub fn client_id(&self) -> Option<&str> {
        self.caller_context
            .as_option()
            .and_then(|context| context.client_id.as_option())
            .map(String::as_str)
    }
}

crate::field::wire_object! {
    /// `callerContext`: the SDK and the app client behind the API call.
    pub struct CallerContext {
        /// The caller's SDK, e.g. `aws-sdk-unknown-unknown`. Some old AWS samples use the key
        /// `awsSdk`; that one stays in `extra` and [`CallerContext::sdk_version`] reads it too.
        aws_sdk_version: String,
        /// The app client ID.
        client_id: String,
    }
}

impl CallerContext {
    /// The SDK version, from `awsSdkVersion` or the legacy `awsSdk` key.
    pub fn sdk_version(&self) -> Option<&str> {
        self.aws_sdk_version
            .as_option()
            .map(String::as_str)
            .or_else(|| self.extra.get("awsSdk").and_then(Value::as_str))
    }
}

/// The event `version`: a string in real events, a number in some AWS samples. Written back in
/// the form it came in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Version {
    /// `"version": "1"`.
    Text(String),
    /// `"version": 1`.
    Number(Number),
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Version::Text(text) => f.write_str(text),
            Version::Number(number) => write!(f, "{number}"),
        }
    }
}

/// The trigger a source belongs to, named as Cognito names it in error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Trigger {
    /// `PreSignUp_*`.
    PreSignUp,
    /// `CustomMessage_*`.
    CustomMessage,
    /// `UserMigration_*`.
    UserMigration,
    /// `PostConfirmation_*`.
    PostConfirmation,
    /// `PreAuthentication_*`.
    PreAuthentication,
    /// `PostAuthentication_*`.
    PostAuthentication,
    /// `TokenGeneration_*` (pre token generation, every event version).
    PreTokenGeneration,
    /// `DefineAuthChallenge_*`.
    DefineAuthChallenge,
    /// `CreateAuthChallenge_*`.
    CreateAuthChallenge,
    /// `VerifyAuthChallengeResponse_*`.
    VerifyAuthChallengeResponse,
    /// `InboundFederation_*`.
    InboundFederation,
    /// `CustomEmailSender_*`.
    CustomEmailSender,
    /// `CustomSMSSender_*`.
    CustomSmsSender,
}

impl Trigger {
    /// Every trigger this crate handles.
    pub const ALL: &'static [Trigger] = &[
        Trigger::PreSignUp,
        Trigger::CustomMessage,
        Trigger::UserMigration,
        Trigger::PostConfirmation,
        Trigger::PreAuthentication,
        Trigger::PostAuthentication,
        Trigger::PreTokenGeneration,
        Trigger::DefineAuthChallenge,
        Trigger::CreateAuthChallenge,
        Trigger::VerifyAuthChallengeResponse,
        Trigger::InboundFederation,
        Trigger::CustomEmailSender,
        Trigger::CustomSmsSender,
    ];

    /// Cognito's name for the trigger, as in `PreSignUp failed with error …`.
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::PreSignUp => "PreSignUp",
            Trigger::CustomMessage => "CustomMessage",
            Trigger::UserMigration => "UserMigration",
            Trigger::PostConfirmation => "PostConfirmation",
            Trigger::PreAuthentication => "PreAuthentication",
            Trigger::PostAuthentication => "PostAuthentication",
            Trigger::PreTokenGeneration => "PreTokenGeneration",
            Trigger::DefineAuthChallenge => "DefineAuthChallenge",
            Trigger::CreateAuthChallenge => "CreateAuthChallenge",
            Trigger::VerifyAuthChallengeResponse => "VerifyAuthChallengeResponse",
            Trigger::InboundFederation => "InboundFederation",
            Trigger::CustomEmailSender => "CustomEmailSender",
            Trigger::CustomSmsSender => "CustomSMSSender",
        }
    }

    /// The `triggerSource` prefix of this trigger's events, e.g. `TokenGeneration` for pre token
    /// generation.
    pub fn source_prefix(self) -> &'static str {
        match self {
            Trigger::PreTokenGeneration => "TokenGeneration",
            other => other.as_str(),
        }
    }

    /// The trigger a `triggerSource` string belongs to, from its prefix; `None` for families
    /// this crate does not handle.
    pub fn of_source(trigger_source: &str) -> Option<Self> {
        let (family, _) = trigger_source.split_once('_')?;
        Self::ALL
            .iter()
            .copied()
            .find(|trigger| trigger.source_prefix() == family)
    }
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares a trigger's source enum: its known wire names, `Other` for the rest, serde and
/// `Display` (the wire boilerplate every trigger module shares).
macro_rules! trigger_sources {
    (
        $(#[$meta:meta])*
        $name:ident, $prefix:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        ///
        /// A source this crate does not know yet parses as `Other` (never a parse failure) and is
        /// written back unchanged.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A source of this trigger that this crate does not know yet, with its wire name.
            Other(String),
        }

        impl $name {
            /// Every source this crate knows, in documentation order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            #[doc = concat!("The wire name (`", $prefix, "_…`); an `Other` source's own name.")]
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(other) => other,
                }
            }

            /// Parses a wire name; unknown names become `Other`.
            pub fn parse(wire: &str) -> Self {
                match wire {
                    $( $wire => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<Ser: ::serde::Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            #[doc = concat!("Accepts any source of this trigger's family (`", $prefix, "_…`); a source of another trigger is an error that does not quote it.")]
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let wire = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                if !wire.starts_with(concat!($prefix, "_")) {
                    return Err(::serde::de::Error::custom(concat!(
                        "not a trigger source of the ", $prefix, " trigger"
                    )));
                }
                Ok($name::parse(&wire))
            }
        }
    };
}

pub(crate) use trigger_sources;

/// The `response` of triggers that read nothing back (post confirmation, pre and post
/// authentication): whatever came in is echoed back unchanged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyResponse {
    /// Members this crate does not model, echoed back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
