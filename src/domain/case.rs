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

// TODO(helper): implement; the types below are the agreed interface.

use crate::domain::ids::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
