//! Case work over the report period: counselling sessions (frequency and depth, *Beratungs-
//! frequenz und -tiefe*) and how cases end (*Abschluss*), each table per provider with the
//! municipality's total row, and a footnote with every definition.
//!
//! Tables that share totals are protected together: the sessions per month and by form (the
//! same sessions), and the deregistrations by reason and by evaluation (the same
//! deregistrations, whose count the durations table repeats). Medians are shown only while the
//! count they are taken over is (`table::Figure::Derived`).

use super::table::{protect, Figure, Link, ReportTable, ReportTableView, ShownTable};
use super::{period_slug, Period};
use crate::app::chart::BarChart;
use crate::app::{browser, use_app_state};
use crate::domain::report::case_work::period_tables;
use crate::domain::report::count_table::CountTable;
use crate::domain::report::endings::{reason_label, EndingTables};
use crate::domain::report::sessions::SessionTables;
use crate::domain::rules::RuleSet;
use crate::domain::YearMonth;
use leptos::prelude::*;

/// The rows of a count table: the municipality, then each provider, with the row total.
fn count_rows(table: &CountTable, rules: &RuleSet) -> Vec<(String, Vec<u32>, u32)> {
    std::iter::once((rules.municipality.clone(), &table.total))
        .chain(table.rows.iter().map(|row| {
            let name = row
                .provider
                .as_ref()
                .map(|p| rules.provider_short_name(p))
                .unwrap_or_default();
            (name, row)
        }))
        .map(|(name, row)| (name, row.per_column.clone(), row.total))
        .collect()
}

/// Links the "gesamt" of every row of two tables with total columns and the same rows.
fn same_row_totals(a: usize, b: usize, tables: &[ReportTable]) -> Vec<Link> {
    let (Some(first), Some(second)) = (tables.get(a), tables.get(b)) else {
        return Vec::new();
    };
    let last = |t: &ReportTable| t.columns.len().saturating_sub(1);
    (0..first.rows.len().min(second.rows.len()))
        .map(|row| ((a, row, last(first)), (b, row, last(second))))
        .collect()
}

/// The sessions and the endings of the period, computed together (each history read once).
pub(super) fn period_figures(period: Period) -> Memo<(SessionTables, EndingTables)> {
    let state = use_app_state();
    Memo::new(move |_| {
        let (first, last) = period.range();
        state.data.with(|d| {
            browser::measure("kim:report:case-work", || {
                period_tables(&d.cases, &d.rules, first, last)
            })
        })
    })
}

/// The session tables over the period, protected with `threshold`.
pub(super) fn session_report(
    period: Period,
    figures: Memo<(SessionTables, EndingTables)>,
    threshold: Memo<Option<u32>>,
) -> Memo<Vec<ShownTable>> {
    let state = use_app_state();
    Memo::new(move |_| {
        let (first, last) = period.range();
        let built = figures.with(|(sessions, _)| {
            state
                .data
                .with(|d| build_sessions(sessions, &d.rules, first, last))
        });
        let links = same_row_totals(0, 1, &built);
        protect(&built, &links, threshold.get())
    })
}

fn build_sessions(
    tables: &SessionTables,
    rules: &RuleSet,
    first: YearMonth,
    last: YearMonth,
) -> Vec<ReportTable> {
    let slug = period_slug(first, last);
    let mut months = ReportTable::months(
        "session-report",
        "Beratungstermine je Monat",
        "",
        &tables.months,
        count_rows(&tables.per_month, rules),
    );
    months.file = format!("beratungstermine-{slug}");
    let forms = tables
        .forms
        .iter()
        .map(|f| rules.session_form_label(f))
        .collect();
    let mut by_form = ReportTable::with_total(
        "session-form-report",
        "Beratungstermine nach Form",
        "",
        forms,
        count_rows(&tables.per_form, rules),
    );
    by_form.file = format!("beratungstermine-form-{slug}");

    let mut cases = ReportTable::new("session-case-report", "Fälle und Beratungstermine", "");
    cases.file = format!("faelle-termine-{slug}");
    cases.columns = vec![
        "aktive Fälle im Zeitraum".into(),
        "Fälle mit mindestens einem Termin".into(),
        "Termine je aktivem Fall (Median)".into(),
    ];
    for (r, row) in tables.cases.iter().enumerate() {
        let name = row.provider.as_ref().map_or_else(
            || rules.municipality.clone(),
            |p| rules.provider_short_name(p),
        );
        cases.rows.push((
            name,
            vec![
                Figure::Count(row.active),
                Figure::Count(row.with_session),
                Figure::Derived(row.median_sessions, (r, 0)),
            ],
        ));
    }
    let providers = 1..tables.cases.len();
    cases.add_column_sum(0, 0, providers.clone());
    cases.add_column_sum(1, 0, providers);
    vec![months, by_form, cases]
}

/// The tables of endings over the period, protected with `threshold`.
pub(super) fn ending_report(
    period: Period,
    figures: Memo<(SessionTables, EndingTables)>,
    threshold: Memo<Option<u32>>,
) -> Memo<Vec<ShownTable>> {
    let state = use_app_state();
    Memo::new(move |_| {
        let (first, last) = period.range();
        let built = figures.with(|(_, endings)| {
            state
                .data
                .with(|d| build_endings(endings, &d.rules, first, last))
        });
        let mut links = same_row_totals(0, 1, &built);
        // The durations table counts the same deregistrations per row.
        if let Some(reasons) = built.first() {
            let last = reasons.columns.len().saturating_sub(1);
            links.extend((0..reasons.rows.len()).map(|row| ((0, row, last), (2, row, 0))));
        }
        protect(&built, &links, threshold.get())
    })
}

