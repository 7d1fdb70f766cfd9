//! One intake check, one case: the dataset refuses a second admission of the same check, and
//! an import refuses a file in which two cases carry the same intake id.

use chrono::NaiveDate;
use kim::domain::case::{Admission, CaseError, IntakeId};
use kim::domain::dataset::{AdmitError, NewCase};
use kim::domain::exchange::{self, parse_import, ImportError, RecordError};
use kim::domain::rules::RuleSet;
use kim::domain::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn empty() -> Dataset {
    Dataset {
        rules: RuleSet::default_rheine(),
        cases: Vec::new(),
        contacts: Vec::new(),
        visits: Vec::new(),
        yearly: Vec::new(),
    }
}

fn facts() -> Admission {
    Admission {
        area: AreaId::new("links"),
        provider: ProviderId::new("caritas"),
        problems: vec!["rent-debts".into(), "school-problems".into()],
        parties: vec!["jobcenter".into(), "abh".into()],
        way_in: "self".into(),
        against_suggestion: None,
        intake: None,
    }
}

fn new_case(bits: u64) -> NewCase {
    NewCase {
        code: CaseCode::from_random(bits),
        event_id: RecordId::from_random(bits),
        date: d(2023, 3, 1),
        recorded_at: 1_677_000_000_000,
    }
}

fn export(data: &Dataset) -> String {
    exchange::export(data, "2023-06-01T09:30:00Z", "3f2a9c0d4b5e6f70")
}

#[test]
fn a_double_click_an_enter_twice_and_a_second_press_leave_one_case() {
    let mut data = empty();
    let intake = IntakeId::from_random(0x1234);
    let today = d(2023, 6, 1);
    let code = data
        .admit(intake.clone(), new_case(1), facts(), today)
        .unwrap();
    // Three more presses of the same check, each drawing a fresh code and event id.
    for bits in 2..5 {
        let refused = data.admit(intake.clone(), new_case(bits), facts(), today);
        assert_eq!(
            refused,
            Err(AdmitError::AlreadyAdmitted {
                intake: intake.clone(),
                code: code.clone(),
            })
        );
    }
    assert_eq!(data.cases.len(), 1);
    // What is recorded is exported and imported with its intake id.
    let imported = parse_import(&export(&data)).unwrap();
    assert_eq!(imported.data.cases[0].intake(), Some(&intake));
}

#[test]
fn a_file_with_two_cases_from_one_intake_check_is_refused() {
    let mut data = empty();
    let today = d(2023, 6, 1);
    let intake = IntakeId::from_random(0x1234);
    data.admit(intake.clone(), new_case(1), facts(), today)
        .unwrap();
    data.admit(IntakeId::from_random(0x5678), new_case(2), facts(), today)
        .unwrap();
    assert!(parse_import(&export(&data)).is_ok());
    // A hand-edited (or phantom) second case of the first check.
    let mut phantom = data.cases[1].clone();
    phantom.code = CaseCode::from_random(3);
    if let Some(event) = phantom.events.first_mut() {
        if let case::EventKind::Admitted(admission) = &mut event.kind {
            admission.intake = Some(intake);
        }
    }
    data.cases.push(phantom);
    match parse_import(&export(&data)) {
        Err(ImportError::InvalidRecord(RecordError::Case { code, error })) => {
            assert_eq!(error, CaseError::SecondAdmission);
            assert_eq!(code, CaseCode::from_random(3));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn cases_recorded_before_the_intake_id_existed_import_as_before() {
    let mut data = empty();
    for bits in 1..4 {
        let case = case::Case::admit(
            CaseCode::from_random(bits),
            RecordId::from_random(bits),
            d(2023, 3, 1),
            0,
            facts(),
            d(2023, 6, 1),
        )
        .unwrap();
        data.cases.push(case);
    }
    let text = export(&data);
    assert!(!text.contains("\"intake\""), "no intake field is written");
    let imported = parse_import(&text).unwrap();
    assert_eq!(imported.data.cases.len(), 3);
    assert!(imported.data.cases.iter().all(|c| c.intake().is_none()));
}
