//! What differs between this device's rule set and a file's of the same revision, in German,
//! for the question which rule set applies (the domain lists the differences:
//! [`rules::differences`]).

use crate::app::format;
use crate::domain::rules::{
    self, label_or_id, OutcomeMapping, RuleCatalogue, RuleSet, RuleSetDifference, VersionChange,
};
use chrono::NaiveDate;

/// At most this many differences are named one by one; the rest are counted.
const SHOWN: usize = 12;

/// The differences between `ours` (this device's) and `theirs` (the file's), one line each,
/// at most [`SHOWN`] and then a line counting the rest.
pub(super) fn difference_lines(ours: &RuleSet, theirs: &RuleSet) -> Vec<String> {
    let differences = rules::differences(ours, theirs);
    let mut lines: Vec<String> = differences
        .iter()
        .take(SHOWN)
        .map(|difference| difference_text(ours, theirs, difference))
        .collect();
    let rest = differences.len().saturating_sub(SHOWN);
    if rest > 0 {
        lines.push(format!(
            "und {}",
            format::count(rest, "weiterer Unterschied", "weitere Unterschiede")
        ));
    }
    lines
}

/// The plural name of a catalogue, as the pages name it.
fn catalogue_name(catalogue: RuleCatalogue) -> &'static str {
    match catalogue {
        RuleCatalogue::Providers => "Träger",
        RuleCatalogue::Areas => "Bereiche",
        RuleCatalogue::LifeAreas => "Lebensbereiche",
        RuleCatalogue::Problems => "Problemlagen",
        RuleCatalogue::Parties => "Beteiligte",
        RuleCatalogue::Services => "Beratungsdienste",
        RuleCatalogue::WaysIn => "Zugangswege",
        RuleCatalogue::ContactOutcomes => "Verweise",
        RuleCatalogue::OverrideReasons => "Gründe für eine Aufnahme entgegen der Empfehlung",
        RuleCatalogue::DeactivationReasons => "Gründe für eine Deaktivierung",
        RuleCatalogue::Districts => "Stadtteile",
        RuleCatalogue::Offers => "Angebote",
        RuleCatalogue::AgeBands => "Altersgruppen",
    }
}

fn end_text(end: Option<NaiveDate>) -> String {
    end.map_or_else(
        || "offen".to_owned(),
        |date| format!("bis {}", format::date(date)),
    )
}

/// One difference in German.
fn difference_text(ours: &RuleSet, theirs: &RuleSet, difference: &RuleSetDifference) -> String {
    match difference {
        RuleSetDifference::Municipality { ours, theirs } => {
            format!("Kommune: auf diesem Gerät „{ours}“, in der Datei „{theirs}“")
        }
        RuleSetDifference::Entry {
            catalogue,
            id,
            ours,
            theirs,
        } => {
            let name = catalogue_name(*catalogue);
            match (ours, theirs) {
                (Some(label), None) => format!("{name}: „{label}“ nur auf diesem Gerät"),
                (None, Some(label)) => format!("{name}: „{label}“ nur in der Datei"),
                (Some(a), Some(b)) if a != b => {
                    format!("{name}: „{a}“ heißt in der Datei „{b}“")
                }
                (Some(label), Some(_)) => {
                    format!("{name}: „{label}“ ist in der Datei anders festgelegt")
                }
                (None, None) => format!("{name}: „{id}“"),
            }
        }
        RuleSetDifference::Order(catalogue) => format!(
            "{}: in der Datei in anderer Reihenfolge",
            catalogue_name(*catalogue)
        ),
        RuleSetDifference::Version { valid_from, change } => {
            let title = format!("Regelung ab {}", format::date(*valid_from));
            match change {
                VersionChange::OnlyOurs => format!("{title}: nur auf diesem Gerät"),
                VersionChange::OnlyTheirs => format!("{title}: nur in der Datei"),
                VersionChange::Differs {
                    valid_until,
                    thresholds,
                    areas,
                    order,
                } => {
                    let version = |rules: &RuleSet| {
                        rules
                            .versions
                            .iter()
                            .find(|v| v.valid_from == *valid_from)
                            .cloned()
                    };
                    let mut parts = Vec::new();
                    if *valid_until {
                        let end =
                            |rules: &RuleSet| end_text(version(rules).and_then(|v| v.valid_until));
                        parts.push(format!(
                            "Ende auf diesem Gerät {}, in der Datei {}",
                            end(ours),
                            end(theirs)
                        ));
                    }
                    if *thresholds {
                        parts.push("andere Mindestzahlen für einen komplexen Fall".to_owned());
                    }
                    if !areas.is_empty() {
                        let labels: Vec<String> = areas
                            .iter()
                            .map(|area| {
                                let label = ours
                                    .area(area)
                                    .or_else(|| theirs.area(area))
                                    .map_or_else(|| area.to_string(), |a| a.label.clone());
                                format!("„{label}“")
                            })
                            .collect();
                        parts.push(format!("andere Zuständigkeit für {}", labels.join(", ")));
                    }
                    if *order {
                        parts.push("andere Reihenfolge".to_owned());
                    }
                    format!("{title}: {}", parts.join("; "))
                }
            }
        }
        RuleSetDifference::OutcomeMapping {
            mapping,
            ours: a,
            theirs: b,
        } => {
            let what = match mapping {
                OutcomeMapping::Service(service) => {
                    format!(
                        "Verweis beim Beratungsdienst „{}“",
                        ours.service_label(service)
                    )
                }
                OutcomeMapping::NotResponsible => "Verweis bei „nicht zuständig“".to_owned(),
                OutcomeMapping::NoConsent => "Verweis bei „Einwilligung fehlt“".to_owned(),
                OutcomeMapping::NoRule => "Verweis bei „keine Entscheidung möglich“".to_owned(),
            };
            format!(
                "{what}: auf diesem Gerät „{}“, in der Datei „{}“",
                label_or_id(&ours.contact_outcomes, a),
                label_or_id(&theirs.contact_outcomes, b)
            )
        }
        RuleSetDifference::VisitWayIn { ours: a, theirs: b } => format!(
            "Zugangsweg nach einem Willkommensbesuch: auf diesem Gerät „{}“, in der Datei „{}“",
            label_or_id(&ours.ways_in, a),
            label_or_id(&theirs.ways_in, b)
        ),
        RuleSetDifference::CaseWork => "Die Fallarbeit ist verschieden geregelt: Formen der Beratungstermine, Bewertungen beim Abschluss, Stellen der Träger oder die Frist für Fälle ohne Termin.".to_owned(),
        RuleSetDifference::PublicationThreshold { ours, theirs } => format!(
            "Schutz kleiner Fallzahlen: auf diesem Gerät unter {ours}, in der Datei unter {theirs}"
        ),
    }
}
