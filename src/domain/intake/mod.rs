//! The intake check (*Aufnahmeprüfung*): from the answers of a short form to exactly one
//! decision, with every rule that fired as a reason.
//!
//! Precedence of the decision (the reasons list every rule evaluated, in this order):
//! 1. no rule version in force on the date → [`Decision::NoRule`] (never guess);
//! 2. the person lives outside the municipality → [`Decision::NotResponsible`];
//! 3. the version in force names no provider for the area → [`Decision::NoRule`];
//! 4. already counselled by another service → [`Decision::CounselledElsewhere`] (no double
//!    counselling; the services coordinate);
//! 5. not complex (too few distinct life areas or parties) → [`Decision::NotComplex`], with the
//!    services suited to ordinary counselling;
//! 6. no consent → [`Decision::NoConsent`];
//! 7. otherwise → [`Decision::Admit`] with the provider the rules name.
//!
//! Admission against the suggestion (professional judgement) is allowed only for a "not
//! complex" or "counselled elsewhere" decision, with consent and a responsible provider: the
//! offer is voluntary, so no consent means no admission, and without a provider in Rheine there
//! is nobody to admit.
//!
//! A decision without admission may be counted as a short contact; which outcome it counts
//! under is rule data, read by [`contact_outcome_for`] (in `contact_outcome.rs`).
//!
//! **This device's provider.** [`assess`] decides for the municipality; [`assess_for_device`]
//! applies one more rule for a device that works for one provider: a person the rules give to
//! *another* provider is not admitted here but referred to that provider
//! ([`Decision::OtherProvider`], counted as a short contact under the rule set's
//! `not_responsible` outcome), and no admission against the suggestion is offered for them
//! either. The coordinating office's device (and one whose provider is not yet chosen) admits
//! for whichever provider the rules name, as before.
//!
//! **One check, one case.** Every intake check gets a random [`IntakeId`] when it starts (the
//! page draws it, like every record id); the admission records it, and
//! [`crate::domain::Dataset::admit`] refuses a second admission from the same check, so a
//! double click, Enter pressed twice or a second press after success never creates a second
//! case.

use crate::domain::ids::*;
use crate::domain::rules::{AreaScope, AssignmentError, RuleSet, Thresholds};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

mod contact_outcome;
pub use contact_outcome::contact_outcome_for;

/// The id of one intake check (*Aufnahmeprüfung*), drawn when the check starts and recorded
/// with the admission it leads to ([`crate::domain::case::Admission::intake`]).
///
/// Built from 64 random bits supplied by the caller ([`IntakeId::from_random`]), rendered as
/// 16 lowercase hex digits. Read from a stored document or a file it is taken as written, like
/// a [`RecordId`]: it is only ever compared.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IntakeId(String);

impl IntakeId {
    /// Builds an id from random bits supplied by the caller.
    pub fn from_random(bits: u64) -> Self {
        Self(format!("{bits:016x}"))
    }

    /// An id as a stored document or a file wrote it: taken as written.
    pub fn as_written(text: String) -> Self {
        Self(text)
    }

    /// The id as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IntakeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The answers of the intake form.
#[derive(Clone, Debug, PartialEq)]
pub struct IntakeInput {
    pub date: NaiveDate,
    pub area: AreaId,
    pub problems: Vec<ProblemId>,
    pub parties: Vec<PartyId>,
    /// `None` when the person is counselled by no other service.
    pub counselled_by: Option<ServiceId>,
    pub way_in: WayInId,
    pub consent: bool,
}

/// Why no rule could decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoRuleKind {
    /// No rule version is in force on the date.
    NoRuleOnDate,
    /// The version in force names no provider for the area.
    NoAssignmentForArea,
}

/// The one decision of an intake check.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    /// Admit into KIM case management; this provider is responsible.
    Admit { provider: ProviderId },
    /// Not a complex case: suggest these counselling services.
    NotComplex { suggested: Vec<ServiceId> },
    /// Already counselled by this service: no parallel admission.
    CounselledElsewhere { service: ServiceId },
    /// Lives in an area not served here on the intake date: refer to the case management
    /// there ([`crate::domain::rules::Area::referral`] names it).
    NotResponsible { area: AreaId, scope: AreaScope },
    /// No consent to voluntary participation.
    NoConsent,
    /// No rule decides; the app does not guess.
    NoRule(NoRuleKind),
    /// The rules give the person to another provider than the one this device works for:
    /// refer them there (*Weitervermittlung*), do not admit here ([`assess_for_device`]).
    OtherProvider { provider: ProviderId },
}

