//! Browser tests (wasm-bindgen-test in headless Chromium): the local-storage adapter against
//! the real `localStorage`, and components mounted into the real DOM, found by role and label.
#![cfg(target_arch = "wasm32")]

use kim::storage::{BackendError, KeyValue, LocalStore, Store, STORE_KEY};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
fn local_store_reads_writes_lists_and_removes() {
    local_storage().clear().unwrap();
    let store = LocalStore;
    assert_eq!(store.get("kim-test.a").unwrap(), None);
    store.set("kim-test.a", "eins").unwrap();
    store.set("kim-test.b", "zwei").unwrap();
    assert_eq!(store.get("kim-test.a").unwrap().as_deref(), Some("eins"));
    let mut keys = store.keys().unwrap();
    keys.sort();
    assert_eq!(keys, ["kim-test.a", "kim-test.b"]);
    store.remove("kim-test.a").unwrap();
    assert_eq!(store.get("kim-test.a").unwrap(), None);
    local_storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn local_store_marks_tell_a_value_still_stored_from_one_written_since() {
    let key = "kim-rheine.test-mark";
    let store = LocalStore;
    let mark = store
        .set_marked(key, "erster Text")
        .unwrap()
        .expect("local storage marks");
    assert!(store.is_still(key, &mark));
    // Another tab writes something else, then the same text again (compared by content).
    local_storage().set_item(key, "zweiter Text").unwrap();
    assert!(!store.is_still(key, &mark));
    local_storage().set_item(key, "erster Text").unwrap();
    assert!(store.is_still(key, &mark));
    // A mark taken by reading; gone when the key is removed.
    let (read, mark) = store.get_marked(key).unwrap();
    assert_eq!(read.as_deref(), Some("erster Text"));
    let mark = mark.expect("a value read has a mark");
    assert!(store.is_still(key, &mark));
    store.remove(key).unwrap();
    assert!(!store.is_still(key, &mark));
    assert_eq!(store.get_marked(key).unwrap().0, None);
}

#[wasm_bindgen_test]
async fn idle_work_runs_with_and_without_request_idle_callback() {
    use std::cell::Cell;
    use std::rc::Rc;
    let window = web_sys::window().unwrap();
    let name = wasm_bindgen::JsValue::from_str("requestIdleCallback");
    let original = js_sys::Reflect::get(&window, &name).unwrap();
    for available in [true, false] {
        if !available {
            // As in Safari, which has no requestIdleCallback.
            js_sys::Reflect::set(&window, &name, &wasm_bindgen::JsValue::UNDEFINED).unwrap();
        }
        let ran = Rc::new(Cell::new(false));
        let flag = ran.clone();
        kim::app::browser::when_idle(move || flag.set(true));
        sleep_ms(300).await;
        js_sys::Reflect::set(&window, &name, &original).unwrap();
        assert!(ran.get(), "requestIdleCallback available: {available}");
    }
}

#[wasm_bindgen_test]
fn local_store_recognises_a_full_quota_and_keeps_the_old_value() {
    local_storage().clear().unwrap();
    let store = LocalStore;
    store.set("kim-test.keep", "alt").unwrap();
    // Fill local storage until the browser refuses (its quota is about 5 million characters).
    let chunk = "x".repeat(1 << 20);
    let mut refused = None;
    for i in 0..64 {
        if let Err(error) = store.set(&format!("kim-test.fill.{i}"), &chunk) {
            refused = Some(error);
            break;
        }
    }
    assert_eq!(refused, Some(BackendError::QuotaExceeded));
    assert_eq!(
        store.set("kim-test.keep", &chunk),
        Err(BackendError::QuotaExceeded)
    );
    assert_eq!(store.get("kim-test.keep").unwrap().as_deref(), Some("alt"));
    local_storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn sealed_entry_is_told_from_the_start_of_the_text_however_long_its_whitespace() {
    let storage = local_storage();
    let cases = [
        ("kim-e1:AAAA".to_owned(), true),
        (format!("{}kim-e1:AAAA", " \n\t".repeat(40)), true),
        (format!("{}kim-e1:AAAA", " ".repeat(63)), true),
        (format!("{}kim-e1:AAAA", " ".repeat(60)), true),
        (format!("{}kim-p1:AAAA", " ".repeat(100)), false),
        (format!("kim-p1:{}", "A".repeat(100_000)), false),
        (format!("\u{feff}kim-e1:{}", "A".repeat(100)), false),
        (format!("{}\u{1F600}kim-e1:", " ".repeat(62)), false),
        ("kim-e1".to_owned(), false),
        (String::new(), false),
    ];
    for (text, sealed) in cases {
        storage.set_item(STORE_KEY, &text).unwrap();
        let found = kim::storage::sealed_entry();
        assert_eq!(found.is_some(), sealed, "{:?}", &text[..text.len().min(80)]);
        if let Some(found) = found {
            assert_eq!(found, text);
        }
    }
    storage.remove_item(STORE_KEY).unwrap();
    assert_eq!(kim::storage::sealed_entry(), None);
}

#[wasm_bindgen_test]
fn store_opens_unreadable_local_storage_without_wiping_it() {
    local_storage().clear().unwrap();
    local_storage().set_item(STORE_KEY, "kaputt").unwrap();
    let (_store, opened) = Store::open(LocalStore, 5, || {
        kim::storage::StoredDocument::fresh(
            kim::domain::Dataset {
                rules: kim::domain::rules::RuleSet::default_rheine(),
                cases: vec![],
                contacts: vec![],
                visits: vec![],
                yearly: vec![],
            },
            "test".into(),
        )
    });
    let unreadable = opened.unreadable.expect("reported");
    assert_eq!(
        local_storage()
            .get_item(&unreadable.kept_as.unwrap())
            .unwrap()
            .as_deref(),
        Some("kaputt")
    );
    local_storage().clear().unwrap();
}

/// Mounts the app; dropping the handle unmounts it again (and takes its listeners on the
/// window with it, which the router tests need).
fn mount_app() -> (web_sys::Element, impl Sized) {
    console_error_panic_hook::set_once();
    // The router reads the address; start on the overview.
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/"))
        .unwrap();
    let document = document();
    let wrapper = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&wrapper).unwrap();
    let handle = mount_to(wrapper.clone().unchecked_into(), kim::app::App);
    (wrapper, handle)
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.text_content())
        .map(|t| t.trim().to_string())
        .collect()
}

