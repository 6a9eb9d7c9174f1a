//! ForgotPassword as Cognito runs it: the request checks (client, `SecretHash`, user name), user
//! migration for an unknown user, the delivery channel picked by `AccountRecoverySetting`, the
//! custom message, and Cognito's errors (the `ForgotPassword` page of the Cognito API
//! reference and the Developer Guide's user migration and custom message trigger pages).

use std::collections::BTreeMap;

use cognito_triggers::custom_message::{self, CustomMessage, CustomMessageEvent};
use cognito_triggers::user_migration::{self, DeliveryMedium, UserMigration, UserMigrationEvent};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::api::{
    CodeDeliveryDetails, ForgotPasswordRequest, ForgotPasswordResponse, attribute_name,
};
use crate::error::{CognitoError, ExceptionType};
use crate::hooks::{invoke, lambda_context, trigger_event};
use crate::mask::{mask_email, mask_phone};
use crate::pool::{
    AliasAttribute, CODE_PARAMETER, EmailSendingAccount, PreventUserExistenceErrors,
    RecoveryOption, User, UserStatus, fold,
};
use crate::simulator::{CallReport, Simulator};
use crate::state::{DeliveredMessage, PendingCode};
use crate::validate;

/// `linkParameter` as Cognito sends it.
pub(crate) const LINK_PARAMETER: &str = "{##Click Here##}";

/// The message when a user has no channel for the code.
pub const NO_VERIFIED_CHANNEL: &str =
    "Cannot reset password for the user as there is no registered/verified email or phone_number";

/// Standard attributes a migration may set.
const STANDARD_ATTRIBUTES: &[&str] = &[
    "address",
    "birthdate",
    "email",
    "email_verified",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "phone_number_verified",
    "picture",
    "preferred_username",
    "profile",
    "updated_at",
    "website",
    "zoneinfo",
];

enum Resolved {
    User(User),
    Simulated,
}

