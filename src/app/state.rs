//! The app's shared state, put in context once by [`crate::app::App`].
//!
//! Pages read the signals and change data only through [`AppState::change_data`] /
//! [`AppState::change_settings`] (their "intents"), which raise a revision number. Persisting
//! is ONE effect, set up in [`AppState::start`]: whenever data or settings change and the
//! revision is ahead of the one last stored, a save is requested. A save runs under the
//! store's Web Lock (`storage::with_store_lock`), one at a time per tab: a change made while a
//! save waits for the lock is taken along by it, a change made while a save runs queues one
//! more. When a save fails the change stays in memory and [`AppState::save_status`] says why,
//! so a banner can tell the user and offer an export.
//!
//! With a passphrase lock ([`Seal`]) the store writes into a [`Vault`] that holds the document
//! as plain text, and a save becomes asynchronous: under the Web Lock, the sealed entry is
//! opened into the vault (when another tab wrote it), the store saves into the vault, and what
//! it wrote is sealed with a fresh nonce and stored in one `setItem`. Setting, changing and
//! removing the passphrase are saves too ([`AppState::change_seal`]): the old key opens what
//! is stored, the new one (or none) writes, in the same single write, so a reload in between
//! finds either the old or the new state, never half of each. What is stored decides for
//! every tab: a tab that finds the entry sealed with a key it does not hold stops saving
//! ([`StorageError::Sealed`]) and asks for a reload; a tab whose lock another tab removed
//! (the entry is plain again) drops its key and writes plain.

use crate::app::browser;
use crate::domain::rules::RuleSet;
use crate::domain::Dataset;
use crate::storage::crypto::{self, SealKey};
use crate::storage::stored_text;
use crate::storage::{
    envelope, with_store_lock, with_store_lock_async, DocumentRef, KeyValue, LocalStore, Saved,
    Settings, StorageError, Store, StoredDocument, TakenIn, Unreadable, Vault, STORE_KEY,
};
use leptos::prelude::*;

/// The passphrase lock as this tab holds it: which key opens what is stored and which seals
/// what is written. Both are the same key except while the passphrase is set, changed or
/// removed (then the next save moves the stored entry from one to the other).
#[derive(Clone)]
pub struct Seal {
    /// Opens a sealed entry; `None` while the lock is being set (the entry is still plain).
    read: Option<SealKey>,
    /// Seals what is written; `None` while the lock is being removed.
    write: Option<SealKey>,
    /// The sealed text this tab last read or wrote: the vault holds its plain text.
    known: Option<Known>,
    /// Raised by every [`AppState::change_seal`]: a save that awaited Web Crypto while the
    /// passphrase was set, changed or removed must not put back the keys it started with.
    epoch: u64,
}

/// What the lock screen hands over after the passphrase opened the stored entry.
#[derive(Clone)]
pub struct Unlocked {
    pub key: SealKey,
    /// The stored document as plain text.
    pub plain: String,
    /// The sealed text it was opened from.
    pub sealed: String,
}

/// The sealed text a tab last read or wrote, as its hash and, when this tab read or wrote it
/// through local storage, as local storage's mark of it ([`KeyValue::is_still`]). While the
/// entry is still that text, a save neither copies the entry into wasm nor hashes it (with
/// 20,000 cases that is 2.6 million characters on every change).
#[derive(Clone)]
struct Known {
    hash: u64,
    mark: Option<<LocalStore as KeyValue>::Mark>,
}

impl Known {
    fn of(text: &str, mark: Option<<LocalStore as KeyValue>::Mark>) -> Self {
        Known {
            hash: text_hash(text),
            mark,
        }
    }

    /// Whether the entry in `store` is still this text, asked without copying it; `false`
    /// without a mark (it must be read).
    fn is_stored(&self, store: &LocalStore) -> bool {
        self.mark
            .as_ref()
            .is_some_and(|mark| store.is_still(STORE_KEY, mark))
    }
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Outcome of the most recent save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    /// Everything is stored.
    Saved,
    /// The last change could not be stored; it is kept in memory.
    Failed(StorageError),
}

