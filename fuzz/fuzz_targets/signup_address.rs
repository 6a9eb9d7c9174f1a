//! Pre sign-up address and domain parsing: `email_domain` on a fuzzed address, and
//! `DomainPattern` parsing and matching.
//!
//! Properties: no panic; a domain taken from an address is non-empty ASCII lower case without
//! `@`, whitespace, an empty label or a trailing dot; a parsed pattern prints as text that parses
//! to the same pattern; a pattern written as a domain matches that domain and (with `*.`) its
//! subdomains only.

#![no_main]

use cognito_signup_policy::{DomainPattern, email_domain};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (address, pattern) = text.split_once('\n').unwrap_or((text, text));
    let domain = email_domain(address);
    if let Some(domain) = &domain {
        assert!(!domain.is_empty(), "empty domain");
        assert!(domain.is_ascii(), "non-ASCII domain");
        assert!(
            !domain.bytes().any(|b| b.is_ascii_uppercase()),
            "upper case"
        );
        assert!(!domain.contains('@'), "`@` in the domain");
        assert!(!domain.chars().any(char::is_whitespace), "whitespace");
        assert!(
            !domain.starts_with('.') && !domain.contains(".."),
            "empty label"
        );
        assert!(!domain.ends_with('.'), "trailing dot");
        // `email_domain` lets `*` through (`mary@*.example.com`): such a domain read as a
        // pattern is a wildcard, so the exact-pattern checks apply to the others only.
        if domain.contains('*') {
            return;
        }
        if let Ok(exact) = domain.parse::<DomainPattern>() {
            assert!(exact.matches(domain), "a domain does not match itself");
            assert!(
                !exact.matches(&format!("x.{domain}")),
                "exact pattern matched a subdomain"
            );
        }
        if let Ok(wildcard) = format!("*.{domain}").parse::<DomainPattern>() {
            assert!(!wildcard.matches(domain), "`*.` matched the domain itself");
            assert!(
                wildcard.matches(&format!("x.{domain}")),
                "`*.` missed a subdomain"
            );
        }
    }
    if let Ok(parsed) = pattern.parse::<DomainPattern>() {
        let shown = parsed.to_string();
        let again: DomainPattern = shown.parse().expect("a printed pattern parses");
        assert_eq!(parsed, again, "a printed pattern parses differently");
        if let Some(domain) = &domain {
            let _ = parsed.matches(domain);
        }
    }
});
