//! Short contacts without admission (*sonstige Beratungskontakte*) per month and provider,
//! with the municipality's total row and a total column; chart and CSV.

use super::{period_slug, Period};
use crate::app::chart::BarChart;
use crate::app::{actions, browser, format, use_app_state};
use crate::domain::report::contacts::contact_table;
use leptos::prelude::*;

#[component]
pub(super) fn ContactSection(period: Period) -> impl IntoView {
    let state = use_app_state();
    let table = Memo::new(move |_| {
        let (first, last) = period.range();
        state.data.with(|d| {
            browser::measure("kim:report:contacts", || {
                contact_table(&d.contacts, &d.rules, first, last)
            })
        })
    });
    // (row name, counts per month, total): the municipality first, then each provider.
    let rows = move || {
        let table = table.get();
        state.data.with(|d| {
            std::iter::once((d.rules.municipality.clone(), table.total.clone()))
                .chain(table.rows.iter().map(|r| {
                    let name = r
                        .provider
                        .as_ref()
                        .map(|p| d.rules.provider_short_name(p))
                        .unwrap_or_default();
                    (name, r.clone())
                }))
                .collect::<Vec<_>>()
        })
    };
    let download = move |_| {
        let months = table.with_untracked(|t| t.months.clone());
        let mut header = vec![String::new()];
        header.extend(months.iter().map(|m| format::month(*m)));
        header.push("gesamt".into());
        let csv_rows: Vec<_> = rows()
            .into_iter()
            .map(|(name, row)| {
                super::cases::row(&name, row.per_month.iter().copied().chain([row.total]))
            })
            .collect();
        let (first, last) = period.range();
        actions::download_csv(
            &format!("kim-kontakte-{}.csv", period_slug(first, last)),
            &header,
            &csv_rows,
        );
    };

    view! {
        <section aria-labelledby="kontakte-titel" class="report-block">
            <h2 id="kontakte-titel">"Sonstige Beratungskontakte ohne Aufnahme ins Case Management (KIM)"</h2>
            <div class="chart-and-table">
                <super::MonthTable
                    label="Tabelle: Sonstige Beratungskontakte"
                    testid="contact-report"
                    corner=""
                    months=Signal::derive(move || table.with(|t| t.months.clone()))
                    rows=Signal::derive(move || {
                        rows().into_iter().map(|(name, row)| (name, row.per_month, row.total)).collect()
                    })
                />
                {move || {
                    let table = table.get();
                    let series = rows()
                        .into_iter()
                        .skip(1)
                        .map(|(name, row)| (name, row.per_month.iter().map(|n| f64::from(*n)).collect()))
                        .collect();
                    view! {
                        <BarChart
                            title="Sonstige Beratungskontakte je Monat und Träger"
                            categories=table.months.iter().map(|m| format::month(*m)).collect()
                            series
                        />
                    }
                }}
            </div>
            <button type="button" class="secondary no-print" on:click=download>"CSV: Sonstige Beratungskontakte"</button>
        </section>
    }
}
