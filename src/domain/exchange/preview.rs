//! What an import would do, computed completely before anything is stored.

use super::merge::{canonical, merge_with, Merge, MergeError, MergeSummary, RulesChoice};
use super::validate::{unknown_references, validate_records, RecordError};
use crate::domain::case::Case;
use crate::domain::ids::*;
use crate::domain::sorting;
use crate::domain::Dataset;
use std::collections::{BTreeMap, HashSet};
use std::hash::Hash;

/// How an imported file is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMode {
    /// Unite the file with the data here ([`merge`]); nothing here is lost.
    Merge,
    /// Replace everything here (rules included) with the file's data. A file whose rule set
    /// is the same as ours, written by a release that lacked some of its fields
    /// ([`RuleSet::united_with`](crate::domain::rules::RuleSet::united_with)), keeps those
    /// fields from ours.
    Replace,
}

/// What replacing would remove and bring.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplaceSummary {
    /// Cases here whose code the file does not have: lost by replacing.
    pub removed_cases: usize,
    /// Events of cases the file also has, that the file's version of the case lacks: lost
    /// history.
    pub removed_events: usize,
    /// Short contacts here whose id the file does not have.
    pub removed_contacts: usize,
    /// Welcome visits here whose id the file does not have.
    pub removed_visits: usize,
    /// Years of figures here that the file does not have.
    pub removed_yearly: usize,
    /// What the file brings.
    pub file_cases: usize,
    pub file_contacts: usize,
    pub file_visits: usize,
    pub file_yearly: usize,
    /// The file's rule set differs from the one here.
    pub rules_changed: bool,
}

/// What an import would add or change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportSummary {
    Merge(MergeSummary),
    Replace(ReplaceSummary),
}

/// The complete result of an import, computed before anything is stored.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPreview {
    pub mode: ImportMode,
    /// The data after the import, canonical; store it when the user confirms.
    pub data: Dataset,
    pub summary: ImportSummary,
    unchanged: bool,
}

impl ImportPreview {
    /// Whether applying the import would leave the data as it is (e.g. the same file imported
    /// a second time); the UI can then say so instead of asking to confirm.
    pub fn changes_nothing(&self) -> bool {
        self.unchanged
    }
}

/// What importing `incoming` (from [`parse_import`](super::parse_import)) into `ours` in `mode` would give. Pure:
/// `ours` is untouched; on an error nothing is to be stored.
pub fn preview(
    ours: &Dataset,
    incoming: &Dataset,
    mode: ImportMode,
) -> Result<ImportPreview, MergeError> {
    preview_with(ours, incoming, mode, RulesChoice::Decide)
}

/// [`preview`] with the rule set of a merge chosen by the user after a
/// [`MergeError::RulesConflict`].
pub fn preview_with(
    ours: &Dataset,
    incoming: &Dataset,
    mode: ImportMode,
    rules: RulesChoice,
) -> Result<ImportPreview, MergeError> {
    let (data, summary) = match mode {
        ImportMode::Merge => {
            // The one step of a collection (`collection::preview_collection`), which checks
            // the records too.
            let merged = merge_step(ours, incoming, rules)?;
            (merged.data, ImportSummary::Merge(merged.summary))
        }
        ImportMode::Replace => {
            let mut data = canonical(incoming);
            if let Some(same) = ours.rules.united_with(&incoming.rules) {
                data.rules = same;
            }
            let summary = replace_summary(ours, &data);
            (data, ImportSummary::Replace(summary))
        }
    };
    check_records(ours, &data).map_err(MergeError::Inconsistent)?;
    let unchanged = data == canonical(ours);
    Ok(ImportPreview {
        mode,
        data,
        summary,
        unchanged,
    })
}

/// One file merged into `acc`: the merged data (checked with [`check_records`]) and what the
/// file adds. The one step of a one-file merge preview and of
/// [`preview_collection`](super::preview_collection).
pub(super) fn merge_step(
    acc: &Dataset,
    file: &Dataset,
    rules: RulesChoice,
) -> Result<Merge, MergeError> {
    let merged = merge_with(acc, file, rules)?;
    check_records(acc, &merged.data).map_err(MergeError::Inconsistent)?;
    Ok(merged)
}

/// Refuses `after` when any record names a catalogue entry its rule set lacks
/// ([`unknown_references`], naming the record), however the data got there: the rule set is
/// the only source of catalogue ids, so a file that leaves a record without its entry (a
/// provider that cases still name, say) is refused even when the data here already had such
/// a record; the way out is a rule set that has the entries again. Other inconsistencies of
/// the records (the structure of a history) refuse `after` only when `before` had none, so
/// data written by an older version does not block every change. Used by [`preview`] and
/// before a new rule set is accepted.
pub fn check_records(before: &Dataset, after: &Dataset) -> Result<(), RecordError> {
    if let Some(error) = unknown_references(after) {
        return Err(error);
    }
    match validate_records(after) {
        Err(error) if validate_records(before).is_ok() => Err(error),
        _ => Ok(()),
    }
}

