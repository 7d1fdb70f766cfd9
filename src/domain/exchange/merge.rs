//! The merge of two laptops' data: a set union, canonical, idempotent and order-independent
//! (see the module documentation of [`super`]).

use super::validate::RecordError;
use crate::domain::case::{Case, CaseEvent, EventKind};
use crate::domain::ids::*;
use crate::domain::rules::RuleSet;
use crate::domain::sorting;
use crate::domain::yearly::YearlyFigures;
use crate::domain::Dataset;
use serde::Serialize;
use std::collections::BTreeMap;

/// Why two datasets cannot be merged (or an import cannot be applied).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum MergeError {
    /// The same code names two different cases.
    #[error("case code {0} names two different cases")]
    CodeCollision(CaseCode),
    /// The same event id carries different content.
    #[error("event {0} differs between the two sides")]
    ConflictingEvent(RecordId),
    /// The result would hold a record its rule set cannot explain although the data before
    /// could (e.g. the winning rule set lacks a catalogue entry the other side's records use);
    /// only [`preview`](super::preview()) checks this.
    #[error("the result would be inconsistent: {0}")]
    Inconsistent(RecordError),
    /// Both sides hold records and different rule sets of the same `revision`: no rule
    /// decides which is right, so the user chooses ([`RulesChoice`]).
    #[error("different rule sets of revision {revision}")]
    RulesConflict { revision: u32 },
}

/// Which rule set a merge keeps.
///
/// First, two copies of the same rule set are no choice at all: equal, or different only in
/// fields one of them lacks because a release before those fields wrote it
/// ([`RuleSet::united_with`]), the merge keeps that rule set with every field either side
/// knows (an export of an earlier release brings no question, and loses nothing here).
/// Otherwise [`RulesChoice::Decide`] is the documented rule, which looks at nothing but
/// records and revisions (never at names or sizes):
/// 1. a side that holds no records at all takes the other side's rule set (a new device
///    takes the file's: nothing of it depends on its built-in rules);
/// 2. otherwise the higher `revision` wins;
/// 3. different rule sets of the same revision are a conflict
///    ([`MergeError::RulesConflict`]), never resolved silently: the user chooses
///    [`RulesChoice::Ours`] or [`RulesChoice::Theirs`], told what differs
///    ([`rules::differences`]).
///
/// [`RuleSet::united_with`]: crate::domain::rules::RuleSet::united_with
/// [`rules::differences`]: crate::domain::rules::differences
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RulesChoice {
    #[default]
    Decide,
    /// Keep our rule set.
    Ours,
    /// Take the other side's rule set.
    Theirs,
}

/// Whether `data` holds any record (deleted and voided ones included: they are records too).
fn has_records(data: &Dataset) -> bool {
    !(data.cases.is_empty()
        && data.contacts.is_empty()
        && data.visits.is_empty()
        && data.yearly.is_empty())
}

/// The rule set the merge keeps ([`RulesChoice`]).
fn merged_rules(
    ours: &Dataset,
    theirs: &Dataset,
    choice: RulesChoice,
) -> Result<RuleSet, MergeError> {
    if let Some(same) = ours.rules.united_with(&theirs.rules) {
        return Ok(same);
    }
    let take_theirs = match choice {
        RulesChoice::Ours => false,
        RulesChoice::Theirs => true,
        RulesChoice::Decide if !has_records(ours) => true,
        RulesChoice::Decide if !has_records(theirs) => theirs.rules.revision > ours.rules.revision,
        RulesChoice::Decide => match theirs.rules.revision.cmp(&ours.rules.revision) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => {
                return Err(MergeError::RulesConflict {
                    revision: ours.rules.revision,
                })
            }
        },
    };
    Ok(if take_theirs {
        theirs.rules.clone()
    } else {
        ours.rules.clone()
    })
}

/// What a merge adds or changes relative to `ours`, for the preview.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeSummary {
    /// Cases whose code was unknown here, counted as the case list counts them (a case the
    /// other side deleted as a mistaken entry is carried along but not counted).
    pub new_cases: usize,
    /// Events added, those of new cases included.
    pub new_events: usize,
    /// Existing cases that gain at least one event.
    pub changed_cases: usize,
    /// Existing cases that the other side deleted as mistaken entries.
    pub deleted_cases: usize,
    /// Short contacts and welcome visits unknown here, as the lists count them (voided ones
    /// are carried along but not counted).
    pub new_contacts: usize,
    pub new_visits: usize,
    /// Records unknown here that no list shows: cases deleted and short contacts or visits
    /// voided on the other side. They are carried along so a later merge cannot revive them.
    pub hidden_records: usize,
    /// Existing short contacts that the other side has voided.
    pub voided_contacts: usize,
    /// Existing welcome visits that the other side has voided.
    pub voided_visits: usize,
    /// Years whose figures are added or change.
    pub yearly_changed: usize,
    /// The rule set changes: the other side's replaces ours, or adds fields ours lacks
    /// ([`RulesChoice`]).
    pub rules_changed: bool,
}

