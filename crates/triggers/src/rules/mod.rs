//! Cognito's rules for what a trigger may return, in one place: custom messages ([`message`],
//! whose items are also re-exported here), token claims ([`token`]), custom-auth challenges
//! ([`challenge`]), passwords ([`password`]) and inbound federation (below).
//!
//! The core applies them itself: each trigger's [`Decision::check`](crate::lifecycle::Decision::check)
//! calls these functions and returns a typed [`DecisionViolation`], which fails the invocation
//! instead of returning a response Cognito would refuse or act wrongly on; a custom message
//! channel that breaks a rule keeps Cognito's own message instead. Reference functions, tools
//! and the simulator use the same functions, so a rule changes in one place. Lengths are counted
//! as Cognito counts them, in UTF-16 code units ([`cognito_length`]).

pub mod challenge;
pub mod message;
pub mod password;
pub mod token;

use std::fmt;

pub use message::*;

use challenge::ChallengeViolation;
use token::TokenViolation;

/// A decision that breaks one of Cognito's rules: what
/// [`Decision::check`](crate::lifecycle::Decision::check) returns.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecisionViolation {
    /// A pre token generation rule.
    Token(TokenViolation),
    /// A define auth challenge rule.
    Challenge(ChallengeViolation),
    /// An inbound federation decision that would drop every attribute: Cognito reads an empty
    /// `userAttributesToMap` as "keep all of them".
    DropsEveryAttribute,
}

impl DecisionViolation {
    /// A stable short name of the rule, for logs and filters (e.g. `reserved_claim`).
    pub fn rule(&self) -> &'static str {
        match self {
            DecisionViolation::Token(violation) => violation.rule(),
            DecisionViolation::Challenge(violation) => violation.rule(),
            DecisionViolation::DropsEveryAttribute => "drops_every_attribute",
        }
    }
}

impl fmt::Display for DecisionViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecisionViolation::Token(violation) => violation.fmt(f),
            DecisionViolation::Challenge(violation) => violation.fmt(f),
            DecisionViolation::DropsEveryAttribute => f.write_str(
                "every attribute would be dropped, and Cognito reads an empty `userAttributesToMap` as keeping all of them",
            ),
        }
    }
}

impl std::error::Error for DecisionViolation {}

impl From<TokenViolation> for DecisionViolation {
    fn from(violation: TokenViolation) -> Self {
        DecisionViolation::Token(violation)
    }
}

impl From<ChallengeViolation> for DecisionViolation {
    fn from(violation: ChallengeViolation) -> Self {
        DecisionViolation::Challenge(violation)
    }
}