/// Where this tab's saving stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct SaveQueue {
    /// A save was requested and has not finished (it may be waiting for the lock).
    in_flight: bool,
    /// Another save was requested while one ran.
    again: bool,
}

/// Shared state of the app. `Copy`, so components capture it freely.
#[derive(Clone, Copy)]
pub struct AppState {
    /// All records and the rule set.
    pub data: RwSignal<Dataset>,
    /// Per-device settings.
    pub settings: RwSignal<Settings>,
    /// Whether the last save reached storage.
    pub save_status: RwSignal<SaveStatus>,
    /// Unreadable text found at start-up or while running (kept aside), if any.
    pub unreadable: RwSignal<Option<Unreadable>>,
    /// A new release is installed and waiting.
    pub update_ready: RwSignal<bool>,
    /// Whether the passphrase lock is on (the stored entry is sealed, or will be with the
    /// next save).
    pub sealed: RwSignal<bool>,
    store: StoredValue<Store<Vault<LocalStore>>, LocalStorage>,
    vault: StoredValue<Vault<LocalStore>, LocalStorage>,
    seal: StoredValue<Option<Seal>, LocalStorage>,
    /// `write_count` of the last document read or written, carried into the next save.
    write_count: StoredValue<u64>,
    /// `generation` of the data this tab holds (raised by [`AppState::replace_data`]).
    generation: StoredValue<u64>,
    /// Raised by every change this tab makes (not by data taken in from storage).
    revision: StoredValue<u64>,
    /// The revision last stored.
    saved_revision: StoredValue<u64>,
    queue: StoredValue<SaveQueue>,
}

fn fresh_document() -> StoredDocument {
    let data = Dataset {
        rules: RuleSet::none(),
        cases: Vec::new(),
        contacts: Vec::new(),
        visits: Vec::new(),
        yearly: Vec::new(),
    };
    StoredDocument::fresh(data, format!("{:016x}", browser::random_u64()))
}

/// The longest stretch of idle time spent confirming chunks read at opening at once.
const CONFIRM_SLICE_MS: i64 = 12;

impl AppState {
    /// Opens storage and builds the state. Call once, inside the root component; with
    /// `unlocked` when the lock screen opened a sealed entry.
    pub fn start(unlocked: Option<Unlocked>) -> Self {
        let vault = Vault::new(LocalStore);
        let seal = unlocked.map(|u| {
            vault.hold(Some(u.plain), Some(u.sealed.clone()));
            Seal {
                read: Some(u.key.clone()),
                write: Some(u.key),
                known: Some(Known::of(&u.sealed, None)),
                epoch: 0,
            }
        });
        let (store, opened) = browser::measure("kim:open", || {
            Store::open(vault.clone(), browser::now_ms(), fresh_document)
        });
        let document = opened.document;
        let state = AppState {
            data: RwSignal::new(document.data),
            settings: RwSignal::new(document.settings),
            save_status: RwSignal::new(if store.is_blocked() {
                SaveStatus::Failed(StorageError::Blocked)
            } else {
                SaveStatus::Saved
            }),
            unreadable: RwSignal::new(opened.unreadable),
            update_ready: RwSignal::new(browser::update_ready()),
            sealed: RwSignal::new(seal.is_some()),
            store: StoredValue::new_local(store),
            vault: StoredValue::new_local(vault),
            seal: StoredValue::new_local(seal),
            write_count: StoredValue::new(document.write_count),
            generation: StoredValue::new(document.generation),
            revision: StoredValue::new(0),
            saved_revision: StoredValue::new(0),
            queue: StoredValue::new(SaveQueue::default()),
        };
        state.persist_on_change();
        state.confirm_read_parts();
        state.save_before_leaving();
        state.follow_other_tabs();
        state.follow_updates();
        state
    }

    /// The one place that writes: an effect on data and settings.
    fn persist_on_change(self) {
        Effect::watch(
            move || {
                self.data.track();
                self.settings.track();
            },
            move |_, _, _| {
                if self.revision.get_value() > self.saved_revision.get_value() {
                    self.save_now();
                }
            },
            false,
        );
    }

