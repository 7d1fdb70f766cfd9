//! Cases admitted into KIM case management on reporting dates, in the layout of the city's
//! report (Vorlage 197/23), with its footnotes generated from the data; the reporting dates as
//! the user sets them (kept in the settings), a chart per provider.

use super::table::{protect, Figure, ReportTable, ReportTableView, ShownTable};
use crate::app::chart::BarChart;
use crate::app::{browser, format, use_app_state};
use crate::domain::report::caseload::{caseload_of, LoadColumn};
use crate::domain::report::cases::{case_table, default_reporting_dates};
use crate::domain::report::footnotes::{handover_notes, HandoverNote};
use crate::domain::report::suppression;
use crate::domain::rules::RuleSet;
use crate::domain::sorting;
use crate::storage::schema::MAX_REPORTING_DATES;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The case table and the active cases per post on `dates`, protected together with
/// `threshold`: the caseload's active cases of all providers are the case table's *aktiv*.
pub(super) fn tables(
    dates: Memo<Vec<NaiveDate>>,
    threshold: Memo<Option<u32>>,
) -> Memo<Vec<ShownTable>> {
    let state = use_app_state();
    Memo::new(move |_| {
        let list = dates.get();
        let by_area = state.settings.with(|s| s.report.by_area);
        let (table, load) = state.data.with(|d| {
            let columns =
                browser::measure("kim:report:cases", || case_table(&d.cases, &d.rules, &list));
            (
                build(&columns, &d.rules, by_area),
                build_load(&caseload_of(&columns, &d.rules), &d.rules),
            )
        });
        let active_row = state.data.with(|d| d.rules.providers.len() + 1);
        let links: Vec<_> = (0..list.len())
            .map(|c| ((0, active_row, c), (1, 0, c)))
            .collect();
        protect(&[table, load], &links, threshold.get())
    })
}

/// Active cases, posts and cases per post, for all providers and each, a column per reporting
/// date: first the active cases (all, then each provider), then the posts, then the ratio,
/// which is shown only while its active cases are.
fn build_load(columns: &[LoadColumn], rules: &RuleSet) -> ReportTable {
    let mut table = ReportTable::new(
        "caseload-report",
        "Aktive Fälle je Vollzeitstelle an den Stichtagen",
        "",
    );
    table.file = "faelle-je-stelle".into();
    table.columns = columns.iter().map(|c| format::date(c.date)).collect();
    let names: Vec<String> = std::iter::once(rules.municipality.clone())
        .chain(rules.providers.iter().map(|p| p.short_name.clone()))
        .collect();
    let load = |c: &LoadColumn, i: usize| {
        if i == 0 {
            Some(c.total.clone())
        } else {
            c.per_provider.get(i - 1).map(|(_, l)| l.clone())
        }
    };
    for (i, name) in names.iter().enumerate() {
        table.rows.push((
            format!("aktive Fälle: {name}"),
            columns
                .iter()
                .map(|c| Figure::Count(load(c, i).map_or(0, |l| l.active)))
                .collect(),
        ));
    }
    for (i, name) in names.iter().enumerate() {
        table.rows.push((
            format!("Stellen: {name}"),
            columns
                .iter()
                .map(|c| Figure::Posts(load(c, i).and_then(|l| l.posts)))
                .collect(),
        ));
    }
    let rows = names.len();
    for (i, name) in names.iter().enumerate() {
        table.rows.push((
            format!("Fälle je Stelle: {name}"),
            columns
                .iter()
                .enumerate()
                .map(|(c, column)| {
                    Figure::Derived(load(column, i).and_then(|l| l.per_post), (i, c))
                })
                .collect(),
        ));
    }
    for c in 0..columns.len() {
        table.add_column_sum(c, 0, 1..rows);
    }
    table
}

