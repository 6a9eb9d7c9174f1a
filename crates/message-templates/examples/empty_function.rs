//! The baseline for `benches/lambda_e2e.py`: a custom message function that keeps Cognito's
//! default message, so the benchmark can compare the template function against it.

use cognito_triggers::CognitoDefault;
use cognito_triggers::custom_message;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), cognito_triggers::Error> {
    custom_message::run(CognitoDefault).await
}
