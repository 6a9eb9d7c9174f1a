//! `cognito-triggers invoke`: exit codes, stdout and stderr as documented.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use workspace_harness::events_dir;

fn cli() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cognito-triggers"));
    command.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."));
    command
}

fn invoke_with_stdin(input: &[u8], extra: &[&str]) -> Output {
    workspace_harness::output_with_stdin(cli().arg("invoke").args(extra).arg("-"), input)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn every_sample_event_is_invoked_and_echoed() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(events_dir())
        .expect("events/")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        cognito_triggers::testing::SAMPLES.len(),
        "one sample per trigger source"
    );
    for file in files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("CustomEmailSender_") || name.starts_with("CustomSMSSender_") {
            // Senders decrypt with KMS and send; locally they run as a dry run.
            let output = cli()
                .args(["invoke", "--dry-run"])
                .arg(&file)
                .output()
                .expect("runs");
            assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
            continue;
        }
        let output = cli().arg("invoke").arg(&file).output().expect("runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}: {}",
            file.display(),
            stderr(&output)
        );
        let returned: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("stdout is the event as JSON");
        let mut original: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).expect("readable")).expect("JSON");
        assert_eq!(returned["triggerSource"], original["triggerSource"]);
        // The migration password is never sent back (nor printed).
        if let Some(password) = original["request"].get_mut("password") {
            *password = serde_json::Value::Null;
        }
        assert_eq!(
            returned["request"],
            original["request"],
            "{}: request echoed",
            file.display()
        );
    }
}

