//! The stored document and its schema versions.
//!
//! Every stored document carries `schema_version`. Reading goes through [`super::stored_text::load`]: the JSON is
//! parsed generically, migrated one step at a time up to [`CURRENT_SCHEMA_VERSION`] (one
//! function per version in [`MIGRATIONS`]), and only then deserialised into the typed
//! [`StoredDocument`]. A version newer than this build, or text that is not a document of
//! ours, is a [`LoadError`]: the caller keeps the raw text aside and never overwrites it.
//!
//! Schema history (add a line, a migration and a fixture under `tests/fixtures/storage/` for
//! every change of the stored shape):
//! - **1**: `{ schema_version, write_count, settings, data }` where `data` is a
//!   [`Dataset`] (rule set, cases as event histories, short contacts, welcome visits, yearly
//!   figures). No earlier version was ever released, so [`MIGRATIONS`] is empty today; the
//!   fixture test loads every `v*.json` there, so the next version's migration is tested the
//!   moment its fixture is added. Later additions that old documents simply lack (read with
//!   their default, no migration needed): `generation` (default 0); `settings.device_role`
//!   (who this device works for, [`DeviceRole`]). It replaces `settings.own_provider`, which
//!   [`Settings`] still reads: a provider set there becomes [`DeviceRole::Provider`]; none
//!   (which meant "not chosen" as well as "coordinating office") becomes
//!   [`DeviceRole::Unset`], so the app asks once. Written back, only `device_role` remains.
//! - **2** (issue 28): counselling sessions (`"type": "session"`) and evaluations of
//!   deregistrations in the cases, session forms, evaluations, posts per provider and reviews
//!   in the rule set. A release before reads none of them, so it must not read such a document
//!   as its own: the version tells it that the text is newer. Migration from 1
//!   ([`v1_to_v2`]): nothing in the records changes; a rule set that is the built-in one of
//!   the release before (the same rules without what 2 added, `RuleSet::without_case_work`)
//!   becomes this release's built-in one, so a device that chose it can record sessions.

use crate::domain::rules::RuleSet;
use crate::domain::sorting;
use crate::domain::{calendar, Dataset, ProviderId, YearMonth};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The schema version this build writes.
pub const CURRENT_SCHEMA_VERSION: u32 = 2;

/// A migration takes a document of version `n` (as generic JSON) to version `n + 1`.
pub type Migration = fn(Value) -> Result<Value, String>;

/// `MIGRATIONS[i]` migrates a document of version `i + 1` to version `i + 2`.
pub const MIGRATIONS: &[Migration] = &[v1_to_v2];

/// Version 1 to 2: the built-in rule set of the release before becomes this release's (see
/// the schema history); everything else stays as it is.
pub fn v1_to_v2(mut document: Value) -> Result<Value, String> {
    let object = document
        .as_object_mut()
        .ok_or("the document is not an object")?;
    object.insert("schema_version".into(), 2.into());
    let rules = object
        .get("data")
        .and_then(|data| data.get("rules"))
        .and_then(|rules| serde_json::from_value::<RuleSet>(rules.clone()).ok());
    let built_in = RuleSet::default_rheine();
    if rules.is_some_and(|rules| rules == built_in.without_case_work()) {
        let value = serde_json::to_value(&built_in).map_err(|e| e.to_string())?;
        if let Some(data) = object.get_mut("data").and_then(Value::as_object_mut) {
            data.insert("rules".into(), value);
        }
    }
    Ok(document)
}

