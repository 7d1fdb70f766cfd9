//! A chunk of cases as rows: the stored form of the cases in a text in parts.
//!
//! Opening a register of 20,000 cases parsed 15 MB of JSON objects, nearly half of it field names:
//! `{"id": …, "date": …, "recorded_at": …, "kind": {"type": "admitted", "area": …}}` for each
//! of 100,000 events. In a chunk, a case is written as a row instead, its fields in a fixed
//! order and the event kind externally tagged (form 1; form 2 below adds sessions):
//!
//! ```text
//! ["K7M2-9QXD", [["7b07ce91e5906136", "2023-01-03", 1672700000000,
//!                 {"admitted": ["links", "caritas", ["rent-debts"], ["youth-office"], "abh", null, null]}],
//!                ["d9aa792e1af470ea", "2023-02-02", 1675300000000, {"deactivated": "no-contact"}],
//!                ["ddaa4e85b0d6e28b", "2023-03-04", 1677900000000, "reactivated"]]]
//! ```
//!
//! That is half the JSON (7.9 against 15.1 MB). Opening the register in Chromium, reading the
//! stored text took 184–220 ms against 253–270 ms with the objects (alternating reloads; the
//! parse itself 87 against 109 ms). Only the chunks in local storage use rows: export files,
//! the raw-data download and a document written whole keep the objects every version reads,
//! and a stored text with the cases as objects is read as before
//! ([`super::CASES_AS_OBJECTS`]).
//!
//! Reading is in two steps. `kim_storage_fast` (`src/storage/fast`), a crate the release
//! profile compiles for speed while the app is compiled for size, parses the JSON into plain
//! texts and numbers; [`read`] then checks the code and the dates and builds the domain's
//! types, moving the texts. Parsing the rows of 20,000 cases took 61 against 97 ms in
//! Chromium when serde's derive over the domain's types did both in this crate. A proptest
//! keeps that derived reader as the reference: both accept the same rows and read the same
//! cases.
//!
//! Every field is in the row, an absent option as `null`. The writer takes every struct apart
//! without `..` and the reader builds each with all of its fields, so a field added to a case,
//! an event or an admission does not compile until it has its place here; a row of another
//! shape is then a new form ([`super::CASES_AS_ROWS`] is its number in the head).
//!
//! Form 2 ([`super::CASES_WITH_SESSIONS`]) adds counselling sessions (issue 28). A register
//! of 20,000 cases holds about 200,000 of them; as events, each with its id and time, they
//! would have taken about 6 M characters, more than the whole quota. A session is identified
//! by its date, form and number (`domain::case`, docs/decisions/0043), so a row keeps its
//! sessions as a third element, `[days, form]` each (`[days, form, n]` when its number `n` is
//! not 0), the days counted from the session before it (the first from 01.01.2000):
//!
//! ```text
//! ["K7M2-9QXD", [["7b07ce91e5906136", "2023-01-03", 1672740000000, {"admitted": […]}],
//!                ["d9aa792e1af470ea", "2023-09-02", 1693648800000, {"deactivated": ["no-contact", "not-assessable"]}]],
//!               [[8417, "in-person"], [14, "phone"], [0, "home-visit"], [21, "phone", 1]]]
//! ```
//!
//! That is about 3.3 characters of the stored text per session (0.65 M for 200,000, against
//! about 6 M as events). Written as one text per case (`"8417phone 16in-person"`) they took
//! 12 % less in a model of the register, not worth a format of their own; the times of the
//! other events written since the start of their date rather than since 1970 saved 2 % with
//! times as a device records them and cost 15 % with the benchmark's small ones, so they stay
//! as they are (docs/decisions/0043). The sessions of a case whose
//! events are in fold order (as recording, importing and merging leave them) are written so;
//! a session identified otherwise, or any session of a case whose events are not in order,
//! stays an event (`{"session": "phone"}`), so reading gives back exactly the case written. A
//! deregistration with an evaluation is `{"deactivated": [reason, evaluation]}`, without one
//! as in form 1. A row without sessions is a row of form 1.

