//! The record checks of an import: everything in a file that cannot be right under its own
//! rule set (step 7 of the module documentation of [`super`]).

use crate::domain::case::{Case, CaseError, CaseEvent, EventKind};
use crate::domain::contacts::{self, ContactError};
use crate::domain::ids::*;
use crate::domain::rules::{label_of, RuleSet};
use crate::domain::visits::{self, VisitError};
use crate::domain::yearly::{self, YearlyError, YearlyFigures};
use crate::domain::Dataset;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::hash::Hash;

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
    /// Forms of a counselling session.
    SessionForms,
    /// Evaluations of a case at its end.
    Evaluations,
}

/// A record that cannot be right; the first one found, in the order cases, contacts, visits,
/// yearly figures.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RecordError {
    /// Two cases have the same code.
    #[error("case code {0} appears twice")]
    DuplicateCaseCode(CaseCode),
    /// A case history cannot be right: `DateOutOfRange` or `RecordedAtOutOfRange` (an event
    /// outside [`CaseEvent::check_bounds`]), `NoAdmission`, `SecondAdmission` (also: the case
    /// carries the intake id of an earlier case of the file, so one intake check would have
    /// admitted two cases; `code` is the later one),
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
    /// A deregistration's evaluation differs from the one its reason implies
    /// (`RuleSet::implied_evaluation`): "Ziele erreicht" with "nicht erreicht".
    #[error("case {code}: reason {reason} implies another evaluation than {evaluation}")]
    EvaluationContradictsReason {
        code: CaseCode,
        reason: DeactivationReasonId,
        evaluation: EvaluationId,
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
    if let Some(code) = first_duplicate(cases.iter().map(|c| &c.code)) {
        return Err(RecordError::DuplicateCaseCode(code.clone()));
    }
    check_one_case_per_intake(cases)?;
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
        if let Some((reason, evaluation)) = case
            .events
            .iter()
            .find_map(|e| contradicting_evaluation(&e.kind, rules))
        {
            return Err(RecordError::EvaluationContradictsReason {
                code: case.code.clone(),
                reason: reason.clone(),
                evaluation: evaluation.clone(),
            });
        }
    }
    Ok(())
}

/// A deregistration whose evaluation is not the one its reason implies, as (reason,
/// evaluation).
fn contradicting_evaluation<'a>(
    kind: &'a EventKind,
    rules: &RuleSet,
) -> Option<(&'a DeactivationReasonId, &'a EvaluationId)> {
    let EventKind::Deactivated {
        reason,
        evaluation: Some(evaluation),
    } = kind
    else {
        return None;
    };
    let implied = rules.implied_evaluation(reason)?;
    (implied.id != *evaluation).then_some((reason, evaluation))
}

/// One intake check admits one case: two cases with the same intake id are one admission
/// recorded twice (see [`crate::domain::Dataset::admit`]). Cases recorded before the id
/// existed carry none and are not compared.
fn check_one_case_per_intake(cases: &[Case]) -> Result<(), RecordError> {
    let mut seen = HashSet::new();
    match cases
        .iter()
        .find(|case| case.intake().is_some_and(|intake| !seen.insert(intake)))
    {
        Some(case) => Err(RecordError::Case {
            code: case.code.clone(),
            error: CaseError::SecondAdmission,
        }),
        None => Ok(()),
    }
}

/// The structural rules of a history that hold however it was recorded or merged: unique
/// event ids, exactly one admission, which is not voided and is the first effective event,
/// sessions identified by their date and form, and corrections that void events of this case.
fn check_case_history(case: &Case) -> Result<(), CaseError> {
    case.events.iter().try_for_each(CaseEvent::check_bounds)?;
    if let Some(session) = case
        .events
        .iter()
        .find(|e| matches!(e.kind, EventKind::Session { .. }) && e.session_number().is_none())
    {
        return Err(CaseError::SessionIdentity(session.id.clone()));
    }
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
    let history = case.history();
    let first_effective = history
        .events()
        .find(|e| !matches!(e.kind, EventKind::Deleted));
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
        EventKind::Deactivated { reason, evaluation } => unknown(
            Catalogue::DeactivationReasons,
            reason.as_str(),
            label_of(&rules.deactivation_reasons, reason).is_some(),
        )
        .or_else(|| {
            evaluation.as_ref().and_then(|e| {
                unknown(
                    Catalogue::Evaluations,
                    e.as_str(),
                    rules.evaluation(e).is_some(),
                )
            })
        }),
        EventKind::Session { form } => unknown(
            Catalogue::SessionForms,
            form.as_str(),
            label_of(&rules.session_forms, form).is_some(),
        ),
        EventKind::HandedOver { to, .. } => unknown(
            Catalogue::Providers,
            to.as_str(),
            rules.provider(to).is_some(),
        ),
        EventKind::Moved { to } => unknown(Catalogue::Areas, to.as_str(), rules.area(to).is_some()),
        EventKind::Reactivated | EventKind::Voided { .. } | EventKind::Deleted => None,
    }
}

/// The first record that names a catalogue entry (provider, area, problem, party, way in,
/// reason, outcome, district, offer, age band) its rule set lacks, voided records included:
/// they are still shown, struck through, with their labels. Only the catalogues, not the
/// structure of histories (see [`validate_records`] for everything).
pub fn unknown_references(data: &Dataset) -> Option<RecordError> {
    let rules = &data.rules;
    for case in &data.cases {
        if let Some((catalogue, id)) = case
            .events
            .iter()
            .find_map(|e| unknown_reference(&e.kind, rules))
        {
            return Some(RecordError::UnknownReference {
                code: case.code.clone(),
                catalogue,
                id,
            });
        }
    }
    for contact in &data.contacts {
        let error = if rules.provider(&contact.provider).is_none() {
            contacts::ContactError::UnknownProvider {
                provider: contact.provider.clone(),
            }
        } else if label_of(&rules.contact_outcomes, &contact.outcome).is_none() {
            contacts::ContactError::UnknownOutcome {
                outcome: contact.outcome.clone(),
            }
        } else {
            continue;
        };
        return Some(RecordError::Contact {
            id: contact.id.clone(),
            error,
        });
    }
    for visit in &data.visits {
        let error = if label_of(&rules.districts, &visit.district).is_none() {
            Some(VisitError::UnknownDistrict(visit.district.clone()))
        } else if let Some(offer) = visit
            .informed
            .iter()
            .chain(&visit.invited)
            .find(|o| label_of(&rules.offers, o).is_none())
        {
            Some(VisitError::UnknownOffer(offer.clone()))
        } else {
            visit
                .children
                .iter()
                .find(|(band, _)| label_of(&rules.age_bands, band).is_none())
                .map(|(band, _)| VisitError::BadAgeBand(band.clone()))
        };
        if let Some(error) = error {
            return Some(RecordError::Visit {
                id: visit.id.clone(),
                error,
            });
        }
    }
    None
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
