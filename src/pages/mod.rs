//! One file per page, each exporting one `…Page` component. Pages render state from context
//! and send intents; rules and reports come from `domain`.

mod cases;
mod contacts;
mod error_texts;
mod exchange;
mod first_start;
mod home;
mod intake;
mod intake_decision;
mod not_found;
mod privacy;
mod report;
mod restore;
mod settings;
mod settings_backup;
mod settings_erase;
mod settings_lock;
mod settings_rules;
mod visits;

pub use cases::CasesPage;
pub use contacts::ContactsPage;
pub use exchange::ExchangePage;
pub use first_start::RulesSetup;
pub use home::HomePage;
pub use intake::IntakePage;
pub use not_found::NotFoundPage;
pub use privacy::PrivacyPage;
pub use report::ReportPage;
pub use settings::SettingsPage;
pub use visits::VisitsPage;
