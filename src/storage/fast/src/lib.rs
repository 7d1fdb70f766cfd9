//! The hot loops of storage, compiled for speed.
//!
//! The app is compiled for size (`opt-level = "z"`). Opening a register of 20,000 cases spends
//! most of its time in two loops: decoding the base64 of the stored parts and parsing the
//! cases' rows; a save with the passphrase lock encodes its whole sealed text in base64. Rust
//! compiles generic code where it is instantiated, so the serde code of the rows is
//! instantiated in this crate, which the release profile compiles at `opt-level = 3` (the
//! app's `Cargo.toml`). Measured in Chromium with 20,000 cases: parsing the rows 61 against
//! 97 ms, for about 6 KB more of compressed wasm (docs/decisions/0004-opt-level-z-with-one-fast-crate.md).
//!
//! This crate knows no domain types: a row comes out as plain text and numbers
//! ([`Row`], [`Event`], [`Kind`]), in the shape `storage::parts::case_rows` documents, and the
//! app checks and converts it into its cases there. Nothing here panics on any input.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

/// A case as a row: its code, its events and (form 2, absent before) its counselling
/// sessions as dates and forms.
#[derive(Debug, Deserialize)]
pub struct Row(
    pub String,
    pub Vec<Event>,
    #[serde(default)] pub Vec<SessionRow>,
);

/// A counselling session in a row's sessions: the days since the session before it in the
/// list (the first one: since 01.01.2000), its form, and its number (absent: 0).
#[derive(Debug, Deserialize, PartialEq, Eq)]
pub struct SessionRow(pub i64, pub String, #[serde(default)] pub u32);

/// An event of a case: id, date, time recorded (milliseconds) and kind.
#[derive(Debug, Deserialize)]
pub struct Event(pub String, pub DateText, pub i64, pub Kind);

/// An event's kind, externally tagged (`"reactivated"`, `{"moved": ["links"]}`); the fields
/// of each in the order of the domain's struct.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Area, provider, problems, parties, way in, reason against the suggestion, intake.
    Admitted(
        String,
        String,
        Vec<String>,
        Vec<String>,
        String,
        Option<String>,
        Option<String>,
    ),
    /// Reason, and the evaluation if one was given.
    Deactivated(Deactivation),
    Reactivated,
    /// Provider handed over to; whether after a rule change.
    HandedOver(String, bool),
    /// Area moved to.
    Moved(String),
    /// A session's form (a session the row's sessions cannot hold).
    Session(String),
    /// The event voided.
    Voided(String),
    Deleted,
}

/// A deregistration's reason and evaluation: written as the reason alone
/// (`{"deactivated": "no-contact"}`, the only form before evaluations) or, with an evaluation,
/// as both (`{"deactivated": ["goals-reached", "goals-reached"]}`).
#[derive(Debug, PartialEq, Eq)]
pub struct Deactivation {
    pub reason: String,
    pub evaluation: Option<String>,
}

impl<'de> Deserialize<'de> for Deactivation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DeactivationVisitor;
        impl<'de> Visitor<'de> for DeactivationVisitor {
            type Value = Deactivation;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a reason, or a reason and an evaluation")
            }
            fn visit_str<E: de::Error>(self, reason: &str) -> Result<Deactivation, E> {
                Ok(Deactivation {
                    reason: reason.to_owned(),
                    evaluation: None,
                })
            }
            fn visit_string<E: de::Error>(self, reason: String) -> Result<Deactivation, E> {
                Ok(Deactivation {
                    reason,
                    evaluation: None,
                })
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Deactivation, A::Error> {
                let reason: String = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let evaluation: String = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(3, &self));
                }
                Ok(Deactivation {
                    reason,
                    evaluation: Some(evaluation),
                })
            }
        }
        deserializer.deserialize_any(DeactivationVisitor)
    }
}

