//! Property test: no file and no stored text can make the app's readers panic.
//!
//! Three readers get mutated versions of valid inputs:
//! - **Export files** (*Datenaustausch*): `tests/fixtures/report/domain-md-export.json` with
//!   three welcome visits added, through the whole path the page takes:
//!   [`check_import_size`], [`parse_import`] (which runs [`validate_records`]) and [`preview`]
//!   in both modes against an existing dataset.
//! - **Rule-set files** (*Einstellungen → Regelwerk*): `src/domain/default_rules.json`, through
//!   [`RuleSet::from_json`] and the check the page makes before accepting it
//!   ([`check_records`]).
//! - **Stored text**: the same data as a stored document, plain and compressed, through
//!   [`stored_text::load`].
//!
//! Whatever a reader accepts goes on where the app takes it: exported and read back, merged,
//! run through the intake check, a new rule version, and every report.
//!
//! Mutations, one to four per input: *structural* (parse to a `serde_json::Value`, walk to a
//! random path, then replace the value there with a wrong type, an extreme number such as 0,
//! −1, `u32::MAX`, `u64::MAX` or 1e308, an extreme date such as +262142-12-31, −262143-01-01,
//! 0000-01-01 or 9999-12-31, another node of the file, a raw token that is no JSON number
//! (`NaN`, `Infinity`, `1e999`, …), 10,000 nested arrays or objects, or an object with a
//! duplicated key; or remove a key; or duplicate an array element; half the inputs keep every
//! value's JSON type so they get past the parser to the plausibility checks) and *byte-level*
//! (flip a byte, change a digit, truncate, cut out a range, insert JSON punctuation; the bytes
//! are then read as text the way the browser's `FileReader` does, invalid UTF-8 replaced).
//! Beside the random inputs, [`every_extreme_value_in_every_field`] sets each number, date and
//! `null` field of the three inputs to each extreme value of its kind, one at a time, so the
//! narrow cases (one count of 4,294,967,295 beside another, a version ending on chrono's last
//! day) are tried every run rather than by luck.
//!
//! Generated inputs: 2,000 structural and 1,000 byte-level export files, 2,000 structural and
//! 1,000 byte-level rule-set files, 500 structural stored documents and 300 byte-level
//! compressed ones (6,800 from proptest, seeded afresh each run), plus the sweep's 986 inputs
//! and 18 deep-nesting inputs. About 25 s in a debug build on the two shared cores of the
//! development machine. Every input must make each function return `Ok` or `Err`; a panic is
//! caught with `catch_unwind` and fails the test naming the stage that panicked. Nothing is
//! printed and nothing written to disk unless a case fails.

use chrono::NaiveDate;
use kim::domain::case::handover_candidates;
use kim::domain::exchange::{
    self, check_import_size, check_records, parse_import, preview, validate_records, ImportMode,
};
use kim::domain::intake::{assess, IntakeInput};
use kim::domain::register;
use kim::domain::report::{
    cases::{case_table, default_reporting_dates},
    contacts::contact_table,
    themes::theme_report,
    visits::visit_report,
    yearly::yearly_report,
};
use kim::domain::rules::{RuleSet, RuleSetError, RuleVersion};
use kim::domain::*;
use kim::storage::{codec, stored_text, StoredDocument};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

const EXPORT_FIXTURE: &str = include_str!("fixtures/report/domain-md-export.json");
const DEFAULT_RULES: &str = include_str!("../src/domain/default_rules.json");
/// Another municipality's rule set, with dated scopes and referral texts the default lacks.
const KREIS_RULES: &str = include_str!("fixtures/rules/kreis-wiesental.json");

/// How deep the nesting is that must be refused rather than overflow the stack.
const DEEP: usize = 10_000;

// ----- The valid inputs ------------------------------------------------------------------------

