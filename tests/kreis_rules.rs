//! Another municipality, without code: a made-up Kreis (`tests/fixtures/rules/kreis-wiesental.json`,
//! 4 providers, 11 towns and one area outside, three dated versions with stricter thresholds in
//! the last, a town with its own KIM from 2025, its own catalogues and contact outcomes) runs
//! through the same domain functions as Rheine: intake, admission, short contacts, handover,
//! move, export, import on a fresh device, the report per provider and per area.

use chrono::NaiveDate;
use kim::domain::case::{handover_candidates, Admission, CaseEvent, EventKind, IntakeId};
use kim::domain::contacts::ShortContact;
use kim::domain::dataset::NewCase;
use kim::domain::exchange::{self, merge, parse_import, MergeError};
use kim::domain::intake::{assess, contact_outcome_for, Decision, IntakeInput, Reason};
use kim::domain::report::cases::case_table;
use kim::domain::rules::{AreaScope, AssignmentError, RuleSet};
use kim::domain::*;

const KREIS: &str = include_str!("fixtures/rules/kreis-wiesental.json");

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn kreis() -> RuleSet {
    RuleSet::from_json(KREIS).expect("the Kreis fixture is a valid rule set")
}

fn fresh(rules: RuleSet) -> Dataset {
    Dataset {
        rules,
        cases: Vec::new(),
        contacts: Vec::new(),
        visits: Vec::new(),
        yearly: Vec::new(),
    }
}

fn complex(date: NaiveDate, area: &str) -> IntakeInput {
    IntakeInput {
        date,
        area: AreaId::new(area),
        problems: vec![
            "wohnungslosigkeit".into(),
            "kita-fehlt".into(),
            "kein-bus".into(),
        ],
        parties: vec!["jobcenter".into(), "jugendamt".into(), "gemeinde".into()],
        counselled_by: None,
        way_in: "gemeinde".into(),
        consent: true,
    }
}

fn admit(data: &mut Dataset, bits: u64, date: NaiveDate, area: &str) -> CaseCode {
    let assessment = assess(&data.rules, &complex(date, area)).unwrap();
    let Decision::Admit { provider } = assessment.decision else {
        panic!("{area} on {date}: {:?}", assessment.decision);
    };
    let facts = Admission {
        area: AreaId::new(area),
        provider,
        problems: complex(date, area).problems,
        parties: complex(date, area).parties,
        way_in: "gemeinde".into(),
        against_suggestion: None,
        intake: None,
    };
    let new = NewCase {
        code: CaseCode::from_random(bits),
        event_id: RecordId::from_random(bits),
        date,
        recorded_at: 1_700_000_000_000,
    };
    data.admit(IntakeId::from_random(bits), new, facts, d(2026, 1, 1))
        .unwrap()
}

fn record(data: &mut Dataset, code: &CaseCode, bits: u64, date: NaiveDate, kind: EventKind) {
    let case = data.cases.iter_mut().find(|c| &c.code == code).unwrap();
    let event = CaseEvent {
        id: RecordId::from_random(bits),
        date,
        recorded_at: 1_700_000_000_000,
        kind,
    };
    case.record(event, d(2026, 1, 1)).unwrap();
}

#[test]
fn the_fixture_is_valid_and_names_no_other_municipality() {
    let rules = kreis();
    assert_eq!(rules.municipality, "Kreis Wiesental");
    assert_eq!(rules.providers.len(), 4);
    assert_eq!(rules.versions.len(), 3);
    assert_eq!(rules.publication_threshold, 5);
    assert!(!KREIS.to_lowercase().contains("rheine"));
    assert!(!KREIS.contains("Steinfurt"));
}

