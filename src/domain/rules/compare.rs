//! Two copies of a rule set compared: whether they are the same rule set, and, when they are
//! not, what differs, for the import's question which rule set applies.
//!
//! **Fields an earlier release did not know.** A release that reads a rule set ignores the
//! fields it does not know and writes the rule set back without them; a file that lacks one
//! reads it as its default. So a device still on an earlier release holds the same rule set,
//! of the same revision, without the fields added since: [`LATER_FIELDS`]. Compared with
//! `==`, Rheine's built-in rule set of an export written before the short-contact outcomes
//! existed differed from the built-in rule set of today (same revision 1, no
//! `contact_outcome`), and every import asked a question nobody could answer (issue 27).
//!
//! Decision (docs/decisions/0030-rule-set-revision.md): a later field at its default on one
//! side means "not known there", not "deliberately empty". Two copies are the same rule set
//! when they agree on everything else and on every later field both have;
//! [`RuleSet::united_with`] then gives the copy with each later field taken from whichever side
//! has it. This holds whatever the newer release's built-in values are (Rheine's built-in
//! rule set maps every decision, while a file without the mapping reads as mapping none):
//! the values are taken from the side that has them, never from the serde defaults. The
//! built-in rule set's revision is not raised for new fields: that would not help the
//! devices already set up (their stored copy keeps revision 1) and would make a device's own
//! copy lose against a bare built-in one.
//!
//! The price: a later field deliberately emptied without raising the revision reads as "not
//! known" and the other side's value is kept. Every change the app makes raises the revision,
//! so only a hand-edited file can do this.
//!
//! [`differences`] lists what differs between two copies that are not the same, in the terms
//! a person compares (catalogue entries, versions, mappings); it is empty exactly when
//! [`RuleSet::united_with`] finds them the same (revisions aside).

use super::*;

/// The fields added to the rule-set format after its first release, each optional with a
/// default an older file reads as: `decision_outcomes`, services' `contact_outcome`,
/// `visit_way_in`, `publication_threshold`, areas' `referral` and versions' `scopes`; and for
/// case work (issue 28) `session_forms`, `evaluations`, versions' `posts` and `review`.
pub const LATER_FIELDS: [&str; 10] = [
    "decision_outcomes",
    "services[].contact_outcome",
    "visit_way_in",
    "publication_threshold",
    "areas[].referral",
    "versions[].scopes",
    "session_forms",
    "evaluations",
    "versions[].posts",
    "versions[].review",
];

/// A catalogue of a rule set, for [`RuleSetDifference`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleCatalogue {
    Providers,
    Areas,
    LifeAreas,
    Problems,
    Parties,
    Services,
    WaysIn,
    ContactOutcomes,
    OverrideReasons,
    DeactivationReasons,
    Districts,
    Offers,
    AgeBands,
}

/// How a version that both sides have differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionChange {
    /// Only this side (ours) has a version starting on that day.
    OnlyOurs,
    /// Only the other side (theirs) has one.
    OnlyTheirs,
    /// Both have one, different.
    Differs {
        /// It ends on another day.
        valid_until: bool,
        /// Its thresholds differ.
        thresholds: bool,
        /// Areas given to another provider (or to none, or with other posts), or of another
        /// scope; in the order of our version, then theirs.
        areas: Vec<AreaId>,
        /// The same entries in another order.
        order: bool,
    },
}

/// One difference between our rule set (this device's) and theirs (a file's).
#[derive(Clone, Debug, PartialEq)]
pub enum RuleSetDifference {
    /// The municipality is named differently.
    Municipality { ours: String, theirs: String },
    /// A catalogue entry only one side has (`None` on the other side) or that both have with
    /// different content; `ours` and `theirs` are its label (a provider's name) on each side.
    Entry {
        catalogue: RuleCatalogue,
        id: String,
        ours: Option<String>,
        theirs: Option<String>,
    },
    /// The entries both sides have come in another order (the order in which services are
    /// suggested, say).
    Order(RuleCatalogue),
    /// A version, by its first day.
    Version {
        valid_from: NaiveDate,
        change: VersionChange,
    },
    /// Both map a decision or a service to a short-contact outcome, to different ones.
    OutcomeMapping {
        mapping: OutcomeMapping,
        ours: OutcomeId,
        theirs: OutcomeId,
    },
    /// Both name the way in of a visit's follow-up, different ones.
    VisitWayIn { ours: WayInId, theirs: WayInId },
    /// Both name a publication threshold other than the default, different ones.
    PublicationThreshold { ours: u32, theirs: u32 },
    /// Both have the catalogues of case work (session forms, evaluations) or a version's posts
    /// or review rule, different ones.
    CaseWork,
}

