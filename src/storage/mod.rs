//! Storage: the only code that touches the browser's local storage.
//!
//! Everything the app keeps lives in ONE local-storage entry, [`STORE_KEY`], as a versioned
//! JSON document ([`schema::StoredDocument`]), compressed when large ([`codec`]). One entry
//! means one `setItem` per save, and `setItem` is atomic: when it fails (quota exceeded) the
//! previous value stays untouched.
//!
//! Guarantees, each with a test in this module or in `tests/`:
//! - **Nothing is lost when storage is full.** [`Store::save`] returns
//!   [`StorageError::Full`]; the caller keeps the change in memory and tells the user, who can
//!   export. What was stored before is not overwritten.
//! - **Unreadable data is never wiped.** Text the app cannot read (edited by hand, written by a
//!   newer version) is copied aside under a [`QUARANTINE_PREFIX`] key before anything else is
//!   written, and offered for download. If it cannot be copied aside, saving is blocked.
//! - **Two tabs never lose each other's writes.** Every save re-reads the stored document; when
//!   another tab wrote in between (its `write_count` moved on), both datasets are merged with the
//!   same union merge that combines laptops (`domain::exchange::merge`), so appending records in
//!   two tabs keeps both. The UI also merges on the browser's `storage` event.
//! - **A replace is not undone by another tab.** Replacing all data (an import in replace
//!   mode) raises the document's `generation`; documents of different generations are never
//!   merged, the newer one wins.
//!
//! The backend is a trait ([`KeyValue`]) with an in-memory implementation ([`MemoryStore`]) for
//! native tests and a local-storage implementation (`LocalStore`, wasm only).

pub mod codec;
mod memory;
pub mod schema;

#[cfg(target_arch = "wasm32")]
mod local;

pub use memory::MemoryStore;
pub use schema::{Settings, StoredDocument, CURRENT_SCHEMA_VERSION};

#[cfg(target_arch = "wasm32")]
pub use local::{estimate, request_persistence, LocalStore, PersistenceState, QuotaEstimate};

use crate::domain::exchange;
use crate::domain::Dataset;
use schema::LoadError;

/// The local-storage key holding the whole document.
pub const STORE_KEY: &str = "kim-rheine.store";

/// Prefix of the keys under which unreadable text is kept aside (followed by a timestamp).
pub const QUARANTINE_PREFIX: &str = "kim-rheine.unreadable.";

/// What a key-value backend can fail with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackendError {
    /// The browser refused the write because the storage quota is exhausted.
    #[error("storage quota exceeded")]
    QuotaExceeded,
    /// Storage is not available at all (disabled, private mode restrictions, …).
    #[error("storage unavailable: {0}")]
    Unavailable(String),
}

/// A string key-value store such as `window.localStorage`.
pub trait KeyValue {
    /// The value under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<String>, BackendError>;
    /// Stores `value` under `key`; on error the previous value is unchanged.
    fn set(&self, key: &str, value: &str) -> Result<(), BackendError>;
    /// Removes `key`.
    fn remove(&self, key: &str) -> Result<(), BackendError>;
    /// All keys currently present.
    fn keys(&self) -> Result<Vec<String>, BackendError>;
}

/// Stored text as a person can read it: compressed text is expanded to its JSON; anything
/// else (including text that fails to expand) is returned as it is.
pub fn readable_text(raw: &str) -> String {
    codec::decode(raw)
        .map(|text| text.into_owned())
        .unwrap_or_else(|_| raw.to_owned())
}

/// Why a save did not reach storage. In every case the data stays in memory.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// The storage quota is exhausted; the previous stored value is intact.
    #[error("storage full")]
    Full,
    /// Storage is unavailable.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// Stored data is unreadable and could not be kept aside, so writing is blocked to
    /// protect it.
    #[error("unreadable stored data could not be kept aside; writing is blocked")]
    Blocked,
}

impl From<BackendError> for StorageError {
    fn from(error: BackendError) -> Self {
        match error {
            BackendError::QuotaExceeded => StorageError::Full,
            BackendError::Unavailable(why) => StorageError::Unavailable(why),
        }
    }
}

/// Unreadable text found at start-up, and whether it was kept aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// Why the text could not be read.
    pub reason: LoadError,
    /// The raw text, for download.
    pub raw: String,
    /// The key it was copied to, or `None` when copying failed (then saving is blocked).
    pub kept_as: Option<String>,
}

