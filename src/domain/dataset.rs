//! Everything a device holds, as one plain value: what storage persists and what an export
//! file carries.
//!
//! Two changes enter the dataset through functions here rather than by pushing onto a list,
//! because each must happen once per action however often the action is repeated (a double
//! click, Enter pressed twice, a second press after success):
//! - [`Dataset::admit`]: one intake check admits at most one case (the check's [`IntakeId`]
//!   is recorded with the admission, and a second admission of it is refused);
//! - [`Dataset::count_contact`]: a short contact is counted once per record id, so a page
//!   that draws the id once per action (not once per click) cannot count twice;
//! - [`Dataset::deregister`]: deregistering several quiet cases at once deregisters only the
//!   cases still active, so a second press changes nothing.
//!
//! A counselling session is recorded once by its own identity ([`Case::record_session`]).

use crate::domain::case::{Admission, Case, CaseError, CaseEvent, EventKind, IntakeId, Status};
use crate::domain::contacts::ShortContact;
use crate::domain::ids::{CaseCode, DeactivationReasonId, RecordId};
use crate::domain::rules::RuleSet;
use crate::domain::visits::WelcomeVisit;
use crate::domain::yearly::YearlyFigures;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// All records of one device (or of a merge of several).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub rules: RuleSet,
    #[serde(default)]
    pub cases: Vec<Case>,
    #[serde(default)]
    pub contacts: Vec<ShortContact>,
    #[serde(default)]
    pub visits: Vec<WelcomeVisit>,
    #[serde(default)]
    pub yearly: Vec<YearlyFigures>,
}

/// What the lists show of a dataset: cases not deleted, short contacts and welcome visits not
/// voided. Every count shown to a person (the import preview, the overview) comes from here,
/// so a file's "9 Fälle" are the 9 cases the case list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub cases: usize,
    /// Cases deleted as mistaken entries (kept in the data so a merge cannot revive them).
    pub deleted_cases: usize,
    pub contacts: usize,
    pub visits: usize,
    /// Years with yearly figures.
    pub yearly: usize,
}

/// A new case as the caller draws it: a random code and event id (the domain has no
/// randomness), the date of the intake check, and the moment it is recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCase {
    pub code: CaseCode,
    pub event_id: RecordId,
    pub date: NaiveDate,
    /// Milliseconds since the Unix epoch.
    pub recorded_at: i64,
}

/// Why [`Dataset::admit`] refuses an admission.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AdmitError {
    /// This intake check has already admitted a case (a repeated press); nothing was added.
    #[error("intake check {intake} already admitted case {code}")]
    AlreadyAdmitted { intake: IntakeId, code: CaseCode },
    /// Another case already has this code; the caller draws another.
    #[error("case code {0} is taken")]
    CodeTaken(CaseCode),
    /// The case itself is refused: a date in the future or outside the calendar span, or an
    /// implausible recording time ([`Case::admit`]).
    #[error(transparent)]
    Case(#[from] CaseError),
}

/// Why [`Dataset::count_contact`] refuses a short contact.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CountError {
    /// A contact with this id is already counted (a repeated press); nothing was added.
    #[error("short contact {0} is already counted")]
    AlreadyCounted(RecordId),
}

impl Dataset {
    /// The counts the lists show (see [`Tally`]).
    pub fn tally(&self) -> Tally {
        let deleted_cases = self.cases.iter().filter(|c| c.is_deleted()).count();
        Tally {
            cases: self.cases.len() - deleted_cases,
            deleted_cases,
            contacts: self.contacts.iter().filter(|c| !c.voided).count(),
            visits: self.visits.iter().filter(|v| !v.voided).count(),
            yearly: self.yearly.len(),
        }
    }

    /// Whether a case (deleted ones included) has this code.
    pub fn has_case_code(&self, code: &CaseCode) -> bool {
        self.cases.iter().any(|c| &c.code == code)
    }

    /// The case the intake check `intake` admitted, deleted ones included: a case deleted as a
    /// mistaken entry still used up its check.
    pub fn case_of_intake(&self, intake: &IntakeId) -> Option<&Case> {
        self.cases.iter().find(|c| c.intake() == Some(intake))
    }

