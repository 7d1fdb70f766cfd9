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

use crate::domain::sorting;
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
            sorting::sort(&mut sorted);
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
        sorting::sort_by_key(&mut secondary, |&cell| {
            (std::cmp::Reverse(self.cells[cell]), cell)
        });
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
mod tests;
