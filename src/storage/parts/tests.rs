use super::*;
use crate::domain::{OutcomeId, ProviderId, RecordId, YearMonth};
use crate::storage::stored_text;
use proptest::prelude::*;

fn contact(id: u64) -> ShortContact {
    ShortContact {
        id: RecordId::from_random(id),
        provider: ProviderId::new("caritas"),
        month: YearMonth::new(2023, 1 + (id % 12) as u32).unwrap(),
        outcome: OutcomeId::new("mbe"),
        recorded_at: id as i64,
        voided: false,
    }
}

/// A document of `contacts` short contacts.
fn document(contacts: u64) -> StoredDocument {
    let mut document = StoredDocument::fresh(
        Dataset {
            rules: RuleSet::default_rheine(),
            cases: vec![],
            contacts: (0..contacts).map(contact).collect(),
            visits: vec![],
            yearly: vec![],
        },
        "device-a".into(),
    );
    document.write_count = 7;
    document
}

fn encoded(document: &StoredDocument, cache: &mut PartCache) -> String {
    encode(DocumentRef::from(document), cache)
}

/// The parts of two texts that differ, by index (head = 0).
fn changed_parts(before: &str, after: &str) -> Vec<usize> {
    let (before, after) = (split(before).unwrap(), split(after).unwrap());
    (0..before.len().max(after.len()))
        .filter(|&i| before.get(i) != after.get(i))
        .collect()
}

#[test]
fn a_small_document_stays_plain_json() {
    let small = document(10);
    let text = encoded(&small, &mut PartCache::default());
    assert!(text.starts_with('{'));
    assert_eq!(stored_text::load(&text).unwrap(), small);
}

#[test]
fn a_large_document_is_written_in_parts_and_reads_back() {
    let large = document(1_300);
    let text = encoded(&large, &mut PartCache::default());
    assert!(text.starts_with(PARTS_PREFIX));
    // Head and ceil(1,300 / 256) = 6 chunks.
    assert_eq!(split(&text).unwrap().len(), 7);
    assert_eq!(stored_text::load(&text).unwrap(), large);
    // For a person: the joined JSON is the document's.
    let readable: StoredDocument = serde_json::from_str(&readable(&text).unwrap()).unwrap();
    assert_eq!(readable, large);
}

#[test]
fn a_change_re_encodes_only_its_chunk_and_the_head() {
    let mut doc = document(1_300);
    let mut cache = PartCache::default();
    let before = encoded(&doc, &mut cache);
    // One contact taken back, in the third chunk.
    doc.data.contacts[600].voided = true;
    doc.write_count += 1;
    let after = encoded(&doc, &mut cache);
    assert_eq!(changed_parts(&before, &after), vec![0, 3]);
    // A new contact: the last chunk (and the head, which counts the records).
    doc.data.contacts.push(contact(99_999));
    let appended = encoded(&doc, &mut cache);
    assert_eq!(changed_parts(&after, &appended), vec![0, 6]);
    // What is written is what a fresh encoding writes.
    assert_eq!(appended, encoded(&doc, &mut PartCache::default()));
    assert_eq!(stored_text::load(&appended).unwrap(), doc);
}

#[test]
fn the_chunks_read_at_opening_are_reused_by_the_first_save() {
    let doc = document(1_300);
    let text = encoded(&doc, &mut PartCache::default());
    let mut cache = PartCache::default();
    let loaded = stored_text::load_cached(&text, &mut cache).unwrap();
    assert_eq!(loaded, doc);
    assert_eq!(cache.contacts.len(), 6);
    assert!(cache
        .contacts
        .iter()
        .zip(split(&text).unwrap().into_iter().skip(1))
        .all(|(cached, part)| cached.encoded == part));
    // The records went into the document uncopied: until confirmed, a save encodes anew
    // (and writes the same text).
    assert_eq!(states(&cache), ["unconfirmed"; 6]);
    assert_eq!(encoded(&loaded, &mut cache), text);
    let mut cache = PartCache::default();
    let loaded = stored_text::load_cached(&text, &mut cache).unwrap();
    let mut confirmed = 0;
    while cache.confirm_next(&loaded.data) {
        confirmed += 1;
    }
    assert_eq!(confirmed, 6);
    assert_eq!(states(&cache), ["known"; 6]);
    assert_eq!(encoded(&loaded, &mut cache), text);
}

