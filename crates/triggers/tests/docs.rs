//! The README's trigger example is the example crate that CI compiles, word for word.

use std::path::Path;

#[test]
fn the_readme_example_is_the_compiled_example_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let example = std::fs::read_to_string(root.join("examples/staff-only/src/main.rs"))
        .expect("the example crate");
    assert!(
        readme.contains(&format!("```rust\n{example}```")),
        "README.md's 15-line trigger differs from examples/staff-only/src/main.rs"
    );
    assert!(example.lines().count() <= 25, "the example stays small");
}
