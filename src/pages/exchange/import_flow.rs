//! The import flow: one or many files' texts in, one preview, one confirmation, one change.
//!
//! Fed by an [`Incoming`] batch from any source: the file input (one or many files), files or
//! a folder dropped on the page, the shared exchange folder ("Ordner einlesen"), or a backup
//! (`pages::restore`). Every file is read and checked alone (`exchange::parse_import`);
//! encrypted files ask for each distinct passphrase once, and a passphrase given is tried on
//! every other encrypted file; the accepted files are previewed together
//! (`exchange::preview_collection`, of which a one-file import is the special case) and
//! applied by one confirmation in one change, so one save: all or nothing. A refused file
//! changes nothing and stays listed with its reason. *Ersetzen* is offered for a single file
//! only (a backup restored in place); many files are always merged
//! (docs/decisions/0031-many-files-one-change.md).

use super::{
    file_line, merge_error_text, refusal_text, rule_differences, rules_line, summary_lines,
};
use crate::app::components::{Choice, ChoiceGroup, Confirmation, PasswordField, StatusMessage};
use crate::app::format::count;
use crate::app::{actions, browser, focus, use_app_state};
use crate::domain::exchange::{
    self, CollectionPreview, ExportFile, FileOutcome, ImportMode, ImportPreview, MergeError,
    MergeSummary, RulesChoice, Unchanged,
};
use crate::domain::Dataset;
use crate::storage::backup;
use crate::storage::crypto::{self, CryptoError};
use crate::storage::schema::{ImportRecord, RecordCounts, ReportSettings};
use crate::storage::sealed_file::{self, SealedFileError};
use leptos::prelude::*;

/// A file's text handed to [`ImportFlow`], or why it could not even be read (too large,
/// unreadable: the German reason, listed as refused).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Incoming {
    pub file_name: String,
    pub text: Result<String, String>,
}

/// A file read and checked, waiting for the user's decision.
#[derive(Clone, Debug, PartialEq)]
struct Pending {
    file_name: String,
    file: ExportFile,
    /// The report's settings a backup carries (`storage::backup::report_of`).
    report: Option<ReportSettings>,
}

/// One file of the batch, as far as it got.
#[derive(Clone, Debug, PartialEq)]
enum Entry {
    /// Encrypted; waits for its passphrase.
    Locked { file_name: String, envelope: String },
    /// Read and checked.
    Read(Box<Pending>),
    /// Refused before the preview, with the German sentence saying why.
    Refused { file_name: String, reason: String },
}

impl Entry {
    fn of(incoming: Incoming) -> Entry {
        let Incoming { file_name, text } = incoming;
        let text = match text {
            Ok(text) => text,
            Err(reason) => return Entry::Refused { file_name, reason },
        };
        match sealed_file::unwrap(&text) {
            None => Entry::read(file_name, &text),
            Some(Ok(envelope)) => Entry::Locked {
                file_name,
                envelope,
            },
            Some(Err(error)) => Entry::Refused {
                reason: match error {
                    SealedFileError::NewerVersion(_) => format!("„{file_name}“ ist eine verschlüsselte Exportdatei einer neueren Version der App. Bitte die App aktualisieren. Es wurde nichts geändert."),
                    SealedFileError::NoEnvelope => format!("„{file_name}“ ist als verschlüsselte Exportdatei beschriftet, enthält aber keine verschlüsselten Daten. Es wurde nichts geändert."),
                },
                file_name,
            },
        }
    }

    /// Reads and checks an export file's (decrypted) text.
    fn read(file_name: String, text: &str) -> Entry {
        match exchange::parse_import(text) {
            Ok(file) => Entry::Read(Box::new(Pending {
                file_name,
                file,
                report: backup::report_of(text),
            })),
            Err(error) => Entry::Refused {
                reason: refusal_text(&file_name, &error),
                file_name,
            },
        }
    }

    fn is_locked(&self) -> bool {
        matches!(self, Entry::Locked { .. })
    }
}

/// What the confirmation would apply.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    /// Merge the accepted files (one or many).
    Merge(CollectionPreview),
    /// Replace everything here with the single file.
    Replace(ImportPreview),
}

impl Outcome {
    fn changes_nothing(&self) -> bool {
        match self {
            Outcome::Merge(p) => p.changes_nothing(),
            Outcome::Replace(p) => p.changes_nothing(),
        }
    }

