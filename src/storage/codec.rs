//! How the stored document's JSON is written into one local-storage string.
//!
//! Local storage holds about 5 million characters per origin. A register of 20,000 cases with
//! 100,000 events is about 14 MB as JSON, so large documents are compressed:
//!
//! - **Plain**: a document whose JSON is shorter than [`COMPRESS_FROM`] characters is stored
//!   as the JSON itself. Small data stays readable (and diffable) in the browser's developer
//!   tools, and documents written by the first release (always plain) load unchanged.
//! - **Compressed**: longer JSON is stored as [`COMPRESSED_PREFIX`] followed by the base64 of
//!   its raw DEFLATE stream (RFC 1951). The event histories are highly repetitive (slugs,
//!   dates, field names), so the stored text shrinks four- to tenfold; base64 keeps the string
//!   valid text (the quota counts characters: about 5.24 M per origin in Chromium, measured by
//!   `.ci/bench-lock.mjs`).
//!
//! Decoding tells the two apart by the first character (`{` starts every JSON document), so
//! the choice is made per save and a document may change form as it grows or shrinks. Text
//! that is neither is a [`CodecError`], which the store treats like any unreadable text: kept
//! aside, never wiped.

/// Base64 is `kim_storage_fast`'s, which the release build compiles for speed: opening a
/// register of 20,000 cases decodes about 2.6 million characters, and a save with the
/// passphrase lock encodes as many.
pub(crate) use kim_storage_fast::{base64_decode, base64_encode};
use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec_with_limit;

/// The marker (and version) of a compressed document.
pub const COMPRESSED_PREFIX: &str = "kim-z1:";

/// JSON at least this long is stored compressed.
pub const COMPRESS_FROM: usize = 256 * 1024;

/// The largest JSON a compressed document may expand to (a guard against corrupt input).
const MAX_DECODED_BYTES: usize = 512 * 1024 * 1024;

/// DEFLATE level, a trade between quota and the time of a save (which runs after every
/// change). The random record ids (64 bits each) are what does not compress.
///
/// Measured in headless Chromium on 20,000 synthetic cases with 100,000 events, stored in parts
/// with the cases as rows ([`super::parts`], which compresses only the chunks that changed),
/// in alternating runs: level 4 stores 2.64 M characters (50 % of the quota) against 2.99 M for
/// level 2, opens in 174–189 against 185–201 ms, and saves after one counted contact in the
/// same 29–38 ms; only the first save of a whole register (after an import) takes longer,
/// 252–337 against 205–282 ms. Level 6 stores 2.53 M but takes 471 ms for that first save.
/// (Before the parts, every save compressed the whole document: level 2 took 0.5 s, level 6
/// 1.3 s.)
pub(crate) const LEVEL: u8 = 4;

/// Why stored text could not be decoded into JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    /// The text after the prefix is not base64.
    #[error("compressed text is not base64")]
    NotBase64,
    /// The base64 does not hold a valid DEFLATE stream.
    #[error("compressed data is damaged: {0}")]
    Damaged(String),
    /// The decompressed bytes are not UTF-8.
    #[error("decompressed data is not UTF-8")]
    NotUtf8,
}

/// Encodes a document's JSON for storage.
pub fn encode(json: &str) -> String {
    if json.len() < COMPRESS_FROM {
        return json.to_owned();
    }
    let deflated = compress_to_vec(json.as_bytes(), LEVEL);
    let mut text = String::with_capacity(COMPRESSED_PREFIX.len() + deflated.len() * 4 / 3 + 4);
    text.push_str(COMPRESSED_PREFIX);
    base64_encode(&deflated, &mut text);
    text
}

