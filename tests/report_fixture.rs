//! The two tables of DOMAIN.md (Vorlage 197/23), reproduced to the number from a fixture of
//! 84 case histories (including the 12 handovers of October 2022) and 86 short contacts.
//!
//! The same data, with DOMAIN.md's yearly figures of Baustein 3, is committed as an export file
//! (`tests/fixtures/report/domain-md-export.json`) for the end-to-end import flow; the test
//! below keeps it current. After an intended change of the data or of the export format,
//! rewrite it with `UPDATE_FIXTURES=1 cargo test --test report_fixture`.

use chrono::NaiveDate;
use kim::domain::case::{Admission, Case, CaseEvent, EventKind};
use kim::domain::contacts::ShortContact;
use kim::domain::exchange::{self, ImportMode};
use kim::domain::report::{cases::case_table, contacts::contact_table};
use kim::domain::rules::RuleSet;
use kim::domain::yearly::YearlyFigures;
use kim::domain::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2023, 6, 1)
}

struct Fixture {
    cases: Vec<Case>,
    next_id: u64,
}

impl Fixture {
    fn id(&mut self) -> RecordId {
        self.next_id += 1;
        RecordId::from_random(self.next_id)
    }

    fn admit(&mut self, date: NaiveDate, area: &str, provider: &str) -> usize {
        let code = CaseCode::from_random(self.cases.len() as u64 + 1);
        let id = self.id();
        let case = Case::admit(
            code,
            id,
            date,
            0,
            Admission {
                area: AreaId::new(area),
                provider: ProviderId::new(provider),
                problems: vec!["rent-debts".into(), "health-issues".into()],
                parties: vec!["jobcenter".into(), "landlord".into()],
                way_in: "migration-counselling".into(),
                against_suggestion: None,
                intake: None,
            },
            today(),
        )
        .unwrap();
        self.cases.push(case);
        self.cases.len() - 1
    }

    fn record(&mut self, index: usize, date: NaiveDate, kind: EventKind) {
        let id = self.id();
        let event = CaseEvent {
            id,
            date,
            recorded_at: self.next_id as i64,
            kind,
        };
        self.cases[index].record(event, today()).unwrap();
    }
}

fn deactivated() -> EventKind {
    EventKind::Deactivated {
        reason: "no-contact".into(),
        evaluation: None,
    }
}

/// 84 cases whose histories give the committee table of DOMAIN.md.
fn fixture_cases() -> Vec<Case> {
    let mut f = Fixture {
        cases: Vec::new(),
        next_id: 0,
    };
    let rules = RuleSet::default_rheine();
    // Until 15.09.2022 Lernen fördern held every case: 12 left of the Ems, 26 right of it,
    // of which 12 became inactive.
    let mut right_of_ems = Vec::new();
    for i in 0..38 {
        let area = if i < 12 { "links" } else { "rechts" };
        let index = f.admit(
            d(2021, 10, 1) + chrono::Duration::days(i * 9),
            area,
            "lernen-foerdern",
        );
        if i >= 12 {
            right_of_ems.push(index);
        }
    }
    for &index in &right_of_ems[..12] {
        f.record(index, d(2022, 8, 1), deactivated());
    }
    // October 2022: the rules changed on 01.07.2022; the 12 cases left of the Ems go to Caritas.
    let candidates = kim::domain::case::handover_candidates(&f.cases, &rules, d(2022, 7, 1));
    assert_eq!(candidates.len(), 12);
    for candidate in candidates {
        let index = f
            .cases
            .iter()
            .position(|c| c.code == candidate.code)
            .unwrap();
        f.record(
            index,
            d(2022, 10, 4),
            EventKind::HandedOver {
                to: candidate.to,
                rule_change: true,
            },
        );
    }
    // Until 15.12.2022: 20 new Caritas cases, 9 new Lernen fördern cases; 15 became inactive.
    let caritas_b: Vec<usize> = (0..20)
        .map(|i| {
            f.admit(
                d(2022, 10, 10) + chrono::Duration::days(i),
                "links",
                "caritas",
            )
        })
        .collect();
    let lf_b: Vec<usize> = (0..9)
        .map(|i| {
            f.admit(
                d(2022, 10, 10) + chrono::Duration::days(i),
                "rechts",
                "lernen-foerdern",
            )
        })
        .collect();
    for &index in &caritas_b[..15] {
        f.record(index, d(2022, 12, 1), deactivated());
    }
    // Until 01.04.2023: 10 new Caritas, 7 new Lernen fördern; 15 more became inactive, the
    // last on the reporting date itself (events on the reporting date count).
    for i in 0..10 {
        f.admit(
            d(2023, 1, 10) + chrono::Duration::days(i),
            "links",
            "caritas",
        );
    }
    for i in 0..7 {
        f.admit(
            d(2023, 1, 10) + chrono::Duration::days(i),
            "rechts",
            "lernen-foerdern",
        );
    }
    let later: Vec<usize> = caritas_b[15..]
        .iter()
        .chain(&lf_b)
        .chain(&right_of_ems[12..13])
        .copied()
        .collect();
    assert_eq!(later.len(), 15);
    for (k, &index) in later.iter().enumerate() {
        let date = if k == 0 {
            d(2023, 4, 1)
        } else {
            d(2023, 3, 15)
        };
        f.record(index, date, deactivated());
    }
    f.cases
}