/// Waits until the page's only `h1` reads `heading` (the app renders and the router navigates
/// asynchronously: a few turns of the executor), and asserts it.
async fn wait_for_heading(root: &web_sys::Element, heading: &str) {
    for _ in 0..50 {
        if texts(root, "main h1") == [heading] {
            break;
        }
        sleep_ms(10).await;
    }
    assert_eq!(texts(root, "main h1"), [heading]);
}

#[wasm_bindgen_test]
async fn mounted_app_shows_navigation_landmarks_and_german_headings() {
    local_storage().clear().unwrap();
    let (root, app) = mount_app();
    tick().await;
    let nav = root
        .query_selector("nav[aria-label='Hauptnavigation']")
        .unwrap()
        .expect("main navigation landmark");
    assert_eq!(
        texts(&nav, "a"),
        [
            "Übersicht",
            "Aufnahme",
            "Fälle",
            "Beratungskontakte",
            "Willkommensbesuche",
            "Bericht",
            "Datenaustausch",
            "Einstellungen"
        ]
    );
    assert!(root.query_selector("main").unwrap().is_some());
    // A device without a rule set asks for one first; the built-in one is a button.
    assert_eq!(texts(&root, "main h1"), ["Regelwerk wählen"]);
    let buttons = root.query_selector_all("main button").unwrap();
    let built_in: web_sys::HtmlElement = (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| {
            b.text_content()
                .is_some_and(|t| t.starts_with("Mitgeliefertes Regelwerk"))
        })
        .expect("the built-in rule set is offered")
        .unchecked_into();
    built_in.click();
    wait_for_heading(&root, "Kommunales Integrationsmanagement Rheine").await;
    // Clicking a link navigates client-side.
    let link: web_sys::HtmlElement = nav
        .query_selector("a[href='/einstellungen']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    link.click();
    wait_for_heading(&root, "Einstellungen").await;
    // Who works on this device: the first-start question, asked again on Einstellungen.
    let question = root
        .query_selector("fieldset#geraet-frage")
        .unwrap()
        .expect("device question");
    assert_eq!(
        texts(&question, "legend"),
        ["Für wen wird auf diesem Gerät gearbeitet?"]
    );
    assert_eq!(
        texts(&question, "label"),
        [
            "Caritas Rheine e. V.",
            "Lernen fördern e. V.",
            "Koordinierende Stelle"
        ]
    );
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
fn chart_axis_has_whole_number_ticks_above_the_largest_value() {
    use kim::app::chart::axis;
    for (value, expected) in [
        (0.0, (1.0, 1.0)),
        (1.0, (1.0, 1.0)),
        (3.0, (3.0, 1.0)),
        (14.0, (15.0, 5.0)),
        (30.0, (30.0, 10.0)),
        (42.0, (60.0, 20.0)),
        (86.0, (100.0, 50.0)),
        (209.0, (300.0, 100.0)),
    ] {
        assert_eq!(axis(value), expected, "{value}");
    }
}

#[wasm_bindgen_test]
fn chart_bars_are_proportional_and_stand_on_the_baseline() {
    use kim::app::chart::layout;
    let labels: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
    let geometry = layout(&labels, &[vec![10.0, 20.0, 5.0], vec![0.0, 40.0, 1.0]]);
    assert_eq!(geometry.max, 40.0);
    assert_eq!(
        geometry.ticks.iter().map(|(v, _)| *v).collect::<Vec<_>>(),
        [0.0, 10.0, 20.0, 30.0, 40.0]
    );
    assert_eq!(geometry.bars.len(), 6);
    let of_20 = geometry.bars[1].height;
    let of_40 = geometry.bars[4].height;
    assert!((of_40 / of_20 - 2.0).abs() < 1e-9);
    let baseline = geometry.ticks[0].1;
    for bar in &geometry.bars {
        assert!((bar.y + bar.height - baseline).abs() < 1e-9);
    }
    // Bars of one category sit side by side, not on top of each other.
    assert!(geometry.bars[4].x >= geometry.bars[1].x + geometry.bars[1].width - 1e-9);
}

#[wasm_bindgen_test]
fn chart_labels_fit_inside_the_picture_and_hidden_values_have_no_bar() {
    use kim::app::chart::{layout, wrap};
    assert_eq!(
        wrap("Gesundheit und Pflege", 10),
        ["Gesundheit", "und Pflege"]
    );
    assert_eq!(
        wrap("Aufenthaltsrechtliches", 5),
        ["Aufenthaltsrechtliches"]
    );
    // Upright labels (few categories): wrapped, and the picture is tall enough for every line.
    let long: Vec<String> = [
        "Wohnen und Mietschulden bei Vermietern",
        "Gesundheit",
        "Schule, Kita und Erziehung der Kinder",
    ]
    .map(String::from)
    .to_vec();
    let geometry = layout(&long, &[vec![3.0, f64::NAN, 1.0]]);
    assert_eq!(geometry.bars.len(), 2, "a hidden value has no bar");
    let lines = geometry.labels.iter().map(|l| l.lines.len()).max().unwrap();
    assert!(lines >= 2);
    assert!(geometry.height >= geometry.baseline + 14.0 * lines as f64);
    // Turned labels (many categories): the first one does not reach past the left edge, and
    // the longest fits below the baseline.
    let many: Vec<String> = (1..=12)
        .map(|i| format!("Problemlage Nummer {i} mit langem Namen"))
        .collect();
    let geometry = layout(&many, &[vec![1.0; 12]]);
    let first = &geometry.labels[0];
    assert!(first.turned);
    let reach = first.lines[0].chars().count() as f64 * 7.2;
    let (sin, cos) = 40f64.to_radians().sin_cos();
    assert!(first.x - reach * cos >= 0.0, "left edge");
    assert!(first.y + reach * sin <= geometry.height, "bottom edge");
}

#[wasm_bindgen_test]
async fn mounted_chart_is_a_named_image_with_one_bar_per_value() {
    use kim::app::chart::BarChart;
    let document = document();
    let wrapper = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&wrapper).unwrap();
    let handle = mount_to(wrapper.clone().unchecked_into(), || {
        view! {
            <BarChart
                title="Kontakte je Monat"
                categories=vec!["01.2023".to_string(), "02.2023".to_string()]
                series=vec![
                    ("Caritas".to_string(), vec![12.0, 10.0]),
                    ("Lernen fördern".to_string(), vec![2.0, 7.0]),
                ]
            />
        }
    });
    tick().await;
    let svg = wrapper
        .query_selector("svg[role='img']")
        .unwrap()
        .expect("chart");
    assert_eq!(
        svg.get_attribute("aria-label").as_deref(),
        Some("Kontakte je Monat")
    );
    assert_eq!(wrapper.query_selector_all("rect").unwrap().length(), 4);
    assert_eq!(
        texts(&wrapper, ".chart-legend li"),
        ["Caritas", "Lernen fördern"]
    );
    assert!(texts(&wrapper, "rect title").contains(&"02.2023, Lernen fördern: 7".to_string()));
    drop(handle);
    wrapper.remove();
}

#[wasm_bindgen_test]
async fn mounted_select_follows_its_value_and_reports_the_choice() {
    use kim::app::components::{Choice, SelectOne};
    let document = document();
    let wrapper = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&wrapper).unwrap();
    let options = RwSignal::new(vec![
        Choice::new("a", "Erster"),
        Choice::new("b", "Zweiter"),
    ]);
    let selected = RwSignal::new(None::<String>);
    let chosen = RwSignal::new(Vec::<Option<String>>::new());
    let handle = mount_to(wrapper.clone().unchecked_into(), move || {
        view! {
            <label for="auswahl">"Träger"</label>
            <SelectOne
                attr:id="auswahl"
                attr:aria-describedby="auswahl-hinweis"
                none="alle"
                options=options
                selected=selected
                on_choose=Callback::new(move |value: Option<String>| {
                    chosen.update(|c| c.push(value.clone()));
                    selected.set(value);
                })
            />
        }
    });
    tick().await;
    // Found by its label, with the attributes given to the component.
    let label = wrapper.query_selector("label").unwrap().unwrap();
    let select: web_sys::HtmlSelectElement = document
        .get_element_by_id(&label.get_attribute("for").unwrap())
        .expect("the label names the select")
        .unchecked_into();
    assert_eq!(
        select.get_attribute("aria-describedby").as_deref(),
        Some("auswahl-hinweis")
    );
    assert_eq!(texts(&wrapper, "option"), ["alle", "Erster", "Zweiter"]);
    assert_eq!(select.value(), "", "no choice: the first option");
    // The value shown follows the signal, also when the options change around it.
    selected.set(Some("b".into()));
    tick().await;
    assert_eq!(select.value(), "b");
    options.set(vec![
        Choice::new("c", "Neuer"),
        Choice::new("a", "Erster"),
        Choice::new("b", "Zweiter"),
    ]);
    tick().await;
    assert_eq!(
        texts(&wrapper, "option"),
        ["alle", "Neuer", "Erster", "Zweiter"]
    );
    assert_eq!(select.value(), "b");
    // A choice is reported as the value; the first option as none.
    for value in ["a", ""] {
        select.set_value(value);
        select
            .dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
        tick().await;
    }
    assert_eq!(chosen.get_untracked(), [Some("a".to_string()), None]);
    assert_eq!(select.value(), "");
    drop(handle);
    wrapper.remove();
}

