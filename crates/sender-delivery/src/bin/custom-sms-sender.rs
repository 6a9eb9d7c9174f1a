//! `custom-sms-sender`: the reference Cognito custom SMS sender function.
//!
//! Decrypts each code with the pool's KMS key (`CUSTOM_SENDER_KMS_KEY_ARN`), renders the
//! custom message templates' SMS (built in, or `CUSTOM_MESSAGE_TEMPLATE_DIR`) and sends it
//! through Amazon SNS (`CUSTOM_SMS_SENDER_TYPE`, `CUSTOM_SMS_SENDER_ID`). A missing or invalid
//! setting stops the function at start-up: an error record in the log and one line on standard
//! error, both naming the setting, and a non-zero exit.

use std::process::ExitCode;

use cognito_aws_env::aws_config_from_env;
use cognito_message_templates::TemplateMessages;
use cognito_sender_delivery::{KmsDecryptor, SnsOutbox, TemplateSmsSender};
use cognito_triggers::custom_sms_sender;

/// The name the function's own lines on standard error start with.
const NAME: &str = "custom-sms-sender";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    cognito_triggers::logging::init();
    let aws = aws_config_from_env(KmsDecryptor::TIMEOUTS).await;
    let decryptor = match KmsDecryptor::from_config(&aws) {
        Ok(decryptor) => decryptor,
        Err(error) => return refuse(&error),
    };
    let templates = match TemplateMessages::from_env() {
        Ok(templates) => templates,
        Err(error) => return refuse(&error),
    };
    let outbox = match SnsOutbox::from_env(&aws) {
        Ok(outbox) => outbox,
        Err(error) => return refuse(&error),
    };
    match custom_sms_sender::run(decryptor, TemplateSmsSender::new(templates, outbox)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{NAME}: {}", one_line(&error));
            ExitCode::FAILURE
        }
    }
}

/// A configuration the function cannot start with: an error record for the log, one readable
/// line on standard error naming the setting, and a failed exit.
fn refuse(error: &dyn std::fmt::Display) -> ExitCode {
    tracing::error!(error = %error, "custom SMS sender is not configured; refusing to start");
    eprintln!("{NAME}: {}; refusing to start", one_line(error));
    ExitCode::FAILURE
}

/// `error`'s text on one line.
fn one_line(error: &dyn std::fmt::Display) -> String {
    error
        .to_string()
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
