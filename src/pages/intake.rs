//! *Aufnahme*: the intake check. The case manager answers a short form; the decision and its
//! reasons appear at once (rules from `domain::intake`). From there: admit (creates an
//! anonymised case), admit against the suggestion with a reason, or count a short contact.
//! No field can hold personal data: every answer is a choice from the rule set's catalogues.
//!
//! The short contact counts under the outcome the rule set maps the decision to
//! (`intake::contact_outcome_for`); when it maps none (an older stored rule set), the user
//! chooses one of the rule set's outcomes first. The page never names an outcome itself.

use crate::app::components::{toggle, Choice, ChoiceGroup};
use crate::app::{browser, format, use_app_state, AppState};
use crate::domain::case::{Admission, Case, CaseError};
use crate::domain::contacts::ShortContact;
use crate::domain::intake::{self, Assessment, Decision, IntakeInput, NoRuleKind, Reason};
use crate::domain::rules::{label_or_id, AreaScope, RuleSet};
use crate::domain::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::BTreeSet;

/// The answers given so far; `None` = not answered yet.
#[derive(Clone, Debug, PartialEq, Default)]
struct Answers {
    date: Option<NaiveDate>,
    area: Option<AreaId>,
    problems: BTreeSet<ProblemId>,
    parties: BTreeSet<PartyId>,
    /// `Some(None)` = "no other service".
    counselled_by: Option<Option<ServiceId>>,
    way_in: Option<WayInId>,
    consent: Option<bool>,
}

impl Answers {
    fn input(&self) -> Result<IntakeInput, Vec<&'static str>> {
        let mut missing = Vec::new();
        if self.date.is_none() {
            missing.push("Datum der Prüfung");
        }
        if self.area.is_none() {
            missing.push("Wohnort");
        }
        if self.counselled_by.is_none() {
            missing.push("bereits in Beratung bei einem anderen Dienst");
        }
        if self.way_in.is_none() {
            missing.push("Zugangsweg");
        }
        if self.consent.is_none() {
            missing.push("Einwilligung");
        }
        if !missing.is_empty() {
            return Err(missing);
        }
        Ok(IntakeInput {
            date: self.date.expect("checked"),
            area: self.area.clone().expect("checked"),
            problems: self.problems.iter().cloned().collect(),
            parties: self.parties.iter().cloned().collect(),
            counselled_by: self.counselled_by.clone().expect("checked"),
            way_in: self.way_in.clone().expect("checked"),
            consent: self.consent.expect("checked"),
        })
    }
}

/// What the last action did, shown below the decision.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Admitted {
        code: CaseCode,
        against: bool,
    },
    Counted {
        provider: String,
        month: YearMonth,
        outcome: String,
    },
    Refused(String),
}

/// The intake check page.
#[component]
pub fn IntakePage() -> impl IntoView {
    let state = use_app_state();
    // Answers taken over from a welcome visit's follow-up link (`?bereich=…&zugang=…`); ids
    // unknown to the rule set are ignored.
    let query = leptos_router::hooks::use_query_map().get_untracked();
    let (area, way_in, from_visit) = state.data.with_untracked(|d| {
        let area = query
            .get("bereich")
            .map(AreaId::new)
            .filter(|a| d.rules.area(a).is_some());
        let way_in = query
            .get("zugang")
            .map(WayInId::new)
            .filter(|w| d.rules.way_in(w).is_some());
        (area, way_in, query.get("von").as_deref() == Some("besuch"))
    });
    let answers = RwSignal::new(Answers {
        date: Some(browser::today()),
        area,
        way_in,
        ..Answers::default()
    });
    let outcome = RwSignal::new(None::<Outcome>);
    let rules = Memo::new(move |_| state.data.with(|d| d.rules.clone()));
    let assessment = Memo::new(move |_| {
        let input = answers.with(|a| a.input());
        input.map(|input| rules.with(|r| intake::assess(r, &input).ok()))
    });
    // A changed answer makes the last outcome stale.
    Effect::watch(
        move || answers.track(),
        move |_, _, _| outcome.set(None),
        false,
    );

    view! {
        <h1 tabindex="-1">"Aufnahme"</h1>
        <p class="lead">
            "Aufnahmeprüfung: Liegt ein komplexer Fall vor, und welcher Träger ist zuständig? Es werden keine personenbezogenen Daten erfasst."
        </p>
        {from_visit
            .then(|| {
                view! {
                    <p class="notice notice-info">
                        "Aus einem Willkommensbesuch übernommen: Wohnort und Zugangsweg, soweit bekannt. Bitte prüfen und die übrigen Angaben ergänzen."
                    </p>
                }
            })}
        <IntakeForm answers rules />
        <section aria-labelledby="entscheidung-titel" class="report-block">
            <h2 id="entscheidung-titel">"Ergebnis der Prüfung"</h2>
            <div aria-live="polite" data-testid="decision">
                {move || match assessment.get() {
                    Err(missing) => {
                        view! {
                            <p class="field-hint">
                                "Noch offen: " {missing.join(", ")} "."
                            </p>
                        }
                            .into_any()
                    }
                    Ok(None) => {
                        view! {
                            <p class="field-error">
                                "Die Angaben passen nicht zum Regelwerk. Bitte laden Sie die Seite neu."
                            </p>
                        }
                            .into_any()
                    }
                    Ok(Some(assessment)) => {
                        view! { <DecisionView assessment answers outcome rules state /> }.into_any()
                    }
                }}
            </div>
            <OutcomeView outcome />
        </section>
    }
}

