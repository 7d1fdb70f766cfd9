//! The start page: what the app is for, and where to go.

use crate::app::routes::{Page, PAGES};
use crate::app::use_app_state;
use leptos::prelude::*;
use leptos_router::components::A;

/// One sentence per page, for the overview.
fn summary(page: Page) -> &'static str {
    match page {
        Page::Home => "",
        Page::Intake => "Aufnahmeprüfung: komplexer Fall? Welcher Träger ist zuständig?",
        Page::Cases => "Anonymisierte Fälle, Status, Übergaben und ihr Verlauf.",
        Page::Contacts => "Sonstige Beratungskontakte ohne Aufnahme zählen.",
        Page::Visits => "Willkommensbesuche bei neu zugezogenen Familien erfassen.",
        Page::Report => {
            "Bericht für Sozialausschuss und Integrationsrat: Tabellen, Diagramme, CSV."
        }
        Page::Exchange => "Daten exportieren und die Exporte mehrerer Laptops zusammenführen.",
        Page::Settings => "Regeln, Speicher und dieser Laptop.",
    }
}

/// Overview of the app with links to every page and the current totals.
#[component]
pub fn HomePage() -> impl IntoView {
    let state = use_app_state();
    let totals = move || {
        state.data.with(|data| {
            let cases = data.cases.iter().filter(|c| !c.is_deleted()).count();
            let contacts = data.contacts.iter().filter(|c| !c.voided).count();
            let visits = data.visits.iter().filter(|v| !v.voided).count();
            format!(
                "Auf diesem Laptop: {cases} Fälle, {contacts} sonstige Beratungskontakte, {visits} Willkommensbesuche."
            )
        })
    };
    view! {
        <h1 tabindex="-1">"Kommunales Integrationsmanagement Rheine"</h1>
        <p class="lead">
            "Aufnahmeprüfung, anonymisierte Fallzahlen und Bericht – ohne Server, ohne personenbezogene Daten, auch offline."
        </p>
        <p>
            {totals} " "
            {move || {
                state
                    .settings
                    .with(|s| crate::app::actions::export_age_text(s.last_export_ms, crate::app::browser::now_ms()))
            }}
        </p>
        <ul class="card-list">
            {PAGES
                .into_iter()
                .filter(|page| *page != Page::Home)
                .map(|page| {
                    view! {
                        <li class="card">
                            <A href=page.href()>{page.title()}</A>
                            <p>{summary(page)}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
