//! The case register (*Fälle*): one row per case, filters, the search by case code, sorting
//! and paging, kept pure so a list of 20,000 cases is filtered and sorted natively testable and
//! the page only renders one page of rows.
//!
//! The list shows each case's last counselling session (*letzter Termin*) and can be limited
//! to the quiet cases due for review ([`crate::domain::review`]); "Letzte Änderung" stays the
//! last change of status, provider or area, which a session is not (docs/decisions/0042).
//!
//! The search ([`CodeQuery`]) takes what a person types while holding the paper file: the
//! code with or without its dash, in any letter case, with stray spaces, or only its first
//! characters. It normalises with [`CaseCode::typed_characters`], the same rule
//! [`CaseCode::parse`] uses, so `o`/`i`/`l` typed for `0`/`1` find the case too.

use crate::domain::case::{Case, Status};
use crate::domain::ids::*;
use crate::domain::review::DueRule;
use crate::domain::rules::RuleSet;
use crate::domain::sorting;
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
    /// The date of the last effective session (*letzter Termin*).
    pub last_session: Option<NaiveDate>,
    /// Active without a session for longer than the review rule in force today allows.
    pub due: bool,
    pub against_suggestion: bool,
}

/// The rows of every case that is not deleted, as of today (the review rule in force today
/// decides which are due).
pub fn rows(cases: &[Case], rules: &RuleSet, today: NaiveDate) -> Vec<CaseRow> {
    let due = DueRule::on(rules, today);
    cases
        .iter()
        .filter_map(|case| {
            let state = case.current_state()?;
            let against = case
                .admission()
                .is_some_and(|(_, a)| a.against_suggestion.is_some());
            Some(CaseRow {
                code: case.code.clone(),
                due: due.as_ref().is_some_and(|rule| rule.is_due(&state)),
                provider: state.provider,
                area: state.area,
                admitted_on: state.admitted_on,
                status: state.status,
                last_change: state.last_change,
                last_session: state.last_session,
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
    /// Only the cases due for review (*ohne Termin seit mehr als … Monaten*).
    pub due: bool,
    /// The search by case code.
    pub code: CodeQuery,
}

impl Filter {
    /// Whether a row passes.
    pub fn matches(&self, row: &CaseRow) -> bool {
        self.provider.as_ref().is_none_or(|p| *p == row.provider)
            && self.status.is_none_or(|s| s == row.status)
            && self.area.as_ref().is_none_or(|a| *a == row.area)
            && (!self.due || row.due)
            && self.code.matches(&row.code)
    }

    /// Whether every case passes (nothing chosen, nothing searched).
    pub fn is_everything(&self) -> bool {
        *self == Filter::default()
    }
}

/// A search for cases by (the beginning of) their code, as a person types it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum CodeQuery {
    /// Nothing typed (or only spaces and dashes): every case.
    #[default]
    Any,
    /// The first one to eight characters of the code, normalised and without the dash.
    Prefix(String),
    /// Text no code begins with (a character no code has, or more than eight): no case.
    Impossible,
}

impl CodeQuery {
    /// Reads the search field: `"ab12cd34"`, `"AB12-CD34"`, `" ab12-cd34 "` and `"ab12"` are
    /// all beginnings of the code `AB12-CD34`.
    pub fn parse(text: &str) -> Self {
        match CaseCode::typed_characters(text) {
            Some(chars) if chars.is_empty() => CodeQuery::Any,
            Some(chars) if chars.len() <= 8 => CodeQuery::Prefix(chars),
            _ => CodeQuery::Impossible,
        }
    }

    /// Whether `code` begins with what was typed.
    pub fn matches(&self, code: &CaseCode) -> bool {
        match self {
            CodeQuery::Any => true,
            CodeQuery::Prefix(prefix) => {
                let mut chars = code.as_str().bytes().filter(|b| *b != b'-');
                prefix.bytes().all(|typed| chars.next() == Some(typed))
            }
            CodeQuery::Impossible => false,
        }
    }

    /// The whole code, when all eight characters were typed.
    pub fn full_code(&self) -> Option<CaseCode> {
        match self {
            CodeQuery::Prefix(prefix) => CaseCode::parse(prefix),
            _ => None,
        }
    }
}

/// Whether `code` begins with the search text `query` (see [`CodeQuery::parse`]).
pub fn matches_code(query: &str, code: &CaseCode) -> bool {
    CodeQuery::parse(query).matches(code)
}

/// The case a search opens when it is sent (Enter): the case whose whole code was typed, even
/// when the other filters hide it, or else the one case the list shows, if it shows exactly
/// one. `None` when the search leaves a choice (or finds nothing): then the list is the answer.
pub fn case_to_open(query: &CodeQuery, all: &[CaseRow], shown: &[CaseRow]) -> Option<CaseCode> {
    if *query == CodeQuery::Any {
        return None;
    }
    if let Some(code) = query.full_code() {
        if all.iter().any(|row| row.code == code) {
            return Some(code);
        }
    }
    match shown {
        [only] => Some(only.code.clone()),
        _ => None,
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
    /// The last session; cases without one first (ascending).
    LastSession,
}

/// Sorts stably by `key`, ties by code.
pub fn sort(rows: &mut [CaseRow], key: SortKey, descending: bool) {
    sorting::sort_by(rows, |a, b| {
        let order = match key {
            SortKey::Code => a.code.cmp(&b.code),
            SortKey::Provider => a.provider.cmp(&b.provider),
            SortKey::Area => a.area.cmp(&b.area),
            SortKey::AdmittedOn => a.admitted_on.cmp(&b.admitted_on),
            SortKey::Status => a.status.cmp(&b.status),
            SortKey::LastChange => a.last_change.cmp(&b.last_change),
            SortKey::LastSession => a.last_session.cmp(&b.last_session),
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
            last_session: None,
            due: false,
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

    #[test]
    fn the_list_shows_the_last_session_and_filters_the_due_cases() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let today = d(2024, 1, 10);
        let admit = |n: u64, on| crate::domain::test_cases::admitted(n, on, "links", "caritas");
        let mut seen = admit(1, d(2023, 1, 1));
        seen.record_session(d(2023, 12, 1), "phone".into(), today)
            .unwrap();
        let quiet = admit(2, d(2023, 1, 1));
        let mut rows = rows(&[seen, quiet], &RuleSet::default_rheine(), today);
        assert_eq!(rows[0].last_session, Some(d(2023, 12, 1)));
        assert_eq!(rows[0].last_change, d(2023, 1, 1));
        assert_eq!((rows[0].due, rows[1].due), (false, true));
        let filter = Filter {
            due: true,
            ..Filter::default()
        };
        let shown: Vec<_> = rows.iter().filter(|r| filter.matches(r)).collect();
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].code, CaseCode::from_random(2));
        sort(&mut rows, SortKey::LastSession, false);
        assert_eq!(rows[0].last_session, None, "without a session first");
        sort(&mut rows, SortKey::LastSession, true);
        assert_eq!(rows[0].last_session, Some(d(2023, 12, 1)));
    }

    fn code(text: &str) -> CaseCode {
        CaseCode::parse(text).unwrap()
    }

    #[test]
    fn a_code_is_found_however_it_is_typed() {
        let ab = code("AB12-CD34");
        for typed in [
            "ab12cd34",
            "AB12-CD34",
            " ab12-cd34 ",
            "ab12",
            "AB12-",
            "a",
            "ab12 cd",
        ] {
            assert!(matches_code(typed, &ab), "{typed:?} should find AB12-CD34");
        }
        for typed in [
            "ab13",
            "b12",
            "ab12cd35",
            "ab12cd34x",
            "ab12-cd34-0",
            "äb12",
            "u",
        ] {
            assert!(
                !matches_code(typed, &ab),
                "{typed:?} should not find AB12-CD34"
            );
        }
        // Nothing typed finds every case.
        assert!(matches_code("", &ab));
        assert!(matches_code("  - ", &ab));
    }

    #[test]
    fn letters_that_look_like_digits_are_read_as_the_digits() {
        let zero_one = code("0011-0000");
        assert!(matches_code("ooil-oooo", &zero_one));
        assert!(matches_code("OOIL", &zero_one));
        assert!(!matches_code("OIL", &zero_one));
        assert_eq!(
            CodeQuery::parse("oo1l-0ooo").full_code(),
            Some(zero_one.clone())
        );
        assert_eq!(CodeQuery::parse("oo1l").full_code(), None);
        assert_eq!(CodeQuery::parse("uuuu"), CodeQuery::Impossible);
        assert_eq!(CodeQuery::parse("ab12cd34e"), CodeQuery::Impossible);
        assert_eq!(
            CodeQuery::parse(" ab-12 "),
            CodeQuery::Prefix("AB12".into())
        );
    }

    #[test]
    fn the_search_joins_the_other_filters() {
        let mut active = row(1, "caritas", Status::Active, 3);
        active.code = code("AB12-CD34");
        let mut inactive = row(2, "caritas", Status::Inactive, 4);
        inactive.code = code("AB12-XY99");
        let rows = [active, inactive];
        let filter = Filter {
            code: CodeQuery::parse("ab12"),
            ..Filter::default()
        };
        assert!(!filter.is_everything());
        assert_eq!(rows.iter().filter(|r| filter.matches(r)).count(), 2);
        let filter = Filter {
            status: Some(Status::Active),
            ..filter
        };
        assert_eq!(rows.iter().filter(|r| filter.matches(r)).count(), 1);
        assert!(Filter::default().is_everything());
    }

    #[test]
    fn sending_the_search_opens_the_one_case_it_means() {
        let mut first = row(1, "caritas", Status::Active, 3);
        first.code = code("AB12-CD34");
        let mut second = row(2, "caritas", Status::Inactive, 4);
        second.code = code("AB12-XY99");
        let all = vec![first.clone(), second.clone()];
        // The whole code opens its case, even when a filter hides it.
        assert_eq!(
            case_to_open(&CodeQuery::parse("ab12xy99"), &all, &[first.clone()]),
            Some(second.code.clone())
        );
        // A beginning shared by two cases leaves the choice to the list.
        assert_eq!(case_to_open(&CodeQuery::parse("ab12"), &all, &all), None);
        // A beginning the list shows once opens that case.
        assert_eq!(
            case_to_open(&CodeQuery::parse("ab12c"), &all, &[first.clone()]),
            Some(first.code.clone())
        );
        // A whole code nobody has, and an empty search, open nothing.
        assert_eq!(case_to_open(&CodeQuery::parse("zzzzzzzz"), &all, &[]), None);
        assert_eq!(case_to_open(&CodeQuery::Any, &all, &[first]), None);
    }
}
