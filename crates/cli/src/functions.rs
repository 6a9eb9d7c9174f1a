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
}

impl Function {
    /// The binary name, e.g. `pre-sign-up`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Function::PreSignUp => "pre-sign-up",
            Function::CustomMessage => "custom-message",
            Function::UserMigration => "user-migration",
        }
    }

    /// The reference function serving `trigger`; `None` for triggers without one (their no-op
    /// hook runs instead).
    pub(crate) fn for_trigger(trigger: Trigger) -> Option<Self> {
        match trigger {
            Trigger::PreSignUp => Some(Function::PreSignUp),
            Trigger::CustomMessage => Some(Function::CustomMessage),
            Trigger::UserMigration => Some(Function::UserMigration),
            _ => None,
        }
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

/// Builds `function` from its environment configuration and runs it on `event`; with no
/// function, runs the trigger's no-op hook ([`CognitoDefault`](cognito_triggers::CognitoDefault)).
pub(crate) async fn invoke(
    function: Option<Function>,
    event: &[u8],
) -> Result<serde_json::Value, InvokeFailure> {
    let context = Context::default();
    let Some(function) = function else {
        return Router::new()
            .handle_json(event, context)
            .await
            .map_err(InvokeFailure::Trigger);
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
    result.map_err(InvokeFailure::Trigger)
}