#[test]
fn every_town_gets_the_provider_of_its_version_at_every_boundary() {
    let rules = kreis();
    let provider = |area: &str, date| {
        rules
            .provider_for(&AreaId::new(area), date)
            .map(|p| p.id.as_str().to_owned())
    };
    // The fixture's own tables, read back through the rule function at both edges of every
    // version.
    for version in &rules.versions {
        let last = version.valid_until.unwrap_or(d(2030, 12, 31));
        for date in [version.valid_from, last] {
            for assignment in &version.assignments {
                assert_eq!(
                    provider(assignment.area.as_str(), date).as_deref(),
                    Ok(assignment.provider.as_str()),
                    "{} on {date}",
                    assignment.area
                );
            }
        }
    }
    assert_eq!(provider("dornfeld", d(2023, 12, 31)).as_deref(), Ok("drk"));
    assert_eq!(provider("dornfeld", d(2024, 1, 1)).as_deref(), Ok("ib"));
    assert_eq!(provider("bergheim", d(2024, 12, 31)).as_deref(), Ok("awo"));
    assert_eq!(provider("bergheim", d(2025, 1, 1)).as_deref(), Ok("ib"));
    assert_eq!(
        provider("altenau", d(2022, 12, 31)),
        Err(AssignmentError::NoRuleOnDate {
            date: d(2022, 12, 31)
        })
    );
}

#[test]
fn a_town_with_its_own_kim_from_a_date_is_referred_there_from_that_date() {
    let rules = kreis();
    let before = assess(&rules, &complex(d(2024, 12, 31), "grundau")).unwrap();
    assert_eq!(
        before.decision,
        Decision::Admit {
            provider: ProviderId::new("drk")
        }
    );
    let after = assess(&rules, &complex(d(2025, 1, 1), "grundau")).unwrap();
    assert_eq!(
        after.decision,
        Decision::NotResponsible {
            area: AreaId::new("grundau"),
            scope: AreaScope::District,
        }
    );
    let grundau = rules.area(&AreaId::new("grundau")).unwrap();
    assert_eq!(
        grundau.referral.as_deref(),
        Some("das KIM-Case-Management der Stadt Grundau")
    );
    // Still a town of the Kreis in the report (its cases admitted before 2025 stay).
    assert!(rules
        .municipality_areas()
        .any(|a| a.id.as_str() == "grundau"));
    assert!(!rules
        .areas_served_on(d(2025, 1, 1))
        .any(|a| a.id.as_str() == "grundau"));
    // The short contact of that referral is the Kreis's own outcome.
    assert_eq!(
        contact_outcome_for(&after.decision, &rules).map(|o| o.as_str().to_owned()),
        Some("an-anderes-kim".to_owned())
    );
}

#[test]
fn the_stricter_thresholds_apply_from_their_version() {
    let rules = kreis();
    let two_and_two = |date| IntakeInput {
        problems: vec!["wohnungslosigkeit".into(), "kita-fehlt".into()],
        parties: vec!["jobcenter".into(), "jugendamt".into()],
        ..complex(date, "altenau")
    };
    let before = assess(&rules, &two_and_two(d(2024, 12, 31))).unwrap();
    assert!(matches!(before.decision, Decision::Admit { .. }));
    let after = assess(&rules, &two_and_two(d(2025, 1, 1))).unwrap();
    assert!(matches!(after.decision, Decision::NotComplex { .. }));
    assert_eq!(
        contact_outcome_for(&after.decision, &rules).map(|o| o.as_str().to_owned()),
        Some("an-mbe".to_owned()),
        "the first suggested service's outcome, from the Kreis's catalogue"
    );
}

#[test]
fn every_decision_maps_to_an_outcome_of_the_kreis_or_asks() {
    let rules = kreis();
    for area in rules.areas.iter().map(|a| a.id.as_str()) {
        for date in [d(2023, 1, 1), d(2024, 6, 1), d(2025, 1, 1), d(2022, 1, 1)] {
            for consent in [true, false] {
                let input = IntakeInput {
                    consent,
                    ..complex(date, area)
                };
                let decision = assess(&rules, &input).unwrap().decision;
                if let Some(outcome) = contact_outcome_for(&decision, &rules) {
                    assert!(
                        rules.contact_outcomes.iter().any(|o| o.id == outcome),
                        "{outcome} is the Kreis's"
                    );
                }
            }
        }
    }
}

