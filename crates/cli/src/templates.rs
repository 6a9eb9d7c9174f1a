//! `cognito-triggers templates`: check and preview the custom message templates.
//!
//! Both subcommands load the template set the way the `custom-message` function does
//! (`CUSTOM_MESSAGE_TEMPLATE_DIR`, `CUSTOM_MESSAGE_DEFAULT_LOCALE`, `CUSTOM_MESSAGE_CHANNELS`,
//! else the built-in set); a `DIR` argument replaces the directory.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cognito_message_templates::{Channel, SampleEvent, Selection, TemplateMessages};
use cognito_triggers::custom_message::CustomMessageEvent;
use cognito_triggers::{Trigger, decode_event, trigger_of};

use crate::input::{display_name, read_event};

/// Arguments of `templates`.
#[derive(Debug, clap::Args)]
pub(crate) struct TemplatesArgs {
    #[command(subcommand)]
    command: TemplatesCommand,
}

#[derive(Debug, clap::Subcommand)]
enum TemplatesCommand {
    /// Render every template against every sample event of its source, in every locale and for
    /// every app client with overrides, and check Cognito's rules; exit 1 listing failures.
    Check(CheckArgs),
    /// Render one custom message event: print the subject and SMS, write the email HTML.
    Render(RenderArgs),
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// The template directory; by default CUSTOM_MESSAGE_TEMPLATE_DIR or the built-in set.
    dir: Option<PathBuf>,
    /// Where the sample events are: every *.json below it with a CustomMessage_ triggerSource.
    #[arg(long, default_value = "events")]
    events: PathBuf,
}

#[derive(Debug, clap::Args)]
struct RenderArgs {
    /// The event file (JSON), or `-` for standard input.
    event: PathBuf,
    /// The template directory; by default CUSTOM_MESSAGE_TEMPLATE_DIR or the built-in set.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Where to write the email HTML; by default a file in the system temp directory.
    #[arg(long)]
    html_out: Option<PathBuf>,
    /// Render in this locale instead of the one the event asks for.
    #[arg(long)]
    locale: Option<String>,
}

/// Runs a `templates` subcommand: exit 0 when everything passed, 1 on template failures
/// (including a set that does not load), 2 on unusable input.
pub(crate) fn run(args: TemplatesArgs) -> ExitCode {
    match args.command {
        TemplatesCommand::Check(args) => check(&args),
        TemplatesCommand::Render(args) => render(&args),
    }
}

fn load(dir: Option<&Path>) -> Result<(TemplateMessages, String), ExitCode> {
    let builder = TemplateMessages::builder().env().map_err(|error| {
        eprintln!("cognito-triggers: {error}");
        ExitCode::from(2)
    })?;
    let builder = match dir {
        Some(dir) => builder.dir(dir),
        None => builder,
    };
    let origin = dir
        .map(|dir| dir.display().to_string())
        .or_else(|| {
            std::env::var(cognito_message_templates::TEMPLATE_DIR_ENV)
                .ok()
                .filter(|dir| !dir.is_empty())
        })
        .unwrap_or_else(|| "built-in templates".to_owned());
    match builder.build() {
        Ok(messages) => Ok((messages, origin)),
        Err(error) => {
            eprintln!("FAIL {origin}: {error}");
            Err(ExitCode::from(1))
        }
    }
}

fn check(args: &CheckArgs) -> ExitCode {
    let (messages, origin) = match load(args.dir.as_deref()) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let mut problems = Vec::new();
    let events = if args.events.is_dir() {
        sample_events(&args.events, &mut problems)
    } else {
        eprintln!(
            "cognito-triggers: no events directory {}; checking with minimal events only",
            args.events.display()
        );
        Vec::new()
    };
    let report = messages.check(&events);
    for problem in &problems {
        println!("FAIL {problem}");
    }
    for failure in &report.failures {
        println!("FAIL {failure}");
    }
    let clients = messages.client_overrides();
    let failures = report.failures.len() + problems.len();
    println!(
        "{origin}: locales {}; {} client override(s); {} sample event(s) plus {} minimal; {} renders; {failures} failure(s)",
        messages.locales().join(", "),
        clients.len(),
        events.iter().filter(|event| known(event)).count(),
        report.events - events.iter().filter(|event| known(event)).count(),
        report.renders,
    );
    if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn known(event: &SampleEvent) -> bool {
    !matches!(
        event.request.source(),
        cognito_triggers::custom_message::MessageSource::Other(_)
    )
}

/// Every custom message event under `dir` (recursively), sorted by path. Files that are not
/// JSON or belong to other triggers are skipped; custom message events that do not decode are
/// reported.
fn sample_events(dir: &Path, problems: &mut Vec<String>) -> Vec<SampleEvent> {
    let mut paths = Vec::new();
    collect_json(dir, &mut paths, problems);
    paths.sort();
    let mut events = Vec::new();
    for path in paths {
        let Ok(bytes) = fs::read(&path) else {
            problems.push(format!("{}: cannot read", path.display()));
            continue;
        };
        if !matches!(trigger_of(&bytes), Ok(Trigger::CustomMessage)) {
            continue;
        }
        match decode_event::<CustomMessageEvent>(&bytes) {
            Ok(event) => events.push(SampleEvent {
                name: path.display().to_string(),
                request: cognito_triggers::lifecycle::Event::request(&event),
            }),
            Err(error) => problems.push(format!("{}: {error}", path.display())),
        }
    }
    events
}

fn collect_json(dir: &Path, paths: &mut Vec<PathBuf>, problems: &mut Vec<String>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(format!("{}: cannot read: {error}", dir.display()));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_json(&path, paths, problems);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            paths.push(path);
        }
    }
}

