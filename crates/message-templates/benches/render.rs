//! Cold-start and per-invocation cost of the custom message function.
//!
//! - `cold_start/*`: building the function's [`TemplateMessages`] once per cold start, lazily (the
//!   built-in set's default: templates are parsed on first use) and eagerly (every template
//!   parsed, as with `CUSTOM_MESSAGE_TEMPLATE_DIR`), each alone and followed by the first
//!   request, which is what decides between the two end to end.
//! - `invocation/*`: one event through decode → hook → encode (`serve::handle_json`, what
//!   `custom_message::run` does per request), with the template hook and with an empty hook for comparison;
//!   plus `render` alone.

use std::hint::black_box;

use cognito_message_templates::TemplateMessages;
use cognito_triggers::CognitoDefault;
use cognito_triggers::custom_message::CustomMessageEvent;
use cognito_triggers::serve::handle_json;
use cognito_triggers::{Context, decode_event};
use criterion::{Criterion, criterion_group, criterion_main};

const FORGOT_PASSWORD: &str = include_str!("../../../events/CustomMessage_ForgotPassword.json");
const SIGN_UP: &str = include_str!("../../../events/CustomMessage_SignUp.json");

fn cold_start(c: &mut Criterion) {
    let mut group = c.benchmark_group("cold_start");
    group.bench_function("build_builtin_lazy", |b| {
        b.iter(|| black_box(TemplateMessages::builtin().expect("loads")));
    });
    group.bench_function("build_builtin_eager", |b| {
        b.iter(|| {
            black_box(
                TemplateMessages::builder()
                    .eager(true)
                    .build()
                    .expect("loads"),
            )
        });
    });
    let request = cognito_triggers::lifecycle::Event::request(
        &decode_event::<CustomMessageEvent>(FORGOT_PASSWORD.as_bytes()).expect("event"),
    );
    group.bench_function("build_lazy_and_first_render", |b| {
        b.iter(|| {
            let messages = TemplateMessages::builtin().expect("loads");
            black_box(messages.render(&request))
        });
    });
    group.bench_function("build_eager_and_first_render", |b| {
        b.iter(|| {
            let messages = TemplateMessages::builder()
                .eager(true)
                .build()
                .expect("loads");
            black_box(messages.render(&request))
        });
    });
    group.finish();
}

fn invocation(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let messages = TemplateMessages::builtin().expect("loads");
    let templates = TemplateMessages::builtin().expect("loads");
    let mut group = c.benchmark_group("invocation");
    for (name, json) in [
        ("forgot_password_de", FORGOT_PASSWORD),
        ("sign_up_en", SIGN_UP),
    ] {
        let request = cognito_triggers::lifecycle::Event::request(
            &decode_event::<CustomMessageEvent>(json.as_bytes()).expect("event"),
        );
        group.bench_function(format!("render/{name}"), |b| {
            b.iter(|| black_box(messages.render(black_box(&request))));
        });
        group.bench_function(format!("handle_json_templates/{name}"), |b| {
            b.to_async(&runtime).iter(|| async {
                black_box(
                    handle_json::<CustomMessageEvent, _>(
                        &templates,
                        json.as_bytes(),
                        Context::default(),
                    )
                    .await
                    .expect("ok"),
                )
            });
        });
        group.bench_function(format!("handle_json_empty/{name}"), |b| {
            b.to_async(&runtime).iter(|| async {
                black_box(
                    handle_json::<CustomMessageEvent, _>(
                        &CognitoDefault,
                        json.as_bytes(),
                        Context::default(),
                    )
                    .await
                    .expect("ok"),
                )
            });
        });
    }
    group.finish();
}

criterion_group!(benches, cold_start, invocation);
criterion_main!(benches);
