//! The export file and the merge of several laptops' data.
//!
//! There is no server: files carry the data. An export is one versioned JSON document
//! ([`ExportFile`]). Merging is a set union, which is what makes it safe and repeatable:
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
//! The result is canonical (sorted), so merging is idempotent and order-independent.

use crate::domain::case::Case;
use crate::domain::ids::*;
use crate::domain::yearly::YearlyFigures;
use crate::domain::Dataset;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The marker of an export file of this app.
pub const FORMAT: &str = "kim-rheine-export";
/// The export format version this build writes and reads.
pub const CURRENT_FORMAT_VERSION: u32 = 1;

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

/// Serialises everything as an export file.
pub fn export(data: &Dataset, exported_at: &str, device: &str) -> String {
    let file = ExportFile {
        format: FORMAT.to_owned(),
        format_version: CURRENT_FORMAT_VERSION,
        exported_at: exported_at.to_owned(),
        device: device.to_owned(),
        data: canonical(data),
    };
    serde_json::to_string_pretty(&file).expect("an export always serialises")
}

/// Why two datasets cannot be merged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// The same code names two different cases.
    #[error("case code {0} names two different cases")]
    CodeCollision(CaseCode),
    /// The same event id carries different content.
    #[error("event {0} differs between the two sides")]
    ConflictingEvent(RecordId),
}

/// What a merge adds or changes, for the preview.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeSummary {
    pub new_cases: usize,
    pub new_events: usize,
    pub new_contacts: usize,
    pub new_visits: usize,
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
        .find(|e| matches!(e.kind, crate::domain::case::EventKind::Admitted(_)))
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
                for event in &their_case.events {
                    match our_case.events.iter().find(|e| e.id == event.id) {
                        Some(existing) if existing == event => {}
                        Some(_) => return Err(MergeError::ConflictingEvent(event.id.clone())),
                        None => {
                            summary.new_events += 1;
                            our_case.events.push(event.clone());
                        }
                    }
                }
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
            Some(existing) => existing.voided |= contact.voided,
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
            Some(existing) => existing.voided |= visit.voided,
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