/// What the cache knows of each chunk of contacts.
fn states(cache: &PartCache) -> Vec<&'static str> {
    cache
        .contacts
        .iter()
        .map(|cached| match cached.records {
            Records::Known(_) => "known",
            Records::Unconfirmed => "unconfirmed",
            Records::Stale => "stale",
        })
        .collect()
}

#[test]
fn a_change_made_before_its_chunk_is_confirmed_is_written() {
    let doc = document(1_300);
    let text = encoded(&doc, &mut PartCache::default());
    let mut cache = PartCache::default();
    let mut changed = stored_text::load_cached(&text, &mut cache).unwrap();
    // A contact taken back (third chunk) and one counted (last chunk) before confirmation.
    changed.data.contacts[600].voided = true;
    changed.data.contacts.push(contact(99_999));
    while cache.confirm_next(&changed.data) {}
    assert_eq!(
        states(&cache),
        ["known", "known", "stale", "known", "known", "stale"]
    );
    changed.write_count += 1;
    let after = encoded(&changed, &mut cache);
    assert_eq!(changed_parts(&text, &after), vec![0, 3, 6]);
    assert_eq!(after, encoded(&changed, &mut PartCache::default()));
    assert_eq!(stored_text::load(&after).unwrap(), changed);
}

#[test]
fn confirming_against_other_data_takes_nothing_as_unchanged() {
    let doc = document(1_300);
    let text = encoded(&doc, &mut PartCache::default());
    let mut cache = PartCache::default();
    stored_text::load_cached(&text, &mut cache).unwrap();
    // Another tab's data, shorter and different: every chunk is stale, and what is written
    // is that data's own encoding.
    let other = document(600);
    let mut other_changed = document(1_100);
    other_changed.data.contacts[5].voided = true;
    while cache.confirm_next(&other.data) {}
    assert_eq!(
        states(&cache),
        ["known", "known", "stale", "stale", "stale", "stale"]
    );
    assert_eq!(
        encoded(&other_changed, &mut cache),
        encoded(&other_changed, &mut PartCache::default())
    );
}

#[test]
fn a_newer_schema_version_in_parts_is_refused_as_newer() {
    let text = encoded(&document(1_300), &mut PartCache::default());
    let parts = split(&text).unwrap();
    let head = Expander::new().expand(parts[0]).unwrap().replacen(
        &format!("\"schema_version\":{CURRENT_SCHEMA_VERSION}"),
        "\"schema_version\":9",
        1,
    );
    assert!(head.contains("\"schema_version\":9"));
    let newer = [PARTS_PREFIX, &compress(&head), ".", &parts[1..].join(".")].concat();
    assert_eq!(
        stored_text::load(&newer),
        Err(LoadError::NewerVersion {
            found: 9,
            supported: CURRENT_SCHEMA_VERSION
        })
    );
}

#[test]
fn parts_that_do_not_match_the_head_are_refused() {
    let text = encoded(&document(1_300), &mut PartCache::default());
    let parts = split(&text).unwrap();
    // A chunk missing, or one too many.
    let missing = [PARTS_PREFIX, &parts[..6].join(".")].concat();
    assert!(matches!(
        stored_text::load(&missing),
        Err(LoadError::Malformed(_))
    ));
    let extra = format!("{text}.{}", parts[1]);
    assert!(matches!(
        stored_text::load(&extra),
        Err(LoadError::Malformed(_))
    ));
    // Two chunks swapped for one of another size (the count per chunk is checked).
    let mut shifted: Vec<&str> = parts.clone();
    shifted.swap(2, 6);
    let shifted = [PARTS_PREFIX, &shifted.join(".")].concat();
    assert!(matches!(
        stored_text::load(&shifted),
        Err(LoadError::Malformed(_))
    ));
    assert!(matches!(
        stored_text::load("kim-p1:"),
        Err(LoadError::Malformed(_))
    ));
    assert!(matches!(
        stored_text::load("kim-p1:not base64.AAAA"),
        Err(LoadError::Malformed(_))
    ));
}