#[wasm_bindgen_test]
fn a_large_document_is_stored_compressed_in_real_local_storage_and_reopens() {
    use kim::domain::case::{Admission, Case};
    use kim::domain::{AreaId, CaseCode, Dataset, ProviderId, RecordId};
    use kim::storage::StoredDocument;
    local_storage().clear().unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 10).unwrap();
    let cases: Vec<Case> = (0..3_000u64)
        .map(|i| {
            Case::admit(
                CaseCode::from_random(i),
                RecordId::from_random(i * 7919 + 1),
                day,
                0,
                Admission {
                    area: AreaId::new("links"),
                    provider: ProviderId::new("caritas"),
                    problems: vec!["rent-debts".into(), "health-issues".into()],
                    parties: vec!["jobcenter".into(), "landlord".into()],
                    way_in: "self".into(),
                    against_suggestion: None,
                    intake: None,
                },
                day,
            )
            .unwrap()
        })
        .collect();
    let document = StoredDocument::fresh(
        Dataset {
            rules: kim::domain::rules::RuleSet::default_rheine(),
            cases,
            contacts: vec![],
            visits: vec![],
            yearly: vec![],
        },
        "test".into(),
    );
    let (mut store, opened) = Store::open(LocalStore, 1, || document.clone());
    let written = store.save(&opened.document, 1).unwrap();
    let saved = StoredDocument {
        write_count: written.write_count,
        ..opened.document.clone()
    };
    let raw = local_storage().get_item(STORE_KEY).unwrap().unwrap();
    // 3,000 cases are written in parts (`storage::parts`), each chunk compressed.
    assert!(raw.starts_with(kim::storage::parts::PARTS_PREFIX));
    let json_len = kim::storage::schema::to_json(&saved).len();
    assert!(raw.len() * 3 < json_len, "{} of {json_len}", raw.len());
    let (_, reopened) = Store::open(LocalStore, 2, || unreachable!("stored"));
    assert!(reopened.unreadable.is_none());
    assert_eq!(reopened.document.data.cases.len(), 3_000);
    assert_eq!(reopened.document, saved);
    local_storage().clear().unwrap();
}

