//! *Einstellungen*: who works on this device, the rule set, and this browser's storage
//! (persistence, quota, kept-aside data); last, set apart, deleting everything
//! (`settings_erase`).
//!
//! Who works on this device ([`DeviceRole`]) is asked once at first start (a notice above
//! every page, `app::notices`) and changed here; both use [`DeviceRoleForm`]. Pages that
//! depend on it show it with [`DeviceLine`] ("Dieses Gerät: Caritas Rheine"), linking here.

use crate::app::components::{ActionKind, Choice, ChoiceGroup, Confirmation, DialogAction};
use crate::app::router::PageLink;
use crate::app::routes::Page;
use crate::app::{browser, format, use_app_state};
use crate::domain::rules::RuleSet;
use crate::domain::ProviderId;
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

/// The value of the coordinating office's choice; a provider's is [`PROVIDER_PREFIX`] and its
/// id, so no provider id can be mistaken for it.
const COORDINATING_OFFICE: &str = "koordinierende-stelle";
const PROVIDER_PREFIX: &str = "traeger:";

/// The question asked at first start and on this page.
pub(crate) const DEVICE_QUESTION: &str = "Für wen wird auf diesem Gerät gearbeitet?";

/// The answers to [`DEVICE_QUESTION`]: every provider of the rule set, then the coordinating
/// office.
fn role_choices(rules: &RuleSet) -> Vec<Choice> {
    rules
        .providers
        .iter()
        .map(|p| Choice::new(format!("{PROVIDER_PREFIX}{}", p.id), &p.name))
        .chain(std::iter::once(Choice::new(
            COORDINATING_OFFICE,
            "Koordinierende Stelle",
        )))
        .collect()
}

fn role_value(role: &DeviceRole) -> Option<String> {
    match role {
        DeviceRole::Unset => None,
        DeviceRole::Provider { provider } => Some(format!("{PROVIDER_PREFIX}{provider}")),
        DeviceRole::CoordinatingOffice => Some(COORDINATING_OFFICE.to_owned()),
    }
}

fn role_from_value(value: &str) -> Option<DeviceRole> {
    if value == COORDINATING_OFFICE {
        return Some(DeviceRole::CoordinatingOffice);
    }
    value
        .strip_prefix(PROVIDER_PREFIX)
        .map(|id| DeviceRole::Provider {
            provider: ProviderId::new(id),
        })
}

/// Who works on this device, in a few words: the provider's short name, "Koordinierende
/// Stelle", or that it is not chosen yet.
pub(crate) fn role_label(role: &DeviceRole, rules: &RuleSet) -> String {
    match role {
        DeviceRole::Unset => "noch nicht festgelegt".into(),
        DeviceRole::CoordinatingOffice => "Koordinierende Stelle".into(),
        DeviceRole::Provider { provider } => match rules.provider(provider) {
            Some(known) => known.short_name.clone(),
            None => format!("„{provider}“ (im Regelwerk nicht bekannt)"),
        },
    }
}

/// What was saved, as a sentence.
pub(crate) fn saved_text(role: &DeviceRole, rules: &RuleSet) -> String {
    match role {
        DeviceRole::Provider { provider } => format!(
            "Gespeichert: Auf diesem Gerät wird für {} gearbeitet. Aufnahmen und Beratungskontakte zählen für diesen Träger.",
            rules.provider_name(provider)
        ),
        DeviceRole::CoordinatingOffice => "Gespeichert: Auf diesem Gerät arbeitet die Koordinierende Stelle. Der Träger wird bei jeder Zählung gewählt.".into(),
        DeviceRole::Unset => "Es ist noch nicht festgelegt, für wen auf diesem Gerät gearbeitet wird.".into(),
    }
}

/// "Dieses Gerät: Caritas Rheine – in den Einstellungen ändern": who works on this device,
/// shown on the pages whose counting depends on it.
#[component]
pub(crate) fn DeviceLine() -> impl IntoView {
    let state = use_app_state();
    let label = move || {
        let role = state.settings.with(|s| s.device_role.clone());
        state.data.with(|d| role_label(&role, &d.rules))
    };
    let link = move || {
        if state.settings.with(|s| s.device_role == DeviceRole::Unset) {
            "in den Einstellungen festlegen"
        } else {
            "in den Einstellungen ändern"
        }
    };
    view! {
        <p class="device-line">
            "Dieses Gerät: " <strong>{label}</strong> " – "
            <PageLink page=Page::Settings>{link}</PageLink>
        </p>
    }
}

/// The question [`DEVICE_QUESTION`] with a save button; used at first start (a notice) and
/// on this page. Saving without a choice shows the error at the question.
#[component]
pub(crate) fn DeviceRoleForm(
    /// The `name` of the radio buttons and the stem of the ids, unique in the page.
    name: &'static str,
    /// The button's label.
    #[prop(into)]
    button: String,
    /// Called with the saved role.
    on_saved: Callback<DeviceRole>,
) -> impl IntoView {
    let state = use_app_state();
    // What the user picked here; until then, what is saved (also when it is saved elsewhere,
    // e.g. in the first-start question while this page is open).
    let picked = RwSignal::new(None::<String>);
    let chosen = Signal::derive(move || {
        picked
            .get()
            .or_else(|| state.settings.with(|s| role_value(&s.device_role)))
    });
    let error = RwSignal::new(false);
    let choices = Signal::derive(move || state.data.with(|d| role_choices(&d.rules)));
    let group_id = format!("{name}-frage");
    let error_id = format!("{name}-fehler");
    let focus_id = group_id.clone();
    let save = move |_| {
        let Some(role) = chosen.with_untracked(|c| c.as_deref().and_then(role_from_value)) else {
            error.set(true);
            focus_first_input(&focus_id);
            return;
        };
        error.set(false);
        state.change_settings(|s| s.device_role = role.clone());
        on_saved.run(role);
    };
    let error_text_id = error_id.clone();
    view! {
        <div class=move || if error.get() { "device-role-form field-with-error" } else { "device-role-form" }>
            <Show when=move || error.get()>
                <p class="field-error" id=error_text_id.clone()>
                    "Wählen Sie, für wen auf diesem Gerät gearbeitet wird."
                </p>
            </Show>
            <ChoiceGroup
                legend=DEVICE_QUESTION
                name=name
                choices=choices
                is_checked=Callback::new(move |v: String| chosen.with(|c| c.as_deref() == Some(v.as_str())))
                on_change=Callback::new(move |(v, _): (String, bool)| {
                    picked.set(Some(v));
                    error.set(false);
                })
                {..}
                id=group_id
                aria-invalid=move || error.get().then_some("true")
                aria-describedby=move || error.get().then(|| error_id.clone())
            />
            <button type="button" on:click=save>
                {button}
            </button>
        </div>
    }
}

/// Moves the focus to the checked (or else the first) input inside the element `id`.
pub(crate) fn focus_first_input(id: &str) {
    use wasm_bindgen::JsCast;
    let Some(container) = document().get_element_by_id(id) else {
        return;
    };
    let target = container
        .query_selector("input:checked")
        .ok()
        .flatten()
        .or_else(|| container.query_selector("input, select").ok().flatten())
        .or(Some(container));
    if let Some(element) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _focus_is_best_effort = element.focus();
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
