//! `cognito-triggers events new`: print a realistic event for any trigger source, built from the
//! core's sample events (`crates/triggers/samples`, copied to `events/`).

use std::process::ExitCode;

use cognito_triggers::pre_token_generation::{TokenRequest, TokenSource};
use cognito_triggers::testing::{self, EventBuilder, SAMPLES};
use serde_json::Value;

/// Arguments of `events`.
#[derive(Debug, clap::Args)]
pub(crate) struct EventsArgs {
    #[command(subcommand)]
    command: EventsCommand,
}

#[derive(Debug, clap::Subcommand)]
enum EventsCommand {
    /// Print an event for a trigger source, to pipe into `invoke -` or save for
    /// `cargo lambda invoke --data-file`.
    New(NewArgs),
}

/// Arguments of `events new`.
#[derive(Debug, clap::Args)]
struct NewArgs {
    /// The trigger source, e.g. `TokenGeneration_HostedAuth`.
    trigger_source: String,
    /// The event version; for pre token generation also the request and response shape
    /// (1, 2 or 3).
    #[arg(long)]
    version: Option<String>,
    /// The user name (`userName`).
    #[arg(long)]
    username: Option<String>,
    /// A user attribute, `name=value` (repeatable).
    #[arg(long = "attr", value_parser = key_value)]
    attributes: Vec<(String, String)>,
    /// A `clientMetadata` entry, `name=value` (repeatable).
    #[arg(long = "client-metadata", value_parser = key_value)]
    client_metadata: Vec<(String, String)>,
    /// A `validationData` entry, `name=value` (repeatable).
    #[arg(long = "validation-data", value_parser = key_value)]
    validation_data: Vec<(String, String)>,
}

fn key_value(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .filter(|(name, _)| !name.is_empty())
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .ok_or_else(|| "expected name=value".to_owned())
}

/// Prints the event (exit 0), or one line naming an unknown source (exit 2).
pub(crate) fn run(args: EventsArgs) -> ExitCode {
    let EventsCommand::New(args) = args.command;
    match new_event(&args) {
        Ok(event) => match serde_json::to_string_pretty(&event) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("cognito-triggers: the event could not be printed: {error}");
                ExitCode::from(2)
            }
        },
        Err(problem) => {
            eprintln!("cognito-triggers: {problem}");
            ExitCode::from(2)
        }
    }
}

fn new_event(args: &NewArgs) -> Result<Value, String> {
    let source = args.trigger_source.as_str();
    if testing::sample(source).is_none() {
        let known: Vec<&str> = SAMPLES.iter().map(|(source, _)| *source).collect();
        return Err(format!(
            "no sample for this trigger source; known: {}",
            known.join(", ")
        ));
    }
    if source.starts_with("TokenGeneration_") {
        let token_source = TokenSource::parse(source);
        let version = args.version.as_deref();
        if let Some(version) = version
            && !["1", "2", "3"].contains(&version)
        {
            return Err(format!(
                "pre token generation events are version 1, 2 or 3, not {version}"
            ));
        }
        if token_source == TokenSource::ClientCredentials && version.is_some_and(|v| v != "3") {
            return Err(
                "TokenGeneration_ClientCredentials exists only in event version 3; \
                 use --version 3 or leave --version out"
                    .to_owned(),
            );
        }
        let mut builder = TokenRequest::builder(token_source);
        if let Some(version) = version {
            builder = builder.version(version);
        }
        return Ok(apply(builder, args, false));
    }
    Ok(apply(EventBuilder::<Value>::new(source), args, true))
}

/// Applies the options every trigger shares.
fn apply<E>(mut builder: EventBuilder<E>, args: &NewArgs, set_version: bool) -> Value {
    if set_version && let Some(version) = &args.version {
        builder = builder.member("version", version.as_str());
    }
    if let Some(username) = &args.username {
        builder = builder.user_name(username);
    }
    for (name, value) in &args.attributes {
        builder = builder.attribute(name, value);
    }
    for (name, value) in &args.client_metadata {
        builder = builder.client_metadata(name, value);
    }
    for (name, value) in &args.validation_data {
        builder = builder.validation_data(name, value);
    }
    builder.json()
}
