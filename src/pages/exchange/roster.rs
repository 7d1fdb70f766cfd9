//! *Geräte*: the roster of every device whose data this device holds (from the import
//! records in the settings, `storage::schema::Settings::roster`): its provider, the date of
//! its newest export merged here and when that was merged, what that export held. A device
//! whose newest data are older than the report's last reporting date, or than a number of
//! days the user sets, is flagged here and in the report's title block. Taking a retired
//! device off the list forgets only its import records, never its cases, contacts or visits.

use crate::app::components::StatusMessage;
use crate::app::format::{count, date};
use crate::app::{browser, focus, use_app_state};
use crate::storage::schema::{RosterEntry, STALE_AFTER_DAYS};
use leptos::prelude::*;

/// The devices roster.
#[component]
pub(crate) fn Roster() -> impl IntoView {
    let state = use_app_state();
    let message = RwSignal::new(None::<(bool, String)>);
    let today = browser::today();
    let due = move || state.settings.with(|s| s.stale_before(today));
    let days_text = RwSignal::new(state.settings.with_untracked(|s| {
        s.stale_after_days
            .map(|d| d.to_string())
            .unwrap_or_default()
    }));
    let days_error = RwSignal::new(None::<String>);
    let set_days = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        days_text.set(text.clone());
        let trimmed = text.trim();
        let days = if trimmed.is_empty() {
            None
        } else {
            match trimmed.parse::<u32>() {
                Ok(d) if (STALE_AFTER_DAYS.0..=STALE_AFTER_DAYS.1).contains(&d) => Some(d),
                _ => {
                    days_error.set(Some(format!(
                        "Bitte eine ganze Zahl von {} bis {} eingeben, oder das Feld leer lassen.",
                        STALE_AFTER_DAYS.0, STALE_AFTER_DAYS.1
                    )));
                    return;
                }
            }
        };
        days_error.set(None);
        state.change_settings(|s| s.stale_after_days = days);
    };
    let rows = move || {
        let due = due();
        state.settings.with(|s| {
            s.roster()
                .into_iter()
                .map(|entry| {
                    let on =
                        browser::date_of_ms(entry.exported_at_ms.unwrap_or(entry.imported_at_ms));
                    let stale = RosterEntry::is_stale(on, due);
                    (entry, on, stale)
                })
                .collect::<Vec<_>>()
        })
    };
    let provider_name = move |entry: &RosterEntry| match &entry.provider {
        Some(id) => state.data.with(|d| {
            d.rules
                .provider(id)
                .map(|p| p.short_name.clone())
                .unwrap_or_else(|| "unbekannter Träger".to_owned())
        }),
        None => "ohne Träger (z. B. Koordinierende Stelle)".to_owned(),
    };
    let forget = move |device: String| {
        state.change_settings(|s| s.forget_device(&device));
        let short: String = device.chars().take(8).collect();
        message.set(Some((
            true,
            format!("Gerät {short} ist nicht mehr auf der Liste. Seine Fälle, Kontakte und Besuche bleiben erhalten; ein neuer Import nimmt es wieder auf."),
        )));
        focus::focus_after_render("#geraete-titel");
    };
    view! {
        <section aria-labelledby="geraete-titel">
            <h2 id="geraete-titel" tabindex="-1">"Geräte"</h2>
            <p class="field-hint">
                "Alle Geräte, deren Daten hier zusammengeführt sind, mit ihrem neuesten Export. Ein Gerät, dessen neueste Daten älter sind als der letzte Stichtag des Berichts (oder als die unten eingestellte Zahl von Tagen), ist markiert: Seine Zahlen fehlen dann womöglich im Bericht."
            </p>
            <div id="geraete-status"><StatusMessage message /></div>
            <div class="field">
                <label for="stale-days">"Auch markieren, wenn die Daten älter sind als (Tage, leer: nur Stichtag)"</label>
                <input id="stale-days" type="text" inputmode="numeric" autocomplete="off"
                    prop:value=move || days_text.get()
                    aria-invalid=move || days_error.get().is_some().to_string()
                    aria-describedby="stale-days-error"
                    on:change=set_days />
                <p id="stale-days-error" class="field-error">{move || days_error.get()}</p>
            </div>
            {move || {
                let rows = rows();
                if rows.is_empty() {
                    return view! {
                        <p data-testid="roster-empty">"Noch keine Exporte anderer Geräte zusammengeführt. Sie erscheinen hier nach dem ersten Import."</p>
                    }.into_any();
                }
                view! {
                    <ul class="roster" data-testid="roster">
                        {rows.into_iter().map(|(entry, on, stale)| {
                            let short: String = entry.device.chars().take(8).collect();
                            let provider = provider_name(&entry);
                            let counts = entry.counts.map(|c| format!(
                                "{}, {}, {}",
                                count(c.cases, "Fall", "Fälle"),
                                count(c.contacts, "sonstiger Beratungskontakt", "sonstige Beratungskontakte"),
                                count(c.visits, "Willkommensbesuch", "Willkommensbesuche"),
                            ));
                            let exported = if entry.exported_at_ms.is_some() {
                                format!("Neuester Export vom {}", date(on))
                            } else {
                                "Exportdatum unbekannt (vor dieser Version importiert)".to_owned()
                            };
                            let merged = format!("zusammengeführt am {}", date(browser::date_of_ms(entry.imported_at_ms)));
                            let device = entry.device.clone();
                            let label = format!("Gerät {short} von der Liste nehmen");
                            view! {
                                <li class:roster-stale=stale>
                                    <p><strong>{format!("Gerät {short}")}</strong>{format!(" – {provider}")}</p>
                                    <p>{format!("{exported}, {merged}.")}{counts.map(|c| format!(" {c}."))}</p>
                                    {stale.then(|| view! {
                                        <p class="roster-flag">{format!("Veraltet: Daten von Gerät {short} zuletzt vom {}.", date(on))}</p>
                                    })}
                                    <button type="button" class="secondary" aria-label=label on:click=move |_| forget(device.clone())>
                                        "Von der Liste nehmen"
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
