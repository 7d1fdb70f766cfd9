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
//! - A rule set arrives from files, so every number and date in it has a plausibility bound
//!   that [`RuleSet::validate`] checks before anything computes with it: version dates lie in
//!   the years of [`calendar`] (so the day before or after a version always exists), the
//!   revision is at most [`MAX_REVISION`], a threshold is at least 1 and at most the size of
//!   the catalogue it counts (a higher one no case could reach), and posts are finite and
//!   between 0 and [`MAX_POSTS`].
//! - Which short-contact outcome (*Verweis / Ergebnis*) an intake decision without admission
//!   counts under is data too: each [`Service`] may name its `contact_outcome`, and
//!   [`DecisionOutcomes`] names one for the decisions that involve no service. Both are
//!   optional, so a rule set written before them still loads; it then maps nothing, and the
//!   intake page asks instead of guessing (see [`crate::domain::intake::contact_outcome_for`]).
//!   Every outcome they name must be in `contact_outcomes`, or the rule set is refused.
//! - Two copies of one revision that differ only in fields a release before them did not know
//!   are the same rule set ([`RuleSet::united_with`]); otherwise [`differences`] lists what
//!   differs (`rules/compare.rs`; `docs/decisions/0030-rule-set-revision.md`).
//! - Counselling sessions, reviews, posts and endings (issue 28) are data too, all optional so
//!   rule sets written before them still load: the catalogue of session forms
//!   (`session_forms`), the evaluations a case may end with (`evaluations`; an evaluation may
//!   name the deactivation reasons that imply it, so "Ziele erreicht" as a reason cannot be
//!   recorded with "nicht erreicht" as its evaluation, docs/decisions/0041), and per version
//!   the posts of each provider (`posts`, where posts cannot be told per area,
//!   docs/decisions/0040) and after how many months without a session an active case is due
//!   for review, with the reason it is deregistered for (`review`).

use crate::domain::calendar;
use crate::domain::ids::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod compare;
pub use compare::{differences, RuleCatalogue, RuleSetDifference, VersionChange, LATER_FIELDS};

/// The largest plausible revision. It is raised once per change; a change every day for a
/// century stays below 40,000.
pub const MAX_REVISION: u32 = 1_000_000;

/// Counts below this are shown as "< 3" when the report is protected for publication, unless
/// the rule set names another threshold.
pub const DEFAULT_PUBLICATION_THRESHOLD: u32 = 3;

/// The range a rule set's publication threshold must lie in: below 3, "< 2" would mean exactly
/// 1 (zeros are shown, see `report::suppression`); above 20 a committee table would say
/// nothing.
pub const PUBLICATION_THRESHOLDS: std::ops::RangeInclusive<u32> = 3..=20;

fn default_publication_threshold() -> u32 {
    DEFAULT_PUBLICATION_THRESHOLD
}

fn is_default_publication_threshold(threshold: &u32) -> bool {
    *threshold == DEFAULT_PUBLICATION_THRESHOLD
}

/// The largest plausible number of posts (*Stellen*) funded for one area.
pub const MAX_POSTS: f64 = 100.0;

/// The months without a session after which an active case may be due for review: at least
/// one, at most five years.
pub const REVIEW_MONTHS: std::ops::RangeInclusive<u32> = 1..=60;

/// The complete rule set in force on a laptop; exported and imported as one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    /// Name of the municipality, e.g. "Rheine".
    pub municipality: String,
    /// Revision counter, raised on every change; shown in settings so laptops can compare.
    /// At most [`MAX_REVISION`].
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
    /// The short-contact outcomes of the intake decisions that involve no counselling service
    /// (the services name theirs in [`Service::contact_outcome`]). Optional so rule-set files
    /// written before it existed still load; empty, it maps nothing.
    #[serde(default, skip_serializing_if = "DecisionOutcomes::is_empty")]
    pub decision_outcomes: DecisionOutcomes,
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
    /// The way in (*Zugangsweg*) of an intake check opened from a welcome visit's follow-up
    /// (in Rheine the visiting team is a migration counselling service). Optional so rule-set
    /// files written before it existed still load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_way_in: Option<WayInId>,
    /// The forms of a counselling session (*Beratungstermin*): persönlich, telefonisch, …
    /// Optional so rule sets written before sessions existed still load; empty, no session
    /// can be recorded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub session_forms: Vec<Labelled<SessionFormId>>,
    /// How far a case's goals were reached when it ended (*Bewertung*), optional at every
    /// deregistration unless its reason implies one ([`Evaluation::reasons`]). Optional in
    /// files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evaluations: Vec<Evaluation>,
    /// Dated assignment rules and thresholds, ordered by `valid_from`, contiguous.
    pub versions: Vec<RuleVersion>,
    /// Small numbers in published reports (*Schutz kleiner Fallzahlen*): counts from 1 up to
    /// one below this are shown as "< 3" when the user protects the report. In
    /// [`PUBLICATION_THRESHOLDS`]; optional in files (default
    /// [`DEFAULT_PUBLICATION_THRESHOLD`]), and left out of the JSON at the default.
    #[serde(
        default = "default_publication_threshold",
        skip_serializing_if = "is_default_publication_threshold"
    )]
    pub publication_threshold: u32,
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
    /// Another town of the same district (*Kreis*) with its own KIM: the case management there
    /// is responsible.
    District,
    /// Anywhere else: the case management of that place is responsible.
    Elsewhere,
}

/// An area (*Regionalbereich*) a person lives in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    pub id: AreaId,
    pub label: String,
    /// The area's scope where no rule version says otherwise ([`RuleVersion::scopes`]).
    pub scope: AreaScope,
    /// Where a person living here is referred to while the area is not served here, as the
    /// end of "Weitervermittlung an …", e.g. "das Case Management der Stadt Greven". Optional
    /// (the app then names the case management at the place of residence); at most
    /// [`MAX_TEXT`] characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral: Option<String>,
}

/// The longest label or text a rule set may hold, in characters.
pub const MAX_TEXT: usize = 200;

/// A dated scope: within one rule version, `area` has `scope` instead of its own (a town that
/// gets its own KIM from a date is `district` from the version that starts then).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeRule {
    pub area: AreaId,
    pub scope: AreaScope,
}

/// An evaluation of a case at its end (*Bewertung*), e.g. "Ziele teilweise erreicht".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub id: EvaluationId,
    pub label: String,
    /// The deactivation reasons that imply this evaluation: a case deregistered for one of
    /// them has this evaluation and no other (the reason "Ziele erreicht" is the evaluation
    /// "Ziele erreicht"). Each reason is named by at most one evaluation; optional in files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<DeactivationReasonId>,
}

/// The posts (*Stellen*) of one provider over a version, where they cannot be told per area
/// (one provider serving two areas with one figure, as Lernen fördern's 1.9 posts for all of
/// Rheine until 30.06.2022).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderPosts {
    pub provider: ProviderId,
    /// Finite, between 0 and [`MAX_POSTS`].
    pub posts: f64,
}