    /// Confirms the chunks of a register read in parts in idle time, so that saves re-encode
    /// only the chunks that changed (see `storage::parts`); opening did not copy the records
    /// for it. A chunk takes a few milliseconds; each idle period confirms chunks for at most
    /// [`CONFIRM_SLICE_MS`], so a key pressed meanwhile waits no longer than that.
    fn confirm_read_parts(self) {
        browser::when_idle(move || {
            let started = browser::now_ms();
            let more = loop {
                let more = self
                    .data
                    .try_with_untracked(|data| {
                        self.store
                            .try_update_value(|store| store.confirm_read_part(data))
                    })
                    .flatten()
                    .unwrap_or(false);
                if !more || browser::now_ms() - started >= CONFIRM_SLICE_MS {
                    break more;
                }
            };
            if more {
                self.confirm_read_parts();
            }
        });
    }

    /// Saves the current document under the store's lock; used by the effect, by "try
    /// again" and when data taken in from another tab must be written back.
    pub fn save_now(self) {
        // Everything was deleted (`app::erase`): nothing may be written again.
        if crate::app::erase::erased() {
            return;
        }
        let Some(mut queue) = self.queue.try_get_value() else {
            return;
        };
        if queue.in_flight {
            queue.again = true;
            self.queue.set_value(queue);
            return;
        }
        self.queue.set_value(SaveQueue {
            in_flight: true,
            again: false,
        });
        if self.seal.with_value(Option::is_some) {
            with_store_lock_async(move || async move {
                self.save_sealed().await;
                self.save_done();
            });
        } else {
            with_store_lock(move || {
                self.save_locked();
                self.save_done();
            });
        }
    }

    /// A save finished: run the one queued meanwhile.
    fn save_done(self) {
        let Some(queue) = self.queue.try_get_value() else {
            return;
        };
        self.queue.set_value(SaveQueue::default());
        if queue.again {
            self.save_now();
        }
    }

    /// Whether a save is running or waiting for the lock.
    pub fn is_saving(self) -> bool {
        self.queue
            .try_get_value()
            .is_some_and(|queue| queue.in_flight)
    }

    /// Whether this tab holds changes not yet stored.
    pub fn has_unsaved_changes(self) -> bool {
        match (
            self.revision.try_get_value(),
            self.saved_revision.try_get_value(),
        ) {
            (Some(revision), Some(saved)) => revision > saved,
            _ => false,
        }
    }

    /// A reload or a closed tab right after a click must not lose it: the lock is granted
    /// asynchronously, and a page being left may never get it. When the page is hidden for
    /// good with a change not yet stored, it is saved at once, without waiting for the lock
    /// (still read-merge-write; another tab that writes at the same moment learns of it
    /// through its `storage` event and merges it back).
    fn save_before_leaving(self) {
        let handle = window_event_listener_untyped("pagehide", move |_| {
            let pending = match (
                self.revision.try_get_value(),
                self.saved_revision.try_get_value(),
            ) {
                (Some(revision), Some(saved)) => revision > saved,
                _ => false,
            };
            if pending {
                if self.seal.with_value(Option::is_some) {
                    // Sealing is asynchronous: started here, it finishes only if the page
                    // lives long enough.
                    self.save_now();
                } else {
                    self.save_locked();
                }
            }
        });
        on_cleanup(move || handle.remove());
    }

    /// The read-merge-write itself; runs while this tab holds the store's lock.
    fn save_locked(self) {
        let Some(revision) = self.revision.try_get_value() else {
            return;
        };
        if crate::app::erase::erased() {
            return;
        }
        let now = browser::now_ms();
        let result = browser::measure("kim:save", || self.save_into_store(now));
        match result {
            Some(Ok(saved)) => self.saved(revision, saved),
            Some(Err(error)) => self.failed(error),
            None => {}
        }
    }

