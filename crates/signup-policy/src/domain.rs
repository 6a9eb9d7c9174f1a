//! Email domains: reading the domain of an address and matching it against configured patterns.

use std::fmt;

/// One configured domain: `example.com` matches that domain only, `*.example.com` matches every
/// subdomain of it at any depth (`a.example.com`, `a.b.example.com`) but not `example.com`.
///
/// Matching ignores ASCII case and a trailing dot. Patterns are ASCII only: write an
/// internationalised domain in its `xn--` (A-label) form. Nothing is Unicode-lower-cased, so
/// look-alikes such as U+212A KELVIN SIGN never match an ASCII `k`.
///
/// ```
/// use cognito_signup_policy::DomainPattern;
///
/// let exact: DomainPattern = "Example.com".parse()?;
/// assert!(exact.matches("example.com"));
/// assert!(!exact.matches("mail.example.com"));
///
/// let subdomains: DomainPattern = "*.example.com".parse()?;
/// assert!(subdomains.matches("mail.example.com"));
/// assert!(!subdomains.matches("example.com"));
/// # Ok::<(), cognito_signup_policy::InvalidDomainPattern>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainPattern {
    domain: String,
    subdomains: bool,
}

impl DomainPattern {
    /// Whether `domain` (already lower-case, as [`email_domain`] returns it) matches.
    pub fn matches(&self, domain: &str) -> bool {
        if self.subdomains {
            domain
                .strip_suffix(self.domain.as_str())
                .and_then(|prefix| prefix.strip_suffix('.'))
                .is_some_and(|label| !label.is_empty())
        } else {
            domain == self.domain
        }
    }
}

impl std::str::FromStr for DomainPattern {
    type Err = InvalidDomainPattern;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = |reason: &'static str| InvalidDomainPattern {
            pattern: text.to_owned(),
            reason,
        };
        let trimmed = text.trim();
        let (subdomains, rest) = match trimmed.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let Some(domain) = normalize_domain(rest) else {
            return Err(invalid(
                "it is not ASCII; write an internationalised domain in its `xn--` form",
            ));
        };
        if domain.is_empty() {
            return Err(invalid("it is empty"));
        }
        if domain.contains('@') {
            return Err(invalid("write the domain only, without `@`"));
        }
        if domain.contains('*') {
            return Err(invalid("`*` is only allowed as a leading `*.`"));
        }
        if domain.chars().any(char::is_whitespace) {
            return Err(invalid("it contains whitespace"));
        }
        if domain.starts_with('.') || domain.contains("..") {
            return Err(invalid("it has an empty label"));
        }
        Ok(Self { domain, subdomains })
    }
}

impl fmt::Display for DomainPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.subdomains {
            f.write_str("*.")?;
        }
        f.write_str(&self.domain)
    }
}

/// A domain pattern in the configuration that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{pattern}` is not a usable domain pattern: {reason}")]
pub struct InvalidDomainPattern {
    pattern: String,
    reason: &'static str,
}

/// A list of [`DomainPattern`]s; empty matches nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DomainList(Vec<DomainPattern>);

impl DomainList {
    pub(crate) fn parse<S: AsRef<str>>(patterns: &[S]) -> Result<Self, InvalidDomainPattern> {
        patterns
            .iter()
            .map(|pattern| pattern.as_ref().parse())
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn matches(&self, domain: &str) -> bool {
        self.0.iter().any(|pattern| pattern.matches(domain))
    }
}

/// The domain of an email address, ASCII-lower-cased and without a trailing dot; `None` when
/// `email` is not of the form `local@domain` (one `@`, both sides non-empty, no whitespace) or
/// the domain is not ASCII (internationalised domains must arrive in their `xn--` form).
///
/// ```
/// use cognito_signup_policy::email_domain;
///
/// assert_eq!(email_domain(" Mary@Example.COM ").as_deref(), Some("example.com"));
/// assert_eq!(email_domain("mary.example.com"), None);
/// assert_eq!(email_domain("mary@"), None);
/// // U+212A KELVIN SIGN is not the letter k.
/// assert_eq!(email_domain("mary@\u{212a}.example"), None);
/// assert_eq!(email_domain("mary@xn--bcher-kva.example").as_deref(), Some("xn--bcher-kva.example"));
/// ```
pub fn email_domain(email: &str) -> Option<String> {
    parse_email_domain(email).ok()
}

/// Why an address has no usable domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DomainProblem {
    /// Not `local@domain`.
    Invalid,
    /// The domain has non-ASCII characters.
    NotAscii,
}