/// The whole year of a case worker in the Kreis, exported and imported on a fresh device.
fn a_year_in_the_kreis() -> Dataset {
    let mut data = fresh(kreis());
    let dornfeld = admit(&mut data, 1, d(2023, 3, 1), "dornfeld");
    let altenau = admit(&mut data, 2, d(2023, 4, 1), "altenau");
    let grundau = admit(&mut data, 3, d(2024, 5, 1), "grundau");
    // The person of the Altenau case moves to Dornfeld; the provider stays until a handover.
    record(
        &mut data,
        &altenau,
        10,
        d(2023, 9, 1),
        EventKind::Moved {
            to: AreaId::new("dornfeld"),
        },
    );
    // Short contacts with the Kreis's own outcomes.
    for (bits, outcome) in [(20, "an-mbe"), (21, "an-anderes-kim"), (22, "ohne-verweis")] {
        let contact = ShortContact::record(
            RecordId::from_random(bits),
            ProviderId::new("awo"),
            YearMonth::new(2024, 2).unwrap(),
            OutcomeId::new(outcome),
            1_700_000_000_000,
            &data.rules,
            d(2026, 1, 1),
        )
        .unwrap();
        data.count_contact(contact).unwrap();
    }
    // Rheine's outcome ids mean nothing here and are refused.
    assert!(ShortContact::record(
        RecordId::from_random(29),
        ProviderId::new("awo"),
        YearMonth::new(2024, 2).unwrap(),
        OutcomeId::new("city-team"),
        1_700_000_000_000,
        &data.rules,
        d(2026, 1, 1),
    )
    .is_err());
    // The rule change of 2024: Dornfeld goes from the DRK to the IB. The case that moved to
    // Dornfeld is still with the Diakonie, so only the Dornfeld case is proposed.
    let proposed = handover_candidates(&data.cases, &data.rules, d(2024, 1, 1));
    assert_eq!(proposed.len(), 1);
    assert_eq!(proposed[0].code, dornfeld);
    assert_eq!(
        (proposed[0].from.as_str(), proposed[0].to.as_str()),
        ("drk", "ib")
    );
    record(
        &mut data,
        &dornfeld,
        11,
        d(2024, 1, 1),
        EventKind::HandedOver {
            to: ProviderId::new("ib"),
            rule_change: true,
        },
    );
    // The 2025 version: Grundau has its own KIM (no proposal: no provider here takes over),
    // Bergheim goes to the IB (no case there).
    assert!(handover_candidates(&data.cases, &data.rules, d(2025, 1, 1)).is_empty());
    let _ = grundau;
    data
}

#[test]
fn a_year_exports_and_imports_on_a_fresh_device_with_its_rules() {
    let data = a_year_in_the_kreis();
    let text = exchange::export(&data, "2025-02-01T09:00:00Z", "a1b2c3d4e5f60718");
    assert!(!text.to_lowercase().contains("rheine"));
    let file = parse_import(&text).unwrap();
    // A fresh device holds no rule set and no records: it takes the file's rules.
    let fresh_device = fresh(RuleSet::none());
    let merged = merge(&fresh_device, &file.data).unwrap();
    assert_eq!(merged.data.rules, kreis());
    assert_eq!(merged.data.cases.len(), 3);
    assert_eq!(merged.data.contacts.len(), 3);
    assert_eq!(exchange::unknown_references(&merged.data), None);
    // A device of Rheine with records of its own does not silently take the Kreis's rules.
    let mut rheine = fresh(RuleSet::default_rheine());
    rheine.rules.revision = kreis().revision;
    let complex_links = IntakeInput {
        problems: vec!["rent-debts".into(), "school-problems".into()],
        parties: vec!["jobcenter".into(), "abh".into()],
        way_in: "self".into(),
        ..complex(d(2023, 3, 1), "links")
    };
    assert!(matches!(
        assess(&rheine.rules, &complex_links).unwrap().decision,
        Decision::Admit { .. }
    ));
    rheine.cases.push(
        kim::domain::case::Case::admit(
            CaseCode::from_random(99),
            RecordId::from_random(99),
            d(2023, 3, 1),
            1_700_000_000_000,
            Admission {
                area: AreaId::new("links"),
                provider: ProviderId::new("caritas"),
                problems: complex_links.problems.clone(),
                parties: complex_links.parties.clone(),
                way_in: "self".into(),
                against_suggestion: None,
                intake: None,
            },
            d(2026, 1, 1),
        )
        .unwrap(),
    );
    assert_eq!(
        merge(&rheine, &file.data).map(|_| ()),
        Err(MergeError::RulesConflict {
            revision: kreis().revision
        })
    );
}

