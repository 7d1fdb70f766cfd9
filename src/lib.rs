//! KIM Rheine: a browser-only app for the *Kommunales Integrationsmanagement* of the city of
//! Rheine. See README.md for the architecture; data flows one way:
//! [`domain`] (pure rules and reports) → [`storage`] (versioned schema, the only code that
//! touches local storage) → `app` and `pages` (Leptos components that render state and send
//! intents).

pub mod domain;
