//! Frequency and depth of case work (*Beratungsfrequenz und -tiefe*) over the report period:
//! counselling sessions per month and by form, and per case.
//!
//! What is counted (the report's footnotes say the same):
//! - a **session** is an effective session (not voided) of a case that is not deleted, dated
//!   in the period; each date and form of a case once ([`History::sessions`]). It counts for
//!   the provider responsible for the case on its date;
//! - a case is **active in the period** when it was *aktiv* on at least one day of it: active
//!   at its start, or admitted or reactivated within it;
//! - per case (active cases, cases with at least one session, sessions per active case) a
//!   case counts for the provider responsible for it on the last day of the period; a case
//!   admitted after the period is not counted;
//! - **sessions per active case** is the median, over the cases active in the period, of
//!   their sessions in the period, those without a session included.
//!
//! [`History::sessions`]: crate::domain::case::History::sessions

use super::count_table::{median, provider_index, CountTable};
use crate::domain::case::{Case, InPeriod, SessionHeld};
use crate::domain::ids::{ProviderId, SessionFormId};
use crate::domain::rules::RuleSet;
use crate::domain::YearMonth;
use chrono::NaiveDate;

/// The cases of one row: active in the period, with at least one session, and the median of
/// sessions per active case.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseRow {
    /// `None` for the total row.
    pub provider: Option<ProviderId>,
    pub active: u32,
    pub with_session: u32,
    /// `None` when no case was active.
    pub median_sessions: Option<f64>,
}

/// The tables of sessions over a period.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionTables {
    pub months: Vec<YearMonth>,
    /// Sessions per month (columns: `months`).
    pub per_month: CountTable,
    /// The forms of the columns of `per_form`: the catalogue's, then any other form a session
    /// names (by id).
    pub forms: Vec<SessionFormId>,
    /// Sessions by form (columns: `forms`).
    pub per_form: CountTable,
    /// The total row, then one per provider of the rule set.
    pub cases: Vec<CaseRow>,
}

/// Counts the sessions of `cases` from `first` to `last`, both months included (within the
/// calendar span, see [`YearMonth::through`]).
pub fn session_tables(
    cases: &[Case],
    rules: &RuleSet,
    first: YearMonth,
    last: YearMonth,
) -> SessionTables {
    let mut counter = SessionCounter::new(rules, first, last);
    if let Some((start, end)) = counter.days() {
        for case in cases.iter().filter(|c| !c.is_deleted()) {
            counter.add(&case.history().in_period(start, end), rules);
        }
    }
    counter.finish(rules)
}

/// The sessions of a period, counted case by case from each case's [`InPeriod`] (so a
/// report reads each history once for sessions and endings, `super::case_work`).
pub(super) struct SessionCounter {
    months: Vec<YearMonth>,
    forms: Vec<SessionFormId>,
    per_month: CountTable,
    /// (index of the provider on the last day, active in the period, sessions in it) per case.
    per_case: Vec<(Option<usize>, bool, u32)>,
    /// (form, index of the provider) per session, counted by form once every form is known.
    held: Vec<(usize, Option<usize>)>,
}

impl SessionCounter {
    pub(super) fn new(rules: &RuleSet, first: YearMonth, last: YearMonth) -> Self {
        let months = first.through(last);
        SessionCounter {
            per_month: CountTable::new(rules, months.len()),
            forms: rules.session_forms.iter().map(|f| f.id.clone()).collect(),
            months,
            per_case: Vec::new(),
            held: Vec::new(),
        }
    }

    /// The first and the last day of the period; `None` when it holds no month.
    pub(super) fn days(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((
            self.months.first()?.first_day(),
            self.months.last()?.last_day(),
        ))
    }

    pub(super) fn add(&mut self, period: &InPeriod<'_>, rules: &RuleSet) {
        for session in &period.sessions {
            self.session(session, rules);
        }
        self.case(
            period.active,
            period.provider_at_end,
            period.sessions.len(),
            rules,
        );
    }

    /// Counts one session of the period.
    pub(super) fn session(&mut self, session: &SessionHeld<'_>, rules: &RuleSet) {
        let first = self.months.first().map_or(0, |m| month_number(*m));
        let month = month_number(YearMonth::of(session.date)) - first;
        let form = match self.forms.iter().position(|f| f == session.form) {
            Some(index) => index,
            None => {
                self.forms.push(session.form.clone());
                self.forms.len() - 1
            }
        };
        let provider = provider_index(rules, session.provider);
        self.per_month
            .add_at(provider, usize::try_from(month).unwrap_or(usize::MAX));
        self.held.push((form, provider));
    }

    /// Counts one case with its `sessions` in the period (after them).
    pub(super) fn case(
        &mut self,
        active: bool,
        provider_at_end: Option<&ProviderId>,
        sessions: usize,
        rules: &RuleSet,
    ) {
        if let Some(provider) = provider_at_end {
            let sessions = u32::try_from(sessions).unwrap_or(u32::MAX);
            self.per_case
                .push((provider_index(rules, provider), active, sessions));
        }
    }

    pub(super) fn finish(self, rules: &RuleSet) -> SessionTables {
        let mut per_form = CountTable::new(rules, self.forms.len());
        for (form, provider) in &self.held {
            per_form.add_at(*provider, *form);
        }
        SessionTables {
            months: self.months,
            forms: self.forms,
            per_month: self.per_month,
            per_form,
            cases: case_rows(rules, self.per_case),
        }
    }
}

/// Months counted from year 0, to find a month's column by subtraction.
fn month_number(month: YearMonth) -> i64 {
    i64::from(month.year()) * 12 + i64::from(month.month())
}

