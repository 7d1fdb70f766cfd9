//! Intents shared by several pages: exporting all data, and offering an export before a
//! destructive action.

use crate::app::components::{ActionKind, DialogAction};
use crate::app::{browser, AppState};
use crate::domain::csv::{self, Cell};
use crate::domain::exchange;
use leptos::prelude::*;

/// Downloads everything as one export file and remembers when; encrypted with the device's
/// key while the passphrase lock is on.
pub fn export_download(state: AppState) {
    export_download_as(state, state.sealed.get_untracked());
}

/// Downloads everything as one export file, encrypted (`storage::sealed_file`) when
/// `encrypt` and the passphrase lock is on, and remembers when.
pub fn export_download_as(state: AppState, encrypt: bool) {
    let (text, name) = export_text(state);
    // Each provider's export has its own name, so two files on one USB stick do not collide.
    let key = if encrypt { state.seal_key() } else { None };
    let Some(key) = key else {
        let file_name = format!("kim-export-{name}-{}.json", browser::today());
        downloaded(
            state,
            browser::download(&file_name, "application/json", &text),
        );
        return;
    };
    leptos::task::spawn_local(async move {
        // Schema version 0: an export file carries its own format version inside.
        match crate::storage::crypto::seal(&key, 0, text.as_bytes()).await {
            Ok(envelope) => {
                let file_name =
                    format!("kim-export-{name}-{}-verschluesselt.json", browser::today());
                let file = crate::storage::sealed_file::wrap(&envelope);
                downloaded(
                    state,
                    browser::download(&file_name, "application/json", &file),
                );
            }
            // Never a plain file instead of the encrypted one the user asked for; nothing is
            // downloaded (Web Crypto fails only when the page is being closed).
            Err(error) => leptos::logging::error!("export not encrypted: {error}"),
        }
    });
}

/// The export file of everything on this device, written now, and who works on the device
/// as part of a file name (`caritas-rheine`, or `koordinierung`).
pub fn export_text(state: AppState) -> (String, String) {
    let (device, provider) = state
        .settings
        .with_untracked(|s| (s.device_id.clone(), s.own_provider().cloned()));
    let text = state.data.with_untracked(|data| {
        exchange::export_from(data, &browser::now_rfc3339(), &device, provider.as_ref())
    });
    (text, who_in_file_names(state))
}

/// Who works on this device as part of a file name: the provider's short name
/// (`caritas-rheine`), or `koordinierung` on the coordinating office's device (and before
/// the question was answered).
pub fn who_in_file_names(state: AppState) -> String {
    let provider = state.settings.with_untracked(|s| s.own_provider().cloned());
    state.data.with_untracked(|data| {
        provider
            .as_ref()
            .and_then(|p| data.rules.provider(p))
            .map(|p| file_name_part(&p.short_name))
            .unwrap_or_else(|| "koordinierung".to_owned())
    })
}

fn downloaded(state: AppState, done: bool) {
    if done {
        let now = browser::now_ms();
        state.change_settings(|settings| settings.last_export_ms = Some(now));
    }
}

/// A name as part of a file name: lower case ASCII letters and digits, words joined by `-`
/// (`Caritas Rheine` → `caritas-rheine`, `Lernen fördern` → `lernen-foerdern`).
pub fn file_name_part(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().map(crate::domain::text::lower) {
        let piece = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if piece == "-" {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(piece);
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "traeger".to_owned()
    } else {
        trimmed.chars().take(40).collect()
    }
}

/// Whole days since the last export, or `None` when this laptop never exported.
pub fn days_since_export(last_export_ms: Option<i64>, now_ms: i64) -> Option<i64> {
    last_export_ms.map(|ms| (now_ms - ms).max(0) / 86_400_000)
}

/// The sentence shown wherever the export state matters.
pub fn export_age_text(last_export_ms: Option<i64>, now_ms: i64) -> String {
    match days_since_export(last_export_ms, now_ms) {
        None => "Diese Daten wurden auf diesem Gerät noch nie exportiert.".to_string(),
        Some(0) => "Letzter Export: heute.".to_string(),
        Some(1) => "Letzter Export: vor 1 Tag.".to_string(),
        Some(days) => format!("Letzter Export: vor {days} Tagen."),
    }
}

/// The buttons of the confirmation before a destructive change (deleting, voiding, replacing
/// data). Unless the data was exported within the last day: "Erst exportieren, dann …"
/// (downloads an export, then goes ahead) and "Ohne Export …"; otherwise one button that goes
/// ahead. `verb` completes those labels ("löschen", "stornieren", "ersetzen"); `label` is the
/// one button's label ("Fall löschen"). The dialog's own "Abbrechen" does nothing.
///
/// Decision: "within the last day" rather than "always", so correcting several entries in a
/// row does not ask for an export each time once one was made.
pub fn destructive_actions(
    state: AppState,
    verb: &str,
    label: &str,
    run: impl Fn() + Send + Sync + Clone + 'static,
) -> Vec<DialogAction> {
    let last = state.settings.with_untracked(|s| s.last_export_ms);
    if days_since_export(last, browser::now_ms()) == Some(0) {
        return vec![DialogAction::new(label, ActionKind::Destructive, run)];
    }
    let after_export = run.clone();
    vec![
        DialogAction::new(
            format!("Erst exportieren, dann {verb}"),
            ActionKind::Primary,
            move || {
                export_download(state);
                after_export();
            },
        ),
        DialogAction::new(format!("Ohne Export {verb}"), ActionKind::Destructive, run),
    ]
}

/// The sentence about the last export for a destructive change's confirmation, or nothing
/// when the data was exported within the last day.
pub fn export_reminder(state: AppState) -> String {
    let last = state.settings.with_untracked(|s| s.last_export_ms);
    let now = browser::now_ms();
    if days_since_export(last, now) == Some(0) {
        String::new()
    } else {
        format!(
            " {} Eine Sicherung vorher ist empfehlenswert.",
            export_age_text(last, now)
        )
    }
}

/// Downloads a table as a CSV file for a German Excel (see `domain::csv`).
pub fn download_csv<S: AsRef<str>>(file_name: &str, header: &[S], rows: &[Vec<Cell>]) {
    let text = csv::to_csv(header, rows);
    browser::download(file_name, "text/csv;charset=utf-8", &text);
}
