//! What persists between calls: created and changed users, pending codes and the outbox.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::pool::User;
use cognito_triggers::user_migration::DeliveryMedium;

/// The default state file, relative to the working directory.
pub const DEFAULT_STATE_PATH: &str = ".cognito-triggers/state.json";

/// The state file's format version.
pub const STATE_VERSION: u32 = 1;

/// The simulator's mutable state, stored as JSON between CLI calls.
///
/// `users` holds only users the simulator created (migration) or changed (a new password, an
/// alias moved away); they take the place of the pool file's user of the same username.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    /// Format version, [`STATE_VERSION`].
    #[serde(default)]
    pub version: u32,
    /// The pool this state belongs to.
    pub pool_id: String,
    /// Created or changed users.
    #[serde(default)]
    pub users: Vec<User>,
    /// Outstanding reset codes by username.
    #[serde(default)]
    pub pending_codes: BTreeMap<String, PendingCode>,
    /// Every message the simulator delivered, oldest first.
    #[serde(default)]
    pub outbox: Vec<DeliveredMessage>,
}

/// A reset code waiting for ConfirmForgotPassword.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingCode {
    /// The 6-digit code.
    pub code: String,
    /// When it was issued, in seconds since the Unix epoch.
    pub issued_at: u64,
}

/// A message the simulator "sent": the simulator's inbox for every user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveredMessage {
    /// When it was sent, in seconds since the Unix epoch.
    pub sent_at: u64,
    /// The trigger source that built it, e.g. `CustomMessage_ForgotPassword`.
    pub trigger_source: String,
    /// The recipient's username.
    pub username: String,
    /// `EMAIL` or `SMS`.
    pub channel: DeliveryMedium,
    /// The full (unmasked) email address or phone number.
    pub destination: String,
    /// The email subject; `None` for SMS.
    pub subject: Option<String>,
    /// The body with the code in place of the placeholder.
    pub body: String,
    /// Whether the text came from the custom message trigger (`false`: the pool's template).
    pub custom: bool,
}

impl State {
    /// An empty state for a pool.
    pub fn new(pool_id: impl Into<String>) -> Self {
        Self {
            version: STATE_VERSION,
            pool_id: pool_id.into(),
            ..Self::default()
        }
    }

    /// Loads the state file for `pool_id`; a missing file gives an empty state.
    pub fn load(path: impl AsRef<Path>, pool_id: &str) -> Result<State, Error> {
        let path = path.as_ref();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::new(pool_id)),
            Err(source) => {
                return Err(Error::Io {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        let mut deserializer = serde_json::Deserializer::from_str(&text);
        let state: State =
            serde_path_to_error::deserialize(&mut deserializer).map_err(|e| Error::Parse {
                what: format!("state file {}", path.display()),
                detail: e.to_string(),
            })?;
        if state.pool_id != pool_id {
            return Err(Error::StateMismatch {
                path: path.to_owned(),
                found: state.pool_id,
                expected: pool_id.to_owned(),
            });
        }
        Ok(state)
    }

    /// Writes the state file (creating its folder), replacing it atomically.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let io = |source| Error::Io {
            path: path.to_owned(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let json = serde_json::to_string_pretty(self).map_err(|e| Error::Parse {
            what: "state".to_owned(),
            detail: e.to_string(),
        })?;
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        std::fs::write(&tmp, json + "\n").map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// The outstanding code for a username, if any.
    pub fn pending_code(&self, username: &str) -> Option<&PendingCode> {
        self.pending_codes.get(username)
    }

    /// The newest delivered message.
    pub fn last_message(&self) -> Option<&DeliveredMessage> {
        self.outbox.last()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_and_load_round_trip() {
        let dir = std::env::temp_dir().join(format!("cognito-sim-state-{}", std::process::id()));
        let path = dir.join("nested").join("state.json");
        let mut state = State::new("eu-central-1_Test");
        state.pending_codes.insert(
            "alice".to_owned(),
            PendingCode {
                code: "123456".to_owned(),
                issued_at: 42,
            },
        );
        state.save(&path).expect("save");
        assert_eq!(
            State::load(&path, "eu-central-1_Test").expect("load"),
            state
        );
        let err = State::load(&path, "other_Pool").expect_err("mismatch");
        assert!(matches!(err, Error::StateMismatch { .. }));
        assert_eq!(
            State::load(dir.join("missing.json"), "p_1").expect("fresh"),
            State::new("p_1")
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
