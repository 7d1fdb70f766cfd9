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