#[test]
fn sealed_payloads_hold_the_compressed_parts_once() {
    let text = encoded(&document(1_300), &mut PartCache::default());
    let payload = stored_text::to_sealed_payload(&text);
    assert_eq!(payload[0], SEALED_PARTS);
    assert!(payload.len() < text.len() * 3 / 4 + 64);
    assert_eq!(
        stored_text::from_sealed_payload(payload).as_deref(),
        Some(text.as_str())
    );
    assert_eq!(from_sealed_payload(&[]), None);
    assert_eq!(from_sealed_payload(&[9, 0, 0, 0, 1]), None);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]
    /// Damaged text in parts is an error, never a panic.
    #[test]
    fn damaged_parts_never_panic(at in 0usize..20_000, byte in any::<u8>(), cut in any::<bool>()) {
        static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let text = TEXT.get_or_init(|| encoded(&document(1_300), &mut PartCache::default()));
        let mut bytes = text.clone().into_bytes();
        let at = at % bytes.len();
        if cut {
            bytes.truncate(at);
        } else {
            bytes[at] = byte;
        }
        let damaged = String::from_utf8_lossy(&bytes);
        let _ = stored_text::load(&damaged);
        let _ = readable(&damaged);
        let _ = stored_text::load_cached(&damaged, &mut PartCache::default());
        let payload = stored_text::to_sealed_payload(&damaged);
        let _ = stored_text::from_sealed_payload(payload);
    }
}

#[test]
fn one_expander_reads_parts_of_any_size_one_after_another() {
    // A highly compressible part expands far beyond the first buffer (it grows while
    // expanding); a short part read after it must not carry the longer one's tail.
    let long = format!("[{}]", vec!["\"aaaaaaaaaaaaaaaa\""; 200_000].join(","));
    let short = "[1,2,3]";
    let mut expander = Expander::new();
    for _ in 0..2 {
        for json in [long.as_str(), short, "", long.as_str()] {
            assert_eq!(expander.expand(&compress(json)).unwrap(), json);
        }
    }
}

#[test]
fn a_damaged_part_is_an_error_and_the_expander_reads_on() {
    let part = compress("[\"some records\",1,2,3]");
    let bytes = codec::base64_decode(&part).unwrap();
    let mut expander = Expander::new();
    for cut in 0..bytes.len() {
        let mut truncated = String::new();
        codec::base64_encode(&bytes[..cut], &mut truncated);
        assert!(expander.expand(&truncated).is_err(), "cut at {cut}");
    }
    let mut flipped = bytes.clone();
    flipped[0] ^= 0xff;
    let mut text = String::new();
    codec::base64_encode(&flipped, &mut text);
    let _ = expander.expand(&text);
    assert_eq!(expander.expand(&part).unwrap(), "[\"some records\",1,2,3]");
}

/// A case of `events` events of every kind, its ids from `seed`.
fn case(seed: u64, events: u64) -> Case {
    use crate::domain::case::{Admission, CaseEvent, EventKind};
    use crate::domain::{AreaId, CaseCode, DeactivationReasonId, ProblemId, WayInId};
    let day = |n: u64| chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Days::new(n);
    let kinds = [
        EventKind::Deactivated {
            reason: DeactivationReasonId::new("no-contact"),
            evaluation: None,
        },
        EventKind::Reactivated,
        EventKind::HandedOver {
            to: ProviderId::new("lernen-foerdern"),
            rule_change: seed.is_multiple_of(2),
        },
        EventKind::Moved {
            to: AreaId::new("rechts"),
        },
        EventKind::Voided {
            target: RecordId::from_random(seed * 100),
        },
    ];
    let admitted = EventKind::Admitted(
        Admission {
            area: AreaId::new("links"),
            provider: ProviderId::new("caritas"),
            problems: vec![
                ProblemId::new("rent-debts"),
                ProblemId::new("Mietschulden \"alt\""),
            ],
            parties: vec![],
            way_in: WayInId::new("abh"),
            against_suggestion: seed.is_multiple_of(3).then(|| "urgent".into()),
            intake: None,
        }
        .into(),
    );
    Case {
        code: CaseCode::from_random(seed),
        events: std::iter::once(admitted)
            .chain(kinds.into_iter().cycle())
            .take(events as usize)
            .enumerate()
            .map(|(n, kind)| CaseEvent {
                id: RecordId::from_random(seed * 100 + n as u64),
                date: day(n as u64),
                recorded_at: 1_700_000_000_000 + n as i64,
                kind,
            })
            .collect(),
    }
}

/// A document of `cases` cases (and 100 short contacts).
fn with_cases(cases: u64) -> StoredDocument {
    let mut doc = document(100);
    doc.data.cases = (0..cases).map(|n| case(n, 1 + n % 7)).collect();
    doc
}