    /// Admits the case an intake check decided on, recording the check's id with the
    /// admission; the one way *Aufnahme* adds a case. Refused, with nothing added, when the
    /// check already admitted a case ([`AdmitError::AlreadyAdmitted`], checked first: a
    /// repeated press is told what happened, whatever else it carries), when the code is
    /// taken, or when [`Case::admit`] refuses the case. Returns the new case's code.
    pub fn admit(
        &mut self,
        intake: IntakeId,
        new: NewCase,
        admission: Admission,
        today: NaiveDate,
    ) -> Result<CaseCode, AdmitError> {
        if let Some(case) = self.case_of_intake(&intake) {
            return Err(AdmitError::AlreadyAdmitted {
                intake,
                code: case.code.clone(),
            });
        }
        if self.has_case_code(&new.code) {
            return Err(AdmitError::CodeTaken(new.code));
        }
        let admission = Admission {
            intake: Some(intake),
            ..admission
        };
        let case = Case::admit(
            new.code,
            new.event_id,
            new.date,
            new.recorded_at,
            admission,
            today,
        )?;
        let code = case.code.clone();
        self.cases.push(case);
        Ok(code)
    }

    /// Deregisters, on `date`, every case of `codes` that is active on that date, for `reason`
    /// and with the evaluation the reason implies, if any; each deregistration is recorded
    /// as [`Case::record`] checks it, with an id from `new_id`. Cases that are not active on
    /// `date` (already deregistered: a repeated press), deleted or unknown, and changes the
    /// case's history refuses, are left as they are. Returns the codes deregistered.
    pub fn deregister(
        &mut self,
        codes: &[CaseCode],
        reason: &DeactivationReasonId,
        date: NaiveDate,
        recorded_at: i64,
        mut new_id: impl FnMut() -> RecordId,
        today: NaiveDate,
    ) -> Vec<CaseCode> {
        let evaluation = self.rules.implied_evaluation(reason).map(|e| e.id.clone());
        let mut done = Vec::new();
        for case in &mut self.cases {
            if !codes.contains(&case.code)
                || case.status_on(date).map(|(status, _)| status) != Some(Status::Active)
            {
                continue;
            }
            let event = CaseEvent {
                id: new_id(),
                date,
                recorded_at,
                kind: EventKind::Deactivated {
                    reason: reason.clone(),
                    evaluation: evaluation.clone(),
                },
            };
            if case.record(event, today).is_ok() {
                done.push(case.code.clone());
            }
        }
        done
    }

