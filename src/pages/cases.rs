//! *Fälle*: the case register. A filterable, sortable, paged list (smooth with 20,000 cases),
//! the history of one case with its actions (deactivate, reactivate, hand over, correct,
//! delete), and the rule-change handovers. Every action appends a dated event
//! (`domain::case`); nothing is overwritten.

use crate::app::components::{Confirmation, StatusMessage};
use crate::app::{actions, browser, format, use_app_state, AppState};
use crate::domain::case::{CaseError, CaseEvent, EventKind, HistoryEntry, Status};
use crate::domain::register::{self, CaseRow, Filter, SortKey};
use crate::domain::rules::RuleSet;
use crate::domain::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use std::collections::BTreeSet;

const PAGE_SIZE: usize = 50;

/// The case register page.
#[component]
pub fn CasesPage() -> impl IntoView {
    let state = use_app_state();
    let filter = RwSignal::new(Filter::default());
    let sort = RwSignal::new((SortKey::AdmittedOn, true));
    let page_index = RwSignal::new(0usize);
    let selected = RwSignal::new(None::<CaseCode>);
    let rules = Memo::new(move |_| state.data.with(|d| d.rules.clone()));
    let all_rows = Memo::new(move |_| {
        state
            .data
            .with(|d| register::rows(&d.cases, browser::today()))
    });
    let rows = Memo::new(move |_| {
        let filter = filter.get();
        let (key, descending) = sort.get();
        let mut rows: Vec<CaseRow> =
            all_rows.with(|rows| rows.iter().filter(|r| filter.matches(r)).cloned().collect());
        register::sort(&mut rows, key, descending);
        rows
    });
    let counts = move || rows.with(|rows| register::counts(rows));
    let page_count = move || rows.with(|r| r.len().div_ceil(PAGE_SIZE).max(1));
    Effect::watch(
        move || filter.track(),
        move |_, _, _| page_index.set(0),
        false,
    );

    view! {
        <h1 tabindex="-1">"Fälle"</h1>
        <p data-testid="case-counts" class="lead">
            {move || {
                let c = counts();
                format!("{} Fälle, davon {} aktiv und {} inaktiv.", c.total, c.active, c.inactive)
            }}
        </p>
        <Filters filter rules />
        <div class="table-wrap">
            <table data-testid="case-table">
                <caption class="visually-hidden">"Fallliste"</caption>
                <thead>
                    <tr>
                        <SortHeader label="Fallcode" key=SortKey::Code sort />
                        <SortHeader label="Träger" key=SortKey::Provider sort />
                        <SortHeader label="Bereich" key=SortKey::Area sort />
                        <SortHeader label="Aufgenommen am" key=SortKey::AdmittedOn sort />
                        <SortHeader label="Status" key=SortKey::Status sort />
                        <SortHeader label="Letzte Änderung" key=SortKey::LastChange sort />
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let index = page_index.get();
                        rows.with(|rows| {
                            rules.with(|r| {
                                register::page(rows, index, PAGE_SIZE)
                                    .iter()
                                    .map(|row| case_row_view(r, row, selected))
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
                on:click=move |_| page_index.update(|i| *i = i.saturating_sub(1))
            >
                "Vorherige Seite"
            </button>
            <span>{move || format!("Seite {} von {}", page_index.get() + 1, page_count())}</span>
            <button
                type="button"
                class="secondary"
                disabled=move || { page_index.get() + 1 >= page_count() }
                on:click=move |_| page_index.update(|i| *i += 1)
            >
                "Nächste Seite"
            </button>
        </nav>
        {move || selected.get().map(|code| view! { <CaseDetail code selected /> })}
        <RuleChangeHandovers />
    }
}

fn case_row_view(
    rules: &RuleSet,
    row: &CaseRow,
    selected: RwSignal<Option<CaseCode>>,
) -> impl IntoView {
    let code = row.code.clone();
    let code_text = row.code.to_string();
    view! {
        <tr>
            <td>
                <button type="button" class="link-button" on:click=move |_| selected.set(Some(code.clone()))>
                    {code_text}
                </button>
                {row.against_suggestion.then(|| view! { <span class="badge" title="entgegen der Empfehlung aufgenommen">" E"</span> })}
            </td>
            <td>{rules.provider_short_name(&row.provider)}</td>
            <td>{rules.area_label(&row.area)}</td>
            <td>{format::date(row.admitted_on)}</td>
            <td>{status_badge(row.status)}</td>
            <td>{format::date(row.last_change)}</td>
        </tr>
    }
}

fn status_badge(status: Status) -> impl IntoView {
    match status {
        Status::Active => view! { <span class="badge badge-active">"aktiv"</span> },
        Status::Inactive => view! { <span class="badge badge-inactive">"inaktiv"</span> },
    }
}

/// A column header that sorts the list.
#[component]
fn SortHeader(label: &'static str, key: SortKey, sort: RwSignal<(SortKey, bool)>) -> impl IntoView {
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
                    sort.update(|(k, descending)| {
                        if *k == key {
                            *descending = !*descending;
                        } else {
                            *k = key;
                            *descending = false;
                        }
                    })
                }
            >
                {label}
            </button>
        </th>
    }
}

/// Filters by provider, status and area.
#[component]
fn Filters(filter: RwSignal<Filter>, rules: Memo<RuleSet>) -> impl IntoView {
    view! {
        <div class="form-row no-print" role="group" aria-label="Filter">
            <div>
                <label for="filter-provider">"Träger"</label>
                <select
                    id="filter-provider"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        filter.update(|f| f.provider = (!v.is_empty()).then(|| ProviderId::new(v)));
                    }
                >
                    <option value="">"alle"</option>
                    {move || rules.with(|r| r.providers.clone()).into_iter().map(|p| view! { <option value=p.id.as_str().to_owned()>{p.short_name.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div>
                <label for="filter-status">"Status"</label>
                <select
                    id="filter-status"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        filter.update(|f| f.status = match v.as_str() {
                            "aktiv" => Some(Status::Active),
                            "inaktiv" => Some(Status::Inactive),
                            _ => None,
                        });
                    }
                >
                    <option value="">"alle"</option>
                    <option value="aktiv">"aktiv"</option>
                    <option value="inaktiv">"inaktiv"</option>
                </select>
            </div>
            <div>
                <label for="filter-area">"Bereich"</label>
                <select
                    id="filter-area"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        filter.update(|f| f.area = (!v.is_empty()).then(|| AreaId::new(v)));
                    }
                >
                    <option value="">"alle"</option>
                    {move || rules.with(|r| r.areas.clone()).into_iter().map(|a| view! { <option value=a.id.as_str().to_owned()>{a.label.clone()}</option> }).collect_view()}
                </select>
            </div>
        </div>
    }
}

/// One case: its history and the actions on it.
#[component]
fn CaseDetail(code: CaseCode, selected: RwSignal<Option<CaseCode>>) -> impl IntoView {
    let state = use_app_state();
    let message = RwSignal::new(None::<(bool, String)>);
    let date = RwSignal::new(Some(browser::today()));
    let reason = RwSignal::new(None::<DeactivationReasonId>);
    let target_provider = RwSignal::new(None::<ProviderId>);
    let rules = Memo::new(move |_| state.data.with(|d| d.rules.clone()));
    let code_for_case = code.clone();
    let case = Memo::new(move |_| {
        state
            .data
            .with(|d| d.cases.iter().find(|c| c.code == code_for_case).cloned())
    });
    let current = move || case.with(|c| c.as_ref().and_then(|c| c.current_state()));
    let confirm = Confirmation::new();

    let record = move |kind: EventKind, success: &'static str| {
        let Some(date_value) = date.get_untracked() else {
            message.set(Some((false, "Bitte ein gültiges Datum angeben.".into())));
            return;
        };
        let Some(code) = case.with_untracked(|c| c.as_ref().map(|c| c.code.clone())) else {
            return;
        };
        let result = record_event(state, &code, date_value, kind);
        message.set(Some(match result {
            Ok(()) => (true, success.to_string()),
            Err(error) => (false, case_error_text(&error)),
        }));
    };

    view! {
        <section aria-labelledby="fall-titel" class="case-detail">
            {confirm.view()}
            <h2 id="fall-titel">{format!("Fall {code}")}</h2>
            <button type="button" class="secondary" on:click=move |_| selected.set(None)>"Schließen"</button>
            {move || current().map(|s| {
                rules.with(|r| view! {
                    <p>
                        {format!("{} · {} · seit {} · ", r.provider_short_name(&s.provider), r.area_label(&s.area), format::date(s.admitted_on))}
                        {status_badge(s.status)}
                    </p>
                })
            })}
            <h3>"Verlauf"</h3>
            <ol class="history" data-testid="history">
                {move || {
                    let entries = case.with(|c| c.as_ref().map(|c| c.history_entries()).unwrap_or_default());
                    rules.with(|r| entries.into_iter().map(|entry| history_view(r, entry, state, case, message, confirm)).collect_view())
                }}
            </ol>
            <h3>"Änderung erfassen"</h3>
            <label for="event-date">"Datum der Änderung"</label>
            <input
                id="event-date"
                type="date"
                prop:value=move || date.get().map(format::input_date).unwrap_or_default()
                on:change=move |ev| date.set(format::parse_input_date(&event_target_value(&ev)))
            />
            {move || match current().map(|s| s.status) {
                Some(Status::Active) => view! {
                    <div class="form-row">
                        <div>
                            <label for="deactivation-reason">"Grund der Deaktivierung"</label>
                            <select id="deactivation-reason" on:change=move |ev| {
                                let v = event_target_value(&ev);
                                reason.set((!v.is_empty()).then(|| DeactivationReasonId::new(v)));
                            }>
                                <option value="">"– Grund wählen –"</option>
                                {rules.with(|r| r.deactivation_reasons.clone()).into_iter().map(|r| view! { <option value=r.id.as_str().to_owned()>{r.label.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <button type="button" disabled=move || reason.with(|r| r.is_none()) on:click=move |_| {
                            if let Some(reason) = reason.get_untracked() {
                                record(EventKind::Deactivated { reason }, "Der Fall ist jetzt inaktiv.");
                            }
                        }>"Deaktivieren"</button>
                    </div>
                }.into_any(),
                Some(Status::Inactive) => view! {
                    <button type="button" on:click=move |_| record(EventKind::Reactivated, "Der Fall ist wieder aktiv.")>"Reaktivieren"</button>
                }.into_any(),
                None => ().into_any(),
            }}
            <div class="form-row">
                <div>
                    <label for="handover-provider">"Übergabe an Träger"</label>
                    <select id="handover-provider" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        target_provider.set((!v.is_empty()).then(|| ProviderId::new(v)));
                    }>
                        <option value="">"– Träger wählen –"</option>
                        {move || rules.with(|r| r.providers.clone()).into_iter().map(|p| view! { <option value=p.id.as_str().to_owned()>{p.name.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <button type="button" disabled=move || target_provider.with(|p| p.is_none()) on:click=move |_| {
                    if let Some(to) = target_provider.get_untracked() {
                        record(EventKind::HandedOver { to }, "Der Fall wurde übergeben.");
                    }
                }>"Übergeben"</button>
            </div>
            <div class="button-row">
                <button type="button" class="danger" on:click=move |_| {
                    confirm.ask(
                        "Diesen Fall löschen?",
                        format!(
                            "Der Fall wird als Fehleingabe gelöscht und zählt in keiner Liste und keinem Bericht mehr.{}",
                            actions::export_reminder(state)
                        ),
                        actions::destructive_actions(state, "löschen", "Fall löschen", move || {
                            record(EventKind::Deleted, "Der Fall wurde als Fehleingabe gelöscht.");
                            selected.set(None);
                        }),
                    );
                }>"Fall löschen (Fehleingabe)"</button>
            </div>
            <StatusMessage message />
        </section>
    }
}

fn history_view(
    rules: &RuleSet,
    entry: HistoryEntry,
    state: AppState,
    case: Memo<Option<crate::domain::case::Case>>,
    message: RwSignal<Option<(bool, String)>>,
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
        message.set(Some(match result {
            Ok(()) => (true, "Der Eintrag wurde storniert.".into()),
            Err(error) => (false, case_error_text(&error)),
        }));
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
            Some(Err(error)) => message.set(Some((false, case_error_text(&error)))),
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
            {can_void.then(|| view! { <button type="button" class="secondary" on:click=void>"Stornieren"</button> })}
        </li>
    }
}

/// Appends an event to a case, validated by the domain.
fn record_event(
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

/// The rule-change handovers: cases whose responsible provider differs under the rules that
/// start on a chosen date, handed over in one action.
#[component]
fn RuleChangeHandovers() -> impl IntoView {
    let state = use_app_state();
    let starts = move || state.data.with(|d| d.rules.version_starts());
    let version_start = RwSignal::new(None::<NaiveDate>);
    let handover_date = RwSignal::new(None::<NaiveDate>);
    let chosen = RwSignal::new(BTreeSet::<CaseCode>::new());
    let message = RwSignal::new(None::<(bool, String)>);
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
        move |list, _, _| chosen.set(list.iter().map(|c| c.code.clone()).collect()),
        false,
    );
    let hand_over = move |_| {
        let Some(date) = handover_date.get_untracked() else {
            message.set(Some((
                false,
                "Bitte das Datum der Übergabe angeben.".into(),
            )));
            return;
        };
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
                },
            ) {
                Ok(()) => done += 1,
                Err(error) => {
                    refused.push(format!("{}: {}", candidate.code, case_error_text(&error)))
                }
            }
        }
        message.set(Some(if refused.is_empty() {
            (
                true,
                format!("{done} Fälle wurden zum {} übergeben.", format::date(date)),
            )
        } else {
            (
                false,
                format!(
                    "{done} Fälle übergeben; nicht übergeben: {}",
                    refused.join("; ")
                ),
            )
        }));
    };
    view! {
        <section aria-labelledby="uebergaben-titel">
            <h2 id="uebergaben-titel">"Übergaben nach Regeländerung"</h2>
            <p class="field-hint">"Fälle, deren zuständiger Träger nach der ab einem Datum geltenden Regelung ein anderer ist."</p>
            <div class="form-row">
                <div>
                    <label for="version-start">"Regelung ab"</label>
                    <select id="version-start" on:change=move |ev| version_start.set(format::parse_input_date(&event_target_value(&ev)))>
                        <option value="">"– Regelung wählen –"</option>
                        {move || starts().into_iter().map(|d| view! { <option value=format::input_date(d)>{format::date(d)}</option> }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="handover-date">"Datum der Übergabe"</label>
                    <input id="handover-date" type="date" on:change=move |ev| handover_date.set(format::parse_input_date(&event_target_value(&ev))) />
                </div>
            </div>
            <Show when=move || version_start.get().is_some()>
                <p data-testid="handover-count">{move || format!("{} Fälle betroffen.", candidates.with(|c| c.len()))}</p>
                <ul class="plain-list">
                    {move || {
                        let rules = state.data.with(|d| d.rules.clone());
                        candidates.get().into_iter().map(|c| {
                            let code = c.code.clone();
                            let code_checked = c.code.clone();
                            view! {
                                <li>
                                    <label class="choice">
                                        <input type="checkbox"
                                            prop:checked=move || chosen.with(|s| s.contains(&code_checked))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                chosen.update(|s| { if on { s.insert(code.clone()); } else { s.remove(&code); } });
                                            }
                                        />
                                        {format!("{} ({}): {} → {}", c.code, rules.area_label(&c.area), rules.provider_short_name(&c.from), rules.provider_short_name(&c.to))}
                                    </label>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
                <button type="button" on:click=hand_over disabled=move || chosen.with(|s| s.is_empty())>
                    "Ausgewählte Fälle übergeben"
                </button>
            </Show>
            <StatusMessage message />
        </section>
    }
}

/// One event in plain German.
fn event_text(rules: &RuleSet, kind: &EventKind) -> String {
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
        EventKind::Deactivated { reason } => format!(
            "deaktiviert – {}",
            crate::domain::rules::label_of(&rules.deactivation_reasons, reason)
                .unwrap_or(reason.as_str())
        ),
        EventKind::Reactivated => "reaktiviert".into(),
        EventKind::HandedOver { to } => format!("Übergabe an {}", rules.provider_short_name(to)),
        EventKind::Voided { .. } => "Stornierung eines Eintrags".into(),
        EventKind::Deleted => "als Fehleingabe gelöscht".into(),
    }
}

/// A refused case change in plain German.
pub(crate) fn case_error_text(error: &CaseError) -> String {
    match error {
        CaseError::FutureDate { .. } => "Das Datum liegt in der Zukunft.".into(),
        CaseError::BeforeAdmission { .. } => "Das Datum liegt vor der Aufnahme des Falls.".into(),
        CaseError::Deleted => "Der Fall wurde gelöscht.".into(),
        CaseError::AlreadyInactive { date } => format!("Am {} ist der Fall bereits inaktiv – so passt die Änderung nicht zum Verlauf.", format::date(*date)),
        CaseError::AlreadyActive { date } => format!("Am {} ist der Fall bereits aktiv – so passt die Änderung nicht zum Verlauf.", format::date(*date)),
        CaseError::SameProvider { date } => format!("Am {} ist dieser Träger bereits zuständig.", format::date(*date)),
        CaseError::SecondAdmission => "Der Fall ist bereits aufgenommen.".into(),
        CaseError::CannotVoidAdmission => "Die Aufnahme kann nicht storniert werden; löschen Sie stattdessen den Fall als Fehleingabe.".into(),
        CaseError::UnknownTarget(_) | CaseError::DuplicateId(_) | CaseError::NoAdmission => {
            "Diese Änderung passt nicht zum bisherigen Verlauf des Falls und wurde nicht gespeichert.".into()
        }
        CaseError::AlreadyVoided(_) => "Dieser Eintrag ist bereits storniert.".into(),
        CaseError::DateOutOfRange { .. } => format!("Das Datum muss im Zeitraum {} liegen.", format::plausible_span()),
        CaseError::RecordedAtOutOfRange { .. } => "Die Uhrzeit dieses Geräts ist unplausibel; bitte Datum und Uhrzeit prüfen.".into(),
    }
}