/// Per-device settings, stored beside the data but never exported as records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "StoredSettings")]
pub struct Settings {
    /// A random id of this browser profile, named in export files so a merge can tell
    /// devices apart. Carries nothing about any person.
    pub device_id: String,
    /// Who works on this device: asked once at first start, changed in *Einstellungen*.
    pub device_role: DeviceRole,
    /// When the data was last exported (milliseconds since the Unix epoch).
    pub last_export_ms: Option<i64>,
    /// How the committee report is set up on this device (*Bericht*).
    #[serde(skip_serializing_if = "ReportSettings::is_default")]
    pub report: ReportSettings,
    /// Export files imported into this device: which device wrote them and when they were
    /// imported. The report's title block names how many devices' data it combines.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub imports: Vec<ImportRecord>,
    /// With a passphrase lock: minutes without input after which the app locks itself
    /// ([`IDLE_LOCK_MINUTES`]: at least 1, at most 480; default 15).
    #[serde(skip_serializing_if = "is_default_idle")]
    pub lock_idle_minutes: u32,
    /// Backups: when the last was written, whether a change waits for one, the reminder.
    #[serde(skip_serializing_if = "BackupSettings::is_default")]
    pub backup: BackupSettings,
    /// The roster flags a device whose newest data are older than this many days (besides
    /// the report's last reporting date); `None`: only the reporting date counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale_after_days: Option<u32>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            device_id: String::new(),
            device_role: DeviceRole::default(),
            last_export_ms: None,
            report: ReportSettings::default(),
            imports: Vec::new(),
            lock_idle_minutes: IDLE_LOCK_MINUTES.0,
            backup: BackupSettings::default(),
            stale_after_days: None,
        }
    }
}

/// Default, smallest and largest idle time before the passphrase lock closes.
pub const IDLE_LOCK_MINUTES: (u32, u32, u32) = (15, 1, 480);

fn is_default_idle(minutes: &u32) -> bool {
    *minutes == IDLE_LOCK_MINUTES.0
}

/// Default, smallest and largest number of days after which the reminder asks for a backup.
pub const REMIND_AFTER_DAYS: (u32, u32, u32) = (7, 1, 90);

/// This device's backup settings and state (in [`Settings`], never exported; used by `backup`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupSettings {
    /// When the last backup was written into the connected folder (milliseconds, UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_backup_ms: Option<i64>,
    /// Data changed since the last backup (kept across a reload, so a change made just before
    /// the tab was closed is backed up at the next start).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pending: bool,
    /// "Sicherung spätestens alle N Tage": after how many days without a backup or an export
    /// the reminder appears ([`REMIND_AFTER_DAYS`]).
    pub remind_after_days: u32,
    /// "Morgen erinnern": the reminder is put off until then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snoozed_until_ms: Option<i64>,
    /// Persistent storage was asked for (at the first record).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub persistence_asked: bool,
}

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings {
            last_backup_ms: None,
            pending: false,
            remind_after_days: REMIND_AFTER_DAYS.0,
            snoozed_until_ms: None,
            persistence_asked: false,
        }
    }
}

impl BackupSettings {
    pub fn is_default(&self) -> bool {
        *self == BackupSettings::default()
    }

    /// Held to its bounds (a hand-edited setting falls back rather than failing).
    pub fn sanitized(mut self) -> Self {
        if !(REMIND_AFTER_DAYS.1..=REMIND_AFTER_DAYS.2).contains(&self.remind_after_days) {
            self.remind_after_days = REMIND_AFTER_DAYS.0;
        }
        self
    }
}

/// The committee report as set up on this device: settings, not data (never exported).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct ReportSettings {
    /// The reporting dates (*Stichtage*) as the user set them, sorted, without duplicates;
    /// `None` until the user changes them (the report then shows the last three quarter
    /// ends), `Some(vec![])` when every date was removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates: Option<Vec<NaiveDate>>,
    /// The report period (first and last month, both included); `None`: the current month
    /// and the three before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<(YearMonth, YearMonth)>,
    /// The reporting dates of the report printed last (preset "Stichtage des letzten
    /// Berichts").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub printed_dates: Vec<NaiveDate>,
    /// Counts below the rule set's publication threshold are shown as "< 3" in the report,
    /// its print, the copied tables and the CSV files.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub protect_small_numbers: bool,
    /// The case table has a row per area (*Regionalbereich*) beside the rows per provider.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_area: bool,
}