impl RuleSet {
    /// When `self` and `other` are the same rule set (see the module documentation: equal, or
    /// different only in later fields one side lacks), that rule set with every later field
    /// from the side that has it; `None` when they differ ([`differences`] says how) or the
    /// united copy would not validate.
    pub fn united_with(&self, other: &RuleSet) -> Option<RuleSet> {
        let united = self.completed_by(other);
        (united == other.completed_by(self) && united.validate().is_ok()).then_some(united)
    }

    /// A copy in which every later field at its default takes `other`'s value.
    fn completed_by(&self, other: &RuleSet) -> RuleSet {
        let mut out = self.clone();
        for area in &mut out.areas {
            if area.referral.is_none() {
                area.referral = other.area(&area.id).and_then(|a| a.referral.clone());
            }
        }
        for service in &mut out.services {
            if service.contact_outcome.is_none() {
                service.contact_outcome = other
                    .service(&service.id)
                    .and_then(|s| s.contact_outcome.clone());
            }
        }
        let (ours, theirs) = (&mut out.decision_outcomes, &other.decision_outcomes);
        for (ours, theirs) in [
            (&mut ours.not_responsible, &theirs.not_responsible),
            (&mut ours.no_consent, &theirs.no_consent),
            (&mut ours.no_rule, &theirs.no_rule),
        ] {
            if ours.is_none() {
                ours.clone_from(theirs);
            }
        }
        if out.visit_way_in.is_none() {
            out.visit_way_in.clone_from(&other.visit_way_in);
        }
        if out.session_forms.is_empty() {
            out.session_forms.clone_from(&other.session_forms);
        }
        if out.evaluations.is_empty() {
            out.evaluations.clone_from(&other.evaluations);
        }
        if is_default_publication_threshold(&out.publication_threshold) {
            out.publication_threshold = other.publication_threshold;
        }
        for version in &mut out.versions {
            let Some(theirs) = other
                .versions
                .iter()
                .find(|v| v.valid_from == version.valid_from)
            else {
                continue;
            };
            if version.scopes.is_empty() {
                version.scopes.clone_from(&theirs.scopes);
            }
            if version.posts.is_empty() {
                version.posts.clone_from(&theirs.posts);
            }
            if version.review.is_none() {
                version.review.clone_from(&theirs.review);
            }
        }
        out
    }
}

