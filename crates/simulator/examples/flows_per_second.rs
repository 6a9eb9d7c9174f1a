//! How many ForgotPassword + ConfirmForgotPassword flows per second the in-process simulator runs
//! with the reference hooks: `user-migration`'s `LegacyMigration` on a SQLite legacy table and
//! `custom-message`'s built-in templates. Each flow is a different legacy user, so each
//! ForgotPassword raises `UserMigration_ForgotPassword` (a lookup) and
//! `CustomMessage_ForgotPassword` (a rendering); ConfirmForgotPassword uses the delivered code.
//!
//! `scripts/load/run.sh sim` writes the table (users `sim.user00000` … with emails
//! `sim.user00000@legacy.example.net`, from `scripts/load/legacy_users.py`) and runs:
//!
//! ```sh
//! cargo run --release -p cognito-simulator --example flows_per_second -- sqlite:legacy.sqlite 1000
//! ```

use std::time::{Duration, Instant};

use cognito_legacy_migration::LegacyMigration;
use cognito_legacy_migration::store::{LegacyStore, StoreOptions};
use cognito_message_templates::TemplateMessages;
use cognito_simulator::{
    ConfirmForgotPasswordRequest, ForgotPasswordRequest, Pool, Simulator, UserStatus,
};

const CLIENT: &str = "1example23456789";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut arguments = std::env::args().skip(1);
    let url = arguments
        .next()
        .ok_or("usage: flows_per_second sqlite:PATH [COUNT]")?;
    let count: usize = arguments.next().map_or(Ok(1000), |n| n.parse())?;

    let store = LegacyStore::connect(&url, StoreOptions::default()).await?;
    let mut sim = Simulator::new(Pool::demo()?)
        .with_user_migration(LegacyMigration::new(store))
        .with_custom_message(TemplateMessages::builtin()?);

    let mut forgot = Vec::with_capacity(count);
    let mut confirm = Vec::with_capacity(count);
    let started = Instant::now();
    for i in 0..count {
        let email = format!("sim.user{i:05}@legacy.example.net");
        let t = Instant::now();
        sim.forgot_password(ForgotPasswordRequest::new(CLIENT, &email))
            .await
            .map_err(|error| format!("ForgotPassword {email}: {error}"))?;
        forgot.push(t.elapsed());
        let code = sim
            .state()
            .pending_code(&email)
            .ok_or_else(|| format!("no code for {email}"))?
            .code
            .clone();
        let delivered = sim.outbox().last().ok_or("nothing delivered")?;
        if !delivered.custom || !delivered.body.contains(&code) {
            return Err(format!("{email}: the delivered message is not the template's").into());
        }
        let t = Instant::now();
        sim.confirm_forgot_password(ConfirmForgotPasswordRequest::new(
            CLIENT,
            &email,
            &code,
            format!("Reset-{i:05}-Pw1!"),
        ))
        .await
        .map_err(|error| format!("ConfirmForgotPassword {email}: {error}"))?;
        confirm.push(t.elapsed());
        if sim.user(&email).map(|user| user.status) != Some(UserStatus::Confirmed) {
            return Err(format!("{email} is not CONFIRMED after the reset").into());
        }
    }
    let elapsed = started.elapsed();
    println!(
        "{count} ForgotPassword + ConfirmForgotPassword flows (each a migrated legacy user) in \
         {:.2} s: {:.0} flows/s",
        elapsed.as_secs_f64(),
        count as f64 / elapsed.as_secs_f64()
    );
    for (name, samples) in [
        ("ForgotPassword", &mut forgot),
        ("ConfirmForgotPassword", &mut confirm),
    ] {
        samples.sort();
        println!(
            "{name:22} p50 {:.3} ms  p99 {:.3} ms",
            millis(samples[samples.len() / 2]),
            millis(samples[(samples.len() * 99 / 100).min(samples.len() - 1)])
        );
    }
    Ok(())
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