/// Encryption at rest: the Web Crypto adapter against the native implementation's fixed test
/// vector (`storage::envelope` tests reproduce it with the `aes-gcm` and `pbkdf2` crates).
mod sealed {
    use kim::storage::crypto::{self, CryptoError};
    use kim::storage::envelope::{self, Envelope, EnvelopeError, MIN_ITERATIONS, TAG_LEN};
    use wasm_bindgen_test::*;

    const TEST_VECTOR: &str = include_str!("fixtures/storage/envelope-vector.txt");
    const VECTOR_PASSPHRASE: &str = "Korrektes Pferd Batterie Heftklammer";
    const VECTOR_PLAINTEXT: &[u8] = br#"{"schema_version":1}"#;

    fn now_ms() -> f64 {
        web_sys::window().unwrap().performance().unwrap().now()
    }

    fn log(message: &str) {
        web_sys::console::log_1(&message.into());
    }

    /// `text` with one byte of its envelope XOR-ed with `mask`.
    fn flipped(text: &str, offset: usize, mask: u8) -> String {
        let envelope = Envelope::parse(text).unwrap();
        let mut bytes = envelope.to_bytes();
        bytes[offset] ^= mask;
        Envelope::from_bytes(&bytes)
            .map(|envelope| envelope.to_text())
            .unwrap_or_else(|error| panic!("offset {offset}: {error}"))
    }

