//! *Willkommensbesuche*: the outreach team records a welcome visit during or right after it,
//! on a laptop without network. Large targets, no typing except numbers: date, district, kind
//! of arrival, children per age band, offers told about / invited to, follow-up needed.
//! Nothing identifies the family.

use crate::app::components::{toggle, Choice, ChoiceGroup, Confirmation};
use crate::app::routes::Page;
use crate::app::{actions, browser, format, use_app_state};
use crate::domain::rules::label_or_id;
use crate::domain::visits::{self, Arrival, VisitError, WelcomeVisit};
use crate::domain::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::{BTreeMap, BTreeSet};

/// The form being filled in.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    date: Option<NaiveDate>,
    district: Option<DistrictId>,
    arrival: Option<Arrival>,
    children: BTreeMap<AgeBandId, u32>,
    informed: BTreeSet<OfferId>,
    invited: BTreeSet<OfferId>,
    follow_up: bool,
}

impl Draft {
    fn new(today: NaiveDate) -> Self {
        Draft {
            date: Some(today),
            district: None,
            arrival: None,
            children: BTreeMap::new(),
            informed: BTreeSet::new(),
            invited: BTreeSet::new(),
            follow_up: false,
        }
    }
}

/// The welcome-visit form and the list of recorded visits.
#[component]
pub fn VisitsPage() -> impl IntoView {
    let state = use_app_state();
    let draft = RwSignal::new(Draft::new(browser::today()));
    // (success, text, link to an intake check prefilled from the visit)
    let message = RwSignal::new(None::<(bool, String, Option<String>)>);
    let rules = Memo::new(move |_| state.data.with(|d| d.rules.clone()));

    let save = move |_| {
        let d = draft.get_untracked();
        let mut missing = Vec::new();
        if d.date.is_none() {
            missing.push("Datum");
        }
        if d.district.is_none() {
            missing.push("Stadtteil / Bereich");
        }
        if d.arrival.is_none() {
            missing.push("Art des Zuzugs");
        }
        if !missing.is_empty() {
            message.set(Some((
                false,
                format!("Bitte noch angeben: {}.", missing.join(", ")),
                None,
            )));
            return;
        }
        let visit = WelcomeVisit {
            id: RecordId::from_random(browser::random_u64()),
            date: d.date.expect("checked"),
            district: d.district.clone().expect("checked"),
            arrival: d.arrival.expect("checked"),
            children: d
                .children
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(b, n)| (b.clone(), *n))
                .collect(),
            informed: d.informed.iter().cloned().collect(),
            invited: d.invited.iter().cloned().collect(),
            follow_up: d.follow_up,
            recorded_at: browser::now_ms(),
            voided: false,
        };
        let checked = state
            .data
            .with_untracked(|data| visits::validate(&visit, &data.rules, browser::today()));
        match checked {
            Ok(()) => {
                let link = visit.follow_up.then(|| {
                    rules.with_untracked(|r| intake_href(&visits::intake_prefill(&visit, r)))
                });
                state.change_data(|data| data.visits.push(visit));
                draft.set(Draft::new(browser::today()));
                message.set(Some((
                    true,
                    if link.is_some() {
                        "Besuch gespeichert. Nachgespräch vorgemerkt – bei Bedarf eine Aufnahmeprüfung beginnen."
                            .to_string()
                    } else {
                        "Besuch gespeichert.".to_string()
                    },
                    link,
                )));
            }
            Err(error) => message.set(Some((false, visit_error_text(&error), None))),
        }
    };

    view! {
        <h1 tabindex="-1">"Willkommensbesuche"</h1>
        <p class="lead">
            "Besuch bei einer neu zugezogenen Familie mit Kindern erfassen – anonym, auch ohne Netz."
        </p>
        <form class="visit-form" on:submit=|ev| ev.prevent_default()>
            <label for="visit-date">"Datum des Besuchs"</label>
            <input
                id="visit-date"
                type="date"
                prop:value=move || draft.with(|d| d.date.map(format::input_date).unwrap_or_default())
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    draft.update(|d| d.date = format::parse_input_date(&value));
                }
            />
            <ChoiceGroup
                legend="Stadtteil / Bereich"
                name="visit-district"
                choices=Signal::derive(move || rules.with(|r| r.districts.iter().map(|d| Choice::new(d.id.as_str(), &d.label)).collect()))
                is_checked=Callback::new(move |v: String| draft.with(|d| d.district.as_ref().is_some_and(|x| x.as_str() == v)))
                on_change=Callback::new(move |(v, _): (String, bool)| draft.update(|d| d.district = Some(DistrictId::new(v))))
            />
            <ChoiceGroup
                legend="Art des Zuzugs"
                name="visit-arrival"
                choices=Signal::derive(|| vec![Choice::new("new", "Neuzuzug"), Choice::new("reunification", "Familiennachzug")])
                is_checked=Callback::new(move |v: String| draft.with(|d| d.arrival == Some(arrival_of(&v))))
                on_change=Callback::new(move |(v, _): (String, bool)| draft.update(|d| d.arrival = Some(arrival_of(&v))))
            />
            <fieldset>
                <legend>"Anzahl der Kinder nach Alter"</legend>
                <div class="choice-grid">
                    {move || {
                        rules
                            .with(|r| r.age_bands.clone())
                            .into_iter()
                            .map(|band| {
                                let id = band.id.clone();
                                let id_value = band.id.clone();
                                let input_id = format!("children-{}", band.id.as_str());
                                view! {
                                    <div class="counter-field">
                                        <label for=input_id.clone()>{band.label.clone()}</label>
                                        <input
                                            id=input_id
                                            type="number"
                                            min="0"
                                            max="20"
                                            inputmode="numeric"
                                            prop:value=move || draft.with(|d| d.children.get(&id_value).copied().unwrap_or(0).to_string())
                                            on:change=move |ev| {
                                                let value = event_target_value(&ev).trim().parse::<u32>().unwrap_or(0);
                                                draft.update(|d| { d.children.insert(id.clone(), value); });
                                            }
                                        />
                                    </div>
                                }
                            })
                            .collect_view()
                    }}
                </div>
            </fieldset>
            <OfferChoices
                legend="Über diese Angebote informiert"
                name="informed"
                rules
                selected=Signal::derive(move || draft.with(|d| d.informed.clone()))
                on_toggle=Callback::new(move |(id, on): (OfferId, bool)| draft.update(|d| { toggle(&mut d.informed, id, on); }))
            />
            <OfferChoices
                legend="Zu diesen Angeboten eingeladen"
                name="invited"
                rules
                selected=Signal::derive(move || draft.with(|d| d.invited.clone()))
                on_toggle=Callback::new(move |(id, on): (OfferId, bool)| draft.update(|d| { toggle(&mut d.invited, id, on); }))
            />
            <label class="choice">
                <input
                    type="checkbox"
                    prop:checked=move || draft.with(|d| d.follow_up)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        draft.update(|d| d.follow_up = on);
                    }
                />
                "Nachgespräch nötig (ggf. Aufnahmeprüfung)"
            </label>
            <div class="button-row">
                <button type="button" class="big-button" on:click=save>"Besuch speichern"</button>
            </div>
        </form>
        <div role="status">
            {move || {
                message
                    .get()
                    .map(|(ok, text, link)| {
                        view! {
                            <div class=if ok { "notice notice-success" } else { "notice notice-error" }>
                                <p>{text}</p>
                                {link.map(|href| view! { <A href=href>"Aufnahmeprüfung beginnen"</A> })}
                            </div>
                        }
                    })
            }}
        </div>
        <RecordedVisits />
    }
}

