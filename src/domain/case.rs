//! Cases (*Fälle*) as dated event histories.
//!
//! A case is an anonymised code plus an append-only list of dated events. Nothing is ever
//! overwritten: a status change, a handover (*Übergabe*) or a correction is a new event, and the
//! state of a case on any date is a fold over the events effective on that date.
//!
//! Design decisions:
//! - Events carry a random [`RecordId`] so the histories of the same case seen on two laptops can
//!   be merged as a set union (see `exchange`).
//! - Events are ordered by `(date, recorded_at, id)`: the date the change took effect, then the
//!   moment it was recorded (milliseconds supplied by the caller), then the id as a tie-breaker,
//!   so every laptop folds the same history to the same state.
//! - A correction voids an earlier event (`Voided { target }`); the voided event stays in the
//!   history and is shown struck through, but no longer counts. Correcting the content of an
//!   entry is "void + record the right one".
//! - Deleting a case entered by mistake is an event too (`Deleted`), so that a merge with an
//!   older export cannot bring the case back.
//! - Every event's date lies in the years of [`calendar`] and its `recorded_at` between the
//!   Unix epoch and the end of the last of them ([`CaseEvent::check_bounds`]); recording and
//!   importing refuse anything else.

use crate::domain::calendar;
use crate::domain::ids::*;
use crate::domain::rules::RuleSet;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A case: its code and its history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub code: CaseCode,
    /// Every event ever recorded, in any order; use [`Case::ordered_events`] to fold.
    pub events: Vec<CaseEvent>,
}

/// One dated change of a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub id: RecordId,
    /// The day the change took effect (not the day it was typed).
    pub date: NaiveDate,
    /// When it was recorded, in milliseconds since the Unix epoch (supplied by the caller).
    pub recorded_at: i64,
    pub kind: EventKind,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// Admission into KIM case management; always the first effective event of a case.
    Admitted(Admission),
    /// The case became inactive (*inaktiv*).
    Deactivated { reason: DeactivationReasonId },
    /// The case became active (*aktiv*) again.
    Reactivated,
    /// Responsibility moved to another provider (*Übergabe*).
    HandedOver { to: ProviderId },
    /// A mistaken entry is voided; the target stays visible but no longer counts.
    Voided { target: RecordId },
    /// The case was entered by mistake and is removed from every list and report.
    Deleted,
}

/// The facts recorded at admission; exactly what a rule or a report needs, nothing personal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Admission {
    pub area: AreaId,
    pub provider: ProviderId,
    pub problems: Vec<ProblemId>,
    pub parties: Vec<PartyId>,
    pub way_in: WayInId,
    /// Set when the case manager admitted against the intake check's suggestion.
    #[serde(default)]
    pub against_suggestion: Option<OverrideReasonId>,
}

/// Status of a case (*Fallstatus*).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// *aktiv*: in active counselling.
    Active,
    /// *inaktiv*: deregistered or no contact for a long time.
    Inactive,
}

/// The state of a case on some date.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseState {
    pub status: Status,
    pub provider: ProviderId,
    pub area: AreaId,
    pub admitted_on: NaiveDate,
    /// Date of the last effective event up to the date asked for.
    pub last_change: NaiveDate,
    pub deactivation_reason: Option<DeactivationReasonId>,
}

/// One event for display, with whether a correction voided it.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    pub event: CaseEvent,
    pub voided: bool,
}

/// Why a change of a case is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    /// The date lies after today.
    #[error("date {date} is in the future")]
    FutureDate { date: NaiveDate },
    /// The date lies before the admission.
    #[error("date {date} is before the admission on {admitted_on}")]
    BeforeAdmission {
        date: NaiveDate,
        admitted_on: NaiveDate,
    },
    /// A case is admitted only once.
    #[error("the case is already admitted")]
    SecondAdmission,
    /// Deactivating a case that is inactive on that date.
    #[error("the case is already inactive on {date}")]
    AlreadyInactive { date: NaiveDate },
    /// Reactivating a case that is active on that date.
    #[error("the case is already active on {date}")]
    AlreadyActive { date: NaiveDate },
    /// Handing over to the provider already responsible.
    #[error("the provider is already responsible on {date}")]
    SameProvider { date: NaiveDate },
    /// The case was deleted; nothing more can be recorded.
    #[error("the case is deleted")]
    Deleted,
    /// The event to void does not exist in this case.
    #[error("no event {0} to void")]
    UnknownTarget(RecordId),
    /// The event to void is already voided.
    #[error("event {0} is already voided")]
    AlreadyVoided(RecordId),
    /// The admission cannot be voided; delete the case instead.
    #[error("the admission cannot be voided")]
    CannotVoidAdmission,
    /// An event with this id already exists.
    #[error("duplicate event id {0}")]
    DuplicateId(RecordId),
    /// The history would contain no admission.
    #[error("the case has no admission")]
    NoAdmission,
    /// The date lies outside the years [`calendar::FIRST_YEAR`] to [`calendar::LAST_YEAR`].
    #[error("date {date} lies outside the years the app works with")]
    DateOutOfRange { date: NaiveDate },
    /// `recorded_at` lies before the Unix epoch or after [`calendar::MAX_TIMESTAMP_MS`].
    #[error("recording time {recorded_at} is implausible")]
    RecordedAtOutOfRange { recorded_at: i64 },
}

