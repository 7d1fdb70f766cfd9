//! The Leptos shell: state in context, the layout with its landmarks and navigation, the
//! notices (storage, unreadable data, update) and the router.
//!
//! On narrow screens (below 48rem, see `style/main.css`) the navigation folds behind a
//! "Menü" button (a disclosure: `aria-expanded`, `aria-controls`); the list is shown and
//! hidden by a class, since the Content-Security-Policy allows no inline styles. Choosing a
//! page or pressing Escape closes it again. At wider widths the button is hidden and the list
//! always shown.
//!
//! *Datenschutz* is linked from the footer (and from *Einstellungen*) rather than from the
//! navigation: it is read once, not used daily, and a ninth entry would make the folded menu
//! on a phone taller than the screen. Its route comes from the same table
//! ([`routes::ALL_PAGES`]).

pub mod actions;
pub mod backup;
pub mod browser;
pub mod chart;
pub mod components;
pub mod device;
pub mod erase;
pub mod focus;
pub mod format;
pub mod lock;
mod notices;
pub mod page_loader;
pub mod router;
pub mod routes;
pub mod state;

use crate::pages;
use leptos::prelude::*;
use router::{use_router, PageLink, Router};
use routes::{Page, PAGES};
pub use state::{use_app_state, AppState, SaveStatus};

/// The whole app: when the stored data are sealed with a passphrase, the lock screen first;
/// then the unlocked app.
#[component]
pub fn App() -> impl IntoView {
    routes::keep_report_in_start();
    // Before the lock screen: a tab still asking for the passphrase must hear of a deletion
    // in another tab, or it would save the old data again once unlocked.
    erase::follow_erasure_in_other_tabs();
    match lock::opening() {
        lock::Opening::Plain => view! { <Unlocked unlocked=None /> }.into_any(),
        lock::Opening::Sealed(raw) => {
            let unlocked = RwSignal::new_local(None::<state::Unlocked>);
            let on_unlock = Callback::new(move |u| unlocked.set(Some(u)));
            view! {
                {move || match unlocked.get() {
                    None => view! { <lock::LockScreen raw=raw.clone() on_unlock /> }.into_any(),
                    Some(u) => view! { <Unlocked unlocked=Some(u) /> }.into_any(),
                }}
            }
            .into_any()
        }
    }
}

/// The app with its data: opens storage, provides the state and renders the routed layout.
#[component]
fn Unlocked(unlocked: Option<state::Unlocked>) -> impl IntoView {
    let state = AppState::start(unlocked);
    provide_context(state);
    backup::Backups::start(state);
    lock::watch_idle(state);
    Router::provide();
    view! { <Layout /> }
}

/// The app's short name with the municipality of the rule set, e.g. "KIM Rheine": nothing of a
/// municipality is written in the code (tracked).
pub fn app_name(state: AppState) -> String {
    state.data.with(|d| {
        if d.rules.municipality.is_empty() {
            "KIM".to_owned()
        } else {
            format!("KIM {}", d.rules.municipality)
        }
    })
}

/// Whether the `page` shown asks for a rule set instead (`no_rules`: the device holds none
/// yet): every page but *Datenaustausch* and *Datenschutz* then shows the question
/// (`pages::RulesSetup`).
fn asks_for_rules(no_rules: bool, page: Option<Page>) -> bool {
    no_rules && !matches!(page, Some(Page::Exchange | Page::Privacy))
}

/// What `<main>` shows.
#[derive(Clone, Copy, PartialEq)]
enum Shown {
    /// The question for a rule set (see [`asks_for_rules`]).
    RulesSetup,
    Page(Page),
    /// "Seite nicht gefunden": the path names no page.
    NotFound,
}

/// Whether the device holds no rule set (a memo: it changes only when a rule set is chosen or
/// everything deleted, not with every record).
fn no_rules(state: AppState) -> Memo<bool> {
    Memo::new(move |_| state.data.with(|d| d.rules.is_none()))
}

/// The id of the navigation's list, which the menu button shows and hides.
const NAV_LIST_ID: &str = "hauptnavigation-liste";