/// [`email_domain`], saying why there is none.
pub(crate) fn parse_email_domain(email: &str) -> Result<String, DomainProblem> {
    let email = email.trim();
    let (local, domain) = email.split_once('@').ok_or(DomainProblem::Invalid)?;
    if local.is_empty() || domain.contains('@') || email.chars().any(char::is_whitespace) {
        return Err(DomainProblem::Invalid);
    }
    let domain = normalize_domain(domain).ok_or(DomainProblem::NotAscii)?;
    if domain.is_empty() || domain.starts_with('.') || domain.contains("..") {
        return Err(DomainProblem::Invalid);
    }
    Ok(domain)
}

/// Trimmed, without a trailing dot, ASCII-lower-cased; `None` when not ASCII. Unicode case
/// folding is never applied: `to_lowercase` maps U+212A KELVIN SIGN to `k`, which would let a
/// different (non-ASCII) domain match an ASCII pattern.
fn normalize_domain(domain: &str) -> Option<String> {
    let domain = domain.trim().trim_end_matches('.');
    domain.is_ascii().then(|| domain.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> DomainPattern {
        match text.parse() {
            Ok(pattern) => pattern,
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn exact_patterns_match_only_that_domain() {
        let exact = pattern("example.com");
        assert!(exact.matches("example.com"));
        assert!(!exact.matches("notexample.com"));
        assert!(!exact.matches("a.example.com"));
        assert!(!exact.matches("example.co"));
    }

    #[test]
    fn wildcard_patterns_match_subdomains_at_any_depth() {
        let wildcard = pattern("*.Example.com.");
        assert_eq!(wildcard.to_string(), "*.example.com");
        assert!(wildcard.matches("a.example.com"));
        assert!(wildcard.matches("a.b.example.com"));
        assert!(!wildcard.matches("example.com"));
        assert!(!wildcard.matches("badexample.com"));
        assert!(!wildcard.matches(".example.com"));
    }

    #[test]
    fn unusable_patterns_are_refused_with_a_reason() {
        for (text, reason) in [
            ("", "empty"),
            ("*", "only allowed"),
            ("*.", "empty"),
            ("user@example.com", "without `@`"),
            ("ex*ample.com", "only allowed"),
            ("example .com", "whitespace"),
            ("a..example.com", "empty label"),
            ("**.example.com", "only allowed"),
            ("wor\u{212a}.example", "not ASCII"),
            ("b\u{fc}cher.example", "`xn--` form"),
        ] {
            let error = match text.parse::<DomainPattern>() {
                Ok(parsed) => panic!("`{text}` parsed as {parsed}"),
                Err(error) => error.to_string(),
            };
            assert!(error.contains(reason), "`{text}`: {error}");
        }
    }

    #[test]
    fn email_domains_are_normalized() {
        assert_eq!(
            email_domain("a@EXAMPLE.com.").as_deref(),
            Some("example.com")
        );
        assert_eq!(email_domain("a@b@example.com"), None);
        assert_eq!(email_domain("@example.com"), None);
        assert_eq!(email_domain("a b@example.com"), None);
        assert_eq!(email_domain("a@.example.com"), None);
        assert_eq!(email_domain(""), None);
    }

    #[test]
    fn non_ascii_domains_never_match_ascii_patterns() {
        // Before: `to_lowercase` turned U+212A KELVIN SIGN into `k`, so this matched.
        assert_eq!(
            parse_email_domain("eve@wor\u{212a}.example"),
            Err(DomainProblem::NotAscii)
        );
        assert_eq!(
            parse_email_domain("eve@WORK.example"),
            Ok("work.example".to_owned())
        );
        assert_eq!(
            parse_email_domain("eve@b\u{fc}cher.example"),
            Err(DomainProblem::NotAscii)
        );
        assert_eq!(parse_email_domain("eve"), Err(DomainProblem::Invalid));
    }

    #[test]
    fn lists_match_any_member() {
        let list = match DomainList::parse(&["example.com", "*.example.org"]) {
            Ok(list) => list,
            Err(error) => panic!("{error}"),
        };
        assert!(list.matches("example.com"));
        assert!(list.matches("mail.example.org"));
        assert!(!list.matches("example.org"));
        assert!(!DomainList::default().matches("example.com"));
    }
}
