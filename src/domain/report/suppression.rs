//! Statistical disclosure control for published report tables (*Geheimhaltung*).
//!
//! Committee papers are public, and a count of 1 or 2 can point to a person. [`protect`] takes
//! a table of counts and the sums that hold between its cells and decides which cells to hide.
//!
//! # Display convention
//!
//! - [`Shown::Value`]: the count is printed.
//! - [`Shown::Below`] (*primary suppression*): every count in `1..threshold` is printed as
//!   "< threshold", e.g. "< 3".
//! - [`Shown::Hidden`] (*secondary suppression*): a count `>= threshold` hidden only so that a
//!   primary cell cannot be worked out from the totals; printed as "x".
//!
//! # Decisions
//!
//! - **Zeros are shown** and never chosen as secondary cells: a zero identifies nobody, and a
//!   table full of "x" for empty months tells the committee nothing. The price: a reader knows
//!   that every "< 3" and every "x" is at least 1.
//! - **A threshold below 3 is refused** ([`SuppressionError::ThresholdTooLow`]): with 2, "< 2"
//!   would mean exactly 1, and with 1 nothing is suppressed.
//! - **Attacker model.** The attacker knows every shown cell, every sum relation, that a
//!   "< b" cell lies in `[1, b-1]`, that an "x" cell lies in `[threshold, ∞)`, and that all counts
//!   are integers. A hidden cell is *protected* iff, among the integer assignments of all hidden
//!   cells that satisfy every sum and every bound, it takes at least two different values. Totals
//!   (margins) are cells like any other and can themselves be "< 3" or "x".
//! - **Protection is proved by a move.** A move is a vector with entries in {-1, 0, +1}, nonzero
//!   only on hidden cells, that keeps every sum (`move[total] == Σ move[parts]`) and keeps every
//!   cell inside its bounds when added to the true counts. The counts plus the move are a second
//!   assignment the attacker cannot rule out, so every cell the move changes is protected. This
//!   is sufficient, not necessary (moves by 2 are not tried), so it errs towards hiding more; the
//!   tests check it against an exact solver and measure the cost (see `tests`).
//! - **Search** (`search`): a depth-first search over the sums that repairs one violated sum at a
//!   time by moving one more cell by ±1 (the most constrained sum first), with a node budget.
//!   *Greedy*: for each primary cell not yet protected, the cheapest move is taken, cost being
//!   (cells newly hidden, then their total count), and its cells are hidden. *Cleanup*: every
//!   secondary cell, largest count first, is shown again if all hidden cells stay protected.
//! - **Last resort: a wider bound.** Hiding more is not always enough. In a row 1 + 0 + 1 =
//!   gesamt 2, or a column Gesamt 2 = 1 + 1 (two providers), the bounds alone pin the ones down
//!   whatever else is hidden: every count is at least 1 and the total at most 2. Then the
//!   cheapest move may push a "< b" cell with count `b - 1` up by one, and that cell is printed
//!   "< b+1" instead (here the 2 becomes "< 4"): a wider interval only tells the reader less.
//!   Moves that widen fewer cells are preferred, and the cleanup narrows every bound it can back
//!   to the threshold. In random small tables with many small counts about 4 % of the primary
//!   cells end up as "< 4" (the tests print the figure). For the two table shapes of the app a
//!   widening move always exists (raise a cell together with the totals above it: they are
//!   nonzero, "x" may rise, and "< b" may rise by widening), so
//!   [`SuppressionError::Unprotectable`] is left for generic sum systems the moves cannot
//!   handle, e.g. `v = t + u` with `t = u = a + b`, where raising `a` would raise `v` by 2.
//! - **Cost.** A 6 × 14 contacts table (5 providers, 13 months, with margins) takes about
//!   0.6–1 ms natively with the release profile (opt-level "z", as shipped; slowest seen
//!   1.5 ms) and 3–6 ms in a debug build; 16 × 15 about 5 ms (release, slowest seen 17 ms).
//!   The page should compute it once per table, not on every render. The tests print the
//!   figures (`cargo test --lib report::suppression -- --nocapture`).
//!
//! The tests check every result against an exact solver (`exact`, test-only, written apart
//! from the move search) and measure how many secondary cells could have been shown.
//!
//! Glossary: *Gesamt* = total, *Träger* = provider, *aktiv/inaktiv* = active/inactive case.

use std::fmt;

#[cfg(test)]
mod exact;
mod search;

use search::{Mode, Search};

