//! Which user attributes and clientMetadata entries a template set can reach, so that each
//! request hands the templates only those.
//!
//! Handlebars copies the whole template data into every partial it enters, and a request can
//! carry dozens of attributes that no template names; the copies were the largest cost of a
//! render. The scan is on the source text and errs towards giving more: a map is passed whole
//! unless every mention of it in every file is a plain `map.name` or `map.[name]` path, and
//! whenever a file iterates (`each`) or looks up by a computed key (`lookup`).

use std::collections::BTreeSet;

/// The entries of one map the templates can reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Every entry: some template uses the map as a whole, or the set iterates or looks up.
    All,
    /// Only these names.
    Named(BTreeSet<String>),
}

impl Reach {
    /// Whether entry `name` must be given to the templates.
    pub(crate) fn admits(&self, name: &str) -> bool {
        match self {
            Reach::All => true,
            Reach::Named(names) => names.contains(name),
        }
    }
}

/// What of the template data the templates can reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DataReach {
    /// Of its top-level members (`username`, `locale`, `userAttributes`, …).
    pub(crate) root: Reach,
    /// Of `userAttributes`.
    pub(crate) user_attributes: Reach,
    /// Of `clientMetadata`.
    pub(crate) client_metadata: Reach,
}

impl DataReach {
    /// Every entry of both maps.
    pub(crate) const ALL: DataReach = DataReach {
        root: Reach::All,
        user_attributes: Reach::All,
        client_metadata: Reach::All,
    };

    /// The reach of the built-in set, kept here so that a cold start need not scan it; a test
    /// checks it against [`DataReach::of`] the built-in sources.
    pub(crate) fn builtin() -> Self {
        let named =
            |names: &[&str]| Reach::Named(names.iter().map(|name| (*name).to_owned()).collect());
        Self {
            root: named(&BUILTIN_ROOT),
            user_attributes: named(&BUILTIN_USER_ATTRIBUTES),
            client_metadata: named(&[]),
        }
    }

    /// The reach of the set made of `sources` (every template and partial). One pass over each
    /// source, looking only inside `{{…}}`.
    pub(crate) fn of(sources: &[&str]) -> Self {
        let mut reach = Self {
            root: Reach::Named(BTreeSet::new()),
            user_attributes: Reach::Named(BTreeSet::new()),
            client_metadata: Reach::Named(BTreeSet::new()),
        };
        for source in sources {
            for inside in mustaches(source) {
                for (at, word) in words(inside) {
                    let after = &inside[at + word.len()..];
                    match word {
                        "each" | "lookup" => return Self::ALL,
                        "userAttributes" => reach.user_attributes.name(entry_name(after)),
                        "clientMetadata" => reach.client_metadata.name(entry_name(after)),
                        _ => {}
                    }
                    if is_root_member(word) {
                        reach.root.name(Some(word));
                    }
                }
            }
        }
        reach
    }
}

impl Reach {
    /// Adds `name`; `None` (the map used whole) makes it [`Reach::All`].
    fn name(&mut self, name: Option<&str>) {
        match (&mut *self, name) {
            (Reach::Named(names), Some(name)) => {
                if !names.contains(name) {
                    names.insert(name.to_owned());
                }
            }
            (Reach::Named(_), None) => *self = Reach::All,
            (Reach::All, _) => {}
        }
    }
}

/// The text inside each `{{…}}` of `source` (to the end when one is not closed), comments
/// left out: they reach nothing.
fn mustaches(source: &str) -> impl Iterator<Item = &str> {
    let mut rest = source;
    std::iter::from_fn(move || {
        loop {
            let open = rest.find('{')?;
            let after = &rest[open + 1..];
            let Some(inside) = after.strip_prefix('{') else {
                rest = after;
                continue;
            };
            let body = inside.trim_start_matches(['{', '~']);
            if let Some(comment) = body.strip_prefix('!') {
                // `{{!-- … --}}` may hold `}}`; `{{! … }}` ends at the first.
                let long = comment.starts_with("--");
                rest = comment.get(find_close(comment, long)..).unwrap_or_default();
                continue;
            }
            let close = find_close(inside, false);
            rest = &inside[close..];
            return Some(&inside[..close]);
        }
    })
}

/// Where the mustache that `text` is inside of closes: the offset of its `}}` (of `--}}` or
/// `--~}}` when `long`), or the end of `text`.
fn find_close(text: &str, long: bool) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(offset) = bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'}'))
    {
        let close = at + offset;
        let before = &bytes[..close];
        let closes = bytes.get(close + 1) == Some(&b'}')
            && (!long || before.ends_with(b"--") || before.ends_with(b"--~"));
        if closes {
            return close;
        }
        at = close + 1;
    }
    bytes.len()
}

/// What the built-in templates reach at the top level ([`DataReach::builtin`]).
const BUILTIN_ROOT: [&str; 4] = [
    "codeParameter",
    "locale",
    "userAttributes",
    "usernameParameter",
];

/// The user attributes the built-in templates name ([`DataReach::builtin`]).
const BUILTIN_USER_ATTRIBUTES: [&str; 9] = [
    "ACCOUNT_TAKE_OVER_ACTION",
    "CITY",
    "COUNTRY",
    "DEVICE_NAME",
    "IP_ADDRESS",
    "LOGIN_TIME",
    "ONE_CLICK_LINK_INVALID",
    "ONE_CLICK_LINK_VALID",
    "given_name",
];

/// Whether `word` is a top-level member of the template data.
fn is_root_member(word: &str) -> bool {
    matches!(
        word,
        "username"
            | "triggerSource"
            | "source"
            | "locale"
            | "clientId"
            | "userAttributes"
            | "clientMetadata"
            | "codeParameter"
            | "usernameParameter"
            | "linkParameter"
    )
}

