//! The list of welcome visits recorded on this device: a table on wide screens, a card per
//! visit on phones, and a sentence instead when there is none yet.

use super::intake_href;
use crate::app::components::Confirmation;
use crate::app::{actions, format, use_app_state};
use crate::domain::rules::label_or_id;
use crate::domain::sorting;
use crate::domain::visits::{self, Arrival};
use crate::domain::*;
use leptos::prelude::*;

/// The visits recorded on this device, newest first, with a way to void a mistaken one; on
/// phones each visit is a card (`table.card-table`).
#[component]
pub(super) fn RecordedVisits() -> impl IntoView {
    let state = use_app_state();
    let rows = move || {
        state.data.with(|d| {
            let mut visits: Vec<_> = d.visits.iter().filter(|v| !v.voided).cloned().collect();
            sorting::sort_by(&mut visits, |a, b| {
                b.date.cmp(&a.date).then(b.recorded_at.cmp(&a.recorded_at))
            });
            visits
                .into_iter()
                .map(|v| {
                    let district = label_or_id(&d.rules.districts, &v.district);
                    // Saturating: stored data may predate the bound on children.
                    let children = v
                        .children
                        .iter()
                        .fold(0u32, |sum, (_, n)| sum.saturating_add(*n));
                    (
                        v.id.clone(),
                        v.date,
                        district,
                        v.arrival,
                        children,
                        v.follow_up
                            .then(|| intake_href(&visits::intake_prefill(&v, &d.rules))),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let confirm = Confirmation::new();
    let void = move |id: RecordId| {
        let remove = move || {
            let id = id.clone();
            state.change_data(|d| {
                if let Some(v) = d.visits.iter_mut().find(|v| v.id == id) {
                    v.voided = true;
                }
            });
        };
        confirm.ask(
            "Diesen Besuch entfernen?",
            format!(
                "Der Besuch wird als Fehleingabe entfernt und zählt in keinem Bericht mehr.{}",
                actions::export_reminder(state)
            ),
            actions::destructive_actions(state, "entfernen", "Besuch entfernen", remove),
        );
    };
    let count = move || {
        state
            .data
            .with(|d| d.visits.iter().filter(|v| !v.voided).count())
    };
    view! {
        {confirm.view()}
        <h2>"Erfasste Besuche"</h2>
        <Show
            when=move || { count() > 0 }
            fallback=|| {
                view! {
                    <p class="empty-state">
                        "Auf diesem Gerät ist noch kein Willkommensbesuch erfasst. Ein Besuch erscheint hier, sobald Sie ihn oben mit „Besuch speichern“ gespeichert haben."
                    </p>
                }
            }
        >
            <p>
                {move || {
                    format!(
                        "{} auf diesem Gerät, der neueste zuerst.",
                        format::count(count(), "Besuch", "Besuche"),
                    )
                }}
            </p>
            <table class="card-table" data-testid="visit-list">
                <caption class="visually-hidden">"Erfasste Willkommensbesuche"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Datum"</th>
                        <th scope="col">"Bereich"</th>
                        <th scope="col">"Zuzug"</th>
                        <th scope="col" class="num">"Kinder"</th>
                        <th scope="col">"Nachgespräch"</th>
                        <th scope="col">"Aktion"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        rows()
                            .into_iter()
                            .map(|(id, date, district, arrival, children, follow_up)| {
                                let date_text = format::date(date);
                                let label = format!("Besuch vom {date_text} entfernen");
                                view! {
                                    <tr>
                                        <td data-label="Datum">{date_text.clone()}</td>
                                        <td data-label="Bereich">{district}</td>
                                        <td data-label="Zuzug">
                                            {match arrival {
                                                Arrival::NewArrival => "Neuzuzug",
                                                Arrival::FamilyReunification => "Familiennachzug",
                                            }}
                                        </td>
                                        <td data-label="Kinder" class="num">{children}</td>
                                        <td data-label="Nachgespräch">
                                            {match follow_up {
                                                Some(href) => {
                                                    let label = format!(
                                                        "ja – Aufnahmeprüfung zum Besuch vom {date_text} beginnen",
                                                    );
                                                    view! {
                                                        <a href=href aria-label=label>
                                                            "ja – Aufnahmeprüfung beginnen"
                                                        </a>
                                                    }
                                                        .into_any()
                                                }
                                                None => "nein".into_any(),
                                            }}
                                        </td>
                                        <td data-label="">
                                            <button
                                                type="button"
                                                class="secondary"
                                                aria-label=label
                                                on:click=move |_| void(id.clone())
                                            >
                                                "Entfernen"
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
    }
}
