//! What a handled invocation costs next to plain JSON work, and which tokio flavour serves one
//! event at a time faster.
//!
//! - `handle/<trigger>`: decode the event into its typed form, run a hook that decides, write
//!   `response`, encode the event: the work `run()` does per invocation.
//! - `router_json/<trigger>`: through `Router::handle_json` (JSON in, JSON out), what
//!   `Router::run` does.
//! - `serde_json_value/<trigger>`: `serde_json::from_slice::<Value>` + `to_vec` of the same bytes,
//!   the floor any handler pays.
//! - `flavour/<name>`: one loopback TCP round trip (as the runtime's call to the Lambda Runtime
//!   API) plus `handle`, per iteration, on a current-thread and a multi-thread runtime.

use std::hint::black_box;
use std::path::Path;

use cognito_triggers::custom_message::{Message, MessageRequest};
use cognito_triggers::pre_sign_up::{SignUpDecision, SignUpRequest};
use cognito_triggers::user_migration::{MigratedUser, MigrationDecision, MigrationRequest};
use cognito_triggers::{
    Context, LambdaEvent, Router, custom_message, decode_event, pre_sign_up, user_migration,
};
use criterion::{Criterion, criterion_group, criterion_main};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn sample(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../events")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn router() -> Router {
    Router::new()
        .pre_sign_up(pre_sign_up::from_fn(|_request: SignUpRequest| async {
            Ok(SignUpDecision::accept().confirm_user())
        }))
        .custom_message(custom_message::from_fn(
            |request: MessageRequest| async move {
                let code = request.code_parameter().unwrap_or("{####}").to_owned();
                Ok(Message::default().sms(format!("Your code is {code}")))
            },
        ))
        .user_migration(user_migration::from_fn(
            |request: MigrationRequest| async move {
                Ok(MigrationDecision::Migrate(MigratedUser::new([
                    ("email", request.username().to_owned()),
                    ("email_verified", "true".to_owned()),
                ])))
            },
        ))
}

/// Decode into the typed event, run `handle`, encode: exactly what `run()` does per invocation.
fn typed_handle<E, Fut>(
    runtime: &tokio::runtime::Runtime,
    bytes: &[u8],
    handle: impl Fn(LambdaEvent<E>) -> Fut,
) -> Vec<u8>
where
    E: cognito_triggers::lifecycle::Event,
    Fut: std::future::Future<Output = Result<E, cognito_triggers::TriggerError>>,
{
    let event: E = decode_event(bytes).expect("decodes");
    let event = runtime
        .block_on(handle(LambdaEvent::new(event, Context::default())))
        .expect("handled");
    serde_json::to_vec(&event).expect("encodes")
}

fn handle_vs_serde(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let router = router();
    let pre_sign_up_hook = pre_sign_up::from_fn(|_request: SignUpRequest| async {
        Ok(SignUpDecision::accept().confirm_user())
    });
    let custom_message_hook = custom_message::from_fn(|request: MessageRequest| async move {
        let code = request.code_parameter().unwrap_or("{####}").to_owned();
        Ok(Message::default().sms(format!("Your code is {code}")))
    });
    let user_migration_hook = user_migration::from_fn(|request: MigrationRequest| async move {
        Ok(MigrationDecision::Migrate(MigratedUser::new([
            ("email", request.username().to_owned()),
            ("email_verified", "true".to_owned()),
        ])))
    });
    for (trigger, file) in [
        ("pre_sign_up", "PreSignUp_SignUp.json"),
        ("custom_message", "CustomMessage_ForgotPassword.json"),
        ("user_migration", "UserMigration_Authentication.json"),
    ] {
        let bytes = sample(file);
        c.bench_function(&format!("serde_json_value/{trigger}"), |b| {
            b.iter(|| {
                let value: serde_json::Value =
                    serde_json::from_slice(black_box(&bytes)).expect("JSON");
                black_box(serde_json::to_vec(&value).expect("encodes"))
            });
        });
        c.bench_function(&format!("handle/{trigger}"), |b| {
            b.iter(|| match trigger {
                "pre_sign_up" => black_box(typed_handle(&runtime, black_box(&bytes), |event| {
                    pre_sign_up::handle(&pre_sign_up_hook, event)
                })),
                "custom_message" => black_box(typed_handle(&runtime, black_box(&bytes), |event| {
                    custom_message::handle(&custom_message_hook, event)
                })),
                _ => black_box(typed_handle(&runtime, black_box(&bytes), |event| {
                    user_migration::handle(&user_migration_hook, event)
                })),
            });
        });
        c.bench_function(&format!("router_json/{trigger}"), |b| {
            b.iter(|| {
                let raw = runtime
                    .block_on(router.handle_json(black_box(&bytes), Context::default()))
                    .expect("handled");
                black_box(raw)
            });
        });
    }
}

fn flavours(c: &mut Criterion) {
    let bytes = sample("CustomMessage_ForgotPassword.json");
    for (name, runtime) in [
        (
            "current_thread",
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build(),
        ),
        (
            "multi_thread",
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build(),
        ),
    ] {
        let runtime = runtime.expect("runtime");
        let router = router();
        let (mut client, _server) = runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind loopback");
            let address = listener.local_addr().expect("address");
            let server = tokio::spawn(async move {
                let (mut socket, _) = listener.accept().await.expect("accept");
                let mut buffer = vec![0u8; 64 * 1024];
                loop {
                    let read = match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => break,
                        Ok(read) => read,
                    };
                    if socket.write_all(&buffer[..read]).await.is_err() {
                        break;
                    }
                }
            });
            let client = tokio::net::TcpStream::connect(address)
                .await
                .expect("connect");
            client.set_nodelay(true).expect("nodelay");
            (client, server)
        });
        let mut echo = vec![0u8; bytes.len()];
        c.bench_function(&format!("flavour/{name}"), |b| {
            b.iter(|| {
                runtime.block_on(async {
                    client.write_all(&bytes).await.expect("send");
                    client.read_exact(&mut echo).await.expect("receive");
                    let value = router
                        .handle_json(&echo, Context::default())
                        .await
                        .expect("handled");
                    black_box(serde_json::to_vec(&value).expect("encodes"))
                })
            });
        });
    }
}

criterion_group!(benches, handle_vs_serde, flavours);
criterion_main!(benches);