/// When an active case is due for review (*Fälle ohne Termin*): after more than
/// `after_months` months without a counselling session; the user may then deregister it for
/// `reason` ("lange kein Kontakt").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// In [`REVIEW_MONTHS`].
    pub after_months: u32,
    /// A deactivation reason of the catalogue.
    pub reason: DeactivationReasonId,
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
    /// The short-contact outcome a person counts under when the intake check refers them to
    /// this service (not complex: the first suggested service that has one) or finds them
    /// already counselled by it. Must be in [`RuleSet::contact_outcomes`]; `None` maps nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_outcome: Option<OutcomeId>,
}

/// The short-contact outcomes of the intake decisions that involve no counselling service.
/// Each is optional; `None` maps nothing, and the intake page then lets the user choose.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionOutcomes {
    /// The person lives outside the municipality (referred to the case management there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_responsible: Option<OutcomeId>,
    /// The person gave no consent to the voluntary offer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_consent: Option<OutcomeId>,
    /// No rule decides (no version in force, or no provider for the area).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_rule: Option<OutcomeId>,
}

impl DecisionOutcomes {
    /// Whether no decision is mapped (then the group is left out of the file).
    pub fn is_empty(&self) -> bool {
        self == &DecisionOutcomes::default()
    }
}

/// Where a rule set maps something to a short-contact outcome; named by
/// [`RuleSetError::UnknownContactOutcome`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutcomeMapping {
    /// The `contact_outcome` of this counselling service.
    Service(ServiceId),
    /// `decision_outcomes.not_responsible`.
    NotResponsible,
    /// `decision_outcomes.no_consent`.
    NoConsent,
    /// `decision_outcomes.no_rule`.
    NoRule,
}

impl std::fmt::Display for OutcomeMapping {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutcomeMapping::Service(id) => write!(f, "service {id}"),
            OutcomeMapping::NotResponsible => f.write_str("decision_outcomes.not_responsible"),
            OutcomeMapping::NoConsent => f.write_str("decision_outcomes.no_consent"),
            OutcomeMapping::NoRule => f.write_str("decision_outcomes.no_rule"),
        }
    }
}

/// A way in (*Zugangsweg*).
pub type WayIn = Labelled<WayInId>;

/// One entry of an assignment table: who is responsible for an area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub area: AreaId,
    pub provider: ProviderId,
    /// Posts (*Stellen*) funded for this area, if known; informational. Finite, between 0 and
    /// [`MAX_POSTS`].
    #[serde(default)]
    pub posts: Option<f64>,
}

/// The thresholds that make a case complex (*komplexer Fall*).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Problems must fall into at least this many different areas of life; between 1 and the
    /// number of life areas.
    pub min_life_areas: u32,
    /// At least this many institutions or other parties must be involved; between 1 and the
    /// number of parties.
    pub min_parties: u32,
}

/// The assignment table and thresholds valid over `valid_from..=valid_until` (both inclusive;
/// `valid_until = None` means open-ended). Both dates lie in the years of [`calendar`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleVersion {
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub assignments: Vec<Assignment>,
    pub thresholds: Thresholds,
    /// Areas whose scope over this version differs from [`Area::scope`]; optional in files.
    /// An area served here ([`AreaScope::Municipality`]) over a version needs an assignment in
    /// it only when an intake names it; an area not served here must have none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<ScopeRule>,
    /// Posts per provider over this version, for providers whose posts are not given per
    /// area in `assignments` (a provider has its posts in one place or the other, see
    /// [`RuleSet::posts_of`]). Optional in files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub posts: Vec<ProviderPosts>,
    /// When an active case is due for review over this version; optional in files (none: no
    /// case is ever due).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

impl RuleVersion {
    /// The scope of `area` over this version: its entry in [`RuleVersion::scopes`], else the
    /// area's own.
    pub fn scope_of(&self, area: &Area) -> AreaScope {
        self.scopes
            .iter()
            .find(|rule| rule.area == area.id)
            .map_or(area.scope, |rule| rule.scope)
    }
}