/// Rows: *Gesamtfälle*, one per provider, *aktiv*, *inaktiv* (`suppression::reporting_date_sums`),
/// then with `by_area` one per area of the municipality; a column per reporting date. In
/// every column the providers add up to the total, and so do *aktiv* and *inaktiv*, and the
/// areas where every case lives in one.
fn build(
    columns: &[crate::domain::report::cases::CaseColumn],
    rules: &RuleSet,
    by_area: bool,
) -> ReportTable {
    let mut table = ReportTable::new(
        "case-report",
        format!(
            "Fälle im Case Management, Regionalbereich {}",
            rules.municipality
        ),
        "",
    );
    table.file = "faelle-stichtage".into();
    table.columns = columns.iter().map(|c| format::date(c.date)).collect();
    let row = |values: Vec<u32>| values.into_iter().map(Figure::Count).collect::<Vec<_>>();
    table.rows.push((
        "Gesamtfälle*".into(),
        row(columns.iter().map(|c| c.total).collect()),
    ));
    for (i, provider) in rules.providers.iter().enumerate() {
        table.rows.push((
            provider.short_name.clone(),
            row(columns
                .iter()
                .map(|c| c.per_provider.get(i).map_or(0, |(_, n)| *n))
                .collect()),
        ));
    }
    table.rows.push((
        "aktiv**".into(),
        row(columns.iter().map(|c| c.active).collect()),
    ));
    table.rows.push((
        "inaktiv**".into(),
        row(columns.iter().map(|c| c.inactive).collect()),
    ));
    let areas = if by_area {
        rules.municipality_areas().count()
    } else {
        0
    };
    for (i, area) in rules.municipality_areas().enumerate().take(areas) {
        table.rows.push((
            format!("in {}", area.label),
            row(columns
                .iter()
                .map(|c| c.per_area.get(i).map_or(0, |(_, n)| *n))
                .collect()),
        ));
    }
    let providers = rules.providers.len();
    table.sums = suppression::reporting_date_sums(providers, columns.len());
    // The areas add up to the total where every case lives in one of them.
    let first_area = providers + 3;
    for (c, column) in columns.iter().enumerate() {
        let in_areas: u32 = column.per_area.iter().map(|(_, n)| n).sum();
        if areas > 0 && in_areas == column.total {
            table.add_column_sum(c, 0, first_area..first_area + areas);
        }
    }
    table
}

/// A handover note as in the city's report: "Im Oktober 2022 wurden aufgrund der geänderten
/// Zuständigkeit 12 Fälle von Lernen fördern an Caritas Rheine übergeben."
fn note_text(note: &HandoverNote, rules: &RuleSet, threshold: Option<u32>) -> String {
    let cases = match threshold {
        Some(t) if note.cases < t => format!("weniger als {t} Fälle"),
        _ => format::count(note.cases as usize, "Fall", "Fälle"),
    };
    let verb = if note.cases == 1 && threshold.is_none_or(|t| note.cases >= t) {
        "wurde"
    } else {
        "wurden"
    };
    let reason = if note.rule_change {
        " aufgrund der geänderten Zuständigkeit"
    } else {
        ""
    };
    format!(
        "Im {} {verb}{reason} {cases} von {} an {} übergeben.",
        format::month_long(note.month),
        rules.provider_short_name(&note.from),
        rules.provider_short_name(&note.to),
    )
}

