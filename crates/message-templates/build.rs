//! Embeds the default template set (`templates/` in this crate; the workspace root links to it)
//! into the library, so a deployed `bootstrap` binary needs no files next to it.
//!
//! Generates `$OUT_DIR/embedded_templates.rs`: a sorted table of every `*.hbs` file as
//! `(relative path, include_str!(absolute path))`. Cargo reruns this script whenever anything
//! under `templates/` changes, so adding a file needs no code change.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn main() -> io::Result<()> {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest_dir.join("templates");
    println!("cargo::rerun-if-changed={}", root.display());

    let mut files = Vec::new();
    collect(&root, &root, &mut files)?;
    files.sort();

    let mut table = String::from(
        "/// Every `*.hbs` file under `templates/`: (path relative to it, contents).\n\
         pub(crate) static FILES: &[(&str, &str)] = &[\n",
    );
    for (relative, absolute) in &files {
        writeln!(table, "    ({relative:?}, include_str!({absolute:?})),")
            .expect("writing to a String");
    }
    table.push_str("];\n");

    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    fs::write(out.join("embedded_templates.rs"), table)
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect(root, &path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "hbs") {
            let relative = path
                .strip_prefix(root)
                .expect("walked from root")
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let absolute = fs::canonicalize(&path)?;
            files.push((relative, absolute.to_string_lossy().into_owned()));
        }
    }
    Ok(())
}