/// The fixture export with three welcome visits, so visits are mutated too.
fn base_export() -> &'static Value {
    static BASE: OnceLock<Value> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut file: Value = serde_json::from_str(EXPORT_FIXTURE).unwrap();
        file["data"]["visits"] = json!([
            {"id": "00000000000000a1", "date": "2023-02-02", "district": "schotthock",
             "arrival": "new_arrival", "children": [["0-2", 1], ["3-5", 2]],
             "informed": ["daycare"], "invited": ["language-course"], "follow_up": true,
             "recorded_at": 1675339200000_i64, "voided": false},
            {"id": "00000000000000a2", "date": "2023-03-15", "district": "links",
             "arrival": "family_reunification", "children": [["6-9", 1]],
             "informed": [], "invited": ["daycare"], "follow_up": false,
             "recorded_at": 0, "voided": true},
            {"id": "00000000000000a3", "date": "2022-11-30", "district": "schotthock",
             "arrival": "new_arrival", "children": [["3-5", 4]],
             "informed": ["language-course", "daycare"], "invited": [], "follow_up": false,
             "recorded_at": 1, "voided": false}
        ]);
        assert!(
            parse_import(&file.to_string()).is_ok(),
            "the base export imports"
        );
        file
    })
}

fn base_rules() -> &'static Value {
    static BASE: OnceLock<Value> = OnceLock::new();
    BASE.get_or_init(|| serde_json::from_str(DEFAULT_RULES).unwrap())
}

fn kreis_rules() -> &'static Value {
    static BASE: OnceLock<Value> = OnceLock::new();
    BASE.get_or_init(|| serde_json::from_str(KREIS_RULES).unwrap())
}

/// A stored document holding the base export's data.
fn base_stored() -> &'static Value {
    static BASE: OnceLock<Value> = OnceLock::new();
    BASE.get_or_init(|| {
        let data: Dataset = serde_json::from_value(base_export()["data"].clone()).unwrap();
        let document = StoredDocument::fresh(data, "fuzz".into());
        let value = serde_json::to_value(&document).unwrap();
        assert!(stored_text::load(&value.to_string()).is_ok());
        value
    })
}

/// The data already on the laptop an import is previewed against: part of the fixture, so a
/// merge both adds and meets known records.
fn ours() -> &'static Dataset {
    static OURS: OnceLock<Dataset> = OnceLock::new();
    OURS.get_or_init(|| {
        let mut data = parse_import(&base_export().to_string()).unwrap().data;
        data.cases.truncate(40);
        data.contacts.truncate(40);
        data.visits.truncate(1);
        data.yearly.truncate(3);
        assert!(validate_records(&data).is_ok());
        data
    })
}

// ----- Mutations -------------------------------------------------------------------------------

/// SplitMix64: the mutations draw from it, seeded by proptest, so a failing case shrinks to
/// fewer and smaller seeds.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Whole numbers at and beyond every bound an integer field could have.
fn extreme_integer(rng: &mut Rng) -> Value {
    rng.pick(&[
        json!(0),
        json!(-1),
        json!(1),
        json!(20),
        json!(21),
        json!(100_001),
        json!(1_000_001),
        json!(1999),
        json!(2101),
        json!(i32::MAX),
        json!(i32::MIN),
        json!(u32::MAX),
        json!(u64::from(u32::MAX) + 1),
        json!(4_133_980_800_000_i64),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(u64::MAX),
    ])
    .clone()
}

/// Fractional numbers at and beyond every bound a decimal field could have.
fn extreme_fraction(rng: &mut Rng) -> Value {
    rng.pick(&[
        json!(0.0),
        json!(-0.0),
        json!(-0.5),
        json!(0.5),
        json!(100.0),
        json!(100.000_001),
        json!(1e308),
        json!(-1e308),
        json!(f64::MIN_POSITIVE),
    ])
    .clone()
}

/// Any extreme number.
fn extreme_number(rng: &mut Rng) -> Value {
    if rng.below(2) == 0 {
        extreme_integer(rng)
    } else {
        extreme_fraction(rng)
    }
}

/// Dates at chrono's ends, at the calendar span's edges, and invalid ones.
const EXTREME_DATES: &[&str] = &[
    "+262142-12-31",
    "-262143-01-01",
    "-262144-12-31",
    "+262143-01-01",
    "0000-01-01",
    "9999-12-31",
    "1999-12-31",
    "2000-01-01",
    "2100-12-31",
    "2101-01-01",
    "2023-02-29",
    "2023-13-01",
    "2023-00-10",
];

/// Months at the ends of what a month field can hold, at the span's edges, and invalid ones.
const EXTREME_MONTHS: &[&str] = &[
    "0000-01", "9999-12", "-001-01", "-999-12", "1999-12", "2000-01", "2100-12", "2101-01",
    "2023-00", "2023-13", "2023-1",
];

