//! Cases admitted into KIM case management on reporting dates, in the layout of the city's
//! report (Vorlage 197/23), with its footnotes; a chart per provider and a CSV download.

use super::csv_row;
use crate::app::chart::BarChart;
use crate::app::components::TableWrap;
use crate::app::{actions, browser, format, use_app_state};
use crate::domain::report::cases::{case_table, default_reporting_dates};
use chrono::NaiveDate;
use leptos::prelude::*;

#[component]
pub(super) fn CaseSection() -> impl IntoView {
    let state = use_app_state();
    let dates = RwSignal::new(default_reporting_dates(browser::today()));
    let new_date = RwSignal::new(None::<NaiveDate>);
    let columns = Memo::new(move |_| {
        let mut list = dates.get();
        list.sort();
        list.dedup();
        state.data.with(|d| {
            browser::measure("kim:report:cases", || case_table(&d.cases, &d.rules, &list))
        })
    });
    let providers = move || state.data.with(|d| d.rules.providers.clone());
    let municipality = move || state.data.with(|d| d.rules.municipality.clone());
    let download = move |_| {
        let columns = columns.get_untracked();
        let providers = providers();
        let mut header = vec![String::new()];
        header.extend(columns.iter().map(|c| format::date(c.date)));
        let mut rows = vec![csv_row("Gesamtfälle", columns.iter().map(|c| c.total))];
        for (i, provider) in providers.iter().enumerate() {
            rows.push(csv_row(
                &provider.short_name,
                columns
                    .iter()
                    .map(|c| c.per_provider.get(i).map(|(_, n)| *n).unwrap_or(0)),
            ));
        }
        rows.push(csv_row("aktiv", columns.iter().map(|c| c.active)));
        rows.push(csv_row("inaktiv", columns.iter().map(|c| c.inactive)));
        actions::download_csv("kim-faelle-stichtage.csv", &header, &rows);
    };

    view! {
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
            <div class="chart-and-table">
                <TableWrap label="Tabelle: Fälle an Stichtagen">
                    <table data-testid="case-report">
                        <caption>{move || format!("Regionalbereich {}", municipality())}</caption>
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
                </TableWrap>
                {move || {
                    let columns = columns.get();
                    let series = providers()
                        .into_iter()
                        .enumerate()
                        .map(|(i, p)| {
                            (
                                p.short_name,
                                columns
                                    .iter()
                                    .map(|c| f64::from(c.per_provider.get(i).map(|(_, n)| *n).unwrap_or(0)))
                                    .collect(),
                            )
                        })
                        .collect();
                    view! {
                        <BarChart
                            title="Fälle je Träger an den Stichtagen"
                            categories=columns.iter().map(|c| format::date(c.date)).collect()
                            series
                        />
                    }
                }}
            </div>
            <p class="field-hint">"* Gesamtzahl der bislang beratenen Personen bis zum Stichtag, unabhängig vom Fallstatus. Je Träger: der am Stichtag zuständige Träger (Übergaben bis einschließlich Stichtag zählen)."</p>
            <p class="field-hint">"** Status am Stichtag. Aktive Fälle befinden sich im aktiven Beratungsprozess; inaktive wurden abgemeldet (z. B. Umzug, Rückkehr) oder haben sich lange nicht gemeldet."</p>
            <button type="button" class="secondary no-print" on:click=download>"CSV: Fälle an Stichtagen"</button>
        </section>
    }
}
