//! *Fälle*: the case register. A list (smooth with 20,000 cases) searched by case code,
//! filtered, sorted and paged; the history of one case with its actions (*Fall abmelden*,
//! *Wieder aktiv setzen*, *Übergeben*, *Stornieren*, delete, *Beratungstermin erfassen*); the
//! cases without a session for too long, deregistered together ([`review`]); and the
//! rule-change handovers.
//! Every action appends a dated event (`domain::case`); nothing is overwritten.
//!
//! Files: this one holds the page and the list; [`address`] the list's state in the URL,
//! [`controls`] the sort headers and filters, [`detail`] the open case, [`feedback`] messages,
//! field errors and focus, [`handovers`] the rule-change handovers.
//!
//! Decisions:
//! - **The list's state lives in the address** (see [`address`] for the words): search,
//!   filters, sort, page and the open case are query parameters, e.g.
//!   `/faelle?suche=ab12&status=aktiv&sort=aufnahme&absteigend=1&seite=2&fall=AB12-CD34`.
//!   Opening and closing a case add a history entry, so the browser's back button returns to
//!   the list as it was; typing, filtering, sorting and paging replace the current entry, so
//!   back does not step through every keystroke.
//! - **The open case is shown below the list** rather than inside a table row: a row is
//!   re-rendered when its case changes, and the detail (with its message and focus) must
//!   survive that. Opening scrolls the detail into view and focuses its heading; closing
//!   (also with the back button) returns the focus to the case's button in the list.
//! - **Focus follows the result**: after an action the focus moves to its message; a missing
//!   or refused entry is shown at its field (`aria-invalid`, `aria-describedby`) and that field
//!   gets the focus. The small forms here have one or two fields, so there is no separate error
//!   summary: the first wrong field is where the eye already is.
//! - **The search opens a case only when sent** (Enter or "Suchen"), never while typing, so
//!   the focus does not jump away from a field still being typed into (WCAG 3.2.2).
//! - **Narrow screens**: the table has the class `card-table` and every cell a `data-label`
//!   with its column's name; the style sheet turns rows into cards from those.

mod address;
mod controls;
mod detail;
mod feedback;
mod handovers;
mod review;

use address::{status_word, ListAddress, ListQuery, SORT_WORDS};
use controls::{column_label, Filters, SortHeader};
use detail::CaseDetail;
use feedback::{element_by_id, focus_after_render, ResultMessage};
use handovers::RuleChangeHandovers;
use review::{select_box, ReviewActions};

use crate::app::components::Confirmation;
use crate::app::router::{use_router, PageLink, Query};
use crate::app::routes::Page;
use crate::app::{browser, format, use_app_state};
use crate::domain::case::Status;
use crate::domain::register::{self, CaseRow, Filter, SortKey};
use crate::domain::rules::RuleSet;
use crate::domain::*;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const PAGE_SIZE: usize = 50;

/// The id of the search field.
const SEARCH_ID: &str = "fallcode-suche";

/// The id of the open case's heading.
const DETAIL_HEADING_ID: &str = "fall-titel";

/// The case register page.
#[component]
pub fn CasesPage() -> impl IntoView {
    let state = use_app_state();
    let rules = Memo::new(move |_| state.data.with(|d| d.rules.clone()));
    let router = use_router();
    let query = Memo::new(move |_| {
        let params = router.search.with(|search| Query::parse(search));
        rules.with(|rules| ListQuery::from_params(&params, rules))
    });
    let go = Callback::new(move |(target, push): (ListQuery, bool)| {
        router.go(&target.path(), !push, false)
    });
    let address = ListAddress { query, go };
    let all_rows = Memo::new(move |_| {
        state
            .data
            .with(|d| register::rows(&d.cases, &d.rules, browser::today()))
    });
    let has_cases = Memo::new(move |_| all_rows.with(|rows| !rows.is_empty()));
    let list_message = RwSignal::new(None::<(bool, String)>);
    let list_message_ref = NodeRef::<html::Div>::new();

    view! {
        <h1 tabindex="-1">"Fälle"</h1>
        <ResultMessage message=list_message focus_target=list_message_ref />
        {move || {
            if has_cases.get() {
                view! { <CaseList address all_rows rules list_message list_message_ref /> }
                    .into_any()
            } else {
                view! { <NoCasesYet /> }.into_any()
            }
        }}
    }
}

