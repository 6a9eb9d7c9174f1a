//! The core's serve loop under the real Lambda runtime, its records captured: a rejection is one
//! info record and no ERROR, a failure is one ERROR without `Debug` dumps, and neither the raw
//! event the runtime logs at TRACE nor an undecodable payload puts a secret in the logs.

use std::time::Duration;

use serde_json::{Value, json};
use workspace_harness::{Run, event_json, run_function, run_function_after_drops};

const FUNCTION: &str = env!("CARGO_BIN_EXE_trigger-under-test");
const PASSWORD: &str = "Legacy-Passw0rd!";

async fn run(level: &str, events: Vec<Value>) -> Run {
    run_function(
        FUNCTION,
        &[("AWS_LAMBDA_LOG_LEVEL", level)],
        events,
        Duration::from_secs(20),
    )
    .await
}

fn sign_up(email: &str) -> Value {
    let mut event = event_json("PreSignUp_SignUp.json");
    event["request"]["userAttributes"]["email"] = json!(email);
    event
}

fn everything(run: &Run) -> String {
    format!("{}\n{}\n{:?}", run.stdout, run.stderr, run.posts)
}

#[tokio::test]
async fn a_rejection_is_one_info_record_and_no_error() {
    let run = run("info", vec![sign_up("mallory@blocked.example")]).await;
    let [(path, body)] = run.posts.as_slice() else {
        panic!("one answer expected: {run:?}");
    };
    assert!(path.ends_with("/error"), "{path}");
    let diagnostic: Value = serde_json::from_str(body).expect("JSON");
    assert_eq!(diagnostic["errorType"], "Rejected");
    assert_eq!(
        diagnostic["errorMessage"],
        "Sign-ups from blocked.example are not allowed"
    );

    assert_eq!(run.records_at("ERROR"), Vec::<Value>::new(), "{run:?}");
    let rejections: Vec<Value> = run
        .records_at("INFO")
        .into_iter()
        .filter(|record| record["fields"]["message"] == "request rejected by the hook")
        .collect();
    assert_eq!(rejections.len(), 1, "{run:?}");
    assert!(
        !everything(&run).contains("Rejected {"),
        "a Debug dump: {run:?}"
    );
}

#[tokio::test]
async fn a_failure_is_one_error_record_without_debug_dumps() {
    let run = run("info", vec![sign_up("bob@fail.example")]).await;
    let [(path, body)] = run.posts.as_slice() else {
        panic!("one answer expected: {run:?}");
    };
    assert!(path.ends_with("/error"), "{path}");
    assert!(
        body.contains("Your request could not be completed"),
        "{body}"
    );
    assert!(
        !body.contains("unreachable"),
        "the cause stays in the logs: {body}"
    );
    let errors = run.records_at("ERROR");
    assert_eq!(errors.len(), 1, "{run:?}");
    assert_eq!(errors[0]["fields"]["error_type"], "HookFailed");
    assert!(
        errors[0]["fields"]["error"]
            .as_str()
            .is_some_and(|error| error.contains("unreachable"))
    );
    assert!(
        !everything(&run).contains("HookFailed {"),
        "a Debug dump: {run:?}"
    );
}

#[tokio::test]
async fn the_raw_event_the_runtime_logs_at_trace_never_reaches_the_logs() {
    let run = run(
        "trace",
        vec![event_json("UserMigration_Authentication.json")],
    )
    .await;
    // The runtime really logs at TRACE here, so its raw-event record was there to drop.
    assert!(
        run.records_at("TRACE").len() >= 2,
        "no TRACE records from the runtime: {run:?}"
    );
    let [(path, body)] = run.posts.as_slice() else {
        panic!("one answer expected: {run:?}");
    };
    assert!(path.ends_with("/response"), "{path}: {body}");
    let answer: Value = serde_json::from_str(body).expect("JSON");
    assert_eq!(
        answer["response"]["userAttributes"]["email"],
        "legacy.user@example.com"
    );
    assert!(answer["request"]["password"].is_null(), "{answer}");
    assert!(
        !everything(&run).contains(PASSWORD),
        "the password leaked: {run:?}"
    );
}

#[tokio::test]
async fn an_undecodable_payload_with_escaped_quotes_leaks_no_fragment() {
    let mut event = event_json("UserMigration_Authentication.json");
    event["request"]["clientMetadata"] = json!("p\"ass\"wo\\rd-SECRET-FRAGMENT");
    let run = run("trace", vec![event]).await;
    let [(path, body)] = run.posts.as_slice() else {
        panic!("one answer expected: {run:?}");
    };
    assert!(path.ends_with("/error"), "{path}");
    assert!(body.contains("InvalidEvent"), "{body}");
    let everything = everything(&run);
    for fragment in ["SECRET", "FRAGMENT", "ass\\", "wo\\", PASSWORD] {
        assert!(!everything.contains(fragment), "{fragment} leaked: {run:?}");
    }
    let errors = run.records_at("ERROR");
    assert_eq!(errors.len(), 1, "{run:?}");
    assert!(
        errors[0]["fields"]["error"]
            .as_str()
            .is_some_and(|error| error.contains("request.clientMetadata")),
        "{errors:?}"
    );
}

