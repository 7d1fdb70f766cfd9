//! The domain's refusals in plain German, for every page that shows them: a case change
//! (*Fälle*, *Aufnahme*), a short contact (*Beratungskontakte*, *Aufnahme*), a record of an
//! imported file (*Datenaustausch*, and a rule-set file that would orphan records in
//! *Einstellungen*), and a rule set (*Einstellungen*, *Datenaustausch*, the first start).
//!
//! One module beside the pages, so that no page imports another page for its texts.

use crate::app::format;
use crate::domain::case::CaseError;
use crate::domain::contacts::ContactError;
use crate::domain::exchange::{Catalogue, RecordError};
use crate::domain::rules::{OutcomeMapping, RuleSetError};
use crate::domain::visits::{self, VisitError};
use crate::domain::yearly::{self, YearlyError};
use chrono::NaiveDate;

/// A refused case change in plain German.
pub(crate) fn case_error_text(error: &CaseError) -> String {
    match error {
        CaseError::FutureDate { .. } => "Das Datum liegt in der Zukunft.".into(),
        CaseError::BeforeAdmission { .. } => "Das Datum liegt vor der Aufnahme des Falls.".into(),
        CaseError::Deleted => "Der Fall wurde gelöscht.".into(),
        CaseError::AlreadyInactive { date } => format!("Am {} ist der Fall bereits abgemeldet – so passt die Änderung nicht zum Verlauf.", format::date(*date)),
        CaseError::AlreadyActive { date } => format!("Am {} ist der Fall bereits aktiv – so passt die Änderung nicht zum Verlauf.", format::date(*date)),
        CaseError::SameProvider { date } => format!("Am {} ist dieser Träger bereits zuständig.", format::date(*date)),
        CaseError::SameArea { date } => format!("Am {} lebt die Person bereits in diesem Regionalbereich.", format::date(*date)),
        CaseError::SecondAdmission => "Der Fall ist bereits aufgenommen.".into(),
        CaseError::CannotVoidAdmission => "Die Aufnahme kann nicht storniert werden; löschen Sie stattdessen den Fall als Fehleingabe.".into(),
        CaseError::UnknownTarget(_) | CaseError::DuplicateId(_) | CaseError::NoAdmission => {
            "Diese Änderung passt nicht zum bisherigen Verlauf des Falls und wurde nicht gespeichert.".into()
        }
        CaseError::AlreadyVoided(_) => "Dieser Eintrag ist bereits storniert.".into(),
        CaseError::DateOutOfRange { .. } => format!("Das Datum muss im Zeitraum {} liegen.", format::plausible_span()),
        CaseError::RecordedAtOutOfRange { .. } => "Die Uhrzeit dieses Geräts ist unplausibel; bitte Datum und Uhrzeit prüfen.".into(),
        CaseError::SessionWhileInactive { date } => format!("Am {} war der Fall abgemeldet. Ein Beratungstermin lässt sich nur für einen aktiven Fall erfassen; setzen Sie den Fall zuerst wieder aktiv.", format::date(*date)),
        CaseError::SessionAlreadyRecorded { date } => format!("Dieser Beratungstermin am {} ist bereits erfasst.", format::date(*date)),
        CaseError::SessionIdentity(_) => "Dieser Beratungstermin passt nicht zum bisherigen Verlauf des Falls und wurde nicht gespeichert.".into(),
    }
}

/// A refused contact in plain German (also used by *Aufnahme*).
pub(crate) fn contact_error_text(error: &ContactError) -> String {
    use ContactError as E;
    match error {
        E::UnknownProvider { .. } => "Dieser Träger ist im Regelwerk nicht bekannt.".into(),
        E::UnknownOutcome { .. } => "Dieses Ergebnis ist im Regelwerk nicht bekannt.".into(),
        E::FutureMonth { .. } => {
            "Kontakte in einem künftigen Monat können nicht gezählt werden.".into()
        }
        E::NothingToVoid => {
            "Es gibt keinen gezählten Kontakt, der zurückgenommen werden könnte.".into()
        }
        E::MonthOutOfRange { .. } => format!(
            "Der Monat muss im Zeitraum {} liegen.",
            format::plausible_span()
        ),
        E::RecordedAtOutOfRange { .. } => {
            "Die Uhrzeit dieses Geräts ist unplausibel; bitte Datum und Uhrzeit prüfen.".into()
        }
    }
}