    #[wasm_bindgen_test]
    async fn web_crypto_opens_the_native_test_vector() {
        let started = now_ms();
        let (key, plaintext) = crypto::open_with_passphrase(VECTOR_PASSPHRASE, TEST_VECTOR)
            .await
            .unwrap();
        log(&format!(
            "envelope: open_with_passphrase (PBKDF2 600000 + AES-GCM) took {:.0} ms",
            now_ms() - started
        ));
        assert_eq!(plaintext, VECTOR_PLAINTEXT);
        assert_eq!(key.salt(), std::array::from_fn(|i| i as u8));
        assert_eq!(key.iterations(), 600_000);
    }

    #[wasm_bindgen_test]
    async fn web_crypto_seals_and_opens_with_a_fresh_nonce_per_write() {
        let passphrase = "Geheimnis für den Laptop im Büro";
        let salt = crypto::new_salt().unwrap();
        assert_ne!(salt, crypto::new_salt().unwrap());
        let started = now_ms();
        let key = crypto::derive(passphrase, salt, MIN_ITERATIONS)
            .await
            .unwrap();
        log(&format!(
            "envelope: derive (PBKDF2-SHA-256, {MIN_ITERATIONS} iterations) took {:.0} ms",
            now_ms() - started
        ));
        let plaintext = r#"{"schema_version":3,"träger":"Caritas"}"#.as_bytes();
        let first = crypto::seal(&key, 3, plaintext).await.unwrap();
        let second = crypto::seal(&key, 3, plaintext).await.unwrap();
        let (a, b) = (
            Envelope::parse(&first).unwrap(),
            Envelope::parse(&second).unwrap(),
        );
        assert_ne!(a.header.nonce, b.header.nonce);
        assert_ne!(a.ciphertext, b.ciphertext);
        assert_eq!((a.header.salt, a.header.iterations), (salt, MIN_ITERATIONS));
        assert_eq!(a.header.schema_version, 3);
        assert_eq!(a.ciphertext.len(), plaintext.len() + TAG_LEN);
        assert_eq!(crypto::open(&key, &first).await.unwrap(), plaintext);
        // The key recovered from the passphrase opens (and would seal) the other writes.
        let (reopened, opened) = crypto::open_with_passphrase(passphrase, &second)
            .await
            .unwrap();
        assert_eq!(opened, plaintext);
        assert_eq!(crypto::open(&reopened, &first).await.unwrap(), plaintext);
        let empty = crypto::seal(&reopened, 3, b"").await.unwrap();
        assert_eq!(crypto::open(&key, &empty).await.unwrap(), b"");
        // An envelope of another salt needs the passphrase again.
        let mut other = a.clone();
        other.header.salt[0] ^= 1;
        assert_eq!(
            crypto::open(&key, &other.to_text()).await,
            Err(CryptoError::KeyMismatch)
        );
    }

    #[wasm_bindgen_test]
    async fn web_crypto_normalises_the_passphrase_to_nfc() {
        let salt = crypto::new_salt().unwrap();
        let composed = crypto::derive("Bärenstärke", salt, MIN_ITERATIONS)
            .await
            .unwrap();
        let decomposed = crypto::derive("Ba\u{308}rensta\u{308}rke", salt, MIN_ITERATIONS)
            .await
            .unwrap();
        let text = crypto::seal(&composed, 1, b"{}").await.unwrap();
        assert_eq!(crypto::open(&decomposed, &text).await.unwrap(), b"{}");
    }

    #[wasm_bindgen_test]
    async fn web_crypto_refuses_a_wrong_passphrase() {
        assert_eq!(
            crypto::open_with_passphrase("Korrektes Pferd Batterie Heftklammern", TEST_VECTOR)
                .await
                .map(|(_, plaintext)| plaintext),
            Err(CryptoError::Authentication)
        );
    }

