//! The list's controls: the column headers that sort it and the filters by provider, status
//! and area. Both change the list only through its address ([`ListAddress`]).

use super::address::{status_from_word, status_word, ListAddress, ListQuery, STATUSES};
use crate::app::components::{Choice, SelectOne};
use crate::app::{browser, format};
use crate::domain::register::SortKey;
use crate::domain::review::DueRule;
use crate::domain::rules::RuleSet;
use crate::domain::*;
use leptos::prelude::*;

/// The header text of each column, also each cell's `data-label` in the card layout.
pub(super) fn column_label(key: SortKey) -> &'static str {
    match key {
        SortKey::Code => "Fallcode",
        SortKey::Provider => "Träger",
        SortKey::Area => "Regionalbereich",
        SortKey::AdmittedOn => "Aufgenommen am",
        SortKey::Status => "Status",
        SortKey::LastChange => "Letzte Änderung",
        SortKey::LastSession => "Letzter Termin",
    }
}

/// A column header that sorts the list: a second press reverses the order.
#[component]
pub(super) fn SortHeader(key: SortKey, address: ListAddress) -> impl IntoView {
    let sort = Memo::new(move |_| address.query.with(ListQuery::sort));
    let aria_sort = move || match sort.get() {
        (k, true) if k == key => "descending",
        (k, false) if k == key => "ascending",
        _ => "none",
    };
    view! {
        <th scope="col" aria-sort=aria_sort>
            <button
                type="button"
                class="link-button"
                on:click=move |_| {
                    let (current, descending) = sort.get_untracked();
                    let next = if current == key { (key, !descending) } else { (key, false) };
                    address
                        .change(
                            false,
                            |q| {
                                q.sort = Some(next);
                                q.page = 0;
                            },
                        );
                }
            >
                {column_label(key)}
            </button>
        </th>
    }
}

/// The words of the filter of due cases: "ohne Termin seit mehr als 6 Monaten" (the review
/// rule in force today); `None` when the rule set names no review.
pub(crate) fn due_filter_label(rules: &RuleSet) -> Option<String> {
    DueRule::on(rules, browser::today()).map(|rule| {
        format!(
            "ohne Termin seit mehr als {}",
            format::count(rule.review.after_months as usize, "Monat", "Monaten")
        )
    })
}

/// Filters by provider, status and area, and (where the rule set names a review) to the cases
/// due for review. Choosing one goes back to the list's first page.
#[component]
pub(super) fn Filters(address: ListAddress, rules: Memo<RuleSet>) -> impl IntoView {
    let query = address.query;
    let filter = move |set: fn(&mut ListQuery, Option<String>)| {
        Callback::new(move |value: Option<String>| {
            address.change(false, |q| {
                set(q, value);
                q.page = 0;
            });
        })
    };
    let statuses: Vec<Choice> = STATUSES
        .into_iter()
        .map(|status| Choice::new(status_word(status), status_word(status)))
        .collect();
    view! {
        <div class="form-row no-print" role="group" aria-label="Filter">
            <div>
                <label for="filter-provider">"Träger"</label>
                <SelectOne
                    attr:id="filter-provider"
                    none="alle"
                    options=Signal::derive(move || {
                        rules.with(|r| {
                            r.providers.iter().map(|p| Choice::new(p.id.as_str(), p.short_name.as_str())).collect()
                        })
                    })
                    selected=Signal::derive(move || query.with(|q| q.provider.as_ref().map(ToString::to_string)))
                    on_choose=filter(|q, value| q.provider = value.map(ProviderId::new))
                />
            </div>
            <div>
                <label for="filter-status">"Status"</label>
                <SelectOne
                    attr:id="filter-status"
                    none="alle"
                    options=Signal::stored(statuses)
                    selected=Signal::derive(move || query.with(|q| q.status.map(|s| status_word(s).to_owned())))
                    on_choose=filter(|q, value| q.status = value.as_deref().and_then(status_from_word))
                />
            </div>
            <div>
                <label for="filter-area">"Regionalbereich"</label>
                <SelectOne
                    attr:id="filter-area"
                    none="alle"
                    options=Signal::derive(move || {
                        rules.with(|r| r.areas.iter().map(|a| Choice::new(a.id.as_str(), a.label.as_str())).collect())
                    })
                    selected=Signal::derive(move || query.with(|q| q.area.as_ref().map(ToString::to_string)))
                    on_choose=filter(|q, value| q.area = value.map(AreaId::new))
                />
            </div>
            {move || {
                rules.with(due_filter_label).map(|label| view! {
                    <div class="checkbox-filter">
                        <label class="choice">
                            <input type="checkbox"
                                prop:checked=move || query.with(|q| q.due)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    address.change(false, |q| {
                                        q.due = on;
                                        q.page = 0;
                                    });
                                } />
                            {label}
                        </label>
                    </div>
                })
            }}
        </div>
    }
}
