//! The Web Crypto adapter: seals and opens [`envelope`](super::envelope)s with the browser's
//! `crypto.subtle` (wasm only).
//!
//! The format, the key derivation and the cipher are described in the envelope module; this
//! module only drives `SubtleCrypto`. Its decisions:
//!
//! - **The key never leaves Web Crypto.** [`derive`] imports the passphrase as PBKDF2 key
//!   material and derives a *non-extractable* AES-GCM `CryptoKey` (usages encrypt and
//!   decrypt); Rust holds only the handle, the salt and the iteration count ([`SealKey`]).
//!   Nothing of it is ever stored: after a reload the passphrase is asked for again.
//! - **The passphrase is normalised to Unicode NFC** before its UTF-8 bytes go into PBKDF2
//!   (`String.prototype.normalize`), so the same words typed on different systems, which may
//!   compose "ä" differently, open the same data.
//! - **One salt per key, one nonce per write.** [`seal`] draws a fresh 96-bit nonce from
//!   `crypto.getRandomValues` for every write and reuses the key's salt; [`open_with_passphrase`]
//!   returns the key derived from the stored header's salt, so later writes need no second
//!   (slow) derivation.
//! - **A key opens only envelopes of its own salt and iteration count.** Another salt means
//!   the data were sealed under another derivation (the passphrase was changed in another tab);
//!   [`open`] says so ([`CryptoError::KeyMismatch`]) instead of reporting a wrong passphrase.
//! - **Buffers are copied into JavaScript** (`Uint8Array::from`) rather than viewed in wasm
//!   memory, which may move while a promise is pending.

use super::envelope::{self, Envelope, EnvelopeError, Header, SALT_LEN};
use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesDerivedKeyParams, AesGcmParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

/// Why sealing or opening failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// The sealed text cannot be read (not sealed, damaged header, implausible iterations).
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
    /// The authentication tag does not match: wrong passphrase or changed data (AES-GCM
    /// cannot tell these apart).
    #[error("wrong passphrase or damaged data")]
    Authentication,
    /// The envelope was sealed under another salt or iteration count than this key's: it
    /// needs the passphrase again.
    #[error("sealed with another key")]
    KeyMismatch,
    /// Web Crypto is not available, e.g. `crypto.subtle` outside a secure context (http).
    #[error("Web Crypto unavailable: {0}")]
    Unavailable(String),
    /// The browser refused an operation for another reason (the message is the browser's).
    #[error("Web Crypto failed: {0}")]
    Failed(String),
}

/// An AES-256-GCM key derived from a passphrase, with the salt and iteration count it was
/// derived with (they go into every envelope it seals). The key itself is a non-extractable
/// `CryptoKey`: it cannot be read out, not even by this app.
#[derive(Debug, Clone)]
pub struct SealKey {
    key: CryptoKey,
    salt: [u8; SALT_LEN],
    iterations: u32,
}

impl SealKey {
    /// The PBKDF2 salt this key was derived with.
    pub fn salt(&self) -> [u8; SALT_LEN] {
        self.salt
    }

    /// The PBKDF2 iteration count this key was derived with.
    pub fn iterations(&self) -> u32 {
        self.iterations
    }
}

/// A fresh random salt for a new passphrase.
pub fn new_salt() -> Result<[u8; SALT_LEN], CryptoError> {
    random_bytes()
}

