//! The route table: every page, its URL and its German name, in one place. The navigation and
//! the router are both built from [`PAGES`].

/// A page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// Start page with an overview.
    Home,
    /// *Aufnahme*: the intake check.
    Intake,
    /// *Fälle*: the case register.
    Cases,
    /// *Kontakte*: short contacts without admission.
    Contacts,
    /// *Willkommensbesuche*: welcome visits.
    Visits,
    /// *Bericht*: the committee report.
    Report,
    /// *Datenaustausch*: export, and import of other laptops' exports.
    Exchange,
    /// *Einstellungen*: rules, storage, this laptop.
    Settings,
}

/// The pages in navigation order.
pub const PAGES: [Page; 8] = [
    Page::Home,
    Page::Intake,
    Page::Cases,
    Page::Contacts,
    Page::Visits,
    Page::Report,
    Page::Exchange,
    Page::Settings,
];

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
        }
    }

    /// The name shown in the navigation and the window title.
    pub const fn title(self) -> &'static str {
        match self {
            Page::Home => "Übersicht",
            Page::Intake => "Aufnahme",
            Page::Cases => "Fälle",
            Page::Contacts => "Kontakte",
            Page::Visits => "Willkommensbesuche",
            Page::Report => "Bericht",
            Page::Exchange => "Datenaustausch",
            Page::Settings => "Einstellungen",
        }
    }

    /// The page whose path is `path` (trailing slash ignored).
    pub fn from_path(path: &str) -> Option<Page> {
        let trimmed = path.trim_end_matches('/');
        let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
        PAGES.into_iter().find(|page| page.path() == trimmed)
    }
}
