//! Measures how long decrypting one custom sender code takes: the client built once (as at a
//! cold start), then N decryptions of the same code (each a KMS `Decrypt` call plus the local
//! checks). Prints the figures on standard error, never the code.
//!
//! ```sh
//! export AWS_ENDPOINT_URL="$(scripts/moto.sh start)" AWS_REGION=eu-west-1 \
//!   AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
//! KEY_ARN=$(.e2e/moto/venv/bin/python scripts/cognito_code.py create-key)
//! CODE=$(.e2e/moto/venv/bin/python scripts/cognito_code.py encrypt --key "$KEY_ARN" --pool eu-west-1_Example 482913)
//! CUSTOM_SENDER_KMS_KEY_ARN=$KEY_ARN POOL_ID=eu-west-1_Example CODE=$CODE N=200 \
//!   cargo run --release -p cognito-sender-delivery --example decrypt_latency
//! ```

use std::time::Instant;

use cognito_sender_delivery::KmsDecryptor;
use cognito_triggers::custom_sender::{CodeDecryptor, EncryptedCode};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pool = std::env::var("POOL_ID")?;
    let code = EncryptedCode::new(std::env::var("CODE")?);
    let rounds: u32 = std::env::var("N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100);
    let started = Instant::now();
    let decryptor = KmsDecryptor::from_env().await?;
    let built = started.elapsed();
    let first = Instant::now();
    decryptor.decrypt(&code, &pool).await?;
    let first = first.elapsed();
    let mut times = Vec::with_capacity(rounds as usize);
    for _ in 0..rounds {
        let one = Instant::now();
        decryptor.decrypt(&code, &pool).await?;
        times.push(one.elapsed());
    }
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    eprintln!(
        "client built in {built:?}; first decrypt {first:?}; {rounds} more: p50 {:?}, p99 {:?}",
        at(0.5),
        at(0.99)
    );
    Ok(())
}