/// The merged data and what changed relative to `ours`.
#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    pub data: Dataset,
    pub summary: MergeSummary,
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serialisable")
}

/// Sorts every list so equal data has equal form.
pub fn canonical(data: &Dataset) -> Dataset {
    let mut data = data.clone();
    sorting::sort_by(&mut data.cases, |a, b| a.code.cmp(&b.code));
    for case in &mut data.cases {
        sorting::sort_by(&mut case.events, CaseEvent::fold_order);
    }
    sorting::sort_by(&mut data.contacts, |a, b| a.id.cmp(&b.id));
    sorting::sort_by(&mut data.visits, |a, b| a.id.cmp(&b.id));
    sorting::sort_by_key(&mut data.yearly, |y| y.year);
    data
}

fn admission_id(case: &Case) -> Option<&RecordId> {
    case.events
        .iter()
        .find(|e| matches!(e.kind, EventKind::Admitted(_)))
        .map(|e| &e.id)
}

/// Unites two datasets; see the module documentation for the rules.
pub fn merge(ours: &Dataset, theirs: &Dataset) -> Result<Merge, MergeError> {
    merge_with(ours, theirs, RulesChoice::Decide)
}

/// [`merge`] with the rule set chosen as `choice` says.
pub fn merge_with(
    ours: &Dataset,
    theirs: &Dataset,
    choice: RulesChoice,
) -> Result<Merge, MergeError> {
    merge_owned(ours.clone(), theirs, choice).map_err(|failed| failed.1)
}

/// The first reason `theirs` cannot be merged into `ours` (a code naming two cases, an event
/// that differs), found without changing anything.
fn first_conflict(ours: &Dataset, theirs: &Dataset) -> Option<MergeError> {
    let cases: BTreeMap<&CaseCode, &Case> =
        sorting::map_of(ours.cases.iter().map(|c| (&c.code, c)));
    for their_case in &theirs.cases {
        let Some(our_case) = cases.get(&their_case.code) else {
            continue;
        };
        if admission_id(our_case) != admission_id(their_case) {
            return Some(MergeError::CodeCollision(their_case.code.clone()));
        }
        for event in &their_case.events {
            if our_case
                .events
                .iter()
                .any(|e| e.id == event.id && e != event)
            {
                return Some(MergeError::ConflictingEvent(event.id.clone()));
            }
        }
    }
    None
}

