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
use leptos_router::components::{Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::{NestedRoute, StaticSegment};
use routes::{Page, PAGES};
pub use state::{use_app_state, AppState, SaveStatus};

/// The whole app: opens storage, provides the state and renders the routed layout.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::start();
    provide_context(state);
    view! {
        <Router base=routes::base_path()>
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
                                    <A href=page.href() exact=true>{page.title()}</A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
        <notices::Notices />
        <main id="inhalt" tabindex="-1">
            {page_routes()}
        </main>
        <footer class="site-footer">
            <p>
                "Alle Daten bleiben in diesem Browser. Es werden keine personenbezogenen Daten erfasst."
            </p>
        </footer>
        <TitleAndFocus />
    }
}

/// The router's `<Routes>`: one route per page of the table, "Seite nicht gefunden" otherwise.
fn page_routes() -> impl IntoView {
    use leptos::children::ToChildren;
    use leptos::tachys::view::iterators::StaticVec;
    use leptos_router::any_nested_route::IntoAnyNestedRoute;
    use leptos_router::components::{RouteChildren, RoutesProps};
    let routes = move || {
        StaticVec::from(
            PAGES
                .into_iter()
                .map(|page| {
                    let segment = page.path().trim_start_matches('/');
                    NestedRoute::new((StaticSegment(segment),), move || page.view())
                        .into_any_nested_route()
                })
                .collect::<Vec<_>>(),
        )
    };
    Routes(
        RoutesProps::builder()
            .fallback(pages::NotFoundPage)
            .children(RouteChildren::to_children(routes))
            .build(),
    )
}

/// Keeps the window title in step with the page and, after a navigation, moves the focus to
/// the page's heading so screen-reader users hear where they are.
#[component]
fn TitleAndFocus() -> impl IntoView {
    let location = use_location();
    Effect::watch(
        move || location.pathname.get(),
        move |path, previous, _| {
            let title = Page::from_location(path, routes::base_path())
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
