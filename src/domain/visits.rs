//! Welcome visits (*Willkommensbesuche*) of the city's outreach team to newly arrived families
//! with children. Recorded anonymised: no names, no address, only the facts the report needs.

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

/// Most children one family plausibly has; a higher total is a typing mistake.
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
    /// More children than plausible.
    #[error("{total} children")]
    TooManyChildren { total: u32 },
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

/// Checks a visit against the rule set and today.
pub fn validate(visit: &WelcomeVisit, rules: &RuleSet, today: NaiveDate) -> Result<(), VisitError> {
    if visit.date > today {
        return Err(VisitError::FutureDate { date: visit.date });
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
    let total: u32 = visit.children.iter().map(|(_, n)| *n).sum();
    if total == 0 {
        return Err(VisitError::NoChildren);
    }
    if total > MAX_CHILDREN {
        return Err(VisitError::TooManyChildren { total });
    }
    Ok(())
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
