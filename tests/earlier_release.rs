//! Issue 27: an export written by an earlier release is collected without a question nobody
//! can answer.
//!
//! `tests/fixtures/report/domain-md-export-earlier-release.json` is the report fixture as it
//! stood before the built-in rule set gained the short-contact outcomes (`git show
//! b05fd7c^:tests/fixtures/report/domain-md-export.json`): Rheine's rule set of revision 1
//! without `decision_outcomes` and the services' `contact_outcome`, and handovers without
//! `rule_change`. Its rule set is the same rule set as today's built-in one
//! (`rules::RuleSet::united_with`), so a merge keeps today's, with its mappings, and asks
//! nothing.

use kim::domain::exchange::{self, preview, ImportMode, ImportSummary};
use kim::domain::rules::{differences, RuleSet};
use kim::domain::yearly::YearlyFigures;
use kim::domain::*;

const EARLIER: &str = include_str!("fixtures/report/domain-md-export-earlier-release.json");

fn earlier() -> exchange::ExportFile {
    exchange::parse_import(EARLIER).expect("an earlier release's export is read")
}

/// A device of today's release with the built-in rule set and one record (so a merge does
/// not simply take the file's rule set).
fn device_with_records() -> Dataset {
    Dataset {
        rules: RuleSet::default_rheine(),
        cases: Vec::new(),
        contacts: Vec::new(),
        visits: Vec::new(),
        yearly: vec![YearlyFigures {
            year: 2021,
            residence_permits: Some(59),
            naturalisations: None,
            posts_abh: None,
            posts_ebh: None,
        }],
    }
}

#[test]
fn the_earlier_release_s_rule_set_is_the_built_in_one() {
    let built_in = RuleSet::default_rheine();
    let old = earlier().data.rules;
    // What made the import ask: the same revision, not equal.
    assert_eq!(old.revision, built_in.revision);
    assert_ne!(old, built_in);
    assert!(old.decision_outcomes.is_empty());
    assert!(old.services.iter().all(|s| s.contact_outcome.is_none()));
    // The same rule set, in either order, with nothing to list.
    assert_eq!(old.united_with(&built_in), Some(built_in.clone()));
    assert_eq!(built_in.united_with(&old), Some(built_in.clone()));
    assert_eq!(differences(&built_in, &old), vec![]);
    assert_eq!(differences(&old, &built_in), vec![]);
}

#[test]
fn merging_the_earlier_export_asks_nothing_and_keeps_today_s_mappings() {
    let file = earlier();
    let ours = device_with_records();
    let merged = preview(&ours, &file.data, ImportMode::Merge).expect("no question asked");
    assert_eq!(merged.data.rules, RuleSet::default_rheine());
    let ImportSummary::Merge(summary) = &merged.summary else {
        panic!("a merge");
    };
    assert_eq!(summary.new_cases, 84);
    assert!(!summary.rules_changed);
    // A new device, which takes the file's rule set, takes it with today's mappings too.
    let fresh = Dataset {
        yearly: Vec::new(),
        ..device_with_records()
    };
    let taken = preview(&fresh, &file.data, ImportMode::Merge).unwrap();
    assert_eq!(taken.data.rules, RuleSet::default_rheine());
    // Replacing everything keeps them as well: the file's rule set is the one here.
    let replaced = preview(&ours, &file.data, ImportMode::Replace).unwrap();
    assert_eq!(replaced.data.rules, RuleSet::default_rheine());
    let ImportSummary::Replace(summary) = &replaced.summary else {
        panic!("a replace");
    };
    assert!(!summary.rules_changed);
}

#[test]
fn a_device_still_holding_the_earlier_rule_set_gains_the_mappings_from_a_newer_export() {
    let mut ours = device_with_records();
    ours.rules = earlier().data.rules;
    let newer = exchange::parse_import(include_str!("fixtures/report/domain-md-export.json"))
        .expect("today's fixture is read");
    let merged = preview(&ours, &newer.data, ImportMode::Merge).expect("no question asked");
    assert_eq!(merged.data.rules, RuleSet::default_rheine());
    let ImportSummary::Merge(summary) = &merged.summary else {
        panic!("a merge");
    };
    assert!(summary.rules_changed);
}
