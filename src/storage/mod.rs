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
//!   written, and offered for download. If it cannot be copied aside, saving is blocked. Met
//!   while running (another tab, perhaps of a newer release, wrote it: on a save or on the
//!   `storage` event), it is kept aside the same way and this tab stops saving.
//! - **Two tabs never lose each other's writes.** Every save is a read-merge-write: it re-reads
//!   the stored entry, and when it is not the text this tab last read or wrote, both datasets
//!   are merged with the same union merge that combines laptops (`domain::exchange::merge`), so
//!   records added in two tabs are all kept. In the browser the read-merge-write runs under a
//!   Web Lock ([`with_store_lock`]), so two tabs are serialised rather than detected after the
//!   fact. The `storage` event's value is merged in as well ([`Store::take_in`]), and what this
//!   tab holds beyond it is saved back: even a write that a tab's stale view of local storage
//!   missed comes back.
//! - **A replace is not undone by another tab.** Replacing all data (an import in replace
//!   mode) raises the document's `generation`; documents of different generations are never
//!   merged, the newer one wins.
//! - **Deleting everything leaves nothing behind.** Every key the app writes starts with
//!   [`APP_KEY_PREFIX`]; [`erase_all`] removes all of them and no other key.
//!
//! The backend is a trait ([`KeyValue`]) with an in-memory implementation ([`MemoryStore`]) for
//! native tests and a local-storage implementation (`LocalStore`, wasm only).

pub mod backup;
pub mod codec;
pub mod envelope;
mod memory;
pub mod parts;
pub mod schema;
pub mod sealed_file;
pub mod stored_text;
pub mod vault;

#[cfg(target_arch = "wasm32")]
pub mod crypto;
#[cfg(target_arch = "wasm32")]
pub mod folder;
#[cfg(target_arch = "wasm32")]
mod local;

pub use memory::MemoryStore;
pub use parts::DocumentRef;
pub use schema::{Settings, StoredDocument, CURRENT_SCHEMA_VERSION};
pub use vault::Vault;

#[cfg(target_arch = "wasm32")]
pub use local::{
    estimate, request_persistence, sealed_entry, with_store_lock, with_store_lock_async,
    LocalStore, PersistenceState, QuotaEstimate,
};

use crate::domain::exchange;
use crate::domain::sorting;
use crate::domain::Dataset;
use schema::LoadError;

/// The local-storage key holding the whole document.
pub const STORE_KEY: &str = "kim-rheine.store";

/// Prefix of the keys under which unreadable text is kept aside (followed by a timestamp).
pub const QUARANTINE_PREFIX: &str = "kim-rheine.unreadable.";

/// The prefix every local-storage key of the app starts with ([`STORE_KEY`],
/// [`QUARANTINE_PREFIX`]): [`erase_all`] removes exactly these keys. A new key must start
/// with it too, or deleting everything would leave it behind.
pub const APP_KEY_PREFIX: &str = "kim-rheine";

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
///
/// Besides reading and writing, a backend may hand out a *mark* of a value it read or wrote:
/// a handle that tells later, without copying the value out, whether the key still holds that
/// value ([`KeyValue::is_still`]). The store saves after every change and first looks whether
/// another tab wrote; with a register of several megabytes, copying the entry out of the
/// browser for that look was a third of the save. A backend without marks reads instead.
pub trait KeyValue {
    /// A handle on a value as read or written (`()` for a backend without marks).
    type Mark;
    /// The value under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<String>, BackendError>;
    /// Stores `value` under `key`; on error the previous value is unchanged.
    fn set(&self, key: &str, value: &str) -> Result<(), BackendError>;
    /// Removes `key`.
    fn remove(&self, key: &str) -> Result<(), BackendError>;
    /// All keys currently present.
    fn keys(&self) -> Result<Vec<String>, BackendError>;

    /// [`KeyValue::get`], with a mark of the value read when the backend has marks.
    fn get_marked(&self, key: &str) -> Result<(Option<String>, Option<Self::Mark>), BackendError> {
        Ok((self.get(key)?, None))
    }

    /// [`KeyValue::set`], with a mark of the value written when the backend has marks.
    fn set_marked(&self, key: &str, value: &str) -> Result<Option<Self::Mark>, BackendError> {
        self.set(key, value).map(|()| None)
    }

