//! Many export files at once: the coordinating office's collection of every device's data.
//!
//! [`preview_collection`] takes the data here and the datasets of many files (already read
//! and checked by [`parse_import`](super::parse_import)) and computes, before anything is
//! stored, the union of everything it can accept and what each file adds. It is the merge
//! path of [`preview`](super::preview()) applied file by file: a one-file import is the
//! collection of one file (`preview::merge_step` is the one step both use).
//!
//! Decisions (docs/decisions/0031-many-files-one-change.md):
//! - **Files in the order given, each against what the earlier ones left.** A file's counts
//!   say what *it* adds ("new", "changed", "unchanged"), so a file already covered by an
//!   earlier one (the same file twice, an older export of the same device) shows as
//!   unchanged and the totals are not counted twice. The result does not depend on the order
//!   (merging is a set union); which file is refused when two files contradict each other
//!   does: the later one.
//! - **A file that cannot be merged is refused alone** (a case code naming two cases, an
//!   event that differs, a result its rule set cannot explain), with its reason; the others
//!   go on. A refused file contributes nothing.
//! - **The rule-set question is asked once**, for the collection: with
//!   [`RulesChoice::Decide`] a conflict between the rule set so far and a file's stops the
//!   whole preview with [`MergeError::RulesConflict`]; the user's answer
//!   ([`RulesChoice::Ours`] or [`RulesChoice::Theirs`]) then applies to every file.
//! - **Checked once, on the result**: the files are merged without copying the growing result
//!   and the records are checked once at the end ([`check_records`]); only when that fails is
//!   each file checked in turn, so the file to blame is refused alone. (Checking after every
//!   file cost 16 checks of up to 20,000 cases; see docs/performance.md.)
//! - **Totals are counted against the data here**, not summed per file: a case new in one
//!   file and extended by another is one new case.

use super::merge::{canonical, merge_owned, MergeError, MergeSummary, RulesChoice};
use super::preview::{check_records, merge_step};
use crate::domain::Dataset;

/// What one file of a collection does.
#[derive(Clone, Debug, PartialEq)]
pub enum FileOutcome {
    /// Accepted: what it adds to the data here and to the files before it, and how many of
    /// its records are already there unchanged.
    Accepted {
        summary: MergeSummary,
        unchanged: Unchanged,
    },
    /// Refused: it changes nothing.
    Refused(MergeError),
}

/// Records of a file that are already there as they are (cases without a new event, short
/// contacts and welcome visits already known), counted as the lists count them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unchanged {
    pub cases: usize,
    pub contacts: usize,
    pub visits: usize,
}

impl Unchanged {
    /// Every record of the file is already there.
    pub fn all(&self, file: &Dataset) -> bool {
        let tally = file.tally();
        self.cases == tally.cases && self.contacts == tally.contacts && self.visits == tally.visits
    }
}

/// The complete result of importing many files, computed before anything is stored.
#[derive(Clone, Debug, PartialEq)]
pub struct CollectionPreview {
    /// The data after the import, canonical; store it, in one change, when the user confirms.
    pub data: Dataset,
    /// One outcome per file, in the order given.
    pub files: Vec<FileOutcome>,
    /// What all accepted files together add to the data here.
    pub total: MergeSummary,
    unchanged: bool,
}

impl CollectionPreview {
    /// Applying would leave the data as it is (the same files imported again).
    pub fn changes_nothing(&self) -> bool {
        self.unchanged
    }

    /// How many files are accepted.
    pub fn accepted(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f, FileOutcome::Accepted { .. }))
            .count()
    }
}

/// What importing every file of `files` into `ours` would give; see the module documentation.
/// Pure: nothing is stored. The only error is a rule-set conflict with
/// [`RulesChoice::Decide`], which the user answers once for all files.
pub fn preview_collection(
    ours: &Dataset,
    files: &[&Dataset],
    rules: RulesChoice,
) -> Result<CollectionPreview, MergeError> {
    let base = canonical(ours);
    // Fast: merge every file without copying the growing result, and check the records once,
    // on the result. Only when that check fails is each file checked in turn (below), so the
    // file to blame is refused and the others go on.
    let mut acc = base.clone();
    let mut outcomes = Vec::with_capacity(files.len());
    for file in files {
        match merge_owned(acc, file, rules) {
            Ok(merged) => {
                acc = merged.data;
                outcomes.push(accepted(merged.summary, file));
            }
            Err(failed) => {
                let (back, error) = *failed;
                if matches!(error, MergeError::RulesConflict { .. }) {
                    return Err(error);
                }
                acc = back;
                outcomes.push(FileOutcome::Refused(error));
            }
        }
    }
    if check_records(&base, &acc).is_err() {
        (acc, outcomes) = file_by_file(&base, files, rules)?;
    }
    let unchanged = acc == base;
    let total = match outcomes.as_slice() {
        [FileOutcome::Accepted { summary, .. }] => summary.clone(),
        [FileOutcome::Refused(_)] => MergeSummary::default(),
        // `acc` holds everything here, so this merge adds nothing and counts what `acc`
        // holds beyond the data here; its rule set is `acc`'s.
        _ => merge_owned(base, &acc, RulesChoice::Theirs)
            .map(|m| m.summary)
            .unwrap_or_default(),
    };
    Ok(CollectionPreview {
        data: acc,
        files: outcomes,
        total,
        unchanged,
    })
}

