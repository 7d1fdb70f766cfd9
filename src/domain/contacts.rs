//! Short contacts (*sonstige Beratungskontakte*): people who talked to case management but were
//! not admitted (not complex, not responsible, counselled elsewhere). Only a tally is kept:
//! provider, month and where the person was referred to.
//!
//! Design decision: every click is one [`ShortContact`] record with a random id, not a mutable
//! counter, so two laptops' tallies merge by set union and a wrong count is corrected by voiding
//! one record (it stays in the data, with `voided = true`, so a merge cannot resurrect it).

// TODO(helper): implement; the types below are the agreed interface.

use crate::domain::ids::*;
use crate::domain::YearMonth;
use serde::{Deserialize, Serialize};

/// One short contact without admission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShortContact {
    pub id: RecordId,
    pub provider: ProviderId,
    pub month: YearMonth,
    pub outcome: OutcomeId,
    /// When it was recorded, in milliseconds since the Unix epoch (supplied by the caller).
    pub recorded_at: i64,
    /// Set when the count was a mistake; voided contacts are not counted.
    #[serde(default)]
    pub voided: bool,
}
