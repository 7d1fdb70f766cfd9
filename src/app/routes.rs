//! The route table: every page, its URL, its German name and its view, in one place. The
//! navigation is built from [`PAGES`]; the router ([`super::router`]) knows every page of
//! [`ALL_PAGES`] (which adds the pages linked from elsewhere: *Datenschutz*, in the footer).
//!
//! Paths are relative to the app's base: the public URL the build was made for (Trunk's
//! `--public-url`, written into `<base href>` of `index.html`), read by [`base_path`]. Under
//! `/kim/` the case list is `/kim/faelle`; links ([`Page::href`], `PageLink`) and the router's
//! [`super::router::Router::go`] add the base, and [`Page::from_location`] takes it off again.

/// A page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// Start page with an overview.
    Home,
    /// *Aufnahme*: the intake check.
    Intake,
    /// *Fälle*: the case register.
    Cases,
    /// *Beratungskontakte*: short contacts without admission (*sonstige Beratungskontakte*).
    Contacts,
    /// *Willkommensbesuche*: welcome visits.
    Visits,
    /// *Bericht*: the committee report.
    Report,
    /// *Datenaustausch*: export, and import of other laptops' exports.
    Exchange,
    /// *Einstellungen*: rules, storage, this laptop.
    Settings,
    /// *Datenschutz*: what is stored where, how it is protected, how to delete it.
    Privacy,
}

/// Every page the router knows: the navigation's first, then those linked from elsewhere
/// (*Datenschutz*, from the footer and *Einstellungen*).
pub const ALL_PAGES: [Page; 9] = [
    Page::Home,
    Page::Intake,
    Page::Cases,
    Page::Contacts,
    Page::Visits,
    Page::Report,
    Page::Exchange,
    Page::Settings,
    Page::Privacy,
];

/// The pages in navigation order: all but those linked from elsewhere.
pub const PAGES: &[Page] = ALL_PAGES.split_at(8).0;

impl Page {
    /// The URL path.
    pub const fn path(self) -> &'static str {
        match self {
            Page::Home => "/",
            Page::Intake => "/aufnahme",
            Page::Cases => "/faelle",
            Page::Contacts => "/kontakte",
            Page::Visits => "/willkommensbesuche",
            Page::Report => "/bericht",
            Page::Exchange => "/austausch",
            Page::Settings => "/einstellungen",
            Page::Privacy => "/datenschutz",
        }
    }

    /// The name shown in the navigation and the window title.
    pub const fn title(self) -> &'static str {
        match self {
            Page::Home => "Übersicht",
            Page::Intake => "Aufnahme",
            Page::Cases => "Fälle",
            Page::Contacts => "Beratungskontakte",
            Page::Visits => "Willkommensbesuche",
            Page::Report => "Bericht",
            Page::Exchange => "Datenaustausch",
            Page::Settings => "Einstellungen",
            Page::Privacy => "Datenschutz",
        }
    }

    /// The page whose path is `path` (trailing slash ignored).
    pub fn from_path(path: &str) -> Option<Page> {
        let trimmed = path.trim_end_matches('/');
        let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
        ALL_PAGES.into_iter().find(|page| page.path() == trimmed)
    }
}

impl Page {
    /// The page a browser path shows, under the app's `base` (as [`base_path`] returns it).
    pub fn from_location(pathname: &str, base: &str) -> Option<Page> {
        let within = pathname.strip_prefix(base)?;
        if !within.is_empty() && !within.starts_with('/') {
            return None;
        }
        Page::from_path(within)
    }

    /// The page's address for a link: its path under the app's base ([`base_path`]); every
    /// link into the app takes its `href` from here.
    pub fn href(self) -> String {
        format!("{}{}", base_path(), self.path())
    }

    /// The page's view, for the router: the start page at once, every other page from its
    /// own chunk of code ([`chunks`]), loaded when it is first opened.
    pub fn view(self) -> leptos::prelude::AnyView {
        use leptos::prelude::*;
        match chunks::load(self) {
            None => view! { <crate::pages::HomePage /> }.into_any(),
            Some(load) => view! { <super::page_loader::PageLoader load /> }.into_any(),
        }
    }
}

/// The split points of the pages: one per page, each an entry into its chunk (code that several
/// chunks share goes into shared chunks). See [`super::page_loader`].
mod chunks {
    use super::super::page_loader::ChunkFuture;
    use super::Page;
    use crate::pages::*;
    use crate::split_point;
    use leptos::prelude::*;

    /// The split point that builds `page`; none for the start page, which comes with the
    /// shell.
    pub fn load(page: Page) -> Option<fn() -> ChunkFuture> {
        Some(match page {
            Page::Home => return None,
            Page::Intake => intake,
            Page::Cases => cases,
            Page::Contacts => contacts,
            Page::Visits => visits,
            Page::Report => report,
            Page::Exchange => exchange,
            Page::Settings => settings,
            Page::Privacy => privacy,
        })
    }

    // Three chunks, by who opens what how often: the daily work, the report, and the pages of
    // the office and of settings. A page's first open fetches its chunk and the code it shares
    // with the others; one chunk per page (tried) meant up to 29 shared ones per page, and
    // opening a page from the worker's cache took up to 190 ms where it now takes at most 80
    // (docs/decisions/0050-pages-in-chunks.md).
    split_point!(fn intake() in work { view! { <IntakePage /> } });
    split_point!(fn cases() in work { view! { <CasesPage /> } });
    split_point!(fn contacts() in work { view! { <ContactsPage /> } });
    split_point!(fn visits() in work { view! { <VisitsPage /> } });
    split_point!(fn report() in report { view! { <ReportPage /> } });
    split_point!(fn exchange() in office { view! { <ExchangePage /> } });
    split_point!(fn settings() in office { view! { <SettingsPage /> } });
    split_point!(fn privacy() in office { view! { <PrivacyPage /> } });
}

/// Keeps the report's two computations over every case (the case table and the tables of case
/// work) in the start's module, though only the report's chunk calls them: their loops call the
/// histories' walk and the allocator, which the start needs too, and a call from a chunk into
/// the start crosses wasm modules, which neither wasm-opt nor V8 inlines across. In the start
/// they take what they took in one file (docs/decisions/0050-pages-in-chunks.md). A reference
/// from the start's code is what keeps a function there; the call costs nothing.
pub fn keep_report_in_start() {
    use crate::domain::report::{case_work::period_tables, cases::case_table};
    let case_table: fn(_, _, _) -> _ = case_table;
    let period_tables: fn(_, _, _, _) -> _ = period_tables;
    std::hint::black_box((case_table, period_tables));
}

/// The path the app is served under, without a trailing slash: `""` at a server's root,
/// `"/kim"` for a build made with `--public-url /kim/`. Read once from the document's base URL
/// (`<base href>`, which Trunk sets to the public URL).
pub fn base_path() -> &'static str {
    static BASE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        let base = leptos::prelude::document()
            .base_uri()
            .ok()
            .flatten()
            .and_then(|uri| web_sys::Url::new(&uri).ok())
            .map(|url| url.pathname())
            .unwrap_or_default();
        base.trim_end_matches('/').to_string()
    })
}
