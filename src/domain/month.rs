//! A calendar month, the unit in which short contacts are counted.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A calendar month such as January 2023. Serialised as `"2023-01"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    /// A month; `None` unless `month` is 1..=12.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        (1..=12).contains(&month).then_some(Self { year, month })
    }

    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1..=12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }

    /// The month after this one.
    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month before this one.
    pub fn previous(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// Every month from `self` to `last`, both included; empty when `last` is earlier.
    pub fn through(self, last: Self) -> Vec<Self> {
        let mut out = Vec::new();
        let mut month = self;
        while month <= last {
            out.push(month);
            month = month.next();
        }
        out
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
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
        assert_eq!(from.next().previous(), from);
        assert_eq!(
            YearMonth::new(2023, 1).unwrap().previous(),
            YearMonth::new(2022, 12).unwrap()
        );
    }
}
