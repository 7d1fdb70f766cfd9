//! Cases (*Fälle*) as dated event histories.
//!
//! A case is an anonymised code plus an append-only list of dated events. Nothing is ever
//! overwritten: a status change, a handover (*Übergabe*) or a correction is a new event, and the
//! state of a case on any date is a fold over the events effective on that date.
//!
//! Design decisions:
//! - Events carry a random [`RecordId`] so the histories of the same case seen on two devices
//!   can be merged as a set union (see `exchange`).
//! - Events are ordered by `(date, recorded_at, id)` ([`CaseEvent::fold_order`]): the date the
//!   change took effect, then the moment it was recorded (milliseconds supplied by the caller),
//!   then the id as a tie-breaker, so every device folds the same history to the same state.
//! - A correction voids an earlier event (`Voided { target }`); the voided event stays in the
//!   history and is shown struck through, but no longer counts. Correcting the content of an
//!   entry is "void + record the right one". A correction that is itself voided still voids
//!   its target: corrections are not undone, the right entry is recorded again instead.
//! - The order and the set of voided events live in one type, [`History`], built once per
//!   question; everything that reads a case's course goes through it, and every state (the
//!   checked [`CaseState`] as well as the lenient [`Case::status_on`] of the reports) comes
//!   from its one fold.
//! - Deleting a case entered by mistake is an event too (`Deleted`), so that a merge with an
//!   older export cannot bring the case back.
//! - Every event's date lies in the years of [`calendar`] and its `recorded_at` between the
//!   Unix epoch and the end of the last of them ([`CaseEvent::check_bounds`]); recording and
//!   importing refuse anything else.
//! - A counselling session (*Beratungstermin*, [`EventKind::Session`]) is an event of the same
//!   history, voided and merged like every other, but it changes no state and is no change in
//!   "Letzte Änderung" (docs/decisions/0042). It is identified by its content, not by
//!   chance: its id is its date, its form and a number ([`CaseEvent::session`]), its
//!   `recorded_at` is 0. So one case holds at most one effective session per date and form, a
//!   repeated press records nothing new, the same session recorded on two devices merges into
//!   one, and a register of 200,000 sessions is stored as dates and forms (docs/decisions/0043).
//!   On its date a session follows the other events, and it may be recorded on a day the case
//!   was active at its start or at its end (so on the day of a deregistration or of a
//!   reactivation), never on a day it was *abgemeldet* throughout.

use crate::domain::calendar;
use crate::domain::ids::*;
pub use crate::domain::intake::IntakeId;
use crate::domain::rules::RuleSet;
use crate::domain::sorting;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

mod event_kind_json;

/// A case: its code and its history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub code: CaseCode,
    /// Every event ever recorded, in any order; read it through [`Case::history`].
    pub events: Events,
}

/// The events of a case: a list, shared by the copies of a case until one of them changes
/// (copy on write), with what a walk of it found out kept beside it.
///
/// Storage keeps a copy of every case it last wrote, to encode again only the chunks whose
/// cases changed (`storage::parts`). Comparing 20,000 cases with 300,000 events with that copy
/// took most of a save after one session was recorded. A copy of a case now shares its events,
/// and two cases sharing them are equal without reading them ([`Events::eq`]); changing the
/// events of one copy (any `&mut` use, through [`DerefMut`](std::ops::DerefMut)) gives it a list
/// of its own first, so the other copy never sees the change.
///
/// Every history of the case starts with one walk of its events: are they in fold order, does
/// a correction void one, does one delete the case ([`Facts`]). The answer is kept with the
/// list until it changes (a `&mut` use forgets it), so a report over 20,000 cases does not walk
/// 300,000 events again for it every time it is shown. Read and written as the plain list.
#[derive(Clone, Default)]
pub struct Events(std::sync::Arc<Listed>);

#[derive(Clone, Default)]
struct Listed {
    events: Vec<CaseEvent>,
    facts: std::sync::OnceLock<Facts>,
}

/// What one walk of a case's events finds ([`Events::facts`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Facts {
    /// In fold order as stored (recording, importing and merging leave them so).
    in_order: bool,
    /// A correction (`Voided`) is among them.
    corrected: bool,
    /// An event deletes the case ([`Case::is_deleted`]).
    deleted: bool,
}

impl Facts {
    /// One walk of `events`, handing each correction's target to `voided`.
    fn of<'a>(events: &'a [CaseEvent], mut voided: impl FnMut(&'a RecordId)) -> Facts {
        let mut facts = Facts {
            in_order: true,
            corrected: false,
            deleted: false,
        };
        let mut before: Option<&CaseEvent> = None;
        for event in events {
            match &event.kind {
                EventKind::Voided { target } => {
                    facts.corrected = true;
                    voided(target);
                }
                EventKind::Deleted => facts.deleted = true,
                _ => {}
            }
            facts.in_order = facts.in_order && before.is_none_or(|b| b.fold_order(event).is_le());
            before = Some(event);
        }
        facts
    }
}

impl Events {
    /// Whether `self` and `other` are the same list, not only equal ones (a copy not changed
    /// since it was made).
    pub fn shared_with(&self, other: &Events) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }

    /// What a walk of the events finds, walked once per list.
    fn facts(&self) -> Facts {
        *self
            .0
            .facts
            .get_or_init(|| Facts::of(&self.0.events, |_| {}))
    }
}

impl std::fmt::Debug for Events {
    /// As the plain list.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.events.fmt(f)
    }
}

impl std::ops::Deref for Events {
    type Target = Vec<CaseEvent>;
    fn deref(&self) -> &Vec<CaseEvent> {
        &self.0.events
    }
}

impl std::ops::DerefMut for Events {
    /// The list to change: this copy's own (cloned first when it is shared), its facts
    /// forgotten.
    fn deref_mut(&mut self) -> &mut Vec<CaseEvent> {
        let listed = std::sync::Arc::make_mut(&mut self.0);
        listed.facts = std::sync::OnceLock::new();
        &mut listed.events
    }
}

impl PartialEq for Events {
    /// Equal when shared (nothing changed either copy), else compared event by event.
    fn eq(&self, other: &Events) -> bool {
        self.shared_with(other) || self.0.events == other.0.events
    }
}

impl From<Vec<CaseEvent>> for Events {
    fn from(events: Vec<CaseEvent>) -> Self {
        Events(std::sync::Arc::new(Listed {
            events,
            facts: std::sync::OnceLock::new(),
        }))
    }
}

impl FromIterator<CaseEvent> for Events {
    fn from_iter<I: IntoIterator<Item = CaseEvent>>(events: I) -> Self {
        Events::from(events.into_iter().collect::<Vec<_>>())
    }
}

impl<'a> IntoIterator for &'a Events {
    type Item = &'a CaseEvent;
    type IntoIter = std::slice::Iter<'a, CaseEvent>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.events.iter()
    }
}

impl<'a> IntoIterator for &'a mut Events {
    type Item = &'a mut CaseEvent;
    type IntoIter = std::slice::IterMut<'a, CaseEvent>;
    fn into_iter(self) -> Self::IntoIter {
        std::ops::DerefMut::deref_mut(self).iter_mut()
    }
}

impl Serialize for Events {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.events.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Events {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<CaseEvent>::deserialize(deserializer).map(Events::from)
    }
}

/// One dated change of a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub id: RecordId,
    /// The day the change took effect (not the day it was typed).
    #[serde(with = "crate::domain::calendar::iso_date")]
    pub date: NaiveDate,
    /// When it was recorded, in milliseconds since the Unix epoch (supplied by the caller);
    /// 0 for a session, which is identified by its content ([`CaseEvent::session`]).
    pub recorded_at: i64,
    pub kind: EventKind,
}

