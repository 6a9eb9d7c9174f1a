//! Locale tags: normalisation and the fallback chain.

/// The longest tag accepted; longer values (clientMetadata is caller-controlled) are ignored.
const MAX_TAG_LEN: usize = 35;

/// Normalises a locale tag for lookup: `de_AT`, `de-AT` and `DE-at` all become `de-at`.
///
/// Only the first entry of a list is read (`de-DE,de;q=0.9` → `de-de`). Returns `None` for an
/// empty tag, one longer than 35 characters, or one with characters other than ASCII letters,
/// digits, `-` and `_`.
pub fn normalize_locale(tag: &str) -> Option<String> {
    let tag = tag.split([',', ';']).next().unwrap_or_default().trim();
    let valid = !tag.is_empty()
        && tag.len() <= MAX_TAG_LEN
        && tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !tag.starts_with(['-', '_'])
        && !tag.ends_with(['-', '_']);
    valid.then(|| tag.replace('_', "-").to_ascii_lowercase())
}

/// The locales to try, best first: the clientMetadata `locale`, then the user's `locale`
/// attribute, then the default; each tag followed by its shorter prefixes (`de-at` → `de`).
/// Invalid tags are skipped; duplicates are removed.
pub(crate) fn fallback_chain(
    metadata_locale: Option<&str>,
    attribute_locale: Option<&str>,
    default_locale: &str,
) -> Vec<String> {
    let mut chain = Vec::with_capacity(5);
    for tag in [metadata_locale, attribute_locale].into_iter().flatten() {
        if let Some(tag) = normalize_locale(tag) {
            push_with_prefixes(&tag, &mut chain);
        }
    }
    if !chain.iter().any(|known| known == default_locale) {
        chain.push(default_locale.to_owned());
    }
    chain
}

fn push_with_prefixes(tag: &str, chain: &mut Vec<String>) {
    let mut end = tag.len();
    loop {
        let prefix = &tag[..end];
        if !chain.iter().any(|known| known == prefix) {
            chain.push(prefix.to_owned());
        }
        match prefix.rfind('-') {
            Some(dash) => end = dash,
            None => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_separators_and_case() {
        assert_eq!(normalize_locale("de_AT").as_deref(), Some("de-at"));
        assert_eq!(normalize_locale(" de-AT ").as_deref(), Some("de-at"));
        assert_eq!(normalize_locale("de-DE,de;q=0.9").as_deref(), Some("de-de"));
        assert_eq!(
            normalize_locale("zh-Hant-TW").as_deref(),
            Some("zh-hant-tw")
        );
    }

    #[test]
    fn rejects_odd_tags() {
        for tag in [
            "",
            "  ",
            "../etc",
            "de AT",
            "-de",
            "de-",
            "x".repeat(36).as_str(),
            "dé",
        ] {
            assert_eq!(normalize_locale(tag), None, "{tag:?}");
        }
    }

    #[test]
    fn chain_orders_metadata_attribute_default() {
        assert_eq!(
            fallback_chain(Some("de_AT"), Some("fr-CA"), "en"),
            ["de-at", "de", "fr-ca", "fr", "en"]
        );
        assert_eq!(fallback_chain(None, Some("de"), "en"), ["de", "en"]);
        assert_eq!(
            fallback_chain(Some("en-GB"), Some("en"), "en"),
            ["en-gb", "en"]
        );
        assert_eq!(fallback_chain(Some("??"), None, "de"), ["de"]);
        assert_eq!(
            fallback_chain(Some("zh-Hant-TW"), None, "en"),
            ["zh-hant-tw", "zh-hant", "zh", "en"]
        );
    }
}
