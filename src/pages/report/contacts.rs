//! Short contacts without admission (*sonstige Beratungskontakte*) per month and provider,
//! with the municipality's total row and a total column; chart and CSV.

use super::{download_month_table, period_slug, MonthRow, Period};
use crate::app::chart::BarChart;
use crate::app::{browser, format, use_app_state};
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
    // The municipality first, then each provider.
    let rows = Memo::new(move |_| -> Vec<MonthRow> {
        let table = table.get();
        state.data.with(|d| {
            std::iter::once((d.rules.municipality.clone(), &table.total))
                .chain(table.rows.iter().map(|r| {
                    let name = r
                        .provider
                        .as_ref()
                        .map(|p| d.rules.provider_short_name(p))
                        .unwrap_or_default();
                    (name, r)
                }))
                .map(|(name, r)| (name, r.per_month.clone(), r.total))
                .collect()
        })
    });
    let download = move |_| {
        let (first, last) = period.range();
        download_month_table(
            &format!("kim-kontakte-{}.csv", period_slug(first, last)),
            "",
            &table.with_untracked(|t| t.months.clone()),
            &rows.get_untracked(),
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
                    rows
                />
                {move || {
                    let table = table.get();
                    let series = rows
                        .get()
                        .into_iter()
                        .skip(1)
                        .map(|(name, per_month, _)| (name, per_month.into_iter().map(f64::from).collect()))
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