/// The form: every answer a choice.
#[component]
fn IntakeForm(answers: RwSignal<Answers>, rules: Memo<RuleSet>) -> impl IntoView {
    let date_value = move || answers.with(|a| a.date.map(format::input_date).unwrap_or_default());
    let areas = Signal::derive(move || {
        rules.with(|r| {
            r.areas
                .iter()
                .map(|a| Choice::new(a.id.as_str(), &a.label))
                .collect()
        })
    });
    let parties = Signal::derive(move || {
        rules.with(|r| {
            r.parties
                .iter()
                .map(|p| Choice::new(p.id.as_str(), &p.label))
                .collect()
        })
    });
    let services = Signal::derive(move || {
        rules.with(|r| {
            std::iter::once(Choice::new("", "Nein, bei keinem anderen Dienst"))
                .chain(
                    r.services
                        .iter()
                        .map(|s| Choice::new(s.id.as_str(), &s.label)),
                )
                .collect()
        })
    });
    let ways_in = Signal::derive(move || {
        rules.with(|r| {
            r.ways_in
                .iter()
                .map(|w| Choice::new(w.id.as_str(), &w.label))
                .collect()
        })
    });
    let consent = Signal::derive(|| vec![Choice::new("ja", "Ja"), Choice::new("nein", "Nein")]);
    // Problems grouped by their area of life.
    let problem_groups = move || {
        rules.with(|r| {
            r.life_areas
                .iter()
                .map(|life_area| {
                    let problems: Vec<Choice> = r
                        .problems
                        .iter()
                        .filter(|p| p.life_area == life_area.id)
                        .map(|p| Choice::new(p.id.as_str(), &p.label))
                        .collect();
                    (life_area.label.clone(), problems)
                })
                .filter(|(_, problems)| !problems.is_empty())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <form class="intake-form" on:submit=|ev| ev.prevent_default()>
            <label for="intake-date">"Datum der Prüfung"</label>
            <input
                id="intake-date"
                type="date"
                required
                prop:value=date_value
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    answers.update(|a| a.date = format::parse_input_date(&value));
                }
            />
            <ChoiceGroup
                legend="Wohnort (Regionalbereich)"
                name="intake-area"
                choices=areas
                is_checked=Callback::new(move |v: String| answers.with(|a| a.area.as_ref().is_some_and(|x| x.as_str() == v)))
                on_change=Callback::new(move |(v, _): (String, bool)| answers.update(|a| a.area = Some(AreaId::new(v))))
            />
            <fieldset>
                <legend>"Problemlagen (nach Lebensbereichen)"</legend>
                <p class="field-hint">"Alle bekannten Problemlagen ankreuzen."</p>
                {move || {
                    problem_groups()
                        .into_iter()
                        .map(|(label, problems)| {
                            view! {
                                <ChoiceGroup
                                    legend=label
                                    name="intake-problem"
                                    multiple=true
                                    class="nested"
                                    choices=Signal::derive(move || problems.clone())
                                    is_checked=Callback::new(move |v: String| answers.with(|a| a.problems.contains(&ProblemId::new(v))))
                                    on_change=Callback::new(move |(v, on): (String, bool)| answers.update(|a| toggle(&mut a.problems, ProblemId::new(v), on)))
                                />
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
            <ChoiceGroup
                legend="Beteiligte Institutionen und andere Beteiligte"
                name="intake-party"
                multiple=true
                choices=parties
                is_checked=Callback::new(move |v: String| answers.with(|a| a.parties.contains(&PartyId::new(v))))
                on_change=Callback::new(move |(v, on): (String, bool)| answers.update(|a| toggle(&mut a.parties, PartyId::new(v), on)))
            />
            <ChoiceGroup
                legend="Bereits in Beratung bei einem anderen Dienst?"
                name="intake-service"
                choices=services
                is_checked=Callback::new(move |v: String| answers.with(|a| match &a.counselled_by {
                    Some(None) => v.is_empty(),
                    Some(Some(s)) => s.as_str() == v,
                    None => false,
                }))
                on_change=Callback::new(move |(v, _): (String, bool)| answers.update(|a| {
                    a.counselled_by = Some((!v.is_empty()).then(|| ServiceId::new(v)));
                }))
            />
            <ChoiceGroup
                legend="Zugangsweg"
                name="intake-way-in"
                choices=ways_in
                is_checked=Callback::new(move |v: String| answers.with(|a| a.way_in.as_ref().is_some_and(|w| w.as_str() == v)))
                on_change=Callback::new(move |(v, _): (String, bool)| answers.update(|a| a.way_in = Some(WayInId::new(v))))
            />
            <ChoiceGroup
                legend="Einwilligung in die freiwillige Teilnahme mit aktiver Mitwirkung"
                name="intake-consent"
                choices=consent
                is_checked=Callback::new(move |v: String| answers.with(|a| a.consent == Some(v == "ja")))
                on_change=Callback::new(move |(v, _): (String, bool)| answers.update(|a| a.consent = Some(v == "ja")))
            />
        </form>
    }
}

/// The decision, its reasons, and the actions it allows.
#[component]
fn DecisionView(
    assessment: Assessment,
    answers: RwSignal<Answers>,
    outcome: RwSignal<Option<Outcome>>,
    rules: Memo<RuleSet>,
    state: AppState,
) -> impl IntoView {
    let (title, class) = rules.with(|r| decision_title(r, &assessment.decision));
    let reasons: Vec<String> = rules.with(|r| {
        assessment
            .reasons
            .iter()
            .map(|reason| reason_text(r, reason))
            .collect()
    });
    let admit_provider = match &assessment.decision {
        Decision::Admit { provider } => Some(provider.clone()),
        _ => None,
    };
    let override_provider = assessment
        .override_allowed
        .then(|| assessment.provider.clone())
        .flatten();
    // Every decision but an admission may be counted as a short contact.
    let counts_as_contact = !matches!(assessment.decision, Decision::Admit { .. });
    let mapped_outcome = rules.with(|r| {
        intake::contact_outcome_for(&assessment.decision, r).map(|id| {
            let label = label_or_id(&r.contact_outcomes, &id);
            (id, label)
        })
    });
    let contact_outcomes = rules.with(|r| r.contact_outcomes.clone());
    let chosen_outcome = RwSignal::new(mapped_outcome.as_ref().map(|(id, _)| id.clone()));
    let override_reason = RwSignal::new(None::<OverrideReasonId>);
    let override_reasons = rules.with(|r| r.override_reasons.clone());
    let contact_provider = RwSignal::new(
        state
            .settings
            .with_untracked(|s| s.own_provider.clone())
            .or_else(|| assessment.provider.clone()),
    );
    let providers = rules.with(|r| r.providers.clone());

    let admit = move |provider: ProviderId, against: Option<OverrideReasonId>| {
        let result = answers
            .with_untracked(|a| a.input())
            .ok()
            .map(|input| admit_case(state, input, provider, against.clone()));
        match result {
            Some(Ok(code)) => outcome.set(Some(Outcome::Admitted {
                code,
                against: against.is_some(),
            })),
            Some(Err(message)) => outcome.set(Some(Outcome::Refused(message))),
            None => {}
        }
    };

    view! {
        <div class=format!("decision {class}")>
            <p class="decision-title">{title}</p>
            <p>"Begründung:"</p>
            <ul data-testid="reasons">
                {reasons.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
            </ul>
            {admit_provider
                .map(|provider| {
                    view! {
                        <button
                            type="button"
                            class="big-button"
                            on:click=move |_| admit(provider.clone(), None)
                        >
                            "In das Case Management aufnehmen"
                        </button>
                    }
                })}
            {override_provider
                .map(|provider| {
                    view! {
                        <div class="override">
                            <h3>"Entgegen der Empfehlung aufnehmen (fachliche Einschätzung)"</h3>
                            <label for="override-reason">"Grund"</label>
                            <select
                                id="override-reason"
                                on:change=move |ev| {
                                    let value = event_target_value(&ev);
                                    override_reason
                                        .set((!value.is_empty()).then(|| OverrideReasonId::new(value)));
                                }
                            >
                                <option value="">"– Grund wählen –"</option>
                                {override_reasons
                                    .iter()
                                    .map(|r| view! { <option value=r.id.as_str().to_owned()>{r.label.clone()}</option> })
                                    .collect_view()}
                            </select>
                            <button
                                type="button"
                                class="secondary"
                                disabled=move || override_reason.with(|r| r.is_none())
                                on:click=move |_| {
                                    if let Some(reason) = override_reason.get_untracked() {
                                        admit(provider.clone(), Some(reason));
                                    }
                                }
                            >
                                "Trotzdem aufnehmen"
                            </button>
                        </div>
                    }
                })}
            {counts_as_contact
                .then(|| {
                    view! {
                        <div class="count-contact">
                            <h3>"Als sonstigen Beratungskontakt zählen"</h3>
                            {match mapped_outcome.clone() {
                                Some((_, label)) => {
                                    view! {
                                        <p data-testid="contact-outcome">
                                            "Verweis / Ergebnis laut Regelwerk: " {label}
                                        </p>
                                    }
                                        .into_any()
                                }
                                None => {
                                    view! {
                                        <p class="field-hint" id="contact-outcome-hint">
                                            "Das Regelwerk legt für diese Entscheidung nicht fest, unter welchem Verweis der Kontakt zählt. Bitte wählen Sie, wohin die Person verwiesen wurde."
                                        </p>
                                        <label for="contact-outcome">"Verweis / Ergebnis"</label>
                                        <select
                                            id="contact-outcome"
                                            aria-describedby="contact-outcome-hint"
                                            on:change=move |ev| {
                                                let value = event_target_value(&ev);
                                                chosen_outcome.set((!value.is_empty()).then(|| OutcomeId::new(value)));
                                            }
                                        >
                                            <option value="">"– Verweis wählen –"</option>
                                            {contact_outcomes
                                                .iter()
                                                .map(|o| view! { <option value=o.id.as_str().to_owned()>{o.label.clone()}</option> })
                                                .collect_view()}
                                        </select>
                                    }
                                        .into_any()
                                }
                            }}
                            <label for="contact-provider">"Träger"</label>
                            <select
                                id="contact-provider"
                                prop:value=move || contact_provider.with(|p| p.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default())
                                on:change=move |ev| {
                                    let value = event_target_value(&ev);
                                    contact_provider.set((!value.is_empty()).then(|| ProviderId::new(value)));
                                }
                            >
                                <option value="">"– Träger wählen –"</option>
                                {providers
                                    .iter()
                                    .map(|p| view! { <option value=p.id.as_str().to_owned()>{p.name.clone()}</option> })
                                    .collect_view()}
                            </select>
                            <button
                                type="button"
                                disabled=move || contact_provider.with(|p| p.is_none()) || chosen_outcome.with(|o| o.is_none())
                                on:click=move |_| {
                                    let Some(provider) = contact_provider.get_untracked() else { return };
                                    let Some(contact_outcome) = chosen_outcome.get_untracked() else { return };
                                    let Some(date) = answers.with_untracked(|a| a.date) else { return };
                                    let result = count_contact(state, provider, date, contact_outcome);
                                    outcome.set(Some(result));
                                }
                            >
                                "Kontakt zählen"
                            </button>
                        </div>
                    }
                })}
        </div>
    }
}

/// The confirmation or refusal of the last action.
#[component]
fn OutcomeView(outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    view! {
        <div role="status">
            {move || {
                outcome
                    .get()
                    .map(|o| match o {
                        Outcome::Admitted { code, against } => {
                            view! {
                                <div class="notice notice-success">
                                    <p>
                                        "Aufgenommen. Fallcode: " <strong data-testid="case-code">{code.to_string()}</strong>
                                        " – bitte auf der Papierakte notieren."
                                        {against.then_some(" Die Aufnahme entgegen der Empfehlung ist vermerkt.")}
                                    </p>
                                    <A href=crate::app::routes::Page::Cases.href()>"Zur Fallliste"</A>
                                </div>
                            }
                                .into_any()
                        }
                        Outcome::Counted { provider, month, outcome } => {
                            view! {
                                <div class="notice notice-success">
                                    <p>
                                        {format!(
                                            "Sonstiger Beratungskontakt für {provider} im {} gezählt: {outcome}.",
                                            format::month_long(month),
                                        )}
                                    </p>
                                </div>
                            }
                                .into_any()
                        }
                        Outcome::Refused(message) => {
                            view! {
                                <div class="notice notice-error">
                                    <p>{message}</p>
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </div>
    }
}

/// Creates the anonymised case; returns its code or a German message.
fn admit_case(
    state: AppState,
    input: IntakeInput,
    provider: ProviderId,
    against: Option<OverrideReasonId>,
) -> Result<CaseCode, String> {
    let today = browser::today();
    let code = state.data.with_untracked(|data| loop {
        let code = CaseCode::from_random(browser::random_u64());
        if !data.cases.iter().any(|c| c.code == code) {
            break code;
        }
    });
    let admission = Admission {
        area: input.area,
        provider,
        problems: input.problems,
        parties: input.parties,
        way_in: input.way_in,
        against_suggestion: against,
    };
    let case = Case::admit(
        code.clone(),
        RecordId::from_random(browser::random_u64()),
        input.date,
        browser::now_ms(),
        admission,
        today,
    )
    .map_err(|e| case_error_text(&e))?;
    state.change_data(|data| data.cases.push(case));
    Ok(code)
}

/// Counts a short contact under `outcome` for the month of the check; the domain checks it
/// against the rule set in force here.
fn count_contact(
    state: AppState,
    provider: ProviderId,
    date: NaiveDate,
    outcome: OutcomeId,
) -> Outcome {
    let today = browser::today();
    if date > today {
        return Outcome::Refused("Ein Kontakt in der Zukunft kann nicht gezählt werden.".into());
    }
    let month = YearMonth::of(date);
    let recorded = state.data.with_untracked(|d| {
        let provider_name = d.rules.provider_short_name(&provider);
        let outcome_label = label_or_id(&d.rules.contact_outcomes, &outcome);
        ShortContact::record(
            RecordId::from_random(browser::random_u64()),
            provider,
            month,
            outcome,
            browser::now_ms(),
            &d.rules,
            today,
        )
        .map(|contact| (contact, provider_name, outcome_label))
    });
    match recorded {
        Ok((contact, provider, outcome)) => {
            state.change_data(|data| data.contacts.push(contact));
            Outcome::Counted {
                provider,
                month,
                outcome,
            }
        }
        Err(error) => Outcome::Refused(crate::pages::contacts::contact_error_text(&error)),
    }
}

/// The headline of a decision and its CSS class.
fn decision_title(rules: &RuleSet, decision: &Decision) -> (String, &'static str) {
    match decision {
        Decision::Admit { provider } => (
            format!(
                "Aufnahme in das KIM-Case-Management. Zuständig: {}",
                rules.provider_name(provider)
            ),
            "decision-admit",
        ),
        Decision::NotComplex { suggested } => {
            let names: Vec<String> = suggested.iter().map(|s| rules.service_label(s)).collect();
            (
                format!(
                    "Keine Aufnahme: kein komplexer Fall. Empfohlen: {}",
                    if names.is_empty() {
                        "ein passender Beratungsdienst".to_string()
                    } else {
                        names.join(" oder ")
                    }
                ),
                "decision-other",
            )
        }
        Decision::CounselledElsewhere { service } => (
            format!(
                "Keine parallele Aufnahme: Abstimmung mit {}",
                rules.service_label(service)
            ),
            "decision-other",
        ),
        Decision::NotResponsible { scope } => (
            match scope {
                AreaScope::District => {
                    "Nicht zuständig: Weitervermittlung an das Case Management der Wohnortgemeinde im Kreis Steinfurt"
                        .to_string()
                }
                _ => "Nicht zuständig: Verweis an das Case Management am Wohnort".to_string(),
            },
            "decision-other",
        ),
        Decision::NoConsent => (
            "Keine Aufnahme: Einwilligung in die freiwillige Teilnahme fehlt".to_string(),
            "decision-other",
        ),
        Decision::NoRule(kind) => (
            match kind {
                NoRuleKind::NoRuleOnDate => {
                    "Keine Entscheidung möglich: Für dieses Datum gilt keine Zuständigkeitsregel".to_string()
                }
                NoRuleKind::NoAssignmentForArea => {
                    "Keine Entscheidung möglich: Für diesen Bereich ist an diesem Datum kein Träger festgelegt"
                        .to_string()
                }
            },
            "decision-other",
        ),
    }
}

/// One rule that fired, in plain German.
fn reason_text(rules: &RuleSet, reason: &Reason) -> String {
    match reason {
        Reason::RulesInForce {
            valid_from,
            valid_until,
        } => match valid_until {
            Some(until) => format!(
                "Es gilt die Regelung vom {} bis {}.",
                format::date(*valid_from),
                format::date(*until)
            ),
            None => format!("Es gilt die Regelung ab {}.", format::date(*valid_from)),
        },
        Reason::NoRuleOnDate { date } => format!(
            "Für den {} ist keine Zuständigkeitsregel hinterlegt; die App rät nicht.",
            format::date(*date)
        ),
        Reason::OutsideMunicipality { area, .. } => format!(
            "Wohnort „{}“ liegt außerhalb von {}: Das KIM-Case-Management hier ist nicht zuständig.",
            rules.area_label(area),
            rules.municipality
        ),
        Reason::NoAssignmentForArea { area } => format!(
            "Für „{}“ ist in der geltenden Regelung kein Träger festgelegt.",
            rules.area_label(area)
        ),
        Reason::ProviderAssigned {
            area,
            provider,
            valid_from,
        } => {
            let name = rules.provider_name(provider);
            // Provider names such as "Caritas Rheine e. V." already end with a full stop.
            let end = if name.ends_with('.') { "" } else { "." };
            format!(
                "Zuständig für „{}“ ist seit {} {name}{end}",
                rules.area_label(area),
                format::date(*valid_from),
            )
        }
        Reason::Complex {
            life_areas,
            parties,
            thresholds,
        } => format!(
            "Komplexer Fall: Problemlagen in {life_areas} Lebensbereichen (mindestens {}) und {parties} Beteiligte (mindestens {}).",
            thresholds.min_life_areas, thresholds.min_parties
        ),
        Reason::TooFewLifeAreas { found, required } => format!(
            "Problemlagen in {found} Lebensbereich(en) – für einen komplexen Fall sind mindestens {required} verschiedene Lebensbereiche nötig."
        ),
        Reason::TooFewParties { found, required } => format!(
            "{found} Beteiligte – für einen komplexen Fall müssen mindestens {required} Institutionen oder andere Beteiligte involviert sein."
        ),
        Reason::CounselledElsewhere { service } => format!(
            "Die Person wird bereits von „{}“ beraten: keine Doppelberatung, die Dienste stimmen sich ab.",
            rules.service_label(service)
        ),
        Reason::NotCounselledElsewhere => {
            "Die Person wird von keinem anderen Dienst beraten.".to_string()
        }
        Reason::NoConsent => {
            "Die Einwilligung in die freiwillige Teilnahme mit aktiver Mitwirkung fehlt.".to_string()
        }
        Reason::ConsentGiven => {
            "Die Einwilligung in die freiwillige Teilnahme mit aktiver Mitwirkung liegt vor."
                .to_string()
        }
    }
}

/// A refused case change in plain German.
pub(crate) fn case_error_text(error: &CaseError) -> String {
    crate::pages::cases::case_error_text(error)
}
