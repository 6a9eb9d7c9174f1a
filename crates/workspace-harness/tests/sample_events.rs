//! `events/<triggerSource>.json` are copies of the core's samples (`crates/triggers/samples/`,
//! the one source), written by `scripts/sync-events.sh`.

use std::path::{Path, PathBuf};

use workspace_harness::json_files;

#[test]
fn events_are_the_core_samples() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../triggers/samples");
    let events = workspace_harness::events_dir();
    let names = |files: Vec<PathBuf>| -> Vec<String> {
        files
            .iter()
            .filter_map(|path| path.file_name()?.to_str().map(str::to_owned))
            .collect()
    };
    let sample_files = json_files(&samples);
    assert_eq!(
        names(json_files(&events)),
        names(sample_files.clone()),
        "events/ and crates/triggers/samples/ hold different files: run scripts/sync-events.sh"
    );
    for sample in sample_files {
        let name = sample.file_name().expect("a file name");
        let copy = events.join(name);
        assert!(
            std::fs::read(&sample).ok() == std::fs::read(&copy).ok(),
            "{} differs from its sample: run scripts/sync-events.sh",
            copy.display()
        );
    }
}

/// Every sample is one of the core's `SAMPLES`, named for its trigger source.
#[test]
fn every_sample_file_is_embedded_under_its_trigger_source() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../triggers/samples");
    let files = json_files(&samples);
    assert_eq!(files.len(), cognito_triggers::testing::SAMPLES.len());
    for file in files {
        let source = file
            .file_stem()
            .and_then(|stem| stem.to_str())
            .expect("a file name");
        let text = std::fs::read_to_string(&file).expect("readable");
        assert_eq!(
            cognito_triggers::testing::sample(source),
            Some(text.as_str()),
            "{source}"
        );
    }
}
