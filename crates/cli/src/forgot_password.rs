//! `cognito-triggers forgot-password` and `confirm-forgot-password`: Cognito's ForgotPassword
//! flow on a local pool, with this project's user migration and custom message functions as the
//! pool's triggers.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read;
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

/// Environment variable with the app client secret (instead of `--client-secret`).
pub(crate) const CLIENT_SECRET_VAR: &str = "COGNITO_CLIENT_SECRET";

/// Environment variable with the new password of `confirm-forgot-password`.
pub(crate) const NEW_PASSWORD_VAR: &str = "COGNITO_NEW_PASSWORD";

/// The most a secret read from standard input may be.
const MAX_STDIN_SECRET: u64 = 64 * 1024;

/// A secret given on the command line; `Debug` never shows it.
#[derive(Clone)]
pub(crate) struct SecretArg(String);

impl std::str::FromStr for SecretArg {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(SecretArg(text.to_owned()))
    }
}

impl std::fmt::Debug for SecretArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Where a secret may come from, checked in this order: standard input (when `from_stdin`),
/// the command-line value, then the environment variable `variable`.
struct SecretSource<'a> {
    /// The option that reads standard input, for messages, e.g. `--password-stdin`.
    stdin_flag: &'static str,
    from_stdin: bool,
    argv: Option<&'a SecretArg>,
    variable: &'static str,
}

impl SecretSource<'_> {
    /// The secret, `None` when no source has one; the error names the source, never the value.
    fn resolve(
        &self,
        env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
        stdin: &mut dyn Read,
    ) -> Result<Option<String>, String> {
        if self.from_stdin {
            return read_secret(stdin, self.stdin_flag).map(Some);
        }
        if let Some(SecretArg(value)) = self.argv {
            return Ok(Some(value.clone()));
        }
        match env(self.variable) {
            None => Ok(None),
            Some(value) => match value.into_string() {
                Ok(value) if !value.is_empty() => Ok(Some(value)),
                Ok(_) => Err(format!("{} is set but empty", self.variable)),
                Err(_) => Err(format!("{} is not valid UTF-8", self.variable)),
            },
        }
    }
}

/// Reads a secret from standard input, like `docker login --password-stdin`: everything up to
/// the end, without the final line break.
fn read_secret(stdin: &mut dyn Read, flag: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    stdin
        .take(MAX_STDIN_SECRET + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{flag}: cannot read standard input: {}", e.kind()))?;
    if bytes.len() as u64 > MAX_STDIN_SECRET {
        return Err(format!(
            "{flag}: standard input is longer than {MAX_STDIN_SECRET} bytes"
        ));
    }
    let mut text =
        String::from_utf8(bytes).map_err(|_| format!("{flag}: standard input is not UTF-8"))?;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    if text.is_empty() {
        return Err(format!("{flag}: standard input is empty"));
    }
    Ok(text)
}

fn process_env(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name)
}

/// Options shared by both subcommands.
#[derive(Debug, clap::Args)]
pub(crate) struct CallArgs {
    /// App client id.
    #[arg(long, default_value = DEMO_CLIENT_ID)]
    client_id: String,
    /// `SecretHash` to send, for app clients with a secret.
    #[arg(long, conflicts_with = "client_secret")]
    secret_hash: Option<String>,
    /// App client secret; the `SecretHash` is computed from it. Visible to other local users
    /// and kept in the shell history: prefer --client-secret-stdin or COGNITO_CLIENT_SECRET.
    #[arg(long, value_name = "SECRET", conflicts_with = "client_secret_stdin")]
    client_secret: Option<SecretArg>,
    /// Read the app client secret from standard input (one line).
    #[arg(long, conflicts_with = "secret_hash")]
    client_secret_stdin: bool,
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
    /// The new password. Visible to other local users and kept in the shell history: prefer
    /// --password-stdin or COGNITO_NEW_PASSWORD.
    #[arg(long, value_name = "PASSWORD", conflicts_with = "password_stdin")]
    password: Option<SecretArg>,
    /// Read the new password from standard input (one line).
    #[arg(long, conflicts_with = "client_secret_stdin")]
    password_stdin: bool,
    #[command(flatten)]
    call: CallArgs,
}

