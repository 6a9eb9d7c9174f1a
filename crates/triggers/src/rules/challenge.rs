//! Cognito's rules for a define auth challenge response: when tokens may be issued, and which
//! challenge may be asked for.
//!
//! Cognito issues tokens whenever the response says `issueTokens: true` — it does not look at
//! the session itself. So the rules below are the ones the Developer Guide states for a correct
//! define auth challenge function (`user-pool-lambda-define-auth-challenge`: "set `issueTokens`
//! to true if you determine that the user has completed the authentication challenges
//! sufficiently"; `userNotFound` "prevents user existence errors … you should treat the user as
//! not found"), enforced here because breaking them signs someone in who did not prove anything:
//!
//! - no tokens when no challenge was answered (an empty session);
//! - no tokens when the last challenge was failed;
//! - no tokens for a user that does not exist (`userNotFound`);
//! - a challenge to present has a name (an empty `challengeName` is an unrecognizable response).
//!
//! A hook that breaks one fails the invocation (the sign-in fails with the generic message);
//! failing authentication, or asking for another challenge, is always allowed.

use std::fmt;

/// A define auth challenge decision that would issue tokens it should not, or name no challenge.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChallengeViolation {
    /// Tokens issued although the session holds no answered challenge.
    TokensWithEmptySession,
    /// Tokens issued although the last challenge of the session failed.
    TokensAfterFailedChallenge {
        /// The failed challenge's name.
        challenge: String,
    },
    /// Tokens issued for a user Cognito did not find (`userNotFound`).
    TokensForUnknownUser,
    /// A next challenge with an empty name.
    EmptyChallengeName,
}

impl ChallengeViolation {
    /// A stable short name of the rule, for logs and filters.
    pub fn rule(&self) -> &'static str {
        match self {
            ChallengeViolation::TokensWithEmptySession => "tokens_with_empty_session",
            ChallengeViolation::TokensAfterFailedChallenge { .. } => {
                "tokens_after_failed_challenge"
            }
            ChallengeViolation::TokensForUnknownUser => "tokens_for_unknown_user",
            ChallengeViolation::EmptyChallengeName => "empty_challenge_name",
        }
    }
}

impl fmt::Display for ChallengeViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChallengeViolation::TokensWithEmptySession => {
                f.write_str("tokens issued before any challenge was answered")
            }
            ChallengeViolation::TokensAfterFailedChallenge { challenge } => write!(
                f,
                "tokens issued although the last challenge ({challenge}) failed"
            ),
            ChallengeViolation::TokensForUnknownUser => {
                f.write_str("tokens issued for a user that does not exist (userNotFound)")
            }
            ChallengeViolation::EmptyChallengeName => f.write_str("the next challenge has no name"),
        }
    }
}

impl std::error::Error for ChallengeViolation {}

/// Checks a decision to issue tokens against the session so far: `(challenge name, whether it
/// succeeded)` per step, oldest first.
///
/// # Errors
///
/// The rule that issuing tokens breaks.
pub fn check_issue_tokens<'a>(
    session: impl IntoIterator<Item = (&'a str, bool)>,
    user_not_found: bool,
) -> Result<(), ChallengeViolation> {
    if user_not_found {
        return Err(ChallengeViolation::TokensForUnknownUser);
    }
    match session.into_iter().last() {
        None => Err(ChallengeViolation::TokensWithEmptySession),
        Some((name, false)) => Err(ChallengeViolation::TokensAfterFailedChallenge {
            challenge: name.chars().take(40).collect(),
        }),
        Some((_, true)) => Ok(()),
    }
}

/// Checks the name of the next challenge.
///
/// # Errors
///
/// [`ChallengeViolation::EmptyChallengeName`].
pub fn check_challenge_name(name: &str) -> Result<(), ChallengeViolation> {
    if name.trim().is_empty() {
        return Err(ChallengeViolation::EmptyChallengeName);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_need_a_last_challenge_passed_by_a_real_user() {
        assert_eq!(
            check_issue_tokens([], false),
            Err(ChallengeViolation::TokensWithEmptySession)
        );
        assert_eq!(
            check_issue_tokens(
                [("CUSTOM_CHALLENGE", true), ("CUSTOM_CHALLENGE", false)],
                false
            ),
            Err(ChallengeViolation::TokensAfterFailedChallenge {
                challenge: "CUSTOM_CHALLENGE".to_owned()
            })
        );
        assert_eq!(
            check_issue_tokens([("CUSTOM_CHALLENGE", true)], true),
            Err(ChallengeViolation::TokensForUnknownUser)
        );
        assert_eq!(
            check_issue_tokens([("SRP_A", true), ("PASSWORD_VERIFIER", true)], false),
            Ok(())
        );
        assert_eq!(
            check_challenge_name(" "),
            Err(ChallengeViolation::EmptyChallengeName)
        );
        assert_eq!(check_challenge_name("CUSTOM_CHALLENGE"), Ok(()));
    }
}