/// The identifiers in `text` (runs of ASCII letters, digits and `_`) with their offsets,
/// outside string literals (`"…"`, `'…'`), which name no data.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let &byte = bytes.get(at)?;
            if byte == b'"' || byte == b'\'' {
                let closing = bytes.get(at + 1..)?.iter().position(|&b| b == byte);
                // An unclosed literal does not parse; scan on as if it were no literal.
                at += closing.map_or(1, |offset| offset + 2);
                continue;
            }
            if !(byte.is_ascii_alphanumeric() || byte == b'_') {
                at += 1;
                continue;
            }
            let start = at;
            while bytes
                .get(at)
                .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
            {
                at += 1;
            }
            return text.get(start..at).map(|word| (start, word));
        }
    })
}

/// The entry a path continues with: `name` from `.name…` or `.[name]…`; `None` for anything
/// else (the map itself used as a value, a `/` path, an empty name).
fn entry_name(after: &str) -> Option<&str> {
    let rest = after.strip_prefix('.')?;
    let name = match rest.strip_prefix('[') {
        Some(bracketed) => &bracketed[..bracketed.find(']')?],
        None => {
            // Handlebars ends an identifier at whitespace and at these characters.
            let end = rest
                .find(|c: char| {
                    c.is_whitespace()
                        || matches!(
                            c,
                            '!' | '"'
                                | '#'
                                | '%'
                                | '&'
                                | '\''
                                | '('
                                | ')'
                                | '*'
                                | '+'
                                | ','
                                | '.'
                                | '/'
                                | ';'
                                | '<'
                                | '='
                                | '>'
                                | '@'
                                | '['
                                | '\\'
                                | ']'
                                | '^'
                                | '`'
                                | '{'
                                | '|'
                                | '}'
                                | '~'
                        )
                })
                .unwrap_or(rest.len());
            &rest[..end]
        }
    };
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(names: &[&str]) -> Reach {
        Reach::Named(names.iter().map(|name| (*name).to_owned()).collect())
    }

    #[test]
    fn the_kept_reach_of_the_built_in_set_is_what_a_scan_finds() {
        let files = crate::TemplateFiles::builtin();
        let sources: Vec<&str> = files.iter().map(|(_, source)| source).collect();
        assert_eq!(
            DataReach::of(&sources),
            DataReach::builtin(),
            "the built-in templates changed what they reach: update BUILTIN_ROOT and \
             BUILTIN_USER_ATTRIBUTES in reach.rs"
        );
    }

    #[test]
    fn plain_paths_name_their_entries() {
        let reach = DataReach::of(&[
            "Hi {{userAttributes.given_name}}{{#if userAttributes.[custom:plan]}}!{{/if}}",
            "{{#if (eq clientMetadata.app \"shop\")}}{{clientMetadata.app}}{{/if}}",
            "{{@root.userAttributes.family_name}} {{../userAttributes.email}}",
        ]);
        assert_eq!(
            reach.user_attributes,
            named(&["custom:plan", "email", "family_name", "given_name"])
        );
        assert_eq!(reach.client_metadata, named(&["app"]));
        assert!(!reach.user_attributes.admits("phone_number"));
        assert_eq!(reach.root, named(&["clientMetadata", "userAttributes"]));
    }

    #[test]
    fn top_level_members_are_reached_by_name_only() {
        let reach = DataReach::of(&[
            "{{#if (eq source \"SignUp\")}}{{codeParameter}}{{/if}} {{@root.locale}}",
            "{{triggerSourceName}} {{usernameParameter}}",
        ]);
        assert_eq!(
            reach.root,
            named(&["codeParameter", "locale", "source", "usernameParameter"])
        );
        assert!(!reach.root.admits("username") && !reach.root.admits("clientId"));
    }

    #[test]
    fn a_set_that_names_nothing_reaches_nothing() {
        let reach = DataReach::of(&["Your code is {{codeParameter}}"]);
        assert_eq!(reach.user_attributes, named(&[]));
        assert_eq!(reach.client_metadata, named(&[]));
    }

    #[test]
    fn any_other_use_of_a_map_passes_it_whole() {
        for source in [
            "{{#with userAttributes}}{{given_name}}{{/with}}",
            "{{#with userAttributes as |user|}}{{user.given_name}}{{/with}}",
            "{{> partials/card userAttributes}}",
            "{{userAttributes}}",
            "{{userAttributes/given_name}}",
            "{{userAttributes.}}",
            "{{userAttributes.[unclosed}}",
            "{{{userAttributes}}}",
        ] {
            let reach = DataReach::of(&[source, "{{clientMetadata.app}}"]);
            assert_eq!(reach.user_attributes, Reach::All, "{source}");
            assert_eq!(reach.client_metadata, named(&["app"]), "{source}");
        }
    }

    #[test]
    fn iterating_or_computed_lookups_pass_everything() {
        for source in [
            "{{#each this}}{{@key}}{{/each}}",
            "{{lookup @root key}}",
            "{{#each clientMetadata}}{{this}}{{/each}}",
            "{{#with (lookup clientMetadata \"app\")}}{{this}}{{/with}}",
        ] {
            let reach = DataReach::of(&[source, "{{userAttributes.given_name}}"]);
            assert_eq!(reach, DataReach::ALL, "{source}");
        }
        for source in [
            "Reach out to each of us",
            "{{eachOther}} {{lookups}}",
            "{{!-- use each, lookup or userAttributes; {{#each}} --}}",
            "{{! each userAttributes }}",
            "{{~!-- lookup --~}}",
        ] {
            let reach = DataReach::of(&[source, "{{userAttributes.given_name}}"]);
            assert_eq!(reach.user_attributes, named(&["given_name"]), "{source}");
        }
    }
}
