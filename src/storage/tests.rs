//! Native tests of the storage guarantees, against [`MemoryStore`].

use super::schema::{LoadError, Migration};
use super::stored_text::{self, load_with};
use super::*;
use crate::domain::contacts::ShortContact;
use crate::domain::rules::RuleSet;
use crate::domain::{OutcomeId, ProviderId, RecordId, YearMonth};

fn fresh() -> StoredDocument {
    StoredDocument::fresh(
        Dataset {
            rules: RuleSet::default_rheine(),
            cases: vec![],
            contacts: vec![],
            visits: vec![],
            yearly: vec![],
        },
        "device-a".into(),
    )
}

fn contact(id: u64) -> ShortContact {
    ShortContact {
        id: RecordId::from_random(id),
        provider: ProviderId::new("caritas"),
        month: YearMonth::new(2023, 1).unwrap(),
        outcome: OutcomeId::new("mbe"),
        recorded_at: id as i64,
        voided: false,
    }
}

/// Saves `doc` like a tab does and returns the document the tab holds afterwards.
fn save<B: KeyValue>(
    store: &mut Store<B>,
    doc: &StoredDocument,
) -> Result<StoredDocument, StorageError> {
    let saved = store.save(doc, 1)?;
    Ok(saved.changed.unwrap_or_else(|| StoredDocument {
        write_count: saved.write_count,
        generation: saved.generation,
        ..doc.clone()
    }))
}

#[test]
fn nothing_stored_opens_fresh_and_saves_round_trip() {
    let backend = MemoryStore::new();
    let (mut store, opened) = Store::open(backend.clone(), 1, fresh);
    assert!(opened.unreadable.is_none());
    let mut doc = opened.document;
    doc.data.contacts.push(contact(1));
    let saved = save(&mut store, &doc).unwrap();
    assert_eq!(saved.write_count, 1);

    let (_, reopened) = Store::open(backend, 2, fresh);
    assert_eq!(reopened.document.data.contacts, vec![contact(1)]);
    assert_eq!(reopened.document.write_count, 1);
}

#[test]
fn a_stored_write_count_at_the_limit_saves_without_overflow() {
    let backend = MemoryStore::new();
    let mut stored = fresh();
    stored.write_count = u64::MAX;
    backend
        .set(STORE_KEY, &stored_text::to_stored_text(&stored))
        .unwrap();
    let (mut store, opened) = Store::open(backend.clone(), 1, fresh);
    assert!(opened.unreadable.is_none());
    let mut doc = opened.document;
    doc.data.contacts.push(contact(1));
    let saved = save(&mut store, &doc).unwrap();
    assert_eq!(saved.write_count, u64::MAX);
    let (_, reopened) = Store::open(backend, 2, fresh);
    assert_eq!(reopened.document.data.contacts, vec![contact(1)]);
}

#[test]
fn storage_full_keeps_previous_value_and_reports_full() {
    let backend = MemoryStore::new();
    let (mut store, opened) = Store::open(backend.clone(), 1, fresh);
    let mut doc = opened.document;
    doc.data.contacts.push(contact(1));
    save(&mut store, &doc).unwrap();
    let before = backend.get(STORE_KEY).unwrap().unwrap();

    backend.set_quota(Some(before.len() + STORE_KEY.len() + 10));
    for id in 2..200 {
        doc.data.contacts.push(contact(id));
    }
    assert_eq!(save(&mut store, &doc), Err(StorageError::Full));
    assert_eq!(backend.get(STORE_KEY).unwrap().unwrap(), before);

    // Once there is room again, the change kept in memory is saved.
    backend.set_quota(None);
    let saved = save(&mut store, &doc).unwrap();
    assert_eq!(saved.data.contacts.len(), 199);
}