    /// Whether `key` still holds the very value `mark` was taken of (compared by content);
    /// `false` when the backend cannot tell without reading.
    fn is_still(&self, _key: &str, _mark: &Self::Mark) -> bool {
        false
    }
}

/// Stored text as a person can read it: compressed text is expanded to its JSON; anything
/// else (including text that fails to expand) is returned as it is.
pub fn readable_text(raw: &str) -> String {
    if let Some(json) = parts::readable(raw) {
        return json;
    }
    codec::decode(raw)
        .map(|text| text.into_owned())
        .unwrap_or_else(|_| raw.to_owned())
}

/// Deletes everything the app keeps in `backend`: every key starting with [`APP_KEY_PREFIX`]
/// (the document, kept-aside unreadable text, anything added later under the prefix), and
/// nothing else (other apps of the same origin keep theirs). Returns how many keys were
/// removed.
///
/// The document goes first, so an interruption leaves as little behind as possible. A key
/// that cannot be removed does not stop the others from being tried; the first error is
/// returned.
pub fn erase_all<B: KeyValue>(backend: &B) -> Result<usize, StorageError> {
    let mut keys: Vec<String> = backend
        .keys()?
        .into_iter()
        .filter(|key| key.starts_with(APP_KEY_PREFIX))
        .collect();
    sorting::sort_by_key(&mut keys, |key| key != STORE_KEY);
    let mut removed = 0;
    let mut first_error = None;
    for key in &keys {
        match backend.remove(key) {
            Ok(()) => removed += 1,
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    match first_error {
        Some(error) => Err(error.into()),
        None => Ok(removed),
    }
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
    /// Another tab (perhaps of a newer release) stored text this tab cannot read; it was kept
    /// aside, and this tab stops writing until it is reloaded.
    #[error("unreadable stored data appeared while running; saving stopped")]
    Stopped,
    /// The stored document is sealed with a passphrase this tab does not hold: another tab set
    /// or changed the passphrase lock. Nothing is written over it; after a reload the app asks
    /// for the passphrase.
    #[error("the stored data is sealed with another passphrase")]
    Sealed,
}

impl From<BackendError> for StorageError {
    fn from(error: BackendError) -> Self {
        match error {
            BackendError::QuotaExceeded => StorageError::Full,
            BackendError::Unavailable(why) => StorageError::Unavailable(why),
        }
    }
}

/// Unreadable text found at start-up or while running, and whether it was kept aside.
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

/// Why saving is stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// Unreadable text could not be kept aside: writing would destroy it.
    NotKeptAside,
    /// Unreadable or newer text appeared while the app was running (written by another tab,
    /// perhaps of a newer release); it was kept aside and this tab stops writing until it is
    /// reloaded, so it cannot overwrite what the other tab wrote.
    MetWhileRunning,
}

/// What a successful save wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    /// The stored document's new `write_count`.
    pub write_count: u64,
    /// The stored document's generation.
    pub generation: u64,
    /// Set when what was stored differs from the document handed in: another tab's records
    /// were merged in, or another tab's replace won. The caller takes this document as its
    /// state.
    pub changed: Option<StoredDocument>,
}

/// What [`Store::take_in`] made of a document another tab stored.
#[derive(Debug, Clone, PartialEq)]
pub enum TakenIn {
    /// Nothing new for this tab.
    Unchanged,
    /// The other tab's data, merged with this tab's (or the other tab's replace, which wins).
    Changed {
        document: Box<StoredDocument>,
        /// This tab holds records the stored document lacks: save, so they are not lost.
        save_back: bool,
    },
    /// This tab's data is newer (its replace) than what the other tab stored: save it back.
    SaveBack,
    /// The text cannot be read; it was kept aside (or could not be) and saving stopped.
    Unreadable(Unreadable),
    /// The text is sealed with a passphrase this tab does not hold ([`StorageError::Sealed`]).
    Sealed,
}