/// The most reporting dates a report holds (a committee table with more columns would not
/// fit a page); more stored (hand-edited) are cut to this many.
pub const MAX_REPORTING_DATES: usize = 12;

/// The most import records kept; older ones are dropped first.
pub const MAX_IMPORT_RECORDS: usize = 200;

impl ReportSettings {
    fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// Report settings from generic JSON (a backup's, see `backup::report_of`), held to what
    /// this version can use; `None` when they are not report settings.
    pub fn read(value: Value) -> Option<Self> {
        from_value::<ReportSettings>(value)
            .ok()
            .map(Self::sanitized)
    }

    /// Only what this version can use: plausible dates (`domain::calendar`), sorted, without
    /// duplicates, at most [`MAX_REPORTING_DATES`]; a period of plausible months.
    fn sanitized(mut self) -> Self {
        let plausible = |date: &NaiveDate| calendar::is_plausible_year(date.year());
        let clean = |dates: &mut Vec<NaiveDate>| {
            dates.retain(plausible);
            sorting::sort(dates);
            dates.dedup();
            dates.truncate(MAX_REPORTING_DATES);
        };
        if let Some(dates) = self.dates.as_mut() {
            clean(dates);
        }
        clean(&mut self.printed_dates);
        self.period = self.period.filter(|(first, last)| {
            calendar::is_plausible_year(first.year()) && calendar::is_plausible_year(last.year())
        });
        self
    }
}

/// One export file imported into this device.
///
/// The fields after `imported_at_ms` came with the devices roster (*Geräte*); records written
/// before lack them and read as `None` (the roster then shows what it knows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRecord {
    /// The random id of the device that wrote the file (as named in the file).
    pub device: String,
    /// When it was imported, in milliseconds since the Unix epoch.
    pub imported_at_ms: i64,
    /// The provider the exporting device works for, as the file names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderId>,
    /// When the file was exported (milliseconds since the Unix epoch), from its
    /// `exported_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported_at_ms: Option<i64>,
    /// What the file held, counted as the lists count it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<RecordCounts>,
}

/// Cases, short contacts and welcome visits of an imported file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCounts {
    pub cases: usize,
    pub contacts: usize,
    pub visits: usize,
}

/// One device of the roster (*Geräte*): the newest export of it merged here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterEntry {
    pub device: String,
    pub provider: Option<ProviderId>,
    /// When its newest export merged here was written; `None` for imports noted before the
    /// roster existed.
    pub exported_at_ms: Option<i64>,
    /// When that export was merged here.
    pub imported_at_ms: i64,
    pub counts: Option<RecordCounts>,
}

impl RosterEntry {
    /// Whether this device's newest data are older than `due` (the later of the report's
    /// last reporting date and "today minus the days the user set"), both as local dates;
    /// `exported_on` is the local date of [`Self::exported_at_ms`] (or of the import when
    /// the export date is unknown).
    pub fn is_stale(exported_on: NaiveDate, due: Option<NaiveDate>) -> bool {
        due.is_some_and(|due| exported_on < due)
    }
}

