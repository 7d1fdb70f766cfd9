//! The format, and a native AES-256-GCM / PBKDF2 implementation (the `aes-gcm` and
//! `pbkdf2` crates, independent of Web Crypto) that seals and opens envelopes: the fixed
//! test vector it reproduces is opened by the browser adapter in `tests/browser.rs`.

use super::*;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use proptest::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// Sealed natively (and independently with Python's `hashlib` + `cryptography`) from
/// [`VECTOR_PASSPHRASE`], salt 0..16, nonce 100..112, schema version 1, 600,000
/// iterations and [`VECTOR_PLAINTEXT`].
pub(crate) const TEST_VECTOR: &str =
    include_str!("../../../tests/fixtures/storage/envelope-vector.txt");
const VECTOR_PASSPHRASE: &str = "Korrektes Pferd Batterie Heftklammer";
const VECTOR_PLAINTEXT: &[u8] = br#"{"schema_version":1}"#;

fn vector_header() -> Header {
    Header {
        schema_version: 1,
        iterations: 600_000,
        salt: std::array::from_fn(|i| i as u8),
        nonce: std::array::from_fn(|i| 100 + i as u8),
    }
}

/// PBKDF2-HMAC-SHA-256 → 32-byte AES key. Memoised: one derivation at 600,000
/// iterations takes about 3 s here (the generic HMAC code is compiled into this crate,
/// unoptimised), and most tests reuse the vector's key. Different keys derive in
/// parallel; tests wanting the same key wait for one derivation.
fn derive(passphrase: &str, salt: &[u8; SALT_LEN], iterations: u32) -> [u8; 32] {
    type Slot = Arc<OnceLock<[u8; 32]>>;
    type Cache = Mutex<HashMap<(String, [u8; SALT_LEN], u32), Slot>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let slot = CACHE
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry((passphrase.to_owned(), *salt, iterations))
        .or_default()
        .clone();
    *slot.get_or_init(|| {
        pbkdf2::pbkdf2_hmac_array::<sha2::Sha256, 32>(passphrase.as_bytes(), salt, iterations)
    })
}

fn seal(passphrase: &str, header: Header, plaintext: &[u8]) -> Envelope {
    let key = derive(passphrase, &header.salt, header.iterations);
    let aad = header.to_bytes();
    let ciphertext = Aes256Gcm::new(&key.into())
        .encrypt(
            Nonce::from_slice(&header.nonce),
            Payload {
                msg: plaintext,
                aad: &aad,
            },
        )
        .expect("AES-GCM encrypts any plaintext of this size");
    Envelope { header, ciphertext }
}

/// Parse, derive the key from the header's salt and iterations, decrypt.
fn open(passphrase: &str, text: &str) -> Result<Vec<u8>, EnvelopeError> {
    let envelope = Envelope::parse(text)?;
    let header = envelope.header;
    decrypt(
        &derive(passphrase, &header.salt, header.iterations),
        &envelope,
    )
}

/// Parse and decrypt with the vector's key, whatever the header says: shows that a changed
/// header fails through the AAD alone, even where it would also change the key.
fn open_with_vector_key(text: &str) -> Result<Vec<u8>, EnvelopeError> {
    let header = vector_header();
    let key = derive(VECTOR_PASSPHRASE, &header.salt, header.iterations);
    decrypt(&key, &Envelope::parse(text)?)
}

fn decrypt(key: &[u8; 32], envelope: &Envelope) -> Result<Vec<u8>, EnvelopeError> {
    let header = envelope.header;
    Aes256Gcm::new(key.into())
        .decrypt(
            Nonce::from_slice(&header.nonce),
            Payload {
                msg: &envelope.ciphertext,
                aad: &header.to_bytes(),
            },
        )
        .map_err(|_| EnvelopeError::Authentication)
}

fn vector_bytes() -> Vec<u8> {
    Envelope::parse(TEST_VECTOR).unwrap().to_bytes()
}

fn text_of(bytes: &[u8]) -> String {
    let mut text = PREFIX.to_owned();
    base64_encode(bytes, &mut text);
    text
}

/// The vector with one byte XOR-ed with `mask`.
fn flipped(offset: usize, mask: u8) -> String {
    let mut bytes = vector_bytes();
    bytes[offset] ^= mask;
    text_of(&bytes)
}

#[test]
fn header_bytes_follow_the_documented_layout() {
    let mut expected = Vec::new();
    expected.extend_from_slice(b"KIME");
    expected.push(1);
    expected.extend_from_slice(&[0, 0, 0, 1]);
    expected.extend_from_slice(&[0x00, 0x09, 0x27, 0xC0]); // 600,000
    expected.extend(0u8..16);
    expected.extend(100u8..112);
    assert_eq!(vector_header().to_bytes().as_slice(), expected.as_slice());
    assert_eq!(HEADER_LEN, 41);
}

