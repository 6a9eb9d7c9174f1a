//! The sender functions for real, offline: codes encrypted the way Cognito encrypts them (the
//! official Python `aws-encryption-sdk`, format v1, suite 0x0378, `userpool-id` in the context)
//! under a KMS key of a local AWS emulator (moto in server mode, `scripts/moto.sh`), the release
//! binaries run under a stand-in Lambda Runtime API, and the messages read back from the
//! emulator's SES and SNS outboxes.
//!
//! Needs `MOTO_ENDPOINT_URL` (the test command sets it); without it the tests are skipped,
//! except with `CI=true`, where they fail.

use std::collections::BTreeSet;
use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};
use workspace_harness::{Run, run_function};

const REGION: &str = "eu-west-1";
const POOL: &str = "eu-west-1_SenderTest";
const FROM: &str = "no-reply@example.com";
const WAIT: Duration = Duration::from_secs(30);

use workspace_harness::moto_endpoint;

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Python with `aws-encryption-sdk` (the emulator's, installed by `scripts/moto.sh`).
fn python() -> PathBuf {
    std::env::var_os("MOTO_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".e2e/moto/venv/bin/python"))
}

/// Environment for the emulator: fixed test credentials, the region, the endpoint.
fn aws_env(endpoint: &str) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_ENDPOINT_URL", endpoint.to_owned()),
        ("AWS_ACCESS_KEY_ID", "testing".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "testing".to_owned()),
        ("AWS_REGION", REGION.to_owned()),
        ("AWS_DEFAULT_REGION", REGION.to_owned()),
    ]
}

