//! Backups: what they are called, which generations are kept, and when one is due.
//!
//! A backup is an export file (`domain::exchange`, encrypted as `sealed_file` when the
//! passphrase lock is on) that also carries the report's settings, written by itself into a
//! connected folder ([`super::folder`], `app::backup`) or downloaded by the user. Its name
//! sorts by time and names the device and who works on it:
//!
//! `kim-sicherung-2026-12-07T14-05-09Z-caritas-rheine-3f2a9c0d.json`
//! (`…-verschluesselt.json` when encrypted)
//!
//! The time is UTC (marked `Z`): local time would sort an hour wrong once a year, when the
//! clocks go back. A folder may hold the backups of several devices; each device keeps its
//! own last [`KEEP_GENERATIONS`] and never deletes another device's.
//!
//! Pure: no clock (times are parameters), natively tested.

use super::schema::ReportSettings;
pub use super::schema::{BackupSettings, REMIND_AFTER_DAYS};
use chrono::{DateTime, NaiveDateTime};
use serde::Deserialize;

/// The text of a backup: the export file `export_text` (compact JSON of one object, as
/// `domain::exchange::export_from` writes it) with the report's settings of this device added
/// as its field `report`. Every reader of export files ignores the field; a restore takes the
/// report's settings from it ([`report_of`]), so the report's figures come back as they were.
/// Export files between devices do not carry it: each device sets up its own report.
pub fn backup_text(export_text: &str, report: &ReportSettings) -> String {
    let report = serde_json::to_string(report).unwrap_or_else(|_| "{}".into());
    match export_text.trim_end().strip_suffix('}') {
        Some(open) => format!("{open},\"report\":{report}}}"),
        // Not an object: left as it is (never written by this app).
        None => export_text.to_owned(),
    }
}

/// The report's settings a backup carries ([`backup_text`]); `None` for an export file
/// without them, or when they cannot be read (a setting falls back, it never refuses a file).
pub fn report_of(text: &str) -> Option<ReportSettings> {
    #[derive(Deserialize)]
    struct WithReport {
        #[serde(default)]
        report: Option<serde_json::Value>,
    }
    let value = serde_json::from_str::<WithReport>(text).ok()?.report?;
    ReportSettings::read(value)
}

/// How every backup's name begins.
pub const PREFIX: &str = "kim-sicherung-";
/// How an encrypted backup's name ends.
pub const ENCRYPTED_SUFFIX: &str = "-verschluesselt.json";
const PLAIN_SUFFIX: &str = ".json";
/// The generations of one device's backups kept in a folder.
pub const KEEP_GENERATIONS: usize = 10;
/// The shortest time between two backups written by themselves: after a change the next one
/// waits this long, so a day of work leaves a few generations rather than hundreds.
pub const MIN_INTERVAL_MS: i64 = 5 * 60 * 1000;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// The length of the time in a name: `2026-12-07T14-05-09Z`.
const TIME_LEN: usize = 20;
/// The length of the device part in a name (the start of the device id).
const DEVICE_LEN: usize = 8;

/// What a backup's name says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupName {
    /// When it was written (UTC).
    pub written: NaiveDateTime,
    /// Who works on the device (a file-name form of the provider, or `koordinierung`).
    pub who: String,
    /// The start of the device's id.
    pub device: String,
    pub encrypted: bool,
}

