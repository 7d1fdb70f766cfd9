//! The tables of case work over a report period, computed together: [`period_tables`] reads
//! every history once for the sessions and the endings of a period.

use super::endings::{EndingCounter, EndingTables};
use super::sessions::{SessionCounter, SessionTables};
use crate::domain::case::Case;
use crate::domain::rules::RuleSet;
use crate::domain::YearMonth;

/// The session tables and the ending tables of the period from `first` to `last`, both months
/// included, reading each case's history once ([`crate::domain::case::History::in_period`]):
/// the same tables as `sessions::session_tables` and `endings::ending_tables`.
pub fn period_tables(
    cases: &[Case],
    rules: &RuleSet,
    first: YearMonth,
    last: YearMonth,
) -> (SessionTables, EndingTables) {
    let mut sessions = SessionCounter::new(rules, first, last);
    let mut endings = EndingCounter::new(rules);
    if let Some((start, end)) = sessions.days() {
        for case in cases {
            // One walk builds the history and tells whether the case was deleted.
            let history = case.history();
            if history.is_deleted() {
                continue;
            }
            let mut held = 0;
            let (active, provider) = history.visit_period(
                start,
                end,
                |session| {
                    held += 1;
                    sessions.session(&session, rules);
                },
                |ending| endings.ending(&ending, rules),
            );
            sessions.case(active, provider, held, rules);
        }
    }
    (sessions.finish(rules), endings.finish(rules))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{CaseEvent, EventKind};
    use crate::domain::ids::*;
    use crate::domain::report::{endings, sessions};
    use chrono::NaiveDate;

    #[test]
    fn together_the_tables_are_the_ones_computed_apart() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let today = d(2030, 1, 1);
        let rules = RuleSet::default_rheine();
        let cases: Vec<Case> = (1..=6u64)
            .map(|n| {
                let mut case = crate::domain::test_cases::admitted(
                    n,
                    d(2022, 11, n as u32),
                    if n % 2 == 0 { "links" } else { "rechts" },
                    if n % 2 == 0 {
                        "caritas"
                    } else {
                        "lernen-foerdern"
                    },
                );
                for k in 0..n {
                    let date = d(2023, 1, 1) + chrono::Days::new(k * 11);
                    case.record_session(date, "phone".into(), today).unwrap();
                }
                if n % 3 == 0 {
                    let event = CaseEvent {
                        id: RecordId::from_random(100 + n),
                        date: d(2023, 2, 15),
                        recorded_at: 2,
                        kind: EventKind::Deactivated {
                            reason: "goals-reached".into(),
                            evaluation: None,
                        },
                    };
                    case.record(event, today).unwrap();
                }
                case
            })
            .collect();
        let (first, last) = (
            YearMonth::new(2023, 1).unwrap(),
            YearMonth::new(2023, 3).unwrap(),
        );
        let (held, ended) = period_tables(&cases, &rules, first, last);
        assert_eq!(held, sessions::session_tables(&cases, &rules, first, last));
        assert_eq!(ended, endings::ending_tables(&cases, &rules, first, last));
        assert_eq!(held.per_month.total.total, 21);
        assert_eq!(
            ended.by_evaluation.total.per_column[0], 2,
            "implied by the reason"
        );
    }
}
