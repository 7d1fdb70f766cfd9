//! The rule-change handovers: cases whose responsible provider differs under the rules that
//! start on a chosen date, handed over in one action.

use super::detail::record_event;
use super::feedback::{element_by_id, focus_after_render, ResultMessage};
use crate::app::components::{toggle, Choice, SelectOne};
use crate::app::{format, use_app_state};
use crate::domain::case::EventKind;
use crate::domain::*;
use crate::pages::error_texts::case_error_text;
use chrono::NaiveDate;
use leptos::html;
use leptos::prelude::*;
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;

/// The rule-change handovers: cases whose responsible provider differs under the rules that
/// start on a chosen date, handed over in one action.
#[component]
pub(super) fn RuleChangeHandovers() -> impl IntoView {
    let state = use_app_state();
    let starts = move || state.data.with(|d| d.rules.version_starts());
    let version_start = RwSignal::new(None::<NaiveDate>);
    let handover_date = RwSignal::new(None::<NaiveDate>);
    let date_error = RwSignal::new(false);
    let chosen = RwSignal::new(BTreeSet::<CaseCode>::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let message_ref = NodeRef::<html::Div>::new();
    let candidates = Memo::new(move |_| {
        version_start
            .get()
            .map(|on| {
                state
                    .data
                    .with(|d| crate::domain::case::handover_candidates(&d.cases, &d.rules, on))
            })
            .unwrap_or_default()
    });
    Effect::watch(
        move || candidates.get(),
        move |list, _, _| chosen.set(sorting::set_of(list.iter().map(|c| c.code.clone()))),
        false,
    );
    let hand_over = move |_| {
        message.set(None);
        let Some(date) = handover_date.get_untracked() else {
            date_error.set(true);
            focus_after_render(|| element_by_id("handover-date"));
            return;
        };
        date_error.set(false);
        let list = candidates.get_untracked();
        let picked = chosen.get_untracked();
        let mut done = 0;
        let mut refused = Vec::new();
        for candidate in list.iter().filter(|c| picked.contains(&c.code)) {
            match record_event(
                state,
                &candidate.code,
                date,
                EventKind::HandedOver {
                    to: candidate.to.clone(),
                    rule_change: true,
                },
            ) {
                Ok(()) => done += 1,
                Err(error) => {
                    refused.push(format!("{}: {}", candidate.code, case_error_text(&error)))
                }
            }
        }
        let handed_over = format::count(done, "Fall", "Fälle");
        message.set(Some(if refused.is_empty() {
            let verb = if done == 1 { "wurde" } else { "wurden" };
            (
                true,
                format!("{handed_over} {verb} zum {} übergeben.", format::date(date)),
            )
        } else {
            (
                false,
                format!(
                    "{handed_over} übergeben; nicht übergeben: {}",
                    refused.join("; ")
                ),
            )
        }));
        focus_after_render(move || message_ref.get_untracked().map(|div| div.unchecked_into()));
    };
    view! {
        <section aria-labelledby="uebergaben-titel">
            <h2 id="uebergaben-titel">"Übergaben nach Regeländerung"</h2>
            <p class="field-hint">
                "Fälle, deren zuständiger Träger nach der ab einem Datum geltenden Regelung ein anderer ist."
            </p>
            <div class="form-row">
                <div>
                    <label for="version-start">"Regelung ab"</label>
                    <SelectOne
                        attr:id="version-start"
                        none="– Regelung wählen –"
                        options=Signal::derive(move || {
                            starts().into_iter().map(|d| Choice::new(format::input_date(d), format::date(d))).collect()
                        })
                        selected=Signal::derive(move || version_start.get().map(format::input_date))
                        on_choose=Callback::new(move |value: Option<String>| {
                            version_start.set(value.as_deref().and_then(format::parse_input_date));
                        })
                    />
                </div>
                <div>
                    <label for="handover-date">"Datum der Übergabe"</label>
                    {move || {
                        date_error
                            .get()
                            .then(|| {
                                view! {
                                    <p class="field-error" id="handover-date-fehler">
                                        "Bitte das Datum der Übergabe angeben."
                                    </p>
                                }
                            })
                    }}
                    <input
                        id="handover-date"
                        type="date"
                        aria-invalid=move || date_error.get().then_some("true")
                        aria-describedby=move || date_error.get().then_some("handover-date-fehler")
                        on:change=move |ev| {
                            handover_date.set(format::parse_input_date(&event_target_value(&ev)));
                            date_error.set(false);
                        }
                    />
                </div>
            </div>
            <Show when=move || version_start.get().is_some()>
                <p data-testid="handover-count">
                    {move || {
                        format!(
                            "{} betroffen.",
                            format::count(candidates.with(Vec::len), "Fall", "Fälle"),
                        )
                    }}
                </p>
                <ul class="plain-list">
                    {move || {
                        let rules = state.data.with(|d| d.rules.clone());
                        candidates
                            .get()
                            .into_iter()
                            .map(|c| {
                                let code = c.code.clone();
                                let code_checked = c.code.clone();
                                view! {
                                    <li>
                                        <label class="choice">
                                            <input
                                                type="checkbox"
                                                prop:checked=move || chosen.with(|s| s.contains(&code_checked))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    chosen.update(|s| toggle(s, code.clone(), on));
                                                }
                                            />
                                            {format!(
                                                "{} ({}): {} → {}",
                                                c.code,
                                                rules.area_label(&c.area),
                                                rules.provider_short_name(&c.from),
                                                rules.provider_short_name(&c.to),
                                            )}
                                        </label>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <button
                    type="button"
                    on:click=hand_over
                    disabled=move || chosen.with(|s| s.is_empty())
                >
                    "Ausgewählte Fälle übergeben"
                </button>
            </Show>
            <ResultMessage message focus_target=message_ref />
        </section>
    }
}