#[test]
fn committee_case_table_is_reproduced() {
    let rules = RuleSet::default_rheine();
    let cases = fixture_cases();
    assert_eq!(cases.len(), 84);
    assert_committee_case_table(&cases, &rules);
}

/// The committee table of DOMAIN.md, computed from `cases`.
fn assert_committee_case_table(cases: &[Case], rules: &RuleSet) {
    let table = case_table(
        cases,
        rules,
        &[d(2022, 9, 15), d(2022, 12, 15), d(2023, 4, 1)],
    );
    let totals: Vec<u32> = table.iter().map(|c| c.total).collect();
    let provider = |id: &str| -> Vec<u32> {
        table
            .iter()
            .map(|c| {
                c.per_provider
                    .iter()
                    .find(|(p, _)| p.as_str() == id)
                    .unwrap()
                    .1
            })
            .collect()
    };
    assert_eq!(totals, [38, 67, 84]);
    assert_eq!(provider("caritas"), [0, 32, 42]);
    assert_eq!(provider("lernen-foerdern"), [38, 35, 42]);
    assert_eq!(
        table.iter().map(|c| c.active).collect::<Vec<_>>(),
        [26, 40, 42]
    );
    assert_eq!(
        table.iter().map(|c| c.inactive).collect::<Vec<_>>(),
        [12, 27, 42]
    );
    // The day before the last deactivation it had not happened yet.
    assert_eq!(case_table(cases, rules, &[d(2023, 3, 31)])[0].inactive, 41);
}

#[test]
fn short_contact_table_is_reproduced() {
    let rules = RuleSet::default_rheine();
    let contacts = fixture_contacts();
    assert_short_contact_table(&contacts, &rules);
}

/// 86 short contacts of DOMAIN.md's table, and one voided count.
fn fixture_contacts() -> Vec<ShortContact> {
    let per_month = [
        ("caritas", [12, 10, 10, 18]),
        ("lernen-foerdern", [2, 7, 15, 12]),
    ];
    let mut contacts = Vec::new();
    let mut id = 0;
    for (provider, counts) in per_month {
        for (m, count) in counts.into_iter().enumerate() {
            for _ in 0..count {
                id += 1;
                contacts.push(ShortContact {
                    id: RecordId::from_random(id),
                    provider: ProviderId::new(provider),
                    month: YearMonth::new(2023, m as u32 + 1).unwrap(),
                    outcome: "city-team".into(),
                    recorded_at: id as i64,
                    voided: false,
                });
            }
        }
    }
    // A voided count does not count.
    contacts.push(ShortContact {
        id: RecordId::from_random(999),
        voided: true,
        ..contacts[0].clone()
    });
    contacts
}