/// A rule that was evaluated, with its facts.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    RulesInForce {
        valid_from: NaiveDate,
        valid_until: Option<NaiveDate>,
    },
    NoRuleOnDate {
        date: NaiveDate,
    },
    OutsideMunicipality {
        area: AreaId,
        scope: AreaScope,
    },
    NoAssignmentForArea {
        area: AreaId,
    },
    /// `provider` is responsible for `area`, and has been without a break `since` that day
    /// ([`RuleSet::assigned_since`]), which is not necessarily the start of the version in
    /// force: a version that changes other areas does not change it.
    ProviderAssigned {
        area: AreaId,
        provider: ProviderId,
        since: NaiveDate,
    },
    Complex {
        life_areas: u32,
        parties: u32,
        thresholds: Thresholds,
    },
    TooFewLifeAreas {
        found: u32,
        required: u32,
    },
    TooFewParties {
        found: u32,
        required: u32,
    },
    CounselledElsewhere {
        service: ServiceId,
    },
    NotCounselledElsewhere,
    NoConsent,
    ConsentGiven,
    /// The provider the rules name is not the one this device works for.
    OtherProviderResponsible {
        responsible: ProviderId,
        own: ProviderId,
    },
}

/// The decision, its reasons and what the UI may offer.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    pub decision: Decision,
    pub reasons: Vec<Reason>,
    /// The provider the rules name for the area on the date, if any.
    pub provider: Option<ProviderId>,
    /// Whether admission against the suggestion may be offered.
    pub override_allowed: bool,
    /// The distinct life areas of the chosen problems.
    pub life_areas: Vec<LifeAreaId>,
}

/// An answer that the rule set does not know.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IntakeError {
    /// The area is not in the rule set.
    #[error("unknown area {0}")]
    UnknownArea(AreaId),
    /// A problem is not in the rule set.
    #[error("unknown problem {0}")]
    UnknownProblem(ProblemId),
    /// A party is not in the rule set.
    #[error("unknown party {0}")]
    UnknownParty(PartyId),
    /// The service is not in the rule set.
    #[error("unknown service {0}")]
    UnknownService(ServiceId),
    /// The way in is not in the rule set.
    #[error("unknown way in {0}")]
    UnknownWayIn(WayInId),
}

