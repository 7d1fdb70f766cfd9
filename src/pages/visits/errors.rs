//! The welcome-visit form's errors (UX: "a form error appears at its field and in a short
//! summary at the top with links to the fields; the first wrong field gets focus"): which
//! part of the form an error belongs to, the answers still missing, where the domain's
//! refusals belong, and the summary.

use super::Draft;
use crate::app::focus;
use crate::app::format;
use crate::domain::visits::VisitError;
use leptos::prelude::*;

/// A part of the form an error points at, in the order of the form: the first wrong one gets
/// the focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Field {
    Date,
    District,
    Arrival,
    Children,
}

impl Field {
    /// The id of the field's input or fieldset, the target of the summary's link.
    pub fn id(self) -> &'static str {
        match self {
            Field::Date => "visit-date",
            Field::District => "visit-district",
            Field::Arrival => "visit-arrival",
            Field::Children => "visit-children",
        }
    }

    /// The id of the message at the field (`aria-describedby`).
    pub fn error_id(self) -> &'static str {
        match self {
            Field::Date => "visit-date-error",
            Field::District => "visit-district-error",
            Field::Arrival => "visit-arrival-error",
            Field::Children => "visit-children-error",
        }
    }

    /// The control that gets the focus: the input, or the first option of a group.
    pub fn focus_selector(self) -> &'static str {
        match self {
            Field::Date => "#visit-date",
            Field::District => "#visit-district input",
            Field::Arrival => "#visit-arrival input",
            Field::Children => "#visit-children input",
        }
    }

    /// The field's name in "Bitte noch angeben: …".
    fn name(self) -> &'static str {
        match self {
            Field::Date => "Datum",
            Field::District => "Stadtteil / Bereich",
            Field::Arrival => "Art des Zuzugs",
            Field::Children => "Anzahl der Kinder",
        }
    }
}

/// An error shown at its field and in the summary at the top of the form.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct FieldError {
    pub field: Field,
    /// Nothing was given: the summary names the field in "Bitte noch angeben: …".
    pub missing: bool,
    /// The message at the field.
    pub text: String,
}

impl FieldError {
    fn missing(field: Field, text: &str) -> Self {
        FieldError {
            field,
            missing: true,
            text: text.to_string(),
        }
    }

    pub fn wrong(field: Field, text: String) -> Self {
        FieldError {
            field,
            missing: false,
            text,
        }
    }
}

/// The answers not given yet. The number of children is checked here as well (the domain
/// checks it again on saving), so that all missing answers are named at once.
pub(super) fn missing_answers(draft: &Draft) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if draft.date.is_none() {
        errors.push(FieldError::missing(
            Field::Date,
            "Bitte das Datum des Besuchs angeben.",
        ));
    }
    if draft.district.is_none() {
        errors.push(FieldError::missing(
            Field::District,
            "Bitte den Stadtteil oder Bereich wählen.",
        ));
    }
    if draft.arrival.is_none() {
        errors.push(FieldError::missing(
            Field::Arrival,
            "Bitte die Art des Zuzugs wählen.",
        ));
    }
    if draft.children.values().all(|n| *n == 0) {
        errors.push(FieldError::wrong(
            Field::Children,
            visit_error_text(&VisitError::NoChildren),
        ));
    }
    errors
}

/// Where the domain's refusal of a visit belongs: at a field, or (`None`) next to the save
/// button.
pub(super) fn field_of(error: &VisitError) -> Option<Field> {
    match error {
        VisitError::FutureDate { .. } | VisitError::DateOutOfRange { .. } => Some(Field::Date),
        VisitError::NoChildren | VisitError::TooManyChildren { .. } => Some(Field::Children),
        VisitError::RecordedAtOutOfRange { .. }
        | VisitError::UnknownDistrict(_)
        | VisitError::UnknownOffer(_)
        | VisitError::BadAgeBand(_) => None,
    }
}

/// The summary of a form's errors at its top: the answers still missing in one sentence, the
/// other errors one per line, each linked to its field. The links focus the field themselves
/// (see `app::focus` on in-page links).
#[component]
pub(super) fn ErrorSummary(errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let link = |field: Field, text: String| {
        view! {
            <a
                href=format!("#{}", field.id())
                on:click=move |ev| {
                    ev.prevent_default();
                    focus::focus(field.focus_selector());
                }
            >
                {text}
            </a>
        }
    };
    move || {
        let list = errors.get();
        if list.is_empty() {
            return None;
        }
        let missing: Vec<Field> = list.iter().filter(|e| e.missing).map(|e| e.field).collect();
        let missing_sentence = (!missing.is_empty()).then(|| {
            let count = missing.len();
            view! {
                <p>
                    "Bitte noch angeben: "
                    {missing
                        .into_iter()
                        .enumerate()
                        .map(|(i, field)| {
                            view! {
                                {(i > 0).then_some(", ")}
                                {link(field, field.name().to_string())}
                                {(i + 1 == count).then_some(".")}
                            }
                        })
                        .collect_view()}
                </p>
            }
        });
        let others = list
            .into_iter()
            .filter(|e| !e.missing)
            .map(|e| view! { <p>{link(e.field, e.text)}</p> })
            .collect_view();
        Some(view! {
            <div class="error-summary">
                <h2>"Der Besuch ist noch nicht gespeichert"</h2>
                {missing_sentence}
                {others}
            </div>
        })
    }
}

/// A refused visit in plain German.
pub(super) fn visit_error_text(error: &VisitError) -> String {
    match error {
        VisitError::FutureDate { .. } => "Das Datum liegt in der Zukunft.".into(),
        VisitError::DateOutOfRange { .. } => format!(
            "Das Datum muss im Zeitraum {} liegen.",
            format::plausible_span()
        ),
        VisitError::RecordedAtOutOfRange { .. } => {
            "Die Uhrzeit dieses Geräts ist unplausibel; bitte Datum und Uhrzeit prüfen.".into()
        }
        VisitError::NoChildren => {
            "Bitte die Zahl der Kinder angeben – Willkommensbesuche gelten Familien mit Kindern."
                .into()
        }
        VisitError::TooManyChildren { .. } => "Die Zahl der Kinder ist unplausibel hoch.".into(),
        VisitError::UnknownDistrict(_) | VisitError::UnknownOffer(_) | VisitError::BadAgeBand(_) => {
            "Der Besuch passt nicht zum Regelwerk und wurde nicht gespeichert. Bitte die Seite neu laden.".into()
        }
    }
}
