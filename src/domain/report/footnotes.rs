//! Footnotes of the committee report that come from the data, as in the city's report
//! (Vorlage 197/23): "Im Oktober 2022 wurden aufgrund der geänderten Zuständigkeit 12 Fälle
//! von Lernen fördern an Caritas Rheine übergeben."
//!
//! Design decisions:
//! - A note counts the handovers that took effect **after the first and on or before the last
//!   reporting date** (`first < date <= last`): exactly the moves that make the per-provider
//!   rows of the case table differ between its columns. A handover on or before the first
//!   date is already in the first column and needs no note; with one reporting date there is
//!   nothing between dates, so there are no notes.
//! - One note per month, giving provider, receiving provider and whether the moves were made
//!   from *Übergaben nach Regeländerung* (`rule_change`): only those are "aufgrund der
//!   geänderten Zuständigkeit". Moves of one month with different reasons are separate notes.
//! - Deleted cases never count; voided handovers never count; a handover to the provider that
//!   is already responsible moves nothing. All of that comes from the one fold
//!   ([`crate::domain::case::History::moves`]).
//! - Notes are ordered by month, then by the providers' order in the rule set (unknown ids
//!   last, by id), then moves without a rule change before those with one.

use crate::domain::case::Case;
use crate::domain::ids::ProviderId;
use crate::domain::rules::RuleSet;
use crate::domain::YearMonth;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Cases handed over from one provider to another in one month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandoverNote {
    pub month: YearMonth,
    pub from: ProviderId,
    pub to: ProviderId,
    /// How many cases moved.
    pub cases: u32,
    /// Made from *Übergaben nach Regeländerung* ("aufgrund der geänderten Zuständigkeit").
    pub rule_change: bool,
}