impl CaseEvent {
    /// Checks the event's numbers: the date lies in the years of [`calendar`], `recorded_at`
    /// is a plausible timestamp ([`calendar::is_plausible_timestamp`]).
    pub fn check_bounds(&self) -> Result<(), CaseError> {
        if !calendar::is_plausible_date(self.date) {
            return Err(CaseError::DateOutOfRange { date: self.date });
        }
        if !calendar::is_plausible_timestamp(self.recorded_at) {
            return Err(CaseError::RecordedAtOutOfRange {
                recorded_at: self.recorded_at,
            });
        }
        Ok(())
    }
}

impl Case {
    /// Admits a new case.
    pub fn admit(
        code: CaseCode,
        event_id: RecordId,
        date: NaiveDate,
        recorded_at: i64,
        admission: Admission,
        today: NaiveDate,
    ) -> Result<Case, CaseError> {
        let event = CaseEvent {
            id: event_id,
            date,
            recorded_at,
            kind: EventKind::Admitted(admission),
        };
        event.check_bounds()?;
        if date > today {
            return Err(CaseError::FutureDate { date });
        }
        Ok(Case {
            code,
            events: vec![event],
        })
    }

    /// Events in fold order: `(date, recorded_at, id)`.
    pub fn ordered_events(&self) -> Vec<&CaseEvent> {
        let mut events: Vec<&CaseEvent> = self.events.iter().collect();
        events.sort_by(|a, b| (a.date, a.recorded_at, &a.id).cmp(&(b.date, b.recorded_at, &b.id)));
        events
    }