/// The short-contact table of DOMAIN.md, computed from `contacts`.
fn assert_short_contact_table(contacts: &[ShortContact], rules: &RuleSet) {
    let table = contact_table(
        contacts,
        rules,
        YearMonth::new(2023, 1).unwrap(),
        YearMonth::new(2023, 4).unwrap(),
    );
    assert_eq!(table.total.per_month, [14, 17, 25, 30]);
    assert_eq!(table.total.total, 86);
    assert_eq!(table.rows[0].per_month, [12, 10, 10, 18]);
    assert_eq!(table.rows[0].total, 50);
    assert_eq!(table.rows[1].per_month, [2, 7, 15, 12]);
    assert_eq!(table.rows[1].total, 36);
}

/// Baustein 3 of DOMAIN.md: residence permits, naturalisations and posts (ABH, EBH) per year.
fn baustein_3() -> Vec<YearlyFigures> {
    let permits = [31, 33, 34, 48, 59, 80];
    let naturalisations = [82, 81, 106, 114, 166, 209];
    let posts = [None, None, None, Some(0.5), Some(0.75), Some(1.0)];
    (0..6)
        .map(|i| YearlyFigures {
            year: 2017 + i as i32,
            residence_permits: Some(permits[i]),
            naturalisations: Some(naturalisations[i]),
            posts_abh: posts[i],
            posts_ebh: posts[i],
        })
        .collect()
}

/// Everything DOMAIN.md reports, as one laptop's data.
fn fixture_dataset() -> Dataset {
    Dataset {
        rules: RuleSet::default_rheine(),
        cases: fixture_cases(),
        contacts: fixture_contacts(),
        visits: vec![],
        yearly: baustein_3(),
    }
}

const EXPORT_FIXTURE: &str = "tests/fixtures/report/domain-md-export.json";

#[test]
fn committed_export_fixture_is_current_and_imports() {
    let text = exchange::export(&fixture_dataset(), "2023-06-01T00:00:00Z", "fixture");
    // Committed indented so a reviewer can read it; the app writes the same JSON on one line.
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let text = serde_json::to_string_pretty(&value).unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPORT_FIXTURE);
    if std::env::var("UPDATE_FIXTURES").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{EXPORT_FIXTURE}: {e}; create it with UPDATE_FIXTURES=1"));
    assert!(
        committed == text,
        "{EXPORT_FIXTURE} is out of date; if the change is intended, rewrite it with \
         UPDATE_FIXTURES=1 cargo test --test report_fixture"
    );
    let file = exchange::parse_import(&committed).expect("the committed export imports");
    assert_eq!(file.data.cases.len(), 84);
    assert_committee_case_table(&file.data.cases, &file.data.rules);
    assert_short_contact_table(&file.data.contacts, &file.data.rules);
    assert_eq!(file.data.yearly, baustein_3());
}

/// The same data as exported by the release before counselling sessions (export format 1,
/// a rule set without session forms, evaluations, posts per provider and review): it still
/// imports unchanged, and an empty device takes it as it is.
const EXPORT_FIXTURE_V1: &str = "tests/fixtures/report/domain-md-export-v1.json";