#[test]
fn the_report_counts_per_provider_and_per_town() {
    let data = a_year_in_the_kreis();
    let dates = [d(2023, 6, 30), d(2023, 12, 31), d(2024, 6, 30)];
    let table = case_table(&data.cases, &data.rules, &dates);
    let count = |list: &[(String, u32)], id: &str| {
        list.iter().find(|(k, _)| k == id).map_or(0, |(_, n)| *n)
    };
    let providers = |i: usize| {
        table[i]
            .per_provider
            .iter()
            .map(|(p, n)| (p.as_str().to_owned(), *n))
            .collect::<Vec<_>>()
    };
    let areas = |i: usize| {
        table[i]
            .per_area
            .iter()
            .map(|(a, n)| (a.as_str().to_owned(), *n))
            .collect::<Vec<_>>()
    };
    // 30.06.2023: Dornfeld (DRK) and Altenau (Diakonie).
    assert_eq!(table[0].total, 2);
    assert_eq!(count(&providers(0), "drk"), 1);
    assert_eq!(count(&providers(0), "diakonie"), 1);
    assert_eq!(count(&areas(0), "altenau"), 1);
    // 31.12.2023: the Altenau case lives in Dornfeld now, still with the Diakonie.
    assert_eq!(count(&areas(1), "altenau"), 0);
    assert_eq!(count(&areas(1), "dornfeld"), 2);
    assert_eq!(count(&providers(1), "diakonie"), 1);
    // 30.06.2024: the Dornfeld case was handed to the IB; Grundau was admitted.
    assert_eq!(table[2].total, 3);
    assert_eq!(count(&providers(2), "ib"), 1);
    assert_eq!(count(&providers(2), "drk"), 1);
    assert_eq!(count(&areas(2), "grundau"), 1);
    for column in &table {
        let by_provider: u32 = column.per_provider.iter().map(|(_, n)| n).sum();
        let by_area: u32 = column.per_area.iter().map(|(_, n)| n).sum();
        assert_eq!(by_provider, column.total);
        assert_eq!(by_area, column.total);
    }
    // Every provider and every town of the Kreis has its row, and nothing else.
    assert_eq!(table[0].per_provider.len(), 4);
    assert_eq!(table[0].per_area.len(), 11);
}

#[test]
fn a_rule_set_that_drops_a_provider_cases_still_name_is_refused() {
    let data = a_year_in_the_kreis();
    let mut without_ib = kreis();
    without_ib.providers.retain(|p| p.id.as_str() != "ib");
    for version in &mut without_ib.versions {
        for assignment in &mut version.assignments {
            if assignment.provider.as_str() == "ib" {
                assignment.provider = ProviderId::new("awo");
            }
        }
    }
    without_ib.revision += 1;
    assert_eq!(without_ib.validate(), Ok(()));
    let after = Dataset {
        rules: without_ib,
        ..data.clone()
    };
    assert!(exchange::check_records(&data, &after).is_err());
}

#[test]
fn dated_scopes_are_checked() {
    let mut rules = kreis();
    // An assignment for a town outside the Kreis's KIM in that version.
    rules.versions[2]
        .assignments
        .push(kim::domain::rules::Assignment {
            area: AreaId::new("grundau"),
            provider: ProviderId::new("drk"),
            posts: None,
        });
    assert!(matches!(
        rules.validate(),
        Err(kim::domain::rules::RuleSetError::AreaOutsideMunicipality { .. })
    ));
    let mut twice = kreis();
    let scope = twice.versions[2].scopes[0].clone();
    twice.versions[2].scopes.push(scope);
    assert!(matches!(
        twice.validate(),
        Err(kim::domain::rules::RuleSetError::AreaScopedTwice { .. })
    ));
    let mut unknown = kreis();
    unknown.versions[2].scopes[0].area = AreaId::new("atlantis");
    assert!(matches!(
        unknown.validate(),
        Err(kim::domain::rules::RuleSetError::UnknownArea { .. })
    ));
    assert!(RuleSet::none().is_none());
    assert!(RuleSet::none().validate().is_err());
    assert!(!kreis().is_none());
}

