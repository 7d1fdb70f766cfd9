//! One open case: its summary, its counselling sessions (*Beratungstermin erfassen*, first,
//! the everyday action), its history with corrections (*Stornieren*), and the changes a case
//! manager records (*Fall abmelden* with an optional evaluation, *Wieder aktiv setzen*,
//! *Übergeben*, delete). A missing or refused entry is shown at its field; a result message
//! takes the focus. A move to another area (*Umzug*) is a dated change too: the report per area
//! and the handover proposals of a rule change follow it.
//!
//! A session is one press: the date is today unless changed, the form the first of the rule
//! set's catalogue unless another is chosen. A second press records nothing and says that the
//! session is already recorded (`Case::record_session`).

use super::feedback::{focus_after_render, Field, FieldErrors, ResultMessage};
use super::{status_badge, DETAIL_HEADING_ID};
use crate::app::components::{Choice, Confirmation, SelectOne};
use crate::app::{actions, browser, format, use_app_state, AppState};
use crate::domain::case::{Case, CaseError, CaseEvent, EventKind, HistoryEntry, Status};
use crate::domain::rules::RuleSet;
use crate::domain::*;
use crate::pages::error_texts::case_error_text;
use chrono::NaiveDate;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The changes the form records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Change {
    Deactivate,
    Reactivate,
    HandOver,
    Move,
}

/// The field a refused change belongs to, or `None` when the refusal is about the case as a
/// whole (shown as the message).
pub(super) fn field_of_refusal(error: &CaseError, change: Change) -> Option<Field> {
    match error {
        CaseError::FutureDate { .. }
        | CaseError::BeforeAdmission { .. }
        | CaseError::DateOutOfRange { .. }
        | CaseError::AlreadyInactive { .. }
        | CaseError::AlreadyActive { .. } => Some(Field::Date),
        CaseError::SameProvider { .. } if change == Change::HandOver => Some(Field::Provider),
        CaseError::SameArea { .. } if change == Change::Move => Some(Field::Area),
        _ => None,
    }
}

