//! The pure domain of the KIM app: rules, cases, tallies and reports.
//!
//! Nothing in here knows about the browser: no `leptos`, `web_sys`, `js_sys` or `gloo`, and no
//! clock. A function that needs "today", a random number or a timestamp takes it as an argument,
//! so every rule is tested natively with `cargo test`.
//!
//! # Glossary (German terms kept in the UI and in the rule-set data)
//!
//! | German | here |
//! |---|---|
//! | *Fall* | case ([`case`]) |
//! | *Träger* | provider ([`rules::Provider`]) |
//! | *Regionalbereich* | area ([`rules::Area`]) |
//! | *Lebensbereich* | life area ([`rules::LifeArea`]) |
//! | *Problemlage* | problem ([`rules::Problem`]) |
//! | *Beteiligte* | parties involved ([`rules::Party`]) |
//! | *Zugangsweg* | way in ([`rules::WayIn`]) |
//! | *Aufnahmeprüfung* | intake check ([`intake`]) |
//! | *Übergabe* | handover ([`case::EventKind::HandedOver`]) |
//! | *Kurzkontakt / sonstiger Beratungskontakt* | short contact ([`contacts`]) |
//! | *Willkommensbesuch* | welcome visit ([`visits`]) |
//! | *Baustein 3* | yearly figures of the foreigners' authority ([`yearly`]) |
//! | *Beratungstermin* | counselling session ([`case::EventKind::Session`]) |
//! | *Fälle ohne Termin* | quiet cases due for review ([`review`]) |
//! | *Bewertung* | evaluation of a case at its end ([`rules::Evaluation`]) |
//! | *Stellen* | (full-time) posts ([`rules::ProviderPosts`]) |

pub mod calendar;
pub mod case;
pub mod contacts;
pub mod csv;
pub mod dataset;
pub mod exchange;
pub mod ids;
pub mod intake;
pub mod month;
pub mod register;
pub mod report;
pub mod review;
pub mod rules;
pub mod sorting;
#[cfg(test)]
pub(crate) mod test_cases;
#[cfg(test)]
pub(crate) mod test_rules;
pub mod text;
pub mod visits;
pub mod yearly;

pub use dataset::Dataset;
pub use ids::*;
pub use month::YearMonth;
