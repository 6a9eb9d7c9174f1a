//! Request and response types of the simulated API, in the AWS JSON shape (PascalCase).

use std::collections::BTreeMap;
use std::fmt;

use cognito_triggers::user_migration::DeliveryMedium;
use serde::{Deserialize, Serialize};

use crate::secret_hash::secret_hash;

/// The attribute a code sent by `medium` goes to: `email` or `phone_number`.
pub(crate) fn attribute_name(medium: DeliveryMedium) -> &'static str {
    match medium {
        DeliveryMedium::Email => "email",
        DeliveryMedium::Sms => "phone_number",
    }
}

/// `CodeDeliveryDetails`: where the code went, masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryDetails {
    /// `email` or `phone_number`.
    pub attribute_name: String,
    /// `EMAIL` or `SMS`.
    pub delivery_medium: DeliveryMedium,
    /// The masked destination, e.g. `a***@e***` or `+*******1234`.
    pub destination: String,
}

/// A `ForgotPassword` request.
///
/// ```
/// use cognito_simulator::ForgotPasswordRequest;
///
/// let request = ForgotPasswordRequest::new("1example23456789", "legacy.user@example.com")
///     .client_metadata("locale", "de");
/// assert_eq!(request.client_metadata["locale"], "de");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForgotPasswordRequest {
    /// The app client id.
    pub client_id: String,
    /// A username or an alias.
    pub username: String,
    /// Required when the app client has a secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<String>,
    /// Passed to the UserMigration and CustomMessage triggers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub client_metadata: BTreeMap<String, String>,
}

impl ForgotPasswordRequest {
    /// A request without secret hash or metadata.
    pub fn new(client_id: impl Into<String>, username: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            username: username.into(),
            ..Self::default()
        }
    }

    /// Sets `SecretHash`.
    pub fn secret_hash(mut self, hash: impl Into<String>) -> Self {
        self.secret_hash = Some(hash.into());
        self
    }

    /// Computes `SecretHash` from the client secret.
    pub fn client_secret(self, secret: &str) -> Self {
        let hash = secret_hash(&self.username, &self.client_id, secret);
        self.secret_hash(hash)
    }

    /// Adds one `ClientMetadata` entry.
    pub fn client_metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.client_metadata.insert(key.into(), value.into());
        self
    }
}

impl fmt::Debug for ForgotPasswordRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ForgotPasswordRequest")
            .field("client_id", &self.client_id)
            .field("username", &self.username)
            .field(
                "secret_hash",
                &self.secret_hash.as_ref().map(|_| "<redacted>"),
            )
            .field("client_metadata", &self.client_metadata)
            .finish()
    }
}

/// The `ForgotPassword` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForgotPasswordResponse {
    /// Where the code went.
    pub code_delivery_details: CodeDeliveryDetails,
}

/// A `ConfirmForgotPassword` request.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmForgotPasswordRequest {
    /// The app client id.
    pub client_id: String,
    /// A username or an alias.
    pub username: String,
    /// The code from the delivered message.
    pub confirmation_code: String,
    /// The new password.
    pub password: String,
    /// Required when the app client has a secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<String>,
    /// Passed to the PostConfirmation trigger.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub client_metadata: BTreeMap<String, String>,
}

impl ConfirmForgotPasswordRequest {
    /// A request without secret hash or metadata.
    pub fn new(
        client_id: impl Into<String>,
        username: impl Into<String>,
        confirmation_code: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            username: username.into(),
            confirmation_code: confirmation_code.into(),
            password: password.into(),
            ..Self::default()
        }
    }

    /// Sets `SecretHash`.
    pub fn secret_hash(mut self, hash: impl Into<String>) -> Self {
        self.secret_hash = Some(hash.into());
        self
    }

    /// Computes `SecretHash` from the client secret.
    pub fn client_secret(self, secret: &str) -> Self {
        let hash = secret_hash(&self.username, &self.client_id, secret);
        self.secret_hash(hash)
    }

    /// Adds one `ClientMetadata` entry.
    pub fn client_metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.client_metadata.insert(key.into(), value.into());
        self
    }
}

impl fmt::Debug for ConfirmForgotPasswordRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfirmForgotPasswordRequest")
            .field("client_id", &self.client_id)
            .field("username", &self.username)
            .field("confirmation_code", &"<redacted>")
            .field("password", &"<redacted>")
            .field(
                "secret_hash",
                &self.secret_hash.as_ref().map(|_| "<redacted>"),
            )
            .field("client_metadata", &self.client_metadata)
            .finish()
    }
}

/// The `ConfirmForgotPassword` response: empty, `{}` in JSON.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmForgotPasswordResponse {}