    /// The outcome of each read file, in the order of the entries read.
    fn file_outcomes(&self) -> Vec<FileOutcome> {
        match self {
            Outcome::Merge(p) => p.files.clone(),
            Outcome::Replace(_) => vec![FileOutcome::Accepted {
                summary: MergeSummary::default(),
                unchanged: Unchanged::default(),
            }],
        }
    }
}

/// The files of a batch that are read, in order.
fn read_files(entries: &[Entry]) -> Vec<&Pending> {
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::Read(p) => Some(&**p),
            _ => None,
        })
        .collect()
}

/// What the roster notes of an imported file.
fn import_record(file: &ExportFile, now_ms: i64) -> ImportRecord {
    let tally = file.data.tally();
    ImportRecord {
        device: file.device.clone(),
        imported_at_ms: now_ms,
        provider: file.provider.clone(),
        exported_at_ms: chrono::DateTime::parse_from_rfc3339(&file.exported_at)
            .ok()
            .map(|t| t.timestamp_millis()),
        counts: Some(RecordCounts {
            cases: tally.cases,
            contacts: tally.contacts,
            visits: tally.visits,
        }),
    }
}

/// "Neu: …; geändert: …; unverändert: …" for one accepted file.
fn outcome_line(summary: &MergeSummary, unchanged: &Unchanged, file: &Dataset) -> String {
    if summary == &MergeSummary::default() && unchanged.all(file) {
        return "Übernommen: nichts – alles ist hier schon vorhanden.".into();
    }
    // Only the kinds that occur: "Neu: 3 sonstige Beratungskontakte. Unverändert: 2 Fälle."
    let records = |cases: usize, contacts: usize, visits: usize| {
        [
            (cases > 0).then(|| count(cases, "Fall", "Fälle")),
            (contacts > 0).then(|| {
                count(
                    contacts,
                    "sonstiger Beratungskontakt",
                    "sonstige Beratungskontakte",
                )
            }),
            (visits > 0).then(|| count(visits, "Willkommensbesuch", "Willkommensbesuche")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    };
    [
        (
            "Neu",
            records(summary.new_cases, summary.new_contacts, summary.new_visits),
        ),
        (
            "Geändert",
            records(
                summary.changed_cases,
                summary.voided_contacts,
                summary.voided_visits,
            ),
        ),
        (
            "Unverändert",
            records(unchanged.cases, unchanged.contacts, unchanged.visits),
        ),
    ]
    .into_iter()
    .filter(|(_, text)| !text.is_empty())
    .map(|(label, text)| format!("{label}: {text}."))
    .collect::<Vec<_>>()
    .join(" ")
}

/// A progress bar for work on many files; shown only when the work lasts longer than a
/// moment (the stylesheet fades it in after a delay).
#[component]
pub(crate) fn FilesProgress(
    /// `(done, total)`; `None` shows nothing.
    progress: RwSignal<Option<(usize, usize)>>,
    /// "Dateien werden gelesen", "Dateien werden geprüft".
    label: &'static str,
) -> impl IntoView {
    move || {
        progress.get().map(|(done, total)| {
            view! {
                <div class="files-progress">
                    <label>
                        {format!("{label}: {done} von {total}")}
                        <progress max=total value=done></progress>
                    </label>
                </div>
            }
        })
    }
}

/// Takes a batch of files (`incoming`) through the whole import; see the module
/// documentation. With `restore`, it is worded as restoring a backup and a backup's report
/// settings come back too: always when replacing, when merging only onto a device whose
/// report is not set up (nothing set here is overwritten).
#[component]
pub(crate) fn ImportFlow(
    incoming: RwSignal<Vec<Incoming>>,
    message: RwSignal<Option<(bool, String)>>,
    restore: bool,
) -> impl IntoView {
    let state = use_app_state();
    let entries = RwSignal::new(Vec::<Entry>::new());
    let checking = RwSignal::new(None::<(usize, usize)>);
    let mode = RwSignal::new(ImportMode::Merge);
    // Which rule set a merge keeps when the rule sets conflict: asked once, never guessed.
    let rules_choice = RwSignal::new(RulesChoice::Decide);
    // Recomputed when the mode or the data here changes, so what is shown is what is applied.
    let preview = Memo::new(move |_| {
        let mode = mode.get();
        let choice = rules_choice.get();
        entries.with(|list| {
            if list.iter().any(Entry::is_locked) {
                return None;
            }
            let files = read_files(list);
            if files.is_empty() {
                return None;
            }
            Some(state.data.with(|ours| {
                if mode == ImportMode::Replace && list.len() == 1 {
                    exchange::preview_with(ours, &files[0].file.data, mode, choice)
                        .map(Outcome::Replace)
                } else {
                    let data: Vec<&Dataset> = files.iter().map(|p| &p.file.data).collect();
                    exchange::preview_collection(ours, &data, choice).map(Outcome::Merge)
                }
            }))
        })
    });
    // The two rule sets of a conflict, for the question: (ours, the files', what differs).
    let conflict = move || {
        matches!(preview.get(), Some(Err(MergeError::RulesConflict { .. }))).then(|| {
            state.data.with(|ours| {
                entries.with(|list| {
                    // The first file whose rule set is a different one of the same revision.
                    let theirs = read_files(list)
                        .into_iter()
                        .map(|p| &p.file.data.rules)
                        .find(|r| {
                            ours.rules.united_with(r).is_none() && r.revision == ours.rules.revision
                        });
                    match theirs {
                        Some(theirs) => (
                            rules_line(&ours.rules),
                            rules_line(theirs),
                            rule_differences::difference_lines(&ours.rules, theirs),
                        ),
                        None => (rules_line(&ours.rules), String::new(), Vec::new()),
                    }
                })
            })
        })
    };

    // A new batch: every file read and checked, one after the other, with a progress bar.
    Effect::new(move |_| {
        let batch = incoming.get();
        if batch.is_empty() {
            return;
        }
        entries.set(Vec::new());
        rules_choice.set(RulesChoice::Decide);
        mode.set(ImportMode::Merge);
        message.set(None);
        let total = batch.len();
        leptos::task::spawn_local(async move {
            let mut read = Vec::with_capacity(total);
            for (done, file) in batch.into_iter().enumerate() {
                if total > 1 {
                    checking.set(Some((done, total)));
                    browser::yield_now().await;
                }
                read.push(Entry::of(file));
            }
            checking.set(None);
            // A single file refused is said in the message, as it always was.
            if let [Entry::Refused { reason, .. }] = read.as_slice() {
                message.set(Some((false, reason.clone())));
                return;
            }
            entries.set(read);
            if total > 1 {
                focus::focus_after_render("#import-files-title");
            }
        });
    });

    // Encrypted files: a passphrase given opens every file it fits.
    let passphrase = RwSignal::new(String::new());
    let passphrase_error = RwSignal::new(None::<String>);
    let opened_note = RwSignal::new(None::<String>);
    let opening = RwSignal::new(false);
    let open_files = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locked: Vec<(usize, String, String)> = entries.with_untracked(|list| {
            list.iter()
                .enumerate()
                .filter_map(|(i, e)| match e {
                    Entry::Locked {
                        file_name,
                        envelope,
                    } => Some((i, file_name.clone(), envelope.clone())),
                    _ => None,
                })
                .collect()
        });
        if locked.is_empty() {
            return;
        }
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
            let mut opened = Vec::new();
            for (index, file_name, envelope) in locked {
                let entry = match crypto::open_with_passphrase(&typed, &envelope).await {
                    Ok((_, bytes)) => match String::from_utf8(bytes) {
                        Ok(text) => Entry::read(file_name, &text),
                        Err(_) => continue,
                    },
                    Err(CryptoError::Authentication) => continue,
                    Err(error) => Entry::Refused {
                        reason: format!("„{file_name}“ lässt sich nicht entschlüsseln ({error}). Es wurde nichts geändert."),
                        file_name,
                    },
                };
                opened.push((index, entry));
            }
            opening.set(false);
            if opened.is_empty() {
                passphrase_error.set(Some("Das Kennwort stimmt nicht, oder die Datei wurde verändert. Es wurde nichts geändert.".into()));
                focus::focus_after_render("#import-passphrase");
                return;
            }
            let n = opened.len();
            passphrase.set(String::new());
            passphrase_error.set(None);
            entries.update(|list| {
                for (index, entry) in opened {
                    if let Some(slot) = list.get_mut(index) {
                        *slot = entry;
                    }
                }
            });
            let still = entries.with_untracked(|l| l.iter().filter(|e| e.is_locked()).count());
            if still > 0 {
                opened_note.set(Some(format!(
                    "Mit diesem Kennwort {} {} geöffnet. Für die übrigen bitte ihr Kennwort eingeben.",
                    if n == 1 { "wurde" } else { "wurden" },
                    count(n, "Datei", "Dateien"),
                )));
                focus::focus_after_render("#import-passphrase");
            } else {
                opened_note.set(None);
                focus::focus_after_render("#import-files-title");
            }
        });
    };
    let skip_locked = move |_| {
        entries.update(|list| {
            for entry in list.iter_mut() {
                if let Entry::Locked { file_name, .. } = entry {
                    let file_name = std::mem::take(file_name);
                    *entry = Entry::Refused {
                        reason: format!("„{file_name}“ ist verschlüsselt und wurde ohne Kennwort ausgelassen. Es wurde nichts geändert."),
                        file_name,
                    };
                }
            }
        });
        opened_note.set(None);
        passphrase_error.set(None);
        focus::focus_after_render("#import-files-title");
    };
    let discard = move || {
        entries.set(Vec::new());
        opened_note.set(None);
        passphrase_error.set(None);
        message.set(Some((
            true,
            "Der Import wurde verworfen; nichts wurde geändert.".into(),
        )));
    };

    let take_over = move || {
        let Some(Ok(result)) = preview.get_untracked() else {
            return;
        };
        if result.changes_nothing() {
            return;
        }
        let now = browser::now_ms();
        let outcomes = result.file_outcomes();
        // The accepted files (what the roster notes) and what a backup brings back.
        let (records, names, report, refused) = entries.with_untracked(|list| {
            let read = read_files(list);
            let accepted: Vec<&Pending> = read
                .iter()
                .zip(&outcomes)
                .filter(|(_, o)| matches!(o, FileOutcome::Accepted { .. }))
                .map(|(p, _)| *p)
                .collect();
            (
                accepted
                    .iter()
                    .map(|p| import_record(&p.file, now))
                    .collect::<Vec<_>>(),
                accepted
                    .iter()
                    .map(|p| p.file_name.clone())
                    .collect::<Vec<_>>(),
                match accepted.as_slice() {
                    [one] => one.report.clone(),
                    _ => None,
                },
                list.len() - accepted.len(),
            )
        });
        let replace = matches!(result, Outcome::Replace(_));
        // One change of the data and the settings: the persisting effect saves once.
        match &result {
            Outcome::Merge(p) => state.change_data(|data| *data = p.data.clone()),
            Outcome::Replace(p) => state.replace_data(p.data.clone()),
        }
        state.change_settings(|settings| {
            if replace {
                settings.imports.clear();
            }
            for record in records {
                settings.note_import_of(record);
            }
            if let Some(report) = report.filter(|_| restore) {
                if replace || settings.report == ReportSettings::default() {
                    settings.report = report;
                }
            }
        });
        // Refused files stay listed with their reasons; the rest is done.
        entries.update(|list| {
            let mut outcomes = outcomes.iter();
            list.retain_mut(|entry| match entry {
                Entry::Refused { .. } => true,
                Entry::Locked { .. } => false,
                Entry::Read(p) => match outcomes.next() {
                    Some(FileOutcome::Refused(error)) => {
                        *entry = Entry::Refused {
                            file_name: p.file_name.clone(),
                            reason: format!(
                                "Die Datei „{}“ wurde abgelehnt. {}",
                                p.file_name,
                                merge_error_text(error)
                            ),
                        };
                        true
                    }
                    _ => false,
                },
            });
        });
        let text = match (names.as_slice(), restore, replace) {
            ([name], false, false) => format!("„{name}“ wurde zusammengeführt."),
            ([name], false, true) => {
                format!("„{name}“ wurde übernommen; die bisherigen Daten sind ersetzt.")
            }
            ([name], true, false) => {
                format!("„{name}“ wurde wiederhergestellt und mit den Daten hier zusammengeführt.")
            }
            ([name], true, true) => {
                format!("„{name}“ wurde wiederhergestellt; die bisherigen Daten sind ersetzt.")
            }
            (many, _, _) => format!(
                "{} zusammengeführt.",
                count(many.len(), "Datei wurde", "Dateien wurden")
            ),
        };
        let text = if refused > 0 {
            format!(
                "{text} {} nichts geändert und {} unten mit {} aufgeführt.",
                count(refused, "abgelehnte Datei hat", "abgelehnte Dateien haben"),
                if refused == 1 { "ist" } else { "sind" },
                if refused == 1 {
                    "dem Grund"
                } else {
                    "den Gründen"
                },
            )
        } else {
            text
        };
        message.set(Some((true, text)));
        // The message is a live region; where refused files stay listed, focus goes to them.
        if refused > 0 {
            focus::focus_after_render("#import-files-title");
        }
    };
    let confirm = Confirmation::new();
    let apply = move |_| {
        let replace = preview.with_untracked(
            |p| matches!(p, Some(Ok(Outcome::Replace(result))) if !result.changes_nothing()),
        );
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
    let locked_names = move || {
        entries.with(|list| {
            list.iter()
                .filter_map(|e| match e {
                    Entry::Locked { file_name, .. } => Some(format!("„{file_name}“")),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    };
    let single = move || entries.with(|l| l.len() == 1);

    view! {
        {confirm.view()}
        <div class="import-flow">
            <StatusMessage message />
            <FilesProgress progress=checking label="Dateien werden geprüft" />
            {move || {
                let names = locked_names();
                (!names.is_empty()).then(|| {
                    let several = names.len() > 1;
                    view! {
                        <form class="notice notice-info" on:submit=open_files novalidate>
                            <p>{if several {
                                format!("{} Dateien sind verschlüsselt: {}. Geben Sie ein Kennwort ein; es wird an allen verschlüsselten Dateien versucht, so dass jedes Kennwort nur einmal nötig ist.", names.len(), names.join(", "))
                            } else {
                                format!("{} ist verschlüsselt. Geben Sie das Kennwort des Geräts ein, auf dem die Datei exportiert wurde.", names[0])
                            }}</p>
                            {move || opened_note.get().map(|note| view! { <p role="status">{note}</p> })}
                            <PasswordField id="import-passphrase" label="Kennwort der Datei" autocomplete="off" value=passphrase error=passphrase_error />
                            <div class="button-row">
                                <button type="submit" disabled=move || opening.get()>
                                    {move || if opening.get() { "Wird entschlüsselt …" } else if several { "Dateien entschlüsseln" } else { "Datei entschlüsseln" }}
                                </button>
                                {(!single()).then(|| view! {
                                    <button type="button" class="secondary" on:click=skip_locked>"Ohne diese Dateien weiter"</button>
                                })}
                                <button type="button" class="secondary" on:click=move |_| discard()>"Verwerfen"</button>
                            </div>
                        </form>
                    }
                })
            }}
            {move || {
                let has_files = entries.with(|l| !l.is_empty() && !l.iter().any(Entry::is_locked));
                has_files.then(|| view! {
                    <div class="notice notice-info" data-testid="import-preview">
                        <h3 id="import-files-title" tabindex="-1">{move || if single() { "Die Datei" } else { "Die Dateien" }}</h3>
                        <FileList entries preview />
                        {move || (single() && entries.with(|l| matches!(l.as_slice(), [Entry::Read(_)]))).then(|| view! {
                            <ChoiceGroup
                                legend="Wie soll die Datei übernommen werden?"
                                name="import-mode"
                                choices=modes
                                is_checked=Callback::new(move |v: String| mode.get() == mode_of(&v))
                                on_change=Callback::new(move |(v, _): (String, bool)| mode.set(mode_of(&v)))
                            />
                        })}
                        {move || conflict().map(|(ours, theirs, differences)| view! {
                            <fieldset class="rules-conflict">
                                <legend>"Welches Regelwerk soll gelten?"</legend>
                                <p>{move || if single() {
                                    "Dieses Gerät und die Datei haben verschiedene Regelwerke mit demselben Stand. Die App entscheidet das nicht selbst."
                                } else {
                                    "Dieses Gerät und eine der Dateien haben verschiedene Regelwerke mit demselben Stand. Die App entscheidet das nicht selbst; die Wahl gilt für alle Dateien."
                                }}</p>
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
                            {move || entries.with(|l| !read_files(l).is_empty()).then(|| view! {
                                <button
                                    type="button"
                                    disabled=move || !matches!(preview.get(), Some(Ok(ref p)) if !p.changes_nothing())
                                    on:click=apply
                                >
                                    {if restore { "Wiederherstellen" } else { "Import übernehmen" }}
                                </button>
                            })}
                            <button type="button" class="secondary" on:click=move |_| discard()>
                                {move || if entries.with(|l| read_files(l).is_empty()) { "Liste schließen" } else { "Verwerfen" }}
                            </button>
                        </div>
                    </div>
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

/// Each file of the batch with its outcome: where it comes from and what it holds, then what
/// it adds or why it is refused.
#[component]
fn FileList(
    entries: RwSignal<Vec<Entry>>,
    preview: Memo<Option<Result<Outcome, MergeError>>>,
) -> impl IntoView {
    move || {
        let outcomes = match preview.get() {
            Some(Ok(result)) => result.file_outcomes(),
            _ => Vec::new(),
        };
        let mut outcomes = outcomes.into_iter();
        let replace = matches!(preview.get(), Some(Ok(Outcome::Replace(_))));
        let items = entries.with(|list| {
            list.iter()
                .map(|entry| match entry {
                    Entry::Read(p) => {
                        let outcome = match outcomes.next() {
                            Some(_) if replace => None,
                            Some(FileOutcome::Accepted { summary, unchanged }) => {
                                Some((false, outcome_line(&summary, &unchanged, &p.file.data)))
                            }
                            Some(FileOutcome::Refused(error)) => {
                                Some((true, format!("Abgelehnt: {}", merge_error_text(&error))))
                            }
                            None => None,
                        };
                        (file_line(&p.file_name, &p.file), outcome)
                    }
                    Entry::Refused { reason, .. } => (reason.clone(), None),
                    Entry::Locked { file_name, .. } => {
                        (format!("„{file_name}“ ist verschlüsselt."), None)
                    }
                })
                .collect::<Vec<_>>()
        });
        let total = items.len();
        let refused_count = items
            .iter()
            .zip(entries.with(|l| {
                l.iter()
                    .map(|e| matches!(e, Entry::Refused { .. }))
                    .collect::<Vec<_>>()
            }))
            .filter(|((_, outcome), refused)| *refused || matches!(outcome, Some((true, _))))
            .count();
        let totals = (total > 1).then(|| {
            format!(
                "{}: {} übernommen, {} abgelehnt.",
                count(total, "Datei", "Dateien"),
                count(total - refused_count, "wird", "werden"),
                if refused_count == 1 {
                    "1 ist".to_owned()
                } else {
                    format!("{refused_count} sind")
                },
            )
        });
        let refused_class = |entry: &Entry| matches!(entry, Entry::Refused { .. });
        let classes: Vec<bool> = entries.with(|l| l.iter().map(refused_class).collect());
        view! {
            {totals.map(|t| view! { <p data-testid="import-totals">{t}</p> })}
            <ul class="import-files" data-testid="import-files">
                {items.into_iter().zip(classes).map(|((line, outcome), refused)| {
                    let refused = refused || matches!(outcome, Some((true, _)));
                    view! {
                        <li class:import-refused=refused>
                            <p>{line}</p>
                            {outcome.map(|(_, text)| view! { <p>{text}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    }
}

/// What the import would do, as a list: the totals of all accepted files.
#[component]
fn PreviewView(preview: Memo<Option<Result<Outcome, MergeError>>>) -> impl IntoView {
    move || {
        match preview.get() {
        None => ().into_any(),
        Some(Err(error)) => view! {
            <p class="field-error" role="alert">{merge_error_text(&error)}</p>
        }
        .into_any(),
        Some(Ok(result)) if result.changes_nothing() => view! {
            <p data-testid="import-nothing">
                {match &result {
                    Outcome::Merge(p) if p.files.len() > 1 => "Die Dateien enthalten nichts, was hier fehlt: Es würde sich nichts ändern.",
                    _ => "Die Datei enthält nichts, was hier fehlt: Es würde sich nichts ändern.",
                }}
            </p>
        }
        .into_any(),
        Some(Ok(result)) => {
            let lines = match &result {
                Outcome::Merge(p) => summary_lines(&exchange::ImportSummary::Merge(p.total.clone())),
                Outcome::Replace(p) => summary_lines(&p.summary),
            };
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
}
