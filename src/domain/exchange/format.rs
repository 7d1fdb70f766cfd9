//! The export file format (version 2): writing an export and reading a file back with the
//! header and record checks in the order the module documentation of [`super`] lists.

use super::merge::canonical;
use super::validate::{validate_records, RecordError};
use crate::domain::rules::RuleSetError;
use crate::domain::{Dataset, ProviderId};
use serde::{Deserialize, Serialize};

/// The marker of an export file of this app. It names no municipality: the app serves any.
pub const FORMAT: &str = "kim-export";
/// The marker files carried before the app served other municipalities than Rheine; still
/// read.
pub const LEGACY_FORMAT: &str = "kim-rheine-export";
/// The export format version this build writes and reads.
pub const CURRENT_FORMAT_VERSION: u32 = 2;
/// The largest file an import reads: 64 MiB. The register at its target scale (20,000 cases,
/// about 100,000 events) exports to about 32 MB, so this leaves twice that as headroom while
/// refusing a file that would exhaust the browser's memory (checked by `tests/exchange_import.rs`).
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// An export file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    pub format: String,
    pub format_version: u32,
    /// RFC 3339 time of the export (from the caller).
    pub exported_at: String,
    /// The random id of the exporting browser profile.
    pub device: String,
    /// The provider the exporting device works for; absent for the coordinating office's
    /// device (and in files written before this field existed). Shown in the import preview,
    /// never used by a rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderId>,
    pub data: Dataset,
}

/// Serialises everything as an export file of a device without a provider: see
/// [`export_from`].
pub fn export(data: &Dataset, exported_at: &str, device: &str) -> String {
    export_from(data, exported_at, device, None)
}

/// Serialises everything as an export file: compact JSON on one line (a 20,000-case export is
/// large enough without indentation; any JSON viewer formats it). `provider` is the provider
/// the exporting device works for, if any.
pub fn export_from(
    data: &Dataset,
    exported_at: &str,
    device: &str,
    provider: Option<&ProviderId>,
) -> String {
    let file = ExportFile {
        format: FORMAT.to_owned(),
        format_version: CURRENT_FORMAT_VERSION,
        exported_at: exported_at.to_owned(),
        device: device.to_owned(),
        provider: provider.cloned(),
        data: canonical(data),
    };
    serde_json::to_string(&file).expect("an export always serialises")
}

/// Why a file is refused. Nothing has changed when one of these is returned.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ImportError {
    /// The file is larger than [`MAX_IMPORT_BYTES`]; checked before parsing.
    #[error("the file has {bytes} bytes, more than the limit of {limit}")]
    TooLarge { bytes: u64, limit: u64 },
    /// Not JSON, or an export file with a field missing or of the wrong type; the text is the
    /// parser's (English) detail, for logs rather than for users.
    #[error("malformed export file: {0}")]
    Malformed(String),
    /// JSON, but not an export file of this app (e.g. a rule-set file or another program's).
    #[error("not an export file of this app")]
    Foreign,
    /// Written by a newer version of the app, in a format this version cannot read.
    #[error("export format version {found} is newer than the supported version {supported}")]
    NewerFormat { found: u64, supported: u32 },
    /// The file's rule set is invalid.
    #[error("the file's rule set is invalid: {0}")]
    InvalidRules(RuleSetError),
    /// A record of the file cannot be right.
    #[error("invalid record: {0}")]
    InvalidRecord(RecordError),
}

/// Refuses a file of `bytes` bytes when it is larger than [`MAX_IMPORT_BYTES`]; the UI calls
/// this with the file's size before reading it.
pub fn check_import_size(bytes: u64) -> Result<(), ImportError> {
    let limit = MAX_IMPORT_BYTES as u64;
    if bytes > limit {
        return Err(ImportError::TooLarge { bytes, limit });
    }
    Ok(())
}

/// Reads and checks an export file; see the module documentation for what is refused and in
/// which order. The returned file's data is complete and consistent; pass it to [`preview`](super::preview()).
pub fn parse_import(text: &str) -> Result<ExportFile, ImportError> {
    check_import_size(text.len() as u64)?;
    // An editor on Windows may have saved the file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_header(text)?;
    let file: ExportFile =
        serde_json::from_str(text).map_err(|e| ImportError::Malformed(e.to_string()))?;
    file.data
        .rules
        .validate()
        .map_err(ImportError::InvalidRules)?;
    validate_records(&file.data).map_err(ImportError::InvalidRecord)?;
    Ok(file)
}

/// The two fields that say what a file is, as generic JSON values; every other field is
/// skipped without being built.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<serde_json::Value>,
    #[serde(default)]
    format_version: Option<serde_json::Value>,
}

/// Steps 2–4 of the module documentation: JSON at all, our marker, a version we can read.
fn check_header(text: &str) -> Result<(), ImportError> {
    if !text.trim_start().starts_with('{') {
        // Not an object: foreign when it is JSON at all (an array, a number, …).
        return Err(match serde_json::from_str::<serde::de::IgnoredAny>(text) {
            Ok(_) => ImportError::Foreign,
            Err(e) => ImportError::Malformed(e.to_string()),
        });
    }
    let header: Header =
        serde_json::from_str(text).map_err(|e| ImportError::Malformed(e.to_string()))?;
    if !header
        .format
        .as_ref()
        .and_then(|f| f.as_str())
        .is_some_and(|f| f == FORMAT || f == LEGACY_FORMAT)
    {
        return Err(ImportError::Foreign);
    }
    let found = header
        .format_version
        .as_ref()
        .and_then(|v| v.as_u64())
        .filter(|&v| v >= 1)
        .ok_or_else(|| {
            ImportError::Malformed("format_version is not a positive whole number".into())
        })?;
    if found > u64::from(CURRENT_FORMAT_VERSION) {
        return Err(ImportError::NewerFormat {
            found,
            supported: CURRENT_FORMAT_VERSION,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::exchange::test_data::arbitrary_dataset;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn export_round_trips(a in arbitrary_dataset()) {
            let text = export(&a, "2023-01-01T00:00:00Z", "device");
            let file: ExportFile = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(file.data, canonical(&a));
        }
    }
}
