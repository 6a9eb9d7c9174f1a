//! Conversions to and from the [`aws_lambda_events`] Cognito types, for code that already holds
//! them.
//!
//! Converting *from* `aws_lambda_events` always works. Converting *to* it fails where that crate
//! rejects real payloads (an unknown trigger source, `"response": {}` for pre sign-up, boolean
//! attribute values for pre sign-up and user migration); the error says why. Members
//! `aws_lambda_events` does not model without its `catch-all-fields` feature (`linkParameter`,
//! `enableSMSMFA`) are lost on the way there.

use aws_lambda_events::event::cognito::{
    CognitoEventUserPoolsCustomMessage, CognitoEventUserPoolsMigrateUser,
    CognitoEventUserPoolsPreSignup,
};

use crate::custom_message::CustomMessageEvent;
use crate::pre_sign_up::PreSignUpEvent;
use crate::user_migration::UserMigrationEvent;

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
    ($ours:ty, $theirs:ty) => {
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
    };
}

conversions!(PreSignUpEvent, CognitoEventUserPoolsPreSignup);
conversions!(CustomMessageEvent, CognitoEventUserPoolsCustomMessage);
conversions!(UserMigrationEvent, CognitoEventUserPoolsMigrateUser);