    #[wasm_bindgen_test]
    async fn web_crypto_refuses_a_flipped_byte() {
        let (key, _) = crypto::open_with_passphrase(VECTOR_PASSPHRASE, TEST_VECTOR)
            .await
            .unwrap();
        let last = Envelope::parse(TEST_VECTOR).unwrap().to_bytes().len() - 1;
        // Schema version, nonce, ciphertext, tag.
        for offset in [8, 29, 41, last - TAG_LEN, last] {
            assert_eq!(
                crypto::open(&key, &flipped(TEST_VECTOR, offset, 0x01)).await,
                Err(CryptoError::Authentication),
                "offset {offset}"
            );
        }
        // Not an envelope, a damaged one, and an iteration count that would freeze the page.
        assert_eq!(
            crypto::open(&key, r#"{"schema_version":1}"#).await,
            Err(CryptoError::Envelope(EnvelopeError::NotSealed))
        );
        assert_eq!(
            crypto::open(&key, &TEST_VECTOR[..7 + 52]).await, // 39 bytes
            Err(CryptoError::Envelope(EnvelopeError::TooShort))
        );
        let mut bytes = Envelope::parse(TEST_VECTOR).unwrap().to_bytes();
        bytes[9] = 0x7F; // 0x7F0927C0 iterations
        let text = format!("{}{}", envelope::PREFIX, base64(&bytes));
        let implausible = |n| Err(CryptoError::from(EnvelopeError::ImplausibleIterations(n)));
        assert_eq!(
            crypto::open_with_passphrase(VECTOR_PASSPHRASE, &text)
                .await
                .map(|_| ()),
            implausible(0x7F09_27C0)
        );
        assert_eq!(
            crypto::derive(VECTOR_PASSPHRASE, [0; 16], 1_000)
                .await
                .map(|_| ()),
            implausible(1_000)
        );
    }

    /// Standard base64 via the browser's `btoa` (the crate's own encoder is internal).
    fn base64(bytes: &[u8]) -> String {
        let binary: String = bytes.iter().map(|&b| char::from(b)).collect();
        web_sys::window().unwrap().btoa(&binary).unwrap()
    }
}

/// The app's own router (`app::router`): which clicks it takes over, the history it writes,
/// the back button, and the query it reads and builds.
mod router {
    use super::*;
    use kim::app::router::{PageLink, Query, Router};
    use kim::app::routes::Page;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    #[wasm_bindgen_test]
    fn query_is_built_as_encode_uri_component_does_and_read_back() {
        let built = Query::build([("suche", "a b&c=d"), ("bereich", "süd/ost"), ("leer", "")]);
        assert_eq!(built, "?suche=a%20b%26c%3Dd&bereich=s%C3%BCd%2Fost&leer=");
        assert_eq!(Query::build(std::iter::empty::<(&str, &str)>()), "");
        let read = Query::parse(&built);
        assert_eq!(read.get("suche").as_deref(), Some("a b&c=d"));
        assert_eq!(read.get("bereich").as_deref(), Some("süd/ost"));
        assert_eq!(read.get("leer").as_deref(), Some(""));
        assert_eq!(read.get("fehlt"), None);
        // A form's `+` is a space, a malformed escape is kept, the first of two values counts.
        let typed = Query::parse("suche=a+b&x=%ZZ&x=2");
        assert_eq!(typed.get("suche").as_deref(), Some("a b"));
        assert_eq!(typed.get("x").as_deref(), Some("%ZZ"));
    }

    /// A router mounted with links of every kind, and a record of whether the router took
    /// each click over (its listener on the window runs before the test's, which then keeps
    /// the browser from leaving the test page). Dropped: unmounted, listeners removed.
    struct Links {
        root: web_sys::Element,
        router: Router,
        taken: Rc<Cell<Option<bool>>>,
        listener: wasm_bindgen::closure::Closure<dyn Fn(web_sys::MouseEvent)>,
        _mounted: Box<dyn std::any::Any>,
    }

    impl Drop for Links {
        fn drop(&mut self) {
            window()
                .remove_event_listener_with_callback(
                    "click",
                    self.listener.as_ref().unchecked_ref(),
                )
                .unwrap();
            self.root.remove();
        }
    }