/// What differs between `ours` and `theirs`, revisions aside: catalogues in the order of the
/// rule set (providers, areas, …), then versions by their first day, then mappings. Empty
/// exactly when [`RuleSet::united_with`] finds them the same (for rule sets that validate).
pub fn differences(ours: &RuleSet, theirs: &RuleSet) -> Vec<RuleSetDifference> {
    let mut out = Vec::new();
    if ours.municipality != theirs.municipality {
        out.push(RuleSetDifference::Municipality {
            ours: ours.municipality.clone(),
            theirs: theirs.municipality.clone(),
        });
    }
    use RuleCatalogue as C;
    let providers = Entries {
        ours: &ours.providers,
        theirs: &theirs.providers,
        id: |p: &Provider| p.id.to_string(),
        label: |p: &Provider| p.name.clone(),
    };
    providers.compare(C::Providers, |a, b| a == b, &mut out);
    let areas = Entries {
        ours: &ours.areas,
        theirs: &theirs.areas,
        id: |a: &Area| a.id.to_string(),
        label: |a: &Area| a.label.clone(),
    };
    // The referral is a later field: it differs only where both sides have one.
    let same_area = |a: &Area, b: &Area| {
        a.label == b.label
            && a.scope == b.scope
            && (a.referral.is_none() || b.referral.is_none() || a.referral == b.referral)
    };
    areas.compare(C::Areas, same_area, &mut out);
    labelled(C::LifeAreas, &ours.life_areas, &theirs.life_areas, &mut out);
    let problems = Entries {
        ours: &ours.problems,
        theirs: &theirs.problems,
        id: |p: &Problem| p.id.to_string(),
        label: |p: &Problem| p.label.clone(),
    };
    problems.compare(C::Problems, |a, b| a == b, &mut out);
    labelled(C::Parties, &ours.parties, &theirs.parties, &mut out);
    let services = Entries {
        ours: &ours.services,
        theirs: &theirs.services,
        id: |s: &Service| s.id.to_string(),
        label: |s: &Service| s.label.clone(),
    };
    // The contact outcome is a later field, compared with the mappings below.
    let same_service = |a: &Service, b: &Service| {
        a.label == b.label && a.suggested_for_simple_cases == b.suggested_for_simple_cases
    };
    services.compare(C::Services, same_service, &mut out);
    labelled(C::WaysIn, &ours.ways_in, &theirs.ways_in, &mut out);
    labelled(
        C::ContactOutcomes,
        &ours.contact_outcomes,
        &theirs.contact_outcomes,
        &mut out,
    );
    labelled(
        C::OverrideReasons,
        &ours.override_reasons,
        &theirs.override_reasons,
        &mut out,
    );
    labelled(
        C::DeactivationReasons,
        &ours.deactivation_reasons,
        &theirs.deactivation_reasons,
        &mut out,
    );
    labelled(C::Districts, &ours.districts, &theirs.districts, &mut out);
    labelled(C::Offers, &ours.offers, &theirs.offers, &mut out);
    labelled(C::AgeBands, &ours.age_bands, &theirs.age_bands, &mut out);
    compare_versions(ours, theirs, &mut out);
    compare_mappings(ours, theirs, &mut out);
    // Case work: compared after each side took what the other has and it lacks.
    let (a, b) = (ours.completed_by(theirs), theirs.completed_by(ours));
    let case_work = |r: &RuleSet| {
        r.versions
            .iter()
            .map(|v| (v.valid_from, v.posts.clone(), v.review.clone()))
            .collect::<Vec<_>>()
    };
    let both_versions = |x: &RuleSet, y: &RuleSet| {
        case_work(x)
            .into_iter()
            .filter(|(from, _, _)| y.versions.iter().any(|v| v.valid_from == *from))
            .collect::<Vec<_>>()
    };
    if a.session_forms != b.session_forms
        || a.evaluations != b.evaluations
        || both_versions(&a, &b) != both_versions(&b, &a)
    {
        out.push(RuleSetDifference::CaseWork);
    }
    out
}

/// One catalogue of both sides, with how to read an entry's id and label.
struct Entries<'a, T, Id, Label> {
    ours: &'a [T],
    theirs: &'a [T],
    id: Id,
    label: Label,
}

impl<T, Id: Fn(&T) -> String, Label: Fn(&T) -> String> Entries<'_, T, Id, Label> {
    /// The entry of `list` with this id.
    fn find<'l>(&self, list: &'l [T], id: &str) -> Option<&'l T> {
        list.iter().find(|e| (self.id)(e) == id)
    }

    /// Entries only one side has, entries both have that are not `same`, and the order of
    /// the entries both have.
    fn compare(
        &self,
        catalogue: RuleCatalogue,
        same: impl Fn(&T, &T) -> bool,
        out: &mut Vec<RuleSetDifference>,
    ) {
        for entry in self.ours {
            match self.find(self.theirs, &(self.id)(entry)) {
                Some(other) if same(entry, other) => {}
                other => out.push(RuleSetDifference::Entry {
                    catalogue,
                    id: (self.id)(entry),
                    ours: Some((self.label)(entry)),
                    theirs: other.map(&self.label),
                }),
            }
        }
        for entry in self.theirs {
            if self.find(self.ours, &(self.id)(entry)).is_none() {
                out.push(RuleSetDifference::Entry {
                    catalogue,
                    id: (self.id)(entry),
                    ours: None,
                    theirs: Some((self.label)(entry)),
                });
            }
        }
        let common = |list: &[T], other: &[T]| -> Vec<String> {
            list.iter()
                .map(&self.id)
                .filter(|id| self.find(other, id).is_some())
                .collect()
        };
        if common(self.ours, self.theirs) != common(self.theirs, self.ours) {
            out.push(RuleSetDifference::Order(catalogue));
        }
    }
}

