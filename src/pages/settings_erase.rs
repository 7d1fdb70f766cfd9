//! *Alle Daten löschen*: the last section of *Einstellungen*, set apart in the destructive
//! colour. It says plainly what goes and what stays, offers an export first, and asks for the
//! word „LÖSCHEN“ to be typed before it deletes (`AppState::erase_everything`, `app::erase`).
//!
//! Decisions:
//! - A typed word rather than a dialog: deleting everything cannot be undone and is rare, so
//!   it is worth the extra step; a dialog's button is pressed out of habit.
//! - The button stays enabled. Pressed with anything but the word, the error appears at the
//!   field (`aria-invalid`, `aria-describedby`) and the field gets the focus, as every form
//!   of the app does (GOV.UK pattern); a disabled button would not say why.
//! - The word is accepted in any letter case and with spaces around it: a phone keyboard
//!   capitalises only the first letter, and „Löschen“ means the same.
//! - The field's text is compared and dropped; it is never stored (the app keeps no free
//!   text).
//! - Its own file rather than part of `settings.rs`, like `settings_rules.rs`: one section,
//!   one job.

use crate::app::actions::{export_age_text, export_download};
use crate::app::components::StatusMessage;
use crate::app::focus::focus_after_render;
use crate::app::router::PageLink;
use crate::app::routes::Page;
use crate::app::{browser, use_app_state};
use crate::storage::StorageError;
use leptos::prelude::*;

use crate::app::erase::confirms;

const INPUT_ID: &str = "alles-loeschen-bestaetigung";
const ERROR_ID: &str = "alles-loeschen-fehler";

/// Why deleting failed, in German, with what to do next.
fn failure_text(error: &StorageError) -> String {
    let why = match error {
        StorageError::Unavailable(_) => "Der Browser hat den Zugriff auf den Speicher verweigert.",
        _ => "Der Browser hat nicht alle Einträge entfernt.",
    };
    format!(
        "Die Daten konnten nicht vollständig gelöscht werden. {why} Laden Sie die Seite neu und versuchen Sie es noch einmal."
    )
}

/// What is deleted and what stays, an export first, and the typed confirmation.
#[component]
pub fn EraseSection() -> impl IntoView {
    let state = use_app_state();
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(false);
    let export_message = RwSignal::new(None::<(bool, String)>);
    let erase_message = RwSignal::new(None::<(bool, String)>);
    let export_age = move || {
        state
            .settings
            .with(|s| export_age_text(s.last_export_ms, browser::now_ms()))
    };
    // The export is asynchronous when it is encrypted (passphrase lock), so its success is
    // seen when the time of the last export changes after the press.
    let export_pressed = RwSignal::new(None::<Option<i64>>);
    Effect::watch(
        move || state.settings.with(|s| s.last_export_ms),
        move |now, _, _| {
            if export_pressed
                .get_untracked()
                .is_some_and(|before| before != *now)
            {
                export_pressed.set(None);
                export_message.set(Some((
                    true,
                    "Die Exportdatei wurde heruntergeladen. Bewahren Sie sie sicher auf; unter „Datenaustausch“ lässt sie sich auf einem Gerät wieder übernehmen.".into(),
                )));
            }
        },
        false,
    );
    let export = move |_| {
        export_message.set(None);
        export_pressed.set(Some(state.settings.with_untracked(|s| s.last_export_ms)));
        export_download(state);
    };
    let erase = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !typed.with_untracked(|t| confirms(t)) {
            error.set(true);
            focus_after_render(format!("#{INPUT_ID}"));
            return;
        }
        error.set(false);
        if let Err(failure) = state.erase_everything() {
            erase_message.set(Some((false, failure_text(&failure))));
        }
    };
    view! {
        <section class="danger-zone" aria-labelledby="alles-loeschen-titel">
            <h2 id="alles-loeschen-titel">"Alle Daten löschen"</h2>
            <p>"Damit wird alles gelöscht, was die App in diesem Browser auf diesem Gerät gespeichert hat:"</p>
            <ul>
                <li>"alle Fälle mit ihrem Verlauf, ihrem Status und ihren Übergaben"</li>
                <li>"alle sonstigen Beratungskontakte und Willkommensbesuche"</li>
                <li>"die Jahreszahlen (Baustein 3)"</li>
                <li>"das Regelwerk"</li>
                <li>
                    "alle Einstellungen dieses Geräts: für wen hier gearbeitet wird, die Einstellungen des Berichts, der Kennwortschutz"
                </li>
                <li>"beiseitegelegte, nicht lesbare Daten"</li>
            </ul>
            <p>"Nicht betroffen sind:"</p>
            <ul>
                <li>"andere Geräte und andere Browser"</li>
                <li>"exportierte Dateien – löschen Sie diese selbst, wo Sie sie abgelegt haben"</li>
                <li>
                    "die Programmdateien der App, mit denen sie auch ohne Internet startet. Sie können im Browser bleiben und enthalten keine Ihrer Daten."
                </li>
            </ul>
            <p>
                "Die App startet danach wie auf einem neuen Gerät. Andere geöffnete Fenster der App in diesem Browser werden dabei ebenfalls neu geladen. "
                <strong>"Das Löschen kann nicht rückgängig gemacht werden."</strong>
            </p>
            <p>
                "Was die App speichert und wie die Daten geschützt sind, steht unter "
                <PageLink page=Page::Privacy>"Datenschutz"</PageLink>
                "."
            </p>

            <h3>"1. Erst exportieren"</h3>
            <p>
                {export_age}
                " Mit einer Exportdatei lassen sich die Daten später auf einem Gerät wieder übernehmen. Ist der Kennwortschutz eingerichtet, ist die Datei verschlüsselt: Sie brauchen dann das Kennwort, um sie zu übernehmen."
            </p>
            <button type="button" class="secondary" on:click=export>
                "Erst exportieren"
            </button>
            <StatusMessage message=export_message />

            <h3>"2. Löschen bestätigen"</h3>
            <form class="erase-form" novalidate on:submit=erase>
                <div class=move || if error.get() { "field-with-error" } else { "" }>
                    <label for=INPUT_ID>"Zur Bestätigung „LÖSCHEN“ eingeben"</label>
                    <Show when=move || error.get()>
                        <p class="field-error" id=ERROR_ID>
                            <span class="visually-hidden">"Fehler: "</span>
                            "Geben Sie „LÖSCHEN“ ein, um alle Daten auf diesem Gerät zu löschen."
                        </p>
                    </Show>
                    <input
                        id=INPUT_ID
                        type="text"
                        autocomplete="off"
                        autocapitalize="characters"
                        spellcheck="false"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                        aria-invalid=move || error.get().then_some("true")
                        aria-describedby=move || error.get().then_some(ERROR_ID)
                    />
                </div>
                <button type="submit" class="danger">
                    "Alle Daten endgültig löschen"
                </button>
            </form>
            <StatusMessage message=erase_message />
        </section>
    }
}
