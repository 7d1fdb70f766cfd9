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

/// A record's date in JSON, as `chrono` writes and reads it (`"2022-12-15"`), for
/// `#[serde(with = "calendar::iso_date")]`.
///
/// A register of 20,000 cases holds about 100,000 dates, and chrono's general format parser
/// made reading them a noticeable part of opening the app. The ten-character form
/// `YYYY-MM-DD` of an existing day is read here directly; any other text goes to chrono, so
/// what is accepted, and the message of what is refused, stay chrono's.
pub mod iso_date {
    use chrono::{Datelike, NaiveDate};
    use serde::de::{self, Deserializer, Visitor};
    use serde::Serializer;
    use std::fmt;

    /// Writes `YYYY-MM-DD` (for a year of four digits; any other through chrono).
    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        match u32::try_from(date.year()) {
            Ok(year @ 0..=9999) => {
                let mut text = [b'-'; 10];
                let mut put = |at: usize, value: u32, digits: u32| {
                    for i in 0..digits {
                        let digit = value / 10u32.pow(digits - 1 - i) % 10;
                        text[at + i as usize] = b'0' + digit as u8;
                    }
                };
                put(0, year, 4);
                put(5, date.month(), 2);
                put(8, date.day(), 2);
                // Only ASCII digits and dashes were written.
                serializer.serialize_str(std::str::from_utf8(&text).unwrap_or_default())
            }
            _ => serde::Serialize::serialize(date, serializer),
        }
    }

    /// Reads a date as chrono does, `YYYY-MM-DD` without its general parser.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        deserializer.deserialize_str(DateVisitor)
    }

    /// A date as stored: [`parse_plain`], or any other form chrono reads, with chrono's
    /// message when neither does.
    pub fn parse(text: &str) -> Result<NaiveDate, chrono::ParseError> {
        match parse_plain(text) {
            Some(date) => Ok(date),
            None => text.parse(),
        }
    }

    /// `YYYY-MM-DD` of an existing day; `None` for anything else.
    pub fn parse_plain(text: &str) -> Option<NaiveDate> {
        let b: &[u8; 10] = text.as_bytes().try_into().ok()?;
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let number = |digits: &[u8]| {
            digits.iter().try_fold(0u32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        let year = i32::try_from(number(&b[0..4])?).ok()?;
        NaiveDate::from_ymd_opt(year, number(&b[5..7])?, number(&b[8..10])?)
    }

    struct DateVisitor;

    impl Visitor<'_> for DateVisitor {
        type Value = NaiveDate;

        // As chrono says it.
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a formatted date string")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<NaiveDate, E> {
            parse(text).map_err(E::custom)
        }
    }
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

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Dated {
        #[serde(with = "iso_date")]
        date: NaiveDate,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct ChronoDated {
        date: NaiveDate,
    }

    fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
        serde_json::from_str(&format!("{{\"date\":{text}}}")).map_err(|e| e.to_string())
    }

    #[test]
    fn iso_dates_read_and_write_as_chrono_does() {
        for text in [
            "\"2022-12-15\"",
            "\"2024-02-29\"",
            "\"2023-02-29\"",
            "\"2022-13-01\"",
            "\"2022-1-5\"",
            "\"+2022-01-05\"",
            "\"12345-01-01\"",
            "\"0000-01-01\"",
            "\"-0001-01-01\"",
            "\"2022/12/15\"",
            "\" 2022-12-15\"",
            "\"2022-12-15 \"",
            "\"２022-12-15\"",
            "\"\"",
            "20221215",
            "null",
            "[]",
        ] {
            let ours = read::<Dated>(text).map(|d| d.date);
            let chrono = read::<ChronoDated>(text).map(|d| d.date);
            assert_eq!(ours, chrono, "{text}");
            if let Ok(date) = ours {
                let written = serde_json::to_string(&Dated { date }).unwrap();
                assert_eq!(
                    written,
                    serde_json::to_string(&ChronoDated { date }).unwrap()
                );
            }
        }
        for date in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(99, 1, 2).unwrap(),
        ] {
            let written = serde_json::to_string(&Dated { date }).unwrap();
            assert_eq!(
                written,
                serde_json::to_string(&ChronoDated { date }).unwrap()
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn every_day_reads_back_as_chrono_writes_it(days in 0i32..3_000_000) {
            let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let text = serde_json::to_string(&ChronoDated { date }).unwrap();
            proptest::prop_assert_eq!(&serde_json::to_string(&Dated { date }).unwrap(), &text);
            proptest::prop_assert_eq!(serde_json::from_str::<Dated>(&text).unwrap().date, date);
        }

        #[test]
        fn any_short_text_is_read_as_chrono_reads_it(text in "[0-9-]{8,11}") {
            let json = serde_json::to_string(&text).unwrap();
            proptest::prop_assert_eq!(
                read::<Dated>(&json).map(|d| d.date),
                read::<ChronoDated>(&json).map(|d| d.date)
            );
        }
    }
}
