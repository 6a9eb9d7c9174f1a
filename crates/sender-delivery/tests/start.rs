//! The sender functions refuse to start without a usable configuration, and say so in one
//! readable line: no AWS emulator and no Runtime API needed, the function never gets that far.

use std::process::{Command, Output};

const FUNCTIONS: [(&str, &str); 2] = [
    (
        "custom-email-sender",
        env!("CARGO_BIN_EXE_custom-email-sender"),
    ),
    ("custom-sms-sender", env!("CARGO_BIN_EXE_custom-sms-sender")),
];

/// Runs `binary` as on Lambda, with `key_arn` as `CUSTOM_SENDER_KMS_KEY_ARN` (unset for `None`).
fn start(binary: &str, key_arn: Option<&str>) -> Output {
    let mut command = Command::new(binary);
    command
        .env("AWS_LAMBDA_FUNCTION_NAME", "cognito-custom-sender-test")
        .env("AWS_REGION", "eu-west-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("CUSTOM_EMAIL_SENDER_FROM", "no-reply@example.com")
        .env_remove("CUSTOM_SENDER_KMS_KEY_ARN")
        .env_remove("AWS_LAMBDA_RUNTIME_API");
    if let Some(key_arn) = key_arn {
        command.env("CUSTOM_SENDER_KMS_KEY_ARN", key_arn);
    }
    command.output().expect("the function starts")
}

#[test]
fn a_refused_start_is_one_readable_line_naming_the_setting() {
    for (name, binary) in FUNCTIONS {
        for key_arn in [None, Some(""), Some("alias/cognito-codes")] {
            let output = start(binary, key_arn);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!output.status.success(), "{name} {key_arn:?}: {stderr}");
            let lines: Vec<&str> = stderr.lines().collect();
            assert_eq!(lines.len(), 1, "{name} {key_arn:?}: {stderr}");
            let line = lines[0];
            assert!(
                line.starts_with(&format!("{name}: ")),
                "{name} {key_arn:?}: {line}"
            );
            assert!(
                line.contains("CUSTOM_SENDER_KMS_KEY_ARN"),
                "{name} {key_arn:?}: {line}"
            );
            // Not the Debug form `main` would print for an error it returned.
            for debug in ["Error: ", "ConfigError(", "Config {", "\\\""] {
                assert!(!line.contains(debug), "{name} {key_arn:?}: {line}");
            }
            // The log has the refusal as one error record, too.
            let stdout = String::from_utf8_lossy(&output.stdout);
            let errors: Vec<serde_json::Value> = stdout
                .lines()
                .filter_map(|line| serde_json::from_str(line).ok())
                .filter(|record: &serde_json::Value| record["level"] == "ERROR")
                .collect();
            assert_eq!(errors.len(), 1, "{name} {key_arn:?}: {stdout}");
            assert!(
                errors[0].to_string().contains("CUSTOM_SENDER_KMS_KEY_ARN"),
                "{name} {key_arn:?}: {stdout}"
            );
        }
    }
}
