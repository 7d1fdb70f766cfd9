//! Encrypted export files: an export file (`domain::exchange::format`) sealed like the stored
//! document ([`super::envelope`]), wrapped in a small JSON object so that a person who opens
//! it sees what it is:
//!
//! ```json
//! { "format": "kim-export-verschluesselt", "format_version": 1,
//!   "envelope": "kim-e1:…" }
//! ```
//!
//! The envelope's schema version is 0 (an export file has its own `format_version` inside);
//! its salt and iteration count are those of the exporting device's key, so the device's
//! passphrase opens the file on any other device. Only the wrapper is read here; opening is
//! `storage::crypto`.

use super::envelope;
use serde::{Deserialize, Serialize};

/// The `format` of an encrypted export file (it names no municipality).
pub const FORMAT: &str = "kim-export-verschluesselt";
/// The `format` written before the app served other municipalities than Rheine; still read.
pub const LEGACY_FORMAT: &str = "kim-rheine-export-verschluesselt";

/// The wrapper's version; a newer one is refused.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Wrapper {
    format: String,
    format_version: u32,
    envelope: String,
}

/// Why a file that says it is an encrypted export cannot be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealedFileError {
    /// Written by a newer version of the app.
    #[error("encrypted export format version {0} is newer than this app")]
    NewerVersion(u32),
    /// The wrapper is there, the envelope inside is not.
    #[error("the encrypted export holds no envelope")]
    NoEnvelope,
}

/// The file text for a sealed export (`envelope_text` from `crypto::seal`).
pub fn wrap(envelope_text: &str) -> String {
    serde_json::to_string_pretty(&Wrapper {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        envelope: envelope_text.to_owned(),
    })
    .unwrap_or_default()
}

/// `None` when `text` is not an encrypted export (then it is read as a plain one); the
/// envelope when it is one this version can open.
pub fn unwrap(text: &str) -> Option<Result<String, SealedFileError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A cheap look first: plain export files are large and are parsed once, elsewhere.
    if !text.contains(FORMAT) && !text.contains(LEGACY_FORMAT) {
        return None;
    }
    let wrapper: Wrapper = serde_json::from_str(text).ok()?;
    if wrapper.format != FORMAT && wrapper.format != LEGACY_FORMAT {
        return None;
    }
    if wrapper.format_version > FORMAT_VERSION {
        return Some(Err(SealedFileError::NewerVersion(wrapper.format_version)));
    }
    if !envelope::is_sealed(&wrapper.envelope) {
        return Some(Err(SealedFileError::NoEnvelope));
    }
    Some(Ok(wrapper.envelope))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_envelope_unwraps_and_plain_files_are_left_alone() {
        let text = wrap("kim-e1:AAAA");
        assert!(text.contains("\"format\": \"kim-export-verschluesselt\""));
        assert!(!text.contains("rheine"));
        assert_eq!(
            unwrap(&text.replace(FORMAT, LEGACY_FORMAT)),
            Some(Ok("kim-e1:AAAA".to_owned())),
            "files written before the marker changed still open"
        );
        assert_eq!(unwrap(&text), Some(Ok("kim-e1:AAAA".to_owned())));
        assert_eq!(
            unwrap(&format!("\u{feff}{text}")),
            Some(Ok("kim-e1:AAAA".to_owned()))
        );
        assert_eq!(
            unwrap("{\"format\":\"kim-export\",\"format_version\":1}"),
            None
        );
        assert_eq!(unwrap("not json"), None);
        assert_eq!(
            unwrap(&text.replace("\"format_version\": 1", "\"format_version\": 2")),
            Some(Err(SealedFileError::NewerVersion(2)))
        );
        assert_eq!(
            unwrap(&text.replace("kim-e1:AAAA", "plain")),
            Some(Err(SealedFileError::NoEnvelope))
        );
    }
}
