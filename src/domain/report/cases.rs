//! Cases admitted into KIM case management on reporting dates, as in the city's report.
//!
//! As-of semantics (DOMAIN.md): the total is every case admitted on or before the date,
//! whatever its status (cumulative); per provider is the provider responsible on that date,
//! after handovers dated on or before it; active/inactive is the status on that date. Events
//! dated on the reporting date count. Deleted cases never count.

use crate::domain::case::{Case, Status};
use crate::domain::ids::{AreaId, ProviderId};
use crate::domain::rules::RuleSet;
use chrono::{Datelike, NaiveDate};

/// One reporting date's column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseColumn {
    pub date: NaiveDate,
    pub total: u32,
    /// Every provider of the rule set, in rule-set order, zeros included.
    pub per_provider: Vec<(ProviderId, u32)>,
    /// Every area of the municipality (rule-set order, zeros included): the cases living there
    /// on the date, after moves. A case in an area outside the municipality is in no row.
    pub per_area: Vec<(AreaId, u32)>,
    pub active: u32,
    pub inactive: u32,
    /// Every provider of the rule set, in rule-set order: its active cases on the date (for
    /// the cases per post, `super::caseload`).
    pub active_per_provider: Vec<(ProviderId, u32)>,
}

/// The table for several reporting dates.
pub fn case_table(cases: &[Case], rules: &RuleSet, dates: &[NaiveDate]) -> Vec<CaseColumn> {
    let mut columns: Vec<CaseColumn> = dates
        .iter()
        .map(|&date| CaseColumn {
            date,
            total: 0,
            per_provider: rules.providers.iter().map(|p| (p.id.clone(), 0)).collect(),
            per_area: rules
                .municipality_areas()
                .map(|a| (a.id.clone(), 0))
                .collect(),
            active: 0,
            inactive: 0,
            active_per_provider: rules.providers.iter().map(|p| (p.id.clone(), 0)).collect(),
        })
        .collect();
    // Case by case, so each history is read once for all the dates.
    for case in cases {
        for (column, placement) in columns.iter_mut().zip(case.placements_on(dates)) {
            let Some(placement) = placement else {
                continue;
            };
            let (status, provider) = (placement.status, placement.provider);
            if let Some(entry) = column
                .per_area
                .iter_mut()
                .find(|(a, _)| a == placement.area)
            {
                entry.1 += 1;
            }
            column.total += 1;
            match status {
                Status::Active => {
                    column.active += 1;
                    if let Some(entry) = column
                        .active_per_provider
                        .iter_mut()
                        .find(|(p, _)| p == provider)
                    {
                        entry.1 += 1;
                    }
                }
                Status::Inactive => column.inactive += 1,
            }
            if let Some(entry) = column.per_provider.iter_mut().find(|(p, _)| p == provider) {
                entry.1 += 1;
            }
        }
    }
    columns
}

/// The last three quarter ends (31.03., 30.06., 30.09., 31.12.) on or before `today`,
/// oldest first; fewer at the very beginning of chrono's calendar.
pub fn default_reporting_dates(today: NaiveDate) -> Vec<NaiveDate> {
    let mut dates = Vec::new();
    let mut year = today.year();
    let mut quarter = today.month0() / 3 + 1;
    while dates.len() < 3 {
        let Some(end) = quarter_end(year, quarter) else {
            break;
        };
        if end <= today {
            dates.push(end);
        }
        if quarter == 1 {
            quarter = 4;
            year -= 1;
        } else {
            quarter -= 1;
        }
    }
    dates.reverse();
    dates
}

/// The last day of a quarter; `None` outside chrono's calendar.
fn quarter_end(year: i32, quarter: u32) -> Option<NaiveDate> {
    let (month, day) = match quarter {
        1 => (3, 31),
        2 => (6, 30),
        3 => (9, 30),
        _ => (12, 31),
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_count_in_the_area_they_live_in_on_the_date() {
        use crate::domain::case::{Admission, CaseEvent, EventKind};
        use crate::domain::ids::{CaseCode, RecordId};
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let rules = RuleSet::default_rheine();
        let admit = |n: u64, area: &str| {
            Case::admit(
                CaseCode::from_random(n),
                RecordId::from_random(n * 10),
                d(2022, 8, 1),
                1,
                Admission {
                    area: area.into(),
                    provider: "caritas".into(),
                    problems: vec![],
                    parties: vec![],
                    way_in: "self".into(),
                    against_suggestion: None,
                    intake: None,
                },
                d(2030, 1, 1),
            )
            .unwrap()
        };
        let mut moving = admit(1, "links");
        moving
            .record(
                CaseEvent {
                    id: RecordId::from_random(11),
                    date: d(2022, 11, 1),
                    recorded_at: 2,
                    kind: EventKind::Moved {
                        to: "rechts".into(),
                    },
                },
                d(2030, 1, 1),
            )
            .unwrap();
        let staying = admit(2, "links");
        let outside = admit(3, "kreis");
        let table = case_table(
            &[moving, staying, outside],
            &rules,
            &[d(2022, 9, 30), d(2022, 12, 31)],
        );
        let areas = |c: &CaseColumn| {
            c.per_area
                .iter()
                .map(|(a, n)| (a.as_str().to_owned(), *n))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            areas(&table[0]),
            [("links".to_owned(), 2), ("rechts".to_owned(), 0)]
        );
        assert_eq!(
            areas(&table[1]),
            [("links".to_owned(), 1), ("rechts".to_owned(), 1)]
        );
        // The provider stays with a move; the case outside the municipality is in no area row.
        assert_eq!(table[1].total, 3);
        assert_eq!(table[1].per_provider[0], ("caritas".into(), 3));
    }

    #[test]
    fn quarter_ends_before_today() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            default_reporting_dates(d(2023, 4, 1)),
            [d(2022, 9, 30), d(2022, 12, 31), d(2023, 3, 31)]
        );
        assert_eq!(
            default_reporting_dates(d(2023, 3, 31)),
            [d(2022, 9, 30), d(2022, 12, 31), d(2023, 3, 31)]
        );
    }

    #[test]
    fn quarter_ends_at_the_ends_of_chrono_s_calendar() {
        assert!(default_reporting_dates(NaiveDate::MIN).is_empty());
        let last = default_reporting_dates(NaiveDate::MAX);
        assert_eq!(last.len(), 3);
        assert_eq!(last[2], NaiveDate::MAX);
    }
}
