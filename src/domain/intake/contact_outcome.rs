//! Which short-contact outcome (*Verweis / Ergebnis*) an intake decision without admission
//! counts under, read from the rule set (never written into code: another municipality's rule
//! set has other outcome ids, and a contact counted under an id its rule set lacks would make
//! every export unimportable).
//!
//! The mapping (see [`crate::domain::rules`]):
//! - not complex → the outcome of the first suggested service that names one;
//! - counselled elsewhere → the outcome of that service;
//! - not responsible, no consent, no rule → [`RuleSet::decision_outcomes`];
//! - another provider is responsible ([`Decision::OtherProvider`], on a provider's device) →
//!   the `not_responsible` outcome as well: this provider is not responsible, and the person
//!   is referred to the case management of the other provider's area.
//!
//! Where the rule set maps nothing (a rule set written before the mapping existed, or one that
//! leaves a decision out), the answer is `None` and the page asks the user; it never guesses.

use super::Decision;
use crate::domain::ids::*;
use crate::domain::rules::{label_of, RuleSet};

/// The short-contact outcome `decision` counts under by `rules`: `None` for an admission, and
/// when the rule set maps nothing for it. An outcome the rule set names but its
/// `contact_outcomes` lacks (possible only in a rule set never validated) maps nothing either.
pub fn contact_outcome_for(decision: &Decision, rules: &RuleSet) -> Option<OutcomeId> {
    let of_service = |id: &ServiceId| {
        rules
            .service(id)
            .and_then(|service| service.contact_outcome.as_ref())
    };
    let mapped = &rules.decision_outcomes;
    let outcome = match decision {
        Decision::Admit { .. } => None,
        Decision::NotComplex { suggested } => suggested.iter().find_map(of_service),
        Decision::CounselledElsewhere { service } => of_service(service),
        Decision::NotResponsible { .. } | Decision::OtherProvider { .. } => {
            mapped.not_responsible.as_ref()
        }
        Decision::NoConsent => mapped.no_consent.as_ref(),
        Decision::NoRule(_) => mapped.no_rule.as_ref(),
    }?;
    label_of(&rules.contact_outcomes, outcome).map(|_| outcome.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::{assess, IntakeInput, NoRuleKind};
    use crate::domain::rules::{AreaScope, DecisionOutcomes};
    use crate::domain::test_rules::other_municipality;
    use chrono::NaiveDate;

    fn outcome(decision: &Decision, rules: &RuleSet) -> Option<String> {
        contact_outcome_for(decision, rules).map(|o| o.as_str().to_owned())
    }

    fn counselled_by(service: &str) -> Decision {
        Decision::CounselledElsewhere {
            service: ServiceId::new(service),
        }
    }

    fn not_complex(suggested: &[&str]) -> Decision {
        Decision::NotComplex {
            suggested: suggested.iter().map(|s| ServiceId::new(*s)).collect(),
        }
    }

    /// Rheine's rule set maps every decision as the intake page did before the mapping was
    /// data: not complex → city team; counselled by city team / MBE / JMD → the same; by the
    /// other provider's case management → another area's case management; by any other
    /// service → a specialised service; not responsible → another area's case management;
    /// no consent or no rule → other.
    #[test]
    fn rheine_maps_every_decision_as_before() {
        let rules = RuleSet::default_rheine();
        let suggested: Vec<ServiceId> = rules
            .services
            .iter()
            .filter(|s| s.suggested_for_simple_cases)
            .map(|s| s.id.clone())
            .collect();
        let table = [
            (
                Decision::Admit {
                    provider: ProviderId::new("caritas"),
                },
                None,
            ),
            (Decision::NotComplex { suggested }, Some("city-team")),
            (not_complex(&["mbe", "city-team"]), Some("mbe")),
            (counselled_by("city-team"), Some("city-team")),
            (counselled_by("mbe"), Some("mbe")),
            (counselled_by("jmd"), Some("jmd")),
            (counselled_by("other-cm"), Some("other-area-cm")),
            (counselled_by("other"), Some("specialised")),
            (
                Decision::NotResponsible {
                    area: AreaId::new("kreis"),
                    scope: AreaScope::District,
                },
                Some("other-area-cm"),
            ),
            (
                Decision::NotResponsible {
                    area: AreaId::new("elsewhere"),
                    scope: AreaScope::Elsewhere,
                },
                Some("other-area-cm"),
            ),
            (Decision::NoConsent, Some("other")),
            (Decision::NoRule(NoRuleKind::NoRuleOnDate), Some("other")),
            (
                Decision::NoRule(NoRuleKind::NoAssignmentForArea),
                Some("other"),
            ),
            (
                Decision::OtherProvider {
                    provider: ProviderId::new("lernen-foerdern"),
                },
                Some("other-area-cm"),
            ),
        ];
        for (decision, expected) in table {
            assert_eq!(
                outcome(&decision, &rules).as_deref(),
                expected,
                "{decision:?}"
            );
        }
    }

    #[test]
    fn a_not_complex_intake_in_rheine_counts_for_the_city_team() {
        let rules = RuleSet::default_rheine();
        let input = IntakeInput {
            date: NaiveDate::from_ymd_opt(2023, 3, 1).unwrap(),
            area: AreaId::new("rechts"),
            problems: vec![ProblemId::new("rent-debts")],
            parties: vec![PartyId::new("jobcenter")],
            counselled_by: None,
            way_in: WayInId::new("self"),
            consent: true,
        };
        let decision = assess(&rules, &input).unwrap().decision;
        assert!(matches!(decision, Decision::NotComplex { .. }));
        assert_eq!(outcome(&decision, &rules).as_deref(), Some("city-team"));
    }

    #[test]
    fn another_municipality_maps_by_its_own_ids() {
        let rules = other_municipality();
        // The first suggested service maps nothing; the next one does.
        let suggested: Vec<ServiceId> = rules
            .services
            .iter()
            .filter(|s| s.suggested_for_simple_cases)
            .map(|s| s.id.clone())
            .collect();
        assert_eq!(suggested[0].as_str(), "buergerbuero");
        let table = [
            (Decision::NotComplex { suggested }, Some("weiter-mbe")),
            (not_complex(&["buergerbuero"]), None),
            (not_complex(&[]), None),
            (counselled_by("fachstelle"), Some("weiter-fach")),
            (counselled_by("diakonie-mbe"), Some("weiter-mbe")),
            (counselled_by("jugend"), None),
            // Rheine's ids mean nothing here.
            (counselled_by("city-team"), None),
            (
                Decision::NotResponsible {
                    area: AreaId::new("kreis"),
                    scope: AreaScope::District,
                },
                Some("nachbarkommune"),
            ),
            (Decision::NoConsent, Some("ohne")),
            (
                Decision::OtherProvider {
                    provider: ProviderId::new("awo"),
                },
                Some("nachbarkommune"),
            ),
            (Decision::NoRule(NoRuleKind::NoRuleOnDate), None),
            (
                Decision::Admit {
                    provider: ProviderId::new("awo"),
                },
                None,
            ),
        ];
        for (decision, expected) in table {
            let found = outcome(&decision, &rules);
            assert_eq!(found.as_deref(), expected, "{decision:?}");
            if let Some(found) = found {
                assert!(rules
                    .contact_outcomes
                    .iter()
                    .any(|o| o.id.as_str() == found));
            }
        }
    }

    #[test]
    fn a_rule_set_without_the_mapping_maps_nothing() {
        let mut rules = RuleSet::default_rheine();
        rules.decision_outcomes = DecisionOutcomes::default();
        for service in &mut rules.services {
            service.contact_outcome = None;
        }
        for decision in [
            not_complex(&["city-team", "mbe"]),
            counselled_by("mbe"),
            Decision::NotResponsible {
                area: AreaId::new("elsewhere"),
                scope: AreaScope::Elsewhere,
            },
            Decision::NoConsent,
            Decision::NoRule(NoRuleKind::NoRuleOnDate),
            Decision::OtherProvider {
                provider: ProviderId::new("caritas"),
            },
        ] {
            assert_eq!(outcome(&decision, &rules), None, "{decision:?}");
        }
    }

    #[test]
    fn an_outcome_missing_from_the_catalogue_maps_nothing() {
        // Only a rule set that was never validated can hold one; it still must not be counted.
        let mut rules = RuleSet::default_rheine();
        rules.contact_outcomes.retain(|o| o.id.as_str() != "mbe");
        assert_eq!(outcome(&counselled_by("mbe"), &rules), None);
        assert_eq!(outcome(&counselled_by("unknown"), &rules), None);
    }
}
