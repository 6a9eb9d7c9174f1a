//! Shared helpers: sample events from `events/`, scratch template directories.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::{fs, io};

use cognito_message_templates::SampleEvent;
use cognito_triggers::custom_message::{CustomMessageEvent, MessageRequest};

pub(crate) use workspace_harness::events_dir;

/// The workspace's `templates/` directory.
pub(crate) fn templates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates")
}

/// Parses a custom message event from JSON.
pub(crate) fn event_from_json(json: &str) -> CustomMessageEvent {
    cognito_triggers::decode_event(json.as_bytes()).expect("a custom message event")
}

/// The request of `events/<name>` (or `events/variants/<name>`).
pub(crate) fn request(name: &str) -> MessageRequest {
    let path = events_dir().join(name);
    let json =
        fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    cognito_triggers::lifecycle::Event::request(&event_from_json(&json))
}

/// Every custom message sample event: `events/CustomMessage_*.json` and the variants whose
/// `triggerSource` starts with `CustomMessage_`.
pub(crate) fn sample_events() -> Vec<SampleEvent> {
    let mut events = Vec::new();
    for dir in [events_dir(), events_dir().join("variants")] {
        let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
            .expect("events directory")
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let json = fs::read_to_string(&path).expect("readable event");
            if !json.contains("\"CustomMessage_") {
                continue;
            }
            let event = event_from_json(&json);
            events.push(SampleEvent {
                name: path
                    .strip_prefix(events_dir())
                    .unwrap_or(&path)
                    .display()
                    .to_string(),
                request: cognito_triggers::lifecycle::Event::request(&event),
            });
        }
    }
    events
}

/// A fresh, empty scratch directory under the system temp dir.
pub(crate) fn scratch_dir(label: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "custom-message-test-{}-{label}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A scratch copy of the default template set.
pub(crate) fn copy_of_templates(label: &str) -> PathBuf {
    let dir = scratch_dir(label);
    copy_dir(&templates_dir(), &dir).expect("copy templates");
    dir
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Writes `contents` to `dir/relative`, creating directories.
pub(crate) fn write(dir: &Path, relative: &str, contents: &str) {
    let path = dir.join(relative);
    fs::create_dir_all(path.parent().expect("a parent")).expect("create dirs");
    fs::write(path, contents).expect("write template");
}
