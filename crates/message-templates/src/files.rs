//! Template sets as files, and where each file belongs in the layout.
//!
//! ```text
//! <locale>/<Source>/{subject,email,sms}.hbs                    templates for everyone
//! clients/<clientId>/<locale>/<Source>/{subject,email,sms}.hbs  overrides for one app client
//! partials/<name>.hbs                                           partials, used as {{> partials/<name>}}
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::Error;
use crate::locale::normalize_locale;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_templates.rs"));
}

/// The seven custom message sources, as directory names: the `triggerSource` without its
/// `CustomMessage_` prefix.
pub const SOURCES: [&str; 7] = [
    "SignUp",
    "AdminCreateUser",
    "ResendCode",
    "ForgotPassword",
    "UpdateUserAttribute",
    "VerifyUserAttribute",
    "Authentication",
];

/// Sources only the custom email and SMS senders have, as directory names. Their templates are
/// optional: a set without them is complete, and a sender without one sends nothing for it.
pub const SENDER_SOURCES: [&str; 1] = ["AccountTakeOverNotification"];

/// How many source directories a template set can have: [`SOURCES`], then [`SENDER_SOURCES`].
pub(crate) const ALL_SOURCES: usize = SOURCES.len() + SENDER_SOURCES.len();

/// The index of a source directory name: its place in [`SOURCES`], or after them its place in
/// [`SENDER_SOURCES`].
pub(crate) fn source_index(name: &str) -> Option<usize> {
    SOURCES
        .iter()
        .chain(SENDER_SOURCES.iter())
        .position(|source| *source == name)
}

/// The directory name of a source index.
pub(crate) fn source_name(index: usize) -> &'static str {
    SOURCES
        .iter()
        .chain(SENDER_SOURCES.iter())
        .nth(index)
        .copied()
        .unwrap_or("")
}

pub use cognito_triggers::rules::Channel;

/// Where a channel's template lives in a template set.
pub trait ChannelFile {
    /// The template file name without `.hbs`: `subject`, `email` or `sms`.
    fn file_stem(self) -> &'static str;
}

impl ChannelFile for Channel {
    fn file_stem(self) -> &'static str {
        match self {
            Channel::Subject => "subject",
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }
}

fn channel_from_stem(stem: &str) -> Option<Channel> {
    Channel::ALL
        .into_iter()
        .find(|channel| channel.file_stem() == stem)
}

/// A template set as files: paths relative to the set's root, with `/` separators
/// (`de/ForgotPassword/email.hbs`), and their contents.
///
/// Start from [`TemplateFiles::builtin`] (the set compiled into the binary) or
/// [`TemplateFiles::from_dir`], change single files with [`insert`](TemplateFiles::insert) and
/// [`remove`](TemplateFiles::remove), then build with
/// [`TemplateMessages::builder`](crate::TemplateMessages::builder).
#[derive(Clone, Debug)]
pub struct TemplateFiles {
    root: Option<PathBuf>,
    files: BTreeMap<String, Cow<'static, str>>,
    /// Whether this is the built-in set, unchanged.
    pristine: bool,
}

impl TemplateFiles {
    /// The default set from the workspace's `templates/` directory, compiled into the binary.
    pub fn builtin() -> Self {
        Self {
            root: None,
            files: embedded::FILES
                .iter()
                .map(|&(path, contents)| (path.to_owned(), Cow::Borrowed(contents)))
                .collect(),
            pristine: true,
        }
    }

    /// An empty set, to fill with [`insert`](TemplateFiles::insert).
    pub fn empty() -> Self {
        Self {
            root: None,
            files: BTreeMap::new(),
            pristine: false,
        }
    }

    /// Every `*.hbs` file under `dir`. Other files (such as a README) and hidden files and
    /// directories are skipped.
    ///
    /// # Errors
    ///
    /// [`Error::Read`] when a directory or file cannot be read or a file is not UTF-8.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Self, Error> {
        let root = dir.as_ref().to_path_buf();
        let mut files = BTreeMap::new();
        read_dir_into(&root, &root, &mut files)?;
        Ok(Self {
            root: Some(root),
            files,
            pristine: false,
        })
    }

    /// Adds or replaces the file at `path` (relative, `/`-separated, ending in `.hbs`).
    pub fn insert(&mut self, path: impl Into<String>, contents: impl Into<Cow<'static, str>>) {
        self.files.insert(path.into(), contents.into());
        self.pristine = false;
    }

    /// Removes the file at `path`; returns whether it was there.
    pub fn remove(&mut self, path: &str) -> bool {
        self.pristine = false;
        self.files.remove(path).is_some()
    }

    /// The contents of the file at `path`.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(|contents| contents.as_ref())
    }

    /// Every file as (relative path, contents), sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .map(|(path, contents)| (path.as_str(), contents.as_ref()))
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the set has no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether this is the built-in set as compiled in, without changes.
    pub(crate) fn is_pristine_builtin(&self) -> bool {
        self.pristine
    }

    /// The directory the set was read from; `None` for the built-in set.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// `path` as a person should see it: joined to the root directory, or marked as built in.
    pub fn display_path(&self, path: &str) -> String {
        match &self.root {
            Some(root) => root.join(path).display().to_string(),
            None => format!("templates/{path} (built in)"),
        }
    }
}

