//! The export file, its import, and the merge of several laptops' data.
//!
//! There is no server: files carry the data. An export is one versioned JSON document
//! ([`ExportFile`]). An import is all or nothing: [`parse_import`] reads and checks the whole
//! file, [`preview`] computes the complete resulting [`Dataset`] and what it adds or changes,
//! and nothing is stored until the caller stores [`ImportPreview::data`]. Both are pure
//! functions, so a refused file changes nothing.
//!
//! # The file format (version 1)
//!
//! One UTF-8 JSON object (a leading byte-order mark is ignored), at most [`MAX_IMPORT_BYTES`]
//! long:
//! - `format`: always `"kim-rheine-export"` ([`FORMAT`]); anything else is a foreign file;
//! - `format_version`: a whole number from 1 to [`CURRENT_FORMAT_VERSION`];
//! - `exported_at` (RFC 3339) and `device` (the random id of the exporting browser profile):
//!   informational, not checked;
//! - `data`: a [`Dataset`]: `rules` (required), `cases`, `contacts`, `visits`, `yearly` (a
//!   missing list is an empty one). [`export`] writes every list sorted ([`canonical`]).
//!
//! # What an import refuses
//!
//! [`parse_import`] checks in this order and reports the first failure, so the message for a
//! given file is stable:
//! 1. more than [`MAX_IMPORT_BYTES`] bytes: [`ImportError::TooLarge`], before any parsing
//!    ([`check_import_size`] lets the UI refuse a file before even reading it);
//! 2. not JSON: [`ImportError::Malformed`];
//! 3. JSON, but not an object whose `format` is our marker (e.g. a rule-set file picked by
//!    mistake): [`ImportError::Foreign`];
//! 4. `format_version` above [`CURRENT_FORMAT_VERSION`]: [`ImportError::NewerFormat`];
//!    missing or not a positive whole number: [`ImportError::Malformed`];
//! 5. the typed file cannot be read (a field missing or of the wrong type):
//!    [`ImportError::Malformed`];
//! 6. the file's rule set fails [`RuleSet::validate`]: [`ImportError::InvalidRules`];
//! 7. a record that cannot be right ([`validate_records`], [`RecordError`]):
//!    - a case code that is not `XXXX-XXXX` in Crockford's base 32 as the app writes it, or
//!      that appears twice;
//!    - a case event outside the bounds of [`CaseEvent::check_bounds`] (a date outside the
//!      years of [`calendar`](crate::domain::calendar), an implausible `recorded_at`);
//!    - a case history with no or two admissions, an event dated or ordered before the
//!      admission (the admission must be the first effective event), two events with one id,
//!      or a correction that voids the admission or an event the case does not have
//!      (reported with the case module's own [`CaseError`]);
//!    - a case event naming an id the file's own rule set does not know (area, provider,
//!      problems, parties, way in and override reason of the admission; provider of a
//!      handover; reason of a deactivation);
//!    - two short contacts or two welcome visits with one id, or one the contact or visit
//!      checks of [`contacts::validate_new`] / [`visits::validate`] refuse (unknown provider,
//!      outcome, district, offer or age band; no or implausibly many children; a month or date
//!      outside the calendar span; an implausible `recorded_at`);
//!    - two yearly figures for one year, or figures [`yearly::validate_imported`] refuses
//!      (a year outside the calendar span, an implausible count or number of posts).
//!
//! The bounds of every number and date live in the module that owns the record; this module
//! only calls them.
//!
//! Steps 3 and 4 look only at the two header fields, read as generic JSON values before the
//! typed file, so a foreign file is called foreign and a newer file newer, not malformed. The
//! header pass skips the rest of the document without building it in memory.
//!
//! Dates are not compared with today. The domain has no clock, and a colleague's laptop whose
//! clock runs a day ahead must not make its export unimportable; the entry forms already refuse
//! future dates, and the reports are as-of, so a record dated later than today only counts from
//! its date on. The contact and visit checks are therefore called with [`NaiveDate::MAX`] as
//! "today". The full fold of a case history is not required to succeed either: a merge of two
//! laptops may legitimately hold, say, two deactivations recorded independently, and the
//! reports count such histories (see [`Case::status_on`]).
//!
//! # Merging
//!
//! Merging is a set union, which is what makes it safe and repeatable:
//! - cases are matched by code; the same case on two laptops (e.g. after a handover) becomes
//!   one case whose history is the union of both histories by event id;
//! - two cases with the same code but different admissions are two different people: the merge
//!   is refused ([`MergeError::CodeCollision`]) rather than join them;
//! - contacts and visits are matched by id; "voided" wins;
//! - yearly figures are matched by year; a present figure wins over a missing one; two
//!   different present figures: the record with the lexicographically larger JSON wins, so the
//!   result does not depend on the order of the merge;
//! - the rule set with the higher revision wins; on a tie the larger JSON wins (again
//!   order-independent).
//!
//! The result is canonical (sorted), so merging is idempotent and order-independent: importing
//! the same file twice changes nothing the second time ([`ImportPreview::changes_nothing`]).
//!
//! [`preview`] also refuses an import whose result would hold records its rule set cannot
//! explain while the data before it could ([`MergeError::Inconsistent`]), so an import never
//! turns a laptop's data into something its own export could not bring back.

