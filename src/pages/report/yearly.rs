//! *Baustein 3*: yearly totals from the foreigners' and naturalisation authorities (residence
//! permits for good integration, § 25a / § 25b AufenthG; naturalisations; posts at ABH and
//! EBH), entered by hand because they arrive as totals, shown with their trend; chart and CSV.

use super::table::{protect, Figure, ReportTable, ReportTableView};
use crate::app::chart::BarChart;
use crate::app::components::StatusMessage;
use crate::app::{browser, format, use_app_state};
use crate::domain::report::yearly::{yearly_report, Trend};
use crate::domain::yearly::{self, Figure as YearlyFigure, YearlyError, YearlyFigures};
use chrono::Datelike;
use leptos::prelude::*;

/// The form's text fields; empty = figure not known.
#[derive(Clone, Debug, Default, PartialEq)]
struct Form {
    year: String,
    permits: String,
    naturalisations: String,
    posts_abh: String,
    posts_ebh: String,
}

impl Form {
    fn of(figures: &YearlyFigures) -> Self {
        Form {
            year: figures.year.to_string(),
            permits: figures
                .residence_permits
                .map(|n| n.to_string())
                .unwrap_or_default(),
            naturalisations: figures
                .naturalisations
                .map(|n| n.to_string())
                .unwrap_or_default(),
            posts_abh: figures.posts_abh.map(format::decimal).unwrap_or_default(),
            posts_ebh: figures.posts_ebh.map(format::decimal).unwrap_or_default(),
        }
    }

    /// The figures, or the German name of the first field that is not a number.
    fn figures(&self) -> Result<YearlyFigures, &'static str> {
        fn count(text: &str, name: &'static str) -> Result<Option<u32>, &'static str> {
            let text = text.trim().replace('.', "");
            if text.is_empty() {
                return Ok(None);
            }
            text.parse().map(Some).map_err(|_| name)
        }
        fn posts(text: &str, name: &'static str) -> Result<Option<f64>, &'static str> {
            let text = text.trim().replace(',', ".");
            if text.is_empty() {
                return Ok(None);
            }
            text.parse::<f64>().map(Some).map_err(|_| name)
        }
        Ok(YearlyFigures {
            year: self.year.trim().parse().map_err(|_| "Jahr")?,
            residence_permits: count(&self.permits, "Aufenthaltserlaubnisse")?,
            naturalisations: count(&self.naturalisations, "Einbürgerungen")?,
            posts_abh: posts(&self.posts_abh, "Stellen Ausländerbehörde")?,
            posts_ebh: posts(&self.posts_ebh, "Stellen Einbürgerungsbehörde")?,
        })
    }
}

fn figure_name(figure: YearlyFigure) -> &'static str {
    match figure {
        YearlyFigure::ResidencePermits => "Aufenthaltserlaubnisse",
        YearlyFigure::Naturalisations => "Einbürgerungen",
        YearlyFigure::PostsAbh => "Stellen Ausländerbehörde",
        YearlyFigure::PostsEbh => "Stellen Einbürgerungsbehörde",
    }
}

fn error_text(error: &YearlyError) -> String {
    match error {
        YearlyError::YearOutOfRange { last_year, .. } => format!(
            "Das Jahr muss zwischen {} und {last_year} liegen.",
            yearly::FIRST_YEAR
        ),
        YearlyError::ImplausibleCount { figure, .. } => {
            format!("Die Zahl „{}“ ist unplausibel hoch.", figure_name(*figure))
        }
        YearlyError::ImplausiblePosts { figure, .. } => format!(
            "Die Zahl „{}“ muss zwischen 0 und {} liegen.",
            figure_name(*figure),
            yearly::MAX_POSTS
        ),
    }
}

/// `+12 (+25 %)`, `−3 (−5 %)`, or empty.
fn change_text(absolute: Option<i64>, percent: Option<f64>) -> String {
    let Some(absolute) = absolute else {
        return String::new();
    };
    let sign = |v: f64| {
        if v > 0.0 {
            "+"
        } else if v < 0.0 {
            "−"
        } else {
            "±"
        }
    };
    let mut text = format!("{}{}", sign(absolute as f64), absolute.abs());
    if let Some(p) = percent {
        // Non-breaking spaces keep "+14 (+41 %)" on one line in narrow columns.
        text.push_str(&format!("\u{a0}({}{}\u{a0}%)", sign(p), p.abs().round()));
    }
    text
}

fn overall_text(name: &str, trend: &Trend) -> Option<String> {
    let o = trend.overall.as_ref()?;
    Some(format!(
        "{name}: {} ({}) → {} ({}), {}",
        o.from,
        o.from_year,
        o.to,
        o.to_year,
        change_text(Some(o.absolute), o.percent)
    ))
}

/// Moves focus to the year of the form (after "bearbeiten").
fn focus_year() {
    crate::app::focus::focus_after_render("#yearly-year");
}

