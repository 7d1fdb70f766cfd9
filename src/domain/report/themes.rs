//! Recurring themes for the working group *Fallanalyse* and the steering group: which areas of
//! life (*Lebensbereiche*) and problems (*Problemlagen*) the cases admitted in a period bring,
//! in which combinations, by which ways in (*Zugangswege*), and how often a case was admitted
//! against the intake check's suggestion.
//!
//! Counting decisions (these figures go to committees, so each is written down):
//! - **Which cases.** A case belongs to the period by its **admission date**, `from..=until`
//!   with both days included (a report period such as "1st quarter" reads 01.01.–31.03.).
//!   Later events (status, handover) do not matter: themes describe what people came with.
//!   Deleted cases never count. An admission cannot be voided in this app (a wrong admission
//!   is corrected by deleting the case), so the effective admission is the first admission in
//!   fold order that no correction voided — the one [`Case::state_on`] starts from
//!   ([`History::admission`](crate::domain::case::History::admission)); a case without one
//!   is not counted. An empty or reversed period counts nothing.
//! - **The denominator** is [`ThemeReport::cases`], the number of those cases; every other
//!   figure is a count of cases (not of problems) unless it says otherwise, so it can be read
//!   as "n of N cases".
//! - **Life areas.** A case counts once per life area, however many of its problems lie in it.
//!   The life area of a problem is the one the current rule set gives it.
//! - **Problems.** A case counts once per problem it names.
//! - **Combinations** are the set of a case's life areas when it has two or more; each case
//!   adds one to exactly one combination (its full set, not every pair within it), so the
//!   counts add up to the cases with two or more life areas. Members are listed in rule-set
//!   order, like every other list of life areas on the page. All combinations are returned,
//!   most frequent first, ties in rule-set order of their members; the caller shows the top
//!   few.
//! - **Problem combinations** are the same for problems (*Problemlagen*): the set of a case's
//!   problems when it names two or more. The issue asks for "each combination of problem
//!   areas"; the intake form calls the problems "problem areas", the life areas group them,
//!   so both readings are reported: combinations of life areas and of problems.
//! - **Unknown ids** (recorded under an older rule set or imported from another laptop) are
//!   not dropped: each gets its own entry keyed by the raw id, appended after the catalogue
//!   entries and sorted by id, only when it has something to count (the rule of
//!   [`super::visits`]). A problem the rule set does not know has no life area; it is counted
//!   among the problems, and the case is counted in [`ThemeReport::unclassified`], so a
//!   shortfall in the life-area figures is visible instead of silent.

use super::visits::in_catalogue_order;
use crate::domain::case::Case;
use crate::domain::ids::{LifeAreaId, OverrideReasonId, ProblemId, WayInId};
use crate::domain::rules::RuleSet;
use crate::domain::sorting;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// The theme figures of the cases admitted in a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeReport {
    /// First day of the period, included.
    pub from: NaiveDate,
    /// Last day of the period, included.
    pub until: NaiveDate,
    /// Cases admitted in the period (the denominator).
    pub cases: u32,
    /// Cases per life area: the rule set's life areas in order, then unknown ones.
    pub life_areas: Vec<(LifeAreaId, u32)>,
    /// Cases per problem: the rule set's problems in order, then unknown ones.
    pub problems: Vec<(ProblemId, u32)>,
    /// Cases with at least one problem the rule set does not know (so without a life area).
    pub unclassified: u32,
    /// Every combination of two or more life areas that occurs, most frequent first.
    pub combinations: Vec<Combination>,
    /// Every combination of two or more problems that occurs, most frequent first.
    pub problem_combinations: Vec<ProblemCombination>,
    /// Cases per way in: the rule set's ways in in order, then unknown ones.
    pub ways_in: Vec<(WayInId, u32)>,
    /// Cases admitted against the intake check's suggestion.
    pub against_suggestion: u32,
    /// Cases admitted against the suggestion per reason: the rule set's reasons in order, then
    /// unknown ones; sums to [`ThemeReport::against_suggestion`].
    pub override_reasons: Vec<(OverrideReasonId, u32)>,
}