/// The threshold of the city's reports: counts 1 and 2 are suppressed.
pub const DEFAULT_THRESHOLD: u32 = 3;

/// A sum relation between cells: `cells[total] == Σ cells[parts]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sum {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// How one cell is published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// The count is printed.
    Value(u32),
    /// Primary suppression, printed "< bound": the count lies in `1..bound`. The bound is the
    /// threshold, one more only in the last resort described in the module doc.
    Below(u32),
    /// Secondary suppression, printed "x": the count is at least the threshold.
    Hidden,
}

impl fmt::Display for Shown {
    /// Plain digits for a value; the page may format numbers its own way.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shown::Value(value) => write!(f, "{value}"),
            Shown::Below(bound) => write!(f, "< {bound}"),
            Shown::Hidden => f.write_str("x"),
        }
    }
}

/// Why a table cannot be protected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SuppressionError {
    /// Thresholds below 3 make "< threshold" name the count (or suppress nothing).
    #[error("threshold {threshold} is below 3")]
    ThresholdTooLow { threshold: u32 },
    /// A sum names a cell the table does not have.
    #[error("sum {sum} names cell {index}, but the table has {cells} cells")]
    IndexOutOfRange {
        sum: usize,
        index: usize,
        cells: usize,
    },
    /// A sum lists its own total among its parts.
    #[error("sum {sum} lists its total among its parts")]
    TotalAmongParts { sum: usize },
    /// A sum lists the same part twice.
    #[error("sum {sum} lists cell {index} twice")]
    RepeatedPart { sum: usize, index: usize },
    /// The total of a sum differs from the sum of its parts.
    #[error("sum {sum}: the total is {total}, the parts add up to {parts}")]
    InconsistentSum { sum: usize, total: u64, parts: u64 },
    /// The search found no way to protect this cell (only seen with unusual generic sums).
    #[error("cell {cell} cannot be protected")]
    Unprotectable { cell: usize },
}

/// The sums of a two-way table with margins, cells row-major (`row * columns + column`).
///
/// Row 0 is the total row (the municipality, the sum of the provider rows below it); the last
/// column is "gesamt", the sum of the month columns before it; their corner is the grand total.
/// With a single row (no providers) the total row is an empty sum, so it must be zero. Returns
/// no sums for an empty table or when `rows * columns` overflows (no such table fits in memory).
pub fn margin_table_sums(rows: usize, columns: usize) -> Vec<Sum> {
    if rows.checked_mul(columns).is_none() || rows == 0 || columns == 0 {
        return Vec::new();
    }
    let index = |row: usize, column: usize| row * columns + column;
    let last = columns - 1;
    let row_sums = (0..rows).map(|row| Sum {
        total: index(row, last),
        parts: (0..last).map(|column| index(row, column)).collect(),
    });
    let column_sums = (0..columns).map(|column| Sum {
        total: index(0, column),
        parts: (1..rows).map(|row| index(row, column)).collect(),
    });
    row_sums.chain(column_sums).collect()
}

/// The sums of the cases on reporting dates, cells row-major (`row * dates + date`).
///
/// Rows are Gesamt, the providers, aktiv, inaktiv; in every date's column Gesamt is the sum of
/// the providers and also of aktiv and inaktiv. Dates are not summed with each other. Returns
/// no sums when the table size overflows `usize`.
pub fn reporting_date_sums(providers: usize, dates: usize) -> Vec<Sum> {
    let Some(rows) = providers.checked_add(3) else {
        return Vec::new();
    };
    if rows.checked_mul(dates).is_none() {
        return Vec::new();
    }
    let index = |row: usize, date: usize| row * dates + date;
    (0..dates)
        .flat_map(|date| {
            [
                Sum {
                    total: index(0, date),
                    parts: (1..=providers).map(|row| index(row, date)).collect(),
                },
                Sum {
                    total: index(0, date),
                    parts: vec![index(providers + 1, date), index(providers + 2, date)],
                },
            ]
        })
        .collect()
}

/// Decides how each cell is published: primary suppression of the counts in `1..threshold`,
/// then as little secondary suppression as the search finds so that every hidden cell is
/// protected (see the module doc).
pub fn protect(
    cells: &[u32],
    sums: &[Sum],
    threshold: u32,
) -> Result<Vec<Shown>, SuppressionError> {
    let relations = Relations::new(cells, sums, threshold)?;
    let table = Table {
        cells,
        threshold,
        relations: &relations,
    };
    let mut shown: Vec<Shown> = cells
        .iter()
        .map(|&value| {
            if is_primary(value, threshold) {
                Shown::Below(threshold)
            } else {
                Shown::Value(value)
            }
        })
        .collect();
    table.hide_greedily(&mut shown)?;
    table.show_again(&mut shown);
    Ok(shown)
}

