//! Welcome visits per month and district, the children and kinds of arrival, and which offers
//! the families were told about and invited to; charts and CSV.

use super::{download_month_table, period_slug, MonthRow, Period};
use crate::app::chart::BarChart;
use crate::app::components::TableWrap;
use crate::app::{actions, browser, format, use_app_state};
use crate::domain::csv::Cell;
use crate::domain::report::visits::visit_report;
use crate::domain::rules::label_or_id;
use crate::domain::visits::Arrival;
use leptos::prelude::*;

fn arrival_label(arrival: Arrival) -> &'static str {
    match arrival {
        Arrival::NewArrival => "Neuzuzug",
        Arrival::FamilyReunification => "Familiennachzug",
    }
}

#[component]
pub(super) fn VisitSection(period: Period) -> impl IntoView {
    let state = use_app_state();
    let report = Memo::new(move |_| {
        let (first, last) = period.range();
        state.data.with(|d| {
            browser::measure("kim:report:visits", || {
                visit_report(&d.visits, &d.rules, first, last)
            })
        })
    });
    // The total row first, then each district.
    let rows = Memo::new(move |_| -> Vec<MonthRow> {
        let report = report.get();
        state.data.with(|d| {
            std::iter::once(("alle Bereiche".to_string(), &report.total))
                .chain(report.rows.iter().map(|r| {
                    let id = r.district.clone().unwrap_or_else(|| "?".into());
                    (label_or_id(&d.rules.districts, &id), r)
                }))
                .map(|(name, r)| (name, r.per_month.clone(), r.total))
                .collect()
        })
    });
    // (offer label, told about, invited to)
    let offers = move || {
        let report = report.get();
        state.data.with(|d| {
            report
                .offers
                .iter()
                .map(|o| {
                    (
                        label_or_id(&d.rules.offers, &o.offer),
                        o.informed,
                        o.invited,
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let children = move || {
        let report = report.get();
        state.data.with(|d| {
            report
                .children
                .iter()
                .map(|(band, n)| (label_or_id(&d.rules.age_bands, band), *n))
                .collect::<Vec<_>>()
        })
    };
    let download_months = move |_| {
        let (first, last) = period.range();
        download_month_table(
            &format!("kim-willkommensbesuche-{}.csv", period_slug(first, last)),
            "Bereich",
            &report.with_untracked(|r| r.months.clone()),
            &rows.get_untracked(),
        );
    };
    let download_offers = move |_| {
        let csv_rows: Vec<Vec<Cell>> = offers()
            .into_iter()
            .map(|(name, informed, invited)| {
                vec![Cell::from(name), Cell::from(informed), Cell::from(invited)]
            })
            .collect();
        let (first, last) = period.range();
        actions::download_csv(
            &format!("kim-angebote-{}.csv", period_slug(first, last)),
            &["Angebot", "informiert (Familien)", "eingeladen (Familien)"],
            &csv_rows,
        );
    };

    view! {
        <section aria-labelledby="besuche-titel" class="report-block">
            <h2 id="besuche-titel">"Willkommensbesuche"</h2>
            <p data-testid="visit-summary">
                {move || {
                    let r = report.get();
                    let arrivals = r
                        .arrivals
                        .iter()
                        .map(|(a, n)| format!("{} {n}", arrival_label(*a)))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let visits = format::count(r.total.total as usize, "Besuch", "Besuche");
                    let children = format::count(r.children_total as usize, "Kind", "Kindern");
                    format!(
                        "{visits} bei Familien mit zusammen {children} ({arrivals}); Nachgespräch nötig: {}.",
                        r.follow_up
                    )
                }}
            </p>
            <h3>"Besuche je Monat und Bereich"</h3>
            <div class="chart-and-table">
                <super::MonthTable
                    label="Tabelle: Besuche je Monat und Bereich"
                    testid="visit-report"
                    corner="Bereich"
                    months=Signal::derive(move || report.with(|r| r.months.clone()))
                    rows
                />
                {move || {
                    let r = report.get();
                    view! {
                        <BarChart
                            title="Willkommensbesuche je Monat"
                            categories=r.months.iter().map(|m| format::month(*m)).collect()
                            series=vec![("Besuche".to_string(), r.total.per_month.iter().map(|n| f64::from(*n)).collect())]
                        />
                    }
                }}
            </div>
            <button type="button" class="secondary no-print" on:click=download_months>"CSV: Besuche je Monat und Bereich"</button>
            <h3>"Angebote: informiert und eingeladen"</h3>
            <div class="chart-and-table">
                <TableWrap label="Tabelle: Angebote">
                    <table data-testid="offer-report">
                        <thead>
                            <tr>
                                <th scope="col">"Angebot"</th>
                                <th scope="col" class="num">"informiert"</th>
                                <th scope="col" class="num">"eingeladen"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || offers().into_iter().map(|(name, informed, invited)| view! {
                                <tr>
                                    <th scope="row">{name}</th>
                                    <td class="num">{informed}</td>
                                    <td class="num">{invited}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="field-hint">"Gezählt werden Familien: eine Familie zählt je Angebot höchstens einmal als informiert und einmal als eingeladen."</p>
                </TableWrap>
                {move || {
                    let list = offers();
                    view! {
                        <BarChart
                            title="Angebote: informierte und eingeladene Familien"
                            categories=list.iter().map(|(name, _, _)| name.clone()).collect()
                            series=vec![
                                ("informiert".to_string(), list.iter().map(|(_, n, _)| f64::from(*n)).collect()),
                                ("eingeladen".to_string(), list.iter().map(|(_, _, n)| f64::from(*n)).collect()),
                            ]
                        />
                    }
                }}
            </div>
            <button type="button" class="secondary no-print" on:click=download_offers>"CSV: Angebote"</button>
            <h3>"Kinder nach Altersgruppe"</h3>
            <TableWrap label="Tabelle: Kinder nach Altersgruppe">
                <table data-testid="children-report">
                    <thead>
                        <tr>
                            {move || children().into_iter().map(|(band, _)| view! { <th scope="col" class="num">{band}</th> }).collect_view()}
                            <th scope="col" class="num">"zusammen"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr>
                            {move || children().into_iter().map(|(_, n)| view! { <td class="num">{n}</td> }).collect_view()}
                            <td class="num">{move || report.get().children_total}</td>
                        </tr>
                    </tbody>
                </table>
            </TableWrap>
        </section>
    }
}
