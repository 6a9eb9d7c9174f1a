//! `pre-sign-up`: the Cognito pre sign-up Lambda function, configured through environment
//! variables (see the crate's README). A bad configuration stops it before it serves anything.

use std::process::ExitCode;

use cognito_signup_policy::PreSignUpPolicy;
use cognito_triggers::pre_sign_up;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let policy = match PreSignUpPolicy::from_env().await {
        Ok(policy) => policy,
        Err(error) => {
            eprintln!("pre-sign-up: refusing to start: {error}");
            return ExitCode::FAILURE;
        }
    };
    match pre_sign_up::run(policy).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pre-sign-up: the Lambda runtime stopped: {error}");
            ExitCode::FAILURE
        }
    }
}
