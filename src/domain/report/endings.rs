//! How cases end (*Abschluss*) over the report period: deregistrations by reason and by
//! evaluation, and the time the cases spent in case management.
//!
//! What is counted (the report's footnotes say the same):
//! - an **ending** is an effective deregistration (*Abmeldung*) of an active case that is not
//!   deleted, dated in the period, counted for the provider responsible on its date; a case
//!   deregistered twice in the period (reactivated between) counts twice;
//! - its **evaluation** is the one recorded, or the one its reason implies
//!   ([`RuleSet::implied_evaluation`]: "Ziele erreicht"), else none ("ohne Bewertung");
//! - its **time in case management** runs from the admission to the deregistration; a case
//!   that was reactivated counts each span from admission or reactivation to the next
//!   deregistration, not the months it was *abgemeldet*. In months of 30.44 days (a year is
//!   twelve), the median over the endings of a row.

use super::count_table::{median, provider_index, CountTable};
use crate::domain::case::{Case, Ending, InPeriod};
use crate::domain::ids::{DeactivationReasonId, EvaluationId, ProviderId};
use crate::domain::rules::{label_of, RuleSet};
use crate::domain::YearMonth;

/// Days of an average month (365.2425 / 12).
pub const DAYS_PER_MONTH: f64 = 30.436_875;

/// The median time in case management of one row's endings.
#[derive(Clone, Debug, PartialEq)]
pub struct DurationRow {
    /// `None` for the total row.
    pub provider: Option<ProviderId>,
    pub endings: u32,
    /// In months; `None` without endings.
    pub median_months: Option<f64>,
}

/// The endings of a period.
#[derive(Clone, Debug, PartialEq)]
pub struct EndingTables {
    /// The reasons of the columns of `by_reason`: the catalogue's, then any other reason an
    /// ending names.
    pub reasons: Vec<DeactivationReasonId>,
    pub by_reason: CountTable,
    /// The evaluations of the columns of `by_evaluation`: the catalogue's, then any other an
    /// ending names, then `None` ("ohne Bewertung").
    pub evaluations: Vec<Option<EvaluationId>>,
    pub by_evaluation: CountTable,
    /// The total row, then one per provider of the rule set.
    pub durations: Vec<DurationRow>,
}

/// The endings of `cases` from `first` to `last`, both months included.
pub fn ending_tables(
    cases: &[Case],
    rules: &RuleSet,
    first: YearMonth,
    last: YearMonth,
) -> EndingTables {
    let months = first.through(last);
    let mut counter = EndingCounter::new(rules);
    if let (Some(start), Some(end)) = (months.first(), months.last()) {
        for case in cases.iter().filter(|c| !c.is_deleted()) {
            counter.add(
                &case.history().in_period(start.first_day(), end.last_day()),
                rules,
            );
        }
    }
    counter.finish(rules)
}

/// The endings of a period, counted case by case from each case's [`InPeriod`] (so a report
/// reads each history once for sessions and endings, `super::case_work`).
pub(super) struct EndingCounter {
    reasons: Vec<DeactivationReasonId>,
    evaluations: Vec<Option<EvaluationId>>,
    /// (index of the provider, reason column, evaluation, months in case management) per
    /// ending.
    endings: Vec<(Option<usize>, usize, Option<EvaluationId>, f64)>,
}

impl EndingCounter {
    pub(super) fn new(rules: &RuleSet) -> Self {
        EndingCounter {
            reasons: rules
                .deactivation_reasons
                .iter()
                .map(|r| r.id.clone())
                .collect(),
            evaluations: rules
                .evaluations
                .iter()
                .map(|e| Some(e.id.clone()))
                .collect(),
            endings: Vec::new(),
        }
    }

    pub(super) fn add(&mut self, period: &InPeriod<'_>, rules: &RuleSet) {
        for ending in &period.endings {
            self.ending(ending, rules);
        }
    }

    /// Counts one ending of the period.
    pub(super) fn ending(&mut self, ending: &Ending<'_>, rules: &RuleSet) {
        let reason = match self.reasons.iter().position(|r| r == ending.reason) {
            Some(index) => index,
            None => {
                self.reasons.push(ending.reason.clone());
                self.reasons.len() - 1
            }
        };
        let evaluation = ending.evaluation.cloned().or_else(|| {
            rules
                .implied_evaluation(ending.reason)
                .map(|e| e.id.clone())
        });
        if !self.evaluations.contains(&evaluation) {
            self.evaluations.push(evaluation.clone());
        }
        let months = ending.days as f64 / DAYS_PER_MONTH;
        let provider = provider_index(rules, ending.provider);
        self.endings.push((provider, reason, evaluation, months));
    }

