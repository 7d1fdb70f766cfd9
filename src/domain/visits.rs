//! Welcome visits (*Willkommensbesuche*) of the city's outreach team to newly arrived families
//! with children. Recorded anonymised: no names, no address, only the facts the report needs.
//!
//! A visit comes from the entry form or from a file, so [`validate`] bounds every number in it:
//! the date lies in the years of [`calendar`], `recorded_at` is a plausible timestamp, and the
//! children are counted with checked arithmetic and refused above [`MAX_CHILDREN`] (a count of
//! 4,294,967,295 in one band must not wrap around to a small total).

use crate::domain::calendar;
use crate::domain::ids::*;
use crate::domain::rules::{label_of, RuleSet};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Kind of arrival of the family visited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arrival {
    /// A newly arrived family (*Neuzuzug*).
    NewArrival,
    /// Family reunification (*Familiennachzug*).
    FamilyReunification,
}

/// One welcome visit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WelcomeVisit {
    pub id: RecordId,
    #[serde(with = "crate::domain::calendar::iso_date")]
    pub date: NaiveDate,
    /// A district from the rule set's `districts` catalogue.
    pub district: DistrictId,
    pub arrival: Arrival,
    /// Number of children per age band (bands from the rule set); bands with 0 may be omitted.
    pub children: Vec<(AgeBandId, u32)>,
    /// Offers the family was told about.
    pub informed: Vec<OfferId>,
    /// Offers the family was invited to.
    pub invited: Vec<OfferId>,
    /// A follow-up (e.g. an intake check) is needed.
    pub follow_up: bool,
    /// When it was recorded, in milliseconds since the Unix epoch (supplied by the caller).
    pub recorded_at: i64,
    /// Set when the visit was recorded by mistake; voided visits are not counted.
    #[serde(default)]
    pub voided: bool,
}

/// What an intake check opened from a visit's follow-up can take over from the visit. Only
/// catalogue choices, nothing about the family; the case manager confirms every answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IntakePrefill {
    /// The visit's district when it is also an area of the rule set (the districts "links"
    /// and "rechts" der Ems are); a named city district is not mapped to a side of the Ems,
    /// because the rule set does not say which side it lies on.
    pub area: Option<AreaId>,
    /// The rule set's way in for visit follow-ups.
    pub way_in: Option<WayInId>,
}

/// The answers an intake check can take over from `visit`.
pub fn intake_prefill(visit: &WelcomeVisit, rules: &RuleSet) -> IntakePrefill {
    let area = AreaId::new(visit.district.as_str());
    IntakePrefill {
        area: rules.area(&area).is_some().then_some(area),
        way_in: rules.visit_way_in.clone(),
    }
}

/// Most children one family plausibly has; a higher total (or a higher count in one band) is a
/// typing mistake.
pub const MAX_CHILDREN: u32 = 20;

/// Why a welcome visit is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VisitError {
    /// The date lies after today.
    #[error("date {date} is in the future")]
    FutureDate { date: NaiveDate },
    /// Welcome visits are for families with children.
    #[error("no children")]
    NoChildren,
    /// More children than plausible: the total reached when the running sum first exceeded
    /// [`MAX_CHILDREN`] (saturated at `u32::MAX`).
    #[error("{total} children")]
    TooManyChildren { total: u32 },
    /// The date lies outside the years [`calendar::FIRST_YEAR`] to [`calendar::LAST_YEAR`].
    #[error("date {date} lies outside the years the app works with")]
    DateOutOfRange { date: NaiveDate },
    /// `recorded_at` lies before the Unix epoch or after [`calendar::MAX_TIMESTAMP_MS`].
    #[error("recording time {recorded_at} is implausible")]
    RecordedAtOutOfRange { recorded_at: i64 },
    /// The district is not in the rule set.
    #[error("unknown district {0}")]
    UnknownDistrict(DistrictId),
    /// An offer is not in the rule set.
    #[error("unknown offer {0}")]
    UnknownOffer(OfferId),
    /// An age band is not in the rule set or given twice.
    #[error("unknown or repeated age band {0}")]
    BadAgeBand(AgeBandId),
}

