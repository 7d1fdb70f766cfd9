//! The rule set: catalogues and dated assignment rules, as data.
//!
//! The coordinating office (*Koordinierende Stelle*) sets which provider (*Träger*) is
//! responsible for which area (*Regionalbereich*) from which date, and the thresholds that make a
//! case complex. Those rules change over time, so they are data with validity dates, never `if`
//! chains keyed on dates. Areas, providers and all catalogues belong to the rule set too, so
//! another KIM municipality can use the app by loading its own rule-set file.
//!
//! Design decisions:
//! - The assignment rules are a sequence of [`RuleVersion`]s. Each version is valid over a
//!   closed date range `valid_from..=valid_until` (`valid_until = None`: open-ended) and holds
//!   the whole table (area → provider) and the thresholds for that range. Versions must be
//!   contiguous: no gaps, no overlaps, so "which rules apply on date D" has at most one answer.
//!   Before the first version no rule is in force, and the app says so instead of guessing.
//! - Adding a version from date D closes the currently open-ended version on D − 1.
//! - Catalogue labels are German because they are data shown to users; ids are stable slugs.


use crate::domain::ids::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The complete rule set in force on a laptop; exported and imported as one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    /// Name of the municipality, e.g. "Rheine".
    pub municipality: String,
    /// Revision counter, raised on every change; shown in settings so laptops can compare.
    pub revision: u32,
    pub providers: Vec<Provider>,
    pub areas: Vec<Area>,
    pub life_areas: Vec<LifeArea>,
    pub problems: Vec<Problem>,
    pub parties: Vec<Party>,
    /// Other counselling services (city team, MBE, JMD, other provider's CM, other).
    pub services: Vec<Service>,
    pub ways_in: Vec<WayIn>,
    /// Where a short contact was referred to.
    pub contact_outcomes: Vec<Labelled<OutcomeId>>,
    /// Reasons for admitting against the suggestion (professional judgement).
    pub override_reasons: Vec<Labelled<OverrideReasonId>>,
    /// Reasons for deactivating a case.
    pub deactivation_reasons: Vec<Labelled<DeactivationReasonId>>,
    /// Districts for welcome visits (in addition to the areas).
    pub districts: Vec<Labelled<DistrictId>>,
    /// Offers families are told about / invited to at welcome visits.
    pub offers: Vec<Labelled<OfferId>>,
    /// Age bands for counting children at welcome visits.
    pub age_bands: Vec<Labelled<AgeBandId>>,
    /// Dated assignment rules and thresholds, ordered by `valid_from`, contiguous.
    pub versions: Vec<RuleVersion>,
}

/// A catalogue entry: a stable id and the German label users see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labelled<Id> {
    pub id: Id,
    pub label: String,
}

/// A provider (*Träger*) of case management.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub id: ProviderId,
    /// Full name, e.g. "Caritas Rheine e. V.".
    pub name: String,
    /// Short name for tables, e.g. "Caritas Rheine".
    pub short_name: String,
}

/// Whether the municipality's KIM case management serves people living in an area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaScope {
    /// Inside the municipality: a provider is assigned by the rule versions.
    Municipality,
    /// Another town of the district (Kreis Steinfurt): the case management there is responsible.
    District,
    /// Anywhere else: the case management of that place is responsible.
    Elsewhere,
}

/// An area (*Regionalbereich*) a person lives in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    pub id: AreaId,
    pub label: String,
    pub scope: AreaScope,
}

/// An area of life (*Lebensbereich*), e.g. housing or health.
pub type LifeArea = Labelled<LifeAreaId>;

/// A problem (*Problemlage*), e.g. rent debts; belongs to exactly one area of life.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub id: ProblemId,
    pub label: String,
    pub life_area: LifeAreaId,
}

/// An institution or other party involved (*Beteiligte*), e.g. the job centre.
pub type Party = Labelled<PartyId>;

/// Another counselling service; when a person is already counselled there, KIM does not admit
/// in parallel but coordinates with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub id: ServiceId,
    pub label: String,
    /// Suggested for non-complex cases (*normale Beratungsfälle*), e.g. the city's team or MBE.
    #[serde(default)]
    pub suggested_for_simple_cases: bool,
}

/// A way in (*Zugangsweg*).
pub type WayIn = Labelled<WayInId>;

/// One entry of an assignment table: who is responsible for an area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub area: AreaId,
    pub provider: ProviderId,
    /// Posts (*Stellen*) funded for this area, if known; informational.
    #[serde(default)]
    pub posts: Option<f64>,
}

/// The thresholds that make a case complex (*komplexer Fall*).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Problems must fall into at least this many different areas of life.
    pub min_life_areas: u32,
    /// At least this many institutions or other parties must be involved.
    pub min_parties: u32,
}

/// The assignment table and thresholds valid over `valid_from..=valid_until` (both inclusive;
/// `valid_until = None` means open-ended).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleVersion {
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub assignments: Vec<Assignment>,
    pub thresholds: Thresholds,
}
