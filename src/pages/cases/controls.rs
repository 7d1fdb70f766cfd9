//! The list's controls: the column headers that sort it and the filters by provider, status
//! and area. Both change the list only through its address ([`ListAddress`]).

use super::address::{status_from_word, status_word, ListAddress, ListQuery};
use crate::domain::case::Status;
use crate::domain::register::SortKey;
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

/// Filters by provider, status and area.
#[component]
pub(super) fn Filters(address: ListAddress, rules: Memo<RuleSet>) -> impl IntoView {
    let query = address.query;
    view! {
        <div class="form-row no-print" role="group" aria-label="Filter">
            <div>
                <label for="filter-provider">"Träger"</label>
                <select
                    id="filter-provider"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        address
                            .change(
                                false,
                                |q| {
                                    q.provider = (!v.is_empty()).then(|| ProviderId::new(v));
                                    q.page = 0;
                                },
                            );
                    }
                >
                    <option value="" prop:selected=move || query.with(|q| q.provider.is_none())>
                        "alle"
                    </option>
                    {move || {
                        rules
                            .with(|r| r.providers.clone())
                            .into_iter()
                            .map(|p| {
                                let id = p.id.clone();
                                view! {
                                    <option
                                        value=p.id.as_str().to_owned()
                                        prop:selected=move || {
                                            query.with(|q| q.provider.as_ref() == Some(&id))
                                        }
                                    >
                                        {p.short_name.clone()}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div>
                <label for="filter-status">"Status"</label>
                <select
                    id="filter-status"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        address
                            .change(
                                false,
                                |q| {
                                    q.status = status_from_word(&v);
                                    q.page = 0;
                                },
                            );
                    }
                >
                    <option value="" prop:selected=move || query.with(|q| q.status.is_none())>
                        "alle"
                    </option>
                    {[Status::Active, Status::Inactive]
                        .into_iter()
                        .map(|status| {
                            view! {
                                <option
                                    value=status_word(status)
                                    prop:selected=move || query.with(|q| q.status == Some(status))
                                >
                                    {status_word(status)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div>
                <label for="filter-area">"Regionalbereich"</label>
                <select
                    id="filter-area"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        address
                            .change(
                                false,
                                |q| {
                                    q.area = (!v.is_empty()).then(|| AreaId::new(v));
                                    q.page = 0;
                                },
                            );
                    }
                >
                    <option value="" prop:selected=move || query.with(|q| q.area.is_none())>
                        "alle"
                    </option>
                    {move || {
                        rules
                            .with(|r| r.areas.clone())
                            .into_iter()
                            .map(|a| {
                                let id = a.id.clone();
                                view! {
                                    <option
                                        value=a.id.as_str().to_owned()
                                        prop:selected=move || {
                                            query.with(|q| q.area.as_ref() == Some(&id))
                                        }
                                    >
                                        {a.label.clone()}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        </div>
    }
}
