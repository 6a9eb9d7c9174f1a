//! Errors that stop a template set from loading.

use std::io;
use std::path::PathBuf;

/// Why a template set could not be loaded. Each variant names the offending file, so a
/// function refusing to start says exactly what to fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or directory of the template set could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// A template does not parse.
    #[error("template {file} does not parse: {source}")]
    Parse {
        /// The template file.
        file: String,
        /// Handlebars' description, with line and column.
        #[source]
        source: Box<handlebars::TemplateError>,
    },
    /// A file does not fit the layout described in `templates/README.md`.
    #[error("template {file} is not where a template can be: {reason}")]
    Layout {
        /// The template file.
        file: String,
        /// What is wrong with its path.
        reason: String,
    },
    /// Templates every set needs are missing.
    #[error("the template set lacks required template(s): {}", files.join(", "))]
    Missing {
        /// The missing files, relative to the set's root.
        files: Vec<String>,
    },
    /// A configuration value (usually from an environment variable) is invalid.
    #[error("invalid {name} {value:?}: {reason}")]
    Config {
        /// The setting, e.g. `CUSTOM_MESSAGE_DEFAULT_LOCALE`.
        name: &'static str,
        /// The value given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
}