fn read_dir_into(
    root: &Path,
    dir: &Path,
    files: &mut BTreeMap<String, Cow<'static, str>>,
) -> Result<(), Error> {
    let read_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Read { path, source }
    };
    let mut entries = fs::read_dir(dir)
        .map_err(read_error(dir))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(read_error(dir))?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // Follows symbolic links, as people link shared partials into a set.
        let metadata = fs::metadata(&path).map_err(read_error(&path))?;
        if metadata.is_dir() {
            read_dir_into(root, &path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "hbs") {
            let contents = fs::read_to_string(&path).map_err(read_error(&path))?;
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(relative, Cow::Owned(contents));
        }
    }
    Ok(())
}

/// Where a file belongs.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// A partial; its template name is the path without `.hbs`.
    Partial,
    /// A message template.
    Message(MessageSlot),
}

/// The place of a message template: optional client, locale, source and channel.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct MessageSlot {
    pub(crate) client: Option<String>,
    /// Normalised (`de-at`).
    pub(crate) locale: String,
    pub(crate) source: usize,
    pub(crate) channel: Channel,
}

/// Classifies a relative path, or says why it fits nowhere.
pub(crate) fn classify(path: &str) -> Result<Slot, String> {
    let Some(stem_path) = path.strip_suffix(".hbs") else {
        return Err("template files end in .hbs".to_owned());
    };
    let parts: Vec<&str> = stem_path.split('/').collect();
    if parts.iter().any(|part| part.is_empty()) {
        return Err("empty path segment".to_owned());
    }
    match parts.as_slice() {
        ["partials", ..] => Ok(Slot::Partial),
        ["clients", client, locale, source, channel] => {
            message_slot(Some(client), locale, source, channel)
        }
        ["clients", ..] => Err(
            "client overrides live at clients/<clientId>/<locale>/<Source>/<subject|email|sms>.hbs"
                .to_owned(),
        ),
        [locale, source, channel] => message_slot(None, locale, source, channel),
        _ => Err("expected <locale>/<Source>/<subject|email|sms>.hbs, \
             clients/<clientId>/<locale>/<Source>/<subject|email|sms>.hbs or partials/<name>.hbs"
            .to_owned()),
    }
}

fn message_slot(
    client: Option<&str>,
    locale: &str,
    source: &str,
    channel: &str,
) -> Result<Slot, String> {
    if let Some(client) = client
        && !client
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(format!("{client:?} is not an app client ID"));
    }
    let normalized = normalize_locale(locale)
        .filter(|normalized| normalized.len() == locale.len())
        .ok_or_else(|| format!("{locale:?} is not a locale tag such as en, de or de-AT"))?;
    let source = source_index(source).ok_or_else(|| {
        format!(
            "unknown trigger source {source:?}; expected one of {}, {}",
            SOURCES.join(", "),
            SENDER_SOURCES.join(", ")
        )
    })?;
    let channel = channel_from_stem(channel).ok_or_else(|| {
        format!("unknown file {channel:?}.hbs; expected subject.hbs, email.hbs or sms.hbs")
    })?;
    Ok(Slot::Message(MessageSlot {
        client: client.map(str::to_owned),
        locale: normalized,
        source,
        channel,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_layout() {
        assert_eq!(classify("partials/email-layout.hbs"), Ok(Slot::Partial));
        assert_eq!(
            classify("de_AT/ForgotPassword/sms.hbs"),
            Ok(Slot::Message(MessageSlot {
                client: None,
                locale: "de-at".to_owned(),
                source: 3,
                channel: Channel::Sms
            }))
        );
        assert_eq!(
            classify("clients/4i2oaatugssocd44d40kb55kni/en/SignUp/email.hbs"),
            Ok(Slot::Message(MessageSlot {
                client: Some("4i2oaatugssocd44d40kb55kni".to_owned()),
                locale: "en".to_owned(),
                source: 0,
                channel: Channel::Email
            }))
        );
    }

    #[test]
    fn explains_misplaced_files() {
        assert!(
            classify("en/ForgotPasword/sms.hbs")
                .expect_err("misplaced")
                .contains("unknown trigger source")
        );
        assert!(
            classify("en/SignUp/body.hbs")
                .expect_err("misplaced")
                .contains("unknown file")
        );
        assert!(
            classify("english language/SignUp/sms.hbs")
                .expect_err("misplaced")
                .contains("locale")
        );
        assert!(
            classify("SignUp/sms.hbs")
                .expect_err("misplaced")
                .contains("expected")
        );
        assert!(
            classify("clients/abc/SignUp/sms.hbs")
                .expect_err("misplaced")
                .contains("clients/<clientId>")
        );
    }

    #[test]
    fn builtin_set_is_embedded() {
        let files = TemplateFiles::builtin();
        assert!(files.get("en/ForgotPassword/email.hbs").is_some());
        assert!(files.get("de/ForgotPassword/sms.hbs").is_some());
        assert!(files.iter().all(|(path, _)| path.ends_with(".hbs")));
    }
}
