//! Integration tests for the custom message templates and their checks.

mod support;

use cognito_message_templates::{
    Channel, ClientChoice, Error, SMS_MAX_LEN, Selection, TemplateFiles, TemplateMessages,
    Violation, minimal_request,
};
use cognito_triggers::custom_message::{self, Message, MessageRequest, MessageSource};
use cognito_triggers::{Context, LambdaEvent};
use support::{copy_of_templates, event_from_json, request, sample_events, scratch_dir, write};

fn builtin() -> TemplateMessages {
    TemplateMessages::builtin().expect("the built-in set loads")
}

/// A request built from JSON fragments for `request` on top of a `CustomMessage_<source>` event.
fn request_with(source: &str, request_json: &str) -> MessageRequest {
    let json = format!(
        r#"{{"version": "1", "triggerSource": "CustomMessage_{source}", "region": "us-west-2",
            "userPoolId": "us-west-2_EXAMPLE", "userName": "test-user",
            "callerContext": {{"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "1example23456789"}},
            "request": {request_json},
            "response": {{"smsMessage": null, "emailMessage": null, "emailSubject": null}}}}"#
    );
    cognito_triggers::lifecycle::Event::request(&event_from_json(&json))
}

fn sign_up_with(attributes: &str, metadata: &str) -> MessageRequest {
    request_with(
        "SignUp",
        &format!(
            r#"{{"userAttributes": {attributes}, "codeParameter": "{{####}}",
                "linkParameter": "{{##Click Here##}}", "usernameParameter": null,
                "clientMetadata": {metadata}}}"#
        ),
    )
}

fn locale_of(messages: &TemplateMessages, request: &MessageRequest) -> String {
    let rendering = messages.render_with(request, Selection::default());
    rendering
        .outcome(Channel::Sms)
        .expect("sms rendered")
        .locale
        .clone()
}

// ---- the default set -------------------------------------------------------------------------

#[test]
fn builtin_set_has_english_and_german_for_every_source() {
    let messages = builtin();
    assert_eq!(messages.locales(), ["de", "en"]);
    let files = TemplateFiles::builtin();
    for locale in ["en", "de"] {
        for source in cognito_message_templates::SOURCES {
            for file in ["subject", "email", "sms"] {
                assert!(
                    files
                        .get(&format!("{locale}/{source}/{file}.hbs"))
                        .is_some(),
                    "{locale}/{source}/{file}"
                );
            }
        }
    }
}

#[test]
fn every_builtin_template_parses() {
    // The built-in set is parsed lazily in production; parse all of it here.
    TemplateMessages::builder()
        .eager(true)
        .build()
        .expect("every built-in template parses");
}

#[test]
fn lazily_parsed_broken_template_fails_only_its_channel() {
    let mut files = TemplateFiles::builtin();
    files.insert("en/SignUp/sms.hbs", "{{#if codeParameter}}unclosed");
    let eager = TemplateMessages::builder()
        .files(files.clone())
        .eager(true)
        .build();
    assert!(matches!(eager, Err(Error::Parse { .. })), "{eager:?}");

    let messages = TemplateMessages::builder()
        .files(files)
        .build()
        .expect("lazy: parsed on use");
    let request = request("CustomMessage_SignUp.json");
    let rendering = messages.render_with(&request, Selection::default());
    let sms = rendering.outcome(Channel::Sms).expect("sms");
    assert!(
        matches!(&sms.result, Err(Violation::Render(error)) if error.contains("does not parse")),
        "{sms:?}"
    );
    let message = messages.render(&request);
    assert_eq!(message.sms_message(), None);
    assert!(message.email_message().is_some());
    assert!(!messages.check(&[]).is_ok());
}

