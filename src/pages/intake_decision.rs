//! *Aufnahme*, second half: the decision of a check with its reasons, the actions it allows
//! (admit; admit against the suggestion; count a short contact, or on a provider's device the
//! referral to the other provider), and the result of an action (see `intake.rs` for the
//! page and the form).
//!
//! The short contact counts under the outcome the rule set maps the decision to
//! (`intake::contact_outcome_for`); when it maps none (an older stored rule set), the user
//! chooses one of the rule set's outcomes first. The page never names an outcome itself.
//!
//! Every record goes in through the domain's guard: an admission through `Dataset::admit`
//! (one case per intake check), a contact through `Dataset::count_contact` (once per id).

use crate::app::components::{Choice, SelectOne};
use crate::app::router::PageLink;
use crate::app::routes::Page;
use crate::app::{browser, format, use_app_state, AppState};
use crate::domain::case::{Admission, IntakeId};
use crate::domain::contacts::ShortContact;
use crate::domain::dataset::{AdmitError, CountError, NewCase};
use crate::domain::intake::{self, Assessment, Decision, IntakeInput, NoRuleKind, Reason};
use crate::domain::rules::{label_or_id, AreaScope, RuleSet};
use crate::domain::*;
use crate::pages::error_texts::{case_error_text, contact_error_text};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where the focus goes when a check starts (the page, `intake.rs`, starts checks; the
/// decision's "Neue Prüfung" asks it to).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StartFocus {
    /// Where it is (the page was just opened; the shell focuses the heading).
    Keep,
    /// The page's heading, as after any navigation.
    Heading,
    /// The first question ("Neue Prüfung").
    FirstQuestion,
}

/// What the last action did, shown below the decision.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Outcome {
    /// A case was admitted; the check is done. `repeated`: a further press was refused.
    Admitted {
        code: CaseCode,
        against: bool,
        repeated: bool,
    },
    /// A short contact was counted.
    Counted {
        provider: String,
        month: YearMonth,
        outcome: String,
    },
    /// The action was refused; the message says why and what to do.
    Refused(String),
}

