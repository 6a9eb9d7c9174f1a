//! `pre-sign-up`: the Cognito pre sign-up Lambda function, configured through environment
//! variables (see the crate's README). A bad configuration stops it before it serves anything.

use std::process::ExitCode;

use cognito_signup_policy::PreSignUpPolicy;
use cognito_triggers::pre_sign_up;
use cognito_triggers::serve::{exit_code, refuse_to_start};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let policy = match PreSignUpPolicy::from_env().await {
        Ok(policy) => policy,
        Err(error) => return refuse_to_start("pre-sign-up", &error),
    };
    exit_code("pre-sign-up", pre_sign_up::run(policy).await)
}