#[test]
fn embedded_table_matches_the_templates_directory() {
    let on_disk = TemplateFiles::from_dir(support::templates_dir()).expect("templates/ reads");
    let embedded = TemplateFiles::builtin();
    let paths = |files: &TemplateFiles| {
        files
            .iter()
            .map(|(path, body)| (path.to_owned(), body.to_owned()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        paths(&on_disk),
        paths(&embedded),
        "rebuild: templates/ changed since the last build"
    );
}

#[test]
fn every_sample_event_renders_every_channel_within_the_rules() {
    let messages = builtin();
    let events = sample_events();
    assert!(
        events.len() >= 7,
        "expected the seven sample events and variants, got {}",
        events.len()
    );
    for event in &events {
        let request = &event.request;
        let rendering = messages.render_with(request, Selection::default());
        if matches!(request.source(), MessageSource::Other(_)) {
            assert!(
                rendering.outcomes.is_empty(),
                "{}: unknown source must keep Cognito's message",
                event.name
            );
            assert_eq!(messages.render(request), Message::default());
            continue;
        }
        assert_eq!(rendering.outcomes.len(), 3, "{}", event.name);
        for outcome in &rendering.outcomes {
            let text = outcome.result.as_ref().unwrap_or_else(|violation| {
                panic!("{} {}: {violation}", event.name, outcome.template)
            });
            let code = request
                .code_parameter()
                .expect("sample events carry codeParameter");
            match outcome.channel {
                Channel::Subject => assert!((1..=140).contains(&text.chars().count())),
                Channel::Email => {
                    assert!(text.contains(code), "{}: email lacks {code}", event.name);
                    assert_eq!(
                        text.matches(code).count(),
                        1,
                        "{}: code placeholder once",
                        event.name
                    );
                    assert!(text.encode_utf16().count() <= 20_000);
                    assert!(text.starts_with("<!DOCTYPE html>"));
                }
                Channel::Sms => {
                    assert!(text.contains(code), "{}: sms lacks {code}", event.name);
                    assert!(
                        text.encode_utf16().count() <= SMS_MAX_LEN,
                        "{}: {text}",
                        event.name
                    );
                    assert!(!text.contains('\n'));
                }
            }
            if *request.source() == MessageSource::AdminCreateUser
                && outcome.channel != Channel::Subject
            {
                let username = request
                    .username_parameter()
                    .expect("AdminCreateUser carries usernameParameter");
                assert!(
                    text.contains(username),
                    "{}: {} lacks {username}",
                    event.name,
                    outcome.template
                );
            }
        }
        let message = messages.render(request);
        assert!(
            message.email_message().is_some()
                && message.email_message().is_some()
                && message.sms_message().is_some()
        );
    }
}

#[test]
fn template_check_passes_on_the_default_set() {
    let report = builtin().check(&sample_events());
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(report.is_ok(), "{failures:#?}");
    assert!(
        report.renders >= 7 * 2 * 3 * 2,
        "{} renders",
        report.renders
    );
}

#[test]
fn old_events_get_their_own_placeholder() {
    let messages = builtin();
    let message = messages.render(&request("variants/custommessage-old-placeholder.json"));
    let sms = message.sms_message().map(str::to_owned).expect("sms");
    assert!(sms.contains("####") && !sms.contains("{####}"), "{sms}");
    let email = message
        .email_message()
        .map(|email| email.body.clone())
        .expect("email");
    assert!(email.contains("####") && !email.contains("{####}"));
}

#[test]
fn forgot_password_sample_is_german_and_greets_by_name() {
    let messages = builtin();
    let message = messages.render(&request("CustomMessage_ForgotPassword.json"));
    assert_eq!(
        message.email_message().map(|email| email.subject.as_str()),
        Some("Passwort zurücksetzen")
    );
    let email = message
        .email_message()
        .map(|email| email.body.clone())
        .expect("email");
    assert!(email.contains(r#"<html lang="de""#));
    assert!(email.contains("Hallo Lena,"), "{email}");

    let request = MessageRequest::builder(MessageSource::ForgotPassword)
        .attribute("given_name", "Alex")
        .without_request_member("clientMetadata")
        .attribute("locale", "en")
        .request();
    let email = messages
        .render(&request)
        .email_message()
        .map(|email| email.body.clone())
        .expect("email");
    assert!(email.contains("Hello Alex,"), "{email}");
    let request = sign_up_with(r#"{"email": "a@example.com"}"#, "{}");
    let email = messages
        .render(&request)
        .email_message()
        .map(|email| email.body.clone())
        .expect("email");
    assert!(
        email.contains(">Hello,</p>"),
        "no given_name: plain greeting"
    );
}

// ---- escaping --------------------------------------------------------------------------------

#[test]
fn a_sign_up_email_carries_no_text_the_caller_chose() {
    // SignUp(email=victim@…, given_name="Your account is locked, confirm at …"): the app's own
    // email goes to an address the caller need not own, so it must not carry their text.
    let messages = builtin();
    for source in [
        MessageSource::SignUp,
        MessageSource::ResendCode,
        MessageSource::UpdateUserAttribute,
        MessageSource::VerifyUserAttribute,
    ] {
        let request = MessageRequest::builder(source.clone())
            .attribute(
                "given_name",
                "Your account is locked, confirm at evil.example",
            )
            .request();
        let email = messages
            .render(&request)
            .email_message()
            .map(|email| email.body.clone())
            .expect("email");
        assert!(!email.contains("evil.example"), "{source}: {email}");
    }
}

#[test]
fn hostile_given_name_is_inert_in_the_email() {
    let messages = builtin();
    let request = MessageRequest::builder(MessageSource::ForgotPassword)
        .attribute("given_name", "<script>alert(1)</script>\u{200b}\u{202e}")
        .client_metadata("locale", "en\"><img src=x onerror=alert(1)>")
        .request();
    let message = messages.render(&request);
    let email = message
        .email_message()
        .map(|email| email.body.clone())
        .expect("the email is still custom");
    assert!(!email.contains("<script>"), "{email}");
    assert!(
        email.contains("Hello &lt;script&gt;alert(1)&lt;/script&gt;,"),
        "{email}"
    );
    assert!(!email.contains('\u{200b}') && !email.contains('\u{202e}'));
    assert!(
        !email.contains("onerror"),
        "an invalid locale tag is ignored, never echoed"
    );
}

#[test]
fn client_metadata_cannot_smuggle_in_the_code_placeholder() {
    // A ForgotPassword call for someone else's account, with metadata that would have Cognito
    // put the victim's code into the caller's link.
    let mut files = TemplateFiles::builtin();
    files.insert(
        "en/ForgotPassword/email.hbs",
        r#"<p>Code: {{codeParameter}}</p>{{#if clientMetadata.returnUrl}}<a href="{{clientMetadata.returnUrl}}">Back</a>{{/if}}"#,
    );
    files.insert(
        "en/ForgotPassword/sms.hbs",
        "{{codeParameter}} {{clientMetadata.returnUrl}}",
    );
    let messages = TemplateMessages::builder()
        .files(files)
        .build()
        .expect("loads");
    let request = request_with(
        "ForgotPassword",
        r#"{"userAttributes": {"email": "victim@example.com"}, "codeParameter": "{####}",
            "clientMetadata": {"returnUrl": "https://attacker.example/?c={####}&l={##x##}"}}"#,
    );
    let message = messages.render(&request);
    let email = message
        .email_message()
        .map(|email| email.body.clone())
        .expect("email");
    assert_eq!(email.matches("{####}").count(), 1, "{email}");
    assert!(email.contains("?c&#x3D;{#}&amp;l&#x3D;{#x#}"), "{email}");
    let sms = message.sms_message().map(str::to_owned).expect("sms");
    assert_eq!(sms, "{####} https://attacker.example/?c={#}&l={#x#}");
}

#[test]
fn subject_and_sms_are_not_html_escaped_but_lose_control_characters() {
    let mut files = TemplateFiles::builtin();
    files.insert(
        "en/SignUp/subject.hbs",
        "Welcome {{userAttributes.given_name}} & co",
    );
    files.insert(
        "en/SignUp/sms.hbs",
        "Hi {{userAttributes.given_name}}, code {{codeParameter}}",
    );
    let messages = TemplateMessages::builder()
        .files(files)
        .build()
        .expect("loads");
    let request = sign_up_with(r#"{"given_name": "Tom <b>\n\u0007\u200bJr"}"#, "{}");
    let message = messages.render(&request);
    assert_eq!(
        message.email_message().map(|email| email.subject.as_str()),
        Some("Welcome Tom <b> Jr & co")
    );
    assert_eq!(message.sms_message(), Some("Hi Tom <b> Jr, code {####}"));
}

// ---- validation and fallback -----------------------------------------------------------------

#[test]
fn overflowing_sms_falls_back_while_the_email_stays_custom() {
    let mut files = TemplateFiles::builtin();
    files.insert(
        "en/SignUp/sms.hbs",
        format!("{} {{{{codeParameter}}}}", "Long words. ".repeat(12)),
    );
    let messages = TemplateMessages::builder()
        .files(files)
        .build()
        .expect("loads");
    let request = request("CustomMessage_SignUp.json");
    let rendering = messages.render_with(&request, Selection::default());
    let sms = rendering.outcome(Channel::Sms).expect("sms rendered");
    assert_eq!(sms.template, "en/SignUp/sms.hbs");
    assert!(
        matches!(
            sms.result,
            Err(Violation::Rule(
                cognito_triggers::rules::Violation::TooLong { max: 140, .. }
            ))
        ),
        "{:?}",
        sms.result
    );

    let message = messages.render(&request);
    assert_eq!(message.sms_message(), None, "Cognito's own SMS");
    assert!(
        message.email_message().is_some() && message.email_message().is_some(),
        "email still custom"
    );
}

#[test]
fn a_message_without_the_code_placeholder_falls_back() {
    let mut files = TemplateFiles::builtin();
    files.insert("en/SignUp/email.hbs", "<p>Welcome aboard!</p>");
    let messages = TemplateMessages::builder()
        .files(files)
        .build()
        .expect("loads");
    let request = request("CustomMessage_SignUp.json");
    let rendering = messages.render_with(&request, Selection::default());
    let email = rendering.outcome(Channel::Email).expect("email rendered");
    assert_eq!(
        email.result.as_ref().map_err(Violation::rule),
        Err("code_placeholder")
    );
    let message = messages.render(&request);
    assert_eq!(
        (
            message.email_message().map(|e| e.subject.clone()),
            message.email_message().map(|e| e.body.clone())
        ),
        (None, None),
        "subject and body fall back together"
    );
    assert!(message.sms_message().is_some());
}

#[test]
fn admin_create_user_without_username_placeholder_falls_back() {
    let mut files = TemplateFiles::builtin();
    files.insert(
        "en/AdminCreateUser/sms.hbs",
        "Your temporary password is {{codeParameter}}",
    );
    let messages = TemplateMessages::builder()
        .files(files)
        .build()
        .expect("loads");
    let request = request("CustomMessage_AdminCreateUser.json");
    let rendering = messages.render_with(&request, Selection::default());
    let sms = rendering.outcome(Channel::Sms).expect("sms rendered");
    assert_eq!(
        sms.result.as_ref().map_err(Violation::rule),
        Err("username_placeholder")
    );
    assert!(messages.render(&request).email_message().is_some());
}

#[test]
fn strict_mode_turns_a_missing_variable_into_a_fallback() {
    let mut files = TemplateFiles::builtin();
    files.insert(
        "en/SignUp/sms.hbs",
        "Hi {{userAttributes.given_name}}, your code is {{codeParameter}}",
    );
    let messages = TemplateMessages::builder()
        .files(files)
        .build()
        .expect("loads");
    let without_name = sign_up_with(r#"{"email": "a@example.com"}"#, "{}");
    let rendering = messages.render_with(&without_name, Selection::default());
    let sms = rendering.outcome(Channel::Sms).expect("sms rendered");
    assert_eq!(sms.result.as_ref().map_err(Violation::rule), Err("render"));
    assert_eq!(messages.render(&without_name).sms_message(), None);

    let report = messages.check(&[]);
    assert!(
        report
            .failures
            .iter()
            .any(|failure| failure.outcome.template == "en/SignUp/sms.hbs"
                && failure.violation().map(Violation::rule) == Some("render")),
        "the check renders a minimal event without given_name: {:?}",
        report.failures
    );
}

#[test]
fn templates_reach_every_attribute_they_name_or_iterate() {
    let render_sms = |template: &'static str| {
        let mut files = TemplateFiles::builtin();
        files.insert("en/SignUp/sms.hbs", template);
        let messages = TemplateMessages::builder()
            .files(files)
            .build()
            .expect("loads");
        let request = sign_up_with(
            r#"{"email": "a@example.com", "custom:plan": "pro", "given_name": "Ana"}"#,
            r#"{"app": "shop"}"#,
        );
        messages.render(&request).sms_message().map(str::to_owned)
    };
    assert_eq!(
        render_sms("{{userAttributes.[custom:plan]}} {{clientMetadata.app}} {{codeParameter}}")
            .as_deref(),
        Some("pro shop {####}")
    );
    assert_eq!(
        render_sms("{{#each userAttributes}}{{@key}}={{this}};{{/each}} {{codeParameter}}")
            .as_deref(),
        Some("custom:plan=pro;email=a@example.com;given_name=Ana; {####}")
    );
    assert_eq!(
        render_sms("{{#with clientMetadata}}{{app}}{{/with}} {{username}} {{codeParameter}}")
            .as_deref(),
        Some("shop test-user {####}")
    );
}

#[test]
fn username_placeholder_outside_admin_create_user_is_a_render_error() {
    let mut files = TemplateFiles::builtin();
    files.insert(
        "en/ResendCode/sms.hbs",
        "{{usernameParameter}}: {{codeParameter}}",
    );
    let messages = TemplateMessages::builder()
        .files(files)
        .build()
        .expect("loads");
    let report = messages.check(&[]);
    assert!(
        report
            .failures
            .iter()
            .any(|failure| failure.outcome.template == "en/ResendCode/sms.hbs")
    );
}

#[test]
fn events_without_code_parameter_keep_cognitos_messages() {
    let messages = builtin();
    let request = request_with(
        "SignUp",
        r#"{"userAttributes": {"email": "a@example.com"}}"#,
    );
    assert_eq!(messages.render(&request), Message::default());
}

#[test]
fn disabled_channels_stay_none() {
    let messages = TemplateMessages::builder()
        .email(false)
        .build()
        .expect("loads");
    let message = messages.render(&request("CustomMessage_SignUp.json"));
    assert_eq!(
        (
            message.email_message().map(|e| e.subject.clone()),
            message.email_message().map(|e| e.body.clone())
        ),
        (None, None)
    );
    assert!(message.sms_message().is_some());
    let messages = TemplateMessages::builder()
        .sms(false)
        .build()
        .expect("loads");
    assert_eq!(
        messages
            .render(&request("CustomMessage_SignUp.json"))
            .sms_message(),
        None
    );
}

// ---- locale and client selection -------------------------------------------------------------

#[test]
fn locale_prefers_client_metadata_then_attribute_then_default() {
    let messages = builtin();
    let cases = [
        (r#"{"locale": "de"}"#, r#"{"locale": "en"}"#, "de"),
        (r#"{}"#, r#"{"locale": "de"}"#, "de"),
        (r#"{"locale": "en"}"#, r#"{"locale": "de"}"#, "en"),
        (r#"{"locale": "de-AT"}"#, r#"{}"#, "de"),
        (r#"{"locale": "de_AT"}"#, r#"{}"#, "de"),
        (r#"{"locale": "fr-FR"}"#, r#"{"locale": "de_CH"}"#, "de"),
        (r#"{"locale": "fr-FR"}"#, r#"{}"#, "en"),
        (r#"{}"#, r#"{}"#, "en"),
    ];
    for (metadata, attributes, expected) in cases {
        let request = sign_up_with(attributes, metadata);
        assert_eq!(
            locale_of(&messages, &request),
            expected,
            "metadata {metadata}, attributes {attributes}"
        );
    }
}

#[test]
fn a_regional_locale_directory_wins_over_its_language() {
    let mut files = TemplateFiles::builtin();
    files.insert(
        "de-AT/SignUp/sms.hbs",
        "Servus, Ihr Code: {{codeParameter}}",
    );
    let messages = TemplateMessages::builder()
        .files(files)
        .build()
        .expect("loads");
    let austrian = sign_up_with("{}", r#"{"locale": "de_AT"}"#);
    let rendering = messages.render_with(&austrian, Selection::default());
    assert_eq!(rendering.locales, ["de-at", "de", "en"]);
    assert_eq!(
        rendering
            .outcome(Channel::Sms)
            .expect("sms")
            .result
            .as_deref(),
        Ok("Servus, Ihr Code: {####}")
    );
    assert_eq!(
        rendering.outcome(Channel::Email).expect("email").template,
        "de/SignUp/email.hbs"
    );
    let german = sign_up_with("{}", r#"{"locale": "de-DE"}"#);
    assert_eq!(
        messages.render(&german).sms_message(),
        Some("Ihr Bestätigungscode lautet {####}")
    );
}

#[test]
fn default_locale_is_configurable() {
    let messages = TemplateMessages::builder()
        .default_locale("de")
        .build()
        .expect("loads");
    let request = sign_up_with("{}", r#"{"locale": "fr"}"#);
    assert_eq!(locale_of(&messages, &request), "de");
    assert!(matches!(
        TemplateMessages::builder().default_locale("fr").build(),
        Err(Error::Missing { .. })
    ));
    assert!(matches!(
        TemplateMessages::builder().default_locale("../x").build(),
        Err(Error::Config { .. })
    ));
}

#[test]
fn client_overrides_apply_to_their_client_only() {
    let mut files = TemplateFiles::builtin();
    files.insert(
        "clients/1example23456789/en/SignUp/sms.hbs",
        "Acme: your code is {{codeParameter}}",
    );
    files.insert(
        "clients/1example23456789/en/SignUp/subject.hbs",
        "Welcome to Acme",
    );
    files.insert(
        "clients/1example23456789/en/SignUp/email.hbs",
        "<p>Acme code: {{codeParameter}}</p>",
    );
    let messages = TemplateMessages::builder()
        .files(files)
        .build()
        .expect("loads");
    assert_eq!(
        messages.client_overrides(),
        [("1example23456789", vec!["en"])]
    );

    let request = sign_up_with("{}", "{}");
    let message = messages.render(&request);
    assert_eq!(message.sms_message(), Some("Acme: your code is {####}"));
    assert_eq!(
        message.email_message().map(|email| email.subject.as_str()),
        Some("Welcome to Acme")
    );

    let other_client = messages.render_with(
        &request,
        Selection {
            client: ClientChoice::Client("other"),
            ..Selection::default()
        },
    );
    assert_eq!(
        other_client.outcome(Channel::Sms).expect("sms").template,
        "en/SignUp/sms.hbs"
    );

    // Language beats client: a German user of this client gets the German templates.
    let german = sign_up_with("{}", r#"{"locale": "de"}"#);
    assert_eq!(
        messages.render(&german).sms_message(),
        Some("Ihr Bestätigungscode lautet {####}")
    );
}

// ---- override directory ----------------------------------------------------------------------

#[test]
fn override_directory_is_used() {
    let dir = copy_of_templates("good");
    write(
        &dir,
        "en/ForgotPassword/sms.hbs",
        "Directory override {{codeParameter}}\n",
    );
    let messages = TemplateMessages::from_dir(&dir).expect("the copied set loads");
    let request = sign_up_with("{}", "{}");
    let _ = messages.render(&request);
    let forgot = request_with(
        "ForgotPassword",
        r#"{"userAttributes": {"email": "a@example.com"}, "codeParameter": "{####}"}"#,
    );
    assert_eq!(
        messages.render(&forgot).sms_message(),
        Some("Directory override {####}")
    );
}

#[test]
fn broken_override_directories_are_refused_naming_the_file() {
    let dir = copy_of_templates("parse");
    write(
        &dir,
        "de/SignUp/email.hbs",
        "{{#if userAttributes.given_name}}unclosed",
    );
    let error = TemplateMessages::from_dir(&dir).expect_err("does not parse");
    assert!(matches!(error, Error::Parse { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains(&dir.join("de/SignUp/email.hbs").display().to_string()),
        "{error}"
    );

    let dir = copy_of_templates("missing");
    std::fs::remove_file(dir.join("en/Authentication/sms.hbs")).expect("remove");
    let error = TemplateMessages::from_dir(&dir).expect_err("lacks a template");
    assert!(matches!(error, Error::Missing { .. }), "{error}");
    assert!(
        error.to_string().contains("en/Authentication/sms.hbs"),
        "{error}"
    );

    let dir = copy_of_templates("misplaced");
    write(&dir, "en/ForgotPasword/sms.hbs", "{{codeParameter}}");
    let error = TemplateMessages::from_dir(&dir).expect_err("misplaced file");
    assert!(matches!(error, Error::Layout { .. }), "{error}");
    assert!(error.to_string().contains("ForgotPasword"), "{error}");

    let dir = copy_of_templates("unpaired");
    write(&dir, "fr/SignUp/email.hbs", "<p>{{codeParameter}}</p>");
    let error = TemplateMessages::from_dir(&dir).expect_err("email without subject");
    assert!(error.to_string().contains("subject.hbs"), "{error}");

    let error =
        TemplateMessages::from_dir(scratch_dir("empty").join("nope")).expect_err("no directory");
    assert!(matches!(error, Error::Read { .. }), "{error}");
}

#[test]
fn the_binary_refuses_to_start_on_a_broken_override_directory() {
    let dir = copy_of_templates("binary");
    write(&dir, "en/SignUp/sms.hbs", "{{codeParameter");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_custom-message"))
        .env("CUSTOM_MESSAGE_TEMPLATE_DIR", &dir)
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    let logs = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(logs.contains("en/SignUp/sms.hbs"), "{logs}");
    assert!(logs.contains("refusing to start"), "{logs}");
}

// ---- through the hook ------------------------------------------------------------------------

#[tokio::test]
async fn handle_fills_the_response_of_the_event() {
    let messages = builtin();
    let json =
        std::fs::read_to_string(support::events_dir().join("CustomMessage_ForgotPassword.json"))
            .expect("event");
    let event = event_from_json(&json);
    let out = custom_message::handle(&messages, LambdaEvent::new(event, Context::default()))
        .await
        .expect("never fails the flow");
    let out = serde_json::to_value(out).expect("serializes");
    assert_eq!(out["response"]["emailSubject"], "Passwort zurücksetzen");
    assert!(
        out["response"]["smsMessage"]
            .as_str()
            .is_some_and(|sms| sms.contains("{####}"))
    );
    assert!(
        out["response"]["emailMessage"]
            .as_str()
            .is_some_and(|email| email.contains("{####}"))
    );
}

#[test]
fn minimal_requests_render_with_the_default_set() {
    let messages = builtin();
    for source in MessageSource::KNOWN {
        let rendering = messages.render_with(&minimal_request(source), Selection::default());
        assert!(
            rendering.failures().next().is_none(),
            "{source}: {:?}",
            rendering.outcomes
        );
    }
}

/// A function that cannot start says why in one line naming the setting, not an error's
/// `Debug` form: a template directory that does not load, or no Lambda Runtime API.
#[test]
fn the_binary_refuses_to_start_with_one_readable_line() {
    let binary = env!("CARGO_BIN_EXE_custom-message");
    let missing = scratch_dir("refusal").join("missing");
    let missing = missing.to_str().expect("a UTF-8 path");
    let line = workspace_harness::refusal_line(binary, &[("CUSTOM_MESSAGE_TEMPLATE_DIR", missing)]);
    assert!(
        line.starts_with("custom-message: refusing to start: "),
        "{line}"
    );
    assert!(line.contains("missing"), "{line}");
    let line = workspace_harness::refusal_line(binary, &[]);
    assert!(line.starts_with("custom-message: "), "{line}");
    assert!(line.contains("AWS_LAMBDA_RUNTIME_API"), "{line}");
}