/// A catalogue of labelled entries, compared whole.
fn labelled<Id: PartialEq + std::fmt::Display>(
    catalogue: RuleCatalogue,
    ours: &[Labelled<Id>],
    theirs: &[Labelled<Id>],
    out: &mut Vec<RuleSetDifference>,
) {
    let entries = Entries {
        ours,
        theirs,
        id: |e: &Labelled<Id>| e.id.to_string(),
        label: |e: &Labelled<Id>| e.label.clone(),
    };
    entries.compare(catalogue, |a, b| a == b, out);
}

fn compare_versions(ours: &RuleSet, theirs: &RuleSet, out: &mut Vec<RuleSetDifference>) {
    let mut starts: Vec<NaiveDate> = ours
        .versions
        .iter()
        .chain(&theirs.versions)
        .map(|v| v.valid_from)
        .collect();
    crate::domain::sorting::sort_by(&mut starts, Ord::cmp);
    starts.dedup();
    fn find(rules: &RuleSet, start: NaiveDate) -> Option<&RuleVersion> {
        rules.versions.iter().find(|v| v.valid_from == start)
    }
    for valid_from in starts {
        let change = match (find(ours, valid_from), find(theirs, valid_from)) {
            (Some(_), None) => VersionChange::OnlyOurs,
            (None, Some(_)) => VersionChange::OnlyTheirs,
            (Some(a), Some(b)) => match version_change(a, b) {
                Some(change) => change,
                None => continue,
            },
            (None, None) => continue,
        };
        out.push(RuleSetDifference::Version { valid_from, change });
    }
}

/// How two versions of one first day differ; `None` when they do not (their scopes are a
/// later field: compared only when both have some).
fn version_change(ours: &RuleVersion, theirs: &RuleVersion) -> Option<VersionChange> {
    let mut areas: Vec<AreaId> = Vec::new();
    let mut note = |area: &AreaId| {
        if !areas.contains(area) {
            areas.push(area.clone());
        }
    };
    let assigned = |version: &RuleVersion, area: &AreaId| -> Option<Assignment> {
        version
            .assignments
            .iter()
            .find(|a| &a.area == area)
            .cloned()
    };
    for assignment in ours.assignments.iter().chain(&theirs.assignments) {
        if assigned(ours, &assignment.area) != assigned(theirs, &assignment.area) {
            note(&assignment.area);
        }
    }
    let scopes_known = !ours.scopes.is_empty() && !theirs.scopes.is_empty();
    if scopes_known {
        let scope = |version: &RuleVersion, area: &AreaId| {
            version
                .scopes
                .iter()
                .find(|rule| &rule.area == area)
                .map(|rule| rule.scope)
        };
        for rule in ours.scopes.iter().chain(&theirs.scopes) {
            if scope(ours, &rule.area) != scope(theirs, &rule.area) {
                note(&rule.area);
            }
        }
    }
    let valid_until = ours.valid_until != theirs.valid_until;
    let thresholds = ours.thresholds != theirs.thresholds;
    let same_content = !valid_until && !thresholds && areas.is_empty();
    let order = same_content
        && (ours.assignments != theirs.assignments
            || (scopes_known && ours.scopes != theirs.scopes));
    (!same_content || order).then_some(VersionChange::Differs {
        valid_until,
        thresholds,
        areas,
        order,
    })
}

