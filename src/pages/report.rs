//! *Bericht*: the committee report from the tallies. So far: cases on reporting dates (the
//! city's layout, with its footnotes), short contacts per month and provider, and the export of
//! all data. Import and merge of other laptops' exports, the remaining tables, charts and CSV
//! downloads are still to come (see the open issue).

use crate::app::{actions, browser, format, use_app_state};
use crate::domain::report::cases::{case_table, default_reporting_dates};
use crate::domain::report::contacts::contact_table;
use crate::domain::YearMonth;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The report page.
#[component]
pub fn ReportPage() -> impl IntoView {
    let state = use_app_state();
    let today = browser::today();
    let dates = RwSignal::new(default_reporting_dates(today));
    let new_date = RwSignal::new(None::<NaiveDate>);
    let last = YearMonth::of(today);
    // Default range: the current month and the three before it.
    let first_month = RwSignal::new(last.previous().previous().previous());
    let last_month = RwSignal::new(last);
    let days_since_export = move || {
        state
            .settings
            .with(|s| actions::export_age_text(s.last_export_ms, browser::now_ms()))
    };
    let columns = Memo::new(move |_| {
        let mut list = dates.get();
        list.sort();
        list.dedup();
        state.data.with(|d| case_table(&d.cases, &d.rules, &list))
    });
    let providers = move || state.data.with(|d| d.rules.providers.clone());
    let contact_rows = Memo::new(move |_| {
        let (first, last) = (first_month.get(), last_month.get());
        state
            .data
            .with(|d| contact_table(&d.contacts, &d.rules, first, last))
    });

    view! {
        <h1 tabindex="-1">"Bericht"</h1>
        <section aria-labelledby="export-titel" class="no-print">
            <h2 id="export-titel">"Daten exportieren"</h2>
            <p data-testid="days-since-export">{days_since_export}</p>
            <div class="button-row">
                <button type="button" on:click=move |_| actions::export_download(state)>
                    "Daten jetzt exportieren"
                </button>
                <button type="button" class="secondary" on:click=move |_| {
                    let _printing_is_best_effort = window().print();
                }>"Bericht drucken"</button>
            </div>
        </section>
        <section aria-labelledby="faelle-titel" class="report-block">
            <h2 id="faelle-titel">"Beratungsfälle, die ins Case Management (KIM) aufgenommen wurden"</h2>
            <div class="form-row no-print">
                <div>
                    <label for="report-date">"Stichtag hinzufügen"</label>
                    <input id="report-date" type="date" on:change=move |ev| new_date.set(format::parse_input_date(&event_target_value(&ev))) />
                </div>
                <button type="button" class="secondary" on:click=move |_| {
                    if let Some(date) = new_date.get_untracked() {
                        dates.update(|d| d.push(date));
                    }
                }>"Hinzufügen"</button>
                <button type="button" class="secondary" on:click=move |_| dates.set(default_reporting_dates(browser::today()))>
                    "Letzte drei Quartalsenden"
                </button>
            </div>
            <div class="table-wrap">
                <table data-testid="case-report">
                    <caption>{move || format!("Regionalbereich {}", state.data.with(|d| d.rules.municipality.clone()))}</caption>
                    <thead>
                        <tr>
                            <td></td>
                            {move || columns.get().into_iter().map(|c| view! { <th scope="col" class="num">{format::date(c.date)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        <tr>
                            <th scope="row">"Gesamtfälle*"</th>
                            {move || columns.get().into_iter().map(|c| view! { <td class="num">{c.total}</td> }).collect_view()}
                        </tr>
                        {move || providers().into_iter().enumerate().map(|(i, p)| view! {
                            <tr>
                                <th scope="row">{p.short_name.clone()}</th>
                                {move || columns.get().into_iter().map(|c| view! { <td class="num">{c.per_provider.get(i).map(|(_, n)| *n).unwrap_or(0)}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                        <tr>
                            <th scope="row">"aktiv**"</th>
                            {move || columns.get().into_iter().map(|c| view! { <td class="num">{c.active}</td> }).collect_view()}
                        </tr>
                        <tr>
                            <th scope="row">"inaktiv**"</th>
                            {move || columns.get().into_iter().map(|c| view! { <td class="num">{c.inactive}</td> }).collect_view()}
                        </tr>
                    </tbody>
                </table>
            </div>
            <p class="field-hint">"* Gesamtzahl der bislang beratenen Personen bis zum Stichtag, unabhängig vom Fallstatus. Je Träger: der am Stichtag zuständige Träger (Übergaben bis einschließlich Stichtag zählen)."</p>
            <p class="field-hint">"** Status am Stichtag. Aktive Fälle befinden sich im aktiven Beratungsprozess; inaktive wurden abgemeldet (z. B. Umzug, Rückkehr) oder haben sich lange nicht gemeldet."</p>
        </section>
        <section aria-labelledby="kontakte-titel" class="report-block">
            <h2 id="kontakte-titel">"Sonstige Beratungskontakte ohne Aufnahme ins Case Management (KIM)"</h2>
            <div class="form-row no-print">
                <div>
                    <label for="report-first-month">"Von Monat"</label>
                    <input id="report-first-month" type="month" prop:value=move || first_month.get().to_string()
                        on:change=move |ev| if let Some(m) = format::parse_input_month(&event_target_value(&ev)) { first_month.set(m) } />
                </div>
                <div>
                    <label for="report-last-month">"Bis Monat"</label>
                    <input id="report-last-month" type="month" prop:value=move || last_month.get().to_string()
                        on:change=move |ev| if let Some(m) = format::parse_input_month(&event_target_value(&ev)) { last_month.set(m) } />
                </div>
            </div>
            <div class="table-wrap">
                <table data-testid="contact-report">
                    <thead>
                        <tr>
                            <td></td>
                            {move || contact_rows.get().months.into_iter().map(|m| view! { <th scope="col" class="num">{format::month(m)}</th> }).collect_view()}
                            <th scope="col" class="num">"gesamt"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let table = contact_rows.get();
                            let names = state.data.with(|d| d.rules.clone());
                            std::iter::once((names.municipality.clone(), table.total.clone()))
                                .chain(table.rows.iter().map(|r| (
                                    r.provider.as_ref().and_then(|p| names.provider(p)).map(|p| p.short_name.clone()).unwrap_or_default(),
                                    r.clone(),
                                )))
                                .map(|(name, row)| view! {
                                    <tr>
                                        <th scope="row">{name}</th>
                                        {row.per_month.iter().map(|n| view! { <td class="num">{*n}</td> }).collect_view()}
                                        <td class="num">{row.total}</td>
                                    </tr>
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
