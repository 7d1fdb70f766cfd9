//! KIM Rheine: a browser-only app for the *Kommunales Integrationsmanagement* of the city of
//! Rheine. Data flows one way:
//!
//! - [`domain`]: pure rules, cases, tallies, reports and the exchange format; no web types, no
//!   clock; tested natively with `cargo test`.
//! - [`storage`]: the versioned stored document, migrations, and the only code that touches
//!   local storage.
//! - `app` (wasm only): shared state in context, the route table, browser helpers and shared
//!   components; `pages` (wasm only): one file per page, rendering state and sending intents.

pub mod domain;
pub mod storage;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod pages;