/// Why a rule set is refused. Each variant names what is wrong so the UI can say it plainly.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RuleSetError {
    /// The file is not a rule set (not JSON, or fields missing).
    #[error("malformed rule set: {0}")]
    Malformed(String),
    /// A required catalogue is empty.
    #[error("catalogue {0} is empty")]
    EmptyCatalogue(&'static str),
    /// An id appears twice in one catalogue.
    #[error("duplicate id {id} in {catalogue}")]
    DuplicateId { catalogue: &'static str, id: String },
    /// A problem refers to a life area that does not exist.
    #[error("problem {problem} refers to unknown life area {life_area}")]
    UnknownLifeArea { problem: String, life_area: String },
    /// An assignment names a provider that does not exist.
    #[error("assignment from {valid_from} names unknown provider {provider}")]
    UnknownProvider {
        valid_from: NaiveDate,
        provider: String,
    },
    /// An assignment names an area that does not exist.
    #[error("assignment from {valid_from} names unknown area {area}")]
    UnknownArea { valid_from: NaiveDate, area: String },
    /// An assignment names an area outside the municipality.
    #[error("assignment from {valid_from} names area {area} outside the municipality")]
    AreaOutsideMunicipality { valid_from: NaiveDate, area: String },
    /// One version assigns the same area twice.
    #[error("version from {valid_from} assigns area {area} twice")]
    AreaAssignedTwice { valid_from: NaiveDate, area: String },
    /// One version gives the same area a scope twice.
    #[error("version from {valid_from} gives area {area} a scope twice")]
    AreaScopedTwice { valid_from: NaiveDate, area: String },
    /// The rule set names no municipality.
    #[error("no municipality named")]
    NoMunicipality,
    /// A name, label or text is longer than [`MAX_TEXT`] characters.
    #[error("text of {id} is longer than {MAX_TEXT} characters")]
    TextTooLong { id: String },
    /// A version ends before it starts.
    #[error("version from {valid_from} ends on {valid_until}, before it starts")]
    EndsBeforeStart {
        valid_from: NaiveDate,
        valid_until: NaiveDate,
    },
    /// Two versions overlap or are out of order.
    #[error("versions overlap: one from {earlier_from}, the next from {later_from}")]
    Overlap {
        earlier_from: NaiveDate,
        later_from: NaiveDate,
    },
    /// There is a gap between two versions.
    #[error("gap between {gap_from} and {gap_until}")]
    Gap {
        gap_from: NaiveDate,
        gap_until: NaiveDate,
    },
    /// An open-ended version is followed by another one.
    #[error("open-ended version from {valid_from} is not the last")]
    OpenEndedNotLast { valid_from: NaiveDate },
    /// The way in for visit follow-ups is not in the catalogue.
    #[error("visit_way_in names unknown way in {0}")]
    UnknownVisitWayIn(String),
    /// A service's `contact_outcome` or an entry of `decision_outcomes` names a short-contact
    /// outcome that is not in `contact_outcomes`: contacts counted under it would be refused
    /// by every import.
    #[error("{mapping} maps to unknown contact outcome {outcome}")]
    UnknownContactOutcome {
        mapping: OutcomeMapping,
        outcome: String,
    },
    /// A threshold of zero would make every case complex.
    #[error("version from {valid_from} has a threshold of zero")]
    ZeroThreshold { valid_from: NaiveDate },
    /// A threshold above the number of life areas or parties in the catalogue: no case could
    /// ever be complex.
    #[error("version from {valid_from} has a threshold no case can reach")]
    UnreachableThreshold { valid_from: NaiveDate },
    /// A version starts or ends outside the years [`calendar::FIRST_YEAR`] to
    /// [`calendar::LAST_YEAR`].
    #[error("date {date} lies outside the years the app works with")]
    DateOutOfRange { date: NaiveDate },
    /// The revision is above [`MAX_REVISION`] (or would be after one more change).
    #[error("revision {revision} is implausible")]
    ImplausibleRevision { revision: u32 },
    /// An assignment's posts are negative, above [`MAX_POSTS`] or not finite.
    #[error("version from {valid_from} gives area {area} {posts} posts")]
    ImplausiblePosts {
        valid_from: NaiveDate,
        area: String,
        posts: f64,
    },
    /// The publication threshold lies outside [`PUBLICATION_THRESHOLDS`].
    #[error("publication threshold {0} is outside 3 to 20")]
    ImplausiblePublicationThreshold(u32),
    /// A session form or an evaluation has a label over [`MAX_TEXT`] characters: see
    /// `TextTooLong`. An evaluation names a deactivation reason the catalogue lacks.
    #[error("evaluation {evaluation} names unknown deactivation reason {reason}")]
    UnknownEvaluationReason { evaluation: String, reason: String },
    /// Two evaluations name the same deactivation reason: it would imply both.
    #[error("deactivation reason {reason} is named by two evaluations")]
    ReasonEvaluatedTwice { reason: String },
    /// A provider's posts are given twice over one version: twice in `posts`, or there and in
    /// an assignment of one of its areas.
    #[error("version from {valid_from} gives provider {provider} posts twice")]
    PostsGivenTwice {
        valid_from: NaiveDate,
        provider: String,
    },
    /// A provider's posts in `posts` are negative, above [`MAX_POSTS`] or not finite.
    #[error("version from {valid_from} gives provider {provider} {posts} posts")]
    ImplausibleProviderPosts {
        valid_from: NaiveDate,
        provider: String,
        posts: f64,
    },
    /// The review's months lie outside [`REVIEW_MONTHS`].
    #[error("version from {valid_from} reviews cases after {months} months")]
    ImplausibleReviewMonths { valid_from: NaiveDate, months: u32 },
    /// The review names a deactivation reason the catalogue lacks.
    #[error("version from {valid_from} reviews cases with unknown reason {reason}")]
    UnknownReviewReason {
        valid_from: NaiveDate,
        reason: String,
    },
    /// A new version must start after the version it replaces.
    #[error("new version from {new_from} does not start after {current_from}")]
    NewVersionTooEarly {
        new_from: NaiveDate,
        current_from: NaiveDate,
    },
}

/// Why no provider can be named for an area on a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentError {
    /// The area is not in the rule set.
    #[error("unknown area")]
    UnknownArea,
    /// The area lies outside the municipality: another case management is responsible.
    #[error("area outside the municipality")]
    OutsideMunicipality { scope: AreaScope },
    /// No rule version is in force on the date.
    #[error("no rule in force on {date}")]
    NoRuleOnDate { date: NaiveDate },
    /// The version in force assigns no provider to the area.
    #[error("no provider for {area} on {date}")]
    NoAssignmentForArea { area: AreaId, date: NaiveDate },
}

/// The label of an id in a labelled catalogue, or the id itself when the catalogue lacks it
/// (a record made under an older rule set, or imported from another laptop).
pub fn label_or_id<Id: PartialEq + std::fmt::Display>(list: &[Labelled<Id>], id: &Id) -> String {
    label_of(list, id).map_or_else(|| id.to_string(), str::to_owned)
}

/// Looks up the label of an id in a labelled catalogue.
pub fn label_of<'a, Id: PartialEq>(list: &'a [Labelled<Id>], id: &Id) -> Option<&'a str> {
    list.iter()
        .find(|entry| &entry.id == id)
        .map(|entry| entry.label.as_str())
}

fn check_unique<'a>(
    catalogue: &'static str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<(), RuleSetError> {
    let mut seen = std::collections::BTreeSet::new();
    let mut empty = true;
    for id in ids {
        empty = false;
        if !seen.insert(id) {
            return Err(RuleSetError::DuplicateId {
                catalogue,
                id: id.to_owned(),
            });
        }
    }
    if empty {
        return Err(RuleSetError::EmptyCatalogue(catalogue));
    }
    Ok(())
}

impl RuleSet {
    /// The rule set of Rheine as in the committee report (Vorlage 197/23).
    pub fn default_rheine() -> RuleSet {
        Self::from_json(include_str!("default_rules.json"))
            .expect("the built-in rule set is valid (tested)")
    }

    /// Parses and validates a rule-set file.
    pub fn from_json(text: &str) -> Result<RuleSet, RuleSetError> {
        let rules: RuleSet =
            serde_json::from_str(text).map_err(|e| RuleSetError::Malformed(e.to_string()))?;
        rules.validate()?;
        Ok(rules)
    }