/// Runs `scripts/cognito_code.py` with `args` and `stdin`; its standard output.
fn cognito_code(endpoint: &str, args: &[&str], stdin: &str) -> String {
    let mut command = Command::new(python());
    command
        .arg(workspace_root().join("scripts/cognito_code.py"))
        .args(args)
        .envs(aws_env(endpoint));
    let output = workspace_harness::output_with_stdin(&mut command, stdin.as_bytes());
    assert!(
        output.status.success(),
        "cognito_code.py {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .trim()
        .to_owned()
}

fn create_key(endpoint: &str) -> String {
    cognito_code(endpoint, &["create-key"], "")
}

/// Encrypts each `(key, pool, code)` as Cognito does.
fn encrypt(endpoint: &str, requests: &[(&str, &str, &str)]) -> Vec<String> {
    let batch: Vec<Value> = requests
        .iter()
        .map(|(key, pool, code)| json!({"key": key, "pool": pool, "code": code}))
        .collect();
    let out = cognito_code(endpoint, &["batch"], &Value::Array(batch).to_string());
    serde_json::from_str(&out).expect("a JSON list")
}

/// Makes `FROM` a verified SES identity (the emulator refuses other senders).
fn verify_sender(endpoint: &str) {
    let script = "import boto3; boto3.client('sesv2').create_email_identity(EmailIdentity='no-reply@example.com')";
    let mut command = Command::new(python());
    command.args(["-c", script]).envs(aws_env(endpoint));
    let output = workspace_harness::output_with_stdin(&mut command, b"");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The emulator's recorded state (`/moto-api/data.json`).
fn emulator_state(endpoint: &str) -> Value {
    let address = endpoint
        .strip_prefix("http://")
        .expect("an http endpoint")
        .trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).expect("connect to the emulator");
    write!(
        stream,
        "GET /moto-api/data.json HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body)
        .expect("a body");
    serde_json::from_str(body).expect("JSON state")
}

/// The emails SES accepted for `to`: (subject, body).
fn emails_to(endpoint: &str, to: &str) -> Vec<(String, String)> {
    let state = emulator_state(endpoint);
    state["ses"]["Message"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|message| {
            message["destinations"]["ToAddresses"]
                .as_array()
                .is_some_and(|list| list.iter().any(|address| address == to))
        })
        .map(|message| {
            (
                message["subject"].as_str().unwrap_or_default().to_owned(),
                message["body"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The text messages SNS accepted for `to`.
fn sms_to(endpoint: &str, to: &str) -> Vec<String> {
    let state = emulator_state(endpoint);
    state["sns"]["SMS"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|sms| sms["phone_number"] == to)
        .map(|sms| sms["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// A tag unique to this test and run: the emulator keeps its outboxes across runs, so every
/// recipient carries one.
fn tag() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    format!(
        "{:08}",
        (nanos / 10 + NEXT.fetch_add(1, Ordering::Relaxed)) % 100_000_000
    )
}

/// A sender event as Cognito sends it (clientMetadata `null`, no response).
fn event(source: &str, code: Option<&str>, attributes: Value) -> Value {
    let kind = if source.starts_with("CustomSMSSender_") {
        "customSMSSenderRequestV1"
    } else {
        "customEmailSenderRequestV1"
    };
    json!({
        "version": "1",
        "triggerSource": source,
        "region": REGION,
        "userPoolId": POOL,
        "userName": "3f2c1e9a-5b7d-4c8e-9a01-1234567890ab",
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "1example23456789"},
        "request": {"type": kind, "code": code, "clientMetadata": null, "userAttributes": attributes},
    })
}

async fn run_sender(
    binary: &str,
    endpoint: &str,
    extra: &[(&str, &str)],
    events: Vec<Value>,
) -> Run {
    let mut vars = aws_env(endpoint);
    vars.push(("CUSTOM_EMAIL_SENDER_FROM", FROM.to_owned()));
    let mut all: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.extend_from_slice(extra);
    run_function(binary, &all, events, WAIT).await
}

/// Whether each answer was a success (`/response`) or an error (`/error`), in order.
fn outcomes(run: &Run) -> Vec<&'static str> {
    run.posts
        .iter()
        .map(|(path, _)| {
            if path.ends_with("/error") {
                "error"
            } else {
                "ok"
            }
        })
        .collect()
}

/// No log line carries any of `secrets`.
fn assert_no_secret_logged(run: &Run, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "a secret reached the log:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn emails_are_decrypted_rendered_and_sent_through_ses() {
    let Some(endpoint) = moto_endpoint() else {
        return;
    };
    verify_sender(&endpoint);
    let key = create_key(&endpoint);
    // Cognito HTML-escapes temporary passwords; the user must get the real characters.
    let codes = encrypt(
        &endpoint,
        &[(&key, POOL, "482913"), (&key, POOL, "Tq8&lt;v2&gt;&amp;Lm")],
    );
    let tag = tag();
    let reset_to = &format!("reset.de+{tag}@example.com");
    let invite_to = &format!("invite.en+{tag}@example.com");
    let ato_to = &format!("ato.en+{tag}@example.com");
    let events = vec![
        event(
            "CustomEmailSender_ForgotPassword",
            Some(&codes[0]),
            json!({"email": reset_to, "locale": "de-AT", "given_name": "Lena"}),
        ),
        event(
            "CustomEmailSender_AdminCreateUser",
            Some(&codes[1]),
            json!({"email": invite_to}),
        ),
        event(
            "CustomEmailSender_AccountTakeOverNotification",
            None,
            json!({
                "email": ato_to, "IP_ADDRESS": "203.0.113.7", "LOGIN_TIME": "2026-12-01T09:14:03Z",
                "ACCOUNT_TAKE_OVER_ACTION": "BLOCK", "FEEDBACK_TOKEN": "FEEDBACK-SECRET-TOKEN",
                "ONE_CLICK_LINK_INVALID": "https://example.com/deny?token=LINK-SECRET",
            }),
        ),
    ];
    let run = run_sender(
        env!("CARGO_BIN_EXE_custom-email-sender"),
        &endpoint,
        &[("CUSTOM_SENDER_KMS_KEY_ARN", &key)],
        events,
    )
    .await;
    assert_eq!(outcomes(&run), ["ok", "ok", "ok"], "{}", run.stdout);

    let reset = emails_to(&endpoint, reset_to);
    assert_eq!(reset.len(), 1, "{reset:?}");
    let (subject, body) = &reset[0];
    assert_eq!(subject, "Passwort zurücksetzen");
    assert!(
        body.contains("482913") && body.contains("Hallo Lena"),
        "{body}"
    );

    let invite = emails_to(&endpoint, invite_to);
    assert_eq!(invite.len(), 1);
    let (subject, body) = &invite[0];
    assert_eq!(subject, "Your new account");
    // Unescaped once from Cognito's form, escaped once for HTML: `Tq8<v2>&Lm` as text.
    assert!(body.contains("Tq8&lt;v2&gt;&amp;Lm"), "{body}");
    assert!(!body.contains("&amp;lt;"), "{body}");
    assert!(
        body.contains("3f2c1e9a-5b7d-4c8e-9a01-1234567890ab"),
        "{body}"
    );

    let ato = emails_to(&endpoint, ato_to);
    assert_eq!(ato.len(), 1);
    assert_eq!(ato[0].0, "Unusual sign-in to your account");
    assert!(ato[0].1.contains("203.0.113.7") && ato[0].1.contains("we blocked it"));

    assert_no_secret_logged(
        &run,
        &["482913", "Tq8", "FEEDBACK-SECRET-TOKEN", "LINK-SECRET"],
    );
    let infos = run.records_at("INFO");
    assert!(
        infos
            .iter()
            .filter(|record| record["fields"]["message"] == "email handed to the delivery service")
            .count()
            == 3,
        "{}",
        run.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn text_messages_are_decrypted_rendered_and_sent_through_sns() {
    let Some(endpoint) = moto_endpoint() else {
        return;
    };
    let key = create_key(&endpoint);
    let codes = encrypt(&endpoint, &[(&key, POOL, "730516")]);
    let to = &format!("+1555{}", tag());
    let run = run_sender(
        env!("CARGO_BIN_EXE_custom-sms-sender"),
        &endpoint,
        &[("CUSTOM_SENDER_KMS_KEY_ARN", &key)],
        vec![event(
            "CustomSMSSender_SignUp",
            Some(&codes[0]),
            json!({"phone_number": to, "locale": "de"}),
        )],
    )
    .await;
    assert_eq!(outcomes(&run), ["ok"], "{}", run.stdout);
    let sent = sms_to(&endpoint, to);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].contains("730516"), "{}", sent[0]);
    assert!(sent[0].starts_with("Ihr"), "German template: {}", sent[0]);
    assert_no_secret_logged(&run, &["730516"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn codes_that_must_not_decrypt_send_nothing_and_say_why() {
    let Some(endpoint) = moto_endpoint() else {
        return;
    };
    verify_sender(&endpoint);
    let key = create_key(&endpoint);
    let other_key = create_key(&endpoint);
    let codes = encrypt(
        &endpoint,
        &[
            (&key, "eu-west-1_OtherPool", "111111"),
            (&other_key, POOL, "222222"),
            (&key, POOL, "333333"),
        ],
    );
    let truncated = &codes[2][..codes[2].len() / 2];
    let cases = [
        (Some(codes[0].as_str()), "user pool eu-west-1_OtherPool"),
        (Some(codes[1].as_str()), "another KMS key"),
        (Some(truncated), "not a valid encrypted message"),
        (
            Some("bm90IGFuIEVTREsgbWVzc2FnZQ=="),
            "not a valid encrypted message",
        ),
        (None, "carries no code"),
    ];
    let mut recipients = Vec::new();
    let mut events = Vec::new();
    for (index, (code, _)) in cases.iter().enumerate() {
        let to = format!("refused{index}+{}@example.com", tag());
        events.push(event(
            "CustomEmailSender_ForgotPassword",
            *code,
            json!({"email": to}),
        ));
        recipients.push(to);
    }
    let run = run_sender(
        env!("CARGO_BIN_EXE_custom-email-sender"),
        &endpoint,
        &[("CUSTOM_SENDER_KMS_KEY_ARN", &key)],
        events,
    )
    .await;
    assert_eq!(outcomes(&run), ["error"; 5], "{}", run.stdout);
    assert!(
        run.exit.is_none(),
        "the function kept serving: {:?}",
        run.exit
    );
    let errors = run.records_at("ERROR");
    for (index, (_, why)) in cases.iter().enumerate() {
        assert!(
            emails_to(&endpoint, &recipients[index]).is_empty(),
            "case {index} sent an email"
        );
        assert!(
            errors.iter().any(|record| record["fields"]["error"]
                .as_str()
                .is_some_and(|e| e.contains(why))),
            "case {index}: no error record saying {why:?}:\n{}",
            run.stdout
        );
    }
    assert_no_secret_logged(&run, &["111111", "222222", "333333"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn kms_or_ses_unreachable_fails_the_invocation_for_a_retry_and_sends_nothing() {
    let Some(endpoint) = moto_endpoint() else {
        return;
    };
    verify_sender(&endpoint);
    let key = create_key(&endpoint);
    let codes = encrypt(&endpoint, &[(&key, POOL, "444444"), (&key, POOL, "555555")]);
    // A port nothing listens on.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}", listener.local_addr().expect("address"))
    };
    let mut seen = BTreeSet::new();
    for (service, code) in [("KMS", &codes[0]), ("SESV2", &codes[1])] {
        let to = format!(
            "unreachable-{}+{}@example.com",
            service.to_lowercase(),
            tag()
        );
        let variable = format!("AWS_ENDPOINT_URL_{service}");
        let run = run_sender(
            env!("CARGO_BIN_EXE_custom-email-sender"),
            &endpoint,
            &[
                ("CUSTOM_SENDER_KMS_KEY_ARN", &key),
                (variable.as_str(), closed.as_str()),
            ],
            vec![event(
                "CustomEmailSender_ForgotPassword",
                Some(code),
                json!({"email": to}),
            )],
        )
        .await;
        assert_eq!(outcomes(&run), ["error"], "{service}: {}", run.stdout);
        assert!(emails_to(&endpoint, &to).is_empty());
        let error = run.records_at("ERROR");
        let text = error
            .iter()
            .filter_map(|record| record["fields"]["error"].as_str())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            text.contains("unreachable") || text.contains("in time"),
            "{service}: {text}"
        );
        assert_no_secret_logged(&run, &["444444", "555555"]);
        seen.insert(service);
    }
    assert_eq!(seen.len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_setting_stops_the_function_at_start() {
    let Some(endpoint) = moto_endpoint() else {
        return;
    };
    // No key ARN, then an alias instead of an ARN: the function never serves an event.
    for key in [None, Some("alias/cognito-codes")] {
        let extra: Vec<(&str, &str)> = key
            .map(|key| vec![("CUSTOM_SENDER_KMS_KEY_ARN", key)])
            .unwrap_or_default();
        let run = run_sender(
            env!("CARGO_BIN_EXE_custom-email-sender"),
            &endpoint,
            &extra,
            vec![event("CustomEmailSender_ForgotPassword", None, json!({}))],
        )
        .await;
        assert!(run.posts.is_empty(), "{key:?}: {:?}", run.posts);
        assert!(
            run.exit.is_some_and(|status| !status.success()),
            "{key:?}: {:?}",
            run.exit
        );
        assert!(
            run.stdout.contains("CUSTOM_SENDER_KMS_KEY_ARN"),
            "{}",
            run.stdout
        );
    }
}

/// A TCP proxy to `upstream` (`host:port`) that drops the first `drop_first` connections (the
/// service is unreachable), then forwards every later one (the fault is over).
async fn flaky_proxy(upstream: String, drop_first: usize) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let mut seen = 0;
        while let Ok((mut client, _)) = listener.accept().await {
            seen += 1;
            if seen <= drop_first {
                drop(client);
                continue;
            }
            let upstream = upstream.clone();
            tokio::spawn(async move {
                if let Ok(mut server) = tokio::net::TcpStream::connect(&upstream).await {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                }
            });
        }
    });
    format!("http://{address}")
}

#[tokio::test(flavor = "multi_thread")]
async fn after_kms_comes_back_the_same_instance_decrypts_again() {
    let Some(endpoint) = moto_endpoint() else {
        return;
    };
    verify_sender(&endpoint);
    let key = create_key(&endpoint);
    let codes = encrypt(&endpoint, &[(&key, POOL, "616161"), (&key, POOL, "727272")]);
    let upstream = endpoint
        .strip_prefix("http://")
        .expect("http")
        .trim_end_matches('/')
        .to_owned();
    // KMS is unreachable for the first event's three attempts (the SDK's standard retries),
    // then reachable again: one process serves both events.
    let kms = flaky_proxy(upstream, 3).await;
    let tag = tag();
    let (first, second) = (
        &format!("kms-down+{tag}@example.com"),
        &format!("kms-back+{tag}@example.com"),
    );
    let run = run_sender(
        env!("CARGO_BIN_EXE_custom-email-sender"),
        &endpoint,
        &[
            ("CUSTOM_SENDER_KMS_KEY_ARN", &key),
            ("AWS_ENDPOINT_URL_KMS", &kms),
        ],
        vec![
            event(
                "CustomEmailSender_ForgotPassword",
                Some(&codes[0]),
                json!({"email": first}),
            ),
            event(
                "CustomEmailSender_ForgotPassword",
                Some(&codes[1]),
                json!({"email": second}),
            ),
        ],
    )
    .await;
    assert_eq!(outcomes(&run), ["error", "ok"], "{}", run.stdout);
    assert!(emails_to(&endpoint, first).is_empty());
    let sent = emails_to(&endpoint, second);
    assert_eq!(sent.len(), 1);
    assert!(sent[0].1.contains("727272"));
    assert_no_secret_logged(&run, &["616161", "727272"]);
}
