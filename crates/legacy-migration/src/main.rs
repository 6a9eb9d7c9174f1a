//! `user-migration`: the reference Cognito user migration function over a legacy SQL user table.
//!
//! Run as a Lambda function (no arguments), configured by environment variables (see the crate
//! README). `user-migration create-demo-db <path>` writes the demo database to a SQLite file.

use std::path::Path;

use cognito_legacy_migration::{LegacyMigration, demo};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), cognito_triggers::Error> {
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
            let hook = LegacyMigration::from_env().await.inspect_err(|error| {
                tracing::error!(error = %error, "the user migration function did not start");
            })?;
            cognito_triggers::user_migration::run(hook).await
        }
        ["create-demo-db", path] => {
            demo::create_sqlite_file(Path::new(path)).await?;
            println!("demo database written to {path}; use LEGACY_DATABASE_URL=sqlite:{path}");
            Ok(())
        }
        _ => Err("usage: user-migration [create-demo-db <path>]".into()),
    }
}