impl<M, C, P> Simulator<M, C, P>
where
    M: UserMigration,
    C: CustomMessage,
{
    /// Runs `ForgotPassword`, in Cognito's order: parameters, app client and `SecretHash`; the
    /// user by username or alias, else `UserMigration_ForgotPassword`; user state; the channel
    /// by `AccountRecoverySetting`; `CustomMessage_ForgotPassword`; delivery to the outbox.
    ///
    /// # Errors
    ///
    /// The exception Cognito would return (`ForgotPassword` in the Cognito API reference lists
    /// them).
    pub async fn forgot_password(
        &mut self,
        request: ForgotPasswordRequest,
    ) -> Result<ForgotPasswordResponse, CognitoError> {
        self.report = CallReport::default();
        let result = self.forgot_password_steps(&request).await;
        match &result {
            Ok(response) => tracing::info!(
                medium = %response.code_delivery_details.delivery_medium,
                simulated = self.report.simulated,
                "ForgotPassword succeeded"
            ),
            Err(error) => tracing::info!(error = %error, "ForgotPassword failed"),
        }
        result
    }

    async fn forgot_password_steps(
        &mut self,
        request: &ForgotPasswordRequest,
    ) -> Result<ForgotPasswordResponse, CognitoError> {
        let client = self.check_client(
            &request.client_id,
            &request.username,
            request.secret_hash.as_deref(),
            |_| {},
        )?;
        let prevent = client.prevent_user_existence_errors == PreventUserExistenceErrors::Enabled;

        let user = match self.user(&request.username).cloned() {
            Some(user) => user,
            None => match self.migrate(request, prevent).await? {
                Resolved::User(user) => user,
                Resolved::Simulated => return self.simulated(&request.username),
            },
        };

        if !user.enabled {
            if prevent {
                return self.simulated(&request.username);
            }
            return Err(CognitoError::not_authorized("User is disabled."));
        }
        if user.status == UserStatus::ForceChangePassword {
            return Err(CognitoError::not_authorized(
                "User password cannot be reset in the current state.",
            ));
        }

        let order = self.pool.recovery_order();
        if order.contains(&RecoveryOption::AdminOnly) {
            return Err(CognitoError::not_authorized(
                "Contact administrator to reset password.",
            ));
        }
        let channel = order.iter().find_map(|option| match option {
            RecoveryOption::VerifiedPhoneNumber if !user.sms_mfa => user
                .verified_phone()
                .map(|phone| (DeliveryMedium::Sms, phone.to_owned())),
            RecoveryOption::VerifiedEmail if !user.email_mfa => user
                .verified_email()
                .map(|email| (DeliveryMedium::Email, email.to_owned())),
            _ => None,
        });
        let Some((medium, destination)) = channel else {
            if prevent {
                return self.simulated(&request.username);
            }
            return Err(CognitoError::invalid_parameter(NO_VERIFIED_CHANNEL));
        };

        let code = crate::random::six_digit_code()?;
        let (subject, body, custom) = self
            .compose(&user, &request.client_id, &request.client_metadata, medium)
            .await?;
        let message = DeliveredMessage {
            sent_at: self.now_seconds(),
            trigger_source: "CustomMessage_ForgotPassword".to_owned(),
            username: user.username.clone(),
            channel: medium,
            destination: destination.clone(),
            subject,
            body: body.replace(CODE_PARAMETER, &code),
            custom,
        };
        self.state.pending_codes.insert(
            user.username.clone(),
            PendingCode {
                code,
                issued_at: self.now_seconds(),
            },
        );
        self.state.outbox.push(message.clone());
        self.report.delivered = Some(message);

        Ok(ForgotPasswordResponse {
            code_delivery_details: CodeDeliveryDetails {
                attribute_name: attribute_name(medium).to_owned(),
                delivery_medium: medium,
                destination: match medium {
                    DeliveryMedium::Email => mask_email(&destination),
                    DeliveryMedium::Sms => mask_phone(&destination),
                },
            },
        })
    }

    /// The success Cognito fakes when `PreventUserExistenceErrors` is ENABLED: nothing is sent,
    /// and the same username always gets the same made-up destination.
    fn simulated(&mut self, username: &str) -> Result<ForgotPasswordResponse, CognitoError> {
        self.report.simulated = true;
        let (medium, destination) = if looks_like_email(username) {
            (DeliveryMedium::Email, mask_email(username))
        } else if looks_like_phone(username) {
            (DeliveryMedium::Sms, mask_phone(username))
        } else {
            let digest = Sha256::digest(format!("{}:{username}", self.pool.id).as_bytes());
            let letter = |b: u8| char::from(b'a' + b % 26);
            (
                DeliveryMedium::Email,
                format!("{}***@{}***", letter(digest[0]), letter(digest[1])),
            )
        };
        Ok(ForgotPasswordResponse {
            code_delivery_details: CodeDeliveryDetails {
                attribute_name: attribute_name(medium).to_owned(),
                delivery_medium: medium,
                destination,
            },
        })
    }

    /// `UserMigration_ForgotPassword`, then the user created from the response.
    async fn migrate(
        &mut self,
        request: &ForgotPasswordRequest,
        prevent: bool,
    ) -> Result<Resolved, CognitoError> {
        let not_found = || {
            if prevent {
                Ok(Resolved::Simulated)
            } else {
                Err(CognitoError::user_not_found())
            }
        };
        let Some(hook) = self.user_migration.as_ref() else {
            return not_found();
        };
        let mut request_json = Map::new();
        request_json.insert("validationData".to_owned(), Value::Null);
        if !request.client_metadata.is_empty() {
            request_json.insert("clientMetadata".to_owned(), json!(request.client_metadata));
        }
        request_json.insert("userAttributes".to_owned(), Value::Null);
        let event = trigger_event(
            &self.pool,
            "UserMigration_ForgotPassword",
            &request.username,
            &request.client_id,
            Value::Object(request_json),
            json!({
                "userAttributes": null, "forceAliasCreation": null, "enableSMSMFA": null,
                "finalUserStatus": null, "messageAction": null, "desiredDeliveryMediums": null
            }),
        );
        let context = lambda_context(self.pool.region(), "user-migration");
        let (record, outcome) =
            invoke::<UserMigrationEvent, _>(event, context, |event| async move {
                user_migration::handle(hook, event).await
            })
            .await;
        self.report.invocations.push(record);
        let returned = outcome?;
        let response = response_object(&returned)?;
        let attributes = match response.get("userAttributes") {
            None | Some(Value::Null) => return not_found(),
            Some(Value::Object(map)) if map.is_empty() => return not_found(),
            Some(Value::Object(map)) => string_map(map)?,
            Some(_) => {
                return Err(CognitoError::unrecognizable_lambda_output());
            }
        };
        let user = self.create_migrated_user(request, response, attributes)?;
        self.report.migrated = Some(user.clone());
        self.upsert_user(user.clone());
        Ok(Resolved::User(user))
    }

    fn create_migrated_user(
        &mut self,
        request: &ForgotPasswordRequest,
        response: &Map<String, Value>,
        mut attributes: BTreeMap<String, String>,
    ) -> Result<User, CognitoError> {
        let flag = |name: &str| -> Result<bool, CognitoError> {
            match response.get(name) {
                None | Some(Value::Null) => Ok(false),
                Some(Value::Bool(b)) => Ok(*b),
                Some(_) => Err(CognitoError::unrecognizable_lambda_output()),
            }
        };
        let status = match optional_string(response, "finalUserStatus")?.as_deref() {
            None => UserStatus::ResetRequired,
            Some("CONFIRMED") => UserStatus::Confirmed,
            Some("RESET_REQUIRED") => UserStatus::ResetRequired,
            Some(_) => {
                return Err(CognitoError::invalid_lambda_response(
                    "finalUserStatus is invalid",
                ));
            }
        };
        match optional_string(response, "messageAction")?.as_deref() {
            None => {}
            Some("SUPPRESS") => {}
            Some("RESEND") => self
                .report
                .notes
                .push("messageAction RESEND: no welcome message is simulated".to_owned()),
            Some(_) => {
                return Err(CognitoError::invalid_lambda_response(
                    "messageAction is invalid",
                ));
            }
        }
        match response.get("desiredDeliveryMediums") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items))
                if items
                    .iter()
                    .all(|i| matches!(i.as_str(), Some("EMAIL" | "SMS"))) => {}
            Some(_) => {
                return Err(CognitoError::invalid_lambda_response(
                    "desiredDeliveryMediums is invalid",
                ));
            }
        }
        let force_alias = flag("forceAliasCreation")?;
        let sms_mfa = flag("enableSMSMFA")?;

        if attributes.remove("sub").is_some() {
            self.report
                .notes
                .push("the returned sub was ignored; Cognito generates it".to_owned());
        }
        for name in attributes.keys() {
            let known = STANDARD_ATTRIBUTES.contains(&name.as_str())
                || name.strip_prefix("custom:").is_some_and(|custom| {
                    !custom.is_empty()
                        && self
                            .pool
                            .custom_attributes
                            .as_ref()
                            .is_none_or(|list| list.iter().any(|c| c == custom || c == name))
                });
            if !known {
                return Err(CognitoError::new(
                    ExceptionType::UserNotFoundException,
                    format!(
                        "Attributes did not conform to the schema: {name}: Attribute does not exist in the schema."
                    ),
                ));
            }
        }
        if let Some(email) = attributes.get("email")
            && !looks_like_email(email)
        {
            return Err(CognitoError::invalid_parameter(
                "Invalid email address format.",
            ));
        }
        if let Some(phone) = attributes.get("phone_number")
            && !looks_like_phone(phone)
        {
            return Err(CognitoError::invalid_parameter(
                "Invalid phone number format.",
            ));
        }
        if sms_mfa && !attributes.contains_key("phone_number") {
            return Err(CognitoError::invalid_parameter(
                "SMS MFA requires a phone_number attribute.",
            ));
        }

        let mut user = User::new(String::new(), attributes);
        let sub = crate::random::uuid()?;
        user.username = if self.pool.username_attributes.is_empty() {
            request.username.clone()
        } else {
            sub.clone()
        };
        user.attributes.insert("sub".to_owned(), sub);
        user.status = status;
        user.sms_mfa = sms_mfa;
        self.claim_aliases(&user, force_alias)?;
        Ok(user)
    }

    /// Checks the new user's aliases against other users; with `force`, moves them.
    fn claim_aliases(&mut self, user: &User, force: bool) -> Result<(), CognitoError> {
        let sensitive = self.pool.username_case_sensitive;
        for alias in self.pool.alias_attributes.clone() {
            let Some(value) = user.attribute(alias.attribute()) else {
                continue;
            };
            if alias
                .verified_flag()
                .is_some_and(|flag| !user.is_verified(flag))
            {
                continue;
            }
            let holder = self
                .users()
                .find(|other| {
                    other.username != user.username
                        && other
                            .attribute(alias.attribute())
                            .is_some_and(|v| fold(v, sensitive) == fold(value, sensitive))
                        && alias
                            .verified_flag()
                            .is_none_or(|flag| other.is_verified(flag))
                })
                .cloned();
            let Some(mut holder) = holder else {
                continue;
            };
            if !force {
                return Err(CognitoError::new(
                    ExceptionType::AliasExistsException,
                    format!(
                        "An account with the given {} already exists.",
                        alias.attribute()
                    ),
                ));
            }
            match alias {
                AliasAttribute::PreferredUsername => {
                    holder.attributes.remove("preferred_username");
                }
                AliasAttribute::Email | AliasAttribute::PhoneNumber => {
                    if let Some(flag) = alias.verified_flag() {
                        holder
                            .attributes
                            .insert(flag.to_owned(), "false".to_owned());
                    }
                }
            }
            self.report.notes.push(format!(
                "forceAliasCreation: {} moved from user {}",
                alias.attribute(),
                holder.username
            ));
            self.upsert_user(holder);
        }
        Ok(())
    }

    /// `CustomMessage_ForgotPassword`, then the text to send: `(subject, body, custom)`.
    async fn compose(
        &mut self,
        user: &User,
        client_id: &str,
        client_metadata: &BTreeMap<String, String>,
        medium: DeliveryMedium,
    ) -> Result<(Option<String>, String, bool), CognitoError> {
        let template = self.pool.message_template.clone();
        let (mut email_subject, mut email_message, mut sms_message) = (None, None, None);
        if let Some(hook) = self.custom_message.as_ref() {
            let mut attributes = user.attributes.clone();
            attributes.insert(
                "cognito:user_status".to_owned(),
                user.status.as_str().to_owned(),
            );
            let mut request_json = Map::new();
            request_json.insert("userAttributes".to_owned(), json!(attributes));
            request_json.insert("codeParameter".to_owned(), json!(CODE_PARAMETER));
            request_json.insert("linkParameter".to_owned(), json!(LINK_PARAMETER));
            request_json.insert("usernameParameter".to_owned(), Value::Null);
            if !client_metadata.is_empty() {
                request_json.insert("clientMetadata".to_owned(), json!(client_metadata));
            }
            let event = trigger_event(
                &self.pool,
                "CustomMessage_ForgotPassword",
                &user.username,
                client_id,
                Value::Object(request_json),
                json!({"smsMessage": null, "emailMessage": null, "emailSubject": null}),
            );
            let context = lambda_context(self.pool.region(), "custom-message");
            let (record, outcome) =
                invoke::<CustomMessageEvent, _>(event, context, |event| async move {
                    custom_message::handle(hook, event).await
                })
                .await;
            self.report.invocations.push(record);
            let returned = outcome?;
            let response = response_object(&returned)?;
            email_subject = optional_string(response, "emailSubject")?;
            email_message = optional_string(response, "emailMessage")?;
            sms_message = optional_string(response, "smsMessage")?;
        }

        if self.pool.email_sending_account == EmailSendingAccount::CognitoDefault
            && (email_subject.is_some() || email_message.is_some())
        {
            return Err(CognitoError::invalid_lambda_response(
                "Invalid lambda function output : emailMessage and emailSubject need EmailSendingAccount DEVELOPER (Amazon SES)",
            ));
        }

        let fallback = self.pool.custom_message_fallback;
        let mut checked = |value: Option<String>,
                           check: fn(&str) -> Result<(), CognitoError>,
                           default: &str,
                           field: &str|
         -> Result<(String, bool), CognitoError> {
            let Some(value) = value else {
                return Ok((default.to_owned(), false));
            };
            match check(&value) {
                Ok(()) => Ok((value, true)),
                Err(error) if fallback => {
                    self.report.notes.push(format!(
                        "custom {field} broke Cognito's constraints ({}); the pool's template was sent",
                        error.message()
                    ));
                    Ok((default.to_owned(), false))
                }
                Err(error) => Err(error),
            }
        };
        Ok(match medium {
            DeliveryMedium::Email => {
                let (subject, custom_subject) = checked(
                    email_subject,
                    validate::custom_email_subject,
                    &template.email_subject,
                    "emailSubject",
                )?;
                let (body, custom_body) = checked(
                    email_message,
                    validate::custom_email_body,
                    &template.email_message,
                    "emailMessage",
                )?;
                (Some(subject), body, custom_subject || custom_body)
            }
            DeliveryMedium::Sms => {
                let (body, custom) = checked(
                    sms_message,
                    validate::custom_sms,
                    &template.sms_message,
                    "smsMessage",
                )?;
                (None, body, custom)
            }
        })
    }
}

