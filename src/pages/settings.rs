//! *Einstellungen*: who works on this device, the rule set, and this browser's storage
//! (persistence, quota, kept-aside data); last, set apart, deleting everything
//! (`settings_erase`).
//!
//! Who works on this device ([`DeviceRole`]) is asked once at first start (a notice above
//! every page, `app::notices`) and changed here; both use `app::device::DeviceRoleForm`.

use crate::app::components::{ActionKind, Confirmation, DialogAction};
use crate::app::device::{saved_text, DeviceRoleForm};
use crate::app::{browser, format, use_app_state};
use crate::storage::schema::DeviceRole;
use crate::storage::{estimate, request_persistence, PersistenceState};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Settings page: this device, the rule set, storage status and kept-aside data, and at the
/// end, apart, deleting everything.
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Einstellungen"</h1>
        <DeviceSection />
        <crate::pages::settings_rules::RulesSection />
        <crate::pages::settings_backup::BackupSection />
        <crate::pages::settings_lock::LockSection />
        <StorageSection />
        <crate::pages::settings_erase::EraseSection />
    }
}

/// Persistence, quota and unreadable data kept aside.
#[component]
fn StorageSection() -> impl IntoView {
    let state = use_app_state();
    let persistence = RwSignal::new(None::<PersistenceState>);
    let quota = RwSignal::new(None::<String>);
    spawn_local(async move {
        persistence.set(Some(request_persistence().await));
        quota.set(Some(match estimate().await {
            Some(e) => format!(
                "{} von {} belegt",
                format::bytes(e.usage),
                format::bytes(e.quota)
            ),
            None => "Dieser Browser gibt keine Auskunft über den Speicherplatz.".into(),
        }));
    });
    let persistence_text = move || match persistence.get() {
        None => "wird geprüft …",
        Some(PersistenceState::Granted) => {
            "gewährt – der Browser löscht die Daten nicht von sich aus."
        }
        Some(PersistenceState::Refused) => {
            "nicht gewährt – bei knappem Speicherplatz könnte der Browser die Daten löschen. \
             Exportieren Sie regelmäßig."
        }
        Some(PersistenceState::Unsupported) => "von diesem Browser nicht unterstützt.",
    };
    let stored = move || {
        state.data.track();
        state.save_status.track();
        let size = state.stored_size();
        format!(
            "{} – {} % des lokalen Speichers (er fasst etwa 5 Millionen Zeichen; ab {} % warnt die App)",
            format::bytes(size as f64),
            crate::storage::backup::quota_percent(size),
            crate::storage::backup::QUOTA_WARNING_PERCENT,
        )
    };
    let quarantined = RwSignal::new(state.quarantined());
    let confirm = Confirmation::new();
    view! {
        {confirm.view()}
        <section aria-labelledby="speicher-titel">
            <h2 id="speicher-titel">"Speicher dieses Browsers"</h2>
            <dl class="facts">
                <dt>"Dauerhafte Speicherung"</dt>
                <dd data-testid="persistence">{persistence_text}</dd>
                <dt>"Belegter Speicher (gesamt)"</dt>
                <dd data-testid="quota">{move || quota.get().unwrap_or_else(|| "wird ermittelt …".into())}</dd>
                <dt>"Umfang der App-Daten"</dt>
                <dd data-testid="app-storage">{stored}</dd>
            </dl>
            <Show when=move || !quarantined.with(|q| q.is_empty())>
                <h3>"Beiseitegelegte, nicht lesbare Daten"</h3>
                <ul class="plain-list">
                    // Rebuilt as a whole when an entry is deleted (a list of a few).
                    {move || {
                        quarantined
                            .get()
                            .into_iter()
                            .map(|(key, text)| {
                                let key_for_discard = key.clone();
                                let size = format::bytes(text.len() as f64);
                                view! {
                                    <li>
                                        <span>{format!("{key} ({size})")}</span>
                                        <button
                                            type="button"
                                            on:click=move |_| {
                                                browser::download(
                                                    "kim-rohdaten.txt",
                                                    "text/plain;charset=utf-8",
                                                    &crate::storage::readable_text(&text),
                                                );
                                            }
                                        >
                                            "Herunterladen"
                                        </button>
                                        <button
                                            type="button"
                                            class="secondary"
                                            on:click=move |_| {
                                                let key = key_for_discard.clone();
                                                confirm.ask(
                                                    "Beiseitegelegte Rohdaten löschen?",
                                                    "Die nicht lesbaren Daten werden endgültig gelöscht. Laden Sie sie vorher herunter, wenn Sie sie noch brauchen.",
                                                    vec![DialogAction::new(
                                                        "Rohdaten endgültig löschen",
                                                        ActionKind::Destructive,
                                                        move || {
                                                            if state.discard_quarantined(&key).is_ok() {
                                                                quarantined.set(state.quarantined());
                                                            }
                                                        },
                                                    )],
                                                );
                                            }
                                        >
                                            "Löschen"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
        </section>
    }
}

/// Who works on this device: the same question as at first start, with the current answer.
#[component]
fn DeviceSection() -> impl IntoView {
    let state = use_app_state();
    let message = RwSignal::new(None::<(bool, String)>);
    let on_saved = Callback::new(move |role: DeviceRole| {
        let text = state.data.with_untracked(|d| saved_text(&role, &d.rules));
        message.set(Some((true, text)));
    });
    view! {
        <section aria-labelledby="geraet-titel">
            <h2 id="geraet-titel">"Dieses Gerät"</h2>
            <p class="field-hint">
                "Auf dem Gerät eines Trägers zählen sonstige Beratungskontakte für diesen Träger, und wer im Bereich des anderen Trägers wohnt, wird dorthin weitervermittelt statt hier aufgenommen. Auf dem Gerät der Koordinierenden Stelle wird der Träger jedes Mal gewählt."
            </p>
            <DeviceRoleForm name="geraet" button="Auswahl speichern" on_saved />
            <crate::app::components::StatusMessage message />
        </section>
    }
}
