//! The `testing` module: hooks unit-tested without JSON, and its samples are the `events/` files.

use cognito_triggers::custom_message::{self, Message, MessageRequest, MessageSource};
use cognito_triggers::pre_sign_up::{self, SignUpDecision, SignUpRequest, SignUpSource};
use cognito_triggers::testing::{self, SAMPLES};
use cognito_triggers::user_migration::{
    self, MigratedUser, MigrationDecision, MigrationRequest, MigrationSource,
};
use cognito_triggers::{CognitoDefault, HookError};
use serde_json::Value;

#[test]
fn the_embedded_samples_are_the_events_directory() {
    let files = workspace_harness::source_event_files();
    assert_eq!(files.len(), SAMPLES.len());
    for (source, json) in SAMPLES {
        let file = workspace_harness::event_json(&format!("{source}.json"));
        let embedded: Value = serde_json::from_str(json).expect("JSON");
        assert_eq!(embedded, file, "samples/{source}.json differs from events/");
    }
}

#[tokio::test]
async fn a_pre_sign_up_hook_in_five_lines() {
    let hook = pre_sign_up::from_fn(|request: SignUpRequest| async move {
        match request.source() {
            SignUpSource::AdminCreateUser => Ok(SignUpDecision::accept().confirm_user()),
            _ if request.validation_data().contains("invite") => Ok(SignUpDecision::accept()),
            _ => Err(HookError::reject("An invitation is required.")),
        }
    });

    let admin = SignUpRequest::builder(SignUpSource::AdminCreateUser).event();
    let returned = testing::call(&hook, admin).await.expect("accepted");
    assert_eq!(
        testing::decision(&returned),
        SignUpDecision::accept().confirm_user()
    );

    let anyone = SignUpRequest::builder(SignUpSource::SignUp).attribute("email", "a@example.com");
    testing::assert_rejected(
        &testing::call(&hook, anyone.event()).await,
        "An invitation is required",
    );

    let invited = SignUpRequest::builder(SignUpSource::SignUp).validation_data("invite", "x");
    assert!(testing::call(&hook, invited.event()).await.is_ok());
}

#[tokio::test]
async fn a_hook_is_called_with_the_view_the_builder_describes() {
    let hook = user_migration::from_fn(|request: MigrationRequest| async move {
        assert_eq!(request.username(), "lena@example.com");
        assert_eq!(
            request.validation_data().get("app").as_deref(),
            Some("shop")
        );
        Ok(
            match request
                .password()
                .map(|password| password.expose() == "right")
            {
                Some(true) => {
                    MigrationDecision::Migrate(MigratedUser::new([("email", "lena@example.com")]))
                }
                _ => MigrationDecision::NotFound,
            },
        )
    });
    let sign_in = MigrationRequest::builder(MigrationSource::Authentication)
        .user_name("lena@example.com")
        .validation_data("app", "shop");
    let returned = testing::call(&hook, sign_in.clone().password("right").event())
        .await
        .expect("ok");
    assert!(matches!(
        testing::decision(&returned),
        MigrationDecision::Migrate(_)
    ));
    let returned = testing::call(&hook, sign_in.password("wrong").event())
        .await
        .expect("ok");
    assert_eq!(testing::decision(&returned), MigrationDecision::NotFound);
}

#[tokio::test]
async fn every_hooks_custom_message_is_checked_against_cognitos_rules() {
    // A user's own hook, not the reference function: an SMS without the code, an email whose
    // subject has a line break, and a valid SMS for the other request.
    let hook = custom_message::from_fn(|request: MessageRequest| async move {
        let code = request.code_parameter().unwrap_or_default().to_owned();
        Ok(match request.client_metadata().get("case").as_deref() {
            Some("no-code") => Message::default().sms("Your code is on its way"),
            Some("bad-subject") => Message::default()
                .email("Reset\nnow", format!("<p>{code}</p>"))
                .sms(format!("Code {code}")),
            _ => Message::default().sms(format!("Code {code}")),
        })
    });
    let request = |case: &str| {
        MessageRequest::builder(MessageSource::ForgotPassword)
            .client_metadata("case", case)
            .event()
    };

    let returned = testing::call(&hook, request("no-code"))
        .await
        .expect("never an error");
    assert!(
        testing::decision(&returned).is_default(),
        "Cognito's own SMS"
    );

    let returned = testing::call(&hook, request("bad-subject"))
        .await
        .expect("never an error");
    let message = testing::decision(&returned);
    assert_eq!(
        message.email_message(),
        None,
        "subject and body fall back together"
    );
    assert_eq!(
        message.sms_message(),
        Some("Code {####}"),
        "the valid channel is kept"
    );

    let returned = testing::call(&hook, request("fine")).await.expect("ok");
    assert_eq!(
        testing::decision(&returned).sms_message(),
        Some("Code {####}")
    );
}

