//! The two tables of DOMAIN.md (Vorlage 197/23), reproduced to the number from a fixture of
//! 84 case histories (including the 12 handovers of October 2022) and 86 short contacts.

use chrono::NaiveDate;
use kim_rheine::domain::case::{Admission, Case, CaseEvent, EventKind};
use kim_rheine::domain::contacts::ShortContact;
use kim_rheine::domain::report::{cases::case_table, contacts::contact_table};
use kim_rheine::domain::rules::RuleSet;
use kim_rheine::domain::*;

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
    let candidates = kim_rheine::domain::case::handover_candidates(&f.cases, &rules, d(2022, 7, 1));
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
            EventKind::HandedOver { to: candidate.to },
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
    let table = case_table(
        &cases,
        &rules,
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
    assert_eq!(
        case_table(&cases, &rules, &[d(2023, 3, 31)])[0].inactive,
        41
    );
}

#[test]
fn short_contact_table_is_reproduced() {
    let rules = RuleSet::default_rheine();
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
    let table = contact_table(
        &contacts,
        &rules,
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
