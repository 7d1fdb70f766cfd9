//! Backups that happen by themselves, and the reminder where they cannot.
//!
//! Where the browser can connect a folder (`storage::folder`) and the user connected one in
//! *Einstellungen*, a change marks the data as pending (`Settings.backup.pending`, stored, so a
//! change made just before the tab was closed is backed up at the next start) and a backup is
//! written into the folder at most every few minutes (`storage::backup::MIN_INTERVAL_MS`), at
//! once when the app is hidden or locked, and on connecting. Each device keeps its last ten
//! generations there and deletes its older ones, never another device's. With the passphrase
//! lock on, backups are encrypted like exports; never a plain file instead.
//!
//! After a browser restart the folder's permission must be granted again on a click
//! ([`Backups::allow`]); until then, and where no folder is connected, the reminder
//! (`storage::backup::reminder`, shown by `app::notices`) asks for "Jetzt sichern".
//!
//! At the first record the browser is asked to keep the data (persistent storage).

use crate::app::{actions, browser, AppState};
use crate::storage::backup::{self, KEEP_GENERATIONS};
use crate::storage::folder::{Folder, FolderError, Permission, Purpose};
use crate::storage::{crypto, request_persistence, sealed_file};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// What the app knows of the backup folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FolderStatus {
    /// Still reading the connected folder from the browser (a moment at start).
    Checking,
    /// This browser cannot connect folders (Firefox, Safari).
    Unsupported,
    /// No folder is connected.
    Absent,
    /// A folder is connected; backups are written when `permission` is granted.
    Connected {
        name: String,
        permission: Permission,
    },
}

impl FolderStatus {
    /// Backups are written by themselves now.
    pub fn is_writing_by_itself(&self) -> bool {
        matches!(
            self,
            FolderStatus::Connected {
                permission: Permission::Granted,
                ..
            }
        )
    }
}

/// Why a backup was not written. Nothing is lost: the data stay pending and the next change,
/// start or click tries again.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Folder(#[from] FolderError),
    /// The lock is on but this tab holds no key to encrypt with (never written plain).
    #[error("the backup cannot be encrypted: {0}")]
    NotEncrypted(String),
}

/// The backups' state, provided in context by [`Backups::start`].
#[derive(Clone, Copy)]
pub struct Backups {
    pub status: RwSignal<FolderStatus>,
    /// Why the last backup failed, until one succeeds.
    pub failure: RwSignal<Option<BackupError>>,
    /// A backup is being written (the lock waits for it).
    pub writing: RwSignal<bool>,
    folder: StoredValue<Option<Folder>, LocalStorage>,
    /// Changes seen since start: a backup clears `pending` only if none came while it was
    /// being written.
    changes: StoredValue<u64>,
    /// A later attempt is scheduled (at most one).
    scheduled: StoredValue<bool>,
    /// "Jetzt sichern" is being carried out: a second press meanwhile (a double click, the
    /// button of another notice) does nothing.
    backing_up_now: StoredValue<bool>,
}

/// The backups of the app ([`Backups::start`] provided them).
pub fn use_backups() -> Backups {
    expect_context::<Backups>()
}

/// Whether the data hold any record (a rule set alone is not worth a backup).
pub fn has_records(state: AppState) -> bool {
    state
        .data
        .with(|d| !d.cases.is_empty() || !d.contacts.is_empty() || !d.visits.is_empty())
}

impl Backups {
    /// Provides the backups in context, finds the connected folder, and follows changes.
    pub fn start(state: AppState) -> Backups {
        let backups = Backups {
            status: RwSignal::new(FolderStatus::Checking),
            failure: RwSignal::new(None),
            writing: RwSignal::new(false),
            folder: StoredValue::new_local(None),
            changes: StoredValue::new(0),
            scheduled: StoredValue::new(false),
            backing_up_now: StoredValue::new(false),
        };
        provide_context(backups);
        spawn_local(async move {
            if !Folder::supported() {
                backups.status.set(FolderStatus::Unsupported);
                return;
            }
            match Folder::stored(Purpose::Backup).await {
                None => backups.status.set(FolderStatus::Absent),
                Some(folder) => {
                    let permission = folder.permission(false).await;
                    backups.status.set(FolderStatus::Connected {
                        name: folder.name.clone(),
                        permission,
                    });
                    backups.folder.set_value(Some(folder));
                    backups.schedule(state);
                }
            }
        });
        // Every change of the data after opening marks a backup as pending.
        let opened = StoredValue::new(false);
        Effect::new(move |_| {
            state.data.track();
            if !opened.get_value() {
                opened.set_value(true);
                return;
            }
            backups.changes.update_value(|n| *n += 1);
            let (pending, asked) = state
                .settings
                .with_untracked(|s| (s.backup.pending, s.backup.persistence_asked));
            if !pending {
                state.change_settings(|s| s.backup.pending = true);
            }
            if !asked && has_records(state) {
                state.change_settings(|s| s.backup.persistence_asked = true);
                spawn_local(async {
                    let _granted_or_not_is_shown_in_settings = request_persistence().await;
                });
            }
            backups.schedule(state);
        });
        // Hidden (another tab, the phone's screen off, the window closed): at once.
        let handle = window_event_listener_untyped("visibilitychange", move |_| {
            if document().hidden() {
                backups.write_if_pending(state);
            }
        });
        on_cleanup(move || handle.remove());
        backups
    }

