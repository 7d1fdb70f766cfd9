//! The export file, its import, and the merge of several laptops' data.
//!
//! There is no server: files carry the data. An export is one versioned JSON document
//! ([`ExportFile`]). An import is all or nothing: [`parse_import`] reads and checks the whole
//! file, [`preview`] computes the complete resulting [`Dataset`] and what it adds or changes,
//! and nothing is stored until the caller stores [`ImportPreview::data`]. Both are pure
//! functions, so a refused file changes nothing.
//!
//! Many files at once (the coordinating office's collection) are [`preview_collection`]: the
//! merge preview applied file by file, each file accepted or refused alone, applied in one
//! change (`collection.rs`).
//!
//! The parts, each with its tests: `format.rs` (the file format, [`export`], [`parse_import`]),
//! `validate.rs` (the record checks, [`validate_records`]), `merge.rs` ([`merge`],
//! [`canonical`]) and `preview.rs` ([`preview`]); this module re-exports their public names,
//! so callers write `exchange::merge`, `exchange::parse_import`, ….
//!
//! # The file format (version 2)
//!
//! Version 2 (issue 28) adds counselling sessions (`"type": "session"`) and evaluations of
//! deregistrations; a file of version 1 is read unchanged, and a release that reads only 1
//! refuses a file of 2 as newer (step 4 below).
//!
//! One UTF-8 JSON object (a leading byte-order mark is ignored), at most [`MAX_IMPORT_BYTES`]
//! long:
//! - `format`: `"kim-export"` ([`FORMAT`]), or `"kim-rheine-export"` in files written before
//!   the app served other municipalities ([`LEGACY_FORMAT`], still read); anything else is a
//!   foreign file;
//! - `format_version`: a whole number from 1 to [`CURRENT_FORMAT_VERSION`];
//! - `exported_at` (RFC 3339) and `device` (the random id of the exporting browser profile):
//!   informational, not checked;
//! - `data`: a [`Dataset`]: `rules` (required), `cases`, `contacts`, `visits`, `yearly` (a
//!   missing list is an empty one). [`export`] writes every list sorted ([`canonical`]).
//!
//! # What an import refuses
//!
//! [`parse_import`] checks in this order and reports the first failure, so the message for a
//! given file is stable:
//! 1. more than [`MAX_IMPORT_BYTES`] bytes: [`ImportError::TooLarge`], before any parsing
//!    ([`check_import_size`] lets the UI refuse a file before even reading it);
//! 2. not JSON: [`ImportError::Malformed`];
//! 3. JSON, but not an object whose `format` is our marker (e.g. a rule-set file picked by
//!    mistake): [`ImportError::Foreign`];
//! 4. `format_version` above [`CURRENT_FORMAT_VERSION`]: [`ImportError::NewerFormat`];
//!    missing or not a positive whole number: [`ImportError::Malformed`];
//! 5. the typed file cannot be read (a field missing or of the wrong type, or a case code
//!    that is not `XXXX-XXXX` in Crockford's base 32 as the app writes it, which
//!    [`CaseCode`] refuses to read): [`ImportError::Malformed`];
//! 6. the file's rule set fails [`RuleSet::validate`]: [`ImportError::InvalidRules`];
//! 7. a record that cannot be right ([`validate_records`], [`RecordError`]):
//!    - a case code that appears twice;
//!    - a case event outside the bounds of [`CaseEvent::check_bounds`] (a date outside the
//!      years of [`calendar`](crate::domain::calendar), an implausible `recorded_at`);
//!    - a case history with no or two admissions, an event dated or ordered before the
//!      admission (the admission must be the first effective event), two events with one id,
//!      a session not identified by its date and form (`CaseError::SessionIdentity`), or a
//!      correction that voids the admission or an event the case does not have (reported
//!      with the case module's own [`CaseError`]);
//!    - two cases admitted by the same intake check (the same `intake` id): reported as the
//!      later case's `SecondAdmission`;
//!    - a case event naming an id the file's own rule set does not know (area, provider,
//!      problems, parties, way in and override reason of the admission; provider of a
//!      handover; reason and evaluation of a deactivation; form of a session), or a
//!      deactivation whose evaluation contradicts the one its reason implies
//!      ([`RecordError::EvaluationContradictsReason`]);
//!    - two short contacts or two welcome visits with one id, or one the contact or visit
//!      checks of [`contacts::validate_new`] / [`visits::validate`] refuse (unknown provider,
//!      outcome, district, offer or age band; no or implausibly many children; a month or date
//!      outside the calendar span; an implausible `recorded_at`);
//!    - two yearly figures for one year, or figures [`yearly::validate_imported`] refuses
//!      (a year outside the calendar span, an implausible count or number of posts).
//!
//! The bounds of every number and date live in the module that owns the record; this module
//! only calls them.
//!
//! Steps 3 and 4 look only at the two header fields, read as generic JSON values before the
//! typed file, so a foreign file is called foreign and a newer file newer, not malformed. The
//! header pass skips the rest of the document without building it in memory.
//!
//! Dates are not compared with today. The domain has no clock, and a colleague's laptop whose
//! clock runs a day ahead must not make its export unimportable; the entry forms already refuse
//! future dates, and the reports are as-of, so a record dated later than today only counts from
//! its date on. The contact and visit checks are therefore called with [`NaiveDate::MAX`] as
//! "today". The full fold of a case history is not required to succeed either: a merge of two
//! laptops may legitimately hold, say, two deactivations recorded independently, and the
//! reports count such histories (see [`Case::status_on`]).
//!
//! # Merging
//!
//! Merging is a set union, which is what makes it safe and repeatable:
//! - cases are matched by code; the same case on two laptops (e.g. after a handover) becomes
//!   one case whose history is the union of both histories by event id;
//! - two cases with the same code but different admissions are two different people: the merge
//!   is refused ([`MergeError::CodeCollision`]) rather than join them;
//! - contacts and visits are matched by id; "voided" wins;
//! - yearly figures are matched by year; a present figure wins over a missing one; two
//!   different present figures: the record with the lexicographically larger JSON wins, so the
//!   result does not depend on the order of the merge;
//! - the rule set by the rule of [`RulesChoice`]: two copies of one rule set, one of them lacking
//!   fields an earlier release did not know, are that rule set with every field either has;
//!   otherwise a side without records takes the other's, then the higher revision wins, and
//!   different rule sets of the same revision are a conflict the user decides, told what
//!   differs ([`MergeError::RulesConflict`]); nothing depends on names or sizes.
//!
//! The result is canonical (sorted), so merging is idempotent and, for the records,
//! order-independent: importing the same file twice changes nothing the second time
//! ([`ImportPreview::changes_nothing`]).
//!
//! [`preview`] also refuses an import whose result would hold records its rule set cannot
//! explain while the data before it could ([`MergeError::Inconsistent`]), so an import never
//! turns a laptop's data into something its own export could not bring back.
//!
//! [`Dataset`]: crate::domain::Dataset
//! [`CaseCode`]: crate::domain::CaseCode
//! [`RuleSet::validate`]: crate::domain::rules::RuleSet::validate
//! [`CaseError`]: crate::domain::case::CaseError
//! [`contacts::validate_new`]: crate::domain::contacts::validate_new
//! [`visits::validate`]: crate::domain::visits::validate
//! [`NaiveDate::MAX`]: chrono::NaiveDate::MAX
//! [`Case::status_on`]: crate::domain::case::Case::status_on

mod collection;
mod format;
mod merge;
mod preview;
#[cfg(test)]
mod test_data;
mod validate;

pub use collection::{preview_collection, CollectionPreview, FileOutcome, Unchanged};
pub use format::{
    check_import_size, export, export_from, parse_import, ExportFile, ImportError,
    CURRENT_FORMAT_VERSION, FORMAT, LEGACY_FORMAT, MAX_IMPORT_BYTES,
};
pub use merge::{canonical, merge, merge_with, Merge, MergeError, MergeSummary, RulesChoice};
pub use preview::{
    check_records, preview, preview_with, ImportMode, ImportPreview, ImportSummary, ReplaceSummary,
};
pub use validate::{unknown_references, validate_records, Catalogue, RecordError};