use crate::domain::case::{Case, CaseError, CaseEvent, EventKind};
use crate::domain::contacts::{self, ContactError};
use crate::domain::ids::*;
use crate::domain::rules::{label_of, RuleSet, RuleSetError};
use crate::domain::visits::{self, VisitError};
use crate::domain::yearly::{self, YearlyError, YearlyFigures};
use crate::domain::Dataset;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::hash::Hash;

/// The marker of an export file of this app.
pub const FORMAT: &str = "kim-rheine-export";
/// The export format version this build writes and reads.
pub const CURRENT_FORMAT_VERSION: u32 = 1;
/// The largest file an import reads: 64 MiB. The register at its target scale (20,000 cases,
/// about 100,000 events) exports to about 32 MB, so this leaves twice that as headroom while
/// refusing a file that would exhaust the browser's memory (checked by `tests/exchange_import.rs`).
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// An export file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    pub format: String,
    pub format_version: u32,
    /// RFC 3339 time of the export (from the caller).
    pub exported_at: String,
    /// The random id of the exporting browser profile.
    pub device: String,
    pub data: Dataset,
}

/// Serialises everything as an export file: compact JSON on one line (a 20,000-case export is
/// large enough without indentation; any JSON viewer formats it).
pub fn export(data: &Dataset, exported_at: &str, device: &str) -> String {
    let file = ExportFile {
        format: FORMAT.to_owned(),
        format_version: CURRENT_FORMAT_VERSION,
        exported_at: exported_at.to_owned(),
        device: device.to_owned(),
        data: canonical(data),
    };
    serde_json::to_string(&file).expect("an export always serialises")
}

// ---------------------------------------------------------------------------------------------
// Import: reading and checking a file
// ---------------------------------------------------------------------------------------------

/// Why a file is refused. Nothing has changed when one of these is returned.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ImportError {
    /// The file is larger than [`MAX_IMPORT_BYTES`]; checked before parsing.
    #[error("the file has {bytes} bytes, more than the limit of {limit}")]
    TooLarge { bytes: u64, limit: u64 },
    /// Not JSON, or an export file with a field missing or of the wrong type; the text is the
    /// parser's (English) detail, for logs rather than for users.
    #[error("malformed export file: {0}")]
    Malformed(String),
    /// JSON, but not an export file of this app (e.g. a rule-set file or another program's).
    #[error("not an export file of this app")]
    Foreign,
    /// Written by a newer version of the app, in a format this version cannot read.
    #[error("export format version {found} is newer than the supported version {supported}")]
    NewerFormat { found: u64, supported: u32 },
    /// The file's rule set is invalid.
    #[error("the file's rule set is invalid: {0}")]
    InvalidRules(RuleSetError),
    /// A record of the file cannot be right.
    #[error("invalid record: {0}")]
    InvalidRecord(RecordError),
}

/// A catalogue of the rule set a record refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Catalogue {
    /// *Träger*.
    Providers,
    /// *Regionalbereiche*.
    Areas,
    /// *Problemlagen*.
    Problems,
    /// *Beteiligte*.
    Parties,
    /// *Zugangswege*.
    WaysIn,
    /// Reasons for admitting against the suggestion.
    OverrideReasons,
    /// Reasons for deactivating a case.
    DeactivationReasons,
}

/// A record that cannot be right; the first one found, in the order cases, contacts, visits,
/// yearly figures.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RecordError {
    /// A case code is not of the form the app writes (`XXXX-XXXX`, Crockford's base 32).
    #[error("case code {0} is not well-formed")]
    MalformedCaseCode(CaseCode),
    /// Two cases have the same code.
    #[error("case code {0} appears twice")]
    DuplicateCaseCode(CaseCode),
    /// A case history cannot be right: `DateOutOfRange` or `RecordedAtOutOfRange` (an event
    /// outside [`CaseEvent::check_bounds`]), `NoAdmission`, `SecondAdmission`,
    /// `BeforeAdmission` (an effective event ordered before the admission), `DuplicateId`,
    /// `UnknownTarget` or `CannotVoidAdmission`.
    #[error("case {code}: {error}")]
    Case { code: CaseCode, error: CaseError },
    /// A case event names an id the rule set does not know.
    #[error("case {code} names {id}, unknown in {catalogue:?}")]
    UnknownReference {
        code: CaseCode,
        catalogue: Catalogue,
        id: String,
    },
    /// Two short contacts have the same id.
    #[error("short contact {0} appears twice")]
    DuplicateContactId(RecordId),
    /// A short contact the contact checks refuse (unknown provider or outcome).
    #[error("short contact {id}: {error}")]
    Contact { id: RecordId, error: ContactError },
    /// Two welcome visits have the same id.
    #[error("welcome visit {0} appears twice")]
    DuplicateVisitId(RecordId),
    /// A welcome visit the visit checks refuse (unknown district, offer or age band; no or
    /// too many children).
    #[error("welcome visit {id}: {error}")]
    Visit { id: RecordId, error: VisitError },
    /// Two yearly figures for the same year.
    #[error("yearly figures for {0} appear twice")]
    DuplicateYear(i32),
    /// Yearly figures [`yearly::validate_imported`] refuses (year, count or posts).
    #[error("yearly figures for {year}: {error}")]
    Yearly { year: i32, error: YearlyError },
}

