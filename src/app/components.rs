//! Small components shared by several pages.

use leptos::prelude::*;
use std::collections::BTreeSet;

/// One option of a [`ChoiceGroup`]: the value sent back and the German label shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    /// A choice from any id and label.
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Choice {
            value: value.into(),
            label: label.into(),
        }
    }
}

/// A fieldset of radio buttons (`multiple = false`) or checkboxes with large click targets:
/// every answer in the app is a choice, never free text.
#[component]
pub fn ChoiceGroup(
    /// The question, read out as the group's name.
    #[prop(into)]
    legend: String,
    /// The `name` shared by the radio buttons.
    name: &'static str,
    /// Checkboxes instead of radio buttons.
    #[prop(optional)]
    multiple: bool,
    /// Extra class for the fieldset (e.g. `nested`).
    #[prop(optional)]
    class: &'static str,
    /// The options, in order.
    #[prop(into)]
    choices: Signal<Vec<Choice>>,
    /// Whether an option is checked (read reactively).
    is_checked: Callback<String, bool>,
    /// Called with the value and whether it is now checked.
    on_change: Callback<(String, bool)>,
) -> impl IntoView {
    let kind = if multiple { "checkbox" } else { "radio" };
    view! {
        <fieldset class=class>
            <legend>{legend}</legend>
            <div class="choice-grid">
                {move || {
                    choices
                        .get()
                        .into_iter()
                        .map(|choice| {
                            let value = choice.value.clone();
                            let checked_value = choice.value.clone();
                            view! {
                                <label class="choice">
                                    <input
                                        type=kind
                                        name=name
                                        prop:checked=move || is_checked.run(checked_value.clone())
                                        on:change=move |ev| {
                                            on_change.run((value.clone(), event_target_checked(&ev)))
                                        }
                                    />
                                    {choice.label}
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </fieldset>
    }
}

/// A success or error message in a live region; `None` shows nothing.
#[component]
pub fn StatusMessage(
    /// `(success, text)`.
    message: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    view! {
        <div role="status">
            {move || {
                message
                    .get()
                    .map(|(ok, text)| {
                        view! {
                            <div class=if ok {
                                "notice notice-success"
                            } else {
                                "notice notice-error"
                            }>
                                <p>{text}</p>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// Adds `item` to `set` when `on`, removes it otherwise.
pub fn toggle<T: Ord>(set: &mut BTreeSet<T>, item: T, on: bool) {
    if on {
        set.insert(item);
    } else {
        set.remove(&item);
    }
}

/// A wrapper that lets a wide table scroll sideways. It is a named, focusable region, so
/// keyboard users can scroll it too (WCAG 2.1.1; axe `scrollable-region-focusable`).
#[component]
pub fn TableWrap(
    /// The region's name, e.g. the table's title.
    #[prop(into)]
    label: String,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap" role="region" aria-label=label tabindex="0">
            {children()}
        </div>
    }
}