    pub(super) fn finish(mut self, rules: &RuleSet) -> EndingTables {
        // "ohne Bewertung" last, always.
        self.evaluations.retain(Option::is_some);
        self.evaluations.push(None);
        let mut by_reason = CountTable::new(rules, self.reasons.len());
        let mut by_evaluation = CountTable::new(rules, self.evaluations.len());
        for (provider, reason, evaluation, _) in &self.endings {
            by_reason.add_at(*provider, *reason);
            let column = self
                .evaluations
                .iter()
                .position(|e| e == evaluation)
                .unwrap_or(0);
            by_evaluation.add_at(*provider, column);
        }
        let endings = &self.endings;
        let duration = |provider: Option<usize>| {
            let months: Vec<f64> = endings
                .iter()
                .filter(|(p, ..)| provider.is_none() || *p == provider)
                .map(|(.., months)| *months)
                .collect();
            DurationRow {
                provider: provider
                    .and_then(|i| rules.providers.get(i))
                    .map(|p| p.id.clone()),
                endings: u32::try_from(months.len()).unwrap_or(u32::MAX),
                median_months: median(months),
            }
        };
        let durations = std::iter::once(duration(None))
            .chain((0..rules.providers.len()).map(|i| duration(Some(i))))
            .collect();
        EndingTables {
            reasons: self.reasons,
            by_reason,
            evaluations: self.evaluations,
            by_evaluation,
            durations,
        }
    }
}

/// The label of a reason column, or its id when the rule set lacks it.
pub fn reason_label(rules: &RuleSet, reason: &DeactivationReasonId) -> String {
    label_of(&rules.deactivation_reasons, reason).map_or_else(|| reason.to_string(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{CaseEvent, EventKind};
    use crate::domain::ids::*;
    use crate::domain::test_cases::admitted;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn record(case: &mut Case, id: u64, date: NaiveDate, kind: EventKind) {
        case.record(
            CaseEvent {
                id: RecordId::from_random(id),
                date,
                recorded_at: id as i64,
                kind,
            },
            d(2030, 1, 1),
        )
        .unwrap();
    }

    fn ended(reason: &str, evaluation: Option<&str>) -> EventKind {
        EventKind::Deactivated {
            reason: reason.into(),
            evaluation: evaluation.map(Into::into),
        }
    }

    #[test]
    fn endings_by_reason_and_evaluation_with_the_median_time_over_reactivations() {
        let rules = RuleSet::default_rheine();
        // Six months in case management, "Ziele erreicht" (implied evaluation).
        let mut a = admitted(1, d(2022, 7, 1), "links", "caritas");
        record(&mut a, 10, d(2023, 1, 1), ended("goals-reached", None));
        // Reactivated: 01.01.–01.03.2022 (59 days) and 01.01.–01.02.2023 (31 days), 90 days.
        let mut b = admitted(2, d(2022, 1, 1), "links", "lernen-foerdern");
        record(&mut b, 20, d(2022, 3, 1), ended("no-contact", None));
        record(&mut b, 21, d(2023, 1, 1), EventKind::Reactivated);
        record(
            &mut b,
            22,
            d(2023, 2, 1),
            ended("moved-away", Some("partly-reached")),
        );
        // Ended after the period: not counted.
        let mut c = admitted(3, d(2022, 1, 1), "links", "caritas");
        record(&mut c, 30, d(2023, 5, 1), ended("returned", None));
        let tables = ending_tables(
            &[a, b, c],
            &rules,
            YearMonth::new(2023, 1).unwrap(),
            YearMonth::new(2023, 3).unwrap(),
        );
        let reasons: Vec<&str> = tables.reasons.iter().map(|r| r.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "moved-away",
                "returned",
                "no-contact",
                "goals-reached",
                "other-service"
            ]
        );
        assert_eq!(tables.by_reason.total.per_column, [1, 0, 0, 1, 0]);
        assert_eq!(
            tables.by_reason.rows[0].per_column,
            [0, 0, 0, 1, 0],
            "Caritas"
        );
        let evaluations: Vec<Option<&str>> = tables
            .evaluations
            .iter()
            .map(|e| e.as_ref().map(|e| e.as_str()))
            .collect();
        assert_eq!(
            evaluations,
            [
                Some("goals-reached"),
                Some("partly-reached"),
                Some("not-reached"),
                Some("not-assessable"),
                None
            ]
        );
        assert_eq!(tables.by_evaluation.total.per_column, [1, 1, 0, 0, 0]);
        let months = |days: f64| days / DAYS_PER_MONTH;
        assert_eq!(tables.durations[0].endings, 2);
        let median = tables.durations[0].median_months.unwrap();
        assert!(
            (median - (months(184.0) + months(90.0)) / 2.0).abs() < 1e-9,
            "{median}"
        );
        assert!((tables.durations[2].median_months.unwrap() - months(90.0)).abs() < 1e-9);
        // Without endings: no median.
        let none = ending_tables(
            &[],
            &rules,
            YearMonth::new(2023, 1).unwrap(),
            YearMonth::new(2023, 1).unwrap(),
        );
        assert_eq!(
            none.durations[0],
            DurationRow {
                provider: None,
                endings: 0,
                median_months: None
            }
        );
    }
}