/// The text the versions before the rows wrote for `doc`: its cases' chunks as the objects
/// of the export file, and no form in the head.
fn written_as_objects(doc: &StoredDocument) -> String {
    let text = encoded(doc, &mut PartCache::default());
    let parts = split(&text).unwrap();
    let head = Expander::new().expand(parts[0]).unwrap().to_owned();
    let head = head.replacen(",\"case_form\":2", "", 1);
    assert!(!head.contains("case_form"));
    let case_chunks = doc
        .data
        .cases
        .chunks(CHUNK)
        .map(|chunk| compress(&serde_json::to_string(chunk).unwrap()));
    let rest = parts[1 + doc.data.cases.len().div_ceil(CHUNK)..]
        .iter()
        .map(|p| p.to_string());
    let parts: Vec<String> = std::iter::once(compress(&head))
        .chain(case_chunks)
        .chain(rest)
        .collect();
    [PARTS_PREFIX, &parts.join(".")].concat()
}

#[test]
fn cases_are_stored_as_rows_and_read_back() {
    let doc = with_cases(1_100);
    let text = encoded(&doc, &mut PartCache::default());
    let parts = split(&text).unwrap();
    let mut expander = Expander::new();
    assert!(expander
        .expand(parts[0])
        .unwrap()
        .contains("\"case_form\":2"));
    let first = expander.expand(parts[1]).unwrap().to_owned();
    assert!(first.starts_with("[[\""), "{}", &first[..40]);
    assert!(!first.contains("\"recorded_at\""));
    assert_eq!(stored_text::load(&text).unwrap(), doc);
    // Half the JSON of the objects the export writes.
    let objects = serde_json::to_string(&doc.data.cases[..CHUNK]).unwrap();
    assert!(
        first.len() * 10 < objects.len() * 6,
        "{} against {}",
        first.len(),
        objects.len()
    );
    // For a person, the raw-data download holds the objects, as an export does.
    let readable = readable(&text).unwrap();
    assert!(readable.contains("\"recorded_at\""));
    let readable: StoredDocument = serde_json::from_str(&readable).unwrap();
    assert_eq!(readable, doc);
    // A change to a case re-encodes its chunk only, and a fresh encoding writes the same.
    let mut cache = PartCache::default();
    let before = encoded(&doc, &mut cache);
    let mut changed = doc.clone();
    changed.data.cases[300].events.pop();
    changed.write_count += 1;
    let after = encoded(&changed, &mut cache);
    assert_eq!(changed_parts(&before, &after), vec![0, 2]);
    assert_eq!(after, encoded(&changed, &mut PartCache::default()));
    assert_eq!(stored_text::load(&after).unwrap(), changed);
}

/// `doc` with sessions (about ten per case, some voided and recorded again) and
/// deregistrations with an evaluation.
fn with_sessions(cases: u64) -> StoredDocument {
    use crate::domain::case::{CaseEvent, EventKind};
    let mut doc = with_cases(cases);
    let forms = ["in-person", "phone", "home-visit"];
    for (n, case) in doc.data.cases.iter_mut().enumerate() {
        let start = case.events[0].date;
        for k in 0..10u64 {
            let date = start + chrono::Days::new(k * 9 + n as u64 % 5);
            let form = forms[(n + k as usize) % 3];
            case.events.push(CaseEvent::session(date, 0, form.into()));
            if k == 3 && n % 4 == 0 {
                // Voided and recorded again.
                let target = RecordId::of_session(date, 0, &form.into());
                case.events.push(CaseEvent {
                    id: RecordId::from_random(0xdead_0000 + n as u64),
                    date,
                    recorded_at: 1_800_000_000_000,
                    kind: EventKind::Voided { target },
                });
                case.events.push(CaseEvent::session(date, 1, form.into()));
            }
        }
        for event in &mut case.events {
            if let EventKind::Deactivated { evaluation, .. } = &mut event.kind {
                *evaluation = (n % 2 == 0).then(|| "partly-reached".into());
            }
        }
        crate::domain::sorting::sort_by(&mut case.events, CaseEvent::fold_order);
    }
    doc
}

