//! Active cases per full-time post (*Fälle je Vollzeitstelle*) on each reporting date.
//!
//! The Land has not set a *Fallschlüssel* yet; peers publish the figure (Köln: more than 300
//! active cases for 17 case managers; the welfare associations' yardstick for migration
//! counselling is about 150 cases per post a year). On a reporting date:
//! - a provider's **active cases** are the cases *aktiv* on that date for which it is
//!   responsible (as in the case table: events dated on the date count);
//! - its **posts** are the rule set's for the version in force on that date
//!   ([`RuleSet::posts_of`]: per provider, or the sum of its areas' posts);
//! - **cases per post** is the one divided by the other, and nothing where the posts are
//!   unknown or zero: the report shows "–", never a division by zero;
//! - for **all providers**, the posts are the sum over the providers the version names
//!   (assigned an area or given posts), known only when each of them has posts; the active
//!   cases are all active cases.

use super::cases::{case_table, CaseColumn};
use crate::domain::case::Case;
use crate::domain::ids::ProviderId;
use crate::domain::rules::RuleSet;
use chrono::NaiveDate;

/// Active cases, posts and their ratio for one provider (or all) on one date.
#[derive(Clone, Debug, PartialEq)]
pub struct Load {
    pub active: u32,
    /// `None` when the rule set gives none.
    pub posts: Option<f64>,
    /// `active / posts`; `None` when the posts are unknown or zero.
    pub per_post: Option<f64>,
}

impl Load {
    fn new(active: u32, posts: Option<f64>) -> Self {
        Load {
            active,
            posts,
            per_post: posts.filter(|p| *p > 0.0).map(|p| f64::from(active) / p),
        }
    }
}

/// One reporting date's column.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadColumn {
    pub date: NaiveDate,
    /// All providers.
    pub total: Load,
    /// Every provider of the rule set, in its order.
    pub per_provider: Vec<(ProviderId, Load)>,
}

/// The caseload on each of `dates`.
pub fn caseload_table(cases: &[Case], rules: &RuleSet, dates: &[NaiveDate]) -> Vec<LoadColumn> {
    caseload_of(&case_table(cases, rules, dates), rules)
}

