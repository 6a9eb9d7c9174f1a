//! `custom-sms-sender`: the reference Cognito custom SMS sender function.
//!
//! Decrypts each code with the pool's KMS key (`CUSTOM_SENDER_KMS_KEY_ARN`), renders the
//! custom message templates' SMS (built in, or `CUSTOM_MESSAGE_TEMPLATE_DIR`) and sends it
//! through Amazon SNS (`CUSTOM_SMS_SENDER_TYPE`, `CUSTOM_SMS_SENDER_ID`). A missing setting
//! stops the function at start-up, with the setting named in the log.

use cognito_message_templates::TemplateMessages;
use cognito_sender_delivery::{KmsDecryptor, SnsOutbox, TemplateSmsSender};
use cognito_triggers::custom_sender::kms::aws_config_from_env;
use cognito_triggers::custom_sms_sender;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), cognito_triggers::Error> {
    cognito_triggers::logging::init();
    let refuse = |error: &dyn std::fmt::Display| {
        tracing::error!(error = %error, "custom SMS sender is not configured; refusing to start");
    };
    let aws = aws_config_from_env().await;
    let decryptor = KmsDecryptor::from_config(&aws).inspect_err(|e| refuse(e))?;
    let templates = TemplateMessages::from_env().inspect_err(|e| refuse(e))?;
    let outbox = SnsOutbox::from_env(&aws).inspect_err(|e| refuse(e))?;
    custom_sms_sender::run(decryptor, TemplateSmsSender::new(templates, outbox)).await
}