    /// Adds a short contact built by [`ShortContact::record`], unless one with its id is
    /// already counted ([`CountError::AlreadyCounted`], nothing added).
    pub fn count_contact(&mut self, contact: ShortContact) -> Result<(), CountError> {
        if self.contacts.iter().any(|c| c.id == contact.id) {
            return Err(CountError::AlreadyCounted(contact.id));
        }
        self.contacts.push(contact);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::*;
    use crate::domain::YearMonth;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn empty() -> Dataset {
        Dataset {
            rules: RuleSet::default_rheine(),
            cases: Vec::new(),
            contacts: Vec::new(),
            visits: Vec::new(),
            yearly: Vec::new(),
        }
    }

    fn facts() -> Admission {
        Admission {
            area: AreaId::new("links"),
            provider: ProviderId::new("caritas"),
            problems: vec![
                ProblemId::new("rent-debts"),
                ProblemId::new("school-problems"),
            ],
            parties: vec![PartyId::new("jobcenter"), PartyId::new("abh")],
            way_in: WayInId::new("self"),
            against_suggestion: None,
            intake: None,
        }
    }

    /// What a press of "In das Case Management aufnehmen" does: a fresh code and event id
    /// per press, the same intake check.
    fn press(data: &mut Dataset, intake: &IntakeId, press: u64) -> Result<CaseCode, AdmitError> {
        let new = NewCase {
            code: CaseCode::from_random(press),
            event_id: RecordId::from_random(press),
            date: d(2023, 3, 1),
            recorded_at: 1_677_000_000_000 + press as i64,
        };
        data.admit(intake.clone(), new, facts(), d(2023, 6, 1))
    }

    #[test]
    fn one_intake_check_admits_one_case_however_often_it_is_pressed() {
        let mut data = empty();
        let intake = IntakeId::from_random(7);
        let first = press(&mut data, &intake, 1).unwrap();
        assert_eq!(data.cases.len(), 1);
        assert_eq!(data.cases[0].intake(), Some(&intake));
        // Double click, Enter twice, a second press after success: each one more press.
        for again in 2..5 {
            assert_eq!(
                press(&mut data, &intake, again),
                Err(AdmitError::AlreadyAdmitted {
                    intake: intake.clone(),
                    code: first.clone(),
                })
            );
        }
        assert_eq!(data.cases.len(), 1);
        assert_eq!(data.tally().cases, 1);
        // A new check admits a new case.
        let second = press(&mut data, &IntakeId::from_random(8), 9).unwrap();
        assert_ne!(first, second);
        assert_eq!(data.cases.len(), 2);
    }

    #[test]
    fn a_deleted_case_still_used_up_its_intake_check() {
        let mut data = empty();
        let intake = IntakeId::from_random(7);
        press(&mut data, &intake, 1).unwrap();
        data.cases[0]
            .record(
                crate::domain::case::CaseEvent {
                    id: RecordId::from_random(99),
                    date: d(2023, 3, 2),
                    recorded_at: 1_677_000_100_000,
                    kind: crate::domain::case::EventKind::Deleted,
                },
                d(2023, 6, 1),
            )
            .unwrap();
        assert!(matches!(
            press(&mut data, &intake, 2),
            Err(AdmitError::AlreadyAdmitted { .. })
        ));
        assert_eq!(data.cases.len(), 1);
    }

    #[test]
    fn a_taken_code_or_a_refused_case_adds_nothing() {
        let mut data = empty();
        press(&mut data, &IntakeId::from_random(1), 1).unwrap();
        assert_eq!(
            press(&mut data, &IntakeId::from_random(2), 1),
            Err(AdmitError::CodeTaken(CaseCode::from_random(1)))
        );
        let future = NewCase {
            code: CaseCode::from_random(5),
            event_id: RecordId::from_random(5),
            date: d(2023, 6, 2),
            recorded_at: 0,
        };
        assert_eq!(
            data.admit(IntakeId::from_random(3), future, facts(), d(2023, 6, 1))
                .map(|_| ()),
            Err(AdmitError::Case(CaseError::FutureDate {
                date: d(2023, 6, 2)
            }))
        );
        assert_eq!(data.cases.len(), 1);
        // Neither refusal used up its check.
        assert!(data.case_of_intake(&IntakeId::from_random(2)).is_none());
        assert!(data.case_of_intake(&IntakeId::from_random(3)).is_none());
    }

    #[test]
    fn an_admission_without_intake_reads_and_writes_as_before() {
        let json = r#"{"area":"links","provider":"caritas","problems":[],"parties":[],"way_in":"self","against_suggestion":null}"#;
        let admission: Admission = serde_json::from_str(json).unwrap();
        assert_eq!(admission.intake, None);
        assert_eq!(serde_json::to_string(&admission).unwrap(), json);
        let with = Admission {
            intake: Some(IntakeId::from_random(1)),
            ..admission
        };
        let text = serde_json::to_string(&with).unwrap();
        assert!(text.ends_with(r#","intake":"0000000000000001"}"#), "{text}");
        assert_eq!(serde_json::from_str::<Admission>(&text).unwrap(), with);
    }

    #[test]
    fn quiet_cases_are_deregistered_once_however_often_it_is_pressed() {
        let mut data = empty();
        for n in 1..=3 {
            press(&mut data, &IntakeId::from_random(n), n).unwrap();
        }
        let codes = [CaseCode::from_random(1), CaseCode::from_random(2)];
        let mut next = 100;
        let mut ids = || {
            next += 1;
            RecordId::from_random(next)
        };
        let reason = DeactivationReasonId::new("no-contact");
        let done = data.deregister(&codes, &reason, d(2023, 6, 1), 5, &mut ids, d(2023, 6, 1));
        assert_eq!(done, codes);
        // Pressed again: both are inactive already, nothing more is recorded.
        let again = data.deregister(&codes, &reason, d(2023, 6, 1), 6, &mut ids, d(2023, 6, 1));
        assert!(again.is_empty());
        let events: usize = data.cases.iter().map(|c| c.events.len()).sum();
        assert_eq!(events, 5);
        assert_eq!(
            data.cases[2].current_state().unwrap().status,
            crate::domain::case::Status::Active
        );
        // "Ziele erreicht" implies its evaluation.
        let goals = DeactivationReasonId::new("goals-reached");
        let third = [CaseCode::from_random(3)];
        data.deregister(&third, &goals, d(2023, 6, 1), 7, &mut ids, d(2023, 6, 1));
        let last = data.cases[2].events.last().unwrap();
        assert_eq!(
            last.kind,
            EventKind::Deactivated {
                reason: goals,
                evaluation: Some("goals-reached".into())
            }
        );
    }

    #[test]
    fn a_contact_is_counted_once_per_id() {
        let mut data = empty();
        let contact = ShortContact::record(
            RecordId::from_random(4),
            ProviderId::new("caritas"),
            YearMonth::of(d(2023, 3, 1)),
            OutcomeId::new("mbe"),
            1_677_000_000_000,
            &data.rules,
            d(2023, 6, 1),
        )
        .unwrap();
        data.count_contact(contact.clone()).unwrap();
        assert_eq!(
            data.count_contact(contact),
            Err(CountError::AlreadyCounted(RecordId::from_random(4)))
        );
        assert_eq!(data.tally().contacts, 1);
    }
}
