//! The sealed envelope: the byte layout and text form of data encrypted at rest.
//!
//! On a shared device the stored document (and an export file, if the user wishes) is kept
//! encrypted under a passphrase. This module is the *format* only: pure Rust, no web types,
//! compiled natively and for wasm, so the parser is tested natively (including a property test
//! over arbitrary input) and against an independent native AES-GCM/PBKDF2 implementation. The
//! cryptography itself runs in the browser's Web Crypto API (`storage::crypto`, wasm only).
//!
//! # Cryptography
//!
//! - **Key**: PBKDF2-HMAC-SHA-256 over the passphrase's UTF-8 bytes (the browser adapter
//!   normalises the passphrase to Unicode NFC first, so "ä" typed as one or as two code points
//!   gives the same key), with the header's salt and iteration count, 32 bytes → AES-256.
//!   At least [`MIN_ITERATIONS`] (OWASP's 2023 figure for PBKDF2-HMAC-SHA-256).
//! - **Cipher**: AES-256-GCM with a fresh random 96-bit nonce for every write and the default
//!   128-bit tag. The additional authenticated data is the whole header
//!   ([`Header::to_bytes`]), so the schema version, iteration count, salt and nonce cannot be
//!   changed without the tag failing.
//!
//! # Binary layout (format version 1; stable, documented in docs/file-formats.md)
//!
//! | offset | length   | field                                                            |
//! |-------:|---------:|------------------------------------------------------------------|
//! |      0 |        4 | magic `b"KIME"`                                                  |
//! |      4 |        1 | format version, `1`                                              |
//! |      5 |        4 | schema version of the document inside, u32 big-endian (export: 0) |
//! |      9 |        4 | PBKDF2 iterations, u32 big-endian                                |
//! |     13 |       16 | salt                                                             |
//! |     29 |       12 | nonce                                                            |
//! |     41 | n + 16   | AES-GCM output: the n-byte plaintext encrypted, then the 16-byte tag |
//!
//! Bytes 0..41 are the header and the AAD. The **text form** is [`PREFIX`] (`kim-e1:`)
//! followed by the standard base64 (RFC 4648 §4, with padding) of all bytes; it is ASCII
//! (one character per base64 digit of the quota's characters), and its prefix tells it apart from plain
//! JSON (`{`) and compressed text (`kim-z1:`, see `codec`) at a glance.
//!
//! # Decisions
//!
//! - **The header is checked before any key is derived.** A magic, version or iteration count
//!   this release does not know is refused by [`Envelope::parse`]; in particular an iteration
//!   count above [`MAX_ITERATIONS`] is refused, so a crafted file cannot freeze the browser in
//!   key derivation.
//! - **The salt is per key, the nonce per write.** A key is derived once when the user enters
//!   the passphrase and kept in memory; later writes reuse its salt and draw a new nonce. With
//!   random 96-bit nonces one key stays safe for far more writes (2^32) than a device makes.
//! - **A wrong passphrase and tampered data look the same**: AES-GCM only says the tag does
//!   not match. Both are [`EnvelopeError::Authentication`]; the user is told that the
//!   passphrase is wrong or the data damaged.
//! - **Surrounding whitespace is ignored** by [`Envelope::parse`] (an editor may add a final
//!   newline to an export file); nothing else is.
//! - The base64 helpers are the storage codec's (`codec::base64_encode`/`base64_decode`), not a
//!   second copy.

use super::codec::{base64_decode, base64_encode};

/// Marker (and text-form version) of a sealed text.
pub const PREFIX: &str = "kim-e1:";
/// The first four bytes of every envelope.
pub const MAGIC: [u8; 4] = *b"KIME";
/// The binary format version this release writes and reads.
pub const FORMAT_VERSION: u8 = 1;
/// Fewest PBKDF2 iterations accepted (and the number this release writes).
pub const MIN_ITERATIONS: u32 = 600_000;
/// Most PBKDF2 iterations accepted. Headless Chromium derives 600,000 in about 80 ms on the
/// development machine, so this is about 1.5 s there and tens of seconds on a slow phone; a
/// crafted header asking for `u32::MAX` would hold the page for minutes.
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// Length of the PBKDF2 salt.
pub const SALT_LEN: usize = 16;
/// Length of the AES-GCM nonce (96 bits).
pub const NONCE_LEN: usize = 12;
/// Length of the AES-GCM authentication tag at the end of the ciphertext.
pub const TAG_LEN: usize = 16;
/// Length of the header (magic through nonce), which is also the AAD.
pub const HEADER_LEN: usize = 4 + 1 + 4 + 4 + SALT_LEN + NONCE_LEN;

/// Why a sealed text could not be read or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// The text does not start with [`PREFIX`]: it is not sealed (plain or compressed JSON,
    /// or something else).
    #[error("text is not sealed")]
    NotSealed,
    /// The text after the prefix is not base64.
    #[error("sealed text is not base64")]
    Base64,
    /// Fewer bytes than a header and an authentication tag.
    #[error("sealed data is too short")]
    TooShort,
    /// The bytes do not start with [`MAGIC`].
    #[error("sealed data has no KIME marker")]
    BadMagic,
    /// A format version this release cannot read (written by a newer release).
    #[error("sealed data has format version {0}, which this version cannot read")]
    UnsupportedVersion(u8),
    /// An iteration count below [`MIN_ITERATIONS`] or above [`MAX_ITERATIONS`].
    #[error("implausible key derivation iteration count {0}")]
    ImplausibleIterations(u32),
    /// The authentication tag does not match: the passphrase is wrong or the data was changed.
    /// AES-GCM cannot tell these two apart. Raised by the crypto layer, not the parser.
    #[error("wrong passphrase or damaged data")]
    Authentication,
}