/// The decision, its reasons, and the actions it allows (gone once a case is admitted).
#[component]
pub(crate) fn DecisionView(
    assessment: Assessment,
    /// The answers the decision was made from.
    input: Option<IntakeInput>,
    /// The date of the check (the month a contact counts in).
    date: NaiveDate,
    intake: IntakeId,
    /// The id a contact counted now gets.
    contact_id: RwSignal<RecordId>,
    /// The provider this device works for, if any.
    own: Memo<Option<ProviderId>>,
    outcome: RwSignal<Option<Outcome>>,
    rules: Memo<RuleSet>,
    done: Signal<bool>,
) -> impl IntoView {
    let state = use_app_state();
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
    let referral_to = match &assessment.decision {
        Decision::OtherProvider { provider } => Some(rules.with(|r| r.provider_name(provider))),
        Decision::NotResponsible { area, .. } => {
            rules.with(|r| r.area(area).and_then(|a| a.referral.clone()))
        }
        _ => None,
    };
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
    // Never preselected: on the coordinating office's device the provider is chosen each time.
    let chosen_provider = RwSignal::new(None::<ProviderId>);
    let contact_provider = Signal::derive(move || own.get().or_else(|| chosen_provider.get()));
    let providers = rules.with(|r| r.providers.clone());

    let admit_input = input.clone();
    let admit_intake = intake.clone();
    let admit = move |provider: ProviderId, against: Option<OverrideReasonId>| {
        let Some(input) = admit_input.clone() else {
            return;
        };
        let Some(result) = admit_case(state, &admit_intake, input, provider, against.clone())
        else {
            return;
        };
        outcome.set(Some(match result {
            Ok(code) => Outcome::Admitted {
                code,
                against: against.is_some(),
                repeated: false,
            },
            Err(AdmitError::AlreadyAdmitted { code, .. }) => match outcome.get_untracked() {
                Some(Outcome::Admitted {
                    code: shown,
                    against,
                    ..
                }) if shown == code => Outcome::Admitted {
                    code,
                    against,
                    repeated: true,
                },
                _ => Outcome::Admitted {
                    code,
                    against: against.is_some(),
                    repeated: true,
                },
            },
            Err(error) => Outcome::Refused(admit_error_text(&error)),
        }));
    };
    let admit_override = admit.clone();
    let count = move |_| {
        let Some(provider) = contact_provider.get_untracked() else {
            return;
        };
        let Some(contact_outcome) = chosen_outcome.get_untracked() else {
            return;
        };
        let result = count_contact(
            state,
            contact_id.get_untracked(),
            provider,
            date,
            contact_outcome,
        );
        // A repeated press: the contact is counted already, and its message stays.
        if let Err(CountError::AlreadyCounted(_)) = result {
            if outcome.with_untracked(|o| matches!(o, Some(Outcome::Counted { .. }))) {
                return;
            }
        }
        outcome.set(Some(match result {
            Ok(Ok(counted)) => counted,
            Ok(Err(message)) => Outcome::Refused(message),
            Err(CountError::AlreadyCounted(_)) => Outcome::Refused(
                "Dieser Kontakt ist bereits gezählt. Für eine weitere Person starten Sie eine neue Prüfung."
                    .into(),
            ),
        }));
    };
    let contact_heading = match &referral_to {
        Some(name) => format!("Weitervermittlung an {name} als sonstigen Beratungskontakt zählen"),
        None => "Als sonstigen Beratungskontakt zählen".to_owned(),
    };
    let count_label = if referral_to.is_some() {
        "Weitervermittlung zählen"
    } else {
        "Kontakt zählen"
    };
    let provider_choices: Vec<Choice> = providers
        .iter()
        .map(|p| Choice::new(p.id.as_str(), &p.name))
        .collect();

    view! {
        <div class=format!("decision {class}")>
            <p class="decision-title">{title}</p>
            <p>"Begründung:"</p>
            <ul data-testid="reasons">
                {reasons.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
            </ul>
            <Show when=move || !done.get()>
                {admit_provider
                    .clone()
                    .map(|provider| {
                        let admit = admit.clone();
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
                    .clone()
                    .map(|provider| {
                        let admit = admit_override.clone();
                        let override_reasons = override_reasons.clone();
                        view! {
                            <div class="override">
                                <h3>"Entgegen der Empfehlung aufnehmen (fachliche Einschätzung)"</h3>
                                <label for="override-reason">"Grund"</label>
                                <SelectOne
                                    attr:id="override-reason"
                                    none="– Grund wählen –"
                                    options=Signal::stored(override_reasons.iter().map(|r| Choice::new(r.id.as_str(), r.label.as_str())).collect::<Vec<_>>())
                                    selected=Signal::derive(move || override_reason.with(|r| r.as_ref().map(ToString::to_string)))
                                    on_choose=Callback::new(move |value: Option<String>| {
                                        override_reason.set(value.map(OverrideReasonId::new));
                                    })
                                />
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
                        let contact_heading = contact_heading.clone();
                        let mapped_outcome = mapped_outcome.clone();
                        let contact_outcomes = contact_outcomes.clone();
                        let provider_choices = provider_choices.clone();
                        view! {
                            <div class="count-contact">
                                <h3>{contact_heading}</h3>
                                {match mapped_outcome {
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
                                            <SelectOne
                                                attr:id="contact-outcome"
                                                attr:aria-describedby="contact-outcome-hint"
                                                none="– Verweis wählen –"
                                                options=Signal::stored(contact_outcomes.iter().map(|o| Choice::new(o.id.as_str(), o.label.as_str())).collect::<Vec<_>>())
                                                selected=Signal::derive(move || chosen_outcome.with(|o| o.as_ref().map(ToString::to_string)))
                                                on_choose=Callback::new(move |value: Option<String>| {
                                                    chosen_outcome.set(value.map(OutcomeId::new));
                                                })
                                            />
                                        }
                                            .into_any()
                                    }
                                }}
                                {move || match own.get() {
                                    Some(provider) => {
                                        view! {
                                            <p data-testid="contact-provider">
                                                "Gezählt wird für: "
                                                {rules.with(|r| r.provider_name(&provider))}
                                                " (dieses Gerät)"
                                            </p>
                                        }
                                            .into_any()
                                    }
                                    None => {
                                        let provider_choices = provider_choices.clone();
                                        view! {
                                            <label for="contact-provider">"Träger"</label>
                                            <SelectOne
                                                attr:id="contact-provider"
                                                attr:aria-describedby="contact-provider-hint"
                                                none="– Träger wählen –"
                                                options=Signal::stored(provider_choices)
                                                selected=Signal::derive(move || chosen_provider.with(|p| p.as_ref().map(ToString::to_string)))
                                                on_choose=Callback::new(move |value: Option<String>| {
                                                    chosen_provider.set(value.map(ProviderId::new));
                                                })
                                            />
                                            <p class="field-hint" id="contact-provider-hint">
                                                "Für welchen Träger der Kontakt zählt, wird auf diesem Gerät jedes Mal gewählt."
                                            </p>
                                        }
                                            .into_any()
                                    }
                                }}
                                <button
                                    type="button"
                                    disabled=move || contact_provider.with(|p| p.is_none()) || chosen_outcome.with(|o| o.is_none())
                                    on:click=count
                                >
                                    {count_label}
                                </button>
                            </div>
                        }
                    })}
            </Show>
        </div>
    }
}

/// The result of the last action: the admitted case's code (large, with a copy button), the
/// counted contact, or why it was refused. The focus moves to it.
#[component]
pub(crate) fn OutcomeView(
    outcome: RwSignal<Option<Outcome>>,
    new_check: Callback<StartFocus>,
) -> impl IntoView {
    view! {
        <div role="status">
            {move || {
                outcome
                    .get()
                    .map(|o| match o {
                        Outcome::Admitted { code, against, repeated } => {
                            view! { <AdmittedPanel code against repeated new_check /> }.into_any()
                        }
                        Outcome::Counted { provider, month, outcome } => {
                            let text = format!(
                                "Sonstiger Beratungskontakt für {provider} im {} gezählt: {outcome}.",
                                format::month_long(month),
                            );
                            view! {
                                <FocusedNotice class="notice notice-success">
                                    <p>{text}</p>
                                    <button
                                        type="button"
                                        class="secondary"
                                        on:click=move |_| new_check.run(StartFocus::FirstQuestion)
                                    >
                                        "Neue Prüfung"
                                    </button>
                                </FocusedNotice>
                            }
                                .into_any()
                        }
                        Outcome::Refused(message) => {
                            view! {
                                <FocusedNotice class="notice notice-error">
                                    <p>{message}</p>
                                </FocusedNotice>
                            }
                                .into_any()
                        }
                    })
            }}
        </div>
    }
}

/// A notice that takes the focus when it appears.
#[component]
fn FocusedNotice(class: &'static str, children: Children) -> impl IntoView {
    let element = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(element) = element.get() {
            let _focus_is_best_effort = element.focus();
        }
    });
    view! {
        <div class=class tabindex="-1" node_ref=element>
            {children()}
        </div>
    }
}

