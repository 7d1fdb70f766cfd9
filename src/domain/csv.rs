//! CSV export for a German Excel: the report tables as a file the coordinating office opens
//! with a double click.
//!
//! Format decisions, each chosen so that Excel with German regional settings reads the file
//! without an import dialog:
//! - The text starts with the UTF-8 byte order mark (`U+FEFF`); without it Excel reads the
//!   file as Windows-1252 and garbles umlauts (*Träger*, *Lebensbereich*).
//! - Fields are separated by `;` (German Excel's list separator, because `,` is the decimal
//!   separator) and every line, the last one included, ends with `"\r\n"`.
//! - A field is quoted with `"` — inner quotes doubled — when it contains `;`, `"`, `\r` or
//!   `\n`, or when it begins or ends with whitespace (which Excel would otherwise trim).
//! - Numbers are written the German way: [`Cell::Decimal`] with a decimal comma (`0,75`),
//!   no thousands separator; dates as `dd.mm.yyyy` (`15.12.2022`). Excel turns both into
//!   numbers and dates it can compute with.
//! - **Formula injection guard.** A text cell (header cells too) that begins with `=`, `+`,
//!   `-`, `@`, a tab or a carriage return would be taken by Excel as the start of a formula
//!   (OWASP "CSV injection"); such a text is written with a single quote `'` in front, so it
//!   shows as plain text. Only text cells are guarded: integers, decimals and dates are
//!   written by this module itself, and a negative number such as `-3` must stay a number.
//!   The catalogue labels of a rule set come from another laptop's file, so the guard is not
//!   theoretical.
//! - A non-finite decimal (NaN, infinity) is written as an empty field: Excel has no such
//!   number, and an empty field says "no figure" just as [`Cell::Empty`] does.
//! - Rows are written as given; a row shorter than the header is not padded.

use chrono::{Datelike, NaiveDate};

/// The byte order mark that makes Excel read the file as UTF-8.
pub const BOM: char = '\u{feff}';

/// The field separator of German Excel.
pub const SEPARATOR: char = ';';

/// The line end Excel expects.
pub const LINE_END: &str = "\r\n";

/// One field of a CSV row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// No value (a missing figure); an empty field.
    Empty,
    /// Text, e.g. a catalogue label; guarded against formula injection.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// A decimal number in its shortest exact form with a decimal comma: `0.75` → `0,75`,
    /// `1.0` → `1`.
    Decimal(f64),
    /// A decimal number rounded to a fixed number of places, with a decimal comma:
    /// `Rounded(12.345, 1)` → `12,3`. For computed values such as percentages.
    Rounded(f64, usize),
    /// A date, written `dd.mm.yyyy`.
    Date(NaiveDate),
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Cell::Integer(i64::from(n))
    }
}

