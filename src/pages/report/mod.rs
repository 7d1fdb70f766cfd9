//! *Bericht*: the committee report (*Sozialausschuss*, *Integrationsrat*) from the tallies.
//!
//! One file per part, in the order of the printed report:
//! - [`cases`]: cases admitted into KIM on reporting dates (the city's table, with footnotes),
//!   and the active cases per full-time post on those dates;
//! - [`case_work`]: counselling sessions over the period (per month, by form, per case) and
//!   how cases end (by reason, by evaluation, time in case management);
//! - [`contacts`]: short contacts per month and provider;
//! - [`visits`]: welcome visits per month and district, offers told about and invited to;
//! - [`themes`]: recurring themes for the working group *Fallanalyse*;
//! - [`yearly`]: *Baustein 3*, yearly figures entered by hand, with their trend.
//!
//! Every table is a [`table::ReportTable`]: shown, printed, copied for Word and Excel and
//! downloaded as CSV from one model, with small numbers protected for publication when the
//! user asks (`domain::report::suppression`). Where a picture helps, a bar chart stands beside
//! the table. The tallies come from `domain::report`; this page only formats them.
//! Computations are wrapped in `browser::measure` so the report benchmark can read them.
//!
//! The print is the committee paper: a title block (municipality, *Stand*, period, reporting
//! dates, which devices' data it combines), the parts the user chose (parts without data are
//! left out by default), footnotes generated from the data, and CSS for A4 that never cuts a
//! column. Reporting dates, period and protection are settings kept across reloads
//! (`storage::schema::ReportSettings`).

mod case_work;
mod cases;
mod contacts;
mod table;
mod themes;
mod visits;
mod yearly;

use crate::app::router::PageLink;
use crate::app::{actions, browser, format, use_app_state};
use crate::domain::report::cases::default_reporting_dates;
use crate::domain::YearMonth;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The months the period-based parts (contacts, visits, themes) report on, both included;
/// kept in the settings.
#[derive(Clone, Copy)]
pub(crate) struct Period {
    pub first: Memo<YearMonth>,
    pub last: Memo<YearMonth>,
}

impl Period {
    /// First and last month (tracked).
    fn range(self) -> (YearMonth, YearMonth) {
        (self.first.get(), self.last.get())
    }
}

/// `Von Monat` / `Bis Monat` in the file name of a CSV download, e.g. `2023-01_2023-04`.
fn period_slug(first: YearMonth, last: YearMonth) -> String {
    format!("{first}_{last}")
}

/// The parts of the report, in the order of the printed paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Cases,
    Sessions,
    Endings,
    Contacts,
    Visits,
    Themes,
    Yearly,
}

impl Part {
    const ALL: [Part; 7] = [
        Part::Cases,
        Part::Sessions,
        Part::Endings,
        Part::Contacts,
        Part::Visits,
        Part::Themes,
        Part::Yearly,
    ];

    fn label(self) -> &'static str {
        match self {
            Part::Cases => "Fälle an Stichtagen",
            Part::Sessions => "Beratungstermine",
            Part::Endings => "Abschluss von Fällen",
            Part::Contacts => "Sonstige Beratungskontakte",
            Part::Visits => "Willkommensbesuche",
            Part::Themes => "Themen für die AG Fallanalyse",
            Part::Yearly => "Baustein 3",
        }
    }
}

/// Which parts go into the print: the user's choice, or by default the parts with data.
#[derive(Clone, Copy)]
pub(crate) struct PrintChoice {
    chosen: RwSignal<Vec<(Part, bool)>>,
    has_data: Memo<Vec<Part>>,
}

impl PrintChoice {
    /// Whether `part` is printed (tracked).
    pub fn printed(self, part: Part) -> bool {
        self.chosen
            .with(|c| c.iter().find(|(p, _)| *p == part).map(|(_, on)| *on))
            .unwrap_or_else(|| self.has_data.with(|d| d.contains(&part)))
    }

    fn set(self, part: Part, on: bool) {
        self.chosen.update(|c| {
            c.retain(|(p, _)| *p != part);
            c.push((part, on));
        });
    }
}

/// A checkbox for one switch of the report's settings (kept across reloads).
#[component]
fn ReportSwitch(
    /// Extra class of the label.
    class: &'static str,
    get: fn(&crate::storage::schema::ReportSettings) -> bool,
    set: fn(&mut crate::storage::schema::ReportSettings, bool),
    children: Children,
) -> impl IntoView {
    let state = use_app_state();
    view! {
        <label class=format!("choice {class}")>
            <input type="checkbox"
                prop:checked=move || state.settings.with(|s| get(&s.report))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    state.change_settings(|s| set(&mut s.report, on));
                } />
            {children()}
        </label>
    }
}