/// The rows of cases: the total, then each provider of the rule set.
fn case_rows(rules: &RuleSet, per_case: Vec<(Option<usize>, bool, u32)>) -> Vec<CaseRow> {
    let row = |provider: Option<usize>| {
        let mine = per_case
            .iter()
            .filter(|(p, _, _)| provider.is_none() || *p == provider);
        let mut active = 0u32;
        let mut with_session = 0u32;
        let mut counts = Vec::new();
        for (_, was_active, sessions) in mine {
            with_session = with_session.saturating_add(u32::from(*sessions > 0));
            if *was_active {
                active = active.saturating_add(1);
                counts.push(f64::from(*sessions));
            }
        }
        CaseRow {
            provider: provider
                .and_then(|i| rules.providers.get(i))
                .map(|p| p.id.clone()),
            active,
            with_session,
            median_sessions: median(counts),
        }
    };
    std::iter::once(row(None))
        .chain((0..rules.providers.len()).map(|i| row(Some(i))))
        .collect()
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

    const TODAY: (i32, u32, u32) = (2024, 1, 1);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn event(id: u64, date: NaiveDate, kind: EventKind) -> CaseEvent {
        CaseEvent {
            id: RecordId::from_random(id),
            date,
            recorded_at: id as i64,
            kind,
        }
    }

    #[test]
    fn sessions_count_per_month_form_and_provider_voids_and_deletions_left_out() {
        let rules = RuleSet::default_rheine();
        let mut a = admitted(1, d(2022, 12, 1), "links", "caritas");
        a.record_session(d(2023, 1, 5), "phone".into(), today())
            .unwrap();
        a.record_session(d(2023, 1, 5), "in-person".into(), today())
            .unwrap();
        a.record_session(d(2023, 2, 7), "phone".into(), today())
            .unwrap();
        // Before the period: not counted.
        a.record_session(d(2022, 12, 20), "phone".into(), today())
            .unwrap();
        // Voided: not counted.
        a.record_session(d(2023, 3, 1), "digital".into(), today())
            .unwrap();
        let target = RecordId::of_session(d(2023, 3, 1), 0, &"digital".into());
        a.record(
            event(10, d(2023, 3, 2), EventKind::Voided { target }),
            today(),
        )
        .unwrap();
        // Handed over in February: the March session counts for Lernen fördern.
        a.record(
            event(
                11,
                d(2023, 2, 20),
                EventKind::HandedOver {
                    to: "lernen-foerdern".into(),
                    rule_change: false,
                },
            ),
            today(),
        )
        .unwrap();
        a.record_session(d(2023, 3, 10), "home-visit".into(), today())
            .unwrap();
        let mut deleted = admitted(2, d(2022, 12, 1), "links", "caritas");
        deleted
            .record_session(d(2023, 1, 9), "phone".into(), today())
            .unwrap();
        deleted
            .record(event(20, d(2023, 1, 10), EventKind::Deleted), today())
            .unwrap();
        let quiet = admitted(3, d(2023, 2, 1), "links", "lernen-foerdern");
        let tables = session_tables(
            &[a, deleted, quiet],
            &rules,
            YearMonth::new(2023, 1).unwrap(),
            YearMonth::new(2023, 3).unwrap(),
        );
        assert_eq!(tables.per_month.total.per_column, [2, 1, 1]);
        assert_eq!(tables.per_month.total.total, 4);
        assert_eq!(tables.per_month.rows[0].per_column, [2, 1, 0], "Caritas");
        assert_eq!(
            tables.per_month.rows[1].per_column,
            [0, 0, 1],
            "Lernen fördern"
        );
        let forms: Vec<&str> = tables.forms.iter().map(SessionFormId::as_str).collect();
        assert_eq!(
            forms,
            [
                "in-person",
                "phone",
                "home-visit",
                "accompaniment",
                "digital"
            ]
        );
        assert_eq!(tables.per_form.total.per_column, [1, 2, 1, 0, 0]);
        // Per case, by the provider at the end of the period: both with Lernen fördern.
        assert_eq!(
            tables.cases[0],
            CaseRow {
                provider: None,
                active: 2,
                with_session: 1,
                median_sessions: Some(2.0)
            }
        );
        assert_eq!(tables.cases[1].active, 0, "Caritas");
        assert_eq!(tables.cases[2].active, 2, "Lernen fördern");
    }

    #[test]
    fn a_case_active_on_one_day_of_the_period_is_active_in_it() {
        let rules = RuleSet::default_rheine();
        let ended = |id, date| {
            event(
                id,
                date,
                EventKind::Deactivated {
                    reason: "moved-away".into(),
                    evaluation: None,
                },
            )
        };
        // Deregistered before the period: not active in it.
        let mut before = admitted(1, d(2022, 1, 1), "links", "caritas");
        before.record(ended(10, d(2022, 12, 31)), today()).unwrap();
        // Deregistered on the period's first day: active on it.
        let mut first_day = admitted(2, d(2022, 1, 1), "links", "caritas");
        first_day.record(ended(20, d(2023, 1, 1)), today()).unwrap();
        // Reactivated in the period.
        let mut back = admitted(3, d(2022, 1, 1), "links", "caritas");
        back.record(ended(30, d(2022, 6, 1)), today()).unwrap();
        back.record(event(31, d(2023, 3, 31), EventKind::Reactivated), today())
            .unwrap();
        // Admitted after the period: not counted at all.
        let later = admitted(4, d(2023, 4, 1), "links", "caritas");
        let tables = session_tables(
            &[before, first_day, back, later],
            &rules,
            YearMonth::new(2023, 1).unwrap(),
            YearMonth::new(2023, 3).unwrap(),
        );
        assert_eq!(tables.cases[0].active, 2);
        assert_eq!(tables.cases[0].median_sessions, Some(0.0));
    }
}