/// The date before which a device's newest data count as outdated: the later of the
/// report's last reporting date and `today` minus `days` (when the user set a number).
pub fn stale_before(
    last_reporting_date: Option<NaiveDate>,
    today: NaiveDate,
    days: Option<u32>,
) -> Option<NaiveDate> {
    let by_days = days.and_then(|d| today.checked_sub_days(chrono::Days::new(u64::from(d))));
    match (last_reporting_date, by_days) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Default, smallest and largest number of days the user can set for the roster.
pub const STALE_AFTER_DAYS: (u32, u32) = (1, 366);

impl Settings {
    /// Notes an import of a file written by `device`, keeping at most
    /// [`MAX_IMPORT_RECORDS`].
    pub fn note_import(&mut self, device: &str, imported_at_ms: i64) {
        self.note_import_of(ImportRecord {
            device: device.to_owned(),
            imported_at_ms,
            provider: None,
            exported_at_ms: None,
            counts: None,
        });
    }

    /// Notes an import with what the roster shows of it, keeping at most
    /// [`MAX_IMPORT_RECORDS`] (the oldest go first; a device's newest stays as long as any
    /// of its records does).
    pub fn note_import_of(&mut self, mut record: ImportRecord) {
        // A device id is 16 hex digits; a longer one (hand-edited file) is cut.
        record.device = record.device.chars().take(64).collect();
        self.imports.push(record);
        let excess = self.imports.len().saturating_sub(MAX_IMPORT_RECORDS);
        self.imports.drain(..excess);
    }

    /// The devices roster (*Geräte*): every other device whose exports were merged here, with
    /// its newest export (by export time, then by import time), sorted by provider and device.
    pub fn roster(&self) -> Vec<RosterEntry> {
        let mut newest: std::collections::BTreeMap<&str, &ImportRecord> =
            std::collections::BTreeMap::new();
        for record in self.imports.iter().filter(|i| i.device != self.device_id) {
            let key = |r: &ImportRecord| (r.exported_at_ms, r.imported_at_ms);
            let entry = newest.entry(record.device.as_str()).or_insert(record);
            if key(record) > key(entry) {
                *entry = record;
            }
        }
        let mut roster: Vec<RosterEntry> = newest
            .into_values()
            .map(|r| RosterEntry {
                device: r.device.clone(),
                provider: r.provider.clone(),
                exported_at_ms: r.exported_at_ms,
                imported_at_ms: r.imported_at_ms,
                counts: r.counts,
            })
            .collect();
        sorting::sort_by(&mut roster, |a, b| {
            (a.provider.as_ref().map(|p| p.as_str()), a.device.as_str())
                .cmp(&(b.provider.as_ref().map(|p| p.as_str()), b.device.as_str()))
        });
        roster
    }

    /// The date before which a device's newest data count as outdated on `today`: the
    /// report's last reporting date (as the report shows its dates: the user's, else the
    /// last three quarter ends) or [`Self::stale_after_days`] before today, whichever is
    /// later ([`stale_before`]).
    pub fn stale_before(&self, today: NaiveDate) -> Option<NaiveDate> {
        let last = match &self.report.dates {
            Some(dates) => dates.iter().max().copied(),
            None => crate::domain::report::cases::default_reporting_dates(today)
                .into_iter()
                .max(),
        };
        stale_before(last, today, self.stale_after_days)
    }

    /// The roster's devices whose newest data are outdated on `today`, each with the local
    /// date of its newest data (`date_of_ms` turns milliseconds into the local date).
    pub fn stale_devices(
        &self,
        today: NaiveDate,
        date_of_ms: impl Fn(i64) -> NaiveDate,
    ) -> Vec<(RosterEntry, NaiveDate)> {
        let due = self.stale_before(today);
        self.roster()
            .into_iter()
            .map(|entry| {
                let on = date_of_ms(entry.exported_at_ms.unwrap_or(entry.imported_at_ms));
                (entry, on)
            })
            .filter(|(_, on)| RosterEntry::is_stale(*on, due))
            .collect()
    }

    /// Takes a retired device off the roster: forgets its import records (settings, not
    /// data). Its cases, contacts and visits stay; a later import of it lists it again.
    pub fn forget_device(&mut self, device: &str) {
        self.imports.retain(|i| i.device != device);
    }

    /// How many other devices' exports this device's data combines, and when the latest was
    /// imported.
    pub fn import_summary(&self) -> (usize, Option<i64>) {
        let mut devices: Vec<&str> = self
            .imports
            .iter()
            .map(|i| i.device.as_str())
            .filter(|d| *d != self.device_id)
            .collect();
        sorting::sort(&mut devices);
        devices.dedup();
        let latest = self.imports.iter().map(|i| i.imported_at_ms).max();
        (devices.len(), latest)
    }
}

/// Who works on this device (*Für wen wird auf diesem Gerät gearbeitet?*).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeviceRole {
    /// Not asked yet (first start). The app asks in a notice that blocks nothing; until then
    /// it behaves as on the coordinating office's device (the provider is chosen each time).
    #[default]
    Unset,
    /// A provider's case managers: short contacts count for this provider, and a person the
    /// rules give to another provider is referred there, not admitted here.
    Provider { provider: ProviderId },
    /// The coordinating office (*Koordinierende Stelle*): the provider is chosen each time and
    /// never preselected.
    CoordinatingOffice,
}