#[test]
fn native_implementation_reproduces_the_fixed_test_vector() {
    let sealed = seal(VECTOR_PASSPHRASE, vector_header(), VECTOR_PLAINTEXT);
    assert_eq!(sealed.to_text(), TEST_VECTOR.trim_end());
    assert_eq!(sealed.ciphertext.len(), VECTOR_PLAINTEXT.len() + TAG_LEN);
    assert_eq!(
        open(VECTOR_PASSPHRASE, TEST_VECTOR).unwrap(),
        VECTOR_PLAINTEXT
    );
}

#[test]
fn text_form_round_trips_and_is_recognised() {
    let envelope = Envelope {
        header: vector_header(),
        ciphertext: (0u8..40).collect(),
    };
    let text = envelope.to_text();
    assert!(text.starts_with(PREFIX) && text.is_ascii());
    assert!(is_sealed(&text));
    assert_eq!(Envelope::parse(&text), Ok(envelope.clone()));
    assert_eq!(Envelope::parse(&format!("{text}\n")), Ok(envelope));
    assert!(!is_sealed(r#"{"schema_version":1}"#));
    assert!(!is_sealed("kim-z1:AAAA"));
    assert_eq!(
        Envelope::parse(r#"{"schema_version":1}"#),
        Err(EnvelopeError::NotSealed)
    );
    assert_eq!(Envelope::parse("kim-e1:@@@@"), Err(EnvelopeError::Base64));
}

#[test]
fn seal_then_open_round_trips_with_a_new_nonce() {
    let header = Header {
        schema_version: 7,
        nonce: [0xAB; NONCE_LEN],
        ..vector_header()
    };
    for plaintext in [&b""[..], b"x", "Träger: Caritas".as_bytes()] {
        let text = seal(VECTOR_PASSPHRASE, header, plaintext).to_text();
        assert_eq!(open(VECTOR_PASSPHRASE, &text).unwrap(), plaintext);
    }
}

#[test]
fn a_wrong_passphrase_fails_authentication() {
    assert_eq!(
        open("Korrektes Pferd Batterie Heftklammern", TEST_VECTOR),
        Err(EnvelopeError::Authentication)
    );
}

#[test]
fn every_truncation_is_refused() {
    let bytes = vector_bytes();
    for len in 0..bytes.len() {
        let expected = if len < HEADER_LEN + TAG_LEN {
            EnvelopeError::TooShort
        } else {
            // Still room for a tag: the parser accepts it, the tag does not match.
            EnvelopeError::Authentication
        };
        assert_eq!(
            open(VECTOR_PASSPHRASE, &text_of(&bytes[..len])),
            Err(expected),
            "{len} bytes"
        );
    }
    // Cut anywhere in the text, too.
    let text = TEST_VECTOR.trim_end();
    for len in 0..text.len() {
        let result = open(VECTOR_PASSPHRASE, &text[..len]);
        let payload = len.saturating_sub(PREFIX.len());
        let expected = if len < PREFIX.len() {
            EnvelopeError::NotSealed
        } else if payload % 4 != 0 {
            EnvelopeError::Base64
        } else if payload / 4 * 3 < HEADER_LEN + TAG_LEN {
            EnvelopeError::TooShort
        } else {
            EnvelopeError::Authentication
        };
        assert_eq!(result, Err(expected), "{len} characters");
    }
}

#[test]
fn a_flipped_magic_or_format_byte_is_refused_before_decryption() {
    for offset in 0..4 {
        assert_eq!(
            open(VECTOR_PASSPHRASE, &flipped(offset, 0x20)),
            Err(EnvelopeError::BadMagic)
        );
    }
    assert_eq!(
        open(VECTOR_PASSPHRASE, &flipped(4, 0x03)),
        Err(EnvelopeError::UnsupportedVersion(2))
    );
    assert_eq!(
        Envelope::parse(&flipped(4, 0x01)),
        Err(EnvelopeError::UnsupportedVersion(0))
    );
}

#[test]
fn a_flipped_byte_under_the_same_key_fails_authentication() {
    let last = vector_bytes().len() - 1;
    for (field, offset) in [
        ("schema version", 5),
        ("schema version", 8),
        ("nonce", 29),
        ("nonce", 40),
        ("ciphertext", 41),
        ("ciphertext", last - TAG_LEN),
        ("tag", last - TAG_LEN + 1),
        ("tag", last),
    ] {
        assert_eq!(
            open(VECTOR_PASSPHRASE, &flipped(offset, 0x01)),
            Err(EnvelopeError::Authentication),
            "{field} at {offset}"
        );
    }
    // Salt and iterations change the key as well (tests below); the AAD alone already
    // refuses them.
    for (field, offset, mask) in [
        ("iterations", 11, 0x10), // 604,096
        ("iterations", 12, 0x01), // 600,001
        ("salt", 13, 0x01),
        ("salt", 28, 0x80),
    ] {
        assert_eq!(
            open_with_vector_key(&flipped(offset, mask)),
            Err(EnvelopeError::Authentication),
            "{field} at {offset}"
        );
    }
    assert_eq!(open_with_vector_key(TEST_VECTOR).unwrap(), VECTOR_PLAINTEXT);
}

#[test]
fn a_flipped_salt_byte_fails_authentication() {
    // A different salt derives a different key (a second PBKDF2 run).
    assert_eq!(
        open(VECTOR_PASSPHRASE, &flipped(13, 0x80)),
        Err(EnvelopeError::Authentication)
    );
}

#[test]
fn a_flipped_iterations_byte_is_implausible_or_fails_authentication() {
    // High byte: 0x010927C0 is above the maximum, refused before any derivation.
    assert_eq!(
        open(VECTOR_PASSPHRASE, &flipped(9, 0x01)),
        Err(EnvelopeError::ImplausibleIterations(0x0109_27C0))
    );
    // 0x000927C0 → 0x000827C0 = 534,464: below the minimum.
    assert_eq!(
        open(VECTOR_PASSPHRASE, &flipped(10, 0x01)),
        Err(EnvelopeError::ImplausibleIterations(534_464))
    );
    // Low byte: 600,001 iterations is plausible; the key and the AAD differ.
    assert_eq!(
        open(VECTOR_PASSPHRASE, &flipped(12, 0x01)),
        Err(EnvelopeError::Authentication)
    );
}

#[test]
fn iteration_bounds_are_inclusive() {
    for (iterations, plausible) in [
        (0, false),
        (MIN_ITERATIONS - 1, false),
        (MIN_ITERATIONS, true),
        (MAX_ITERATIONS, true),
        (MAX_ITERATIONS + 1, false),
        (u32::MAX, false),
    ] {
        let envelope = Envelope {
            header: Header {
                iterations,
                ..vector_header()
            },
            ciphertext: vec![0; TAG_LEN],
        };
        let parsed = Envelope::parse(&envelope.to_text());
        if plausible {
            assert_eq!(parsed, Ok(envelope));
        } else {
            assert_eq!(
                parsed,
                Err(EnvelopeError::ImplausibleIterations(iterations))
            );
        }
        assert_eq!(check_iterations(iterations).is_ok(), plausible);
    }
}

proptest! {
    #[test]
    fn parse_never_panics_on_any_text(text in "\\PC{0,200}") {
        let _ = Envelope::parse(&text);
        let _ = Envelope::parse(&format!("{PREFIX}{text}"));
    }

    #[test]
    fn parse_never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = Envelope::parse(&text_of(&bytes));
    }

    #[test]
    fn parse_reads_back_exactly_what_it_accepts(
        schema_version in any::<u32>(),
        iterations in any::<u32>(),
        tail in proptest::collection::vec(any::<u8>(), 0..120),
    ) {
        // A valid start, so the parser gets past magic and version.
        let mut bytes = MAGIC.to_vec();
        bytes.push(FORMAT_VERSION);
        bytes.extend_from_slice(&schema_version.to_be_bytes());
        bytes.extend_from_slice(&iterations.to_be_bytes());
        bytes.extend_from_slice(&tail);
        match Envelope::parse(&text_of(&bytes)) {
            Ok(envelope) => prop_assert_eq!(envelope.to_bytes(), bytes),
            Err(EnvelopeError::TooShort) => prop_assert!(bytes.len() < HEADER_LEN + TAG_LEN),
            Err(error) => prop_assert_eq!(error, EnvelopeError::ImplausibleIterations(iterations)),
        }
    }

    #[test]
    fn text_form_round_trips(
        schema_version in any::<u32>(),
        iterations in MIN_ITERATIONS..=MAX_ITERATIONS,
        salt in any::<[u8; SALT_LEN]>(),
        nonce in any::<[u8; NONCE_LEN]>(),
        ciphertext in proptest::collection::vec(any::<u8>(), TAG_LEN..200),
    ) {
        let envelope = Envelope {
            header: Header { schema_version, iterations, salt, nonce },
            ciphertext,
        };
        prop_assert_eq!(Envelope::parse(&envelope.to_text()), Ok(envelope));
    }
}
