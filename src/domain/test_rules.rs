//! A rule set of another municipality for tests: different providers, services and short-contact
//! outcomes than Rheine's, so a test shows that nothing depends on Rheine's slugs.

use crate::domain::ids::*;
use crate::domain::rules::{DecisionOutcomes, Labelled, Provider, RuleSet, Service};

fn service(id: &str, label: &str, suggested: bool, outcome: Option<&str>) -> Service {
    Service {
        id: ServiceId::new(id),
        label: label.into(),
        suggested_for_simple_cases: suggested,
        contact_outcome: outcome.map(OutcomeId::new),
    }
}

/// "Musterstadt": one provider (`awo`); the first service suggested for simple cases maps to
/// no outcome, the second does; `jugend` maps to none; no rule maps to none.
pub(crate) fn other_municipality() -> RuleSet {
    let mut rules = RuleSet::default_rheine();
    rules.municipality = "Musterstadt".into();
    rules.providers = vec![Provider {
        id: ProviderId::new("awo"),
        name: "AWO Kreisverband Musterstadt e. V.".into(),
        short_name: "AWO".into(),
    }];
    for version in &mut rules.versions {
        for assignment in &mut version.assignments {
            assignment.provider = ProviderId::new("awo");
        }
        for posts in &mut version.posts {
            posts.provider = ProviderId::new("awo");
        }
    }
    rules.services = vec![
        service("buergerbuero", "Bürgerbüro Integration", true, None),
        service(
            "diakonie-mbe",
            "Migrationsberatung der Diakonie",
            true,
            Some("weiter-mbe"),
        ),
        service("fachstelle", "Fachstelle", false, Some("weiter-fach")),
        service("jugend", "Jugendberatung", false, None),
    ];
    rules.contact_outcomes = [
        ("weiter-mbe", "an die Migrationsberatung weitergeleitet"),
        ("weiter-fach", "an eine Fachstelle weitergeleitet"),
        ("nachbarkommune", "an die Nachbarkommune verwiesen"),
        ("ohne", "ohne Weiterleitung"),
    ]
    .into_iter()
    .map(|(id, label)| Labelled {
        id: OutcomeId::new(id),
        label: label.into(),
    })
    .collect();
    rules.decision_outcomes = DecisionOutcomes {
        not_responsible: Some(OutcomeId::new("nachbarkommune")),
        no_consent: Some(OutcomeId::new("ohne")),
        no_rule: None,
    };
    rules
        .validate()
        .expect("the other municipality's rule set is valid");
    rules
}
