//! The passphrase lock at the edge of the app: the lock screen that opens a sealed stored
//! entry, the idle timer and "Sperren".
//!
//! Locking forgets the key and the data by reloading the page, once every change is stored:
//! a reload leaves nothing of the previous page in memory, and the page that starts finds the
//! sealed entry and shows the lock screen. The key never leaves memory; a second tab asks for
//! the passphrase itself.

use crate::app::backup::Backups;
use crate::app::components::PasswordField;
use crate::app::state::{AppState, Unlocked};
use crate::app::{browser, focus};
use crate::storage;
use crate::storage::crypto::{self, CryptoError};
use leptos::prelude::*;
use std::time::Duration;

/// What the app finds in storage at start-up.
pub enum Opening {
    /// Plain (or nothing, or unreadable): the app starts as always.
    Plain,
    /// Sealed with a passphrase: the lock screen comes first.
    Sealed(String),
}

/// Looks at the stored entry without reading it.
pub fn opening() -> Opening {
    storage::sealed_entry().map_or(Opening::Plain, Opening::Sealed)
}

/// The lock screen: asks for the passphrase and opens the stored entry with it.
#[component]
pub fn LockScreen(raw: String, on_unlock: Callback<Unlocked>) -> impl IntoView {
    let passphrase = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let raw = StoredValue::new(raw);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = passphrase.get_untracked();
        if typed.is_empty() {
            error.set(Some("Bitte das Kennwort eingeben.".into()));
            focus::focus_after_render("#unlock-passphrase");
            return;
        }
        busy.set(true);
        error.set(None);
        // The entry as it is now: another tab may have written since the page started.
        let sealed = storage::sealed_entry().unwrap_or_else(|| raw.get_value());
        leptos::task::spawn_local(async move {
            browser::start_measure("kim:unlock");
            let opened = crypto::open_with_passphrase(&typed, &sealed).await;
            browser::end_measure("kim:unlock");
            busy.set(false);
            match opened {
                Ok((key, bytes)) => match crate::storage::stored_text::from_sealed_payload(bytes) {
                    Some(plain) => {
                        passphrase.set(String::new());
                        on_unlock.run(Unlocked { key, plain, sealed });
                    }
                    None => error.set(Some(damaged())),
                },
                Err(CryptoError::Authentication) => {
                    error.set(Some(
                        "Das Kennwort stimmt nicht. Es wurde nichts geändert; bitte noch einmal versuchen."
                            .into(),
                    ));
                    focus::focus_after_render("#unlock-passphrase");
                }
                Err(CryptoError::Envelope(_) | CryptoError::KeyMismatch) => {
                    error.set(Some(damaged()))
                }
                Err(CryptoError::Failed(why)) => error.set(Some(format!(
                    "Der Browser konnte die Daten nicht entschlüsseln ({why}). Bitte die Seite neu laden und es noch einmal versuchen."
                ))),
                Err(CryptoError::Unavailable(_)) => error.set(Some(
                    "Dieser Browser kann die Daten nicht entschlüsseln (keine Web-Crypto-Schnittstelle). Bitte die App über https:// öffnen."
                        .into(),
                )),
            }
        });
    };
    let erase_word = RwSignal::new(String::new());
    let erase_error = RwSignal::new(None::<String>);
    let erase = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !crate::app::erase::confirms(&erase_word.get_untracked()) {
            erase_error.set(Some(
                "Bitte genau „LÖSCHEN“ eingeben. Es wurde nichts gelöscht.".into(),
            ));
            focus::focus_after_render("#lock-erase-word");
            return;
        }
        if let Err(error) = crate::app::erase::erase_and_start_afresh() {
            erase_error.set(Some(format!(
                "Die Daten konnten nicht gelöscht werden ({error})."
            )));
        }
    };
    focus::focus_after_render("#unlock-passphrase");
    view! {
        <header class="site-header">
            <p class="app-name">
                <span class="app-name-short">"KIM"</span>
                <span class="app-name-long">" – Kommunales Integrationsmanagement"</span>
            </p>
        </header>
        <main id="inhalt" class="lock-screen">
            <h1>"Die App ist gesperrt"</h1>
            <p>"Die Daten auf diesem Gerät sind mit einem Kennwort verschlüsselt. Geben Sie das Kennwort ein, um weiterzuarbeiten."</p>
            <form on:submit=submit novalidate>
                <PasswordField id="unlock-passphrase" label="Kennwort" autocomplete="current-password" value=passphrase error />
                <button type="submit" class="big-button" disabled=move || busy.get()>
                    {move || if busy.get() { "Wird entsperrt …" } else { "Entsperren" }}
                </button>
            </form>
            <details class="forgotten">
                <summary>"Kennwort vergessen?"</summary>
                <p>"Ohne das Kennwort lassen sich die Daten nicht wiederherstellen – auch nicht von der Koordinierenden Stelle. Was nur auf diesem Gerät erfasst und nie exportiert wurde, ist verloren. Zum Neuanfang können Sie die verschlüsselten Daten löschen und danach den letzten Export einspielen."</p>
                <form on:submit=erase novalidate>
                    <div class="field" class:field-group-error=move || erase_error.get().is_some()>
                        <label for="lock-erase-word">"Zur Bestätigung „LÖSCHEN“ eingeben"</label>
                        {move || erase_error.get().map(|text| view! { <p class="field-error" id="lock-erase-fehler">{text}</p> })}
                        <input id="lock-erase-word" type="text" autocomplete="off"
                            aria-invalid=move || if erase_error.get().is_some() { "true" } else { "false" }
                            aria-describedby=move || erase_error.get().map(|_| "lock-erase-fehler")
                            prop:value=move || erase_word.get()
                            on:input=move |ev| erase_word.set(event_target_value(&ev)) />
                    </div>
                    <button type="submit" class="danger">"Alle Daten auf diesem Gerät löschen"</button>
                </form>
            </details>
        </main>
    }
}

