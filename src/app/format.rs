//! German formatting at the UI edge: dates as 15.12.2022, months as 01.2023, numbers with a
//! decimal comma.

use crate::domain::YearMonth;
use chrono::{Datelike, NaiveDate};

/// `15.12.2022`.
pub fn date(date: NaiveDate) -> String {
    // By hand rather than `format("%d.%m.%Y")`: keeps chrono's strftime parser out of the
    // wasm bundle.
    format!("{:02}.{:02}.{:04}", date.day(), date.month(), date.year())
}

/// `01.2023`.
pub fn month(month: YearMonth) -> String {
    format!("{:02}.{}", month.month(), month.year())
}

/// German month name and year, e.g. `Januar 2023`.
pub fn month_long(month: YearMonth) -> String {
    const NAMES: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    format!("{} {}", NAMES[month.month() as usize - 1], month.year())
}

/// The span of dates records can lie in (`domain::calendar`): `01.01.2000 bis 31.12.2100`.
pub fn plausible_span() -> String {
    use crate::domain::calendar::{FIRST_YEAR, LAST_YEAR};
    format!("01.01.{FIRST_YEAR} bis 31.12.{LAST_YEAR}")
}

/// A date from an `<input type="date">` value (`2022-12-15`).
pub fn parse_input_date(value: &str) -> Option<NaiveDate> {
    value.parse().ok()
}

/// The value for an `<input type="date">`.
pub fn input_date(date: NaiveDate) -> String {
    date.to_string()
}

/// A month from an `<input type="month">` value (`2023-01`); `None` outside the years records
/// can lie in (`domain::calendar`).
pub fn parse_input_month(value: &str) -> Option<YearMonth> {
    value
        .parse()
        .ok()
        .filter(|month: &YearMonth| crate::domain::calendar::is_plausible_year(month.year()))
}

/// A decimal with a German comma and at most two decimals, e.g. `1,75`.
pub fn decimal(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.replace('.', ",")
}

/// Posts (*Stellen*) as the committee reads them: always with a decimal, at most two, e.g.
/// `1,0`, `0,5`, `0,75`.
pub fn posts(value: f64) -> String {
    let places = posts_decimals(value);
    format!("{value:.places$}").replace('.', ",")
}

/// How many decimals [`posts`] writes: 1, or 2 when the second one is not zero.
pub fn posts_decimals(value: f64) -> usize {
    if ((value * 10.0).round() - value * 10.0).abs() > 1e-6 {
        2
    } else {
        1
    }
}

/// A byte count as `12,3 KB` / `4,5 MB`.
pub fn bytes(value: f64) -> String {
    if value >= 1_000_000.0 {
        format!("{} MB", decimal((value / 100_000.0).round() / 10.0))
    } else {
        format!("{} KB", decimal((value / 100.0).round() / 10.0))
    }
}

/// A whole number with German thousands separators, e.g. `1.234`.
pub fn number(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// A count with the right German noun: `1 Fall`, `2 Fälle`, `1.234 Fälle`. Never "Fall/Fälle"
/// or "Fälle(n)".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", number(n))
    }
}
