//! Loading sample events from the workspace's `events/` folder.

use cognito_triggers::pre_sign_up::PreSignUpEvent;
use cognito_triggers::{Context, LambdaEvent};
use serde_json::Value;

pub(crate) use workspace_harness::events_dir;

/// The raw JSON of `events/<name>`.
pub(crate) fn raw(name: &str) -> Value {
    let path = events_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// `events/<name>` as a pre sign-up event.
pub(crate) fn event(name: &str) -> PreSignUpEvent {
    from_json(name, raw(name))
}

/// A pre sign-up event from JSON.
pub(crate) fn from_json(name: &str, json: Value) -> PreSignUpEvent {
    serde_json::from_value(json).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// Wraps `event` for `handle`, as the runtime would (no deadline).
pub(crate) fn invocation(event: PreSignUpEvent) -> LambdaEvent<PreSignUpEvent> {
    LambdaEvent::new(event, Context::default())
}

/// Every pre sign-up sample: `events/PreSignUp_*.json` and `events/variants/presignup-*.json`.
pub(crate) fn all_pre_sign_up_samples() -> Vec<String> {
    let mut names = Vec::new();
    for (folder, prefix) in [("", "PreSignUp_"), ("variants", "presignup-")] {
        let dir = events_dir().join(folder);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()));
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if file.starts_with(prefix) && file.ends_with(".json") {
                names.push(if folder.is_empty() {
                    file
                } else {
                    format!("{folder}/{file}")
                });
            }
        }
    }
    names.sort();
    assert!(
        names.len() >= 3,
        "no pre sign-up samples found in {}",
        events_dir().display()
    );
    names
}
