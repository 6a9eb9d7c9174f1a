//! How Cognito masks a `CodeDeliveryDetails.Destination`.

/// Masks an email address as Cognito does: `alice@example.com` → `a***@e***`.
///
/// The first character of the local part, `***@`, the first character of the domain, `***`.
/// The top-level domain is not shown. Without an `@`, the first character and `***`.
pub fn mask_email(email: &str) -> String {
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    match email.split_once('@') {
        Some((local, domain)) => format!("{}***@{}***", first(local), first(domain)),
        None => format!("{}***", first(email)),
    }
}

/// Masks a phone number as Cognito does: `+12065551234` → `+*******1234`.
///
/// A `+`, one `*` for each hidden digit, then the last four digits. Only digits count; a
/// number of four digits or fewer is shown as stars only.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() <= 4 {
        return format!("+{}", "*".repeat(digits.len()));
    }
    let hidden = digits.len() - 4;
    let tail: String = digits[hidden..].iter().collect();
    format!("+{}{tail}", "*".repeat(hidden))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_keeps_first_letters_and_hides_the_tld() {
        assert_eq!(mask_email("alice@example.com"), "a***@e***");
        assert_eq!(mask_email("legacy.user@example.com"), "l***@e***");
        assert_eq!(mask_email("ünal@ëxample.de"), "ü***@ë***");
        assert_eq!(mask_email("nodomain"), "n***");
        assert_eq!(mask_email(""), "***");
    }

    #[test]
    fn phone_shows_last_four_digits() {
        assert_eq!(mask_phone("+12065551234"), "+*******1234");
        assert_eq!(mask_phone("+4915112344114"), "+*********4114");
        assert_eq!(mask_phone("+123"), "+***");
    }
}
