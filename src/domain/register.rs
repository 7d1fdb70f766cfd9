//! The case register (*Fälle*): one row per case, filters, sorting and paging, kept pure so a
//! list of 20,000 cases is filtered and sorted natively testable and the page only renders
//! one page of rows.

use crate::domain::case::{Case, Status};
use crate::domain::ids::*;
use chrono::NaiveDate;

/// One line of the case list.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseRow {
    pub code: CaseCode,
    pub provider: ProviderId,
    pub area: AreaId,
    pub admitted_on: NaiveDate,
    pub status: Status,
    pub last_change: NaiveDate,
    pub against_suggestion: bool,
}

/// The rows of every case that is not deleted, as of today.
pub fn rows(cases: &[Case], _today: NaiveDate) -> Vec<CaseRow> {
    cases
        .iter()
        .filter_map(|case| {
            let state = case.current_state()?;
            let against = case
                .admission()
                .is_some_and(|(_, a)| a.against_suggestion.is_some());
            Some(CaseRow {
                code: case.code.clone(),
                provider: state.provider,
                area: state.area,
                admitted_on: state.admitted_on,
                status: state.status,
                last_change: state.last_change,
                against_suggestion: against,
            })
        })
        .collect()
}

/// Which rows to show; `None` = any.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Filter {
    pub provider: Option<ProviderId>,
    pub status: Option<Status>,
    pub area: Option<AreaId>,
}

impl Filter {
    /// Whether a row passes.
    pub fn matches(&self, row: &CaseRow) -> bool {
        self.provider.as_ref().is_none_or(|p| *p == row.provider)
            && self.status.is_none_or(|s| s == row.status)
            && self.area.as_ref().is_none_or(|a| *a == row.area)
    }
}

/// The column to sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Code,
    Provider,
    Area,
    AdmittedOn,
    Status,
    LastChange,
}

/// Sorts stably by `key`, ties by code.
pub fn sort(rows: &mut [CaseRow], key: SortKey, descending: bool) {
    rows.sort_by(|a, b| {
        let order = match key {
            SortKey::Code => a.code.cmp(&b.code),
            SortKey::Provider => a.provider.cmp(&b.provider),
            SortKey::Area => a.area.cmp(&b.area),
            SortKey::AdmittedOn => a.admitted_on.cmp(&b.admitted_on),
            SortKey::Status => a.status.cmp(&b.status),
            SortKey::LastChange => a.last_change.cmp(&b.last_change),
        }
        .then_with(|| a.code.cmp(&b.code));
        if descending {
            order.reverse()
        } else {
            order
        }
    });
}

/// Totals shown above the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    pub total: usize,
    pub active: usize,
    pub inactive: usize,
}

/// Counts rows by status.
pub fn counts(rows: &[CaseRow]) -> Counts {
    let active = rows.iter().filter(|r| r.status == Status::Active).count();
    Counts {
        total: rows.len(),
        active,
        inactive: rows.len() - active,
    }
}

/// The rows of page `index` (0-based) of `size` rows; empty past the end.
pub fn page(rows: &[CaseRow], index: usize, size: usize) -> &[CaseRow] {
    let start = index.saturating_mul(size).min(rows.len());
    let end = start.saturating_add(size).min(rows.len());
    &rows[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: u64, provider: &str, status: Status, day: u32) -> CaseRow {
        let date = NaiveDate::from_ymd_opt(2023, 1, day).unwrap();
        CaseRow {
            code: CaseCode::from_random(code),
            provider: ProviderId::new(provider),
            area: AreaId::new("links"),
            admitted_on: date,
            status,
            last_change: date,
            against_suggestion: false,
        }
    }

    #[test]
    fn filter_sort_count_page() {
        let mut rows = vec![
            row(3, "caritas", Status::Active, 5),
            row(1, "lernen-foerdern", Status::Inactive, 2),
            row(2, "caritas", Status::Inactive, 9),
        ];
        let filter = Filter {
            provider: Some(ProviderId::new("caritas")),
            ..Filter::default()
        };
        assert_eq!(rows.iter().filter(|r| filter.matches(r)).count(), 2);
        sort(&mut rows, SortKey::AdmittedOn, true);
        assert_eq!(rows[0].code, CaseCode::from_random(2));
        sort(&mut rows, SortKey::Code, false);
        assert_eq!(rows[0].code, CaseCode::from_random(1));
        assert_eq!(
            counts(&rows),
            Counts {
                total: 3,
                active: 1,
                inactive: 2
            }
        );
        assert_eq!(page(&rows, 1, 2).len(), 1);
        assert!(page(&rows, 5, 2).is_empty());
    }
}
