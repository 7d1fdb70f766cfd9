//! *Bericht*: the committee report (*Sozialausschuss*, *Integrationsrat*) from the tallies.
//!
//! One file per part, in the order of the printed report:
//! - [`cases`]: cases admitted into KIM on reporting dates (the city's table, with footnotes);
//! - [`contacts`]: short contacts per month and provider;
//! - [`visits`]: welcome visits per month and district, offers told about and invited to;
//! - [`themes`]: recurring themes for the working group *Fallanalyse*;
//! - [`yearly`]: *Baustein 3*, yearly figures entered by hand, with their trend.
//!
//! Every table has a CSV download (German Excel) and, where a picture helps, a bar chart with
//! the table beside it. The tallies come from `domain::report`; this page only formats them.
//! Computations are wrapped in `browser::measure` so the report benchmark can read them.

mod cases;
mod contacts;
mod themes;
mod visits;
mod yearly;

use crate::app::components::TableWrap;
use crate::app::{actions, browser, format, use_app_state};
use crate::domain::csv::Cell;
use crate::domain::YearMonth;
use leptos::prelude::*;
use leptos_router::components::A;

/// The months the period-based parts (contacts, visits, themes) report on, both included.
#[derive(Clone, Copy)]
pub(crate) struct Period {
    pub first: RwSignal<YearMonth>,
    pub last: RwSignal<YearMonth>,
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

/// One row of a [`MonthTable`]: its name, counts per month, and the total.
pub(crate) type MonthRow = (String, Vec<u32>, u32);

/// Counts per month with a total column (contacts, visits), in a scrollable region.
#[component]
fn MonthTable(
    /// The region's name.
    #[prop(into)]
    label: String,
    /// `data-testid` of the table.
    testid: &'static str,
    /// Header of the row-name column; empty for none.
    corner: &'static str,
    #[prop(into)] months: Signal<Vec<YearMonth>>,
    #[prop(into)] rows: Signal<Vec<MonthRow>>,
) -> impl IntoView {
    view! {
        <TableWrap label>
            <table data-testid=testid>
                <thead>
                    <tr>
                        {if corner.is_empty() {
                            view! { <td></td> }.into_any()
                        } else {
                            view! { <th scope="col">{corner}</th> }.into_any()
                        }}
                        {move || months.get().into_iter().map(|m| view! { <th scope="col" class="num">{format::month(m)}</th> }).collect_view()}
                        <th scope="col" class="num">"gesamt"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || rows.get().into_iter().map(|(name, per_month, total)| view! {
                        <tr>
                            <th scope="row">{name}</th>
                            {per_month.into_iter().map(|n| view! { <td class="num">{n}</td> }).collect_view()}
                            <td class="num">{total}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableWrap>
    }
}

/// Downloads a [`MonthTable`]'s figures as CSV: the same header and rows as on screen.
fn download_month_table(file_name: &str, corner: &str, months: &[YearMonth], rows: &[MonthRow]) {
    let header: Vec<String> = std::iter::once(corner.to_string())
        .chain(months.iter().map(|m| format::month(*m)))
        .chain(std::iter::once("gesamt".to_string()))
        .collect();
    let rows: Vec<Vec<Cell>> = rows
        .iter()
        .map(|(name, per_month, total)| csv_row(name, per_month.iter().copied().chain([*total])))
        .collect();
    actions::download_csv(file_name, &header, &rows);
}

/// A CSV row: a label and counts.
fn csv_row(label: &str, counts: impl Iterator<Item = u32>) -> Vec<Cell> {
    std::iter::once(Cell::from(label))
        .chain(counts.map(Cell::from))
        .collect()
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
                    <A href=Page::Intake.href()>"Zur Aufnahme"</A>
                </li>
                <li>
                    <A href=Page::Exchange.href()>"Zum Datenaustausch"</A>
                </li>
            </ul>
        </section>
    }
}

/// The report page.
#[component]
pub fn ReportPage() -> impl IntoView {
    let state = use_app_state();
    let today = browser::today();
    let last = YearMonth::of(today);
    // Default period: the current month and the three before it.
    let period = Period {
        first: RwSignal::new(
            last.previous()
                .and_then(YearMonth::previous)
                .and_then(YearMonth::previous)
                .unwrap_or(last),
        ),
        last: RwSignal::new(last),
    };
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

    view! {
        <h1 tabindex="-1">"Bericht"</h1>
        <Show when=nothing_recorded>
            <NothingToReport />
        </Show>
        <section aria-labelledby="bericht-werkzeuge" class="no-print">
            <h2 id="bericht-werkzeuge" class="visually-hidden">"Drucken und Exportieren"</h2>
            <p data-testid="days-since-export">
                {export_age} " Daten anderer Geräte führen Sie unter "
                <A href=crate::app::routes::Page::Exchange.href()>"Datenaustausch"</A> " zusammen."
            </p>
            <div class="button-row">
                <button type="button" class="secondary" on:click=move |_| actions::export_download(state)>
                    "Daten jetzt exportieren"
                </button>
                <button type="button" on:click=move |_| {
                    let _printing_is_best_effort = window().print();
                }>"Bericht drucken"</button>
            </div>
        </section>
        <cases::CaseSection />
        <section aria-labelledby="zeitraum-titel" class="no-print report-period">
            <h2 id="zeitraum-titel">"Berichtszeitraum"</h2>
            <p class="field-hint">"Gilt für Kontakte, Willkommensbesuche und Themen; die Fallzahlen oben gelten an Stichtagen."</p>
            <div class="form-row">
                <div>
                    <label for="report-first-month">"Von Monat"</label>
                    <input id="report-first-month" type="month" prop:value=move || period.first.get().to_string()
                        on:change=move |ev| if let Some(m) = format::parse_input_month(&event_target_value(&ev)) { period.first.set(m) } />
                </div>
                <div>
                    <label for="report-last-month">"Bis Monat"</label>
                    <input id="report-last-month" type="month" prop:value=move || period.last.get().to_string()
                        on:change=move |ev| if let Some(m) = format::parse_input_month(&event_target_value(&ev)) { period.last.set(m) } />
                </div>
            </div>
            <Show when=reversed>
                <p class="field-error" role="alert">"„Von Monat“ liegt nach „Bis Monat“. Bitte den Zeitraum korrigieren."</p>
            </Show>
        </section>
        <p class="print-only">
            {move || format!("Berichtszeitraum: {} bis {}", format::month_long(period.first.get()), format::month_long(period.last.get()))}
        </p>
        <contacts::ContactSection period />
        <visits::VisitSection period />
        <themes::ThemeSection period />
        <yearly::YearlySection />
    }
}