/// The start of a device id as it appears in names: at most 8 ASCII letters or digits.
fn device_part(device_id: &str) -> String {
    device_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(DEVICE_LEN)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The name of a backup written at `written_ms` (milliseconds since the epoch, UTC) by the
/// device `device_id`, on which `who` works (already in file-name form: `caritas-rheine`).
pub fn name(written_ms: i64, device_id: &str, who: &str, encrypted: bool) -> String {
    let time = DateTime::from_timestamp_millis(written_ms)
        .unwrap_or_default()
        .naive_utc()
        .format("%Y-%m-%dT%H-%M-%SZ");
    let suffix = if encrypted {
        ENCRYPTED_SUFFIX
    } else {
        PLAIN_SUFFIX
    };
    format!("{PREFIX}{time}-{who}-{}{suffix}", device_part(device_id))
}

/// Reads a backup's name; `None` for any other file.
pub fn parse(file_name: &str) -> Option<BackupName> {
    let rest = file_name.strip_prefix(PREFIX)?;
    let (rest, encrypted) = match rest.strip_suffix(ENCRYPTED_SUFFIX) {
        Some(rest) => (rest, true),
        None => (rest.strip_suffix(PLAIN_SUFFIX)?, false),
    };
    let time = rest.get(..TIME_LEN)?;
    let written = NaiveDateTime::parse_from_str(time, "%Y-%m-%dT%H-%M-%SZ").ok()?;
    let rest = rest.get(TIME_LEN..)?.strip_prefix('-')?;
    let (who, device) = rest.rsplit_once('-')?;
    let plausible = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if !plausible(who) || !plausible(device) || device.len() > DEVICE_LEN {
        return None;
    }
    Some(BackupName {
        written,
        who: who.to_owned(),
        device: device.to_owned(),
        encrypted,
    })
}

/// The backups among `file_names`, newest first (by the time in their names; names of the
/// same second by name).
pub fn newest_first(file_names: &[String]) -> Vec<(String, BackupName)> {
    let mut backups: Vec<(String, BackupName)> = file_names
        .iter()
        .filter_map(|n| parse(n).map(|b| (n.clone(), b)))
        .collect();
    crate::domain::sorting::sort_by(&mut backups, |a, b| {
        b.1.written.cmp(&a.1.written).then_with(|| b.0.cmp(&a.0))
    });
    backups
}

/// The backups of the device `device_id` among `files` (names with sizes in bytes) that it
/// deletes after writing one: its complete ones beyond the newest `keep`, and its empty ones
/// (a write cut short leaves the name with no content) except `just_written`. Other files, and
/// other devices' backups, are never named.
pub fn to_delete(
    files: &[(String, u64)],
    device_id: &str,
    keep: usize,
    just_written: &str,
) -> Vec<String> {
    let device = device_part(device_id);
    let mut gone: Vec<String> = restorable(files)
        .into_iter()
        .filter(|(_, b)| b.device == device)
        .skip(keep)
        .map(|(n, _)| n)
        .collect();
    gone.extend(
        files
            .iter()
            .filter(|(n, size)| *size == 0 && n != just_written)
            .filter(|(n, _)| parse(n).is_some_and(|b| b.device == device))
            .map(|(n, _)| n.clone()),
    );
    gone
}

/// The complete backups among `files` (names with sizes), newest first: what a restore
/// offers. An empty file (a write cut short) is no backup.
pub fn restorable(files: &[(String, u64)]) -> Vec<(String, BackupName)> {
    let complete: Vec<String> = files
        .iter()
        .filter(|(_, size)| *size > 0)
        .map(|(n, _)| n.clone())
        .collect();
    newest_first(&complete)
}

/// Whether a backup written by itself may be written now: something changed since the last
/// one and the last one is at least [`MIN_INTERVAL_MS`] old. `Err(wait_ms)`: not yet, try
/// again in that many milliseconds; `Ok(false)`: nothing to back up.
pub fn may_write(pending: bool, last_backup_ms: Option<i64>, now_ms: i64) -> Result<bool, i64> {
    if !pending {
        return Ok(false);
    }
    match last_backup_ms {
        Some(last) if now_ms >= last && now_ms - last < MIN_INTERVAL_MS => {
            Err(MIN_INTERVAL_MS - (now_ms - last))
        }
        _ => Ok(true),
    }
}

/// Characters local storage holds per origin: 5 MiB of UTF-16 in Chromium (measured by
/// `.ci/bench-lock.mjs`: writes fail beyond 5.24 M characters), about as much in Firefox and
/// Safari.
pub const LOCAL_STORAGE_CHARS: usize = 5 * 1024 * 1024;
/// From this share of [`LOCAL_STORAGE_CHARS`] on, the app warns before a save can fail.
pub const QUOTA_WARNING_PERCENT: u32 = 80;

/// How full local storage is with `stored_chars` of the app's entry, in whole percent
/// (rounded down, at most 999).
pub fn quota_percent(stored_chars: usize) -> u32 {
    let percent = stored_chars.saturating_mul(100) / LOCAL_STORAGE_CHARS;
    u32::try_from(percent).unwrap_or(999).min(999)
}

/// Whether the storage is full enough to warn ([`QUOTA_WARNING_PERCENT`]).
pub fn quota_warning(stored_chars: usize) -> bool {
    quota_percent(stored_chars) >= QUOTA_WARNING_PERCENT
}

/// Whether the reminder to back up is shown, and what it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reminder {
    /// Nothing to remind of: no data, a recent backup or export, or put off.
    None,
    /// Data exist and were never backed up or exported on this device.
    Never,
    /// The last backup or export is this many whole days old.
    DaysAgo(i64),
}

