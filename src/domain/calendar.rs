//! The span of time the app's records can lie in, so that no date or timestamp from a file
//! reaches date arithmetic or a loop over months unchecked.
//!
//! `chrono` dates reach from the year −262143 to +262142. A record dated at either end makes
//! `succ_opt`/`pred_opt` fail, and a report over the months between two such dates would
//! iterate six million months. No record of KIM can be that old or that far ahead: the
//! programme started in 2020 (Rheine's first rule version is from 01.09.2021) and the yearly
//! figures of *Baustein 3* reach back to 2017. So every date a record, a rule version or a
//! report period holds must lie in the years [`FIRST_YEAR`]..=[`LAST_YEAR`]; each module refuses
//! a date outside with its own error variant (e.g. `CaseError::DateOutOfRange`), and loops over
//! months stay within the span ([`crate::domain::YearMonth::through`]).
//!
//! Timestamps (`recorded_at`, milliseconds since the Unix epoch, written by the recording
//! laptop) only order events recorded on the same day; they must lie between the epoch and the
//! end of [`LAST_YEAR`] ([`MAX_TIMESTAMP_MS`]).
//!
//! The span is not "today": the domain has no clock, and the entry forms check "not in the
//! future" separately.

use chrono::{Datelike, NaiveDate};

/// The first year a record can lie in. Earlier than any KIM record (2020) and than the
/// earliest *Baustein 3* figures (2017), so old figures can still be entered.
pub const FIRST_YEAR: i32 = 2000;

/// The last year a record can lie in: far beyond the life of this app, yet it keeps a
/// report period at most 1,212 months long.
pub const LAST_YEAR: i32 = 2100;

/// The last millisecond of [`LAST_YEAR`] (31.12.2100 23:59:59.999 UTC) since the Unix epoch:
/// the largest plausible `recorded_at`.
pub const MAX_TIMESTAMP_MS: i64 = 4_133_980_799_999;

/// Whether `year` lies in [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn is_plausible_year(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

/// Whether `date` lies in the years [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn is_plausible_date(date: NaiveDate) -> bool {
    is_plausible_year(date.year())
}

/// Whether a `recorded_at` timestamp lies between the Unix epoch and [`MAX_TIMESTAMP_MS`]
/// (both included; 0 is what records made by tests and examples carry).
pub fn is_plausible_timestamp(ms: i64) -> bool {
    (0..=MAX_TIMESTAMP_MS).contains(&ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_timestamp_is_the_last_millisecond_of_the_last_year() {
        let next_year = NaiveDate::from_ymd_opt(LAST_YEAR + 1, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc();
        assert_eq!(MAX_TIMESTAMP_MS, next_year.timestamp_millis() - 1);
    }

    #[test]
    fn bounds_are_inclusive() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(is_plausible_date(d(FIRST_YEAR, 1, 1)));
        assert!(is_plausible_date(d(LAST_YEAR, 12, 31)));
        assert!(!is_plausible_date(d(FIRST_YEAR - 1, 12, 31)));
        assert!(!is_plausible_date(d(LAST_YEAR + 1, 1, 1)));
        assert!(!is_plausible_date(NaiveDate::MAX));
        assert!(!is_plausible_date(NaiveDate::MIN));
        assert!(is_plausible_timestamp(0));
        assert!(is_plausible_timestamp(MAX_TIMESTAMP_MS));
        assert!(!is_plausible_timestamp(-1));
        assert!(!is_plausible_timestamp(MAX_TIMESTAMP_MS + 1));
        assert!(!is_plausible_timestamp(i64::MAX));
    }
}
