//! Cases for tests: an admission whose catalogue entries the tests do not look at.

use crate::domain::case::{Admission, Case};
use crate::domain::ids::{CaseCode, RecordId};
use chrono::NaiveDate;

/// Case `n` (its code and its admission's record id both from `n`), admitted `on` in `area`
/// with `provider`, on its own initiative, without problems or parties.
pub(crate) fn admitted(n: u64, on: NaiveDate, area: &str, provider: &str) -> Case {
    Case::admit(
        CaseCode::from_random(n),
        RecordId::from_random(n),
        on,
        1,
        Admission {
            area: area.into(),
            provider: provider.into(),
            problems: vec![],
            parties: vec![],
            way_in: "self".into(),
            against_suggestion: None,
            intake: None,
        },
        on,
    )
    .expect("an admission of the built-in catalogues on its own date is valid")
}
