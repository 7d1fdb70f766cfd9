//! KIM: a browser-only app for the *Kommunales Integrationsmanagement* of North
//! Rhine-Westphalia's municipalities (Rheine's rule set is built in; any other municipality
//! loads its own rule-set file). Data flows one way:
//!
//! - [`domain`]: pure rules, cases, tallies, reports and the exchange format; no web types, no
//!   clock; tested natively with `cargo test`.
//! - [`storage`]: the versioned stored document, migrations, and the only code that touches
//!   local storage.
//! - `app` (wasm only): shared state in context, the route table, browser helpers and shared
//!   components; `pages` (wasm only): one file per page, rendering state and sending intents.
//!   The shell imports a page only to show it (`app::routes`, `app::mod`); what a page and the
//!   shell both need lives in `app` (checked by `tests/layers.rs`).

pub mod domain;
pub mod storage;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod pages;