/// Applies the rules in force on `input.date` to the answers.
pub fn assess(rules: &RuleSet, input: &IntakeInput) -> Result<Assessment, IntakeError> {
    let area = rules
        .area(&input.area)
        .ok_or_else(|| IntakeError::UnknownArea(input.area.clone()))?;
    let mut life_areas = BTreeSet::new();
    for id in &input.problems {
        let problem = rules
            .problem(id)
            .ok_or_else(|| IntakeError::UnknownProblem(id.clone()))?;
        life_areas.insert(problem.life_area.clone());
    }
    let mut parties = BTreeSet::new();
    for id in &input.parties {
        rules
            .party(id)
            .ok_or_else(|| IntakeError::UnknownParty(id.clone()))?;
        parties.insert(id);
    }
    if let Some(service) = &input.counselled_by {
        rules
            .service(service)
            .ok_or_else(|| IntakeError::UnknownService(service.clone()))?;
    }
    rules
        .way_in(&input.way_in)
        .ok_or_else(|| IntakeError::UnknownWayIn(input.way_in.clone()))?;

    let mut reasons = Vec::new();
    let mut decision = None;
    let version = rules.version_on(input.date);
    match version {
        Some(v) => reasons.push(Reason::RulesInForce {
            valid_from: v.valid_from,
            valid_until: v.valid_until,
        }),
        None => {
            reasons.push(Reason::NoRuleOnDate { date: input.date });
            decision = Some(Decision::NoRule(NoRuleKind::NoRuleOnDate));
        }
    }
    let provider = match rules.provider_for(&area.id, input.date) {
        Ok(provider) => {
            reasons.push(Reason::ProviderAssigned {
                area: area.id.clone(),
                provider: provider.id.clone(),
                since: rules
                    .assigned_since(&area.id, input.date)
                    .unwrap_or(input.date),
            });
            Some(provider.id.clone())
        }
        Err(AssignmentError::OutsideMunicipality { scope }) => {
            reasons.push(Reason::OutsideMunicipality {
                area: area.id.clone(),
                scope,
            });
            decision.get_or_insert(Decision::NotResponsible {
                area: area.id.clone(),
                scope,
            });
            None
        }
        Err(AssignmentError::NoAssignmentForArea { .. }) => {
            reasons.push(Reason::NoAssignmentForArea {
                area: area.id.clone(),
            });
            decision.get_or_insert(Decision::NoRule(NoRuleKind::NoAssignmentForArea));
            None
        }
        Err(AssignmentError::NoRuleOnDate { .. } | AssignmentError::UnknownArea) => None,
    };
    match &input.counselled_by {
        Some(service) => {
            reasons.push(Reason::CounselledElsewhere {
                service: service.clone(),
            });
            decision.get_or_insert(Decision::CounselledElsewhere {
                service: service.clone(),
            });
        }
        None => reasons.push(Reason::NotCounselledElsewhere),
    }
    // Thresholds of the version in force; without one, the most recent version's, so the
    // explanation still says whether the case is complex.
    let thresholds = version
        .or(rules.versions.last())
        .map(|v| v.thresholds)
        .unwrap_or(Thresholds {
            min_life_areas: 2,
            min_parties: 2,
        });
    let found_areas = u32::try_from(life_areas.len()).unwrap_or(u32::MAX);
    let found_parties = u32::try_from(parties.len()).unwrap_or(u32::MAX);
    let complex =
        found_areas >= thresholds.min_life_areas && found_parties >= thresholds.min_parties;
    if complex {
        reasons.push(Reason::Complex {
            life_areas: found_areas,
            parties: found_parties,
            thresholds,
        });
    } else {
        if found_areas < thresholds.min_life_areas {
            reasons.push(Reason::TooFewLifeAreas {
                found: found_areas,
                required: thresholds.min_life_areas,
            });
        }
        if found_parties < thresholds.min_parties {
            reasons.push(Reason::TooFewParties {
                found: found_parties,
                required: thresholds.min_parties,
            });
        }
        decision.get_or_insert_with(|| Decision::NotComplex {
            suggested: rules
                .services
                .iter()
                .filter(|s| s.suggested_for_simple_cases)
                .map(|s| s.id.clone())
                .collect(),
        });
    }
    if input.consent {
        reasons.push(Reason::ConsentGiven);
    } else {
        reasons.push(Reason::NoConsent);
        decision.get_or_insert(Decision::NoConsent);
    }
    // Every way to have no provider has set a decision above; should a rule set ever reach
    // here without one, the app still does not guess.
    let decision = match (decision, &provider) {
        (Some(decision), _) => decision,
        (None, Some(provider)) => Decision::Admit {
            provider: provider.clone(),
        },
        (None, None) => Decision::NoRule(NoRuleKind::NoAssignmentForArea),
    };
    let override_allowed = matches!(
        decision,
        Decision::NotComplex { .. } | Decision::CounselledElsewhere { .. }
    ) && input.consent
        && provider.is_some();
    Ok(Assessment {
        decision,
        reasons,
        provider,
        override_allowed,
        life_areas: life_areas.into_iter().collect(),
    })
}

