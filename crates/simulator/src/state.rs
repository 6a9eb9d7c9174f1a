//! What persists between calls: created and changed users, pending codes and the outbox.

use std::collections::BTreeMap;
use std::io::Write as _;
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
    ///
    /// The file holds reset codes and password digests: on Unix, an existing file that group or
    /// others may read is first restricted to its owner (mode 0600).
    pub fn load(path: impl AsRef<Path>, pool_id: &str) -> Result<State, Error> {
        let path = path.as_ref();
        let io = |source| Error::Io {
            path: path.to_owned(),
            source,
        };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::new(pool_id)),
            Err(source) => return Err(io(source)),
        };
        restrict_to_owner(path).map_err(io)?;
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
    ///
    /// On Unix a folder it creates gets mode 0700 and the file mode 0600 from the moment they
    /// exist: the new content goes to a fresh `<file>.tmp` (a leftover one is removed first,
    /// never written through) that then replaces the file, so a file that was readable by
    /// others is replaced by an owner-only one.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let io = |source| Error::Io {
            path: path.to_owned(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir).map_err(io)?;
        }
        let json = serde_json::to_string_pretty(self).map_err(|e| Error::Parse {
            what: "state".to_owned(),
            detail: e.to_string(),
        })?;
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = std::path::PathBuf::from(tmp);
        match std::fs::remove_file(&tmp) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(io(source)),
        }
        let written = create_private_file(&tmp).and_then(|mut file| {
            file.write_all(json.as_bytes())?;
            file.write_all(b"\n")?;
            file.sync_all()
        });
        if let Err(source) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(source));
        }
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

/// Creates `dir` and its missing parents; on Unix the created folders get mode 0700.
/// An existing folder is left as it is (it may be a shared one such as `/tmp`).
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates a new file that must not exist yet (so no symlink or other file is followed), on
/// Unix with mode 0600 from the start.
fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// On Unix, removes every group and other permission bit of an existing file.
#[cfg(unix)]
fn restrict_to_owner(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode();
    if mode & 0o077 != 0 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700))?;
    }
    Ok(())
}

/// Elsewhere the file keeps the permissions of its folder.
#[cfg(not(unix))]
fn restrict_to_owner(_path: &Path) -> std::io::Result<()> {
    Ok(())
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

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::symlink_metadata(path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    }

    #[cfg(unix)]
    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("cognito-sim-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    #[cfg(unix)]
    fn with_code(code: &str) -> State {
        let mut state = State::new("eu-central-1_Test");
        state.pending_codes.insert(
            "alice".to_owned(),
            PendingCode {
                code: code.to_owned(),
                issued_at: 42,
            },
        );
        state
    }

    #[cfg(unix)]
    #[test]
    fn a_new_state_file_and_its_folder_are_private_to_the_owner() {
        let dir = scratch("private");
        let folder = dir.join(".cognito-triggers");
        let path = folder.join("state.json");
        with_code("123456").save(&path).expect("save");
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&path), 0o600);
        assert!(!folder.join("state.json.tmp").exists());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_state_file_readable_by_others_is_tightened_by_save_and_by_load() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("tighten");
        let path = dir.join("state.json");
        let open = std::fs::Permissions::from_mode(0o644);

        with_code("111111").save(&path).expect("save");
        std::fs::set_permissions(&path, open.clone()).expect("chmod");
        with_code("222222").save(&path).expect("save over");
        assert_eq!(mode(&path), 0o600);

        std::fs::set_permissions(&path, open).expect("chmod");
        let loaded = State::load(&path, "eu-central-1_Test").expect("load");
        assert_eq!(loaded.pending_codes["alice"].code, "222222");
        assert_eq!(mode(&path), 0o600);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_tmp_file_is_replaced_not_written_through() {
        // Someone who can write to the folder plants `state.json.tmp` as a link to a file of
        // theirs (to receive the codes) or of the victim's (to overwrite it).
        let dir = scratch("planted");
        let path = dir.join("state.json");
        let target = dir.join("elsewhere.txt");
        std::fs::write(&target, "untouched").expect("target");
        std::os::unix::fs::symlink(&target, dir.join("state.json.tmp")).expect("symlink");

        with_code("654321").save(&path).expect("save");
        assert_eq!(
            std::fs::read_to_string(&target).expect("target"),
            "untouched"
        );
        assert_eq!(mode(&path), 0o600);
        assert!(
            std::fs::read_to_string(&path)
                .expect("state")
                .contains("654321")
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
