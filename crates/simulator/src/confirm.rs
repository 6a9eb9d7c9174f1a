//! ConfirmForgotPassword as Cognito runs it: the code, its expiry and attempts, the password
//! policy, and Cognito's errors (`ConfirmForgotPassword` in the Cognito API reference).

use std::time::Duration;

use serde_json::json;

use crate::api::{ConfirmForgotPasswordRequest, ConfirmForgotPasswordResponse};
use crate::error::{CognitoError, ExceptionType};
use cognito_triggers::post_confirmation::{self, PostConfirmation, PostConfirmationEvent};

use crate::hooks::{invoke, lambda_context, trigger_event};
use crate::policy;
use crate::pool::{PreventUserExistenceErrors, UserStatus};
use crate::simulator::{CallReport, Simulator};
use crate::validate::no_space_ok;

/// How long a reset code is valid.
pub const CODE_VALIDITY: Duration = Duration::from_secs(3600);

/// `CodeMismatchException`'s message.
pub const CODE_MISMATCH: &str = "Invalid verification code provided, please try again.";
/// `ExpiredCodeException`'s message.
pub const CODE_EXPIRED: &str = "Invalid code provided, please request a code again.";

impl<M, C, P> Simulator<M, C, P>
where
    P: PostConfirmation,
{
    /// Runs `ConfirmForgotPassword`: parameters, app client and `SecretHash`; the user; the code
    /// (valid for one hour); the password policy; then sets the password, makes the user
    /// `CONFIRMED`, clears the code and runs `PostConfirmation_ConfirmForgotPassword`.
    ///
    /// # Errors
    ///
    /// `CodeMismatchException`, `ExpiredCodeException` (also when no code was requested),
    /// `InvalidPasswordException`, `UserNotFoundException`, `NotAuthorizedException`, …
    pub async fn confirm_forgot_password(
        &mut self,
        request: ConfirmForgotPasswordRequest,
    ) -> Result<ConfirmForgotPasswordResponse, CognitoError> {
        self.report = CallReport::default();
        let result = self.confirm_steps(&request).await;
        match &result {
            Ok(_) => tracing::info!("ConfirmForgotPassword succeeded"),
            Err(error) => tracing::info!(error = %error, "ConfirmForgotPassword failed"),
        }
        result
    }

    async fn confirm_steps(
        &mut self,
        request: &ConfirmForgotPasswordRequest,
    ) -> Result<ConfirmForgotPasswordResponse, CognitoError> {
        let client = self.check_client(
            &request.client_id,
            &request.username,
            request.secret_hash.as_deref(),
            |v| {
                if v.length("confirmationCode", &request.confirmation_code, 1, 2048) {
                    v.pattern(
                        "confirmationCode",
                        no_space_ok(&request.confirmation_code),
                        r"[\S]+",
                    );
                }
                if v.length("password", &request.password, 1, 256) {
                    v.pattern("password", no_space_ok(&request.password), r"[\S]+");
                }
            },
        )?;
        let prevent = client.prevent_user_existence_errors == PreventUserExistenceErrors::Enabled;
        let mismatch = || CognitoError::new(ExceptionType::CodeMismatchException, CODE_MISMATCH);

        let Some(mut user) = self.user(&request.username).cloned() else {
            return Err(if prevent {
                mismatch()
            } else {
                CognitoError::user_not_found()
            });
        };
        if !user.enabled {
            return Err(if prevent {
                mismatch()
            } else {
                CognitoError::not_authorized("User is disabled.")
            });
        }

        let expired = || CognitoError::new(ExceptionType::ExpiredCodeException, CODE_EXPIRED);
        let Some(pending) = self.state.pending_codes.get(&user.username).cloned() else {
            return Err(expired());
        };
        if self.now_seconds().saturating_sub(pending.issued_at) >= CODE_VALIDITY.as_secs() {
            self.state.pending_codes.remove(&user.username);
            return Err(expired());
        }
        if pending.code != request.confirmation_code {
            return Err(mismatch());
        }
        if let Err(reason) = policy::check(&self.pool.password_policy, &request.password) {
            return Err(CognitoError::new(
                ExceptionType::InvalidPasswordException,
                format!("Password does not conform to policy: {reason}"),
            ));
        }

        user.set_password(&request.password);
        user.status = UserStatus::Confirmed;
        self.state.pending_codes.remove(&user.username);
        self.upsert_user(user.clone());

        let Some(hook) = self.post_confirmation.as_ref() else {
            return Ok(ConfirmForgotPasswordResponse {});
        };
        let mut attributes = user.attributes.clone();
        attributes.insert(
            "cognito:user_status".to_owned(),
            user.status.as_str().to_owned(),
        );
        let mut request_json = json!({ "userAttributes": attributes });
        if !request.client_metadata.is_empty() {
            request_json["clientMetadata"] = json!(request.client_metadata);
        }
        let event = trigger_event(
            &self.pool,
            "PostConfirmation_ConfirmForgotPassword",
            &user.username,
            &request.client_id,
            request_json,
            json!({}),
        );
        let context = lambda_context(self.pool.region(), "post-confirmation");
        let (record, outcome) =
            invoke::<PostConfirmationEvent, _>(event, context, |event| async move {
                post_confirmation::handle(hook, event).await
            })
            .await;
        self.report.invocations.push(record);
        outcome.map(|_returned| ConfirmForgotPasswordResponse {})
    }
}
