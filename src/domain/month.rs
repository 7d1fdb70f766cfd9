//! A calendar month, the unit in which short contacts are counted.
//!
//! A month is total over chrono's calendar: [`YearMonth::next`] and [`YearMonth::previous`]
//! say `None` at its ends instead of overflowing, and [`YearMonth::through`] never leaves the
//! span records can lie in ([`calendar`]), so no month read from a file or typed into a form can
//! make a loop over months run for millions of steps.

use crate::domain::calendar;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A calendar month such as January 2023. Serialised as `"2023-01"`.
///
/// Held as its first day, so every month has one: [`YearMonth::new`] refuses a month chrono
/// cannot date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    first_day: NaiveDate,
}

impl YearMonth {
    /// A month; `None` unless `month` is 1..=12 and the year lies within chrono's calendar.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|first_day| Self { first_day })
    }

    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Self {
        // Day 1 exists in every month chrono can date, so the fallback is never taken.
        Self {
            first_day: date.with_day(1).unwrap_or(date),
        }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.first_day.year()
    }

    /// The month, 1..=12.
    pub fn month(self) -> u32 {
        self.first_day.month()
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        self.first_day
    }

    /// The last day of the month.
    pub fn last_day(self) -> NaiveDate {
        // Only the last month chrono can date has no successor, and its last day is
        // `NaiveDate::MAX`.
        self.first_day
            .checked_add_months(Months::new(1))
            .and_then(|day| day.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    /// The month after this one; `None` after the last month chrono can date.
    pub fn next(self) -> Option<Self> {
        self.first_day
            .checked_add_months(Months::new(1))
            .map(|first_day| Self { first_day })
    }

    /// The month before this one; `None` before the first month chrono can date.
    pub fn previous(self) -> Option<Self> {
        self.first_day
            .checked_sub_months(Months::new(1))
            .map(|first_day| Self { first_day })
    }

    /// Every month from `self` to `last`, both included, as far as they lie in the years
    /// [`calendar::FIRST_YEAR`]..=[`calendar::LAST_YEAR`]; empty when `last` is earlier.
    ///
    /// Months outside that span are left out: no record can lie in them (entry forms and
    /// imports refuse such dates), and a period typed as 0001-01 to 9999-12 then yields at
    /// most 1,212 months instead of 120,000.
    pub fn through(self, last: Self) -> Vec<Self> {
        let start = (self.year(), self.month()).max((calendar::FIRST_YEAR, 1));
        let end = (last.year(), last.month()).min((calendar::LAST_YEAR, 12));
        let mut out = Vec::new();
        let (mut year, mut month) = start;
        while (year, month) <= end {
            out.extend(Self::new(year, month));
            (year, month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
        }
        out
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

/// Why a text is not a month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a month of the form YYYY-MM: {0:?}")]
pub struct MonthParseError(String);

impl FromStr for YearMonth {
    type Err = MonthParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || MonthParseError(s.to_owned());
        let (year, month) = s.split_once('-').ok_or_else(err)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(err());
        }
        let year = year.parse().map_err(|_| err())?;
        let month = month.parse().map_err(|_| err())?;
        Self::new(year, month).ok_or_else(err)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_text() {
        let m = YearMonth::new(2023, 1).unwrap();
        assert_eq!(m.to_string(), "2023-01");
        assert_eq!("2023-01".parse::<YearMonth>().unwrap(), m);
        assert!("2023-13".parse::<YearMonth>().is_err());
        assert!("23-1".parse::<YearMonth>().is_err());
    }

    #[test]
    fn through_crosses_year_end() {
        let from = YearMonth::new(2022, 11).unwrap();
        let to = YearMonth::new(2023, 2).unwrap();
        let months: Vec<String> = from.through(to).iter().map(|m| m.to_string()).collect();
        assert_eq!(months, ["2022-11", "2022-12", "2023-01", "2023-02"]);
        assert!(to.through(from).is_empty());
        assert_eq!(from.next().and_then(YearMonth::previous), Some(from));
        assert_eq!(
            YearMonth::new(2023, 1).unwrap().previous(),
            YearMonth::new(2022, 12)
        );
        assert_eq!(to.last_day(), NaiveDate::from_ymd_opt(2023, 2, 28).unwrap());
    }

    #[test]
    fn the_ends_of_chrono_s_calendar_do_not_overflow() {
        let last = YearMonth::of(NaiveDate::MAX);
        assert_eq!(last.next(), None);
        assert_eq!(last.last_day(), NaiveDate::MAX);
        assert!(last.previous().is_some());
        let first = YearMonth::of(NaiveDate::MIN);
        assert_eq!(first.previous(), None);
        assert_eq!(first.first_day(), NaiveDate::MIN);
        assert_eq!(YearMonth::new(i32::MAX, 12), None);
        assert_eq!(YearMonth::new(i32::MIN, 1), None);
    }

    #[test]
    fn through_stays_within_the_calendar_span() {
        let months = YearMonth::of(NaiveDate::MIN).through(YearMonth::of(NaiveDate::MAX));
        let span = usize::try_from(calendar::LAST_YEAR - calendar::FIRST_YEAR + 1).unwrap() * 12;
        assert_eq!(months.len(), span);
        assert_eq!(months[0], YearMonth::new(calendar::FIRST_YEAR, 1).unwrap());
        assert_eq!(
            months[span - 1],
            YearMonth::new(calendar::LAST_YEAR, 12).unwrap()
        );
        let typed = "0001-01".parse::<YearMonth>().unwrap();
        let far = "9999-12".parse::<YearMonth>().unwrap();
        assert_eq!(typed.through(far).len(), span);
        let before = YearMonth::new(1990, 1).unwrap();
        assert!(before.through(YearMonth::new(1999, 12).unwrap()).is_empty());
    }
}
