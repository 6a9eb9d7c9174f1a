//! `cognito-triggers invoke`: run a function in-process on one event.

use std::path::PathBuf;
use std::process::ExitCode;

use cognito_triggers::{TriggerError, trigger_of};

use crate::functions::{self, Delivery, Function, InvokeFailure};
use crate::input::{display_name, read_event};

/// Arguments of `invoke`.
#[derive(Debug, clap::Args)]
pub(crate) struct InvokeArgs {
    /// The function to run; by default the one serving the event's `triggerSource`.
    #[arg(long, value_enum)]
    function: Option<Function>,
    /// For custom sender events: decrypt and send nothing, print the message instead (the code
    /// shown as `<encrypted>`). Without it a sender decrypts with KMS and sends through SES or
    /// SNS, at `AWS_ENDPOINT_URL` when set.
    #[arg(long)]
    dry_run: bool,
    /// The event file (JSON), or `-` for standard input.
    event: PathBuf,
}

/// Runs the reference function of the event's trigger, or that trigger's no-op hook where there
/// is none. Prints the returned event on stdout (exit 0); what the Cognito caller would see on
/// stderr (exit 1); one line naming the input and its problem for anything that is not one
/// trigger event of this toolkit, including input with more than one JSON value (exit 2).
pub(crate) async fn run(args: InvokeArgs) -> ExitCode {
    let name = display_name(&args.event);
    let bytes = match read_event(&args.event) {
        Ok(bytes) => bytes,
        Err(problem) => return usage_error(&problem),
    };
    let trigger = match trigger_of(&bytes) {
        Ok(trigger) => trigger,
        Err(error) => return usage_error(&format!("{name}: {error}")),
    };
    let function = Function::for_trigger(trigger);
    if let Some(requested) = args.function
        && Some(requested) != function
    {
        return usage_error(&format!(
            "{name}: this is a {trigger} event, which the {} function does not handle",
            requested.name()
        ));
    }
    let sender = function.is_some_and(Function::is_sender);
    if args.dry_run && !sender {
        return usage_error(&format!(
            "{name}: --dry-run is for custom email and SMS sender events; this is a {trigger} event"
        ));
    }
    let delivery = if args.dry_run {
        Delivery::DryRun
    } else {
        Delivery::Live
    };
    match functions::invoke(function, &bytes, delivery).await {
        // A dry run printed the message; the event comes back unchanged.
        Ok(_) if args.dry_run => ExitCode::SUCCESS,
        Ok(event) => match serde_json::to_string_pretty(&event) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => usage_error(&format!(
                "{name}: the returned event could not be printed: {error}"
            )),
        },
        Err(InvokeFailure::Trigger(error @ TriggerError::InvalidEvent { .. })) => {
            usage_error(&format!("{name}: {error}"))
        }
        Err(InvokeFailure::Trigger(error)) => {
            eprintln!("{}", error.cognito_error());
            ExitCode::from(1)
        }
        Err(InvokeFailure::Setup(problem)) => {
            eprintln!("cognito-triggers: {problem}");
            ExitCode::from(2)
        }
    }
}

fn usage_error(problem: &str) -> ExitCode {
    eprintln!("cognito-triggers: {problem}");
    ExitCode::from(2)
}