/// What an empty register says: where cases come from, with links there.
#[component]
fn NoCasesYet() -> impl IntoView {
    view! {
        <section aria-labelledby="keine-faelle">
            <h2 id="keine-faelle">"Noch keine Fälle"</h2>
            <p>
                "Ein Fall entsteht bei der Aufnahme: Prüfen Sie dort, ob eine Person in das Case Management gehört, und nehmen Sie sie auf. Der Fallcode, den Sie dabei erhalten, steht danach hier in der Liste."
            </p>
            <p class="button-row">
                <PageLink page=Page::Intake attr:class="button">"Zur Aufnahme"</PageLink>
            </p>
            <p class="field-hint">
                "Fälle von einem anderen Gerät übernehmen Sie über den "
                <PageLink page=Page::Exchange>"Datenaustausch"</PageLink>
                "."
            </p>
        </section>
    }
}

/// The search, the filters, one page of the list, the open case and the rule-change
/// handovers.
#[component]
fn CaseList(
    address: ListAddress,
    all_rows: Memo<Vec<CaseRow>>,
    rules: Memo<RuleSet>,
    list_message: RwSignal<Option<(bool, String)>>,
    list_message_ref: NodeRef<html::Div>,
) -> impl IntoView {
    let query = address.query;
    let filter = Memo::new(move |_| query.with(ListQuery::filter));
    let sort = Memo::new(move |_| query.with(ListQuery::sort));
    let rows = Memo::new(move |_| {
        let (key, descending) = sort.get();
        let mut rows: Vec<CaseRow> = filter.with(|filter| {
            all_rows.with(|rows| rows.iter().filter(|r| filter.matches(r)).cloned().collect())
        });
        register::sort(&mut rows, key, descending);
        rows
    });
    let page_count = Memo::new(move |_| rows.with(|r| r.len().div_ceil(PAGE_SIZE).max(1)));
    let page_index = Memo::new(move |_| query.with(|q| q.page).min(page_count.get() - 1));
    // The open case: one the address names and the register holds (not deleted).
    let selected = Memo::new(move |_| {
        query
            .with(|q| q.open.clone())
            .filter(|code| all_rows.with(|rows| rows.iter().any(|r| r.code == *code)))
    });
    let counts_ref = NodeRef::<html::P>::new();
    // The cases selected in the list of cases due for review.
    let chosen = RwSignal::new(Vec::<CaseCode>::new());
    let confirm = Confirmation::new();
    let reviewing = Memo::new(move |_| query.with(|q| q.due));

    let open = move |code: CaseCode| {
        list_message.set(None);
        if selected.get_untracked().as_ref() == Some(&code) {
            focus_after_render(|| element_by_id(DETAIL_HEADING_ID));
        } else {
            address.change(true, |q| q.open = Some(code));
        }
    };
    let close = Callback::new(move |push: bool| address.change(push, |q| q.open = None));
    // Closing (also by the back button) returns the focus to the case's button in the list;
    // when the list no longer shows it, to the message about it or the search field.
    Effect::watch(
        move || selected.get(),
        move |now, before, _| {
            if let (None, Some(Some(closed))) = (now, before) {
                let button = case_button_id(closed);
                focus_after_render(move || {
                    element_by_id(&button)
                        .or_else(|| {
                            list_message
                                .with_untracked(Option::is_some)
                                .then(|| list_message_ref.get_untracked())
                                .flatten()
                                .map(|div| div.unchecked_into())
                        })
                        .or_else(|| element_by_id(SEARCH_ID))
                });
            }
        },
        false,
    );
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let found = filter.with_untracked(|filter| {
            all_rows.with_untracked(|all| {
                rows.with_untracked(|shown| register::case_to_open(&filter.code, all, shown))
            })
        });
        match found {
            Some(code) => open(code),
            // The list is the answer: the count says how many cases it holds.
            None => {
                focus_after_render(move || counts_ref.get_untracked().map(|p| p.unchecked_into()))
            }
        }
    };
    let counts_text = move || {
        let counts = rows.with(|rows| register::counts(rows));
        let text = format!(
            "{}, davon {} aktiv und {} abgemeldet",
            format::count(counts.total, "Fall", "Fälle"),
            format::number(counts.active),
            format::number(counts.inactive)
        );
        if filter.with(Filter::is_everything) {
            format!("{text}.")
        } else {
            let all = all_rows.with(Vec::len);
            format!(
                "{text} (Auswahl aus {}).",
                format::count(all, "Fall", "Fällen")
            )
        }
    };

    view! {
        {confirm.view()}
        <form role="search" class="no-print" on:submit=search>
            <label for=SEARCH_ID>"Fallcode suchen"</label>
            <p class="field-hint" id="fallcode-suche-hinweis">
                "Wie auf der Akte, mit oder ohne Bindestrich, z. B. AB12CD34; schon die ersten Zeichen grenzen die Liste ein."
            </p>
            <div class="form-row">
                <input
                    id=SEARCH_ID
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="fallcode-suche-hinweis"
                    prop:value=move || query.with(|q| q.search.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        address
                            .change(
                                false,
                                |q| {
                                    q.search = text;
                                    q.page = 0;
                                },
                            );
                    }
                />
                <button type="submit">"Suchen"</button>
            </div>
        </form>
        <Filters address rules />
        <p class="lead" data-testid="case-counts" tabindex="-1" node_ref=counts_ref>
            {counts_text}
        </p>
        <Show
            when=move || rows.with(|rows| !rows.is_empty())
            fallback=move || {
                view! {
                    <p>"Kein Fall passt zu Suche und Filter."</p>
                    <p class="button-row">
                        <button
                            type="button"
                            class="secondary"
                            on:click=move |_| {
                                address
                                    .change(
                                        false,
                                        |q| {
                                            *q = ListQuery {
                                                open: q.open.take(),
                                                ..ListQuery::default()
                                            };
                                        },
                                    );
                                focus_after_render(|| element_by_id(SEARCH_ID));
                            }
                        >
                            "Suche und Filter zurücksetzen"
                        </button>
                    </p>
                }
            }
        >
            <Show when=move || reviewing.get()>
                <ReviewActions rows selected=chosen list_message list_message_ref confirm />
            </Show>
            <div class="table-wrap">
                <table data-testid="case-table" class="card-table">
                    <caption class="visually-hidden">"Fallliste"</caption>
                    <thead>
                        <tr>
                            <Show when=move || reviewing.get()>
                                <th scope="col">"Auswahl"</th>
                            </Show>
                            {SORT_WORDS
                                .into_iter()
                                .map(|(key, _)| view! { <SortHeader key address /> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let index = page_index.get();
                            rows.with(|rows| {
                                rules.with(|r| {
                                    register::page(rows, index, PAGE_SIZE)
                                        .iter()
                                        .map(|row| {
                                            let choose = reviewing.get().then_some(chosen);
                                            case_row_view(r, row, open, choose)
                                        })
                                        .collect_view()
                                })
                            })
                        }}
                    </tbody>
                </table>
            </div>
            <nav aria-label="Seiten der Fallliste" class="button-row">
                <button
                    type="button"
                    class="secondary"
                    disabled=move || page_index.get() == 0
                    on:click=move |_| {
                        let to = page_index.get_untracked().saturating_sub(1);
                        address.change(false, |q| q.page = to);
                    }
                >
                    "Vorherige Seite"
                </button>
                <span>{move || format!("Seite {} von {}", page_index.get() + 1, page_count.get())}</span>
                <button
                    type="button"
                    class="secondary"
                    disabled=move || { page_index.get() + 1 >= page_count.get() }
                    on:click=move |_| {
                        let to = page_index.get_untracked() + 1;
                        address.change(false, |q| q.page = to);
                    }
                >
                    "Nächste Seite"
                </button>
            </nav>
        </Show>
        {move || {
            selected.get().map(|code| view! { <CaseDetail code close list_message list_message_ref /> })
        }}
        <RuleChangeHandovers />
    }
}

