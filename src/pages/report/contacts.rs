//! Short contacts without admission (*sonstige Beratungskontakte*) per month and provider,
//! with the municipality's total row and a total column; chart beside the table.

use super::table::{protect, ReportTable, ReportTableView, ShownTable};
use super::{period_slug, Period};
use crate::app::chart::BarChart;
use crate::app::{browser, use_app_state};
use crate::domain::report::contacts::contact_table;
use leptos::prelude::*;

/// The contact table over the period, protected with `threshold`.
pub(super) fn tables(period: Period, threshold: Memo<Option<u32>>) -> Memo<Vec<ShownTable>> {
    let state = use_app_state();
    Memo::new(move |_| {
        let (first, last) = period.range();
        let table = state.data.with(|d| {
            let table = browser::measure("kim:report:contacts", || {
                contact_table(&d.contacts, &d.rules, first, last)
            });
            // The municipality first, then each provider.
            let rows = std::iter::once((d.rules.municipality.clone(), &table.total))
                .chain(table.rows.iter().map(|r| {
                    let name = r
                        .provider
                        .as_ref()
                        .map(|p| d.rules.provider_short_name(p))
                        .unwrap_or_default();
                    (name, r)
                }))
                .map(|(name, r)| (name, r.per_month.clone(), r.total))
                .collect();
            let mut table = ReportTable::months(
                "contact-report",
                "Sonstige Beratungskontakte",
                "",
                &table.months,
                rows,
            );
            table.file = format!("kontakte-{}", period_slug(first, last));
            table
        });
        protect(&[table], &[], threshold.get())
    })
}

#[component]
pub(super) fn ContactSection(tables: Memo<Vec<ShownTable>>) -> impl IntoView {
    let shown = Signal::derive(move || tables.with(|t| t.first().cloned()).unwrap_or_default());
    view! {
        <section aria-labelledby="kontakte-titel" class="report-block">
            <h2 id="kontakte-titel">"Sonstige Beratungskontakte ohne Aufnahme ins Case Management (KIM)"</h2>
            <div class="chart-and-table">
                <ReportTableView table=shown />
                {move || {
                    let table = shown.get();
                    let months = table.columns.len().saturating_sub(1);
                    view! {
                        <BarChart
                            title="Sonstige Beratungskontakte je Monat und Träger"
                            categories=table.columns.iter().take(months).cloned().collect()
                            series=table.series(1..table.rows.len(), months)
                        />
                    }
                }}
            </div>
        </section>
    }
}