/// An extreme date, or month when `month` is set.
fn extreme_date(rng: &mut Rng, month: bool) -> Value {
    let pool = if month { EXTREME_MONTHS } else { EXTREME_DATES };
    json!(rng.pick(pool))
}

/// Values of the wrong type, or of the right type with content the app never writes.
fn wrong_value(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(""),
        3 => json!("NaN"),
        4 => json!("Infinity"),
        5 => json!([]),
        6 => json!({}),
        7 => json!([[]]),
        8 => json!({"type": "admitted"}),
        9 => json!(rng.pick(&["ZZZZ-ZZZZ", "0000-0000", "x", "4294967295", "-1", "caritas"])),
        10 => json!("é".repeat(5_000)),
        _ => json!([["3-5", u32::MAX], ["6-9", 2]]),
    }
}

/// Text that is not a JSON number of f64 range, or not JSON at all.
const RAW_TOKENS: &[&str] = &[
    "NaN",
    "-NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "-1e999",
    "1e-999",
    "18446744073709551616",
    "-9223372036854775809",
    "123456789012345678901234567890",
    "01",
    "1.",
    ".5",
    "+1",
    "0x1F",
    "-0",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "undefined",
];

/// Walks from `node` into random children, stopping at a leaf or, at each container below
/// the first, with a chance of one in eight.
fn random_node<'a>(mut node: &'a mut Value, rng: &mut Rng) -> &'a mut Value {
    let mut depth = 0;
    loop {
        let len = match &*node {
            Value::Array(items) => items.len(),
            Value::Object(fields) => fields.len(),
            _ => 0,
        };
        if len == 0 || (depth > 0 && rng.below(8) == 0) {
            return node;
        }
        depth += 1;
        let index = rng.below(len);
        node = match node {
            Value::Array(items) => &mut items[index],
            Value::Object(fields) => fields.values_mut().nth(index).unwrap(),
            _ => unreachable!("only containers have children"),
        };
    }
}

/// A copy of a random node of `value`.
fn random_copy(value: &Value, rng: &mut Rng) -> Value {
    let mut copy = value.clone();
    random_node(&mut copy, rng).clone()
}

/// Text that replaces a placeholder string after serialising (what a `Value` cannot hold:
/// tokens that are no JSON, nesting deeper than serde_json reads, duplicated keys).
struct Raw {
    placeholders: Vec<(String, String)>,
}

impl Raw {
    /// A placeholder value for `text`.
    fn hold(&mut self, text: String) -> Value {
        let marker = format!("\u{1}raw-{}\u{1}", self.placeholders.len());
        let quoted = serde_json::to_string(&marker).unwrap();
        self.placeholders.push((quoted, text));
        Value::String(marker)
    }

    fn fill(&self, mut text: String) -> String {
        for (quoted, raw) in &self.placeholders {
            text = text.replace(quoted, raw);
        }
        text
    }
}

/// `depth` nested arrays (or objects), too deep for serde_json's recursion limit.
fn deeply_nested(depth: usize, objects: bool) -> String {
    if objects {
        format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth))
    } else {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }
}

/// An object's text with one of its keys twice (the second time with another value).
fn with_duplicated_key(fields: &serde_json::Map<String, Value>, rng: &mut Rng) -> String {
    let mut entries: Vec<String> = fields
        .iter()
        .map(|(key, value)| format!("{}:{}", json!(key), value))
        .collect();
    let (key, value) = fields.iter().nth(rng.below(fields.len())).unwrap();
    let again = if rng.below(2) == 0 {
        value.clone()
    } else {
        extreme_number(rng)
    };
    entries.insert(
        rng.below(entries.len() + 1),
        format!("{}:{}", json!(key), again),
    );
    format!("{{{}}}", entries.join(","))
}

/// Whether a text is shaped like a date or a month (`2023-01-31`, `2023-01`).
fn looks_like_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 7 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-'
}

