//! *Datenaustausch*: export all data as one file, and import other laptops' exports.
//!
//! There is no server, so files carry the data (format in docs/file-formats.md and
//! `domain::exchange`). An import is all or nothing: the file is read and checked completely
//! (`exchange::parse_import`), the result of the import is computed in full
//! (`exchange::preview`) and shown, and only the user's confirmation stores it, in one change.
//! A refused file changes nothing.

use crate::app::components::{Choice, ChoiceGroup, Confirmation, PasswordField, StatusMessage};
use crate::app::{actions, browser, focus, format, use_app_state};
use crate::domain::exchange::{
    self, ExportFile, ImportError, ImportMode, ImportPreview, ImportSummary, MergeError,
    RulesChoice,
};
use crate::pages::error_texts::{record_error_text, rule_set_error_text};
use crate::storage::backup;
use crate::storage::crypto::{self, CryptoError};
use crate::storage::schema::ReportSettings;
use crate::storage::sealed_file::{self, SealedFileError};
use leptos::prelude::*;

mod rule_differences;

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
            <button type="button" on:click=move |_| actions::export_download_as(state, state.sealed.get_untracked() && encrypt.get_untracked())>
                "Alle Daten exportieren"
            </button>
        </section>
        <ImportSection />
    }
}

/// Reads and checks an export file's text (after decrypting it, if it was encrypted).
fn read_export(
    file_name: &str,
    text: &str,
    pending: RwSignal<Option<Pending>>,
    message: RwSignal<Option<(bool, String)>>,
) {
    match exchange::parse_import(text) {
        Ok(file) => pending.set(Some(Pending {
            file_name: file_name.to_owned(),
            file,
            report: backup::report_of(text),
        })),
        Err(error) => message.set(Some((false, refusal_text(file_name, &error)))),
    }
}

/// A file read and checked, waiting for the user's decision.
#[derive(Clone, Debug, PartialEq)]
struct Pending {
    file_name: String,
    file: ExportFile,
    /// The report's settings a backup carries (`storage::backup::report_of`).
    report: Option<ReportSettings>,
}

/// A file's text handed to [`ImportFlow`]: from a file input, or from the backup folder.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Incoming {
    pub file_name: String,
    pub text: String,
}

/// Reads a chosen file's text into `incoming`; a file too large or unreadable is refused in
/// `message` and changes nothing.
pub(crate) fn read_chosen_file(
    ev: &leptos::ev::Event,
    incoming: RwSignal<Option<Incoming>>,
    message: RwSignal<Option<(bool, String)>>,
) {
    let Some(file) = browser::chosen_file(ev) else {
        return;
    };
    incoming.set(None);
    let file_name = file.name();
    if let Err(error) = exchange::check_import_size(file.size() as u64) {
        message.set(Some((false, refusal_text(&file_name, &error))));
        return;
    }
    message.set(None);
    leptos::task::spawn_local(async move {
        match browser::read_file_text(file).await {
            Ok(text) => incoming.set(Some(Incoming { file_name, text })),
            Err(_) => message.set(Some((
                false,
                format!("Die Datei „{file_name}“ konnte nicht gelesen werden. Es wurde nichts geändert."),
            ))),
        }
    });
}

/// The import section of *Datenaustausch*: a file input and the import flow.
#[component]
fn ImportSection() -> impl IntoView {
    let message = RwSignal::new(None::<(bool, String)>);
    let incoming = RwSignal::new(None::<Incoming>);
    view! {
        <section aria-labelledby="import-titel">
            <h2 id="import-titel">"Importieren"</h2>
            <div class="field">
                <label for="import-file">"Exportdatei wählen"</label>
                <input
                    id="import-file"
                    type="file"
                    accept="application/json,.json"
                    on:change=move |ev| read_chosen_file(&ev, incoming, message)
                />
                <p class="field-hint">
                    "Vor der Übernahme zeigt die App, was sich ändern würde. Eine fehlerhafte oder fremde Datei wird abgelehnt; dann ändert sich nichts."
                </p>
            </div>
            <ImportFlow incoming message restore=false />
        </section>
    }
}