fn catalogue_name(catalogue: Catalogue) -> &'static str {
    match catalogue {
        Catalogue::Providers => "Träger",
        Catalogue::Areas => "Bereiche",
        Catalogue::Problems => "Problemlagen",
        Catalogue::Parties => "Beteiligte",
        Catalogue::WaysIn => "Zugangswege",
        Catalogue::OverrideReasons => "Gründe für eine Aufnahme entgegen der Empfehlung",
        Catalogue::DeactivationReasons => "Gründe für eine Deaktivierung",
        Catalogue::SessionForms => "Formen der Beratungstermine",
        Catalogue::Evaluations => "Bewertungen",
    }
}

/// A refused record in German (also used when a rule-set file would orphan records).
pub(crate) fn record_error_text(error: &RecordError) -> String {
    match error {
        RecordError::DuplicateCaseCode(code) => {
            format!("Der Fallcode {code} kommt in der Datei zweimal vor.")
        }
        RecordError::Case { code, error } => {
            let detail: String = match error {
                CaseError::NoAdmission => "er hat keine Aufnahme".into(),
                CaseError::SecondAdmission => "er wurde zweimal aufgenommen".into(),
                CaseError::BeforeAdmission { .. } => "ein Eintrag liegt vor der Aufnahme".into(),
                CaseError::DuplicateId(_) => "ein Eintrag kommt zweimal vor".into(),
                CaseError::UnknownTarget(_) => {
                    "eine Korrektur bezieht sich auf einen fehlenden Eintrag".into()
                }
                CaseError::CannotVoidAdmission => "die Aufnahme ist storniert".into(),
                CaseError::DateOutOfRange { date } => format!(
                    "ein Eintrag ist auf den {} datiert, außerhalb des Zeitraums {}",
                    format::date(*date),
                    format::plausible_span()
                ),
                CaseError::RecordedAtOutOfRange { .. } => {
                    "ein Eintrag hat einen unplausiblen Erfassungszeitpunkt".into()
                }
                _ => "sein Verlauf ist widersprüchlich".into(),
            };
            format!("Fall {code}: {detail}.")
        }
        RecordError::UnknownReference {
            code,
            catalogue,
            id,
        } => format!(
            "Fall {code} nennt „{id}“, das im Regelwerk der Datei unter „{}“ fehlt.",
            catalogue_name(*catalogue)
        ),
        RecordError::EvaluationContradictsReason { code, reason, evaluation } => format!(
            "Fall {code} ist mit dem Grund „{reason}“ abgemeldet, der eine andere Bewertung vorgibt als „{evaluation}“."
        ),
        RecordError::DuplicateContactId(_) => "Ein sonstiger Beratungskontakt kommt zweimal vor.".into(),
        RecordError::Contact { error, .. } => match error {
            ContactError::UnknownProvider { provider } => {
                format!("Ein sonstiger Beratungskontakt nennt den unbekannten Träger „{provider}“.")
            }
            ContactError::UnknownOutcome { outcome } => {
                format!("Ein sonstiger Beratungskontakt nennt die unbekannte Weiterleitung „{outcome}“.")
            }
            ContactError::MonthOutOfRange { month } => format!(
                "Ein sonstiger Beratungskontakt ist für {} gezählt, außerhalb des Zeitraums {}.",
                format::month(*month),
                format::plausible_span()
            ),
            ContactError::RecordedAtOutOfRange { .. } => {
                "Ein sonstiger Beratungskontakt hat einen unplausiblen Erfassungszeitpunkt.".into()
            }
            _ => "Ein sonstiger Beratungskontakt ist fehlerhaft.".into(),
        },
        RecordError::DuplicateVisitId(_) => "Ein Willkommensbesuch kommt zweimal vor.".into(),
        RecordError::Visit { error, .. } => match error {
            VisitError::UnknownDistrict(d) => {
                format!("Ein Willkommensbesuch nennt den unbekannten Bereich „{d}“.")
            }
            VisitError::UnknownOffer(o) => {
                format!("Ein Willkommensbesuch nennt das unbekannte Angebot „{o}“.")
            }
            VisitError::DateOutOfRange { date } => format!(
                "Ein Willkommensbesuch ist auf den {} datiert, außerhalb des Zeitraums {}.",
                format::date(*date),
                format::plausible_span()
            ),
            VisitError::TooManyChildren { total } => format!(
                "Ein Willkommensbesuch nennt {total} Kinder; höchstens {} sind plausibel.",
                visits::MAX_CHILDREN
            ),
            VisitError::RecordedAtOutOfRange { .. } => {
                "Ein Willkommensbesuch hat einen unplausiblen Erfassungszeitpunkt.".into()
            }
            _ => "Ein Willkommensbesuch ist fehlerhaft (Kinderzahl oder Altersgruppen).".into(),
        },
        RecordError::DuplicateYear(year) => {
            format!("Die Jahreszahlen für {year} kommen zweimal vor.")
        }
        RecordError::Yearly { year, error } => match error {
            YearlyError::YearOutOfRange { last_year, .. } => format!(
                "Die Datei enthält Jahreszahlen für das Jahr {year}; möglich sind {} bis {last_year}.",
                yearly::FIRST_YEAR
            ),
            YearlyError::ImplausibleCount { .. } => format!(
                "Eine Jahreszahl für {year} ist unplausibel hoch (höchstens {}).",
                yearly::MAX_COUNT
            ),
            YearlyError::ImplausiblePosts { .. } => format!(
                "Die Stellenzahl für {year} muss zwischen 0 und {} liegen.",
                yearly::MAX_POSTS
            ),
        },
    }
}

