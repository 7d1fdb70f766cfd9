//! Notices above every page: storage problems, unreadable stored data, a waiting update, and
//! at first start the question who works on this device. Each is a live region so screen
//! readers announce it when it appears.
//!
//! The device question blocks nothing: it is part of the page, not a dialog, so the app
//! works before it is answered (as on the coordinating office's device: the provider is
//! chosen each time).

use crate::app::backup::{self, backup_error_text, has_records, use_backups, FolderStatus};
use crate::app::device::{saved_text, DeviceRoleForm};
use crate::app::router::PageLink;
use crate::app::routes::Page;
use crate::app::{actions, browser, use_app_state, AppState, SaveStatus};
use crate::storage::backup::{quota_percent, quota_warning, reminder, snooze_until, Reminder};
use crate::storage::schema::{DeviceRole, LoadError};
use crate::storage::StorageError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// All notices; renders nothing when all is well.
#[component]
pub fn Notices() -> impl IntoView {
    view! {
        <div class="notices">
            <DeviceQuestion />
            <SaveNotice />
            <StorageFillNotice />
            <BackupNotice />
            <SevenDayNotice />
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

/// The clock for notices that depend on time (the backup reminder), read again every ten
/// minutes so a tab left open shows the reminder once it is due.
fn minute_clock() -> RwSignal<i64> {
    let now = RwSignal::new(browser::now_ms());
    if let Ok(interval) =
        set_interval_with_handle(move || now.set(browser::now_ms()), Duration::from_secs(600))
    {
        on_cleanup(move || interval.clear());
    }
    now
}

/// "Jetzt sichern": into the folder or as a download; a failure is shown in `failed`.
fn back_up_now(state: AppState, failed: RwSignal<Option<String>>) {
    let backups = use_backups();
    failed.set(None);
    spawn_local(async move {
        if let Err(error) = backup::back_up_now(state, backups).await {
            failed.set(Some(backup_error_text(&error)));
        }
    });
}

/// Where backups are not written by themselves: the reminder once the last backup or export is
/// older than the setting allows (or there never was one while data exist), with "Jetzt
/// sichern" and "Morgen erinnern". Where a folder is connected but the browser's permission
/// lapsed (after every restart), the request to allow it again.
#[component]
fn BackupNotice() -> impl IntoView {
    let state = use_app_state();
    let backups = use_backups();
    let now = minute_clock();
    let failed = RwSignal::new(None::<String>);
    let needs_permission = move || match backups.status.get() {
        FolderStatus::Connected { name, permission }
            if permission != crate::storage::folder::Permission::Granted =>
        {
            Some(name)
        }
        _ => None,
    };
    let due = move || {
        // Backups written by themselves need no reminder, unless they keep failing (a drive
        // gone): then the reminder counts from the last one that was written.
        let by_itself = backups.status.with(FolderStatus::is_writing_by_itself)
            && backups.failure.with(Option::is_none);
        if by_itself || backups.status.with(|s| *s == FolderStatus::Checking) {
            return Reminder::None;
        }
        let has = has_records(state);
        state.settings.with(|s| {
            reminder(
                has,
                s.backup.last_backup_ms,
                s.last_export_ms,
                s.backup.remind_after_days,
                s.backup.snoozed_until_ms,
                now.get(),
            )
        })
    };
    let text = move || {
        match due() {
        Reminder::None => None,
        Reminder::Never => Some("Die Daten dieses Geräts wurden noch nie gesichert. Sie liegen nur in diesem Browser: Wird er zurückgesetzt oder geht das Gerät verloren, sind sie weg.".to_owned()),
        Reminder::DaysAgo(days) => Some(format!("Die letzte Sicherung dieses Geräts ist {days} Tage alt. Die Daten liegen nur in diesem Browser; sichern Sie sie jetzt.")),
    }
    };
    let allow = move |_| {
        failed.set(None);
        spawn_local(async move {
            if backups.allow(state).await != crate::storage::folder::Permission::Granted {
                failed.set(Some("Der Browser hat den Zugriff nicht erlaubt. Sie können es unter Einstellungen → Sicherung erneut versuchen.".into()));
            }
        });
    };
    view! {
        {move || needs_permission().map(|name| view! {
            <section class="notice notice-info" aria-label="Sicherungsordner">
                <p>{format!("Die App möchte wieder Sicherungen in den Ordner „{name}“ schreiben. Der Browser fragt nach jedem Neustart einmal um Erlaubnis.")}</p>
                <div class="button-row">
                    <button type="button" on:click=allow>"Zugriff erlauben"</button>
                </div>
            </section>
        })}
        {move || text().map(|text| view! {
            <section class="notice notice-warning" aria-label="Sicherung" data-testid="backup-reminder">
                <p>{text}</p>
                <div class="button-row">
                    <button type="button" on:click=move |_| back_up_now(state, failed)>"Jetzt sichern"</button>
                    <button type="button" class="secondary" on:click=move |_| {
                        let until = snooze_until(browser::now_ms());
                        state.change_settings(|s| s.backup.snoozed_until_ms = Some(until));
                    }>"Morgen erinnern"</button>
                </div>
                <p class="field-hint">
                    "Einen Ordner für Sicherungen, die von selbst geschrieben werden, verbinden Sie unter "
                    <PageLink page=Page::Settings>"Einstellungen"</PageLink> "."
                </p>
            </section>
        })}
        {move || failed.get().map(|text| view! {
            <p class="notice notice-error" role="alert">{text}</p>
        })}
    }
}

/// From 80 % of local storage on: a warning before a save can fail.
#[component]
fn StorageFillNotice() -> impl IntoView {
    let state = use_app_state();
    let failed = RwSignal::new(None::<String>);
    let percent = move || {
        state.data.track();
        state.save_status.track();
        let size = state.stored_size();
        quota_warning(size).then(|| quota_percent(size))
    };
    view! {
        {move || percent().map(|percent| view! {
            <section class="notice notice-warning" aria-label="Speicher fast voll" data-testid="quota-warning">
                <p>{format!("Der Speicher dieses Browsers ist zu {percent} % mit den Daten der App belegt. Ist er voll, können Änderungen nicht mehr gespeichert werden. Sichern Sie die Daten jetzt und sprechen Sie mit der Koordinierenden Stelle, wie es weitergeht.")}</p>
                <div class="button-row">
                    <button type="button" on:click=move |_| back_up_now(state, failed)>"Jetzt sichern"</button>
                </div>
            </section>
        })}
        {move || failed.get().map(|text| view! {
            <p class="notice notice-error" role="alert">{text}</p>
        })}
    }
}

/// In Safari (every browser on iPhone and iPad) outside an app added to the home screen: the
/// browser deletes the data after seven days without use. Until hidden for this visit.
#[component]
fn SevenDayNotice() -> impl IntoView {
    let state = use_app_state();
    let applies = browser::deletes_data_after_seven_days();
    let hidden = RwSignal::new(false);
    let shown = move || applies && !hidden.get() && has_records(state);
    view! {
        <Show when=shown>
            <section class="notice notice-warning" aria-label="Daten nach 7 Tagen gelöscht" data-testid="seven-day-notice">
                <p>
                    "Dieser Browser löscht die Daten der App, wenn sie 7 Tage lang nicht geöffnet wird – außer die App wurde zum Home-Bildschirm hinzugefügt und wird von dort geöffnet."
                </p>
                <p>
                    "So geht es: auf iPhone und iPad in Safari auf „Teilen“ tippen, dann „Zum Home-Bildschirm“; am Mac in Safari „Ablage → Zum Dock hinzufügen“. Die App vom Home-Bildschirm hat ihren eigenen Speicher: Exportieren Sie die Daten hier vorher und importieren Sie sie dort unter Datenaustausch."
                </p>
                <div class="button-row">
                    <button type="button" class="secondary" on:click=move |_| hidden.set(true)>"Hinweis ausblenden"</button>
                </div>
            </section>
        </Show>
    }
}
