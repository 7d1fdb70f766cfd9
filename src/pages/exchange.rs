//! *Datenaustausch*: export all data as one file (downloaded, or into the Kreis's shared
//! folder under one stable name per device), import other devices' exports one or many at a
//! time, and the roster of devices whose data this device holds (*Geräte*).
//!
//! There is no server, so files carry the data (format in docs/file-formats.md and
//! `domain::exchange`). An import is all or nothing for the files it accepts: every file is
//! read and checked alone (`exchange::parse_import`), the result of all accepted files is
//! computed in full (`exchange::preview_collection`) and shown file by file, and only the
//! user's one confirmation stores it, in one change. A refused file changes nothing and stays
//! listed with its reason. The parts: `import_flow.rs` (the flow, also used by the backup
//! restore), `shared_folder.rs`, `roster.rs`, `rule_differences.rs`; this file holds the page
//! and the German texts they share.

use crate::app::{actions, browser, format, use_app_state};
use crate::domain::exchange::{self, ImportError, ImportSummary, MergeError};
use crate::pages::error_texts::{record_error_text, rule_set_error_text};
use leptos::prelude::*;

mod import_flow;
mod roster;
mod rule_differences;
mod shared_folder;

pub(crate) use import_flow::{ImportFlow, Incoming};

/// The data-exchange page.
#[component]
pub fn ExchangePage() -> impl IntoView {
    let state = use_app_state();
    let encrypt = RwSignal::new(true);
    let export_age = move || {
        state
            .settings
            .with(|s| actions::export_age_text(s.last_export_ms, browser::now_ms()))
    };
    view! {
        <h1 tabindex="-1">"Datenaustausch"</h1>
        <p class="lead">
            "Jeder Träger führt seine Fälle auf seinem Gerät. Für den Bericht führt die Koordinierende Stelle die Exportdateien aller Geräte zusammen."
        </p>
        <section aria-labelledby="export-titel">
            <h2 id="export-titel">"Exportieren"</h2>
            <p data-testid="export-age">{export_age}</p>
            <p class="field-hint">
                "Die Datei enthält alle Fälle mit ihrem Verlauf, sonstige Beratungskontakte, Willkommensbesuche, Jahreszahlen und das Regelwerk – keine Namen, Geburtsdaten oder Anschriften. Bewahren Sie sie trotzdem sicher auf: Fallcode und Problemlagen zusammen sind schutzwürdig. Sie dient auch als Sicherung."
            </p>
            <Show when=move || state.sealed.get()>
                <label class="choice">
                    <input type="checkbox" prop:checked=move || encrypt.get()
                        on:change=move |ev| encrypt.set(event_target_checked(&ev)) />
                    "Exportdatei mit dem Kennwort dieses Geräts verschlüsseln (empfohlen)"
                </label>
            </Show>
            <div class="button-row">
                <button type="button" on:click=move |_| actions::export_download_as(state, state.sealed.get_untracked() && encrypt.get_untracked())>
                    "Alle Daten exportieren"
                </button>
                <shared_folder::WriteToFolder encrypt=Signal::derive(move || state.sealed.get() && encrypt.get()) />
            </div>
        </section>
        <ImportSection />
    }
}

/// Reads the chosen or dropped files' texts, one after the other (with a progress bar), and
/// hands them to the import flow as one batch; a file too large or unreadable is listed
/// there as refused and changes nothing.
pub(crate) fn read_files(
    files: Vec<web_sys::File>,
    incoming: RwSignal<Vec<Incoming>>,
    reading: RwSignal<Option<(usize, usize)>>,
    message: RwSignal<Option<(bool, String)>>,
) {
    if files.is_empty() {
        return;
    }
    message.set(None);
    let total = files.len();
    leptos::task::spawn_local(async move {
        let mut batch = Vec::with_capacity(total);
        for (done, file) in files.into_iter().enumerate() {
            if total > 1 {
                reading.set(Some((done, total)));
            }
            let file_name = file.name();
            let text = match exchange::check_import_size(file.size() as u64) {
                Err(error) => Err(refusal_text(&file_name, &error)),
                Ok(()) => browser::read_file_text(file).await.map_err(|_| {
                    format!("Die Datei „{file_name}“ konnte nicht gelesen werden. Es wurde nichts geändert.")
                }),
            };
            batch.push(Incoming { file_name, text });
        }
        reading.set(None);
        incoming.set(batch);
    });
}