/// One case: its history and the actions on it.
#[component]
pub(super) fn CaseDetail(
    code: CaseCode,
    /// Closes the case; `true` adds a history entry.
    close: Callback<bool>,
    /// The list's message, for what happened to a case that is gone (deleted).
    list_message: RwSignal<Option<(bool, String)>>,
    /// Where that message takes the focus.
    list_message_ref: NodeRef<html::Div>,
) -> impl IntoView {
    let state = use_app_state();
    let message = RwSignal::new(None::<(bool, String)>);
    let message_ref = NodeRef::<html::Div>::new();
    let heading_ref = NodeRef::<html::H2>::new();
    let errors = FieldErrors::new();
    let date = RwSignal::new(Some(browser::today()));
    let reason = RwSignal::new(None::<DeactivationReasonId>);
    let evaluation = RwSignal::new(None::<EvaluationId>);
    let session_date = RwSignal::new(Some(browser::today()));
    let session_form = RwSignal::new(
        state
            .data
            .with_untracked(|d| d.rules.session_forms.first().map(|f| f.id.clone())),
    );
    let target_provider = RwSignal::new(None::<ProviderId>);
    let target_area = RwSignal::new(None::<AreaId>);
    let rules = Memo::new(move |_| state.data.with(|d| d.rules.clone()));
    let code_for_case = code.clone();
    let case = Memo::new(move |_| {
        state
            .data
            .with(|d| d.cases.iter().find(|c| c.code == code_for_case).cloned())
    });
    let current = Memo::new(move |_| case.with(|c| c.as_ref().and_then(Case::current_state)));
    let status = Memo::new(move |_| current.with(|s| s.as_ref().map(|s| s.status)));
    let confirm = Confirmation::new();
    let show_message = move |ok: bool, text: String| {
        message.set(Some((ok, text)));
        focus_after_render(move || message_ref.get_untracked().map(|div| div.unchecked_into()));
    };

    // Opened: the detail comes into view and its heading takes the focus.
    Effect::new(move |_| {
        if heading_ref.get().is_some() {
            request_animation_frame(move || {
                if let Some(heading) = heading_ref.get_untracked() {
                    heading.scroll_into_view();
                    // A little room above, so the focus ring is not cut at the window's edge.
                    window().scroll_by_with_x_and_y(0.0, -16.0);
                    let _focus_is_best_effort = heading.focus();
                }
            });
        }
    });

    let record = move |change: Change| {
        message.set(None);
        let mut wrong = Vec::new();
        let date_value = date.get_untracked();
        if date_value.is_none() {
            wrong.push((
                Field::Date,
                "Bitte das Datum der Änderung angeben.".to_owned(),
            ));
        }
        let kind = match change {
            Change::Deactivate => reason.get_untracked().map(|reason| {
                // A reason that implies an evaluation gives it; else the one chosen, if any.
                let implied =
                    rules.with_untracked(|r| r.implied_evaluation(&reason).map(|e| e.id.clone()));
                EventKind::Deactivated {
                    evaluation: implied.or_else(|| evaluation.get_untracked()),
                    reason,
                }
            }),
            Change::Reactivate => Some(EventKind::Reactivated),
            Change::HandOver => target_provider
                .get_untracked()
                .map(|to| EventKind::HandedOver {
                    to,
                    rule_change: false,
                }),
            Change::Move => target_area
                .get_untracked()
                .map(|to| EventKind::Moved { to }),
        };
        if kind.is_none() {
            wrong.push(match change {
                Change::Deactivate => (
                    Field::Reason,
                    "Bitte den Grund der Abmeldung wählen.".to_owned(),
                ),
                Change::Move => (
                    Field::Area,
                    "Bitte den Regionalbereich wählen, in den die Person umgezogen ist.".to_owned(),
                ),
                _ => (
                    Field::Provider,
                    "Bitte den Träger wählen, der den Fall übernimmt.".to_owned(),
                ),
            });
        }
        let (Some(date_value), Some(kind)) = (date_value, kind) else {
            errors.show(wrong);
            return;
        };
        errors.show(Vec::new());
        let success = match &kind {
            EventKind::Deactivated { .. } => "Der Fall ist jetzt abgemeldet.".to_owned(),
            EventKind::Reactivated => "Der Fall ist wieder aktiv.".to_owned(),
            EventKind::HandedOver { to, .. } => format!(
                "Der Fall wurde an {} übergeben.",
                rules.with_untracked(|r| r.provider_short_name(to))
            ),
            EventKind::Moved { to } => format!(
                "Der Umzug nach {} ist erfasst.",
                rules.with_untracked(|r| r.area_label(to))
            ),
            _ => "Die Änderung wurde gespeichert.".to_owned(),
        };
        let Some(code) = case.with_untracked(|c| c.as_ref().map(|c| c.code.clone())) else {
            return;
        };
        match record_event(state, &code, date_value, kind) {
            Ok(()) => {
                reason.set(None);
                evaluation.set(None);
                target_provider.set(None);
                target_area.set(None);
                show_message(true, success);
            }
            Err(error) => match field_of_refusal(&error, change) {
                Some(field) => errors.show(vec![(field, case_error_text(&error))]),
                None => show_message(false, case_error_text(&error)),
            },
        }
    };

    let add_session = move |_| {
        message.set(None);
        let mut wrong = Vec::new();
        let date_value = session_date.get_untracked();
        if date_value.is_none() {
            wrong.push((
                Field::SessionDate,
                "Bitte das Datum des Termins angeben.".to_owned(),
            ));
        }
        let form_value = session_form.get_untracked();
        if form_value.is_none() {
            wrong.push((
                Field::SessionForm,
                "Bitte die Form des Termins wählen.".to_owned(),
            ));
        }
        let (Some(date_value), Some(form_value)) = (date_value, form_value) else {
            errors.show(wrong);
            return;
        };
        errors.show(Vec::new());
        let Some(code) = case.with_untracked(|c| c.as_ref().map(|c| c.code.clone())) else {
            return;
        };
        let label = rules.with_untracked(|r| r.session_form_label(&form_value));
        match record_session(state, &code, date_value, form_value) {
            Ok(()) => show_message(
                true,
                format!(
                    "Beratungstermin am {} ({label}) erfasst.",
                    format::date(date_value)
                ),
            ),
            // A repeated press: nothing went wrong, and nothing more was recorded.
            Err(error @ CaseError::SessionAlreadyRecorded { .. }) => {
                show_message(true, case_error_text(&error))
            }
            Err(
                error @ (CaseError::FutureDate { .. }
                | CaseError::BeforeAdmission { .. }
                | CaseError::DateOutOfRange { .. }
                | CaseError::SessionWhileInactive { .. }),
            ) => errors.show(vec![(Field::SessionDate, case_error_text(&error))]),
            Err(error) => show_message(false, case_error_text(&error)),
        }
    };
    let has_forms = Memo::new(move |_| rules.with(|r| !r.session_forms.is_empty()));
    let implied = Memo::new(move |_| {
        reason.with(|reason| {
            let reason = reason.as_ref()?;
            rules.with(|r| r.implied_evaluation(reason).map(|e| e.label.clone()))
        })
    });
    let has_evaluations = Memo::new(move |_| rules.with(|r| !r.evaluations.is_empty()));

    let delete = move || {
        let Some(code) = case.with_untracked(|c| c.as_ref().map(|c| c.code.clone())) else {
            return;
        };
        match record_event(state, &code, browser::today(), EventKind::Deleted) {
            Ok(()) => {
                list_message.set(Some((
                    true,
                    format!("Der Fall {code} wurde als Fehleingabe gelöscht."),
                )));
                // The case is gone from the list (the list itself may be gone with the last
                // case): the message about it takes the focus.
                focus_after_render(move || {
                    list_message_ref
                        .get_untracked()
                        .map(|div| div.unchecked_into())
                });
                close.run(false);
            }
            Err(error) => show_message(false, case_error_text(&error)),
        }
    };

    view! {
        <section aria-labelledby=DETAIL_HEADING_ID class="case-detail">
            {confirm.view()}
            <h2 id=DETAIL_HEADING_ID tabindex="-1" node_ref=heading_ref>
                {format!("Fall {code}")}
            </h2>
            <button type="button" class="secondary" on:click=move |_| close.run(true)>
                "Schließen"
            </button>
            {move || {
                current
                    .get()
                    .map(|s| {
                        rules
                            .with(|r| {
                                view! {
                                    <p>
                                        {format!(
                                            "{} · {} · seit {} · ",
                                            r.provider_short_name(&s.provider),
                                            r.area_label(&s.area),
                                            format::date(s.admitted_on),
                                        )}
                                        {status_badge(s.status)}
                                    </p>
                                }
                            })
                    })
            }}
            <ResultMessage message focus_target=message_ref />
            <h3>"Beratungstermin erfassen"</h3>
            <Show
                when=move || has_forms.get()
                fallback=|| view! {
                    <p class="field-hint">
                        "Das Regelwerk nennt keine Formen von Beratungsterminen. Die Koordinierende Stelle ergänzt sie in der Regelwerksdatei (Einstellungen → Regelwerk)."
                    </p>
                }
            >
                <div class="form-row session-form">
                    <div>
                        <label for=Field::SessionDate.id()>"Datum des Termins"</label>
                        {errors.view(Field::SessionDate)}
                        <input
                            id=Field::SessionDate.id()
                            type="date"
                            aria-invalid=errors.invalid(Field::SessionDate)
                            aria-describedby=errors.described_by(Field::SessionDate)
                            prop:value=move || session_date.get().map(format::input_date).unwrap_or_default()
                            on:change=move |ev| {
                                session_date.set(format::parse_input_date(&event_target_value(&ev)));
                                errors.clear(Field::SessionDate);
                            }
                        />
                    </div>
                    <div>
                        {field_select(
                            errors,
                            Field::SessionForm,
                            "Form des Termins",
                            "– Form wählen –",
                            Signal::derive(move || rules.with(|r| r.session_forms.iter().map(|f| Choice::new(f.id.as_str(), f.label.as_str())).collect())),
                            Signal::derive(move || session_form.with(|v| v.as_ref().map(ToString::to_string))),
                            move |value| session_form.set(value.map(SessionFormId::new)),
                        )}
                    </div>
                    <button type="button" on:click=add_session>"Beratungstermin erfassen"</button>
                </div>
            </Show>
            <h3>"Verlauf"</h3>
            <ol class="history" data-testid="history">
                {move || {
                    let entries = case
                        .with(|c| c.as_ref().map(|c| c.history_entries()).unwrap_or_default());
                    rules
                        .with(|r| {
                            entries
                                .into_iter()
                                .map(|entry| history_view(r, entry, state, case, show_message, confirm))
                                .collect_view()
                        })
                }}
            </ol>
            <h3>"Änderung erfassen"</h3>
            <label for=Field::Date.id()>"Datum der Änderung"</label>
            {errors.view(Field::Date)}
            <input
                id=Field::Date.id()
                type="date"
                aria-invalid=errors.invalid(Field::Date)
                aria-describedby=errors.described_by(Field::Date)
                prop:value=move || date.get().map(format::input_date).unwrap_or_default()
                on:change=move |ev| {
                    date.set(format::parse_input_date(&event_target_value(&ev)));
                    errors.clear(Field::Date);
                }
            />
            {move || match status.get() {
                Some(Status::Active) => {
                    view! {
                        <div class="form-row">
                            <div>
                                {field_select(
                                    errors,
                                    Field::Reason,
                                    "Grund der Abmeldung",
                                    "– Grund wählen –",
                                    Signal::derive(move || rules.with(|r| r.deactivation_reasons.iter().map(|o| Choice::new(o.id.as_str(), o.label.as_str())).collect())),
                                    Signal::derive(move || reason.with(|v| v.as_ref().map(ToString::to_string))),
                                    move |value| reason.set(value.map(DeactivationReasonId::new)),
                                )}
                            </div>
                            <Show when=move || has_evaluations.get()>
                                <div>
                                    {move || match implied.get() {
                                        Some(label) => view! {
                                            <p class="field-hint" id="implied-evaluation">
                                                {format!("Bewertung: {label} (folgt aus dem Grund)")}
                                            </p>
                                        }.into_any(),
                                        None => field_select(
                                            errors,
                                            Field::Evaluation,
                                            "Bewertung (freiwillig)",
                                            "– ohne Bewertung –",
                                            Signal::derive(move || rules.with(|r| r.evaluations.iter().map(|e| Choice::new(e.id.as_str(), e.label.as_str())).collect())),
                                            Signal::derive(move || evaluation.with(|v| v.as_ref().map(ToString::to_string))),
                                            move |value| evaluation.set(value.map(EvaluationId::new)),
                                        ).into_any(),
                                    }}
                                </div>
                            </Show>
                            <button type="button" on:click=move |_| record(Change::Deactivate)>
                                "Fall abmelden"
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Some(Status::Inactive) => {
                    view! {
                        <p class="button-row">
                            <button type="button" on:click=move |_| record(Change::Reactivate)>
                                "Wieder aktiv setzen"
                            </button>
                        </p>
                    }
                        .into_any()
                }
                None => ().into_any(),
            }}
            <div class="form-row">
                <div>
                    {field_select(
                        errors,
                        Field::Provider,
                        "Übergabe an Träger",
                        "– Träger wählen –",
                        Signal::derive(move || rules.with(|r| r.providers.iter().map(|p| Choice::new(p.id.as_str(), p.name.as_str())).collect())),
                        Signal::derive(move || target_provider.with(|v| v.as_ref().map(ToString::to_string))),
                        move |value| target_provider.set(value.map(ProviderId::new)),
                    )}
                </div>
                <button type="button" on:click=move |_| record(Change::HandOver)>
                    "Übergeben"
                </button>
            </div>
            <div class="form-row">
                <div>
                    {field_select(
                        errors,
                        Field::Area,
                        "Umzug in Regionalbereich",
                        "– Regionalbereich wählen –",
                        Signal::derive(move || rules.with(|r| r.municipality_areas().map(|a| Choice::new(a.id.as_str(), a.label.as_str())).collect())),
                        Signal::derive(move || target_area.with(|v| v.as_ref().map(ToString::to_string))),
                        move |value| target_area.set(value.map(AreaId::new)),
                    )}
                </div>
                <button type="button" on:click=move |_| record(Change::Move)>
                    "Umzug erfassen"
                </button>
            </div>
            <div class="button-row">
                <button
                    type="button"
                    class="danger"
                    on:click=move |_| {
                        confirm
                            .ask(
                                "Diesen Fall löschen?",
                                format!(
                                    "Der Fall wird als Fehleingabe gelöscht und zählt in keiner Liste und keinem Bericht mehr.{}",
                                    actions::export_reminder(state),
                                ),
                                actions::destructive_actions(state, "löschen", "Fall löschen", delete),
                            );
                    }
                >
                    "Fall löschen (Fehleingabe)"
                </button>
            </div>
        </section>
    }
}

pub(super) fn history_view(
    rules: &RuleSet,
    entry: HistoryEntry,
    state: AppState,
    case: Memo<Option<Case>>,
    show_message: impl Fn(bool, String) + Copy + Send + Sync + 'static,
    confirm: Confirmation,
) -> impl IntoView {
    let text = format!(
        "{}: {}",
        format::date(entry.event.date),
        event_text(rules, &entry.event.kind)
    );
    let voided = entry.voided;
    let can_void = !voided
        && !matches!(
            entry.event.kind,
            EventKind::Admitted(_) | EventKind::Voided { .. } | EventKind::Deleted
        );
    let id = entry.event.id.clone();
    let void_now = move || {
        let Some(code) = case.with_untracked(|c| c.as_ref().map(|c| c.code.clone())) else {
            return;
        };
        let result = record_event(
            state,
            &code,
            browser::today(),
            EventKind::Voided { target: id.clone() },
        );
        match result {
            Ok(()) => show_message(true, "Der Eintrag wurde storniert.".into()),
            Err(error) => show_message(false, case_error_text(&error)),
        }
    };
    let target = entry.event.id.clone();
    let void = move |_| {
        // A correction the domain would refuse is explained at once, before anything is asked.
        let trial = case.with_untracked(|c| {
            c.as_ref().map(|c| {
                let mut trial = c.clone();
                let event = CaseEvent {
                    id: RecordId::from_random(browser::random_u64()),
                    date: browser::today(),
                    recorded_at: browser::now_ms(),
                    kind: EventKind::Voided {
                        target: target.clone(),
                    },
                };
                trial.record(event, browser::today())
            })
        });
        match trial {
            Some(Err(error)) => show_message(false, case_error_text(&error)),
            Some(Ok(())) => confirm.ask(
                "Diesen Eintrag stornieren?",
                format!(
                    "Der Eintrag wird als Fehleingabe storniert; er bleibt durchgestrichen sichtbar und zählt nicht mehr.{}",
                    actions::export_reminder(state)
                ),
                actions::destructive_actions(state, "stornieren", "Eintrag stornieren", void_now.clone()),
            ),
            None => {}
        }
    };
    view! {
        <li>
            <span class:voided=voided>{text}</span>
            {voided.then(|| view! { <span class="badge">" storniert"</span> })}
            {can_void
                .then(|| {
                    view! {
                        <button type="button" class="secondary" on:click=void>
                            "Stornieren"
                        </button>
                    }
                })}
        </li>
    }
}

/// Records a counselling session of a case, validated by the domain (one per date and form).
fn record_session(
    state: AppState,
    code: &CaseCode,
    date: NaiveDate,
    form: SessionFormId,
) -> Result<(), CaseError> {
    let mut updated = state
        .data
        .with_untracked(|d| d.cases.iter().find(|c| &c.code == code).cloned())
        .ok_or(CaseError::Deleted)?;
    updated.record_session(date, form, browser::today())?;
    state.change_data(|d| {
        if let Some(case) = d.cases.iter_mut().find(|c| &c.code == code) {
            *case = updated;
        }
    });
    Ok(())
}

/// Appends an event to a case, validated by the domain.
pub(super) fn record_event(
    state: AppState,
    code: &CaseCode,
    date: NaiveDate,
    kind: EventKind,
) -> Result<(), CaseError> {
    let today = browser::today();
    let event = CaseEvent {
        id: RecordId::from_random(browser::random_u64()),
        date,
        recorded_at: browser::now_ms(),
        kind,
    };
    let mut updated = state
        .data
        .with_untracked(|d| d.cases.iter().find(|c| &c.code == code).cloned())
        .ok_or(CaseError::Deleted)?;
    updated.record(event, today)?;
    state.change_data(|d| {
        if let Some(case) = d.cases.iter_mut().find(|c| &c.code == code) {
            *case = updated;
        }
    });
    Ok(())
}

/// One event in plain German, in the source document's words.
pub(super) fn event_text(rules: &RuleSet, kind: &EventKind) -> String {
    match kind {
        EventKind::Admitted(a) => format!(
            "Aufnahme ({}, {}){}",
            rules.provider_short_name(&a.provider),
            rules.area_label(&a.area),
            if a.against_suggestion.is_some() {
                ", entgegen der Empfehlung"
            } else {
                ""
            }
        ),
        EventKind::Deactivated { reason, evaluation } => format!(
            "abgemeldet – {}{}",
            crate::domain::rules::label_of(&rules.deactivation_reasons, reason)
                .unwrap_or(reason.as_str()),
            evaluation
                .as_ref()
                .map(|e| format!(" (Bewertung: {})", rules.evaluation_label(e)))
                .unwrap_or_default()
        ),
        EventKind::Reactivated => "wieder aktiv".into(),
        EventKind::HandedOver { to, .. } => {
            format!("Übergabe an {}", rules.provider_short_name(to))
        }
        EventKind::Moved { to } => format!("Umzug nach {}", rules.area_label(to)),
        EventKind::Session { form } => {
            format!("Beratungstermin ({})", rules.session_form_label(form))
        }
        EventKind::Voided { .. } => "Stornierung eines Eintrags".into(),
        EventKind::Deleted => "als Fehleingabe gelöscht".into(),
    }
}

/// A drop-down of the change form with its label and its error message: the error's attributes
/// (`aria-invalid`, `aria-describedby`) on the select, and a choice (`choose`) clears the error.
fn field_select(
    errors: FieldErrors,
    field: Field,
    label: &'static str,
    none: &'static str,
    options: Signal<Vec<Choice>>,
    selected: Signal<Option<String>>,
    choose: impl Fn(Option<String>) + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <label for=field.id()>{label}</label>
        {errors.view(field)}
        <SelectOne
            attr:id=field.id()
            attr:aria-invalid=errors.invalid(field)
            attr:aria-describedby=errors.described_by(field)
            none
            options
            selected
            on_choose=Callback::new(move |value: Option<String>| {
                choose(value);
                errors.clear(field);
            })
        />
    }
}
