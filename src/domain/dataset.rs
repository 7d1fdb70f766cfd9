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