    /// Writes a backup now if one is pending and the folder may be written (the app is being
    /// hidden or locked).
    pub fn write_if_pending(self, state: AppState) {
        let pending = state.settings.with_untracked(|s| s.backup.pending);
        if pending
            && self
                .status
                .with_untracked(FolderStatus::is_writing_by_itself)
        {
            spawn_local(async move {
                let _failure_is_kept_in_the_signal = self.write(state).await;
            });
        }
    }

    /// Writes a backup when one is pending and the interval has passed; otherwise tries again
    /// once it has.
    fn schedule(self, state: AppState) {
        if !self
            .status
            .with_untracked(FolderStatus::is_writing_by_itself)
        {
            return;
        }
        match may_write_now(state) {
            Ok(false) => {}
            // In idle time: with 20,000 cases the export is a main-thread task of about 0.3 s
            // (docs/performance.md), better not in the middle of typing.
            Ok(true) => spawn_local(async move {
                let _failure_is_kept_in_the_signal = self.write_when_due(state).await;
            }),
            Err(wait_ms) => {
                if self.scheduled.get_value() {
                    return;
                }
                self.scheduled.set_value(true);
                let wait = Duration::from_millis(u64::try_from(wait_ms).unwrap_or(0) + 50);
                set_timeout(
                    move || {
                        self.scheduled.set_value(false);
                        self.schedule(state);
                    },
                    wait,
                );
            }
        }
    }

    /// Lets the user pick the backup folder (on a click) and writes the first backup into it.
    pub async fn connect(self, state: AppState) -> Result<(), BackupError> {
        let folder = Folder::connect(Purpose::Backup).await?;
        self.status.set(FolderStatus::Connected {
            name: folder.name.clone(),
            permission: Permission::Granted,
        });
        self.folder.set_value(Some(folder));
        if has_records(state) {
            self.write(state).await?;
        }
        Ok(())
    }

    /// Asks the browser again for the folder's permission (on a click), then writes what is
    /// pending.
    pub async fn allow(self, state: AppState) -> Permission {
        let Some(folder) = self.folder.get_value() else {
            return Permission::Denied;
        };
        let permission = folder.permission(true).await;
        self.status.set(FolderStatus::Connected {
            name: folder.name.clone(),
            permission,
        });
        if permission == Permission::Granted {
            self.schedule(state);
        }
        permission
    }

    /// Disconnects the folder: no more backups are written there; the files stay.
    pub async fn disconnect(self) -> Result<(), BackupError> {
        Folder::forget(Purpose::Backup).await?;
        self.folder.set_value(None);
        self.failure.set(None);
        self.status.set(FolderStatus::Absent);
        Ok(())
    }

    /// The connected folder, for reading backups back (restore).
    pub fn folder(self) -> Option<Folder> {
        self.folder.get_value()
    }

    /// Writes one backup into the connected folder now and deletes this device's generations
    /// beyond the newest [`KEEP_GENERATIONS`].
    pub async fn write(self, state: AppState) -> Result<(), BackupError> {
        self.write_inner(state, false).await
    }

    /// [`Backups::write`] for a change: once the backup being written (if any) is done, only
    /// if one is still due ([`backup::may_write`]); otherwise it is scheduled again. Many
    /// changes in a row so make one backup, not one each.
    async fn write_when_due(self, state: AppState) -> Result<(), BackupError> {
        self.write_inner(state, true).await
    }

    async fn write_inner(self, state: AppState, only_when_due: bool) -> Result<(), BackupError> {
        let Some(folder) = self.folder.get_value() else {
            return Err(FolderError::NotFound.into());
        };
        // One at a time: a backup asked for while another is being written follows it (it
        // may hold changes the other does not).
        while self.writing.get_untracked() {
            browser::sleep_ms(50).await;
        }
        if only_when_due && may_write_now(state) != Ok(true) {
            self.schedule(state);
            return Ok(());
        }
        self.writing.set(true);
        let changes = self.changes.get_value();
        let result = self.write_into(state, &folder).await;
        self.writing.set(false);
        match &result {
            Ok(written_ms) => {
                let unchanged = self.changes.get_value() == changes;
                state.change_settings(|s| {
                    s.backup.last_backup_ms = Some(*written_ms);
                    if unchanged {
                        s.backup.pending = false;
                    }
                });
                self.failure.set(None);
                if !unchanged {
                    self.schedule(state);
                }
            }
            Err(error) => {
                if matches!(error, BackupError::Folder(FolderError::NoPermission)) {
                    self.status.set(FolderStatus::Connected {
                        name: folder.name.clone(),
                        permission: folder.permission(false).await,
                    });
                }
                self.failure.set(Some(error.clone()));
            }
        }
        result.map(|_| ())
    }

