//! The register at its target scale (20,000 cases, about 100,000 events) fits in local
//! storage's quota of about five million characters, and survives a save and a reopen.
//! The timings it prints are figures, not assertions.

mod common;

use kim_rheine::domain::rules::RuleSet;
use kim_rheine::domain::Dataset;
use kim_rheine::storage::{schema, KeyValue, MemoryStore, Store, StoredDocument, STORE_KEY};
use std::time::Instant;

/// What Chromium and Firefox allow one origin in local storage, in characters.
const LOCAL_STORAGE_QUOTA: usize = 5_000_000;

#[test]
fn twenty_thousand_cases_fit_in_local_storage() {
    let cases = common::synthetic(20_000);
    let events: usize = cases.iter().map(|c| c.events.len()).sum();
    let document = StoredDocument::fresh(
        Dataset {
            rules: RuleSet::default_rheine(),
            cases,
            contacts: vec![],
            visits: vec![],
            yearly: vec![],
        },
        "device".into(),
    );
    let backend = MemoryStore::new();
    backend.set_quota(Some(LOCAL_STORAGE_QUOTA));
    let (mut store, opened) = Store::open(backend.clone(), 1, || document.clone());
    let t = Instant::now();
    let written = store
        .save(&opened.document, 1)
        .expect("20,000 cases fit in the quota");
    let saved = StoredDocument {
        write_count: written.write_count,
        ..opened.document.clone()
    };
    let save_ms = t.elapsed().as_secs_f64() * 1000.0;
    let stored = backend.get(STORE_KEY).unwrap().unwrap();
    let json = schema::to_json(&saved);

    let t = Instant::now();
    let (_, reopened) = Store::open(backend, 2, || unreachable!("the document is stored"));
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    assert!(reopened.unreadable.is_none());
    assert_eq!(reopened.document, saved);
    println!(
        "storage: {} cases, {events} events; JSON {:.1} MB, stored {:.2} M characters ({:.0} % of the quota); save {save_ms:.0} ms, open {open_ms:.0} ms (native, this build's profile)",
        saved.data.cases.len(),
        json.len() as f64 / 1e6,
        stored.len() as f64 / 1e6,
        stored.len() as f64 * 100.0 / LOCAL_STORAGE_QUOTA as f64,
    );
}