/// The caseload of the columns of the case table (its active cases per provider), so a report
/// reads each history once for both.
pub fn caseload_of(columns: &[CaseColumn], rules: &RuleSet) -> Vec<LoadColumn> {
    columns
        .iter()
        .map(|column| {
            let date = column.date;
            let version = rules.version_on(date);
            let posts = |provider: &ProviderId| version.and_then(|v| rules.posts_of(v, provider));
            let named: Vec<&ProviderId> = rules
                .providers
                .iter()
                .map(|p| &p.id)
                .filter(|id| {
                    version.is_some_and(|v| {
                        v.assignments.iter().any(|a| &a.provider == *id)
                            || v.posts.iter().any(|p| &p.provider == *id)
                    })
                })
                .collect();
            let all_posts = if named.is_empty() {
                None
            } else {
                named
                    .iter()
                    .try_fold(0.0, |sum, id| posts(id).map(|p| sum + p))
            };
            LoadColumn {
                date,
                total: Load::new(column.active, all_posts),
                per_provider: column
                    .active_per_provider
                    .iter()
                    .map(|(id, active)| (id.clone(), Load::new(*active, posts(id))))
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{CaseEvent, EventKind};
    use crate::domain::ids::*;
    use crate::domain::rules::{Assignment, ProviderPosts, RuleVersion};
    use crate::domain::test_cases::admitted;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn handed_over(mut case: Case, date: NaiveDate, to: &str) -> Case {
        let id = case.events.len() as u64 + 100;
        case.record(
            CaseEvent {
                id: RecordId::from_random(id),
                date,
                recorded_at: 5,
                kind: EventKind::HandedOver {
                    to: to.into(),
                    rule_change: true,
                },
            },
            d(2030, 1, 1),
        )
        .unwrap();
        case
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn cases_per_post_across_the_change_of_posts_on_01_07_2022() {
        let rules = RuleSet::default_rheine();
        // 19 cases with Lernen fördern before the change; on 01.07.2022 seven of them, in
        // "links der Ems", go to Caritas; one is deregistered.
        let mut cases: Vec<Case> = (0..19)
            .map(|n| {
                admitted(
                    n,
                    d(2022, 1, 10),
                    if n < 7 { "links" } else { "rechts" },
                    "lernen-foerdern",
                )
            })
            .collect();
        for case in cases.iter_mut().take(7) {
            *case = handed_over(case.clone(), d(2022, 7, 1), "caritas");
        }
        cases[18]
            .record(
                CaseEvent {
                    id: RecordId::from_random(999),
                    date: d(2022, 7, 1),
                    recorded_at: 9,
                    kind: EventKind::Deactivated {
                        reason: "moved-away".into(),
                        evaluation: None,
                    },
                },
                d(2030, 1, 1),
            )
            .unwrap();
        let table = caseload_table(&cases, &rules, &[d(2022, 6, 30), d(2022, 7, 1)]);
        // 30.06.2022: Lernen fördern's 1.9 posts for all of Rheine; Caritas has none.
        let before = &table[0];
        assert_eq!(before.total.active, 19);
        assert!(close(before.total.posts, 1.9));
        assert!(close(before.total.per_post, 10.0));
        let (caritas, lernen) = (&before.per_provider[0].1, &before.per_provider[1].1);
        assert_eq!(
            (caritas.active, caritas.posts, caritas.per_post),
            (0, None, None)
        );
        assert!(close(lernen.per_post, 10.0));
        // 01.07.2022: 1.7 + 1.8 posts.
        let after = &table[1];
        assert_eq!(after.total.active, 18);
        assert!(close(after.total.posts, 3.5));
        assert!(close(after.per_provider[0].1.per_post, 7.0 / 1.7));
        assert!(close(after.per_provider[1].1.per_post, 11.0 / 1.8));
    }

    #[test]
    fn three_versions_posts_per_provider_or_per_area_and_no_division_by_zero() {
        let mut rules = RuleSet::default_rheine();
        let second = rules.versions.last_mut().unwrap();
        second.valid_until = Some(d(2023, 12, 31));
        // From 2024 Caritas serves both areas: its posts per provider (2.5); Lernen fördern
        // is named with 0 posts (winding down).
        rules.versions.push(RuleVersion {
            valid_from: d(2024, 1, 1),
            valid_until: None,
            assignments: vec![
                Assignment {
                    area: "links".into(),
                    provider: "caritas".into(),
                    posts: None,
                },
                Assignment {
                    area: "rechts".into(),
                    provider: "caritas".into(),
                    posts: None,
                },
            ],
            thresholds: rules.versions[1].thresholds,
            scopes: Vec::new(),
            posts: vec![
                ProviderPosts {
                    provider: "caritas".into(),
                    posts: 2.5,
                },
                ProviderPosts {
                    provider: "lernen-foerdern".into(),
                    posts: 0.0,
                },
            ],
            review: None,
        });
        rules.validate().unwrap();
        let cases = vec![
            admitted(1, d(2022, 1, 10), "links", "lernen-foerdern"),
            handed_over(
                admitted(2, d(2022, 1, 10), "links", "lernen-foerdern"),
                d(2022, 7, 1),
                "caritas",
            ),
        ];
        let table = caseload_table(
            &cases,
            &rules,
            &[d(2022, 1, 31), d(2023, 6, 30), d(2024, 1, 1)],
        );
        assert!(close(table[0].total.posts, 1.9));
        assert!(close(table[1].total.posts, 3.5));
        assert!(close(table[2].total.posts, 2.5));
        assert!(close(table[2].per_provider[0].1.per_post, 1.0 / 2.5));
        // Zero posts: no ratio, not infinity.
        let lernen = &table[2].per_provider[1].1;
        assert_eq!(
            (lernen.active, lernen.posts, lernen.per_post),
            (1, Some(0.0), None)
        );
        // Before the first version: no posts, no ratio.
        let early = caseload_table(&cases, &rules, &[d(2021, 1, 1)]);
        assert_eq!(
            early[0].total,
            Load {
                active: 0,
                posts: None,
                per_post: None
            }
        );
        // A version where one provider lacks posts: the total has none.
        let mut partial = RuleSet::default_rheine();
        partial.versions[1].assignments[0].posts = None;
        let table = caseload_table(&cases, &partial, &[d(2023, 6, 30)]);
        assert_eq!(table[0].total.posts, None);
        assert_eq!(table[0].total.per_post, None);
        assert!(close(table[0].per_provider[1].1.posts, 1.8));
    }
}