/// [`merge_with`] taking `ours` by value, so a collection of many files
/// ([`preview_collection`](super::preview_collection)) does not copy the growing result for
/// every file. On an error nothing was changed and `ours` comes back with it (boxed: the
/// error path is the rare one).
pub(super) fn merge_owned(
    ours: Dataset,
    theirs: &Dataset,
    choice: RulesChoice,
) -> Result<Merge, Box<(Dataset, MergeError)>> {
    let rules = match merged_rules(&ours, theirs, choice) {
        Ok(rules) => rules,
        Err(error) => return Err(Box::new((ours, error))),
    };
    if let Some(error) = first_conflict(&ours, theirs) {
        return Err(Box::new((ours, error)));
    }
    let mut summary = MergeSummary {
        rules_changed: rules != ours.rules,
        ..MergeSummary::default()
    };
    let Dataset {
        rules: _,
        cases: our_cases,
        contacts: our_contacts,
        visits: our_visits,
        yearly: our_yearly,
    } = ours;
    let mut cases: BTreeMap<CaseCode, Case> =
        sorting::map_of(our_cases.into_iter().map(|c| (c.code.clone(), c)));
    for their_case in &theirs.cases {
        match cases.get_mut(&their_case.code) {
            None => {
                summary.new_cases += usize::from(!their_case.is_deleted());
                summary.hidden_records += usize::from(their_case.is_deleted());
                summary.new_events += their_case.events.len();
                cases.insert(their_case.code.clone(), their_case.clone());
            }
            Some(our_case) => {
                let was_deleted = our_case.is_deleted();
                let added = add_missing_events(our_case, their_case);
                summary.new_events += added;
                summary.changed_cases += usize::from(added > 0);
                summary.deleted_cases += usize::from(!was_deleted && our_case.is_deleted());
            }
        }
    }
    let mut contacts: BTreeMap<RecordId, _> =
        sorting::map_of(our_contacts.into_iter().map(|c| (c.id.clone(), c)));
    for contact in &theirs.contacts {
        match contacts.get_mut(&contact.id) {
            Some(existing) => {
                summary.voided_contacts += usize::from(contact.voided && !existing.voided);
                existing.voided |= contact.voided;
            }
            None => {
                summary.new_contacts += usize::from(!contact.voided);
                summary.hidden_records += usize::from(contact.voided);
                contacts.insert(contact.id.clone(), contact.clone());
            }
        }
    }
    let mut visits: BTreeMap<RecordId, _> =
        sorting::map_of(our_visits.into_iter().map(|v| (v.id.clone(), v)));
    for visit in &theirs.visits {
        match visits.get_mut(&visit.id) {
            Some(existing) => {
                summary.voided_visits += usize::from(visit.voided && !existing.voided);
                existing.voided |= visit.voided;
            }
            None => {
                summary.new_visits += usize::from(!visit.voided);
                summary.hidden_records += usize::from(visit.voided);
                visits.insert(visit.id.clone(), visit.clone());
            }
        }
    }
    let mut yearly: BTreeMap<i32, YearlyFigures> =
        sorting::map_of(our_yearly.into_iter().map(|y| (y.year, y)));
    for figures in &theirs.yearly {
        let merged = match yearly.get(&figures.year) {
            None => figures.clone(),
            Some(existing) => merge_yearly(existing, figures),
        };
        if yearly.get(&figures.year) != Some(&merged) {
            summary.yearly_changed += 1;
        }
        yearly.insert(figures.year, merged);
    }
    // Canonical without a copy: the maps hand out cases, contacts, visits and years in the
    // canonical order (by code, id, id, year); only each case's events are to be sorted.
    let mut cases: Vec<Case> = cases.into_values().collect();
    for case in &mut cases {
        sorting::sort_by(&mut case.events, CaseEvent::fold_order);
    }
    let data = Dataset {
        rules,
        cases,
        contacts: contacts.into_values().collect(),
        visits: visits.into_values().collect(),
        yearly: yearly.into_values().collect(),
    };
    Ok(Merge { data, summary })
}

/// Adds to `ours` the events of `theirs` it lacks (by id; [`first_conflict`] has made sure
/// an event of the same id is the same event); returns how many.
fn add_missing_events(ours: &mut Case, theirs: &Case) -> usize {
    let mut added = 0;
    for event in &theirs.events {
        if !ours.events.iter().any(|e| e.id == event.id) {
            added += 1;
            ours.events.push(event.clone());
        }
    }
    added
}