/// Whether `shown` publishes `cells` by the rules of this module with every hidden cell
/// protected: primary cells exactly the counts in `1..threshold`, values as counted, and a
/// move (module doc) for every hidden cell. `false` for invalid input, and also when the search
/// finds no move although a larger one might exist; `true` is a proof.
pub fn is_protected(cells: &[u32], sums: &[Sum], threshold: u32, shown: &[Shown]) -> bool {
    let Ok(relations) = Relations::new(cells, sums, threshold) else {
        return false;
    };
    let consistent = cells.len() == shown.len()
        && cells.iter().zip(shown).all(|(&value, &shown)| match shown {
            Shown::Value(printed) => printed == value && !is_primary(value, threshold),
            Shown::Below(bound) => bound >= threshold && is_primary(value, threshold),
            Shown::Hidden => value >= threshold,
        });
    let table = Table {
        cells,
        threshold,
        relations: &relations,
    };
    consistent && table.all_protected(shown)
}

fn is_primary(value: u32, threshold: u32) -> bool {
    (1..threshold).contains(&value)
}

/// The sums in the shape the search needs: every sum as its members with coefficient +1 (the
/// total) or −1 (a part), and for every cell the sums it belongs to.
struct Relations {
    members: Vec<Vec<(usize, i64)>>,
    of_cell: Vec<Vec<(usize, i64)>>,
}

impl Relations {
    /// Validates the threshold and the sums.
    fn new(cells: &[u32], sums: &[Sum], threshold: u32) -> Result<Self, SuppressionError> {
        if threshold < 3 {
            return Err(SuppressionError::ThresholdTooLow { threshold });
        }
        let mut relations = Relations {
            members: Vec::with_capacity(sums.len()),
            of_cell: vec![Vec::new(); cells.len()],
        };
        for (number, sum) in sums.iter().enumerate() {
            let value = |index: usize| {
                cells.get(index).map(|&value| u64::from(value)).ok_or(
                    SuppressionError::IndexOutOfRange {
                        sum: number,
                        index,
                        cells: cells.len(),
                    },
                )
            };
            let total = value(sum.total)?;
            let mut parts = 0u64;
            for &part in &sum.parts {
                parts = parts.saturating_add(value(part)?);
            }
            if sum.parts.contains(&sum.total) {
                return Err(SuppressionError::TotalAmongParts { sum: number });
            }
            let mut sorted = sum.parts.clone();
            sorted.sort_unstable();
            if let Some(pair) = sorted.windows(2).find(|pair| pair[0] == pair[1]) {
                let index = pair[0];
                return Err(SuppressionError::RepeatedPart { sum: number, index });
            }
            if total != parts {
                return Err(SuppressionError::InconsistentSum {
                    sum: number,
                    total,
                    parts,
                });
            }
            let members: Vec<(usize, i64)> = std::iter::once((sum.total, 1))
                .chain(sum.parts.iter().map(|&part| (part, -1)))
                .collect();
            for &(cell, coefficient) in &members {
                relations.of_cell[cell].push((number, coefficient));
            }
            relations.members.push(members);
        }
        Ok(relations)
    }
}

/// A validated table: what every search reads.
struct Table<'a> {
    cells: &'a [u32],
    threshold: u32,
    relations: &'a Relations,
}

