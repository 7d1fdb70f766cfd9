//! The Leptos shell: state in context, the layout with its landmarks and navigation, the
//! notices (storage, unreadable data, update) and the router.

pub mod actions;
pub mod browser;
pub mod chart;
pub mod components;
pub mod format;
mod notices;
pub mod routes;
pub mod state;

use crate::pages;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::path;
use routes::{Page, PAGES};
pub use state::{use_app_state, AppState, SaveStatus};

/// The whole app: opens storage, provides the state and renders the routed layout.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::start();
    provide_context(state);
    view! {
        <Router>
            <Layout />
        </Router>
    }
}

/// Skip link, header with navigation, notices, the routed page in `<main>`, and a footer.
#[component]
fn Layout() -> impl IntoView {
    view! {
        <a class="skip-link" href="#inhalt">"Zum Inhalt springen"</a>
        <header class="site-header">
            <p class="app-name">
                <span class="app-name-short">"KIM Rheine"</span>
                <span class="app-name-long">" – Kommunales Integrationsmanagement"</span>
            </p>
            <nav aria-label="Hauptnavigation">
                <ul class="nav-list">
                    {PAGES
                        .into_iter()
                        .map(|page| {
                            view! {
                                <li>
                                    <A href=page.path() exact=true>{page.title()}</A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
        <notices::Notices />
        <main id="inhalt" tabindex="-1">
            <Routes fallback=pages::NotFoundPage>
                <Route path=path!("/") view=pages::HomePage />
                <Route path=path!("/aufnahme") view=pages::IntakePage />
                <Route path=path!("/faelle") view=pages::CasesPage />
                <Route path=path!("/kontakte") view=pages::ContactsPage />
                <Route path=path!("/willkommensbesuche") view=pages::VisitsPage />
                <Route path=path!("/bericht") view=pages::ReportPage />
                <Route path=path!("/austausch") view=pages::ExchangePage />
                <Route path=path!("/einstellungen") view=pages::SettingsPage />
            </Routes>
        </main>
        <footer class="site-footer">
            <p>
                "Alle Daten bleiben in diesem Browser. Es werden keine personenbezogenen Daten erfasst."
            </p>
        </footer>
        <TitleAndFocus />
    }
}

/// Keeps the window title in step with the page and, after a navigation, moves the focus to
/// the page's heading so screen-reader users hear where they are.
#[component]
fn TitleAndFocus() -> impl IntoView {
    let location = use_location();
    Effect::watch(
        move || location.pathname.get(),
        move |path, previous, _| {
            let title = Page::from_path(path)
                .map(|page| format!("{} – KIM Rheine", page.title()))
                .unwrap_or_else(|| "Seite nicht gefunden – KIM Rheine".into());
            let document = document();
            document.set_title(&title);
            if previous.is_some() {
                if let Ok(Some(heading)) = document.query_selector("main h1") {
                    use wasm_bindgen::JsCast;
                    if let Some(heading) = heading.dyn_ref::<web_sys::HtmlElement>() {
                        let _focus_is_best_effort = heading.focus();
                    }
                }
            }
        },
        true,
    );
}