/// Issue 27: the "seit" of an intake reason is the first day of the unbroken run of versions in
/// which the town had that provider, not the first day of the version in force.
#[test]
fn a_provider_holds_a_town_since_the_start_of_its_unbroken_run_of_versions() {
    // Two more versions: from 2026 Bergheim (AWO in 2023 and 2024, IB in 2025) goes back to
    // AWO; from 2027 Grundau (DRK until 2024, its own KIM from 2025) is served here again, by
    // DRK. Every other town stays as it was.
    let kreis = kreis();
    let mut back_to_awo = kreis.versions[2].clone();
    back_to_awo.valid_from = d(2026, 1, 1);
    back_to_awo.valid_until = None;
    let bergheim = back_to_awo
        .assignments
        .iter_mut()
        .find(|a| a.area.as_str() == "bergheim")
        .unwrap();
    bergheim.provider = ProviderId::new("awo");
    let mut grundau_again = back_to_awo.clone();
    grundau_again.valid_from = d(2027, 1, 1);
    grundau_again.scopes.clear();
    grundau_again
        .assignments
        .push(kim::domain::rules::Assignment {
            area: AreaId::new("grundau"),
            provider: ProviderId::new("drk"),
            posts: None,
        });
    let rules = kreis
        .with_new_version(back_to_awo)
        .and_then(|rules| rules.with_new_version(grundau_again))
        .unwrap();
    let since = |area: &str, date| {
        let assessment = assess(&rules, &complex(date, area)).unwrap();
        let reason = assessment.reasons.iter().find_map(|reason| match reason {
            Reason::ProviderAssigned {
                provider, since, ..
            } => Some((provider.as_str().to_owned(), *since)),
            _ => None,
        });
        assert_eq!(
            reason.as_ref().map(|(_, since)| *since),
            rules.assigned_since(&AreaId::new(area), date)
        );
        reason
    };
    let held = |provider: &str, since| Some((provider.to_owned(), since));
    // Altenau: Diakonie in every version; the changes of other towns in 2024, 2025, 2026 and
    // 2027 do not move its date.
    for date in [
        d(2023, 1, 1),
        d(2023, 12, 31),
        d(2024, 1, 1),
        d(2025, 6, 1),
        d(2026, 1, 1),
        d(2027, 3, 1),
    ] {
        assert_eq!(
            since("altenau", date),
            held("diakonie", d(2023, 1, 1)),
            "{date}"
        );
    }
    // Dornfeld: DRK in 2023, then IB without a break from 2024.
    assert_eq!(since("dornfeld", d(2023, 6, 1)), held("drk", d(2023, 1, 1)));
    for date in [d(2024, 1, 1), d(2025, 1, 1), d(2026, 6, 1), d(2027, 1, 1)] {
        assert_eq!(since("dornfeld", date), held("ib", d(2024, 1, 1)), "{date}");
    }
    // Bergheim: AWO, lost to IB in 2025, AWO again from 2026: since the latest run began.
    assert_eq!(
        since("bergheim", d(2024, 12, 31)),
        held("awo", d(2023, 1, 1))
    );
    assert_eq!(since("bergheim", d(2025, 1, 1)), held("ib", d(2025, 1, 1)));
    assert_eq!(since("bergheim", d(2026, 1, 1)), held("awo", d(2026, 1, 1)));
    assert_eq!(since("bergheim", d(2027, 1, 1)), held("awo", d(2026, 1, 1)));
    // Grundau: DRK until 2024, outside the Kreis's KIM in 2025 and 2026 (no provider, no
    // date), DRK again from 2027: the years outside end the run.
    assert_eq!(
        since("grundau", d(2024, 12, 31)),
        held("drk", d(2023, 1, 1))
    );
    assert_eq!(since("grundau", d(2026, 6, 1)), None);
    assert_eq!(since("grundau", d(2027, 1, 1)), held("drk", d(2027, 1, 1)));
    // Before the first version nobody is responsible.
    assert_eq!(since("altenau", d(2022, 12, 31)), None);
}
