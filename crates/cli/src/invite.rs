//! `cognito-triggers invite mint`: mint a signed invite token for the pre-sign-up function.
//!
//! The key comes from `PRE_SIGN_UP_INVITE_TOKEN_KEY` (base64), `PRE_SIGN_UP_INVITE_TOKEN_KEY_FILE`
//! or `--key-file`, the same key the function is configured with. Only the token is printed, so
//! the output can be piped into an invite mail; the key is never printed.

use std::path::PathBuf;
use std::process::ExitCode;

use cognito_signup_policy::token::{
    ENV_INVITE_TOKEN_KEY, ENV_INVITE_TOKEN_KEY_FILE, Invite, InviteTokenKey, MAX_TOKEN_TTL_SECS,
    now_unix,
};

/// Arguments of `invite`.
#[derive(Debug, clap::Args)]
pub(crate) struct InviteArgs {
    #[command(subcommand)]
    command: InviteCommand,
}

#[derive(Debug, clap::Subcommand)]
enum InviteCommand {
    /// Print a token that lets EMAIL sign up (send it to that address only).
    Mint(MintArgs),
}

#[derive(Debug, clap::Args)]
struct MintArgs {
    /// The invited address; the token works for this address only.
    #[arg(long)]
    email: String,
    /// How long the token is valid: seconds, or a number with s, m, h or d (at most 30d).
    #[arg(long, default_value = "72h")]
    ttl: String,
    /// Confirm the user without a confirmation code.
    #[arg(long)]
    confirm: bool,
    /// Mark the email as verified (Cognito may require --confirm with it).
    #[arg(long)]
    verify_email: bool,
    /// A file holding the key (base64), instead of PRE_SIGN_UP_INVITE_TOKEN_KEY.
    #[arg(long)]
    key_file: Option<PathBuf>,
}

/// Runs an `invite` subcommand: the token on stdout and exit 0, or one line on stderr and exit 2.
pub(crate) fn run(args: InviteArgs) -> ExitCode {
    match args.command {
        InviteCommand::Mint(args) => match mint(&args) {
            Ok(token) => {
                println!("{token}");
                ExitCode::SUCCESS
            }
            Err(problem) => {
                eprintln!("cognito-triggers: invite mint: {problem}");
                ExitCode::from(2)
            }
        },
    }
}

fn mint(args: &MintArgs) -> Result<String, String> {
    let ttl = parse_ttl(&args.ttl)?;
    let key = match &args.key_file {
        Some(path) => {
            if std::env::var(ENV_INVITE_TOKEN_KEY).is_ok_and(|key| !key.trim().is_empty()) {
                return Err(format!(
                    "--key-file and {ENV_INVITE_TOKEN_KEY} are both set; use only one"
                ));
            }
            InviteTokenKey::from_file(path).map_err(|error| format!("--key-file: {error}"))?
        }
        None => InviteTokenKey::from_env_with(|name| std::env::var(name).ok())
            .map_err(|(variable, error)| format!("{variable}: {error}"))?
            .ok_or_else(|| {
                format!(
                    "no key: set {ENV_INVITE_TOKEN_KEY} (base64, at least 32 bytes), \
                     {ENV_INVITE_TOKEN_KEY_FILE}, or pass --key-file"
                )
            })?,
    };
    let now = now_unix();
    let invite = Invite::new(args.email.as_str(), now.saturating_add(ttl))
        .confirm(args.confirm)
        .verify_email(args.verify_email);
    key.mint(&invite, now).map_err(|error| error.to_string())
}

/// `90`, `90s`, `15m`, `72h`, `7d` as seconds; more than 30 days or zero is refused.
fn parse_ttl(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let invalid = || format!("--ttl {text:?}: expected e.g. 3600, 90m, 72h or 7d");
    let (number, unit) = match text.char_indices().last() {
        Some((index, unit)) if unit.is_ascii_alphabetic() => (&text[..index], unit),
        _ => (text, 's'),
    };
    let factor = match unit.to_ascii_lowercase() {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        _ => return Err(invalid()),
    };
    let seconds = number
        .parse::<u64>()
        .ok()
        .and_then(|number| number.checked_mul(factor))
        .ok_or_else(invalid)?;
    if seconds == 0 || seconds > MAX_TOKEN_TTL_SECS {
        return Err(format!(
            "--ttl {text:?}: must be more than 0 and at most 30d"
        ));
    }
    Ok(seconds)
}

#[cfg(test)]
mod tests {
    use super::parse_ttl;

    #[test]
    fn ttls_parse_with_units_and_within_bounds() {
        assert_eq!(parse_ttl("3600"), Ok(3600));
        assert_eq!(parse_ttl("90m"), Ok(5400));
        assert_eq!(parse_ttl("72h"), Ok(259_200));
        assert_eq!(parse_ttl("7d"), Ok(604_800));
        assert_eq!(parse_ttl("30d"), Ok(2_592_000));
        for bad in [
            "",
            "d",
            "31d",
            "0",
            "7w",
            "-1h",
            "1.5h",
            "99999999999999999999d",
        ] {
            assert!(parse_ttl(bad).is_err(), "{bad}");
        }
    }
}
