//! Who works on this device ([`DeviceRole`]), shared by the shell and the pages: the question
//! ([`DeviceRoleForm`]) asked once at first start (a notice above every page, `app::notices`)
//! and again in *Einstellungen*; what was saved ([`saved_text`]); and [`DeviceLine`]
//! ("Dieses Gerät: Caritas Rheine"), shown on the pages whose counting depends on it.
//!
//! It lives in the shell, not in the settings page, so that the shell never imports a page
//! (except to show it).

use crate::app::components::{Choice, ChoiceGroup};
use crate::app::focus::focus_first_input;
use crate::app::router::PageLink;
use crate::app::routes::Page;
use crate::app::use_app_state;
use crate::domain::rules::RuleSet;
use crate::domain::ProviderId;
use crate::storage::schema::DeviceRole;
use leptos::prelude::*;

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