#[test]
fn unreadable_text_is_kept_aside_never_wiped() {
    let backend = MemoryStore::new();
    backend.set(STORE_KEY, "{ edited by hand").unwrap();
    let (mut store, opened) = Store::open(backend.clone(), 42, fresh);
    let unreadable = opened.unreadable.expect("reported");
    assert!(matches!(unreadable.reason, LoadError::Malformed(_)));
    assert_eq!(unreadable.raw, "{ edited by hand");
    let key = unreadable.kept_as.expect("kept aside");
    assert_eq!(key, format!("{QUARANTINE_PREFIX}42"));
    assert_eq!(backend.get(&key).unwrap().unwrap(), "{ edited by hand");

    // Working on afterwards never touches the kept-aside copy.
    save(&mut store, &opened.document).unwrap();
    assert_eq!(
        store.quarantined(),
        vec![(key.clone(), "{ edited by hand".to_string())]
    );
}

#[test]
fn newer_schema_is_refused_and_kept() {
    let backend = MemoryStore::new();
    let newer = r#"{"schema_version": 99, "write_count": 3, "future": true}"#;
    backend.set(STORE_KEY, newer).unwrap();
    let (_, opened) = Store::open(backend.clone(), 7, fresh);
    let unreadable = opened.unreadable.unwrap();
    assert_eq!(
        unreadable.reason,
        LoadError::NewerVersion {
            found: 99,
            supported: CURRENT_SCHEMA_VERSION
        }
    );
    assert_eq!(
        backend.get(&unreadable.kept_as.unwrap()).unwrap().unwrap(),
        newer
    );
}

#[test]
fn unreadable_text_that_cannot_be_kept_aside_blocks_writing() {
    let backend = MemoryStore::new();
    let raw = "x".repeat(100);
    backend.set(STORE_KEY, &raw).unwrap();
    backend.set_quota(Some(120));
    let (mut store, opened) = Store::open(backend.clone(), 1, fresh);
    assert_eq!(opened.unreadable.as_ref().unwrap().kept_as, None);
    assert!(store.is_blocked());
    assert_eq!(
        save(&mut store, &opened.document),
        Err(StorageError::Blocked)
    );
    assert_eq!(backend.get(STORE_KEY).unwrap().unwrap(), raw);
}

#[test]
fn two_tabs_never_lose_each_others_writes() {
    let backend = MemoryStore::new();
    let (mut tab_a, opened_a) = Store::open(backend.clone(), 1, fresh);
    let (mut tab_b, opened_b) = Store::open(backend.clone(), 1, fresh);
    let mut doc_a = opened_a.document;
    let mut doc_b = opened_b.document;

    doc_a.data.contacts.push(contact(1));
    doc_a = save(&mut tab_a, &doc_a).unwrap();
    // Tab B has not seen A's write yet and saves its own.
    doc_b.data.contacts.push(contact(2));
    doc_b = save(&mut tab_b, &doc_b).unwrap();
    assert_eq!(doc_b.data.contacts.len(), 2, "B's save merged A's contact");

    // A learns of B's write through the storage event.
    let event = stored_text(&backend);
    let TakenIn::Changed {
        document: merged,
        save_back,
    } = tab_a.take_in(&event, &doc_a, 2)
    else {
        panic!("B wrote");
    };
    assert_eq!(merged.data.contacts.len(), 2);
    assert!(!save_back, "A holds nothing B's document lacks");
    // Nothing new: nothing to take in.
    assert_eq!(tab_a.take_in(&event, &merged, 3), TakenIn::Unchanged);

    let (_, reopened) = Store::open(backend, 3, fresh);
    let mut ids: Vec<_> = reopened
        .document
        .data
        .contacts
        .iter()
        .map(|c| c.id.clone())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        vec![RecordId::from_random(1), RecordId::from_random(2)]
    );
}