#[test]
fn an_export_of_the_previous_format_imports_unchanged() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPORT_FIXTURE_V1);
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("\"format_version\": 1"));
    let file = exchange::parse_import(&text).expect("a file of format 1 imports");
    assert_eq!(file.format_version, 1);
    assert_eq!(file.data.cases.len(), 84);
    assert!(file.data.rules.session_forms.is_empty());
    assert!(file.data.rules.evaluations.is_empty());
    assert!(file
        .data
        .rules
        .versions
        .iter()
        .all(|v| v.posts.is_empty() && v.review.is_none()));
    // Apart from the rule set's new fields, it is the data of the current export.
    let current = fixture_dataset();
    assert_eq!(file.data.cases, exchange::canonical(&current).cases);
    assert_eq!(file.data.contacts, exchange::canonical(&current).contacts);
    assert_committee_case_table(&file.data.cases, &file.data.rules);
    assert_short_contact_table(&file.data.contacts, &file.data.rules);
    let empty = Dataset {
        rules: RuleSet::none(),
        cases: vec![],
        contacts: vec![],
        visits: vec![],
        yearly: vec![],
    };
    let merged = exchange::merge(&empty, &file.data).unwrap();
    assert_eq!(merged.data, exchange::canonical(&file.data));
}

/// Splits the fixture between two laptops at the end of September 2022: the first holds what
/// was recorded up to then, the second every case with a later event (its admission included,
/// as if imported at a handover) and every later case. The 12 cases handed over in October are
/// seen from both. Contacts and yearly figures are split too, with overlaps.
fn two_laptops() -> (Dataset, Dataset) {
    let cutoff = d(2022, 9, 30);
    let all = fixture_dataset();
    let mut first = Dataset {
        cases: vec![],
        contacts: vec![],
        yearly: vec![],
        ..all.clone()
    };
    let mut second = first.clone();
    for case in &all.cases {
        let (early, late): (Vec<CaseEvent>, Vec<CaseEvent>) =
            case.events.iter().cloned().partition(|e| e.date <= cutoff);
        if !early.is_empty() {
            first.cases.push(Case {
                code: case.code.clone(),
                events: early.into(),
            });
        }
        if !late.is_empty() {
            let mut events = late;
            if case.admitted_on().unwrap() <= cutoff {
                events.push(case.events[0].clone());
            }
            second.cases.push(Case {
                code: case.code.clone(),
                events: events.into(),
            });
        }
    }
    for contact in &all.contacts {
        if contact.month <= YearMonth::new(2023, 2).unwrap() {
            // The voided count was counted on the first laptop and taken back on the second.
            first.contacts.push(ShortContact {
                voided: false,
                ..contact.clone()
            });
        }
        if contact.month > YearMonth::new(2023, 2).unwrap() || contact.voided {
            second.contacts.push(contact.clone());
        }
    }
    for figures in &all.yearly {
        if figures.year <= 2020 {
            first.yearly.push(YearlyFigures {
                posts_abh: None,
                posts_ebh: None,
                ..figures.clone()
            });
        }
        if figures.year >= 2020 {
            second.yearly.push(figures.clone());
        }
    }
    (first, second)
}

#[test]
fn two_laptops_merge_into_the_combined_report() {
    let (first, second) = two_laptops();
    assert!(first.cases.len() < 84 && second.cases.len() < 84);
    let second_file = exchange::export(&second, "2023-06-01T00:00:00Z", "caritas-laptop");
    let incoming = exchange::parse_import(&second_file).unwrap().data;
    let preview = exchange::preview(&first, &incoming, ImportMode::Merge).unwrap();
    assert!(!preview.changes_nothing());
    let merged = &preview.data;
    assert_eq!(merged, &exchange::canonical(&fixture_dataset()));
    assert_committee_case_table(&merged.cases, &merged.rules);
    assert_short_contact_table(&merged.contacts, &merged.rules);
    // The other way round gives the same data; importing the file again changes nothing.
    let first_file = exchange::export(&first, "2023-06-01T00:00:00Z", "lf-laptop");
    let other_way = exchange::preview(
        &second,
        &exchange::parse_import(&first_file).unwrap().data,
        ImportMode::Merge,
    )
    .unwrap();
    assert_eq!(&other_way.data, merged);
    let again = exchange::preview(merged, &incoming, ImportMode::Merge).unwrap();
    assert!(again.changes_nothing());
}
