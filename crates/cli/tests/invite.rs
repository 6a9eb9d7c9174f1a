//! `cognito-triggers invite mint`: the token it prints is accepted by the pre-sign-up function
//! for that address only; a missing or weak key stops it without printing the key.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A test key (base64 of 32 bytes); never a production key.
const KEY: &str = "dGVzdC1vbmx5LWludml0ZS10b2tlbi1rZXktMzItYnl0ZXMh";

fn cli() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cognito-triggers"));
    command
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .env_remove("PRE_SIGN_UP_INVITE_TOKEN_KEY")
        .env_remove("PRE_SIGN_UP_INVITE_TOKEN_KEY_FILE")
        .env_remove("PRE_SIGN_UP_CONFIG")
        .env_remove("PRE_SIGN_UP_CONFIG_FILE");
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn mint(args: &[&str]) -> Output {
    cli()
        .env("PRE_SIGN_UP_INVITE_TOKEN_KEY", KEY)
        .args(["invite", "mint"])
        .args(args)
        .output()
        .expect("runs")
}

/// `invoke` on the sample SignUp with `email` and `validation_data`, under a policy that
/// auto-confirms and auto-verifies example.com.
fn invoke_sign_up(email: &str, validation_data: serde_json::Value) -> Output {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events/PreSignUp_SignUp.json");
    let mut event: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample).expect("sample")).expect("JSON");
    event["request"]["userAttributes"]["email"] = email.into();
    event["request"]["validationData"] = validation_data;
    let mut child = cli()
        .env("PRE_SIGN_UP_INVITE_TOKEN_KEY", KEY)
        .env(
            "PRE_SIGN_UP_CONFIG",
            r#"{"auto_confirm_domains": ["example.com"], "auto_verify_email_domains": ["example.com"]}"#,
        )
        .args(["invoke", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(event.to_string().as_bytes())
        .expect("write");
    child.wait_with_output().expect("finishes")
}

fn response(output: &Output) -> serde_json::Value {
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let event: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    event["response"].clone()
}

#[test]
fn a_minted_token_confirms_its_address_and_only_that_one() {
    let output = mint(&["--email", "ceo@example.com", "--ttl", "1h"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let token = stdout.trim();
    assert_eq!(stdout.lines().count(), 1, "only the token: {stdout}");
    assert!(token.starts_with("v1."), "{token}");
    assert!(!stdout.contains(KEY));

    // Without the token, the domain alone gives nothing.
    let plain = response(&invoke_sign_up("ceo@example.com", serde_json::Value::Null));
    assert_eq!(plain["autoConfirmUser"], false);
    assert_eq!(plain["autoVerifyEmail"], false);
    // With it, the address is vouched for.
    let vouched = response(&invoke_sign_up(
        "ceo@example.com",
        serde_json::json!({"invite_token": token}),
    ));
    assert_eq!(vouched["autoConfirmUser"], true);
    assert_eq!(vouched["autoVerifyEmail"], true);
    // Someone else's address with that token: refused, and the token is not echoed.
    let other = invoke_sign_up(
        "cfo@example.com",
        serde_json::json!({"invite_token": token}),
    );
    assert_eq!(other.status.code(), Some(1));
    let stderr = text(&other.stderr);
    assert!(
        stderr.contains("The invitation is not valid or has expired"),
        "{stderr}"
    );
    assert!(!stderr.contains(token), "{stderr}");
}

#[test]
fn flags_and_a_key_file_are_honoured() {
    let dir = std::env::temp_dir().join(format!("invite-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let key_file = dir.join("key");
    std::fs::write(&key_file, KEY).expect("key file");
    let output = cli()
        .args([
            "invite",
            "mint",
            "--email",
            "guest@partner.example",
            "--confirm",
        ])
        .arg("--key-file")
        .arg(&key_file)
        .output()
        .expect("runs");
    let _ignored = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let token = text(&output.stdout).trim().to_owned();
    let flags = response(&invoke_sign_up(
        "guest@partner.example",
        serde_json::json!({"invite_token": token}),
    ));
    assert_eq!(flags["autoConfirmUser"], true);
    assert_eq!(flags["autoVerifyEmail"], false);
}

#[test]
fn a_missing_or_weak_key_or_bad_input_stops_with_one_line() {
    for (env_key, args, expected) in [
        (None, vec!["--email", "a@example.com"], "no key"),
        (
            Some("c2hvcnQta2V5"),
            vec!["--email", "a@example.com"],
            "PRE_SIGN_UP_INVITE_TOKEN_KEY: the key is 9 bytes long",
        ),
        (Some(KEY), vec!["--email", "not-an-address"], "not usable"),
        (
            Some(KEY),
            vec!["--email", "a@example.com", "--ttl", "90d"],
            "at most 30d",
        ),
    ] {
        let mut command = cli();
        if let Some(key) = env_key {
            command.env("PRE_SIGN_UP_INVITE_TOKEN_KEY", key);
        }
        let output = command
            .args(["invite", "mint"])
            .args(&args)
            .output()
            .expect("runs");
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(
            !stderr.contains("c2hvcnQta2V5") && !stderr.contains(KEY),
            "{stderr}"
        );
    }
}