fn build_endings(
    tables: &EndingTables,
    rules: &RuleSet,
    first: YearMonth,
    last: YearMonth,
) -> Vec<ReportTable> {
    let slug = period_slug(first, last);
    let reasons = tables
        .reasons
        .iter()
        .map(|r| reason_label(rules, r))
        .collect();
    let mut by_reason = ReportTable::with_total(
        "ending-reason-report",
        "Abmeldungen nach Grund",
        "",
        reasons,
        count_rows(&tables.by_reason, rules),
    );
    by_reason.file = format!("abmeldungen-grund-{slug}");
    let evaluations = tables
        .evaluations
        .iter()
        .map(|e| {
            e.as_ref().map_or_else(
                || "ohne Bewertung".to_owned(),
                |e| rules.evaluation_label(e),
            )
        })
        .collect();
    let mut by_evaluation = ReportTable::with_total(
        "ending-evaluation-report",
        "Abmeldungen nach Bewertung",
        "",
        evaluations,
        count_rows(&tables.by_evaluation, rules),
    );
    by_evaluation.file = format!("abmeldungen-bewertung-{slug}");
    let mut durations = ReportTable::new(
        "ending-duration-report",
        "Dauer im Case Management bis zur Abmeldung",
        "",
    );
    durations.file = format!("dauer-{slug}");
    durations.columns = vec!["Abmeldungen".into(), "Dauer in Monaten (Median)".into()];
    for (r, row) in tables.durations.iter().enumerate() {
        let name = row.provider.as_ref().map_or_else(
            || rules.municipality.clone(),
            |p| rules.provider_short_name(p),
        );
        durations.rows.push((
            name,
            vec![
                Figure::Count(row.endings),
                Figure::Derived(row.median_months, (r, 0)),
            ],
        ));
    }
    durations.add_column_sum(0, 0, 1..tables.durations.len());
    vec![by_reason, by_evaluation, durations]
}

/// The part "Beratungstermine": frequency and depth of case work.
#[component]
pub(super) fn SessionSection(tables: Memo<Vec<ShownTable>>) -> impl IntoView {
    let table = move |i: usize| {
        Signal::derive(move || tables.with(|t| t.get(i).cloned()).unwrap_or_default())
    };
    let months = table(0);
    view! {
        <section aria-labelledby="termine-titel" class="report-block">
            <h2 id="termine-titel">"Beratungstermine im Case Management: Häufigkeit und Tiefe"</h2>
            <div class="chart-and-table">
                <ReportTableView table=months />
                {move || {
                    let shown = months.get();
                    let columns = shown.columns.len().saturating_sub(1);
                    view! {
                        <BarChart
                            title="Beratungstermine je Monat und Träger"
                            categories=shown.columns.iter().take(columns).cloned().collect()
                            series=shown.series(1..shown.rows.len(), columns)
                        />
                    }
                }}
            </div>
            <ReportTableView table=table(1) />
            <ReportTableView table=table(2) />
            <div class="report-notes">
                <p class="table-note">"Beratungstermin: ein im Fall erfasster Termin im Berichtszeitraum, in einer Form aus dem Regelwerk; stornierte Termine und gelöschte Fälle zählen nicht, je Fall, Tag und Form höchstens einer. Er zählt für den Träger, der am Tag des Termins zuständig war."</p>
                <p class="table-note">"Aktive Fälle im Zeitraum: Fälle, die an mindestens einem Tag des Zeitraums aktiv waren. Je Fall zählt der Träger, der am letzten Tag des Zeitraums zuständig war. Termine je aktivem Fall: Median der Termine im Zeitraum über die aktiven Fälle, auch die ohne Termin."</p>
            </div>
        </section>
    }
}

/// The part "Abschluss": how cases end.
#[component]
pub(super) fn EndingSection(tables: Memo<Vec<ShownTable>>) -> impl IntoView {
    let table = move |i: usize| {
        Signal::derive(move || tables.with(|t| t.get(i).cloned()).unwrap_or_default())
    };
    view! {
        <section aria-labelledby="abschluss-titel" class="report-block">
            <h2 id="abschluss-titel">"Abschluss von Fällen im Berichtszeitraum"</h2>
            <ReportTableView table=table(0) />
            <ReportTableView table=table(1) />
            <ReportTableView table=table(2) />
            <div class="report-notes">
                <p class="table-note">"Abmeldung: ein aktiver Fall wurde im Berichtszeitraum abgemeldet (gelöschte Fälle und stornierte Abmeldungen zählen nicht); ein Fall, der zwischendurch wieder aktiv war, zählt mit jeder Abmeldung. Sie zählt für den Träger, der am Tag der Abmeldung zuständig war."</p>
                <p class="table-note">"Bewertung: die bei der Abmeldung gewählte oder die, die ihr Grund vorgibt (etwa „Ziele erreicht“); sonst „ohne Bewertung“."</p>
                <p class="table-note">"Dauer: von der Aufnahme bis zur Abmeldung; war ein Fall zwischendurch abgemeldet, zählen nur die Zeiten, in denen er aktiv war. In Monaten zu 30,44 Tagen; Median über die Abmeldungen."</p>
            </div>
        </section>
    }
}