/// Refuses an iteration count outside [`MIN_ITERATIONS`]..=[`MAX_ITERATIONS`].
pub fn check_iterations(iterations: u32) -> Result<(), EnvelopeError> {
    if (MIN_ITERATIONS..=MAX_ITERATIONS).contains(&iterations) {
        Ok(())
    } else {
        Err(EnvelopeError::ImplausibleIterations(iterations))
    }
}

/// Whether `text` is in the sealed text form (it may still fail to parse). Leading
/// whitespace is ignored, as in [`Envelope::parse`].
pub fn is_sealed(text: &str) -> bool {
    text.trim_start().starts_with(PREFIX)
}

/// The envelope's header: everything but the ciphertext. Authenticated as AES-GCM's AAD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Schema version of the document inside (0 for export files).
    pub schema_version: u32,
    /// PBKDF2 iterations the key was derived with.
    pub iterations: u32,
    /// PBKDF2 salt.
    pub salt: [u8; SALT_LEN],
    /// AES-GCM nonce of this write.
    pub nonce: [u8; NONCE_LEN],
}

impl Header {
    /// The header's bytes (magic through nonce): the start of the envelope and the AAD.
    pub fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut bytes = [0u8; HEADER_LEN];
        bytes[0..4].copy_from_slice(&MAGIC);
        bytes[4] = FORMAT_VERSION;
        bytes[5..9].copy_from_slice(&self.schema_version.to_be_bytes());
        bytes[9..13].copy_from_slice(&self.iterations.to_be_bytes());
        bytes[13..29].copy_from_slice(&self.salt);
        bytes[29..41].copy_from_slice(&self.nonce);
        bytes
    }

    /// Reads a header from the first [`HEADER_LEN`] bytes, checking magic, version and
    /// iteration count.
    fn from_bytes(bytes: &[u8; HEADER_LEN]) -> Result<Header, EnvelopeError> {
        let [m0, m1, m2, m3, version, s0, s1, s2, s3, i0, i1, i2, i3, rest @ ..] = *bytes;
        if [m0, m1, m2, m3] != MAGIC {
            return Err(EnvelopeError::BadMagic);
        }
        if version != FORMAT_VERSION {
            return Err(EnvelopeError::UnsupportedVersion(version));
        }
        let iterations = u32::from_be_bytes([i0, i1, i2, i3]);
        check_iterations(iterations)?;
        let mut salt = [0u8; SALT_LEN];
        let mut nonce = [0u8; NONCE_LEN];
        let (salt_bytes, nonce_bytes) = rest.split_at(SALT_LEN);
        salt.copy_from_slice(salt_bytes);
        nonce.copy_from_slice(nonce_bytes);
        Ok(Header {
            schema_version: u32::from_be_bytes([s0, s1, s2, s3]),
            iterations,
            salt,
            nonce,
        })
    }
}

/// A sealed document: header and AES-GCM output (ciphertext followed by the tag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// Format, schema version, key derivation parameters and nonce; the AAD.
    pub header: Header,
    /// The AES-GCM output: the encrypted plaintext followed by the [`TAG_LEN`]-byte tag.
    pub ciphertext: Vec<u8>,
}

impl Envelope {
    /// The envelope's bytes: header, then ciphertext.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(HEADER_LEN + self.ciphertext.len());
        bytes.extend_from_slice(&self.header.to_bytes());
        bytes.extend_from_slice(&self.ciphertext);
        bytes
    }

    /// The text form: [`PREFIX`] and the base64 of [`Envelope::to_bytes`].
    pub fn to_text(&self) -> String {
        let bytes = self.to_bytes();
        let mut text = String::with_capacity(PREFIX.len() + bytes.len().div_ceil(3) * 4);
        text.push_str(PREFIX);
        base64_encode(&bytes, &mut text);
        text
    }

    /// Reads the text form. Checks the header (magic, version, iteration bounds) and that a
    /// tag fits; whether the tag matches is for the crypto layer to find out.
    pub fn parse(text: &str) -> Result<Envelope, EnvelopeError> {
        let payload = text
            .trim()
            .strip_prefix(PREFIX)
            .ok_or(EnvelopeError::NotSealed)?;
        let bytes = base64_decode(payload).ok_or(EnvelopeError::Base64)?;
        Envelope::from_bytes(&bytes)
    }

    /// Reads the binary form (see the module doc for the layout).
    pub fn from_bytes(bytes: &[u8]) -> Result<Envelope, EnvelopeError> {
        if bytes.len() < HEADER_LEN + TAG_LEN {
            return Err(EnvelopeError::TooShort);
        }
        let (header, ciphertext) = bytes.split_at(HEADER_LEN);
        let header: &[u8; HEADER_LEN] = header.try_into().map_err(|_| EnvelopeError::TooShort)?;
        Ok(Envelope {
            header: Header::from_bytes(header)?,
            ciphertext: ciphertext.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests;