/// A date's text: ten bytes (the form `YYYY-MM-DD` takes) without an allocation, any other
/// length as it was written. Which dates are valid is the app's rule, not this crate's.
#[derive(Debug, PartialEq, Eq)]
pub enum DateText {
    Ten([u8; 10]),
    Other(String),
}

impl DateText {
    /// The text as written.
    pub fn as_str(&self) -> &str {
        match self {
            // Ten bytes that were a whole `&str`: valid UTF-8 (checked, so it never panics).
            DateText::Ten(bytes) => std::str::from_utf8(bytes).unwrap_or_default(),
            DateText::Other(text) => text,
        }
    }
}

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateTextVisitor;
        impl Visitor<'_> for DateTextVisitor {
            type Value = DateText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a formatted date string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<DateText, E> {
                // A whole `&str` of ten bytes: valid UTF-8 as it stands.
                Ok(match <[u8; 10]>::try_from(text.as_bytes()) {
                    Ok(bytes) => DateText::Ten(bytes),
                    Err(_) => DateText::Other(text.to_owned()),
                })
            }
        }
        deserializer.deserialize_str(DateTextVisitor)
    }
}

/// The rows of a chunk of cases: a JSON array of [`Row`]s.
pub fn rows(json: &str) -> Result<Vec<Row>, serde_json::Error> {
    serde_json::from_str(json)
}

/// The standard base64 alphabet (RFC 4648 §4).
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Not a base64 character (the values are below 64, so any of the top two bits marks it).
const NOT_BASE64: u8 = 0xff;

