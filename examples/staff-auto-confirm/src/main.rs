//! A pre sign-up trigger: staff addresses skip confirmation, everyone else needs an email.
use cognito_triggers::HookError;
use cognito_triggers::pre_sign_up::{self, PreSignUp, SignUpDecision, SignUpRequest};

struct StaffAutoConfirm;

impl PreSignUp for StaffAutoConfirm {
    async fn pre_sign_up(&self, request: SignUpRequest) -> Result<SignUpDecision, HookError> {
        match request.email() {
            Some(email) if email.ends_with("@example.com") => {
                Ok(SignUpDecision::accept().confirm_user().verify_email())
            }
            Some(_) => Ok(SignUpDecision::accept()),
            None => Err(HookError::reject("An email address is required")),
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), cognito_triggers::Error> {
    pre_sign_up::run(StaffAutoConfirm).await
}