/// Checks a visit against the rule set, today and the bounds of the module documentation.
pub fn validate(visit: &WelcomeVisit, rules: &RuleSet, today: NaiveDate) -> Result<(), VisitError> {
    // "In the future" first: it is what a person who typed the date needs to hear.
    if visit.date > today {
        return Err(VisitError::FutureDate { date: visit.date });
    }
    if !calendar::is_plausible_date(visit.date) {
        return Err(VisitError::DateOutOfRange { date: visit.date });
    }
    if !calendar::is_plausible_timestamp(visit.recorded_at) {
        return Err(VisitError::RecordedAtOutOfRange {
            recorded_at: visit.recorded_at,
        });
    }
    if label_of(&rules.districts, &visit.district).is_none() {
        return Err(VisitError::UnknownDistrict(visit.district.clone()));
    }
    for offer in visit.informed.iter().chain(&visit.invited) {
        if label_of(&rules.offers, offer).is_none() {
            return Err(VisitError::UnknownOffer(offer.clone()));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for (band, _) in &visit.children {
        if label_of(&rules.age_bands, band).is_none() || !seen.insert(band) {
            return Err(VisitError::BadAgeBand(band.clone()));
        }
    }
    let total = total_children(visit)?;
    if total == 0 {
        return Err(VisitError::NoChildren);
    }
    Ok(())
}

/// The children of a visit over all bands, at most [`MAX_CHILDREN`]; summed with checked
/// arithmetic and refused as soon as the running total passes the bound.
pub fn total_children(visit: &WelcomeVisit) -> Result<u32, VisitError> {
    let mut total: u32 = 0;
    for &(_, count) in &visit.children {
        total = total
            .checked_add(count)
            .filter(|&sum| sum <= MAX_CHILDREN)
            .ok_or(VisitError::TooManyChildren {
                total: total.saturating_add(count),
            })?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation() {
        let rules = RuleSet::default_rheine();
        let today = NaiveDate::from_ymd_opt(2023, 5, 1).unwrap();
        let visit = WelcomeVisit {
            id: RecordId::from_random(1),
            date: today,
            district: DistrictId::new("schotthock"),
            arrival: Arrival::FamilyReunification,
            children: vec![(AgeBandId::new("3-5"), 2)],
            informed: vec![OfferId::new("daycare")],
            invited: vec![OfferId::new("language-course")],
            follow_up: true,
            recorded_at: 0,
            voided: false,
        };
        assert_eq!(validate(&visit, &rules, today), Ok(()));
        let future = WelcomeVisit {
            date: today.succ_opt().unwrap(),
            ..visit.clone()
        };
        assert!(matches!(
            validate(&future, &rules, today),
            Err(VisitError::FutureDate { .. })
        ));
        let none = WelcomeVisit {
            children: vec![],
            ..visit.clone()
        };
        assert_eq!(validate(&none, &rules, today), Err(VisitError::NoChildren));
        let many = WelcomeVisit {
            children: vec![(AgeBandId::new("0-2"), 21)],
            ..visit.clone()
        };
        assert!(matches!(
            validate(&many, &rules, today),
            Err(VisitError::TooManyChildren { .. })
        ));
        let unknown = WelcomeVisit {
            district: DistrictId::new("mars"),
            ..visit.clone()
        };
        assert!(matches!(
            validate(&unknown, &rules, today),
            Err(VisitError::UnknownDistrict(_))
        ));
    }

    #[test]
    fn children_are_summed_without_wrapping() {
        let rules = RuleSet::default_rheine();
        let today = NaiveDate::from_ymd_opt(2023, 5, 1).unwrap();
        let visit = |children: &[(&str, u32)]| WelcomeVisit {
            id: RecordId::from_random(1),
            date: today,
            district: DistrictId::new("schotthock"),
            arrival: Arrival::NewArrival,
            children: children
                .iter()
                .map(|&(band, n)| (AgeBandId::new(band), n))
                .collect(),
            informed: vec![],
            invited: vec![],
            follow_up: false,
            recorded_at: 0,
            voided: false,
        };
        // 4,294,967,295 + 2 wraps to 1 in u32: a plausible-looking family.
        assert_eq!(
            validate(&visit(&[("3-5", u32::MAX), ("6-9", 2)]), &rules, today),
            Err(VisitError::TooManyChildren { total: u32::MAX })
        );
        assert_eq!(
            validate(&visit(&[("3-5", 2), ("6-9", u32::MAX)]), &rules, today),
            Err(VisitError::TooManyChildren { total: u32::MAX })
        );
        assert_eq!(
            validate(&visit(&[("0-2", 10), ("3-5", 11)]), &rules, today),
            Err(VisitError::TooManyChildren { total: 21 })
        );
        assert_eq!(
            validate(&visit(&[("0-2", 10), ("3-5", 10)]), &rules, today),
            Ok(())
        );
        assert_eq!(
            total_children(&visit(&[("0-2", 10), ("3-5", 10)])),
            Ok(MAX_CHILDREN)
        );
    }

    #[test]
    fn dates_and_times_outside_the_calendar_span_are_refused() {
        let rules = RuleSet::default_rheine();
        let visit = WelcomeVisit {
            id: RecordId::from_random(1),
            date: NaiveDate::from_ymd_opt(2023, 5, 1).unwrap(),
            district: DistrictId::new("schotthock"),
            arrival: Arrival::NewArrival,
            children: vec![(AgeBandId::new("0-2"), 1)],
            informed: vec![],
            invited: vec![],
            follow_up: false,
            recorded_at: 0,
            voided: false,
        };
        for date in [
            NaiveDate::MIN,
            NaiveDate::from_ymd_opt(calendar::FIRST_YEAR - 1, 12, 31).unwrap(),
        ] {
            let early = WelcomeVisit {
                date,
                ..visit.clone()
            };
            assert_eq!(
                validate(&early, &rules, NaiveDate::MAX),
                Err(VisitError::DateOutOfRange { date })
            );
        }
        let late = WelcomeVisit {
            date: NaiveDate::MAX,
            ..visit.clone()
        };
        assert_eq!(
            validate(&late, &rules, NaiveDate::MAX),
            Err(VisitError::DateOutOfRange {
                date: NaiveDate::MAX
            })
        );
        for recorded_at in [-1, calendar::MAX_TIMESTAMP_MS + 1, i64::MIN, i64::MAX] {
            let odd = WelcomeVisit {
                recorded_at,
                ..visit.clone()
            };
            assert_eq!(
                validate(&odd, &rules, NaiveDate::MAX),
                Err(VisitError::RecordedAtOutOfRange { recorded_at })
            );
        }
    }

    #[test]
    fn follow_up_prefills_area_and_way_in() {
        let rules = RuleSet::default_rheine();
        let visit = WelcomeVisit {
            id: RecordId::from_random(1),
            date: NaiveDate::from_ymd_opt(2023, 5, 1).unwrap(),
            district: DistrictId::new("links"),
            arrival: Arrival::NewArrival,
            children: vec![(AgeBandId::new("0-2"), 1)],
            informed: vec![],
            invited: vec![],
            follow_up: true,
            recorded_at: 0,
            voided: false,
        };
        assert_eq!(
            intake_prefill(&visit, &rules),
            IntakePrefill {
                area: Some(AreaId::new("links")),
                way_in: Some(WayInId::new("migration-counselling")),
            }
        );
        let district = WelcomeVisit {
            district: DistrictId::new("schotthock"),
            ..visit
        };
        let without_way_in = RuleSet {
            visit_way_in: None,
            ..rules.clone()
        };
        assert_eq!(
            intake_prefill(&district, &without_way_in),
            IntakePrefill::default()
        );
    }
}
