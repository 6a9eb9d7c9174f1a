//! `custom-sms-sender`: the reference Cognito custom SMS sender function.
//!
//! Decrypts each code with the pool's KMS key (`CUSTOM_SENDER_KMS_KEY_ARN`), renders the
//! custom message templates' SMS (built in, or `CUSTOM_MESSAGE_TEMPLATE_DIR`) and sends it
//! through Amazon SNS (`CUSTOM_SMS_SENDER_TYPE`, `CUSTOM_SMS_SENDER_ID`). A missing or invalid
//! setting stops the function at start-up: an error record in the log and one line on standard
//! error, both naming the setting, and a non-zero exit.

use std::process::ExitCode;

use cognito_sender_delivery::{SenderSetup, SnsOutbox, TemplateSmsSender};
use cognito_triggers::custom_sms_sender;
use cognito_triggers::serve::{exit_code, refuse_to_start};

/// The function's name, at the start of its lines on standard error.
const NAME: &str = "custom-sms-sender";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    cognito_triggers::logging::init();
    let setup = match SenderSetup::from_env().await {
        Ok(setup) => setup,
        Err(error) => return refuse_to_start(NAME, &error),
    };
    let outbox = match SnsOutbox::from_env(&setup.aws) {
        Ok(outbox) => outbox,
        Err(error) => return refuse_to_start(NAME, &error),
    };
    let sender = TemplateSmsSender::new(setup.templates, outbox);
    exit_code(NAME, custom_sms_sender::run(setup.decryptor, sender).await)
}
