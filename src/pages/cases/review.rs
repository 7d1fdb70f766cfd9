//! Quiet cases to review (*Fälle ohne Termin*): with the list filtered to the active cases
//! without a session for longer than the rule set allows (`domain::review`), the user selects
//! cases and deregisters them with the review's reason ("lange kein Kontakt") after one
//! in-page confirmation that names how many. Nothing changes a status by itself, and a second
//! press deregisters nothing more ([`Dataset::deregister`] leaves inactive cases alone).
//!
//! [`Dataset::deregister`]: crate::domain::Dataset::deregister

use super::feedback::focus_after_render;
use crate::app::components::{ActionKind, Confirmation, DialogAction};
use crate::app::{browser, format, use_app_state};
use crate::domain::register::CaseRow;
use crate::domain::review::DueRule;
use crate::domain::rules::label_or_id;
use crate::domain::*;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The selection and the action on it, above the filtered list.
#[component]
pub(super) fn ReviewActions(
    /// The rows the list shows (every page).
    rows: Memo<Vec<CaseRow>>,
    /// The codes selected.
    selected: RwSignal<Vec<CaseCode>>,
    /// The list's message, for the result.
    list_message: RwSignal<Option<(bool, String)>>,
    list_message_ref: NodeRef<html::Div>,
    /// The list's dialog (it outlives this part, which goes when no case is left to show).
    confirm: Confirmation,
) -> impl IntoView {
    let state = use_app_state();
    let show = move |ok: bool, text: String| {
        list_message.set(Some((ok, text)));
        focus_after_render(move || {
            list_message_ref
                .get_untracked()
                .map(|div| div.unchecked_into())
        });
    };
    let count = move || selected.with(Vec::len);
    let deregister = move |_| {
        let codes = selected.get_untracked();
        if codes.is_empty() {
            show(
                false,
                "Bitte zuerst die Fälle auswählen, die abgemeldet werden sollen.".into(),
            );
            return;
        }
        let today = browser::today();
        let Some(rule) = state.data.with_untracked(|d| DueRule::on(&d.rules, today)) else {
            return;
        };
        let reason = rule.review.reason.clone();
        let label = state
            .data
            .with_untracked(|d| label_or_id(&d.rules.deactivation_reasons, &reason));
        let reason_label = label.clone();
        let n = codes.len();
        let cases = format::count(n, "Fall", "Fälle");
        let run = move || {
            let mut done = Vec::new();
            state.change_data(|d| {
                done = d.deregister(
                    &codes,
                    &reason,
                    today,
                    browser::now_ms(),
                    || RecordId::from_random(browser::random_u64()),
                    today,
                );
            });
            selected.set(Vec::new());
            let text = if done.is_empty() {
                "Die ausgewählten Fälle sind bereits abgemeldet; nichts wurde geändert.".to_owned()
            } else {
                format!(
                    "{} mit dem Grund „{label}“ zum {} abgemeldet.",
                    format::count(done.len(), "Fall", "Fälle"),
                    format::date(today)
                )
            };
            show(true, text);
        };
        confirm.ask(
            format!("{cases} abmelden?"),
            if n == 1 {
                format!(
                    "Der ausgewählte Fall wird mit dem Grund „{reason_label}“ zum {} abgemeldet. Er zählt im Bericht als inaktiv und lässt sich wieder aktiv setzen.",
                    format::date(today)
                )
            } else {
                format!(
                    "Die {n} ausgewählten Fälle werden mit dem Grund „{reason_label}“ zum {} abgemeldet. Sie zählen im Bericht als inaktiv und lassen sich wieder aktiv setzen.",
                    format::date(today)
                )
            },
            vec![DialogAction::new(format!("{cases} abmelden"), ActionKind::Primary, run)],
        );
    };
    view! {
        <div class="review-actions no-print" role="group" aria-label="Fälle ohne Termin abmelden">
            <p>{move || format!("{} ausgewählt.", format::count(count(), "Fall", "Fälle"))}</p>
            <div class="button-row">
                <button type="button" class="secondary"
                    on:click=move |_| selected.set(rows.with(|r| r.iter().map(|row| row.code.clone()).collect()))>
                    {move || format!("Alle {} auswählen", rows.with(Vec::len))}
                </button>
                <button type="button" class="secondary" disabled=move || count() == 0
                    on:click=move |_| selected.set(Vec::new())>
                    "Auswahl aufheben"
                </button>
                <button type="button" on:click=deregister>
                    "Ausgewählte Fälle abmelden"
                </button>
            </div>
        </div>
    }
}

/// The checkbox that selects one case of the filtered list.
pub(super) fn select_box(code: &CaseCode, selected: RwSignal<Vec<CaseCode>>) -> impl IntoView {
    let for_check = code.clone();
    let for_change = code.clone();
    view! {
        <label class="select-case">
            <input type="checkbox"
                prop:checked=move || selected.with(|s| s.contains(&for_check))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| {
                        s.retain(|c| *c != for_change);
                        if on {
                            s.push(for_change.clone());
                        }
                    });
                } />
            <span class="visually-hidden">{format!("Fall {code} auswählen")}</span>
        </label>
    }
}