/// Refuses a file of `bytes` bytes when it is larger than [`MAX_IMPORT_BYTES`]; the UI calls
/// this with the file's size before reading it.
pub fn check_import_size(bytes: u64) -> Result<(), ImportError> {
    let limit = MAX_IMPORT_BYTES as u64;
    if bytes > limit {
        return Err(ImportError::TooLarge { bytes, limit });
    }
    Ok(())
}

/// Reads and checks an export file; see the module documentation for what is refused and in
/// which order. The returned file's data is complete and consistent; pass it to [`preview`].
pub fn parse_import(text: &str) -> Result<ExportFile, ImportError> {
    check_import_size(text.len() as u64)?;
    // An editor on Windows may have saved the file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_header(text)?;
    let file: ExportFile =
        serde_json::from_str(text).map_err(|e| ImportError::Malformed(e.to_string()))?;
    file.data
        .rules
        .validate()
        .map_err(ImportError::InvalidRules)?;
    validate_records(&file.data).map_err(ImportError::InvalidRecord)?;
    Ok(file)
}

/// The two fields that say what a file is, as generic JSON values; every other field is
/// skipped without being built.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<serde_json::Value>,
    #[serde(default)]
    format_version: Option<serde_json::Value>,
}

/// Steps 2–4 of the module documentation: JSON at all, our marker, a version we can read.
fn check_header(text: &str) -> Result<(), ImportError> {
    if !text.trim_start().starts_with('{') {
        // Not an object: foreign when it is JSON at all (an array, a number, …).
        return Err(match serde_json::from_str::<serde::de::IgnoredAny>(text) {
            Ok(_) => ImportError::Foreign,
            Err(e) => ImportError::Malformed(e.to_string()),
        });
    }
    let header: Header =
        serde_json::from_str(text).map_err(|e| ImportError::Malformed(e.to_string()))?;
    if header.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(ImportError::Foreign);
    }
    let found = header
        .format_version
        .as_ref()
        .and_then(|v| v.as_u64())
        .filter(|&v| v >= 1)
        .ok_or_else(|| {
            ImportError::Malformed("format_version is not a positive whole number".into())
        })?;
    if found > u64::from(CURRENT_FORMAT_VERSION) {
        return Err(ImportError::NewerFormat {
            found,
            supported: CURRENT_FORMAT_VERSION,
        });
    }
    Ok(())
}

/// Checks that every record of `data` can be right under `data.rules` (the rule set itself is
/// checked by [`RuleSet::validate`]). Also useful before accepting a new rule set: the records
/// must stay explainable by it.
pub fn validate_records(data: &Dataset) -> Result<(), RecordError> {
    check_cases(&data.cases, &data.rules)?;
    check_contacts(&data.contacts, &data.rules)?;
    check_visits(&data.visits, &data.rules)?;
    check_yearly(&data.yearly)
}

/// "Today" for the reused contact and visit checks: no date counts as in the future (see the
/// module documentation).
const NO_DATE_LIMIT: NaiveDate = NaiveDate::MAX;

