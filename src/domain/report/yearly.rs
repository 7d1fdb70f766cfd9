//! *Baustein 3*: the yearly figures of the foreigners' and naturalisation authorities as a table
//! sorted by year, with the trend of residence permits (§ 25a, § 25b AufenthG) and of
//! naturalisations.
//!
//! Counting decisions:
//! - Rows are the entered years, sorted by year. Should a list hold one year twice (it cannot
//!   after [`upsert`](crate::domain::yearly::upsert), but a hand-edited file might), the later
//!   entry wins, exactly as if the list had been upserted in order.
//! - A year is compared with the **previous row**, i.e. the latest earlier year entered, not
//!   with the calendar year before: the report speaks of "the previous year" and a year nobody
//!   entered has no figures to compare with. The year compared with is part of the result
//!   ([`YearChange::previous_year`]), so a gap (2018 → 2020) is visible in the table.
//! - A change is `None` when this year or the previous row lacks the figure: a missing figure
//!   is not zero, and skipping further back would compare across an unknown year. The percent
//!   is also `None` when the previous figure is zero (no base to divide by).
//! - The overall change runs from the first to the last year **with the figure**, skipping
//!   years without it; `None` with fewer than two such years.
//! - Percentages are plain `f64` (e.g. `6.06…`); rounding is for the page.

use crate::domain::yearly::{upsert, YearlyFigures};

/// The *Baustein 3* table with its trends.
#[derive(Clone, Debug, PartialEq)]
pub struct YearlyReport {
    /// One row per year, sorted by year.
    pub rows: Vec<YearlyFigures>,
    /// Trend of [`YearlyFigures::residence_permits`].
    pub residence_permits: Trend,
    /// Trend of [`YearlyFigures::naturalisations`].
    pub naturalisations: Trend,
}

/// The trend of one figure over the years.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    /// One entry per row of [`YearlyReport::rows`], same order.
    pub changes: Vec<YearChange>,
    /// From the first to the last year with the figure; `None` with fewer than two such years.
    pub overall: Option<OverallChange>,
}

/// One year's figure and its change against the previous row.
#[derive(Clone, Debug, PartialEq)]
pub struct YearChange {
    /// The year of the row.
    pub year: i32,
    /// This year's figure.
    pub value: Option<u32>,
    /// The year of the previous row (the latest earlier year entered); `None` for the first row.
    pub previous_year: Option<i32>,
    /// `value − previous`; `None` when either figure is missing.
    pub absolute: Option<i64>,
    /// `(value − previous) / previous × 100`; `None` when either figure is missing or the
    /// previous figure is zero.
    pub percent: Option<f64>,
}

/// The change of a figure from the first to the last year that has it.
#[derive(Clone, Debug, PartialEq)]
pub struct OverallChange {
    /// The first year with the figure.
    pub from_year: i32,
    /// The last year with the figure.
    pub to_year: i32,
    /// The figure in `from_year`.
    pub from: u32,
    /// The figure in `to_year`.
    pub to: u32,
    /// `to − from`.
    pub absolute: i64,
    /// `(to − from) / from × 100`; `None` when `from` is zero.
    pub percent: Option<f64>,
}

/// The table and trends from the entered yearly figures, in any order.
pub fn yearly_report(figures: &[YearlyFigures]) -> YearlyReport {
    let mut rows = Vec::with_capacity(figures.len());
    for entry in figures {
        upsert(&mut rows, entry.clone());
    }
    YearlyReport {
        residence_permits: trend(&rows, |f| f.residence_permits),
        naturalisations: trend(&rows, |f| f.naturalisations),
        rows,
    }
}