/// What [`Store::open`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    /// The document to start with (a fresh one when nothing readable was stored).
    pub document: StoredDocument,
    /// Set when stored text could not be read.
    pub unreadable: Option<Unreadable>,
}

/// The app's storage: a backend plus what this tab last read or wrote.
pub struct Store<B: KeyValue> {
    backend: B,
    /// `write_count` of the stored document this tab's data is based on.
    base_write_count: u64,
    /// Set while unreadable text could not be kept aside: nothing may be written.
    blocked: bool,
    /// Characters of the stored entry as last read or written (what counts against the quota).
    stored_len: usize,
    /// Hash and generation of the stored text as this tab last read or wrote it. When the
    /// entry still hashes the same, no other tab wrote, and a save of data of that generation
    /// or newer need not decode and parse it (which at 20,000 cases costs as much as the save
    /// itself).
    known_text: Option<(u64, u64)>,
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

impl<B: KeyValue> Store<B> {
    /// Opens storage: reads and migrates the stored document, or keeps unreadable text aside.
    ///
    /// `fresh` builds the document to start with when nothing (readable) is stored; `now_ms`
    /// names the quarantine key.
    pub fn open(backend: B, now_ms: i64, fresh: impl FnOnce() -> StoredDocument) -> (Self, Opened) {
        let mut store = Store {
            backend,
            base_write_count: 0,
            blocked: false,
            stored_len: 0,
            known_text: None,
        };
        let raw = match store.backend.get(STORE_KEY) {
            Ok(raw) => raw,
            Err(error) => {
                store.blocked = true;
                let unreadable = Unreadable {
                    reason: LoadError::Malformed(error.to_string()),
                    raw: String::new(),
                    kept_as: None,
                };
                return (
                    store,
                    Opened {
                        document: fresh(),
                        unreadable: Some(unreadable),
                    },
                );
            }
        };
        let Some(raw) = raw else {
            return (
                store,
                Opened {
                    document: fresh(),
                    unreadable: None,
                },
            );
        };
        match schema::load(&raw) {
            Ok(document) => {
                store.base_write_count = document.write_count;
                store.stored_len = raw.len();
                store.known_text = Some((text_hash(&raw), document.generation));
                (
                    store,
                    Opened {
                        document,
                        unreadable: None,
                    },
                )
            }
            Err(reason) => {
                let key = format!("{QUARANTINE_PREFIX}{now_ms}");
                let kept_as = match store.backend.set(&key, &raw) {
                    Ok(()) => Some(key),
                    Err(_) => {
                        store.blocked = true;
                        None
                    }
                };
                let mut document = fresh();
                // Continue numbering after the unreadable document is impossible to know;
                // start from zero, the quarantine copy keeps the old text safe.
                document.write_count = 0;
                (
                    store,
                    Opened {
                        document,
                        unreadable: Some(Unreadable {
                            reason,
                            raw,
                            kept_as,
                        }),
                    },
                )
            }
        }
    }

    /// Saves `document`, merging with whatever another tab stored in between.
    ///
    /// Returns the document as stored (possibly merged, with its new `write_count`); the
    /// caller replaces its in-memory state with it. On error nothing stored is changed and the
    /// caller keeps `document` in memory.
    pub fn save(&mut self, document: &StoredDocument) -> Result<StoredDocument, StorageError> {
        if self.blocked {
            return Err(StorageError::Blocked);
        }
        let stored = self
            .read_changed(document.generation)
            .map(|(document, _)| document);
        let mut next = match stored {
            // Another tab replaced the data since this tab read it: this tab's data is of an
            // older generation and is dropped, not merged back in (see `generation`).
            Some(stored) if stored.generation > document.generation => {
                self.base_write_count = stored.write_count;
                return Ok(stored);
            }
            Some(stored)
                if stored.write_count != self.base_write_count
                    && stored.generation == document.generation =>
            {
                merge_documents(&stored, document, SettingsFrom::Ours)
            }
            _ => document.clone(),
        };
        next.schema_version = CURRENT_SCHEMA_VERSION;
        // Saturating: only a hand-edited document can hold a count near `u64::MAX`.
        next.write_count = self
            .base_write_count
            .max(next.write_count)
            .saturating_add(1);
        let text = schema::to_stored_text(&next);
        self.backend.set(STORE_KEY, &text)?;
        self.base_write_count = next.write_count;
        self.stored_len = text.len();
        self.known_text = Some((text_hash(&text), next.generation));
        Ok(next)
    }

