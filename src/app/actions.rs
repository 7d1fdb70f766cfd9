//! Intents shared by several pages, e.g. exporting all data.

use crate::app::{browser, AppState};
use crate::domain::exchange;
use leptos::prelude::*;

/// Downloads everything as one export file and remembers when.
pub fn export_download(state: AppState) {
    let device = state.settings.with_untracked(|s| s.device_id.clone());
    let text = state
        .data
        .with_untracked(|data| exchange::export(data, &browser::now_rfc3339(), &device));
    let file_name = format!(
        "kim-rheine-export-{}.json",
        browser::today().format("%Y-%m-%d")
    );
    if browser::download(&file_name, "application/json", &text) {
        let now = browser::now_ms();
        state.change_settings(|settings| settings.last_export_ms = Some(now));
    }
}
