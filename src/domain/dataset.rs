//! Everything a laptop holds, as one plain value: what storage persists and what an export
//! file carries.

use crate::domain::case::Case;
use crate::domain::contacts::ShortContact;
use crate::domain::rules::RuleSet;
use crate::domain::visits::WelcomeVisit;
use crate::domain::yearly::YearlyFigures;
use serde::{Deserialize, Serialize};

/// All records of one laptop (or of a merge of several).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub rules: RuleSet,
    #[serde(default)]
    pub cases: Vec<Case>,
    #[serde(default)]
    pub contacts: Vec<ShortContact>,
    #[serde(default)]
    pub visits: Vec<WelcomeVisit>,
    #[serde(default)]
    pub yearly: Vec<YearlyFigures>,
}

/// What the lists show of a dataset: cases not deleted, short contacts and welcome visits not
/// voided. Every count shown to a person (the import preview, the overview) comes from here,
/// so a file's "9 Fälle" are the 9 cases the case list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub cases: usize,
    /// Cases deleted as mistaken entries (kept in the data so a merge cannot revive them).
    pub deleted_cases: usize,
    pub contacts: usize,
    pub visits: usize,
    /// Years with yearly figures.
    pub yearly: usize,
}

impl Dataset {
    /// The counts the lists show (see [`Tally`]).
    pub fn tally(&self) -> Tally {
        let deleted_cases = self.cases.iter().filter(|c| c.is_deleted()).count();
        Tally {
            cases: self.cases.len() - deleted_cases,
            deleted_cases,
            contacts: self.contacts.iter().filter(|c| !c.voided).count(),
            visits: self.visits.iter().filter(|v| !v.voided).count(),
            yearly: self.yearly.len(),
        }
    }
}