fn arrival_of(value: &str) -> Arrival {
    if value == "reunification" {
        Arrival::FamilyReunification
    } else {
        Arrival::NewArrival
    }
}

/// A group of offer checkboxes.
#[component]
fn OfferChoices(
    legend: &'static str,
    name: &'static str,
    rules: Memo<crate::domain::rules::RuleSet>,
    selected: Signal<BTreeSet<OfferId>>,
    on_toggle: Callback<(OfferId, bool)>,
) -> impl IntoView {
    view! {
        <ChoiceGroup
            legend=legend
            name=name
            multiple=true
            choices=Signal::derive(move || rules.with(|r| r.offers.iter().map(|o| Choice::new(o.id.as_str(), &o.label)).collect()))
            is_checked=Callback::new(move |v: String| selected.with(|s| s.contains(&OfferId::new(v))))
            on_change=Callback::new(move |(v, on): (String, bool)| on_toggle.run((OfferId::new(v), on)))
        />
    }
}

/// The visits recorded on this laptop, newest first, with a way to void a mistaken one.
#[component]
fn RecordedVisits() -> impl IntoView {
    let state = use_app_state();
    let rows = move || {
        state.data.with(|d| {
            let mut visits: Vec<_> = d.visits.iter().filter(|v| !v.voided).cloned().collect();
            visits.sort_by(|a, b| b.date.cmp(&a.date).then(b.recorded_at.cmp(&a.recorded_at)));
            visits
                .into_iter()
                .map(|v| {
                    let district = label_or_id(&d.rules.districts, &v.district);
                    // Saturating: stored data may predate the bound on children.
                    let children = v
                        .children
                        .iter()
                        .fold(0u32, |sum, (_, n)| sum.saturating_add(*n));
                    (
                        v.id.clone(),
                        v.date,
                        district,
                        v.arrival,
                        children,
                        v.follow_up
                            .then(|| intake_href(&visits::intake_prefill(&v, &d.rules))),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let confirm = Confirmation::new();
    let void = move |id: RecordId| {
        let remove = move || {
            let id = id.clone();
            state.change_data(|d| {
                if let Some(v) = d.visits.iter_mut().find(|v| v.id == id) {
                    v.voided = true;
                }
            });
        };
        confirm.ask(
            "Diesen Besuch entfernen?",
            format!(
                "Der Besuch wird als Fehleingabe entfernt und zählt in keinem Bericht mehr.{}",
                actions::export_reminder(state)
            ),
            actions::destructive_actions(state, "entfernen", "Besuch entfernen", remove),
        );
    };
    view! {
        {confirm.view()}
        <h2>"Erfasste Besuche"</h2>
        <div class="table-wrap">
            <table data-testid="visit-list">
                <thead>
                    <tr>
                        <th scope="col">"Datum"</th>
                        <th scope="col">"Bereich"</th>
                        <th scope="col">"Zuzug"</th>
                        <th scope="col" class="num">"Kinder"</th>
                        <th scope="col">"Nachgespräch"</th>
                        <th scope="col">"Aktion"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        rows()
                            .into_iter()
                            .map(|(id, date, district, arrival, children, follow_up)| {
                                let date_text = format::date(date);
                                let label = format!("Besuch vom {date_text} entfernen");
                                view! {
                                    <tr>
                                        <td>{date_text.clone()}</td>
                                        <td>{district}</td>
                                        <td>
                                            {match arrival {
                                                Arrival::NewArrival => "Neuzuzug",
                                                Arrival::FamilyReunification => "Familiennachzug",
                                            }}
                                        </td>
                                        <td class="num">{children}</td>
                                        <td>
                                            {match follow_up {
                                                Some(href) => {
                                                    let label = format!(
                                                        "ja – Aufnahmeprüfung zum Besuch vom {date_text} beginnen",
                                                    );
                                                    view! {
                                                        <A href=href attr:aria-label=label>
                                                            "ja – Aufnahmeprüfung beginnen"
                                                        </A>
                                                    }
                                                        .into_any()
                                                }
                                                None => "nein".into_any(),
                                            }}
                                        </td>
                                        <td>
                                            <button
                                                type="button"
                                                class="secondary"
                                                aria-label=label
                                                on:click=move |_| void(id.clone())
                                            >
                                                "Entfernen"
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

/// The intake page's URL with the answers taken over from a visit as query parameters
/// (`bereich`, `zugang`; read by the intake page).
fn intake_href(prefill: &visits::IntakePrefill) -> String {
    let mut query = Vec::new();
    if let Some(area) = &prefill.area {
        query.push(format!(
            "bereich={}",
            js_sys::encode_uri_component(area.as_str())
        ));
    }
    if let Some(way_in) = &prefill.way_in {
        query.push(format!(
            "zugang={}",
            js_sys::encode_uri_component(way_in.as_str())
        ));
    }
    query.push("von=besuch".to_string());
    format!("{}?{}", Page::Intake.href(), query.join("&"))
}

/// A refused visit in plain German.
fn visit_error_text(error: &VisitError) -> String {
    match error {
        VisitError::FutureDate { .. } => "Das Datum liegt in der Zukunft.".into(),
        VisitError::DateOutOfRange { .. } => format!(
            "Das Datum muss im Zeitraum {} liegen.",
            format::plausible_span()
        ),
        VisitError::RecordedAtOutOfRange { .. } => {
            "Die Uhrzeit dieses Geräts ist unplausibel; bitte Datum und Uhrzeit prüfen.".into()
        }
        VisitError::NoChildren => {
            "Bitte die Zahl der Kinder angeben – Willkommensbesuche gelten Familien mit Kindern."
                .into()
        }
        VisitError::TooManyChildren { .. } => "Die Zahl der Kinder ist unplausibel hoch.".into(),
        VisitError::UnknownDistrict(_) | VisitError::UnknownOffer(_) | VisitError::BadAgeBand(_) => {
            "Der Besuch passt nicht zum Regelwerk und wurde nicht gespeichert. Bitte die Seite neu laden.".into()
        }
    }
}