/// The id of a case's button in the list.
fn case_button_id(code: &CaseCode) -> String {
    format!("fall-{code}")
}

fn case_row_view(
    rules: &RuleSet,
    row: &CaseRow,
    open: impl Fn(CaseCode) + Copy + 'static,
    selected: Option<RwSignal<Vec<CaseCode>>>,
) -> impl IntoView {
    let code = row.code.clone();
    let code_text = row.code.to_string();
    let choose = selected.map(|selected| {
        view! { <td data-label="Auswahl">{select_box(&row.code, selected)}</td> }
    });
    view! {
        <tr>
            {choose}
            <td data-label=column_label(SortKey::Code)>
                <button
                    type="button"
                    class="link-button"
                    id=case_button_id(&row.code)
                    on:click=move |_| open(code.clone())
                >
                    {code_text}
                </button>
                {row
                    .against_suggestion
                    .then(|| {
                        view! {
                            <span class="badge" title="entgegen der Empfehlung aufgenommen">
                                " E"
                            </span>
                        }
                    })}
            </td>
            <td data-label=column_label(SortKey::Provider)>
                {rules.provider_short_name(&row.provider)}
            </td>
            <td data-label=column_label(SortKey::Area)>{rules.area_label(&row.area)}</td>
            <td data-label=column_label(SortKey::AdmittedOn)>{format::date(row.admitted_on)}</td>
            <td data-label=column_label(SortKey::Status)>{status_badge(row.status)}</td>
            <td data-label=column_label(SortKey::LastChange)>{format::date(row.last_change)}</td>
            <td data-label=column_label(SortKey::LastSession)>
                {row.last_session.map_or_else(|| "–".to_owned(), format::date)}
            </td>
        </tr>
    }
}

fn status_badge(status: Status) -> impl IntoView {
    let class = match status {
        Status::Active => "badge badge-active",
        Status::Inactive => "badge badge-inactive",
    };
    view! { <span class=class>{status_word(status)}</span> }
}
