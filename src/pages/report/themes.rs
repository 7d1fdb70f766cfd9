//! Recurring themes for the working group *Fallanalyse*: areas of life, their combinations,
//! problems, ways in and admissions against the suggestion, among the cases admitted in the
//! report period, each with the share of the cases.
//!
//! Decision: when small numbers are protected, the shares are left out. A share of a hidden
//! count would give the count away, and a share of a shown count over a hidden total the
//! total; the published paper gets the counts, the working group reads the shares on screen.

use super::table::{protect, Figure, ReportTable, ReportTableView, ShownTable};
use super::{period_slug, Period};
use crate::app::chart::BarChart;
use crate::app::{browser, format, use_app_state};
use crate::domain::report::themes::{theme_report, ThemeReport};
use crate::domain::rules::{label_or_id, RuleSet};
use chrono::NaiveDate;
use leptos::prelude::*;

/// How many combinations the page lists.
const TOP_COMBINATIONS: usize = 10;

/// One table of the section: a heading and (label, cases) rows; `total_first` when the first
/// row is the sum of the others.
#[derive(Clone, Debug, PartialEq)]
struct ThemeTable {
    title: &'static str,
    rows: Vec<(String, u32)>,
    total_first: bool,
}

fn theme_tables(report: &ThemeReport, rules: &RuleSet) -> Vec<ThemeTable> {
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
            total_first: false,
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
            total_first: false,
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
            total_first: false,
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
            total_first: false,
        },
        ThemeTable {
            title: "Zugangswege",
            rows: std::iter::once(("zusammen".to_string(), report.cases))
                .chain(report.ways_in.iter().map(|(id, n)| {
                    (
                        rules
                            .way_in(id)
                            .map_or_else(|| id.as_str().to_owned(), |w| w.label.clone()),
                        *n,
                    )
                }))
                .collect(),
            total_first: true,
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
            total_first: true,
        },
    ]
}

/// `n` as a share of `of` in percent; `None` when `of` is 0.
fn share(n: u32, of: u32) -> Option<f64> {
    (of > 0).then(|| f64::from(n) * 100.0 / f64::from(of))
}

/// The section's tables as shown, and what the summary line says.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct ThemeTables {
    /// Cases admitted in the period (before protection).
    pub cases: u32,
    /// The same as shown: "84", "< 3" or "x".
    cases_shown: String,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
    shown: Vec<ShownTable>,
}

/// The theme tables over the period, protected with `threshold`.
pub(super) fn tables(period: Period, threshold: Memo<Option<u32>>) -> Memo<ThemeTables> {
    let state = use_app_state();
    Memo::new(move |_| {
        let (first, last) = period.range();
        let threshold = threshold.get();
        state.data.with(|d| {
            let report = browser::measure("kim:report:themes", || {
                theme_report(&d.cases, &d.rules, first.first_day(), last.last_day())
            });
            let slug = period_slug(first, last);
            let built: Vec<ReportTable> = theme_tables(&report, &d.rules)
                .into_iter()
                .enumerate()
                .map(|(i, t)| build(i, t, report.cases, threshold.is_none(), &slug))
                .collect();
            let shown = protect(&built, &[], threshold);
            // The ways in start with the number of cases, as shown.
            let cases_shown = shown
                .iter()
                .find(|t| t.title == "Zugangswege")
                .and_then(|t| t.rows.first())
                .and_then(|(_, cells)| cells.first())
                .map_or_else(|| report.cases.to_string(), |c| c.text.clone());
            ThemeTables {
                cases: report.cases,
                cases_shown,
                from: Some(report.from),
                until: Some(report.until),
                shown,
            }
        })
    })
}

/// A theme table: counts, and the share of the cases unless protected.
fn build(index: usize, table: ThemeTable, cases: u32, shares: bool, slug: &str) -> ReportTable {
    let mut built = ReportTable::new(format!("theme-table-{index}"), table.title, table.title);
    built.file = format!("themen-{}-{slug}", index + 1);
    built.columns = if shares {
        vec!["Fälle".into(), "Anteil".into()]
    } else {
        vec!["Fälle".into()]
    };
    let sum_holds = table.total_first
        && table.rows.first().map(|(_, n)| u64::from(*n))
            == Some(table.rows.iter().skip(1).map(|(_, n)| u64::from(*n)).sum());
    built.rows = table
        .rows
        .into_iter()
        .map(|(label, n)| {
            let mut figures = vec![Figure::Count(n)];
            if shares {
                figures.push(Figure::Percent(share(n, cases)));
            }
            (label, figures)
        })
        .collect();
    if sum_holds {
        built.add_column_sum(0, 0, 1..built.rows.len());
    }
    built
}

#[component]
pub(super) fn ThemeSection(tables: Memo<ThemeTables>) -> impl IntoView {
    view! {
        <section aria-labelledby="themen-titel" class="report-block">
            <h2 id="themen-titel">"Wiederkehrende Themen für die AG Fallanalyse"</h2>
            <p data-testid="theme-summary">
                {move || {
                    let t = tables.get();
                    let (Some(from), Some(until)) = (t.from, t.until) else { return String::new() };
                    let noun = if t.cases_shown == "1" { "Fall wurde" } else { "Fälle wurden" };
                    format!(
                        "{} {noun} vom {} bis {} aufgenommen. Gezählt wird jeder Fall einmal je Lebensbereich, Problemlage und Zugangsweg.",
                        t.cases_shown,
                        format::date(from),
                        format::date(until)
                    )
                }}
            </p>
            {move || {
                tables
                    .get()
                    .shown
                    .into_iter()
                    .enumerate()
                    .map(|(i, shown)| {
                        let chart = (i == 0).then(|| {
                            let count = shown.rows.len();
                            view! {
                                <BarChart
                                    title="Fälle je Lebensbereich"
                                    categories=shown.rows.iter().map(|(l, _)| l.clone()).collect()
                                    series=vec![("Fälle".to_string(), shown.rows.iter().take(count).map(|(_, c)| c.first().and_then(|c| c.value).unwrap_or(f64::NAN)).collect())]
                                />
                            }
                        });
                        view! {
                            <div class="chart-and-table">
                                <ReportTableView table=Signal::stored(shown) />
                                {chart}
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </section>
    }
}
