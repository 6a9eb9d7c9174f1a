//! `cognito-triggers forgot-password` and `confirm-forgot-password`: Cognito's ForgotPassword
//! flow on a local pool, with this project's user migration and custom message functions as the
//! pool's triggers.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cognito_legacy_migration::LegacyMigration;
use cognito_message_templates::TemplateMessages;
use cognito_simulator::{
    CallReport, CognitoError, ConfirmForgotPasswordRequest, DEFAULT_STATE_PATH,
    ForgotPasswordRequest, ForgotPasswordResponse, Pool, Simulator, State, User,
};

/// The demo pool's public app client.
const DEMO_CLIENT_ID: &str = "1example23456789";

/// Options shared by both subcommands.
#[derive(Debug, clap::Args)]
pub(crate) struct CallArgs {
    /// App client id.
    #[arg(long, default_value = DEMO_CLIENT_ID)]
    client_id: String,
    /// `SecretHash` to send, for app clients with a secret.
    #[arg(long, conflicts_with = "client_secret")]
    secret_hash: Option<String>,
    /// App client secret; the `SecretHash` is computed from it.
    #[arg(long)]
    client_secret: Option<String>,
    /// `ClientMetadata` entry `key=value`; repeat for more.
    #[arg(long = "client-metadata", value_name = "KEY=VALUE", value_parser = key_value)]
    client_metadata: Vec<(String, String)>,
    /// Pool file (JSON, see the cognito-simulator README); default: the built-in demo pool.
    #[arg(long, value_name = "FILE")]
    pool: Option<PathBuf>,
    /// State file carrying users, codes and delivered messages between calls.
    #[arg(long, value_name = "FILE", default_value = DEFAULT_STATE_PATH)]
    state: PathBuf,
    /// Print the AWS API response or error body as JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `forgot-password`.
#[derive(Debug, clap::Args)]
pub(crate) struct ForgotPasswordArgs {
    /// Username or alias (email, phone number, preferred_username).
    #[arg(long)]
    username: String,
    /// Show an HTML email body as delivered, instead of as text.
    #[arg(long)]
    html: bool,
    #[command(flatten)]
    call: CallArgs,
}

/// Arguments of `confirm-forgot-password`.
#[derive(Debug, clap::Args)]
pub(crate) struct ConfirmForgotPasswordArgs {
    /// Username or alias.
    #[arg(long)]
    username: String,
    /// The code from the delivered message.
    #[arg(long)]
    code: String,
    /// The new password.
    #[arg(long)]
    password: String,
    #[command(flatten)]
    call: CallArgs,
}

fn key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("expected KEY=VALUE, got {text:?}")),
    }
}

type Sim = Simulator<LegacyMigration, TemplateMessages>;

/// The pool, its saved state and the reference functions as triggers; the error is one line.
async fn simulator(call: &CallArgs) -> Result<(Sim, String), String> {
    let (pool, pool_name) = match &call.pool {
        Some(path) => (
            Pool::load(path).map_err(|e| e.to_string())?,
            path.display().to_string(),
        ),
        None => (
            Pool::demo().map_err(|e| e.to_string())?,
            "built-in demo pool".to_owned(),
        ),
    };
    let state = State::load(&call.state, &pool.id).map_err(|e| e.to_string())?;
    let messages = TemplateMessages::from_env()
        .map_err(|e| format!("the custom message function did not start: {e}"))?;
    let migration = LegacyMigration::from_env()
        .await
        .map_err(|e| format!("the user migration function did not start: {e}"))?;
    let description = format!("{} ({pool_name})", pool.id);
    let sim = Simulator::new(pool)
        .with_state(state)
        .with_user_migration(migration)
        .with_custom_message(messages);
    Ok((sim, description))
}

fn save(sim: Sim, path: &Path) -> Result<(), ExitCode> {
    sim.into_state().save(path).map_err(|error| {
        eprintln!("cognito-triggers: {error}");
        ExitCode::from(2)
    })
}

/// Runs `forgot-password`: exit 0 on success, 1 on a Cognito error, 2 on bad input.
pub(crate) async fn run_forgot_password(args: ForgotPasswordArgs) -> ExitCode {
    let call = &args.call;
    let (mut sim, pool) = match simulator(call).await {
        Ok(found) => found,
        Err(problem) => return usage_error(&problem),
    };
    let mut request = ForgotPasswordRequest::new(&call.client_id, &args.username);
    request.client_metadata = metadata(call);
    request = match (&call.secret_hash, &call.client_secret) {
        (Some(hash), _) => request.secret_hash(hash),
        (None, Some(secret)) => request.client_secret(secret),
        (None, None) => request,
    };
    let result = sim.forgot_password(request).await;
    let report = sim.report().clone();
    if let Err(code) = save(sim, &call.state) {
        return code;
    }
    if call.json {
        return print_json(result.map(|r| serde_json::to_value(r).unwrap_or_default()));
    }
    print!("{}", forgot_password_text(&args, &pool, &report, &result));
    if let Err(error) = &result {
        eprintln!("{error}");
    }
    exit_code(&result)
}