/// The first item that appears a second time.
fn first_duplicate<'a, T: Eq + Hash + 'a>(items: impl IntoIterator<Item = &'a T>) -> Option<&'a T> {
    let mut seen = HashSet::new();
    items.into_iter().find(|item| !seen.insert(*item))
}

fn check_cases(cases: &[Case], rules: &RuleSet) -> Result<(), RecordError> {
    for case in cases {
        if CaseCode::parse(case.code.as_str()).as_ref() != Some(&case.code) {
            return Err(RecordError::MalformedCaseCode(case.code.clone()));
        }
    }
    if let Some(code) = first_duplicate(cases.iter().map(|c| &c.code)) {
        return Err(RecordError::DuplicateCaseCode(code.clone()));
    }
    for case in cases {
        check_case_history(case).map_err(|error| RecordError::Case {
            code: case.code.clone(),
            error,
        })?;
        if let Some((catalogue, id)) = case
            .events
            .iter()
            .find_map(|e| unknown_reference(&e.kind, rules))
        {
            return Err(RecordError::UnknownReference {
                code: case.code.clone(),
                catalogue,
                id,
            });
        }
    }
    Ok(())
}

/// The structural rules of a history that hold however it was recorded or merged: every
/// event within [`CaseEvent::check_bounds`], unique event ids, exactly one admission, which is not voided and is the first effective event,
/// and corrections that void events of this case.
fn check_case_history(case: &Case) -> Result<(), CaseError> {
    case.events.iter().try_for_each(CaseEvent::check_bounds)?;
    if let Some(id) = first_duplicate(case.events.iter().map(|e| &e.id)) {
        return Err(CaseError::DuplicateId(id.clone()));
    }
    let admission = single_admission(case)?;
    let ids: HashSet<&RecordId> = case.events.iter().map(|e| &e.id).collect();
    for event in &case.events {
        if let EventKind::Voided { target } = &event.kind {
            if *target == admission.id {
                return Err(CaseError::CannotVoidAdmission);
            }
            if !ids.contains(target) {
                return Err(CaseError::UnknownTarget(target.clone()));
            }
        }
    }
    let voided = case.voided_ids();
    let first_effective = case.ordered_events().into_iter().find(|e| {
        !voided.contains(&e.id) && !matches!(e.kind, EventKind::Voided { .. } | EventKind::Deleted)
    });
    match first_effective {
        Some(first) if first.id != admission.id => Err(CaseError::BeforeAdmission {
            date: first.date,
            admitted_on: admission.date,
        }),
        _ => Ok(()),
    }
}

/// The one admission event of a case.
fn single_admission(case: &Case) -> Result<&CaseEvent, CaseError> {
    let mut admissions = case
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Admitted(_)));
    let first = admissions.next().ok_or(CaseError::NoAdmission)?;
    match admissions.next() {
        Some(_) => Err(CaseError::SecondAdmission),
        None => Ok(first),
    }
}

/// The first id an event names that `rules` does not know.
fn unknown_reference(kind: &EventKind, rules: &RuleSet) -> Option<(Catalogue, String)> {
    let unknown =
        |catalogue: Catalogue, id: &str, known: bool| (!known).then(|| (catalogue, id.to_owned()));
    match kind {
        EventKind::Admitted(a) => unknown(
            Catalogue::Areas,
            a.area.as_str(),
            rules.area(&a.area).is_some(),
        )
        .or_else(|| {
            unknown(
                Catalogue::Providers,
                a.provider.as_str(),
                rules.provider(&a.provider).is_some(),
            )
        })
        .or_else(|| {
            a.problems
                .iter()
                .find_map(|p| unknown(Catalogue::Problems, p.as_str(), rules.problem(p).is_some()))
        })
        .or_else(|| {
            a.parties
                .iter()
                .find_map(|p| unknown(Catalogue::Parties, p.as_str(), rules.party(p).is_some()))
        })
        .or_else(|| {
            unknown(
                Catalogue::WaysIn,
                a.way_in.as_str(),
                rules.way_in(&a.way_in).is_some(),
            )
        })
        .or_else(|| {
            a.against_suggestion.as_ref().and_then(|r| {
                unknown(
                    Catalogue::OverrideReasons,
                    r.as_str(),
                    label_of(&rules.override_reasons, r).is_some(),
                )
            })
        }),
        EventKind::Deactivated { reason } => unknown(
            Catalogue::DeactivationReasons,
            reason.as_str(),
            label_of(&rules.deactivation_reasons, reason).is_some(),
        ),
        EventKind::HandedOver { to } => unknown(
            Catalogue::Providers,
            to.as_str(),
            rules.provider(to).is_some(),
        ),
        EventKind::Reactivated | EventKind::Voided { .. } | EventKind::Deleted => None,
    }
}

fn check_contacts(list: &[contacts::ShortContact], rules: &RuleSet) -> Result<(), RecordError> {
    if let Some(id) = first_duplicate(list.iter().map(|c| &c.id)) {
        return Err(RecordError::DuplicateContactId(id.clone()));
    }
    for contact in list {
        contacts::validate_new(contact, rules, NO_DATE_LIMIT).map_err(|error| {
            RecordError::Contact {
                id: contact.id.clone(),
                error,
            }
        })?;
    }
    Ok(())
}

fn check_visits(list: &[visits::WelcomeVisit], rules: &RuleSet) -> Result<(), RecordError> {
    if let Some(id) = first_duplicate(list.iter().map(|v| &v.id)) {
        return Err(RecordError::DuplicateVisitId(id.clone()));
    }
    for visit in list {
        visits::validate(visit, rules, NO_DATE_LIMIT).map_err(|error| RecordError::Visit {
            id: visit.id.clone(),
            error,
        })?;
    }
    Ok(())
}

