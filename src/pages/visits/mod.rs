//! *Willkommensbesuche*: the outreach team records a welcome visit during or right after it,
//! on a phone or laptop without network. Large targets, no typing except numbers: date,
//! district, kind of arrival, children per age band, offers told about / invited to, follow-up
//! needed. Nothing identifies the family.
//!
//! The form is saved from its end (on phones the button stays at the bottom of the screen),
//! the message of what happened appears next to the button and takes the focus; errors are
//! shown at their fields and summarised at the top ([`errors`]). Below the form, the visits
//! recorded so far ([`list`]).

mod errors;
mod list;

use crate::app::components::{toggle, Choice, ChoiceGroup};
use crate::app::router::Query;
use crate::app::routes::Page;
use crate::app::{browser, focus, format, use_app_state};
use crate::domain::sorting;
use crate::domain::visits::{self, Arrival, WelcomeVisit};
use crate::domain::*;
use chrono::NaiveDate;
use errors::{field_of, missing_answers, visit_error_text, ErrorSummary, Field, FieldError};
use leptos::prelude::*;
use list::RecordedVisits;
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
/// The outcome of "Besuch speichern", shown next to the button: success, the text, and a
/// link to an intake check prefilled from the visit.
type SaveMessage = (bool, String, Option<String>);

/// The id of the save message, which gets the focus after saving.
const SAVE_MESSAGE_ID: &str = "visit-save-message";