impl From<i32> for Cell {
    fn from(n: i32) -> Self {
        Cell::Integer(i64::from(n))
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Integer(n)
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Self {
        Cell::Decimal(x)
    }
}

impl From<NaiveDate> for Cell {
    fn from(date: NaiveDate) -> Self {
        Cell::Date(date)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    /// `None` becomes [`Cell::Empty`].
    fn from(value: Option<T>) -> Self {
        value.map_or(Cell::Empty, Into::into)
    }
}

/// The whole file: BOM, the header line, then one line per row, each ended by `"\r\n"`.
/// The header cells are text and escaped like [`Cell::Text`].
pub fn to_csv<S: AsRef<str>>(header: &[S], rows: &[Vec<Cell>]) -> String {
    let mut out = String::new();
    out.push(BOM);
    let header: Vec<String> = header.iter().map(|h| text_field(h.as_ref())).collect();
    push_line(&mut out, header);
    for row in rows {
        push_line(&mut out, row.iter().map(field));
    }
    out
}

fn push_line(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (index, field) in fields.into_iter().enumerate() {
        if index > 0 {
            out.push(SEPARATOR);
        }
        out.push_str(&field);
    }
    out.push_str(LINE_END);
}

/// One cell as it appears between separators.
fn field(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => text_field(text),
        Cell::Integer(n) => n.to_string(),
        Cell::Decimal(x) if x.is_finite() => decimal_comma(&x.to_string()),
        Cell::Rounded(x, places) if x.is_finite() => decimal_comma(&format!("{x:.places$}")),
        Cell::Decimal(_) | Cell::Rounded(..) => String::new(),
        Cell::Date(date) => format!("{:02}.{:02}.{:04}", date.day(), date.month(), date.year()),
    }
}

/// `"-0.50"` → `"-0,50"`; a rounded negative zero (`"-0.00"`) loses its sign.
fn decimal_comma(number: &str) -> String {
    let digits = number.strip_prefix('-');
    match digits {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.replace('.', ","),
        _ => number.replace('.', ","),
    }
}

/// Whether Excel would read a text starting with this character as a formula.
fn starts_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A text field: guarded against formula injection, then quoted when needed.
fn text_field(text: &str) -> String {
    let text = if starts_formula(text) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    let needs_quotes = text.contains([SEPARATOR, '"', '\r', '\n'])
        || text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace);
    if needs_quotes {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The one data field of a single-cell file.
    fn written(cell: Cell) -> String {
        let csv = to_csv::<&str>(&[], &[vec![cell]]);
        let body = csv
            .strip_prefix(BOM)
            .and_then(|rest| rest.strip_prefix(LINE_END))
            .and_then(|rest| rest.strip_suffix(LINE_END))
            .expect("BOM, empty header line, one row");
        body.to_owned()
    }

    #[test]
    fn file_starts_with_bom_and_ends_every_line_with_crlf() {
        let csv = to_csv(
            &["Monat".to_owned(), "Besuche".to_owned()],
            &[
                vec!["01.2023".into(), 3u32.into()],
                vec!["02.2023".into(), 5u32.into()],
            ],
        );
        assert!(csv.starts_with('\u{feff}'));
        assert_eq!(
            csv, "\u{feff}Monat;Besuche\r\n01.2023;3\r\n02.2023;5\r\n",
            "separator ';', CRLF after every line including the last"
        );
        assert_eq!(csv.matches("\r\n").count(), 3);
        assert_eq!(csv.matches('\n').count(), 3, "no bare line feeds");
    }

    #[test]
    fn numbers_and_dates_are_written_the_german_way() {
        let cases = [
            (Cell::Integer(0), "0"),
            (Cell::Integer(-12), "-12"),
            (Cell::Integer(100_000), "100000"),
            (Cell::Decimal(0.75), "0,75"),
            (Cell::Decimal(1.0), "1"),
            (Cell::Decimal(0.5), "0,5"),
            (Cell::Decimal(-2.25), "-2,25"),
            (Cell::Decimal(1234.5), "1234,5"),
            (Cell::Decimal(f64::NAN), ""),
            (Cell::Decimal(f64::INFINITY), ""),
            (Cell::Rounded(12.345, 1), "12,3"),
            (Cell::Rounded(100.0 / 3.0, 2), "33,33"),
            (Cell::Rounded(-1.5, 0), "-2"),
            (Cell::Rounded(-0.001, 2), "0,00"),
            (Cell::Rounded(f64::NEG_INFINITY, 1), ""),
            (Cell::Date(d(2022, 12, 15)), "15.12.2022"),
            (Cell::Date(d(2023, 1, 1)), "01.01.2023"),
            (Cell::Empty, ""),
        ];
        for (cell, expected) in cases {
            assert_eq!(written(cell.clone()), expected, "{cell:?}");
        }
    }

    #[test]
    fn negative_numbers_are_not_taken_for_formulas() {
        assert_eq!(written(Cell::Integer(-3)), "-3");
        assert_eq!(written(Cell::Decimal(-0.5)), "-0,5");
        assert_eq!(written(Cell::Text("-3".into())), "'-3");
    }

    #[test]
    fn text_is_quoted_only_when_needed() {
        let cases = [
            ("Caritas Rheine", "Caritas Rheine"),
            ("Lernen fördern e. V.", "Lernen fördern e. V."),
            ("a;b", "\"a;b\""),
            ("sagt \"hallo\"", "\"sagt \"\"hallo\"\"\""),
            ("zwei\nZeilen", "\"zwei\nZeilen\""),
            ("zwei\r\nZeilen", "\"zwei\r\nZeilen\""),
            (" vorne", "\" vorne\""),
            ("hinten ", "\"hinten \""),
            ("innen leer", "innen leer"),
            ("", ""),
            ("a,b", "a,b"),
        ];
        for (text, expected) in cases {
            assert_eq!(written(Cell::Text(text.into())), expected, "{text:?}");
        }
    }

    #[test]
    fn formula_starts_get_a_single_quote() {
        let cases = [
            ("=SUMME(A1:A9)", "'=SUMME(A1:A9)"),
            ("+49 5971", "'+49 5971"),
            ("-Test", "'-Test"),
            ("@cmd", "'@cmd"),
            ("\tTab", "'\tTab"),
            ("\rCR", "\"'\rCR\""),
            ("=1;2", "\"'=1;2\""),
            ("=\"x\"", "\"'=\"\"x\"\"\""),
            ("a=b", "a=b"),
            ("E-Mail", "E-Mail"),
        ];
        for (text, expected) in cases {
            assert_eq!(written(Cell::Text(text.into())), expected, "{text:?}");
        }
    }

    #[test]
    fn header_is_escaped_like_text() {
        let csv = to_csv(&["=Fälle", "a;b"], &[]);
        assert_eq!(csv, "\u{feff}'=Fälle;\"a;b\"\r\n");
    }

    #[test]
    fn conversions_pick_the_matching_cell() {
        assert_eq!(Cell::from("x"), Cell::Text("x".into()));
        assert_eq!(Cell::from(7u32), Cell::Integer(7));
        assert_eq!(Cell::from(-7i32), Cell::Integer(-7));
        assert_eq!(Cell::from(0.75), Cell::Decimal(0.75));
        assert_eq!(Cell::from(None::<u32>), Cell::Empty);
        assert_eq!(Cell::from(Some(3u32)), Cell::Integer(3));
        assert_eq!(Cell::from(d(2022, 9, 15)), Cell::Date(d(2022, 9, 15)));
    }

    #[test]
    fn ragged_rows_are_written_as_given() {
        let csv = to_csv(&["a", "b", "c"], &[vec![1u32.into()], vec![]]);
        assert_eq!(csv, "\u{feff}a;b;c\r\n1\r\n\r\n");
    }
}
