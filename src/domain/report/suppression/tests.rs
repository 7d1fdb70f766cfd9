//! Tests of `suppression`.
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