/// The report of an empty device: what to do first, with links there. The tables below stay,
/// with zeros, and *Baustein 3* can be entered by hand.
#[component]
fn NothingToReport() -> impl IntoView {
    use crate::app::routes::Page;
    view! {
        <section class="empty-state no-print" aria-labelledby="noch-nichts-titel">
            <h2 id="noch-nichts-titel">"Noch nichts zu berichten"</h2>
            <p>
                "Auf diesem Gerät sind noch keine Fälle, Kontakte oder Willkommensbesuche erfasst. Erfassen Sie Fälle mit der Aufnahmeprüfung, oder führen Sie die Exportdateien der Träger unter Datenaustausch zusammen."
            </p>
            <ul class="next-steps">
                <li>
                    <PageLink page=Page::Intake>"Zur Aufnahme"</PageLink>
                </li>
                <li>
                    <PageLink page=Page::Exchange>"Zum Datenaustausch"</PageLink>
                </li>
            </ul>
        </section>
    }
}

/// The title block of the printed paper: municipality, *Stand*, period, reporting dates and
/// where the data come from.
#[component]
fn TitleBlock(period: Period, dates: Memo<Vec<NaiveDate>>) -> impl IntoView {
    let state = use_app_state();
    let municipality = move || state.data.with(|d| d.rules.municipality.clone());
    let sources = move || {
        let (devices, latest) = state.settings.with(|s| s.import_summary());
        match (devices, latest) {
            (0, _) | (_, None) => "Daten dieses Geräts".to_owned(),
            (n, Some(ms)) => format!(
                "Daten dieses Geräts und Exporte von {}, zuletzt importiert am {}",
                format::count(n, "weiteren Gerät", "weiteren Geräten"),
                format::date(browser::date_of_ms(ms)),
            ),
        }
    };
    view! {
        <header class="print-only title-block">
            <p class="title-kicker">"Kommunales Integrationsmanagement (KIM)"</p>
            <p class="title-main">{move || format!("Bericht KIM {}", municipality())}</p>
            <dl class="title-facts">
                <div><dt>"Stand"</dt><dd>{format::date(browser::today())}</dd></div>
                <div><dt>"Berichtszeitraum"</dt><dd>{move || format!("{} bis {}", format::month_long(period.first.get()), format::month_long(period.last.get()))}</dd></div>
                <div><dt>"Stichtage"</dt><dd>{move || {
                    let list = dates.get();
                    if list.is_empty() { "keine".to_owned() } else { list.iter().map(|d| format::date(*d)).collect::<Vec<_>>().join(", ") }
                }}</dd></div>
                <div><dt>"Datengrundlage"</dt><dd>{sources}</dd></div>
                {move || {
                    let stale = state.settings.with(|s| s.stale_devices(browser::today(), browser::date_of_ms));
                    (!stale.is_empty()).then(|| view! {
                        <div data-testid="stale-devices"><dt>"Veraltete Daten"</dt><dd>{stale.iter().map(|(entry, on)| {
                            let short: String = entry.device.chars().take(8).collect();
                            format!("Daten von Gerät {short} zuletzt vom {}", format::date(*on))
                        }).collect::<Vec<_>>().join("; ")}</dd></div>
                    })
                }}
            </dl>
        </header>
    }
}

