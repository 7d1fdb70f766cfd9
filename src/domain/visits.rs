//! Welcome visits (*Willkommensbesuche*) of the city's outreach team to newly arrived families
//! with children. Recorded anonymised: no names, no address, only the facts the report needs.

// TODO(helper): implement; the types below are the agreed interface.

use crate::domain::ids::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Kind of arrival of the family visited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arrival {
    /// A newly arrived family (*Neuzuzug*).
    NewArrival,
    /// Family reunification (*Familiennachzug*).
    FamilyReunification,
}

/// One welcome visit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WelcomeVisit {
    pub id: RecordId,
    pub date: NaiveDate,
    /// A district from the rule set's `districts` catalogue.
    pub district: DistrictId,
    pub arrival: Arrival,
    /// Number of children per age band (bands from the rule set); bands with 0 may be omitted.
    pub children: Vec<(AgeBandId, u32)>,
    /// Offers the family was told about.
    pub informed: Vec<OfferId>,
    /// Offers the family was invited to.
    pub invited: Vec<OfferId>,
    /// A follow-up (e.g. an intake check) is needed.
    pub follow_up: bool,
    /// When it was recorded, in milliseconds since the Unix epoch (supplied by the caller).
    pub recorded_at: i64,
    /// Set when the visit was recorded by mistake; voided visits are not counted.
    #[serde(default)]
    pub voided: bool,
}
