//! *Beratungskontakte*: a counter of short contacts without admission (*sonstige
//! Beratungskontakte*), fast enough to use during a consultation: the month once, then one
//! click per contact on where the person was referred to. The month's counts are visible at
//! once, and a wrong count is corrected by taking one back (the record is voided, not deleted,
//! so merging with another device cannot bring it back).
//!
//! For whom a contact counts follows from who works on this device (`DeviceRole`): on a
//! provider's device always for that provider (there is nothing to choose); on the
//! coordinating office's device, and while nobody has said yet, the provider is chosen every
//! time and never preselected, so no contact silently counts for the wrong one. Until it is
//! chosen, the counting buttons say so instead of counting.

use crate::app::components::{Choice, SelectOne};
use crate::app::device::DeviceLine;
use crate::app::router::PageLink;
use crate::app::routes::Page;
use crate::app::{browser, format, use_app_state};
use crate::domain::contacts::{self, ShortContact};
use crate::domain::*;
use crate::pages::error_texts::contact_error_text;
use leptos::prelude::*;

/// The short-contact counter.
#[component]
pub fn ContactsPage() -> impl IntoView {
    let state = use_app_state();
    let today = browser::today();
    // This device's provider, when it works for one; otherwise the one chosen here.
    let own = Memo::new(move |_| state.settings.with(|s| s.own_provider().cloned()));
    let chosen = RwSignal::new(None::<ProviderId>);
    let provider = Signal::derive(move || own.get().or_else(|| chosen.get()));
    let month = RwSignal::new(YearMonth::of(today));
    let announcement = RwSignal::new(String::new());
    let rules = Memo::new(move |_| state.data.with(|d| d.rules.clone()));
    // A provider of this device that the rule set does not know (the rule set changed).
    let own_unknown = move || {
        own.with(|own| {
            own.as_ref()
                .is_some_and(|p| rules.with(|r| r.provider(p).is_none()))
        })
    };
    let empty = move || rules.with(|r| r.providers.is_empty() || r.contact_outcomes.is_empty());

    let add = move |outcome: OutcomeId, label: String| {
        let Some(provider_id) = provider.get_untracked() else {
            announcement.set("Bitte wählen Sie zuerst den Träger, für den gezählt wird.".into());
            return;
        };
        let month_value = month.get_untracked();
        let recorded = state.data.with_untracked(|d| {
            ShortContact::record(
                RecordId::from_random(browser::random_u64()),
                provider_id.clone(),
                month_value,
                outcome.clone(),
                browser::now_ms(),
                &d.rules,
                browser::today(),
            )
        });
        match recorded {
            Ok(contact) => {
                let mut counted = Ok(());
                state.change_data(|d| counted = d.count_contact(contact));
                if counted.is_ok() {
                    let total = state.data.with_untracked(|d| {
                        count_of(&d.contacts, &provider_id, month_value, &outcome)
                    });
                    announcement.set(format!(
                        "Gezählt: {label}. Im {} jetzt {}.",
                        format::month_long(month_value),
                        format::count(total, "Kontakt", "Kontakte")
                    ));
                }
            }
            Err(error) => announcement.set(contact_error_text(&error)),
        }
    };
    let take_back = move |outcome: OutcomeId, label: String| {
        let Some(provider_id) = provider.get_untracked() else {
            announcement.set("Bitte wählen Sie zuerst den Träger, für den gezählt wird.".into());
            return;
        };
        let month_value = month.get_untracked();
        let mut result = None;
        state.change_data(|d| {
            result = Some(contacts::void_one(
                &mut d.contacts,
                &provider_id,
                month_value,
                Some(&outcome),
            ));
        });
        match result {
            Some(Ok(_)) => announcement.set(format!("Ein Kontakt „{label}“ wurde zurückgenommen.")),
            Some(Err(_)) => announcement.set(format!(
                "Für „{label}“ ist in diesem Monat kein Kontakt gezählt, der zurückgenommen werden könnte."
            )),
            None => {}
        }
    };

    let count_for = move |outcome: &OutcomeId| {
        let Some(provider_id) = provider.get() else {
            return 0;
        };
        let month_value = month.get();
        state
            .data
            .with(|d| count_of(&d.contacts, &provider_id, month_value, outcome))
    };
    let month_totals = move || {
        let month_value = month.get();
        state.data.with(|d| {
            d.rules
                .providers
                .iter()
                .map(|p| {
                    (
                        p.short_name.clone(),
                        contacts::count(&d.contacts, &p.id, month_value),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    // Counting needs a provider the rule set knows.
    let cannot_count = move || provider.with(|p| p.is_none()) || own_unknown();
    let caption = move || match provider.get() {
        Some(p) => format!(
            "Kontakte für {} im {} – nach Verweis",
            rules.with(|r| r.provider_short_name(&p)),
            format::month_long(month.get())
        ),
        None => format!(
            "Kontakte im {} – nach Verweis",
            format::month_long(month.get())
        ),
    };

    let provider_choice = move || {
        own.get().is_none().then(|| {
            view! {
                <div>
                    <label for="contact-provider-select">"Träger"</label>
                    <SelectOne
                        attr:id="contact-provider-select"
                        attr:aria-describedby="contact-provider-hint"
                        none="– Träger wählen –"
                        options=Signal::derive(move || {
                            rules.with(|r| r.providers.iter().map(|p| Choice::new(p.id.as_str(), p.name.as_str())).collect())
                        })
                        selected=Signal::derive(move || chosen.with(|p| p.as_ref().map(ToString::to_string)))
                        on_choose=Callback::new(move |value: Option<String>| {
                            chosen.set(value.map(ProviderId::new));
                            announcement.set(String::new());
                        })
                    />
                </div>
            }
        })
    };

    view! {
        <h1 tabindex="-1">"Beratungskontakte"</h1>
        <p class="lead">
            "Sonstige Beratungskontakte ohne Aufnahme in das Case Management: ein Klick je Kontakt."
        </p>
        <DeviceLine />
        <Show
            when=move || !empty()
            fallback=move || {
                view! {
                    <div class="notice notice-warning">
                        <p>
                            {move || {
                                if rules.with(|r| r.providers.is_empty()) {
                                    "Im Regelwerk dieses Geräts ist kein Träger hinterlegt, für den gezählt werden könnte."
                                } else {
                                    "Im Regelwerk dieses Geräts ist kein Verweis hinterlegt, unter dem gezählt werden könnte."
                                }
                            }}
                            " Bitte übernehmen Sie das Regelwerk der Koordinierenden Stelle unter "
                            <PageLink page=Page::Settings>"Einstellungen"</PageLink>
                            "; danach können Sie hier zählen."
                        </p>
                    </div>
                }
            }
        >
            <div class="form-row">
                {provider_choice}
                <div>
                    <label for="contact-month">"Monat"</label>
                    <input
                        id="contact-month"
                        type="month"
                        prop:value=move || month.get().to_string()
                        on:change=move |ev| {
                            if let Some(value) = format::parse_input_month(&event_target_value(&ev)) {
                                month.set(value);
                            }
                        }
                    />
                </div>
            </div>
            <p class="field-hint" id="contact-provider-hint">
                {move || {
                    if own_unknown() {
                        "Der Träger dieses Geräts ist im Regelwerk nicht bekannt. Bitte wählen Sie in den Einstellungen neu, für wen auf diesem Gerät gearbeitet wird; bis dahin kann hier nicht gezählt werden."
                            .to_owned()
                    } else {
                        match provider.get() {
                            Some(p) => format!(
                                "Jeder Klick zählt einen Kontakt für {}.",
                                rules.with(|r| r.provider_name(&p))
                            ),
                            None => "Bitte wählen Sie zuerst den Träger, für den gezählt wird; dann zählt jeder Klick einen Kontakt für ihn.".to_owned(),
                        }
                    }
                }}
            </p>
            <p role="status" class="announcement" data-testid="contact-announcement">
                {move || announcement.get()}
            </p>
            <table class="counter-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Verweis / Ergebnis"</th>
                        <th scope="col" class="num">
                            <span class="narrow-hidden">"Anzahl"</span>
                        </th>
                        <th scope="col">
                            <span class="narrow-hidden">"Zählen"</span>
                        </th>
                        <th scope="col">
                            <span class="narrow-hidden">"Korrigieren"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        rules
                            .with(|r| r.contact_outcomes.clone())
                            .into_iter()
                            .map(|outcome| {
                                let label = outcome.label.clone();
                                let id_for_count = outcome.id.clone();
                                let id_add = outcome.id.clone();
                                let id_back = outcome.id.clone();
                                let label_add = label.clone();
                                let label_back = label.clone();
                                view! {
                                    <tr>
                                        <th scope="row">{label.clone()}</th>
                                        <td class="num">{move || count_for(&id_for_count)}</td>
                                        <td>
                                            <button
                                                type="button"
                                                class="big-button"
                                                aria-label=format!("+1 Kontakt zählen: {label}")
                                                aria-describedby="contact-provider-hint"
                                                disabled=cannot_count
                                                on:click=move |_| add(id_add.clone(), label_add.clone())
                                            >
                                                "+1"
                                            </button>
                                        </td>
                                        <td>
                                            <button
                                                type="button"
                                                class="secondary"
                                                aria-label=format!("−1 Einen Kontakt zurücknehmen: {label}")
                                                disabled=cannot_count
                                                on:click=move |_| take_back(id_back.clone(), label_back.clone())
                                            >
                                                "−1"
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </Show>
        <h2>"Summe im Monat je Träger"</h2>
        <table data-testid="month-totals">
            <thead>
                <tr>
                    <th scope="col">"Träger"</th>
                    <th scope="col" class="num">"Kontakte"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    month_totals()
                        .into_iter()
                        .map(|(name, count)| {
                            view! {
                                <tr>
                                    <th scope="row">{name}</th>
                                    <td class="num">{count}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

/// Counted contacts of a provider in a month under one outcome.
fn count_of(
    list: &[ShortContact],
    provider: &ProviderId,
    month: YearMonth,
    outcome: &OutcomeId,
) -> usize {
    list.iter()
        .filter(|c| {
            !c.voided && &c.provider == provider && c.month == month && &c.outcome == outcome
        })
        .count()
}
