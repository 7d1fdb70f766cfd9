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
        }
    }
}

/// Default, smallest and largest idle time before the passphrase lock closes.
pub const IDLE_LOCK_MINUTES: (u32, u32, u32) = (15, 1, 480);

fn is_default_idle(minutes: &u32) -> bool {
    *minutes == IDLE_LOCK_MINUTES.0
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRecord {
    /// The random id of the device that wrote the file (as named in the file).
    pub device: String,
    /// When it was imported, in milliseconds since the Unix epoch.
    pub imported_at_ms: i64,
}

impl Settings {
    /// Notes an import of a file written by `device`, keeping at most
    /// [`MAX_IMPORT_RECORDS`].
    pub fn note_import(&mut self, device: &str, imported_at_ms: i64) {
        self.imports.push(ImportRecord {
            // A device id is 16 hex digits; a longer one (hand-edited file) is cut.
            device: device.chars().take(64).collect(),
            imported_at_ms,
        });
        let excess = self.imports.len().saturating_sub(MAX_IMPORT_RECORDS);
        self.imports.drain(..excess);
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
}
