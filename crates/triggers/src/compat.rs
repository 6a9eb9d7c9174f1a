//! Conversions to and from the [`aws_lambda_events`] Cognito types, for code that already holds
//! them.
//!
//! Converting *from* `aws_lambda_events` always works. Converting *to* it fails where that crate
//! rejects real payloads (an unknown trigger source, `"response": {}` for pre sign-up, boolean
//! attribute values, post authentication without `newDeviceUsed`, pre token generation version 2
//! without `scopes`, `TokenGeneration_ClientCredentials`, define auth challenge with
//! `session: null`); the error says why. Pre token generation converts to
//! `CognitoEventUserPoolsPreTokenGen` (version 1) or `CognitoEventUserPoolsPreTokenGenV2`
//! (versions 2 and 3); beware that `aws_lambda_events` writes an empty `groupOverrideDetails`
//! into every response, which removes the user's groups. Inbound federation has no
//! `aws_lambda_events` type. Members
//! `aws_lambda_events` does not model without its `catch-all-fields` feature (`linkParameter`,
//! `enableSMSMFA`) are lost on the way there.

use aws_lambda_events::event::cognito::{
    CognitoEventUserPoolsCreateAuthChallenge, CognitoEventUserPoolsCustomMessage,
    CognitoEventUserPoolsDefineAuthChallenge, CognitoEventUserPoolsMigrateUser,
    CognitoEventUserPoolsPostAuthentication, CognitoEventUserPoolsPostConfirmation,
    CognitoEventUserPoolsPreAuthentication, CognitoEventUserPoolsPreSignup,
    CognitoEventUserPoolsPreTokenGen, CognitoEventUserPoolsPreTokenGenV2,
    CognitoEventUserPoolsVerifyAuthChallenge,
};

use crate::create_auth_challenge::CreateAuthChallengeEvent;
use crate::custom_message::CustomMessageEvent;
use crate::define_auth_challenge::DefineAuthChallengeEvent;
use crate::post_authentication::PostAuthenticationEvent;
use crate::post_confirmation::PostConfirmationEvent;
use crate::pre_authentication::PreAuthenticationEvent;
use crate::pre_sign_up::PreSignUpEvent;
use crate::pre_token_generation::PreTokenGenerationEvent;
use crate::user_migration::UserMigrationEvent;
use crate::verify_auth_challenge::VerifyAuthChallengeEvent;

/// A conversion between this crate's events and `aws_lambda_events`' failed.
#[derive(Debug)]
pub struct ConversionError(serde_json::Error);

impl std::fmt::Display for ConversionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "aws_lambda_events cannot represent this event: {}",
            self.0
        )
    }
}

impl std::error::Error for ConversionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

fn convert<From: serde::Serialize, To: serde::de::DeserializeOwned>(
    value: &From,
) -> Result<To, ConversionError> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(ConversionError)
}

macro_rules! conversions {
    ($($ours:ty => $theirs:ty,)*) => {$(
        impl TryFrom<$theirs> for $ours {
            type Error = ConversionError;

            /// Never fails for events `aws_lambda_events` produced; kept fallible for symmetry.
            fn try_from(event: $theirs) -> Result<Self, Self::Error> {
                convert(&event)
            }
        }

        impl TryFrom<&$ours> for $theirs {
            type Error = ConversionError;

            fn try_from(event: &$ours) -> Result<Self, Self::Error> {
                convert(event)
            }
        }
    )*};
}

conversions! {
    PreSignUpEvent => CognitoEventUserPoolsPreSignup,
    CustomMessageEvent => CognitoEventUserPoolsCustomMessage,
    UserMigrationEvent => CognitoEventUserPoolsMigrateUser,
    PostConfirmationEvent => CognitoEventUserPoolsPostConfirmation,
    PreAuthenticationEvent => CognitoEventUserPoolsPreAuthentication,
    PostAuthenticationEvent => CognitoEventUserPoolsPostAuthentication,
    PreTokenGenerationEvent => CognitoEventUserPoolsPreTokenGen,
    PreTokenGenerationEvent => CognitoEventUserPoolsPreTokenGenV2,
    DefineAuthChallengeEvent => CognitoEventUserPoolsDefineAuthChallenge,
    CreateAuthChallengeEvent => CognitoEventUserPoolsCreateAuthChallenge,
    VerifyAuthChallengeEvent => CognitoEventUserPoolsVerifyAuthChallenge,
}