fn accepted(summary: MergeSummary, file: &Dataset) -> FileOutcome {
    let unchanged = unchanged_records(&summary, file);
    FileOutcome::Accepted { summary, unchanged }
}

/// Each file merged and checked in turn ([`merge_step`]): a file whose result its rule set
/// cannot explain is refused alone.
fn file_by_file(
    base: &Dataset,
    files: &[&Dataset],
    rules: RulesChoice,
) -> Result<(Dataset, Vec<FileOutcome>), MergeError> {
    let mut acc = base.clone();
    let mut outcomes = Vec::with_capacity(files.len());
    for file in files {
        match merge_step(&acc, file, rules) {
            Ok(merged) => {
                acc = merged.data;
                outcomes.push(accepted(merged.summary, file));
            }
            Err(error @ MergeError::RulesConflict { .. }) => return Err(error),
            Err(error) => outcomes.push(FileOutcome::Refused(error)),
        }
    }
    Ok((acc, outcomes))
}

/// The records of `file` that the merge found already there (its counts minus what it
/// added or changed), as the lists count them.
fn unchanged_records(summary: &MergeSummary, file: &Dataset) -> Unchanged {
    let tally = file.tally();
    Unchanged {
        cases: tally
            .cases
            .saturating_sub(summary.new_cases)
            .saturating_sub(summary.changed_cases),
        contacts: tally.contacts.saturating_sub(summary.new_contacts),
        visits: tally.visits.saturating_sub(summary.new_visits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::exchange::test_data::{arbitrary_dataset, case as test_case, dataset};
    use crate::domain::exchange::{merge, merge_with, preview, ImportMode, ImportSummary};
    use crate::domain::ids::CaseCode;
    use proptest::prelude::*;

    fn empty() -> Dataset {
        dataset(vec![], vec![])
    }

    /// Case `code` with valid later events (reactivations) of the given ids.
    fn case(code: u64, extra: &[u64]) -> crate::domain::case::Case {
        let mut case = test_case(code, &[]);
        let date = case.events[0].date;
        for id in extra {
            case.events.push(crate::domain::case::CaseEvent {
                id: crate::domain::ids::RecordId::from_random(*id),
                date: date + chrono::Duration::days(*id as i64),
                recorded_at: *id as i64,
                kind: crate::domain::case::EventKind::Reactivated,
            });
        }
        case
    }

    #[test]
    fn many_files_become_one_result_with_an_outcome_each() {
        let a = dataset(vec![case(1, &[5]), case(2, &[])], vec![(1, false)]);
        let b = dataset(vec![case(1, &[7]), case(3, &[])], vec![(2, false)]);
        let result = preview_collection(&empty(), &[&a, &b, &a], RulesChoice::Decide).unwrap();
        assert_eq!(result.accepted(), 3);
        assert_eq!(result.total.new_cases, 3);
        assert_eq!(result.total.new_contacts, 2);
        // The second file extends case 1 and brings case 3; the third (a again) adds nothing.
        let FileOutcome::Accepted { summary, unchanged } = &result.files[1] else {
            panic!("accepted")
        };
        assert_eq!((summary.new_cases, summary.changed_cases), (1, 1));
        assert_eq!(unchanged.cases, 0);
        let FileOutcome::Accepted { summary, unchanged } = &result.files[2] else {
            panic!("accepted")
        };
        assert_eq!(summary, &MergeSummary::default());
        assert!(unchanged.all(&a));
        // The same as merging one by one.
        let one_by_one = merge(&merge(&a, &b).unwrap().data, &a).unwrap().data;
        assert_eq!(result.data, one_by_one);
        // The same files again change nothing.
        let again = preview_collection(&result.data, &[&a, &b], RulesChoice::Decide).unwrap();
        assert!(again.changes_nothing());
    }

    #[test]
    fn a_file_that_cannot_be_merged_is_refused_alone() {
        let a = dataset(vec![case(1, &[])], vec![]);
        // The same code with a different admission: another person.
        let mut other = case(1, &[]);
        other.events[0].id = crate::domain::ids::RecordId::from_random(999_999);
        let b = dataset(vec![other, case(2, &[])], vec![]);
        let c = dataset(vec![case(3, &[])], vec![]);
        let result = preview_collection(&empty(), &[&a, &b, &c], RulesChoice::Decide).unwrap();
        assert_eq!(
            result.files[1],
            FileOutcome::Refused(MergeError::CodeCollision(CaseCode::from_random(1)))
        );
        assert_eq!(result.accepted(), 2);
        assert_eq!(result.total.new_cases, 2);
        assert!(!result.data.has_case_code(&CaseCode::from_random(2)));
    }

    #[test]
    fn a_file_whose_rule_set_would_orphan_records_is_refused_and_the_others_go_on() {
        // The second file's newer rule set lacks the outcome the first file's contacts use:
        // the result checked once fails, so each file is checked in turn and only the second
        // is refused.
        let a = dataset(vec![case(1, &[])], vec![(1, false)]);
        let mut b = dataset(vec![case(2, &[])], vec![]);
        b.rules.revision += 1;
        b.rules.contact_outcomes.retain(|o| o.id.as_str() != "mbe");
        let c = dataset(vec![case(3, &[])], vec![(3, false)]);
        let result = preview_collection(&empty(), &[&a, &b, &c], RulesChoice::Decide).unwrap();
        assert!(matches!(
            result.files[1],
            FileOutcome::Refused(MergeError::Inconsistent(_))
        ));
        assert_eq!(result.accepted(), 2);
        assert_eq!(result.data.rules, a.rules);
        assert_eq!(result.total.new_contacts, 2);
    }

    #[test]
    fn a_rule_set_conflict_is_asked_once_and_the_answer_holds_for_every_file() {
        let ours = dataset(vec![case(1, &[])], vec![]);
        let mut a = dataset(vec![case(2, &[])], vec![]);
        a.rules.municipality = "Anderswo".into();
        let mut b = dataset(vec![case(3, &[])], vec![]);
        b.rules.municipality = "Anderswo".into();
        assert!(matches!(
            preview_collection(&ours, &[&a, &b], RulesChoice::Decide),
            Err(MergeError::RulesConflict { .. })
        ));
        let kept = preview_collection(&ours, &[&a, &b], RulesChoice::Ours).unwrap();
        assert_eq!(kept.accepted(), 2);
        assert_eq!(kept.data.rules, ours.rules);
        let taken = preview_collection(&ours, &[&a, &b], RulesChoice::Theirs).unwrap();
        assert_eq!(taken.data.rules.municipality, "Anderswo");
        assert!(taken.total.rules_changed);
    }

    #[test]
    fn one_file_is_the_merge_preview_of_that_file() {
        let ours = dataset(vec![case(1, &[5])], vec![(1, false)]);
        let file = dataset(vec![case(1, &[7]), case(2, &[])], vec![(2, false)]);
        let one = preview_collection(&ours, &[&file], RulesChoice::Decide).unwrap();
        let single = preview(&ours, &file, ImportMode::Merge).unwrap();
        assert_eq!(one.data, single.data);
        assert_eq!(ImportSummary::Merge(one.total), single.summary);
    }

    proptest! {
        #[test]
        fn the_collection_equals_merging_the_accepted_files_one_by_one(
            ours in arbitrary_dataset(),
            files in proptest::collection::vec(arbitrary_dataset(), 1..4),
        ) {
            let refs: Vec<&Dataset> = files.iter().collect();
            let Ok(result) = preview_collection(&ours, &refs, RulesChoice::Ours) else {
                return Ok(());
            };
            let mut acc = crate::domain::exchange::canonical(&ours);
            for (file, outcome) in files.iter().zip(&result.files) {
                if matches!(outcome, FileOutcome::Accepted { .. }) {
                    acc = merge_with(&acc, file, RulesChoice::Ours).unwrap().data;
                }
            }
            prop_assert_eq!(&result.data, &acc);
            // And again: nothing changes.
            let again = preview_collection(&result.data, &refs, RulesChoice::Ours).unwrap();
            prop_assert!(again.changes_nothing());
        }
    }
}
