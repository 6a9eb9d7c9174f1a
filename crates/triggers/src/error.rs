//! Errors: [`HookError`] is what hooks return, [`TriggerError`] is what a handled event fails with.
//!
//! Only a deliberate rejection ([`HookError::reject`]) reaches the person using the app with its
//! own words. Every other failure is logged with its full cause chain and reaches Cognito as
//! [`GENERIC_USER_MESSAGE`], so serde internals, SQL errors or secrets never end up on a screen.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use lambda_runtime::Diagnostic;

use crate::event::Trigger;

/// A boxed error, as hooks and the Lambda runtime pass them around.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

pub use crate::rules::{GENERIC_USER_MESSAGE, MAX_REJECTION_CHARS};

/// Why a hook did not return a decision: a deliberate rejection, or a failure.
///
/// `?` works inside hooks: any [`std::error::Error`] converts into a failure. Because of that
/// blanket conversion, `HookError` itself does not implement `std::error::Error` (the same
/// trade-off `anyhow::Error` makes).
///
/// ```
/// use cognito_triggers::HookError;
///
/// fn check(domain: &str) -> Result<(), HookError> {
///     if domain == "spam.example" {
///         return Err(HookError::reject("Sign-ups from this email domain are not allowed"));
///     }
///     let _port: u16 = "5432".parse()?; // a failure: logged, generic text to the user
///     Ok(())
/// }
/// assert!(check("spam.example").unwrap_err().is_rejection());
/// ```
pub struct HookError {
    kind: HookErrorKind,
}

enum HookErrorKind {
    Rejected(String, Option<&'static str>),
    Failed(BoxError),
}

impl HookError {
    /// A deliberate refusal. Cognito shows `message` to the person using the app, as
    /// `<Trigger> failed with error <message>.`: keep it short, user-safe and free of secrets.
    pub fn reject(message: impl Into<String>) -> Self {
        Self {
            kind: HookErrorKind::Rejected(message.into(), None),
        }
    }

    /// Tags a rejection with a short, stable reason code (e.g. `"blocked_domain"`) for the
    /// operator: the one log record of the rejection carries it as `reason`, and
    /// [`TriggerError::Rejected`] as `reason`. The user still sees only the message. No effect on
    /// a failure.
    ///
    /// ```
    /// use cognito_triggers::HookError;
    ///
    /// let error = HookError::reject("Sign-ups from this email domain are not allowed")
    ///     .with_reason("blocked_domain");
    /// assert_eq!(error.rejection_reason(), Some("blocked_domain"));
    /// ```
    #[must_use]
    pub fn with_reason(mut self, reason: &'static str) -> Self {
        if let HookErrorKind::Rejected(_, code) = &mut self.kind {
            *code = Some(reason);
        }
        self
    }

    /// The reason code of a rejection, when [`HookError::with_reason`] set one.
    pub fn rejection_reason(&self) -> Option<&'static str> {
        match &self.kind {
            HookErrorKind::Rejected(_, reason) => *reason,
            HookErrorKind::Failed(_) => None,
        }
    }

    /// A failure (a bug, a dependency down, …): logged with its cause chain; Cognito sees only
    /// [`GENERIC_USER_MESSAGE`].
    pub fn failed(error: impl Into<BoxError>) -> Self {
        Self {
            kind: HookErrorKind::Failed(error.into()),
        }
    }

    /// Whether this is a deliberate rejection.
    pub fn is_rejection(&self) -> bool {
        matches!(self.kind, HookErrorKind::Rejected(..))
    }

    /// The message of a deliberate rejection, as the hook wrote it; `None` for a failure.
    pub fn rejection_message(&self) -> Option<&str> {
        match &self.kind {
            HookErrorKind::Rejected(message, _) => Some(message),
            HookErrorKind::Failed(_) => None,
        }
    }

    pub(crate) fn into_trigger_error(self, trigger: Trigger) -> TriggerError {
        match self.kind {
            HookErrorKind::Rejected(message, reason) => TriggerError::Rejected {
                trigger,
                message: crate::rules::clean_rejection(&message),
                reason,
            },
            HookErrorKind::Failed(source) => TriggerError::HookFailed { trigger, source },
        }
    }
}

impl<E: StdError + Send + Sync + 'static> From<E> for HookError {
    fn from(error: E) -> Self {
        Self::failed(error)
    }
}

impl fmt::Debug for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            HookErrorKind::Rejected(message, None) => {
                f.debug_tuple("Rejected").field(message).finish()
            }
            HookErrorKind::Rejected(message, Some(reason)) => f
                .debug_tuple("Rejected")
                .field(message)
                .field(reason)
                .finish(),
            HookErrorKind::Failed(source) => f.debug_tuple("Failed").field(source).finish(),
        }
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            HookErrorKind::Rejected(message, _) => write!(f, "rejected: {message}"),
            HookErrorKind::Failed(source) => write!(f, "failed: {}", ErrorChain(source.as_ref())),
        }
    }
}

