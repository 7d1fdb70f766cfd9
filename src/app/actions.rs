//! Intents shared by several pages: exporting all data, and offering an export before a
//! destructive action.

use crate::app::{browser, AppState};
use crate::domain::csv::{self, Cell};
use crate::domain::exchange;
use leptos::prelude::*;

/// Downloads everything as one export file and remembers when.
pub fn export_download(state: AppState) {
    let device = state.settings.with_untracked(|s| s.device_id.clone());
    let text = state
        .data
        .with_untracked(|data| exchange::export(data, &browser::now_rfc3339(), &device));
    let file_name = format!("kim-rheine-export-{}.json", browser::today());
    if browser::download(&file_name, "application/json", &text) {
        let now = browser::now_ms();
        state.change_settings(|settings| settings.last_export_ms = Some(now));
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

/// Before a destructive action (deleting, voiding, replacing data): unless the data was
/// exported within the last day, says how long ago the last export was and offers one. The
/// user may decline and go on; the action's own confirmation follows.
///
/// Decision: "within the last day" rather than "always", so correcting several entries in a
/// row does not ask for an export each time once one was made.
pub fn offer_export_first(state: AppState) {
    let last = state.settings.with_untracked(|s| s.last_export_ms);
    if days_since_export(last, browser::now_ms()) == Some(0) {
        return;
    }
    let question = format!(
        "{} Vor dieser Änderung eine Sicherung exportieren?\n\nOK: jetzt exportieren. Abbrechen: ohne Export fortfahren.",
        export_age_text(last, browser::now_ms())
    );
    if window().confirm_with_message(&question).unwrap_or(false) {
        export_download(state);
    }
}

/// Downloads a table as a CSV file for a German Excel (see `domain::csv`).
pub fn download_csv<S: AsRef<str>>(file_name: &str, header: &[S], rows: &[Vec<Cell>]) {
    let text = csv::to_csv(header, rows);
    browser::download(file_name, "text/csv;charset=utf-8", &text);
}