impl CallArgs {
    /// The app client secret from --client-secret-stdin, --client-secret or
    /// COGNITO_CLIENT_SECRET; the variable is not consulted when --secret-hash is given.
    fn client_secret(
        &self,
        env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
        stdin: &mut dyn Read,
    ) -> Result<Option<String>, String> {
        if self.secret_hash.is_some() {
            return Ok(None);
        }
        SecretSource {
            stdin_flag: "--client-secret-stdin",
            from_stdin: self.client_secret_stdin,
            argv: self.client_secret.as_ref(),
            variable: CLIENT_SECRET_VAR,
        }
        .resolve(env, stdin)
    }
}

impl ConfirmForgotPasswordArgs {
    /// The new password from --password-stdin, --password or COGNITO_NEW_PASSWORD.
    fn new_password(
        &self,
        env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
        stdin: &mut dyn Read,
    ) -> Result<String, String> {
        SecretSource {
            stdin_flag: "--password-stdin",
            from_stdin: self.password_stdin,
            argv: self.password.as_ref(),
            variable: NEW_PASSWORD_VAR,
        }
        .resolve(env, stdin)?
        .ok_or_else(|| {
            format!("the new password is missing: use --password-stdin or {NEW_PASSWORD_VAR}")
        })
    }
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
    let client_secret = match call.client_secret(&process_env, &mut std::io::stdin().lock()) {
        Ok(secret) => secret,
        Err(problem) => return usage_error(&problem),
    };
    let (mut sim, pool) = match simulator(call).await {
        Ok(found) => found,
        Err(problem) => return usage_error(&problem),
    };
    let mut request = ForgotPasswordRequest::new(&call.client_id, &args.username);
    request.client_metadata = metadata(call);
    request = match (&call.secret_hash, &client_secret) {
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
    let mut stdin = std::io::stdin().lock();
    let secrets = call
        .client_secret(&process_env, &mut stdin)
        .and_then(|secret| Ok((secret, args.new_password(&process_env, &mut stdin)?)));
    drop(stdin);
    let (client_secret, password) = match secrets {
        Ok(found) => found,
        Err(problem) => return usage_error(&problem),
    };
    let (mut sim, pool) = match simulator(call).await {
        Ok(found) => found,
        Err(problem) => return usage_error(&problem),
    };
    let mut request =
        ConfirmForgotPasswordRequest::new(&call.client_id, &args.username, &args.code, &password);
    request.client_metadata = metadata(call);
    request = match (&call.secret_hash, &client_secret) {
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
                "\nNext: cognito-triggers confirm-forgot-password --username {} --code <code> --password-stdin",
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

    use clap::Parser as _;

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

    fn env_with(
        pairs: &'static [(&'static str, &'static str)],
    ) -> impl Fn(&str) -> Option<std::ffi::OsString> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.into())
        }
    }

    fn no_stdin() -> std::io::Cursor<Vec<u8>> {
        std::io::Cursor::new(Vec::new())
    }

    #[test]
    fn the_new_password_comes_from_stdin_the_environment_or_the_command_line() {
        let base = ["--username", "u", "--code", "1"];
        let env = env_with(&[(NEW_PASSWORD_VAR, "from-env-1A!")]);

        let stdin: Confirm = parse(&[&base[..], &["--password-stdin"]].concat());
        let mut input = std::io::Cursor::new(b"from-stdin-1A!\n".to_vec());
        assert_eq!(
            stdin.args.new_password(&env, &mut input).as_deref(),
            Ok("from-stdin-1A!")
        );

        let from_env: Confirm = parse(&base);
        assert_eq!(
            from_env.args.new_password(&env, &mut no_stdin()).as_deref(),
            Ok("from-env-1A!")
        );

        let argv: Confirm = parse(&[&base[..], &["--password", "from-argv-1A!"]].concat());
        assert_eq!(
            argv.args.new_password(&env, &mut no_stdin()).as_deref(),
            Ok("from-argv-1A!")
        );

        let missing = from_env
            .args
            .new_password(&env_with(&[]), &mut no_stdin())
            .expect_err("no password anywhere");
        assert!(missing.contains("--password-stdin") && missing.contains(NEW_PASSWORD_VAR));
        let empty = from_env
            .args
            .new_password(&env_with(&[(NEW_PASSWORD_VAR, "")]), &mut no_stdin())
            .expect_err("empty variable");
        assert!(empty.contains(NEW_PASSWORD_VAR));
    }

    #[test]
    fn the_client_secret_comes_from_stdin_the_environment_or_the_command_line() {
        let env = env_with(&[(CLIENT_SECRET_VAR, "env-secret")]);
        let stdin: Forgot = parse(&["--username", "u", "--client-secret-stdin"]);
        let mut input = std::io::Cursor::new(b"stdin-secret\r\n".to_vec());
        assert_eq!(
            stdin.args.call.client_secret(&env, &mut input),
            Ok(Some("stdin-secret".to_owned()))
        );
        let from_env: Forgot = parse(&["--username", "u"]);
        assert_eq!(
            from_env.args.call.client_secret(&env, &mut no_stdin()),
            Ok(Some("env-secret".to_owned()))
        );
        assert_eq!(
            from_env
                .args
                .call
                .client_secret(&env_with(&[]), &mut no_stdin()),
            Ok(None)
        );
        let argv: Forgot = parse(&["--username", "u", "--client-secret", "argv-secret"]);
        assert_eq!(
            argv.args.call.client_secret(&env, &mut no_stdin()),
            Ok(Some("argv-secret".to_owned()))
        );
        let hash: Forgot = parse(&["--username", "u", "--secret-hash", "h"]);
        assert_eq!(
            hash.args.call.client_secret(&env, &mut no_stdin()),
            Ok(None)
        );
    }

    #[test]
    fn a_secret_on_stdin_loses_one_line_break_and_must_not_be_empty_or_huge() {
        let read = |bytes: &[u8]| read_secret(&mut std::io::Cursor::new(bytes.to_vec()), "--x");
        assert_eq!(read(b"p w\n\n").as_deref(), Ok("p w\n"));
        assert_eq!(read(b" spaces kept ").as_deref(), Ok(" spaces kept "));
        assert!(read(b"").is_err());
        assert!(read(b"\n").is_err());
        assert!(read(b"\xff\xfe").is_err());
        let huge = vec![b'a'; 64 * 1024 + 1];
        assert!(read(&huge).expect_err("too long").contains("longer"));
    }

    #[test]
    fn only_one_secret_can_come_from_stdin() {
        let both = Confirm::try_parse_from([
            "test",
            "--username",
            "u",
            "--code",
            "1",
            "--password-stdin",
            "--client-secret-stdin",
        ]);
        assert!(both.is_err());
        let twice = Confirm::try_parse_from([
            "test",
            "--username",
            "u",
            "--code",
            "1",
            "--password-stdin",
            "--password",
            "x",
        ]);
        assert!(twice.is_err());
    }

    #[test]
    fn secrets_from_the_command_line_never_show_in_debug_output() {
        let confirm: Confirm = parse(&[
            "--username",
            "u",
            "--code",
            "1",
            "--password",
            "Argv-Passw0rd!",
            "--client-secret",
            "argv-client-secret",
        ]);
        let debug = format!("{confirm:?}");
        assert!(!debug.contains("Argv-Passw0rd!"), "{debug}");
        assert!(!debug.contains("argv-client-secret"), "{debug}");
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
