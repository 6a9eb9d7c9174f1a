//! `user-migration`: the reference Cognito user migration function over a legacy SQL user table.
//!
//! Run as a Lambda function (no arguments), configured by environment variables (see the crate
//! README). `user-migration create-demo-db <path>` writes the demo database to a SQLite file.

use std::path::Path;
use std::process::ExitCode;

use cognito_legacy_migration::{LegacyMigration, demo};
use cognito_triggers::serve::{exit_code, refuse_to_start};

/// Runs the function; anything that stops it is one line on standard error (exit 1), a usage
/// error exit 2.
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    match arguments
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => {
            // Logging first, so that the start-up warnings (demo database, unverified TLS)
            // reach CloudWatch.
            cognito_triggers::logging::init();
            // Built once per cold start (the secret is fetched here); the pool connects on the
            // first lookup.
            let hook = match LegacyMigration::from_env().await {
                Ok(hook) => hook,
                Err(error) => return refuse_to_start(NAME, &error),
            };
            exit_code(NAME, cognito_triggers::user_migration::run(hook).await)
        }
        ["create-demo-db", path] => match demo::create_sqlite_file(Path::new(path)).await {
            Ok(()) => {
                println!("demo database written to {path}; use LEGACY_DATABASE_URL=sqlite:{path}");
                ExitCode::SUCCESS
            }
            Err(error) => failure(&error),
        },
        _ => {
            eprintln!("usage: user-migration [create-demo-db <path>]");
            ExitCode::from(2)
        }
    }
}

/// The function's name, at the start of its lines on standard error.
const NAME: &str = "user-migration";

/// Prints `user-migration: <error>` as one line on standard error.
fn failure(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("{NAME}: {error}");
    ExitCode::FAILURE
}