    /// Ids of events voided by a correction.
    pub fn voided_ids(&self) -> HashSet<&RecordId> {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Voided { target } => Some(target),
                _ => None,
            })
            .collect()
    }

    /// Whether the case was deleted as entered by mistake.
    pub fn is_deleted(&self) -> bool {
        self.events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Deleted))
    }

    /// The admission date and facts.
    pub fn admission(&self) -> Option<(&NaiveDate, &Admission)> {
        self.events.iter().find_map(|e| match &e.kind {
            EventKind::Admitted(a) => Some((&e.date, a)),
            _ => None,
        })
    }

    /// The admission date.
    pub fn admitted_on(&self) -> Option<NaiveDate> {
        self.admission().map(|(d, _)| *d)
    }

    /// The state on `date` (events dated on `date` count); `None` when deleted or not yet
    /// admitted on that date.
    pub fn state_on(&self, date: NaiveDate) -> Option<CaseState> {
        if self.is_deleted() {
            return None;
        }
        fold(&self.events, Some(date)).ok().flatten()
    }

    /// The state after every event.
    pub fn current_state(&self) -> Option<CaseState> {
        if self.is_deleted() {
            return None;
        }
        fold(&self.events, None).ok().flatten()
    }

    /// Status and provider on `date` without building a [`CaseState`]; for reports over many
    /// cases.
    pub fn status_on(&self, date: NaiveDate) -> Option<(Status, &ProviderId)> {
        let admission_date = self.admitted_on()?;
        if admission_date > date || self.is_deleted() {
            return None;
        }
        let voided = |id: &RecordId| {
            self.events
                .iter()
                .any(|e| matches!(&e.kind, EventKind::Voided { target } if target == id))
        };
        let mut status = Status::Active;
        let mut provider = None;
        for event in self.ordered_events() {
            if event.date > date {
                break;
            }
            if matches!(event.kind, EventKind::Voided { .. }) || voided(&event.id) {
                continue;
            }
            match &event.kind {
                EventKind::Admitted(a) => provider = Some(&a.provider),
                EventKind::Deactivated { .. } => status = Status::Inactive,
                EventKind::Reactivated => status = Status::Active,
                EventKind::HandedOver { to } => provider = Some(to),
                EventKind::Voided { .. } | EventKind::Deleted => {}
            }
        }
        provider.map(|p| (status, p))
    }

    /// Every event in order, marked when voided.
    pub fn history_entries(&self) -> Vec<HistoryEntry> {
        let voided = self.voided_ids();
        self.ordered_events()
            .into_iter()
            .map(|e| HistoryEntry {
                voided: voided.contains(&e.id),
                event: e.clone(),
            })
            .collect()
    }

    /// Appends an event after checking that the whole history stays valid with it.
    pub fn record(&mut self, event: CaseEvent, today: NaiveDate) -> Result<(), CaseError> {
        if self.is_deleted() {
            return Err(CaseError::Deleted);
        }
        event.check_bounds()?;
        if event.date > today {
            return Err(CaseError::FutureDate { date: event.date });
        }
        if self.events.iter().any(|e| e.id == event.id) {
            return Err(CaseError::DuplicateId(event.id));
        }
        let admitted_on = self.admitted_on().ok_or(CaseError::NoAdmission)?;
        match &event.kind {
            EventKind::Admitted(_) => return Err(CaseError::SecondAdmission),
            EventKind::Voided { target } => {
                let target_event = self
                    .events
                    .iter()
                    .find(|e| &e.id == target)
                    .ok_or_else(|| CaseError::UnknownTarget(target.clone()))?;
                if matches!(target_event.kind, EventKind::Admitted(_)) {
                    return Err(CaseError::CannotVoidAdmission);
                }
                if self.voided_ids().contains(target) {
                    return Err(CaseError::AlreadyVoided(target.clone()));
                }
            }
            _ => {}
        }
        if event.date < admitted_on
            && !matches!(event.kind, EventKind::Voided { .. } | EventKind::Deleted)
        {
            return Err(CaseError::BeforeAdmission {
                date: event.date,
                admitted_on,
            });
        }
        let mut candidate = self.events.clone();
        candidate.push(event);
        fold(&candidate, None)?;
        candidate
            .sort_by(|a, b| (a.date, a.recorded_at, &a.id).cmp(&(b.date, b.recorded_at, &b.id)));
        self.events = candidate;
        Ok(())
    }
}

/// Folds the effective events up to `until` (all when `None`), checking every transition.
fn fold(events: &[CaseEvent], until: Option<NaiveDate>) -> Result<Option<CaseState>, CaseError> {
    let voided: HashSet<&RecordId> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Voided { target } => Some(target),
            _ => None,
        })
        .collect();
    let mut ordered: Vec<&CaseEvent> = events.iter().collect();
    ordered.sort_by(|a, b| (a.date, a.recorded_at, &a.id).cmp(&(b.date, b.recorded_at, &b.id)));
    let mut state: Option<CaseState> = None;
    for event in ordered {
        if until.is_some_and(|u| event.date > u) {
            break;
        }
        if voided.contains(&event.id) {
            continue;
        }
        let date = event.date;
        match (&event.kind, state.as_mut()) {
            (EventKind::Admitted(a), None) => {
                state = Some(CaseState {
                    status: Status::Active,
                    provider: a.provider.clone(),
                    area: a.area.clone(),
                    admitted_on: date,
                    last_change: date,
                    deactivation_reason: None,
                });
            }
            (EventKind::Admitted(_), Some(_)) => return Err(CaseError::SecondAdmission),
            (EventKind::Voided { .. } | EventKind::Deleted, _) => {}
            (_, None) => return Err(CaseError::NoAdmission),
            (EventKind::Deactivated { reason }, Some(s)) => {
                if s.status == Status::Inactive {
                    return Err(CaseError::AlreadyInactive { date });
                }
                s.status = Status::Inactive;
                s.deactivation_reason = Some(reason.clone());
                s.last_change = date;
            }
            (EventKind::Reactivated, Some(s)) => {
                if s.status == Status::Active {
                    return Err(CaseError::AlreadyActive { date });
                }
                s.status = Status::Active;
                s.deactivation_reason = None;
                s.last_change = date;
            }
            (EventKind::HandedOver { to }, Some(s)) => {
                if &s.provider == to {
                    return Err(CaseError::SameProvider { date });
                }
                s.provider = to.clone();
                s.last_change = date;
            }
        }
    }
    Ok(state)
}

/// An active case whose responsible provider differs under the rules in force on a date.
#[derive(Clone, Debug, PartialEq)]
pub struct HandoverCandidate {
    pub code: CaseCode,
    pub area: AreaId,
    pub from: ProviderId,
    pub to: ProviderId,
}

