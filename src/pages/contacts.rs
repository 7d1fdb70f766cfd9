//! *Kontakte*: a counter of short contacts without admission (*sonstige Beratungskontakte*),
//! fast enough to use during a consultation: choose provider and month once, then one click per
//! contact on where the person was referred to. The month's counts are visible at once, and a
//! wrong count is corrected by taking one back (the record is voided, not deleted, so merging
//! with another laptop cannot bring it back).

use crate::app::{browser, format, use_app_state};
use crate::domain::contacts::{self, ShortContact};
use crate::domain::*;
use leptos::prelude::*;

/// The short-contact counter.
#[component]
pub fn ContactsPage() -> impl IntoView {
    let state = use_app_state();
    let today = browser::today();
    let provider = RwSignal::new(
        state
            .settings
            .with_untracked(|s| s.own_provider.clone())
            .or_else(|| {
                state
                    .data
                    .with_untracked(|d| d.rules.providers.first().map(|p| p.id.clone()))
            }),
    );
    let month = RwSignal::new(YearMonth::of(today));
    let announcement = RwSignal::new(String::new());
    let rules = Memo::new(move |_| state.data.with(|d| d.rules.clone()));

    let add = move |outcome: OutcomeId, label: String| {
        let Some(provider_id) = provider.get_untracked() else {
            announcement.set("Bitte zuerst den Träger wählen.".into());
            return;
        };
        let recorded = state.data.with_untracked(|d| {
            ShortContact::record(
                RecordId::from_random(browser::random_u64()),
                provider_id,
                month.get_untracked(),
                outcome,
                browser::now_ms(),
                &d.rules,
                browser::today(),
            )
        });
        match recorded {
            Ok(contact) => {
                state.change_data(|d| d.contacts.push(contact));
                announcement.set(format!("Gezählt: {label}."));
            }
            Err(error) => announcement.set(contact_error_text(&error)),
        }
    };
    let take_back = move |outcome: OutcomeId, label: String| {
        let Some(provider_id) = provider.get_untracked() else {
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
        let provider_id = provider.get();
        let month_value = month.get();
        state.data.with(|d| {
            d.contacts
                .iter()
                .filter(|c| {
                    !c.voided
                        && Some(&c.provider) == provider_id.as_ref()
                        && c.month == month_value
                        && &c.outcome == outcome
                })
                .count()
        })
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

    view! {
        <h1 tabindex="-1">"Beratungskontakte"</h1>
        <p class="lead">
            "Sonstige Beratungskontakte ohne Aufnahme in das Case Management: ein Klick je Kontakt."
        </p>
        <div class="form-row">
            <div>
                <label for="contact-provider-select">"Träger"</label>
                <select
                    id="contact-provider-select"
                    prop:value=move || provider.with(|p| p.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default())
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        provider.set((!value.is_empty()).then(|| ProviderId::new(value)));
                    }
                >
                    <option value="">"– Träger wählen –"</option>
                    {move || {
                        rules
                            .with(|r| r.providers.clone())
                            .into_iter()
                            .map(|p| view! { <option value=p.id.as_str().to_owned()>{p.name.clone()}</option> })
                            .collect_view()
                    }}
                </select>
            </div>
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
        <p role="status" class="announcement" data-testid="contact-announcement">
            {move || announcement.get()}
        </p>
        <table>
            <caption>
                {move || format!("Kontakte im {} – nach Verweis", format::month_long(month.get()))}
            </caption>
            <thead>
                <tr>
                    <th scope="col">"Verweis / Ergebnis"</th>
                    <th scope="col" class="num">"Anzahl"</th>
                    <th scope="col">"Zählen"</th>
                    <th scope="col">"Korrigieren"</th>
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

/// A refused contact in plain German (also used by *Aufnahme*).
pub(crate) fn contact_error_text(error: &contacts::ContactError) -> String {
    use contacts::ContactError as E;
    match error {
        E::UnknownProvider { .. } => "Dieser Träger ist im Regelwerk nicht bekannt.".into(),
        E::UnknownOutcome { .. } => "Dieses Ergebnis ist im Regelwerk nicht bekannt.".into(),
        E::FutureMonth { .. } => {
            "Kontakte in einem künftigen Monat können nicht gezählt werden.".into()
        }
        E::NothingToVoid => {
            "Es gibt keinen gezählten Kontakt, der zurückgenommen werden könnte.".into()
        }
        E::MonthOutOfRange { .. } => format!(
            "Der Monat muss im Zeitraum {} liegen.",
            format::plausible_span()
        ),
        E::RecordedAtOutOfRange { .. } => {
            "Die Uhrzeit dieses Geräts ist unplausibel; bitte Datum und Uhrzeit prüfen.".into()
        }
    }
}
