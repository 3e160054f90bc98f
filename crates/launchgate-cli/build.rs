//! Tells the tests whether the official schemas sit beside the repository (`../shared/schemas`):
//! without them the schema tests are reported as ignored, never as passing.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_schemas)");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let dir = std::path::Path::new(&manifest).join("../../../shared/schemas");
    // The directory, and its parent: a schemas directory that appears or comes back keeps its
    // old mtime, but its parent's changes.
    println!("cargo::rerun-if-changed={}", dir.display());
    if let Some(parent) = dir.parent() {
        println!("cargo::rerun-if-changed={}", parent.display());
    }
    if dir.is_dir() {
        println!("cargo::rustc-cfg=shared_schemas");
    }
}
