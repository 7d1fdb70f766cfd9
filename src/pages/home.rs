//! The start page: what the app is for, what this device holds, how many active cases are due
//! for review (no session for longer than the rule set allows, linked to that list in *Fälle*),
//! and where to go. With nothing recorded yet it says what to do first: an intake check, or
//! taking over an export on *Datenaustausch*.

use crate::app::format::count;
use crate::app::router::PageLink;
use crate::app::routes::{Page, PAGES};
use crate::app::{browser, use_app_state};
use crate::domain::review::DueRule;
use leptos::prelude::*;

/// One sentence per page, for the overview.
fn summary(page: Page) -> &'static str {
    match page {
        Page::Home => "",
        Page::Intake => "Aufnahmeprüfung: komplexer Fall? Welcher Träger ist zuständig?",
        Page::Cases => "Anonymisierte Fälle, Status, Übergaben und ihr Verlauf.",
        Page::Contacts => "Sonstige Beratungskontakte ohne Aufnahme zählen.",
        Page::Visits => "Willkommensbesuche bei neu zugezogenen Familien erfassen.",
        Page::Report => "Bericht für die Ausschüsse des Rates: Tabellen, Diagramme, CSV, Druck.",
        Page::Exchange => "Daten exportieren und die Exporte mehrerer Geräte zusammenführen.",
        Page::Settings => "Regeln, Speicher und dieses Gerät.",
        Page::Privacy => "Was die App speichert, wo, und wie es geschützt ist.",
    }
}

/// What this device holds: cases (not deleted), short contacts and welcome visits (not
/// voided).
#[derive(Clone, Copy, PartialEq)]
struct Totals {
    cases: usize,
    contacts: usize,
    visits: usize,
}

impl Totals {
    fn is_empty(self) -> bool {
        self.cases == 0 && self.contacts == 0 && self.visits == 0
    }

    /// `Auf diesem Gerät: 1 Fall, 2 sonstige Beratungskontakte, 0 Willkommensbesuche.`
    fn sentence(self) -> String {
        format!(
            "Auf diesem Gerät: {}, {}, {}.",
            count(self.cases, "Fall", "Fälle"),
            count(
                self.contacts,
                "sonstiger Beratungskontakt",
                "sonstige Beratungskontakte"
            ),
            count(self.visits, "Willkommensbesuch", "Willkommensbesuche"),
        )
    }
}

/// Overview of the app with links to every page and the current totals; with no data, the
/// first steps.
#[component]
pub fn HomePage() -> impl IntoView {
    let state = use_app_state();
    let totals = Memo::new(move |_| {
        state.data.with(|data| Totals {
            cases: data.cases.iter().filter(|c| !c.is_deleted()).count(),
            contacts: data.contacts.iter().filter(|c| !c.voided).count(),
            visits: data.visits.iter().filter(|v| !v.voided).count(),
        })
    });
    // The active cases due for review, and after how many months (the rule in force today).
    let due = Memo::new(move |_| {
        state.data.with(|data| {
            DueRule::on(&data.rules, browser::today())
                .map(|rule| (rule.due_cases(&data.cases).len(), rule.review.after_months))
        })
    });
    let export_age = move || {
        state.settings.with(|s| {
            crate::app::actions::export_age_text(s.last_export_ms, crate::app::browser::now_ms())
        })
    };
    view! {
        <h1 tabindex="-1">{move || format!("Kommunales Integrationsmanagement {}", state.data.with(|d| d.rules.municipality.clone()))}</h1>
        <p class="lead">
            "Aufnahmeprüfung, anonymisierte Fallzahlen und Bericht – ohne Server, ohne Namen und Anschriften, auch offline."
        </p>
        <Show
            when=move || totals.get().is_empty()
            fallback=move || {
                view! {
                    <p data-testid="home-totals">{move || totals.get().sentence()} " " {export_age}</p>
                    {move || due.get().filter(|_| totals.get().cases > 0).map(|(n, months)| {
                        let months = count(months as usize, "Monat", "Monaten");
                        let href = format!("{}?ohne-termin=1", Page::Cases.href());
                        let text = match n {
                            0 => format!("Kein aktiver Fall ist ohne Termin seit mehr als {months}."),
                            1 => format!("1 aktiver Fall ist ohne Termin seit mehr als {months}."),
                            n => format!("{} aktive Fälle sind ohne Termin seit mehr als {months}.", crate::app::format::number(n)),
                        };
                        view! {
                            <p data-testid="home-due">
                                {text}
                                {(n > 0).then(|| view! { " " <a href=href>{"Fälle ohne Termin ansehen"}</a> })}
                            </p>
                        }
                    })}
                }
            }
        >
            <section class="empty-state" aria-labelledby="erste-schritte-titel">
                <h2 id="erste-schritte-titel">"So fangen Sie an"</h2>
                <p>
                    "Auf diesem Gerät ist noch nichts erfasst. Beginnen Sie mit der ersten Aufnahmeprüfung – oder übernehmen Sie die Exportdatei eines anderen Geräts."
                </p>
                <ul class="next-steps">
                    <li>
                        <PageLink page=Page::Intake>"Erste Aufnahmeprüfung beginnen"</PageLink>
                    </li>
                    <li>
                        <PageLink page=Page::Exchange>"Exportdatei übernehmen (Datenaustausch)"</PageLink>
                    </li>
                </ul>
            </section>
        </Show>
        <ul class="card-list">
            {PAGES
                .iter()
                .copied()
                .filter(|page| *page != Page::Home)
                .map(|page| {
                    view! {
                        <li class="card">
                            <PageLink page>{page.title()}</PageLink>
                            <p>{summary(page)}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