/// The admitted case: its code large, to be written on the paper file, a copy button, and
/// the ways on.
#[component]
fn AdmittedPanel(
    code: CaseCode,
    against: bool,
    repeated: bool,
    new_check: Callback<StartFocus>,
) -> impl IntoView {
    let copied = RwSignal::new(None::<String>);
    let text = code.to_string();
    let copy = move |_| {
        let text = text.clone();
        spawn_local(async move {
            copied.set(Some(match copy_to_clipboard(&text).await {
                Ok(()) => "Kopiert.".to_owned(),
                Err(Unavailable) => format!(
                    "Dieser Browser erlaubt hier kein Kopieren. Bitte notieren Sie den Fallcode {text} von Hand."
                ),
            }));
        });
    };
    view! {
        <FocusedNotice class="notice notice-success admitted-panel">
            <p class="admitted-title">"Aufgenommen"</p>
            <p>"Fallcode:"</p>
            <p class="case-code" data-testid="case-code">
                {code.to_string()}
            </p>
            <p>
                "Bitte notieren Sie den Fallcode auf der Papierakte."
                {against.then_some(" Die Aufnahme entgegen der Empfehlung ist vermerkt.")}
            </p>
            {repeated
                .then(|| {
                    view! {
                        <p>
                            "Diese Prüfung hat den Fall bereits aufgenommen; es wurde kein zweiter Fall angelegt."
                        </p>
                    }
                })}
            <div class="button-row">
                <button type="button" on:click=copy>
                    "Fallcode kopieren"
                </button>
                <PageLink page=Page::Cases>"Zur Fallliste"</PageLink>
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| new_check.run(StartFocus::FirstQuestion)
                >
                    "Neue Prüfung"
                </button>
            </div>
            <p class="copy-message">{move || copied.get()}</p>
        </FocusedNotice>
    }
}

