//! Recurring themes for the working group *Fallanalyse*: areas of life, their combinations,
//! problems, ways in and admissions against the suggestion, among the cases admitted in the
//! report period. One long-format CSV holds every table.

use super::{period_slug, Period};
use crate::app::chart::BarChart;
use crate::app::components::TableWrap;
use crate::app::{actions, browser, format, use_app_state};
use crate::domain::csv::Cell;
use crate::domain::report::themes::{theme_report, ThemeReport};
use crate::domain::rules::{label_or_id, RuleSet};
use leptos::prelude::*;

/// How many combinations the page lists.
const TOP_COMBINATIONS: usize = 10;

/// One table of the section: a heading and (label, cases) rows.
#[derive(Clone, Debug, PartialEq)]
struct ThemeTable {
    title: &'static str,
    rows: Vec<(String, u32)>,
}

fn tables(report: &ThemeReport, rules: &RuleSet) -> Vec<ThemeTable> {
    let life_area = |id: &crate::domain::LifeAreaId| {
        rules
            .life_area(id)
            .map_or_else(|| id.as_str().to_owned(), |l| l.label.clone())
    };
    let mut life_areas: Vec<(String, u32)> = report
        .life_areas
        .iter()
        .map(|(id, n)| (life_area(id), *n))
        .collect();
    if report.unclassified > 0 {
        life_areas.push((
            "(Problemlage ohne bekannten Lebensbereich)".into(),
            report.unclassified,
        ));
    }
    vec![
        ThemeTable {
            title: "Lebensbereiche",
            rows: life_areas,
        },
        ThemeTable {
            title: "Häufigste Kombinationen von Lebensbereichen",
            rows: report
                .combinations
                .iter()
                .take(TOP_COMBINATIONS)
                .map(|c| {
                    (
                        c.life_areas
                            .iter()
                            .map(life_area)
                            .collect::<Vec<_>>()
                            .join(" + "),
                        c.cases,
                    )
                })
                .collect(),
        },
        ThemeTable {
            title: "Häufigste Kombinationen von Problemlagen",
            rows: report
                .problem_combinations
                .iter()
                .take(TOP_COMBINATIONS)
                .map(|c| {
                    (
                        c.problems
                            .iter()
                            .map(|id| {
                                rules
                                    .problem(id)
                                    .map_or_else(|| id.as_str().to_owned(), |p| p.label.clone())
                            })
                            .collect::<Vec<_>>()
                            .join(" + "),
                        c.cases,
                    )
                })
                .collect(),
        },
        ThemeTable {
            title: "Problemlagen",
            rows: report
                .problems
                .iter()
                .map(|(id, n)| {
                    (
                        rules
                            .problem(id)
                            .map_or_else(|| id.as_str().to_owned(), |p| p.label.clone()),
                        *n,
                    )
                })
                .collect(),
        },
        ThemeTable {
            title: "Zugangswege",
            rows: report
                .ways_in
                .iter()
                .map(|(id, n)| {
                    (
                        rules
                            .way_in(id)
                            .map_or_else(|| id.as_str().to_owned(), |w| w.label.clone()),
                        *n,
                    )
                })
                .collect(),
        },
        ThemeTable {
            title: "Aufnahmen entgegen der Empfehlung (fachliche Einschätzung)",
            rows: std::iter::once(("zusammen".to_string(), report.against_suggestion))
                .chain(
                    report
                        .override_reasons
                        .iter()
                        .map(|(id, n)| (label_or_id(&rules.override_reasons, id), *n)),
                )
                .collect(),
        },
    ]
}

/// `n` as a share of `of`, e.g. `42 %`; empty when `of` is 0.
fn share(n: u32, of: u32) -> String {
    if of == 0 {
        String::new()
    } else {
        format!("{} %", (f64::from(n) * 100.0 / f64::from(of)).round())
    }
}

#[component]
pub(super) fn ThemeSection(period: Period) -> impl IntoView {
    let state = use_app_state();
    let report = Memo::new(move |_| {
        let (first, last) = period.range();
        let from = first.first_day();
        let until = last.last_day();
        state.data.with(|d| {
            browser::measure("kim:report:themes", || {
                theme_report(&d.cases, &d.rules, from, until)
            })
        })
    });
    let tables = Memo::new(move |_| {
        let report = report.get();
        state.data.with(|d| tables(&report, &d.rules))
    });
    let download = move |_| {
        let cases = report.with_untracked(|r| r.cases);
        let rows: Vec<Vec<Cell>> = tables
            .get_untracked()
            .into_iter()
            .flat_map(|table| {
                table.rows.into_iter().map(move |(label, n)| {
                    vec![
                        Cell::from(table.title),
                        Cell::from(label),
                        Cell::from(n),
                        if cases == 0 {
                            Cell::Empty
                        } else {
                            Cell::Rounded(f64::from(n) * 100.0 / f64::from(cases), 1)
                        },
                    ]
                })
            })
            .collect();
        let (first, last) = period.range();
        actions::download_csv(
            &format!("kim-themen-{}.csv", period_slug(first, last)),
            &["Tabelle", "Eintrag", "Fälle", "Anteil in %"],
            &rows,
        );
    };

    view! {
        <section aria-labelledby="themen-titel" class="report-block">
            <h2 id="themen-titel">"Wiederkehrende Themen für die AG Fallanalyse"</h2>
            <p data-testid="theme-summary">
                {move || {
                    let r = report.get();
                    format!(
                        "{} Fälle wurden vom {} bis {} aufgenommen. Gezählt wird jeder Fall einmal je Lebensbereich, Problemlage und Zugangsweg.",
                        r.cases,
                        format::date(r.from),
                        format::date(r.until)
                    )
                }}
            </p>
            {move || {
                let cases = report.with(|r| r.cases);
                tables
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, table)| {
                        let chart = (i == 0)
                            .then(|| {
                                view! {
                                    <BarChart
                                        title="Fälle je Lebensbereich"
                                        categories=table.rows.iter().map(|(l, _)| l.clone()).collect()
                                        series=vec![("Fälle".to_string(), table.rows.iter().map(|(_, n)| f64::from(*n)).collect())]
                                    />
                                }
                            });
                        view! {
                            <h3>{table.title}</h3>
                            <div class="chart-and-table">
                                <TableWrap label=table.title>
                                    <table data-testid=format!("theme-table-{i}")>
                                        <thead>
                                            <tr>
                                                <th scope="col">{table.title}</th>
                                                <th scope="col" class="num">"Fälle"</th>
                                                <th scope="col" class="num">"Anteil"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {if table.rows.is_empty() {
                                                view! { <tr><td colspan="3">"keine"</td></tr> }.into_any()
                                            } else {
                                                table
                                                    .rows
                                                    .iter()
                                                    .map(|(label, n)| view! {
                                                        <tr>
                                                            <th scope="row">{label.clone()}</th>
                                                            <td class="num">{*n}</td>
                                                            <td class="num">{share(*n, cases)}</td>
                                                        </tr>
                                                    })
                                                    .collect_view()
                                                    .into_any()
                                            }}
                                        </tbody>
                                    </table>
                                </TableWrap>
                                {chart}
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" class="secondary no-print" on:click=download>"CSV: Themen der AG Fallanalyse"</button>
        </section>
    }
}