#[test]
fn a_replace_in_one_tab_is_not_merged_away_by_another() {
    let backend = MemoryStore::new();
    let (mut tab_a, opened_a) = Store::open(backend.clone(), 1, fresh);
    let mut doc_a = opened_a.document;
    doc_a.data.contacts.push(contact(1));
    doc_a.data.contacts.push(contact(2));
    doc_a = save(&mut tab_a, &doc_a).unwrap();
    let (mut tab_b, opened_b) = Store::open(backend.clone(), 2, fresh);
    let mut doc_b = opened_b.document;
    assert_eq!(doc_b.data.contacts.len(), 2);

    // Tab B replaces everything (an import in replace mode): only contact 3 remains.
    doc_b.generation += 1;
    doc_b.data.contacts = vec![contact(3)];
    doc_b = save(&mut tab_b, &doc_b).unwrap();
    assert_eq!(doc_b.data.contacts, vec![contact(3)]);

    // Tab A still holds the old data. Its storage event takes B's data as it is...
    let TakenIn::Changed {
        document: reloaded,
        save_back: false,
    } = tab_a.take_in(&stored_text(&backend), &doc_a, 2)
    else {
        panic!("B replaced");
    };
    assert_eq!(reloaded.data.contacts, vec![contact(3)]);
    // ...and a save of old-generation data (a change made before the event arrived) does not
    // bring the replaced records back.
    doc_a.data.contacts.push(contact(4));
    let saved = save(&mut tab_a, &doc_a).unwrap();
    assert_eq!(saved.data.contacts, vec![contact(3)]);
    let (_, reopened) = Store::open(backend, 3, fresh);
    assert_eq!(reopened.document.data.contacts, vec![contact(3)]);
    assert_eq!(reopened.document.generation, 1);
}

fn stored_text(backend: &MemoryStore) -> String {
    backend.get(STORE_KEY).unwrap().expect("a stored document")
}

#[test]
fn a_backup_written_in_one_tab_counts_when_another_saves() {
    // Tab A wrote a backup (the change it saw is in it); tab B then saves a change of its
    // own from an older view: the backup's time stays, and B's change still waits for one.
    let backend = MemoryStore::new();
    let (mut tab_a, opened_a) = Store::open(backend.clone(), 1, fresh);
    let (mut tab_b, opened_b) = Store::open(backend.clone(), 1, fresh);
    let mut doc_a = opened_a.document;
    doc_a.data.contacts.push(contact(1));
    doc_a.settings.backup.last_backup_ms = Some(1_000);
    doc_a.settings.backup.pending = false;
    doc_a.settings.backup.persistence_asked = true;
    save(&mut tab_a, &doc_a).unwrap();
    let mut doc_b = opened_b.document;
    doc_b.data.contacts.push(contact(2));
    doc_b.settings.backup.pending = true;
    let saved = save(&mut tab_b, &doc_b).unwrap();
    assert_eq!(saved.settings.backup.last_backup_ms, Some(1_000));
    assert!(saved.settings.backup.pending);
    assert!(saved.settings.backup.persistence_asked);
    assert_eq!(saved.data.contacts.len(), 2);
}

#[test]
fn two_tabs_saving_from_the_same_document_keep_both() {
    // Both tabs opened write count 1 and both save "write count 2": the second save sees
    // stored text it did not write and merges.
    let backend = MemoryStore::new();
    let (mut first, opened) = Store::open(backend.clone(), 1, fresh);
    let mut doc = opened.document;
    doc.data.contacts.push(contact(1));
    save(&mut first, &doc).unwrap();
    let (mut tab_a, opened_a) = Store::open(backend.clone(), 2, fresh);
    let (mut tab_b, opened_b) = Store::open(backend.clone(), 2, fresh);
    let mut doc_a = opened_a.document;
    let mut doc_b = opened_b.document;
    doc_a.data.contacts.push(contact(2));
    doc_b.data.contacts.push(contact(3));
    // B's document already says write count 2, as A's save will.
    doc_b.write_count = 2;
    save(&mut tab_a, &doc_a).unwrap();
    let saved_b = save(&mut tab_b, &doc_b).unwrap();
    assert_eq!(
        saved_b.data.contacts.len(),
        3,
        "B's save merged A's contact"
    );
    let (_, reopened) = Store::open(backend, 3, fresh);
    assert_eq!(reopened.document.data.contacts.len(), 3);
}