/// Decodes stored text into the document's JSON. Text without the compressed prefix is
/// returned as it is (plain JSON, or whatever else is there for the JSON parser to reject).
pub fn decode(text: &str) -> Result<std::borrow::Cow<'_, str>, CodecError> {
    let Some(payload) = text.strip_prefix(COMPRESSED_PREFIX) else {
        return Ok(std::borrow::Cow::Borrowed(text));
    };
    let deflated = base64_decode(payload).ok_or(CodecError::NotBase64)?;
    let bytes = decompress_to_vec_with_limit(&deflated, MAX_DECODED_BYTES)
        .map_err(|e| CodecError::Damaged(format!("{:?}", e.status)))?;
    String::from_utf8(bytes)
        .map(std::borrow::Cow::Owned)
        .map_err(|_| CodecError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kim_storage_fast::ALPHABET;
    use proptest::prelude::*;

    #[test]
    fn small_json_stays_plain() {
        let json = r#"{"schema_version":1}"#;
        assert_eq!(encode(json), json);
        assert_eq!(decode(json).unwrap(), json);
    }

    #[test]
    fn large_json_is_compressed_and_round_trips() {
        let json = format!(
            "[{}]",
            vec![r#"{"date":"2022-10-01","kind":"Reactivated"}"#; 20_000].join(",")
        );
        let encoded = encode(&json);
        assert!(encoded.starts_with(COMPRESSED_PREFIX));
        assert!(
            encoded.len() * 10 < json.len(),
            "{} vs {}",
            encoded.len(),
            json.len()
        );
        assert!(encoded.is_ascii());
        assert_eq!(decode(&encoded).unwrap(), json);
    }

    #[test]
    fn damaged_text_is_an_error_not_a_panic() {
        assert_eq!(decode("kim-z1:abc"), Err(CodecError::NotBase64));
        assert_eq!(decode("kim-z1:ab=c"), Err(CodecError::NotBase64));
        assert!(matches!(decode("kim-z1:AAAA"), Err(CodecError::Damaged(_))));
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut out = String::new();
            base64_encode(plain.as_bytes(), &mut out);
            assert_eq!(out, encoded);
            assert_eq!(base64_decode(encoded).unwrap(), plain.as_bytes());
        }
    }

    /// Decoding the plain way, character by character: what the table-driven decoder must
    /// agree with on any text.
    fn base64_reference(text: &str) -> Option<Vec<u8>> {
        let bytes = text.as_bytes();
        if !bytes.len().is_multiple_of(4) {
            return None;
        }
        let groups = bytes.len() / 4;
        let mut out = Vec::new();
        for (index, group) in bytes.chunks(4).enumerate() {
            let padding = group.iter().rev().take_while(|&&c| c == b'=').count();
            if padding > 2 || (padding > 0 && index + 1 != groups) {
                return None;
            }
            let mut n = 0u32;
            for &c in &group[..4 - padding] {
                n = n << 6 | ALPHABET.iter().position(|&a| a == c)? as u32;
            }
            n <<= 6 * padding as u32;
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8][..3 - padding]);
        }
        Some(out)
    }

    #[test]
    fn base64_refuses_misplaced_padding_and_foreign_characters() {
        for text in [
            "A===", "====", "AA==AAAA", "AA=A", "A=AA", "AAA-", "AAAA AAA", "ÄAAA",
        ] {
            assert_eq!(base64_decode(text), None, "{text}");
        }
    }

    proptest! {
        #[test]
        fn base64_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut text = String::new();
            base64_encode(&bytes, &mut text);
            prop_assert_eq!(base64_decode(&text).unwrap(), bytes);
        }

        #[test]
        fn base64_decodes_any_text_as_the_plain_way_does(
            groups in proptest::collection::vec(
                "[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{2,3}={1,2}|[A-Za-z0-9+/=.]{1,5}",
                0..6,
            ),
        ) {
            let text = groups.concat();
            prop_assert_eq!(base64_decode(&text), base64_reference(&text));
        }

        #[test]
        fn any_text_round_trips(text in ".{0,2000}", repeat in 1usize..400) {
            let json = text.repeat(repeat);
            let encoded = encode(&json);
            prop_assert_eq!(decode(&encoded).unwrap(), json.as_str());
        }
    }
}