/// One structural mutation of `root`. Most go into `root[focus]` when it exists (the records
/// of an export, rather than its header).
///
/// A *keeping* mutation keeps the JSON type where it can (a number stays a number, a date a
/// date, an id a string; an array gains a copy of an element), so the value passes the parser
/// and reaches the plausibility and consistency checks. Otherwise anything goes: wrong types,
/// raw tokens, deep nesting, duplicated or missing keys.
fn mutate_structure(root: &mut Value, focus: &str, keeping: bool, rng: &mut Rng, raw: &mut Raw) {
    let donor = random_copy(root, rng);
    let start = if rng.below(10) == 0 || root.get(focus).is_none() {
        root
    } else {
        &mut root[focus]
    };
    let node = random_node(start, rng);
    if keeping {
        keep_type(node, rng);
    } else {
        change_anything(node, donor, rng, raw);
    }
}

/// A mutation of `node` that keeps its JSON type.
fn keep_type(node: &mut Value, rng: &mut Rng) {
    match node {
        Value::Number(n) if n.is_f64() => *node = extreme_fraction(rng),
        Value::Number(_) => *node = extreme_integer(rng),
        Value::String(text) if looks_like_date(text) => {
            *node = extreme_date(rng, text.len() == 7);
        }
        Value::String(_) => {
            *node =
                json!(rng.pick(&["", "x", "ZZZZ-ZZZZ", "0000-0000", "caritas", "links", "NaN"]));
        }
        Value::Bool(flag) => *flag = !*flag,
        // An absent optional value: posts, an open end, a reason.
        Value::Null => {
            *node = match rng.below(3) {
                0 => extreme_fraction(rng),
                1 => extreme_date(rng, false),
                _ => json!(rng.pick(&["x", "caritas", "moved-away"])),
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let copy = items[rng.below(items.len())].clone();
            let at = rng.below(items.len() + 1);
            items.insert(at, copy);
        }
        Value::Array(_) | Value::Object(_) => {}
    }
}

/// A mutation of `node` that may change anything; `donor` is another node of the file.
fn change_anything(node: &mut Value, donor: Value, rng: &mut Rng, raw: &mut Raw) {
    match rng.below(10) {
        0 | 1 => *node = extreme_number(rng),
        2 | 3 => {
            let month = rng.below(2) == 0;
            *node = extreme_date(rng, month);
        }
        4 => *node = wrong_value(rng),
        5 => *node = donor,
        6 => *node = raw.hold(rng.pick(RAW_TOKENS).to_string()),
        7 => {
            let objects = rng.below(2) == 0;
            *node = raw.hold(deeply_nested(DEEP, objects));
        }
        _ => match node {
            Value::Object(fields) if !fields.is_empty() => {
                if rng.below(2) == 0 {
                    let text = with_duplicated_key(fields, rng);
                    *node = raw.hold(text);
                } else {
                    let key = fields.keys().nth(rng.below(fields.len())).unwrap().clone();
                    fields.remove(&key);
                }
            }
            _ => keep_type(node, rng),
        },
    }
}

/// `base` with `seeds.len()` structural mutations (mostly within `base[focus]`), as text.
/// Half the inputs (by the first seed) get only type-keeping mutations.
fn structural(base: &Value, focus: &str, seeds: &[u64]) -> String {
    let mut value = base.clone();
    let mut raw = Raw {
        placeholders: Vec::new(),
    };
    let keeping = seeds.first().is_some_and(|seed| seed % 2 == 0);
    for &seed in seeds {
        mutate_structure(&mut value, focus, keeping, &mut Rng(seed), &mut raw);
    }
    raw.fill(value.to_string())
}

/// What byte-level mutations insert: the characters that change JSON's structure.
const JSON_PUNCTUATION: &[&[u8]] = &[
    b"{", b"}", b"[", b"]", b"\"", b",", b":", b"-", b"e9", b"\\",
];

/// `text` with `seeds.len()` byte-level mutations, read back as text with invalid UTF-8
/// replaced.
fn byte_level(text: &str, seeds: &[u64]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &seed in seeds {
        let rng = &mut Rng(seed);
        let at = rng.below(bytes.len());
        match rng.below(5) {
            0 => {
                if let Some(byte) = bytes.get_mut(at) {
                    *byte ^= (rng.below(255) + 1) as u8;
                }
            }
            1 => {
                // The next digit from `at` becomes another digit: valid JSON, other values.
                let len = bytes.len();
                if let Some(offset) = (0..len).find(|i| bytes[(at + i) % len].is_ascii_digit()) {
                    bytes[(at + offset) % len] = b'0' + rng.below(10) as u8;
                }
            }
            2 => bytes.truncate(at),
            3 => {
                let end = (at + 1 + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            _ => {
                let insert = *rng.pick(JSON_PUNCTUATION);
                bytes.splice(at..at, insert.iter().copied());
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

// ----- What happens to accepted input ----------------------------------------------------------

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Every report, the case list and the handover list, over a normal period and over the
/// widest one chrono can name.
fn run_reports(data: &Dataset) {
    let today = d(2023, 6, 1);
    let widest = (YearMonth::of(NaiveDate::MIN), YearMonth::of(NaiveDate::MAX));
    let normal = (YearMonth::of(d(2022, 1, 1)), YearMonth::of(today));
    let mut dates = default_reporting_dates(today);
    dates.extend([NaiveDate::MIN, NaiveDate::MAX]);
    case_table(&data.cases, &data.rules, &dates);
    for (first, last) in [normal, widest] {
        contact_table(&data.contacts, &data.rules, first, last);
        visit_report(&data.visits, &data.rules, first, last);
    }
    theme_report(&data.cases, &data.rules, NaiveDate::MIN, NaiveDate::MAX);
    yearly_report(&data.yearly);
    let mut rows = register::rows(&data.cases, &data.rules, today);
    register::sort(&mut rows, register::SortKey::LastChange, true);
    register::counts(&rows);
    register::page(&rows, usize::MAX, usize::MAX);
    for date in [today, NaiveDate::MIN, NaiveDate::MAX] {
        handover_candidates(&data.cases, &data.rules, date);
    }
    for case in &data.cases {
        case.history_entries();
        case.status_on(NaiveDate::MAX);
        case.state_on(NaiveDate::MIN);
    }
}

/// The intake check and a new rule version under `rules`, at ordinary and extreme dates.
/// `rules` need not be valid (stored data is not checked again).
fn use_rules(rules: &RuleSet) {
    let (Some(way_in), Some(first)) = (rules.ways_in.first(), rules.versions.first()) else {
        return;
    };
    let mut dates = vec![d(2023, 1, 1), NaiveDate::MIN, NaiveDate::MAX];
    dates.extend(rules.version_starts());
    for date in dates {
        for area in &rules.areas {
            let input = IntakeInput {
                date,
                area: area.id.clone(),
                problems: rules.problems.iter().map(|p| p.id.clone()).collect(),
                parties: rules.parties.iter().map(|p| p.id.clone()).collect(),
                counselled_by: None,
                way_in: way_in.id.clone(),
                consent: true,
            };
            // Every answer is from the rule set's own catalogues, so the check decides.
            assert!(assess(rules, &input).is_ok());
        }
        let version = RuleVersion {
            valid_from: date,
            valid_until: None,
            assignments: vec![],
            thresholds: first.thresholds,
            scopes: first.scopes.clone(),
            posts: first.posts.clone(),
            review: first.review.clone(),
        };
        let _ = rules.with_new_version(version);
    }
}

/// The import path of *Datenaustausch* and what follows an accepted file.
fn import_path(text: &str) {
    if check_import_size(text.len() as u64).is_err() {
        return;
    }
    let Ok(file) = parse_import(text) else {
        return;
    };
    assert_eq!(validate_records(&file.data), Ok(()));
    for mode in [ImportMode::Merge, ImportMode::Replace] {
        if let Ok(preview) = preview(ours(), &file.data, mode) {
            // The data here was consistent, so the result must be too.
            assert_eq!(validate_records(&preview.data), Ok(()));
            run_reports(&preview.data);
        }
    }
    let again = exchange::export(&file.data, "2023-06-01T00:00:00Z", "fuzz");
    assert_eq!(
        parse_import(&again).map(|f| f.data),
        Ok(exchange::canonical(&file.data)),
        "an accepted file exports and imports again unchanged"
    );
    use_rules(&file.data.rules);
}

/// The rule-set import of the settings page and what follows an accepted rule set.
fn rule_set_path(text: &str) {
    let Ok(rules) = RuleSet::from_json(text) else {
        return;
    };
    assert_eq!(rules.validate(), Ok(()));
    assert_eq!(RuleSet::from_json(&rules.to_json()), Ok(rules.clone()));
    let after = Dataset {
        rules: rules.clone(),
        ..ours().clone()
    };
    // Accepted or not, the page and the reports may see this data (storage does not re-check).
    let _ = check_records(ours(), &after);
    run_reports(&after);
    use_rules(&rules);
}

/// Reading stored text at start-up, and the two-tab merge with what this tab holds.
fn storage_path(text: &str) {
    let Ok(document) = stored_text::load(text) else {
        return;
    };
    run_reports(&document.data);
    let _ = exchange::merge(&document.data, ours());
    let _ = exchange::merge(ours(), &document.data);
    use_rules(&document.data.rules);
}

/// Runs `check` on `input`, turning a panic into a test failure that names the stage.
fn returns(stage: &str, check: fn(&str), input: &str) -> Result<(), TestCaseError> {
    match catch_unwind(AssertUnwindSafe(|| check(input))) {
        Ok(()) => Ok(()),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            Err(TestCaseError::fail(format!(
                "{stage} panicked: {message}; input starts {:?}",
                input.chars().take(200).collect::<String>()
            )))
        }
    }
}

/// `cases` generated inputs; nothing written to disk (a failure prints its seeds).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

fn seeds() -> impl Strategy<Value = Vec<u64>> {
    proptest::collection::vec(any::<u64>(), 1..=4)
}

proptest! {
    #![proptest_config(config(2000))]
    #[test]
    fn structurally_mutated_export_files_never_panic(seeds in seeds()) {
        returns("import", import_path, &structural(base_export(), "data", &seeds))?;
    }
}

proptest! {
    #![proptest_config(config(1000))]
    #[test]
    fn byte_mutated_export_files_never_panic(seeds in seeds()) {
        let text = byte_level(EXPORT_FIXTURE, &seeds);
        returns("import", import_path, &text)?;
    }
}

proptest! {
    #![proptest_config(config(2000))]
    #[test]
    fn structurally_mutated_rule_sets_never_panic(seeds in seeds()) {
        // Half from Rheine's rule set, half from the Kreis's (dated scopes, referral texts).
        let base = if seeds[0] % 2 == 0 { base_rules() } else { kreis_rules() };
        returns("rule set", rule_set_path, &structural(base, "versions", &seeds))?;
    }
}

proptest! {
    #![proptest_config(config(1000))]
    #[test]
    fn byte_mutated_rule_sets_never_panic(seeds in seeds()) {
        let base = if seeds[0] % 2 == 0 { DEFAULT_RULES } else { KREIS_RULES };
        returns("rule set", rule_set_path, &byte_level(base, &seeds))?;
    }
}

proptest! {
    #![proptest_config(config(500))]
    #[test]
    fn structurally_mutated_stored_documents_never_panic(seeds in seeds()) {
        returns("storage", storage_path, &structural(base_stored(), "data", &seeds))?;
    }
}

proptest! {
    #![proptest_config(config(300))]
    #[test]
    fn byte_mutated_compressed_documents_never_panic(seeds in seeds()) {
        let compressed = compressed_base();
        // Keep the prefix, so the damage reaches base64 and DEFLATE rather than the marker.
        let payload = &compressed[codec::COMPRESSED_PREFIX.len()..];
        let text = format!("{}{}", codec::COMPRESSED_PREFIX, byte_level(payload, &seeds));
        returns("storage", storage_path, &text)?;
    }
}

/// The stored document compressed as a large one is (padded past the compression threshold).
fn compressed_base() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let json = base_stored().to_string();
        let padded = format!("{json}{}", " ".repeat(codec::COMPRESS_FROM));
        let text = codec::encode(&padded);
        assert!(text.starts_with(codec::COMPRESSED_PREFIX));
        assert!(stored_text::load(&text).is_ok());
        text
    })
}

// ----- Fixed inputs: every extreme value in every field ---------------------------------------

/// The first place of every field that holds a number, a date or `null`, named by its path
/// with array indices left out (`data.visits.children.1`), with the concrete path to it.
fn value_fields(value: &Value) -> Vec<(String, Vec<PathStep>)> {
    fn walk(
        value: &Value,
        name: &str,
        path: &mut Vec<PathStep>,
        seen: &mut std::collections::BTreeSet<String>,
        out: &mut Vec<(String, Vec<PathStep>)>,
    ) {
        match value {
            Value::Object(fields) => {
                for (key, child) in fields {
                    path.push(PathStep::Key(key.clone()));
                    walk(child, &format!("{name}.{key}"), path, seen, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    path.push(PathStep::Index(index));
                    let element = if matches!(child, Value::Array(_) | Value::Object(_)) {
                        name.to_string()
                    } else {
                        format!("{name}.{index}")
                    };
                    walk(child, &element, path, seen, out);
                    path.pop();
                }
            }
            Value::Number(_) | Value::Null => {
                if seen.insert(name.to_string()) {
                    out.push((name.to_string(), path.clone()));
                }
            }
            Value::String(text) if looks_like_date(text) => {
                if seen.insert(name.to_string()) {
                    out.push((name.to_string(), path.clone()));
                }
            }
            Value::String(_) | Value::Bool(_) => {}
        }
    }
    let mut out = Vec::new();
    walk(
        value,
        "",
        &mut Vec::new(),
        &mut Default::default(),
        &mut out,
    );
    out
}

/// One step of a path into a JSON value.
#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at_path<'a>(mut value: &'a mut Value, path: &[PathStep]) -> &'a mut Value {
    for step in path {
        value = match step {
            PathStep::Key(key) => &mut value[key.as_str()],
            PathStep::Index(index) => &mut value[*index],
        };
    }
    value
}

/// Every extreme value a field of this kind gets in [`every_extreme_value_in_every_field`].
fn extremes_for(value: &Value) -> Vec<Value> {
    let integers = [
        json!(0),
        json!(-1),
        json!(20),
        json!(21),
        json!(100_001),
        json!(1_000_001),
        json!(1999),
        json!(2101),
        json!(i32::MAX),
        json!(i32::MIN),
        json!(u32::MAX),
        json!(u64::from(u32::MAX) + 1),
        json!(4_133_980_800_000_i64),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(u64::MAX),
    ];
    let fractions = [json!(-0.5), json!(100.000_001), json!(1e308), json!(-1e308)];
    match value {
        Value::String(text) if text.len() == 7 => EXTREME_MONTHS.iter().map(|m| json!(m)).collect(),
        Value::String(_) => EXTREME_DATES.iter().map(|d| json!(d)).collect(),
        Value::Number(n) if n.is_f64() => fractions.to_vec(),
        Value::Number(_) => integers.to_vec(),
        _ => integers
            .iter()
            .chain(&fractions)
            .cloned()
            .chain(EXTREME_DATES.iter().map(|d| json!(d)))
            .collect(),
    }
}

/// Sets every number, date and `null` field of `base` (its first place) to every extreme
/// value of its kind, one at a time, and runs `check` on the text.
fn sweep(stage: &str, base: &Value, check: fn(&str)) {
    for (name, path) in value_fields(base) {
        let mut value = base.clone();
        for extreme in extremes_for(at_path(&mut value, &path)) {
            *at_path(&mut value, &path) = extreme.clone();
            if let Err(failure) = returns(stage, check, &value.to_string()) {
                panic!("{name} = {extreme}: {failure}");
            }
        }
    }
}

#[test]
fn every_extreme_value_in_every_field() {
    sweep("import", base_export(), import_path);
    sweep("rule set", base_rules(), rule_set_path);
    sweep("storage", base_stored(), storage_path);
}

// ----- Fixed inputs: nesting deeper than any stack ---------------------------------------------

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for objects in [false, true] {
        let deep = deeply_nested(DEEP, objects);
        let export_inputs = [
            deep.clone(),
            format!(r#"{{"format":{deep}}}"#),
            format!(r#"{{"format":"kim-rheine-export","format_version":{deep}}}"#),
            format!(r#"{{"format":"kim-rheine-export","format_version":1,"data":{deep}}}"#),
            format!(r#"{{"format":"kim-rheine-export","format_version":1,"other":{deep}}}"#),
        ];
        for input in &export_inputs {
            assert!(parse_import(input).is_err(), "{}", &input[..70]);
        }
        for input in [deep.clone(), format!(r#"{{"municipality":{deep}}}"#)] {
            assert!(matches!(
                RuleSet::from_json(&input),
                Err(RuleSetError::Malformed(_))
            ));
        }
        for input in [
            deep.clone(),
            format!(r#"{{"schema_version":1,"data":{deep}}}"#),
        ] {
            assert!(stored_text::load(&input).is_err());
        }
    }
}