/// The trend of the figure `value` over rows sorted by year.
fn trend(rows: &[YearlyFigures], value: impl Fn(&YearlyFigures) -> Option<u32>) -> Trend {
    let changes = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let current = value(row);
            let previous_row = index.checked_sub(1).map(|i| &rows[i]);
            let (absolute, percent) = match (previous_row.and_then(&value), current) {
                (Some(previous), Some(current)) => {
                    let (absolute, percent) = change(previous, current);
                    (Some(absolute), percent)
                }
                _ => (None, None),
            };
            YearChange {
                year: row.year,
                value: current,
                previous_year: previous_row.map(|r| r.year),
                absolute,
                percent,
            }
        })
        .collect();
    let mut present = rows
        .iter()
        .filter_map(|row| value(row).map(|v| (row.year, v)));
    let first = present.next();
    let last = present.last();
    let overall = first.zip(last).map(|((from_year, from), (to_year, to))| {
        let (absolute, percent) = change(from, to);
        OverallChange {
            from_year,
            to_year,
            from,
            to,
            absolute,
            percent,
        }
    });
    Trend { changes, overall }
}

/// Absolute and percent change from `previous` to `current` (in `i64`, so no pair of `u32`
/// figures overflows).
fn change(previous: u32, current: u32) -> (i64, Option<f64>) {
    let absolute = i64::from(current) - i64::from(previous);
    let percent = (previous != 0).then(|| absolute as f64 / f64::from(previous) * 100.0);
    (absolute, percent)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Baustein 3 of the committee report (Vorlage 197/23, DOMAIN.md).
    const PERMITS: [(i32, u32); 6] = [
        (2017, 31),
        (2018, 33),
        (2019, 34),
        (2020, 48),
        (2021, 59),
        (2022, 80),
    ];
    const NATURALISATIONS: [u32; 6] = [82, 81, 106, 114, 166, 209];
    const POSTS: [(i32, f64); 3] = [(2020, 0.5), (2021, 0.75), (2022, 1.0)];

    fn rheine() -> Vec<YearlyFigures> {
        PERMITS
            .iter()
            .zip(NATURALISATIONS)
            .map(|(&(year, permits), naturalisations)| {
                let posts = POSTS.iter().find(|(y, _)| *y == year).map(|(_, p)| *p);
                YearlyFigures {
                    year,
                    residence_permits: Some(permits),
                    naturalisations: Some(naturalisations),
                    posts_abh: posts,
                    posts_ebh: posts,
                }
            })
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn rheine_rows_come_out_sorted_whatever_the_input_order() {
        let mut shuffled = rheine();
        shuffled.reverse();
        shuffled.swap(1, 4);
        let report = yearly_report(&shuffled);
        assert_eq!(report.rows, rheine());
        let years: Vec<i32> = report.rows.iter().map(|r| r.year).collect();
        assert_eq!(years, [2017, 2018, 2019, 2020, 2021, 2022]);
        assert_eq!(report.rows[3].posts_abh, Some(0.5));
        assert_eq!(report.rows[5].posts_ebh, Some(1.0));
        assert_eq!(report.rows[0].posts_abh, None);
    }

    #[test]
    fn rheine_year_on_year_changes() {
        let report = yearly_report(&rheine());
        let trends = [
            (&report.residence_permits, PERMITS.map(|(_, v)| v)),
            (&report.naturalisations, NATURALISATIONS),
        ];
        for (trend, values) in trends {
            assert_eq!(trend.changes.len(), values.len());
            let first = &trend.changes[0];
            assert_eq!(
                (first.previous_year, first.absolute, first.percent),
                (None, None, None)
            );
            for (i, change) in trend.changes.iter().enumerate().skip(1) {
                let (previous, current) = (values[i - 1], values[i]);
                assert_eq!(change.year, PERMITS[i].0);
                assert_eq!(change.value, Some(current));
                assert_eq!(change.previous_year, Some(PERMITS[i - 1].0));
                assert_eq!(change.absolute, Some(current as i64 - previous as i64));
                let expected = (current as f64 - previous as f64) / previous as f64 * 100.0;
                assert!(close(change.percent.unwrap(), expected), "{change:?}");
            }
        }
        // Spot checks against figures worked out by hand.
        let permits = &report.residence_permits.changes;
        assert_eq!(permits[3].absolute, Some(14)); // 34 → 48
        assert!(close(permits[1].percent.unwrap(), 200.0 / 31.0)); // 31 → 33
        let naturalisations = &report.naturalisations.changes;
        assert_eq!(naturalisations[1].absolute, Some(-1)); // 82 → 81
        assert!(close(naturalisations[1].percent.unwrap(), -100.0 / 82.0));
    }

    #[test]
    fn rheine_overall_change() {
        let report = yearly_report(&rheine());
        let permits = report.residence_permits.overall.unwrap();
        assert_eq!(
            (permits.from_year, permits.to_year, permits.from, permits.to),
            (2017, 2022, 31, 80)
        );
        assert_eq!(permits.absolute, 49);
        assert!(close(permits.percent.unwrap(), 4900.0 / 31.0));
        let naturalisations = report.naturalisations.overall.unwrap();
        assert_eq!((naturalisations.from, naturalisations.to), (82, 209));
        assert_eq!(naturalisations.absolute, 127);
        assert!(close(naturalisations.percent.unwrap(), 12700.0 / 82.0));
    }

    fn entry(year: i32, permits: Option<u32>) -> YearlyFigures {
        YearlyFigures {
            year,
            residence_permits: permits,
            naturalisations: None,
            posts_abh: None,
            posts_ebh: None,
        }
    }

    #[test]
    fn missing_and_zero_figures() {
        // (year, permits) → expected (previous_year, absolute, percent)
        type Expected = (Option<i32>, Option<i64>, Option<f64>);
        let table: [(i32, Option<u32>, Expected); 6] = [
            (2017, Some(0), (None, None, None)),
            (2018, Some(5), (Some(2017), Some(5), None)), // previous is zero
            (2019, None, (Some(2018), None, None)),       // figure missing
            (2020, Some(10), (Some(2019), None, None)),   // previous lacks it
            (2022, Some(15), (Some(2020), Some(5), Some(50.0))), // gap: 2021 not entered
            (2023, Some(15), (Some(2022), Some(0), Some(0.0))),
        ];
        let figures: Vec<YearlyFigures> = table.iter().map(|(y, p, _)| entry(*y, *p)).collect();
        let trend = yearly_report(&figures).residence_permits;
        for ((year, value, expected), change) in table.iter().zip(&trend.changes) {
            assert_eq!(change.year, *year);
            assert_eq!(change.value, *value);
            assert_eq!(
                (change.previous_year, change.absolute, change.percent),
                *expected,
                "{year}"
            );
        }
        let overall = trend.overall.unwrap();
        assert_eq!((overall.from_year, overall.to_year), (2017, 2023));
        assert_eq!((overall.absolute, overall.percent), (15, None));
    }

    #[test]
    fn overall_skips_years_without_the_figure() {
        let figures = [
            entry(2016, None),
            entry(2017, Some(20)),
            entry(2018, Some(30)),
            entry(2019, None),
        ];
        let overall = yearly_report(&figures).residence_permits.overall.unwrap();
        assert_eq!((overall.from_year, overall.to_year), (2017, 2018));
        assert_eq!((overall.absolute, overall.percent), (10, Some(50.0)));
    }

    #[test]
    fn overall_needs_two_years_with_the_figure() {
        let cases: [&[YearlyFigures]; 3] = [
            &[],
            &[entry(2020, Some(3))],
            &[entry(2020, Some(3)), entry(2021, None)],
        ];
        for figures in cases {
            let report = yearly_report(figures);
            assert_eq!(report.rows.len(), figures.len());
            assert_eq!(report.residence_permits.overall, None, "{figures:?}");
            assert_eq!(report.naturalisations.overall, None);
        }
    }

    #[test]
    fn a_year_given_twice_keeps_the_later_entry() {
        let figures = [
            entry(2020, Some(1)),
            entry(2021, Some(2)),
            entry(2020, Some(7)),
        ];
        let report = yearly_report(&figures);
        assert_eq!(report.rows, [entry(2020, Some(7)), entry(2021, Some(2))]);
        assert_eq!(report.residence_permits.changes[1].absolute, Some(-5));
    }
}
