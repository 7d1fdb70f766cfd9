//! Where the eye is: the message after an action (a live region that takes the focus), errors
//! shown at their field (`aria-invalid`, `aria-describedby`), and moving the focus once the
//! browser has drawn the change.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A message about what an action did, in a live region that can take the focus: after an
/// action the focus moves here ([`focus_after_render`]), so the result is read where the eye
/// is.
#[component]
pub(super) fn ResultMessage(
    /// `(success, text)`; `None` shows nothing.
    message: RwSignal<Option<(bool, String)>>,
    /// The element that takes the focus.
    focus_target: NodeRef<html::Div>,
) -> impl IntoView {
    view! {
        <div role="status" tabindex="-1" node_ref=focus_target>
            {move || {
                message
                    .get()
                    .map(|(ok, text)| {
                        let class = if ok { "notice notice-success" } else { "notice notice-error" };
                        view! {
                            <div class=class>
                                <p>{text}</p>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// Moves the focus to an element once the browser has drawn the change that shows it (and
/// after a closing dialog has handed the focus back), scrolling it into view.
pub(super) fn focus_after_render(find: impl FnOnce() -> Option<web_sys::HtmlElement> + 'static) {
    request_animation_frame(move || {
        if let Some(element) = find() {
            let _focus_is_best_effort = element.focus();
        }
    });
}

pub(super) fn element_by_id(id: &str) -> Option<web_sys::HtmlElement> {
    document()
        .get_element_by_id(id)
        .and_then(|element| element.dyn_into().ok())
}

/// A field of the change form, for its error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    Date,
    Reason,
    Evaluation,
    Provider,
    Area,
    SessionDate,
    SessionForm,
}

impl Field {
    pub(super) fn id(self) -> &'static str {
        match self {
            Field::Date => "event-date",
            Field::Reason => "deactivation-reason",
            Field::Evaluation => "deactivation-evaluation",
            Field::Provider => "handover-provider",
            Field::Area => "move-area",
            Field::SessionDate => "session-date",
            Field::SessionForm => "session-form",
        }
    }

    pub(super) fn error_id(self) -> &'static str {
        match self {
            Field::Date => "event-date-fehler",
            Field::Reason => "deactivation-reason-fehler",
            Field::Evaluation => "deactivation-evaluation-fehler",
            Field::Provider => "handover-provider-fehler",
            Field::Area => "move-area-fehler",
            Field::SessionDate => "session-date-fehler",
            Field::SessionForm => "session-form-fehler",
        }
    }
}

/// The errors shown at the fields of a form, first wrong field first.
#[derive(Clone, Copy)]
pub(super) struct FieldErrors(RwSignal<Vec<(Field, String)>>);

impl FieldErrors {
    pub(super) fn new() -> Self {
        FieldErrors(RwSignal::new(Vec::new()))
    }

    pub(super) fn text(self, field: Field) -> Option<String> {
        self.0.with(|errors| {
            errors
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, text)| text.clone())
        })
    }

    pub(super) fn has(self, field: Field) -> bool {
        self.0
            .with(|errors| errors.iter().any(|(f, _)| *f == field))
    }

    /// Shows `errors` and focuses the first wrong field.
    pub(super) fn show(self, errors: Vec<(Field, String)>) {
        if let Some((first, _)) = errors.first() {
            let id = first.id();
            focus_after_render(move || element_by_id(id));
        }
        self.0.set(errors);
    }

    pub(super) fn clear(self, field: Field) {
        if self.has_untracked(field) {
            self.0.update(|errors| errors.retain(|(f, _)| *f != field));
        }
    }

    pub(super) fn has_untracked(self, field: Field) -> bool {
        self.0
            .with_untracked(|errors| errors.iter().any(|(f, _)| *f == field))
    }

    /// The error text shown at `field`, referenced by its `aria-describedby`.
    pub(super) fn view(self, field: Field) -> impl IntoView {
        move || {
            self.text(field).map(|text| {
                view! {
                    <p class="field-error" id=field.error_id()>
                        {text}
                    </p>
                }
            })
        }
    }

    pub(super) fn invalid(self, field: Field) -> impl Fn() -> Option<&'static str> + Copy {
        move || self.has(field).then_some("true")
    }

    pub(super) fn described_by(self, field: Field) -> impl Fn() -> Option<&'static str> + Copy {
        move || self.has(field).then_some(field.error_id())
    }
}