/// Why handling a trigger event failed.
///
/// [`TriggerError::user_message`] is what Cognito passes to the app; `Display` (and the log line
/// written when the error is created) holds the details for operators.
#[derive(Debug)]
#[non_exhaustive]
pub enum TriggerError {
    /// The hook refused on purpose; `message` is shown to the user.
    Rejected {
        /// The trigger that refused.
        trigger: Trigger,
        /// The user-safe message, cleaned of control characters and length-capped.
        message: String,
        /// The hook's reason code ([`HookError::with_reason`]), for the log; never shown to the
        /// user.
        reason: Option<&'static str>,
    },
    /// The hook failed.
    HookFailed {
        /// The trigger whose hook failed.
        trigger: Trigger,
        /// The cause.
        source: BoxError,
    },
    /// The hook did not decide within its time budget.
    DeadlineExceeded {
        /// The trigger whose hook was too slow.
        trigger: Trigger,
        /// The budget it had.
        budget: Duration,
    },
    /// The payload is not a trigger event this crate handles.
    InvalidEvent {
        /// The trigger the payload was decoded for, if known.
        trigger: Option<Trigger>,
        /// What is wrong, with the JSON path (no values are quoted).
        detail: String,
    },
}

impl TriggerError {
    /// The trigger concerned, when known.
    pub fn trigger(&self) -> Option<Trigger> {
        match self {
            TriggerError::Rejected { trigger, .. }
            | TriggerError::HookFailed { trigger, .. }
            | TriggerError::DeadlineExceeded { trigger, .. } => Some(*trigger),
            TriggerError::InvalidEvent { trigger, .. } => *trigger,
        }
    }

    /// The text Cognito passes on to the app: the rejection message, or
    /// [`GENERIC_USER_MESSAGE`] for every other failure.
    pub fn user_message(&self) -> &str {
        match self {
            TriggerError::Rejected { message, .. } => message,
            _ => GENERIC_USER_MESSAGE,
        }
    }

    /// A stable error type for the Lambda error response and metrics.
    pub fn error_type(&self) -> &'static str {
        match self {
            TriggerError::Rejected { .. } => "Rejected",
            TriggerError::HookFailed { .. } => "HookFailed",
            TriggerError::DeadlineExceeded { .. } => "DeadlineExceeded",
            TriggerError::InvalidEvent { .. } => "InvalidEvent",
        }
    }

    /// What the Cognito API caller receives, e.g.
    /// `UserLambdaValidationException: PreSignUp failed with error <message>.`
    pub fn cognito_error(&self) -> String {
        let trigger = self.trigger().map_or("Lambda", Trigger::as_str);
        format!(
            "UserLambdaValidationException: {trigger} failed with error {}.",
            self.user_message()
        )
    }
}

impl fmt::Display for TriggerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TriggerError::Rejected {
                trigger, message, ..
            } => {
                write!(f, "{trigger} hook rejected the request: {message}")
            }
            TriggerError::HookFailed { trigger, source } => {
                write!(f, "{trigger} hook failed: {}", ErrorChain(source.as_ref()))
            }
            TriggerError::DeadlineExceeded { trigger, budget } => {
                write!(
                    f,
                    "{trigger} hook did not finish within {} ms",
                    budget.as_millis()
                )
            }
            TriggerError::InvalidEvent {
                trigger: Some(trigger),
                detail,
            } => write!(f, "not a valid {trigger} event: {detail}"),
            TriggerError::InvalidEvent {
                trigger: None,
                detail,
            } => write!(f, "not a valid trigger event: {detail}"),
        }
    }
}

impl StdError for TriggerError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            TriggerError::HookFailed { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

impl From<TriggerError> for Diagnostic {
    fn from(error: TriggerError) -> Self {
        Diagnostic {
            error_type: error.error_type().to_owned(),
            error_message: error.user_message().to_owned(),
        }
    }
}

/// Displays an error followed by its sources: `outer: inner: root`.
pub(crate) struct ErrorChain<'a>(pub(crate) &'a (dyn StdError + 'static));

impl fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_never_reach_the_user() {
        let error = HookError::from(std::io::Error::other("db password=hunter2"))
            .into_trigger_error(Trigger::UserMigration);
        assert_eq!(error.user_message(), GENERIC_USER_MESSAGE);
        assert_eq!(
            error.cognito_error(),
            format!(
                "UserLambdaValidationException: UserMigration failed with error {GENERIC_USER_MESSAGE}."
            )
        );
        let diagnostic = Diagnostic::from(error);
        assert_eq!(diagnostic.error_type, "HookFailed");
        assert!(!diagnostic.error_message.contains("hunter2"));
    }
}