impl Table<'_> {
    /// Gives every primary cell a move, the cheapest the search finds, hiding (or, as a last
    /// resort, widening) the cells it uses. A move stays valid when more cells are hidden or
    /// bounds widened, so every cell a move touched stays protected.
    fn hide_greedily(&self, shown: &mut [Shown]) -> Result<(), SuppressionError> {
        let mut protected = vec![false; self.cells.len()];
        for cell in 0..self.cells.len() {
            if !is_primary(self.cells[cell], self.threshold) || protected[cell] {
                continue;
            }
            let found = [Mode::Check, Mode::Cheapest, Mode::Widening]
                .into_iter()
                .find_map(|mode| Search::new(self, shown, mode).run(cell))
                .ok_or(SuppressionError::Unprotectable { cell })?;
            for (member, step) in found {
                protected[member] = true;
                let value = i64::from(self.cells[member]);
                shown[member] = match shown[member] {
                    Shown::Value(_) => Shown::Hidden,
                    Shown::Below(bound) if value + step >= i64::from(bound) => {
                        Shown::Below(bound.saturating_add(1))
                    }
                    kept => kept,
                };
            }
        }
        Ok(())
    }

    /// Cleanup: narrows widened bounds back to the threshold, then shows secondary cells again
    /// (largest count first), each only if every hidden cell stays protected.
    fn show_again(&self, shown: &mut [Shown]) {
        let widened: Vec<usize> = (0..shown.len())
            .filter(|&cell| matches!(shown[cell], Shown::Below(bound) if bound > self.threshold))
            .collect();
        let mut secondary: Vec<usize> = (0..shown.len())
            .filter(|&cell| shown[cell] == Shown::Hidden)
            .collect();
        secondary.sort_by_key(|&cell| (std::cmp::Reverse(self.cells[cell]), cell));
        let narrowed = widened
            .into_iter()
            .map(|cell| (cell, Shown::Below(self.threshold)));
        let shown_again = secondary
            .into_iter()
            .map(|cell| (cell, Shown::Value(self.cells[cell])));
        for (cell, candidate) in narrowed.chain(shown_again) {
            let before = std::mem::replace(&mut shown[cell], candidate);
            if !self.all_protected(shown) {
                shown[cell] = before;
            }
        }
    }

    /// Whether every hidden cell lies in a move among the hidden cells.
    fn all_protected(&self, shown: &[Shown]) -> bool {
        let mut protected = vec![false; self.cells.len()];
        for cell in 0..self.cells.len() {
            if protected[cell] || matches!(shown[cell], Shown::Value(_)) {
                continue;
            }
            match Search::new(self, shown, Mode::Check).run(cell) {
                Some(found) => found
                    .iter()
                    .for_each(|&(member, _)| protected[member] = true),
                None => return false,
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::exact::pinned_cells;
    use super::*;
    use proptest::prelude::*;

    const T: u32 = DEFAULT_THRESHOLD;

    // ---- Table builders and the invariant. ----

    /// A contacts-like table from its provider rows: total row first, "gesamt" column last.
    fn with_margins(interior: &[Vec<u32>]) -> (Vec<u32>, Vec<Sum>) {
        let columns = interior.first().map_or(0, Vec::len) + 1;
        let mut grid = vec![vec![0; columns]; interior.len() + 1];
        for (row, counts) in interior.iter().enumerate() {
            for (column, &count) in counts.iter().enumerate() {
                grid[row + 1][column] = count;
                grid[row + 1][columns - 1] += count;
                grid[0][column] += count;
                grid[0][columns - 1] += count;
            }
        }
        (grid.concat(), margin_table_sums(grid.len(), columns))
    }

    /// Case columns from (active, inactive) per provider and date: row-major, see
    /// [`reporting_date_sums`].
    fn case_columns(dates: &[Vec<(u32, u32)>]) -> (Vec<u32>, Vec<Sum>) {
        let providers = dates.first().map_or(0, Vec::len);
        let mut grid = vec![vec![0; dates.len()]; providers + 3];
        for (date, split) in dates.iter().enumerate() {
            for (provider, &(active, inactive)) in split.iter().enumerate() {
                grid[0][date] += active + inactive;
                grid[provider + 1][date] = active + inactive;
                grid[providers + 1][date] += active;
                grid[providers + 2][date] += inactive;
            }
        }
        (grid.concat(), reporting_date_sums(providers, dates.len()))
    }

    /// What every result must satisfy; the message names the first broken rule.
    fn broken_rule(cells: &[u32], sums: &[Sum], threshold: u32, shown: &[Shown]) -> Option<String> {
        if !is_protected(cells, sums, threshold, shown) {
            return Some(format!("move check fails: {shown:?}"));
        }
        let pinned = pinned_cells(cells, sums, threshold, shown);
        if !pinned.is_empty() {
            return Some(format!("cells {pinned:?} pinned down in {shown:?}"));
        }
        None
    }

    fn assert_publishable(cells: &[u32], sums: &[Sum], shown: &[Shown]) {
        if let Some(rule) = broken_rule(cells, sums, T, shown) {
            panic!("{rule} for {cells:?}");
        }
    }

    fn hidden(shown: &[Shown]) -> Vec<usize> {
        (0..shown.len())
            .filter(|&i| shown[i] == Shown::Hidden)
            .collect()
    }

    // ---- Hand-written cases. ----

    #[test]
    fn a_single_one_in_a_contacts_table_takes_a_rectangle() {
        let (cells, sums) = with_margins(&[vec![4, 6, 5, 7], vec![5, 1, 8, 6], vec![9, 7, 6, 10]]);
        let shown = protect(&cells, &sums, T).unwrap();
        assert_publishable(&cells, &sums, &shown);
        let columns = 5;
        assert_eq!(shown[2 * columns + 1], Shown::Below(3));
        // A lone small count needs at least three more hidden cells (a rectangle).
        assert!(hidden(&shown).len() >= 3, "{shown:?}");
        assert_eq!(
            shown
                .iter()
                .filter(|s| matches!(s, Shown::Below(_)))
                .count(),
            1
        );
    }

    #[test]
    fn a_provider_at_two_hides_the_smallest_other_provider() {
        let (cells, sums) = case_columns(&[vec![(4, 1), (2, 0), (1, 2)]]);
        assert_eq!(cells, vec![10, 5, 2, 3, 7, 3]);
        let shown = protect(&cells, &sums, T).unwrap();
        use Shown::{Below, Hidden, Value};
        assert_eq!(
            shown,
            vec![Value(10), Value(5), Below(3), Hidden, Value(7), Value(3)]
        );
        assert_publishable(&cells, &sums, &shown);
    }

    #[test]
    fn a_small_row_total_is_suppressed_with_its_parts() {
        let (cells, sums) = with_margins(&[vec![3, 4, 5], vec![0, 2, 0], vec![6, 3, 4]]);
        let shown = protect(&cells, &sums, T).unwrap();
        let columns = 4;
        assert_eq!(shown[2 * columns + 1], Shown::Below(3));
        assert_eq!(shown[2 * columns + 3], Shown::Below(3), "the row total 2");
        assert_publishable(&cells, &sums, &shown);
    }

    #[test]
    fn a_row_total_of_two_made_of_two_ones_is_printed_below_four() {
        // 1 + 0 + 1 = 2: with "< 3" on all three the ones are pinned, whatever else is hidden.
        let (cells, sums) = with_margins(&[vec![3, 4, 5], vec![1, 0, 1], vec![6, 3, 4]]);
        let shown = protect(&cells, &sums, T).unwrap();
        let columns = 4;
        assert_eq!(shown[2 * columns], Shown::Below(3));
        assert_eq!(shown[2 * columns + 2], Shown::Below(3));
        assert_eq!(shown[2 * columns + 3], Shown::Below(4), "the row total 2");
        assert_publishable(&cells, &sums, &shown);
    }

    #[test]
    fn a_small_column_total_is_suppressed() {
        let (cells, sums) = with_margins(&[vec![5, 1, 4], vec![6, 0, 3]]);
        let shown = protect(&cells, &sums, T).unwrap();
        assert_eq!(shown[1], Shown::Below(3), "the column total 1");
        assert_publishable(&cells, &sums, &shown);
    }

    #[test]
    fn two_ones_making_a_total_of_two_widen_the_bound() {
        // Gesamt 2 = 1 + 1 = aktiv 2 + inaktiv 0: with "< 3" everywhere, both ones are pinned.
        let (cells, sums) = case_columns(&[vec![(1, 0), (1, 0)]]);
        assert_eq!(cells, vec![2, 1, 1, 2, 0]);
        let plain = vec![
            Shown::Below(3),
            Shown::Below(3),
            Shown::Below(3),
            Shown::Below(3),
            Shown::Value(0),
        ];
        assert_eq!(pinned_cells(&cells, &sums, T, &plain), vec![0, 1, 2, 3]);
        let shown = protect(&cells, &sums, T).unwrap();
        assert_eq!(shown[0], Shown::Below(4));
        assert_eq!(shown[0].to_string(), "< 4");
        assert_publishable(&cells, &sums, &shown);
    }

    #[test]
    fn a_sum_of_sums_that_would_need_a_step_of_two_is_refused() {
        // v = t + u with t = u = a + b: raising a raises v by 2, which no move may do.
        let sum = |total, parts: &[usize]| Sum {
            total,
            parts: parts.to_vec(),
        };
        let cells = [1, 1, 2, 2, 4];
        let sums = [sum(2, &[0, 1]), sum(3, &[0, 1]), sum(4, &[2, 3])];
        assert_eq!(
            protect(&cells, &sums, T),
            Err(SuppressionError::Unprotectable { cell: 0 })
        );
    }

    #[test]
    fn thresholds_below_three_are_refused() {
        for threshold in 0..3 {
            assert_eq!(
                protect(&[1, 2], &[], threshold),
                Err(SuppressionError::ThresholdTooLow { threshold })
            );
        }
        assert!(protect(&[1, 2], &[], 3).is_ok());
    }

    #[test]
    fn invalid_sums_are_refused() {
        let sum = |total, parts: &[usize]| Sum {
            total,
            parts: parts.to_vec(),
        };
        let refused = |sums: &[Sum]| protect(&[5, 2, 3], sums, T).unwrap_err();
        assert_eq!(
            refused(&[sum(0, &[1, 1])]),
            SuppressionError::RepeatedPart { sum: 0, index: 1 }
        );
        assert_eq!(
            refused(&[sum(0, &[1, 2]), sum(0, &[1])]),
            SuppressionError::InconsistentSum {
                sum: 1,
                total: 5,
                parts: 2
            }
        );
        assert_eq!(
            refused(&[sum(0, &[1, 3])]),
            SuppressionError::IndexOutOfRange {
                sum: 0,
                index: 3,
                cells: 3
            }
        );
        assert_eq!(
            refused(&[sum(7, &[])]),
            SuppressionError::IndexOutOfRange {
                sum: 0,
                index: 7,
                cells: 3
            }
        );
        assert_eq!(
            refused(&[sum(0, &[0, 1])]),
            SuppressionError::TotalAmongParts { sum: 0 }
        );
        let huge = [u32::MAX, u32::MAX, 1];
        assert_eq!(
            protect(&huge, &[sum(0, &[1, 2])], T),
            Err(SuppressionError::InconsistentSum {
                sum: 0,
                total: u64::from(u32::MAX),
                parts: u64::from(u32::MAX) + 1
            })
        );
    }

    #[test]
    fn a_table_without_small_counts_hides_nothing() {
        let (cells, sums) = with_margins(&[vec![3, 0, 12], vec![40, 7, 0]]);
        let shown = protect(&cells, &sums, T).unwrap();
        let printed: Vec<Shown> = cells.iter().map(|&c| Shown::Value(c)).collect();
        assert_eq!(shown, printed);
    }

    #[test]
    fn without_sums_only_small_counts_are_suppressed() {
        use Shown::{Below, Value};
        let shown = protect(&[0, 1, 2, 3, 10], &[], T).unwrap();
        assert_eq!(
            shown,
            vec![Value(0), Below(3), Below(3), Value(3), Value(10)]
        );
        assert!(is_protected(&[0, 1, 2, 3, 10], &[], T, &shown));
        assert_eq!(protect(&[], &[], T), Ok(vec![]));
    }

    #[test]
    fn display_convention() {
        assert_eq!(Shown::Value(12).to_string(), "12");
        assert_eq!(Shown::Below(3).to_string(), "< 3");
        assert_eq!(Shown::Hidden.to_string(), "x");
    }

    #[test]
    fn shape_helpers_name_the_sums() {
        let sum = |total, parts: &[usize]| Sum {
            total,
            parts: parts.to_vec(),
        };
        // 2 × 3: [total row | gesamt], [provider row | gesamt].
        assert_eq!(
            margin_table_sums(2, 3),
            vec![
                sum(2, &[0, 1]),
                sum(5, &[3, 4]),
                sum(0, &[3]),
                sum(1, &[4]),
                sum(2, &[5])
            ]
        );
        // 2 providers, 2 dates: rows Gesamt, p1, p2, aktiv, inaktiv.
        assert_eq!(
            reporting_date_sums(2, 2),
            vec![
                sum(0, &[2, 4]),
                sum(0, &[6, 8]),
                sum(1, &[3, 5]),
                sum(1, &[7, 9]),
            ]
        );
        assert!(margin_table_sums(usize::MAX, 2).is_empty());
        assert!(margin_table_sums(0, 3).is_empty());
        assert!(margin_table_sums(3, 0).is_empty());
        assert!(reporting_date_sums(usize::MAX, 1).is_empty());
    }

    #[test]
    fn is_protected_refuses_what_breaks_the_rules() {
        let (cells, sums) = case_columns(&[vec![(4, 1), (2, 0), (1, 2)]]);
        let shown = protect(&cells, &sums, T).unwrap();
        assert!(is_protected(&cells, &sums, T, &shown));
        let mut printed_small = shown.clone();
        printed_small[2] = Shown::Value(2);
        assert!(!is_protected(&cells, &sums, T, &printed_small));
        let mut no_secondary = shown.clone();
        no_secondary[3] = Shown::Value(3);
        assert!(!is_protected(&cells, &sums, T, &no_secondary));
        assert_eq!(pinned_cells(&cells, &sums, T, &no_secondary), vec![2]);
        assert!(!is_protected(&cells, &sums, T, &shown[1..]));
        assert!(!is_protected(&cells, &sums, 2, &shown));
    }

    // ---- Property tests against the exact solver. ----

    /// Counts 0..=8, most of them small.
    fn count() -> impl Strategy<Value = u32> {
        prop_oneof![3 => 0u32..3, 2 => 0u32..9]
    }

    fn interior(rows: usize, columns: usize) -> impl Strategy<Value = Vec<Vec<u32>>> {
        (1..=rows, 1..=columns).prop_flat_map(|(rows, columns)| {
            proptest::collection::vec(proptest::collection::vec(count(), columns), rows)
        })
    }

    fn reporting_dates() -> impl Strategy<Value = Vec<Vec<(u32, u32)>>> {
        (2usize..=3, 1usize..=2).prop_flat_map(|(providers, dates)| {
            let split = (0u32..4, prop_oneof![0u32..2, 0u32..5]);
            proptest::collection::vec(proptest::collection::vec(split, providers), dates)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// 300 cases: two-way tables with margins, up to 3 × 4 inside.
        #[test]
        fn small_contacts_tables_are_protected(interior in interior(3, 4)) {
            let (cells, sums) = with_margins(&interior);
            let shown = protect(&cells, &sums, T).unwrap();
            prop_assert_eq!(broken_rule(&cells, &sums, T, &shown), None);
        }

        /// 300 cases: reporting-date columns with 2–3 providers, 1–2 dates.
        #[test]
        fn small_case_columns_are_protected(dates in reporting_dates()) {
            let (cells, sums) = case_columns(&dates);
            let shown = protect(&cells, &sums, T).unwrap();
            prop_assert_eq!(broken_rule(&cells, &sums, T, &shown), None);
        }

        /// 300 cases: thresholds 3–5 on small contacts tables.
        #[test]
        fn other_thresholds_are_protected(interior in interior(3, 3), threshold in 3u32..6) {
            let (cells, sums) = with_margins(&interior);
            let shown = protect(&cells, &sums, threshold).unwrap();
            prop_assert_eq!(broken_rule(&cells, &sums, threshold, &shown), None);
        }

        /// 300 cases: without counts in `1..3`, nothing is hidden.
        #[test]
        fn tables_without_small_counts_hide_nothing(
            interior in interior(4, 5).prop_map(|rows| {
                rows.into_iter()
                    .map(|row| row.into_iter().map(|c| if c < 3 { 0 } else { c * 3 }).collect())
                    .collect::<Vec<Vec<u32>>>()
            })
        ) {
            let (cells, sums) = with_margins(&interior);
            let shown = protect(&cells, &sums, T).unwrap();
            prop_assert!(shown.iter().zip(&cells).all(|(s, &c)| *s == Shown::Value(c)));
        }

        /// 300 cases: generic sums built as a hierarchy (each total a sum of some earlier
        /// cells, so parts overlap freely). The result is protected or `Unprotectable`.
        #[test]
        fn generic_sums_are_protected_or_refused(
            leaves in proptest::collection::vec(count(), 1..6),
            totals in proptest::collection::vec(proptest::collection::vec(any::<bool>(), 8), 0..4),
        ) {
            let mut cells = leaves;
            let mut sums = Vec::new();
            for pick in totals {
                let parts: Vec<usize> = (0..cells.len()).filter(|&i| pick[i % 8]).collect();
                cells.push(parts.iter().map(|&p| cells[p]).sum());
                sums.push(Sum { total: cells.len() - 1, parts });
            }
            match protect(&cells, &sums, T) {
                Ok(shown) => prop_assert_eq!(broken_rule(&cells, &sums, T, &shown), None),
                Err(error) => {
                    let unprotectable = matches!(error, SuppressionError::Unprotectable { .. });
                    prop_assert!(unprotectable, "{}", error);
                }
            }
        }

        /// 300 cases: any input, valid or not, gives a result or an error, never a panic.
        #[test]
        fn arbitrary_input_never_panics(
            cells in proptest::collection::vec(prop_oneof![count(), any::<u32>()], 0..10),
            sums in proptest::collection::vec(
                (0usize..12, proptest::collection::vec(0usize..12, 0..4)),
                0..4,
            ),
            threshold in prop_oneof![0u32..6, any::<u32>()],
        ) {
            let sums: Vec<Sum> =
                sums.into_iter().map(|(total, parts)| Sum { total, parts }).collect();
            if let Ok(shown) = protect(&cells, &sums, threshold) {
                prop_assert!(is_protected(&cells, &sums, threshold, &shown));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20))]

        /// 20 cases: report-sized contacts tables (up to 15 × 14 inside), checked by moves.
        #[test]
        fn large_contacts_tables_are_protected(interior in interior(15, 14)) {
            let (cells, sums) = with_margins(&interior);
            let shown = protect(&cells, &sums, T).unwrap();
            prop_assert!(is_protected(&cells, &sums, T, &shown));
        }
    }

    // ---- Measurements. ----

    /// A deterministic generator (SplitMix64) so that the printed figures can be reproduced.
    struct Random(u64);

    impl Random {
        fn next(&mut self, below: u32) -> u32 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) % u64::from(below)) as u32
        }

        /// Counts as in the real tables: many zeros and small counts, some larger.
        fn count(&mut self, large: u32) -> u32 {
            match self.next(10) {
                0..=2 => 0,
                3..=5 => 1 + self.next(2),
                _ => self.next(large),
            }
        }

        fn contacts(&mut self, rows: usize, columns: usize, large: u32) -> (Vec<u32>, Vec<Sum>) {
            let interior: Vec<Vec<u32>> = (0..rows)
                .map(|_| (0..columns).map(|_| self.count(large)).collect())
                .collect();
            with_margins(&interior)
        }
    }

    /// Over-suppression: the share of secondary cells that could be shown again, one at a time,
    /// with every hidden cell still protected by the exact solver. 400 contacts tables (up to
    /// 3 × 4 inside) and 400 reporting-date tables (2–3 providers, 1–2 dates).
    /// Measured (seed 2024): 0 of 1197 secondary cells could be shown again; 96 of 2385
    /// primary cells were widened to "< 4". (Tables up to 5 × 9 inside also gave 0 of 2388.)
    #[test]
    fn over_suppression_is_small() {
        let mut random = Random(2024);
        let (mut secondary, mut removable, mut primary, mut widened) = (0, 0, 0, 0);
        for round in 0..800 {
            let (cells, sums) = if round % 2 == 0 {
                let rows = 1 + random.next(3) as usize;
                let columns = 1 + random.next(4) as usize;
                random.contacts(rows, columns, 9)
            } else {
                let providers = 2 + random.next(2) as usize;
                let dates: Vec<Vec<(u32, u32)>> = (0..1 + random.next(2))
                    .map(|_| {
                        (0..providers)
                            .map(|_| (random.count(6), random.next(3)))
                            .collect()
                    })
                    .collect();
                case_columns(&dates)
            };
            let shown = protect(&cells, &sums, T).unwrap();
            assert_publishable(&cells, &sums, &shown);
            primary += shown
                .iter()
                .filter(|s| matches!(s, Shown::Below(_)))
                .count();
            widened += shown.iter().filter(|s| **s == Shown::Below(T + 1)).count();
            for cell in hidden(&shown) {
                secondary += 1;
                let mut fewer = shown.clone();
                fewer[cell] = Shown::Value(cells[cell]);
                if pinned_cells(&cells, &sums, T, &fewer).is_empty() {
                    removable += 1;
                }
            }
        }
        let share = removable as f64 / secondary.max(1) as f64;
        println!("over-suppression: {removable} of {secondary} secondary cells ({share:.3})");
        println!("widened: {widened} of {primary} primary cells printed \"< 4\"");
        assert!(share <= 0.05, "{removable} of {secondary}");
    }

    /// Prints how long report-sized tables take (debug build, no assertion on time).
    #[test]
    fn timing_of_report_sized_tables() {
        let mut random = Random(7);
        for (rows, columns) in [(5, 13), (15, 14)] {
            let mut slowest = std::time::Duration::ZERO;
            let started = std::time::Instant::now();
            for _ in 0..10 {
                let (cells, sums) = random.contacts(rows, columns, 30);
                let one = std::time::Instant::now();
                let shown = protect(&cells, &sums, T).unwrap();
                slowest = slowest.max(one.elapsed());
                assert!(is_protected(&cells, &sums, T, &shown));
            }
            println!(
                "{} × {} with margins: {:?} mean, {slowest:?} slowest (protect only)",
                rows + 1,
                columns + 1,
                started.elapsed() / 10,
            );
        }
    }
}
