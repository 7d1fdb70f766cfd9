//! Entry point: mounts the app. Everything else lives in the library so tests can mount it.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(kim::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The KIM app runs in the browser: build and serve it with `.ci/serve` (see README).");
}