/// The cache keeps the cases it wrote sharing their events with the document's
/// (`case::Events`), so a save compares the unchanged ones without reading their events. A
/// session recorded on one of them after the save (in place, as the app records it) must
/// still be seen as a change of its chunk, and the copy the cache holds must not change with it.
#[test]
fn a_session_recorded_after_a_save_re_encodes_its_chunk_only() {
    use crate::domain::case::CaseEvent;
    let known = |cache: &PartCache, chunk: usize| match &cache.cases[chunk].records {
        Records::Known(cases) => cases.clone(),
        _ => panic!("a chunk written is known"),
    };
    let mut doc = with_sessions(1_100);
    let mut cache = PartCache::default();
    let before = encoded(&doc, &mut cache);
    assert!(known(&cache, 2)[188]
        .events
        .shared_with(&doc.data.cases[700].events));
    let held = doc.data.cases[700].events.len();
    let case = &mut doc.data.cases[700];
    let date = case.events.last().unwrap().date + chrono::Days::new(3);
    case.events
        .push(CaseEvent::session(date, 0, "digital".into()));
    // The cache's copy kept the events it wrote.
    assert_eq!(known(&cache, 2)[188].events.len(), held);
    assert!(!known(&cache, 2)[188]
        .events
        .shared_with(&doc.data.cases[700].events));
    doc.write_count += 1;
    let after = encoded(&doc, &mut cache);
    // The head and chunk 700 / 256 = 2 (part 3).
    assert_eq!(changed_parts(&before, &after), vec![0, 3]);
    assert_eq!(after, encoded(&doc, &mut PartCache::default()));
    assert_eq!(stored_text::load(&after).unwrap(), doc);
    assert!(known(&cache, 2)[188]
        .events
        .shared_with(&doc.data.cases[700].events));
}

#[test]
fn sessions_are_stored_as_dates_and_forms_and_read_back_exactly() {
    let doc = with_sessions(1_100);
    let text = encoded(&doc, &mut PartCache::default());
    assert_eq!(stored_text::load(&text).unwrap(), doc);
    let parts = split(&text).unwrap();
    let first = Expander::new().expand(parts[1]).unwrap().to_owned();
    // No session is an event of its own; the ones voided and recorded again carry their number.
    assert!(!first.contains("\"session\""), "{}", &first[..400]);
    assert!(
        first.contains(",\"phone\",1]")
            || first.contains(",\"in-person\",1]")
            || first.contains(",\"home-visit\",1]")
    );
    assert!(first.contains("\"deactivated\":[\""));
    // The raw-data download holds them as the export's objects.
    let readable: StoredDocument = serde_json::from_str(&readable(&text).unwrap()).unwrap();
    assert_eq!(readable, doc);
    // A session that is not identified by its date and form, and the sessions of a case whose
    // events are out of order, stay events: still read back exactly.
    let mut odd = doc.clone();
    let admitted_on = odd.data.cases[0].events[0].date;
    odd.data.cases[0]
        .events
        .push(crate::domain::case::CaseEvent {
            id: RecordId::from_random(77),
            date: admitted_on,
            recorded_at: 5,
            kind: crate::domain::case::EventKind::Session {
                form: "digital".into(),
            },
        });
    odd.data.cases[1].events.reverse();
    let text = encoded(&odd, &mut PartCache::default());
    assert_eq!(stored_text::load(&text).unwrap(), odd);
    // The chunks read at opening are confirmed against what a save would write.
    let mut cache = PartCache::default();
    let loaded = stored_text::load_cached(&text, &mut cache).unwrap();
    while cache.confirm_next(&loaded.data) {}
    assert_eq!(encoded(&loaded, &mut cache), text);
}

#[test]
fn a_text_of_rows_without_sessions_is_read_and_its_chunks_kept() {
    let doc = with_cases(1_100);
    let text = encoded(&doc, &mut PartCache::default());
    let parts = split(&text).unwrap();
    let head = Expander::new().expand(parts[0]).unwrap().to_owned();
    let form_1 = head.replacen("\"case_form\":2", "\"case_form\":1", 1);
    assert_ne!(form_1, head);
    let old = [PARTS_PREFIX, &compress(&form_1), ".", &parts[1..].join(".")].concat();
    let mut cache = PartCache::default();
    let loaded = stored_text::load_cached(&old, &mut cache).unwrap();
    assert_eq!(loaded, doc);
    assert_eq!(
        serde_json::from_str::<StoredDocument>(&readable(&old).unwrap()).unwrap(),
        doc
    );
    while cache.confirm_next(&loaded.data) {}
    // Rows of form 1 are rows of form 2 without sessions: only the head is written anew.
    let saved = encoded(&loaded, &mut cache);
    assert_eq!(changed_parts(&old, &saved), vec![0]);
    assert_eq!(saved, text);
}