impl DeviceRole {
    /// The provider this device works for, if it works for one.
    pub fn provider(&self) -> Option<&ProviderId> {
        match self {
            DeviceRole::Provider { provider } => Some(provider),
            DeviceRole::Unset | DeviceRole::CoordinatingOffice => None,
        }
    }
}

impl Settings {
    /// The provider this device works for (see [`DeviceRole::provider`]).
    pub fn own_provider(&self) -> Option<&ProviderId> {
        self.device_role.provider()
    }
}

/// [`Settings`] as stored, by every version so far: `device_role` when written by this
/// version, `own_provider` when written before it (see the schema history above). A
/// `device_role` this version cannot read (hand-edited) is asked again rather than making the
/// whole document unreadable: it is a setting, not data.
#[derive(Deserialize)]
struct StoredSettings {
    device_id: String,
    #[serde(default)]
    device_role: Option<Value>,
    #[serde(default)]
    own_provider: Option<ProviderId>,
    #[serde(default)]
    last_export_ms: Option<i64>,
    #[serde(default)]
    report: Option<Value>,
    #[serde(default)]
    imports: Option<Value>,
    #[serde(default)]
    lock_idle_minutes: Option<Value>,
    #[serde(default)]
    backup: Option<Value>,
    #[serde(default)]
    stale_after_days: Option<Value>,
}

impl From<StoredSettings> for Settings {
    fn from(stored: StoredSettings) -> Self {
        let device_role = match (stored.device_role, stored.own_provider) {
            (Some(role), _) => from_value(role).unwrap_or_default(),
            (None, Some(provider)) => DeviceRole::Provider { provider },
            (None, None) => DeviceRole::Unset,
        };
        // Settings, not data: a part this version cannot read (hand-edited) falls back to
        // its default rather than making the whole document unreadable.
        let report: ReportSettings = stored
            .report
            .and_then(|value| from_value(value).ok())
            .unwrap_or_default();
        let mut imports: Vec<ImportRecord> = stored
            .imports
            .and_then(|value| from_value(value).ok())
            .unwrap_or_default();
        let excess = imports.len().saturating_sub(MAX_IMPORT_RECORDS);
        imports.drain(..excess);
        Settings {
            device_id: stored.device_id,
            device_role,
            last_export_ms: stored.last_export_ms,
            report: report.sanitized(),
            imports,
            lock_idle_minutes: stored
                .lock_idle_minutes
                .and_then(|v| v.as_u64())
                .and_then(|m| u32::try_from(m).ok())
                .filter(|m| (IDLE_LOCK_MINUTES.1..=IDLE_LOCK_MINUTES.2).contains(m))
                .unwrap_or(IDLE_LOCK_MINUTES.0),
            backup: stored
                .backup
                .and_then(|value| from_value::<BackupSettings>(value).ok())
                .unwrap_or_default()
                .sanitized(),
            stale_after_days: stored
                .stale_after_days
                .and_then(|v| v.as_u64())
                .and_then(|d| u32::try_from(d).ok())
                .filter(|d| (STALE_AFTER_DAYS.0..=STALE_AFTER_DAYS.1).contains(d)),
        }
    }
}

/// The whole stored state of the app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredDocument {
    pub schema_version: u32,
    /// Raised by one on every successful save; tells a tab whether another tab wrote.
    pub write_count: u64,
    /// Raised when the data is replaced as a whole (an import in replace mode). Two tabs'
    /// documents are merged only within one generation: across generations the newer one
    /// wins, so a tab still holding the old data cannot merge replaced records back in.
    /// Absent in documents written before it existed, which are generation 0.
    #[serde(default)]
    pub generation: u64,
    pub settings: Settings,
    pub data: Dataset,
}

