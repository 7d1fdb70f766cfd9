//! Small components shared by several pages.

use crate::domain::sorting;
use leptos::prelude::*;
use std::collections::BTreeSet;

/// One option of a [`ChoiceGroup`] or a [`SelectOne`]: the value sent back and the German
/// label shown.
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

/// A drop-down to choose one of `options` or none. The first option, `none` (value `""`), is a
/// prompt such as "– Träger wählen –" or, in a filter, "alle". The option whose value
/// `selected` holds is shown selected, and follows it; `on_choose` gets the value picked,
/// `None` for the first option. Attributes given with `attr:` (`id`, `aria-invalid`,
/// `aria-describedby`) go onto the `<select>`, which its `<label for>` names.
#[component]
pub fn SelectOne(
    /// The first option's text.
    none: &'static str,
    /// The options after it, in order.
    #[prop(into)]
    options: Signal<Vec<Choice>>,
    /// The value chosen; `None` selects the first option.
    #[prop(into)]
    selected: Signal<Option<String>>,
    /// Called with the value picked.
    on_choose: Callback<Option<String>>,
) -> impl IntoView {
    view! {
        <select on:change=move |ev| {
            let value = event_target_value(&ev);
            on_choose.run((!value.is_empty()).then_some(value));
        }>
            <option value="" prop:selected=move || selected.with(Option::is_none)>
                {none}
            </option>
            {move || {
                options
                    .get()
                    .into_iter()
                    .map(|choice| {
                        let value = choice.value.clone();
                        view! {
                            <option
                                value=choice.value
                                prop:selected=move || selected.with(|s| s.as_deref() == Some(value.as_str()))
                            >
                                {choice.label}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
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
    } else if set.contains(&item) {
        // Rebuilt rather than `remove`d: the sets are a form's few choices, and
        // `BTreeSet::remove` with its rebalancing was generated anew for every item type
        // (size, see `domain::sorting`).
        *set = sorting::set_of(std::mem::take(set).into_iter().filter(|kept| *kept != item));
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

/// How a button of a [`ConfirmDialog`] looks: what it does decides where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    /// The safe way forward (e.g. "Erst exportieren, dann löschen").
    Primary,
    /// Goes ahead with something that cannot be undone; stands apart, in red.
    Destructive,
}

/// One button of a [`ConfirmDialog`]: its German label says what it does.
#[derive(Clone)]
pub struct DialogAction {
    pub label: String,
    pub kind: ActionKind,
    pub run: Callback<()>,
}

impl DialogAction {
    /// A button that runs `run` and closes the dialog.
    pub fn new(
        label: impl Into<String>,
        kind: ActionKind,
        run: impl Fn() + Send + Sync + 'static,
    ) -> Self {
        DialogAction {
            label: label.into(),
            kind,
            run: Callback::new(move |()| run()),
        }
    }
}

fn next_dialog_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A confirmation in the page instead of `window.confirm`: a modal `<dialog>` (focus moves
/// inside and stays there, the page behind is inert, Escape or "Abbrechen" cancels, and focus
/// returns to the button that opened it). Its buttons say what they do; "Abbrechen" always
/// means "do nothing" and has the focus first, destructive buttons stand apart.
#[component]
pub fn ConfirmDialog(
    /// Whether the dialog is shown; any choice and Escape set it back to `false`.
    open: RwSignal<bool>,
    /// The question, as the dialog's name.
    #[prop(into)]
    title: Signal<String>,
    /// What will happen, as the dialog's description.
    #[prop(into)]
    message: Signal<String>,
    /// The buttons besides "Abbrechen".
    #[prop(into)]
    actions: Signal<Vec<DialogAction>>,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let id = next_dialog_id();
    let title_id = format!("dialog-{id}-titel");
    let message_id = format!("dialog-{id}-text");
    let (labelled_by, described_by) = (title_id.clone(), message_id.clone());
    Effect::new(move |_| {
        let show = open.get();
        let Some(element) = dialog.get() else {
            return;
        };
        if show && !element.open() {
            let _shown_or_already_open = element.show_modal();
        } else if !show && element.open() {
            element.close();
        }
    });
    let buttons = move || {
        actions
            .get()
            .into_iter()
            .map(|action| {
                let class = match action.kind {
                    ActionKind::Primary => "",
                    ActionKind::Destructive => "danger",
                };
                let run = action.run;
                view! {
                    <button
                        type="button"
                        class=class
                        on:click=move |_| {
                            open.set(false);
                            run.run(());
                        }
                    >
                        {action.label}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <dialog
            node_ref=dialog
            class="confirm-dialog"
            aria-labelledby=labelled_by
            aria-describedby=described_by
            on:close=move |_| open.set(false)
        >
            <h2 id=title_id>{title}</h2>
            <p id=message_id>{message}</p>
            <div class="dialog-actions">
                <button type="button" class="secondary" autofocus on:click=move |_| open.set(false)>
                    "Abbrechen"
                </button>
                {buttons}
            </div>
        </dialog>
    }
}

/// The state of a page's one [`ConfirmDialog`]: [`Confirmation::ask`] opens it with a
/// question, [`Confirmation::view`] renders it (once, anywhere in the page).
#[derive(Clone, Copy)]
pub struct Confirmation {
    open: RwSignal<bool>,
    title: RwSignal<String>,
    message: RwSignal<String>,
    actions: RwSignal<Vec<DialogAction>>,
}

impl Default for Confirmation {
    fn default() -> Self {
        Self::new()
    }
}

impl Confirmation {
    /// A closed dialog.
    pub fn new() -> Self {
        Confirmation {
            open: RwSignal::new(false),
            title: RwSignal::new(String::new()),
            message: RwSignal::new(String::new()),
            actions: RwSignal::new(Vec::new()),
        }
    }

    /// Opens the dialog with `title` (the question), `message` (what will happen) and the
    /// buttons besides "Abbrechen".
    pub fn ask(
        self,
        title: impl Into<String>,
        message: impl Into<String>,
        actions: Vec<DialogAction>,
    ) {
        self.title.set(title.into());
        self.message.set(message.into());
        self.actions.set(actions);
        self.open.set(true);
    }

    /// The dialog element.
    pub fn view(self) -> impl IntoView {
        view! {
            <ConfirmDialog
                open=self.open
                title=self.title
                message=self.message
                actions=self.actions
            />
        }
    }
}

/// A passphrase field with its error at it (`aria-invalid`, `aria-describedby` pointing to
/// the message), for the lock screen, *Kennwortschutz* and encrypted imports.
#[component]
pub fn PasswordField(
    id: &'static str,
    label: &'static str,
    /// `current-password`, `new-password` or `off`.
    autocomplete: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-fehler");
    let described = error_id.clone();
    view! {
        <div class="field" class:field-group-error=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            {move || error.get().map(|text| view! { <p class="field-error" id=error_id.clone()>{text}</p> })}
            <input
                id=id
                type="password"
                autocomplete=autocomplete
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}