/// What the reminder says at `now_ms`. Data exist (`has_data`) and neither a backup nor an
/// export was made in the last `every_days` days, unless it was put off until after now.
pub fn reminder(
    has_data: bool,
    last_backup_ms: Option<i64>,
    last_export_ms: Option<i64>,
    every_days: u32,
    snoozed_until_ms: Option<i64>,
    now_ms: i64,
) -> Reminder {
    if !has_data || snoozed_until_ms.is_some_and(|until| now_ms < until) {
        return Reminder::None;
    }
    let every_days = every_days.clamp(REMIND_AFTER_DAYS.1, REMIND_AFTER_DAYS.2);
    match last_backup_ms.max(last_export_ms) {
        None => Reminder::Never,
        Some(last) => {
            let age = (now_ms - last).max(0);
            if age > i64::from(every_days) * DAY_MS {
                Reminder::DaysAgo(age / DAY_MS)
            } else {
                Reminder::None
            }
        }
    }
}

/// Until when "Morgen erinnern" puts the reminder off: one day from `now_ms`.
pub fn snooze_until(now_ms: i64) -> i64 {
    now_ms + DAY_MS
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};
    use proptest::prelude::*;

    fn ms(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> i64 {
        Utc.with_ymd_and_hms(y, m, d, h, min, s)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn a_name_says_when_who_and_which_device_and_reads_back() {
        let written = ms(2026, 12, 7, 14, 5, 9);
        let plain = name(written, "3F2A9C0D11E4B7A8", "caritas-rheine", false);
        assert_eq!(
            plain,
            "kim-sicherung-2026-12-07T14-05-09Z-caritas-rheine-3f2a9c0d.json"
        );
        let sealed = name(written, "3f2a9c0d11e4b7a8", "koordinierung", true);
        assert_eq!(
            sealed,
            "kim-sicherung-2026-12-07T14-05-09Z-koordinierung-3f2a9c0d-verschluesselt.json"
        );
        let read = parse(&plain).unwrap();
        assert_eq!(
            read,
            BackupName {
                written: NaiveDate::from_ymd_opt(2026, 12, 7)
                    .unwrap()
                    .and_hms_opt(14, 5, 9)
                    .unwrap(),
                who: "caritas-rheine".into(),
                device: "3f2a9c0d".into(),
                encrypted: false,
            }
        );
        assert!(parse(&sealed).unwrap().encrypted);
    }

    #[test]
    fn other_files_are_not_backups() {
        for other in [
            "kim-export-caritas-rheine-2026-12-07.json",
            "kim-sicherung-.json",
            "kim-sicherung-2026-12-07T14-05-09Z.json",
            "kim-sicherung-2026-13-07T14-05-09Z-a-b.json",
            "kim-sicherung-2026-12-07T14-05-09Z-Caritas-b.json",
            "kim-sicherung-2026-12-07T14-05-09Z-a-123456789.json",
            "kim-sicherung-2026-12-07T14-05-09Z-a-b.txt",
            "notizen.txt",
        ] {
            assert_eq!(parse(other), None, "{other}");
        }
    }

    #[test]
    fn twelve_backups_leave_the_newest_ten_of_this_device_and_every_other_file() {
        let device = "aaaa1111bbbb2222";
        let mut names: Vec<String> = (0..12)
            .map(|i| {
                name(
                    ms(2026, 12, 7, 8, 0, 0) + i * MIN_INTERVAL_MS,
                    device,
                    "caritas-rheine",
                    i % 2 == 0,
                )
            })
            .collect();
        names.push(name(
            ms(2020, 1, 1, 0, 0, 0),
            "cccc3333",
            "lernen-foerdern",
            false,
        ));
        names.push("kim-export-caritas-rheine-2026-12-07.json".into());
        let sized = |names: &[String]| -> Vec<(String, u64)> {
            names.iter().map(|n| (n.clone(), 1000)).collect()
        };
        let newest = names[11].clone();
        let gone = to_delete(&sized(&names), device, KEEP_GENERATIONS, &newest);
        assert_eq!(gone, vec![names[1].clone(), names[0].clone()]);
        assert!(to_delete(&sized(&names), device, 12, &newest).is_empty());
        // A write cut short leaves an empty file: it is no generation, and it is deleted,
        // unless it is the one just written (the browser may not have put it in place yet).
        let mut files = sized(&names);
        files[5].1 = 0;
        let gone = to_delete(&files, device, KEEP_GENERATIONS, &newest);
        assert_eq!(gone, vec![names[0].clone(), names[5].clone()]);
        files[11].1 = 0;
        assert!(!to_delete(&files, device, KEEP_GENERATIONS, &newest).contains(&newest));
        let offered: Vec<String> = restorable(&files).into_iter().map(|(n, _)| n).collect();
        assert_eq!(offered.first(), Some(&names[10]));
        assert!(!offered.contains(&names[5]));
    }

    #[test]
    fn newest_first_orders_by_time_not_by_who() {
        let a = name(ms(2026, 1, 1, 10, 0, 0), "d1", "zz-traeger", false);
        let b = name(ms(2026, 1, 1, 11, 0, 0), "d2", "aa-traeger", false);
        let c = name(ms(2025, 12, 31, 23, 0, 0), "d3", "mm", true);
        let order: Vec<String> = newest_first(&[a.clone(), c.clone(), b.clone()])
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(order, vec![b, a, c]);
    }

    #[test]
    fn a_backup_waits_for_a_change_and_for_the_interval() {
        let now = ms(2026, 12, 7, 12, 0, 0);
        assert_eq!(may_write(false, None, now), Ok(false));
        assert_eq!(may_write(true, None, now), Ok(true));
        assert_eq!(may_write(true, Some(now - MIN_INTERVAL_MS), now), Ok(true));
        assert_eq!(
            may_write(true, Some(now - 60_000), now),
            Err(MIN_INTERVAL_MS - 60_000)
        );
        // A clock put back does not stop backups.
        assert_eq!(may_write(true, Some(now + 60_000), now), Ok(true));
    }

    #[test]
    fn the_reminder_counts_days_from_the_newer_of_backup_and_export() {
        let now = ms(2026, 12, 15, 9, 0, 0);
        let days = |n: i64| now - n * DAY_MS;
        assert_eq!(reminder(false, None, None, 7, None, now), Reminder::None);
        assert_eq!(reminder(true, None, None, 7, None, now), Reminder::Never);
        assert_eq!(
            reminder(true, Some(days(7)), None, 7, None, now),
            Reminder::None
        );
        assert_eq!(
            reminder(true, Some(days(8)), None, 7, None, now),
            Reminder::DaysAgo(8)
        );
        assert_eq!(
            reminder(true, Some(days(8)), Some(days(2)), 7, None, now),
            Reminder::None
        );
        assert_eq!(
            reminder(true, None, Some(days(30)), 7, None, now),
            Reminder::DaysAgo(30)
        );
        // One more second past the boundary counts.
        assert_eq!(
            reminder(true, Some(days(7) - 1000), None, 7, None, now),
            Reminder::DaysAgo(7)
        );
        // Put off for a day, then back.
        let until = snooze_until(now);
        assert_eq!(
            reminder(true, None, None, 7, Some(until), now),
            Reminder::None
        );
        assert_eq!(
            reminder(true, None, None, 7, Some(until), until),
            Reminder::Never
        );
        // A setting out of bounds is held to them.
        assert_eq!(
            reminder(true, Some(days(2)), None, 0, None, now),
            Reminder::DaysAgo(2)
        );
    }

    #[test]
    fn a_backup_is_an_export_file_with_the_report_settings() {
        use crate::domain::exchange;
        use crate::domain::YearMonth;
        let data = crate::domain::Dataset {
            rules: crate::domain::rules::RuleSet::default_rheine(),
            cases: vec![],
            contacts: vec![],
            visits: vec![],
            yearly: vec![],
        };
        let export = exchange::export(&data, "2026-12-07T10:00:00Z", "3f2a9c0d11e4b7a8");
        let report = ReportSettings {
            dates: Some(vec![NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()]),
            period: Some((
                YearMonth::new(2026, 1).unwrap(),
                YearMonth::new(2026, 6).unwrap(),
            )),
            protect_small_numbers: true,
            ..Default::default()
        };
        let text = backup_text(&export, &report);
        // Read by every importer as the export file it is.
        let file = exchange::parse_import(&text).unwrap();
        assert_eq!(file.data, exchange::parse_import(&export).unwrap().data);
        // And by a restore with the report's settings.
        assert_eq!(report_of(&text), Some(report));
        assert_eq!(report_of(&export), None);
        assert_eq!(report_of("not json"), None);
        assert_eq!(report_of(r#"{"report": {"dates": "nonsense"}}"#), None);
    }

    #[test]
    fn the_quota_warning_starts_at_eighty_percent() {
        assert_eq!(quota_percent(0), 0);
        assert_eq!(quota_percent(LOCAL_STORAGE_CHARS / 2), 50);
        assert!(!quota_warning(LOCAL_STORAGE_CHARS * 80 / 100 - 1000));
        assert!(quota_warning(LOCAL_STORAGE_CHARS * 80 / 100 + 1));
        assert_eq!(quota_percent(usize::MAX), 999);
    }

    #[test]
    fn backup_settings_read_back_and_nonsense_falls_back() {
        let set = BackupSettings {
            last_backup_ms: Some(1),
            pending: true,
            remind_after_days: 3,
            snoozed_until_ms: Some(2),
            persistence_asked: true,
        };
        let text = serde_json::to_string(&set).unwrap();
        assert_eq!(serde_json::from_str::<BackupSettings>(&text).unwrap(), set);
        let odd: BackupSettings = serde_json::from_str(r#"{"remind_after_days": 0}"#).unwrap();
        assert_eq!(odd.sanitized(), BackupSettings::default());
        assert_eq!(
            serde_json::to_string(&BackupSettings::default()).unwrap(),
            r#"{"remind_after_days":7}"#
        );
    }

    proptest! {
        #[test]
        fn names_sort_as_their_times_do(a in 0i64..4_102_444_800_000, b in 0i64..4_102_444_800_000) {
            let (na, nb) = (name(a, "d", "w", false), name(b, "d", "w", false));
            // Whole seconds: names of the same second are equal.
            prop_assert_eq!((a / 1000).cmp(&(b / 1000)), na.cmp(&nb));
            prop_assert_eq!(parse(&na).map(|p| p.written.and_utc().timestamp()), Some(a / 1000));
        }

        #[test]
        fn any_name_reads_without_panicking(text in ".{0,80}") {
            let _ = parse(&text);
            let _ = parse(&format!("{PREFIX}{text}"));
        }
    }
}
