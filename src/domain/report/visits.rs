//! Welcome visits (*Willkommensbesuche*) per month and district for an inclusive range of
//! months, with the children visited, the kinds of arrival, follow-ups and the offers families
//! were told about or invited to.
//!
//! Counting decisions (these figures go to the committee, so each is written down):
//! - A visit belongs to the month of its **visit date** (not the day it was recorded), and to
//!   the range when that month lies in `first..=last`. Voided visits never count.
//! - Every figure counts the same set of visits: the non-voided visits of the range. So the
//!   total row, the arrival counts and the offer counts all speak about the same families.
//! - One visit is one family. Children are summed over the families per age band. An offer
//!   counts families: a family told about an offer counts once for it even if the offer was
//!   entered twice; a family both told about and invited to an offer counts in both columns.
//! - Catalogue rows (districts, age bands, offers) come in rule-set order and are always
//!   present, zeros included, so two periods' tables line up.
//! - **Ids the rule set does not know** (a visit recorded under an older rule set, or imported
//!   from another laptop) are not dropped: each gets its own row keyed by the raw id, appended
//!   after the catalogue rows and sorted by id, only when it has something to count. So every
//!   total equals the sum of its rows, and the page shows the raw id where it has no label.

use crate::domain::ids::{AgeBandId, DistrictId, OfferId};
use crate::domain::rules::RuleSet;
use crate::domain::sorting;
use crate::domain::visits::{Arrival, WelcomeVisit};
use crate::domain::YearMonth;
use std::collections::BTreeMap;

/// The visit report for a range of months.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitReport {
    /// The months of the range, oldest first; the columns of the district table.
    pub months: Vec<YearMonth>,
    /// All visits of the range per month (the total row).
    pub total: VisitRow,
    /// One row per district of the rule set, in rule-set order, then one per unknown district.
    pub rows: Vec<VisitRow>,
    /// Children per age band: the rule set's bands in order, then unknown bands.
    pub children: Vec<(AgeBandId, u32)>,
    /// All children of the visited families.
    pub children_total: u32,
    /// Visits per kind of arrival, every kind in the order of [`ARRIVALS`].
    pub arrivals: Vec<(Arrival, u32)>,
    /// Visits after which a follow-up is needed.
    pub follow_up: u32,
    /// Families told about / invited to each offer: the rule set's offers in order, then
    /// unknown offers.
    pub offers: Vec<OfferCount>,
}

/// One row of the district table: visits per month and the row total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitRow {
    /// The district; `None` for the total row over all districts.
    pub district: Option<DistrictId>,
    /// Visits per month, aligned with [`VisitReport::months`].
    pub per_month: Vec<u32>,
    /// Visits over the whole range.
    pub total: u32,
}

/// How many visited families heard of an offer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfferCount {
    /// The offer.
    pub offer: OfferId,
    /// Families told about it.
    pub informed: u32,
    /// Families invited to it.
    pub invited: u32,
}

/// The kinds of arrival in the order the report lists them.
pub const ARRIVALS: [Arrival; 2] = [Arrival::NewArrival, Arrival::FamilyReunification];

/// The position of a kind of arrival in [`ARRIVALS`]; a match, so a new kind cannot be
/// forgotten.
fn arrival_index(arrival: Arrival) -> usize {
    match arrival {
        Arrival::NewArrival => 0,
        Arrival::FamilyReunification => 1,
    }
}

/// Counts the non-voided `visits` dated in the months `first..=last`.
pub fn visit_report(
    visits: &[WelcomeVisit],
    rules: &RuleSet,
    first: YearMonth,
    last: YearMonth,
) -> VisitReport {
    let months = first.through(last);
    let zeros = || vec![0u32; months.len()];
    let mut total = zeros();
    let mut districts: BTreeMap<DistrictId, Vec<u32>> = BTreeMap::new();
    let mut children: BTreeMap<AgeBandId, u32> = BTreeMap::new();
    let mut arrivals = [0u32; ARRIVALS.len()];
    let mut follow_up = 0;
    let mut offers: BTreeMap<OfferId, (u32, u32)> = BTreeMap::new();

    for visit in visits.iter().filter(|v| !v.voided) {
        let Ok(month) = months.binary_search(&YearMonth::of(visit.date)) else {
            continue;
        };
        total[month] += 1;
        districts
            .entry(visit.district.clone())
            .or_insert_with(zeros)[month] += 1;
        for (band, count) in visit.children.iter().filter(|(_, n)| *n > 0) {
            // Saturating: stored data may predate the bound on children per visit.
            let sum = children.entry(band.clone()).or_default();
            *sum = sum.saturating_add(*count);
        }
        arrivals[arrival_index(visit.arrival)] += 1;
        follow_up += u32::from(visit.follow_up);
        for offer in sorting::set_of(&visit.informed) {
            offers.entry(offer.clone()).or_default().0 += 1;
        }
        for offer in sorting::set_of(&visit.invited) {
            offers.entry(offer.clone()).or_default().1 += 1;
        }
    }

    let row = |district: Option<DistrictId>, per_month: Vec<u32>| VisitRow {
        district,
        total: per_month.iter().sum(),
        per_month,
    };
    let children = in_catalogue_order(rules.age_bands.iter().map(|b| &b.id), children, || 0);
    VisitReport {
        total: row(None, total),
        rows: in_catalogue_order(rules.districts.iter().map(|d| &d.id), districts, zeros)
            .into_iter()
            .map(|(district, per_month)| row(Some(district), per_month))
            .collect(),
        children_total: children
            .iter()
            .fold(0u32, |total, (_, n)| total.saturating_add(*n)),
        children,
        arrivals: ARRIVALS.iter().copied().zip(arrivals).collect(),
        follow_up,
        offers: in_catalogue_order(rules.offers.iter().map(|o| &o.id), offers, || (0, 0))
            .into_iter()
            .map(|(offer, (informed, invited))| OfferCount {
                offer,
                informed,
                invited,
            })
            .collect(),
        months,
    }
}

