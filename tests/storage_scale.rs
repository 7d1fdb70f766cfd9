//! The register at its target scale (20,000 cases, about 100,000 events and 200,000 counselling
//! sessions) fits in 80 % of local storage's quota of 5.24 million characters, with the
//! passphrase lock and without, and survives a save and a reopen. The timings it prints are
//! figures, not assertions.

mod common;

use kim::domain::rules::RuleSet;
use kim::domain::Dataset;
use kim::storage::{schema, KeyValue, MemoryStore, Store, StoredDocument, STORE_KEY};
use std::time::Instant;

/// What Chromium allows one origin in local storage, in characters (keys and values), as
/// `.ci/bench-lock.mjs` measures it.
const LOCAL_STORAGE_QUOTA: usize = 5_242_880;

/// The share of the quota the register at its target scale may take, so that a year's growth
/// and the browser's other keys still fit.
const TARGET_SHARE: f64 = 0.8;

/// The characters of the entry sealed with the passphrase lock: `kim-e1:` and the base64 of
/// the envelope (41 bytes of header, the payload, 16 bytes of tag) around the stored text's
/// sealed payload (`storage::envelope`, docs/file-formats.md).
fn sealed_chars(stored: &str) -> usize {
    let payload = kim::storage::stored_text::to_sealed_payload(stored).len();
    "kim-e1:".len() + (41 + payload + 16).div_ceil(3) * 4
}

#[test]
fn twenty_thousand_cases_fit_in_local_storage() {
    let cases = common::with_sessions(common::synthetic(20_000), 10);
    let session_events = cases
        .iter()
        .flat_map(|c| &c.events)
        .filter(|e| matches!(e.kind, kim::domain::case::EventKind::Session { .. }))
        .count();
    let sessions: usize = cases.iter().map(|c| c.history().sessions().count()).sum();
    let events: usize = cases.iter().map(|c| c.events.len()).sum::<usize>() - session_events;
    assert_eq!(sessions, 200_000);
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
    let limit = (LOCAL_STORAGE_QUOTA as f64 * TARGET_SHARE) as usize;
    let sealed = sealed_chars(&stored);
    assert!(
        stored.len() <= limit && sealed <= limit,
        "stored {} and sealed {sealed} characters, more than {limit}",
        stored.len()
    );

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
        "storage: {} cases, {events} events (corrections of sessions included) and {sessions} sessions ({session_events} recorded); JSON {:.1} MB, stored {:.2} M characters ({:.0} % of the quota), sealed {:.2} M ({:.0} %); first save {save_ms:.0} ms, open {open_ms:.0} ms, confirming the {confirmed} chunks read (idle time) {confirm_ms:.0} ms in all, save after one change {change_ms:.1} ms (native, this build's profile)",
        saved.data.cases.len(),
        json.len() as f64 / 1e6,
        stored.len() as f64 / 1e6,
        stored.len() as f64 * 100.0 / LOCAL_STORAGE_QUOTA as f64,
        sealed as f64 / 1e6,
        sealed as f64 * 100.0 / LOCAL_STORAGE_QUOTA as f64,
    );
}