use crate::domain::calendar::{self, iso_date};
use crate::domain::case::{Admission, Case, CaseEvent, EventKind, IntakeId};
use crate::domain::*;
use chrono::NaiveDate;
use kim_storage_fast::{Deactivation, Event, Kind, Row, SessionRow};
use serde::de::Error as _;
use serde::ser::SerializeTuple;
use serde::{Serialize, Serializer};

/// The day the first session's days are counted from.
fn sessions_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(calendar::FIRST_YEAR, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The JSON of a chunk of cases as rows.
pub(super) fn write(cases: &[Case]) -> String {
    let rows: Vec<RowOut<'_>> = cases.iter().map(RowOut).collect();
    serde_json::to_string(&rows).expect("rows of cases serialise")
}

/// A chunk of cases from its rows (form 1 or 2). The JSON is parsed by `kim_storage_fast`,
/// which the release build compiles for speed (61 against 97 ms for the rows of 20,000 cases
/// in Chromium), into plain texts; they are checked and become the domain's types here.
pub(super) fn read(json: &str) -> Result<Vec<Case>, serde_json::Error> {
    let rows = kim_storage_fast::rows(json)?;
    let mut cases = Vec::with_capacity(rows.len());
    for row in rows {
        cases.push(case_from_row(row)?);
    }
    Ok(cases)
}

struct RowOut<'a>(&'a Case);

impl Serialize for RowOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Case { code, events } = self.0;
        let in_order = events.windows(2).all(|w| w[0].fold_order(&w[1]).is_le());
        let as_session = |e: &&CaseEvent| in_order && e.session_number().is_some();
        let sessions: Vec<&CaseEvent> = events.iter().filter(as_session).collect();
        let mut row = serializer.serialize_tuple(if sessions.is_empty() { 2 } else { 3 })?;
        row.serialize_element(code)?;
        row.serialize_element(&Events(events, in_order))?;
        if !sessions.is_empty() {
            row.serialize_element(&Sessions(&sessions))?;
        }
        row.end()
    }
}

/// The events of a row; the sessions written as dates and forms left out (`true`).
struct Events<'a>(&'a [CaseEvent], bool);

impl Serialize for Events<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Events(events, sessions_apart) = *self;
        serializer.collect_seq(
            events
                .iter()
                .filter(|e| !(sessions_apart && e.session_number().is_some()))
                .map(EventOut::from),
        )
    }
}

/// The sessions of a row as `[days, form]` or `[days, form, n]`.
struct Sessions<'a>(&'a [&'a CaseEvent]);

impl Serialize for Sessions<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut before = sessions_epoch();
        serializer.collect_seq(self.0.iter().filter_map(|event| {
            let EventKind::Session { form } = &event.kind else {
                return None;
            };
            let n = event.session_number()?;
            let days = (event.date - before).num_days();
            before = event.date;
            Some(SessionOut(days, form, n))
        }))
    }
}

struct SessionOut<'a>(i64, &'a SessionFormId, u32);

impl Serialize for SessionOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let SessionOut(days, form, n) = *self;
        let mut session = serializer.serialize_tuple(if n == 0 { 2 } else { 3 })?;
        session.serialize_element(&days)?;
        session.serialize_element(form)?;
        if n != 0 {
            session.serialize_element(&n)?;
        }
        session.end()
    }
}

/// A deregistration's reason, and its evaluation if any (`kim_storage_fast::Deactivation`).
struct DeactivationOut<'a>(&'a DeactivationReasonId, Option<&'a EvaluationId>);

impl Serialize for DeactivationOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.1 {
            None => self.0.serialize(serializer),
            Some(evaluation) => (self.0, evaluation).serialize(serializer),
        }
    }
}