/// The welcome-visit form and the list of recorded visits.
#[component]
pub fn VisitsPage() -> impl IntoView {
    let state = use_app_state();
    let draft = RwSignal::new(Draft::new(browser::today()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let message = RwSignal::new(None::<SaveMessage>);
    let rules = Memo::new(move |_| state.data.with(|d| d.rules.clone()));

    let refuse = move |mut found: Vec<FieldError>| {
        sorting::sort_by_key(&mut found, |e| e.field);
        let first = found.first().map(|e| e.field);
        errors.set(found);
        message.set(None);
        if let Some(field) = first {
            focus::focus_after_render(field.focus_selector());
        }
    };
    let save = move |_| {
        let d = draft.get_untracked();
        let missing = missing_answers(&d);
        let (Some(date), Some(district), Some(arrival), true) =
            (d.date, d.district.clone(), d.arrival, missing.is_empty())
        else {
            refuse(missing);
            return;
        };
        let visit = WelcomeVisit {
            id: RecordId::from_random(browser::random_u64()),
            date,
            district,
            arrival,
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
                errors.set(Vec::new());
                message.set(Some((
                    true,
                    if link.is_some() {
                        "Besuch gespeichert. Nachgespräch vorgemerkt – bei Bedarf eine Aufnahmeprüfung beginnen."
                            .to_string()
                    } else {
                        "Besuch gespeichert. Das Formular ist für den nächsten Besuch leer.".to_string()
                    },
                    link,
                )));
                focus::focus_after_render(format!("#{SAVE_MESSAGE_ID}"));
            }
            Err(error) => match field_of(&error) {
                Some(field) => refuse(vec![FieldError::wrong(field, visit_error_text(&error))]),
                None => {
                    errors.set(Vec::new());
                    message.set(Some((false, visit_error_text(&error), None)));
                    focus::focus_after_render(format!("#{SAVE_MESSAGE_ID}"));
                }
            },
        }
    };

    let error_of = move |field: Field| {
        errors.with(|list| {
            list.iter()
                .find(|e| e.field == field)
                .map(|e| e.text.clone())
        })
    };
    let invalid = move |field: Field| error_of(field).is_some().then_some("true");
    let described_by = move |field: Field| error_of(field).is_some().then_some(field.error_id());
    let group_class = move |field: Field| {
        if error_of(field).is_some() {
            "field-group field-group-error"
        } else {
            "field-group"
        }
    };
    let error_at = move |field: Field| {
        move || {
            error_of(field).map(|text| {
                view! {
                    <p class="field-error" id=field.error_id()>
                        <span class="visually-hidden">"Fehler: "</span>
                        {text}
                    </p>
                }
            })
        }
    };

    view! {
        <h1 tabindex="-1">"Willkommensbesuche"</h1>
        <p class="lead">
            "Besuch bei einer neu zugezogenen Familie mit Kindern erfassen – anonym, auch ohne Netz."
        </p>
        <form class="visit-form" on:submit=|ev| ev.prevent_default()>
            <ErrorSummary errors />
            <div class=move || group_class(Field::Date)>
                <label for=Field::Date.id()>"Datum des Besuchs"</label>
                {error_at(Field::Date)}
                <input
                    id=Field::Date.id()
                    type="date"
                    aria-invalid=move || invalid(Field::Date)
                    aria-describedby=move || described_by(Field::Date)
                    prop:value=move || draft.with(|d| d.date.map(format::input_date).unwrap_or_default())
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        draft.update(|d| d.date = format::parse_input_date(&value));
                    }
                />
            </div>
            <div class=move || group_class(Field::District)>
                {error_at(Field::District)}
                <ChoiceGroup
                    legend="Stadtteil / Bereich"
                    name="visit-district"
                    choices=Signal::derive(move || rules.with(|r| r.districts.iter().map(|d| Choice::new(d.id.as_str(), &d.label)).collect()))
                    is_checked=Callback::new(move |v: String| draft.with(|d| d.district.as_ref().is_some_and(|x| x.as_str() == v)))
                    on_change=Callback::new(move |(v, _): (String, bool)| draft.update(|d| d.district = Some(DistrictId::new(v))))
                    attr:id=Field::District.id()
                    attr:aria-invalid=move || invalid(Field::District)
                    attr:aria-describedby=move || described_by(Field::District)
                />
            </div>
            <div class=move || group_class(Field::Arrival)>
                {error_at(Field::Arrival)}
                <ChoiceGroup
                    legend="Art des Zuzugs"
                    name="visit-arrival"
                    choices=Signal::derive(|| vec![Choice::new("new", "Neuzuzug"), Choice::new("reunification", "Familiennachzug")])
                    is_checked=Callback::new(move |v: String| draft.with(|d| d.arrival == Some(arrival_of(&v))))
                    on_change=Callback::new(move |(v, _): (String, bool)| draft.update(|d| d.arrival = Some(arrival_of(&v))))
                    attr:id=Field::Arrival.id()
                    attr:aria-invalid=move || invalid(Field::Arrival)
                    attr:aria-describedby=move || described_by(Field::Arrival)
                />
            </div>
            <div class=move || group_class(Field::Children)>
                <fieldset
                    id=Field::Children.id()
                    aria-invalid=move || invalid(Field::Children)
                    aria-describedby=move || described_by(Field::Children)
                >
                    <legend>"Anzahl der Kinder nach Alter"</legend>
                    {error_at(Field::Children)}
                    <div class="choice-grid counter-grid">
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
                                                aria-invalid=move || invalid(Field::Children)
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
            </div>
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
            <div class="button-row form-actions sticky-actions">
                <button type="button" class="big-button" on:click=save>"Besuch speichern"</button>
            </div>
            <div role="status" class="form-message">
                {move || {
                    message
                        .get()
                        .map(|(ok, text, link)| {
                            view! {
                                <div
                                    id=SAVE_MESSAGE_ID
                                    tabindex="-1"
                                    class=if ok { "notice notice-success" } else { "notice notice-error" }
                                >
                                    <p>{text}</p>
                                    {link.map(|href| view! { <a href=href>"Aufnahmeprüfung beginnen"</a> })}
                                </div>
                            }
                        })
                }}
            </div>
        </form>
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
/// The intake page's URL with the answers taken over from a visit as query parameters
/// (`bereich`, `zugang`; read by the intake page).
pub(super) fn intake_href(prefill: &visits::IntakePrefill) -> String {
    let area = prefill.area.as_ref().map(|area| ("bereich", area.as_str()));
    let way_in = prefill
        .way_in
        .as_ref()
        .map(|way_in| ("zugang", way_in.as_str()));
    let from = Some(("von", "besuch"));
    let query = Query::build([area, way_in, from].into_iter().flatten());
    format!("{}{query}", Page::Intake.href())
}