fn compare_mappings(ours: &RuleSet, theirs: &RuleSet, out: &mut Vec<RuleSetDifference>) {
    // Later fields: a difference only where both sides name a value.
    let both_differ = |a: &Option<OutcomeId>, b: &Option<OutcomeId>| match (a, b) {
        (Some(a), Some(b)) if a != b => Some((a.clone(), b.clone())),
        _ => None,
    };
    for service in &ours.services {
        let Some(other) = theirs.service(&service.id) else {
            continue;
        };
        if let Some((a, b)) = both_differ(&service.contact_outcome, &other.contact_outcome) {
            out.push(RuleSetDifference::OutcomeMapping {
                mapping: OutcomeMapping::Service(service.id.clone()),
                ours: a,
                theirs: b,
            });
        }
    }
    let (a, b) = (&ours.decision_outcomes, &theirs.decision_outcomes);
    for (mapping, a, b) in [
        (
            OutcomeMapping::NotResponsible,
            &a.not_responsible,
            &b.not_responsible,
        ),
        (OutcomeMapping::NoConsent, &a.no_consent, &b.no_consent),
        (OutcomeMapping::NoRule, &a.no_rule, &b.no_rule),
    ] {
        if let Some((ours, theirs)) = both_differ(a, b) {
            out.push(RuleSetDifference::OutcomeMapping {
                mapping,
                ours,
                theirs,
            });
        }
    }
    if let (Some(a), Some(b)) = (&ours.visit_way_in, &theirs.visit_way_in) {
        if a != b {
            out.push(RuleSetDifference::VisitWayIn {
                ours: a.clone(),
                theirs: b.clone(),
            });
        }
    }
    let (a, b) = (ours.publication_threshold, theirs.publication_threshold);
    if a != b && !is_default_publication_threshold(&a) && !is_default_publication_threshold(&b) {
        out.push(RuleSetDifference::PublicationThreshold { ours: a, theirs: b });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn rheine() -> RuleSet {
        RuleSet::default_rheine()
    }

    #[test]
    fn a_copy_without_case_work_is_the_same_rule_set_and_case_work_conflicts_are_named() {
        // An export of a release before issue 28 carries Rheine's rule set without session
        // forms, evaluations, posts per provider and reviews: the same rule set.
        let today = rheine();
        assert!(
            !today.session_forms.is_empty(),
            "the built-in rule set has case work"
        );
        let earlier = today.without_case_work();
        assert_eq!(earlier.united_with(&today).as_ref(), Some(&today));
        assert_eq!(today.united_with(&earlier).as_ref(), Some(&today));
        assert!(differences(&today, &earlier).is_empty());
        // Both have case work, different: not the same, and named.
        let mut other = today.clone();
        other.session_forms.pop();
        assert_eq!(today.united_with(&other), None);
        assert_eq!(
            differences(&today, &other),
            vec![RuleSetDifference::CaseWork]
        );
        let mut posts = today.clone();
        if let Some(p) = posts.versions.first_mut().and_then(|v| v.posts.first_mut()) {
            p.posts += 0.5;
        }
        assert_eq!(today.united_with(&posts), None);
        assert_eq!(
            differences(&today, &posts),
            vec![RuleSetDifference::CaseWork]
        );
    }

    fn entry(
        catalogue: RuleCatalogue,
        id: &str,
        ours: Option<&str>,
        theirs: Option<&str>,
    ) -> RuleSetDifference {
        RuleSetDifference::Entry {
            catalogue,
            id: id.to_owned(),
            ours: ours.map(str::to_owned),
            theirs: theirs.map(str::to_owned),
        }
    }

    #[test]
    fn a_real_conflict_lists_providers_areas_catalogues_versions_and_mappings() {
        let ours = rheine();
        let mut theirs = rheine();
        theirs.providers[0].name = "Caritasverband Rheine e. V.".into();
        theirs.providers.push(Provider {
            id: ProviderId::new("awo"),
            name: "AWO Rheine".into(),
            short_name: "AWO".into(),
        });
        theirs.areas.insert(
            2,
            Area {
                id: AreaId::new("nord"),
                label: "Rheine Nord".into(),
                scope: AreaScope::Municipality,
                referral: None,
            },
        );
        theirs
            .problems
            .retain(|p| p.id.as_str() != "housing-search");
        theirs.ways_in.swap(0, 1);
        theirs.versions[0].thresholds.min_parties = 3;
        let theirs = theirs
            .with_new_version(RuleVersion {
                valid_from: d(2024, 1, 1),
                valid_until: None,
                assignments: vec![Assignment {
                    area: AreaId::new("nord"),
                    provider: ProviderId::new("awo"),
                    posts: None,
                }],
                thresholds: ours.versions[1].thresholds,
                scopes: Vec::new(),
                posts: Vec::new(),
                review: None,
            })
            .unwrap();
        let mut theirs = RuleSet {
            revision: ours.revision,
            // Later fields one side lacks are no difference ...
            publication_threshold: 5,
            ..theirs
        };
        theirs.decision_outcomes.no_consent = None;
        // ... but a mapping both name, differently, is one.
        theirs.decision_outcomes.no_rule = Some(OutcomeId::new("mbe"));

        use RuleCatalogue as C;
        assert_eq!(
            differences(&ours, &theirs),
            vec![
                entry(
                    C::Providers,
                    "caritas",
                    Some("Caritas Rheine e. V."),
                    Some("Caritasverband Rheine e. V.")
                ),
                entry(C::Providers, "awo", None, Some("AWO Rheine")),
                entry(C::Areas, "nord", None, Some("Rheine Nord")),
                entry(
                    C::Problems,
                    "housing-search",
                    Some(&ours.problem(&"housing-search".into()).unwrap().label),
                    None
                ),
                RuleSetDifference::Order(C::WaysIn),
                RuleSetDifference::Version {
                    valid_from: d(2021, 9, 1),
                    change: VersionChange::Differs {
                        valid_until: false,
                        thresholds: true,
                        areas: vec![],
                        order: false,
                    },
                },
                RuleSetDifference::Version {
                    valid_from: d(2022, 7, 1),
                    change: VersionChange::Differs {
                        valid_until: true,
                        thresholds: false,
                        areas: vec![],
                        order: false,
                    },
                },
                RuleSetDifference::Version {
                    valid_from: d(2024, 1, 1),
                    change: VersionChange::OnlyTheirs,
                },
                RuleSetDifference::OutcomeMapping {
                    mapping: OutcomeMapping::NoRule,
                    ours: OutcomeId::new("other"),
                    theirs: OutcomeId::new("mbe"),
                },
            ]
        );
        assert_eq!(ours.united_with(&theirs), None);
        // Seen from the other side, the same differences the other way round.
        let back = differences(&theirs, &ours);
        assert!(back.contains(&RuleSetDifference::Version {
            valid_from: d(2024, 1, 1),
            change: VersionChange::OnlyOurs,
        }));
        assert!(back.contains(&entry(C::Providers, "awo", Some("AWO Rheine"), None)));
    }

    #[test]
    fn a_version_names_the_areas_given_to_another_provider_or_scope() {
        let ours = rheine();
        let mut theirs = rheine();
        theirs.versions[1].assignments[0].provider = ProviderId::new("lernen-foerdern");
        theirs.versions[1].assignments[1].posts = Some(2.5);
        let areas = |ours: &RuleSet, theirs: &RuleSet| match differences(ours, theirs).as_slice() {
            [RuleSetDifference::Version {
                change: VersionChange::Differs { areas, .. },
                ..
            }] => areas.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            areas(&ours, &theirs),
            vec![AreaId::new("links"), AreaId::new("rechts")]
        );
        // The same assignments in another order: only the order differs.
        let mut reordered = rheine();
        reordered.versions[1].assignments.swap(0, 1);
        assert_eq!(
            differences(&ours, &reordered),
            vec![RuleSetDifference::Version {
                valid_from: d(2022, 7, 1),
                change: VersionChange::Differs {
                    valid_until: false,
                    thresholds: false,
                    areas: vec![],
                    order: true,
                },
            }]
        );
        // Scopes are a later field: compared only when both versions have some.
        let mut scoped = rheine();
        scoped.versions[1].scopes = vec![ScopeRule {
            area: AreaId::new("kreis"),
            scope: AreaScope::Elsewhere,
        }];
        assert_eq!(differences(&ours, &scoped), vec![]);
        let mut other_scope = scoped.clone();
        other_scope.versions[1].scopes[0].scope = AreaScope::District;
        assert_eq!(areas(&scoped, &other_scope), vec![AreaId::new("kreis")]);
    }

    #[test]
    fn later_fields_one_side_lacks_are_taken_from_the_other_whatever_the_defaults() {
        let built_in = rheine();
        let mut older = rheine();
        older.decision_outcomes = DecisionOutcomes::default();
        for service in &mut older.services {
            service.contact_outcome = None;
        }
        older.visit_way_in = None;
        let mut newer = rheine();
        newer.publication_threshold = 7;
        newer.areas[2].referral = Some("das Case Management der Stadt".into());
        // The built-in values are not the serde defaults (None, 3): they come from the side
        // that has them, in either order.
        let united = older.united_with(&newer).unwrap();
        assert_eq!(newer.united_with(&older), Some(united.clone()));
        assert_eq!(united.decision_outcomes, built_in.decision_outcomes);
        assert_eq!(united.services, built_in.services);
        assert_eq!(united.visit_way_in, built_in.visit_way_in);
        assert_eq!(united.publication_threshold, 7);
        assert_eq!(united.areas[2].referral, newer.areas[2].referral);
        // Two values of one later field are a conflict.
        let mut other_referral = newer.clone();
        other_referral.areas[2].referral = Some("die Beratungsstelle".into());
        assert_eq!(newer.united_with(&other_referral), None);
        assert_eq!(
            differences(&newer, &other_referral),
            vec![entry(
                RuleCatalogue::Areas,
                "kreis",
                Some(&newer.areas[2].label),
                Some(&newer.areas[2].label)
            )]
        );
        // The revision is not a later field.
        let mut raised = rheine();
        raised.revision += 1;
        assert_eq!(built_in.united_with(&raised), None);
    }

    /// Changes of a rule set that keep it valid: some to fields every release knows, some to
    /// later fields (to the default, so an earlier release's copy).
    fn change(rules: &mut RuleSet, which: usize) {
        match which {
            0 => rules.providers[0].short_name = "Caritas".into(),
            1 => rules.decision_outcomes.no_consent = None,
            2 => rules.publication_threshold = 5,
            3 => rules.services[0].contact_outcome = Some(OutcomeId::new("other")),
            4 => rules
                .services
                .iter_mut()
                .for_each(|s| s.contact_outcome = None),
            5 => rules.parties.swap(0, 1),
            6 => rules.versions[0].thresholds.min_life_areas = 3,
            7 => {
                let revision = rules.revision;
                let mut next = rules.versions[1].clone();
                next.valid_from = d(2025, 1, 1);
                *rules = rules.with_new_version(next).unwrap();
                rules.revision = revision;
            }
            8 => rules.areas[2].referral = Some("das Case Management dort".into()),
            9 => rules.versions[1].assignments.swap(0, 1),
            10 => rules.visit_way_in = Some(WayInId::new("self")),
            11 => rules.problems[0].label = "Mietrückstände".into(),
            12 => rules.visit_way_in = None,
            13 => rules.deactivation_reasons.pop().map_or((), drop),
            _ => rules.municipality = "Rheine (Ems)".into(),
        }
    }

    proptest! {
        /// A conflict always names what differs, and two copies that name nothing are the
        /// same rule set, in either order.
        #[test]
        fn differences_are_empty_exactly_when_the_copies_are_one_rule_set(
            ours in proptest::sample::subsequence((0..15).collect::<Vec<usize>>(), 0..=3),
            theirs in proptest::sample::subsequence((0..15).collect::<Vec<usize>>(), 0..=3),
        ) {
            let (mut a, mut b) = (rheine(), rheine());
            ours.iter().for_each(|&which| change(&mut a, which));
            theirs.iter().for_each(|&which| change(&mut b, which));
            prop_assert_eq!(a.validate(), Ok(()));
            prop_assert_eq!(b.validate(), Ok(()));
            let united = a.united_with(&b);
            prop_assert_eq!(&united, &b.united_with(&a));
            prop_assert_eq!(differences(&a, &b).is_empty(), united.is_some());
            prop_assert_eq!(differences(&b, &a).is_empty(), united.is_some());
        }
    }
}