/// Reads the file chosen in a file input into `incoming` (a batch of one).
pub(crate) fn read_chosen_file(
    ev: &leptos::ev::Event,
    incoming: RwSignal<Vec<Incoming>>,
    message: RwSignal<Option<(bool, String)>>,
) {
    let files = browser::chosen_files(ev);
    read_files(files, incoming, RwSignal::new(None), message);
}

/// The import section of *Datenaustausch*: one or many files chosen or dropped (files or a
/// folder), the shared folder read whole, and the import flow.
#[component]
fn ImportSection() -> impl IntoView {
    let message = RwSignal::new(None::<(bool, String)>);
    let incoming = RwSignal::new(Vec::<Incoming>::new());
    let reading = RwSignal::new(None::<(usize, usize)>);
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        leptos::task::spawn_local(async move {
            let files = crate::storage::folder::dropped_files(&ev).await;
            if files.is_empty() {
                message.set(Some((false, "Es kam keine Datei an. Ziehen Sie Exportdateien oder einen Ordner mit Exportdateien hierher.".into())));
                return;
            }
            read_files(files, incoming, reading, message);
        });
    };
    view! {
        <section aria-labelledby="import-titel">
            <h2 id="import-titel">"Importieren"</h2>
            <div
                class="field drop-zone"
                class:drop-active=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label for="import-file">"Exportdatei wählen (auch mehrere auf einmal)"</label>
                <input
                    id="import-file"
                    type="file"
                    multiple
                    accept="application/json,.json"
                    on:change=move |ev| read_files(browser::chosen_files(&ev), incoming, reading, message)
                />
                <p class="field-hint">
                    "Oder ziehen Sie Exportdateien oder einen ganzen Ordner hierher. Vor der Übernahme zeigt die App für jede Datei, was sich ändern würde; eine fehlerhafte oder fremde Datei wird abgelehnt und ändert nichts. Alle übrigen werden mit einer Bestätigung auf einmal übernommen."
                </p>
            </div>
            <shared_folder::ReadFolder incoming reading message />
            <import_flow::FilesProgress progress=reading label="Dateien werden gelesen" />
            <ImportFlow incoming message restore=false />
        </section>
        <roster::Roster />
    }
}

use crate::app::format::count;

/// Where a file came from and what it holds, counted as the lists count it: "Datei „x.json“
/// von Gerät 1a2b3c4d (Caritas Rheine), exportiert am 25.11.2026: 9 Fälle, 86 sonstige
/// Beratungskontakte, 3 Willkommensbesuche."
fn file_line(file_name: &str, file: &exchange::ExportFile) -> String {
    let tally = file.data.tally();
    let device: String = file.device.chars().take(8).collect();
    let provider = match &file.provider {
        Some(id) => file
            .data
            .rules
            .provider(id)
            .map(|p| p.short_name.clone())
            .unwrap_or_else(|| "unbekannter Träger".to_owned()),
        None => "ohne Träger, z. B. Koordinierende Stelle".to_owned(),
    };
    let deleted = if tally.deleted_cases > 0 {
        format!(
            " (dazu {} als Fehleingabe gelöscht)",
            count(tally.deleted_cases, "Fall", "Fälle")
        )
    } else {
        String::new()
    };
    format!(
        "Datei „{file_name}“ von Gerät {device} ({provider}), exportiert am {}: {}{deleted}, {}, {}.",
        exported_on(&file.exported_at),
        count(tally.cases, "Fall", "Fälle"),
        count(tally.contacts, "sonstiger Beratungskontakt", "sonstige Beratungskontakte"),
        count(tally.visits, "Willkommensbesuch", "Willkommensbesuche"),
    )
}