impl StoredDocument {
    /// A new, empty document with the given rule set and device id.
    pub fn fresh(data: Dataset, device_id: String) -> Self {
        StoredDocument {
            schema_version: CURRENT_SCHEMA_VERSION,
            write_count: 0,
            generation: 0,
            settings: Settings {
                device_id,
                ..Settings::default()
            },
            data,
        }
    }
}

/// Why stored text could not be read. The text is never discarded because of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The text is not JSON, or not a document of this app.
    #[error("stored text is not a readable document: {0}")]
    Malformed(String),
    /// Written by a newer version of the app.
    #[error("stored schema version {found} is newer than {supported}")]
    NewerVersion { found: u64, supported: u32 },
    /// A migration step failed.
    #[error("migration from schema version {from} failed: {why}")]
    MigrationFailed { from: u32, why: String },
}

/// Parses, migrates and deserialises a document's JSON (the text of a stored document once
/// decoded: [`super::stored_text`]).
pub(crate) fn load_json(
    json: &str,
    migrations: &[Migration],
    current: u32,
) -> Result<StoredDocument, LoadError> {
    // Fast path: a document of the current version is read straight into its type (a large
    // register is megabytes of JSON; going through a generic `Value` first doubles the work).
    #[derive(Deserialize)]
    struct Version {
        schema_version: Option<u64>,
    }
    if let Ok(Version {
        schema_version: Some(version),
    }) = serde_json::from_str::<Version>(json)
    {
        if version == u64::from(current) {
            return serde_json::from_str(json).map_err(|e| LoadError::Malformed(e.to_string()));
        }
    }
    let mut value: Value =
        serde_json::from_str(json).map_err(|e| LoadError::Malformed(e.to_string()))?;
    let version = value
        .get("schema_version")
        .and_then(Value::as_u64)
        .ok_or_else(|| LoadError::Malformed("no schema_version".into()))?;
    if version > u64::from(current) {
        return Err(LoadError::NewerVersion {
            found: version,
            supported: current,
        });
    }
    if version == 0 {
        return Err(LoadError::Malformed("schema_version 0".into()));
    }
    // At most `current` by the check above, so it fits.
    let mut version = u32::try_from(version).unwrap_or(current);
    while version < current {
        let failed = |why: &str| LoadError::MigrationFailed {
            from: version,
            why: why.into(),
        };
        let step = usize::try_from(version - 1)
            .ok()
            .and_then(|index| migrations.get(index))
            .ok_or_else(|| failed("no migration step"))?;
        value = step(value).map_err(|why| LoadError::MigrationFailed { from: version, why })?;
        let object = value
            .as_object_mut()
            .ok_or_else(|| failed("the step did not return an object"))?;
        version += 1;
        object.insert("schema_version".into(), Value::from(version));
    }
    from_value(value).map_err(|e| LoadError::Malformed(e.to_string()))
}

/// A type read from a generic JSON value by way of its text. Size, measured: deserialising
/// from a `Value` instantiates every stored type's serde code a second time (for the `Value`
/// deserializer besides the text one), 71 KB of wasm (28 KB gzip). The detour through text
/// is paid only by a migration or a hand-edited setting.
fn from_value<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    serde_json::from_str(&value.to_string())
}

/// Serialises a document compactly (local storage is small).
pub fn to_json(document: &StoredDocument) -> String {
    serde_json::to_string(document).expect("a document always serialises")
}

#[cfg(test)]
mod settings_tests {
    use super::*;
    use serde_json::json;