    /// The rule set as a pretty-printed file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a rule set always serialises")
    }

    /// Checks catalogues, the revision and the versions; returns the first problem found, in a
    /// fixed order (catalogues first, then the revision, then versions by date), so the message
    /// is stable. See the module documentation for the bounds of every number and date.
    pub fn validate(&self) -> Result<(), RuleSetError> {
        if self.municipality.trim().is_empty() {
            return Err(RuleSetError::NoMunicipality);
        }
        let too_long = |text: &str| text.chars().count() > MAX_TEXT;
        if too_long(&self.municipality) {
            return Err(RuleSetError::TextTooLong {
                id: "municipality".to_owned(),
            });
        }
        if let Some(area) = self
            .areas
            .iter()
            .find(|a| too_long(&a.label) || a.referral.as_deref().is_some_and(too_long))
        {
            return Err(RuleSetError::TextTooLong {
                id: area.id.as_str().to_owned(),
            });
        }
        check_unique("providers", self.providers.iter().map(|p| p.id.as_str()))?;
        check_unique("areas", self.areas.iter().map(|a| a.id.as_str()))?;
        check_unique("life_areas", self.life_areas.iter().map(|l| l.id.as_str()))?;
        check_unique("problems", self.problems.iter().map(|p| p.id.as_str()))?;
        check_unique("parties", self.parties.iter().map(|p| p.id.as_str()))?;
        check_unique("services", self.services.iter().map(|s| s.id.as_str()))?;
        check_unique("ways_in", self.ways_in.iter().map(|w| w.id.as_str()))?;
        check_unique(
            "contact_outcomes",
            self.contact_outcomes.iter().map(|c| c.id.as_str()),
        )?;
        check_unique(
            "override_reasons",
            self.override_reasons.iter().map(|c| c.id.as_str()),
        )?;
        check_unique(
            "deactivation_reasons",
            self.deactivation_reasons.iter().map(|c| c.id.as_str()),
        )?;
        check_unique("districts", self.districts.iter().map(|c| c.id.as_str()))?;
        check_unique("offers", self.offers.iter().map(|c| c.id.as_str()))?;
        check_unique("age_bands", self.age_bands.iter().map(|c| c.id.as_str()))?;
        self.validate_sessions_and_endings()?;
        for problem in &self.problems {
            if self.life_area(&problem.life_area).is_none() {
                return Err(RuleSetError::UnknownLifeArea {
                    problem: problem.id.as_str().to_owned(),
                    life_area: problem.life_area.as_str().to_owned(),
                });
            }
        }
        if let Some(way_in) = &self.visit_way_in {
            if self.way_in(way_in).is_none() {
                return Err(RuleSetError::UnknownVisitWayIn(way_in.as_str().to_owned()));
            }
        }
        self.validate_outcome_mappings()?;
        if !PUBLICATION_THRESHOLDS.contains(&self.publication_threshold) {
            return Err(RuleSetError::ImplausiblePublicationThreshold(
                self.publication_threshold,
            ));
        }
        if self.revision > MAX_REVISION {
            return Err(RuleSetError::ImplausibleRevision {
                revision: self.revision,
            });
        }
        if self.versions.is_empty() {
            return Err(RuleSetError::EmptyCatalogue("versions"));
        }
        for version in &self.versions {
            self.validate_version(version)?;
        }
        for pair in self.versions.windows(2) {
            let (earlier, later) = (&pair[0], &pair[1]);
            let Some(until) = earlier.valid_until else {
                return Err(RuleSetError::OpenEndedNotLast {
                    valid_from: earlier.valid_from,
                });
            };
            // Every date is in the calendar span by now, so both neighbours exist; the checked
            // forms keep even a missed check from panicking.
            let next_day = until
                .succ_opt()
                .ok_or(RuleSetError::DateOutOfRange { date: until })?;
            if later.valid_from < next_day {
                return Err(RuleSetError::Overlap {
                    earlier_from: earlier.valid_from,
                    later_from: later.valid_from,
                });
            }
            if later.valid_from > next_day {
                return Err(RuleSetError::Gap {
                    gap_from: next_day,
                    gap_until: later.valid_from.pred_opt().unwrap_or(next_day),
                });
            }
        }
        Ok(())
    }

    /// The optional catalogues of sessions and endings: unique ids, labels of at most
    /// [`MAX_TEXT`] characters, and evaluations that name known reasons, each reason once.
    fn validate_sessions_and_endings(&self) -> Result<(), RuleSetError> {
        let unique_if_any = |catalogue: &'static str, ids: Vec<&str>| {
            if ids.is_empty() {
                Ok(())
            } else {
                check_unique(catalogue, ids.into_iter())
            }
        };
        unique_if_any(
            "session_forms",
            self.session_forms.iter().map(|f| f.id.as_str()).collect(),
        )?;
        unique_if_any(
            "evaluations",
            self.evaluations.iter().map(|e| e.id.as_str()).collect(),
        )?;
        let labels = self
            .session_forms
            .iter()
            .map(|f| (f.id.as_str(), &f.label))
            .chain(self.evaluations.iter().map(|e| (e.id.as_str(), &e.label)));
        for (id, label) in labels {
            if label.chars().count() > MAX_TEXT {
                return Err(RuleSetError::TextTooLong { id: id.to_owned() });
            }
        }
        let mut named = std::collections::BTreeSet::new();
        for evaluation in &self.evaluations {
            for reason in &evaluation.reasons {
                if label_of(&self.deactivation_reasons, reason).is_none() {
                    return Err(RuleSetError::UnknownEvaluationReason {
                        evaluation: evaluation.id.as_str().to_owned(),
                        reason: reason.as_str().to_owned(),
                    });
                }
                if !named.insert(reason) {
                    return Err(RuleSetError::ReasonEvaluatedTwice {
                        reason: reason.as_str().to_owned(),
                    });
                }
            }
        }
        Ok(())
    }

    /// Every outcome a service or a decision maps to is in `contact_outcomes` (services in
    /// catalogue order first, then the decisions).
    fn validate_outcome_mappings(&self) -> Result<(), RuleSetError> {
        let services = self.services.iter().filter_map(|service| {
            let outcome = service.contact_outcome.as_ref()?;
            Some((OutcomeMapping::Service(service.id.clone()), outcome))
        });
        let decisions = &self.decision_outcomes;
        let decisions = [
            (OutcomeMapping::NotResponsible, &decisions.not_responsible),
            (OutcomeMapping::NoConsent, &decisions.no_consent),
            (OutcomeMapping::NoRule, &decisions.no_rule),
        ]
        .into_iter()
        .filter_map(|(mapping, outcome)| Some((mapping, outcome.as_ref()?)));
        for (mapping, outcome) in services.chain(decisions) {
            if label_of(&self.contact_outcomes, outcome).is_none() {
                return Err(RuleSetError::UnknownContactOutcome {
                    mapping,
                    outcome: outcome.as_str().to_owned(),
                });
            }
        }
        Ok(())
    }

    fn validate_version(&self, version: &RuleVersion) -> Result<(), RuleSetError> {
        let valid_from = version.valid_from;
        for date in std::iter::once(valid_from).chain(version.valid_until) {
            if !calendar::is_plausible_date(date) {
                return Err(RuleSetError::DateOutOfRange { date });
            }
        }
        if let Some(until) = version.valid_until {
            if until < valid_from {
                return Err(RuleSetError::EndsBeforeStart {
                    valid_from,
                    valid_until: until,
                });
            }
        }
        let Thresholds {
            min_life_areas,
            min_parties,
        } = version.thresholds;
        if min_life_areas == 0 || min_parties == 0 {
            return Err(RuleSetError::ZeroThreshold { valid_from });
        }
        let at_most = |threshold: u32, catalogue: usize| {
            usize::try_from(threshold).is_ok_and(|threshold| threshold <= catalogue)
        };
        if !at_most(min_life_areas, self.life_areas.len())
            || !at_most(min_parties, self.parties.len())
        {
            return Err(RuleSetError::UnreachableThreshold { valid_from });
        }
        let mut scoped = std::collections::BTreeSet::new();
        for rule in &version.scopes {
            if self.area(&rule.area).is_none() {
                return Err(RuleSetError::UnknownArea {
                    valid_from,
                    area: rule.area.as_str().to_owned(),
                });
            }
            if !scoped.insert(&rule.area) {
                return Err(RuleSetError::AreaScopedTwice {
                    valid_from,
                    area: rule.area.as_str().to_owned(),
                });
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for assignment in &version.assignments {
            if self.provider(&assignment.provider).is_none() {
                return Err(RuleSetError::UnknownProvider {
                    valid_from,
                    provider: assignment.provider.as_str().to_owned(),
                });
            }
            let Some(area) = self.area(&assignment.area) else {
                return Err(RuleSetError::UnknownArea {
                    valid_from,
                    area: assignment.area.as_str().to_owned(),
                });
            };
            if version.scope_of(area) != AreaScope::Municipality {
                return Err(RuleSetError::AreaOutsideMunicipality {
                    valid_from,
                    area: area.id.as_str().to_owned(),
                });
            }
            if !seen.insert(&assignment.area) {
                return Err(RuleSetError::AreaAssignedTwice {
                    valid_from,
                    area: area.id.as_str().to_owned(),
                });
            }
            if let Some(posts) = assignment
                .posts
                .filter(|p| !(p.is_finite() && (0.0..=MAX_POSTS).contains(p)))
            {
                return Err(RuleSetError::ImplausiblePosts {
                    valid_from,
                    area: area.id.as_str().to_owned(),
                    posts,
                });
            }
        }
        self.validate_posts_and_review(version)
    }

    /// The posts per provider (known providers, each once, not also given per area, finite
    /// and between 0 and [`MAX_POSTS`]) and the review (months in [`REVIEW_MONTHS`], a known
    /// reason) of a version.
    fn validate_posts_and_review(&self, version: &RuleVersion) -> Result<(), RuleSetError> {
        let valid_from = version.valid_from;
        let mut seen = std::collections::BTreeSet::new();
        for entry in &version.posts {
            let provider = entry.provider.as_str().to_owned();
            if self.provider(&entry.provider).is_none() {
                return Err(RuleSetError::UnknownProvider {
                    valid_from,
                    provider,
                });
            }
            let per_area = version
                .assignments
                .iter()
                .any(|a| a.provider == entry.provider && a.posts.is_some());
            if !seen.insert(&entry.provider) || per_area {
                return Err(RuleSetError::PostsGivenTwice {
                    valid_from,
                    provider,
                });
            }
            if !(entry.posts.is_finite() && (0.0..=MAX_POSTS).contains(&entry.posts)) {
                return Err(RuleSetError::ImplausibleProviderPosts {
                    valid_from,
                    provider,
                    posts: entry.posts,
                });
            }
        }
        if let Some(review) = &version.review {
            if !REVIEW_MONTHS.contains(&review.after_months) {
                return Err(RuleSetError::ImplausibleReviewMonths {
                    valid_from,
                    months: review.after_months,
                });
            }
            if label_of(&self.deactivation_reasons, &review.reason).is_none() {
                return Err(RuleSetError::UnknownReviewReason {
                    valid_from,
                    reason: review.reason.as_str().to_owned(),
                });
            }
        }
        Ok(())
    }

    /// The version in force on `date`, if any.
    pub fn version_on(&self, date: NaiveDate) -> Option<&RuleVersion> {
        self.versions
            .iter()
            .find(|v| v.valid_from <= date && v.valid_until.is_none_or(|until| date <= until))
    }

    /// The posts (*Stellen*) of `provider` over `version`: its entry in
    /// [`RuleVersion::posts`], else the sum of the posts of the areas assigned to it when each
    /// of them gives its posts; `None` when the version gives none (the report then shows
    /// "–" and divides by nothing).
    pub fn posts_of(&self, version: &RuleVersion, provider: &ProviderId) -> Option<f64> {
        if let Some(entry) = version.posts.iter().find(|p| &p.provider == provider) {
            return Some(entry.posts);
        }
        let mut areas = version
            .assignments
            .iter()
            .filter(|a| &a.provider == provider)
            .peekable();
        areas.peek()?;
        areas.try_fold(0.0, |sum, a| a.posts.map(|posts| sum + posts))
    }

    /// The posts of `provider` on `date` ([`RuleSet::posts_of`] the version in force).
    pub fn posts_on(&self, provider: &ProviderId, date: NaiveDate) -> Option<f64> {
        self.posts_of(self.version_on(date)?, provider)
    }

    /// The review rule in force on `date`, if the version in force has one.
    pub fn review_on(&self, date: NaiveDate) -> Option<&Review> {
        self.version_on(date)?.review.as_ref()
    }

    /// The evaluation a deactivation `reason` implies ([`Evaluation::reasons`]).
    pub fn implied_evaluation(&self, reason: &DeactivationReasonId) -> Option<&Evaluation> {
        self.evaluations.iter().find(|e| e.reasons.contains(reason))
    }

    /// The evaluation with this id.
    pub fn evaluation(&self, id: &EvaluationId) -> Option<&Evaluation> {
        self.evaluations.iter().find(|e| &e.id == id)
    }

    /// The session form's label, or its id when unknown.
    pub fn session_form_label(&self, id: &SessionFormId) -> String {
        label_or_id(&self.session_forms, id)
    }

    /// The evaluation's label, or its id when unknown.
    pub fn evaluation_label(&self, id: &EvaluationId) -> String {
        self.evaluation(id)
            .map_or_else(|| id.as_str().to_owned(), |e| e.label.clone())
    }

    /// The provider responsible for `area` on `date`.
    pub fn provider_for(
        &self,
        area: &AreaId,
        date: NaiveDate,
    ) -> Result<&Provider, AssignmentError> {
        let area = self.area(area).ok_or(AssignmentError::UnknownArea)?;
        let version = self.version_on(date);
        let scope = version.map_or(area.scope, |v| v.scope_of(area));
        if scope != AreaScope::Municipality {
            return Err(AssignmentError::OutsideMunicipality { scope });
        }
        let version = version.ok_or(AssignmentError::NoRuleOnDate { date })?;
        version
            .assignments
            .iter()
            .find(|a| a.area == area.id)
            .and_then(|a| self.provider(&a.provider))
            .ok_or_else(|| AssignmentError::NoAssignmentForArea {
                area: area.id.clone(),
                date,
            })
    }

    /// The first day since which the provider responsible for `area` on `date` has held it
    /// without a break: the start of the unbroken run of versions, ending with the one in force
    /// on `date`, that all give `area` to that provider. A version that gives the area to
    /// another provider, to none, or puts it outside the municipality ends the run, so a
    /// provider that held an area, lost it and got it back holds it since it got it back. A
    /// change of other areas, of posts or of thresholds does not end it. `None` when no
    /// provider is responsible on `date` ([`RuleSet::provider_for`] says why).
    ///
    /// Versions have no gaps ([`RuleSet::validate`] refuses them). Should a rule set in memory
    /// have one anyway, the gap ends the run too: no rule named anybody over it, so the
    /// provider did not hold the area without a break.
    pub fn assigned_since(&self, area: &AreaId, date: NaiveDate) -> Option<NaiveDate> {
        let provider = &self.provider_for(area, date).ok()?.id;
        let mut since = self.version_on(date)?.valid_from;
        // Each step moves to a version that starts before `since`, so this ends after at most
        // as many steps as there are versions.
        while let Some(day_before) = since.pred_opt() {
            let held = self
                .provider_for(area, day_before)
                .is_ok_and(|p| &p.id == provider);
            match self.version_on(day_before) {
                Some(version) if held => since = version.valid_from,
                _ => break,
            }
        }
        Some(since)
    }

    /// A copy with a new version from `version.valid_from`: the open-ended last version is
    /// closed the day before; the revision is raised; the result is validated.
    pub fn with_new_version(&self, version: RuleVersion) -> Result<RuleSet, RuleSetError> {
        if !calendar::is_plausible_date(version.valid_from) {
            return Err(RuleSetError::DateOutOfRange {
                date: version.valid_from,
            });
        }
        let mut next = self.clone();
        if let Some(last) = next.versions.last_mut() {
            if version.valid_from <= last.valid_from {
                return Err(RuleSetError::NewVersionTooEarly {
                    new_from: version.valid_from,
                    current_from: last.valid_from,
                });
            }
            if last
                .valid_until
                .is_none_or(|until| until >= version.valid_from)
            {
                let day_before = version.valid_from.pred_opt();
                last.valid_until = Some(day_before.ok_or(RuleSetError::DateOutOfRange {
                    date: version.valid_from,
                })?);
            }
        }
        next.versions.push(version);
        next.revision = self
            .revision
            .checked_add(1)
            .ok_or(RuleSetError::ImplausibleRevision {
                revision: self.revision,
            })?;
        next.validate()?;
        Ok(next)
    }

    /// The provider with this id.
    pub fn provider(&self, id: &ProviderId) -> Option<&Provider> {
        self.providers.iter().find(|p| &p.id == id)
    }

    /// The area with this id.
    pub fn area(&self, id: &AreaId) -> Option<&Area> {
        self.areas.iter().find(|a| &a.id == id)
    }

    /// The problem with this id.
    pub fn problem(&self, id: &ProblemId) -> Option<&Problem> {
        self.problems.iter().find(|p| &p.id == id)
    }

    /// The life area with this id.
    pub fn life_area(&self, id: &LifeAreaId) -> Option<&LifeArea> {
        self.life_areas.iter().find(|l| &l.id == id)
    }

    /// The party with this id.
    pub fn party(&self, id: &PartyId) -> Option<&Party> {
        self.parties.iter().find(|p| &p.id == id)
    }

    /// The counselling service with this id.
    pub fn service(&self, id: &ServiceId) -> Option<&Service> {
        self.services.iter().find(|s| &s.id == id)
    }

    /// The way in with this id.
    pub fn way_in(&self, id: &WayInId) -> Option<&WayIn> {
        self.ways_in.iter().find(|w| &w.id == id)
    }

    /// The provider's full name, or its id when the rule set does not know it (for display).
    pub fn provider_name(&self, id: &ProviderId) -> String {
        self.provider(id)
            .map_or_else(|| id.as_str().to_owned(), |p| p.name.clone())
    }

    /// The provider's short name, or its id when unknown (for tables).
    pub fn provider_short_name(&self, id: &ProviderId) -> String {
        self.provider(id)
            .map_or_else(|| id.as_str().to_owned(), |p| p.short_name.clone())
    }

    /// The area's label, or its id when unknown.
    pub fn area_label(&self, id: &AreaId) -> String {
        self.area(id)
            .map_or_else(|| id.as_str().to_owned(), |a| a.label.clone())
    }

    /// The service's label, or its id when unknown.
    pub fn service_label(&self, id: &ServiceId) -> String {
        self.service(id)
            .map_or_else(|| id.as_str().to_owned(), |s| s.label.clone())
    }

    /// The areas served by the municipality's case management under at least one version (a
    /// town that got its own KIM still has the cases admitted before).
    pub fn municipality_areas(&self) -> impl Iterator<Item = &Area> {
        self.areas.iter().filter(|area| {
            self.versions
                .iter()
                .any(|v| v.scope_of(area) == AreaScope::Municipality)
        })
    }

    /// The areas served by the municipality's case management on `date` (by the area's own
    /// scope when no version is in force).
    pub fn areas_served_on(&self, date: NaiveDate) -> impl Iterator<Item = &Area> {
        let version = self.version_on(date);
        self.areas.iter().filter(move |area| {
            version.map_or(area.scope, |v| v.scope_of(area)) == AreaScope::Municipality
        })
    }

    /// The rule set of a device on which none was chosen yet: no municipality, no catalogue,
    /// no version. It never validates; the app asks for a rule set while it holds this one.
    pub fn none() -> RuleSet {
        RuleSet {
            municipality: String::new(),
            revision: 0,
            providers: Vec::new(),
            areas: Vec::new(),
            life_areas: Vec::new(),
            problems: Vec::new(),
            parties: Vec::new(),
            services: Vec::new(),
            ways_in: Vec::new(),
            contact_outcomes: Vec::new(),
            decision_outcomes: DecisionOutcomes::default(),
            override_reasons: Vec::new(),
            deactivation_reasons: Vec::new(),
            districts: Vec::new(),
            offers: Vec::new(),
            age_bands: Vec::new(),
            visit_way_in: None,
            session_forms: Vec::new(),
            evaluations: Vec::new(),
            versions: Vec::new(),
            publication_threshold: DEFAULT_PUBLICATION_THRESHOLD,
        }
    }

    /// Whether no rule set was chosen yet ([`RuleSet::none`]): no version, so no rule could
    /// decide anything (every valid rule set has one).
    pub fn is_none(&self) -> bool {
        self.versions.is_empty()
    }

    /// This rule set without what issue 28 added (session forms, evaluations, posts per
    /// provider, reviews): how a release before it held the same rules. A stored rule set
    /// that equals the built-in one so reduced is the built-in one of that release.
    pub fn without_case_work(&self) -> RuleSet {
        let mut rules = self.clone();
        rules.session_forms.clear();
        rules.evaluations.clear();
        for version in &mut rules.versions {
            version.posts.clear();
            version.review = None;
        }
        rules
    }

    /// The first day of every version.
    pub fn version_starts(&self) -> Vec<NaiveDate> {
        self.versions.iter().map(|v| v.valid_from).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_publication_threshold_defaults_to_3_and_stays_in_its_range() {
        let rules = RuleSet::default_rheine();
        assert_eq!(rules.publication_threshold, DEFAULT_PUBLICATION_THRESHOLD);
        assert!(!serde_json::to_string(&rules)
            .unwrap()
            .contains("publication_threshold"));
        for (threshold, ok) in [(2, false), (3, true), (5, true), (20, true), (21, false)] {
            let rules = RuleSet {
                publication_threshold: threshold,
                ..RuleSet::default_rheine()
            };
            assert_eq!(
                rules.validate().is_ok(),
                ok,
                "threshold {threshold}: {:?}",
                rules.validate()
            );
        }
    }

    #[test]
    fn default_rule_set_is_valid_and_round_trips() {
        let rules = RuleSet::default_rheine();
        assert_eq!(RuleSet::from_json(&rules.to_json()).unwrap(), rules);
    }

    #[test]
    fn provider_follows_area_and_date_boundaries() {
        let rules = RuleSet::default_rheine();
        let links = AreaId::new("links");
        let rechts = AreaId::new("rechts");
        let name = |area: &AreaId, date| rules.provider_for(area, date).map(|p| p.id.as_str());
        assert_eq!(
            name(&links, d(2021, 8, 31)),
            Err(AssignmentError::NoRuleOnDate {
                date: d(2021, 8, 31)
            })
        );
        assert_eq!(name(&links, d(2021, 9, 1)), Ok("lernen-foerdern"));
        assert_eq!(name(&links, d(2022, 6, 30)), Ok("lernen-foerdern"));
        assert_eq!(name(&rechts, d(2022, 6, 30)), Ok("lernen-foerdern"));
        assert_eq!(name(&links, d(2022, 7, 1)), Ok("caritas"));
        assert_eq!(name(&rechts, d(2022, 7, 1)), Ok("lernen-foerdern"));
        assert!(matches!(
            name(&AreaId::new("kreis"), d(2023, 1, 1)),
            Err(AssignmentError::OutsideMunicipality { .. })
        ));
    }

    #[test]
    fn a_provider_holds_an_area_since_its_run_of_versions_began_and_a_gap_ends_the_run() {
        let rules = RuleSet::default_rheine();
        let since =
            |rules: &RuleSet, area: &str, date| rules.assigned_since(&AreaId::new(area), date);
        // Right of the Ems: Lernen fördern under both versions; left: Caritas from 01.07.2022.
        assert_eq!(since(&rules, "rechts", d(2023, 1, 1)), Some(d(2021, 9, 1)));
        assert_eq!(since(&rules, "links", d(2023, 1, 1)), Some(d(2022, 7, 1)));
        assert_eq!(since(&rules, "links", d(2022, 6, 30)), Some(d(2021, 9, 1)));
        assert_eq!(since(&rules, "links", d(2021, 8, 31)), None);
        assert_eq!(since(&rules, "kreis", d(2023, 1, 1)), None);
        // A gap cannot pass validation; in memory it ends the run (nobody held the area then).
        let mut gap = rules.clone();
        gap.versions[1].valid_from = d(2022, 8, 1);
        assert!(matches!(gap.validate(), Err(RuleSetError::Gap { .. })));
        assert_eq!(since(&gap, "rechts", d(2023, 1, 1)), Some(d(2022, 8, 1)));
        assert_eq!(since(&gap, "rechts", d(2022, 7, 15)), None);
    }

    #[test]
    fn new_version_closes_the_previous_one() {
        let rules = RuleSet::default_rheine();
        let version = RuleVersion {
            valid_from: d(2024, 1, 1),
            valid_until: None,
            assignments: vec![Assignment {
                area: AreaId::new("links"),
                provider: ProviderId::new("lernen-foerdern"),
                posts: None,
            }],
            thresholds: Thresholds {
                min_life_areas: 3,
                min_parties: 2,
            },
            scopes: Vec::new(),
            posts: Vec::new(),
            review: None,
        };
        let next = rules.with_new_version(version.clone()).unwrap();
        assert_eq!(next.revision, rules.revision + 1);
        assert_eq!(next.versions[1].valid_until, Some(d(2023, 12, 31)));
        assert!(matches!(
            next.provider_for(&AreaId::new("rechts"), d(2024, 1, 1)),
            Err(AssignmentError::NoAssignmentForArea { .. })
        ));
        let too_early = RuleVersion {
            valid_from: d(2022, 1, 1),
            ..version
        };
        assert!(matches!(
            rules.with_new_version(too_early),
            Err(RuleSetError::NewVersionTooEarly { .. })
        ));
    }

    #[test]
    fn broken_rule_sets_are_refused() {
        let base = RuleSet::default_rheine();
        let mut gap = base.clone();
        gap.versions[1].valid_from = d(2022, 7, 5);
        assert!(matches!(gap.validate(), Err(RuleSetError::Gap { .. })));
        let mut overlap = base.clone();
        overlap.versions[1].valid_from = d(2022, 6, 1);
        assert!(matches!(
            overlap.validate(),
            Err(RuleSetError::Overlap { .. })
        ));
        let mut unknown = base.clone();
        unknown.versions[0].assignments[0].provider = ProviderId::new("nobody");
        assert!(matches!(
            unknown.validate(),
            Err(RuleSetError::UnknownProvider { .. })
        ));
        let mut outside = base.clone();
        outside.versions[0].assignments[0].area = AreaId::new("kreis");
        assert!(matches!(
            outside.validate(),
            Err(RuleSetError::AreaOutsideMunicipality { .. })
        ));
        let mut twice = base.clone();
        twice.versions[0].assignments[1].area = AreaId::new("links");
        assert!(matches!(
            twice.validate(),
            Err(RuleSetError::AreaAssignedTwice { .. })
        ));
        let mut duplicate = base.clone();
        duplicate.providers.push(duplicate.providers[0].clone());
        assert!(matches!(
            duplicate.validate(),
            Err(RuleSetError::DuplicateId { .. })
        ));
        let mut open = base.clone();
        open.versions[0].valid_until = None;
        assert!(matches!(
            open.validate(),
            Err(RuleSetError::OpenEndedNotLast { .. })
        ));
        let mut zero = base.clone();
        zero.versions[0].thresholds.min_parties = 0;
        assert!(matches!(
            zero.validate(),
            Err(RuleSetError::ZeroThreshold { .. })
        ));
        let mut way_in = base.clone();
        way_in.visit_way_in = Some(WayInId::new("nowhere"));
        assert_eq!(
            way_in.validate(),
            Err(RuleSetError::UnknownVisitWayIn("nowhere".into()))
        );
        assert!(matches!(
            RuleSet::from_json("{"),
            Err(RuleSetError::Malformed(_))
        ));
    }

    #[test]
    fn a_mapping_to_an_unknown_contact_outcome_is_refused() {
        let base = RuleSet::default_rheine();
        let mut service = base.clone();
        service.services[2].contact_outcome = Some(OutcomeId::new("nowhere"));
        assert_eq!(
            service.validate(),
            Err(RuleSetError::UnknownContactOutcome {
                mapping: OutcomeMapping::Service(ServiceId::new("jmd")),
                outcome: "nowhere".into(),
            })
        );
        let nowhere = || Some(OutcomeId::new("nowhere"));
        let decisions = [
            (
                OutcomeMapping::NotResponsible,
                DecisionOutcomes {
                    not_responsible: nowhere(),
                    ..base.decision_outcomes.clone()
                },
            ),
            (
                OutcomeMapping::NoConsent,
                DecisionOutcomes {
                    no_consent: nowhere(),
                    ..base.decision_outcomes.clone()
                },
            ),
            (
                OutcomeMapping::NoRule,
                DecisionOutcomes {
                    no_rule: nowhere(),
                    ..base.decision_outcomes.clone()
                },
            ),
        ];
        for (mapping, decision_outcomes) in decisions {
            let rules = RuleSet {
                decision_outcomes,
                ..base.clone()
            };
            assert_eq!(
                rules.validate(),
                Err(RuleSetError::UnknownContactOutcome {
                    mapping,
                    outcome: "nowhere".into(),
                })
            );
        }
        // An outcome dropped from the catalogue while a service still maps to it.
        let mut dropped = base.clone();
        dropped
            .contact_outcomes
            .retain(|o| o.id.as_str() != "specialised");
        assert!(matches!(
            dropped.validate(),
            Err(RuleSetError::UnknownContactOutcome { .. })
        ));
        // No mapping at all is valid: the intake page then asks.
        let mut unmapped = base.clone();
        unmapped.decision_outcomes = DecisionOutcomes::default();
        for service in &mut unmapped.services {
            service.contact_outcome = None;
        }
        assert_eq!(unmapped.validate(), Ok(()));
    }

    #[test]
    fn a_rule_set_written_before_the_outcome_mapping_still_loads() {
        let mut old: serde_json::Value =
            serde_json::from_str(include_str!("default_rules.json")).unwrap();
        let file = old.as_object_mut().unwrap();
        file.remove("decision_outcomes");
        for service in file["services"].as_array_mut().unwrap() {
            service.as_object_mut().unwrap().remove("contact_outcome");
        }
        let rules = RuleSet::from_json(&old.to_string()).unwrap();
        assert!(rules.decision_outcomes.is_empty());
        assert!(rules.services.iter().all(|s| s.contact_outcome.is_none()));
        // Written back, it has no empty mapping fields either.
        let written = rules.to_json();
        assert!(!written.contains("decision_outcomes"));
        assert!(!written.contains("contact_outcome\""));
        assert_eq!(RuleSet::from_json(&written), Ok(rules));
    }

    /// The default rule set's file with the first version ending on `until` (its text).
    fn first_version_ending(until: &str) -> String {
        let text = include_str!("default_rules.json");
        let end = r#""valid_until": "2022-06-30""#;
        assert!(
            text.contains(end),
            "the default rule set's first version ends 30.06.2022"
        );
        text.replace(end, &format!(r#""valid_until": "{until}""#))
    }

    #[test]
    fn a_version_ending_on_chrono_s_last_date_is_refused_not_a_panic() {
        // The day after +262142-12-31 does not exist; the overlap check asked for it.
        assert_eq!(
            RuleSet::from_json(&first_version_ending("+262142-12-31")),
            Err(RuleSetError::DateOutOfRange {
                date: NaiveDate::MAX
            })
        );
        let mut in_memory = RuleSet::default_rheine();
        in_memory.versions[0].valid_until = Some(NaiveDate::MAX);
        assert_eq!(
            in_memory.validate(),
            Err(RuleSetError::DateOutOfRange {
                date: NaiveDate::MAX
            })
        );
    }

    #[test]
    fn version_dates_outside_the_calendar_span_are_refused() {
        for until in ["9999-12-31", "2101-01-01"] {
            assert!(matches!(
                RuleSet::from_json(&first_version_ending(until)),
                Err(RuleSetError::DateOutOfRange { .. })
            ));
        }
        let base = RuleSet::default_rheine();
        for date in [
            NaiveDate::MIN,
            d(0, 1, 1),
            d(calendar::FIRST_YEAR - 1, 12, 31),
        ] {
            let mut early = base.clone();
            early.versions[0].valid_from = date;
            assert_eq!(early.validate(), Err(RuleSetError::DateOutOfRange { date }));
        }
        let mut open_far = base.clone();
        open_far.versions[1].valid_from = d(calendar::LAST_YEAR + 1, 1, 1);
        open_far.versions[0].valid_until = d(calendar::LAST_YEAR, 12, 31).into();
        assert!(matches!(
            open_far.validate(),
            Err(RuleSetError::DateOutOfRange { .. })
        ));
        let mut edges = base.clone();
        edges.versions[0].valid_from = d(calendar::FIRST_YEAR, 1, 1);
        assert_eq!(edges.validate(), Ok(()));
    }

    fn version_from(valid_from: NaiveDate) -> RuleVersion {
        RuleVersion {
            valid_from,
            valid_until: None,
            assignments: vec![],
            thresholds: Thresholds {
                min_life_areas: 2,
                min_parties: 2,
            },
            scopes: Vec::new(),
            posts: Vec::new(),
            review: None,
        }
    }

    #[test]
    fn a_new_version_neither_overflows_the_revision_nor_leaves_the_calendar() {
        let mut at_limit = RuleSet::default_rheine();
        at_limit.revision = u32::MAX;
        assert_eq!(
            at_limit.with_new_version(version_from(d(2024, 1, 1))),
            Err(RuleSetError::ImplausibleRevision { revision: u32::MAX })
        );
        let mut at_bound = RuleSet::default_rheine();
        at_bound.revision = MAX_REVISION;
        assert_eq!(
            at_bound.with_new_version(version_from(d(2024, 1, 1))),
            Err(RuleSetError::ImplausibleRevision {
                revision: MAX_REVISION + 1
            })
        );
        let rules = RuleSet::default_rheine();
        assert_eq!(
            rules.with_new_version(version_from(NaiveDate::MAX)),
            Err(RuleSetError::DateOutOfRange {
                date: NaiveDate::MAX
            })
        );
        assert!(rules.with_new_version(version_from(d(2024, 1, 1))).is_ok());
    }

    #[test]
    fn implausible_numbers_are_refused() {
        let base = RuleSet::default_rheine();
        let mut revision = base.clone();
        revision.revision = MAX_REVISION + 1;
        assert_eq!(
            revision.validate(),
            Err(RuleSetError::ImplausibleRevision {
                revision: MAX_REVISION + 1
            })
        );
        revision.revision = MAX_REVISION;
        assert_eq!(revision.validate(), Ok(()));

        let unreachable = |change: fn(&mut Thresholds, &RuleSet)| {
            let mut rules = base.clone();
            let mut thresholds = rules.versions[1].thresholds;
            change(&mut thresholds, &base);
            rules.versions[1].thresholds = thresholds;
            rules.validate()
        };
        let expected = Err(RuleSetError::UnreachableThreshold {
            valid_from: base.versions[1].valid_from,
        });
        assert_eq!(unreachable(|t, _| t.min_life_areas = u32::MAX), expected);
        assert_eq!(unreachable(|t, _| t.min_parties = u32::MAX), expected);
        assert_eq!(
            unreachable(|t, r| t.min_parties = r.parties.len() as u32 + 1),
            expected
        );
        assert_eq!(
            unreachable(|t, r| t.min_life_areas = r.life_areas.len() as u32),
            Ok(())
        );

        for posts in [-0.5, MAX_POSTS + 0.5, 1e308, f64::INFINITY, f64::NAN] {
            let mut rules = base.clone();
            rules.versions[1].assignments[0].posts = Some(posts);
            assert!(
                matches!(
                    rules.validate(),
                    Err(RuleSetError::ImplausiblePosts { posts: p, .. })
                        if p.to_bits() == posts.to_bits()
                ),
                "{posts}"
            );
        }
        let mut edge = base.clone();
        edge.versions[1].assignments[0].posts = Some(MAX_POSTS);
        edge.versions[1].assignments[1].posts = Some(0.0);
        assert_eq!(edge.validate(), Ok(()));
    }
}