/// The `response` object of a trigger's returned event.
fn response_object(returned: &Value) -> Result<&Map<String, Value>, CognitoError> {
    returned
        .get("response")
        .and_then(Value::as_object)
        .ok_or_else(CognitoError::unrecognizable_lambda_output)
}

/// A string member of a trigger's `response`: absent or `null` is `None`; any other type is
/// refused as unrecognizable output.
fn optional_string(
    response: &Map<String, Value>,
    name: &str,
) -> Result<Option<String>, CognitoError> {
    match response.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(CognitoError::unrecognizable_lambda_output()),
    }
}

/// Turns a JSON object of strings into a map; any other value type is refused.
fn string_map(map: &Map<String, Value>) -> Result<BTreeMap<String, String>, CognitoError> {
    map.iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| match v {
            Value::String(s) => Ok((k.clone(), s.clone())),
            _ => Err(CognitoError::unrecognizable_lambda_output()),
        })
        .collect()
}

/// `local@domain` with non-empty parts and no whitespace.
pub(crate) fn looks_like_email(value: &str) -> bool {
    match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !value.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// E.164: `+` and 1–15 digits.
pub(crate) fn looks_like_phone(value: &str) -> bool {
    value.strip_prefix('+').is_some_and(|digits| {
        (1..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
    })
}
