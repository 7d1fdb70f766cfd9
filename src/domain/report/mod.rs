//! Report tables for the committee (*Sozialausschuss*, *Integrationsrat*), computed from the
//! tallies. Pure data; the page formats them in German.

pub mod case_work;
pub mod caseload;
pub mod cases;
pub mod contacts;
pub mod count_table;
pub mod endings;
pub mod footnotes;
pub mod sessions;
pub mod suppression;
pub mod themes;
pub mod visits;
pub mod yearly;