#[test]
fn a_write_missed_by_a_stale_read_comes_back_through_the_storage_event() {
    // A browser may show a tab its own copy of local storage before another tab's write
    // reached it: B then overwrites A's document without merging. A's storage event carries
    // B's document; A takes it in and must write its own records back.
    let backend = MemoryStore::new();
    let (mut tab_a, opened_a) = Store::open(backend.clone(), 1, fresh);
    let (mut tab_b, opened_b) = Store::open(backend.clone(), 1, fresh);
    let mut doc_a = opened_a.document;
    let mut doc_b = opened_b.document;
    doc_a.data.contacts.push(contact(1));
    doc_a = save(&mut tab_a, &doc_a).unwrap();
    // B's stale view: the entry as it was before A wrote (nothing).
    backend.remove(STORE_KEY).unwrap();
    doc_b.data.contacts.push(contact(2));
    save(&mut tab_b, &doc_b).unwrap();
    let event = stored_text(&backend);

    let TakenIn::Changed {
        document,
        save_back: true,
    } = tab_a.take_in(&event, &doc_a, 2)
    else {
        panic!("A must take B's contact in and save its own back");
    };
    assert_eq!(document.data.contacts.len(), 2);
    save(&mut tab_a, &document).unwrap();
    let (_, reopened) = Store::open(backend, 3, fresh);
    assert_eq!(reopened.document.data.contacts.len(), 2);
}

#[test]
fn a_newer_document_written_by_another_tab_survives_a_save() {
    let backend = MemoryStore::new();
    let (mut tab, opened) = Store::open(backend.clone(), 1, fresh);
    let mut doc = opened.document;
    doc.data.contacts.push(contact(1));
    doc = save(&mut tab, &doc).unwrap();

    // A newer release in another tab writes a document of a higher schema version.
    let newer = r#"{"schema_version": 99, "write_count": 9, "future": true}"#;
    backend.set(STORE_KEY, newer).unwrap();
    doc.data.contacts.push(contact(2));
    assert_eq!(save(&mut tab, &doc), Err(StorageError::Stopped));
    assert_eq!(stored_text(&backend), newer, "never overwritten");
    let found = tab.take_found_unreadable().expect("reported once");
    assert!(matches!(
        found.reason,
        LoadError::NewerVersion { found: 99, .. }
    ));
    let key = found.kept_as.expect("kept aside");
    assert_eq!(backend.get(&key).unwrap().as_deref(), Some(newer));
    assert!(tab.take_found_unreadable().is_none());
    // Saving stays stopped, and the kept-aside copy is made once.
    assert_eq!(save(&mut tab, &doc), Err(StorageError::Stopped));
    assert_eq!(stored_text(&backend), newer);
    assert_eq!(tab.quarantined().len(), 1);
}

#[test]
fn unreadable_text_met_on_the_storage_event_is_kept_aside_and_stops_saving() {
    let backend = MemoryStore::new();
    let (mut tab, opened) = Store::open(backend.clone(), 1, fresh);
    let doc = save(&mut tab, &opened.document).unwrap();
    backend.set(STORE_KEY, "{ garbled").unwrap();
    let TakenIn::Unreadable(unreadable) = tab.take_in("{ garbled", &doc, 5) else {
        panic!("unreadable text is reported");
    };
    assert!(matches!(unreadable.reason, LoadError::Malformed(_)));
    assert_eq!(
        unreadable.kept_as.as_deref(),
        Some("kim-rheine.unreadable.5")
    );
    assert_eq!(save(&mut tab, &doc), Err(StorageError::Stopped));
    assert_eq!(stored_text(&backend), "{ garbled");
}

#[test]
fn a_replace_overwritten_by_older_data_is_saved_back() {
    let backend = MemoryStore::new();
    let (mut tab_a, opened_a) = Store::open(backend.clone(), 1, fresh);
    let (mut tab_b, opened_b) = Store::open(backend.clone(), 1, fresh);
    let mut doc_a = opened_a.document;
    doc_a.generation += 1;
    doc_a.data.contacts = vec![contact(7)];
    let doc_a = save(&mut tab_a, &doc_a).unwrap();
    // B, with a stale view, writes generation-0 data over it.
    backend.remove(STORE_KEY).unwrap();
    let mut doc_b = opened_b.document;
    doc_b.data.contacts.push(contact(8));
    save(&mut tab_b, &doc_b).unwrap();
    assert_eq!(
        tab_a.take_in(&stored_text(&backend), &doc_a, 2),
        TakenIn::SaveBack
    );
}

