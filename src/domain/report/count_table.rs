//! Rows of counts per provider with the municipality's total row, and the median: the pieces
//! the tables of case work (sessions, endings) share.

use crate::domain::ids::ProviderId;
use crate::domain::rules::RuleSet;

/// Counts of one row per column, with the row's total; the first row of a table is the total
/// of the others (`provider: None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountRow {
    /// `None` for the total row of all providers.
    pub provider: Option<ProviderId>,
    pub per_column: Vec<u32>,
    pub total: u32,
}

/// A table of counts: the total row and one row per provider of the rule set (in its order,
/// zeros included). Every count goes into its provider's row and into the total row, so the
/// total row is the sum of the others (a provider the rule set lacks, which an import
/// refuses, would be counted in the total row only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountTable {
    pub total: CountRow,
    pub rows: Vec<CountRow>,
}

impl CountTable {
    /// A table of `columns` zeros for the providers of `rules`.
    pub fn new(rules: &RuleSet, columns: usize) -> Self {
        let row = |provider: Option<ProviderId>| CountRow {
            provider,
            per_column: vec![0; columns],
            total: 0,
        };
        CountTable {
            total: row(None),
            rows: rules
                .providers
                .iter()
                .map(|p| row(Some(p.id.clone())))
                .collect(),
        }
    }

    /// Counts one in `column` for the provider at `index` of the rule set (and in the total
    /// row); `None` counts in the total row only.
    pub fn add_at(&mut self, index: Option<usize>, column: usize) {
        let rows = std::iter::once(&mut self.total).chain(index.and_then(|i| self.rows.get_mut(i)));
        for row in rows {
            if let Some(cell) = row.per_column.get_mut(column) {
                *cell = cell.saturating_add(1);
                row.total = row.total.saturating_add(1);
            }
        }
    }

    /// Counts one in `column` for `provider` (and in the total row).
    pub fn add(&mut self, provider: &ProviderId, column: usize) {
        let rows = std::iter::once(&mut self.total).chain(
            self.rows
                .iter_mut()
                .filter(|r| r.provider.as_ref() == Some(provider)),
        );
        for row in rows {
            if let Some(cell) = row.per_column.get_mut(column) {
                *cell = cell.saturating_add(1);
                row.total = row.total.saturating_add(1);
            }
        }
    }
}

/// The median of `values` (the mean of the two middle ones for an even count); `None` for
/// none.
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => values.get(n / 2).copied(),
        _ => Some((values.get(n / 2 - 1)? + values.get(n / 2)?) / 2.0),
    }
}

/// The index of `provider` among the rule set's providers.
pub fn provider_index(rules: &RuleSet, provider: &ProviderId) -> Option<usize> {
    rules.providers.iter().position(|p| &p.id == provider)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_value_or_the_mean_of_the_two() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![4.0]), Some(4.0));
        assert_eq!(median(vec![9.0, 1.0, 4.0]), Some(4.0));
        assert_eq!(median(vec![0.0, 3.0, 1.0, 10.0]), Some(2.0));
    }

    /// The sessions per month of two providers over three months with their margins (the
    /// shape the report protects), with small counts: every count from 1 to 2 is "< 3", and
    /// no hidden count can be worked out from the sums (the suppression's own checks).
    #[test]
    fn small_counts_of_a_sessions_table_are_protected() {
        use crate::domain::report::suppression::{margin_table_sums, protect, Shown};
        let rules = RuleSet::default_rheine();
        let mut table = CountTable::new(&rules, 3);
        for (provider, month, times) in [
            ("caritas", 0, 2),
            ("caritas", 1, 5),
            ("lernen-foerdern", 1, 1),
            ("lernen-foerdern", 2, 7),
        ] {
            for _ in 0..times {
                table.add(&ProviderId::new(provider), month);
            }
        }
        let cells: Vec<u32> = std::iter::once(&table.total)
            .chain(&table.rows)
            .flat_map(|row| {
                row.per_column
                    .iter()
                    .copied()
                    .chain(std::iter::once(row.total))
            })
            .collect();
        assert_eq!(cells, [2, 6, 7, 15, 2, 5, 0, 7, 0, 1, 7, 8]);
        let shown = protect(&cells, &margin_table_sums(3, 4), 3).unwrap();
        for (cell, shown) in cells.iter().zip(&shown) {
            match cell {
                0 => assert_eq!(*shown, Shown::Value(0)),
                1 | 2 => assert!(
                    matches!(shown, Shown::Below(_)),
                    "{cell} shown as {shown:?}"
                ),
                _ => {}
            }
        }
        assert!(shown.contains(&Shown::Hidden), "a secondary cell is hidden");
    }

    #[test]
    fn a_count_goes_into_its_row_and_the_total() {
        let rules = RuleSet::default_rheine();
        let mut table = CountTable::new(&rules, 2);
        table.add(&"caritas".into(), 1);
        table.add(&"lernen-foerdern".into(), 1);
        table.add(&"caritas".into(), 0);
        table.add(&"caritas".into(), 7);
        assert_eq!(table.total.per_column, [1, 2]);
        assert_eq!(table.total.total, 3);
        assert_eq!(table.rows[0].per_column, [1, 1]);
        assert_eq!(table.rows[1].total, 1);
    }
}
