//! `cognito-triggers`: run Cognito user pool trigger functions on a laptop.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod events;
mod forgot_password;
mod functions;
mod input;
mod invite;
mod invoke;
mod templates;

/// Run Cognito user pool trigger functions locally.
#[derive(Debug, Parser)]
#[command(name = "cognito-triggers", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a trigger function in-process on an event file and print the returned event.
    Invoke(invoke::InvokeArgs),
    /// Generate sample trigger events.
    Events(events::EventsArgs),
    /// Check or preview the custom message templates.
    Templates(templates::TemplatesArgs),
    /// Simulate Cognito's ForgotPassword on a local pool, with user migration and custom message.
    ForgotPassword(forgot_password::ForgotPasswordArgs),
    /// Finish a simulated password reset with the delivered code (ConfirmForgotPassword).
    ConfirmForgotPassword(forgot_password::ConfirmForgotPasswordArgs),
    /// Mint signed invite tokens for the pre-sign-up function.
    Invite(invite::InviteArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cognito-triggers: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async {
        match cli.command {
            Command::Invoke(args) => invoke::run(args).await,
            Command::Events(args) => events::run(args),
            Command::Templates(args) => templates::run(args),
            Command::ForgotPassword(args) => forgot_password::run_forgot_password(args).await,
            Command::ConfirmForgotPassword(args) => {
                forgot_password::run_confirm_forgot_password(args).await
            }
            Command::Invite(args) => invite::run(args),
        }
    })
}

/// By default: warnings and errors, but only errors from the AWS SDK, whose warnings (no region
/// in the instance metadata, a missing config file) are long `Debug` dumps that say less than the
/// one line the command prints when a setting is missing.
const DEFAULT_LOG_FILTER: &str = "warn,aws_config=error,aws_smithy=error,aws_runtime=error";

/// Human-readable logs on stderr; `RUST_LOG` sets the level (default: [`DEFAULT_LOG_FILTER`]).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(DEFAULT_LOG_FILTER));
    let _already_set = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
}
