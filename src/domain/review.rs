//! Quiet cases to review (*Fälle ohne Termin*): the active cases without a counselling session
//! for longer than the rule set says.
//!
//! The source document calls a case *inaktiv* also when the person "hat sich lange nicht
//! gemeldet". Nothing changes a status by itself: the rule set names, per version, after how
//! many months without a session an active case is due for review ([`Review`]), the overview
//! counts the due cases, the case list shows them, and the user deregisters the ones that are
//! over with the review's reason ([`crate::domain::Dataset::deregister`]).
//!
//! A case is due on `today` when it is active and its last contact lies before the day
//! `after_months` months before `today` (the same day of the month, or the month's last day
//! when it has no such day: 31.08. − 6 months = 28.02.). Its last contact is its last
//! effective session, or the day it became active (admitted or reactivated) when that is
//! later: a case admitted or reactivated recently is not due. Exactly `after_months` months
//! after the last contact a case is not yet due; the day after, it is. The version in force
//! on `today` decides; without a version or without a review in it, no case is due.

use crate::domain::case::{Case, CaseState, Status};
use crate::domain::ids::CaseCode;
use crate::domain::rules::{Review, RuleSet};
use chrono::{Months, NaiveDate};

/// The review rule in force on a day, with the day a last contact must not lie before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueRule {
    pub review: Review,
    /// `today` minus the review's months: a case whose last contact lies before it is due.
    pub cutoff: NaiveDate,
}

impl DueRule {
    /// The rule in force on `today`; `None` when no version in force names a review.
    pub fn on(rules: &RuleSet, today: NaiveDate) -> Option<DueRule> {
        let review = rules.review_on(today)?.clone();
        let cutoff = today.checked_sub_months(Months::new(review.after_months))?;
        Some(DueRule { review, cutoff })
    }

    /// Whether a case in `state` is due for review.
    pub fn is_due(&self, state: &CaseState) -> bool {
        state.status == Status::Active && last_contact(state) < self.cutoff
    }

    /// The codes of the due cases among `cases` (deleted ones never are), as they stand after
    /// every event.
    pub fn due_cases(&self, cases: &[Case]) -> Vec<CaseCode> {
        cases
            .iter()
            .filter(|case| case.current_state().is_some_and(|s| self.is_due(&s)))
            .map(|case| case.code.clone())
            .collect()
    }
}

/// The last contact of a case: its last session, or the day it became active when later.
pub fn last_contact(state: &CaseState) -> NaiveDate {
    state.last_session.map_or(state.active_since, |session| {
        session.max(state.active_since)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{CaseEvent, EventKind};
    use crate::domain::ids::*;
    use crate::domain::test_cases::admitted;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_case_is_due_the_day_after_exactly_six_months_without_a_session() {
        let rules = RuleSet::default_rheine();
        let mut c = admitted(1, d(2022, 9, 1), "links", "caritas");
        c.record_session(d(2023, 1, 15), "phone".into(), d(2030, 1, 1))
            .unwrap();
        let due_on = |today| {
            let rule = DueRule::on(&rules, today).unwrap();
            rule.is_due(&c.current_state().unwrap())
        };
        assert_eq!(
            DueRule::on(&rules, d(2023, 7, 15))
                .unwrap()
                .review
                .after_months,
            6
        );
        assert!(!due_on(d(2023, 7, 15)), "exactly six months: not yet");
        assert!(due_on(d(2023, 7, 16)), "six months and a day");
        // 31.08. − 6 months is the last day of February.
        assert_eq!(
            DueRule::on(&rules, d(2023, 8, 31)).unwrap().cutoff,
            d(2023, 2, 28)
        );
    }

    #[test]
    fn the_last_contact_is_the_last_session_or_a_later_admission_or_reactivation() {
        let rules = RuleSet::default_rheine();
        let today = d(2024, 1, 10);
        let rule = DueRule::on(&rules, today).unwrap();
        // Admitted more than six months ago, never seen since: due.
        let quiet = admitted(1, d(2023, 5, 1), "links", "caritas");
        // Admitted recently without a session: not due.
        let fresh = admitted(2, d(2023, 12, 1), "links", "caritas");
        // An old session, but reactivated recently: not due.
        let mut back = admitted(3, d(2022, 1, 1), "links", "caritas");
        back.record_session(d(2022, 2, 1), "phone".into(), today)
            .unwrap();
        let event = |id, date, kind| CaseEvent {
            id: RecordId::from_random(id),
            date,
            recorded_at: id as i64,
            kind,
        };
        back.record(
            event(
                31,
                d(2022, 3, 1),
                EventKind::Deactivated {
                    reason: "no-contact".into(),
                    evaluation: None,
                },
            ),
            today,
        )
        .unwrap();
        back.record(event(32, d(2023, 11, 1), EventKind::Reactivated), today)
            .unwrap();
        // Quiet, but already deregistered: not due.
        let mut gone = admitted(4, d(2022, 1, 1), "links", "caritas");
        gone.record(
            event(
                41,
                d(2022, 3, 1),
                EventKind::Deactivated {
                    reason: "moved-away".into(),
                    evaluation: None,
                },
            ),
            today,
        )
        .unwrap();
        let cases = [quiet, fresh, back, gone];
        assert_eq!(rule.due_cases(&cases), [CaseCode::from_random(1)]);
    }

    #[test]
    fn without_a_review_in_the_version_in_force_nothing_is_due() {
        let mut rules = RuleSet::default_rheine();
        for version in &mut rules.versions {
            version.review = None;
        }
        assert_eq!(DueRule::on(&rules, d(2024, 1, 1)), None);
        assert_eq!(DueRule::on(&RuleSet::default_rheine(), d(2021, 1, 1)), None);
    }
}