/// What happened. Written as an internally tagged object (`{"type": "moved", "to": "nord"}`);
/// read in one pass by [`event_kind_json`], not by serde's buffering derive.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// Admission into KIM case management; always the first effective event of a case.
    /// Boxed: one event of a case is an admission, most are sessions, and an event is as large
    /// as its largest kind (a register's 300,000 events took 34 instead of 17 MB, and every
    /// walk of a report passes them).
    Admitted(Box<Admission>),
    /// The case became inactive (*inaktiv*, *abgemeldet*), for a reason of the rule set, and
    /// optionally with an evaluation of how far its goals were reached (*Bewertung*); a
    /// reason that implies an evaluation allows no other (`RuleSet::implied_evaluation`).
    /// `evaluation` is absent in files written before it existed and left out when `None`.
    Deactivated {
        reason: DeactivationReasonId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        evaluation: Option<EvaluationId>,
    },
    /// The case became active (*aktiv*) again.
    Reactivated,
    /// Responsibility moved to another provider (*Übergabe*). `rule_change` is set when the
    /// handover was made from *Übergaben nach Regeländerung* (the assignment rules changed),
    /// so the report can say "aufgrund der geänderten Zuständigkeit"; absent in files written
    /// before it existed (read as `false`) and left out of the JSON when `false`.
    HandedOver {
        to: ProviderId,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        rule_change: bool,
    },
    /// The person moved to another area (*Umzug*): from this date the case lives there, and
    /// the report per area and the handover proposals of a rule change follow it. The
    /// provider stays until a handover says otherwise.
    Moved { to: AreaId },
    /// A counselling session (*Beratungstermin*) in a form of the rule set's catalogue;
    /// nothing else (no note, no time, no topic). Changes no state.
    Session { form: SessionFormId },
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
    /// The intake check that admitted the case: one check admits one case
    /// ([`crate::domain::Dataset::admit`]). Absent in cases recorded before it existed, and
    /// then left out of the JSON, so stored documents and exports written before still load
    /// and read the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intake: Option<IntakeId>,
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
    /// Date of the last effective change up to the date asked for (sessions are no change).
    pub last_change: NaiveDate,
    pub deactivation_reason: Option<DeactivationReasonId>,
    /// Date of the last effective session up to the date asked for.
    pub last_session: Option<NaiveDate>,
    /// The day the case last became active: its admission or its last reactivation.
    pub active_since: NaiveDate,
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
    /// A move to the area the case already lives in.
    #[error("the case already lives in that area on {date}")]
    SameArea { date: NaiveDate },
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
    /// A session on a day the case was inactive (*abgemeldet*) from its start to its end.
    #[error("the case is inactive on {date}; no session can be recorded")]
    SessionWhileInactive { date: NaiveDate },
    /// A session of this form is already recorded on this date (a repeated press).
    #[error("a session of this form is already recorded on {date}")]
    SessionAlreadyRecorded { date: NaiveDate },
    /// A session whose id or recording time is not the one its date and form give
    /// ([`CaseEvent::session`]).
    #[error("session {0} is not identified by its date and form")]
    SessionIdentity(RecordId),
}

impl CaseEvent {
    /// The session of `form` on `date`, the `n`-th of that date and form in its case (the
    /// earlier ones voided): its id is [`RecordId::of_session`], its `recorded_at` 0.
    pub fn session(date: NaiveDate, n: u32, form: SessionFormId) -> CaseEvent {
        CaseEvent {
            id: RecordId::of_session(date, n, &form),
            date,
            recorded_at: 0,
            kind: EventKind::Session { form },
        }
    }

    /// The number of a session that is identified as [`CaseEvent::session`] identifies it;
    /// `None` for any other event.
    pub fn session_number(&self) -> Option<u32> {
        let EventKind::Session { form } = &self.kind else {
            return None;
        };
        if self.recorded_at != 0 {
            return None;
        }
        // Read without building the id again (a save of a chunk asks it of 2,560 sessions).
        let mut date = String::with_capacity(10);
        crate::domain::ids::push_date(&mut date, self.date);
        let number = self
            .id
            .as_str()
            .strip_prefix(date.as_str())?
            .strip_prefix('.')?
            .strip_suffix(form.as_str())?
            .strip_suffix('.')?;
        // Decimal without leading zeros (what `RecordId::of_session` writes).
        let canonical = !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit())
            && (number == "0" || !number.starts_with('0'));
        number.parse().ok().filter(|_| canonical)
    }

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
            kind: EventKind::Admitted(admission.into()),
        };
        // "In the future" first: it is what a person who typed the date needs to hear.
        if date > today {
            return Err(CaseError::FutureDate { date });
        }
        event.check_bounds()?;
        Ok(Case {
            code,
            events: vec![event].into(),
        })
    }

    /// The events in fold order, with the voided ones known; see [`History`].
    pub fn history(&self) -> History<'_> {
        History::of(&self.events)
    }

    /// Whether the case was deleted as entered by mistake: an event deletes it, voided or not
    /// ([`History::is_deleted`] tells the same in the walk that builds a history).
    pub fn is_deleted(&self) -> bool {
        self.events.facts().deleted
    }

    /// The admission date and facts.
    pub fn admission(&self) -> Option<(&NaiveDate, &Admission)> {
        self.events.iter().find_map(|e| match &e.kind {
            EventKind::Admitted(a) => Some((&e.date, &**a)),
            _ => None,
        })
    }

    /// The intake check the case was admitted from, when recorded.
    pub fn intake(&self) -> Option<&IntakeId> {
        self.admission().and_then(|(_, a)| a.intake.as_ref())
    }

    /// The admission date.
    pub fn admitted_on(&self) -> Option<NaiveDate> {
        self.admission().map(|(d, _)| *d)
    }

    /// The state on `date` (events dated on `date` count); `None` when deleted or not yet
    /// admitted on that date, or when the history up to `date` is inconsistent.
    pub fn state_on(&self, date: NaiveDate) -> Option<CaseState> {
        if self.is_deleted() {
            return None;
        }
        self.history().state(Some(date)).ok().flatten()
    }

    /// The state after every event.
    pub fn current_state(&self) -> Option<CaseState> {
        if self.is_deleted() {
            return None;
        }
        self.history().state(None).ok().flatten()
    }

    /// Status and provider on `date` without building a [`CaseState`]; for reports over many
    /// cases. Lenient where [`Case::state_on`] is strict: a merged history with, say, two
    /// deactivations recorded on two devices still counts (see [`History::status`]).
    pub fn status_on(&self, date: NaiveDate) -> Option<(Status, &ProviderId)> {
        self.placement_on(date).map(|p| (p.status, p.provider))
    }

    /// [`Case::status_on`] with the area the case lives in on `date`.
    pub fn placement_on(&self, date: NaiveDate) -> Option<Placement<'_>> {
        self.placements_on(std::slice::from_ref(&date))
            .next()
            .flatten()
    }

    /// [`Case::placement_on`] for each of `dates`, reading the history once (and only for a
    /// date the case is admitted by): a report over many cases asks every case for every
    /// reporting date.
    pub fn placements_on<'a, 'd>(
        &'a self,
        dates: &'d [NaiveDate],
    ) -> impl Iterator<Item = Option<Placement<'a>>> + 'd
    where
        'a: 'd,
    {
        let admitted_on = self.admitted_on();
        // One walk of the history for all the dates (which also tells whether the case was
        // deleted), and none when no date needs it.
        let placements = match admitted_on {
            Some(admitted_on) if dates.iter().any(|d| *d >= admitted_on) => {
                let history = self.history();
                if history.is_deleted() {
                    Vec::new()
                } else {
                    history.placements(dates)
                }
            }
            _ => Vec::new(),
        };
        dates.iter().enumerate().map(move |(i, &date)| {
            if admitted_on? > date {
                return None;
            }
            placements.get(i).copied().flatten()
        })
    }

    /// Every event in order, marked when voided.
    pub fn history_entries(&self) -> Vec<HistoryEntry> {
        self.history().entries()
    }

    /// Records a counselling session of `form` on `date` ([`CaseEvent::session`], numbered one
    /// above the sessions of that date and form already in the history, all voided); refused
    /// as [`Case::record`] refuses it, so a repeated press is
    /// [`CaseError::SessionAlreadyRecorded`] and records nothing.
    pub fn record_session(
        &mut self,
        date: NaiveDate,
        form: SessionFormId,
        today: NaiveDate,
    ) -> Result<(), CaseError> {
        let n = self
            .events
            .iter()
            .filter(|e| {
                e.date == date && matches!(&e.kind, EventKind::Session { form: f } if *f == form)
            })
            .filter_map(CaseEvent::session_number)
            .max()
            .map_or(0, |highest| highest.saturating_add(1));
        self.record(CaseEvent::session(date, n, form), today)
    }

    /// Appends an event after checking that the whole history stays valid with it. A session
    /// must be identified by its content ([`CaseEvent::session`]), not repeat an effective
    /// session of its date and form, and lie on a day the case was active at its start or end.
    pub fn record(&mut self, event: CaseEvent, today: NaiveDate) -> Result<(), CaseError> {
        if self.is_deleted() {
            return Err(CaseError::Deleted);
        }
        if event.date > today {
            return Err(CaseError::FutureDate { date: event.date });
        }
        event.check_bounds()?;
        if let EventKind::Session { form } = &event.kind {
            if event.session_number().is_none() {
                return Err(CaseError::SessionIdentity(event.id));
            }
            if self
                .history()
                .sessions()
                .any(|s| s.date == event.date && s.form == form)
            {
                return Err(CaseError::SessionAlreadyRecorded { date: event.date });
            }
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
                if self.history().is_voided(target) {
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
        if matches!(event.kind, EventKind::Session { .. }) {
            let history = self.history();
            let active = |date: NaiveDate| {
                history
                    .status(date)
                    .is_some_and(|(status, _)| status == Status::Active)
            };
            let at_start = event
                .date
                .pred_opt()
                .is_some_and(|before| before >= admitted_on && active(before));
            if !at_start && !active(event.date) {
                return Err(CaseError::SessionWhileInactive { date: event.date });
            }
        }
        let mut candidate = self.events.clone();
        candidate.push(event);
        History::new(&candidate).state(None)?;
        sorting::sort_by(&mut candidate, CaseEvent::fold_order);
        self.events = candidate;
        Ok(())
    }
}

impl CaseEvent {
    /// The one order of a case's events: `(date, recorded_at, id)`, except that on its date a
    /// session follows every other event (it changes nothing, and is counted with the state
    /// the day's changes leave). Every fold, every list of a history and every stored or
    /// exported case uses it.
    pub fn fold_order(&self, other: &CaseEvent) -> Ordering {
        // The date decides almost always; the rest only on one day (a report compares every
        // neighbour of 300,000 events).
        self.date.cmp(&other.date).then_with(|| {
            let session = |e: &CaseEvent| matches!(e.kind, EventKind::Session { .. });
            (session(self), self.recorded_at, &self.id).cmp(&(
                session(other),
                other.recorded_at,
                &other.id,
            ))
        })
    }
}

/// The refusal of a status or provider change: none before the admission, `error` when the
/// change changes nothing.
fn refusal(admitted: bool, unchanged: bool, error: CaseError) -> Option<CaseError> {
    if !admitted {
        Some(CaseError::NoAdmission)
    } else if unchanged {
        Some(error)
    } else {
        None
    }
}

/// A case's history read once: its events in [`CaseEvent::fold_order`], and the ids a
/// correction voids.
///
/// The *effective* events ([`History::events`]) are the ones that count: every event except
/// the voided ones and the void markers (`Voided { .. }`) themselves. A void marker that a later
/// correction voids still voids its own target (see the module documentation); no function
/// here brings a voided event back. `Deleted` stays among the effective events; it changes no
/// state, and [`Case::is_deleted`] answers whether a case counts at all.
#[derive(Clone, Debug)]
pub struct History<'a> {
    /// Every event, void markers and voided events included, in fold order.
    ordered: Ordered<'a>,
    /// Targets of every correction, whether or not the correction is itself voided. A list:
    /// corrections are rare, and most histories have none (no allocation then).
    voided: Vec<&'a RecordId>,
    /// Whether an event deletes the case ([`Case::is_deleted`]), found in the same walk.
    deleted: bool,
}

