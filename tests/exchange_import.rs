//! Importing export files: every refusal with a realistic file, and the properties that make an
//! import safe: a round trip reproduces the reports, the same case from two laptops becomes one,
//! and importing the same file twice changes nothing the second time.

mod common;

use chrono::NaiveDate;
use kim::domain::case::{Admission, Case, CaseError, CaseEvent, EventKind};
use kim::domain::contacts::{ContactError, ShortContact};
use kim::domain::exchange::{
    self, check_import_size, parse_import, preview, Catalogue, ImportError, ImportMode,
    ImportSummary, MergeError, MergeSummary, RecordError, CURRENT_FORMAT_VERSION, MAX_IMPORT_BYTES,
};
use kim::domain::report::{cases::case_table, contacts::contact_table};
use kim::domain::rules::{RuleSet, RuleSetError};
use kim::domain::visits::{Arrival, VisitError, WelcomeVisit};
use kim::domain::yearly::{YearlyError, YearlyFigures};
use kim::domain::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2023, 6, 1)
}

fn admission(area: &str, provider: &str) -> Admission {
    Admission {
        area: AreaId::new(area),
        provider: ProviderId::new(provider),
        problems: vec!["rent-debts".into(), "school-problems".into()],
        parties: vec!["jobcenter".into(), "school".into()],
        way_in: "abh".into(),
        against_suggestion: None,
        intake: None,
    }
}

fn event(id: u64, date: NaiveDate, kind: EventKind) -> CaseEvent {
    CaseEvent {
        id: RecordId::from_random(id),
        date,
        recorded_at: id as i64,
        kind,
    }
}

/// A case admitted on 01.03.2022 by Lernen fördern left of the Ems, handed over to Caritas on
/// 04.10.2022 and deactivated on 10.01.2023.
fn handed_over_case(code: u64) -> Case {
    let mut case = Case::admit(
        CaseCode::from_random(code),
        RecordId::from_random(code * 100),
        d(2022, 3, 1),
        0,
        admission("links", "lernen-foerdern"),
        today(),
    )
    .unwrap();
    let handover = EventKind::HandedOver {
        to: "caritas".into(),
        rule_change: false,
    };
    case.record(event(code * 100 + 1, d(2022, 10, 4), handover), today())
        .unwrap();
    let deactivation = EventKind::Deactivated {
        reason: "moved-away".into(),
        evaluation: None,
    };
    case.record(event(code * 100 + 2, d(2023, 1, 10), deactivation), today())
        .unwrap();
    case
}

fn contact(id: u64, provider: &str) -> ShortContact {
    ShortContact {
        id: RecordId::from_random(id),
        provider: ProviderId::new(provider),
        month: YearMonth::new(2023, 2).unwrap(),
        outcome: "mbe".into(),
        recorded_at: id as i64,
        voided: false,
    }
}

fn visit(id: u64) -> WelcomeVisit {
    WelcomeVisit {
        id: RecordId::from_random(id),
        date: d(2023, 4, 12),
        district: "schotthock".into(),
        arrival: Arrival::NewArrival,
        children: vec![("3-5".into(), 1), ("6-9".into(), 2)],
        informed: vec!["daycare".into()],
        invited: vec!["language-course".into()],
        follow_up: false,
        recorded_at: id as i64,
        voided: false,
    }
}

fn figures(year: i32, permits: u32, naturalisations: u32) -> YearlyFigures {
    YearlyFigures {
        year,
        residence_permits: Some(permits),
        naturalisations: Some(naturalisations),
        posts_abh: None,
        posts_ebh: None,
    }
}

/// One laptop's realistic data: three cases, contacts, a visit and two years of figures.
fn sample() -> Dataset {
    Dataset {
        rules: RuleSet::default_rheine(),
        cases: vec![
            handed_over_case(1),
            handed_over_case(2),
            handed_over_case(3),
        ],
        contacts: vec![contact(10, "caritas"), contact(11, "lernen-foerdern")],
        visits: vec![visit(20)],
        yearly: vec![figures(2021, 59, 166), figures(2022, 80, 209)],
    }
}

fn export(data: &Dataset) -> String {
    exchange::export(data, "2023-06-01T09:30:00Z", "3f2a9c0d4b5e6f70")
}

/// What importing the export of `data` is refused with.
fn refusal(data: &Dataset) -> ImportError {
    parse_import(&export(data)).expect_err("the file is refused")
}

/// The record a refused import names.
fn record_refusal(data: &Dataset) -> RecordError {
    match refusal(data) {
        ImportError::InvalidRecord(error) => error,
        other => panic!("expected an invalid record, got {other:?}"),
    }
}