    fn read(value: serde_json::Value) -> Settings {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn a_provider_chosen_before_device_roles_existed_is_kept() {
        let settings = read(json!({
            "device_id": "3f2a9c0d11e4b7a8",
            "own_provider": "caritas",
            "last_export_ms": 1675000000000_i64,
        }));
        assert_eq!(
            settings.device_role,
            DeviceRole::Provider {
                provider: ProviderId::new("caritas")
            }
        );
        assert_eq!(settings.own_provider(), Some(&ProviderId::new("caritas")));
        assert_eq!(settings.last_export_ms, Some(1675000000000));
        // Written back, only the new field remains, and it reads the same.
        let written = serde_json::to_value(&settings).unwrap();
        assert_eq!(
            written,
            json!({
                "device_id": "3f2a9c0d11e4b7a8",
                "device_role": { "kind": "provider", "provider": "caritas" },
                "last_export_ms": 1675000000000_i64,
            })
        );
        assert_eq!(read(written), settings);
    }

    #[test]
    fn no_provider_before_device_roles_existed_is_asked_again() {
        for old in [
            json!({ "device_id": "a" }),
            json!({ "device_id": "a", "own_provider": null, "last_export_ms": null }),
        ] {
            assert_eq!(read(old).device_role, DeviceRole::Unset);
        }
    }

    #[test]
    fn every_role_reads_back_and_the_new_field_wins() {
        for role in [
            DeviceRole::Unset,
            DeviceRole::CoordinatingOffice,
            DeviceRole::Provider {
                provider: ProviderId::new("lernen-foerdern"),
            },
        ] {
            let settings = Settings {
                device_id: "a".into(),
                device_role: role.clone(),
                last_export_ms: None,
                ..Settings::default()
            };
            assert_eq!(read(serde_json::to_value(&settings).unwrap()), settings);
        }
        let both = read(json!({
            "device_id": "a",
            "device_role": { "kind": "coordinating_office" },
            "own_provider": "caritas",
        }));
        assert_eq!(both.device_role, DeviceRole::CoordinatingOffice);
        assert_eq!(both.own_provider(), None);
    }

    #[test]
    fn the_stored_fixture_of_schema_version_1_keeps_its_provider() {
        let raw = include_str!("../../tests/fixtures/storage/v1.json");
        let document = load_json(raw, MIGRATIONS, CURRENT_SCHEMA_VERSION).unwrap();
        assert_eq!(
            document.settings.device_role,
            DeviceRole::Provider {
                provider: ProviderId::new("caritas")
            }
        );
    }

    #[test]
    fn report_settings_and_imports_read_back_and_nonsense_falls_back() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let mut settings = Settings {
            device_id: "a".into(),
            report: ReportSettings {
                dates: Some(vec![d(2022, 9, 15), d(2022, 12, 15), d(2023, 4, 1)]),
                period: Some((
                    YearMonth::new(2023, 1).unwrap(),
                    YearMonth::new(2023, 4).unwrap(),
                )),
                printed_dates: vec![d(2023, 4, 1)],
                protect_small_numbers: true,
                by_area: true,
            },
            ..Settings::default()
        };
        settings.note_import("b", 5);
        settings.note_import("c", 7);
        settings.note_import("b", 9);
        settings.note_import("a", 11);
        assert_eq!(settings.import_summary(), (2, Some(11)));
        assert_eq!(read(serde_json::to_value(&settings).unwrap()), settings);

        let odd = read(json!({
            "device_id": "a",
            "report": { "dates": ["2023-04-01", "1066-10-14", "2022-09-15", "2023-04-01"] },
            "imports": "yesterday",
        }));
        assert_eq!(odd.report.dates, Some(vec![d(2022, 9, 15), d(2023, 4, 1)]));
        assert!(odd.imports.is_empty());
        let broken = read(json!({ "device_id": "a", "report": { "dates": 3 } }));
        assert_eq!(broken.report, ReportSettings::default());
    }

    #[test]
    fn a_role_this_version_cannot_read_is_asked_again() {
        for role in [json!({ "kind": "mayor" }), json!("caritas"), json!(3)] {
            let settings =
                read(json!({ "device_id": "a", "device_role": role, "own_provider": "caritas" }));
            assert_eq!(settings.device_role, DeviceRole::Unset, "{role}");
        }
    }