/// Takes a file's text (`incoming`) through the whole import: an encrypted file asks for its
/// passphrase, the file is checked, the result is previewed (merge by default; replace asks
/// first; a rule-set conflict is asked, never guessed) and only the user's confirmation
/// stores it, in one change. With `restore`, it is worded as restoring a backup and a
/// backup's report settings come back too: always when replacing, when merging only onto a
/// device whose report is not set up (nothing set here is overwritten).
#[component]
pub(crate) fn ImportFlow(
    incoming: RwSignal<Option<Incoming>>,
    message: RwSignal<Option<(bool, String)>>,
    restore: bool,
) -> impl IntoView {
    let state = use_app_state();
    let pending = RwSignal::new(None::<Pending>);
    let mode = RwSignal::new(ImportMode::Merge);
    // Which rule set a merge keeps when both are of the same revision (asked, never guessed).
    let rules_choice = RwSignal::new(RulesChoice::Decide);
    // Recomputed when the mode or the data here changes, so what is shown is what is applied.
    let preview = Memo::new(move |_| {
        let pending = pending.get()?;
        let mode = mode.get();
        let choice = rules_choice.get();
        Some(
            state
                .data
                .with(|ours| exchange::preview_with(ours, &pending.file.data, mode, choice)),
        )
    });
    // The two rule sets of a conflict, for the question: (ours, the file's, what differs).
    let conflict = move || {
        matches!(preview.get(), Some(Err(MergeError::RulesConflict { .. }))).then(|| {
            state.data.with(|ours| {
                pending.with(|p| {
                    let Some(theirs) = p.as_ref().map(|p| &p.file.data.rules) else {
                        return (rules_line(&ours.rules), String::new(), Vec::new());
                    };
                    (
                        rules_line(&ours.rules),
                        rules_line(theirs),
                        rule_differences::difference_lines(&ours.rules, theirs),
                    )
                })
            })
        })
    };

    let locked = RwSignal::new(None::<(String, String)>);
    Effect::new(move |_| {
        let Some(Incoming { file_name, text }) = incoming.get() else {
            return;
        };
        pending.set(None);
        locked.set(None);
        rules_choice.set(RulesChoice::Decide);
        mode.set(ImportMode::Merge);
        message.set(None);
        match sealed_file::unwrap(&text) {
            None => read_export(&file_name, &text, pending, message),
            Some(Ok(envelope)) => locked.set(Some((file_name, envelope))),
            Some(Err(error)) => message.set(Some((
                false,
                match error {
                    SealedFileError::NewerVersion(_) => format!("„{file_name}“ ist eine verschlüsselte Exportdatei einer neueren Version der App. Bitte die App aktualisieren. Es wurde nichts geändert."),
                    SealedFileError::NoEnvelope => format!("„{file_name}“ ist als verschlüsselte Exportdatei beschriftet, enthält aber keine verschlüsselten Daten. Es wurde nichts geändert."),
                },
            ))),
        }
    });
    // An encrypted file: its passphrase opens it, then it is read like any other.
    let passphrase = RwSignal::new(String::new());
    let passphrase_error = RwSignal::new(None::<String>);
    let opening = RwSignal::new(false);
    let open_file = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((file_name, envelope)) = locked.get_untracked() else {
            return;
        };
        let typed = passphrase.get_untracked();
        if typed.is_empty() {
            passphrase_error.set(Some("Bitte das Kennwort der Datei eingeben.".into()));
            focus::focus_after_render("#import-passphrase");
            return;
        }
        if opening.get_untracked() {
            return;
        }
        opening.set(true);
        leptos::task::spawn_local(async move {
            let opened = crypto::open_with_passphrase(&typed, &envelope).await;
            opening.set(false);
            match opened.map(|(_, bytes)| String::from_utf8(bytes)) {
                Ok(Ok(text)) => {
                    passphrase.set(String::new());
                    passphrase_error.set(None);
                    locked.set(None);
                    read_export(&file_name, &text, pending, message);
                }
                Ok(Err(_)) | Err(CryptoError::Authentication) => {
                    passphrase_error.set(Some("Das Kennwort stimmt nicht, oder die Datei wurde verändert. Es wurde nichts geändert.".into()));
                    focus::focus_after_render("#import-passphrase");
                }
                Err(error) => {
                    locked.set(None);
                    message.set(Some((false, format!("„{file_name}“ lässt sich nicht entschlüsseln ({error}). Es wurde nichts geändert."))));
                }
            }
        });
    };

    let take_over = move || {
        let Some(Ok(result)) = preview.get_untracked() else {
            return;
        };
        if result.changes_nothing() {
            return;
        }
        let name = pending.with_untracked(|p| p.as_ref().map(|p| p.file_name.clone()));
        let device = pending
            .with_untracked(|p| p.as_ref().map(|p| p.file.device.clone()))
            .unwrap_or_default();
        match result.mode {
            ImportMode::Merge => state.change_data(|data| *data = result.data.clone()),
            ImportMode::Replace => state.replace_data(result.data.clone()),
        }
        let report = pending.with_untracked(|p| p.as_ref().and_then(|p| p.report.clone()));
        // The report's title block names how many devices' data this device combines.
        state.change_settings(|settings| {
            if result.mode == ImportMode::Replace {
                settings.imports.clear();
            }
            settings.note_import(&device, browser::now_ms());
            if let Some(report) = report.filter(|_| restore) {
                if result.mode == ImportMode::Replace
                    || settings.report == ReportSettings::default()
                {
                    settings.report = report;
                }
            }
        });
        pending.set(None);
        message.set(Some((
            true,
            format!(
                "„{}“ wurde {}.",
                name.unwrap_or_default(),
                match (restore, result.mode) {
                    (false, ImportMode::Merge) => "zusammengeführt",
                    (false, ImportMode::Replace) => "übernommen; die bisherigen Daten sind ersetzt",
                    (true, ImportMode::Merge) =>
                        "wiederhergestellt und mit den Daten hier zusammengeführt",
                    (true, ImportMode::Replace) =>
                        "wiederhergestellt; die bisherigen Daten sind ersetzt",
                }
            ),
        )));
    };
    let confirm = Confirmation::new();
    let apply = move |_| {
        let replace = preview.with_untracked(|p| {
            matches!(p, Some(Ok(result)) if result.mode == ImportMode::Replace && !result.changes_nothing())
        });
        if replace {
            confirm.ask(
                "Alle Daten auf diesem Gerät ersetzen?",
                format!(
                    "Die Daten hier werden durch den Inhalt der Datei ersetzt; was nur auf diesem Gerät erfasst ist, geht verloren.{}",
                    actions::export_reminder(state)
                ),
                actions::destructive_actions(state, "ersetzen", "Alle Daten ersetzen", take_over),
            );
        } else {
            take_over();
        }
    };

    let modes = Signal::derive(|| {
        vec![
            Choice::new(
                "merge",
                "Zusammenführen – die Daten der Datei ergänzen die Daten hier; nichts geht verloren",
            ),
            Choice::new(
                "replace",
                "Ersetzen – alle Daten hier werden durch die Datei ersetzt",
            ),
        ]
    });

    view! {
        {confirm.view()}
        <div class="import-flow">
            <StatusMessage message />
            {move || locked.get().map(|(file_name, _)| view! {
                <form class="notice notice-info" on:submit=open_file novalidate>
                    <p>{format!("„{file_name}“ ist verschlüsselt. Geben Sie das Kennwort des Geräts ein, auf dem die Datei exportiert wurde.")}</p>
                    <PasswordField id="import-passphrase" label="Kennwort der Datei" autocomplete="off" value=passphrase error=passphrase_error />
                    <div class="button-row">
                        <button type="submit" disabled=move || opening.get()>
                            {move || if opening.get() { "Wird entschlüsselt …" } else { "Datei entschlüsseln" }}
                        </button>
                        <button type="button" class="secondary" on:click=move |_| {
                            locked.set(None);
                            message.set(Some((true, "Der Import wurde verworfen; nichts wurde geändert.".into())));
                        }>"Verwerfen"</button>
                    </div>
                </form>
            })}
            {move || {
                pending
                    .get()
                    .map(|p| {
                        view! {
                            <div class="notice notice-info" data-testid="import-preview">
                                <p>{file_line(&p.file_name, &p.file)}</p>
                                <ChoiceGroup
                                    legend="Wie soll die Datei übernommen werden?"
                                    name="import-mode"
                                    choices=modes
                                    is_checked=Callback::new(move |v: String| {
                                        mode.get() == mode_of(&v)
                                    })
                                    on_change=Callback::new(move |(v, _): (String, bool)| {
                                        mode.set(mode_of(&v))
                                    })
                                />
                                {move || conflict().map(|(ours, theirs, differences)| view! {
                                    <fieldset class="rules-conflict">
                                        <legend>"Welches Regelwerk soll gelten?"</legend>
                                        <p>"Dieses Gerät und die Datei haben verschiedene Regelwerke mit demselben Stand. Die App entscheidet das nicht selbst."</p>
                                        {(!differences.is_empty()).then(|| view! {
                                            <p id="rules-differences-title">"Darin unterscheiden sich die beiden Regelwerke:"</p>
                                            <ul data-testid="rules-differences" aria-labelledby="rules-differences-title">
                                                {differences.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                                            </ul>
                                        })}
                                        <div class="button-row">
                                            <button type="button" class="secondary" on:click=move |_| rules_choice.set(RulesChoice::Ours)>
                                                {format!("Regelwerk dieses Geräts behalten ({ours})")}
                                            </button>
                                            <button type="button" class="secondary" on:click=move |_| rules_choice.set(RulesChoice::Theirs)>
                                                {format!("Regelwerk der Datei übernehmen ({theirs})")}
                                            </button>
                                        </div>
                                    </fieldset>
                                })}
                                <PreviewView preview />
                                <div class="button-row">
                                    <button
                                        type="button"
                                        disabled=move || {
                                            !matches!(
                                                preview.get(),
                                                Some(Ok(ref p)) if !p.changes_nothing()
                                            )
                                        }
                                        on:click=apply
                                    >
                                        {if restore { "Wiederherstellen" } else { "Import übernehmen" }}
                                    </button>
                                    <button
                                        type="button"
                                        class="secondary"
                                        on:click=move |_| {
                                            pending.set(None);
                                            message.set(Some((true, "Der Import wurde verworfen; nichts wurde geändert.".into())));
                                        }
                                    >
                                        "Verwerfen"
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

fn mode_of(value: &str) -> ImportMode {
    if value == "replace" {
        ImportMode::Replace
    } else {
        ImportMode::Merge
    }
}

/// What the import would do, as a list.
#[component]
fn PreviewView(preview: Memo<Option<Result<ImportPreview, MergeError>>>) -> impl IntoView {
    move || match preview.get() {
        None => ().into_any(),
        Some(Err(error)) => view! {
            <p class="field-error" role="alert">{merge_error_text(&error)}</p>
        }
        .into_any(),
        Some(Ok(result)) if result.changes_nothing() => view! {
            <p data-testid="import-nothing">
                "Die Datei enthält nichts, was hier fehlt: Es würde sich nichts ändern."
            </p>
        }
        .into_any(),
        Some(Ok(result)) => {
            let lines = summary_lines(&result.summary);
            view! {
                <h3>"Das würde sich ändern"</h3>
                <ul data-testid="import-summary">
                    {lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
            }
            .into_any()
        }
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
