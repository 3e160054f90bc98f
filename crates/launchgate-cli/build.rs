//! Tells the tests whether the official schemas sit beside the repository (`../shared/schemas`):
//! without them the schema tests are reported as ignored, never as passing.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_schemas)");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let dir = std::path::Path::new(&manifest).join("../../../shared/schemas");
    println!("cargo::rerun-if-changed={}", dir.display());
    if dir.is_dir() {
        println!("cargo::rustc-cfg=shared_schemas");
    }
}
