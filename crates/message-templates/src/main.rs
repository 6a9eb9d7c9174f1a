//! `custom-message`: the reference Cognito custom message function.
//!
//! Renders every message from the built-in templates, or from `CUSTOM_MESSAGE_TEMPLATE_DIR`;
//! see the `cognito-message-templates` crate for the other settings. A template set that does not
//! load stops the function at start-up, with the file named in the log.

use std::process::ExitCode;

use cognito_message_templates::TemplateMessages;
use cognito_triggers::custom_message;
use cognito_triggers::serve::{exit_code, refuse_to_start};

/// Runs the function; anything that stops it is one line on standard error (exit 1).
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let messages = match TemplateMessages::from_env() {
        Ok(messages) => messages,
        Err(error) => return refuse_to_start("custom-message", &error),
    };
    exit_code("custom-message", custom_message::run(messages).await)
}