/// Runs `confirm-forgot-password`: exit 0 on success, 1 on a Cognito error, 2 on bad input.
pub(crate) async fn run_confirm_forgot_password(args: ConfirmForgotPasswordArgs) -> ExitCode {
    let call = &args.call;
    let (mut sim, pool) = match simulator(call).await {
        Ok(found) => found,
        Err(problem) => return usage_error(&problem),
    };
    let mut request = ConfirmForgotPasswordRequest::new(
        &call.client_id,
        &args.username,
        &args.code,
        &args.password,
    );
    request.client_metadata = metadata(call);
    request = match (&call.secret_hash, &call.client_secret) {
        (Some(hash), _) => request.secret_hash(hash),
        (None, Some(secret)) => request.client_secret(secret),
        (None, None) => request,
    };
    let result = sim.confirm_forgot_password(request).await;
    let status = sim.user(&args.username).map(|u| u.status.to_string());
    if let Err(code) = save(sim, &call.state) {
        return code;
    }
    if call.json {
        return print_json(result.map(|r| serde_json::to_value(r).unwrap_or_default()));
    }
    match &result {
        Ok(_) => {
            println!(
                "ConfirmForgotPassword for {} on pool {pool}: password changed.",
                args.username
            );
            if let Some(status) = status {
                println!("User status: {status}");
            }
        }
        Err(error) => eprintln!("{error}"),
    }
    exit_code(&result)
}

fn metadata(call: &CallArgs) -> BTreeMap<String, String> {
    call.client_metadata.iter().cloned().collect()
}

fn exit_code<T>(result: &Result<T, CognitoError>) -> ExitCode {
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}

fn print_json(result: Result<serde_json::Value, CognitoError>) -> ExitCode {
    let (body, code) = match result {
        Ok(body) => (body, ExitCode::SUCCESS),
        Err(error) => (error.to_json(), ExitCode::from(1)),
    };
    match serde_json::to_string_pretty(&body) {
        Ok(text) => println!("{text}"),
        Err(error) => eprintln!("cognito-triggers: cannot print the response: {error}"),
    }
    code
}

fn usage_error(problem: &str) -> ExitCode {
    eprintln!("cognito-triggers: {problem}");
    ExitCode::from(2)
}

/// The human report of one ForgotPassword call.
fn forgot_password_text(
    args: &ForgotPasswordArgs,
    pool: &str,
    report: &CallReport,
    result: &Result<ForgotPasswordResponse, CognitoError>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "ForgotPassword for {} (app client {}) on pool {pool}\n",
        args.username, args.call.client_id
    );
    for invocation in &report.invocations {
        let outcome = invocation.error.as_deref().unwrap_or("ok");
        let _ = writeln!(out, "  trigger {}: {outcome}", invocation.trigger_source);
    }
    if !report.invocations.is_empty() {
        out.push('\n');
    }
    if let Some(user) = &report.migrated {
        out.push_str(&migrated_text(user));
    } else if let Some(message) = &report.delivered {
        let _ = writeln!(
            out,
            "User already in the pool: {} (no migration; delete {} to start over)\n",
            message.username,
            args.call.state.display()
        );
    }
    for note in &report.notes {
        let _ = writeln!(out, "Note: {note}");
    }
    if let Some(message) = &report.delivered {
        let origin = if message.custom {
            "from the custom message trigger"
        } else {
            "the pool's template"
        };
        let _ = writeln!(out, "Delivered {} ({origin}):", message.channel);
        let _ = writeln!(out, "  To:      {}", message.destination);
        if let Some(subject) = &message.subject {
            let _ = writeln!(out, "  Subject: {subject}");
        }
        let html = looks_like_html(&message.body);
        let body = if html && !args.html {
            let _ = writeln!(out, "  (HTML shown as text; --html shows the markup)");
            html_to_text(&message.body)
        } else {
            message.body.clone()
        };
        let _ = writeln!(out, "  ----");
        for line in body.lines() {
            let _ = writeln!(out, "  {line}");
        }
        let _ = writeln!(out, "  ----\n");
    }
    if report.simulated {
        let _ = writeln!(
            out,
            "Simulated response (PreventUserExistenceErrors ENABLED): nothing was sent.\n"
        );
    }
    if let Ok(response) = result {
        let details = &response.code_delivery_details;
        let _ = writeln!(out, "CodeDeliveryDetails:");
        let _ = writeln!(out, "  AttributeName:  {}", details.attribute_name);
        let _ = writeln!(out, "  DeliveryMedium: {}", details.delivery_medium);
        let _ = writeln!(out, "  Destination:    {}", details.destination);
        if report.delivered.is_some() {
            let _ = writeln!(
                out,
                "\nNext: cognito-triggers confirm-forgot-password --username {} --code <code> --password <new password>",
                args.username
            );
        }
    }
    out
}