/// What the fold reaches: the lenient state every event leaves, and the first transition the
/// rules of a case refuse. Borrowed from the events, so a report over many cases clones
/// nothing.
struct Folded<'a> {
    /// The first effective admission, with its date.
    admission: Option<(NaiveDate, &'a Admission)>,
    status: Status,
    provider: Option<&'a ProviderId>,
    /// The area the case lives in: the admission's, then each move's.
    area: Option<&'a AreaId>,
    deactivation_reason: Option<&'a DeactivationReasonId>,
    last_change: Option<NaiveDate>,
    /// The date of the last effective session.
    last_session: Option<NaiveDate>,
    /// The day the case last became active (admission or reactivation).
    active_since: Option<NaiveDate>,
    /// Days in case management in the spans closed so far (admission or reactivation to the
    /// next deregistration).
    closed_days: i64,
    /// The first event that is not a valid transition (a second admission, a deactivation
    /// of an inactive case, …), as the error [`Case::record`] refuses it with.
    refused: Option<CaseError>,
    /// Every effective handover that moved the case to another provider, in order.
    moves: Vec<Move<'a>>,
}

/// Where a case stands on a date, for the reports ([`History::placement`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement<'a> {
    pub status: Status,
    pub provider: &'a ProviderId,
    /// The area the case lives in on that date (after moves).
    pub area: &'a AreaId,
}

/// A handover that moved a case from one provider to another ([`History::moves`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move<'a> {
    pub date: NaiveDate,
    pub from: &'a ProviderId,
    pub to: &'a ProviderId,
    /// Made from *Übergaben nach Regeländerung* (see [`EventKind::HandedOver`]).
    pub rule_change: bool,
}

/// An effective counselling session, with the provider responsible on its date
/// ([`History::sessions`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionHeld<'a> {
    pub date: NaiveDate,
    pub form: &'a SessionFormId,
    /// The provider responsible on the session's date (after that day's handovers).
    pub provider: &'a ProviderId,
}

/// What a report period holds of a case ([`History::in_period`]).
#[derive(Clone, Debug, PartialEq)]
pub struct InPeriod<'a> {
    /// Active on at least one day of the period: active at its start, or admitted or
    /// reactivated within it.
    pub active: bool,
    /// The provider responsible on the period's last day; `None` before the admission.
    pub provider_at_end: Option<&'a ProviderId>,
    /// The effective sessions in the period, each date and form once.
    pub sessions: Vec<SessionHeld<'a>>,
    /// The deregistrations in the period that ended a span.
    pub endings: Vec<Ending<'a>>,
}

/// An effective deregistration (*Abmeldung*), the end of a span in case management
/// ([`History::endings`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ending<'a> {
    pub date: NaiveDate,
    pub reason: &'a DeactivationReasonId,
    pub evaluation: Option<&'a EvaluationId>,
    /// The provider responsible on the day of the deregistration.
    pub provider: &'a ProviderId,
    /// Days in case management up to this deregistration: every span from the admission or a
    /// reactivation to the next deregistration, this one's included.
    pub days: i64,
}

impl<'a> Folded<'a> {
    fn new() -> Self {
        Folded {
            admission: None,
            status: Status::Active,
            provider: None,
            area: None,
            deactivation_reason: None,
            last_change: None,
            last_session: None,
            active_since: None,
            closed_days: 0,
            refused: None,
            moves: Vec::new(),
        }
    }