    fn mount_links() -> Links {
        window()
            .history()
            .unwrap()
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/"))
            .unwrap();
        let wrapper = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&wrapper).unwrap();
        let router = Rc::new(RefCell::new(None));
        let slot = router.clone();
        let handle = mount_to(wrapper.clone().unchecked_into(), move || {
            *slot.borrow_mut() = Some(Router::provide());
            view! {
                <PageLink page=Page::Settings attr:id="intern">"Einstellungen"</PageLink>
                <a id="neues-fenster" href="/bericht" target="_blank">"Bericht"</a>
                <a id="download" href="/bericht" download="x.csv">"CSV"</a>
                <a id="extern" href="/bericht" rel="noopener external">"Bericht"</a>
                <a id="anderswo" href="https://example.org/bericht">"Anderswo"</a>
                <a id="abfrage" href="/faelle?status=aktiv#liste"><span id="im-link">"Aktive"</span></a>
            }
        });
        let taken = Rc::new(Cell::new(None));
        let record = taken.clone();
        let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MouseEvent)>::new(
            move |ev: web_sys::MouseEvent| {
                record.set(Some(ev.default_prevented()));
                ev.prevent_default();
            },
        );
        window()
            .add_event_listener_with_callback("click", listener.as_ref().unchecked_ref())
            .unwrap();
        let router = router.borrow_mut().take().unwrap();
        Links {
            root: wrapper,
            router,
            taken,
            listener,
            _mounted: Box::new(handle),
        }
    }

    fn click(root: &web_sys::Element, id: &str, init: &web_sys::MouseEventInit) {
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", init).unwrap();
        let target = root.query_selector(&format!("#{id}")).unwrap().unwrap();
        target.dispatch_event(&ev).unwrap();
    }

    fn location() -> String {
        let l = window().location();
        format!(
            "{}{}{}",
            l.pathname().unwrap(),
            l.search().unwrap(),
            l.hash().unwrap()
        )
    }

    #[wasm_bindgen_test]
    async fn takes_over_plain_clicks_into_the_app_and_leaves_the_rest_to_the_browser() {
        let links = mount_links();
        let (root, router, taken) = (&links.root, links.router, &links.taken);
        let history_before = window().history().unwrap().length().unwrap();
        let link = root.query_selector("#intern").unwrap().unwrap();
        assert_eq!(link.get_attribute("aria-current"), None);

        // Left to the browser: another window, a download, rel=external, another origin,
        // a modifier key, another button.
        for id in ["neues-fenster", "download", "extern", "anderswo"] {
            click(root, id, &web_sys::MouseEventInit::new());
            assert_eq!(taken.get(), Some(false), "{id}");
        }
        let with = |set: fn(&web_sys::MouseEventInit)| {
            let init = web_sys::MouseEventInit::new();
            set(&init);
            init
        };
        for (init, what) in [
            (with(|i| i.set_ctrl_key(true)), "ctrl"),
            (with(|i| i.set_meta_key(true)), "meta"),
            (with(|i| i.set_shift_key(true)), "shift"),
            (with(|i| i.set_alt_key(true)), "alt"),
            (with(|i| i.set_button(1)), "middle"),
        ] {
            click(root, "intern", &init);
            assert_eq!(taken.get(), Some(false), "{what}");
        }
        assert_eq!(location(), "/");
        assert_eq!(router.page.get_untracked(), Some(Page::Home));

        // Taken over: the address changes without a load, one history entry is added, and
        // the link to the page shown says so.
        click(root, "intern", &web_sys::MouseEventInit::new());
        assert_eq!(taken.get(), Some(true));
        assert_eq!(location(), "/einstellungen");
        assert_eq!(router.page.get_untracked(), Some(Page::Settings));
        tick().await;
        assert_eq!(link.get_attribute("aria-current").as_deref(), Some("page"));
        let history = window().history().unwrap();
        assert_eq!(history.length().unwrap(), history_before + 1);
        // The same address again adds no entry, but is still a navigation.
        let before = router.address.get_untracked();
        click(root, "intern", &web_sys::MouseEventInit::new());
        assert_eq!(taken.get(), Some(true));
        assert_eq!(history.length().unwrap(), history_before + 1);
        assert_eq!(router.address.get_untracked(), before);

        // A click inside a link, with query and fragment.
        click(root, "im-link", &web_sys::MouseEventInit::new());
        assert_eq!(taken.get(), Some(true));
        assert_eq!(location(), "/faelle?status=aktiv#liste");
        assert_eq!(router.page.get_untracked(), Some(Page::Cases));
        assert_eq!(router.search.get_untracked(), "status=aktiv");
        tick().await;
        assert_eq!(link.get_attribute("aria-current"), None);

        // The back button: the router follows the address.
        history.back().unwrap();
        for _ in 0..50 {
            if router.page.get_untracked() == Some(Page::Settings) {
                break;
            }
            sleep_ms(10).await;
        }
        assert_eq!(router.page.get_untracked(), Some(Page::Settings));
        assert_eq!(location(), "/einstellungen");

        // A change of the case list's query replaces the entry when asked to.
        let length = history.length().unwrap();
        router.go("/faelle?seite=2", true, false);
        assert_eq!(location(), "/faelle?seite=2");
        assert_eq!(history.length().unwrap(), length);
    }
}

