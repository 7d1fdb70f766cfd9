//! Short contacts (*sonstige Beratungskontakte*): people who talked to case management but were
//! not admitted (not complex, not responsible, counselled elsewhere). Only a tally is kept:
//! provider, month and where the person was referred to.
//!
//! Design decision: every click is one [`ShortContact`] record with a random id, not a mutable
//! counter, so two laptops' tallies merge by set union and a wrong count is corrected by voiding
//! one record (it stays in the data, with `voided = true`, so a merge cannot resurrect it).
//!
//! Bounds ([`validate_new`]): the month lies in the years of [`calendar`], `recorded_at` is a
//! plausible timestamp.
//!
//! One check, one place: a contact counted on any page is built by [`ShortContact::record`],
//! and an imported one is checked by [`validate_new`]; both run the same checks, so a contact
//! this laptop records is one every other laptop's import accepts.

use crate::domain::calendar;
use crate::domain::ids::*;
use crate::domain::rules::{label_of, RuleSet};
use crate::domain::YearMonth;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One short contact without admission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShortContact {
    pub id: RecordId,
    pub provider: ProviderId,
    pub month: YearMonth,
    pub outcome: OutcomeId,
    /// When it was recorded, in milliseconds since the Unix epoch (supplied by the caller).
    pub recorded_at: i64,
    /// Set when the count was a mistake; voided contacts are not counted.
    #[serde(default)]
    pub voided: bool,
}

impl ShortContact {
    /// A new, counted short contact, checked by [`validate_new`] against `rules` and `today`
    /// (provider and outcome in the rule set, month not after today's and within the calendar
    /// span, plausible `recorded_at`). The only way pages create contacts.
    pub fn record(
        id: RecordId,
        provider: ProviderId,
        month: YearMonth,
        outcome: OutcomeId,
        recorded_at: i64,
        rules: &RuleSet,
        today: NaiveDate,
    ) -> Result<ShortContact, ContactError> {
        let contact = ShortContact {
            id,
            provider,
            month,
            outcome,
            recorded_at,
            voided: false,
        };
        validate_new(&contact, rules, today)?;
        Ok(contact)
    }
}

/// Why a short contact is refused or cannot be corrected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    /// The provider is not in the rule set.
    #[error("unknown provider {provider}")]
    UnknownProvider { provider: ProviderId },
    /// The outcome is not in the rule set.
    #[error("unknown outcome {outcome}")]
    UnknownOutcome { outcome: OutcomeId },
    /// The month lies after the current month.
    #[error("month {month} is in the future")]
    FutureMonth { month: YearMonth },
    /// There is no counted contact to take back.
    #[error("nothing to take back")]
    NothingToVoid,
    /// The month lies outside the years [`calendar::FIRST_YEAR`] to [`calendar::LAST_YEAR`].
    #[error("month {month} lies outside the years the app works with")]
    MonthOutOfRange { month: YearMonth },
    /// `recorded_at` lies before the Unix epoch or after [`calendar::MAX_TIMESTAMP_MS`].
    #[error("recording time {recorded_at} is implausible")]
    RecordedAtOutOfRange { recorded_at: i64 },
}

/// Counted (non-voided) contacts of a provider in a month (saturated at `u32::MAX`).
pub fn count(contacts: &[ShortContact], provider: &ProviderId, month: YearMonth) -> u32 {
    let counted = contacts
        .iter()
        .filter(|c| !c.voided && &c.provider == provider && c.month == month)
        .count();
    u32::try_from(counted).unwrap_or(u32::MAX)
}

/// Checks a new contact against the rule set, today's month and the bounds of the module
/// documentation. [`ShortContact::record`] runs it on every contact a page creates; the import
/// runs it on every contact of a file.
pub fn validate_new(
    contact: &ShortContact,
    rules: &RuleSet,
    today: NaiveDate,
) -> Result<(), ContactError> {
    if !calendar::is_plausible_year(contact.month.year()) {
        return Err(ContactError::MonthOutOfRange {
            month: contact.month,
        });
    }
    if !calendar::is_plausible_timestamp(contact.recorded_at) {
        return Err(ContactError::RecordedAtOutOfRange {
            recorded_at: contact.recorded_at,
        });
    }
    if rules.provider(&contact.provider).is_none() {
        return Err(ContactError::UnknownProvider {
            provider: contact.provider.clone(),
        });
    }
    if label_of(&rules.contact_outcomes, &contact.outcome).is_none() {
        return Err(ContactError::UnknownOutcome {
            outcome: contact.outcome.clone(),
        });
    }
    if contact.month > YearMonth::of(today) {
        return Err(ContactError::FutureMonth {
            month: contact.month,
        });
    }
    Ok(())
}

