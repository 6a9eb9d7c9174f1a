//! The sender hooks without AWS: requests from the testing kit, a recording outbox.

use std::sync::{Arc, Mutex};

use cognito_message_templates::TemplateMessages;
use cognito_sender_delivery::{
    DeliveryError, EmailOutbox, SenderEmail, SenderSms, SmsOutbox, TemplateEmailSender,
    TemplateSmsSender,
};
use cognito_triggers::custom_email_sender::{
    CustomEmailSender, EmailSenderRequest, EmailSenderSource,
};
use cognito_triggers::custom_sms_sender::{CustomSmsSender, SmsSenderRequest, SmsSenderSource};

/// Keeps what it was asked to send; fails when told to.
#[derive(Clone, Default)]
struct Recorder {
    sent: Arc<Mutex<Vec<(String, String)>>>,
    down: bool,
}

impl EmailOutbox for Recorder {
    async fn send_email(&self, to: &str, email: &SenderEmail) -> Result<String, DeliveryError> {
        if self.down {
            return Err(test_error());
        }
        let text = format!("{}\n{}", email.subject, email.html);
        self.sent.lock().expect("sent").push((to.to_owned(), text));
        Ok("id-1".to_owned())
    }
}

impl SmsOutbox for Recorder {
    async fn send_sms(&self, to: &str, sms: &SenderSms) -> Result<String, DeliveryError> {
        if self.down {
            return Err(test_error());
        }
        self.sent
            .lock()
            .expect("sent")
            .push((to.to_owned(), sms.text.clone()));
        Ok("id-2".to_owned())
    }
}

/// A delivery error as the outbox reports one (the only way to make one outside the crate is to
/// get one from a real outbox; here a closed port gives one cheaply).
fn test_error() -> DeliveryError {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    std::thread::spawn(move || {
        runtime.block_on(async {
            let config = aws_config::SdkConfig::builder()
                .behavior_version(aws_config::BehaviorVersion::latest())
                .region(aws_config::Region::new("eu-west-1"))
                .endpoint_url("http://127.0.0.1:9")
                .build();
            let outbox = cognito_sender_delivery::SnsOutbox::new(aws_sdk_sns::Client::new(&config));
            let sms = SenderSms {
                text: "x".into(),
                locale: "en".into(),
            };
            outbox
                .send_sms("+15550000000", &sms)
                .await
                .expect_err("nothing listens")
        })
    })
    .join()
    .expect("thread")
}

fn email_sender(outbox: Recorder) -> TemplateEmailSender<Recorder> {
    TemplateEmailSender::new(TemplateMessages::builtin().expect("built-in set"), outbox)
}

#[tokio::test]
async fn a_reset_code_is_rendered_into_the_users_locale_and_handed_over() {
    let outbox = Recorder::default();
    let sender = email_sender(outbox.clone());
    let request = EmailSenderRequest::builder(EmailSenderSource::ForgotPassword)
        .attribute("email", "lena@example.com")
        .attribute("locale", "de")
        .decrypted(Some("482913"));
    sender.custom_email_sender(request).await.expect("sent");
    let sent = outbox.sent.lock().expect("sent");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, "lena@example.com");
    assert!(sent[0].1.starts_with("Passwort zurücksetzen\n") && sent[0].1.contains("482913"));
}

#[tokio::test]
async fn nothing_is_sent_without_a_code_an_address_or_a_working_outbox() {
    let outbox = Recorder::default();
    let sender = email_sender(outbox.clone());
    let no_code = EmailSenderRequest::builder(EmailSenderSource::ForgotPassword)
        .attribute("email", "lena@example.com")
        .decrypted(None);
    let error = sender
        .custom_email_sender(no_code)
        .await
        .expect_err("no code");
    assert!(
        format!("{error:?}").contains("carries no code"),
        "{error:?}"
    );

    let no_address = EmailSenderRequest::builder(EmailSenderSource::SignUp)
        .without_request_member("userAttributes")
        .decrypted(Some("482913"));
    assert!(sender.custom_email_sender(no_address).await.is_err());
    assert!(outbox.sent.lock().expect("sent").is_empty());

    let down = email_sender(Recorder {
        down: true,
        ..Recorder::default()
    });
    let request = EmailSenderRequest::builder(EmailSenderSource::ResendCode)
        .attribute("email", "lena@example.com")
        .decrypted(Some("482913"));
    let error = down
        .custom_email_sender(request)
        .await
        .expect_err("outbox down");
    let text = format!("{error:?}");
    assert!(
        text.contains("unreachable") && !text.contains("482913"),
        "{text}"
    );
}

#[tokio::test]
async fn an_account_takeover_notice_without_an_address_is_skipped_with_success() {
    let outbox = Recorder::default();
    let sender = email_sender(outbox.clone());
    let notice =
        EmailSenderRequest::builder(EmailSenderSource::AccountTakeOverNotification).decrypted(None);
    sender
        .custom_email_sender(notice)
        .await
        .expect("skipped, not retried");
    assert!(outbox.sent.lock().expect("sent").is_empty());

    let with_address = EmailSenderRequest::builder(EmailSenderSource::AccountTakeOverNotification)
        .attribute("email", "lena@example.com")
        .decrypted(None);
    sender
        .custom_email_sender(with_address)
        .await
        .expect("sent");
    let sent = outbox.sent.lock().expect("sent");
    assert!(sent[0].1.starts_with("Unusual sign-in to your account\n"));
    assert!(sent[0].1.contains("203.0.113.7"), "the sample's IP address");
}

#[tokio::test]
async fn an_invitation_sms_carries_username_and_unescaped_temporary_password() {
    let outbox = Recorder::default();
    let sender = TemplateSmsSender::new(TemplateMessages::builtin().expect("set"), outbox.clone());
    let request: SmsSenderRequest = SmsSenderRequest::builder(SmsSenderSource::AdminCreateUser)
        .user_name("lena")
        .attribute("phone_number", "+15550100")
        .decrypted(Some("Tq8&lt;v2&gt;"));
    sender.custom_sms_sender(request).await.expect("sent");
    let sent = outbox.sent.lock().expect("sent");
    assert_eq!(sent[0].0, "+15550100");
    assert!(
        sent[0].1.contains("lena") && sent[0].1.contains("Tq8<v2>"),
        "{}",
        sent[0].1
    );
}