/// How many of `ours` have a key that `theirs` lacks.
fn count_missing<'a, T: 'a, K: Eq + Hash>(
    ours: &'a [T],
    theirs: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> usize {
    let kept: HashSet<K> = theirs.iter().map(&key).collect();
    ours.iter()
        .filter(|item| !kept.contains(&key(item)))
        .count()
}

fn replace_summary(ours: &Dataset, file: &Dataset) -> ReplaceSummary {
    let file_cases: BTreeMap<&CaseCode, &Case> =
        sorting::map_of(file.cases.iter().map(|c| (&c.code, c)));
    let removed_events = ours
        .cases
        .iter()
        .filter_map(|case| Some((case, *file_cases.get(&case.code)?)))
        .map(|(case, theirs)| count_missing(&case.events, &theirs.events, |e| &e.id))
        .sum();
    // What is lost and brought is counted as the lists count it: deleted cases and voided
    // contacts and visits are not shown anywhere, so they are not counted here either.
    let shown_cases: Vec<&Case> = ours.cases.iter().filter(|c| !c.is_deleted()).collect();
    let shown_contacts: Vec<_> = ours.contacts.iter().filter(|c| !c.voided).collect();
    let shown_visits: Vec<_> = ours.visits.iter().filter(|v| !v.voided).collect();
    let brought = file.tally();
    ReplaceSummary {
        removed_cases: count_missing(&shown_cases, &file.cases.iter().collect::<Vec<_>>(), |c| {
            &c.code
        }),
        removed_events,
        removed_contacts: count_missing(
            &shown_contacts,
            &file.contacts.iter().collect::<Vec<_>>(),
            |c| &c.id,
        ),
        removed_visits: count_missing(
            &shown_visits,
            &file.visits.iter().collect::<Vec<_>>(),
            |v| &v.id,
        ),
        removed_yearly: count_missing(&ours.yearly, &file.yearly, |y| y.year),
        file_cases: brought.cases,
        file_contacts: brought.contacts,
        file_visits: brought.visits,
        file_yearly: brought.yearly,
        rules_changed: file.rules != ours.rules,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contacts::ContactError;
    use crate::domain::exchange::test_data::{case, dataset};

    #[test]
    fn replace_summary_counts_what_is_lost_and_brought() {
        let ours = dataset(
            vec![case(1, &[5, 6]), case(2, &[])],
            vec![(1, false), (2, false)],
        );
        let mut file = dataset(vec![case(1, &[5]), case(3, &[])], vec![(2, false)]);
        file.rules.revision += 1;
        let preview = preview(&ours, &file, ImportMode::Replace).unwrap();
        assert_eq!(
            preview.summary,
            ImportSummary::Replace(ReplaceSummary {
                removed_cases: 1,
                removed_events: 1,
                removed_contacts: 1,
                removed_visits: 0,
                removed_yearly: 0,
                file_cases: 2,
                file_contacts: 1,
                file_visits: 0,
                file_yearly: 0,
                rules_changed: true,
            })
        );
        assert!(!preview.changes_nothing());
        assert_eq!(preview.data, canonical(&file));
        let again = super::preview(&preview.data, &file, ImportMode::Replace).unwrap();
        assert!(again.changes_nothing());
    }

    #[test]
    fn an_import_that_would_orphan_records_is_refused() {
        let ours = dataset(vec![], vec![(1, false)]);
        let mut theirs = dataset(vec![], vec![]);
        theirs.rules.revision += 1;
        theirs
            .rules
            .contact_outcomes
            .retain(|o| o.id.as_str() != "mbe");
        assert_eq!(
            preview(&ours, &theirs, ImportMode::Merge),
            Err(MergeError::Inconsistent(RecordError::Contact {
                id: RecordId::from_random(1),
                error: ContactError::UnknownOutcome {
                    outcome: OutcomeId::new("mbe")
                },
            }))
        );
    }

    #[test]
    fn records_already_without_their_entry_still_refuse_a_rule_set_that_leaves_them_so() {
        // The data here already names an outcome its rule set lacks (an old device, a
        // hand-edited file): a new rule set that still lacks it is refused, naming the record;
        // one that has the entry again is accepted.
        let mut ours = dataset(vec![], vec![(1, false)]);
        ours.rules
            .contact_outcomes
            .retain(|o| o.id.as_str() != "mbe");
        let mut still_without = ours.clone();
        still_without.rules.revision += 1;
        still_without.contacts.clear();
        let refused = check_records(
            &ours,
            &Dataset {
                rules: still_without.rules.clone(),
                ..ours.clone()
            },
        );
        assert_eq!(
            refused,
            Err(RecordError::Contact {
                id: RecordId::from_random(1),
                error: ContactError::UnknownOutcome {
                    outcome: OutcomeId::new("mbe")
                },
            })
        );
        let mut repaired = dataset(vec![], vec![]).rules;
        repaired.revision = still_without.rules.revision;
        assert_eq!(
            check_records(
                &ours,
                &Dataset {
                    rules: repaired,
                    ..ours.clone()
                }
            ),
            Ok(())
        );
    }
}