    /// Re-reads the stored document after another tab changed it, merged with `ours` (the
    /// data of this tab, which may hold changes not yet stored). Returns `None` when the
    /// stored document is unchanged or unreadable.
    pub fn reload_merged(&mut self, ours: &StoredDocument) -> Option<StoredDocument> {
        let (stored, hash) = self.read_changed(ours.generation)?;
        self.known_text = Some((hash, stored.generation));
        if stored.write_count == self.base_write_count {
            return None;
        }
        if stored.generation != ours.generation {
            // Replaced in another tab (or this tab replaced and another saved older data,
            // which `save` refuses): the newer generation is taken as it is.
            self.base_write_count = stored.write_count;
            return Some(if stored.generation > ours.generation {
                stored
            } else {
                ours.clone()
            });
        }
        let merged = merge_documents(&stored, ours, SettingsFrom::Stored);
        self.base_write_count = stored.write_count;
        Some(merged)
    }

    /// Keys holding unreadable text kept aside, oldest first.
    pub fn quarantined(&self) -> Vec<(String, String)> {
        let mut keys: Vec<String> = self
            .backend
            .keys()
            .unwrap_or_default()
            .into_iter()
            .filter(|key| key.starts_with(QUARANTINE_PREFIX))
            .collect();
        keys.sort();
        keys.into_iter()
            .filter_map(|key| {
                let text = self.backend.get(&key).ok().flatten()?;
                Some((key, text))
            })
            .collect()
    }

    /// Removes one kept-aside text (after the user downloaded it and chose to discard it).
    pub fn discard_quarantined(&self, key: &str) -> Result<(), StorageError> {
        if !key.starts_with(QUARANTINE_PREFIX) {
            return Ok(());
        }
        self.backend.remove(key).map_err(StorageError::from)
    }

    /// Characters of the stored entry as last read or written by this tab.
    pub fn stored_len(&self) -> usize {
        self.stored_len
    }

    /// Whether writing is blocked to protect unreadable data that could not be kept aside.
    pub fn is_blocked(&self) -> bool {
        self.blocked
    }

    /// The stored document, unless its text is what this tab last read or wrote and holds no
    /// newer generation than `generation` (then nothing is new to this tab: `None`, as when it
    /// is absent or unreadable). Also returns the text's hash, to remember once the tab has
    /// taken the document in.
    fn read_changed(&self, generation: u64) -> Option<(StoredDocument, u64)> {
        let raw = self.backend.get(STORE_KEY).ok().flatten()?;
        let hash = text_hash(&raw);
        if matches!(self.known_text, Some((known, known_generation))
            if known == hash && known_generation <= generation)
        {
            return None;
        }
        schema::load(&raw).ok().map(|document| (document, hash))
    }
}

/// Whose settings win when two tabs' documents are merged.
enum SettingsFrom {
    /// This tab is saving: its settings are the newest.
    Ours,
    /// Another tab saved: its settings are the newest.
    Stored,
}

/// Merges two documents as two laptops are merged: records are united (append-only records
/// with random ids, so a union never loses a write); settings come from the newer writer.
fn merge_documents(
    stored: &StoredDocument,
    ours: &StoredDocument,
    settings_from: SettingsFrom,
) -> StoredDocument {
    let data: Dataset = match exchange::merge(&stored.data, &ours.data) {
        Ok(merge) => merge.data,
        // Two different cases under one code cannot arise from two tabs of one laptop
        // (codes are drawn against the local list); keep this tab's data rather than guess.
        Err(_) => ours.data.clone(),
    };
    let settings = match settings_from {
        SettingsFrom::Ours => ours.settings.clone(),
        SettingsFrom::Stored => stored.settings.clone(),
    };
    StoredDocument {
        schema_version: CURRENT_SCHEMA_VERSION,
        write_count: stored.write_count.max(ours.write_count),
        generation: stored.generation.max(ours.generation),
        settings,
        data,
    }
}

#[cfg(test)]
mod tests;