/// [`assess`] as seen from a device that works for `own` (`None`: the coordinating office, or
/// no provider chosen yet). When the rules name another provider than `own`, an admission
/// becomes [`Decision::OtherProvider`] (a referral to that provider), admission against the
/// suggestion is not offered, and [`Reason::OtherProviderResponsible`] says why. Every other
/// decision stays as it is: a case that is not complex is not complex wherever it is asked.
pub fn assess_for_device(
    rules: &RuleSet,
    input: &IntakeInput,
    own: Option<&ProviderId>,
) -> Result<Assessment, IntakeError> {
    let mut assessment = assess(rules, input)?;
    let (Some(own), Some(responsible)) = (own, assessment.provider.clone()) else {
        return Ok(assessment);
    };
    if &responsible == own {
        return Ok(assessment);
    }
    assessment.override_allowed = false;
    if matches!(assessment.decision, Decision::Admit { .. }) {
        assessment.decision = Decision::OtherProvider {
            provider: responsible.clone(),
        };
    }
    assessment.reasons.push(Reason::OtherProviderResponsible {
        responsible,
        own: own.clone(),
    });
    Ok(assessment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::RuleVersion;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn complex(date: NaiveDate, area: &str) -> IntakeInput {
        IntakeInput {
            date,
            area: AreaId::new(area),
            problems: vec!["rent-debts".into(), "school-problems".into()],
            parties: vec!["jobcenter".into(), "abh".into()],
            counselled_by: None,
            way_in: "self".into(),
            consent: true,
        }
    }

    fn decide(input: &IntakeInput) -> Decision {
        assess(&RuleSet::default_rheine(), input).unwrap().decision
    }

    fn admit(provider: &str) -> Decision {
        Decision::Admit {
            provider: ProviderId::new(provider),
        }
    }

    #[test]
    fn every_branch_and_date_boundary() {
        let table: Vec<(IntakeInput, Decision)> = vec![
            (complex(d(2022, 6, 30), "links"), admit("lernen-foerdern")),
            (complex(d(2022, 6, 30), "rechts"), admit("lernen-foerdern")),
            (complex(d(2022, 7, 1), "links"), admit("caritas")),
            (complex(d(2022, 7, 1), "rechts"), admit("lernen-foerdern")),
            (complex(d(2021, 9, 1), "links"), admit("lernen-foerdern")),
            (
                complex(d(2021, 8, 31), "links"),
                Decision::NoRule(NoRuleKind::NoRuleOnDate),
            ),
            (
                complex(d(2023, 1, 1), "kreis"),
                Decision::NotResponsible {
                    area: AreaId::new("kreis"),
                    scope: AreaScope::District,
                },
            ),
            (
                complex(d(2023, 1, 1), "elsewhere"),
                Decision::NotResponsible {
                    area: AreaId::new("elsewhere"),
                    scope: AreaScope::Elsewhere,
                },
            ),
            (
                IntakeInput {
                    counselled_by: Some("mbe".into()),
                    ..complex(d(2023, 1, 1), "links")
                },
                Decision::CounselledElsewhere {
                    service: "mbe".into(),
                },
            ),
            (
                IntakeInput {
                    problems: vec!["rent-debts".into(), "housing-search".into()],
                    ..complex(d(2023, 1, 1), "links")
                },
                Decision::NotComplex {
                    suggested: vec!["city-team".into(), "mbe".into()],
                },
            ),
            (
                IntakeInput {
                    parties: vec!["jobcenter".into(), "jobcenter".into()],
                    ..complex(d(2023, 1, 1), "links")
                },
                Decision::NotComplex {
                    suggested: vec!["city-team".into(), "mbe".into()],
                },
            ),
            (
                IntakeInput {
                    consent: false,
                    ..complex(d(2023, 1, 1), "links")
                },
                Decision::NoConsent,
            ),
        ];
        for (input, expected) in table {
            assert_eq!(decide(&input), expected, "{input:?}");
        }
    }

    #[test]
    fn thresholds_come_from_the_version_in_force() {
        let rules = RuleSet::default_rheine()
            .with_new_version(RuleVersion {
                valid_from: d(2024, 1, 1),
                valid_until: None,
                assignments: RuleSet::default_rheine().versions[1].assignments.clone(),
                thresholds: Thresholds {
                    min_life_areas: 3,
                    min_parties: 2,
                },
                scopes: Vec::new(),
                posts: Vec::new(),
                review: None,
            })
            .unwrap();
        let before = assess(&rules, &complex(d(2023, 12, 31), "links")).unwrap();
        assert_eq!(before.decision, admit("caritas"));
        let after = assess(&rules, &complex(d(2024, 1, 1), "links")).unwrap();
        assert!(matches!(after.decision, Decision::NotComplex { .. }));
        assert!(after.reasons.contains(&Reason::TooFewLifeAreas {
            found: 2,
            required: 3
        }));
        assert!(after.override_allowed);
    }

    #[test]
    fn override_only_with_consent_and_provider() {
        let rules = RuleSet::default_rheine();
        let simple = IntakeInput {
            parties: vec![],
            ..complex(d(2023, 1, 1), "links")
        };
        assert!(assess(&rules, &simple).unwrap().override_allowed);
        let no_consent = IntakeInput {
            consent: false,
            ..simple.clone()
        };
        assert!(!assess(&rules, &no_consent).unwrap().override_allowed);
        let outside = IntakeInput {
            area: "kreis".into(),
            ..simple
        };
        assert!(!assess(&rules, &outside).unwrap().override_allowed);
    }

    #[test]
    fn unknown_answers_are_errors() {
        let input = IntakeInput {
            problems: vec!["nonsense".into()],
            ..complex(d(2023, 1, 1), "links")
        };
        assert!(matches!(
            assess(&RuleSet::default_rheine(), &input),
            Err(IntakeError::UnknownProblem(_))
        ));
    }

    #[test]
    fn a_providers_device_refers_what_the_rules_give_to_the_other_provider() {
        let rules = RuleSet::default_rheine();
        let caritas = ProviderId::new("caritas");
        let lernen = ProviderId::new("lernen-foerdern");
        let date = d(2023, 1, 1);
        // Left of the Ems is Caritas's: admitted on Caritas's device and the office's.
        for own in [Some(&caritas), None] {
            let here = assess_for_device(&rules, &complex(date, "links"), own).unwrap();
            assert_eq!(here.decision, admit("caritas"));
            assert!(!here
                .reasons
                .iter()
                .any(|r| matches!(r, Reason::OtherProviderResponsible { .. })));
        }
        // On Lernen fördern's device the same person is referred to Caritas.
        let there = assess_for_device(&rules, &complex(date, "links"), Some(&lernen)).unwrap();
        assert_eq!(
            there.decision,
            Decision::OtherProvider {
                provider: caritas.clone()
            }
        );
        assert_eq!(there.provider, Some(caritas.clone()));
        assert!(there.reasons.contains(&Reason::OtherProviderResponsible {
            responsible: caritas.clone(),
            own: lernen.clone(),
        }));
        // Not complex in the other provider's area: still not complex, but no admission
        // against the suggestion on this device.
        let simple = IntakeInput {
            parties: vec![],
            ..complex(date, "links")
        };
        let there = assess_for_device(&rules, &simple, Some(&lernen)).unwrap();
        assert!(matches!(there.decision, Decision::NotComplex { .. }));
        assert!(!there.override_allowed);
        assert!(
            assess_for_device(&rules, &simple, Some(&caritas))
                .unwrap()
                .override_allowed
        );
        // Outside the municipality nobody here is responsible: nothing changes.
        let outside = complex(date, "kreis");
        assert_eq!(
            assess_for_device(&rules, &outside, Some(&lernen)).unwrap(),
            assess(&rules, &outside).unwrap()
        );
    }

    #[test]
    fn intake_ids_are_hex_and_read_back_as_written() {
        let id = IntakeId::from_random(0xabc);
        assert_eq!(id.as_str(), "0000000000000abc");
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"0000000000000abc\"");
        assert_eq!(
            serde_json::from_str::<IntakeId>("\"any\"")
                .unwrap()
                .as_str(),
            "any"
        );
    }

    fn arbitrary_input() -> impl Strategy<Value = IntakeInput> {
        let rules = RuleSet::default_rheine();
        let areas: Vec<AreaId> = rules.areas.iter().map(|a| a.id.clone()).collect();
        let problems: Vec<ProblemId> = rules.problems.iter().map(|p| p.id.clone()).collect();
        let parties: Vec<PartyId> = rules.parties.iter().map(|p| p.id.clone()).collect();
        let services: Vec<ServiceId> = rules.services.iter().map(|s| s.id.clone()).collect();
        let ways: Vec<WayInId> = rules.ways_in.iter().map(|w| w.id.clone()).collect();
        (
            0i64..(6 * 366),
            proptest::sample::select(areas),
            proptest::sample::subsequence(problems.clone(), 0..=problems.len()),
            proptest::sample::subsequence(parties.clone(), 0..=parties.len()),
            proptest::option::of(proptest::sample::select(services)),
            proptest::sample::select(ways),
            any::<bool>(),
        )
            .prop_map(
                |(days, area, problems, parties, counselled_by, way_in, consent)| IntakeInput {
                    date: d(2020, 1, 1) + chrono::Duration::days(days),
                    area,
                    problems,
                    parties,
                    counselled_by,
                    way_in,
                    consent,
                },
            )
    }

    proptest! {
        #[test]
        fn every_input_gets_one_decision_with_reasons(input in arbitrary_input()) {
            let rules = RuleSet::default_rheine();
            let assessment = assess(&rules, &input).unwrap();
            prop_assert!(!assessment.reasons.is_empty());
            let provider = rules.provider_for(&input.area, input.date).ok().map(|p| p.id.clone());
            let life_areas: BTreeSet<_> = input.problems.iter().map(|p| rules.problem(p).unwrap().life_area.clone()).collect();
            let parties: BTreeSet<_> = input.parties.iter().collect();
            let should_admit = provider.is_some()
                && input.counselled_by.is_none()
                && life_areas.len() >= 2
                && parties.len() >= 2
                && input.consent;
            prop_assert_eq!(matches!(assessment.decision, Decision::Admit { .. }), should_admit);
            if let Decision::Admit { provider: admitted } = &assessment.decision {
                prop_assert_eq!(Some(admitted.clone()), provider);
            }
        }
    }
}