    /// The store's read-merge-write of the data and settings as this tab holds them, borrowed
    /// (a register of 20,000 cases is not copied for a save). `None` once the app is gone.
    fn save_into_store(self, now: i64) -> Option<Result<Saved, StorageError>> {
        let write_count = self.write_count.try_get_value()?;
        let generation = self.generation.try_get_value()?;
        self.data.try_with_untracked(|data| {
            self.settings.try_with_untracked(|settings| {
                let document = DocumentRef {
                    write_count,
                    generation,
                    settings,
                    data,
                };
                self.store
                    .try_update_value(|store| store.save_ref(document, now))
            })
        })??
    }

    fn saved(self, revision: u64, saved: Saved) {
        self.saved_revision.set_value(revision);
        self.write_count.set_value(saved.write_count);
        if self.save_status.get_untracked() != SaveStatus::Saved {
            self.save_status.set(SaveStatus::Saved);
        }
        if let Some(changed) = saved.changed {
            // Another tab wrote in between; show the merged data.
            self.replace_from_storage(changed);
        }
    }

    fn failed(self, error: StorageError) {
        self.show_found_unreadable();
        self.save_status.set(SaveStatus::Failed(error));
    }

    /// The read-merge-write with the passphrase lock; runs while this tab holds the store's
    /// lock. Opens the sealed entry into the vault when another tab wrote it, saves into the
    /// vault, and stores what was saved, sealed, in one write.
    async fn save_sealed(self) {
        browser::start_measure("kim:save-sealed");
        self.save_sealed_inner().await;
        browser::end_measure("kim:save-sealed");
    }

    async fn save_sealed_inner(self) {
        let (Some(seal), Some(vault), Some(revision)) = (
            self.seal.try_get_value().flatten(),
            self.vault.try_get_value(),
            self.revision.try_get_value(),
        ) else {
            return self.save_locked();
        };
        let mut seal = seal;
        let epoch = seal.epoch;
        // Whether the lock is still the one this save started with (see `Seal::epoch`).
        let unchanged = move || {
            self.seal
                .try_get_value()
                .flatten()
                .is_some_and(|now| now.epoch == epoch)
        };
        // The entry is still the sealed text this tab last read or wrote, and the vault holds
        // its plain text: nothing to read or open, as the sealed branch below would find after
        // copying and hashing the entry.
        let still = vault.is_holding()
            && seal
                .known
                .as_ref()
                .is_some_and(|known| known.is_stored(vault.inner()));
        if !still {
            let (raw, mark) = match vault.inner().get_marked(STORE_KEY) {
                Ok(read) => read,
                Err(error) => return self.failed(error.into()),
            };
            match raw {
                Some(raw) if envelope::is_sealed(&raw) => {
                    let hash = text_hash(&raw);
                    let known = seal.known.as_ref().is_some_and(|known| known.hash == hash);
                    if !known || !vault.is_holding() {
                        let Some(read) = seal.read.as_ref() else {
                            return self.failed(StorageError::Sealed);
                        };
                        match crypto::open(read, &raw)
                            .await
                            .map(stored_text::from_sealed_payload)
                        {
                            Ok(Some(plain)) => vault.hold(Some(plain), Some(raw.clone())),
                            // Sealed with another passphrase (changed in another tab): never
                            // written over; after a reload the app asks for the passphrase.
                            _ => return self.failed(StorageError::Sealed),
                        }
                        seal.known = Some(Known { hash, mark });
                    }
                }
                Some(raw) => {
                    if seal.known.is_some() {
                        // Another tab removed the lock: follow what is stored.
                        self.drop_seal();
                        return self.save_locked();
                    }
                    vault.hold(Some(raw), None);
                }
                None => vault.hold(None, None),
            }
        }
        let now = browser::now_ms();
        let Some(result) = self.save_into_store(now) else {
            return;
        };
        let saved = match result {
            Ok(saved) => saved,
            Err(error) => return self.failed(error),
        };
        let plain = vault.held_text().unwrap_or_default();
        let text = match seal.write.as_ref() {
            Some(key) => {
                let payload = stored_text::to_sealed_payload(&plain);
                match crypto::seal(key, crate::storage::CURRENT_SCHEMA_VERSION, &payload).await {
                    Ok(text) => text,
                    Err(error) => return self.failed(StorageError::Unavailable(error.to_string())),
                }
            }
            None => plain,
        };
        if crate::app::erase::erased() {
            return;
        }
        let mark = match vault.inner().set_marked(STORE_KEY, &text) {
            Ok(mark) => mark,
            Err(error) => {
                // Not stored: the vault holds text that is not in local storage, so the next
                // save opens the stored entry again and merges.
                self.forget_known_entry();
                return self.failed(error.into());
            }
        };
        // The passphrase was set, changed or removed while this save awaited: the new keys
        // stay, and the next save (already queued) opens what this one wrote with its read key.
        if unchanged() {
            match seal.write.clone() {
                Some(key) => self.seal.set_value(Some(Seal {
                    read: Some(key.clone()),
                    write: Some(key),
                    known: Some(Known::of(&text, mark)),
                    epoch,
                })),
                // The lock was removed with this write.
                None => self.drop_seal(),
            }
        } else {
            self.forget_known_entry();
        }
        self.saved(revision, saved);
    }