/// The report page.
#[component]
pub fn ReportPage() -> impl IntoView {
    let state = use_app_state();
    let today = browser::today();
    let current = YearMonth::of(today);
    // Default period: the current month and the three before it.
    let default_first = current
        .previous()
        .and_then(YearMonth::previous)
        .and_then(YearMonth::previous)
        .unwrap_or(current);
    let stored_period = move || state.settings.with(|s| s.report.period);
    let period = Period {
        first: Memo::new(move |_| stored_period().map_or(default_first, |p| p.0)),
        last: Memo::new(move |_| stored_period().map_or(current, |p| p.1)),
    };
    let set_period = move |first: YearMonth, last: YearMonth| {
        state.change_settings(|s| s.report.period = Some((first, last)));
    };
    let dates = Memo::new(move |_| {
        state.settings.with(|s| {
            s.report
                .dates
                .clone()
                .unwrap_or_else(|| default_reporting_dates(today))
        })
    });
    let threshold = Memo::new(move |_| {
        let on = state.settings.with(|s| s.report.protect_small_numbers);
        on.then(|| state.data.with(|d| d.rules.publication_threshold))
    });
    let export_age = move || {
        state
            .settings
            .with(|s| actions::export_age_text(s.last_export_ms, browser::now_ms()))
    };
    let reversed = move || period.first.get() > period.last.get();
    let nothing_recorded = move || {
        state.data.with(|d| {
            d.cases.iter().all(|c| c.is_deleted())
                && d.contacts.iter().all(|c| c.voided)
                && d.visits.iter().all(|v| v.voided)
                && d.yearly.is_empty()
        })
    };

    let case_tables = cases::tables(dates, threshold);
    let work = case_work::period_figures(period);
    let session_tables = case_work::session_report(period, work, threshold);
    let ending_tables = case_work::ending_report(period, work, threshold);
    let contact_tables = contacts::tables(period, threshold);
    let visit_tables = visits::tables(period, threshold);
    let theme_tables = themes::tables(period, threshold);
    // Asked by every part's checkbox and print switch: computed once per change.
    let has_data = Memo::new(move |_| {
        let mut parts = Vec::new();
        let any = |tables: Memo<Vec<table::ShownTable>>| {
            tables.with(|tables| tables.iter().any(|t| t.has_counts))
        };
        if any(case_tables) {
            parts.push(Part::Cases);
        }
        // Sessions: only when any was held (the table of cases counts active cases too).
        if session_tables.with(|t| t.first().is_some_and(|t| t.has_counts)) {
            parts.push(Part::Sessions);
        }
        if any(ending_tables) {
            parts.push(Part::Endings);
        }
        if any(contact_tables) {
            parts.push(Part::Contacts);
        }
        if any(visit_tables) {
            parts.push(Part::Visits);
        }
        if theme_tables.with(|t| t.cases > 0) {
            parts.push(Part::Themes);
        }
        if state.data.with(|d| !d.yearly.is_empty()) {
            parts.push(Part::Yearly);
        }
        parts
    });
    let print = PrintChoice {
        chosen: RwSignal::new(Vec::new()),
        has_data,
    };
    let print_now = move |_| {
        let printed = dates.get_untracked();
        state.change_settings(|s| s.report.printed_dates = printed);
        let _printing_is_best_effort = window().print();
    };

    view! {
        <TitleBlock period dates />
        <h1 tabindex="-1" class="no-print">"Bericht"</h1>
        <Show when=nothing_recorded>
            <NothingToReport />
        </Show>
        <section aria-labelledby="bericht-werkzeuge" class="no-print report-tools">
            <h2 id="bericht-werkzeuge">"Drucken und Weitergeben"</h2>
            <p data-testid="days-since-export">
                {export_age} " Daten anderer Geräte führen Sie unter "
                <PageLink page=crate::app::routes::Page::Exchange>"Datenaustausch"</PageLink> " zusammen."
            </p>
            <fieldset>
                <legend>"Teile des gedruckten Berichts"</legend>
                <div class="choice-grid">
                    {Part::ALL.into_iter().map(|part| {
                        let empty = move || !has_data.with(|d| d.contains(&part));
                        view! {
                            <label class="choice">
                                <input type="checkbox" prop:checked=move || print.printed(part)
                                    on:change=move |ev| print.set(part, event_target_checked(&ev)) />
                                {part.label()}
                                <Show when=empty>" (keine Daten)"</Show>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <ReportSwitch class="protect-choice"
                get=|r| r.protect_small_numbers
                set=|r, on| r.protect_small_numbers = on>
                {move || {
                    let n = state.data.with(|d| d.rules.publication_threshold);
                    format!("Kleine Zahlen schützen: Zahlen unter {n} als „< {n}“ zeigen (für öffentliche Vorlagen; gilt für Anzeige, Druck, Kopie und CSV)")
                }}
            </ReportSwitch>
            <div class="button-row">
                <button type="button" on:click=print_now>"Bericht drucken"</button>
                <button type="button" class="secondary" on:click=move |_| actions::export_download(state)>
                    "Daten jetzt exportieren"
                </button>
            </div>
        </section>
        <div class:no-print=move || !print.printed(Part::Cases)>
            <cases::CaseSection dates tables=case_tables />
        </div>
        <section aria-labelledby="zeitraum-titel" class="no-print report-period">
            <h2 id="zeitraum-titel">"Berichtszeitraum"</h2>
            <p class="field-hint">"Gilt für Beratungstermine, Abschlüsse, Kontakte, Willkommensbesuche und Themen; die Fallzahlen oben gelten an Stichtagen."</p>
            <div class="form-row">
                <div>
                    <label for="report-first-month">"Von Monat"</label>
                    <input id="report-first-month" type="month" prop:value=move || period.first.get().to_string()
                        on:change=move |ev| if let Some(m) = format::parse_input_month(&event_target_value(&ev)) { set_period(m, period.last.get_untracked()) } />
                </div>
                <div>
                    <label for="report-last-month">"Bis Monat"</label>
                    <input id="report-last-month" type="month" prop:value=move || period.last.get().to_string()
                        on:change=move |ev| if let Some(m) = format::parse_input_month(&event_target_value(&ev)) { set_period(period.first.get_untracked(), m) } />
                </div>
            </div>
            <Show when=reversed>
                <p class="field-error" role="alert">"„Von Monat“ liegt nach „Bis Monat“. Bitte den Zeitraum korrigieren."</p>
            </Show>
        </section>
        <div class:no-print=move || !print.printed(Part::Sessions)>
            <case_work::SessionSection tables=session_tables />
        </div>
        <div class:no-print=move || !print.printed(Part::Endings)>
            <case_work::EndingSection tables=ending_tables />
        </div>
        <div class:no-print=move || !print.printed(Part::Contacts)>
            <contacts::ContactSection tables=contact_tables />
        </div>
        <div class:no-print=move || !print.printed(Part::Visits)>
            <visits::VisitSection tables=visit_tables />
        </div>
        <div class:no-print=move || !print.printed(Part::Themes)>
            <themes::ThemeSection tables=theme_tables />
        </div>
        <div class:no-print=move || !print.printed(Part::Yearly)>
            <yearly::YearlySection />
        </div>
    }
}
