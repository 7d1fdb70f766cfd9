//! The shared exchange folder of a Kreis: a network drive or a synced cloud folder connected
//! once (`storage::folder`, [`Purpose::Exchange`]). Each device writes its export there under
//! one stable name of its own, replacing its previous one (encrypted when the passphrase lock
//! is on); the coordinating office reads the whole folder with "Ordner einlesen" through the
//! many-files import. Where the browser cannot connect folders (no File System Access API:
//! Firefox, Safari), the page says so and dragging the folder onto the import field covers
//! reading it.

use super::Incoming;
use crate::app::{actions, browser, use_app_state};
use crate::storage::folder::{Folder, FolderError, Permission, Purpose};
use crate::storage::{crypto, sealed_file};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The stable name of this device's export in the shared folder:
/// `kim-export-<who>-<device>.json` (`-verschluesselt` before `.json` when encrypted). One
/// name per device, so a new export replaces the previous one and the folder holds each
/// device's newest export once.
pub(crate) fn shared_file_name(who: &str, device: &str, encrypted: bool) -> String {
    let device: String = device.chars().take(8).collect();
    let lock = if encrypted { "-verschluesselt" } else { "" };
    format!("kim-export-{who}-{device}{lock}.json")
}

/// The connected exchange folder with its permission (asked on this click), else one the
/// user connects now.
async fn connected_folder() -> Result<Folder, FolderError> {
    match Folder::stored(Purpose::Exchange).await {
        Some(folder) => match folder.permission(true).await {
            Permission::Granted => Ok(folder),
            _ => Err(FolderError::NoPermission),
        },
        None => Folder::connect(Purpose::Exchange).await,
    }
}

fn folder_error_text(error: &FolderError) -> String {
    match error {
        FolderError::Unsupported => "Dieser Browser kann keine Ordner verbinden. Ziehen Sie den Ordner stattdessen auf das Feld „Exportdatei wählen“.".into(),
        FolderError::Cancelled => "Es wurde kein Ordner gewählt; nichts wurde geändert.".into(),
        FolderError::NoPermission => "Der Browser hat den Zugriff auf den Ordner nicht erlaubt. Bitte erneut versuchen und den Zugriff erlauben.".into(),
        FolderError::NotFound => "Der Ordner ist nicht erreichbar (Netzlaufwerk nicht verbunden?). Bitte prüfen und erneut versuchen.".into(),
        FolderError::Full => "Im Ordner ist kein Platz mehr. Bitte Platz schaffen und erneut versuchen.".into(),
        FolderError::Failed(_) => "Der Ordner konnte nicht benutzt werden. Bitte erneut versuchen.".into(),
    }
}

/// "In gemeinsamen Ordner exportieren": writes this device's export into the shared folder
/// under its stable name.
#[component]
pub(crate) fn WriteToFolder(
    /// Whether the export is to be encrypted (the lock is on and the user kept it so).
    encrypt: Signal<bool>,
) -> impl IntoView {
    let state = use_app_state();
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let write = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        message.set(None);
        let encrypted = encrypt.get_untracked();
        spawn_local(async move {
            let result = async {
                let folder = connected_folder().await?;
                let (text, who) = actions::export_text(state);
                let device = state.settings.with_untracked(|s| s.device_id.clone());
                let key = if encrypted { state.seal_key() } else { None };
                let (content, encrypted) = match key {
                    Some(key) => {
                        let envelope = crypto::seal(&key, 0, text.as_bytes())
                            .await
                            .map_err(|e| FolderError::Failed(e.to_string()))?;
                        (sealed_file::wrap(&envelope), true)
                    }
                    None => (text, false),
                };
                let name = shared_file_name(&who, &device, encrypted);
                folder.write(&name, &content).await?;
                // The other form (plain or encrypted) of this device's file would be read as
                // a second, older export: it goes.
                let other = shared_file_name(&who, &device, !encrypted);
                match folder.remove(&other).await {
                    Ok(()) | Err(FolderError::NotFound) => {}
                    Err(error) => leptos::logging::warn!("old export left: {error}"),
                }
                Ok::<_, FolderError>((folder.name.clone(), name))
            }
            .await;
            busy.set(false);
            match result {
                Ok((folder, name)) => {
                    let now = browser::now_ms();
                    state.change_settings(|s| s.last_export_ms = Some(now));
                    message.set(Some((
                        true,
                        format!("Der Export steht im Ordner „{folder}“ als „{name}“; der vorige Export dieses Geräts ist ersetzt."),
                    )));
                }
                Err(FolderError::Cancelled) => {}
                Err(error) => message.set(Some((false, folder_error_text(&error)))),
            }
        });
    };
    view! {
        {Folder::supported().then(|| view! {
            <button type="button" class="secondary" on:click=write disabled=move || busy.get()>
                {move || if busy.get() { "Wird geschrieben …" } else { "In den gemeinsamen Ordner exportieren" }}
            </button>
        })}
        <div id="shared-export-status">
            <crate::app::components::StatusMessage message />
        </div>
    }
}

/// "Ordner einlesen": every export in the shared folder, into the many-files import.
#[component]
pub(crate) fn ReadFolder(
    incoming: RwSignal<Vec<Incoming>>,
    reading: RwSignal<Option<(usize, usize)>>,
    message: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let read = move |_| {
        if reading.get_untracked().is_some() {
            return;
        }
        message.set(None);
        reading.set(Some((0, 1)));
        spawn_local(async move {
            let listed = match connected_folder().await {
                Ok(folder) => folder.read_all_json().await,
                Err(error) => Err(error),
            };
            reading.set(None);
            match listed {
                Ok(files) if files.is_empty() => message.set(Some((
                    false,
                    "Im Ordner liegt keine Exportdatei (.json). Es wurde nichts geändert.".into(),
                ))),
                Ok(files) => incoming.set(
                    files
                        .into_iter()
                        .map(|(file_name, text)| Incoming {
                            text: text.map_err(|_| {
                                format!("Die Datei „{file_name}“ konnte nicht gelesen werden. Es wurde nichts geändert.")
                            }),
                            file_name,
                        })
                        .collect(),
                ),
                Err(FolderError::Cancelled) => {}
                Err(error) => message.set(Some((false, folder_error_text(&error)))),
            }
        });
    };
    view! {
        <div class="field">
            {if Folder::supported() {
                view! {
                    <button type="button" class="secondary" on:click=read>"Ordner einlesen"</button>
                    <p class="field-hint">"Liest alle Exportdateien im gemeinsamen Ordner auf einmal. Beim ersten Mal wählen Sie den Ordner (z. B. ein Netzlaufwerk); danach fragt der Browser nur noch nach der Erlaubnis."</p>
                }.into_any()
            } else {
                view! {
                    <p class="field-hint" data-testid="no-folder-access">"Dieser Browser kann keine Ordner verbinden (ihm fehlt die Schnittstelle dafür, z. B. Firefox und Safari). Ziehen Sie den gemeinsamen Ordner stattdessen auf das Feld oben: Dann werden alle Exportdateien darin auf einmal gelesen."</p>
                }.into_any()
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_device_has_one_stable_name() {
        assert_eq!(
            shared_file_name("caritas-rheine", "1a2b3c4d5e6f7a8b", false),
            "kim-export-caritas-rheine-1a2b3c4d.json"
        );
        assert_eq!(
            shared_file_name("koordinierung", "1a2b3c4d5e6f7a8b", true),
            "kim-export-koordinierung-1a2b3c4d-verschluesselt.json"
        );
    }
}
