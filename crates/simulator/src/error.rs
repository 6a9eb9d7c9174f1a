//! [`CognitoError`]: what the Cognito API returns; [`Error`]: loading pool and state files.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The exception types the simulated API returns (the `__type` of an AWS error response).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ExceptionType {
    /// A request parameter is invalid, or the user has no verified channel for the code.
    InvalidParameterException,
    /// Wrong or missing `SecretHash`, disabled user, user state that forbids a reset.
    NotAuthorizedException,
    /// Unknown user (with `PreventUserExistenceErrors` LEGACY), or a failed migration.
    UserNotFoundException,
    /// Unknown app client.
    ResourceNotFoundException,
    /// A trigger function returned an error.
    UserLambdaValidationException,
    /// A trigger function's output could not be used.
    InvalidLambdaResponseException,
    /// A trigger function could not be invoked or timed out.
    UnexpectedLambdaException,
    /// The confirmation code is wrong.
    CodeMismatchException,
    /// The confirmation code has expired, or none was requested.
    ExpiredCodeException,
    /// The new password breaks the pool's password policy.
    InvalidPasswordException,
    /// An email or phone number returned by a migration is already another user's alias.
    AliasExistsException,
    /// An internal failure of the simulator (for example no randomness available).
    InternalErrorException,
}

impl ExceptionType {
    /// The name as it appears in `__type` and in SDK error messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ExceptionType::InvalidParameterException => "InvalidParameterException",
            ExceptionType::NotAuthorizedException => "NotAuthorizedException",
            ExceptionType::UserNotFoundException => "UserNotFoundException",
            ExceptionType::ResourceNotFoundException => "ResourceNotFoundException",
            ExceptionType::UserLambdaValidationException => "UserLambdaValidationException",
            ExceptionType::InvalidLambdaResponseException => "InvalidLambdaResponseException",
            ExceptionType::UnexpectedLambdaException => "UnexpectedLambdaException",
            ExceptionType::CodeMismatchException => "CodeMismatchException",
            ExceptionType::ExpiredCodeException => "ExpiredCodeException",
            ExceptionType::InvalidPasswordException => "InvalidPasswordException",
            ExceptionType::AliasExistsException => "AliasExistsException",
            ExceptionType::InternalErrorException => "InternalErrorException",
        }
    }

    /// The HTTP status Cognito answers with: 500 for `InternalErrorException`, 400 otherwise.
    pub fn http_status(self) -> u16 {
        match self {
            ExceptionType::InternalErrorException => 500,
            _ => 400,
        }
    }
}

impl fmt::Display for ExceptionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error as the Cognito API returns it: an exception type and Cognito's message.
///
/// `Display` gives `<Type>: <message>`, as the AWS CLI and SDKs print it;
/// [`CognitoError::to_json`] gives the body of the HTTP response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{exception}: {message}")]
pub struct CognitoError {
    exception: ExceptionType,
    message: String,
}

impl CognitoError {
    /// An error of the given type with the given message.
    pub fn new(exception: ExceptionType, message: impl Into<String>) -> Self {
        Self {
            exception,
            message: message.into(),
        }
    }

    /// The exception type.
    pub fn exception(&self) -> ExceptionType {
        self.exception
    }

    /// The exception name, e.g. `UserNotFoundException`.
    pub fn name(&self) -> &'static str {
        self.exception.as_str()
    }

    /// Cognito's message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error body as the AWS API returns it: `{"__type": "...", "message": "..."}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "__type": self.name(), "message": self.message })
    }

    pub(crate) fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(ExceptionType::InvalidParameterException, message)
    }

    pub(crate) fn not_authorized(message: impl Into<String>) -> Self {
        Self::new(ExceptionType::NotAuthorizedException, message)
    }

    pub(crate) fn user_not_found() -> Self {
        Self::new(
            ExceptionType::UserNotFoundException,
            "Username/client id combination not found.",
        )
    }

    pub(crate) fn invalid_lambda_response(message: impl Into<String>) -> Self {
        Self::new(ExceptionType::InvalidLambdaResponseException, message)
    }

    /// `InvalidLambdaResponseException: Unrecognizable lambda output`, for output of the wrong
    /// shape.
    pub(crate) fn unrecognizable_lambda_output() -> Self {
        Self::invalid_lambda_response("Unrecognizable lambda output")
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(ExceptionType::InternalErrorException, message)
    }
}

/// Why a pool file or state file could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read or written.
    #[error("cannot access {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid JSON of the expected shape.
    #[error("{what} is not valid: {detail}")]
    Parse {
        /// Which file (or "the built-in demo pool").
        what: String,
        /// The JSON path and the problem.
        detail: String,
    },
    /// The pool's content is inconsistent (duplicate users, bad recovery setting, …).
    #[error("invalid pool: {0}")]
    InvalidPool(String),
    /// The state file belongs to another pool.
    #[error(
        "state file {path} belongs to pool {found}, not {expected}; pass another state file or delete it"
    )]
    StateMismatch {
        /// The state file.
        path: PathBuf,
        /// The pool id the state file was written for.
        found: String,
        /// The pool id in use.
        expected: String,
    },
}