/// A set of life areas that occurred together, and in how many cases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Combination {
    /// Two or more life areas, in rule-set order (unknown ones last, by id).
    pub life_areas: Vec<LifeAreaId>,
    /// Cases whose life areas are exactly this set.
    pub cases: u32,
}

/// A set of problems that occurred together, and in how many cases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProblemCombination {
    /// Two or more problems, in rule-set order (unknown ones last, by id).
    pub problems: Vec<ProblemId>,
    /// Cases whose problems are exactly this set.
    pub cases: u32,
}

/// Sorts counted sets most frequent first; equal counts keep the map's order, which is the
/// rule-set order of their members (the key holds each member's catalogue position).
fn most_frequent<Id>(sets: BTreeMap<Vec<(usize, Id)>, u32>) -> Vec<(Vec<Id>, u32)> {
    let mut sets: Vec<(Vec<(usize, Id)>, u32)> = sets.into_iter().collect();
    sorting::sort_by_key(&mut sets, |(_, cases)| std::cmp::Reverse(*cases));
    sets.into_iter()
        .map(|(members, cases)| (members.into_iter().map(|(_, id)| id).collect(), cases))
        .collect()
}

/// The theme figures of the non-deleted cases admitted from `from` to `until`, both included.
pub fn theme_report(
    cases: &[Case],
    rules: &RuleSet,
    from: NaiveDate,
    until: NaiveDate,
) -> ThemeReport {
    let life_area_rank = |id: &LifeAreaId| {
        let position = rules.life_areas.iter().position(|l| &l.id == id);
        (position.unwrap_or(usize::MAX), id.clone())
    };
    let mut count = 0;
    let mut life_areas: BTreeMap<LifeAreaId, u32> = BTreeMap::new();
    let mut problems: BTreeMap<ProblemId, u32> = BTreeMap::new();
    let mut unclassified = 0;
    let mut combinations: BTreeMap<Vec<(usize, LifeAreaId)>, u32> = BTreeMap::new();
    let problem_rank = |id: &ProblemId| {
        let position = rules.problems.iter().position(|p| &p.id == id);
        (position.unwrap_or(usize::MAX), id.clone())
    };
    let mut problem_combinations: BTreeMap<Vec<(usize, ProblemId)>, u32> = BTreeMap::new();
    let mut ways_in: BTreeMap<WayInId, u32> = BTreeMap::new();
    let mut override_reasons: BTreeMap<OverrideReasonId, u32> = BTreeMap::new();

    let admitted = cases
        .iter()
        .filter(|case| !case.is_deleted())
        .filter_map(|case| case.history().admission())
        .filter(|(date, _)| (from..=until).contains(date));
    for (_, admission) in admitted {
        count += 1;
        let mut areas = BTreeSet::new();
        let mut has_unknown_problem = false;
        for problem in sorting::set_of(&admission.problems) {
            *problems.entry(problem.clone()).or_default() += 1;
            match rules.problem(problem) {
                Some(known) => {
                    areas.insert(life_area_rank(&known.life_area));
                }
                None => has_unknown_problem = true,
            }
        }
        unclassified += u32::from(has_unknown_problem);
        let named = sorting::set_of(admission.problems.iter().map(problem_rank));
        if named.len() >= 2 {
            *problem_combinations
                .entry(named.into_iter().collect())
                .or_default() += 1;
        }
        for (_, area) in &areas {
            *life_areas.entry(area.clone()).or_default() += 1;
        }
        if areas.len() >= 2 {
            *combinations.entry(areas.into_iter().collect()).or_default() += 1;
        }
        *ways_in.entry(admission.way_in.clone()).or_default() += 1;
        if let Some(reason) = &admission.against_suggestion {
            *override_reasons.entry(reason.clone()).or_default() += 1;
        }
    }

    ThemeReport {
        from,
        until,
        cases: count,
        life_areas: in_catalogue_order(rules.life_areas.iter().map(|l| &l.id), life_areas, || 0),
        problems: in_catalogue_order(rules.problems.iter().map(|p| &p.id), problems, || 0),
        unclassified,
        combinations: most_frequent(combinations)
            .into_iter()
            .map(|(life_areas, cases)| Combination { life_areas, cases })
            .collect(),
        problem_combinations: most_frequent(problem_combinations)
            .into_iter()
            .map(|(problems, cases)| ProblemCombination { problems, cases })
            .collect(),
        ways_in: in_catalogue_order(rules.ways_in.iter().map(|w| &w.id), ways_in, || 0),
        against_suggestion: override_reasons.values().sum(),
        override_reasons: in_catalogue_order(
            rules.override_reasons.iter().map(|r| &r.id),
            override_reasons,
            || 0,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{Admission, CaseEvent, EventKind};
    use crate::domain::ids::{AreaId, CaseCode, ProviderId, RecordId};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn admission(problems: &[&str], way_in: &str, against: Option<&str>) -> Admission {
        Admission {
            area: AreaId::new("links"),
            provider: ProviderId::new("caritas"),
            problems: problems.iter().map(|&p| ProblemId::new(p)).collect(),
            parties: vec![],
            way_in: WayInId::new(way_in),
            against_suggestion: against.map(OverrideReasonId::new),
            intake: None,
        }
    }

    fn case(code: u64, date: NaiveDate, admission: Admission) -> Case {
        Case::admit(
            CaseCode::from_random(code),
            RecordId::from_random(code * 100),
            date,
            0,
            admission,
            d(2030, 1, 1),
        )
        .unwrap()
    }

    fn simple(code: u64, date: NaiveDate) -> Case {
        case(code, date, admission(&["rent-debts"], "self", None))
    }

    fn deleted(mut case: Case) -> Case {
        let date = case.admitted_on().unwrap();
        let id = RecordId::from_random(u64::MAX - case.events.len() as u64);
        case.record(
            CaseEvent {
                id,
                date,
                recorded_at: 1,
                kind: EventKind::Deleted,
            },
            d(2030, 1, 1),
        )
        .unwrap();
        case
    }

    fn count<'a, Id: PartialEq + 'a>(list: &'a [(Id, u32)], id: &Id) -> u32 {
        list.iter()
            .find(|(i, _)| i == id)
            .map_or_else(|| panic!("id missing"), |(_, n)| *n)
    }

    #[test]
    fn cases_belong_to_the_period_by_admission_date() {
        let rules = RuleSet::default_rheine();
        let (from, until) = (d(2023, 1, 1), d(2023, 3, 31));
        // (admission date, deleted, counted)
        let table = [
            (d(2022, 12, 31), false, false),
            (d(2023, 1, 1), false, true),
            (d(2023, 2, 14), false, true),
            (d(2023, 2, 15), true, false),
            (d(2023, 3, 31), false, true),
            (d(2023, 4, 1), false, false),
        ];
        let cases: Vec<Case> = table
            .iter()
            .enumerate()
            .map(|(i, &(date, is_deleted, _))| {
                let c = simple(i as u64 + 1, date);
                if is_deleted {
                    deleted(c)
                } else {
                    c
                }
            })
            .collect();
        let report = theme_report(&cases, &rules, from, until);
        let expected = table.iter().filter(|t| t.2).count() as u32;
        assert_eq!(report.cases, expected);
        assert_eq!(report.cases, 3);
        assert_eq!((report.from, report.until), (from, until));
        assert_eq!(count(&report.problems, &ProblemId::new("rent-debts")), 3);
        assert_eq!(
            theme_report(&cases, &rules, d(2023, 2, 15), d(2023, 2, 15)).cases,
            0,
            "deleted case on its own day"
        );
        assert_eq!(theme_report(&cases, &rules, until, from).cases, 0);
    }

    #[test]
    fn later_events_do_not_move_a_case_out_of_its_period() {
        let rules = RuleSet::default_rheine();
        let mut c = simple(1, d(2023, 1, 10));
        c.record(
            CaseEvent {
                id: RecordId::from_random(2),
                date: d(2023, 5, 1),
                recorded_at: 1,
                kind: EventKind::HandedOver {
                    to: ProviderId::new("lernen-foerdern"),
                    rule_change: false,
                },
            },
            d(2030, 1, 1),
        )
        .unwrap();
        let cases = [c];
        assert_eq!(
            theme_report(&cases, &rules, d(2023, 1, 1), d(2023, 1, 31)).cases,
            1
        );
        assert_eq!(
            theme_report(&cases, &rules, d(2023, 5, 1), d(2023, 5, 31)).cases,
            0
        );
    }

    #[test]
    fn a_voided_admission_gives_way_to_the_effective_one() {
        // A history the app cannot produce but a foreign file might hold: the first admission
        // voided, a second one recorded later. The fold starts from the second.
        let rules = RuleSet::default_rheine();
        let first = RecordId::from_random(10);
        let c = Case {
            code: CaseCode::from_random(1),
            events: vec![
                CaseEvent {
                    id: RecordId::from_random(12),
                    date: d(2023, 2, 1),
                    recorded_at: 3,
                    kind: EventKind::Admitted(admission(&["debts"], "jobcenter", None).into()),
                },
                CaseEvent {
                    id: first.clone(),
                    date: d(2023, 1, 5),
                    recorded_at: 1,
                    kind: EventKind::Admitted(admission(&["rent-debts"], "self", None).into()),
                },
                CaseEvent {
                    id: RecordId::from_random(11),
                    date: d(2023, 1, 6),
                    recorded_at: 2,
                    kind: EventKind::Voided { target: first },
                },
            ]
            .into(),
        };
        let cases = [c];
        let january = theme_report(&cases, &rules, d(2023, 1, 1), d(2023, 1, 31));
        assert_eq!(january.cases, 0);
        let february = theme_report(&cases, &rules, d(2023, 2, 1), d(2023, 2, 28));
        assert_eq!(february.cases, 1);
        assert_eq!(count(&february.problems, &ProblemId::new("debts")), 1);
        assert_eq!(count(&february.problems, &ProblemId::new("rent-debts")), 0);
        assert_eq!(count(&february.ways_in, &WayInId::new("jobcenter")), 1);
    }

    #[test]
    fn life_areas_count_cases_once_and_problems_once_per_case() {
        let rules = RuleSet::default_rheine();
        let day = d(2023, 1, 10);
        // housing: rent-debts, housing-search; school: school-problems, parenting;
        // money: debts; health: health-issues
        let cases = [
            case(
                1,
                day,
                admission(&["rent-debts", "housing-search", "debts"], "self", None),
            ),
            case(
                2,
                day,
                admission(&["rent-debts", "rent-debts"], "self", None),
            ),
            case(
                3,
                day,
                admission(
                    &["school-problems", "parenting", "health-issues"],
                    "self",
                    None,
                ),
            ),
            case(4, day, admission(&[], "self", None)),
        ];
        let report = theme_report(&cases, &rules, day, day);
        assert_eq!(report.cases, 4);
        let life_area_table = [
            ("housing", 2),
            ("money", 1),
            ("school", 1),
            ("health", 1),
            ("work", 0),
        ];
        for (area, expected) in life_area_table {
            assert_eq!(
                count(&report.life_areas, &LifeAreaId::new(area)),
                expected,
                "{area}"
            );
        }
        let problem_table = [
            ("rent-debts", 2),
            ("housing-search", 1),
            ("debts", 1),
            ("parenting", 1),
            ("unemployment", 0),
        ];
        for (problem, expected) in problem_table {
            assert_eq!(
                count(&report.problems, &ProblemId::new(problem)),
                expected,
                "{problem}"
            );
        }
        let order: Vec<&LifeAreaId> = report.life_areas.iter().map(|(id, _)| id).collect();
        let catalogue: Vec<&LifeAreaId> = rules.life_areas.iter().map(|l| &l.id).collect();
        assert_eq!(order, catalogue);
        let order: Vec<&ProblemId> = report.problems.iter().map(|(id, _)| id).collect();
        let catalogue: Vec<&ProblemId> = rules.problems.iter().map(|p| &p.id).collect();
        assert_eq!(order, catalogue);
        assert_eq!(report.unclassified, 0);
    }

    #[test]
    fn combinations_are_whole_sets_most_frequent_first() {
        let rules = RuleSet::default_rheine();
        let day = d(2023, 1, 10);
        let with = |code, problems: &[&str]| case(code, day, admission(problems, "self", None));
        let cases = [
            // {health, housing} twice, once via two housing problems
            with(1, &["health-issues", "rent-debts"]),
            with(2, &["rent-debts", "housing-search", "health-issues"]),
            // {housing, school, health} once: not also counted as its pairs
            with(3, &["school-problems", "rent-debts", "health-issues"]),
            // {school, money} once, {work, language} once
            with(4, &["debts", "parenting"]),
            with(5, &["language-course", "unemployment"]),
            // single life areas: no combination
            with(6, &["rent-debts", "housing-search"]),
            with(7, &["debts"]),
        ];
        let report = theme_report(&cases, &rules, day, day);
        let got: Vec<(Vec<&str>, u32)> = report
            .combinations
            .iter()
            .map(|c| {
                (
                    c.life_areas.iter().map(LifeAreaId::as_str).collect(),
                    c.cases,
                )
            })
            .collect();
        // Rule-set order of life areas: housing, school, health, money, work, language, …
        let expected: Vec<(Vec<&str>, u32)> = vec![
            (vec!["housing", "health"], 2),
            (vec!["housing", "school", "health"], 1),
            (vec!["school", "money"], 1),
            (vec!["work", "language"], 1),
        ];
        assert_eq!(got, expected);
        let with_two_or_more = cases
            .iter()
            .filter(|c| {
                let areas: BTreeSet<_> = c
                    .admission()
                    .unwrap()
                    .1
                    .problems
                    .iter()
                    .map(|p| &rules.problem(p).unwrap().life_area)
                    .collect();
                areas.len() >= 2
            })
            .count() as u32;
        assert_eq!(
            report.combinations.iter().map(|c| c.cases).sum::<u32>(),
            with_two_or_more
        );
        for pair in report.combinations.windows(2) {
            assert!(pair[0].cases >= pair[1].cases);
        }
    }

    #[test]
    fn problem_combinations_are_whole_sets_in_catalogue_order() {
        let rules = RuleSet::default_rheine();
        let day = d(2023, 1, 10);
        let with = |code, problems: &[&str]| case(code, day, admission(problems, "self", None));
        let cases = [
            // the same pair, named in two orders: one combination
            with(1, &["health-issues", "rent-debts"]),
            with(2, &["rent-debts", "health-issues"]),
            // a superset is its own combination, not also its pairs
            with(3, &["rent-debts", "health-issues", "debts"]),
            // two problems of one life area are a problem combination (not a life-area one)
            with(4, &["rent-debts", "housing-search"]),
            // one problem: no combination
            with(5, &["debts"]),
        ];
        let report = theme_report(&cases, &rules, day, day);
        let got: Vec<(Vec<&str>, u32)> = report
            .problem_combinations
            .iter()
            .map(|c| (c.problems.iter().map(ProblemId::as_str).collect(), c.cases))
            .collect();
        // Rule-set order of problems: rent-debts, housing-search, …, health-issues, debts, …
        assert_eq!(
            got,
            vec![
                (vec!["rent-debts", "health-issues"], 2),
                (vec!["rent-debts", "housing-search"], 1),
                (vec!["rent-debts", "health-issues", "debts"], 1),
            ]
        );
    }

    #[test]
    fn ways_in_and_admissions_against_the_suggestion() {
        let rules = RuleSet::default_rheine();
        let day = d(2023, 1, 10);
        // (way in, override reason)
        let table = [
            ("self", None),
            ("self", Some("urgent-crisis")),
            ("jobcenter", Some("urgent-crisis")),
            ("abh", Some("hidden-complexity")),
            ("legacy-way", Some("legacy-reason")),
            ("jobcenter", None),
        ];
        let cases: Vec<Case> = table
            .iter()
            .enumerate()
            .map(|(i, &(way, against))| {
                case(i as u64 + 1, day, admission(&["debts"], way, against))
            })
            .collect();
        let report = theme_report(&cases, &rules, day, day);
        let ways: Vec<&str> = report.ways_in.iter().map(|(id, _)| id.as_str()).collect();
        let mut expected: Vec<&str> = rules.ways_in.iter().map(|w| w.id.as_str()).collect();
        expected.push("legacy-way");
        assert_eq!(ways, expected);
        for (id, n) in &report.ways_in {
            let expected = table.iter().filter(|t| t.0 == id.as_str()).count() as u32;
            assert_eq!(*n, expected, "{id}");
        }
        let against = table.iter().filter(|t| t.1.is_some()).count() as u32;
        assert_eq!(report.against_suggestion, against);
        assert_eq!(report.against_suggestion, 4);
        let reasons: Vec<&str> = report
            .override_reasons
            .iter()
            .map(|(id, _)| id.as_str())
            .collect();
        let mut expected: Vec<&str> = rules
            .override_reasons
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        expected.push("legacy-reason");
        assert_eq!(reasons, expected);
        let reason_table = [
            ("urgent-crisis", 2),
            ("hidden-complexity", 1),
            ("coordinated-handover", 0),
            ("legacy-reason", 1),
        ];
        for (reason, n) in reason_table {
            assert_eq!(
                count(&report.override_reasons, &OverrideReasonId::new(reason)),
                n
            );
        }
        assert_eq!(
            report.override_reasons.iter().map(|(_, n)| n).sum::<u32>(),
            against
        );
    }

    #[test]
    fn unknown_problems_are_counted_but_have_no_life_area() {
        let rules = RuleSet::default_rheine();
        let day = d(2023, 1, 10);
        let cases = [
            case(
                1,
                day,
                admission(&["old-problem", "rent-debts"], "self", None),
            ),
            case(
                2,
                day,
                admission(&["old-problem", "another-old"], "self", None),
            ),
            case(3, day, admission(&["rent-debts", "debts"], "self", None)),
        ];
        let report = theme_report(&cases, &rules, day, day);
        assert_eq!(report.unclassified, 2);
        let tail: Vec<(&str, u32)> = report.problems[rules.problems.len()..]
            .iter()
            .map(|(id, n)| (id.as_str(), *n))
            .collect();
        assert_eq!(tail, [("another-old", 1), ("old-problem", 2)]);
        assert_eq!(count(&report.life_areas, &LifeAreaId::new("housing")), 2);
        assert_eq!(report.life_areas.len(), rules.life_areas.len());
        let combos: Vec<Vec<&str>> = report
            .combinations
            .iter()
            .map(|c| c.life_areas.iter().map(LifeAreaId::as_str).collect())
            .collect();
        assert_eq!(combos, [vec!["housing", "money"]]);
    }

    #[test]
    fn a_life_area_outside_the_catalogue_gets_its_own_entry() {
        // An unvalidated rule set whose problem points to a life area it does not list.
        let mut rules = RuleSet::default_rheine();
        rules.problems[0].life_area = LifeAreaId::new("zz-legacy");
        let day = d(2023, 1, 10);
        let problem = rules.problems[0].id.clone();
        let cases = [case(
            1,
            day,
            admission(&[problem.as_str(), "debts"], "self", None),
        )];
        let report = theme_report(&cases, &rules, day, day);
        assert_eq!(
            report.life_areas.last(),
            Some(&(LifeAreaId::new("zz-legacy"), 1))
        );
        assert_eq!(
            report.combinations,
            [Combination {
                life_areas: vec![LifeAreaId::new("money"), LifeAreaId::new("zz-legacy")],
                cases: 1,
            }]
        );
    }
}
