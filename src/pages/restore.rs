//! "Sicherung wiederherstellen": a backup read back from a file or from a folder of backups,
//! then previewed and taken over through the import flow (`exchange::ImportFlow`): what comes
//! back (cases, contacts, visits, the rule set; from which device and date), merged by default
//! so nothing newer on this device is lost, replacing only after a confirmation. The report's
//! settings the backup carries come back too. Offered first on an empty device
//! (`first_start.rs`) and in *Einstellungen → Sicherung*.

use crate::app::backup::use_backups;
use crate::app::browser;
use crate::app::components::StatusMessage;
use crate::app::page_loader::PartLoader;
use crate::pages::exchange::{read_chosen_file, ImportFlow, Incoming};
use crate::split_point;
use crate::storage::backup::{self, BackupName};
use crate::storage::folder::{Folder, FolderError, Permission, Purpose};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A backup found in a folder, as offered in the list.
#[derive(Clone, Debug, PartialEq)]
struct Found {
    file_name: String,
    label: String,
}

fn label(backup: &BackupName) -> String {
    let at = browser::date_time_of_ms(backup.written.and_utc().timestamp_millis());
    let encrypted = if backup.encrypted {
        ", verschlüsselt"
    } else {
        ""
    };
    format!("{at} – {}, Gerät {}{encrypted}", backup.who, backup.device)
}

/// Restoring a backup: from a file, or from the backup folder (the connected one, or one
/// picked for this once). The caller gives it its heading.
#[component]
pub fn RestoreSection(
    /// The id stem of the section's elements, unique in the page.
    id: &'static str,
) -> impl IntoView {
    let backups = use_backups();
    let incoming = RwSignal::new(Vec::<Incoming>::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let found = RwSignal::new(Vec::<Found>::new());
    let chosen = RwSignal::new(None::<String>);
    let folder = StoredValue::new_local(None::<Folder>);
    let reading = RwSignal::new(false);
    let started = Memo::new(move |was: Option<&bool>| {
        was.copied().unwrap_or(false) || incoming.with(|files| !files.is_empty())
    });

    let read = move |file_name: String| {
        let Some(source) = folder.get_value() else {
            return;
        };
        chosen.set(Some(file_name.clone()));
        reading.set(true);
        spawn_local(async move {
            let text = source.read(&file_name).await;
            reading.set(false);
            match text {
                Ok(text) => incoming.set(vec![Incoming { file_name, text: Ok(text) }]),
                Err(_) => message.set(Some((
                    false,
                    format!("Die Sicherung „{file_name}“ konnte nicht gelesen werden. Es wurde nichts geändert."),
                ))),
            }
        });
    };

    let from_folder = move |_| {
        if reading.get_untracked() {
            return;
        }
        message.set(None);
        found.set(Vec::new());
        incoming.set(Vec::new());
        reading.set(true);
        spawn_local(async move {
            // The connected folder (its permission asked on this click), else one picked now.
            let source = match backups.folder() {
                Some(connected) => match connected.permission(true).await {
                    Permission::Granted => Ok(connected),
                    _ => Err(FolderError::NoPermission),
                },
                None => Folder::pick_once(Purpose::Backup).await,
            };
            let listed = match source {
                Ok(source) => source.files_with_sizes().await.map(|files| (source, files)),
                Err(error) => Err(error),
            };
            reading.set(false);
            let (source, files) = match listed {
                Ok(listed) => listed,
                Err(FolderError::Cancelled) => return,
                Err(error) => {
                    message.set(Some((false, folder_error_text(&error))));
                    return;
                }
            };
            let list: Vec<Found> = backup::restorable(&files)
                .into_iter()
                .map(|(file_name, b)| Found {
                    label: label(&b),
                    file_name,
                })
                .collect();
            let Some(newest) = list.first().map(|f| f.file_name.clone()) else {
                message.set(Some((
                    false,
                    format!("Im Ordner „{}“ liegt keine Sicherung dieser App (Dateien „kim-sicherung-…“). Es wurde nichts geändert.", source.name),
                )));
                return;
            };
            folder.set_value(Some(source));
            found.set(list);
            read(newest);
        });
    };

    let file_id = format!("{id}-datei");
    let list_id = format!("{id}-liste");
    let list_label = list_id.clone();
    let folder_button = move || {
        if backups.folder().is_some() {
            "Neueste Sicherung aus dem Sicherungsordner"
        } else {
            "Ordner mit Sicherungen wählen"
        }
    };
    view! {
        <div class="restore">
            <p class="field-hint">
                "Vor der Übernahme zeigt die App, was zurückkommt. Zusammenführen ist voreingestellt: Was auf diesem Gerät neuer ist, bleibt erhalten."
            </p>
            <div class="field">
                <label for=file_id.clone()>"Sicherungs- oder Exportdatei wählen"</label>
                <input
                    id=file_id
                    type="file"
                    accept="application/json,.json"
                    on:change=move |ev| {
                        found.set(Vec::new());
                        read_chosen_file(&ev, incoming, message)
                    }
                />
            </div>
            <Show when=Folder::supported>
                <div class="button-row">
                    <button type="button" class="secondary" disabled=move || reading.get() on:click=from_folder>
                        {folder_button}
                    </button>
                </div>
            </Show>
            <Show when=move || found.with(|f| f.len() > 1)>
                <div class="field">
                    <label for=list_label.clone()>"Sicherung im Ordner"</label>
                    <select
                        id=list_id.clone()
                        on:change=move |ev| read(event_target_value(&ev))
                    >
                        {move || found.get().into_iter().map(|f| {
                            let selected = chosen.with(|c| c.as_deref() == Some(f.file_name.as_str()));
                            view! { <option value=f.file_name.clone() selected=selected>{f.label}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </Show>
            <StatusMessage message />
            // The import's code is fetched once there is something to import.
            <Show when=move || started.get()>
                <PartLoader load=move || restore_flow(incoming, message) />
            </Show>
        </div>
    }
}

split_point!(
    /// The import flow, worded for a backup: a chunk of its own (most starts of the app never
    /// restore anything), fetched once a backup is chosen.
    fn restore_flow(incoming: RwSignal<Vec<Incoming>>, message: RwSignal<Option<(bool, String)>>) in restore {
        view! { <ImportFlow incoming message restore=true /> }
    }
);

/// A folder that could not be read, in plain German.
fn folder_error_text(error: &FolderError) -> String {
    match error {
        FolderError::NoPermission => "Der Browser hat den Zugriff auf den Ordner nicht erlaubt. Es wurde nichts geändert.".into(),
        FolderError::NotFound => "Der Ordner ist nicht erreichbar (Laufwerk getrennt, verschoben oder gelöscht). Es wurde nichts geändert.".into(),
        FolderError::Unsupported => "Dieser Browser kann keinen Ordner öffnen. Wählen Sie die Sicherungsdatei oben als Datei.".into(),
        _ => "Der Ordner konnte nicht gelesen werden. Es wurde nichts geändert.".into(),
    }
}