/// A refused rule set in plain German.
pub(crate) fn rule_set_error_text(error: &RuleSetError) -> String {
    use RuleSetError as E;
    let d = |date: &NaiveDate| format::date(*date);
    match error {
        E::Malformed(_) => "Die Datei ist kein gültiges Regelwerk (fehlerhaftes oder unvollständiges JSON).".into(),
        E::EmptyCatalogue(name) => format!("Der Katalog „{name}“ ist leer."),
        E::DuplicateId { catalogue, id } => format!("Die Kennung „{id}“ kommt im Katalog „{catalogue}“ doppelt vor."),
        E::UnknownLifeArea { problem, life_area } => format!("Die Problemlage „{problem}“ verweist auf den unbekannten Lebensbereich „{life_area}“."),
        E::UnknownProvider { valid_from, provider } => format!("Die Regelung ab {} nennt den unbekannten Träger „{provider}“.", d(valid_from)),
        E::UnknownArea { valid_from, area } => format!("Die Regelung ab {} nennt den unbekannten Bereich „{area}“.", d(valid_from)),
        E::AreaOutsideMunicipality { valid_from, area } => format!("Die Regelung ab {} ordnet den Bereich „{area}“ zu, der nicht zur Kommune gehört.", d(valid_from)),
        E::AreaAssignedTwice { valid_from, area } => format!("Die Regelung ab {} ordnet den Bereich „{area}“ zweimal zu.", d(valid_from)),
        E::AreaScopedTwice { valid_from, area } => format!("Die Regelung ab {} gibt dem Bereich „{area}“ zweimal einen Geltungsbereich.", d(valid_from)),
        E::NoMunicipality => "Das Regelwerk nennt keine Kommune (Feld „municipality“).".into(),
        E::TextTooLong { id } => format!("Ein Name oder Text bei „{id}“ ist länger als {} Zeichen.", crate::domain::rules::MAX_TEXT),
        E::EndsBeforeStart { valid_from, valid_until } => format!("Die Regelung ab {} endet schon am {}.", d(valid_from), d(valid_until)),
        E::Overlap { earlier_from, later_from } => format!("Die Regelungen ab {} und ab {} überschneiden sich.", d(earlier_from), d(later_from)),
        E::Gap { gap_from, gap_until } => format!("Vom {} bis {} gilt keine Regelung (Lücke).", d(gap_from), d(gap_until)),
        E::OpenEndedNotLast { valid_from } => format!("Die unbefristete Regelung ab {} ist nicht die letzte.", d(valid_from)),
        E::UnknownVisitWayIn(way_in) => format!("Der Zugangsweg für Nachgespräche nach Willkommensbesuchen („{way_in}“) fehlt im Katalog der Zugangswege."),
        E::UnknownContactOutcome { mapping, outcome } => {
            let source = match mapping {
                OutcomeMapping::Service(service) => format!("Der Beratungsdienst „{service}“"),
                OutcomeMapping::NotResponsible => "Die Zuordnung für „nicht zuständig“".into(),
                OutcomeMapping::NoConsent => "Die Zuordnung für „Einwilligung fehlt“".into(),
                OutcomeMapping::NoRule => "Die Zuordnung für „keine Entscheidung möglich“".into(),
            };
            format!("{source} verweist auf das Ergebnis „{outcome}“, das im Katalog „contact_outcomes“ fehlt.")
        }
        E::ZeroThreshold { valid_from } => format!("Die Regelung ab {} hat eine Mindestzahl von 0.", d(valid_from)),
        E::UnreachableThreshold { valid_from } => format!("Die Regelung ab {} verlangt mehr Lebensbereiche oder Beteiligte, als die Kataloge kennen; kein Fall könnte komplex sein.", d(valid_from)),
        E::DateOutOfRange { date } => format!("Das Datum {} liegt nicht im Zeitraum {}.", d(date), format::plausible_span()),
        E::ImplausibleRevision { revision } => format!("Der Stand {revision} ist unplausibel hoch (höchstens {}).", crate::domain::rules::MAX_REVISION),
        E::ImplausiblePosts { valid_from, area, .. } => format!("Die Regelung ab {} gibt dem Bereich „{area}“ eine Stellenzahl außerhalb von 0 bis {}.", d(valid_from), crate::domain::rules::MAX_POSTS),
        E::ImplausiblePublicationThreshold(threshold) => format!("Die Schwelle für kleine Fallzahlen ({threshold}) muss zwischen {} und {} liegen.", crate::domain::rules::PUBLICATION_THRESHOLDS.start(), crate::domain::rules::PUBLICATION_THRESHOLDS.end()),
        E::UnknownEvaluationReason { evaluation, reason } => format!("Die Bewertung „{evaluation}“ nennt den Abmeldegrund „{reason}“, der im Katalog „deactivation_reasons“ fehlt."),
        E::ReasonEvaluatedTwice { reason } => format!("Der Abmeldegrund „{reason}“ wird von zwei Bewertungen genannt; er kann nur eine vorgeben."),
        E::PostsGivenTwice { valid_from, provider } => format!("Die Regelung ab {} nennt die Stellen des Trägers „{provider}“ zweimal (je Träger und je Bereich, oder doppelt).", d(valid_from)),
        E::ImplausibleProviderPosts { valid_from, provider, .. } => format!("Die Regelung ab {} gibt dem Träger „{provider}“ eine Stellenzahl außerhalb von 0 bis {}.", d(valid_from), crate::domain::rules::MAX_POSTS),
        E::ImplausibleReviewMonths { valid_from, months } => format!("Die Regelung ab {} sieht die Prüfung nach {months} Monaten ohne Termin vor; möglich sind {} bis {} Monate.", d(valid_from), crate::domain::rules::REVIEW_MONTHS.start(), crate::domain::rules::REVIEW_MONTHS.end()),
        E::UnknownReviewReason { valid_from, reason } => format!("Die Regelung ab {} nennt für die Prüfung ohne Termin den Abmeldegrund „{reason}“, der im Katalog „deactivation_reasons“ fehlt.", d(valid_from)),
        E::NewVersionTooEarly { new_from, current_from } => format!("Eine neue Regelung muss nach dem Beginn der geltenden Regelung ({}) beginnen, nicht am {}.", d(current_from), d(new_from)),
    }
}