fn render(args: &RenderArgs) -> ExitCode {
    let name = display_name(&args.event);
    let bytes = match read_event(&args.event) {
        Ok(bytes) => bytes,
        Err(problem) => return usage_error(&problem),
    };
    match trigger_of(&bytes) {
        Ok(Trigger::CustomMessage) => {}
        Ok(trigger) => {
            return usage_error(&format!(
                "{name}: this is a {trigger} event, not a custom message event"
            ));
        }
        Err(error) => return usage_error(&format!("{name}: {error}")),
    }
    let event = match decode_event::<CustomMessageEvent>(&bytes) {
        Ok(event) => event,
        Err(error) => return usage_error(&format!("{name}: {error}")),
    };
    let (messages, origin) = match load(args.dir.as_deref()) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let request = cognito_triggers::lifecycle::Event::request(&event);
    let selection = Selection {
        locale: args.locale.as_deref(),
        ..Selection::default()
    };
    let rendering = messages.render_with(&request, selection);
    println!("event:     {name} ({})", request.source());
    println!("templates: {origin}");
    if rendering.outcomes.is_empty() {
        let reason = if request.code_parameter().is_none() {
            "the event has no codeParameter"
        } else {
            "no templates for this trigger source"
        };
        println!("{reason}: Cognito's own messages are kept");
        return ExitCode::SUCCESS;
    }
    println!("locales:   {}", rendering.locales.join(" > "));
    let mut failed = false;
    for outcome in &rendering.outcomes {
        let label = outcome.channel.response_member();
        match (&outcome.result, outcome.channel) {
            (Ok(html), Channel::Email) => {
                let path = args
                    .html_out
                    .clone()
                    .unwrap_or_else(|| default_html_path(&args.event));
                if let Err(error) = fs::write(&path, html) {
                    return usage_error(&format!("{}: cannot write: {error}", path.display()));
                }
                println!(
                    "{label}: {} characters from {}, written to {}",
                    html.encode_utf16().count(),
                    outcome.template,
                    path.display()
                );
            }
            (Ok(text), _) => println!(
                "{label}: {text}\n    ({} characters, {})",
                text.encode_utf16().count(),
                outcome.template
            ),
            (Err(violation), _) => {
                failed = true;
                println!(
                    "{label}: FAIL {} (locale {}): {violation} [rule {}]; Cognito's own message would be sent",
                    outcome.template,
                    outcome.locale,
                    violation.rule()
                );
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn default_html_path(event: &Path) -> PathBuf {
    let stem = event
        .file_stem()
        .filter(|_| event != Path::new("-"))
        .map_or_else(
            || "stdin".to_owned(),
            |stem| stem.to_string_lossy().into_owned(),
        );
    std::env::temp_dir().join(format!("cognito-triggers-{stem}.html"))
}

fn usage_error(problem: &str) -> ExitCode {
    eprintln!("cognito-triggers: {problem}");
    ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn scratch(label: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("cli-templates-{}-{label}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    #[test]
    fn check_passes_on_the_default_set_and_sample_events() {
        let args = CheckArgs {
            dir: Some(workspace().join("templates")),
            events: workspace().join("events"),
        };
        assert_eq!(check(&args), ExitCode::SUCCESS);
    }

    #[test]
    fn check_fails_on_a_set_that_does_not_load() {
        let dir = scratch("broken");
        fs::create_dir_all(dir.join("en/SignUp")).expect("dirs");
        fs::write(dir.join("en/SignUp/sms.hbs"), "{{codeParameter").expect("write");
        let args = CheckArgs {
            dir: Some(dir),
            events: workspace().join("events"),
        };
        assert_eq!(check(&args), ExitCode::from(1));
    }

    #[test]
    fn render_writes_the_email_html() {
        let out = scratch("render").join("mail.html");
        let args = RenderArgs {
            event: workspace().join("events/CustomMessage_ForgotPassword.json"),
            dir: Some(workspace().join("templates")),
            html_out: Some(out.clone()),
            locale: Some("en".to_owned()),
        };
        assert_eq!(render(&args), ExitCode::SUCCESS);
        let html = fs::read_to_string(out).expect("written");
        assert!(html.starts_with("<!DOCTYPE html>") && html.contains("Reset your password"));
    }

    #[test]
    fn render_refuses_other_triggers() {
        let args = RenderArgs {
            event: workspace().join("events/PreSignUp_SignUp.json"),
            dir: None,
            html_out: None,
            locale: None,
        };
        assert_eq!(render(&args), ExitCode::from(2));
    }
}