    async fn write_into(self, state: AppState, folder: &Folder) -> Result<i64, BackupError> {
        let now = browser::now_ms();
        let (text, encrypted) = backup_file(state).await?;
        let (device, who) = (
            state.settings.with_untracked(|s| s.device_id.clone()),
            actions::who_in_file_names(state),
        );
        let name = backup::name(now, &device, &who, encrypted);
        folder.write(&name, &text).await?;
        // Older generations: a failure to delete one leaves it there, nothing worse.
        if let Ok(files) = folder.files_with_sizes().await {
            for old in backup::to_delete(&files, &device, KEEP_GENERATIONS, &name) {
                let _kept_if_it_cannot_be_deleted = folder.remove(&old).await;
            }
        }
        Ok(now)
    }
}

/// [`backup::may_write`] with this device's settings, now.
fn may_write_now(state: AppState) -> Result<bool, i64> {
    let (pending, last) = state
        .settings
        .with_untracked(|s| (s.backup.pending, s.backup.last_backup_ms));
    backup::may_write(pending, last, browser::now_ms())
}

/// The text of a backup of everything on this device (`storage::backup::backup_text`),
/// encrypted as an encrypted export when the passphrase lock is on; whether it is.
pub async fn backup_file(state: AppState) -> Result<(String, bool), BackupError> {
    let (export, _) = actions::export_text(state);
    let report = state.settings.with_untracked(|s| s.report.clone());
    let text = backup::backup_text(&export, &report);
    if !state.sealed.get_untracked() {
        return Ok((text, false));
    }
    let Some(key) = state.seal_key() else {
        return Err(BackupError::NotEncrypted("no key".into()));
    };
    // Schema version 0: a backup, like an export, carries its format version inside.
    let envelope = crypto::seal(&key, 0, text.as_bytes())
        .await
        .map_err(|e| BackupError::NotEncrypted(e.to_string()))?;
    Ok((sealed_file::wrap(&envelope), true))
}

/// "Jetzt sichern": into the connected folder when backups are written there, otherwise as a
/// downloaded file (which counts as an export).
pub async fn back_up_now(state: AppState, backups: Backups) -> Result<(), BackupError> {
    if backups.backing_up_now.get_value() {
        return Ok(());
    }
    backups.backing_up_now.set_value(true);
    let result = back_up_now_once(state, backups).await;
    backups.backing_up_now.set_value(false);
    result
}

async fn back_up_now_once(state: AppState, backups: Backups) -> Result<(), BackupError> {
    if backups
        .status
        .with_untracked(FolderStatus::is_writing_by_itself)
    {
        return backups.write(state).await;
    }
    let (text, encrypted) = backup_file(state).await?;
    let device = state.settings.with_untracked(|s| s.device_id.clone());
    let name = backup::name(
        browser::now_ms(),
        &device,
        &actions::who_in_file_names(state),
        encrypted,
    );
    if browser::download(&name, "application/json", &text) {
        let now = browser::now_ms();
        state.change_settings(|s| s.last_export_ms = Some(now));
    }
    Ok(())
}

/// A failed backup in plain German (the settings page and the notices show it).
pub fn backup_error_text(error: &BackupError) -> String {
    match error {
        BackupError::Folder(FolderError::Unsupported) => "Dieser Browser kann keinen Ordner verbinden. Sichern Sie mit „Jetzt sichern“ als Datei.".into(),
        BackupError::Folder(FolderError::Cancelled) => "Es wurde kein Ordner gewählt.".into(),
        BackupError::Folder(FolderError::NoPermission) => "Der Browser erlaubt gerade nicht, in den Sicherungsordner zu schreiben. Bitte „Zugriff erlauben“ wählen.".into(),
        BackupError::Folder(FolderError::NotFound) => "Der Sicherungsordner ist nicht erreichbar (Laufwerk getrennt, Ordner verschoben oder gelöscht). Verbinden Sie ihn erneut oder wählen Sie einen anderen.".into(),
        BackupError::Folder(FolderError::Full) => "Im Sicherungsordner ist kein Platz mehr. Bitte Platz schaffen oder einen anderen Ordner wählen.".into(),
        BackupError::Folder(FolderError::Failed(_)) => "Die Sicherung konnte nicht in den Ordner geschrieben werden. Die Daten auf diesem Gerät sind unverändert; die App versucht es nach der nächsten Änderung erneut.".into(),
        BackupError::NotEncrypted(_) => "Die Sicherung konnte nicht verschlüsselt werden und wurde deshalb nicht geschrieben. Bitte die Seite neu laden und entsperren.".into(),
    }
}