#[test]
fn the_chunks_of_cases_read_at_opening_are_confirmed_against_their_rows() {
    let doc = with_cases(1_100);
    let text = encoded(&doc, &mut PartCache::default());
    let mut cache = PartCache::default();
    let loaded = stored_text::load_cached(&text, &mut cache).unwrap();
    assert_eq!(cache.cases.len(), 5);
    while cache.confirm_next(&loaded.data) {}
    assert!(cache
        .cases
        .iter()
        .all(|c| matches!(c.records, Records::Known(_))));
    assert_eq!(encoded(&loaded, &mut cache), text);
}

#[test]
fn a_text_with_cases_as_objects_reads_the_same_and_is_saved_as_rows() {
    let doc = with_cases(1_100);
    let old = written_as_objects(&doc);
    let mut cache = PartCache::default();
    let loaded = stored_text::load_cached(&old, &mut cache).unwrap();
    assert_eq!(loaded, doc);
    assert_eq!(
        serde_json::from_str::<StoredDocument>(&readable(&old).unwrap()).unwrap(),
        doc
    );
    // The chunks of cases are not remembered: the first save writes all of them as rows (the
    // migration); the contacts' chunks are reused.
    assert!(cache.cases.is_empty());
    assert_eq!(cache.contacts.len(), 1);
    while cache.confirm_next(&loaded.data) {}
    let saved = encoded(&loaded, &mut cache);
    assert_eq!(saved, encoded(&doc, &mut PartCache::default()));
    assert_eq!(changed_parts(&old, &saved), vec![0, 1, 2, 3, 4, 5]);
    assert_eq!(stored_text::load(&saved).unwrap(), doc);
}

#[test]
fn cases_in_an_unknown_form_or_not_in_their_form_are_refused() {
    let doc = with_cases(1_100);
    let text = encoded(&doc, &mut PartCache::default());
    let parts = split(&text).unwrap();
    let head = Expander::new().expand(parts[0]).unwrap().to_owned();
    let with_head =
        |head: &str| [PARTS_PREFIX, &compress(head), ".", &parts[1..].join(".")].concat();
    // A form of a later version.
    let later = with_head(&head.replacen("\"case_form\":2", "\"case_form\":3", 1));
    for refused in [
        stored_text::load(&later).map(|_| ()),
        readable(&later)
            .map(|_| ())
            .ok_or(LoadError::Malformed(String::new())),
    ] {
        assert!(
            matches!(refused, Err(LoadError::Malformed(_))),
            "{refused:?}"
        );
    }
    // Rows where the head says objects, and objects where it says rows.
    let objects_head = with_head(&head.replacen(",\"case_form\":2", "", 1));
    assert!(matches!(
        stored_text::load(&objects_head),
        Err(LoadError::Malformed(_))
    ));
    let old = written_as_objects(&doc);
    let old_parts = split(&old).unwrap();
    let rows_head = [
        PARTS_PREFIX,
        &compress(&head),
        ".",
        &old_parts[1..].join("."),
    ]
    .concat();
    assert!(matches!(
        stored_text::load(&rows_head),
        Err(LoadError::Malformed(_))
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, failure_persistence: None, ..ProptestConfig::default() })]
    /// Rows damaged in their JSON (a byte changed, removed or added, compressed again so the
    /// damage reaches the rows' reader) are an error, never a panic; whatever is still read is
    /// a document that saves and reads back the same.
    #[test]
    fn rows_damaged_in_their_json_never_panic(at in 0usize..200_000, byte in any::<u8>(), edit in 0u8..3) {
        static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let text = TEXT.get_or_init(|| encoded(&with_cases(1_100), &mut PartCache::default()));
        let parts = split(text).unwrap();
        let mut json = Expander::new().expand(parts[1]).unwrap().as_bytes().to_vec();
        let at = at % json.len();
        match edit {
            0 => json[at] = byte,
            1 => {
                json.remove(at);
            }
            _ => json.insert(at, byte),
        }
        let damaged = compress(&String::from_utf8_lossy(&json));
        let damaged = [PARTS_PREFIX, parts[0], ".", &damaged, ".", &parts[2..].join(".")].concat();
        let _ = readable(&damaged);
        if let Ok(read) = stored_text::load_cached(&damaged, &mut PartCache::default()) {
            let again = encoded(&read, &mut PartCache::default());
            prop_assert_eq!(stored_text::load(&again).unwrap(), read);
        }
    }
}
