//! The functions `invoke` can run, by name, and how each is built.

use cognito_triggers::{Context, Router, Trigger, TriggerError};

/// A deployable function of this project, named as its binary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Function {
    /// The pre sign-up function.
    PreSignUp,
    /// The custom message function.
    CustomMessage,
    /// The user migration function.
    UserMigration,
    /// The custom email sender function.
    CustomEmailSender,
    /// The custom SMS sender function.
    CustomSmsSender,
}

impl Function {
    /// The binary name, e.g. `pre-sign-up`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Function::PreSignUp => "pre-sign-up",
            Function::CustomMessage => "custom-message",
            Function::UserMigration => "user-migration",
            Function::CustomEmailSender => "custom-email-sender",
            Function::CustomSmsSender => "custom-sms-sender",
        }
    }

    /// The reference function serving `trigger`; `None` for triggers without one (their no-op
    /// hook runs instead).
    pub(crate) fn for_trigger(trigger: Trigger) -> Option<Self> {
        match trigger {
            Trigger::PreSignUp => Some(Function::PreSignUp),
            Trigger::CustomMessage => Some(Function::CustomMessage),
            Trigger::UserMigration => Some(Function::UserMigration),
            Trigger::CustomEmailSender => Some(Function::CustomEmailSender),
            Trigger::CustomSmsSender => Some(Function::CustomSmsSender),
            _ => None,
        }
    }

    /// Whether this is a custom sender, which `--dry-run` can run without AWS.
    pub(crate) fn is_sender(self) -> bool {
        matches!(
            self,
            Function::CustomEmailSender | Function::CustomSmsSender
        )
    }
}

/// Why a function could not be run at all.
#[derive(Debug)]
pub(crate) enum InvokeFailure {
    /// The function could not be set up from its configuration.
    Setup(String),
    /// The trigger returned an error, as Cognito would see it.
    Trigger(TriggerError),
}

/// How a sender function runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// For real: KMS decrypts the code, SES or SNS sends (at `AWS_ENDPOINT_URL` if set).
    Live,
    /// Nothing decrypted or sent: the message is printed, the code shown as `<encrypted>`.
    DryRun,
}

/// Builds `function` from its environment configuration and runs it on `event`; with no
/// function, runs the trigger's no-op hook ([`CognitoDefault`](cognito_triggers::CognitoDefault)).
pub(crate) async fn invoke(
    function: Option<Function>,
    event: &[u8],
    delivery: Delivery,
) -> Result<serde_json::Value, InvokeFailure> {
    let context = Context::default();
    let Some(function) = function else {
        return returned(Router::new().handle_json(event, context).await);
    };
    let result = match function {
        // REFERENCE FUNCTIONS: each arm builds the deployable function's hook the same way its
        // binary does (once), then routes the event through it.
        Function::PreSignUp => {
            let policy = cognito_signup_policy::PreSignUpPolicy::from_env()
                .await
                .map_err(|error| InvokeFailure::Setup(format!("pre sign-up policy: {error}")))?;
            Router::new()
                .pre_sign_up(policy)
                .handle_json(event, context)
                .await
        }
        Function::CustomMessage => {
            let messages =
                cognito_message_templates::TemplateMessages::from_env().map_err(|error| {
                    InvokeFailure::Setup(format!("custom message templates: {error}"))
                })?;
            Router::new()
                .custom_message(messages)
                .handle_json(event, context)
                .await
        }
        Function::CustomEmailSender | Function::CustomSmsSender => {
            return invoke_sender(function, event, delivery, context).await;
        }
        Function::UserMigration => {
            let migration = cognito_legacy_migration::LegacyMigration::from_env()
                .await
                .map_err(|error| InvokeFailure::Setup(format!("user migration: {error}")))?;
            Router::new()
                .user_migration(migration)
                .handle_json(event, context)
                .await
        }
    };
    returned(result)
}

/// The returned event as a JSON value, or the trigger's error.
fn returned(
    result: Result<Box<serde_json::value::RawValue>, TriggerError>,
) -> Result<serde_json::Value, InvokeFailure> {
    let raw = result.map_err(InvokeFailure::Trigger)?;
    serde_json::from_str(raw.get()).map_err(|error| {
        InvokeFailure::Trigger(TriggerError::InvalidEvent {
            trigger: None,
            detail: format!("the returned event is not JSON: {error}"),
        })
    })
}

/// Runs a custom sender: for real with KMS and SES/SNS, or as a dry run that prints the message.
async fn invoke_sender(
    function: Function,
    event: &[u8],
    delivery: Delivery,
    context: Context,
) -> Result<serde_json::Value, InvokeFailure> {
    use cognito_aws_env::aws_config_from_env;
    use cognito_code_decryption::KmsDecryptor;
    use cognito_sender_delivery::{
        PrintOutbox, SesOutbox, SnsOutbox, TemplateEmailSender, TemplateSmsSender,
    };
    use cognito_triggers::custom_sender::PlaceholderCode;

    let setup = |what: &str| {
        let what = what.to_owned();
        move |error: &dyn std::fmt::Display| InvokeFailure::Setup(format!("{what}: {error}"))
    };
    let templates = cognito_message_templates::TemplateMessages::from_env()
        .map_err(|error| setup("custom message templates")(&error))?;
    let email = function == Function::CustomEmailSender;
    let router = match delivery {
        Delivery::DryRun if email => Router::new().custom_email_sender(
            PlaceholderCode,
            TemplateEmailSender::new(templates, PrintOutbox),
        ),
        Delivery::DryRun => Router::new().custom_sms_sender(
            PlaceholderCode,
            TemplateSmsSender::new(templates, PrintOutbox),
        ),
        Delivery::Live => {
            let aws = aws_config_from_env(KmsDecryptor::TIMEOUTS).await;
            let decryptor =
                KmsDecryptor::from_config(&aws).map_err(|error| setup("KMS")(&error))?;
            if email {
                let outbox = SesOutbox::from_env(&aws).map_err(|error| setup("SES")(&error))?;
                Router::new()
                    .custom_email_sender(decryptor, TemplateEmailSender::new(templates, outbox))
            } else {
                let outbox = SnsOutbox::from_env(&aws).map_err(|error| setup("SNS")(&error))?;
                Router::new()
                    .custom_sms_sender(decryptor, TemplateSmsSender::new(templates, outbox))
            }
        }
    };
    returned(router.handle_json(event, context).await)
}
