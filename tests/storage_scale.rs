//! The register at its target scale (20,000 cases, about 100,000 events) fits in local
//! storage's quota of about five million characters, and survives a save and a reopen.
//! The timings it prints are figures, not assertions.

mod common;

use kim::domain::rules::RuleSet;
use kim::domain::Dataset;
use kim::storage::{schema, KeyValue, MemoryStore, Store, StoredDocument, STORE_KEY};
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
    let (mut store, reopened) = Store::open(backend.clone(), 2, || {
        unreachable!("the document is stored")
    });
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    assert!(reopened.unreadable.is_none());
    assert_eq!(reopened.document, saved);

    // The app confirms the chunks read at opening in idle time, one at a time.
    let t = Instant::now();
    let mut confirmed = 0;
    while store.confirm_read_part(&reopened.document.data) {
        confirmed += 1;
    }
    let confirm_ms = t.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(confirmed, 20_000_usize.div_ceil(256));

    // One change after opening (a case deactivated): only its chunk is encoded again, the
    // others are the text read at opening.
    let mut changed = reopened.document.clone();
    let case = &mut changed.data.cases[12_345];
    let mut event = case.events[0].clone();
    event.id = kim::domain::RecordId::from_random(0xfeed);
    event.kind = kim::domain::case::EventKind::Deleted;
    case.events.push(event);
    let t = Instant::now();
    store.save(&changed, 3).expect("the change fits");
    let change_ms = t.elapsed().as_secs_f64() * 1000.0;
    let after = backend.get(STORE_KEY).unwrap().unwrap();
    let differing: Vec<usize> = stored
        .split('.')
        .zip(after.split('.'))
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| i)
        .collect();
    // The head (its write count) and chunk 12,345 / 256 = 48 (part 49).
    assert_eq!(differing, vec![0, 12_345 / 256 + 1]);
    let (_, again) = Store::open(backend, 4, || unreachable!("the document is stored"));
    assert_eq!(again.document.data, changed.data);
    println!(
        "storage: {} cases, {events} events; JSON {:.1} MB, stored {:.2} M characters ({:.0} % of the quota); first save {save_ms:.0} ms, open {open_ms:.0} ms, confirming the {confirmed} chunks read (idle time) {confirm_ms:.0} ms in all, save after one change {change_ms:.1} ms (native, this build's profile)",
        saved.data.cases.len(),
        json.len() as f64 / 1e6,
        stored.len() as f64 / 1e6,
        stored.len() as f64 * 100.0 / LOCAL_STORAGE_QUOTA as f64,
    );
}