/// The preview's summary in German, one line per kind of change; lines with 0 are left out.
fn summary_lines(summary: &ImportSummary) -> Vec<String> {
    let mut lines = Vec::new();
    let mut add = |n: usize, text: String| {
        if n > 0 {
            lines.push(text);
        }
    };
    match summary {
        ImportSummary::Merge(s) => {
            add(
                s.new_cases,
                format!(
                    "{} hinzu",
                    count(s.new_cases, "neuer Fall kommt", "neue Fälle kommen")
                ),
            );
            add(
                s.changed_cases,
                format!(
                    "{} um Einträge ergänzt",
                    count(
                        s.changed_cases,
                        "bestehender Fall wird",
                        "bestehende Fälle werden"
                    )
                ),
            );
            add(
                s.deleted_cases,
                format!(
                    "{} als Fehleingabe gelöscht",
                    count(
                        s.deleted_cases,
                        "bestehender Fall wird",
                        "bestehende Fälle werden"
                    )
                ),
            );
            add(
                s.new_events,
                format!(
                    "{} insgesamt",
                    count(
                        s.new_events,
                        "neuer Verlaufseintrag",
                        "neue Verlaufseinträge"
                    )
                ),
            );
            add(
                s.new_contacts,
                format!(
                    "{} hinzu",
                    count(
                        s.new_contacts,
                        "sonstiger Beratungskontakt kommt",
                        "sonstige Beratungskontakte kommen"
                    )
                ),
            );
            add(
                s.voided_contacts,
                format!(
                    "{} storniert",
                    count(
                        s.voided_contacts,
                        "sonstiger Beratungskontakt wird",
                        "sonstige Beratungskontakte werden"
                    )
                ),
            );
            add(
                s.hidden_records,
                format!(
                    "{} mitgeführt (sie zählen nirgends, verhindern aber, dass sie später wieder auftauchen)",
                    count(
                        s.hidden_records,
                        "gelöschter oder stornierter Eintrag wird",
                        "gelöschte oder stornierte Einträge werden"
                    )
                ),
            );
            add(
                s.new_visits,
                format!(
                    "{} hinzu",
                    count(
                        s.new_visits,
                        "Willkommensbesuch kommt",
                        "Willkommensbesuche kommen"
                    )
                ),
            );
            add(
                s.voided_visits,
                format!(
                    "{} storniert",
                    count(
                        s.voided_visits,
                        "Willkommensbesuch wird",
                        "Willkommensbesuche werden"
                    )
                ),
            );
            add(
                s.yearly_changed,
                format!(
                    "Jahreszahlen (Baustein 3) für {} ergänzt oder geändert",
                    count(s.yearly_changed, "Jahr werden", "Jahre werden")
                ),
            );
            add(
                usize::from(s.rules_changed),
                "Das neuere Regelwerk der Datei wird übernommen.".into(),
            );
        }
        ImportSummary::Replace(s) => {
            add(
                1,
                format!(
                    "Danach gelten nur die Daten der Datei: {}, {}, {}, Jahreszahlen für {}.",
                    count(s.file_cases, "Fall", "Fälle"),
                    count(
                        s.file_contacts,
                        "sonstiger Beratungskontakt",
                        "sonstige Beratungskontakte"
                    ),
                    count(s.file_visits, "Willkommensbesuch", "Willkommensbesuche"),
                    count(s.file_yearly, "Jahr", "Jahre"),
                ),
            );
            add(
                s.removed_cases,
                count(
                    s.removed_cases,
                    "Fall ist nur hier erfasst und ginge verloren",
                    "Fälle sind nur hier erfasst und gingen verloren",
                ),
            );
            add(
                s.removed_events,
                count(
                    s.removed_events,
                    "Verlaufseintrag fehlt in der Datei und ginge verloren",
                    "Verlaufseinträge fehlen in der Datei und gingen verloren",
                ),
            );
            add(
                s.removed_contacts,
                count(
                    s.removed_contacts,
                    "sonstiger Beratungskontakt ginge verloren",
                    "sonstige Beratungskontakte gingen verloren",
                ),
            );
            add(
                s.removed_visits,
                count(
                    s.removed_visits,
                    "Willkommensbesuch ginge verloren",
                    "Willkommensbesuche gingen verloren",
                ),
            );
            add(
                s.removed_yearly,
                format!(
                    "Jahreszahlen für {} gingen verloren",
                    count(s.removed_yearly, "Jahr", "Jahre")
                ),
            );
            add(
                usize::from(s.rules_changed),
                "Das Regelwerk der Datei ersetzt das Regelwerk hier.".into(),
            );
        }
    }
    lines
}

