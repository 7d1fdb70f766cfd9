//! Scale measurement for the case register and storage (prints figures; not a timed test).
//! Run: `cargo test --release --test register_scale -- --ignored --nocapture`

mod common;

use chrono::NaiveDate;
use kim_rheine::domain::register::{self, Filter, SortKey};
use kim_rheine::domain::*;
use std::time::Instant;

#[test]
#[ignore = "measurement; run with --ignored --nocapture"]
fn register_with_20000_cases() {
    let cases = common::synthetic(20_000);
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
