//! `cognito-triggers forgot-password` / `confirm-forgot-password` with secrets that stay off the
//! command line: the new password from `COGNITO_NEW_PASSWORD` or `--password-stdin`, the app
//! client secret from `COGNITO_CLIENT_SECRET` or `--client-secret-stdin`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cognito_simulator::State;

const POOL_ID: &str = "eu-central-1_Demo12345";
const LEGACY_USER: &str = "legacy.user@example.com";
/// The demo pool's app client with a secret.
const SECRET_CLIENT: &str = "2example98765432";
const SECRET_CLIENT_SECRET: &str = "example-client-secret";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cognito-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn cli() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cognito-triggers"));
    command
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .env_remove("COGNITO_NEW_PASSWORD")
        .env_remove("COGNITO_CLIENT_SECRET");
    command
}

/// Runs `command` with `--state <state>` appended and `stdin` as its standard input.
fn run(mut command: Command, state: &Path, stdin: &[u8]) -> Output {
    workspace_harness::output_with_stdin(command.arg("--state").arg(state), stdin)
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs forgot-password for the legacy user and returns the delivered code.
fn request_code(state: &Path, client: Option<(&str, &str)>) -> String {
    let mut command = cli();
    command.args(["forgot-password", "--username", LEGACY_USER]);
    let mut stdin = Vec::new();
    if let Some((client_id, secret)) = client {
        command.args(["--client-id", client_id, "--client-secret-stdin"]);
        stdin = format!("{secret}\n").into_bytes();
    }
    let output = run(command, state, &stdin);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    State::load(state, POOL_ID).expect("state").pending_codes[LEGACY_USER]
        .code
        .clone()
}

fn password_is(state: &Path, password: &str) -> bool {
    let saved = State::load(state, POOL_ID).expect("state");
    saved
        .users
        .iter()
        .any(|u| u.username == LEGACY_USER && u.password_matches(password))
}

#[test]
fn the_new_password_can_come_from_the_environment() {
    let dir = scratch("pw-env");
    let state = dir.join("state.json");
    let code = request_code(&state, None);

    let mut confirm = cli();
    confirm
        .args([
            "confirm-forgot-password",
            "--username",
            LEGACY_USER,
            "--code",
            &code,
        ])
        .env("COGNITO_NEW_PASSWORD", "Env-Passw0rd!");
    let output = run(confirm, &state, b"");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(password_is(&state, "Env-Passw0rd!"));
    assert!(!text(&output).contains("Env-Passw0rd!"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_new_password_can_come_from_stdin() {
    let dir = scratch("pw-stdin");
    let state = dir.join("state.json");
    let code = request_code(&state, None);

    let mut confirm = cli();
    confirm.args([
        "confirm-forgot-password",
        "--username",
        LEGACY_USER,
        "--code",
        &code,
        "--password-stdin",
    ]);
    let output = run(confirm, &state, b"Stdin-Passw0rd!\n");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(password_is(&state, "Stdin-Passw0rd!"));
    assert!(!text(&output).contains("Stdin-Passw0rd!"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_client_secret_can_come_from_stdin_or_the_environment() {
    let dir = scratch("secret");
    let state = dir.join("state.json");
    let code = request_code(&state, Some((SECRET_CLIENT, SECRET_CLIENT_SECRET)));

    // Without the secret the app client refuses the call.
    let mut unsigned = cli();
    unsigned
        .args([
            "confirm-forgot-password",
            "--username",
            LEGACY_USER,
            "--code",
            &code,
        ])
        .args(["--client-id", SECRET_CLIENT])
        .env("COGNITO_NEW_PASSWORD", "Env-Passw0rd!");
    let output = run(unsigned, &state, b"");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("NotAuthorizedException"),
        "{}",
        text(&output)
    );

    let mut signed = cli();
    signed
        .args([
            "confirm-forgot-password",
            "--username",
            LEGACY_USER,
            "--code",
            &code,
        ])
        .args(["--client-id", SECRET_CLIENT, "--password-stdin"])
        .env("COGNITO_CLIENT_SECRET", SECRET_CLIENT_SECRET);
    let output = run(signed, &state, b"Both-Passw0rd!\n");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(password_is(&state, "Both-Passw0rd!"));
    assert!(!text(&output).contains(SECRET_CLIENT_SECRET));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_missing_password_is_a_usage_error_naming_the_safe_options() {
    let dir = scratch("pw-missing");
    let state = dir.join("state.json");
    let mut confirm = cli();
    confirm.args([
        "confirm-forgot-password",
        "--username",
        LEGACY_USER,
        "--code",
        "123456",
    ]);
    let output = run(confirm, &state, b"");
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let message = text(&output);
    assert!(message.contains("--password-stdin") && message.contains("COGNITO_NEW_PASSWORD"));
    let _ = std::fs::remove_dir_all(dir);
}