/// The value of each byte as a base64 character, or [`NOT_BASE64`].
const BASE64_VALUES: [u8; 256] = {
    let mut table = [NOT_BASE64; 256];
    let mut i = 0;
    while i < ALPHABET.len() {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Four base64 characters as the 24 bits they stand for; `None` when one is not base64
/// (padding included).
fn base64_group(group: &[u8; 4]) -> Option<u32> {
    let v = group.map(|c| BASE64_VALUES[usize::from(c)]);
    if (v[0] | v[1] | v[2] | v[3]) & 0xc0 != 0 {
        return None;
    }
    Some(u32::from(v[0]) << 18 | u32::from(v[1]) << 12 | u32::from(v[2]) << 6 | u32::from(v[3]))
}

/// Standard base64 with padding (RFC 4648 §4), appended to `out`. Written here rather than
/// pulled in as a crate: a few lines against the size budget of the wasm bundle. It works on
/// whole groups (three bytes, four characters).
pub fn base64_encode(bytes: &[u8], out: &mut String) {
    out.reserve(bytes.len().div_ceil(3) * 4);
    let sextet = |n: u32, i: u32| ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char;
    let mut groups = bytes.chunks_exact(3);
    for group in &mut groups {
        let n = u32::from(group[0]) << 16 | u32::from(group[1]) << 8 | u32::from(group[2]);
        out.extend([sextet(n, 0), sextet(n, 1), sextet(n, 2), sextet(n, 3)]);
    }
    let rest = groups.remainder();
    if let Some(&first) = rest.first() {
        let second = rest.get(1).copied();
        let n = u32::from(first) << 16 | u32::from(second.unwrap_or(0)) << 8;
        out.push(sextet(n, 0));
        out.push(sextet(n, 1));
        out.push(if second.is_some() { sextet(n, 2) } else { '=' });
        out.push('=');
    }
}

/// [`base64_encode`] reversed: standard base64 with padding decoded; `None` for anything else (padding only
/// at the very end, at most two characters).
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let Some((body, last)) = bytes.split_last_chunk::<4>() else {
        return Some(Vec::new());
    };
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for group in body.chunks_exact(4) {
        let group: &[u8; 4] = group.try_into().ok()?;
        let n = base64_group(group)?;
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    let padding = last.iter().rev().take_while(|&&c| c == b'=').count();
    if padding > 2 {
        return None;
    }
    // The padding read as 'A' (zero bits); a '=' before the end is still refused.
    let mut group = *last;
    group[4 - padding..].fill(b'A');
    let n = base64_group(&group)?;
    out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8][..3 - padding]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_reads_back_as_written_whatever_its_length() {
        for text in ["2023-01-03", "äöüßa", "+2023-01-03", "", "2023-1-3"] {
            let json = serde_json::to_string(text).unwrap();
            let date: DateText = serde_json::from_str(&json).unwrap();
            assert_eq!(date.as_str(), text);
            assert_eq!(matches!(date, DateText::Ten(_)), text.len() == 10);
        }
        assert!(serde_json::from_str::<DateText>("20230103").is_err());
    }

    #[test]
    fn rows_of_the_documented_shape_are_read() {
        let rows = rows(
            r#"[["K7M2-9QXD", [["7b07", "2023-01-03", 5,
                {"admitted": ["links", "caritas", ["rent-debts"], [], "abh", null, "i1"]}],
                ["d9aa", "2023-02-02", 6, {"handed_over": ["lernen-foerdern", true]}],
                ["ddaa", "2023-03-04", 7, "reactivated"]]]]"#,
        )
        .unwrap();
        let Row(code, events, sessions) = &rows[0];
        assert!(sessions.is_empty());
        assert_eq!(code, "K7M2-9QXD");
        assert!(
            matches!(&events[0].3, Kind::Admitted(area, .., None, Some(intake)) if area == "links" && intake == "i1")
        );
        assert!(matches!(&events[1].3, Kind::HandedOver(to, true) if to == "lernen-foerdern"));
        assert!(matches!(events[2].3, Kind::Reactivated));
        assert_eq!(events[2].1, DateText::Ten(*b"2023-03-04"));
    }

    #[test]
    fn sessions_and_evaluations_of_form_2_are_read() {
        let rows = rows(
            r#"[["K7M2-9QXD", [["d9aa", "2023-02-02", 6, {"deactivated": "no-contact"}],
                ["ddaa", "2023-03-04", 7, {"deactivated": ["goals-reached", "goals-reached"]}],
                ["eeaa", "2023-03-04", 0, {"session": "phone"}]],
                [[8433, "phone"], [0, "in-person", 2]]]]"#,
        )
        .unwrap();
        let Row(_, events, sessions) = &rows[0];
        assert!(
            matches!(&events[0].3, Kind::Deactivated(d) if d.reason == "no-contact" && d.evaluation.is_none())
        );
        assert!(
            matches!(&events[1].3, Kind::Deactivated(d) if d.evaluation.as_deref() == Some("goals-reached"))
        );
        assert!(matches!(&events[2].3, Kind::Session(form) if form == "phone"));
        assert_eq!(
            sessions,
            &[
                SessionRow(8433, "phone".into(), 0),
                SessionRow(0, "in-person".into(), 2)
            ]
        );
        for wrong in [
            r#"[["K", [["a", "2023-01-01", 1, {"deactivated": []}]]]]"#,
            r#"[["K", [["a", "2023-01-01", 1, {"deactivated": ["a"]}]]]]"#,
            r#"[["K", [["a", "2023-01-01", 1, {"deactivated": ["a", "b", "c"]}]]]]"#,
            r#"[["K", [["a", "2023-01-01", 1, {"deactivated": 5}]]]]"#,
            r#"[["K", [], [[1]]]]"#,
            r#"[["K", [], [], 4]]"#,
        ] {
            assert!(super::rows(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn base64_decodes_padded_text_only() {
        assert_eq!(base64_decode(""), Some(Vec::new()));
        assert_eq!(base64_decode("aGk="), Some(b"hi".to_vec()));
        assert_eq!(base64_decode("aGk"), None);
        assert_eq!(base64_decode("a=Gk"), None);
        assert_eq!(base64_decode("a==="), None);
    }
}