#[derive(Serialize)]
struct EventOut<'a>(
    &'a RecordId,
    #[serde(with = "iso_date")] NaiveDate,
    i64,
    KindOut<'a>,
);

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum KindOut<'a> {
    Admitted(
        &'a AreaId,
        &'a ProviderId,
        &'a [ProblemId],
        &'a [PartyId],
        &'a WayInId,
        Option<&'a OverrideReasonId>,
        Option<&'a IntakeId>,
    ),
    Deactivated(DeactivationOut<'a>),
    Reactivated,
    HandedOver(&'a ProviderId, bool),
    Moved(&'a AreaId),
    Session(&'a SessionFormId),
    Voided(&'a RecordId),
    Deleted,
}

impl<'a> From<&'a CaseEvent> for EventOut<'a> {
    fn from(event: &'a CaseEvent) -> Self {
        let CaseEvent {
            id,
            date,
            recorded_at,
            kind,
        } = event;
        let kind = match kind {
            EventKind::Admitted(admission) => {
                let Admission {
                    area,
                    provider,
                    problems,
                    parties,
                    way_in,
                    against_suggestion,
                    intake,
                } = &**admission;
                KindOut::Admitted(
                    area,
                    provider,
                    problems,
                    parties,
                    way_in,
                    against_suggestion.as_ref(),
                    intake.as_ref(),
                )
            }
            EventKind::Deactivated { reason, evaluation } => {
                KindOut::Deactivated(DeactivationOut(reason, evaluation.as_ref()))
            }
            EventKind::Reactivated => KindOut::Reactivated,
            EventKind::HandedOver { to, rule_change } => KindOut::HandedOver(to, *rule_change),
            EventKind::Moved { to } => KindOut::Moved(to),
            EventKind::Session { form } => KindOut::Session(form),
            EventKind::Voided { target } => KindOut::Voided(target),
            EventKind::Deleted => KindOut::Deleted,
        };
        EventOut(id, *date, *recorded_at, kind)
    }
}

/// A case from its row, as `kim_storage_fast` parsed it: the code checked
/// ([`CaseCode::try_from`]), each date read as [`iso_date`] reads it, ids and slugs taken as
/// written, the sessions put back among the events in fold order. Moves the texts, copies
/// none.
fn case_from_row(Row(code, events, sessions): Row) -> Result<Case, serde_json::Error> {
    let code = CaseCode::try_from(code).map_err(serde_json::Error::custom)?;
    let events = with_sessions(events.into_iter().map(event_from_row), sessions)?;
    Ok(Case {
        code,
        events: events.into(),
    })
}

/// `events` (in fold order, as the writer left them) with `sessions` merged in, in fold order,
/// into one list (the history of a case is built once: opening a register reads 300,000
/// events).
fn with_sessions(
    events: impl ExactSizeIterator<Item = Result<CaseEvent, serde_json::Error>>,
    sessions: Vec<SessionRow>,
) -> Result<Vec<CaseEvent>, serde_json::Error> {
    let mut merged = Vec::with_capacity(events.len() + sessions.len());
    let mut date = sessions_epoch();
    let mut sessions = sessions
        .into_iter()
        .map(|SessionRow(days, form, n)| {
            date = chrono::TimeDelta::try_days(days)
                .and_then(|days| date.checked_add_signed(days))
                .ok_or_else(|| {
                    serde_json::Error::custom("a session's date lies outside the calendar")
                })?;
            Ok(CaseEvent::session(date, n, SessionFormId::new(form)))
        })
        .peekable();
    for event in events {
        let event = event?;
        // A session read as damaged is taken too, and refuses the row.
        let before = |s: &Result<CaseEvent, serde_json::Error>| {
            s.as_ref().map_or(true, |s| s.fold_order(&event).is_lt())
        };
        while let Some(session) = sessions.next_if(before) {
            merged.push(session?);
        }
        merged.push(event);
    }
    for session in sessions {
        merged.push(session?);
    }
    Ok(merged)
}

fn event_from_row(
    Event(id, date, recorded_at, kind): Event,
) -> Result<CaseEvent, serde_json::Error> {
    let date = iso_date::parse(date.as_str()).map_err(serde_json::Error::custom)?;
    let kind = match kind {
        Kind::Admitted(area, provider, problems, parties, way_in, against_suggestion, intake) => {
            EventKind::Admitted(
                Admission {
                    area: AreaId::new(area),
                    provider: ProviderId::new(provider),
                    problems: problems.into_iter().map(ProblemId::new).collect(),
                    parties: parties.into_iter().map(PartyId::new).collect(),
                    way_in: WayInId::new(way_in),
                    against_suggestion: against_suggestion.map(OverrideReasonId::new),
                    intake: intake.map(IntakeId::as_written),
                }
                .into(),
            )
        }
        Kind::Deactivated(Deactivation { reason, evaluation }) => EventKind::Deactivated {
            reason: DeactivationReasonId::new(reason),
            evaluation: evaluation.map(EvaluationId::new),
        },
        Kind::Reactivated => EventKind::Reactivated,
        Kind::HandedOver(to, rule_change) => EventKind::HandedOver {
            to: ProviderId::new(to),
            rule_change,
        },
        Kind::Moved(to) => EventKind::Moved {
            to: AreaId::new(to),
        },
        Kind::Session(form) => EventKind::Session {
            form: SessionFormId::new(form),
        },
        Kind::Voided(target) => EventKind::Voided {
            target: RecordId::as_written(target),
        },
        Kind::Deleted => EventKind::Deleted,
    };
    Ok(CaseEvent {
        id: RecordId::as_written(id),
        date,
        recorded_at,
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slug() -> impl Strategy<Value = String> {
        // Slugs have no format rule: any text, including quotes, escapes and umlauts.
        prop_oneof!["[a-z-]{1,12}", any::<String>()]
    }

    /// A record or intake id as read from a file: any text.
    fn taken_as_written<T: serde::de::DeserializeOwned>(text: String) -> T {
        serde_json::from_value(serde_json::Value::String(text)).unwrap()
    }

    fn kind() -> impl Strategy<Value = EventKind> {
        let admission = (
            (slug(), slug(), proptest::collection::vec(slug(), 0..4)),
            (proptest::collection::vec(slug(), 0..4), slug()),
            (proptest::option::of(slug()), proptest::option::of(slug())),
        )
            .prop_map(
                |((area, provider, problems), (parties, way_in), (against, intake))| {
                    EventKind::Admitted(
                        Admission {
                            area: area.as_str().into(),
                            provider: provider.as_str().into(),
                            problems: problems.iter().map(|p| p.as_str().into()).collect(),
                            parties: parties.iter().map(|p| p.as_str().into()).collect(),
                            way_in: way_in.as_str().into(),
                            against_suggestion: against.as_deref().map(Into::into),
                            intake: intake.map(taken_as_written),
                        }
                        .into(),
                    )
                },
            );
        prop_oneof![
            admission,
            (slug(), proptest::option::of(slug())).prop_map(|(r, e)| EventKind::Deactivated {
                reason: r.as_str().into(),
                evaluation: e.as_deref().map(Into::into),
            }),
            slug().prop_map(|form| EventKind::Session {
                form: form.as_str().into()
            }),
            Just(EventKind::Reactivated),
            (slug(), any::<bool>()).prop_map(|(to, rule_change)| EventKind::HandedOver {
                to: to.as_str().into(),
                rule_change
            }),
            slug().prop_map(|to| EventKind::Moved {
                to: to.as_str().into()
            }),
            slug().prop_map(|t| EventKind::Voided {
                target: taken_as_written(t)
            }),
            Just(EventKind::Deleted),
        ]
    }

    fn case() -> impl Strategy<Value = Case> {
        let event = (slug(), 0u64..40_000, any::<i64>(), kind()).prop_map(
            |(id, day, recorded_at, kind)| CaseEvent {
                id: taken_as_written(id),
                date: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Days::new(day),
                recorded_at,
                kind,
            },
        );
        (any::<u64>(), proptest::collection::vec(event, 0..8)).prop_map(|(code, events)| Case {
            code: CaseCode::from_random(code),
            events: events.into(),
        })
    }

    /// The reader of the rows as it was before `kim_storage_fast`: serde's derive over the
    /// domain's types, kept as the reference the fast reader must agree with.
    mod reference {
        use super::super::*;
        use serde::Deserialize;

        #[derive(Deserialize)]
        struct RowIn(CaseCode, Vec<EventIn>, #[serde(default)] Vec<SessionIn>);

        #[derive(Deserialize)]
        struct SessionIn(i64, String, #[serde(default)] u32);

        #[derive(Deserialize)]
        #[serde(untagged)]
        enum DeactivationIn {
            Reason(DeactivationReasonId),
            Both(DeactivationReasonId, EvaluationId),
        }

        #[derive(Deserialize)]
        struct EventIn(RecordId, #[serde(with = "iso_date")] NaiveDate, i64, KindIn);

        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum KindIn {
            Admitted(
                AreaId,
                ProviderId,
                Vec<ProblemId>,
                Vec<PartyId>,
                WayInId,
                Option<OverrideReasonId>,
                Option<IntakeId>,
            ),
            Deactivated(DeactivationIn),
            Reactivated,
            HandedOver(ProviderId, bool),
            Moved(AreaId),
            Session(SessionFormId),
            Voided(RecordId),
            Deleted,
        }

        pub fn read(json: &str) -> Option<Vec<Case>> {
            let rows: Vec<RowIn> = serde_json::from_str(json).ok()?;
            let event = |EventIn(id, date, recorded_at, kind)| {
                let kind = match kind {
                    KindIn::Admitted(
                        area,
                        provider,
                        problems,
                        parties,
                        way_in,
                        against,
                        intake,
                    ) => EventKind::Admitted(
                        Admission {
                            area,
                            provider,
                            problems,
                            parties,
                            way_in,
                            against_suggestion: against,
                            intake,
                        }
                        .into(),
                    ),
                    KindIn::Deactivated(DeactivationIn::Reason(reason)) => EventKind::Deactivated {
                        reason,
                        evaluation: None,
                    },
                    KindIn::Deactivated(DeactivationIn::Both(reason, evaluation)) => {
                        EventKind::Deactivated {
                            reason,
                            evaluation: Some(evaluation),
                        }
                    }
                    KindIn::Session(form) => EventKind::Session { form },
                    KindIn::Reactivated => EventKind::Reactivated,
                    KindIn::HandedOver(to, rule_change) => {
                        EventKind::HandedOver { to, rule_change }
                    }
                    KindIn::Moved(to) => EventKind::Moved { to },
                    KindIn::Voided(target) => EventKind::Voided { target },
                    KindIn::Deleted => EventKind::Deleted,
                };
                CaseEvent {
                    id,
                    date,
                    recorded_at,
                    kind,
                }
            };
            rows.into_iter()
                .map(|RowIn(code, events, sessions)| {
                    let events = events.into_iter().map(event).map(Ok);
                    // The sessions' dates and their place among the events as the module
                    // documents them (one rule, so the fast reader's own is used).
                    let sessions = sessions
                        .into_iter()
                        .map(|SessionIn(days, form, n)| kim_storage_fast::SessionRow(days, form, n))
                        .collect::<Vec<_>>();
                    let events = super::super::with_sessions(events, sessions).ok()?;
                    Some(Case {
                        code,
                        events: events.into(),
                    })
                })
                .collect()
        }
    }

    /// Rows written, then changed at one place: a byte replaced, removed or added, or a piece
    /// of another row's text put in.
    fn edited_rows() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            Just("\"2023-02-30\"".to_owned()),
            Just("\"+2023-01-01\"".to_owned()),
            Just("\"2023-1-1\"".to_owned()),
            Just("\"k7m2-9qxd\"".to_owned()),
            Just("\"\\u00e4\"".to_owned()),
            Just(" \n".to_owned()),
            Just("null".to_owned()),
            Just("1.5".to_owned()),
            Just("-1".to_owned()),
            Just("99999999999999999999".to_owned()),
            Just("[]".to_owned()),
            Just("{}".to_owned()),
            Just("\"reactivated\"".to_owned()),
            Just("{\"moved\":[\"a\"]}".to_owned()),
            Just("{\"deleted\":[]}".to_owned()),
            any::<String>(),
        ];
        (
            proptest::collection::vec(case(), 1..4),
            any::<usize>(),
            any::<u8>(),
            0u8..4,
            pieces,
        )
            .prop_map(|(cases, at, byte, edit, piece)| {
                let mut json = write(&cases).into_bytes();
                let at = at % (json.len() + 1);
                match edit {
                    0 if at < json.len() => json[at] = byte,
                    1 if at < json.len() => {
                        json.remove(at);
                    }
                    2 => json.insert(at, byte),
                    _ => {
                        json.splice(at..at, piece.into_bytes());
                    }
                }
                String::from_utf8_lossy(&json).into_owned()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn rows_read_back_as_the_cases_written(cases in proptest::collection::vec(case(), 0..6)) {
            prop_assert_eq!(read(&write(&cases)).unwrap(), cases);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

        /// `kim_storage_fast` and the conversion accept exactly the rows serde's derive over the
        /// domain's types accepted, and read the same cases from them.
        #[test]
        fn the_fast_reader_reads_what_the_derived_reader_read(json in edited_rows()) {
            prop_assert_eq!(read(&json).ok(), reference::read(&json), "{}", json);
        }
    }

    #[test]
    fn a_row_is_the_form_the_module_documents() {
        let admitted: Case = serde_json::from_str(
            r#"{"code": "K7M2-9QXD", "events": [
                {"id": "7b07ce91e5906136", "date": "2023-01-03", "recorded_at": 1672740000000, "kind":
                  {"type": "admitted", "area": "links", "provider": "caritas",
                   "problems": ["rent-debts"], "parties": ["youth-office"], "way_in": "abh"}},
                {"id": "2023-01-17.0.phone", "date": "2023-01-17", "recorded_at": 0, "kind":
                  {"type": "session", "form": "phone"}},
                {"id": "d9aa792e1af470ea", "date": "2023-02-02", "recorded_at": 1675336000000, "kind":
                  {"type": "handed_over", "to": "lernen-foerdern", "rule_change": true}},
                {"id": "2023-02-02.1.in-person", "date": "2023-02-02", "recorded_at": 0, "kind":
                  {"type": "session", "form": "in-person"}},
                {"id": "ddaa4e85b0d6e28b", "date": "2023-03-04", "recorded_at": 1677888003000, "kind":
                  {"type": "deactivated", "reason": "no-contact", "evaluation": "not-assessable"}}]}"#,
        )
        .unwrap();
        let written = write(std::slice::from_ref(&admitted));
        assert_eq!(
            written,
            concat!(
                r#"[["K7M2-9QXD",[["7b07ce91e5906136","2023-01-03",1672740000000,"#,
                r#"{"admitted":["links","caritas",["rent-debts"],["youth-office"],"abh",null,null]}],"#,
                r#"["d9aa792e1af470ea","2023-02-02",1675336000000,{"handed_over":["lernen-foerdern",true]}],"#,
                r#"["ddaa4e85b0d6e28b","2023-03-04",1677888003000,{"deactivated":["no-contact","not-assessable"]}]],"#,
                r#"[[8417,"phone"],[16,"in-person",1]]]]"#
            )
        );
        assert_eq!(read(&written).unwrap(), [admitted]);
    }

    #[test]
    fn rows_of_another_shape_are_errors_not_panics() {
        for json in [
            "",
            "{}",
            "[[]]",
            r#"[["K7M2-9QXD"]]"#,
            r#"[["k7m2-9qxd",[]]]"#,
            r#"[["K7M2-9QXD",[["a","2023-13-01",1,"reactivated"]]]]"#,
            r#"[["K7M2-9QXD",[["a","2023-01-01",1,"unknown"]]]]"#,
            r#"[["K7M2-9QXD",[["a","2023-01-01",1,{"moved":["links","extra"]}]]]]"#,
            r#"[["K7M2-9QXD",[["a","2023-01-01",1,{"admitted":["links","caritas",[],[],"abh",null]}]]]]"#,
            r#"[["K7M2-9QXD",[["a","2023-01-01",1.5,"deleted"]]]]"#,
            r#"[["K7M2-9QXD",[{"id":"a","date":"2023-01-01","recorded_at":1,"kind":{"type":"deleted"}}]]]"#,
        ] {
            assert!(read(json).is_err(), "{json}");
        }
        assert_eq!(
            read(r#"[["K7M2-9QXD",[["a","2023-01-01",1,"deleted"]]]]"#).unwrap()[0].events[0].kind,
            EventKind::Deleted
        );
    }
}