/// The export time as a German date in this browser's time zone, the date the export's file
/// name carries (`actions::export_download_as` names it by `browser::today()`), or the raw
/// text when it is not RFC 3339. A file exported in Germany at 00:30 is "exportiert am" that
/// day, not the day before, as its UTC date would say.
fn exported_on(exported_at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(exported_at)
        .map(|t| format::date(browser::date_of_ms(t.timestamp_millis())))
        .unwrap_or_else(|_| exported_at.to_string())
}

/// Why a file was refused, in German, always ending with the reassurance that nothing changed.
fn refusal_text(file_name: &str, error: &ImportError) -> String {
    let why = match error {
        ImportError::TooLarge { bytes, limit } => format!(
            "Sie ist zu groß ({}; höchstens {}).",
            format::bytes(*bytes as f64),
            format::bytes(*limit as f64)
        ),
        ImportError::Malformed(_) => {
            "Sie ist beschädigt oder unvollständig (kein lesbares JSON einer Exportdatei).".into()
        }
        ImportError::Foreign => {
            "Sie ist keine Exportdatei dieser App (vielleicht eine Regelwerk-Datei oder die Datei eines anderen Programms).".into()
        }
        ImportError::NewerFormat { found, supported } => format!(
            "Sie stammt aus einer neueren Version der App (Format {found}; diese Version liest bis Format {supported}). Bitte die App aktualisieren."
        ),
        ImportError::InvalidRules(error) => format!(
            "Ihr Regelwerk ist fehlerhaft: {}",
            rule_set_error_text(error)
        ),
        ImportError::InvalidRecord(record) => record_error_text(record),
    };
    format!("Die Datei „{file_name}“ wurde abgelehnt. {why} Es wurde nichts geändert.")
}

fn merge_error_text(error: &MergeError) -> String {
    match error {
        MergeError::CodeCollision(code) => format!(
            "Der Fallcode {code} bezeichnet in der Datei und hier zwei verschiedene Fälle. So kann nicht zusammengeführt werden; bitte die Koordinierende Stelle fragen. Es wurde nichts geändert."
        ),
        MergeError::ConflictingEvent(_) => {
            "Ein Verlaufseintrag ist in der Datei anders als hier. So kann nicht zusammengeführt werden. Es wurde nichts geändert.".into()
        }
        MergeError::Inconsistent(record) => format!(
            "Das Ergebnis wäre widersprüchlich: {} Es wurde nichts geändert.",
            record_error_text(record)
        ),
        MergeError::RulesConflict { revision } => format!(
            "Beide Regelwerke haben den Stand {revision}, sind aber verschieden. Bitte oben wählen, welches gelten soll; bis dahin wird nichts geändert."
        ),
    }
}

/// A rule set as a person tells it apart: "Rheine, Stand 3".
fn rules_line(rules: &crate::domain::rules::RuleSet) -> String {
    format!("{}, Stand {}", rules.municipality, rules.revision)
}