    /// Applies one effective event. Every event takes effect, also one the rules refuse; the
    /// first refused one is kept in [`Folded::refused`].
    fn apply(&mut self, event: &'a CaseEvent) {
        let date = event.date;
        if let EventKind::Session { .. } = event.kind {
            // First and alone: two thirds of a register's events are sessions, and a session
            // changes nothing else and is never refused.
            self.last_session = Some(date);
            return;
        }
        let admitted = self.admission.is_some();
        let refused = match &event.kind {
            EventKind::Admitted(a) => {
                if !admitted {
                    self.admission = Some((date, a));
                    self.last_change = Some(date);
                    self.active_since = Some(date);
                }
                self.provider = Some(&a.provider);
                self.area = Some(&a.area);
                admitted.then_some(CaseError::SecondAdmission)
            }
            EventKind::Voided { .. } | EventKind::Deleted | EventKind::Session { .. } => None,
            EventKind::Deactivated { reason, .. } => {
                let already = self.status == Status::Inactive;
                if !already {
                    self.closed_days += self.open_days(date);
                }
                self.status = Status::Inactive;
                self.deactivation_reason = Some(reason);
                self.last_change = Some(date);
                refusal(admitted, already, CaseError::AlreadyInactive { date })
            }
            EventKind::Reactivated => {
                let already = self.status == Status::Active;
                if !already {
                    self.active_since = Some(date);
                }
                self.status = Status::Active;
                self.deactivation_reason = None;
                self.last_change = Some(date);
                refusal(admitted, already, CaseError::AlreadyActive { date })
            }
            EventKind::Moved { to } => {
                let same = self.area == Some(to);
                self.area = Some(to);
                self.last_change = Some(date);
                refusal(admitted, same, CaseError::SameArea { date })
            }
            EventKind::HandedOver { to, rule_change } => {
                let same = self.provider == Some(to);
                if let (Some(from), false) = (self.provider, same) {
                    self.moves.push(Move {
                        date,
                        from,
                        to,
                        rule_change: *rule_change,
                    });
                }
                self.provider = Some(to);
                self.last_change = Some(date);
                refusal(admitted, same, CaseError::SameProvider { date })
            }
        };
        if self.refused.is_none() {
            self.refused = refused;
        }
    }

    /// Status, provider and area so far; `None` while no admission names a provider.
    fn placement(&self) -> Option<Placement<'a>> {
        Some(Placement {
            status: self.status,
            provider: self.provider?,
            area: self.area?,
        })
    }

    /// Days from the start of the open span (admission or last reactivation) to `date`.
    fn open_days(&self, date: NaiveDate) -> i64 {
        self.active_since
            .map_or(0, |since| (date - since).num_days().max(0))
    }
}

/// A history's events in fold order: as stored when they are in it already (recording,
/// importing and merging leave them so), else sorted. Reading them as stored spares a report
/// over 20,000 cases a copy of every history.
#[derive(Clone, Debug)]
enum Ordered<'a> {
    AsStored(&'a [CaseEvent]),
    Sorted(Vec<&'a CaseEvent>),
}

impl<'a> Ordered<'a> {
    /// The events in fold order, the targets of the corrections among them and what else a
    /// walk of them finds (one walk).
    fn new(events: &'a [CaseEvent]) -> (Self, Vec<&'a RecordId>, Facts) {
        let mut voided = Vec::new();
        let facts = Facts::of(events, |target| voided.push(target));
        (Ordered::of(events, facts), voided, facts)
    }

    /// The events in fold order, given what a walk of them found.
    fn of(events: &'a [CaseEvent], facts: Facts) -> Self {
        if facts.in_order {
            Ordered::AsStored(events)
        } else {
            let mut sorted: Vec<&CaseEvent> = events.iter().collect();
            sorting::sort_by(&mut sorted, |a, b| a.fold_order(b));
            Ordered::Sorted(sorted)
        }
    }

    fn iter(&self) -> OrderedIter<'a, '_> {
        match self {
            Ordered::AsStored(events) => OrderedIter::AsStored(events.iter()),
            Ordered::Sorted(events) => OrderedIter::Sorted(events.iter()),
        }
    }
}

/// The iterator of [`Ordered`].
enum OrderedIter<'a, 'b> {
    AsStored(std::slice::Iter<'a, CaseEvent>),
    Sorted(std::slice::Iter<'b, &'a CaseEvent>),
}

impl<'a> Iterator for OrderedIter<'a, '_> {
    type Item = &'a CaseEvent;

    fn next(&mut self) -> Option<&'a CaseEvent> {
        match self {
            OrderedIter::AsStored(events) => events.next(),
            OrderedIter::Sorted(events) => events.next().copied(),
        }
    }
}

impl<'a> History<'a> {
    /// Orders `events` and collects the voided ids; in any order, as stored or as merged.
    pub fn new(events: &'a [CaseEvent]) -> Self {
        let (ordered, voided, facts) = Ordered::new(events);
        History {
            ordered,
            voided,
            deleted: facts.deleted,
        }
    }

    /// [`History::new`] of a case's events, from the facts kept with them: without a
    /// correction no target must be collected, and the walk that found that out is not
    /// repeated ([`Events`]).
    fn of(events: &'a Events) -> Self {
        let facts = events.facts();
        if facts.corrected {
            return History::new(events);
        }
        History {
            ordered: Ordered::of(events, facts),
            voided: Vec::new(),
            deleted: facts.deleted,
        }
    }

    /// Whether the case was deleted ([`Case::is_deleted`]; a deleted case counts nowhere).
    pub fn is_deleted(&self) -> bool {
        self.deleted
    }

    /// The effective events in fold order: neither voided nor a void marker.
    pub fn events(&self) -> impl Iterator<Item = &'a CaseEvent> + '_ {
        // Most histories have no correction: then no id is looked up.
        let corrected = !self.voided.is_empty();
        self.ordered.iter().filter(move |e| {
            let voided = corrected && self.is_voided(&e.id);
            !(matches!(e.kind, EventKind::Voided { .. }) || voided)
        })
    }

    /// Whether a correction voids the event `id`.
    pub fn is_voided(&self, id: &RecordId) -> bool {
        self.voided.contains(&id)
    }

    /// The admission the state starts from: the first effective admission, with its date.
    pub fn admission(&self) -> Option<(NaiveDate, &'a Admission)> {
        self.events().find_map(|e| match &e.kind {
            EventKind::Admitted(a) => Some((e.date, &**a)),
            _ => None,
        })
    }

    /// Every event for display, in fold order, void markers and voided events included,
    /// each marked when a correction voids it.
    pub fn entries(&self) -> Vec<HistoryEntry> {
        self.ordered
            .iter()
            .map(|e| HistoryEntry {
                voided: self.is_voided(&e.id),
                event: e.clone(),
            })
            .collect()
    }

    /// The checked state after the effective events up to `until` (all when `None`; events
    /// dated on `until` count): `Ok(None)` before the admission, the first refused transition
    /// as an error.
    pub fn state(&self, until: Option<NaiveDate>) -> Result<Option<CaseState>, CaseError> {
        let folded = self.fold(until);
        if let Some(error) = folded.refused {
            return Err(error);
        }
        Ok(folded.admission.map(|(admitted_on, admission)| CaseState {
            status: folded.status,
            provider: folded.provider.unwrap_or(&admission.provider).clone(),
            area: folded.area.unwrap_or(&admission.area).clone(),
            admitted_on,
            last_change: folded.last_change.unwrap_or(admitted_on),
            deactivation_reason: folded.deactivation_reason.cloned(),
            last_session: folded.last_session,
            active_since: folded.active_since.unwrap_or(admitted_on),
        }))
    }

    /// Status and provider after the effective events up to `date` (events dated on `date`
    /// count), without checking the transitions: a merge of two devices may hold, say, two
    /// deactivations recorded independently, and the reports still count such a case. `None`
    /// while no admission or handover names a provider.
    pub fn status(&self, date: NaiveDate) -> Option<(Status, &'a ProviderId)> {
        self.placement(date).map(|p| (p.status, p.provider))
    }