#[test]
fn every_earlier_schema_fixture_loads() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/storage");
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixture directory") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(version) = name
            .strip_prefix('v')
            .and_then(|rest| rest.strip_suffix(".json"))
            .and_then(|v| v.parse::<u32>().ok())
        else {
            continue;
        };
        let raw = std::fs::read_to_string(&path).unwrap();
        let document = stored_text::load(&raw).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(document.schema_version, CURRENT_SCHEMA_VERSION, "{name}");
        assert!(!document.data.cases.is_empty(), "{name} holds cases");
        seen.push(version);
    }
    seen.sort();
    let expected: Vec<u32> = (1..=CURRENT_SCHEMA_VERSION).collect();
    assert_eq!(seen, expected, "one fixture per schema version");
}

#[test]
fn a_document_of_version_1_with_the_built_in_rules_of_then_gets_today_s() {
    // The built-in rule set as a release before sessions stored it.
    let mut before = fresh();
    before.data.rules = RuleSet::default_rheine().without_case_work();
    before.data.contacts = vec![contact(1)];
    let mut json = serde_json::to_value(&before).unwrap();
    json["schema_version"] = 1.into();
    let loaded = stored_text::load(&json.to_string()).unwrap();
    assert_eq!(loaded.schema_version, 2);
    assert_eq!(loaded.data.rules, RuleSet::default_rheine());
    assert_eq!(loaded.data.contacts, before.data.contacts);
    // A rule set of the municipality's own (here: another revision) is kept as it is.
    let mut own = before.clone();
    own.data.rules.revision = 7;
    let mut json = serde_json::to_value(&own).unwrap();
    json["schema_version"] = 1.into();
    let loaded = stored_text::load(&json.to_string()).unwrap();
    assert_eq!(loaded.data.rules, own.data.rules);
    assert!(loaded.data.rules.session_forms.is_empty());
}

#[test]
fn migrations_run_one_step_per_version_in_order() {
    fn one_to_two(mut v: serde_json::Value) -> Result<serde_json::Value, String> {
        v["steps"] = serde_json::json!(["1->2"]);
        Ok(v)
    }
    fn two_to_three(mut v: serde_json::Value) -> Result<serde_json::Value, String> {
        let steps = v["steps"].as_array_mut().ok_or("no steps")?;
        steps.push(serde_json::json!("2->3"));
        // Version 3 is the current shape; drop the marker so it deserialises.
        v.as_object_mut().unwrap().remove("steps");
        Ok(v)
    }
    let migrations: &[Migration] = &[one_to_two, two_to_three];
    let mut doc = serde_json::to_value(fresh()).unwrap();
    doc["schema_version"] = 1.into();
    let loaded = load_with(&doc.to_string(), migrations, 3).unwrap();
    assert_eq!(loaded.schema_version, 3);

    fn failing(_: serde_json::Value) -> Result<serde_json::Value, String> {
        Err("broken".into())
    }
    let err = load_with(&doc.to_string(), &[failing], 2).unwrap_err();
    assert_eq!(
        err,
        LoadError::MigrationFailed {
            from: 1,
            why: "broken".into()
        }
    );
    let err = load_with(&doc.to_string(), &[], 2).unwrap_err();
    assert!(matches!(err, LoadError::MigrationFailed { from: 1, .. }));

    // A step that returns something other than an object is a failed migration, not a panic
    // when the new version is written into it.
    fn to_array(_: serde_json::Value) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!([1, 2]))
    }
    let err = load_with(&doc.to_string(), &[to_array], 2).unwrap_err();
    assert!(matches!(err, LoadError::MigrationFailed { from: 1, .. }));
}

