//! A pre sign-up trigger: only staff addresses may sign up. The caller types the address, so
//! the domain decides who may try, never who is verified: Cognito still sends them a code.
use cognito_triggers::HookError;
use cognito_triggers::pre_sign_up::{self, PreSignUp, SignUpDecision, SignUpRequest};

struct StaffOnly;

impl PreSignUp for StaffOnly {
    async fn pre_sign_up(&self, request: SignUpRequest) -> Result<SignUpDecision, HookError> {
        match request.email() {
            Some(email) if email.to_ascii_lowercase().ends_with("@example.com") => {
                Ok(SignUpDecision::accept())
            }
            _ => Err(HookError::reject(
                "Please sign up with your example.com address",
            )),
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), cognito_triggers::Error> {
    pre_sign_up::run(StaffOnly).await
}
