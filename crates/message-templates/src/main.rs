//! `custom-message`: the reference Cognito custom message function.
//!
//! Renders every message from the built-in templates, or from `CUSTOM_MESSAGE_TEMPLATE_DIR`;
//! see the `cognito-message-templates` crate for the other settings. A template set that does not
//! load stops the function at start-up, with the file named in the log.

use cognito_message_templates::TemplateMessages;
use cognito_triggers::custom_message;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), cognito_triggers::Error> {
    cognito_triggers::logging::init();
    let messages = TemplateMessages::from_env().inspect_err(|error| {
        tracing::error!(error = %error, "custom message templates did not load; refusing to start");
    })?;
    custom_message::run(messages).await
}