    /// Status, provider and area after the effective events up to `date`, as leniently as
    /// [`History::status`].
    pub fn placement(&self, date: NaiveDate) -> Option<Placement<'a>> {
        self.fold(Some(date)).placement()
    }

    /// [`History::placement`] on each of `dates` (in any order), in one walk of the fold.
    pub fn placements(&self, dates: &[NaiveDate]) -> Vec<Option<Placement<'a>>> {
        let mut placements = vec![None; dates.len()];
        let mut folded = Folded::new();
        let mut events = self.events().peekable();
        // Reporting dates come sorted (the settings keep them so): then in their order.
        let order: Vec<usize> = if dates.windows(2).all(|w| w[0] <= w[1]) {
            Vec::new()
        } else {
            let mut order: Vec<usize> = (0..dates.len()).collect();
            sorting::sort_by_key(&mut order, |&i| dates.get(i).copied());
            order
        };
        let sorted = 0..if order.is_empty() { dates.len() } else { 0 };
        for i in sorted.chain(order) {
            let Some(&date) = dates.get(i) else {
                continue;
            };
            while let Some(event) = events.next_if(|e| e.date <= date) {
                // A session changes no placement (two thirds of a register's events).
                if !matches!(event.kind, EventKind::Session { .. }) {
                    folded.apply(event);
                }
            }
            if let Some(slot) = placements.get_mut(i) {
                *slot = folded.placement();
            }
        }
        placements
    }

    /// Every effective handover that moved the case from one provider to another, in fold
    /// order (a handover to the provider already responsible moves nothing and is left out).
    pub fn moves(&self) -> Vec<Move<'a>> {
        self.fold(None).moves
    }

    /// The effective sessions in fold order, each date and form once (two devices that
    /// voided and recorded a session again in turn may leave two), with the provider
    /// responsible on the session's date. Read in one pass of the fold.
    pub fn sessions(&self) -> impl Iterator<Item = SessionHeld<'a>> + '_ {
        let mut folded = Folded::new();
        let mut today: Vec<(NaiveDate, &SessionFormId)> = Vec::new();
        self.events().filter_map(move |event| {
            folded.apply(event);
            let EventKind::Session { form } = &event.kind else {
                return None;
            };
            today.retain(|(date, _)| *date == event.date);
            if today.contains(&(event.date, form)) {
                return None;
            }
            today.push((event.date, form));
            Some(SessionHeld {
                date: event.date,
                form,
                provider: folded.provider?,
            })
        })
    }

    /// The effective deregistrations that ended a span in case management (a second
    /// deregistration of an inactive case, merged from two devices, ends none), in fold
    /// order, with the time in case management up to each. Read in one pass of the fold.
    pub fn endings(&self) -> Vec<Ending<'a>> {
        let mut folded = Folded::new();
        let mut endings = Vec::new();
        for event in self.events() {
            let was_active = folded.status == Status::Active && folded.admission.is_some();
            let open = folded.open_days(event.date);
            let closed = folded.closed_days;
            folded.apply(event);
            if let (EventKind::Deactivated { reason, evaluation }, true, Some(provider)) =
                (&event.kind, was_active, folded.provider)
            {
                endings.push(Ending {
                    date: event.date,
                    reason,
                    evaluation: evaluation.as_ref(),
                    provider,
                    days: closed + open,
                });
            }
        }
        endings
    }

    /// What a report period (`start..=end`, both days included) holds of the case, read in one
    /// pass of the fold: whether it was active on a day of it, the provider on its last day,
    /// and its sessions and endings in it, as [`History::sessions`] and
    /// [`History::endings`] read them.
    pub fn in_period(&self, start: NaiveDate, end: NaiveDate) -> InPeriod<'a> {
        let mut sessions = Vec::new();
        let mut endings = Vec::new();
        let (active, provider_at_end) = self.visit_period(
            start,
            end,
            |session| sessions.push(session),
            |ending| endings.push(ending),
        );
        InPeriod {
            active,
            provider_at_end,
            sessions,
            endings,
        }
    }

    /// [`History::in_period`] handing each session and ending to a visitor instead of
    /// collecting them (a report over 20,000 cases counts them as they come); returns whether
    /// the case was active in the period and its provider on the period's last day.
    pub fn visit_period(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        mut on_session: impl FnMut(SessionHeld<'a>),
        mut on_ending: impl FnMut(Ending<'a>),
    ) -> (bool, Option<&'a ProviderId>) {
        let mut folded = Folded::new();
        let mut active = false;
        let mut started = false;
        // The sessions of the date being read, to count each date and form once (sessions of
        // one date follow each other in fold order).
        let mut day: Option<NaiveDate> = None;
        let mut forms_of_day: Vec<&SessionFormId> = Vec::new();
        for event in self.events() {
            if event.date > end {
                break;
            }
            if event.date >= start && !started {
                started = true;
                active = folded.admission.is_some() && folded.status == Status::Active;
            }
            let was_active = folded.status == Status::Active && folded.admission.is_some();
            // The time in case management, asked of a deregistration only (date arithmetic,
            // and a report passes 300,000 events).
            let days = matches!(event.kind, EventKind::Deactivated { .. })
                .then(|| folded.closed_days + folded.open_days(event.date))
                .unwrap_or(0);
            folded.apply(event);
            if event.date < start {
                continue;
            }
            match &event.kind {
                EventKind::Admitted(_) | EventKind::Reactivated => active = true,
                EventKind::Session { form } => {
                    if day != Some(event.date) {
                        day = Some(event.date);
                        forms_of_day.clear();
                    }
                    if forms_of_day.contains(&form) {
                        continue;
                    }
                    forms_of_day.push(form);
                    if let Some(provider) = folded.provider {
                        on_session(SessionHeld {
                            date: event.date,
                            form,
                            provider,
                        });
                    }
                }
                EventKind::Deactivated { reason, evaluation } if was_active => {
                    if let Some(provider) = folded.provider {
                        on_ending(Ending {
                            date: event.date,
                            reason,
                            evaluation: evaluation.as_ref(),
                            provider,
                            days,
                        });
                    }
                }
                _ => {}
            }
        }
        if !started {
            active = folded.admission.is_some() && folded.status == Status::Active;
        }
        (active, folded.admission.and(folded.provider))
    }

    /// The one fold: applies the effective events up to `until` in order (see
    /// [`Folded::apply`]).
    fn fold(&self, until: Option<NaiveDate>) -> Folded<'a> {
        let mut folded = Folded::new();
        for event in self.events() {
            if until.is_some_and(|u| event.date > u) {
                break;
            }
            folded.apply(event);
        }
        folded
    }
}

/// An active case whose responsible provider changes with a new version of the rules.
#[derive(Clone, Debug, PartialEq)]
pub struct HandoverCandidate {
    pub code: CaseCode,
    pub area: AreaId,
    pub from: ProviderId,
    pub to: ProviderId,
}