/// Takes back one count: voids the most recently recorded matching contact.
pub fn void_one(
    contacts: &mut [ShortContact],
    provider: &ProviderId,
    month: YearMonth,
    outcome: Option<&OutcomeId>,
) -> Result<RecordId, ContactError> {
    let latest = contacts
        .iter_mut()
        .filter(|c| {
            !c.voided
                && &c.provider == provider
                && c.month == month
                && outcome.is_none_or(|o| *o == c.outcome)
        })
        .max_by_key(|c| (c.recorded_at, c.id.clone()))
        .ok_or(ContactError::NothingToVoid)?;
    latest.voided = true;
    Ok(latest.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(id: u64, provider: &str, month: u32) -> ShortContact {
        ShortContact {
            id: RecordId::from_random(id),
            provider: ProviderId::new(provider),
            month: YearMonth::new(2023, month).unwrap(),
            outcome: OutcomeId::new("mbe"),
            recorded_at: id as i64,
            voided: false,
        }
    }

    #[test]
    fn count_validate_and_take_back() {
        let rules = RuleSet::default_rheine();
        let today = NaiveDate::from_ymd_opt(2023, 2, 10).unwrap();
        let mut list = vec![
            contact(1, "caritas", 1),
            contact(2, "caritas", 1),
            contact(3, "lernen-foerdern", 1),
        ];
        let jan = YearMonth::new(2023, 1).unwrap();
        assert_eq!(count(&list, &ProviderId::new("caritas"), jan), 2);
        assert_eq!(
            void_one(&mut list, &ProviderId::new("caritas"), jan, None),
            Ok(RecordId::from_random(2))
        );
        assert_eq!(count(&list, &ProviderId::new("caritas"), jan), 1);
        assert!(validate_new(&contact(4, "caritas", 2), &rules, today).is_ok());
        assert!(matches!(
            validate_new(&contact(4, "caritas", 3), &rules, today),
            Err(ContactError::FutureMonth { .. })
        ));
        assert!(matches!(
            validate_new(&contact(4, "nobody", 1), &rules, today),
            Err(ContactError::UnknownProvider { .. })
        ));
        let feb = YearMonth::new(2023, 2).unwrap();
        assert_eq!(
            void_one(&mut list, &ProviderId::new("caritas"), feb, None),
            Err(ContactError::NothingToVoid)
        );
    }

    #[test]
    fn record_builds_a_counted_contact_only_when_the_checks_pass() {
        let rules = RuleSet::default_rheine();
        let today = NaiveDate::from_ymd_opt(2023, 2, 10).unwrap();
        let feb = YearMonth::new(2023, 2).unwrap();
        let record = |provider: &str, month: YearMonth, outcome: &str, recorded_at: i64| {
            ShortContact::record(
                RecordId::from_random(7),
                ProviderId::new(provider),
                month,
                OutcomeId::new(outcome),
                recorded_at,
                &rules,
                today,
            )
        };
        assert_eq!(
            record("caritas", feb, "mbe", 5),
            Ok(ShortContact {
                id: RecordId::from_random(7),
                provider: ProviderId::new("caritas"),
                month: feb,
                outcome: OutcomeId::new("mbe"),
                recorded_at: 5,
                voided: false,
            })
        );
        assert_eq!(
            record("caritas", feb, "nowhere", 5),
            Err(ContactError::UnknownOutcome {
                outcome: OutcomeId::new("nowhere")
            })
        );
        assert_eq!(
            record("nobody", feb, "mbe", 5),
            Err(ContactError::UnknownProvider {
                provider: ProviderId::new("nobody")
            })
        );
        let march = YearMonth::new(2023, 3).unwrap();
        assert_eq!(
            record("caritas", march, "mbe", 5),
            Err(ContactError::FutureMonth { month: march })
        );
        assert_eq!(
            record("caritas", feb, "mbe", -1),
            Err(ContactError::RecordedAtOutOfRange { recorded_at: -1 })
        );
        let early = YearMonth::new(1999, 12).unwrap();
        assert_eq!(
            record("caritas", early, "mbe", 5),
            Err(ContactError::MonthOutOfRange { month: early })
        );
    }

    #[test]
    fn record_follows_the_rule_set_of_another_municipality() {
        let rules = crate::domain::test_rules::other_municipality();
        let today = NaiveDate::from_ymd_opt(2023, 2, 10).unwrap();
        let feb = YearMonth::new(2023, 2).unwrap();
        let record = |provider: &str, outcome: &str| {
            ShortContact::record(
                RecordId::from_random(1),
                ProviderId::new(provider),
                feb,
                OutcomeId::new(outcome),
                0,
                &rules,
                today,
            )
        };
        let contact = record("awo", "weiter-mbe").unwrap();
        // What this laptop records, every laptop with the same rule set imports.
        assert_eq!(validate_new(&contact, &rules, NaiveDate::MAX), Ok(()));
        // Rheine's outcome and provider ids are unknown there.
        assert_eq!(
            record("awo", "city-team"),
            Err(ContactError::UnknownOutcome {
                outcome: OutcomeId::new("city-team")
            })
        );
        assert!(matches!(
            record("caritas", "weiter-mbe"),
            Err(ContactError::UnknownProvider { .. })
        ));
    }

    #[test]
    fn months_and_times_outside_the_calendar_span_are_refused() {
        let rules = RuleSet::default_rheine();
        for month in ["1999-12", "0000-01", "2101-01", "9999-12"] {
            let month: YearMonth = month.parse().unwrap();
            let odd = ShortContact {
                month,
                ..contact(1, "caritas", 1)
            };
            assert_eq!(
                validate_new(&odd, &rules, NaiveDate::MAX),
                Err(ContactError::MonthOutOfRange { month })
            );
        }
        for recorded_at in [-1, calendar::MAX_TIMESTAMP_MS + 1] {
            let odd = ShortContact {
                recorded_at,
                ..contact(1, "caritas", 1)
            };
            assert_eq!(
                validate_new(&odd, &rules, NaiveDate::MAX),
                Err(ContactError::RecordedAtOutOfRange { recorded_at })
            );
        }
        let edge = ShortContact {
            month: YearMonth::new(calendar::LAST_YEAR, 12).unwrap(),
            recorded_at: calendar::MAX_TIMESTAMP_MS,
            ..contact(1, "caritas", 1)
        };
        assert_eq!(validate_new(&edge, &rules, NaiveDate::MAX), Ok(()));
    }
}