fn merge_yearly(a: &YearlyFigures, b: &YearlyFigures) -> YearlyFigures {
    let (winner, other) = if json(a) >= json(b) { (a, b) } else { (b, a) };
    YearlyFigures {
        year: a.year,
        residence_permits: winner.residence_permits.or(other.residence_permits),
        naturalisations: winner.naturalisations.or(other.naturalisations),
        posts_abh: winner.posts_abh.or(other.posts_abh),
        posts_ebh: winner.posts_ebh.or(other.posts_ebh),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::exchange::test_data::{arbitrary_dataset, case, dataset};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    #[test]
    fn same_case_on_two_laptops_becomes_one_with_both_histories() {
        let a = dataset(vec![case(1, &[5])], vec![(1, false)]);
        let b = dataset(
            vec![case(1, &[7]), case(2, &[])],
            vec![(1, true), (2, false)],
        );
        let merged = merge(&a, &b).unwrap();
        assert_eq!(merged.data.cases.len(), 2);
        assert_eq!(
            merged
                .data
                .cases
                .iter()
                .find(|c| c.code == CaseCode::from_random(1))
                .unwrap()
                .events
                .len(),
            3
        );
        assert!(merged.data.contacts[0].voided);
        assert_eq!(merged.summary.new_cases, 1);
        assert_eq!(merged.summary.new_contacts, 1);
    }

    #[test]
    fn different_cases_under_one_code_are_refused() {
        let a = dataset(vec![case(1, &[])], vec![]);
        let mut other = case(1, &[]);
        other.events[0].id = RecordId::from_random(99);
        let b = dataset(vec![other], vec![]);
        assert_eq!(
            merge(&a, &b),
            Err(MergeError::CodeCollision(CaseCode::from_random(1)))
        );
    }

    fn figures(year: i32, permits: Option<u32>) -> YearlyFigures {
        YearlyFigures {
            year,
            residence_permits: permits,
            naturalisations: None,
            posts_abh: None,
            posts_ebh: None,
        }
    }

    #[test]
    fn merge_summary_names_every_change() {
        let mut ours = dataset(
            vec![case(1, &[5]), case(2, &[])],
            vec![(1, false), (2, false)],
        );
        ours.yearly = vec![figures(2021, Some(48))];
        let mut theirs = dataset(
            vec![case(1, &[5, 7, 8]), case(2, &[]), case(3, &[])],
            vec![(1, true), (2, false), (3, true)],
        );
        theirs.yearly = vec![figures(2021, Some(48)), figures(2022, Some(59))];
        // The other side deleted case 2 as a mistaken entry and brings a deleted case 4:
        // the one is named, the other is carried along but not counted as new.
        let deleted = |case: &mut Case, id: u64| {
            case.events.push(CaseEvent {
                id: RecordId::from_random(id),
                date: NaiveDate::from_ymd_opt(2022, 4, 1).unwrap(),
                recorded_at: 1,
                kind: EventKind::Deleted,
            })
        };
        deleted(&mut theirs.cases[1], 90);
        let mut fourth = case(4, &[]);
        deleted(&mut fourth, 91);
        theirs.cases.push(fourth);
        let merged = merge(&ours, &theirs).unwrap();
        assert_eq!(
            merged.summary,
            MergeSummary {
                new_cases: 1,
                new_events: 6,
                changed_cases: 2,
                deleted_cases: 1,
                // Contact 3 is new but voided, case 4 new but deleted: the lists do not show
                // them.
                new_contacts: 0,
                hidden_records: 2,
                new_visits: 0,
                voided_contacts: 1,
                voided_visits: 0,
                yearly_changed: 1,
                rules_changed: false,
            }
        );
        let again = merge(&merged.data, &theirs).unwrap();
        assert_eq!(again.summary, MergeSummary::default());
    }

    proptest! {
        #[test]
        fn merge_is_idempotent_and_order_independent(a in arbitrary_dataset(), b in arbitrary_dataset(), c in arbitrary_dataset()) {
            let ab = merge(&a, &b).unwrap().data;
            prop_assert_eq!(&merge(&ab, &b).unwrap().data, &ab);
            prop_assert_eq!(&merge(&a, &a).unwrap().data, &canonical(&a));
            prop_assert_eq!(&merge(&b, &a).unwrap().data, &ab);
            let left = merge(&ab, &c).unwrap().data;
            let right = merge(&a, &merge(&b, &c).unwrap().data).unwrap().data;
            prop_assert_eq!(left, right);
        }
    }

    /// What a device does to the one shared case: record a session on a day (0..20 after
    /// the admission) in a form (0..3), or void the session of a day and form if it has one.
    #[derive(Clone, Debug)]
    enum SessionAction {
        Record(u64, usize),
        Void(u64, usize),
    }

    fn session_action() -> impl Strategy<Value = SessionAction> {
        prop_oneof![
            3 => (0u64..20, 0usize..3).prop_map(|(day, form)| SessionAction::Record(day, form)),
            1 => (0u64..20, 0usize..3).prop_map(|(day, form)| SessionAction::Void(day, form)),
        ]
    }

    /// A device's copy of `data` after its actions on the first case (voids with ids drawn
    /// from `device`'s own range).
    fn device(data: &Dataset, device: u64, actions: &[SessionAction]) -> Dataset {
        const FORMS: [&str; 3] = ["in-person", "phone", "home-visit"];
        let today = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
        let start = NaiveDate::from_ymd_opt(2022, 3, 1).unwrap();
        let mut data = data.clone();
        let case = &mut data.cases[0];
        for (n, action) in actions.iter().enumerate() {
            match *action {
                SessionAction::Record(day, form) => {
                    let date = start + chrono::Days::new(day);
                    let _repeated_or_recorded =
                        case.record_session(date, FORMS[form].into(), today);
                }
                SessionAction::Void(day, form) => {
                    let date = start + chrono::Days::new(day);
                    let target = case.history().events().find_map(|e| match &e.kind {
                        EventKind::Session { form: f }
                            if e.date == date && f.as_str() == FORMS[form] =>
                        {
                            Some(e.id.clone())
                        }
                        _ => None,
                    });
                    if let Some(target) = target {
                        let void = CaseEvent {
                            id: RecordId::from_random(device * 1_000_000 + n as u64),
                            date: today,
                            recorded_at: n as i64,
                            kind: EventKind::Voided { target },
                        };
                        case.record(void, today).unwrap();
                    }
                }
            }
        }
        data
    }

    proptest! {
        /// Sessions recorded and voided on two or three devices merge to the same data in any
        /// order, every merge is idempotent, and a date and form counts at most once.
        #[test]
        fn session_events_of_several_devices_merge_to_the_same_result_in_any_order(
            a in proptest::collection::vec(session_action(), 0..12),
            b in proptest::collection::vec(session_action(), 0..12),
            c in proptest::collection::vec(session_action(), 0..12),
            shared in proptest::collection::vec(session_action(), 0..6),
        ) {
            // What the devices had in common (an earlier exchange), then each on its own.
            let base = device(&dataset(vec![case(1, &[])], vec![]), 9, &shared);
            let (a, b, c) = (device(&base, 1, &a), device(&base, 2, &b), device(&base, 3, &c));
            let ab = merge(&a, &b).unwrap().data;
            prop_assert_eq!(&merge(&b, &a).unwrap().data, &ab);
            prop_assert_eq!(&merge(&ab, &a).unwrap().data, &ab);
            prop_assert_eq!(&merge(&ab, &b).unwrap().data, &ab);
            let abc = merge(&ab, &c).unwrap().data;
            let cab = merge(&c, &merge(&b, &a).unwrap().data).unwrap().data;
            let bca = merge(&merge(&b, &c).unwrap().data, &a).unwrap().data;
            prop_assert_eq!(&abc, &cab);
            prop_assert_eq!(&abc, &bca);
            let history = abc.cases[0].history();
            let sessions: Vec<(NaiveDate, String)> =
                history.sessions().map(|s| (s.date, s.form.as_str().to_owned())).collect();
            let unique: std::collections::BTreeSet<_> = sessions.iter().cloned().collect();
            prop_assert_eq!(sessions.len(), unique.len());
            // Every session effective on a device and voided on none is effective after the
            // merge.
            for data in [&a, &b, &c] {
                for session in data.cases[0].history().sessions() {
                    let voided = [&a, &b, &c].iter().any(|d| {
                        d.cases[0].events.iter().any(|e| matches!(&e.kind, EventKind::Voided { target }
                            if *target == RecordId::of_session(session.date, 0, session.form)))
                    });
                    if !voided {
                        prop_assert!(unique.contains(&(session.date, session.form.as_str().to_owned())));
                    }
                }
            }
        }
    }

    #[test]
    fn rule_sets_are_merged_by_records_and_revision_and_a_tie_is_a_conflict() {
        let with_records = dataset(vec![case(1, &[])], vec![]);
        let mut kreis = dataset(vec![], vec![(1, false)]);
        kreis.rules.municipality = "Kreis Musterland".into();
        // 1. A new device (no records) takes the file's rule set, whatever its revision.
        let fresh = dataset(vec![], vec![]);
        let mut older = kreis.clone();
        older.rules.revision = 0;
        assert_eq!(
            merge(&fresh, &older).unwrap().data.rules.municipality,
            "Kreis Musterland"
        );
        // 2. Otherwise the higher revision wins, in either order.
        let mut newer = kreis.clone();
        newer.rules.revision = with_records.rules.revision + 1;
        assert_eq!(
            merge(&with_records, &newer)
                .unwrap()
                .data
                .rules
                .municipality,
            "Kreis Musterland"
        );
        assert_eq!(
            merge(&newer, &with_records)
                .unwrap()
                .data
                .rules
                .municipality,
            "Kreis Musterland"
        );
        // 3. The same revision, different rule sets: a conflict, decided by the user.
        let mut tie = kreis.clone();
        tie.rules.revision = with_records.rules.revision;
        assert_eq!(
            merge(&with_records, &tie),
            Err(MergeError::RulesConflict {
                revision: with_records.rules.revision
            })
        );
        let theirs = merge_with(&with_records, &tie, RulesChoice::Theirs).unwrap();
        assert_eq!(theirs.data.rules.municipality, "Kreis Musterland");
        assert!(theirs.summary.rules_changed);
        let ours = merge_with(&with_records, &tie, RulesChoice::Ours).unwrap();
        assert_eq!(ours.data.rules, with_records.rules);
        // The same rule set is no conflict.
        assert!(merge(&with_records, &with_records).is_ok());
    }
}