/// The handovers a new version of the assignment rules, starting on `on`, calls for: the
/// active cases of every area whose provider the version changes, that are still with the
/// provider of the version before (from it to the provider of the new version). A case
/// already with another provider (handed over by hand, or under a later version) is left
/// alone, so choosing an earlier version never proposes handing cases back. Without a version
/// before `on` nothing changes hands.
pub fn handover_candidates(
    cases: &[Case],
    rules: &RuleSet,
    on: NaiveDate,
) -> Vec<HandoverCandidate> {
    let Some(day_before) = on.pred_opt() else {
        return Vec::new();
    };
    cases
        .iter()
        .filter_map(|case| {
            let state = case.current_state()?;
            if state.status != Status::Active {
                return None;
            }
            let from = rules.provider_for(&state.area, day_before).ok()?;
            let to = rules.provider_for(&state.area, on).ok()?;
            (from.id != to.id && state.provider == from.id).then(|| HandoverCandidate {
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
                intake: None,
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
            evaluation: None,
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
                *facts.clone(),
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
        assert_eq!(*c.events, vec![admission()]);
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
                    rule_change: false,
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
            c.status_on(d(2023, 1, 10))
                .map(|(s, p)| (s, p.as_str().to_owned())),
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
                        to: "lernen-foerdern".into(),
                        rule_change: false,
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

    #[test]
    fn a_move_changes_the_area_from_its_date_and_handover_proposals_follow_it() {
        let rules = RuleSet::default_rheine();
        // Admitted on the right bank with Lernen fördern, moved to the left bank in May 2022.
        let mut c = case(d(2022, 3, 1), "rechts", "lernen-foerdern");
        let moved = |id, date, to: &str| event(id, date, EventKind::Moved { to: to.into() });
        assert_eq!(
            c.record(moved(2, d(2022, 4, 1), "rechts"), today()),
            Err(CaseError::SameArea {
                date: d(2022, 4, 1)
            })
        );
        c.record(moved(3, d(2022, 5, 1), "links"), today()).unwrap();
        assert_eq!(c.state_on(d(2022, 4, 30)).unwrap().area.as_str(), "rechts");
        assert_eq!(c.current_state().unwrap().area.as_str(), "links");
        assert_eq!(
            c.current_state().unwrap().provider.as_str(),
            "lernen-foerdern"
        );
        assert_eq!(
            c.placement_on(d(2022, 6, 1)).unwrap().area.as_str(),
            "links"
        );
        // From 01.07.2022 the left bank is Caritas's: the moved case is proposed.
        let proposals = handover_candidates(std::slice::from_ref(&c), &rules, d(2022, 7, 1));
        assert_eq!(proposals.len(), 1);
        assert_eq!(proposals[0].area.as_str(), "links");
        assert_eq!(proposals[0].to.as_str(), "caritas");
    }

    #[test]
    fn handover_candidates_move_only_from_the_provider_before_to_the_new_one() {
        use crate::domain::rules::{Provider, RuleVersion};
        let mut rules = RuleSet::default_rheine();
        rules.providers.push(Provider {
            id: ProviderId::new("drei"),
            name: "Dritter Träger e. V.".into(),
            short_name: "Dritter Träger".into(),
        });
        // A third version from 01.01.2023 gives "links der Ems" to the third provider.
        let current = rules.versions.last_mut().unwrap();
        current.valid_until = Some(d(2022, 12, 31));
        let mut third: RuleVersion = current.clone();
        third.valid_from = d(2023, 1, 1);
        third.valid_until = None;
        for assignment in &mut third.assignments {
            if assignment.area.as_str() == "links" {
                assignment.provider = ProviderId::new("drei");
            }
        }
        rules.versions.push(third);
        rules.validate().unwrap();
        let handed_over = |mut c: Case, n: u64, to: &str| {
            c.code = CaseCode::from_random(n);
            c.record(
                event(
                    n * 10,
                    d(2023, 1, 5),
                    EventKind::HandedOver {
                        to: to.into(),
                        rule_change: true,
                    },
                ),
                today(),
            )
            .unwrap();
            c
        };
        // Still with Lernen fördern (never handed over in 2022), with Caritas (handed over
        // after the rule change of 2022), and with the third provider already.
        let mut still = case(d(2022, 3, 1), "links", "lernen-foerdern");
        still.code = CaseCode::from_random(1);
        let with_caritas = handed_over(
            case(d(2022, 3, 1), "links", "lernen-foerdern"),
            2,
            "caritas",
        );
        let with_third = handed_over(case(d(2022, 3, 1), "links", "lernen-foerdern"), 3, "drei");
        let cases = [still, with_caritas, with_third];

        // The version of 2023: only the case still with Caritas (the provider before) moves.
        let now = handover_candidates(&cases, &rules, d(2023, 1, 1));
        assert_eq!(now.len(), 1, "{now:?}");
        assert_eq!(
            (now[0].from.as_str(), now[0].to.as_str()),
            ("caritas", "drei")
        );
        // The version of 2022, chosen later: only the case still with Lernen fördern moves,
        // nobody is handed back from the third provider to Caritas.
        let then = handover_candidates(&cases, &rules, d(2022, 7, 1));
        assert_eq!(then.len(), 1, "{then:?}");
        assert_eq!(
            (then[0].from.as_str(), then[0].to.as_str()),
            ("lernen-foerdern", "caritas")
        );
        // The first version has none before it.
        assert!(handover_candidates(&cases, &rules, rules.versions[0].valid_from).is_empty());
    }

    fn at(id: u64, date: NaiveDate, recorded_at: i64, kind: EventKind) -> CaseEvent {
        CaseEvent {
            id: RecordId::from_random(id),
            date,
            recorded_at,
            kind,
        }
    }

    fn ids<'a>(events: impl IntoIterator<Item = &'a CaseEvent>) -> Vec<RecordId> {
        events.into_iter().map(|e| e.id.clone()).collect()
    }

    #[test]
    fn history_orders_by_date_then_recorded_at_then_id() {
        let admission = case(d(2022, 3, 1), "links", "lernen-foerdern").events[0].clone();
        let day = d(2022, 5, 1);
        let events = vec![
            at(9, day, 20, EventKind::Reactivated),
            at(8, day, 10, deactivate()),
            at(5, d(2022, 4, 1), 99, deactivate()),
            at(7, day, 20, deactivate()),
            admission,
        ];
        let history = History::new(&events);
        let order = [1, 5, 8, 7, 9].map(RecordId::from_random);
        assert_eq!(ids(history.events()), order);
        let entries: Vec<RecordId> = history.entries().into_iter().map(|h| h.event.id).collect();
        assert_eq!(entries, order);
        // The stored order does not matter.
        let mut reversed = events.clone();
        reversed.reverse();
        assert_eq!(ids(History::new(&reversed).events()), order);
    }

    #[test]
    fn history_leaves_out_voided_events_and_void_markers() {
        let mut c = case(d(2022, 3, 1), "links", "lernen-foerdern");
        c.record(event(2, d(2022, 5, 1), deactivate()), today())
            .unwrap();
        c.record(event(3, d(2022, 6, 1), EventKind::Reactivated), today())
            .unwrap();
        let void = EventKind::Voided {
            target: RecordId::from_random(3),
        };
        c.record(event(4, d(2022, 7, 1), void), today()).unwrap();
        let history = c.history();
        assert_eq!(
            ids(history.events()),
            [1, 2].map(RecordId::from_random),
            "neither the voided reactivation nor the correction counts"
        );
        assert!(history.is_voided(&RecordId::from_random(3)));
        assert!(!history.is_voided(&RecordId::from_random(4)));
        let marked: Vec<bool> = history.entries().iter().map(|h| h.voided).collect();
        assert_eq!(marked, [false, false, true, false]);
        assert_eq!(
            history.admission().map(|(date, _)| date),
            Some(d(2022, 3, 1))
        );
        let state = history.state(None).unwrap().unwrap();
        assert_eq!(state.status, Status::Inactive);
        assert_eq!(
            state.last_change,
            d(2022, 5, 1),
            "a correction is no change"
        );
        assert_eq!(history.status(d(2022, 6, 1)).unwrap().0, Status::Inactive);
    }

    #[test]
    fn a_voided_correction_still_voids_its_target() {
        let mut c = case(d(2022, 3, 1), "links", "lernen-foerdern");
        c.record(event(2, d(2022, 5, 1), deactivate()), today())
            .unwrap();
        let void = |target| EventKind::Voided {
            target: RecordId::from_random(target),
        };
        c.record(event(3, d(2022, 6, 1), void(2)), today()).unwrap();
        // The model lets a correction be voided; that does not bring the deactivation back.
        c.record(event(4, d(2022, 7, 1), void(3)), today()).unwrap();
        let history = c.history();
        assert_eq!(ids(history.events()), [RecordId::from_random(1)]);
        assert!(history.is_voided(&RecordId::from_random(2)));
        assert!(history.is_voided(&RecordId::from_random(3)));
        assert_eq!(c.current_state().unwrap().status, Status::Active);
        assert_eq!(
            c.record(event(5, d(2022, 8, 1), void(2)), today()),
            Err(CaseError::AlreadyVoided(RecordId::from_random(2)))
        );
    }

    #[test]
    fn the_checked_state_refuses_what_the_lenient_status_counts() {
        // Two devices deactivated the same case independently; the merge holds both.
        let c = Case {
            code: CaseCode::from_random(1),
            events: vec![
                case(d(2022, 3, 1), "links", "lernen-foerdern").events[0].clone(),
                at(2, d(2022, 5, 1), 2, deactivate()),
                at(3, d(2022, 5, 3), 3, deactivate()),
            ]
            .into(),
        };
        assert_eq!(
            c.history().state(None),
            Err(CaseError::AlreadyInactive {
                date: d(2022, 5, 3)
            })
        );
        assert_eq!(c.current_state(), None);
        assert_eq!(
            c.status_on(d(2022, 6, 1)).map(|(s, p)| (s, p.as_str())),
            Some((Status::Inactive, "lernen-foerdern"))
        );
        let before = c.state_on(d(2022, 5, 2)).unwrap();
        assert_eq!(before.deactivation_reason, Some("moved-away".into()));
    }

    fn form(id: &str) -> SessionFormId {
        SessionFormId::new(id)
    }

    fn effective_sessions(c: &Case) -> Vec<(NaiveDate, String)> {
        c.history()
            .sessions()
            .map(|s| (s.date, s.form.as_str().to_owned()))
            .collect()
    }

    #[test]
    fn a_session_is_recorded_once_however_often_it_is_pressed() {
        let mut c = case(d(2022, 3, 1), "links", "lernen-foerdern");
        c.record_session(d(2022, 3, 8), form("phone"), today())
            .unwrap();
        for _ in 0..3 {
            assert_eq!(
                c.record_session(d(2022, 3, 8), form("phone"), today()),
                Err(CaseError::SessionAlreadyRecorded {
                    date: d(2022, 3, 8)
                })
            );
        }
        // Another form on the same day, and the same form on another day, are other sessions.
        c.record_session(d(2022, 3, 8), form("home-visit"), today())
            .unwrap();
        c.record_session(d(2022, 3, 9), form("phone"), today())
            .unwrap();
        assert_eq!(c.events.len(), 4);
        assert_eq!(
            effective_sessions(&c),
            [
                (d(2022, 3, 8), "home-visit".to_owned()),
                (d(2022, 3, 8), "phone".to_owned()),
                (d(2022, 3, 9), "phone".to_owned())
            ]
        );
        let session = &c.events[1];
        assert_eq!(session.id.as_str(), "2022-03-08.0.home-visit");
        assert_eq!(session.recorded_at, 0);
        assert_eq!(session.session_number(), Some(0));
    }

    #[test]
    fn a_session_lies_between_the_admission_and_today_on_a_day_the_case_was_active() {
        let mut c = case(d(2022, 3, 1), "links", "lernen-foerdern");
        let session = |c: &mut Case, date| c.record_session(date, form("phone"), today());
        assert_eq!(
            session(&mut c, d(2023, 6, 2)),
            Err(CaseError::FutureDate {
                date: d(2023, 6, 2)
            })
        );
        assert_eq!(
            session(&mut c, d(2022, 2, 28)),
            Err(CaseError::BeforeAdmission {
                date: d(2022, 2, 28),
                admitted_on: d(2022, 3, 1)
            })
        );
        assert_eq!(
            session(&mut c, d(2022, 3, 1)),
            Ok(()),
            "on the admission day"
        );
        c.record(event(2, d(2022, 5, 1), deactivate()), today())
            .unwrap();
        // On the day of the deregistration the case was active at its start.
        assert_eq!(session(&mut c, d(2022, 5, 1)), Ok(()));
        for date in [d(2022, 5, 2), d(2022, 6, 30)] {
            assert_eq!(
                session(&mut c, date),
                Err(CaseError::SessionWhileInactive { date })
            );
        }
        c.record(event(3, d(2022, 7, 1), EventKind::Reactivated), today())
            .unwrap();
        // On the day of the reactivation it is active at its end.
        assert_eq!(session(&mut c, d(2022, 7, 1)), Ok(()));
        c.record(event(4, d(2022, 8, 1), EventKind::Deleted), today())
            .unwrap();
        assert_eq!(session(&mut c, d(2022, 8, 1)), Err(CaseError::Deleted));
    }

    #[test]
    fn sessions_change_no_state_and_no_last_change_and_voids_apply_to_them() {
        let mut c = case(d(2022, 3, 1), "links", "lernen-foerdern");
        c.record(
            event(
                2,
                d(2022, 4, 1),
                EventKind::Moved {
                    to: "rechts".into(),
                },
            ),
            today(),
        )
        .unwrap();
        c.record_session(d(2022, 5, 10), form("phone"), today())
            .unwrap();
        c.record_session(d(2022, 6, 10), form("in-person"), today())
            .unwrap();
        let state = c.current_state().unwrap();
        assert_eq!(state.status, Status::Active);
        assert_eq!(state.last_change, d(2022, 4, 1), "a session is no change");
        assert_eq!(state.last_session, Some(d(2022, 6, 10)));
        assert_eq!(state.active_since, d(2022, 3, 1));
        // Voided, a session no longer counts; recorded again, it is the next of its date and
        // form, and counts once.
        let target = RecordId::of_session(d(2022, 6, 10), 0, &form("in-person"));
        c.record(
            event(5, d(2022, 6, 11), EventKind::Voided { target }),
            today(),
        )
        .unwrap();
        assert_eq!(
            c.current_state().unwrap().last_session,
            Some(d(2022, 5, 10))
        );
        c.record_session(d(2022, 6, 10), form("in-person"), today())
            .unwrap();
        assert_eq!(
            c.events
                .iter()
                .filter_map(CaseEvent::session_number)
                .collect::<Vec<_>>(),
            [0, 0, 1]
        );
        assert_eq!(effective_sessions(&c).len(), 2);
        assert_eq!(
            c.current_state().unwrap().last_session,
            Some(d(2022, 6, 10))
        );
        // On its date a session follows the day's other events.
        let mut same_day = case(d(2022, 3, 1), "links", "lernen-foerdern");
        same_day
            .record_session(d(2022, 3, 1), form("phone"), today())
            .unwrap();
        assert!(matches!(
            same_day.history().events().next().unwrap().kind,
            EventKind::Admitted(_)
        ));
    }

    #[test]
    fn a_session_not_identified_by_its_date_and_form_is_refused() {
        let mut c = case(d(2022, 3, 1), "links", "lernen-foerdern");
        let canonical = CaseEvent::session(d(2022, 3, 5), 0, form("phone"));
        let random_id = CaseEvent {
            id: RecordId::from_random(9),
            ..canonical.clone()
        };
        let timed = CaseEvent {
            recorded_at: 5,
            ..canonical.clone()
        };
        let other_date = CaseEvent {
            date: d(2022, 3, 6),
            ..canonical.clone()
        };
        let leading_zero = CaseEvent {
            id: RecordId::as_written("2022-03-05.00.phone".into()),
            ..canonical.clone()
        };
        for wrong in [random_id, timed, other_date, leading_zero] {
            assert_eq!(wrong.session_number(), None, "{wrong:?}");
            assert_eq!(
                c.record(wrong.clone(), today()),
                Err(CaseError::SessionIdentity(wrong.id))
            );
        }
        let dotted = CaseEvent::session(d(2022, 3, 5), 12, form("a.1.b"));
        assert_eq!(dotted.session_number(), Some(12));
        c.record(canonical, today()).unwrap();
    }

    #[test]
    fn endings_count_the_time_in_case_management_over_every_span() {
        let mut c = case(d(2022, 1, 1), "links", "lernen-foerdern");
        let ended = |reason: &str, evaluation: Option<&str>| EventKind::Deactivated {
            reason: reason.into(),
            evaluation: evaluation.map(Into::into),
        };
        c.record(event(2, d(2022, 3, 2), ended("no-contact", None)), today())
            .unwrap();
        c.record(event(3, d(2022, 6, 1), EventKind::Reactivated), today())
            .unwrap();
        c.record(
            event(
                4,
                d(2022, 6, 15),
                EventKind::HandedOver {
                    to: "caritas".into(),
                    rule_change: false,
                },
            ),
            today(),
        )
        .unwrap();
        c.record(
            event(
                5,
                d(2022, 7, 1),
                ended("goals-reached", Some("goals-reached")),
            ),
            today(),
        )
        .unwrap();
        let endings = c.history().endings();
        assert_eq!(endings.len(), 2);
        // 01.01.–02.03.2022: 60 days.
        assert_eq!((endings[0].date, endings[0].days), (d(2022, 3, 2), 60));
        assert_eq!(endings[0].provider.as_str(), "lernen-foerdern");
        assert_eq!(endings[0].evaluation, None);
        // Then 01.06.–01.07.2022: 30 days more; the inactive months do not count.
        assert_eq!((endings[1].date, endings[1].days), (d(2022, 7, 1), 90));
        assert_eq!(endings[1].provider.as_str(), "caritas");
        assert_eq!(
            endings[1].evaluation.map(EvaluationId::as_str),
            Some("goals-reached")
        );
        // A second deregistration merged from another device ends no span.
        let mut merged = c.clone();
        merged
            .events
            .push(at(6, d(2022, 8, 1), 6, ended("moved-away", None)));
        assert_eq!(merged.history().endings().len(), 2);
    }

    /// A copy of a case shares its events until one of the two changes them; the change is
    /// the changed copy's alone (storage keeps such copies to compare a save with).
    #[test]
    fn copies_of_a_case_share_their_events_until_one_changes() {
        let original = case(d(2022, 3, 1), "links", "lernen-foerdern");
        let mut copy = original.clone();
        assert!(copy.events.shared_with(&original.events));
        assert_eq!(copy, original);
        copy.events.push(at(2, d(2022, 5, 1), 2, deactivate()));
        assert!(!copy.events.shared_with(&original.events));
        assert_eq!(original.events.len(), 1);
        assert_eq!(copy.events.len(), 2);
        assert_ne!(copy, original);
        // Equal lists that are not shared are compared event by event.
        let rebuilt = Case {
            code: original.code.clone(),
            events: original.events.to_vec().into(),
        };
        assert!(!rebuilt.events.shared_with(&original.events));
        assert_eq!(rebuilt, original);
    }

    /// What a walk of a case's events found is kept with them until they change: a
    /// correction or a deletion recorded after a history was read counts in the next one.
    #[test]
    fn a_change_of_the_events_is_seen_by_the_next_history() {
        let mut c = case(d(2022, 3, 1), "links", "lernen-foerdern");
        c.events.push(at(2, d(2022, 5, 1), 2, deactivate()));
        assert_eq!(c.status_on(d(2022, 6, 1)).unwrap().0, Status::Inactive);
        assert!(!c.is_deleted());
        let copy = c.clone();
        let void = |target| EventKind::Voided {
            target: RecordId::from_random(target),
        };
        c.events.push(at(3, d(2022, 6, 1), 3, void(2)));
        assert_eq!(c.status_on(d(2022, 6, 1)).unwrap().0, Status::Active);
        assert_eq!(copy.status_on(d(2022, 6, 1)).unwrap().0, Status::Inactive);
        // Out of order, then deleted.
        c.events
            .insert(0, at(4, d(2022, 7, 1), 4, EventKind::Deleted));
        assert!(c.is_deleted());
        assert!(c.history().is_deleted());
        assert!(!copy.is_deleted());
        assert_eq!(c.history().events().count(), 2);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn kind() -> impl Strategy<Value = EventKind> {
            let provider = |p: bool| ProviderId::new(if p { "caritas" } else { "lernen-foerdern" });
            prop_oneof![
                any::<bool>().prop_map(move |p| EventKind::Admitted(
                    Admission {
                        area: AreaId::new("links"),
                        provider: provider(p),
                        problems: vec![],
                        parties: vec![],
                        way_in: WayInId::new("self"),
                        against_suggestion: None,
                        intake: None,
                    }
                    .into()
                )),
                Just(deactivate()),
                Just(EventKind::Session {
                    form: SessionFormId::new("phone")
                }),
                Just(EventKind::Reactivated),
                any::<bool>().prop_map(move |p| EventKind::HandedOver {
                    to: provider(p),
                    rule_change: p
                }),
                (0u64..8).prop_map(|t| EventKind::Voided {
                    target: RecordId::from_random(t)
                }),
                Just(EventKind::Deleted),
            ]
        }

        fn events() -> impl Strategy<Value = Vec<CaseEvent>> {
            proptest::collection::vec((0u64..8, 0u64..6, 0i64..3, kind()), 0..9).prop_map(|v| {
                v.into_iter()
                    .map(|(id, day, recorded_at, kind)| {
                        at(
                            id,
                            d(2023, 1, 1) + chrono::Days::new(day),
                            recorded_at,
                            kind,
                        )
                    })
                    .collect()
            })
        }

        proptest! {
            #[test]
            fn placements_on_several_dates_are_the_placement_on_each(
                events in events(),
                days in proptest::collection::vec(0u64..8, 0..5),
            ) {
                let c = Case { code: CaseCode::from_random(1), events: events.into() };
                let dates: Vec<NaiveDate> =
                    days.iter().map(|&n| d(2023, 1, 1) + chrono::Days::new(n)).collect();
                // Each date on its own, from the history read afresh.
                let each: Vec<Option<Placement<'_>>> = dates
                    .iter()
                    .map(|&date| {
                        let admitted_on = c.admitted_on()?;
                        if admitted_on > date || c.is_deleted() {
                            return None;
                        }
                        c.history().placement(date)
                    })
                    .collect();
                prop_assert_eq!(c.placements_on(&dates).collect::<Vec<_>>(), each);
            }

            #[test]
            fn status_agrees_with_the_checked_state(mut events in events(), day in 0u64..8) {
                // Stored as `record` and every import leave them: in fold order. (On an
                // unsorted history with two admissions, `status_on`'s "admitted yet?" reads
                // the first admission as stored, so the two may disagree there.)
                events.sort_by(CaseEvent::fold_order);
                let date = d(2023, 1, 1) + chrono::Days::new(day);
                let c = Case { code: CaseCode::from_random(1), events: events.into() };
                if let Some(state) = c.state_on(date) {
                    prop_assert_eq!(
                        c.status_on(date),
                        Some((state.status, &state.provider))
                    );
                }
            }

            /// One pass over a period reads what the whole-history readers read within it.
            #[test]
            fn a_period_holds_the_sessions_and_endings_of_its_days(
                mut events in events(),
                from in 0u64..8,
                days in 0u64..8,
            ) {
                events.sort_by(CaseEvent::fold_order);
                let history = History::new(&events);
                let start = d(2023, 1, 1) + chrono::Days::new(from);
                let end = start + chrono::Days::new(days);
                let period = history.in_period(start, end);
                let within = |date: NaiveDate| start <= date && date <= end;
                let sessions: Vec<SessionHeld<'_>> =
                    history.sessions().filter(|s| within(s.date)).collect();
                prop_assert_eq!(&period.sessions, &sessions);
                let endings: Vec<Ending<'_>> =
                    history.endings().into_iter().filter(|e| within(e.date)).collect();
                prop_assert_eq!(&period.endings, &endings);
                let admitted = history.admission().is_some_and(|(on, _)| on <= end);
                let active_at_start = start.pred_opt().is_some_and(|before| {
                    history.admission().is_some_and(|(on, _)| on <= before)
                        && history.placement(before).is_some_and(|p| p.status == Status::Active)
                });
                let became_active = history.events().any(|e| {
                    within(e.date) && matches!(e.kind, EventKind::Admitted(_) | EventKind::Reactivated)
                });
                prop_assert_eq!(period.active, active_at_start || became_active);
                if admitted {
                    prop_assert_eq!(period.provider_at_end, history.placement(end).map(|p| p.provider));
                }
            }

            #[test]
            fn effective_events_are_ordered_and_none_is_voided(events in events()) {
                let history = History::new(&events);
                let effective: Vec<&CaseEvent> = history.events().collect();
                prop_assert!(effective.windows(2).all(|w| w[0].fold_order(w[1]).is_le()));
                let counts = |e: &&CaseEvent| {
                    !history.is_voided(&e.id) && !matches!(e.kind, EventKind::Voided { .. })
                };
                prop_assert!(effective.iter().all(counts));
                prop_assert_eq!(history.entries().len(), events.len());
                let deleted = events.iter().any(|e| matches!(e.kind, EventKind::Deleted));
                prop_assert_eq!(history.is_deleted(), deleted);
                // A case's history, from the facts kept with its events, is the same.
                let case = Case { code: CaseCode::from_random(1), events: events.clone().into() };
                for _ in 0..2 {
                    let kept = case.history();
                    prop_assert_eq!(kept.entries(), history.entries());
                    prop_assert_eq!(kept.is_deleted(), deleted);
                    prop_assert_eq!(case.is_deleted(), deleted);
                }
            }
        }
    }
}
