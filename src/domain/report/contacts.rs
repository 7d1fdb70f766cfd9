//! Short contacts per month and provider for an inclusive range of months, with totals.

use crate::domain::contacts::ShortContact;
use crate::domain::ids::ProviderId;
use crate::domain::rules::RuleSet;
use crate::domain::YearMonth;

/// One row: counts per month and the row total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactRow {
    /// `None` for the all-providers total row.
    pub provider: Option<ProviderId>,
    pub per_month: Vec<u32>,
    pub total: u32,
}

/// The table: the months, the total row ("Rheine"), and one row per provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactTable {
    pub months: Vec<YearMonth>,
    pub total: ContactRow,
    pub rows: Vec<ContactRow>,
}

/// Counts non-voided contacts from `first` to `last`, both included (within the calendar
/// span, see [`YearMonth::through`]).
pub fn contact_table(
    contacts: &[ShortContact],
    rules: &RuleSet,
    first: YearMonth,
    last: YearMonth,
) -> ContactTable {
    let months = first.through(last);
    let row_for = |provider: Option<&ProviderId>| {
        let per_month: Vec<u32> = months
            .iter()
            .map(|month| {
                let counted = contacts
                    .iter()
                    .filter(|c| !c.voided && c.month == *month)
                    .filter(|c| provider.is_none_or(|p| *p == c.provider))
                    .count();
                u32::try_from(counted).unwrap_or(u32::MAX)
            })
            .collect();
        ContactRow {
            provider: provider.cloned(),
            total: per_month
                .iter()
                .fold(0u32, |total, n| total.saturating_add(*n)),
            per_month,
        }
    };
    ContactTable {
        total: row_for(None),
        rows: rules
            .providers
            .iter()
            .map(|p| row_for(Some(&p.id)))
            .collect(),
        months,
    }
}
