//! Deleting everything the app keeps in this browser (*Einstellungen → Alle Daten löschen*).
//!
//! Removing the keys alone would not do: the persisting effect of [`AppState`] would write the
//! data it still holds in memory straight back with the next change, and a save waiting for
//! the store's lock (or for Web Crypto, with the passphrase lock on) would write it when it
//! runs. So [`AppState::erase_everything`] works in this order:
//!
//! 1. it raises the [`erased`] flag: from now on this tab writes nothing (every write to local
//!    storage checks it, in `app::state`);
//! 2. it removes every key of the app ([`storage::erase_all`] over local storage itself, not
//!    through anything that holds the document in memory);
//! 3. it tells the app's other tabs in this browser (a `BroadcastChannel`, see
//!    [`follow_erasure_in_other_tabs`]): each raises its own flag, removes whatever it may
//!    have written in the meantime, and starts afresh too;
//! 4. it replaces the page with the app's start page (`location.replace`, so "Back" does not
//!    lead into the old state): the app starts as on a new device.
//!
//! The connected folders are forgotten as well (`storage::folder`); the backups written into
//! them stay there, outside the browser, until someone deletes them (the Settings and
//! *Datenschutz* pages say so). What stays in the browser is the service worker's Cache
//! Storage: the app's own program files for offline use, which hold no data.
//!
//! Decision: when a key cannot be removed the flag is lowered again and the error returned;
//! the data still in memory is then saved as before with the next change, rather than this
//! tab silently no longer saving at all.

use crate::app::routes::Page;
use crate::app::AppState;
use crate::storage::{self, LocalStore, StorageError};
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::{JsCast, JsValue};

/// The word to type before everything is deleted (Einstellungen and the lock screen).
pub const CONFIRM_WORD: &str = "LÖSCHEN";

/// Whether `typed` is the confirmation word (any case, spaces around it ignored).
pub fn confirms(typed: &str) -> bool {
    crate::domain::text::same_word(typed, CONFIRM_WORD)
}

/// Set once everything was deleted: this tab must not write to local storage again.
static ERASED: AtomicBool = AtomicBool::new(false);

/// The name of the channel over which tabs of this app learn of a deletion (not a storage key,
/// so nothing of it is stored).
const CHANNEL: &str = "kim-rheine.erase";
/// The message sent over [`CHANNEL`].
const MESSAGE: &str = "erased";

/// Whether everything was deleted in this tab (or another tab of the app told it so). Every
/// write to local storage checks this first and, when it is set, writes nothing.
pub fn erased() -> bool {
    ERASED.load(Ordering::SeqCst)
}

impl AppState {
    /// Deletes everything the app keeps in this browser and starts afresh (see the module
    /// doc). Returns how many storage keys were removed; on success the page is already being
    /// replaced by the start page.
    pub fn erase_everything(self) -> Result<usize, StorageError> {
        erase_and_start_afresh()
    }
}

/// [`AppState::erase_everything`] where there is no state yet: on the lock screen, for a
/// forgotten passphrase (deleting needs no key).
pub fn erase_and_start_afresh() -> Result<usize, StorageError> {
    ERASED.store(true, Ordering::SeqCst);
    match storage::erase_all(&LocalStore) {
        Ok(removed) => {
            // The connected folders (backups, exchange) are forgotten; their files stay.
            storage::folder::Folder::forget_all();
            tell_other_tabs();
            start_afresh();
            Ok(removed)
        }
        Err(error) => {
            ERASED.store(false, Ordering::SeqCst);
            Err(error)
        }
    }
}

/// Listens for a deletion made in another tab of the app: this tab then stops writing,
/// removes what it may have written since, and starts afresh. Call at start, before the lock
/// screen (a tab still asking for the passphrase holds the sealed text it would open and save
/// again); the listener lives as long as the page. Calling it again does nothing.
pub fn follow_erasure_in_other_tabs() {
    if LISTENING.with(|listening| listening.borrow().is_some()) {
        return;
    }
    let Some(channel) = open_channel() else {
        return;
    };
    let on_message = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
        |event: web_sys::MessageEvent| {
            if event.data().as_string().as_deref() != Some(MESSAGE) || erased() {
                return;
            }
            ERASED.store(true, Ordering::SeqCst);
            // Best effort: whatever this tab wrote before it heard of the deletion. The tab
            // that deleted has already reported its own result to the user; this one reloads
            // either way, and a key left behind shows as data after the reload.
            let _already_reported_by_the_erasing_tab = storage::erase_all(&LocalStore);
            start_afresh();
        },
    );
    let _listener_set = js_sys::Reflect::set(
        &channel,
        &JsValue::from_str("onmessage"),
        on_message.as_ref().unchecked_ref(),
    );
    // The listener lives as long as the page; a channel with a listener is not collected.
    on_message.forget();
    LISTENING.with(|listening| *listening.borrow_mut() = Some(channel));
}

thread_local! {
    /// This tab's listening channel, also used to send: a channel does not receive its own
    /// messages.
    static LISTENING: std::cell::RefCell<Option<JsValue>> = const { std::cell::RefCell::new(None) };
}

/// A `BroadcastChannel` named [`CHANNEL`], or `None` where the browser has none.
fn open_channel() -> Option<JsValue> {
    let window = web_sys::window()?;
    let class = js_sys::Reflect::get(&window, &JsValue::from_str("BroadcastChannel"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    js_sys::Reflect::construct(&class, &js_sys::Array::of1(&JsValue::from_str(CHANNEL))).ok()
}

/// Sends [`MESSAGE`] to the app's other tabs in this browser.
fn tell_other_tabs() {
    let channel = LISTENING
        .with(|listening| listening.borrow().clone())
        .or_else(open_channel);
    let Some(channel) = channel else {
        return;
    };
    let post = js_sys::Reflect::get(&channel, &JsValue::from_str("postMessage"))
        .ok()
        .and_then(|post| post.dyn_into::<js_sys::Function>().ok());
    if let Some(post) = post {
        // Best effort: where a tab is not told (no listener yet), it writes its data back
        // only with its next change, and then its data is in storage again, visibly.
        let _other_tabs_are_best_effort = post.call1(&channel, &JsValue::from_str(MESSAGE));
    }
}

/// Replaces the page with the app's start page, as on a new device.
fn start_afresh() {
    if let Some(window) = web_sys::window() {
        let _navigation_is_best_effort = window.location().replace(&Page::Home.href());
    }
}
