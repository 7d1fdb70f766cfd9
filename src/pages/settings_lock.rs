//! *Einstellungen → Kennwortschutz*: set, change or remove the passphrase that encrypts
//! everything this device stores, lock at once, and the idle time after which the app locks
//! itself. How the lock works is in `app::state` (sealed saves) and `app::lock` (lock screen,
//! idle timer); the cryptography in `storage::crypto` and `storage::envelope`.

use crate::app::components::PasswordField;
use crate::app::{actions, focus, use_app_state};
use crate::storage::crypto::{self, CryptoError};
use crate::storage::envelope::MIN_ITERATIONS;
use crate::storage::schema::IDLE_LOCK_MINUTES;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The shortest passphrase accepted: long enough that guessing it against the 600,000
/// PBKDF2 rounds takes years, short enough to type at a kitchen table.
const MIN_LENGTH: usize = 10;

/// The passphrase lock section.
#[component]
pub fn LockSection() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section aria-labelledby="kennwort-titel" class="lock-section">
            <h2 id="kennwort-titel" tabindex="-1">"Kennwortschutz"</h2>
            <Show when=move || state.sealed.get() fallback=|| view! { <SetLock /> }>
                <LockOn />
            </Show>
        </section>
    }
}

/// What went wrong with a form, per field id.
type FieldErrors = RwSignal<Vec<(&'static str, String)>>;

fn error_of(errors: FieldErrors, id: &'static str) -> impl Fn() -> Option<String> + Copy {
    move || errors.with(|e| e.iter().find(|(f, _)| *f == id).map(|(_, m)| m.clone()))
}

/// A password field whose error is the one `errors` holds for `id`.
fn password_field(
    id: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
    errors: FieldErrors,
) -> impl IntoView {
    view! { <PasswordField id label autocomplete value error=Signal::derive(error_of(errors, id)) /> }
}

/// Shows `wrong` at their fields and focuses the first; `true` when there is nothing wrong.
fn check(errors: FieldErrors, wrong: Vec<(&'static str, String)>) -> bool {
    let first = wrong.first().map(|(id, _)| format!("#{id}"));
    errors.set(wrong);
    match first {
        Some(selector) => {
            focus::focus_after_render(selector);
            false
        }
        None => true,
    }
}

fn new_passphrase_errors(
    new: &str,
    repeated: &str,
    new_id: &'static str,
    repeat_id: &'static str,
) -> Vec<(&'static str, String)> {
    let mut wrong = Vec::new();
    if new.chars().count() < MIN_LENGTH {
        wrong.push((new_id, format!("Das Kennwort muss mindestens {MIN_LENGTH} Zeichen lang sein. Ein Satz aus mehreren Wörtern ist gut zu merken.")));
    } else if new != repeated {
        wrong.push((
            repeat_id,
            "Die beiden Eingaben stimmen nicht überein.".to_owned(),
        ));
    }
    wrong
}

fn crypto_text(error: &CryptoError) -> String {
    match error {
        CryptoError::Authentication => "Das bisherige Kennwort stimmt nicht. Es wurde nichts geändert.".into(),
        CryptoError::Unavailable(_) => "Dieser Browser bietet keine Verschlüsselung an (Web Crypto fehlt; die App muss über https:// geöffnet sein). Es wurde nichts geändert.".into(),
        other => format!("Die Verschlüsselung ist fehlgeschlagen ({other}). Es wurde nichts geändert."),
    }
}

/// No lock yet: what it means, an export first, then the passphrase twice.
#[component]
fn SetLock() -> impl IntoView {
    let state = use_app_state();
    let new = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let errors: FieldErrors = RwSignal::new(Vec::new());
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (typed, again) = (new.get_untracked(), repeated.get_untracked());
        if !check(
            errors,
            new_passphrase_errors(&typed, &again, "lock-new", "lock-repeat"),
        ) {
            return;
        }
        busy.set(true);
        message.set(None);
        spawn_local(async move {
            let key = match crypto::new_salt() {
                Ok(salt) => crypto::derive(&typed, salt, MIN_ITERATIONS).await,
                Err(error) => Err(error),
            };
            busy.set(false);
            match key {
                Ok(key) => {
                    new.set(String::new());
                    repeated.set(String::new());
                    state.change_seal(None, Some(key));
                    // The section now says the lock is on: the focus goes there.
                    focus::focus_after_render("#kennwort-status");
                }
                Err(error) => message.set(Some(crypto_text(&error))),
            }
        });
    };
    view! {
        <p>"Mit einem Kennwort wird alles, was die App auf diesem Gerät speichert, verschlüsselt (AES-256). Wer den Browser öffnet, sieht dann ohne Kennwort nichts. Nach einer einstellbaren Zeit ohne Eingabe sperrt sich die App selbst."</p>
        <div class="notice notice-warning">
            <p><strong>"Wichtig: "</strong>"Ein vergessenes Kennwort kann niemand zurücksetzen – auch nicht die Koordinierende Stelle. Die Daten sind dann verloren. Exportieren Sie deshalb vorher und danach regelmäßig."</p>
            <button type="button" class="secondary" on:click=move |_| actions::export_download(state)>"Erst exportieren"</button>
        </div>
        <form on:submit=submit novalidate class="lock-form">
            {password_field("lock-new", "Neues Kennwort", "new-password", new, errors)}
            {password_field("lock-repeat", "Kennwort wiederholen", "new-password", repeated, errors)}
            <button type="submit" disabled=move || busy.get()>
                {move || if busy.get() { "Schlüssel wird erzeugt …" } else { "Kennwortschutz einschalten" }}
            </button>
        </form>
        <p role="status" class="form-message">{move || message.get()}</p>
    }
}

/// The lock is on: lock now, the idle time, change or remove the passphrase.
#[component]
fn LockOn() -> impl IntoView {
    let state = use_app_state();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let errors: FieldErrors = RwSignal::new(Vec::new());
    let remove_current = RwSignal::new(String::new());
    let remove_errors: FieldErrors = RwSignal::new(Vec::new());
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (old, typed, again) = (
            current.get_untracked(),
            new.get_untracked(),
            repeated.get_untracked(),
        );
        let mut wrong = Vec::new();
        if old.is_empty() {
            wrong.push((
                "lock-current",
                "Bitte das bisherige Kennwort eingeben.".to_owned(),
            ));
        }
        wrong.extend(new_passphrase_errors(
            &typed,
            &again,
            "lock-change-new",
            "lock-change-repeat",
        ));
        if !check(errors, wrong) {
            return;
        }
        busy.set(true);
        message.set(None);
        spawn_local(async move {
            let result = match state.verify_passphrase(&old).await {
                Ok(old_key) => match crypto::new_salt() {
                    Ok(salt) => crypto::derive(&typed, salt, MIN_ITERATIONS)
                        .await
                        .map(|new_key| (old_key, new_key)),
                    Err(error) => Err(error),
                },
                Err(error) => Err(error),
            };
            busy.set(false);
            match result {
                Ok((old_key, new_key)) => {
                    current.set(String::new());
                    new.set(String::new());
                    repeated.set(String::new());
                    state.change_seal(Some(old_key), Some(new_key));
                    message.set(Some("Das Kennwort ist geändert. Die Daten sind mit dem neuen Kennwort verschlüsselt.".into()));
                }
                Err(CryptoError::Authentication) => {
                    check(
                        errors,
                        vec![("lock-current", crypto_text(&CryptoError::Authentication))],
                    );
                }
                Err(error) => message.set(Some(crypto_text(&error))),
            }
        });
    };
    let remove = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let old = remove_current.get_untracked();
        if !check(
            remove_errors,
            if old.is_empty() {
                vec![(
                    "lock-remove-current",
                    "Bitte das Kennwort eingeben.".to_owned(),
                )]
            } else {
                Vec::new()
            },
        ) {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = state.verify_passphrase(&old).await;
            busy.set(false);
            match result {
                Ok(old_key) => {
                    remove_current.set(String::new());
                    state.change_seal(Some(old_key), None);
                    focus::focus_after_render("#kennwort-titel");
                }
                Err(CryptoError::Authentication) => {
                    check(
                        remove_errors,
                        vec![(
                            "lock-remove-current",
                            "Das Kennwort stimmt nicht. Es wurde nichts geändert.".to_owned(),
                        )],
                    );
                }
                Err(error) => message.set(Some(crypto_text(&error))),
            }
        });
    };
    let minutes = [5u32, 10, 15, 30, 60, 120];
    view! {
        <p id="kennwort-status" tabindex="-1">"Der Kennwortschutz ist eingeschaltet: Die Daten auf diesem Gerät sind verschlüsselt gespeichert."</p>
        <div class="button-row">
            <button type="button" on:click=move |_| crate::app::lock::lock_now(state)>"Jetzt sperren"</button>
        </div>
        <div class="field">
            <label for="lock-idle">"Automatisch sperren nach"</label>
            <select id="lock-idle" on:change=move |ev| {
                if let Ok(m) = event_target_value(&ev).parse::<u32>() {
                    if (IDLE_LOCK_MINUTES.1..=IDLE_LOCK_MINUTES.2).contains(&m) {
                        state.change_settings(|s| s.lock_idle_minutes = m);
                    }
                }
            }>
                {minutes.into_iter().map(|m| view! {
                    <option value=m.to_string() selected=move || state.settings.with(|s| s.lock_idle_minutes == m)>
                        {format!("{m} Minuten ohne Eingabe")}
                    </option>
                }).collect_view()}
            </select>
        </div>
        <p role="status" class="form-message">{move || message.get()}</p>
        <form on:submit=change novalidate class="lock-form">
            <h3>"Kennwort ändern"</h3>
            {password_field("lock-current", "Bisheriges Kennwort", "current-password", current, errors)}
            {password_field("lock-change-new", "Neues Kennwort", "new-password", new, errors)}
            {password_field("lock-change-repeat", "Neues Kennwort wiederholen", "new-password", repeated, errors)}
            <button type="submit" class="secondary" disabled=move || busy.get()>"Kennwort ändern"</button>
        </form>
        <form on:submit=remove novalidate class="lock-form">
            <h3>"Kennwortschutz ausschalten"</h3>
            <p class="field-hint">"Die Daten werden danach wieder unverschlüsselt gespeichert; jeder, der diesen Browser öffnet, kann sie lesen."</p>
            {password_field("lock-remove-current", "Kennwort", "current-password", remove_current, remove_errors)}
            <button type="submit" class="danger" disabled=move || busy.get()>"Kennwortschutz ausschalten"</button>
        </form>
    }
}