/// The clipboard could not be written (no clipboard in this context, or the browser said no).
struct Unavailable;

/// Writes `text` to the clipboard (`navigator.clipboard.writeText`).
async fn copy_to_clipboard(text: &str) -> Result<(), Unavailable> {
    use wasm_bindgen::JsCast;
    let navigator = window().navigator();
    let clipboard =
        js_sys::Reflect::get(&navigator, &"clipboard".into()).map_err(|_| Unavailable)?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(Unavailable);
    }
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or(Unavailable)?;
    let promise = write
        .call1(&clipboard, &text.into())
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
        .ok_or(Unavailable)?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| Unavailable)
}

/// Admits the case through the domain's guard; returns its code, or `None` when the app's
/// state is gone (the page is being left).
fn admit_case(
    state: AppState,
    intake: &IntakeId,
    input: IntakeInput,
    provider: ProviderId,
    against: Option<OverrideReasonId>,
) -> Option<Result<CaseCode, AdmitError>> {
    // A repeated press is refused without touching the data (nothing to save).
    if let Some(code) = state
        .data
        .with_untracked(|d| d.case_of_intake(intake).map(|c| c.code.clone()))
    {
        return Some(Err(AdmitError::AlreadyAdmitted {
            intake: intake.clone(),
            code,
        }));
    }
    let code = state.data.with_untracked(|data| {
        // 40 random bits: a taken code is drawn again (the domain refuses it anyway).
        (0..64)
            .map(|_| CaseCode::from_random(browser::random_u64()))
            .find(|code| !data.has_case_code(code))
    });
    let Some(code) = code else {
        return Some(Err(AdmitError::CodeTaken(CaseCode::from_random(0))));
    };
    let new = NewCase {
        code,
        event_id: RecordId::from_random(browser::random_u64()),
        date: input.date,
        recorded_at: browser::now_ms(),
    };
    let admission = Admission {
        area: input.area,
        provider,
        problems: input.problems,
        parties: input.parties,
        way_in: input.way_in,
        against_suggestion: against,
        intake: None,
    };
    let today = browser::today();
    let mut result = None;
    state.change_data(|data| result = Some(data.admit(intake.clone(), new, admission, today)));
    result
}