fn case_refusal(data: &Dataset) -> CaseError {
    match record_refusal(data) {
        RecordError::Case { error, .. } => error,
        other => panic!("expected a case history error, got {other:?}"),
    }
}

#[test]
fn a_laptops_export_imports_unchanged() {
    let data = sample();
    let file = parse_import(&export(&data)).unwrap();
    assert_eq!(file.format_version, CURRENT_FORMAT_VERSION);
    assert_eq!(file.data, exchange::canonical(&data));
    // Saved again by an editor that adds a byte-order mark: still the same file.
    let with_bom = format!("\u{feff}{}", export(&data));
    assert_eq!(parse_import(&with_bom).unwrap(), file);
}

#[test]
fn the_marker_names_no_town_and_files_with_the_earlier_marker_still_import() {
    let data = sample();
    let text = export(&data);
    assert!(text.starts_with(r#"{"format":"kim-export","#));
    let legacy = text.replacen(
        r#""format":"kim-export""#,
        &format!(r#""format":"{}""#, exchange::LEGACY_FORMAT),
        1,
    );
    assert_eq!(
        parse_import(&legacy).unwrap().data,
        exchange::canonical(&data)
    );
}

// ----- ImportError::TooLarge -------------------------------------------------------------------

#[test]
fn a_file_above_the_limit_is_refused_before_parsing() {
    let limit = MAX_IMPORT_BYTES as u64;
    assert_eq!(check_import_size(limit), Ok(()));
    assert_eq!(
        check_import_size(limit + 1),
        Err(ImportError::TooLarge {
            bytes: limit + 1,
            limit
        })
    );
    // A valid export padded with whitespace past the limit: refused by its size alone.
    let mut text = export(&sample());
    text.push_str(&" ".repeat(MAX_IMPORT_BYTES + 1 - text.len()));
    assert_eq!(
        parse_import(&text),
        Err(ImportError::TooLarge {
            bytes: limit + 1,
            limit
        })
    );
}

#[test]
fn the_register_at_target_scale_fits_the_limit_and_imports() {
    let data = Dataset {
        rules: RuleSet::default_rheine(),
        cases: common::synthetic(20_000),
        contacts: vec![],
        visits: vec![],
        yearly: vec![],
    };
    let text = export(&data);
    println!(
        "export of 20,000 cases: {} bytes, {:.0} % of the import limit",
        text.len(),
        100.0 * text.len() as f64 / MAX_IMPORT_BYTES as f64
    );
    assert!(text.len() < MAX_IMPORT_BYTES);
    assert_eq!(parse_import(&text).unwrap().data.cases.len(), 20_000);
}

// ----- ImportError::Malformed ------------------------------------------------------------------

#[test]
fn a_damaged_or_incomplete_file_is_malformed() {
    let text = export(&sample());
    let truncated = &text[..text.len() / 2];
    assert!(matches!(
        parse_import(truncated),
        Err(ImportError::Malformed(_))
    ));
    let spreadsheet = "Fallcode;Träger;Status\nK7M2-9QXD;Caritas;aktiv\n";
    assert!(matches!(
        parse_import(spreadsheet),
        Err(ImportError::Malformed(_))
    ));
    assert!(matches!(parse_import(""), Err(ImportError::Malformed(_))));
    // Our marker, but the data has lost its rule set.
    let without_rules = r#"{"format":"kim-rheine-export","format_version":1,"exported_at":"2023-06-01T09:30:00Z","device":"x","data":{"cases":[]}}"#;
    assert!(matches!(
        parse_import(without_rules),
        Err(ImportError::Malformed(_))
    ));
    // Our marker, but no usable version.
    let version_as_text = text.replacen(
        &format!("\"format_version\":{CURRENT_FORMAT_VERSION}"),
        "\"format_version\":\"1\"",
        1,
    );
    assert_ne!(version_as_text, text);
    assert!(matches!(
        parse_import(&version_as_text),
        Err(ImportError::Malformed(_))
    ));
}

#[test]
fn a_case_code_not_in_the_form_the_app_writes_is_malformed() {
    // `CaseCode` reads back only in the form the app writes, so a hand-edited code stops the
    // typed reading of the file; the parser's detail names it.
    let data = sample();
    let text = export(&data);
    let code = format!("\"code\":\"{}\"", data.cases[1].code);
    let edited = text.replacen(&code, "\"code\":\"k7m2-9qxd\"", 1);
    assert_ne!(edited, text);
    match parse_import(&edited) {
        Err(ImportError::Malformed(detail)) => assert!(detail.contains("k7m2-9qxd"), "{detail}"),
        other => panic!("expected a malformed file, got {other:?}"),
    }
}

// ----- ImportError::Foreign --------------------------------------------------------------------

#[test]
fn a_json_file_of_something_else_is_foreign() {
    // The rule-set file from the settings page, picked by mistake.
    assert_eq!(
        parse_import(&RuleSet::default_rheine().to_json()),
        Err(ImportError::Foreign)
    );
    assert_eq!(
        parse_import(r#"{"name":"kim-rheine","version":"0.1.0","dependencies":{}}"#),
        Err(ImportError::Foreign)
    );
    assert_eq!(parse_import("[1, 2, 3]"), Err(ImportError::Foreign));
    assert_eq!(parse_import("42"), Err(ImportError::Foreign));
    let other_marker = export(&sample()).replacen(exchange::FORMAT, "kim-other-export", 1);
    assert_eq!(parse_import(&other_marker), Err(ImportError::Foreign));
}

// ----- ImportError::NewerFormat ----------------------------------------------------------------

#[test]
fn a_file_of_a_newer_app_version_is_refused_as_newer() {
    let original = export(&sample());
    let newer = CURRENT_FORMAT_VERSION + 1;
    let text = original.replacen(
        &format!("\"format_version\":{CURRENT_FORMAT_VERSION}"),
        &format!("\"format_version\":{newer}"),
        1,
    );
    assert_ne!(text, original);
    assert_eq!(
        parse_import(&text),
        Err(ImportError::NewerFormat {
            found: u64::from(newer),
            supported: CURRENT_FORMAT_VERSION
        })
    );
    // A newer format may have a different shape: still "newer", not "malformed".
    let reshaped =
        r#"{"format":"kim-rheine-export","format_version":7,"payload":"eJzLSM3JyQcABiwCFQ=="}"#;
    assert_eq!(
        parse_import(reshaped),
        Err(ImportError::NewerFormat {
            found: 7,
            supported: CURRENT_FORMAT_VERSION
        })
    );
}

// ----- ImportError::InvalidRules ---------------------------------------------------------------

#[test]
fn a_file_with_a_broken_rule_set_is_refused() {
    let mut data = sample();
    data.rules.versions[1].valid_from = d(2022, 7, 5);
    assert_eq!(
        refusal(&data),
        ImportError::InvalidRules(RuleSetError::Gap {
            gap_from: d(2022, 7, 1),
            gap_until: d(2022, 7, 4)
        })
    );
}

// ----- ImportError::InvalidRecord --------------------------------------------------------------

#[test]
fn case_codes_must_be_unique() {
    let mut data = sample();
    data.cases[2].code = data.cases[0].code.clone();
    assert_eq!(
        record_refusal(&data),
        RecordError::DuplicateCaseCode(CaseCode::from_random(1))
    );
}

#[test]
fn a_case_history_must_start_with_its_one_admission() {
    let mut data = sample();
    data.cases[0].events.remove(0);
    assert_eq!(case_refusal(&data), CaseError::NoAdmission);

    let mut data = sample();
    let mut second = data.cases[0].events[0].clone();
    second.id = RecordId::from_random(999);
    data.cases[0].events.push(second);
    assert_eq!(case_refusal(&data), CaseError::SecondAdmission);

    let mut data = sample();
    data.cases[0].events[2].date = d(2022, 2, 1);
    assert_eq!(
        case_refusal(&data),
        CaseError::BeforeAdmission {
            date: d(2022, 2, 1),
            admitted_on: d(2022, 3, 1)
        }
    );
}

#[test]
fn event_ids_are_unique_and_corrections_void_events_of_the_case() {
    let mut data = sample();
    data.cases[0].events[2].id = data.cases[0].events[1].id.clone();
    assert!(matches!(case_refusal(&data), CaseError::DuplicateId(_)));

    let mut data = sample();
    let voids_admission = event(
        150,
        d(2023, 2, 1),
        EventKind::Voided {
            target: RecordId::from_random(100),
        },
    );
    data.cases[0].events.push(voids_admission);
    assert_eq!(case_refusal(&data), CaseError::CannotVoidAdmission);

    let mut data = sample();
    let voids_nothing = event(
        150,
        d(2023, 2, 1),
        EventKind::Voided {
            target: RecordId::from_random(777),
        },
    );
    data.cases[0].events.push(voids_nothing);
    assert_eq!(
        case_refusal(&data),
        CaseError::UnknownTarget(RecordId::from_random(777))
    );
}

/// The admission of the sample's first case.
fn admitted(data: &mut Dataset) -> &mut Admission {
    match &mut data.cases[0].events[0].kind {
        EventKind::Admitted(a) => a,
        _ => unreachable!("the first event is the admission"),
    }
}

#[test]
fn case_events_must_name_ids_of_the_files_rule_set() {
    let unknown = |change: &dyn Fn(&mut Dataset)| {
        let mut data = sample();
        change(&mut data);
        match record_refusal(&data) {
            RecordError::UnknownReference {
                code,
                catalogue,
                id,
            } => {
                assert_eq!(code, CaseCode::from_random(1));
                (catalogue, id)
            }
            other => panic!("expected an unknown reference, got {other:?}"),
        }
    };
    assert_eq!(
        unknown(&|data| admitted(data).provider = "diakonie".into()),
        (Catalogue::Providers, "diakonie".into())
    );
    assert_eq!(
        unknown(&|data| admitted(data).area = "emsdetten".into()),
        (Catalogue::Areas, "emsdetten".into())
    );
    assert_eq!(
        unknown(&|data| admitted(data).problems.push("gambling".into())),
        (Catalogue::Problems, "gambling".into())
    );
    assert_eq!(
        unknown(&|data| admitted(data).parties.push("police".into())),
        (Catalogue::Parties, "police".into())
    );
    assert_eq!(
        unknown(&|data| admitted(data).way_in = "website".into()),
        (Catalogue::WaysIn, "website".into())
    );
    assert_eq!(
        unknown(&|data| admitted(data).against_suggestion = Some("gut-feeling".into())),
        (Catalogue::OverrideReasons, "gut-feeling".into())
    );
    assert_eq!(
        unknown(&|data| {
            data.cases[0].events[1].kind = EventKind::HandedOver {
                to: "diakonie".into(),
                rule_change: false,
            }
        }),
        (Catalogue::Providers, "diakonie".into())
    );
    assert_eq!(
        unknown(&|data| {
            data.cases[0].events[2].kind = EventKind::Deactivated {
                reason: "lottery-win".into(),
                evaluation: None,
            }
        }),
        (Catalogue::DeactivationReasons, "lottery-win".into())
    );
}

#[test]
fn short_contacts_are_unique_and_known_to_the_rules() {
    let mut data = sample();
    data.contacts[1].id = data.contacts[0].id.clone();
    assert_eq!(
        record_refusal(&data),
        RecordError::DuplicateContactId(RecordId::from_random(10))
    );
    let mut data = sample();
    data.contacts[1].outcome = "astrology".into();
    assert_eq!(
        record_refusal(&data),
        RecordError::Contact {
            id: RecordId::from_random(11),
            error: ContactError::UnknownOutcome {
                outcome: "astrology".into()
            }
        }
    );
    let mut data = sample();
    data.contacts[0].provider = "diakonie".into();
    assert!(matches!(
        record_refusal(&data),
        RecordError::Contact {
            error: ContactError::UnknownProvider { .. },
            ..
        }
    ));
}

#[test]
fn welcome_visits_are_unique_and_known_to_the_rules() {
    let mut data = sample();
    data.visits.push(visit(20));
    assert_eq!(
        record_refusal(&data),
        RecordError::DuplicateVisitId(RecordId::from_random(20))
    );
    let visit_error = |change: &dyn Fn(&mut WelcomeVisit)| {
        let mut data = sample();
        change(&mut data.visits[0]);
        match record_refusal(&data) {
            RecordError::Visit { id, error } => {
                assert_eq!(id, RecordId::from_random(20));
                error
            }
            other => panic!("expected a visit error, got {other:?}"),
        }
    };
    assert_eq!(
        visit_error(&|v| v.district = "atlantis".into()),
        VisitError::UnknownDistrict("atlantis".into())
    );
    assert_eq!(
        visit_error(&|v| v.invited.push("casino".into())),
        VisitError::UnknownOffer("casino".into())
    );
    assert_eq!(
        visit_error(&|v| v.children.push(("18-99".into(), 1))),
        VisitError::BadAgeBand("18-99".into())
    );
    assert_eq!(visit_error(&|v| v.children.clear()), VisitError::NoChildren);
}

#[test]
fn a_year_has_one_set_of_figures() {
    let mut data = sample();
    data.yearly.push(figures(2022, 81, 210));
    assert_eq!(record_refusal(&data), RecordError::DuplicateYear(2022));
}

#[test]
fn dates_after_the_importers_today_are_not_refused() {
    // A colleague's clock may run ahead; the domain has no clock to compare with.
    let mut data = sample();
    data.contacts[0].month = YearMonth::new(2099, 1).unwrap();
    data.visits[0].date = d(2099, 1, 1);
    data.cases[0].events[2].date = d(2099, 1, 1);
    assert!(parse_import(&export(&data)).is_ok());
}

// ----- Plausibility bounds: impossible numbers and dates ----------------------------------------

/// The export of [`sample`] with one JSON edit, as the text a file would hold.
fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut value: serde_json::Value = serde_json::from_str(&export(&sample())).unwrap();
    edit(&mut value);
    value.to_string()
}

#[test]
fn a_rule_version_ending_on_chrono_s_last_date_is_refused_not_a_panic() {
    let text = edited(|file| {
        file["data"]["rules"]["versions"][0]["valid_until"] = "+262142-12-31".into();
    });
    assert_eq!(
        parse_import(&text),
        Err(ImportError::InvalidRules(RuleSetError::DateOutOfRange {
            date: NaiveDate::MAX
        }))
    );
}

#[test]
fn implausible_rule_set_numbers_are_refused() {
    let refused = |edit: fn(&mut serde_json::Value)| match parse_import(&edited(|file| {
        edit(&mut file["data"]["rules"])
    })) {
        Err(ImportError::InvalidRules(error)) => error,
        other => panic!("expected invalid rules, got {other:?}"),
    };
    assert_eq!(
        refused(|rules| rules["revision"] = u32::MAX.into()),
        RuleSetError::ImplausibleRevision { revision: u32::MAX }
    );
    assert!(matches!(
        refused(|rules| rules["versions"][1]["thresholds"]["min_parties"] = u32::MAX.into()),
        RuleSetError::UnreachableThreshold { .. }
    ));
    assert!(matches!(
        refused(|rules| rules["versions"][1]["assignments"][0]["posts"] = 1e308.into()),
        RuleSetError::ImplausiblePosts { posts, .. } if posts == 1e308
    ));
    assert!(matches!(
        refused(|rules| rules["versions"][0]["valid_from"] = "0000-01-01".into()),
        RuleSetError::DateOutOfRange { .. }
    ));
}

#[test]
fn children_that_wrap_around_in_u32_are_refused() {
    // 4,294,967,295 + 2 children sum to 1 in wrapping u32 arithmetic.
    let text = edited(|file| {
        file["data"]["visits"][0]["children"] =
            serde_json::json!([["3-5", 4294967295u32], ["6-9", 2]]);
    });
    assert_eq!(
        parse_import(&text),
        Err(ImportError::InvalidRecord(RecordError::Visit {
            id: RecordId::from_random(20),
            error: VisitError::TooManyChildren { total: u32::MAX }
        }))
    );
}

#[test]
fn implausible_yearly_figures_are_refused() {
    let refused = |field: &str, value: serde_json::Value| {
        let text = edited(|file| file["data"]["yearly"][0][field] = value);
        match parse_import(&text) {
            Err(ImportError::InvalidRecord(RecordError::Yearly { error, .. })) => error,
            other => panic!("{field}: expected implausible figures, got {other:?}"),
        }
    };
    for year in [0, i32::MAX, i32::MIN, 1999, 2101] {
        assert_eq!(
            refused("year", year.into()),
            YearlyError::YearOutOfRange {
                year,
                last_year: calendar::LAST_YEAR
            }
        );
    }
    for field in ["residence_permits", "naturalisations"] {
        assert!(matches!(
            refused(field, u32::MAX.into()),
            YearlyError::ImplausibleCount {
                value: u32::MAX,
                ..
            }
        ));
    }
    for field in ["posts_abh", "posts_ebh"] {
        for posts in [1e308, -1.0, 100.01] {
            assert!(matches!(
                refused(field, posts.into()),
                YearlyError::ImplausiblePosts { value, .. } if value == posts
            ));
        }
    }
    // A number beyond f64 (1e309) is not JSON serde can read: malformed, not infinite posts.
    let text = edited(|file| file["data"]["yearly"][0]["posts_abh"] = 1.0.into())
        .replace(r#""posts_abh":1.0"#, r#""posts_abh":1e309"#);
    assert!(matches!(
        parse_import(&text),
        Err(ImportError::Malformed(_))
    ));
}

#[test]
fn record_dates_and_times_outside_the_calendar_span_are_refused() {
    for date in ["0000-01-01", "9999-12-31", "-262143-01-01", "+262142-12-31"] {
        let text = edited(|file| file["data"]["cases"][0]["events"][1]["date"] = date.into());
        assert!(
            matches!(
                parse_import(&text),
                Err(ImportError::InvalidRecord(RecordError::Case {
                    error: CaseError::DateOutOfRange { .. },
                    ..
                }))
            ),
            "{date}"
        );
        let text = edited(|file| file["data"]["visits"][0]["date"] = date.into());
        assert!(
            matches!(
                parse_import(&text),
                Err(ImportError::InvalidRecord(RecordError::Visit {
                    error: VisitError::DateOutOfRange { .. },
                    ..
                }))
            ),
            "{date}"
        );
    }
    let text = edited(|file| file["data"]["contacts"][0]["month"] = "1999-12".into());
    assert!(matches!(
        parse_import(&text),
        Err(ImportError::InvalidRecord(RecordError::Contact {
            error: ContactError::MonthOutOfRange { .. },
            ..
        }))
    ));
    for recorded_at in [-1, i64::MAX] {
        let text = edited(|file| {
            file["data"]["cases"][0]["events"][0]["recorded_at"] = recorded_at.into()
        });
        assert!(matches!(
            parse_import(&text),
            Err(ImportError::InvalidRecord(RecordError::Case {
                error: CaseError::RecordedAtOutOfRange { .. },
                ..
            }))
        ));
    }
}

#[test]
fn impossible_header_numbers_are_refused() {
    let version =
        |value: serde_json::Value| parse_import(&edited(|file| file["format_version"] = value));
    assert_eq!(
        version(u64::MAX.into()),
        Err(ImportError::NewerFormat {
            found: u64::MAX,
            supported: CURRENT_FORMAT_VERSION
        })
    );
    for value in [0.into(), (-1).into(), 1e308.into(), 1.5.into(), "1".into()] {
        assert!(matches!(version(value), Err(ImportError::Malformed(_))));
    }
}

// ----- Preview ---------------------------------------------------------------------------------

fn empty() -> Dataset {
    Dataset {
        rules: RuleSet::default_rheine(),
        cases: vec![],
        contacts: vec![],
        visits: vec![],
        yearly: vec![],
    }
}

#[test]
fn two_cases_under_one_code_from_two_laptops_are_refused() {
    let ours = sample();
    let mut theirs = empty();
    // Another person, by chance under the same code: a different admission.
    let mut other = handed_over_case(4);
    other.code = CaseCode::from_random(2);
    theirs.cases.push(other);
    let incoming = parse_import(&export(&theirs)).unwrap().data;
    assert_eq!(
        preview(&ours, &incoming, ImportMode::Merge),
        Err(MergeError::CodeCollision(CaseCode::from_random(2)))
    );
}

#[test]
fn merge_preview_names_what_the_file_adds_and_changes() {
    let ours = sample();
    let mut theirs = sample();
    // The other laptop reactivated case 1, voided a contact, counted one more and knows 2020.
    theirs.cases[0]
        .record(event(103, d(2023, 3, 1), EventKind::Reactivated), today())
        .unwrap();
    theirs.contacts[0].voided = true;
    theirs.contacts.push(contact(12, "caritas"));
    theirs.yearly.push(figures(2020, 48, 114));
    theirs.cases.push(handed_over_case(5));
    let incoming = parse_import(&export(&theirs)).unwrap().data;
    let first = preview(&ours, &incoming, ImportMode::Merge).unwrap();
    assert_eq!(
        first.summary,
        ImportSummary::Merge(MergeSummary {
            new_cases: 1,
            new_events: 4,
            changed_cases: 1,
            deleted_cases: 0,
            new_contacts: 1,
            hidden_records: 0,
            new_visits: 0,
            voided_contacts: 1,
            voided_visits: 0,
            yearly_changed: 1,
            rules_changed: false,
        })
    );
    assert!(!first.changes_nothing());
    let second = preview(&first.data, &incoming, ImportMode::Merge).unwrap();
    assert!(second.changes_nothing());
    assert_eq!(
        second.summary,
        ImportSummary::Merge(MergeSummary::default())
    );
}

// ----- Properties ------------------------------------------------------------------------------

const PROVIDERS: [&str; 2] = ["caritas", "lernen-foerdern"];
const AREAS: [&str; 2] = ["links", "rechts"];
const REASONS: [&str; 3] = ["moved-away", "no-contact", "goals-reached"];
const OUTCOMES: [&str; 3] = ["city-team", "mbe", "jmd"];
const DISTRICTS: [&str; 3] = ["links", "schotthock", "mesum"];
const OFFERS: [&str; 3] = ["daycare", "sports", "library"];
const BANDS: [&str; 3] = ["0-2", "3-5", "10-13"];

/// A change someone tries to record; the case module refuses those that do not fit.
#[derive(Clone, Debug)]
enum Attempt {
    Deactivate(usize),
    Reactivate,
    HandOver,
    Void(usize),
    Delete,
}

fn attempt() -> impl Strategy<Value = Attempt> {
    prop_oneof![
        4 => (0..REASONS.len()).prop_map(Attempt::Deactivate),
        3 => Just(Attempt::Reactivate),
        3 => Just(Attempt::HandOver),
        2 => any::<usize>().prop_map(Attempt::Void),
        1 => Just(Attempt::Delete),
    ]
}

/// A case as it was recorded: its events in the order they were recorded, so that every
/// prefix is a history some laptop really held.
fn recorded_case(
    code: u64,
    admitted_day: i64,
    area: usize,
    provider: usize,
    attempts: Vec<(i64, Attempt)>,
) -> (CaseCode, Vec<CaseEvent>) {
    let admitted_on = d(2021, 9, 1) + chrono::Duration::days(admitted_day);
    let code = CaseCode::from_random(code);
    let mut case = Case::admit(
        code.clone(),
        RecordId::from_random(0),
        admitted_on,
        0,
        admission(AREAS[area], PROVIDERS[provider]),
        today(),
    )
    .unwrap();
    let mut recorded = case.events.to_vec();
    let mut date = admitted_on;
    for (k, (gap, attempt)) in attempts.into_iter().enumerate() {
        date += chrono::Duration::days(gap);
        let kind = match attempt {
            Attempt::Deactivate(reason) => EventKind::Deactivated {
                reason: REASONS[reason].into(),
                evaluation: None,
            },
            Attempt::Reactivate => EventKind::Reactivated,
            Attempt::HandOver => {
                let Some(state) = case.state_on(date) else {
                    continue;
                };
                let to = PROVIDERS.iter().find(|p| state.provider.as_str() != **p);
                EventKind::HandedOver {
                    to: (*to.unwrap()).into(),
                    rule_change: false,
                }
            }
            Attempt::Void(index) => {
                let targets: Vec<&RecordId> = recorded[1..].iter().map(|e| &e.id).collect();
                if targets.is_empty() {
                    continue;
                }
                EventKind::Voided {
                    target: targets[index % targets.len()].clone(),
                }
            }
            Attempt::Delete => EventKind::Deleted,
        };
        let event = CaseEvent {
            id: RecordId::from_random(k as u64 + 1),
            date,
            recorded_at: k as i64 + 1,
            kind,
        };
        if case.record(event.clone(), today()).is_ok() {
            recorded.push(event);
        }
    }
    (code, recorded)
}

/// Which laptop holds a record: the first, the second, or both.
#[derive(Clone, Copy, Debug)]
enum Holder {
    First,
    Second,
    Both,
}

fn holder() -> impl Strategy<Value = Holder> {
    prop_oneof![
        Just(Holder::First),
        Just(Holder::Second),
        Just(Holder::Both)
    ]
}

/// The truth and how two laptops saw it; their union is the truth.
#[derive(Clone, Debug)]
struct Laptops {
    truth: Dataset,
    first: Dataset,
    second: Dataset,
}

impl Laptops {
    fn push<T: Clone>(
        &mut self,
        holder: Holder,
        record: T,
        partial: T,
        list: impl Fn(&mut Dataset) -> &mut Vec<T>,
    ) {
        list(&mut self.truth).push(record.clone());
        match holder {
            Holder::First => list(&mut self.first).push(record),
            Holder::Second => list(&mut self.second).push(record),
            Holder::Both => {
                list(&mut self.first).push(partial);
                list(&mut self.second).push(record);
            }
        }
    }
}

fn laptops() -> impl Strategy<Value = Laptops> {
    let cases = proptest::collection::vec(
        (
            any::<u64>(),
            0i64..600,
            0..AREAS.len(),
            0..PROVIDERS.len(),
            proptest::collection::vec((0i64..120, attempt()), 0..6),
            holder(),
            any::<usize>(),
        ),
        0..8,
    );
    let contacts = proptest::collection::vec(
        (
            0u64..40,
            0..PROVIDERS.len(),
            1u32..13,
            0..OUTCOMES.len(),
            any::<bool>(),
            holder(),
        ),
        0..12,
    );
    let visits = proptest::collection::vec(
        (
            0u64..40,
            0i64..600,
            0..DISTRICTS.len(),
            (0..BANDS.len(), 1u32..4),
            (0..OFFERS.len(), any::<bool>()),
            holder(),
        ),
        0..4,
    );
    let yearly = proptest::collection::vec(
        (
            2017i32..2024,
            (
                proptest::option::of(0u32..300),
                proptest::option::of(0u32..300),
            ),
            proptest::option::of(prop_oneof![Just(0.5), Just(0.75), Just(1.0)]),
            holder(),
        ),
        0..5,
    );
    (cases, contacts, visits, yearly).prop_map(|(cases, contacts, visits, yearly)| {
        let mut laptops = Laptops {
            truth: empty(),
            first: empty(),
            second: empty(),
        };
        let mut seen = std::collections::HashSet::new();
        for (bits, day, area, provider, attempts, holder, cut) in cases {
            let (code, recorded) = recorded_case(bits, day, area, provider, attempts);
            if !seen.insert(code.clone()) {
                continue;
            }
            // The laptop that also holds it saw it earlier: a prefix of the recorded history.
            let earlier = recorded[..1 + cut % recorded.len()].to_vec();
            let case = |events: Vec<CaseEvent>| Case {
                code: code.clone(),
                events: events.into(),
            };
            laptops.push(holder, case(recorded.clone()), case(earlier), |data| {
                &mut data.cases
            });
        }
        let mut seen = std::collections::HashSet::new();
        for (id, provider, month, outcome, voided, holder) in contacts {
            if !seen.insert(id) {
                continue;
            }
            let contact = ShortContact {
                id: RecordId::from_random(id),
                provider: PROVIDERS[provider].into(),
                month: YearMonth::new(2022, month).unwrap(),
                outcome: OUTCOMES[outcome].into(),
                recorded_at: id as i64,
                voided,
            };
            // The other laptop counted it before it was taken back.
            let before_voiding = ShortContact {
                voided: false,
                ..contact.clone()
            };
            laptops.push(holder, contact, before_voiding, |data| &mut data.contacts);
        }
        let mut seen = std::collections::HashSet::new();
        for (id, day, district, (band, children), (offer, voided), holder) in visits {
            if !seen.insert(id) {
                continue;
            }
            let visit = WelcomeVisit {
                id: RecordId::from_random(id),
                date: d(2021, 9, 1) + chrono::Duration::days(day),
                district: DISTRICTS[district].into(),
                arrival: Arrival::FamilyReunification,
                children: vec![(BANDS[band].into(), children)],
                informed: vec![OFFERS[offer].into()],
                invited: vec![],
                follow_up: children > 2,
                recorded_at: id as i64,
                voided,
            };
            let before_voiding = WelcomeVisit {
                voided: false,
                ..visit.clone()
            };
            laptops.push(holder, visit, before_voiding, |data| &mut data.visits);
        }
        let mut seen = std::collections::HashSet::new();
        for (year, (permits, naturalisations), posts, holder) in yearly {
            if !seen.insert(year) {
                continue;
            }
            let figures = YearlyFigures {
                year,
                residence_permits: permits,
                naturalisations,
                posts_abh: posts,
                posts_ebh: posts,
            };
            // The other laptop knew the counts before the posts were reported.
            let without_posts = YearlyFigures {
                posts_abh: None,
                posts_ebh: None,
                ..figures.clone()
            };
            laptops.push(holder, figures, without_posts, |data| &mut data.yearly);
        }
        laptops
    })
}

/// Both report tables, for comparison.
fn reports(data: &Dataset) -> impl PartialEq + std::fmt::Debug {
    let dates = [
        d(2021, 12, 31),
        d(2022, 6, 30),
        d(2022, 10, 4),
        d(2023, 3, 31),
        today(),
    ];
    (
        case_table(&data.cases, &data.rules, &dates),
        contact_table(
            &data.contacts,
            &data.rules,
            YearMonth::new(2022, 1).unwrap(),
            YearMonth::new(2022, 12).unwrap(),
        ),
    )
}

/// The data a laptop gets from importing `data`'s export file.
fn through_a_file(data: &Dataset) -> Dataset {
    parse_import(&export(data)).expect("an export imports").data
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn export_import_replace_reproduces_the_reports(laptops in laptops()) {
        let truth = &laptops.truth;
        let imported = preview(&empty(), &through_a_file(truth), ImportMode::Replace).unwrap();
        prop_assert_eq!(&imported.data, &exchange::canonical(truth));
        prop_assert_eq!(reports(&imported.data), reports(truth));
        let again = preview(&imported.data, &through_a_file(truth), ImportMode::Replace).unwrap();
        prop_assert!(again.changes_nothing());
    }

    #[test]
    fn merging_two_laptops_gives_the_union_and_a_second_import_changes_nothing(
        laptops in laptops()
    ) {
        let incoming = through_a_file(&laptops.second);
        let merged = preview(&laptops.first, &incoming, ImportMode::Merge).unwrap();
        prop_assert_eq!(&merged.data, &exchange::canonical(&laptops.truth));
        prop_assert_eq!(reports(&merged.data), reports(&laptops.truth));
        let nothing_new = merged.summary == ImportSummary::Merge(MergeSummary::default());
        prop_assert_eq!(merged.changes_nothing(), nothing_new);
        // The other way round gives the same data.
        let other_way =
            preview(&laptops.second, &through_a_file(&laptops.first), ImportMode::Merge).unwrap();
        prop_assert_eq!(&other_way.data, &merged.data);
        // The same file again.
        let again = preview(&merged.data, &incoming, ImportMode::Merge).unwrap();
        prop_assert!(again.changes_nothing());
        prop_assert_eq!(again.summary, ImportSummary::Merge(MergeSummary::default()));
    }
}