/// The app's storage: a backend plus what this tab last read or wrote.
pub struct Store<B: KeyValue> {
    backend: B,
    /// Set while nothing may be written (see [`Stop`]).
    stopped: Option<Stop>,
    /// Characters of the stored entry as last read or written (what counts against the quota).
    stored_len: usize,
    /// `write_count` of the document this tab last read or wrote.
    write_count: u64,
    /// The stored text as this tab last read or wrote it, and its generation. When the entry
    /// is still that text, no other tab wrote, and a save of data of that generation or newer
    /// need not decode and parse it (which at 20,000 cases costs as much as the save itself).
    /// Comparing content rather than a counter also catches two tabs that both wrote "the
    /// next" write count; comparing the text itself (a copy of a few megabytes kept) is
    /// faster than hashing it on every save.
    known_text: Option<(String, u64)>,
    /// The backend's mark of `known_text` where it has one: a save that finds the entry still
    /// so need not copy it out ([`KeyValue::is_still`]). Taken with each read or write of the
    /// entry and dropped whenever `known_text` comes from anywhere else.
    known_mark: Option<B::Mark>,
    /// Unreadable text met while running, not yet reported to the UI.
    found_unreadable: Option<Unreadable>,
    /// The chunks of the document as last read or written ([`parts`]).
    parts: parts::PartCache,
}

