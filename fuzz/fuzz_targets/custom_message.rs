//! The custom message path: a fuzzed `CustomMessage_*` event rendered by the built-in
//! templates through the whole lifecycle (as the `custom-message` function runs), then the
//! Cognito rules and the rejection cleaner on the raw input as text.
//!
//! Properties: no panic; every channel in the returned event satisfies
//! `rules::check_message` for its request; `clean_rejection` gives a non-empty text of allowed
//! characters, at most `MAX_REJECTION_CHARS`, without a trailing period or surrounding spaces.

#![no_main]

use std::sync::OnceLock;

use cognito_message_templates::TemplateMessages;
use cognito_triggers::custom_message::{CustomMessageEvent, Message};
use cognito_triggers::lifecycle::Event;
use cognito_triggers::serve::handle_json;
use cognito_triggers::rules::{
    Channel, MAX_REJECTION_CHARS, check_message, clean_rejection, is_allowed,
};
use cognito_triggers::{Context, decode_event, testing};
use libfuzzer_sys::fuzz_target;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime")
    })
}

fn templates() -> &'static TemplateMessages {
    static TEMPLATES: OnceLock<TemplateMessages> = OnceLock::new();
    TEMPLATES.get_or_init(|| TemplateMessages::builtin().expect("built-in templates"))
}

fn check_rendering(data: &[u8]) {
    let Ok(event) = decode_event::<CustomMessageEvent>(data) else {
        return;
    };
    let request = event.request();
    // The templates alone, as the hook renders them.
    let _ = templates().render(&request);
    // The whole invocation, as the Lambda function serves it.
    let Ok(returned) = runtime().block_on(handle_json::<CustomMessageEvent, _>(
        templates(),
        data,
        Context::default(),
    )) else {
        return;
    };
    let returned = decode_event::<CustomMessageEvent>(returned.get().as_bytes())
        .expect("the returned event decodes");
    // What the event already carried goes back as it came; what changed is the hook's
    // decision, which must keep to the rules.
    let before: Message = testing::decision(&event);
    let message: Message = testing::decision(&returned);
    let context = request.rules();
    if let Some(email) = message.email_message()
        && before.email_message() != Some(email)
    {
        if let Err(violation) = check_message(Channel::Subject, &email.subject, &context) {
            panic!("returned subject breaks {}: {violation}", violation.rule());
        }
        if let Err(violation) = check_message(Channel::Email, &email.body, &context) {
            panic!("returned email breaks {}: {violation}", violation.rule());
        }
    }
    if let Some(sms) = message.sms_message()
        && before.sms_message() != Some(sms)
        && let Err(violation) = check_message(Channel::Sms, sms, &context)
    {
        panic!("returned SMS breaks {}: {violation}", violation.rule());
    }
}

fn check_text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let cleaned = clean_rejection(&text);
    assert!(!cleaned.is_empty(), "empty rejection");
    assert!(
        cleaned.chars().count() <= MAX_REJECTION_CHARS,
        "rejection too long"
    );
    assert!(!cleaned.ends_with('.'), "trailing period");
    assert_eq!(cleaned.trim(), cleaned, "surrounding whitespace");
    assert!(
        cleaned
            .chars()
            .all(|c| c == ' ' || (is_allowed(c) && !c.is_whitespace())),
        "a character Cognito rejects"
    );
    let context = cognito_triggers::rules::MessageContext {
        code_parameter: Some("{####}"),
        username_parameter: Some("{username}"),
        user_name: "fuzz-user",
        admin_create_user: data.first().is_some_and(|b| b & 1 == 1),
    };
    for channel in Channel::ALL {
        let _ = check_message(channel, &text, &context);
    }
}

fuzz_target!(|data: &[u8]| {
    check_rendering(data);
    check_text(data);
});
