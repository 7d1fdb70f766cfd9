//! *Einstellungen*: this laptop's storage (persistence, quota, kept-aside data) and settings.

use crate::app::components::{ActionKind, Confirmation, DialogAction};
use crate::app::{browser, format, use_app_state};
use crate::storage::{estimate, request_persistence, PersistenceState};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Settings page: storage status, kept-aside data, this laptop's provider.
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Einstellungen"</h1>
        <OwnProviderSection />
        <crate::pages::settings_rules::RulesSection />
        <StorageSection />
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
        format::bytes(state.stored_size() as f64)
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
                <dd>{stored} " (der lokale Speicher fasst etwa 5 MB)"</dd>
            </dl>
            <Show when=move || !quarantined.with(|q| q.is_empty())>
                <h3>"Beiseitegelegte, nicht lesbare Daten"</h3>
                <ul class="plain-list">
                    <For
                        each=move || quarantined.get()
                        key=|(key, _)| key.clone()
                        children=move |(key, text)| {
                            let key_for_discard = key.clone();
                            let size = format::bytes(text.len() as f64);
                            view! {
                                <li>
                                    <span>{format!("{key} ({size})")}</span>
                                    <button
                                        type="button"
                                        on:click=move |_| {
                                            browser::download(
                                                "kim-rheine-rohdaten.txt",
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
                        }
                    />
                </ul>
            </Show>
        </section>
    }
}

/// The provider this laptop works for, preselected in forms.
#[component]
fn OwnProviderSection() -> impl IntoView {
    let state = use_app_state();
    let providers = move || state.data.with(|d| d.rules.providers.clone());
    let selected = move || {
        state.settings.with(|s| {
            s.own_provider
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default()
        })
    };
    view! {
        <section aria-labelledby="laptop-titel">
            <h2 id="laptop-titel">"Dieser Laptop"</h2>
            <label for="own-provider">"Träger, für den auf diesem Laptop gearbeitet wird"</label>
            <select
                id="own-provider"
                prop:value=selected
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    state
                        .change_settings(|s| {
                            s.own_provider = if value.is_empty() {
                                None
                            } else {
                                Some(crate::domain::ProviderId::new(value))
                            };
                        });
                }
            >
                <option value="">"– keiner (Koordinierende Stelle) –"</option>
                {move || {
                    providers()
                        .into_iter()
                        .map(|p| view! { <option value=p.id.as_str().to_owned()>{p.name.clone()}</option> })
                        .collect_view()
                }}
            </select>
        </section>
    }
}
