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

    /// The page's view, for the router. In the app's build (the `split` feature) every page
    /// but the start page comes from its own chunk of code, loaded when it is first opened
    /// ([`super::page_loader`]); elsewhere (the browser tests) every page is built at once.
    pub fn view(self) -> leptos::prelude::AnyView {
        use leptos::prelude::*;
        match self {
            Page::Home => view! { <crate::pages::HomePage /> }.into_any(),
            #[cfg(feature = "split")]
            page => view! { <super::page_loader::PageLoader load=chunks::load(page) /> }.into_any(),
            #[cfg(not(feature = "split"))]
            page => eager(page),
        }
    }
}

/// Every page built at once, without chunks (builds without the `split` feature).
#[cfg(not(feature = "split"))]
fn eager(page: Page) -> leptos::prelude::AnyView {
    use crate::pages::*;
    use leptos::prelude::*;
    match page {
        Page::Home => view! { <HomePage /> }.into_any(),
        Page::Intake => view! { <IntakePage /> }.into_any(),
        Page::Cases => view! { <CasesPage /> }.into_any(),
        Page::Contacts => view! { <ContactsPage /> }.into_any(),
        Page::Visits => view! { <VisitsPage /> }.into_any(),
        Page::Report => view! { <ReportPage /> }.into_any(),
        Page::Exchange => view! { <ExchangePage /> }.into_any(),
        Page::Settings => view! { <SettingsPage /> }.into_any(),
        Page::Privacy => view! { <PrivacyPage /> }.into_any(),
    }
}

/// The split points: one function per page, each the entry of that page's chunk. The build
/// (`.ci/split.mjs`, run by Trunk's post-build hook) cuts the code only these functions reach
/// into a chunk of its own, and code that several pages share into shared chunks; calling one
/// fetches its chunks first (`fallible`: a chunk that cannot be fetched is an error, not a
/// panic, and the next call tries again).
#[cfg(feature = "split")]
mod chunks {
    use super::super::page_loader::{ChunkFailed, PageChunk};
    use super::Page;
    use crate::pages::*;
    use leptos::prelude::*;
    use leptos::wasm_split::wasm_split;

    /// The function that loads and builds `page` (the start page is not split; it is shown
    /// with the rest of the app's shell).
    pub fn load(page: Page) -> PageChunk {
        match page {
            Page::Home => || Box::pin(async { Ok(view! { <HomePage /> }.into_any()) }),
            Page::Intake => || Box::pin(intake()),
            Page::Cases => || Box::pin(cases()),
            Page::Contacts => || Box::pin(contacts()),
            Page::Visits => || Box::pin(visits()),
            Page::Report => || Box::pin(report()),
            Page::Exchange => || Box::pin(exchange()),
            Page::Settings => || Box::pin(settings()),
            Page::Privacy => || Box::pin(privacy()),
        }
    }

    #[wasm_split(intake, wasm_split_path = ::leptos::wasm_split, fallible)]
    fn intake() -> Result<AnyView, ChunkFailed> {
        Ok(view! { <IntakePage /> }.into_any())
    }
    #[wasm_split(cases, wasm_split_path = ::leptos::wasm_split, fallible)]
    fn cases() -> Result<AnyView, ChunkFailed> {
        Ok(view! { <CasesPage /> }.into_any())
    }
    #[wasm_split(contacts, wasm_split_path = ::leptos::wasm_split, fallible)]
    fn contacts() -> Result<AnyView, ChunkFailed> {
        Ok(view! { <ContactsPage /> }.into_any())
    }
    #[wasm_split(visits, wasm_split_path = ::leptos::wasm_split, fallible)]
    fn visits() -> Result<AnyView, ChunkFailed> {
        Ok(view! { <VisitsPage /> }.into_any())
    }
    #[wasm_split(report, wasm_split_path = ::leptos::wasm_split, fallible)]
    fn report() -> Result<AnyView, ChunkFailed> {
        Ok(view! { <ReportPage /> }.into_any())
    }
    #[wasm_split(exchange, wasm_split_path = ::leptos::wasm_split, fallible)]
    fn exchange() -> Result<AnyView, ChunkFailed> {
        Ok(view! { <ExchangePage /> }.into_any())
    }
    #[wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible)]
    fn settings() -> Result<AnyView, ChunkFailed> {
        Ok(view! { <SettingsPage /> }.into_any())
    }
    #[wasm_split(privacy, wasm_split_path = ::leptos::wasm_split, fallible)]
    fn privacy() -> Result<AnyView, ChunkFailed> {
        Ok(view! { <PrivacyPage /> }.into_any())
    }
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
