//! *Einstellungen → Sicherung*: the folder backups are written into by themselves (where the
//! browser can connect one), "Jetzt sichern", after how many days the reminder asks, and
//! restoring a backup (`restore.rs`). See `app::backup` for when backups are written.

use crate::app::backup::{self, backup_error_text, use_backups, FolderStatus};
use crate::app::components::StatusMessage;
use crate::app::{browser, use_app_state};
use crate::storage::backup::{KEEP_GENERATIONS, REMIND_AFTER_DAYS};
use crate::storage::folder::{FolderError, Permission};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What a button of the section asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Connect,
    Allow,
    Disconnect,
    BackUpNow,
}

/// The backup section of *Einstellungen*.
#[component]
pub fn BackupSection() -> impl IntoView {
    let state = use_app_state();
    let backups = use_backups();
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);

    let run = move |action: Action| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        message.set(None);
        spawn_local(async move {
            let result = match action {
                Action::Connect => backups.connect(state).await.map(|_| {
                    "Der Ordner ist verbunden. Nach Änderungen schreibt die App dort von selbst eine Sicherung.".to_owned()
                }),
                Action::Allow => match backups.allow(state).await {
                    Permission::Granted => Ok("Zugriff erlaubt. Sicherungen werden wieder geschrieben.".to_owned()),
                    _ => Err(backup::BackupError::Folder(FolderError::NoPermission)),
                },
                Action::Disconnect => backups.disconnect().await.map(|_| {
                    "Der Ordner ist nicht mehr verbunden. Die Sicherungen darin bleiben erhalten.".to_owned()
                }),
                Action::BackUpNow => backup::back_up_now(state, backups).await.map(|_| {
                    if backups.status.with_untracked(FolderStatus::is_writing_by_itself) {
                        "Die Sicherung wurde in den Ordner geschrieben.".to_owned()
                    } else {
                        "Die Sicherung wurde heruntergeladen. Bewahren Sie die Datei außerhalb dieses Geräts auf.".to_owned()
                    }
                }),
            };
            busy.set(false);
            match result {
                Ok(text) => message.set(Some((true, text))),
                // Closing the picker is no error worth a red message.
                Err(backup::BackupError::Folder(FolderError::Cancelled)) => {}
                Err(error) => message.set(Some((false, backup_error_text(&error)))),
            }
        });
    };

    let last_backup = move || {
        state.settings.with(|s| match s.backup.last_backup_ms {
            Some(ms) => browser::date_time_of_ms(ms),
            None => "noch keine".to_owned(),
        })
    };
    let status = move || {
        let status = backups.status.get();
        match status {
            FolderStatus::Checking => view! { <p>"Der Sicherungsordner wird gesucht …"</p> }.into_any(),
            FolderStatus::Unsupported => view! {
                <p data-testid="backup-status">
                    "Dieser Browser kann keinen Ordner für Sicherungen verbinden (das können Chrome, Edge und andere Chromium-Browser). Sichern Sie mit „Jetzt sichern“ als Datei; die App erinnert Sie daran."
                </p>
            }.into_any(),
            FolderStatus::Absent => view! {
                <p data-testid="backup-status">"Kein Sicherungsordner verbunden."</p>
                <p class="field-hint">
                    {format!("Wählen Sie einen Ordner auf einem Netzlaufwerk, in einem synchronisierten Cloud-Ordner oder auf einem USB-Stick. Nach Änderungen schreibt die App dort höchstens alle paar Minuten und beim Sperren oder Verlassen eine Sicherung hinein und behält die letzten {KEEP_GENERATIONS} dieses Geräts.")}
                </p>
                <div class="button-row">
                    <button type="button" disabled=move || busy.get() on:click=move |_| run(Action::Connect)>
                        "Ordner für Sicherungen verbinden"
                    </button>
                </div>
            }.into_any(),
            FolderStatus::Connected { name, permission } => {
                let granted = permission == Permission::Granted;
                view! {
                    <dl class="facts" data-testid="backup-status">
                        <dt>"Sicherungsordner"</dt>
                        <dd>{format!("„{name}“")}</dd>
                        <dt>"Letzte Sicherung"</dt>
                        <dd data-testid="last-backup">{last_backup}</dd>
                    </dl>
                    <Show when=move || !granted>
                        <p class="notice notice-info">
                            "Der Browser fragt nach jedem Neustart einmal, ob die App in diesen Ordner schreiben darf. Bis Sie es erlauben, werden keine Sicherungen geschrieben."
                        </p>
                    </Show>
                    <div class="button-row">
                        <Show when=move || !granted>
                            <button type="button" disabled=move || busy.get() on:click=move |_| run(Action::Allow)>
                                "Zugriff erlauben"
                            </button>
                        </Show>
                        <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| run(Action::Connect)>
                            "Anderen Ordner wählen"
                        </button>
                        <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| run(Action::Disconnect)>
                            "Verbindung trennen"
                        </button>
                    </div>
                }.into_any()
            }
        }
    };

    // "Sicherung spätestens alle N Tage".
    let days_error = RwSignal::new(None::<String>);
    let on_days = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        match value.trim().parse::<u32>() {
            Ok(days) if (REMIND_AFTER_DAYS.1..=REMIND_AFTER_DAYS.2).contains(&days) => {
                days_error.set(None);
                state.change_settings(|s| s.backup.remind_after_days = days);
            }
            _ => days_error.set(Some(format!(
                "Bitte eine Zahl von {} bis {} eingeben.",
                REMIND_AFTER_DAYS.1, REMIND_AFTER_DAYS.2
            ))),
        }
    };

    view! {
        <section aria-labelledby="sicherung-titel">
            <h2 id="sicherung-titel">"Sicherung"</h2>
            <p class="field-hint">
                "Die Daten liegen nur in diesem Browser. Wird er zurückgesetzt, das Gerät getauscht oder gehen die Browserdaten beim Beenden verloren, bringt nur eine Sicherung sie zurück. Eine Sicherung ist eine Exportdatei mit den Einstellungen des Berichts; mit Kennwortschutz ist sie verschlüsselt."
            </p>
            {status}
            <div class="button-row">
                <button type="button" disabled=move || busy.get() on:click=move |_| run(Action::BackUpNow)>
                    "Jetzt sichern"
                </button>
            </div>
            <div class=move || if days_error.with(Option::is_some) { "field field-with-error" } else { "field" }>
                <label for="sicherung-tage">"Sicherung spätestens alle … Tage"</label>
                <Show when=move || days_error.with(Option::is_some)>
                    <p class="field-error" id="sicherung-tage-fehler">{move || days_error.get()}</p>
                </Show>
                <input
                    id="sicherung-tage"
                    type="number"
                    inputmode="numeric"
                    min=REMIND_AFTER_DAYS.1
                    max=REMIND_AFTER_DAYS.2
                    prop:value=move || state.settings.with(|s| s.backup.remind_after_days.to_string())
                    aria-invalid=move || days_error.with(Option::is_some).then_some("true")
                    aria-describedby=move || days_error.with(Option::is_some).then_some("sicherung-tage-fehler")
                    on:change=on_days
                />
                <p class="field-hint">
                    "Ist die letzte Sicherung oder der letzte Export älter, erinnert die App auf jeder Seite daran – außer Sicherungen werden von selbst in einen Ordner geschrieben."
                </p>
            </div>
            {move || backups.failure.get().map(|error| view! {
                <p class="notice notice-error" role="alert">{backup_error_text(&error)}</p>
            })}
            <StatusMessage message />
            <h3>"Sicherung wiederherstellen"</h3>
            <crate::pages::restore::RestoreSection id="wiederherstellen" />
        </section>
    }
}
