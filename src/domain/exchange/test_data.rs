//! Small datasets shared by the tests of the exchange parts.

use crate::domain::case::{Admission, Case, CaseEvent, EventKind};
use crate::domain::contacts::ShortContact;
use crate::domain::ids::*;
use crate::domain::rules::RuleSet;
use crate::domain::{Dataset, YearMonth};
use chrono::NaiveDate;
use proptest::prelude::*;

pub(super) fn case(code: u64, extra_events: &[u64]) -> Case {
    let date = NaiveDate::from_ymd_opt(2022, 3, 1).unwrap();
    let mut events = vec![CaseEvent {
        id: RecordId::from_random(code * 1000),
        date,
        recorded_at: 0,
        kind: EventKind::Admitted(
            Admission {
                area: AreaId::new("links"),
                provider: ProviderId::new("lernen-foerdern"),
                problems: vec![],
                parties: vec![],
                way_in: WayInId::new("self"),
                against_suggestion: None,
                intake: None,
            }
            .into(),
        ),
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
        events: events.into(),
    }
}

pub(super) fn dataset(cases: Vec<Case>, contacts: Vec<(u64, bool)>) -> Dataset {
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

pub(super) fn arbitrary_dataset() -> impl Strategy<Value = Dataset> {
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