/// Counts a short contact under `outcome` for the month of the check, with the id drawn for
/// this set of answers. `Err` when it is counted already; `Ok(Err(message))` when the
/// contact checks refuse it.
fn count_contact(
    state: AppState,
    id: RecordId,
    provider: ProviderId,
    date: NaiveDate,
    outcome: OutcomeId,
) -> Result<Result<Outcome, String>, CountError> {
    if state
        .data
        .with_untracked(|d| d.contacts.iter().any(|c| c.id == id))
    {
        return Err(CountError::AlreadyCounted(id));
    }
    let today = browser::today();
    let month = YearMonth::of(date);
    let recorded = state.data.with_untracked(|d| {
        let provider_name = d.rules.provider_short_name(&provider);
        let outcome_label = label_or_id(&d.rules.contact_outcomes, &outcome);
        ShortContact::record(
            id,
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
            let mut counted = Ok(());
            state.change_data(|data| counted = data.count_contact(contact));
            counted.map(|()| {
                Ok(Outcome::Counted {
                    provider,
                    month,
                    outcome,
                })
            })
        }
        Err(error) => Ok(Err(contact_error_text(&error))),
    }
}

/// A refused admission in plain German.
fn admit_error_text(error: &AdmitError) -> String {
    match error {
        AdmitError::AlreadyAdmitted { code, .. } => format!(
            "Diese Prüfung hat bereits den Fall {code} aufgenommen; es wurde kein zweiter Fall angelegt. Für eine weitere Person starten Sie eine neue Prüfung."
        ),
        AdmitError::CodeTaken(_) => {
            "Es konnte kein freier Fallcode gefunden werden. Bitte versuchen Sie es noch einmal."
                .into()
        }
        AdmitError::Case(error) => case_error_text(error),
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
        Decision::OtherProvider { provider } => (
            format!(
                "Nicht auf diesem Gerät aufnehmen: Zuständig ist {}. Weitervermittlung an dessen Case Management",
                rules.provider_name(provider)
            ),
            "decision-other",
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
        Decision::NotResponsible { area, scope } => (
            match (rules.area(area).and_then(|a| a.referral.as_deref()), scope) {
                (Some(referral), _) => format!("Nicht zuständig: Weitervermittlung an {referral}"),
                (None, AreaScope::District) => {
                    "Nicht zuständig: Weitervermittlung an das Case Management der Wohnortgemeinde"
                        .to_string()
                }
                (None, _) => "Nicht zuständig: Verweis an das Case Management am Wohnort".to_string(),
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

/// A provider's name with the full stop a sentence needs, unless it ends with one already
/// ("Caritas Rheine e. V.").
fn name_ending_sentence(name: String) -> String {
    if name.ends_with('.') {
        name
    } else {
        format!("{name}.")
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
            "Für den Wohnort „{}“ ist das KIM-Case-Management hier ({}) nicht zuständig.",
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
            since,
        } => format!(
            "Zuständig für „{}“ ist seit {} {}",
            rules.area_label(area),
            format::date(*since),
            name_ending_sentence(rules.provider_name(provider)),
        ),
        Reason::Complex {
            life_areas,
            parties,
            thresholds,
        } => format!(
            "Komplexer Fall: Problemlagen in {} (mindestens {}), Beteiligte: {parties} (mindestens {}).",
            format::count(*life_areas as usize, "Lebensbereich", "Lebensbereichen"),
            thresholds.min_life_areas,
            thresholds.min_parties
        ),
        Reason::TooFewLifeAreas { found, required } => format!(
            "Problemlagen in {} – für einen komplexen Fall {} nötig.",
            format::count(*found as usize, "Lebensbereich", "Lebensbereichen"),
            if *required == 1 {
                "ist mindestens 1 Lebensbereich".to_owned()
            } else {
                format!("sind mindestens {required} verschiedene Lebensbereiche")
            }
        ),
        Reason::TooFewParties { found, required } => format!(
            "Beteiligte: {found} – für einen komplexen Fall {} involviert sein.",
            if *required == 1 {
                "muss mindestens 1 Institution oder andere beteiligte Stelle".to_owned()
            } else {
                format!("müssen mindestens {required} Institutionen oder andere Beteiligte")
            }
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
        Reason::OtherProviderResponsible { responsible, own } => format!(
            "Dieses Gerät arbeitet für {}, zuständig für diesen Wohnort ist aber {} Aufgenommen werden kann die Person nur dort.",
            rules.provider_name(own),
            name_ending_sentence(rules.provider_name(responsible)),
        ),
    }
}
