//! The move search: a depth-first search for a vector with entries in {-1, 0, +1} that keeps
//! every sum and every bound and moves a given cell (see the parent module's doc).
//!
//! Starting from the given cell moved by +1 or −1, it repairs one violated sum at a time by
//! moving one more cell of that sum in the direction that shrinks the gap. It takes the violated
//! sum with the fewest usable cells first (fail first) and tries cheap cells first, so that the
//! first complete move is usually good and bounds the rest (branch and bound). Every move that
//! exists is reachable this way: while a partial move differs from a complete one, some violated
//! sum contains a cell of the complete move not yet set, with the right sign. Two limits keep it
//! fast on any input: at most [`MAX_CELLS`] cells in a move and [`NODE_BUDGET`] search nodes.

use super::{Shown, Table};
use crate::domain::sorting;

/// The most cells one move may change. The moves of a two-way table are cycles through rows
/// and columns; 4 cells is the usual size, longer ones are rarely cheaper.
const MAX_CELLS: usize = 16;

/// Search nodes per search. When it runs out the best move so far is taken, or none, which
/// errs towards hiding more.
const NODE_BUDGET: usize = 20_000;

/// What a search may use and what it looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// Any move among the hidden cells; stops at the first.
    Check,
    /// The cheapest move that may also hide shown counts `>= threshold`.
    Cheapest,
    /// As `Cheapest`, and a "< b" cell may move up to `b`, widening its bound (last resort).
    Widening,
}

/// The cost of a move, compared field by field in this order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Cost {
    widened: u32,
    newly_hidden: u32,
    hidden_value: u64,
}

impl std::ops::Add for Cost {
    type Output = Cost;
    fn add(self, other: Cost) -> Cost {
        Cost {
            widened: self.widened.saturating_add(other.widened),
            newly_hidden: self.newly_hidden.saturating_add(other.newly_hidden),
            hidden_value: self.hidden_value.saturating_add(other.hidden_value),
        }
    }
}

/// One search for a move through one cell.
pub(super) struct Search<'a> {
    table: &'a Table<'a>,
    shown: &'a [Shown],
    mode: Mode,
    /// The partial move, per cell.
    step: Vec<i64>,
    /// Per sum: `step[total] - Σ step[parts]`; zero when the sum holds.
    gap: Vec<i64>,
    /// The cells with a nonzero step, in the order they were set.
    moved: Vec<usize>,
    nodes: usize,
    best: Option<(Cost, Vec<(usize, i64)>)>,
}

impl<'a> Search<'a> {
    pub(super) fn new(table: &'a Table<'a>, shown: &'a [Shown], mode: Mode) -> Self {
        Search {
            table,
            shown,
            mode,
            step: vec![0; table.cells.len()],
            gap: vec![0; table.relations.members.len()],
            moved: Vec::new(),
            nodes: 0,
            best: None,
        }
    }

    /// The best move found that changes `cell`, as (cell, ±1) pairs.
    pub(super) fn run(mut self, cell: usize) -> Option<Vec<(usize, i64)>> {
        for direction in [1, -1] {
            if let Some(cost) = self.cost_of(cell, direction) {
                self.set(cell, direction);
                self.descend(cost);
                self.unset(cell);
            }
            if self.mode == Mode::Check && self.best.is_some() {
                break;
            }
        }
        self.best.map(|(_, found)| found)
    }

    /// What moving `cell` by `direction` costs, or `None` if the cell may not move that way.
    fn cost_of(&self, cell: usize, direction: i64) -> Option<Cost> {
        let value = i64::from(self.table.cells[cell]);
        let next = value + direction;
        let threshold = i64::from(self.table.threshold);
        match self.shown[cell] {
            Shown::Below(bound) if next >= 1 && next < i64::from(bound) => Some(Cost::default()),
            Shown::Below(bound)
                if self.mode == Mode::Widening && next == i64::from(bound) && bound < u32::MAX =>
            {
                Some(Cost {
                    widened: 1,
                    ..Cost::default()
                })
            }
            Shown::Hidden if next >= threshold => Some(Cost::default()),
            Shown::Value(_)
                if self.mode != Mode::Check && value >= threshold && next >= threshold =>
            {
                Some(Cost {
                    newly_hidden: 1,
                    hidden_value: value.unsigned_abs(),
                    ..Cost::default()
                })
            }
            _ => None,
        }
    }

    fn set(&mut self, cell: usize, direction: i64) {
        self.step[cell] = direction;
        self.moved.push(cell);
        for &(relation, coefficient) in &self.table.relations.of_cell[cell] {
            self.gap[relation] += coefficient * direction;
        }
    }

    fn unset(&mut self, cell: usize) {
        let direction = self.step[cell];
        self.step[cell] = 0;
        self.moved.pop();
        for &(relation, coefficient) in &self.table.relations.of_cell[cell] {
            self.gap[relation] -= coefficient * direction;
        }
    }

    /// The cells that can shrink the gap of `relation`, with their direction and cost.
    fn repairs(&self, relation: usize) -> Vec<(usize, i64, Cost)> {
        let gap = self.gap[relation];
        self.table.relations.members[relation]
            .iter()
            .filter(|&&(cell, _)| self.step[cell] == 0)
            .filter_map(|&(cell, coefficient)| {
                let direction = -gap.signum() * coefficient;
                self.cost_of(cell, direction)
                    .map(|cost| (cell, direction, cost))
            })
            .collect()
    }

    /// The violated sum with the fewest repairs, with those repairs cheapest first; `None` when
    /// every sum holds.
    fn most_constrained(&self) -> Option<Vec<(usize, i64, Cost)>> {
        let mut chosen: Option<Vec<(usize, i64, Cost)>> = None;
        for &cell in &self.moved {
            for &(relation, _) in &self.table.relations.of_cell[cell] {
                if self.gap[relation] == 0 {
                    continue;
                }
                let repairs = self.repairs(relation);
                if chosen
                    .as_ref()
                    .is_none_or(|best| repairs.len() < best.len())
                {
                    let dead_end = repairs.is_empty();
                    chosen = Some(repairs);
                    if dead_end {
                        return chosen;
                    }
                }
            }
        }
        chosen.map(|mut repairs| {
            sorting::sort_by_key(&mut repairs, |&(cell, _, cost)| (cost, cell));
            repairs
        })
    }

    fn descend(&mut self, cost: Cost) {
        if self.nodes >= NODE_BUDGET {
            return;
        }
        self.nodes += 1;
        let Some(repairs) = self.most_constrained() else {
            if self.best.as_ref().is_none_or(|(best, _)| cost < *best) {
                let found = self.moved.iter().map(|&cell| (cell, self.step[cell]));
                self.best = Some((cost, found.collect()));
            }
            return;
        };
        if self.moved.len() >= MAX_CELLS {
            return;
        }
        for (cell, direction, step_cost) in repairs {
            let total = cost + step_cost;
            if self.best.as_ref().is_some_and(|(best, _)| total >= *best) {
                break;
            }
            self.set(cell, direction);
            self.descend(total);
            self.unset(cell);
            if self.mode == Mode::Check && self.best.is_some() {
                return;
            }
        }
    }
}