/// The handover notes between the first and the last of `dates` (in any order).
pub fn handover_notes(cases: &[Case], rules: &RuleSet, dates: &[NaiveDate]) -> Vec<HandoverNote> {
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
        return Vec::new();
    };
    let rank = |id: &ProviderId| {
        let index = rules.providers.iter().position(|p| &p.id == id);
        (index.unwrap_or(usize::MAX), id.as_str().to_owned())
    };
    type Key = (YearMonth, (usize, String), (usize, String), bool);
    let mut counts: BTreeMap<Key, (ProviderId, ProviderId, u32)> = BTreeMap::new();
    for case in cases.iter().filter(|c| !c.is_deleted()) {
        for step in case.history().moves() {
            if step.date <= *first || step.date > *last {
                continue;
            }
            let key = (
                YearMonth::of(step.date),
                rank(step.from),
                rank(step.to),
                step.rule_change,
            );
            let entry = counts
                .entry(key)
                .or_insert_with(|| (step.from.clone(), step.to.clone(), 0));
            entry.2 = entry.2.saturating_add(1);
        }
    }
    counts
        .into_iter()
        .map(
            |((month, _, _, rule_change), (from, to, cases))| HandoverNote {
                month,
                from,
                to,
                cases,
                rule_change,
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{Admission, CaseEvent, EventKind};
    use crate::domain::ids::{CaseCode, RecordId};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2030, 1, 1)
    }

    /// A case of Lernen fördern admitted on 01.03.2022, then `events` in order.
    fn case(n: u64, events: Vec<(NaiveDate, EventKind)>) -> Case {
        let mut case = Case::admit(
            CaseCode::from_random(n),
            RecordId::from_random(n * 100),
            d(2022, 3, 1),
            1,
            Admission {
                area: "links".into(),
                provider: "lernen-foerdern".into(),
                problems: vec![],
                parties: vec![],
                way_in: "self".into(),
                against_suggestion: None,
                intake: None,
            },
            today(),
        )
        .unwrap();
        for (i, (date, kind)) in events.into_iter().enumerate() {
            let id = RecordId::from_random(n * 100 + 1 + i as u64);
            case.record(
                CaseEvent {
                    id,
                    date,
                    recorded_at: 2 + i as i64,
                    kind,
                },
                today(),
            )
            .unwrap();
        }
        case
    }

    fn to(provider: &str, rule_change: bool) -> EventKind {
        EventKind::HandedOver {
            to: provider.into(),
            rule_change,
        }
    }

    const DATES: [NaiveDate; 3] = [
        NaiveDate::from_ymd_opt(2022, 9, 15).unwrap(),
        NaiveDate::from_ymd_opt(2022, 12, 15).unwrap(),
        NaiveDate::from_ymd_opt(2023, 4, 1).unwrap(),
    ];

    #[test]
    fn twelve_rule_change_handovers_in_october_make_one_note() {
        let rules = RuleSet::default_rheine();
        let cases: Vec<Case> = (1..=12)
            .map(|n| case(n, vec![(d(2022, 10, 4), to("caritas", true))]))
            .collect();
        let notes = handover_notes(&cases, &rules, &DATES);
        assert_eq!(
            notes,
            [HandoverNote {
                month: YearMonth::new(2022, 10).unwrap(),
                from: "lernen-foerdern".into(),
                to: "caritas".into(),
                cases: 12,
                rule_change: true,
            }]
        );
    }

    #[test]
    fn only_moves_between_the_first_and_the_last_date_count() {
        let rules = RuleSet::default_rheine();
        let cases = vec![
            // On the first date: already in the first column.
            case(1, vec![(d(2022, 9, 15), to("caritas", false))]),
            // On the last date: counts.
            case(2, vec![(d(2023, 4, 1), to("caritas", false))]),
            // After the last date.
            case(3, vec![(d(2023, 4, 2), to("caritas", false))]),
        ];
        let notes = handover_notes(&cases, &rules, &DATES);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].month, YearMonth::new(2023, 4).unwrap());
        assert!(!notes[0].rule_change);
        assert!(handover_notes(&cases, &rules, &DATES[..1]).is_empty());
        assert!(handover_notes(&cases, &rules, &[]).is_empty());
    }

    #[test]
    fn reasons_directions_and_months_are_separate_notes_in_order() {
        let rules = RuleSet::default_rheine();
        let cases = vec![
            case(1, vec![(d(2022, 11, 2), to("caritas", true))]),
            case(2, vec![(d(2022, 11, 3), to("caritas", false))]),
            case(
                3,
                vec![
                    (d(2022, 10, 1), to("caritas", false)),
                    (d(2022, 11, 5), to("lernen-foerdern", false)),
                ],
            ),
        ];
        let notes = handover_notes(&cases, &rules, &DATES);
        let summary: Vec<(u32, &str, &str, bool, u32)> = notes
            .iter()
            .map(|n| {
                (
                    n.month.month(),
                    n.from.as_str(),
                    n.to.as_str(),
                    n.rule_change,
                    n.cases,
                )
            })
            .collect();
        // Rheine's rule set lists Caritas before Lernen fördern.
        let caritas_first = rules.providers[0].id.as_str() == "caritas";
        assert!(caritas_first);
        assert_eq!(
            summary,
            [
                (10, "lernen-foerdern", "caritas", false, 1),
                (11, "caritas", "lernen-foerdern", false, 1),
                (11, "lernen-foerdern", "caritas", false, 1),
                (11, "lernen-foerdern", "caritas", true, 1),
            ]
        );
    }

    #[test]
    fn voided_handovers_and_deleted_cases_do_not_count() {
        let rules = RuleSet::default_rheine();
        let mut voided = case(1, vec![(d(2022, 10, 4), to("caritas", true))]);
        let target = voided.events[1].id.clone();
        voided
            .record(
                CaseEvent {
                    id: RecordId::from_random(999),
                    date: d(2022, 10, 4),
                    recorded_at: 50,
                    kind: EventKind::Voided { target },
                },
                today(),
            )
            .unwrap();
        let deleted = case(
            2,
            vec![
                (d(2022, 10, 4), to("caritas", true)),
                (d(2022, 10, 5), EventKind::Deleted),
            ],
        );
        assert!(handover_notes(&[voided, deleted], &rules, &DATES).is_empty());
    }
}