#[tokio::test]
async fn an_admin_create_user_message_needs_the_username_placeholder() {
    let hook = custom_message::from_fn(|request: MessageRequest| async move {
        let code = request.code_parameter().unwrap_or_default().to_owned();
        Ok(Message::default().sms(format!("Your temporary password is {code}")))
    });
    let event = MessageRequest::builder(MessageSource::AdminCreateUser).event();
    let returned = testing::call(&hook, event).await.expect("ok");
    assert!(testing::decision(&returned).is_default());
}

#[tokio::test]
async fn cognito_default_decides_nothing_for_every_trigger() {
    let event = SignUpRequest::builder(SignUpSource::SignUp).event();
    let returned = testing::call(&CognitoDefault, event).await.expect("ok");
    assert_eq!(testing::decision(&returned), SignUpDecision::default());
    let event = MessageRequest::builder(MessageSource::SignUp).event();
    let original = serde_json::to_value(&event).expect("JSON");
    let returned = testing::call(&CognitoDefault, event).await.expect("ok");
    assert_eq!(serde_json::to_value(&returned).expect("JSON"), original);
    let event = MigrationRequest::builder(MigrationSource::ForgotPassword).event();
    let returned = testing::call(&CognitoDefault, event).await.expect("ok");
    assert_eq!(testing::decision(&returned), MigrationDecision::NotFound);
}

/// `(source, code)` of a delivery.
type Delivery = (String, Option<String>);

/// A sender hook that records every delivery.
#[derive(Clone, Default)]
struct Recorder(std::sync::Arc<std::sync::Mutex<Vec<Delivery>>>);

impl Recorder {
    fn record<S: cognito_triggers::custom_sender::SenderSource>(
        &self,
        request: &cognito_triggers::custom_sender::SenderRequest<S>,
    ) -> Result<(), HookError> {
        let code = request.code().map(|code| code.expose().to_owned());
        let source = request.source().wire_name().to_owned();
        self.0.lock().expect("lock").push((source, code));
        Ok(())
    }
}

impl cognito_triggers::custom_email_sender::CustomEmailSender for Recorder {
    async fn custom_email_sender(
        &self,
        request: cognito_triggers::custom_email_sender::EmailSenderRequest,
    ) -> Result<(), HookError> {
        self.record(&request)
    }
}

impl cognito_triggers::custom_sms_sender::CustomSmsSender for Recorder {
    async fn custom_sms_sender(
        &self,
        request: cognito_triggers::custom_sms_sender::SmsSenderRequest,
    ) -> Result<(), HookError> {
        self.record(&request)
    }
}

/// `FixedCode` and the sender builders give a sender hook its code for every source that has
/// one, with or without a sample event, and no code for account takeover notices.
#[tokio::test]
async fn fixed_code_reaches_the_hook_for_every_sender_source() {
    use cognito_triggers::custom_email_sender::{EmailSenderRequest, EmailSenderSource};
    use cognito_triggers::custom_sender::WithDecryptor;
    use cognito_triggers::custom_sms_sender::{SmsSenderRequest, SmsSenderSource};

    let recorder = Recorder::default();
    let hook = WithDecryptor::new(testing::FixedCode::new("482913"), recorder.clone());
    for source in EmailSenderSource::KNOWN {
        let event = EmailSenderRequest::builder(source.clone()).event();
        testing::call(&hook, event).await.expect("delivered");
    }
    for source in SmsSenderSource::KNOWN {
        let event = SmsSenderRequest::builder(source.clone()).event();
        testing::call(&hook, event).await.expect("delivered");
    }
    let seen = recorder.0.lock().expect("lock");
    assert_eq!(
        seen.len(),
        EmailSenderSource::KNOWN.len() + SmsSenderSource::KNOWN.len()
    );
    for (source, code) in seen.iter() {
        let expected =
            (!source.ends_with("_AccountTakeOverNotification")).then(|| "482913".to_owned());
        assert_eq!(code, &expected, "{source}");
    }
}