/// The folder access (`storage::folder`) against the origin private file system, which stands
/// in for a folder the user picked (the same `FileSystemDirectoryHandle`): connect, kept across
/// a "restart" in IndexedDB, write, list, read, replace, delete, forget; failures are errors.
#[wasm_bindgen_test]
async fn a_connected_folder_is_kept_written_read_and_forgotten() {
    use kim::storage::folder::{Folder, FolderError, Permission, Purpose};
    let window = web_sys::window().unwrap();
    let picker = js_sys::Function::new_no_args(
        "return navigator.storage.getDirectory().then(root => root.getDirectoryHandle('ordner-test', { create: true }))",
    );
    js_sys::Reflect::set(&window, &"showDirectoryPicker".into(), &picker).unwrap();
    assert!(Folder::supported());

    // The names of the files in a folder, sorted.
    async fn names(folder: &Folder) -> Vec<String> {
        let mut names: Vec<String> = folder
            .files_with_sizes()
            .await
            .unwrap()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        names.sort();
        names
    }
    let folder = Folder::connect(Purpose::Backup).await.unwrap();
    assert_eq!(folder.name, "ordner-test");
    for name in names(&folder).await {
        folder.remove(&name).await.unwrap();
    }
    folder.write("a.json", "erste Fassung").await.unwrap();
    folder.write("a.json", "zweite").await.unwrap();
    folder.write("b.json", "ö ü ß – 🙂").await.unwrap();
    assert_eq!(names(&folder).await, ["a.json", "b.json"]);
    let mut sizes = folder.files_with_sizes().await.unwrap();
    sizes.sort();
    assert_eq!(sizes, [("a.json".to_owned(), 6), ("b.json".to_owned(), 17)]);
    assert_eq!(folder.read("a.json").await.unwrap(), "zweite");
    assert_eq!(folder.read("b.json").await.unwrap(), "ö ü ß – 🙂");
    assert_eq!(folder.read("fehlt.json").await, Err(FolderError::NotFound));

    // As after a restart: found again, for its purpose only.
    let again = Folder::stored(Purpose::Backup).await.unwrap();
    assert_eq!(again.name, "ordner-test");
    assert_eq!(again.permission(false).await, Permission::Granted);
    assert!(Folder::stored(Purpose::Exchange).await.is_none());
    again.remove("a.json").await.unwrap();
    assert_eq!(names(&again).await, ["b.json"]);

    Folder::forget(Purpose::Backup).await.unwrap();
    assert!(Folder::stored(Purpose::Backup).await.is_none());
    // The files stay where they are.
    assert_eq!(names(&folder).await, ["b.json"]);

    // A cancelled picker is "Cancelled", not a failure.
    let cancel = js_sys::Function::new_no_args(
        "return Promise.reject(new DOMException('closed', 'AbortError'))",
    );
    js_sys::Reflect::set(&window, &"showDirectoryPicker".into(), &cancel).unwrap();
    assert_eq!(
        Folder::connect(Purpose::Backup).await.unwrap_err(),
        FolderError::Cancelled
    );
    assert!(Folder::stored(Purpose::Backup).await.is_none());
}

/// How often the test's page chunk has been asked for; it fails the first two times.
static CHUNK_ATTEMPTS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// A page chunk that cannot be fetched twice, then builds a page that reads a context (as
/// every page reads the app's state).
fn flaky_chunk() -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<AnyView, kim::app::page_loader::ChunkFailed>>>,
> {
    Box::pin(async {
        sleep_ms(5).await;
        if CHUNK_ATTEMPTS.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < 2 {
            return Err(kim::app::page_loader::ChunkFailed);
        }
        let name = use_context::<&'static str>().unwrap_or("ohne Kontext");
        Ok(view! { <h1>{name}</h1> }.into_any())
    })
}

#[wasm_bindgen_test]
async fn page_loader_says_it_loads_offers_to_try_again_and_builds_the_page_in_its_context() {
    use kim::app::page_loader::PageLoader;
    let document = document();
    let wrapper = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&wrapper).unwrap();
    let handle = mount_to(wrapper.clone().unchecked_into(), || {
        provide_context("Bericht");
        view! { <main><PageLoader load=flaky_chunk /></main> }
    });
    tick().await;
    assert_eq!(texts(&wrapper, "[role=status]"), ["Seite wird geladen …"]);
    let click_retry = |wrapper: &web_sys::Element| {
        let button: web_sys::HtmlElement = wrapper
            .query_selector("[role=alert] button")
            .unwrap()
            .expect("the failure offers a button")
            .unchecked_into();
        assert_eq!(button.text_content().unwrap().trim(), "Erneut versuchen");
        button.click();
    };
    for attempt in 1..=2 {
        for _ in 0..50 {
            if !texts(&wrapper, "[role=alert] h1").is_empty() {
                break;
            }
            sleep_ms(10).await;
        }
        assert_eq!(
            texts(&wrapper, "[role=alert] h1"),
            ["Diese Seite konnte nicht geladen werden"],
            "attempt {attempt} failed with the message"
        );
        // The attempt the button starts outlives the message it replaces.
        click_retry(&wrapper);
        tick().await;
        assert!(texts(&wrapper, "[role=alert]").is_empty());
    }
    wait_for_heading(&wrapper, "Bericht").await;
    assert_eq!(CHUNK_ATTEMPTS.load(std::sync::atomic::Ordering::SeqCst), 3);
    drop(handle);
    wrapper.remove();
}