fn check_yearly(list: &[YearlyFigures]) -> Result<(), RecordError> {
    if let Some(year) = first_duplicate(list.iter().map(|y| &y.year)) {
        return Err(RecordError::DuplicateYear(*year));
    }
    for figures in list {
        yearly::validate_imported(figures).map_err(|error| RecordError::Yearly {
            year: figures.year,
            error,
        })?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Merge
// ---------------------------------------------------------------------------------------------

/// Why two datasets cannot be merged (or an import cannot be applied).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum MergeError {
    /// The same code names two different cases.
    #[error("case code {0} names two different cases")]
    CodeCollision(CaseCode),
    /// The same event id carries different content.
    #[error("event {0} differs between the two sides")]
    ConflictingEvent(RecordId),
    /// The result would hold a record its rule set cannot explain although the data before
    /// could (e.g. the winning rule set lacks a catalogue entry the other side's records use);
    /// only [`preview`] checks this.
    #[error("the result would be inconsistent: {0}")]
    Inconsistent(RecordError),
}

/// What a merge adds or changes relative to `ours`, for the preview.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeSummary {
    /// Cases whose code was unknown here.
    pub new_cases: usize,
    /// Events added, those of new cases included.
    pub new_events: usize,
    /// Existing cases that gain at least one event.
    pub changed_cases: usize,
    pub new_contacts: usize,
    pub new_visits: usize,
    /// Existing short contacts that the other side has voided.
    pub voided_contacts: usize,
    /// Existing welcome visits that the other side has voided.
    pub voided_visits: usize,
    /// Years whose figures are added or change.
    pub yearly_changed: usize,
    /// The other side's rule set replaces ours.
    pub rules_changed: bool,
}

/// The merged data and what changed relative to `ours`.
#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    pub data: Dataset,
    pub summary: MergeSummary,
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serialisable")
}

/// Sorts every list so equal data has equal form.
pub fn canonical(data: &Dataset) -> Dataset {
    let mut data = data.clone();
    data.cases.sort_by(|a, b| a.code.cmp(&b.code));
    for case in &mut data.cases {
        case.events
            .sort_by(|a, b| (a.date, a.recorded_at, &a.id).cmp(&(b.date, b.recorded_at, &b.id)));
    }
    data.contacts.sort_by(|a, b| a.id.cmp(&b.id));
    data.visits.sort_by(|a, b| a.id.cmp(&b.id));
    data.yearly.sort_by_key(|y| y.year);
    data
}

fn admission_id(case: &Case) -> Option<&RecordId> {
    case.events
        .iter()
        .find(|e| matches!(e.kind, EventKind::Admitted(_)))
        .map(|e| &e.id)
}

/// Unites two datasets; see the module documentation for the rules.
pub fn merge(ours: &Dataset, theirs: &Dataset) -> Result<Merge, MergeError> {
    let mut summary = MergeSummary::default();
    let mut cases: BTreeMap<CaseCode, Case> = ours
        .cases
        .iter()
        .map(|c| (c.code.clone(), c.clone()))
        .collect();
    for their_case in &theirs.cases {
        match cases.get_mut(&their_case.code) {
            None => {
                summary.new_cases += 1;
                summary.new_events += their_case.events.len();
                cases.insert(their_case.code.clone(), their_case.clone());
            }
            Some(our_case) => {
                if admission_id(our_case) != admission_id(their_case) {
                    return Err(MergeError::CodeCollision(their_case.code.clone()));
                }
                let added = unite_events(our_case, their_case)?;
                summary.new_events += added;
                summary.changed_cases += usize::from(added > 0);
            }
        }
    }
    let mut contacts: BTreeMap<RecordId, _> = ours
        .contacts
        .iter()
        .map(|c| (c.id.clone(), c.clone()))
        .collect();
    for contact in &theirs.contacts {
        match contacts.get_mut(&contact.id) {
            Some(existing) => {
                summary.voided_contacts += usize::from(contact.voided && !existing.voided);
                existing.voided |= contact.voided;
            }
            None => {
                summary.new_contacts += 1;
                contacts.insert(contact.id.clone(), contact.clone());
            }
        }
    }
    let mut visits: BTreeMap<RecordId, _> = ours
        .visits
        .iter()
        .map(|v| (v.id.clone(), v.clone()))
        .collect();
    for visit in &theirs.visits {
        match visits.get_mut(&visit.id) {
            Some(existing) => {
                summary.voided_visits += usize::from(visit.voided && !existing.voided);
                existing.voided |= visit.voided;
            }
            None => {
                summary.new_visits += 1;
                visits.insert(visit.id.clone(), visit.clone());
            }
        }
    }
    let mut yearly: BTreeMap<i32, YearlyFigures> =
        ours.yearly.iter().map(|y| (y.year, y.clone())).collect();
    for figures in &theirs.yearly {
        let merged = match yearly.get(&figures.year) {
            None => figures.clone(),
            Some(existing) => merge_yearly(existing, figures),
        };
        if yearly.get(&figures.year) != Some(&merged) {
            summary.yearly_changed += 1;
        }
        yearly.insert(figures.year, merged);
    }
    let rules = if (theirs.rules.revision, json(&theirs.rules))
        > (ours.rules.revision, json(&ours.rules))
    {
        summary.rules_changed = true;
        theirs.rules.clone()
    } else {
        ours.rules.clone()
    };
    let data = canonical(&Dataset {
        rules,
        cases: cases.into_values().collect(),
        contacts: contacts.into_values().collect(),
        visits: visits.into_values().collect(),
        yearly: yearly.into_values().collect(),
    });
    Ok(Merge { data, summary })
}

