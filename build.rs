//! Keeps the linker's relocations in the app's wasm when it is built to be cut into chunks
//! (the `split` feature, which index.html asks Trunk for): wasm-split-cli needs them
//! (.ci/split.mjs), and drops them from what it writes. Only the `kim` binary gets them; tests
//! and other crates built in this workspace's configuration (the benchmark's counter) do not.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