#[component]
pub(super) fn CaseSection(
    dates: Memo<Vec<NaiveDate>>,
    tables: Memo<Vec<ShownTable>>,
) -> impl IntoView {
    let state = use_app_state();
    let shown = Signal::derive(move || tables.with(|t| t.first().cloned()).unwrap_or_default());
    let load = Signal::derive(move || tables.with(|t| t.get(1).cloned()).unwrap_or_default());
    let new_date = RwSignal::new(None::<NaiveDate>);
    let message = RwSignal::new(None::<String>);
    let set_dates = move |mut list: Vec<NaiveDate>| {
        sorting::sort(&mut list);
        list.dedup();
        state.change_settings(|s| s.report.dates = Some(list));
    };
    let add = move |_| {
        let Some(date) = new_date.get_untracked() else {
            message.set(Some("Bitte zuerst ein Datum wählen.".into()));
            return;
        };
        if !crate::domain::calendar::is_plausible_year(chrono::Datelike::year(&date)) {
            message.set(Some(format!(
                "Der Stichtag muss zwischen {} liegen.",
                format::plausible_span()
            )));
            return;
        }
        let mut list = dates.get_untracked();
        if list.contains(&date) {
            message.set(Some(format!(
                "{} ist schon ein Stichtag.",
                format::date(date)
            )));
            return;
        }
        if list.len() >= MAX_REPORTING_DATES {
            message.set(Some(format!(
                "Höchstens {MAX_REPORTING_DATES} Stichtage; bitte zuerst einen entfernen."
            )));
            return;
        }
        list.push(date);
        set_dates(list);
        message.set(Some(format!(
            "Stichtag {} hinzugefügt.",
            format::date(date)
        )));
    };
    let printed = move || state.settings.with(|s| s.report.printed_dates.clone());
    let notes = move || {
        let list = dates.get();
        let protect = state.settings.with(|s| s.report.protect_small_numbers);
        state.data.with(|d| {
            let threshold = protect.then_some(d.rules.publication_threshold);
            handover_notes(&d.cases, &d.rules, &list)
                .iter()
                .map(|note| note_text(note, &d.rules, threshold))
                .collect::<Vec<_>>()
        })
    };

    view! {
        <section aria-labelledby="faelle-titel" class="report-block">
            <h2 id="faelle-titel">"Beratungsfälle, die ins Case Management (KIM) aufgenommen wurden"</h2>
            <fieldset class="no-print reporting-dates">
                <legend>"Stichtage"</legend>
                <ul class="plain-list date-list" aria-label="Gewählte Stichtage">
                    {move || {
                        let list = dates.get();
                        if list.is_empty() {
                            return view! { <li>"Keine Stichtage gewählt."</li> }.into_any();
                        }
                        list.into_iter().map(|date| view! {
                            <li>
                                <span>{format::date(date)}</span>
                                <button type="button" class="link-button"
                                    aria-label=format!("Stichtag {} entfernen", format::date(date))
                                    on:click=move |_| {
                                        let mut list = dates.get_untracked();
                                        list.retain(|d| *d != date);
                                        set_dates(list);
                                        message.set(Some(format!("Stichtag {} entfernt.", format::date(date))));
                                    }>"Entfernen"</button>
                            </li>
                        }).collect_view().into_any()
                    }}
                </ul>
                <div class="form-row">
                    <div>
                        <label for="report-date">"Stichtag hinzufügen"</label>
                        <input id="report-date" type="date"
                            on:change=move |ev| new_date.set(format::parse_input_date(&event_target_value(&ev))) />
                    </div>
                    <button type="button" class="secondary" on:click=add>"Hinzufügen"</button>
                </div>
                <div class="button-row">
                    <button type="button" class="secondary" on:click=move |_| {
                        set_dates(default_reporting_dates(browser::today()));
                        message.set(Some("Stichtage: die letzten drei Quartalsenden.".into()));
                    }>"Letzte drei Quartalsenden"</button>
                    <button type="button" class="secondary"
                        disabled=move || printed().is_empty()
                        title=move || if printed().is_empty() { "Noch kein Bericht gedruckt" } else { "" }
                        on:click=move |_| {
                            set_dates(printed());
                            message.set(Some("Stichtage: wie im zuletzt gedruckten Bericht.".into()));
                        }>"Stichtage des letzten Berichts"</button>
                </div>
                <p class="field-hint" role="status">{move || message.get()}</p>
            </fieldset>
            <super::ReportSwitch class="no-print" get=|r| r.by_area set=|r, on| r.by_area = on>
                "Fälle auch je Regionalbereich zeigen (Wohnort am Stichtag, nach Umzügen)"
            </super::ReportSwitch>
            <div class="chart-and-table">
                <ReportTableView table=shown />
                {move || {
                    let table = shown.get();
                    let providers = state.data.with(|d| d.rules.providers.len());
                    view! {
                        <BarChart
                            title="Fälle je Träger an den Stichtagen"
                            categories=table.columns.clone()
                            series=table.series(1..=providers, table.columns.len())
                        />
                    }
                }}
            </div>
            <div class="report-notes">
                <p class="table-note">"* Gesamtzahl der bislang beratenen Personen bis zum Stichtag, unabhängig vom Fallstatus. Je Träger: der am Stichtag zuständige Träger (Übergaben bis einschließlich Stichtag zählen)."</p>
                <p class="table-note">"** Status am Stichtag. Aktive Fälle befinden sich im aktiven Beratungsprozess; inaktive wurden abgemeldet (z. B. Umzug, Rückkehr) oder haben sich lange nicht gemeldet."</p>
                {move || notes().into_iter().map(|text| view! { <p class="table-note handover-note">{text}</p> }).collect_view()}
            </div>
            <ReportTableView table=load />
            <div class="report-notes">
                <p class="table-note">"Aktive Fälle je Vollzeitstelle: die am Stichtag aktiven Fälle eines Trägers, geteilt durch seine Stellen laut Regelwerk an diesem Tag (je Träger oder als Summe seiner Regionalbereiche). Für alle Träger: alle aktiven Fälle, geteilt durch die Summe der Stellen, wenn jeder zuständige Träger Stellen hat. „–“: keine Stellen angegeben. Ein Fallschlüssel ist vom Land bisher nicht vorgegeben."</p>
            </div>
        </section>
    }
}