/// The active cases on `on` whose provider differs from the one the rules name for their
/// area on `on`; used when a new version of the assignment rules starts.
pub fn handover_candidates(
    cases: &[Case],
    rules: &RuleSet,
    on: NaiveDate,
) -> Vec<HandoverCandidate> {
    cases
        .iter()
        .filter_map(|case| {
            let state = case.current_state()?;
            if state.status != Status::Active {
                return None;
            }
            let to = rules.provider_for(&state.area, on).ok()?;
            (to.id != state.provider).then(|| HandoverCandidate {
                code: case.code.clone(),
                area: state.area.clone(),
                from: state.provider.clone(),
                to: to.id.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2023, 6, 1);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn case(date: NaiveDate, area: &str, provider: &str) -> Case {
        Case::admit(
            CaseCode::from_random(1),
            RecordId::from_random(1),
            date,
            0,
            Admission {
                area: AreaId::new(area),
                provider: ProviderId::new(provider),
                problems: vec![],
                parties: vec![],
                way_in: WayInId::new("self"),
                against_suggestion: None,
            },
            today(),
        )
        .unwrap()
    }

    fn event(id: u64, date: NaiveDate, kind: EventKind) -> CaseEvent {
        CaseEvent {
            id: RecordId::from_random(id),
            date,
            recorded_at: id as i64,
            kind,
        }
    }

    fn deactivate() -> EventKind {
        EventKind::Deactivated {
            reason: DeactivationReasonId::new("moved-away"),
        }
    }

    #[test]
    fn dates_and_times_outside_the_calendar_span_are_refused() {
        let admission = || case(d(2022, 3, 1), "links", "lernen-foerdern").events[0].clone();
        let EventKind::Admitted(facts) = admission().kind else {
            unreachable!("case() admits");
        };
        let admit = |date, recorded_at| {
            Case::admit(
                CaseCode::from_random(1),
                RecordId::from_random(1),
                date,
                recorded_at,
                facts.clone(),
                NaiveDate::MAX,
            )
        };
        for date in [NaiveDate::MIN, d(0, 1, 1), d(1999, 12, 31)] {
            assert_eq!(
                admit(date, 0).map(|_| ()),
                Err(CaseError::DateOutOfRange { date })
            );
        }
        assert_eq!(
            admit(d(2022, 3, 1), -1).map(|_| ()),
            Err(CaseError::RecordedAtOutOfRange { recorded_at: -1 })
        );
        let mut c = case(d(2022, 3, 1), "links", "lernen-foerdern");
        for date in [d(2101, 1, 1), d(9999, 12, 31), NaiveDate::MAX] {
            assert_eq!(
                c.record(event(2, date, deactivate()), NaiveDate::MAX),
                Err(CaseError::DateOutOfRange { date })
            );
        }
        let late = CaseEvent {
            recorded_at: i64::MAX,
            ..event(2, d(2022, 4, 1), deactivate())
        };
        assert_eq!(
            c.record(late, today()),
            Err(CaseError::RecordedAtOutOfRange {
                recorded_at: i64::MAX
            })
        );
        assert_eq!(c.events, vec![admission()]);
    }

    #[test]
    fn transitions_and_as_of_state() {
        let mut c = case(d(2022, 3, 1), "links", "lernen-foerdern");
        c.record(
            event(
                2,
                d(2022, 10, 4),
                EventKind::HandedOver {
                    to: "caritas".into(),
                },
            ),
            today(),
        )
        .unwrap();
        c.record(event(3, d(2023, 1, 10), deactivate()), today())
            .unwrap();
        c.record(event(4, d(2023, 3, 1), EventKind::Reactivated), today())
            .unwrap();
        assert_eq!(c.state_on(d(2022, 2, 28)), None);
        let s = c.state_on(d(2022, 10, 3)).unwrap();
        assert_eq!(
            (s.status, s.provider.as_str()),
            (Status::Active, "lernen-foerdern")
        );
        let s = c.state_on(d(2022, 10, 4)).unwrap();
        assert_eq!(s.provider.as_str(), "caritas");
        assert_eq!(c.state_on(d(2023, 1, 10)).unwrap().status, Status::Inactive);
        assert_eq!(c.state_on(d(2023, 3, 1)).unwrap().status, Status::Active);
        assert_eq!(
            c.status_on(d(2023, 1, 10)).map(|(s, p)| (s, p.0.clone())),
            Some((Status::Inactive, "caritas".into()))
        );
        assert_eq!(c.current_state().unwrap().last_change, d(2023, 3, 1));
    }

    #[test]
    fn refused_changes() {
        let mut c = case(d(2022, 3, 1), "links", "lernen-foerdern");
        assert_eq!(
            c.record(event(2, d(2023, 6, 2), deactivate()), today()),
            Err(CaseError::FutureDate {
                date: d(2023, 6, 2)
            })
        );
        assert!(matches!(
            c.record(event(2, d(2022, 2, 1), deactivate()), today()),
            Err(CaseError::BeforeAdmission { .. })
        ));
        assert!(matches!(
            c.record(event(2, d(2022, 4, 1), EventKind::Reactivated), today()),
            Err(CaseError::AlreadyActive { .. })
        ));
        assert!(matches!(
            c.record(
                event(
                    2,
                    d(2022, 4, 1),
                    EventKind::HandedOver {
                        to: "lernen-foerdern".into()
                    }
                ),
                today()
            ),
            Err(CaseError::SameProvider { .. })
        ));
        c.record(event(2, d(2022, 5, 1), deactivate()), today())
            .unwrap();
        // A back-dated second deactivation would make the history inconsistent.
        assert!(matches!(
            c.record(event(3, d(2022, 4, 1), deactivate()), today()),
            Err(CaseError::AlreadyInactive { .. })
        ));
        assert_eq!(
            c.record(event(2, d(2022, 5, 2), EventKind::Reactivated), today()),
            Err(CaseError::DuplicateId(RecordId::from_random(2)))
        );
        assert_eq!(
            c.record(
                event(
                    9,
                    d(2022, 5, 2),
                    EventKind::Voided {
                        target: RecordId::from_random(1)
                    }
                ),
                today()
            ),
            Err(CaseError::CannotVoidAdmission)
        );
        assert!(Case::admit(
            CaseCode::from_random(2),
            RecordId::from_random(5),
            d(2024, 1, 1),
            0,
            c.admission().unwrap().1.clone(),
            today()
        )
        .is_err());
    }

    #[test]
    fn corrections_void_and_stay_visible() {
        let mut c = case(d(2022, 3, 1), "links", "lernen-foerdern");
        c.record(event(2, d(2022, 5, 1), deactivate()), today())
            .unwrap();
        c.record(event(3, d(2022, 6, 1), EventKind::Reactivated), today())
            .unwrap();
        // Voiding the deactivation would leave a reactivation of an active case: refused.
        assert!(matches!(
            c.record(
                event(
                    4,
                    d(2022, 7, 1),
                    EventKind::Voided {
                        target: RecordId::from_random(2)
                    }
                ),
                today()
            ),
            Err(CaseError::AlreadyActive { .. })
        ));
        c.record(
            event(
                4,
                d(2022, 7, 1),
                EventKind::Voided {
                    target: RecordId::from_random(3),
                },
            ),
            today(),
        )
        .unwrap();
        assert_eq!(c.current_state().unwrap().status, Status::Inactive);
        let history = c.history_entries();
        assert!(history
            .iter()
            .any(|h| h.voided && h.event.kind == EventKind::Reactivated));
        assert_eq!(
            c.record(
                event(
                    5,
                    d(2022, 7, 1),
                    EventKind::Voided {
                        target: RecordId::from_random(3)
                    }
                ),
                today()
            ),
            Err(CaseError::AlreadyVoided(RecordId::from_random(3)))
        );
        c.record(event(6, d(2022, 8, 1), EventKind::Deleted), today())
            .unwrap();
        assert!(c.is_deleted());
        assert_eq!(c.state_on(today()), None);
        assert_eq!(
            c.record(event(7, d(2022, 8, 1), EventKind::Reactivated), today()),
            Err(CaseError::Deleted)
        );
    }

    #[test]
    fn handover_candidates_follow_the_new_rules() {
        let rules = RuleSet::default_rheine();
        let links = case(d(2022, 3, 1), "links", "lernen-foerdern");
        let mut rechts = case(d(2022, 3, 1), "rechts", "lernen-foerdern");
        rechts.code = CaseCode::from_random(2);
        let mut inactive = case(d(2022, 3, 1), "links", "lernen-foerdern");
        inactive.code = CaseCode::from_random(3);
        inactive
            .record(event(2, d(2022, 5, 1), deactivate()), today())
            .unwrap();
        let candidates = handover_candidates(&[links, rechts, inactive], &rules, d(2022, 7, 1));
        assert_eq!(candidates.len(), 1);
        assert_eq!(candidates[0].to.as_str(), "caritas");
    }
}
