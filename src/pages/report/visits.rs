//! Welcome visits per month and district, the kinds of arrival and follow-ups, the offers the
//! families were told about and invited to, and the children by age band; a chart beside the
//! visits per month.
//!
//! The visits per month and the visits by kind of arrival share their total, so they are
//! protected together (`table::Link`).

use super::table::{protect, Figure, ReportTable, ReportTableView, ShownTable};
use super::{period_slug, Period};
use crate::app::chart::BarChart;
use crate::app::{browser, use_app_state};
use crate::domain::report::visits::{visit_report, VisitReport};
use crate::domain::rules::{label_or_id, RuleSet};
use crate::domain::visits::Arrival;
use crate::domain::YearMonth;
use leptos::prelude::*;

fn arrival_label(arrival: Arrival) -> &'static str {
    match arrival {
        Arrival::NewArrival => "Neuzuzug",
        Arrival::FamilyReunification => "Familiennachzug",
    }
}

/// Indices of the tables [`tables`] returns.
const MONTHS: usize = 0;
const ARRIVALS: usize = 1;
const OFFERS: usize = 2;
const CHILDREN: usize = 3;

/// The visit tables over the period, protected with `threshold`.
pub(super) fn tables(period: Period, threshold: Memo<Option<u32>>) -> Memo<Vec<ShownTable>> {
    let state = use_app_state();
    Memo::new(move |_| {
        let (first, last) = period.range();
        let built = state.data.with(|d| {
            let report = browser::measure("kim:report:visits", || {
                visit_report(&d.visits, &d.rules, first, last)
            });
            build(&report, &d.rules, first, last)
        });
        // The months table's grand total is the arrivals table's "zusammen".
        let months_total = (MONTHS, 0, built[MONTHS].columns.len().saturating_sub(1));
        let arrivals_total = (ARRIVALS, built[ARRIVALS].rows.len().saturating_sub(2), 0);
        protect(&built, &[(months_total, arrivals_total)], threshold.get())
    })
}

fn build(
    report: &VisitReport,
    rules: &RuleSet,
    first: YearMonth,
    last: YearMonth,
) -> Vec<ReportTable> {
    let slug = period_slug(first, last);
    // The total row first, then each district.
    let rows = std::iter::once(("alle Bereiche".to_string(), &report.total))
        .chain(report.rows.iter().map(|r| {
            let id = r.district.clone().unwrap_or_else(|| "?".into());
            (label_or_id(&rules.districts, &id), r)
        }))
        .map(|(name, r)| (name, r.per_month.clone(), r.total))
        .collect();
    let mut months = ReportTable::months(
        "visit-report",
        "Willkommensbesuche je Monat und Bereich",
        "Bereich",
        &report.months,
        rows,
    );
    months.file = format!("willkommensbesuche-{slug}");

    let mut arrivals = ReportTable::new(
        "arrival-report",
        "Willkommensbesuche nach Art des Zuzugs",
        "Art des Zuzugs",
    );
    arrivals.file = format!("zuzug-{slug}");
    arrivals.columns = vec!["Besuche".into()];
    for (arrival, n) in &report.arrivals {
        arrivals
            .rows
            .push((arrival_label(*arrival).into(), vec![Figure::Count(*n)]));
    }
    let kinds = arrivals.rows.len();
    arrivals
        .rows
        .push(("zusammen".into(), vec![Figure::Count(report.total.total)]));
    arrivals.rows.push((
        "davon mit Nachgespräch nötig".into(),
        vec![Figure::Count(report.follow_up)],
    ));
    arrivals.add_column_sum(0, kinds, 0..kinds);

    let mut offers = ReportTable::new(
        "offer-report",
        "Angebote: informierte und eingeladene Familien",
        "Angebot",
    );
    offers.file = format!("angebote-{slug}");
    offers.columns = vec!["informiert".into(), "eingeladen".into()];
    offers.rows = report
        .offers
        .iter()
        .map(|o| {
            (
                label_or_id(&rules.offers, &o.offer),
                vec![Figure::Count(o.informed), Figure::Count(o.invited)],
            )
        })
        .collect();

    let mut children = ReportTable::new(
        "children-report",
        "Kinder nach Altersgruppe",
        "Altersgruppe",
    );
    children.file = format!("kinder-{slug}");
    children.columns = vec!["Kinder".into()];
    children.rows = report
        .children
        .iter()
        .map(|(band, n)| (label_or_id(&rules.age_bands, band), vec![Figure::Count(*n)]))
        .collect();
    let bands = children.rows.len();
    children.rows.push((
        "zusammen".into(),
        vec![Figure::Count(report.children_total)],
    ));
    children.add_column_sum(0, bands, 0..bands);

    vec![months, arrivals, offers, children]
}

#[component]
pub(super) fn VisitSection(tables: Memo<Vec<ShownTable>>) -> impl IntoView {
    let table = move |i: usize| {
        Signal::derive(move || tables.with(|t| t.get(i).cloned()).unwrap_or_default())
    };
    let months = table(MONTHS);
    view! {
        <section aria-labelledby="besuche-titel" class="report-block">
            <h2 id="besuche-titel">"Willkommensbesuche"</h2>
            <div class="chart-and-table">
                <ReportTableView table=months />
                {move || {
                    let shown = months.get();
                    let count = shown.columns.len().saturating_sub(1);
                    view! {
                        <BarChart
                            title="Willkommensbesuche je Monat"
                            categories=shown.columns.iter().take(count).cloned().collect()
                            series=shown.series([0], count)
                        />
                    }
                }}
            </div>
            <div class="table-row">
                <ReportTableView table=table(ARRIVALS) />
                <ReportTableView table=table(CHILDREN) />
            </div>
            <ReportTableView table=table(OFFERS)
                hint="Gezählt werden Familien: eine Familie zählt je Angebot höchstens einmal als informiert und einmal als eingeladen." />
        </section>
    }
}