    /// The next sealed save opens the stored entry again instead of trusting the vault.
    fn forget_known_entry(self) {
        self.seal.update_value(|seal| {
            if let Some(seal) = seal {
                seal.known = None;
            }
        });
    }

    /// The lock is off: the vault lets the entry through to local storage again.
    fn drop_seal(self) {
        self.seal.set_value(None);
        self.vault.with_value(|vault| vault.release());
        self.sealed.set(false);
    }

    /// The key that seals this tab's writes, while the passphrase lock is on.
    pub fn seal_key(self) -> Option<SealKey> {
        self.seal
            .try_get_value()
            .flatten()
            .and_then(|seal| seal.write)
    }

    /// Checks `passphrase` against the stored sealed entry; the key it opens with.
    pub async fn verify_passphrase(self, passphrase: &str) -> Result<SealKey, crypto::CryptoError> {
        let raw = crate::storage::sealed_entry().ok_or(crypto::CryptoError::Authentication)?;
        crypto::open_with_passphrase(passphrase, &raw)
            .await
            .map(|(key, _)| key)
    }

    /// Sets, changes or removes the passphrase lock: `read` opens what is stored now
    /// (`None` when it is plain), `write` seals from now on (`None`: plain). Saves at once;
    /// the stored entry moves from the old to the new form in one write.
    pub fn change_seal(self, read: Option<SealKey>, write: Option<SealKey>) {
        let on = write.is_some();
        let (known, epoch) = self.seal.with_value(|seal| {
            seal.as_ref()
                .map_or((None, 0), |s| (s.known.clone(), s.epoch.wrapping_add(1)))
        });
        self.seal.set_value(Some(Seal {
            read,
            write,
            known,
            epoch,
        }));
        self.sealed.set(on);
        self.raise_revision();
        self.save_now();
    }

    /// Takes in what another tab stored (the browser's `storage` event).
    fn follow_other_tabs(self) {
        let handle = window_event_listener(leptos::ev::storage, move |event| {
            if event.key().as_deref() != Some(STORE_KEY) {
                return;
            }
            // Removed (by another tab or the browser's tools): nothing to take in; this
            // tab's data is written again with its next change.
            let Some(raw) = event.new_value() else {
                return;
            };
            if envelope::is_sealed(&raw) {
                self.take_in_sealed(raw);
                return;
            }
            self.take_in_plain(raw);
        });
        on_cleanup(move || handle.remove());
    }