fn damaged() -> String {
    "Die gespeicherten Daten sind beschädigt und lassen sich nicht entschlüsseln. Bitte den letzten Export einspielen."
        .into()
}

/// Locks now: stores what is not stored yet, writes a pending backup into the connected
/// folder (`app::backup`), then reloads the page, which starts locked.
pub fn lock_now(state: AppState) {
    lock_with(state, use_context::<Backups>());
}

fn lock_with(state: AppState, backups: Option<Backups>) {
    if let Some(backups) = backups {
        backups.write_if_pending(state);
    }
    let started = browser::now_ms();
    wait_then_reload(state, backups, started);
}

fn wait_then_reload(state: AppState, backups: Option<Backups>, started: i64) {
    // A save or backup that needs longer than five seconds (storage blocked, a slow network
    // drive) is not waited for: the lock must close. The change stays pending: it is stored in
    // the other open tabs, if any, and backed up at the next start.
    let busy = state.is_saving()
        || state.has_unsaved_changes()
        || backups.is_some_and(|b| b.writing.get_untracked());
    if busy && browser::now_ms() - started < 5_000 {
        set_timeout(
            move || wait_then_reload(state, backups, started),
            Duration::from_millis(50),
        );
        return;
    }
    let _reload_is_best_effort = window().location().reload();
}

/// Locks after the idle time of the settings without input (keyboard, pointer, touch,
/// scrolling), while the lock is on.
pub fn watch_idle(state: AppState) {
    let backups = use_context::<Backups>();
    let last = StoredValue::new(browser::now_ms());
    for name in ["keydown", "pointerdown", "touchstart", "wheel", "input"] {
        let handle = window_event_listener_untyped(name, move |_| {
            last.set_value(browser::now_ms());
        });
        on_cleanup(move || handle.remove());
    }
    let interval = set_interval_with_handle(
        move || {
            if !state.sealed.get_untracked() {
                return;
            }
            let minutes = state.settings.with_untracked(|s| s.lock_idle_minutes);
            if browser::now_ms() - last.get_value() >= i64::from(minutes) * 60_000 {
                lock_with(state, backups);
            }
        },
        Duration::from_secs(5),
    );
    if let Ok(interval) = interval {
        on_cleanup(move || interval.clear());
    }
}
