//! The one stable sort of the app.
//!
//! Size, measured on the release build: the standard library's stable sort (driftsort) is
//! generated anew for every element type and comparison, some 3 KB of wasm each, and 26 of
//! them were 75 KB of the bundle. Here the standard sort is instantiated once, for positions
//! with the comparison behind `dyn`; what is left per type is a short insertion sort (for the
//! few events of a case, sorted on every fold) and putting the items into the order found.
//!
//! Collecting into a `BTreeSet` or `BTreeMap` sorts its input with the standard sort too, once
//! more per type; [`set_of`] and [`map_of`] build them by inserting instead.
//!
//! Every sort is stable: items that compare equal keep their order, as with
//! [`slice::sort_by`]. Comparisons must be a total order, as there.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Up to this length an insertion sort in place: no allocation, and fast for the handful of
/// events a case has.
const INSERTION_MAX: usize = 16;

/// Sorts `items` stably by `compare`.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() <= INSERTION_MAX {
        for end in 1..items.len() {
            let mut at = end;
            while at > 0 && compare(&items[at - 1], &items[at]) == Ordering::Greater {
                items.swap(at - 1, at);
                at -= 1;
            }
        }
        return;
    }
    let order = positions(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` stably by the key `key` gives.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably in their natural order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The set of `items` (see the module doc for why not `collect`).
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

/// The map of `pairs`; of pairs with the same key the last one counts, as with `collect`.
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (key, value) in pairs {
        map.insert(key, value);
    }
    map
}

/// The positions `0..len` in the order `compare` gives them: the only instantiation of the
/// standard sort.
fn positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Rearranges `items` so that position `i` holds what was at `order[i]`, following each cycle
/// of the permutation with swaps (`order` is used up as the record of positions done).
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn short_and_long_lists_sort_like_the_standard_stable_sort() {
        for len in [0, 1, 2, 15, 16, 17, 100] {
            let mut items: Vec<(u8, usize)> =
                (0..len).map(|i| (((i * 7919) % 5) as u8, i)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            sort_by_key(&mut items, |item| item.0);
            assert_eq!(items, expected, "length {len}");
        }
    }

    proptest! {
        #[test]
        fn any_list_sorts_like_the_standard_stable_sort(
            keys in proptest::collection::vec(0u8..6, 0..200)
        ) {
            // The second field tells equal keys apart: stability is part of the comparison.
            let mut items: Vec<(u8, usize)> = keys.into_iter().zip(0..).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            sort_by(&mut items, |a, b| a.0.cmp(&b.0));
            prop_assert_eq!(&items, &expected);
            let mut reversed = expected.clone();
            reversed.sort_by_key(|item| std::cmp::Reverse(item.0));
            sort_by_key(&mut items, |item| std::cmp::Reverse(item.0));
            prop_assert_eq!(items, reversed);
        }

        #[test]
        fn sets_and_maps_are_what_collect_builds(pairs in proptest::collection::vec((0u8..20, any::<u8>()), 0..60)) {
            let map = map_of(pairs.iter().copied());
            prop_assert_eq!(map, pairs.iter().copied().collect::<BTreeMap<_, _>>());
            let set = set_of(pairs.iter().map(|pair| pair.0));
            prop_assert_eq!(set, pairs.iter().map(|pair| pair.0).collect::<BTreeSet<_>>());
        }

        #[test]
        fn natural_order_matches(values in proptest::collection::vec(any::<i32>(), 0..100)) {
            let mut sorted = values.clone();
            sort(&mut sorted);
            let mut expected = values;
            expected.sort();
            prop_assert_eq!(sorted, expected);
        }
    }
}
