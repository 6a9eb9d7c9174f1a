//! Reading an event from a file or standard input.

use std::io::Read;
use std::path::Path;

/// Reads `source` (a path, or `-` for standard input) as bytes; the error is one line naming it.
pub(crate) fn read_event(source: &Path) -> Result<Vec<u8>, String> {
    let name = source.display();
    let bytes = if source == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|error| format!("<stdin>: cannot read: {error}"))?;
        bytes
    } else {
        std::fs::read(source).map_err(|error| format!("{name}: cannot read: {error}"))?
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(format!(
            "{}: empty input, expected a trigger event (JSON)",
            display_name(source)
        ));
    }
    Ok(bytes)
}

/// `<stdin>` for `-`, the path otherwise.
pub(crate) fn display_name(source: &Path) -> String {
    if source == Path::new("-") {
        "<stdin>".to_owned()
    } else {
        source.display().to_string()
    }
}
