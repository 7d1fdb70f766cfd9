//! The exact solver of the tests, written apart from the move search so that each checks the
//! other: which hidden cells can an attacker pin down (parent module doc, attacker model)?
//!
//! For each hidden cell it looks for an integer assignment of all hidden cells that keeps every
//! sum and every bound but gives that cell another value than its count: bounds propagation on
//! the sums, then bisection of the smallest open domain. Exact, and fast for the small tables of
//! the property tests (up to about 6 × 10 cells).

use super::{Shown, Sum};

/// The hidden cells an attacker can pin down: for each one, an exact search for an integer
/// assignment of all hidden cells that keeps every sum and bound but gives that cell another
/// value. Bounds: "< b" is `[1, b-1]`, "x" is `[threshold, cap]` with
/// `cap = 3 × the largest count + threshold`. The cap only shrinks the set searched, and the
/// true counts lie inside it, so a cell found to take two values takes two values without
/// the cap: an empty answer is a proof. (A cap too tight could only report a cell falsely.)
pub(super) fn pinned_cells(
    cells: &[u32],
    sums: &[Sum],
    threshold: u32,
    shown: &[Shown],
) -> Vec<usize> {
    let largest = cells.iter().copied().max().unwrap_or(0);
    let cap = 3 * i64::from(largest) + i64::from(threshold);
    let domains: Vec<(i64, i64)> = cells
        .iter()
        .zip(shown)
        .map(|(&value, shown)| match *shown {
            Shown::Value(_) => (i64::from(value), i64::from(value)),
            Shown::Below(bound) => (1, i64::from(bound) - 1),
            Shown::Hidden => (i64::from(threshold), cap),
        })
        .collect();
    assert!(feasible(sums, domains.clone()), "the true counts must fit");
    (0..cells.len())
        .filter(|&cell| !matches!(shown[cell], Shown::Value(_)))
        .filter(|&cell| {
            let value = i64::from(cells[cell]);
            let (low, high) = domains[cell];
            let mut below = domains.clone();
            below[cell] = (low, value - 1);
            let mut above = domains.clone();
            above[cell] = (value + 1, high);
            !feasible(sums, below) && !feasible(sums, above)
        })
        .collect()
}

/// Whether some integer assignment within `domains` keeps every sum: bounds propagation,
/// then bisection of the smallest open domain.
fn feasible(sums: &[Sum], mut domains: Vec<(i64, i64)>) -> bool {
    if !propagate(sums, &mut domains) {
        return false;
    }
    let open = (0..domains.len())
        .filter(|&i| domains[i].0 < domains[i].1)
        .min_by_key(|&i| domains[i].1 - domains[i].0);
    match open {
        None => sums.iter().all(|sum| {
            domains[sum.total].0 == sum.parts.iter().map(|&p| domains[p].0).sum::<i64>()
        }),
        Some(i) => {
            let (low, high) = domains[i];
            let middle = low + (high - low) / 2;
            [(low, middle), (middle + 1, high)].into_iter().any(|half| {
                let mut split = domains.clone();
                split[i] = half;
                feasible(sums, split)
            })
        }
    }
}

/// Narrows every domain by `total - Σ parts = 0` until nothing changes; `false` if one
/// becomes empty.
fn propagate(sums: &[Sum], domains: &mut [(i64, i64)]) -> bool {
    loop {
        let mut changed = false;
        for sum in sums {
            let terms: Vec<(usize, i64)> = std::iter::once((sum.total, 1))
                .chain(sum.parts.iter().map(|&p| (p, -1)))
                .collect();
            let range = |(cell, sign): (usize, i64), domains: &[(i64, i64)]| {
                let (low, high) = domains[cell];
                if sign > 0 {
                    (low, high)
                } else {
                    (-high, -low)
                }
            };
            for (k, &(cell, sign)) in terms.iter().enumerate() {
                let (mut rest_low, mut rest_high) = (0, 0);
                for (j, &term) in terms.iter().enumerate() {
                    if j != k {
                        let (low, high) = range(term, domains);
                        rest_low += low;
                        rest_high += high;
                    }
                }
                // sign · x + rest = 0
                let (low, high) = if sign > 0 {
                    (-rest_high, -rest_low)
                } else {
                    (rest_low, rest_high)
                };
                let old = domains[cell];
                let new = (old.0.max(low), old.1.min(high));
                if new.0 > new.1 {
                    return false;
                }
                if new != old {
                    domains[cell] = new;
                    changed = true;
                }
            }
        }
        if !changed {
            return true;
        }
    }
}