/// Skip link, header with navigation, notices, the routed page in `<main>`, and a footer.
#[component]
fn Layout() -> impl IntoView {
    let state = use_app_state();
    let router = use_router();
    let no_rules = no_rules(state);
    // A memo, so the page is built again only when another one is shown, not when the query
    // changes (the case list keeps its state in the query).
    let shown = Memo::new(move |_| {
        let page = router.page.get();
        match page {
            _ if asks_for_rules(no_rules.get(), page) => Shown::RulesSetup,
            Some(page) => Shown::Page(page),
            None => Shown::NotFound,
        }
    });
    view! {
        <SkipLink />
        <header class="site-header">
            <p class="app-name">
                <span class="app-name-short">{move || app_name(state)}</span>
                <span class="app-name-long">" – Kommunales Integrationsmanagement"</span>
            </p>
            <Navigation />
            <LockButton />
        </header>
        <notices::Notices />
        <main id="inhalt" tabindex="-1">
            {move || match shown.get() {
                Shown::RulesSetup => view! { <pages::RulesSetup /> }.into_any(),
                Shown::Page(page) => page.view(),
                Shown::NotFound => view! { <pages::NotFoundPage /> }.into_any(),
            }}
        </main>
        <footer class="site-footer">
            <p>
                "Alle Daten bleiben in diesem Browser. Namen, Geburtsdaten und Anschriften werden nicht erfasst. "
                <PageLink page=Page::Privacy>"Datenschutz"</PageLink>
            </p>
        </footer>
        <TitleAndFocus shown no_rules />
    }
}

/// "Sperren", while the passphrase lock is on: stores what is not stored and locks at once.
#[component]
fn LockButton() -> impl IntoView {
    let state = use_app_state();
    view! {
        <Show when=move || state.sealed.get()>
            <button type="button" class="lock-button" on:click=move |_| lock::lock_now(state)>
                "Sperren"
            </button>
        </Show>
    }
}

/// "Zum Inhalt springen": moves the focus to `<main>`, so the next Tab starts in the page
/// rather than in the navigation. The click is handled on the link itself (Leptos attaches
/// listeners to their elements; event delegation is off), so it runs before the router's
/// handler on the window ([`router`]), which leaves a prevented click alone: the address does
/// not change and no page is taken.
#[component]
fn SkipLink() -> impl IntoView {
    view! {
        <a
            class="skip-link"
            href="#inhalt"
            on:click=move |ev| {
                ev.prevent_default();
                focus::focus("#inhalt");
            }
        >
            "Zum Inhalt springen"
        </a>
    }
}

/// The main navigation: one link per page of the route table, behind a "Menü" button on
/// narrow screens.
#[component]
fn Navigation() -> impl IntoView {
    let open = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(button) = button.get_untracked() {
                let _focus_is_best_effort = button.focus();
            }
        }
    };
    view! {
        <nav aria-label="Hauptnavigation" on:keydown=close_on_escape>
            <button
                type="button"
                class="menu-button"
                node_ref=button
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=NAV_LIST_ID
                on:click=move |_| open.update(|open| *open = !*open)
            >
                <span class="menu-icon" aria-hidden="true"></span>
                "Menü"
            </button>
            <ul
                id=NAV_LIST_ID
                class="nav-list"
                class:nav-open=move || open.get()
            >
                {PAGES
                    .iter()
                    .copied()
                    .map(|page| {
                        view! {
                            // Closes the menu once a page is chosen (the click bubbles up from
                            // the link; the router handles the navigation).
                            <li on:click=move |_| open.set(false)>
                                <PageLink page>{page.title()}</PageLink>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// Keeps the window title in step with the page and, after a navigation, moves the focus to
/// the page's heading so screen-reader users hear where they are.
#[component]
fn TitleAndFocus(
    /// What `<main>` shows (the layout's decision, not made again here).
    shown: Memo<Shown>,
    /// Whether the device holds no rule set: when a rule set arrives, the app's name in the
    /// title changes even where the page shown does not (*Datenaustausch*).
    no_rules: Memo<bool>,
) -> impl IntoView {
    let router = use_router();
    let state = use_app_state();
    Effect::watch(
        move || (router.path.get(), shown.get(), no_rules.get()),
        move |(_, shown, _), previous, _| {
            let name = match shown {
                Shown::RulesSetup => "Regelwerk wählen",
                Shown::Page(page) => page.title(),
                Shown::NotFound => "Seite nicht gefunden",
            };
            let title = format!("{name} – {}", app_name(state));
            let document = document();
            document.set_title(&title);
            // After the new page is on the screen: at this moment the old page's heading is
            // still there, and focusing it would leave the focus on nothing once it is gone.
            if previous.is_some() {
                focus::focus_heading_after_render();
            }
        },
        true,
    );
}
