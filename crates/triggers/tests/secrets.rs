//! The migration password never reaches a log line, a `Debug` output or an error message.

use std::io::Write;
use std::sync::{Arc, Mutex};

use cognito_triggers::user_migration::{
    self, MigratedUser, MigrationDecision, MigrationRequest, UserMigration, UserMigrationEvent,
};
use cognito_triggers::{HookError, Router};

use crate::support::{event, event_bytes, lambda_event};

const PASSWORD: &str = "Legacy-Passw0rd!";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every text a person could see of the error an undecodable payload fails with.
fn undecodable(runtime: &tokio::runtime::Runtime, payload: &str) -> String {
    let error = runtime
        .block_on(Router::new().handle_json(payload.as_bytes(), Default::default()))
        .expect_err("undecodable");
    format!("{error} {error:?} {}", error.cognito_error())
}

/// Captures every log record at TRACE for the rest of the test, with a runtime to run hooks on.
fn capture() -> (
    Captured,
    tracing::subscriber::DefaultGuard,
    tokio::runtime::Runtime,
) {
    keep_interest_global();
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = cognito_triggers::logging::subscriber("trace", move || writer.clone());
    let guard = tracing::subscriber::set_default(subscriber);
    // Other tests' threads may have cached "no subscriber, no interest" for shared callsites.
    tracing::callsite::rebuild_interest_cache();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    (logs, guard, runtime)
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("not poisoned")).into_owned()
    }
}

#[test]
fn the_password_never_reaches_logs_debug_output_or_errors() {
    let (logs, _guard, runtime) = capture();

    let mut visible = Vec::new();
    // What the Lambda runtime itself logs at TRACE for every invocation.
    let raw = String::from_utf8(event_bytes("UserMigration_Authentication.json")).expect("UTF-8");
    tracing::trace!(target: "lambda_runtime::layers::api_response", body = raw.as_str(), "raw JSON event received from Lambda");

    exercise(
        &runtime,
        &mut visible,
        user_migration::from_fn(|request: MigrationRequest| async move {
            tracing::debug!(?request, "hook sees the request");
            Ok(MigrationDecision::Migrate(MigratedUser::new([(
                "email",
                request.username().to_owned(),
            )])))
        }),
    );
    exercise(
        &runtime,
        &mut visible,
        user_migration::from_fn(|request: MigrationRequest| async move {
            tracing::debug!(?request, "rejecting");
            Err(HookError::reject("Wrong user name or password"))
        }),
    );
    exercise(
        &runtime,
        &mut visible,
        user_migration::from_fn(|request: MigrationRequest| async move {
            Err(HookError::failed(std::io::Error::other(format!(
                "lookup failed for {}",
                request.username()
            ))))
        }),
    );
    // A payload that does not decode: the error names the path, not the value.
    let broken = String::from_utf8(event_bytes("UserMigration_Authentication.json"))
        .expect("UTF-8")
        .replace(
            "\"validationData\": null",
            &format!("\"validationData\": \"{PASSWORD}\""),
        );
    assert_ne!(
        broken, raw,
        "the fixture has a validationData member to break"
    );
    visible.push(undecodable(&runtime, &broken));

    let logs = logs.text();
    assert!(
        logs.contains("TRACE") || logs.contains("DEBUG"),
        "the test captured verbose logs: {logs}"
    );
    assert!(
        !logs.contains(PASSWORD),
        "a log line holds the password:\n{logs}"
    );
    for text in visible {
        assert!(!text.contains(PASSWORD), "the password leaked: {text}");
    }
}

/// Runs one real invocation through `handle()` and keeps every text a person could see.
fn exercise<H: UserMigration>(
    runtime: &tokio::runtime::Runtime,
    visible: &mut Vec<String>,
    hook: H,
) {
    let event: UserMigrationEvent = event("UserMigration_Authentication.json");
    visible.push(format!("{event:?}"));
    visible.push(format!(
        "{:?}",
        cognito_triggers::lifecycle::Event::request(&event)
    ));
    match runtime.block_on(user_migration::handle(&hook, lambda_event(event))) {
        Ok(returned) => visible.push(format!("{:?}", returned.response)),
        Err(error) => visible.push(format!("{error} {error:?} {}", error.cognito_error())),
    }
}