#[test]
fn standard_input_works_like_a_file() {
    let bytes = std::fs::read(events_dir().join("PreSignUp_SignUp.json")).expect("readable");
    let output = invoke_with_stdin(&bytes, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let returned: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(returned["triggerSource"], "PreSignUp_SignUp");
}

#[test]
fn input_that_is_not_a_trigger_event_gets_one_line_and_exit_2() {
    for (input, expected) in [
        (&b""[..], "empty input"),
        (b"   \n", "empty input"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2, 3]", "not a valid trigger event"),
        (b"{\"hello\": \"world\"}", "triggerSource"),
        (
            b"{\"triggerSource\": \"CustomVoiceSender_SignUp\", \"request\": {}}",
            "CustomVoiceSender_SignUp",
        ),
        (
            b"{\"triggerSource\": \"TokenGeneration_HostedAuth\"} {\"triggerSource\": \"PreAuthentication_Authentication\"}",
            "more than one JSON value",
        ),
        (
            b"{\"triggerSource\": \"PostConfirmation_ConfirmSignUp\"}\n{}",
            "more than one JSON value",
        ),
        (
            b"{\"triggerSource\": \"PreSignUp_SignUp\"}{\"triggerSource\": \"PreSignUp_SignUp\"}",
            "more than one JSON value",
        ),
        (
            b"{\"triggerSource\": \"PreSignUp_SignUp\", \"request\": {\"userAttributes\": [1]}}",
            "request.userAttributes",
        ),
    ] {
        let output = invoke_with_stdin(input, &[]);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{input:?}: {text}");
        assert!(output.stdout.is_empty(), "{input:?}: nothing on stdout");
        assert_eq!(
            text.trim_end().lines().count(),
            1,
            "{input:?}: one line: {text}"
        );
        assert!(
            text.contains("<stdin>"),
            "{input:?}: names the input: {text}"
        );
        assert!(
            text.contains(expected),
            "{input:?}: says `{expected}`: {text}"
        );
        assert!(
            !text.contains("panicked") && !text.contains("backtrace"),
            "{text}"
        );
    }
}

#[test]
fn a_missing_file_is_named() {
    let output = cli()
        .args(["invoke", "events/does-not-exist.json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("events/does-not-exist.json"));
}

#[test]
fn a_function_that_does_not_serve_the_event_is_refused() {
    let output = cli()
        .args([
            "invoke",
            "--function",
            "custom-message",
            "events/PreSignUp_SignUp.json",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("custom-message"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_rejection_prints_what_the_cognito_caller_sees_and_exits_1() {
    let output = cli()
        .env("PRE_SIGN_UP_BLOCKED_DOMAINS", "example.com")
        .args(["invoke", "events/PreSignUp_SignUp.json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let text = stderr(&output);
    assert!(
        text.starts_with("UserLambdaValidationException: PreSignUp failed with error "),
        "{text}"
    );
    assert!(text.trim_end().ends_with('.'), "{text}");
}

#[test]
fn a_database_that_is_down_fails_with_the_generic_message_and_exits_1() {
    let output = cli()
        .env(
            "LEGACY_DATABASE_URL",
            "postgres://nobody@127.0.0.1:1/legacy",
        )
        .env("LEGACY_DB_ALLOW_UNVERIFIED_TLS", "true")
        .env("NO_COLOR", "1")
        .args(["invoke", "events/UserMigration_Authentication.json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    let last = text.trim_end().lines().last().unwrap_or_default();
    assert_eq!(
        last,
        format!(
            "UserLambdaValidationException: UserMigration failed with error {}.",
            cognito_triggers::GENERIC_USER_MESSAGE
        )
    );
    assert!(!text.contains("Legacy-Passw0rd!"), "{text}");
}

fn events_new(args: &[&str]) -> Output {
    cli()
        .args(["events", "new"])
        .args(args)
        .output()
        .expect("runs")
}

/// Every known source: `events new SOURCE | invoke -` returns the event (the reference function
/// or the trigger's no-op hook), exit 0.
#[test]
fn every_generated_event_round_trips_through_invoke() {
    for (source, _) in cognito_triggers::testing::SAMPLES {
        let generated = events_new(&[source, "--username", "generated_user"]);
        assert_eq!(
            generated.status.code(),
            Some(0),
            "{source}: {}",
            stderr(&generated)
        );
        let event: serde_json::Value = serde_json::from_slice(&generated.stdout).expect("JSON");
        assert_eq!(event["triggerSource"], *source);
        assert_eq!(event["userName"], "generated_user");
        if source.starts_with("CustomEmailSender_") || source.starts_with("CustomSMSSender_") {
            let output = invoke_with_stdin(&generated.stdout, &["--dry-run"]);
            assert_eq!(
                output.status.code(),
                Some(0),
                "{source}: {}",
                stderr(&output)
            );
            continue;
        }
        let output = invoke_with_stdin(&generated.stdout, &[]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{source}: {}",
            stderr(&output)
        );
        let returned: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(returned["triggerSource"], *source);
        assert_eq!(returned["userName"], "generated_user");
    }
}

#[test]
fn events_new_sets_attributes_metadata_and_the_token_version() {
    let output = events_new(&[
        "TokenGeneration_HostedAuth",
        "--version",
        "1",
        "--attr",
        "custom:tenant=acme",
        "--client-metadata",
        "app=shop",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let event: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(event["version"], "1");
    assert!(
        event["request"].get("scopes").is_none(),
        "version 1 has no scopes"
    );
    assert!(event["response"].get("claimsOverrideDetails").is_some());
    assert_eq!(event["request"]["userAttributes"]["custom:tenant"], "acme");
    assert_eq!(event["request"]["clientMetadata"]["app"], "shop");

    let output = events_new(&[
        "PreAuthentication_Authentication",
        "--validation-data",
        "app=kiosk",
    ]);
    let event: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(event["request"]["validationData"]["app"], "kiosk");

    for bad in [
        &["CustomEmailSender_SomethingNew"][..],
        &["PreSignUp_SignUp", "--attr", "no-equals-sign"],
    ] {
        let output = events_new(bad);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{bad:?}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn a_dry_run_prints_the_senders_message_with_the_code_hidden() {
    let output = cli()
        .args([
            "invoke",
            "--dry-run",
            "events/CustomEmailSender_ForgotPassword.json",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("To: lena.example@example.com\nSubject: Passwort zurücksetzen\n"),
        "{stdout}"
    );
    assert!(stdout.contains("&lt;encrypted&gt;"), "{stdout}");

    let output = cli()
        .args(["invoke", "--dry-run", "events/CustomSMSSender_SignUp.json"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("To: +12065551212") && stdout.contains("<encrypted>"),
        "{stdout}"
    );
}

#[test]
fn a_live_sender_without_its_key_and_a_dry_run_of_another_trigger_are_usage_errors() {
    let output = cli()
        .args(["invoke", "events/CustomEmailSender_ForgotPassword.json"])
        .env_remove("CUSTOM_SENDER_KMS_KEY_ARN")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("CUSTOM_SENDER_KMS_KEY_ARN"),
        "{}",
        stderr(&output)
    );

    let output = cli()
        .args([
            "invoke",
            "--dry-run",
            "events/CustomMessage_ForgotPassword.json",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--dry-run is for custom email and SMS sender events"));
}

/// `invoke` on a sender event for real: KMS decrypts (a code encrypted as Cognito does, under a
/// key of the local emulator) and SES sends; the email lands in the emulator's outbox.
#[test]
fn a_live_sender_decrypts_with_kms_and_sends_through_ses() {
    let Some(endpoint) = workspace_harness::moto_endpoint() else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = std::env::var_os("MOTO_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".e2e/moto/venv/bin/python"));
    let aws = [
        ("AWS_ENDPOINT_URL", endpoint.as_str()),
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_REGION", "us-west-2"),
        ("AWS_DEFAULT_REGION", "us-west-2"),
    ];
    let script = |args: &[&str]| {
        let output = Command::new(&python)
            .arg(root.join("scripts/cognito_code.py"))
            .args(args)
            .envs(aws)
            .output()
            .expect("python runs");
        assert!(output.status.success(), "{}", stderr(&output));
        String::from_utf8(output.stdout)
            .expect("UTF-8")
            .trim()
            .to_owned()
    };
    let key = script(&["create-key"]);
    let code = script(&[
        "encrypt",
        "--key",
        &key,
        "--pool",
        "us-west-2_EXAMPLE",
        "591837",
    ]);
    let identity = Command::new(&python)
        .args(["-c", "import boto3; boto3.client('sesv2').create_email_identity(EmailIdentity='no-reply@example.com')"])
        .envs(aws)
        .output()
        .expect("python runs");
    assert!(identity.status.success(), "{}", stderr(&identity));

    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    let to = format!("live+{nanos}@example.com");
    let mut event: serde_json::Value = serde_json::from_slice(
        &std::fs::read(events_dir().join("CustomEmailSender_ForgotPassword.json")).expect("sample"),
    )
    .expect("JSON");
    event["request"]["code"] = code.into();
    event["request"]["userAttributes"]["email"] = to.clone().into();
    let output = workspace_harness::output_with_stdin(
        cli()
            .args(["invoke", "-"])
            .envs(aws)
            .env("CUSTOM_SENDER_KMS_KEY_ARN", &key)
            .env("CUSTOM_EMAIL_SENDER_FROM", "no-reply@example.com"),
        event.to_string().as_bytes(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!String::from_utf8_lossy(&output.stdout).contains("591837"));
    assert!(!stderr(&output).contains("591837"));

    let state = Command::new(&python)
        .args([
            "-c",
            "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1] + '/moto-api/data.json').read().decode())",
            &endpoint,
        ])
        .output()
        .expect("python runs");
    let state: serde_json::Value = serde_json::from_slice(&state.stdout).expect("state JSON");
    let delivered: Vec<&serde_json::Value> = state["ses"]["Message"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|message| message["destinations"]["ToAddresses"][0] == to.as_str())
        .collect();
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    assert!(
        delivered[0]["body"]
            .as_str()
            .is_some_and(|body| body.contains("591837"))
    );
}

/// A sender event without AWS settings ends in the command's one line naming what to set; the
/// AWS SDK's warnings (its region lookup in the instance metadata, long `Debug` dumps) stay out.
#[test]
fn a_sender_without_aws_settings_prints_one_short_line() {
    let home = std::env::temp_dir().join(format!("cli-no-aws-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("a scratch home");
    let mut command = cli();
    for (name, _) in std::env::vars() {
        if name.starts_with("AWS_") || name.starts_with("CUSTOM_") || name == "RUST_LOG" {
            command.env_remove(name);
        }
    }
    let output = command
        .env("HOME", &home)
        .args(["invoke", "events/CustomEmailSender_ForgotPassword.json"])
        .output()
        .expect("runs");
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with("cognito-triggers: "), "{stderr}");
    assert!(lines[0].len() < 200, "{stderr}");
    assert!(
        !stderr.contains("aws_config") && !stderr.contains("WARN"),
        "{stderr}"
    );
}
