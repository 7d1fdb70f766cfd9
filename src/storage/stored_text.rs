//! The text of the one stored entry, whichever form it takes: plain JSON or compressed as a
//! whole ([`codec`]), or in parts ([`parts`]); read into a [`StoredDocument`] (decoded, parsed
//! and migrated by [`schema`]) and written from one; and the payload sealed for it when the
//! passphrase lock is on.
//!
//! It sits above the three modules it joins, which do not import one another's readers:
//! `codec` knows no document, `schema` knows no stored form, and `parts` uses both.

use super::codec::{self, base64_decode, base64_encode, COMPRESSED_PREFIX};
use super::parts;
use super::schema::{self, LoadError, Migration, StoredDocument};

/// Decodes (see [`codec`] and [`parts`]), parses, migrates and deserialises
/// stored text.
pub fn load(raw: &str) -> Result<StoredDocument, LoadError> {
    load_with(raw, schema::MIGRATIONS, schema::CURRENT_SCHEMA_VERSION)
}

/// [`load`], remembering the chunks of a text in parts in `cache` (see [`parts`]).
pub fn load_cached(raw: &str, cache: &mut parts::PartCache) -> Result<StoredDocument, LoadError> {
    match parts::load(raw, Some(cache)) {
        Some(Ok(parts::Loaded::Current(document))) => Ok(*document),
        Some(Ok(parts::Loaded::Joined(json))) => {
            schema::load_json(&json, schema::MIGRATIONS, schema::CURRENT_SCHEMA_VERSION)
        }
        Some(Err(error)) => Err(error),
        None => load(raw),
    }
}

/// [`load`] with an explicit migration table (so the runner itself is testable).
pub(crate) fn load_with(
    raw: &str,
    migrations: &[Migration],
    current: u32,
) -> Result<StoredDocument, LoadError> {
    match parts::load(raw, None) {
        Some(Ok(parts::Loaded::Current(document))) => return Ok(*document),
        Some(Ok(parts::Loaded::Joined(json))) => {
            return schema::load_json(&json, migrations, current)
        }
        Some(Err(error)) => return Err(error),
        None => {}
    }
    let json = codec::decode(raw).map_err(|e| LoadError::Malformed(e.to_string()))?;
    schema::load_json(&json, migrations, current)
}

/// The text stored for a document: its JSON, compressed when large (see [`codec`]).
pub fn to_stored_text(document: &StoredDocument) -> String {
    codec::encode(&schema::to_json(document))
}

/// The first byte of a sealed payload ([`to_sealed_payload`]) that holds the compressed
/// bytes of a `kim-z1:` text rather than text. Stored text never starts with it (JSON starts
/// with `{`, compressed text with `k`).
const SEALED_COMPRESSED: u8 = 0x01;

/// What is sealed for a stored text: compressed text (`kim-z1:` + base64) as its raw bytes
/// behind a marker byte, so a sealed large document is not base64-encoded twice (a third
/// smaller: 20,000 cases take 3.2 M characters sealed instead of 4.3 M); any other text as its
/// UTF-8 bytes.
pub fn to_sealed_payload(stored_text: &str) -> Vec<u8> {
    if let Some(payload) = parts::to_sealed_payload(stored_text) {
        return payload;
    }
    if let Some(bytes) = stored_text
        .strip_prefix(COMPRESSED_PREFIX)
        .and_then(base64_decode)
    {
        let mut payload = Vec::with_capacity(bytes.len() + 1);
        payload.push(SEALED_COMPRESSED);
        payload.extend_from_slice(&bytes);
        return payload;
    }
    stored_text.as_bytes().to_vec()
}

/// The stored text a sealed payload stands for ([`to_sealed_payload`] reversed); `None` for
/// bytes that are neither.
pub fn from_sealed_payload(payload: Vec<u8>) -> Option<String> {
    match payload.split_first() {
        Some((&parts::SEALED_PARTS, bytes)) => parts::from_sealed_payload(bytes),
        Some((&SEALED_COMPRESSED, bytes)) => {
            let mut text = String::with_capacity(COMPRESSED_PREFIX.len() + bytes.len() * 4 / 3 + 4);
            text.push_str(COMPRESSED_PREFIX);
            base64_encode(bytes, &mut text);
            Some(text)
        }
        _ => String::from_utf8(payload).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_payloads_hold_compressed_bytes_once_and_round_trip() {
        let json = format!("{{\"a\":\"{}\"}}", "x".repeat(codec::COMPRESS_FROM));
        let stored = codec::encode(&json);
        assert!(stored.starts_with(COMPRESSED_PREFIX));
        let payload = to_sealed_payload(&stored);
        assert_eq!(payload[0], SEALED_COMPRESSED);
        assert!(payload.len() < stored.len() * 3 / 4 + 8);
        assert_eq!(
            from_sealed_payload(payload).as_deref(),
            Some(stored.as_str())
        );
        let small = "{\"schema_version\":1}";
        assert_eq!(to_sealed_payload(small), small.as_bytes());
        assert_eq!(
            from_sealed_payload(small.as_bytes().to_vec()).as_deref(),
            Some(small)
        );
        assert_eq!(from_sealed_payload(vec![0xff, 0xfe]), None);
    }
}