/// Challenge answers, private challenge parameters and provider tokens never reach a log line,
/// a `Debug` output or an error message.
#[test]
fn challenge_answers_private_parameters_and_provider_tokens_stay_secret() {
    use cognito_triggers::create_auth_challenge::{self, Challenge, CreateChallengeRequest};
    use cognito_triggers::inbound_federation::{self, AttributeChanges, FederationRequest};
    use cognito_triggers::lifecycle::Event;
    use cognito_triggers::testing::{self, EventBuilder};
    use cognito_triggers::verify_auth_challenge::{self, Verdict, VerifyChallengeRequest};

    const ANSWER: &str = "ANSWER-731904";
    const CODE: &str = "PRIVATE-CODE-5521";
    const TOKEN: &str = "PROVIDER-REFRESH-TOKEN-88";

    let (logs, _guard, runtime) = capture();
    let mut visible = Vec::new();

    let verify = VerifyChallengeRequest::builder()
        .answer(ANSWER)
        .private_parameter("answer", CODE);
    let federation =
        FederationRequest::builder().provider_attribute("tokenResponse", "refresh_token", TOKEN);
    for raw in [verify.json(), federation.json()] {
        tracing::trace!(target: "lambda_runtime::layers::api_response", body = %raw, "raw JSON event received from Lambda");
    }
    visible.push(format!("{:?} {:?}", verify.event(), verify.request()));
    visible.push(format!(
        "{:?} {:?}",
        federation.event(),
        federation.request()
    ));

    let judge = verify_auth_challenge::from_fn(|request: VerifyChallengeRequest| async move {
        tracing::debug!(?request, "judging");
        Ok(Verdict::from(request.answer_matches("answer")))
    });
    let failing = verify_auth_challenge::from_fn(|request: VerifyChallengeRequest| async move {
        Err(HookError::failed(std::io::Error::other(format!(
            "could not judge {request:?}"
        ))))
    });
    for result in [
        runtime.block_on(testing::call(&judge, verify.event())),
        runtime.block_on(testing::call(&failing, verify.event())),
    ] {
        match result {
            Ok(returned) => visible.push(format!(
                "{:?} {:?}",
                returned.response,
                testing::decision(&returned)
            )),
            Err(error) => visible.push(format!("{error} {error:?} {}", error.cognito_error())),
        }
    }
    let create = create_auth_challenge::from_fn(|request: CreateChallengeRequest| async move {
        let challenge = Challenge::default().private("answer", cognito_triggers::Secret::new(CODE));
        tracing::debug!(?request, ?challenge, "created");
        Ok(challenge)
    });
    let returned = runtime
        .block_on(testing::call(
            &create,
            CreateChallengeRequest::builder().event(),
        ))
        .expect("created");
    visible.push(format!("{returned:?} {:?}", testing::decision(&returned)));
    let shape = inbound_federation::from_fn(|request: FederationRequest| async move {
        tracing::debug!(?request, "shaping");
        Ok(AttributeChanges::keep_all().drop("groups"))
    });
    let returned = runtime
        .block_on(testing::call(&shape, federation.event()))
        .expect("shaped");
    visible.push(format!(
        "{returned:?} {:?}",
        returned.request().token_response()
    ));
    // A payload where the answer is not a string: the decode error does not quote it.
    let broken =
        EventBuilder::<serde_json::Value>::new("VerifyAuthChallengeResponse_Authentication")
            .request_member("challengeAnswer", 731_904_731_u64)
            .json()
            .to_string();
    visible.push(undecodable(&runtime, &broken));

    let logs = logs.text();
    assert!(
        logs.contains("DEBUG"),
        "the test captured verbose logs: {logs}"
    );
    for secret in [ANSWER, CODE, TOKEN, "731904731"] {
        assert!(!logs.contains(secret), "a log line holds {secret}:\n{logs}");
        for text in &visible {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
    }
}

/// tracing-core computes a new callsite's interest from the registering thread's default alone
/// while only one dispatcher exists; then a callsite first hit by another test thread stays
/// invisible to this test's subscriber. A second, permanent dispatcher makes it ask every live
/// one.
fn keep_interest_global() {
    static SECOND: std::sync::OnceLock<tracing::Dispatch> = std::sync::OnceLock::new();
    SECOND.get_or_init(|| tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default()));
}
