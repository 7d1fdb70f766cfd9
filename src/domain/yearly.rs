//! *Baustein 3*: yearly totals from the foreigners' and naturalisation authorities, entered by
//! hand (they arrive as totals, not as cases).

use serde::{Deserialize, Serialize};

/// The figures of one calendar year; a missing figure is `None`, not zero.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YearlyFigures {
    pub year: i32,
    /// Residence permits for good integration (§ 25a and § 25b AufenthG).
    pub residence_permits: Option<u32>,
    /// Naturalisations (*Einbürgerungen*).
    pub naturalisations: Option<u32>,
    /// Posts at the foreigners' authority (*Ausländerbehörde*, ABH).
    pub posts_abh: Option<f64>,
    /// Posts at the naturalisation authority (*Einbürgerungsbehörde*, EBH).
    pub posts_ebh: Option<f64>,
}