#[test]
fn foreign_json_is_malformed() {
    assert!(matches!(
        stored_text::load(r#"{"hello": "world"}"#),
        Err(LoadError::Malformed(_))
    ));
    assert!(matches!(
        stored_text::load("[]"),
        Err(LoadError::Malformed(_))
    ));
}

#[test]
fn every_key_the_app_writes_starts_with_the_app_prefix() {
    assert!(STORE_KEY.starts_with(APP_KEY_PREFIX));
    assert!(QUARANTINE_PREFIX.starts_with(APP_KEY_PREFIX));
    // Whatever a session writes (a document, unreadable text kept aside) is under the prefix.
    let backend = MemoryStore::new();
    backend.set(STORE_KEY, "{ not json").unwrap();
    let (mut store, opened) = Store::open(backend.clone(), 7, fresh);
    save(&mut store, &opened.document).unwrap();
    let keys = backend.keys().unwrap();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(
        keys.iter().all(|k| k.starts_with(APP_KEY_PREFIX)),
        "{keys:?}"
    );
}

#[test]
fn erase_all_removes_every_app_key_and_nothing_else() {
    let backend = MemoryStore::new();
    let (mut store, opened) = Store::open(backend.clone(), 1, fresh);
    let mut doc = opened.document;
    doc.data.contacts.push(contact(1));
    save(&mut store, &doc).unwrap();
    backend
        .set(&format!("{QUARANTINE_PREFIX}5"), "old")
        .unwrap();
    backend.set("kim-rheine.later-feature", "x").unwrap();
    // Keys of other apps on the same origin, and look-alikes without the prefix.
    backend.set("other-app.store", "keep").unwrap();
    backend.set("KIM-RHEINE.store", "keep").unwrap();
    backend.set("x.kim-rheine.store", "keep").unwrap();

    assert_eq!(erase_all(&backend), Ok(3));
    assert_eq!(
        backend.keys().unwrap(),
        vec!["KIM-RHEINE.store", "other-app.store", "x.kim-rheine.store"]
    );
    assert_eq!(
        backend.get("other-app.store").unwrap().as_deref(),
        Some("keep")
    );

    // Nothing left: a second erase removes nothing, and the app opens fresh.
    assert_eq!(erase_all(&backend), Ok(0));
    let (_, reopened) = Store::open(backend.clone(), 2, fresh);
    assert!(reopened.unreadable.is_none());
    assert!(reopened.document.data.contacts.is_empty());
    assert_eq!(erase_all(&MemoryStore::new()), Ok(0));
}

/// A backend whose `remove` fails for one key, to see that erasing goes on with the others.
struct RemoveFails {
    inner: MemoryStore,
    key: &'static str,
}

impl KeyValue for RemoveFails {
    type Mark = ();
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        self.inner.get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), BackendError> {
        self.inner.set(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), BackendError> {
        if key == self.key {
            return Err(BackendError::Unavailable("refused".into()));
        }
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, BackendError> {
        self.inner.keys()
    }
}

#[test]
fn erase_all_tries_every_key_and_reports_the_first_failure() {
    let inner = MemoryStore::new();
    inner.set(STORE_KEY, "{}").unwrap();
    inner.set(&format!("{QUARANTINE_PREFIX}1"), "a").unwrap();
    inner.set(&format!("{QUARANTINE_PREFIX}2"), "b").unwrap();
    let backend = RemoveFails {
        inner: inner.clone(),
        key: "kim-rheine.unreadable.1",
    };
    assert_eq!(
        erase_all(&backend),
        Err(StorageError::Unavailable("refused".into()))
    );
    // The document and the other kept-aside text are gone all the same.
    assert_eq!(inner.keys().unwrap(), vec!["kim-rheine.unreadable.1"]);
}

/// A document of today's one-piece layout (`kim-z1:`, compressed as a whole) opens as before
/// and is written in parts with the next save: that save is its migration.
#[test]
fn a_one_piece_document_is_migrated_to_parts_by_the_next_save() {
    let backend = MemoryStore::new();
    let mut large = fresh();
    large.data.contacts = (0..2_000).map(contact).collect();
    let one_piece = codec::encode(&schema::to_json(&large));
    assert!(one_piece.starts_with(codec::COMPRESSED_PREFIX) || one_piece.starts_with('{'));
    backend.set(STORE_KEY, &one_piece).unwrap();
    let (mut store, opened) = Store::open(backend.clone(), 1, fresh);
    assert!(opened.unreadable.is_none());
    assert_eq!(opened.document.data, large.data);
    let mut doc = opened.document;
    doc.data.contacts.push(contact(5_000));
    save(&mut store, &doc).unwrap();
    let stored = backend.get(STORE_KEY).unwrap().unwrap();
    assert!(stored.starts_with(parts::PARTS_PREFIX));
    let (_, reopened) = Store::open(backend, 2, fresh);
    assert_eq!(reopened.document.data, doc.data);
}

/// Two tabs writing documents in parts still merge each other's records.
#[test]
fn two_tabs_writing_in_parts_keep_each_others_records() {
    let backend = MemoryStore::new();
    let mut base = fresh();
    base.data.contacts = (0..1_500).map(contact).collect();
    let (mut first, _) = Store::open(backend.clone(), 1, || base.clone());
    let saved = save(&mut first, &base).unwrap();
    let (mut second, opened) = Store::open(backend.clone(), 2, fresh);
    let mut theirs = opened.document;
    theirs.data.contacts.push(contact(10_001));
    save(&mut second, &theirs).unwrap();
    let mut ours = saved;
    ours.data.contacts.push(contact(10_002));
    let merged = save(&mut first, &ours).unwrap();
    assert_eq!(merged.data.contacts.len(), 1_502);
    let (_, reopened) = Store::open(backend, 3, fresh);
    assert_eq!(reopened.document.data.contacts.len(), 1_502);
}

/// A [`MemoryStore`] that counts how often the document entry is copied out (`get` and
/// `get_marked`), to see when a save reads it.
struct CountingReads {
    inner: MemoryStore,
    reads: std::cell::Cell<usize>,
}

impl KeyValue for CountingReads {
    type Mark = String;
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        if key == STORE_KEY {
            self.reads.set(self.reads.get() + 1);
        }
        self.inner.get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), BackendError> {
        self.inner.set(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), BackendError> {
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, BackendError> {
        self.inner.keys()
    }
    fn get_marked(&self, key: &str) -> Result<(Option<String>, Option<String>), BackendError> {
        let value = self.get(key)?;
        Ok((value.clone(), value))
    }
    fn set_marked(&self, key: &str, value: &str) -> Result<Option<String>, BackendError> {
        self.inner.set_marked(key, value)
    }
    fn is_still(&self, key: &str, mark: &String) -> bool {
        self.inner.is_still(key, mark)
    }
}

#[test]
fn a_save_reads_the_entry_only_when_another_tab_wrote() {
    let shared = MemoryStore::new();
    let counting = CountingReads {
        inner: shared.clone(),
        reads: Default::default(),
    };
    let (mut tab_a, opened) = Store::open(counting, 1, fresh);
    assert_eq!(tab_a.backend.reads.get(), 1, "opening reads the entry");
    let mut doc_a = opened.document;
    for id in 1..=3 {
        doc_a.data.contacts.push(contact(id));
        doc_a = save(&mut tab_a, &doc_a).unwrap();
    }
    // Nothing was stored at opening, so the first save looks; the others know the entry as
    // their own write by its mark.
    assert_eq!(tab_a.backend.reads.get(), 2);

    // Another tab writes: A's next save reads the entry and keeps B's contact.
    let (mut tab_b, opened_b) = Store::open(shared.clone(), 2, fresh);
    let mut doc_b = opened_b.document;
    doc_b.data.contacts.push(contact(10));
    save(&mut tab_b, &doc_b).unwrap();
    doc_a.data.contacts.push(contact(4));
    doc_a = save(&mut tab_a, &doc_a).unwrap();
    assert_eq!(tab_a.backend.reads.get(), 3);
    assert_eq!(doc_a.data.contacts.len(), 5, "B's contact merged in");

    // The same text written again by another tab counts as unchanged (compared by content).
    let text = stored_text(&shared);
    shared.set(STORE_KEY, &text).unwrap();
    doc_a.data.contacts.push(contact(5));
    save(&mut tab_a, &doc_a).unwrap();
    assert_eq!(tab_a.backend.reads.get(), 3);

    // A text taken in from the storage event carries no mark: the next save reads.
    doc_b = save(&mut tab_b, &doc_b).unwrap();
    let event = stored_text(&shared);
    let TakenIn::Changed { document, .. } = tab_a.take_in(&event, &doc_a, 3) else {
        panic!("B wrote");
    };
    doc_a = *document;
    doc_a.data.contacts.push(contact(6));
    save(&mut tab_a, &doc_a).unwrap();
    assert_eq!(tab_a.backend.reads.get(), 4);
    let (_, reopened) = Store::open(shared, 4, fresh);
    assert_eq!(reopened.document.data.contacts.len(), 7);
    assert!(doc_b.data.contacts.len() <= 7);
}