/// Derives the AES-256-GCM key for `passphrase` with PBKDF2-HMAC-SHA-256. At
/// [`envelope::MIN_ITERATIONS`] this took 80–110 ms in headless Chromium on the development
/// machine (more on a phone); refuses iteration counts outside the envelope's bounds.
pub async fn derive(
    passphrase: &str,
    salt: [u8; SALT_LEN],
    iterations: u32,
) -> Result<SealKey, CryptoError> {
    envelope::check_iterations(iterations)?;
    let subtle = subtle()?;
    let normalized = String::from(js_sys::JsString::from(passphrase).normalize("NFC"));
    let material = Uint8Array::from(normalized.as_bytes());
    let base = call(subtle.import_key_with_str(
        "raw",
        &material,
        "PBKDF2",
        false,
        &usages(&["deriveKey"]),
    ))
    .await?;
    let params = Pbkdf2Params::new_with_str(
        "PBKDF2",
        "SHA-256",
        iterations,
        &Uint8Array::from(&salt[..]),
    );
    let key = call(subtle.derive_key_with_object_and_object(
        &params,
        &base.unchecked_into(),
        &AesDerivedKeyParams::new("AES-GCM", 256),
        false,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await?;
    Ok(SealKey {
        key: key.unchecked_into(),
        salt,
        iterations,
    })
}

/// Seals `plaintext` (a document of `schema_version`; 0 for export files) under `key` with a
/// fresh nonce, and returns the envelope's text form.
pub async fn seal(
    key: &SealKey,
    schema_version: u32,
    plaintext: &[u8],
) -> Result<String, CryptoError> {
    let subtle = subtle()?;
    let header = Header {
        schema_version,
        iterations: key.iterations,
        salt: key.salt,
        nonce: random_bytes()?,
    };
    let output = call(subtle.encrypt_with_object_and_js_u8_array(
        &gcm_params(&header),
        &key.key,
        &Uint8Array::from(plaintext),
    ))
    .await?;
    let envelope = Envelope {
        header,
        ciphertext: Uint8Array::new(&output).to_vec(),
    };
    Ok(envelope.to_text())
}

/// Opens sealed `text` with `key` (which must have the envelope's salt and iterations).
pub async fn open(key: &SealKey, text: &str) -> Result<Vec<u8>, CryptoError> {
    let envelope = Envelope::parse(text)?;
    if envelope.header.salt != key.salt || envelope.header.iterations != key.iterations {
        return Err(CryptoError::KeyMismatch);
    }
    decrypt(key, &envelope).await
}

/// Opens sealed `text` with `passphrase`: derives the key from the envelope's salt and
/// iterations, decrypts, and returns the key too, for sealing later writes.
pub async fn open_with_passphrase(
    passphrase: &str,
    text: &str,
) -> Result<(SealKey, Vec<u8>), CryptoError> {
    let envelope = Envelope::parse(text)?;
    let key = derive(passphrase, envelope.header.salt, envelope.header.iterations).await?;
    let plaintext = decrypt(&key, &envelope).await?;
    Ok((key, plaintext))
}

async fn decrypt(key: &SealKey, envelope: &Envelope) -> Result<Vec<u8>, CryptoError> {
    let subtle = subtle()?;
    let promise = subtle
        .decrypt_with_object_and_js_u8_array(
            &gcm_params(&envelope.header),
            &key.key,
            &Uint8Array::from(envelope.ciphertext.as_slice()),
        )
        .map_err(failure)?;
    match JsFuture::from(promise).await {
        Ok(plaintext) => Ok(Uint8Array::new(&plaintext).to_vec()),
        // Web Crypto's only answer to a tag that does not match.
        Err(error) if error_name(&error).as_deref() == Some("OperationError") => {
            Err(CryptoError::Authentication)
        }
        Err(error) => Err(failure(error)),
    }
}

/// AES-GCM parameters for `header`: its nonce, and the whole header as AAD.
fn gcm_params(header: &Header) -> AesGcmParams {
    let params = AesGcmParams::new_with_u8_array("AES-GCM", &Uint8Array::from(&header.nonce[..]));
    params.set_additional_data_u8_array(&Uint8Array::from(&header.to_bytes()[..]));
    params
}

/// `crypto.subtle`, which browsers only offer in secure contexts (https, localhost).
fn subtle() -> Result<SubtleCrypto, CryptoError> {
    let crypto = crypto()?;
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle"))
        .ok()
        .filter(JsValue::is_object)
        .ok_or_else(|| {
            CryptoError::Unavailable("crypto.subtle is missing (not a secure context?)".into())
        })?;
    Ok(subtle.unchecked_into())
}

/// The global `crypto` object (of a window or a worker).
fn crypto() -> Result<web_sys::Crypto, CryptoError> {
    Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .filter(JsValue::is_object)
        .map(JsCast::unchecked_into)
        .ok_or_else(|| CryptoError::Unavailable("crypto is missing".into()))
}

fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut bytes = [0u8; N];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(failure)?;
    // A `getRandomValues` replaced by a stub that fills nothing would repeat nonces; twelve
    // or more zero bytes by chance are out of the question.
    if bytes.iter().all(|&b| b == 0) {
        return Err(CryptoError::Unavailable(
            "getRandomValues returned zeros".into(),
        ));
    }
    Ok(bytes)
}

fn usages(names: &[&str]) -> Array {
    names.iter().map(|name| JsValue::from_str(name)).collect()
}

/// Awaits a Web Crypto promise, turning both a synchronous throw and a rejection into
/// [`CryptoError::Failed`].
async fn call(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, CryptoError> {
    JsFuture::from(promise.map_err(failure)?)
        .await
        .map_err(failure)
}

fn error_name(error: &JsValue) -> Option<String> {
    Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|name| name.as_string())
}

fn failure(error: JsValue) -> CryptoError {
    let message = Reflect::get(&error, &JsValue::from_str("message"))
        .ok()
        .and_then(|message| message.as_string())
        .unwrap_or_else(|| format!("{error:?}"));
    match error_name(&error) {
        Some(name) => CryptoError::Failed(format!("{name}: {message}")),
        None => CryptoError::Failed(message),
    }
}