impl<B: KeyValue> Store<B> {
    /// Opens storage: reads and migrates the stored document, or keeps unreadable text aside.
    ///
    /// `fresh` builds the document to start with when nothing (readable) is stored; `now_ms`
    /// names the quarantine key.
    pub fn open(backend: B, now_ms: i64, fresh: impl FnOnce() -> StoredDocument) -> (Self, Opened) {
        let mut store = Store {
            backend,
            stopped: None,
            stored_len: 0,
            write_count: 0,
            known_text: None,
            known_mark: None,
            found_unreadable: None,
            parts: parts::PartCache::default(),
        };
        let (raw, mark) = match store.backend.get_marked(STORE_KEY) {
            Ok(read) => read,
            Err(error) => {
                store.stopped = Some(Stop::NotKeptAside);
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
        match stored_text::load_cached(&raw, &mut store.parts) {
            Ok(document) => {
                store.remember(raw, mark, document.write_count, document.generation);
                (
                    store,
                    Opened {
                        document,
                        unreadable: None,
                    },
                )
            }
            Err(reason) => {
                // Once kept aside, the unreadable text may be written over by this tab's
                // first save: it counts as read.
                store.known_text = Some((raw.clone(), 0));
                store.known_mark = mark;
                let unreadable = store.keep_aside(raw, reason, now_ms);
                if unreadable.kept_as.is_none() {
                    store.stopped = Some(Stop::NotKeptAside);
                }
                let mut document = fresh();
                // Continue numbering after the unreadable document is impossible to know;
                // start from zero, the quarantine copy keeps the old text safe.
                document.write_count = 0;
                (
                    store,
                    Opened {
                        document,
                        unreadable: Some(unreadable),
                    },
                )
            }
        }
    }

    /// Saves `document`, merging with whatever another tab stored in between.
    ///
    /// Reads the stored entry first: when it is not the text this tab last read or wrote,
    /// another tab wrote, and its document is merged in (or, when it was a replace, wins).
    /// Unreadable or newer text found there is kept aside and saving stops
    /// ([`StorageError::Stopped`]); it is never overwritten. On error nothing stored is
    /// changed and the caller keeps `document` in memory. In the browser this runs under a
    /// Web Lock (see `with_store_lock`), so two tabs' read-merge-write never interleave.
    pub fn save(&mut self, document: &StoredDocument, now_ms: i64) -> Result<Saved, StorageError> {
        self.save_ref(DocumentRef::from(document), now_ms)
    }

    /// [`Store::save`] of a borrowed document: nothing of a large register is copied unless
    /// another tab's records are merged in, and only the chunks that changed are encoded
    /// ([`parts`]).
    pub fn save_ref(
        &mut self,
        document: DocumentRef<'_>,
        now_ms: i64,
    ) -> Result<Saved, StorageError> {
        match self.stopped {
            Some(Stop::NotKeptAside) => return Err(StorageError::Blocked),
            Some(Stop::MetWhileRunning) => return Err(StorageError::Stopped),
            None => {}
        }
        // The entry still holds what this tab last read or wrote, told by the backend's mark
        // without copying it out: as if read and found known (see `is_known`).
        let still_known = matches!(&self.known_text, Some((_, known_generation))
            if *known_generation <= document.generation)
            && self
                .known_mark
                .as_ref()
                .is_some_and(|mark| self.backend.is_still(STORE_KEY, mark));
        let raw = if still_known {
            None
        } else {
            self.backend.get(STORE_KEY)?
        };
        if raw.as_deref().is_some_and(envelope::is_sealed) {
            return Err(StorageError::Sealed);
        }
        let stored = match raw {
            Some(raw) if !self.is_known(&raw, document.generation) => match stored_text::load(&raw)
            {
                Ok(stored) => Some(stored),
                Err(reason) => {
                    self.stop_for(raw, reason, now_ms);
                    return Err(StorageError::Stopped);
                }
            },
            _ => None,
        };
        let mut merged = match stored {
            // Another tab replaced the data since this tab read it: this tab's data is of an
            // older generation and is dropped, not merged back in (see `generation`).
            Some(stored) if stored.generation > document.generation => {
                self.write_count = stored.write_count;
                self.known_text = None;
                self.known_mark = None;
                return Ok(Saved {
                    write_count: stored.write_count,
                    generation: stored.generation,
                    changed: Some(stored),
                });
            }
            Some(stored) if stored.generation == document.generation => {
                let merged = merge_documents(&stored, document, SettingsFrom::Ours);
                (merged.data != *document.data).then_some(merged)
            }
            _ => None,
        };
        // Saturating: only a hand-edited document can hold a count near `u64::MAX`.
        let write_count = self
            .write_count
            .max(
                merged
                    .as_ref()
                    .map_or(document.write_count, |m| m.write_count),
            )
            .saturating_add(1);
        let (text, generation) = match merged.as_mut() {
            Some(merged) => {
                merged.schema_version = CURRENT_SCHEMA_VERSION;
                merged.write_count = write_count;
                let text = parts::encode(DocumentRef::from(&*merged), &mut self.parts);
                (text, merged.generation)
            }
            None => {
                let next = DocumentRef {
                    write_count,
                    ..document
                };
                (parts::encode(next, &mut self.parts), document.generation)
            }
        };
        let mark = self.backend.set_marked(STORE_KEY, &text)?;
        self.remember(text, mark, write_count, generation);
        Ok(Saved {
            write_count,
            generation,
            changed: merged,
        })
    }

    /// Takes in a document another tab stored (`raw`, the new value of the browser's
    /// `storage` event), merged with `ours` (this tab's data, which may hold changes not yet
    /// stored). The event's value is used rather than a fresh read: a browser may deliver the
    /// event before this tab's copy of local storage shows the write.
    pub fn take_in(&mut self, raw: &str, ours: &StoredDocument, now_ms: i64) -> TakenIn {
        if self.stopped.is_some() || self.is_known(raw, ours.generation) {
            return TakenIn::Unchanged;
        }
        if envelope::is_sealed(raw) {
            return TakenIn::Sealed;
        }
        let stored = match stored_text::load(raw) {
            Ok(stored) => stored,
            Err(reason) => {
                self.stop_for(raw.to_owned(), reason, now_ms);
                return match self.found_unreadable.take() {
                    Some(unreadable) => TakenIn::Unreadable(unreadable),
                    None => TakenIn::Unchanged,
                };
            }
        };
        // The event's value, not a read: no mark of it (the next save reads the entry).
        self.known_text = Some((raw.to_owned(), stored.generation));
        self.known_mark = None;
        self.write_count = self.write_count.max(stored.write_count);
        if stored.generation > ours.generation {
            // Replaced in another tab: the newer generation is taken as it is.
            return TakenIn::Changed {
                document: Box::new(stored),
                save_back: false,
            };
        }
        if stored.generation < ours.generation {
            // This tab replaced the data, and another wrote older data over it.
            return TakenIn::SaveBack;
        }
        let merged = merge_documents(&stored, DocumentRef::from(ours), SettingsFrom::Stored);
        let save_back = merged.data != stored.data;
        if merged.data == ours.data && merged.settings == ours.settings {
            return if save_back {
                TakenIn::SaveBack
            } else {
                TakenIn::Unchanged
            };
        }
        TakenIn::Changed {
            document: Box::new(merged),
            save_back,
        }
    }

    /// Unreadable text met while running, once: the UI shows it like the one at start-up.
    pub fn take_found_unreadable(&mut self) -> Option<Unreadable> {
        self.found_unreadable.take()
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
        sorting::sort(&mut keys);
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

    /// Confirms one chunk read at opening against `data` (see
    /// [`parts::PartCache::confirm_next`]); `false` when none is left. Until a chunk is
    /// confirmed, a save encodes it anew, so calling this is a matter of speed, never of
    /// what is written.
    pub fn confirm_read_part(&mut self, data: &Dataset) -> bool {
        self.parts.confirm_next(data)
    }

    /// Characters of the stored entry as last read or written by this tab.
    pub fn stored_len(&self) -> usize {
        self.stored_len
    }

    /// Whether writing is blocked or stopped to protect unreadable data.
    pub fn is_blocked(&self) -> bool {
        self.stopped.is_some()
    }

    /// Whether `raw` is the text this tab last read or wrote, holding no newer generation
    /// than `generation` (then nothing in it is new to this tab).
    fn is_known(&self, raw: &str, generation: u64) -> bool {
        matches!(&self.known_text, Some((known, known_generation))
            if *known_generation <= generation && known == raw)
    }

    fn remember(&mut self, raw: String, mark: Option<B::Mark>, write_count: u64, generation: u64) {
        self.write_count = write_count;
        self.stored_len = raw.len();
        self.known_text = Some((raw, generation));
        self.known_mark = mark;
    }

    /// Copies unreadable text aside under a fresh quarantine key.
    fn keep_aside(&self, raw: String, reason: LoadError, now_ms: i64) -> Unreadable {
        let key = format!("{QUARANTINE_PREFIX}{now_ms}");
        let kept_as = self.backend.set(&key, &raw).ok().map(|()| key);
        Unreadable {
            reason,
            raw,
            kept_as,
        }
    }

    /// Unreadable text met while running: keep it aside and stop writing.
    fn stop_for(&mut self, raw: String, reason: LoadError, now_ms: i64) {
        let unreadable = self.keep_aside(raw, reason, now_ms);
        self.stopped = Some(if unreadable.kept_as.is_some() {
            Stop::MetWhileRunning
        } else {
            Stop::NotKeptAside
        });
        self.found_unreadable = Some(unreadable);
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
    ours: DocumentRef<'_>,
    settings_from: SettingsFrom,
) -> StoredDocument {
    // Two tabs that changed the rule set to different ones of the same revision: what is
    // stored wins, so the tabs agree (no user is asked between two tabs of one device).
    let merged = match exchange::merge(&stored.data, ours.data) {
        Err(exchange::MergeError::RulesConflict { .. }) => {
            exchange::merge_with(&stored.data, ours.data, exchange::RulesChoice::Ours)
        }
        other => other,
    };
    let data: Dataset = match merged {
        Ok(merge) => merge.data,
        // Two different cases under one code cannot arise from two tabs of one laptop
        // (codes are drawn against the local list); keep this tab's data rather than guess.
        Err(_) => ours.data.clone(),
    };
    let mut settings = match settings_from {
        SettingsFrom::Ours => ours.settings.clone(),
        SettingsFrom::Stored => stored.settings.clone(),
    };
    // An export made in either tab counts.
    settings.last_export_ms = stored
        .settings
        .last_export_ms
        .max(ours.settings.last_export_ms);
    // A backup written in either tab counts; a change waiting for one in either tab still
    // waits; persistence asked for in either tab was asked for.
    settings.backup.last_backup_ms = stored
        .settings
        .backup
        .last_backup_ms
        .max(ours.settings.backup.last_backup_ms);
    settings.backup.pending = stored.settings.backup.pending || ours.settings.backup.pending;
    settings.backup.persistence_asked =
        stored.settings.backup.persistence_asked || ours.settings.backup.persistence_asked;
    // An import made in either tab counts, once.
    let mut imports = stored.settings.imports.clone();
    for import in &ours.settings.imports {
        if !imports.contains(import) {
            imports.push(import.clone());
        }
    }
    sorting::sort_by_key(&mut imports, |i| i.imported_at_ms);
    let excess = imports.len().saturating_sub(schema::MAX_IMPORT_RECORDS);
    imports.drain(..excess);
    settings.imports = imports;
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