#[tokio::test]
async fn a_custom_message_breaking_a_rule_keeps_cognitos_message_with_a_warning() {
    let mut event = event_json("CustomMessage_ForgotPassword.json");
    event["request"]["clientMetadata"]["break"] = json!("1");
    let original = event.clone();
    let run = run("info", vec![event]).await;
    let [(path, body)] = run.posts.as_slice() else {
        panic!("one answer expected: {run:?}");
    };
    assert!(path.ends_with("/response"), "{path}");
    let answer: Value = serde_json::from_str(body).expect("JSON");
    assert_eq!(
        answer, original,
        "returned unchanged: Cognito's own message"
    );
    let warnings = run.records_at("WARN");
    assert_eq!(warnings.len(), 1, "{run:?}");
    assert_eq!(warnings[0]["fields"]["rule"], "code_placeholder");
    assert_eq!(warnings[0]["fields"]["channel"], "smsMessage");
}

/// Challenge answers, private challenge parameters and provider tokens: in the answers to
/// Cognito (which needs them), never in a log record, not even at TRACE with the runtime's raw
/// event, a `Debug` form a hook prints, or the error of an undecodable payload.
#[tokio::test]
async fn challenge_answers_private_parameters_and_provider_tokens_never_reach_the_logs() {
    let mut numeric_answer = event_json("VerifyAuthChallengeResponse_Authentication.json");
    numeric_answer["request"]["challengeAnswer"] = json!(9_048_213_771_u64);
    let run = run(
        "trace",
        vec![
            event_json("CreateAuthChallenge_Authentication.json"),
            event_json("VerifyAuthChallengeResponse_Authentication.json"),
            event_json("InboundFederation_ExternalProvider.json"),
            numeric_answer,
        ],
    )
    .await;
    assert!(
        run.records_at("TRACE").len() >= 2,
        "no TRACE records from the runtime: {run:?}"
    );
    let [create, verify, federation, undecodable] = run.posts.as_slice() else {
        panic!("four answers expected: {run:?}");
    };
    let create: Value = serde_json::from_str(&create.1).expect("JSON");
    assert_eq!(
        create["response"]["privateChallengeParameters"]["code"],
        "739105"
    );
    let verify: Value = serde_json::from_str(&verify.1).expect("JSON");
    assert_eq!(verify["response"]["answerCorrect"], true);
    let federation: Value = serde_json::from_str(&federation.1).expect("JSON");
    assert!(federation["response"]["userAttributesToMap"]["email"].is_string());
    assert!(undecodable.0.ends_with("/error"), "{undecodable:?}");
    assert!(!undecodable.1.contains("9048213771"), "{undecodable:?}");

    let logs = format!("{}\n{}", run.stdout, run.stderr);
    assert!(
        logs.contains("hook sees"),
        "the hooks printed their requests: {logs}"
    );
    for secret in [
        "739105",
        "482913",
        "9048213771",
        "ACCESS-TOKEN-EXAMPLE",
        "ID-TOKEN-EXAMPLE",
        "REFRESH-TOKEN-EXAMPLE",
    ] {
        assert!(!logs.contains(secret), "{secret} leaked: {logs}");
    }
}

/// A dropped Runtime API connection does not end the instance: the serve loop reconnects (with a
/// warning) and answers the next event; nothing is lost or answered twice.
#[tokio::test]
async fn a_dropped_runtime_api_connection_is_survived_in_place() {
    let run = run_function_after_drops(
        FUNCTION,
        &[("AWS_LAMBDA_LOG_LEVEL", "info")],
        vec![sign_up("ann@example.com")],
        Duration::from_secs(20),
        3,
    )
    .await;
    assert!(run.exit.is_none(), "the process exited: {run:?}");
    let [(path, _)] = run.posts.as_slice() else {
        panic!("one answer expected: {run:?}");
    };
    assert!(path.ends_with("/response"), "{path}");
    let reconnects = run
        .records_at("WARN")
        .into_iter()
        .filter(|record| {
            record["fields"]["message"] == "the Lambda Runtime API connection failed; reconnecting"
        })
        .count();
    assert_eq!(reconnects, 3, "{run:?}");
}
