//! The app's shared state, put in context once by [`crate::app::App`].
//!
//! Pages read the signals and change data only through [`AppState::change_data`] /
//! [`AppState::change_settings`] (their "intents"). Persisting is ONE effect, set up in
//! [`AppState::start`]: whenever data or settings change, the whole document is saved. When a
//! save fails the change stays in memory and [`AppState::save_status`] says why, so a banner
//! can tell the user and offer an export.

use crate::app::browser;
use crate::domain::rules::RuleSet;
use crate::domain::Dataset;
use crate::storage::{
    LocalStore, Settings, StorageError, Store, StoredDocument, Unreadable, STORE_KEY,
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

/// Shared state of the app. `Copy`, so components capture it freely.
#[derive(Clone, Copy)]
pub struct AppState {
    /// All records and the rule set.
    pub data: RwSignal<Dataset>,
    /// Per-laptop settings.
    pub settings: RwSignal<Settings>,
    /// Whether the last save reached storage.
    pub save_status: RwSignal<SaveStatus>,
    /// Unreadable text found at start-up (kept aside), if any.
    pub unreadable: RwSignal<Option<Unreadable>>,
    /// A new release is installed and waiting.
    pub update_ready: RwSignal<bool>,
    store: StoredValue<Store<LocalStore>>,
    /// `write_count` of the last document read or written, carried into the next save.
    write_count: StoredValue<u64>,
    /// `generation` of the data this tab holds (raised by [`AppState::replace_data`]).
    generation: StoredValue<u64>,
    /// Set while data is being replaced from storage, so that change is not saved back.
    from_storage: StoredValue<bool>,
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
            from_storage: StoredValue::new(false),
        };
        state.persist_on_change();
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
                if self.from_storage.get_value() {
                    self.from_storage.set_value(false);
                    return;
                }
                self.save_now();
            },
            false,
        );
    }

    /// Saves the current document; used by the effect and by "try again".
    pub fn save_now(self) {
        let document = self.document();
        let result = browser::measure("kim:save", || {
            self.store.try_update_value(|store| store.save(&document))
        });
        match result {
            Some(Ok(saved)) => {
                self.write_count.set_value(saved.write_count);
                self.save_status.set(SaveStatus::Saved);
                if saved.data != document.data {
                    // Another tab wrote in between; show the merged data.
                    self.replace_from_storage(saved);
                }
            }
            Some(Err(error)) => self.save_status.set(SaveStatus::Failed(error)),
            None => {}
        }
    }

    /// Merges what another tab stored (the browser's `storage` event).
    fn follow_other_tabs(self) {
        let handle = window_event_listener(leptos::ev::storage, move |event| {
            if event.key().as_deref() != Some(STORE_KEY) {
                return;
            }
            let ours = self.document();
            let merged = self
                .store
                .try_update_value(|store| store.reload_merged(&ours))
                .flatten();
            if let Some(merged) = merged {
                let has_unsaved = merged.data != self.data.get_untracked()
                    && !matches!(self.save_status.get_untracked(), SaveStatus::Saved);
                self.replace_from_storage(merged);
                if has_unsaved {
                    self.save_now();
                }
            }
        });
        on_cleanup(move || handle.remove());
    }

    fn replace_from_storage(self, document: StoredDocument) {
        self.write_count.set_value(document.write_count);
        self.generation.set_value(document.generation);
        if document.settings != self.settings.get_untracked() {
            self.from_storage.set_value(true);
            self.settings.set(document.settings);
        }
        if document.data != self.data.get_untracked() {
            self.from_storage.set_value(true);
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

    /// Applies a change to the data; the persisting effect stores it.
    pub fn change_data(self, change: impl FnOnce(&mut Dataset)) {
        self.data.update(change);
    }

    /// Replaces all data (an import in replace mode). Raises the generation, so another open
    /// tab drops its old data instead of merging it back in.
    pub fn replace_data(self, data: Dataset) {
        // Saturating: only a hand-edited document can hold a generation near `u64::MAX`.
        self.generation.update_value(|g| *g = g.saturating_add(1));
        self.data.set(data);
    }

    /// Applies a change to the settings; the persisting effect stores it.
    pub fn change_settings(self, change: impl FnOnce(&mut Settings)) {
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
