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

use crate::app::browser;
use crate::domain::rules::RuleSet;
use crate::domain::Dataset;
use crate::storage::{
    with_store_lock, LocalStore, Settings, StorageError, Store, StoredDocument, TakenIn,
    Unreadable, STORE_KEY,
};
use leptos::prelude::*;

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
    store: StoredValue<Store<LocalStore>>,
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
        rules: RuleSet::default_rheine(),
        cases: Vec::new(),
        contacts: Vec::new(),
        visits: Vec::new(),
        yearly: Vec::new(),
    };
    StoredDocument::fresh(data, format!("{:016x}", browser::random_u64()))
}

impl AppState {
    /// Opens storage and builds the state. Call once, inside the root component.
    pub fn start() -> Self {
        let (store, opened) = browser::measure("kim:open", || {
            Store::open(LocalStore, browser::now_ms(), fresh_document)
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
            store: StoredValue::new(store),
            write_count: StoredValue::new(document.write_count),
            generation: StoredValue::new(document.generation),
            revision: StoredValue::new(0),
            saved_revision: StoredValue::new(0),
            queue: StoredValue::new(SaveQueue::default()),
        };
        state.persist_on_change();
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

    /// Saves the current document under the store's lock; used by the effect, by "try
    /// again" and when data taken in from another tab must be written back.
    pub fn save_now(self) {
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
        with_store_lock(move || {
            self.save_locked();
            let Some(queue) = self.queue.try_get_value() else {
                return;
            };
            self.queue.set_value(SaveQueue::default());
            if queue.again {
                self.save_now();
            }
        });
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
                self.save_locked();
            }
        });
        on_cleanup(move || handle.remove());
    }

    /// The read-merge-write itself; runs while this tab holds the store's lock.
    fn save_locked(self) {
        let Some(revision) = self.revision.try_get_value() else {
            return;
        };
        let document = self.document();
        let now = browser::now_ms();
        let result = browser::measure("kim:save", || {
            self.store
                .try_update_value(|store| store.save(&document, now))
        });
        match result {
            Some(Ok(saved)) => {
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
            Some(Err(error)) => {
                self.show_found_unreadable();
                self.save_status.set(SaveStatus::Failed(error));
            }
            None => {}
        }
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
            }
        });
        on_cleanup(move || handle.remove());
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