    /// Another tab stored a sealed entry: open it with this tab's key and take it in.
    fn take_in_sealed(self, raw: String) {
        let Some(seal) = self.seal.try_get_value().flatten() else {
            // Another tab set the lock: this tab cannot read what is stored any more.
            self.save_status
                .set(SaveStatus::Failed(StorageError::Sealed));
            return;
        };
        let hash = text_hash(&raw);
        if seal.known.as_ref().is_some_and(|known| known.hash == hash) {
            return;
        }
        let Some(read) = seal.read.clone() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match crypto::open(&read, &raw)
                .await
                .map(stored_text::from_sealed_payload)
            {
                Ok(Some(plain)) => {
                    self.seal.update_value(|seal| {
                        if let Some(seal) = seal {
                            seal.known = Some(Known { hash, mark: None });
                        }
                    });
                    self.vault
                        .with_value(|vault| vault.hold(Some(plain.clone()), Some(raw.clone())));
                    self.take_in_plain(plain);
                }
                _ => self
                    .save_status
                    .set(SaveStatus::Failed(StorageError::Sealed)),
            }
        });
    }

    /// Takes in a plain document another tab stored (or this tab opened from a sealed one).
    fn take_in_plain(self, raw: String) {
        let ours = self.document();
        let now = browser::now_ms();
        let Some(taken) = self
            .store
            .try_update_value(|store| store.take_in(&raw, &ours, now))
        else {
            return;
        };
        match taken {
            TakenIn::Unchanged => {}
            TakenIn::Changed {
                document,
                save_back,
            } => {
                self.replace_from_storage(*document);
                if save_back {
                    self.save_now();
                }
            }
            TakenIn::SaveBack => self.save_now(),
            TakenIn::Unreadable(unreadable) => {
                self.unreadable.set(Some(unreadable));
                self.save_status
                    .set(SaveStatus::Failed(StorageError::Stopped));
            }
            TakenIn::Sealed => self
                .save_status
                .set(SaveStatus::Failed(StorageError::Sealed)),
        }
    }

    fn show_found_unreadable(self) {
        if let Some(unreadable) = self
            .store
            .try_update_value(|store| store.take_found_unreadable())
            .flatten()
        {
            self.unreadable.set(Some(unreadable));
        }
    }

    /// Shows a document read from storage. Not a change of this tab: the revision stays, so
    /// the persisting effect does not write it back.
    fn replace_from_storage(self, document: StoredDocument) {
        self.write_count.set_value(document.write_count);
        self.generation.set_value(document.generation);
        if document.settings != self.settings.get_untracked() {
            self.settings.set(document.settings);
        }
        if document.data != self.data.get_untracked() {
            self.data.set(document.data);
        }
    }

    fn follow_updates(self) {
        let handle = window_event_listener_untyped("kim-update-ready", move |_| {
            self.update_ready.set(true);
        });
        on_cleanup(move || handle.remove());
    }

    /// The document as it would be stored now (not tracked).
    pub fn document(self) -> StoredDocument {
        StoredDocument {
            schema_version: crate::storage::CURRENT_SCHEMA_VERSION,
            write_count: self.write_count.get_value(),
            generation: self.generation.get_value(),
            settings: self.settings.get_untracked(),
            data: self.data.get_untracked(),
        }
    }

    fn raise_revision(self) {
        self.revision
            .update_value(|revision| *revision = revision.saturating_add(1));
    }

    /// Applies a change to the data; the persisting effect stores it.
    pub fn change_data(self, change: impl FnOnce(&mut Dataset)) {
        self.raise_revision();
        self.data.update(change);
    }

    /// Replaces all data (an import in replace mode). Raises the generation, so another open
    /// tab drops its old data instead of merging it back in.
    pub fn replace_data(self, data: Dataset) {
        // Saturating: only a hand-edited document can hold a generation near `u64::MAX`.
        self.generation.update_value(|g| *g = g.saturating_add(1));
        self.raise_revision();
        self.data.set(data);
    }

    /// Applies a change to the settings; the persisting effect stores it.
    pub fn change_settings(self, change: impl FnOnce(&mut Settings)) {
        self.raise_revision();
        self.settings.update(change);
    }

    /// Kept-aside unreadable texts (key, text).
    pub fn quarantined(self) -> Vec<(String, String)> {
        self.store.with_value(|store| store.quarantined())
    }

    /// Discards one kept-aside text.
    pub fn discard_quarantined(self, key: &str) -> Result<(), StorageError> {
        self.store
            .with_value(|store| store.discard_quarantined(key))
    }

    /// The size of the stored document in characters (what counts against local storage's
    /// quota of about five million characters).
    pub fn stored_size(self) -> usize {
        self.store.with_value(|store| store.stored_len())
    }
}

/// The state from context.
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
