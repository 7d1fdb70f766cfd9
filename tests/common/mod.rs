//! Shared helpers of the integration tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use kim::domain::case::{Admission, Case, CaseEvent, EventKind};
use kim::domain::*;

/// `count` synthetic cases of five events each (admission, deactivation, reactivation,
/// handover, deactivation; later events are dropped when they would lie after 24.11.2026),
/// from a fixed pseudo-random sequence so every run measures the same data.
pub fn synthetic(count: usize) -> Vec<Case> {
    let start = NaiveDate::from_ymd_opt(2021, 9, 1).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|i| {
            let date = start + chrono::Duration::days((next() % 1500) as i64);
            let area = if next() % 2 == 0 { "links" } else { "rechts" };
            let mut case = Case::admit(
                CaseCode::from_random(i as u64),
                RecordId::from_random(next()),
                date,
                0,
                Admission {
                    area: AreaId::new(area),
                    provider: ProviderId::new("lernen-foerdern"),
                    problems: pick(&mut next, &PROBLEMS, 2 + (i % 3)),
                    parties: pick(&mut next, &PARTIES, 2 + (i % 2)),
                    way_in: WAYS_IN[i % WAYS_IN.len()].into(),
                    against_suggestion: None,
                    intake: None,
                },
                today,
            )
            .unwrap();
            // Four more events: deactivate, reactivate, hand over, deactivate.
            let kinds = [
                EventKind::Deactivated {
                    reason: "no-contact".into(),
                    evaluation: None,
                },
                EventKind::Reactivated,
                EventKind::HandedOver {
                    to: "caritas".into(),
                    rule_change: true,
                },
                EventKind::Deactivated {
                    reason: "moved-away".into(),
                    evaluation: None,
                },
            ];
            for (k, kind) in kinds.into_iter().enumerate() {
                let event = CaseEvent {
                    id: RecordId::from_random(next()),
                    date: date + chrono::Duration::days(30 * (k as i64 + 1)),
                    recorded_at: k as i64 + 1,
                    kind,
                };
                if event.date <= today {
                    case.record(event, today).unwrap();
                }
            }
            case
        })
        .collect()
}

/// `cases` with `per_case` counselling sessions each, as a case manager records them: on days
/// the case is active (from its admission to its first deregistration, and from its
/// reactivation to its second), 2 to 9 days apart, in the forms of the built-in rule set
/// (mostly in person and by phone); about one session in fifty is voided and recorded again.
/// Sessions that would lie after `today` or while the case is inactive are left out, so
/// every case gets at most `per_case`.
pub fn with_sessions(mut cases: Vec<Case>, per_case: usize) -> Vec<Case> {
    const FORMS: [(&str, u64); 5] = [
        ("in-person", 45),
        ("phone", 30),
        ("home-visit", 10),
        ("accompaniment", 10),
        ("digital", 5),
    ];
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for case in &mut cases {
        let Some(admitted) = case.admitted_on() else {
            continue;
        };
        let mut date = admitted;
        let mut recorded = 0;
        let mut tries = 0;
        while recorded < per_case && tries < 4 * per_case {
            tries += 1;
            date += chrono::Duration::days(2 + (next() % 8) as i64);
            if date > today {
                break;
            }
            let mut pick = next() % 100;
            let form = FORMS
                .iter()
                .find(|(_, weight)| {
                    let hit = pick < *weight;
                    pick = pick.saturating_sub(*weight);
                    hit
                })
                .map_or("in-person", |(form, _)| form);
            if case.record_session(date, form.into(), today).is_err() {
                continue;
            }
            recorded += 1;
            if next() % 50 == 0 {
                let target = RecordId::of_session(date, 0, &form.into());
                let void = CaseEvent {
                    id: RecordId::from_random(next()),
                    date,
                    recorded_at: 1_700_000_000_000 + (next() % 100_000_000) as i64,
                    kind: EventKind::Voided { target },
                };
                case.record(void, today).unwrap();
                case.record_session(date, form.into(), today).unwrap();
            }
        }
    }
    cases
}

const PROBLEMS: [&str; 15] = [
    "rent-debts",
    "housing-search",
    "school-problems",
    "parenting",
    "daycare-place",
    "health-issues",
    "debts",
    "no-income",
    "unemployment",
    "training",
    "language-course",
    "residence-status",
    "benefit-claims",
    "family-conflict",
    "unknown-offers",
];
const PARTIES: [&str; 9] = [
    "jobcenter",
    "abh",
    "school",
    "youth-office",
    "landlord",
    "health",
    "social-office",
    "debt-counselling",
    "other",
];
const WAYS_IN: [&str; 5] = ["migration-counselling", "abh", "jobcenter", "self", "other"];

/// `count` distinct entries of `list`, chosen by `next`.
fn pick<T: From<&'static str> + PartialEq>(
    next: &mut impl FnMut() -> u64,
    list: &[&'static str],
    count: usize,
) -> Vec<T> {
    let mut chosen: Vec<T> = Vec::new();
    while chosen.len() < count {
        let candidate = T::from(list[(next() % list.len() as u64) as usize]);
        if !chosen.contains(&candidate) {
            chosen.push(candidate);
        }
    }
    chosen
}