    #[test]
    fn the_roster_shows_each_devices_newest_export_and_forgetting_keeps_the_data_settings() {
        let record =
            |device: &str, imported: i64, exported: Option<i64>, cases: usize| ImportRecord {
                device: device.into(),
                imported_at_ms: imported,
                provider: Some(ProviderId::new("caritas")),
                exported_at_ms: exported,
                counts: Some(RecordCounts {
                    cases,
                    contacts: 0,
                    visits: 0,
                }),
            };
        let mut settings = Settings {
            device_id: "self".into(),
            ..Settings::default()
        };
        settings.note_import_of(record("b", 10, Some(100), 1));
        // An older export of b imported later does not hide its newer one.
        settings.note_import_of(record("b", 20, Some(50), 2));
        settings.note_import_of(record("a", 30, Some(70), 3));
        settings.note_import_of(record("self", 40, Some(80), 4));
        // An import noted before the roster existed reads back.
        let old = read(
            json!({ "device_id": "self", "imports": [{ "device": "c", "imported_at_ms": 5 }] }),
        );
        assert_eq!(old.roster()[0].exported_at_ms, None);
        let roster = settings.roster();
        assert_eq!(
            roster
                .iter()
                .map(|e| (e.device.as_str(), e.exported_at_ms, e.counts.unwrap().cases))
                .collect::<Vec<_>>(),
            vec![("a", Some(70), 3), ("b", Some(100), 1)]
        );
        assert_eq!(read(serde_json::to_value(&settings).unwrap()), settings);
        settings.forget_device("b");
        assert_eq!(settings.roster().len(), 1);
    }

    #[test]
    fn a_device_is_stale_before_the_last_reporting_date_or_the_days_set() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let due = stale_before(Some(d(2026, 9, 30)), d(2026, 12, 7), Some(30));
        assert_eq!(due, Some(d(2026, 11, 7)));
        assert!(RosterEntry::is_stale(d(2026, 11, 6), due));
        assert!(!RosterEntry::is_stale(d(2026, 11, 7), due));
        assert_eq!(
            stale_before(Some(d(2026, 9, 30)), d(2026, 12, 7), None),
            Some(d(2026, 9, 30))
        );
        assert_eq!(stale_before(None, d(2026, 12, 7), None), None);
        assert!(!RosterEntry::is_stale(d(2000, 1, 1), None));
        // The report's last reporting date, as the report shows its dates.
        let mut settings = Settings {
            device_id: "self".into(),
            ..Settings::default()
        };
        assert_eq!(settings.stale_before(d(2026, 12, 7)), Some(d(2026, 9, 30)));
        settings.report.dates = Some(vec![d(2026, 10, 15), d(2026, 6, 30)]);
        assert_eq!(settings.stale_before(d(2026, 12, 7)), Some(d(2026, 10, 15)));
        let ms = |date: NaiveDate| {
            date.and_hms_opt(12, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp_millis()
        };
        let of = |ms: i64| {
            chrono::DateTime::from_timestamp_millis(ms)
                .unwrap()
                .date_naive()
        };
        for (device, on) in [("old", d(2026, 10, 14)), ("new", d(2026, 10, 15))] {
            settings.note_import_of(ImportRecord {
                device: device.into(),
                imported_at_ms: ms(d(2026, 12, 1)),
                provider: None,
                exported_at_ms: Some(ms(on)),
                counts: None,
            });
        }
        let stale = settings.stale_devices(d(2026, 12, 7), of);
        assert_eq!(stale.len(), 1);
        assert_eq!(
            (stale[0].0.device.as_str(), stale[0].1),
            ("old", d(2026, 10, 14))
        );
        // A number of days out of bounds (hand-edited) is not used.
        assert_eq!(
            read(json!({ "device_id": "a", "stale_after_days": 0 })).stale_after_days,
            None
        );
        assert_eq!(
            read(json!({ "device_id": "a", "stale_after_days": 14 })).stale_after_days,
            Some(14)
        );
    }
}