#[component]
pub(super) fn YearlySection() -> impl IntoView {
    let state = use_app_state();
    let form = RwSignal::new(Form {
        year: (browser::today().year() - 1).to_string(),
        ..Form::default()
    });
    let message = RwSignal::new(None::<(bool, String)>);
    let report = Memo::new(move |_| state.data.with(|d| yearly_report(&d.yearly)));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let figures = match form.with_untracked(Form::figures) {
            Ok(figures) => figures,
            Err(field) => {
                message.set(Some((false, format!("„{field}“ ist keine Zahl."))));
                return;
            }
        };
        if let Err(error) = yearly::validate(&figures, browser::today().year()) {
            message.set(Some((false, error_text(&error))));
            return;
        }
        let year = figures.year;
        state.change_data(|d| yearly::upsert(&mut d.yearly, figures));
        message.set(Some((
            true,
            format!("Die Zahlen für {year} wurden gespeichert."),
        )));
    };
    let table = Signal::derive(move || {
        let r = report.get();
        let mut table = ReportTable::new(
            "yearly-report",
            "Baustein 3: Aufenthaltserlaubnisse, Einbürgerungen und Stellen",
            "Jahr",
        );
        table.file = "baustein-3".into();
        table.protectable = false;
        table.columns = vec![
            "Aufenthalts\u{ad}erlaubnisse § 25a/§ 25b".into(),
            "zum Vorjahr".into(),
            "Einbürgerungen".into(),
            "zum Vorjahr".into(),
            "Stellen ABH".into(),
            "Stellen EBH".into(),
        ];
        let count = |v: Option<u32>| v.map_or(Figure::Missing, Figure::Count);
        table.rows = r
            .rows
            .iter()
            .zip(&r.residence_permits.changes)
            .zip(&r.naturalisations.changes)
            .map(|((row, permits), naturalisations)| {
                (
                    row.year.to_string(),
                    vec![
                        count(row.residence_permits),
                        Figure::Change(
                            permits.absolute,
                            change_text(permits.absolute, permits.percent),
                        ),
                        count(row.naturalisations),
                        Figure::Change(
                            naturalisations.absolute,
                            change_text(naturalisations.absolute, naturalisations.percent),
                        ),
                        Figure::Posts(row.posts_abh),
                        Figure::Posts(row.posts_ebh),
                    ],
                )
            })
            .collect();
        protect(&[table], &[], None).pop().unwrap_or_default()
    });
    let field = move |id: &'static str,
                      label: &'static str,
                      mode: &'static str,
                      get: fn(&Form) -> String,
                      set: fn(&mut Form, String)| {
        view! {
            <div>
                <label for=id>{label}</label>
                <input
                    id=id
                    type="text"
                    inputmode=mode
                    autocomplete="off"
                    size="8"
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                />
            </div>
        }
    };

    view! {
        <section aria-labelledby="baustein3-titel" class="report-block">
            <h2 id="baustein3-titel">"Baustein 3: Ausländer- und Einbürgerungsbehörde"</h2>
            <div class="chart-and-table">
                <div class="report-part">
                    <ReportTableView table
                        hint="Summen, wie sie die Ausländer- und die Einbürgerungsbehörde melden; sie zählen keine Fälle des KIM und werden daher nicht geschwärzt." />
                    <ul class="plain-list" data-testid="yearly-trend">
                        {move || {
                            let r = report.get();
                            [
                                overall_text("Aufenthaltserlaubnisse", &r.residence_permits),
                                overall_text("Einbürgerungen", &r.naturalisations),
                            ]
                            .into_iter()
                            .flatten()
                            .map(|t| view! { <li>{t}</li> })
                            .collect_view()
                        }}
                    </ul>
                    <ul class="plain-list no-print" aria-label="Jahreszahlen bearbeiten">
                        {move || report.get().rows.into_iter().map(|row| {
                            let year = row.year;
                            view! {
                                <li>
                                    <button type="button" class="link-button"
                                        on:click=move |_| { form.set(Form::of(&row)); message.set(None); focus_year(); }>
                                        {format!("Zahlen für {year} bearbeiten")}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
                {move || {
                    let r = report.get();
                    view! {
                        <BarChart
                            title="Aufenthaltserlaubnisse und Einbürgerungen je Jahr"
                            categories=r.rows.iter().map(|row| row.year.to_string()).collect()
                            series=vec![
                                ("Aufenthaltserlaubnisse § 25a/§ 25b".to_string(), r.rows.iter().map(|row| f64::from(row.residence_permits.unwrap_or(0))).collect()),
                                ("Einbürgerungen".to_string(), r.rows.iter().map(|row| f64::from(row.naturalisations.unwrap_or(0))).collect()),
                            ]
                        />
                    }
                }}
            </div>
            <form class="no-print yearly-form" on:submit=save>
                <h3>"Jahreszahlen eintragen oder ändern"</h3>
                <p class="field-hint">"Summen, wie sie von den Behörden gemeldet werden. Leere Felder gelten als nicht bekannt. Stellen mit Komma, z. B. 0,75."</p>
                <div class="form-row">
                    {field("yearly-year", "Jahr", "numeric", |f| f.year.clone(), |f, v| f.year = v)}
                    {field("yearly-permits", "Aufenthaltserlaubnisse § 25a/§ 25b", "numeric", |f| f.permits.clone(), |f, v| f.permits = v)}
                    {field("yearly-naturalisations", "Einbürgerungen", "numeric", |f| f.naturalisations.clone(), |f, v| f.naturalisations = v)}
                    {field("yearly-abh", "Stellen ABH", "decimal", |f| f.posts_abh.clone(), |f, v| f.posts_abh = v)}
                    {field("yearly-ebh", "Stellen EBH", "decimal", |f| f.posts_ebh.clone(), |f, v| f.posts_ebh = v)}
                </div>
                <button type="submit">"Jahreszahlen speichern"</button>
                <StatusMessage message />
            </form>
        </section>
    }
}
