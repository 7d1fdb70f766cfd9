//! Notices above every page: storage problems, unreadable stored data, a waiting update, and
//! at first start the question who works on this device. Each is a live region so screen
//! readers announce it when it appears.
//!
//! The device question blocks nothing: it is part of the page, not a dialog, so the app
//! works before it is answered (as on the coordinating office's device: the provider is
//! chosen each time).

use crate::app::device::{saved_text, DeviceRoleForm};
use crate::app::router::PageLink;
use crate::app::routes::Page;
use crate::app::{actions, browser, use_app_state, SaveStatus};
use crate::storage::schema::{DeviceRole, LoadError};
use crate::storage::StorageError;
use leptos::prelude::*;

/// All notices; renders nothing when all is well.
#[component]
pub fn Notices() -> impl IntoView {
    view! {
        <div class="notices">
            <DeviceQuestion />
            <SaveNotice />
            <UnreadableNotice />
            <UpdateNotice />
        </div>
    }
}

/// At first start (nobody said yet who works on this device): the question, with the
/// providers of the rule set and the coordinating office; once answered, what was saved and
/// where to change it, with the focus on it.
#[component]
fn DeviceQuestion() -> impl IntoView {
    let state = use_app_state();
    // Asked once there is a rule set to name the providers (`pages::RulesSetup` comes first).
    let unset = move || {
        state.settings.with(|s| s.device_role == DeviceRole::Unset)
            && state.data.with(|d| !d.rules.is_none())
    };
    let saved = RwSignal::new(None::<String>);
    let confirmation = NodeRef::<leptos::html::Div>::new();
    let on_saved = Callback::new(move |role: DeviceRole| {
        saved.set(Some(
            state.data.with_untracked(|d| saved_text(&role, &d.rules)),
        ));
    });
    Effect::new(move |_| {
        if let Some(element) = confirmation.get() {
            let _focus_is_best_effort = element.focus();
        }
    });
    view! {
        <Show when=unset>
            <section class="notice notice-info device-question" aria-label="Dieses Gerät einrichten">
                <p>
                    "Willkommen! Bitte legen Sie einmal fest, für wen auf diesem Gerät gearbeitet wird. Sie können die App auch vorher schon nutzen; ändern lässt sich die Auswahl jederzeit unter Einstellungen."
                </p>
                <DeviceRoleForm name="geraet-start" button="Für dieses Gerät speichern" on_saved />
            </section>
        </Show>
        <div role="status">
            {move || {
                saved
                    .get()
                    .map(|text| {
                        view! {
                            <div class="notice notice-success" tabindex="-1" node_ref=confirmation>
                                <p>
                                    {text} " Ändern können Sie das jederzeit unter "
                                    <PageLink page=Page::Settings>"Einstellungen"</PageLink> "."
                                </p>
                                <button type="button" class="secondary" on:click=move |_| saved.set(None)>
                                    "Hinweis ausblenden"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// Shown while the last change could not be stored.
#[component]
fn SaveNotice() -> impl IntoView {
    let state = use_app_state();
    let message = move || match state.save_status.get() {
        SaveStatus::Saved => None,
        SaveStatus::Failed(StorageError::Full) => Some(
            "Der Speicher dieses Browsers ist voll. Ihre letzte Änderung ist nur vorübergehend \
             gesichert und geht beim Schließen des Browsers verloren. Bitte exportieren Sie jetzt \
             Ihre Daten; bereits Gespeichertes bleibt erhalten.",
        ),
        SaveStatus::Failed(StorageError::Blocked) => Some(
            "Gespeicherte Daten konnten nicht gelesen und auch nicht beiseitegelegt werden. \
             Damit nichts überschrieben wird, speichert die App vorerst nicht. Bitte laden Sie \
             die Rohdaten herunter und exportieren Sie Ihre neuen Eingaben.",
        ),
        SaveStatus::Failed(StorageError::Stopped) => Some(
            "In einem anderen Fenster oder Tab wurden Daten gespeichert, die dieses Fenster nicht \
             lesen kann (vermutlich von einer neueren Version der App). Damit nichts überschrieben \
             wird, speichert dieses Fenster nicht mehr. Bitte exportieren Sie Ihre Eingaben aus \
             diesem Fenster und laden Sie die Seite danach neu.",
        ),
        SaveStatus::Failed(StorageError::Sealed) => Some(
            "In einem anderen Fenster oder Tab wurde das Kennwort dieses Geräts gesetzt oder \
             geändert. Damit nichts überschrieben wird, speichert dieses Fenster nicht mehr. Bitte \
             exportieren Sie Ihre Eingaben aus diesem Fenster und laden Sie die Seite danach neu; \
             die App fragt dann nach dem Kennwort.",
        ),
        SaveStatus::Failed(StorageError::Unavailable(_)) => Some(
            "Der Speicher dieses Browsers ist nicht verfügbar. Ihre Änderungen sind nur \
             vorübergehend gesichert. Bitte exportieren Sie Ihre Daten.",
        ),
    };
    // Trying again helps once room is made or storage is back, not while unreadable data is
    // protected.
    let retry_helps = move || {
        state.save_status.with(|status| {
            matches!(
                status,
                SaveStatus::Failed(StorageError::Full | StorageError::Unavailable(_))
            )
        })
    };
    view! {
        <Show when=move || message().is_some()>
            <div class="notice notice-error" role="alert">
                <p>{message}</p>
                <div class="button-row">
                    <button type="button" on:click=move |_| actions::export_download(state)>
                        "Daten jetzt exportieren"
                    </button>
                    <Show when=retry_helps>
                        <button type="button" class="secondary" on:click=move |_| state.save_now()>
                            "Erneut speichern"
                        </button>
                    </Show>
                    <Show when=move || state.save_status.with(|s| *s == SaveStatus::Failed(StorageError::Sealed))>
                        <button type="button" class="secondary" on:click=move |_| { let _ = window().location().reload(); }>
                            "Seite neu laden"
                        </button>
                    </Show>
                </div>
            </div>
        </Show>
    }
}

/// Shown when stored text could not be read, at start-up or later (written by another tab).
#[component]
fn UnreadableNotice() -> impl IntoView {
    let state = use_app_state();
    let text = move || {
        state.unreadable.with(|unreadable| {
            unreadable.as_ref().map(|u| {
                let reason = match &u.reason {
                    LoadError::NewerVersion { .. } => {
                        "Sie wurden von einer neueren Version der App geschrieben."
                    }
                    LoadError::Malformed(_) => {
                        "Sie sind beschädigt oder wurden von Hand verändert."
                    }
                    LoadError::MigrationFailed { .. } => {
                        "Sie konnten nicht in das aktuelle Format übertragen werden."
                    }
                };
                let stopped = state
                    .save_status
                    .with(|status| matches!(status, SaveStatus::Failed(StorageError::Stopped)));
                let kept = if stopped {
                    "Eine Kopie wurde unverändert beiseitegelegt; dieses Fenster speichert nicht \
                     mehr, bis es neu geladen wird."
                } else if u.kept_as.is_some() {
                    "Die Daten wurden unverändert beiseitegelegt und nicht gelöscht; die App \
                     arbeitet mit einem leeren Datenbestand weiter."
                } else {
                    "Die Daten bleiben unverändert gespeichert."
                };
                format!("Gespeicherte Daten konnten nicht gelesen werden. {reason} {kept}")
            })
        })
    };
    let download = move |_| {
        if let Some(raw) = state
            .unreadable
            .with_untracked(|u| u.as_ref().map(|u| u.raw.clone()))
        {
            browser::download(
                "kim-rohdaten.txt",
                "text/plain;charset=utf-8",
                &crate::storage::readable_text(&raw),
            );
        }
    };
    view! {
        <Show when=move || text().is_some()>
            <div class="notice notice-warning" role="alert">
                <p>{text}</p>
                <div class="button-row">
                    <button type="button" on:click=download>
                        "Rohdaten herunterladen"
                    </button>
                    <button
                        type="button"
                        class="secondary"
                        on:click=move |_| state.unreadable.set(None)
                    >
                        "Hinweis ausblenden"
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// Shown when a new release is installed and waiting.
#[component]
fn UpdateNotice() -> impl IntoView {
    let state = use_app_state();
    view! {
        <div role="status" class="notice-live">
            <Show when=move || state.update_ready.get()>
                <div class="notice notice-info">
                    <p>"Eine neue Version der App ist bereit."</p>
                    <button type="button" on:click=move |_| browser::apply_update()>
                        "Neue Version laden"
                    </button>
                </div>
            </Show>
        </div>
    }
}
