//! Scale measurement for the case register and storage (prints figures; not a timed test).
//! Run: `cargo test --release --test register_scale -- --ignored --nocapture`

use chrono::NaiveDate;
use kim_rheine::domain::case::{Admission, Case, CaseEvent, EventKind};
use kim_rheine::domain::register::{self, Filter, SortKey};
use kim_rheine::domain::*;
use std::time::Instant;

fn synthetic(count: usize) -> Vec<Case> {
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
                    problems: vec!["rent-debts".into(), "school-problems".into()],
                    parties: vec!["jobcenter".into(), "abh".into()],
                    way_in: "self".into(),
                    against_suggestion: None,
                },
                today,
            )
            .unwrap();
            // Four more events: deactivate, reactivate, hand over, deactivate.
            let kinds = [
                EventKind::Deactivated {
                    reason: "no-contact".into(),
                },
                EventKind::Reactivated,
                EventKind::HandedOver {
                    to: "caritas".into(),
                },
                EventKind::Deactivated {
                    reason: "moved-away".into(),
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

#[test]
#[ignore = "measurement; run with --ignored --nocapture"]
fn register_with_20000_cases() {
    let cases = synthetic(20_000);
    let events: usize = cases.iter().map(|c| c.events.len()).sum();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let t = Instant::now();
    let mut rows = register::rows(&cases, today);
    let rows_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let filter = Filter {
        provider: Some(ProviderId::new("caritas")),
        ..Filter::default()
    };
    rows.retain(|r| filter.matches(r));
    register::sort(&mut rows, SortKey::LastChange, true);
    let sort_ms = t.elapsed().as_secs_f64() * 1000.0;
    let json = serde_json::to_string(&cases).unwrap();
    println!(
        "register: {} cases, {events} events; rows {rows_ms:.1} ms, filter+sort {sort_ms:.1} ms (native release); stored JSON {:.1} MB",
        cases.len(),
        json.len() as f64 / 1e6
    );
}
