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

    /// The reach of the set made of `sources` (every template and partial).
    pub(crate) fn of(sources: &[&str]) -> Self {
        let computed = sources
            .iter()
            .any(|source| has_word(source, "each") || has_word(source, "lookup"));
        if computed {
            return Self::ALL;
        }
        let root = ROOT_MEMBERS
            .iter()
            .filter(|member| sources.iter().any(|source| has_word(source, member)))
            .map(|member| (*member).to_owned())
            .collect();
        Self {
            root: Reach::Named(root),
            user_attributes: reach(sources, "userAttributes"),
            client_metadata: reach(sources, "clientMetadata"),
        }
    }
}

/// The top-level members of the template data.
const ROOT_MEMBERS: [&str; 10] = [
    "username",
    "triggerSource",
    "source",
    "locale",
    "clientId",
    "userAttributes",
    "clientMetadata",
    "codeParameter",
    "usernameParameter",
    "linkParameter",
];

/// Whether `word` stands alone somewhere in `source` (not inside a longer identifier).
fn has_word(source: &str, word: &str) -> bool {
    let identifier = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    source.match_indices(word).any(|(at, _)| {
        !identifier(source[..at].chars().next_back())
            && !identifier(source[at + word.len()..].chars().next())
    })
}

/// The entries of `map` that `sources` name; [`Reach::All`] as soon as one mention of `map` is
/// not followed by `.name` or `.[name]`.
fn reach(sources: &[&str], map: &str) -> Reach {
    let mut names = BTreeSet::new();
    for source in sources {
        for (at, _) in source.match_indices(map) {
            let after = &source[at + map.len()..];
            match entry_name(after) {
                Some(name) => names.insert(name.to_owned()),
                None => return Reach::All,
            };
        }
    }
    Reach::Named(names)
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
                .find(|c: char| c.is_whitespace() || "!\"#%&'()*+,./;<=>@[\\]^`{|}~".contains(c))
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
            "{{!-- userAttributes --}}",
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
        for source in ["Reach out to our team", "{{eachOther}} {{lookups}}"] {
            let reach = DataReach::of(&[source, "{{userAttributes.given_name}}"]);
            assert_eq!(reach.user_attributes, named(&["given_name"]), "{source}");
        }
    }
}