/// Adds to `ours` the events of `theirs` it lacks; returns how many.
fn unite_events(ours: &mut Case, theirs: &Case) -> Result<usize, MergeError> {
    let mut added = 0;
    for event in &theirs.events {
        match ours.events.iter().find(|e| e.id == event.id) {
            Some(existing) if existing == event => {}
            Some(_) => return Err(MergeError::ConflictingEvent(event.id.clone())),
            None => {
                added += 1;
                ours.events.push(event.clone());
            }
        }
    }
    Ok(added)
}

fn merge_yearly(a: &YearlyFigures, b: &YearlyFigures) -> YearlyFigures {
    let (winner, other) = if json(a) >= json(b) { (a, b) } else { (b, a) };
    YearlyFigures {
        year: a.year,
        residence_permits: winner.residence_permits.or(other.residence_permits),
        naturalisations: winner.naturalisations.or(other.naturalisations),
        posts_abh: winner.posts_abh.or(other.posts_abh),
        posts_ebh: winner.posts_ebh.or(other.posts_ebh),
    }
}

// ---------------------------------------------------------------------------------------------
// Preview: what an import would do
// ---------------------------------------------------------------------------------------------

/// How an imported file is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMode {
    /// Unite the file with the data here ([`merge`]); nothing here is lost.
    Merge,
    /// Replace everything here (rules included) with the file's data.
    Replace,
}

/// What replacing would remove and bring.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplaceSummary {
    /// Cases here whose code the file does not have: lost by replacing.
    pub removed_cases: usize,
    /// Events of cases the file also has, that the file's version of the case lacks: lost
    /// history.
    pub removed_events: usize,
    /// Short contacts here whose id the file does not have.
    pub removed_contacts: usize,
    /// Welcome visits here whose id the file does not have.
    pub removed_visits: usize,
    /// Years of figures here that the file does not have.
    pub removed_yearly: usize,
    /// What the file brings.
    pub file_cases: usize,
    pub file_contacts: usize,
    pub file_visits: usize,
    pub file_yearly: usize,
    /// The file's rule set differs from the one here.
    pub rules_changed: bool,
}

/// What an import would add or change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportSummary {
    Merge(MergeSummary),
    Replace(ReplaceSummary),
}

/// The complete result of an import, computed before anything is stored.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPreview {
    pub mode: ImportMode,
    /// The data after the import, canonical; store it when the user confirms.
    pub data: Dataset,
    pub summary: ImportSummary,
    unchanged: bool,
}

impl ImportPreview {
    /// Whether applying the import would leave the data as it is (e.g. the same file imported
    /// a second time); the UI can then say so instead of asking to confirm.
    pub fn changes_nothing(&self) -> bool {
        self.unchanged
    }
}

/// What importing `incoming` (from [`parse_import`]) into `ours` in `mode` would give. Pure:
/// `ours` is untouched; on an error nothing is to be stored.
pub fn preview(
    ours: &Dataset,
    incoming: &Dataset,
    mode: ImportMode,
) -> Result<ImportPreview, MergeError> {
    let (data, summary) = match mode {
        ImportMode::Merge => {
            let merged = merge(ours, incoming)?;
            (merged.data, ImportSummary::Merge(merged.summary))
        }
        ImportMode::Replace => (
            canonical(incoming),
            ImportSummary::Replace(replace_summary(ours, incoming)),
        ),
    };
    check_no_new_inconsistency(ours, &data).map_err(MergeError::Inconsistent)?;
    let unchanged = data == canonical(ours);
    Ok(ImportPreview {
        mode,
        data,
        summary,
        unchanged,
    })
}

