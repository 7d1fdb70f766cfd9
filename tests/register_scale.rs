//! Scale measurement for the case register and storage (prints figures; not a timed test).
//! Run: `cargo test --release --test register_scale -- --ignored --nocapture`

mod common;

use chrono::NaiveDate;
use kim::domain::register::{self, Filter, SortKey};
use kim::domain::*;
use std::time::Instant;

#[test]
#[ignore = "measurement; run with --ignored --nocapture"]
fn register_with_20000_cases() {
    let cases = common::with_sessions(common::synthetic(20_000), sessions_per_case());
    let events: usize = cases.iter().map(|c| c.events.len()).sum();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let t = Instant::now();
    let mut rows = register::rows(
        &cases,
        &kim::domain::rules::RuleSet::default_rheine(),
        today,
    );
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
        "register: {} cases, {events} events (sessions included); rows {rows_ms:.1} ms, filter+sort {sort_ms:.1} ms (native release); stored JSON {:.1} MB",
        cases.len(),
        json.len() as f64 / 1e6
    );
    // The report's tables of case work over a year, and on three reporting dates.
    use kim::domain::report::{caseload, endings, sessions};
    use kim::domain::YearMonth;
    let rules = kim::domain::rules::RuleSet::default_rheine();
    let (first, last) = (
        YearMonth::new(2023, 1).unwrap(),
        YearMonth::new(2023, 12).unwrap(),
    );
    let dates = [
        NaiveDate::from_ymd_opt(2023, 3, 31).unwrap(),
        NaiveDate::from_ymd_opt(2023, 6, 30).unwrap(),
        NaiveDate::from_ymd_opt(2023, 9, 30).unwrap(),
    ];
    let t = Instant::now();
    let held = sessions::session_tables(&cases, &rules, first, last);
    let sessions_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let ended = endings::ending_tables(&cases, &rules, first, last);
    let endings_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    caseload::caseload_table(&cases, &rules, &dates);
    let caseload_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "case work: {} sessions and {} deregistrations in 2023; sessions {sessions_ms:.1} ms, endings {endings_ms:.1} ms, caseload on 3 dates {caseload_ms:.1} ms (native release)",
        held.per_month.total.total,
        ended.durations[0].endings,
    );
}

/// Sessions per case of the data sets: 10, or `KIM_BENCH_SESSIONS` (0: the data set measured
/// before issue 28).
fn sessions_per_case() -> usize {
    std::env::var("KIM_BENCH_SESSIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10)
}

/// Writes the benchmark data set (20,000 cases, 100,000 events, 200,000 counselling sessions
/// with about 4,000 corrections of them, plus a year of short contacts) as an export file for
/// the browser benchmark (`.ci/bench`), to `target/bench/`. Without sessions
/// (`KIM_BENCH_SESSIONS=0`) it is the data set of the figures measured before issue 28.
#[test]
#[ignore = "writes the browser benchmark's input; run by .ci/bench"]
fn write_benchmark_export() {
    use kim::domain::contacts::ShortContact;
    use kim::domain::rules::RuleSet;
    let cases = common::with_sessions(common::synthetic(20_000), sessions_per_case());
    let contacts = (0..1_000u64)
        .map(|i| ShortContact {
            id: RecordId::from_random(0x00C0_FFEE_0000 + i),
            provider: ProviderId::new(if i % 3 == 0 {
                "lernen-foerdern"
            } else {
                "caritas"
            }),
            month: YearMonth::new(2026, 1 + (i % 10) as u32).unwrap(),
            outcome: OutcomeId::new("mbe"),
            recorded_at: i as i64,
            voided: false,
        })
        .collect();
    let data = Dataset {
        rules: RuleSet::default_rheine(),
        cases,
        contacts,
        visits: vec![],
        yearly: vec![],
    };
    let text = exchange::export(&data, "2026-11-24T00:00:00Z", "benchmark");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("kim-20000.json"), &text).unwrap();
    println!("benchmark export: {:.1} MB", text.len() as f64 / 1e6);
}