fn migrated_text(user: &User) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "User migrated from the legacy store: {} (status {})",
        user.username, user.status
    );
    for (name, value) in &user.attributes {
        let _ = writeln!(out, "  {name} = {value}");
    }
    out.push('\n');
    out
}

fn looks_like_html(body: &str) -> bool {
    let lower = body.to_ascii_lowercase();
    ["<html", "<p", "<br", "<div", "<table", "<b>"]
        .iter()
        .any(|tag| lower.contains(tag))
}

/// A plain-text view of an HTML email: no head, style or tags; block ends become line breaks;
/// common entities decoded; blank runs collapsed.
fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(end) = after.find('>') else {
            text.push_str(after);
            rest = "";
            break;
        };
        let tag = after[1..end].trim().to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        rest = &after[end + 1..];
        if !tag.starts_with('/') && matches!(name.as_str(), "head" | "style" | "script" | "title") {
            let close = format!("</{name}");
            match rest.to_ascii_lowercase().find(&close) {
                Some(at) => {
                    rest = &rest[at..];
                    if let Some(gt) = rest.find('>') {
                        rest = &rest[gt + 1..];
                    }
                }
                None => rest = "",
            }
            continue;
        }
        if matches!(
            name.as_str(),
            "br" | "p" | "div" | "tr" | "h1" | "h2" | "h3" | "li" | "table"
        ) {
            text.push('\n');
        }
    }
    text.push_str(rest);
    let decoded = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    let mut lines: Vec<&str> = Vec::new();
    for line in decoded.lines().map(str::trim) {
        if line.is_empty() && lines.last().is_none_or(|last| last.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|last| last.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_readable_text() {
        let html = "<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head>\
            <body><h1>Reset</h1><p>Hallo Lena,</p><p>Code: <b>123456</b> &amp; more</p></body></html>";
        assert_eq!(
            html_to_text(html),
            "Reset\n\nHallo Lena,\n\nCode: 123456 & more"
        );
        assert!(looks_like_html(html));
        assert!(!looks_like_html("Your verification code is 123456. "));
    }

    #[derive(Debug, clap::Parser)]
    struct Forgot {
        #[command(flatten)]
        args: ForgotPasswordArgs,
    }

    #[derive(Debug, clap::Parser)]
    struct Confirm {
        #[command(flatten)]
        args: ConfirmForgotPasswordArgs,
    }

    fn parse<P: clap::Parser>(args: &[&str]) -> P {
        P::try_parse_from(std::iter::once("test").chain(args.iter().copied())).expect("arguments")
    }

    #[tokio::test]
    async fn readme_command_migrates_the_legacy_user_and_sends_the_german_email() {
        let dir = std::env::temp_dir().join(format!("cognito-cli-fp-{}", std::process::id()));
        let state_file = dir.join("state.json");
        let state = state_file.to_str().expect("utf-8 path");
        let forgot: Forgot = parse(&[
            "--username",
            "legacy.user@example.com",
            "--client-metadata",
            "locale=de",
            "--state",
            state,
        ]);
        assert_eq!(run_forgot_password(forgot.args).await, ExitCode::SUCCESS);

        let saved = State::load(&state_file, "eu-central-1_Demo12345").expect("state");
        assert_eq!(saved.users[0].username, "legacy.user@example.com");
        let email = &saved.outbox[0];
        assert_eq!(email.subject.as_deref(), Some("Passwort zurücksetzen"));
        let code = saved.pending_codes["legacy.user@example.com"].code.clone();
        assert!(email.body.contains(&code));

        let wrong: Confirm = parse(&[
            "--username",
            "legacy.user@example.com",
            "--code",
            "x",
            "--password",
            "N3w-Passw0rd!",
            "--state",
            state,
        ]);
        assert_eq!(
            run_confirm_forgot_password(wrong.args).await,
            ExitCode::from(1)
        );
        let right: Confirm = parse(&[
            "--username",
            "legacy.user@example.com",
            "--code",
            &code,
            "--password",
            "N3w-Passw0rd!",
            "--state",
            state,
            "--json",
        ]);
        assert_eq!(
            run_confirm_forgot_password(right.args).await,
            ExitCode::SUCCESS
        );
        let saved = State::load(&state_file, "eu-central-1_Demo12345").expect("state");
        assert!(saved.users[0].password_matches("N3w-Passw0rd!"));

        let bad_pool: Forgot = parse(&[
            "--username",
            "x",
            "--pool",
            "/nonexistent.json",
            "--state",
            state,
        ]);
        assert_eq!(run_forgot_password(bad_pool.args).await, ExitCode::from(2));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn client_metadata_needs_key_and_value() {
        assert_eq!(
            key_value("locale=de"),
            Ok(("locale".to_owned(), "de".to_owned()))
        );
        assert_eq!(key_value("a=b=c"), Ok(("a".to_owned(), "b=c".to_owned())));
        assert!(key_value("=x").is_err());
        assert!(key_value("novalue").is_err());
    }
}