/// Refuses `after` when its records are inconsistent ([`validate_records`]) while `before` was
/// consistent. Data that was already inconsistent (written by an older version, say) does not
/// block every change; a change that makes it inconsistent is refused. Used by [`preview`]
/// and before a new rule set is accepted.
pub fn check_no_new_inconsistency(before: &Dataset, after: &Dataset) -> Result<(), RecordError> {
    match validate_records(after) {
        Err(error) if validate_records(before).is_ok() => Err(error),
        _ => Ok(()),
    }
}

/// How many of `ours` have a key that `theirs` lacks.
fn count_missing<'a, T: 'a, K: Eq + Hash>(
    ours: &'a [T],
    theirs: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> usize {
    let kept: HashSet<K> = theirs.iter().map(&key).collect();
    ours.iter()
        .filter(|item| !kept.contains(&key(item)))
        .count()
}

fn replace_summary(ours: &Dataset, file: &Dataset) -> ReplaceSummary {
    let file_cases: BTreeMap<&CaseCode, &Case> = file.cases.iter().map(|c| (&c.code, c)).collect();
    let removed_events = ours
        .cases
        .iter()
        .filter_map(|case| Some((case, *file_cases.get(&case.code)?)))
        .map(|(case, theirs)| count_missing(&case.events, &theirs.events, |e| &e.id))
        .sum();
    ReplaceSummary {
        removed_cases: count_missing(&ours.cases, &file.cases, |c| &c.code),
        removed_events,
        removed_contacts: count_missing(&ours.contacts, &file.contacts, |c| &c.id),
        removed_visits: count_missing(&ours.visits, &file.visits, |v| &v.id),
        removed_yearly: count_missing(&ours.yearly, &file.yearly, |y| y.year),
        file_cases: file.cases.len(),
        file_contacts: file.contacts.len(),
        file_visits: file.visits.len(),
        file_yearly: file.yearly.len(),
        rules_changed: file.rules != ours.rules,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{Admission, CaseEvent, EventKind};
    use crate::domain::contacts::ShortContact;
    use crate::domain::rules::RuleSet;
    use crate::domain::YearMonth;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn case(code: u64, extra_events: &[u64]) -> Case {
        let date = NaiveDate::from_ymd_opt(2022, 3, 1).unwrap();
        let mut events = vec![CaseEvent {
            id: RecordId::from_random(code * 1000),
            date,
            recorded_at: 0,
            kind: EventKind::Admitted(Admission {
                area: AreaId::new("links"),
                provider: ProviderId::new("lernen-foerdern"),
                problems: vec![],
                parties: vec![],
                way_in: WayInId::new("self"),
                against_suggestion: None,
            }),
        }];
        for id in extra_events {
            events.push(CaseEvent {
                id: RecordId::from_random(*id),
                date: date + chrono::Duration::days(*id as i64),
                recorded_at: *id as i64,
                kind: EventKind::Voided {
                    target: RecordId::from_random(0),
                },
            });
        }
        Case {
            code: CaseCode::from_random(code),
            events,
        }
    }

    fn dataset(cases: Vec<Case>, contacts: Vec<(u64, bool)>) -> Dataset {
        Dataset {
            rules: RuleSet::default_rheine(),
            cases,
            contacts: contacts
                .into_iter()
                .map(|(id, voided)| ShortContact {
                    id: RecordId::from_random(id),
                    provider: ProviderId::new("caritas"),
                    month: YearMonth::new(2023, 1).unwrap(),
                    outcome: OutcomeId::new("mbe"),
                    recorded_at: id as i64,
                    voided,
                })
                .collect(),
            visits: vec![],
            yearly: vec![],
        }
    }

    #[test]
    fn same_case_on_two_laptops_becomes_one_with_both_histories() {
        let a = dataset(vec![case(1, &[5])], vec![(1, false)]);
        let b = dataset(
            vec![case(1, &[7]), case(2, &[])],
            vec![(1, true), (2, false)],
        );
        let merged = merge(&a, &b).unwrap();
        assert_eq!(merged.data.cases.len(), 2);
        assert_eq!(
            merged
                .data
                .cases
                .iter()
                .find(|c| c.code == CaseCode::from_random(1))
                .unwrap()
                .events
                .len(),
            3
        );
        assert!(merged.data.contacts[0].voided);
        assert_eq!(merged.summary.new_cases, 1);
        assert_eq!(merged.summary.new_contacts, 1);
    }

    #[test]
    fn different_cases_under_one_code_are_refused() {
        let a = dataset(vec![case(1, &[])], vec![]);
        let mut other = case(1, &[]);
        other.events[0].id = RecordId::from_random(99);
        let b = dataset(vec![other], vec![]);
        assert_eq!(
            merge(&a, &b),
            Err(MergeError::CodeCollision(CaseCode::from_random(1)))
        );
    }

    fn figures(year: i32, permits: Option<u32>) -> YearlyFigures {
        YearlyFigures {
            year,
            residence_permits: permits,
            naturalisations: None,
            posts_abh: None,
            posts_ebh: None,
        }
    }

    #[test]
    fn merge_summary_names_every_change() {
        let mut ours = dataset(
            vec![case(1, &[5]), case(2, &[])],
            vec![(1, false), (2, false)],
        );
        ours.yearly = vec![figures(2021, Some(48))];
        let mut theirs = dataset(
            vec![case(1, &[5, 7, 8]), case(2, &[]), case(3, &[])],
            vec![(1, true), (2, false), (3, true)],
        );
        theirs.yearly = vec![figures(2021, Some(48)), figures(2022, Some(59))];
        let merged = merge(&ours, &theirs).unwrap();
        assert_eq!(
            merged.summary,
            MergeSummary {
                new_cases: 1,
                new_events: 3,
                changed_cases: 1,
                new_contacts: 1,
                new_visits: 0,
                voided_contacts: 1,
                voided_visits: 0,
                yearly_changed: 1,
                rules_changed: false,
            }
        );
        let again = merge(&merged.data, &theirs).unwrap();
        assert_eq!(again.summary, MergeSummary::default());
    }

    #[test]
    fn replace_summary_counts_what_is_lost_and_brought() {
        let ours = dataset(
            vec![case(1, &[5, 6]), case(2, &[])],
            vec![(1, false), (2, false)],
        );
        let mut file = dataset(vec![case(1, &[5]), case(3, &[])], vec![(2, false)]);
        file.rules.revision += 1;
        let preview = preview(&ours, &file, ImportMode::Replace).unwrap();
        assert_eq!(
            preview.summary,
            ImportSummary::Replace(ReplaceSummary {
                removed_cases: 1,
                removed_events: 1,
                removed_contacts: 1,
                removed_visits: 0,
                removed_yearly: 0,
                file_cases: 2,
                file_contacts: 1,
                file_visits: 0,
                file_yearly: 0,
                rules_changed: true,
            })
        );
        assert!(!preview.changes_nothing());
        assert_eq!(preview.data, canonical(&file));
        let again = super::preview(&preview.data, &file, ImportMode::Replace).unwrap();
        assert!(again.changes_nothing());
    }

    #[test]
    fn an_import_that_would_orphan_records_is_refused() {
        let ours = dataset(vec![], vec![(1, false)]);
        let mut theirs = dataset(vec![], vec![]);
        theirs.rules.revision += 1;
        theirs
            .rules
            .contact_outcomes
            .retain(|o| o.id.as_str() != "mbe");
        assert_eq!(
            preview(&ours, &theirs, ImportMode::Merge),
            Err(MergeError::Inconsistent(RecordError::Contact {
                id: RecordId::from_random(1),
                error: ContactError::UnknownOutcome {
                    outcome: OutcomeId::new("mbe")
                },
            }))
        );
    }

    fn arbitrary_dataset() -> impl Strategy<Value = Dataset> {
        (
            proptest::collection::vec((1u64..6, proptest::collection::vec(1u64..20, 0..3)), 0..4),
            proptest::collection::vec((1u64..10, any::<bool>()), 0..5),
        )
            .prop_map(|(cases, contacts)| {
                let mut seen = std::collections::BTreeSet::new();
                let cases = cases
                    .into_iter()
                    .filter(|(code, _)| seen.insert(*code))
                    .map(|(code, events)| {
                        let events: Vec<u64> = events
                            .into_iter()
                            .map(|e| code * 100 + e)
                            .collect::<std::collections::BTreeSet<_>>()
                            .into_iter()
                            .collect();
                        case(code, &events)
                    })
                    .collect();
                let mut seen = std::collections::BTreeSet::new();
                let contacts = contacts
                    .into_iter()
                    .filter(|(id, _)| seen.insert(*id))
                    .collect();
                dataset(cases, contacts)
            })
    }

    proptest! {
        #[test]
        fn merge_is_idempotent_and_order_independent(a in arbitrary_dataset(), b in arbitrary_dataset(), c in arbitrary_dataset()) {
            let ab = merge(&a, &b).unwrap().data;
            prop_assert_eq!(&merge(&ab, &b).unwrap().data, &ab);
            prop_assert_eq!(&merge(&a, &a).unwrap().data, &canonical(&a));
            prop_assert_eq!(&merge(&b, &a).unwrap().data, &ab);
            let left = merge(&ab, &c).unwrap().data;
            let right = merge(&a, &merge(&b, &c).unwrap().data).unwrap().data;
            prop_assert_eq!(left, right);
        }

        #[test]
        fn export_round_trips(a in arbitrary_dataset()) {
            let text = export(&a, "2023-01-01T00:00:00Z", "device");
            let file: ExportFile = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(file.data, canonical(&a));
        }
    }
}