/// The counted values keyed by the ids of a catalogue, in catalogue order with `zero()` for an
/// id nothing was counted for, followed by the ids the catalogue does not know, sorted by id.
///
/// Shared by the report modules so that every report treats unknown ids the same way (see the
/// module doc).
pub(crate) fn in_catalogue_order<'a, Id: Ord + Clone + 'a, V>(
    catalogue: impl IntoIterator<Item = &'a Id>,
    counted: BTreeMap<Id, V>,
    zero: impl Fn() -> V,
) -> Vec<(Id, V)> {
    // A sorted list rather than removing from the map: `BTreeMap::remove` and its rebalancing
    // were generated anew for every id type (size, see `domain::sorting`).
    let mut left: Vec<(Id, Option<V>)> = counted.into_iter().map(|(id, v)| (id, Some(v))).collect();
    let mut out: Vec<(Id, V)> = catalogue
        .into_iter()
        .map(|id| {
            let value = left
                .binary_search_by(|(key, _)| key.cmp(id))
                .ok()
                .and_then(|at| left[at].1.take())
                .unwrap_or_else(&zero);
            (id.clone(), value)
        })
        .collect();
    out.extend(left.into_iter().filter_map(|(id, v)| Some((id, v?))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::RecordId;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn month(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn visit(id: u64, date: NaiveDate, district: &str) -> WelcomeVisit {
        WelcomeVisit {
            id: RecordId::from_random(id),
            date,
            district: DistrictId::new(district),
            arrival: Arrival::NewArrival,
            children: vec![(AgeBandId::new("0-2"), 1)],
            informed: vec![],
            invited: vec![],
            follow_up: false,
            recorded_at: 0,
            voided: false,
        }
    }

    fn row<'r>(report: &'r VisitReport, district: &str) -> &'r VisitRow {
        report
            .rows
            .iter()
            .find(|r| r.district.as_ref().map(DistrictId::as_str) == Some(district))
            .unwrap_or_else(|| panic!("no row {district}"))
    }

    #[test]
    fn visits_land_in_the_month_of_their_date() {
        let rules = RuleSet::default_rheine();
        // (date, district, voided, expected month index in Jan..=Mar 2023, or None)
        let table = [
            (d(2022, 12, 31), "mesum", false, None),
            (d(2023, 1, 1), "mesum", false, Some(0)),
            (d(2023, 1, 31), "mesum", false, Some(0)),
            (d(2023, 2, 1), "elte", false, Some(1)),
            (d(2023, 2, 15), "elte", true, None),
            (d(2023, 3, 31), "schotthock", false, Some(2)),
            (d(2023, 4, 1), "schotthock", false, None),
        ];
        let visits: Vec<WelcomeVisit> = table
            .iter()
            .enumerate()
            .map(|(i, (date, district, voided, _))| WelcomeVisit {
                voided: *voided,
                ..visit(i as u64, *date, district)
            })
            .collect();
        let report = visit_report(&visits, &rules, month(2023, 1), month(2023, 3));
        assert_eq!(
            report.months,
            [month(2023, 1), month(2023, 2), month(2023, 3)]
        );
        let mut expected: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        let mut expected_total = vec![0; 3];
        for (_, district, _, index) in table {
            let per_month = expected.entry(district).or_insert_with(|| vec![0; 3]);
            if let Some(i) = index {
                per_month[i] += 1;
                expected_total[i] += 1;
            }
        }
        for (district, per_month) in expected {
            let row = row(&report, district);
            assert_eq!(row.per_month, per_month, "{district}");
            assert_eq!(row.total, per_month.iter().sum::<u32>());
        }
        assert_eq!(report.total.district, None);
        assert_eq!(report.total.per_month, expected_total);
        assert_eq!(report.total.total, 4);
        assert_eq!(row(&report, "rodde").per_month, [0, 0, 0]);
    }

    #[test]
    fn rows_follow_the_rule_set_then_unknown_districts_by_id() {
        let rules = RuleSet::default_rheine();
        let visits = [
            visit(1, d(2023, 1, 5), "zz-old"),
            visit(2, d(2023, 1, 6), "aa-old"),
            visit(3, d(2023, 1, 7), "zz-old"),
            visit(4, d(2023, 1, 8), "links"),
            visit(5, d(2022, 1, 8), "out-of-range"),
        ];
        let report = visit_report(&visits, &rules, month(2023, 1), month(2023, 1));
        let ids: Vec<&str> = report
            .rows
            .iter()
            .map(|r| r.district.as_ref().unwrap().as_str())
            .collect();
        let mut expected: Vec<&str> = rules.districts.iter().map(|d| d.id.as_str()).collect();
        expected.extend(["aa-old", "zz-old"]);
        assert_eq!(
            ids, expected,
            "no row for an unknown id with nothing to count"
        );
        assert_eq!(row(&report, "zz-old").total, 2);
        assert_eq!(row(&report, "aa-old").total, 1);
        assert_eq!(report.total.total, 4);
    }

    #[test]
    fn children_per_age_band() {
        let rules = RuleSet::default_rheine();
        let band = |id: &str, n: u32| (AgeBandId::new(id), n);
        let visits = [
            WelcomeVisit {
                children: vec![band("0-2", 1), band("6-9", 2)],
                ..visit(1, d(2023, 1, 5), "mesum")
            },
            WelcomeVisit {
                children: vec![band("6-9", 3), band("14-17", 0), band("old-band", 1)],
                ..visit(2, d(2023, 1, 6), "mesum")
            },
            WelcomeVisit {
                children: vec![band("0-2", 4), band("never-counted", 0)],
                voided: true,
                ..visit(3, d(2023, 1, 7), "mesum")
            },
        ];
        let report = visit_report(&visits, &rules, month(2023, 1), month(2023, 1));
        let expected: Vec<(AgeBandId, u32)> = vec![
            band("0-2", 1),
            band("3-5", 0),
            band("6-9", 5),
            band("10-13", 0),
            band("14-17", 0),
            band("old-band", 1),
        ];
        assert_eq!(report.children, expected);
        assert_eq!(report.children_total, 7);
    }

    #[test]
    fn arrivals_and_follow_ups() {
        let rules = RuleSet::default_rheine();
        // (arrival, follow-up, voided)
        let table = [
            (Arrival::NewArrival, true, false),
            (Arrival::NewArrival, false, false),
            (Arrival::FamilyReunification, true, false),
            (Arrival::FamilyReunification, true, true),
            (Arrival::NewArrival, false, false),
        ];
        let visits: Vec<WelcomeVisit> = table
            .iter()
            .enumerate()
            .map(|(i, &(arrival, follow_up, voided))| WelcomeVisit {
                arrival,
                follow_up,
                voided,
                ..visit(i as u64, d(2023, 2, 1), "elte")
            })
            .collect();
        let report = visit_report(&visits, &rules, month(2023, 2), month(2023, 2));
        let counted = |pred: &dyn Fn(&(Arrival, bool, bool)) -> bool| {
            table.iter().filter(|t| !t.2 && pred(t)).count() as u32
        };
        assert_eq!(
            report.arrivals,
            ARRIVALS
                .iter()
                .map(|&a| (a, counted(&|t| t.0 == a)))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            report.arrivals,
            [(Arrival::NewArrival, 3), (Arrival::FamilyReunification, 1)]
        );
        assert_eq!(report.follow_up, counted(&|t| t.1));
        assert_eq!(report.follow_up, 2);
    }

    #[test]
    fn offers_count_families() {
        let rules = RuleSet::default_rheine();
        let offers = |ids: &[&str]| ids.iter().map(|&id| OfferId::new(id)).collect::<Vec<_>>();
        let visits = [
            WelcomeVisit {
                informed: offers(&["daycare", "library", "daycare"]),
                invited: offers(&["language-course"]),
                ..visit(1, d(2023, 3, 1), "mesum")
            },
            WelcomeVisit {
                informed: offers(&["daycare", "old-offer"]),
                invited: offers(&["daycare"]),
                ..visit(2, d(2023, 3, 2), "mesum")
            },
            WelcomeVisit {
                informed: offers(&["library"]),
                invited: offers(&["library"]),
                ..visit(3, d(2023, 4, 1), "mesum")
            },
        ];
        let report = visit_report(&visits, &rules, month(2023, 3), month(2023, 3));
        let ids: Vec<&str> = report.offers.iter().map(|o| o.offer.as_str()).collect();
        let mut expected: Vec<&str> = rules.offers.iter().map(|o| o.id.as_str()).collect();
        expected.push("old-offer");
        assert_eq!(ids, expected);
        let count = |id: &str| {
            let o = report
                .offers
                .iter()
                .find(|o| o.offer.as_str() == id)
                .unwrap();
            (o.informed, o.invited)
        };
        let table = [
            ("daycare", (2, 1)),
            ("library", (1, 0)),
            ("language-course", (0, 1)),
            ("sports", (0, 0)),
            ("old-offer", (1, 0)),
        ];
        for (offer, expected) in table {
            assert_eq!(count(offer), expected, "{offer}");
        }
    }

    #[test]
    fn an_empty_range_counts_nothing() {
        let rules = RuleSet::default_rheine();
        let visits = [visit(1, d(2023, 1, 5), "mesum")];
        let report = visit_report(&visits, &rules, month(2023, 2), month(2023, 1));
        assert!(report.months.is_empty());
        assert_eq!(report.total.total, 0);
        assert_eq!(report.rows.len(), rules.districts.len());
        assert!(report.rows.iter().all(|r| r.per_month.is_empty()));
        assert_eq!(report.children_total, 0);
        assert_eq!(report.follow_up, 0);
    }

    fn arbitrary_visit() -> impl Strategy<Value = WelcomeVisit> {
        let districts = ["links", "mesum", "elte", "old-a", "old-b"];
        let bands = ["0-2", "6-9", "old-band"];
        let offers = ["daycare", "library", "old-offer"];
        (
            (0u64..1000, 0u32..24, 1u32..29),
            proptest::sample::select(districts.to_vec()),
            any::<bool>(),
            proptest::collection::vec((proptest::sample::select(bands.to_vec()), 0u32..4), 0..4),
            proptest::collection::vec(proptest::sample::select(offers.to_vec()), 0..4),
            proptest::collection::vec(proptest::sample::select(offers.to_vec()), 0..4),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(
                |((id, m, day), district, reunion, children, informed, invited, follow, void)| {
                    let date = month(2022, 1).first_day() + chrono::Months::new(m);
                    WelcomeVisit {
                        arrival: if reunion {
                            Arrival::FamilyReunification
                        } else {
                            Arrival::NewArrival
                        },
                        children: children
                            .into_iter()
                            .map(|(b, n)| (AgeBandId::new(b), n))
                            .collect(),
                        informed: informed.into_iter().map(OfferId::new).collect(),
                        invited: invited.into_iter().map(OfferId::new).collect(),
                        follow_up: follow,
                        voided: void,
                        ..visit(id, date.with_day(day).unwrap(), district)
                    }
                },
            )
    }

    use chrono::Datelike;

    proptest! {
        #[test]
        fn totals_are_the_sums_of_their_rows(
            visits in proptest::collection::vec(arbitrary_visit(), 0..40),
            start in 0u32..24,
            length in 0u32..12,
        ) {
            let rules = RuleSet::default_rheine();
            let first = YearMonth::of(month(2022, 1).first_day() + chrono::Months::new(start));
            let last = YearMonth::of(first.first_day() + chrono::Months::new(length));
            let report = visit_report(&visits, &rules, first, last);
            let counted: Vec<&WelcomeVisit> = visits
                .iter()
                .filter(|v| !v.voided && (first..=last).contains(&YearMonth::of(v.date)))
                .collect();
            let n = counted.len() as u32;
            prop_assert_eq!(report.total.total, n);
            for (i, m) in report.months.iter().enumerate() {
                let column: u32 = report.rows.iter().map(|r| r.per_month[i]).sum();
                prop_assert_eq!(column, report.total.per_month[i]);
                let in_month = counted.iter().filter(|v| YearMonth::of(v.date) == *m).count();
                prop_assert_eq!(report.total.per_month[i], in_month as u32);
            }
            prop_assert_eq!(report.rows.iter().map(|r| r.total).sum::<u32>(), n);
            prop_assert_eq!(report.arrivals.iter().map(|(_, c)| c).sum::<u32>(), n);
            let children: u32 = counted.iter().flat_map(|v| &v.children).map(|(_, c)| c).sum();
            prop_assert_eq!(report.children_total, children);
            prop_assert_eq!(report.children.iter().map(|(_, c)| c).sum::<u32>(), children);
            for offer in &report.offers {
                prop_assert!(offer.informed <= n && offer.invited <= n);
                let informed = counted.iter().filter(|v| v.informed.contains(&offer.offer)).count();
                prop_assert_eq!(offer.informed, informed as u32);
            }
            for d in &rules.districts {
                prop_assert!(report.rows.iter().any(|r| r.district.as_ref() == Some(&d.id)));
            }
        }
    }
}
