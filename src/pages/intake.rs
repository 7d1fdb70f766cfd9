//! *Aufnahme*: the intake check. The case manager answers a short form; the decision and its
//! reasons appear as soon as the answers are complete (rules from `domain::intake`). From
//! there: admit (creates an anonymised case), admit against the suggestion with a reason, or
//! count a short contact. No field can hold personal data: every answer is a choice from the
//! rule set's catalogues, or the date.
//!
//! **One check, one case.** Each check is one [`IntakeCheck`], started with a fresh random
//! [`IntakeId`]; the admission records it, and `Dataset::admit` refuses a second admission of
//! the same check, so a double click, Enter pressed twice or a second press after success
//! leaves one case. After the admission the check is done: the form is read-only, the admit
//! buttons are gone, the case code is shown large with "Fallcode kopieren", and the focus is
//! on it. "Neue Prüfung", and opening *Aufnahme* from the navigation while on it, start a
//! clean check: the page keys the whole check on a signal it sets anew (new id, empty
//! answers, today's date), rendered as new elements. A short contact counted from a check carries an id drawn once per
//! set of answers, so repeating "Kontakt zählen" counts it once (`Dataset::count_contact`).
//!
//! **This device.** On a provider's device, a person the rules give to the other provider is
//! referred there and counted as a short contact, not admitted here
//! (`intake::assess_for_device`); a contact counts for this device's provider. On the
//! coordinating office's device, and while nobody has said who works on it, the provider of a
//! contact is chosen each time and never preselected.
//!
//! **Errors where the eye is.** A wrong date shows at once; missing answers become errors when
//! the user asks for the result ("Ergebnis anzeigen" or Enter). Each error stands at its
//! question (`aria-invalid`, `aria-describedby`), a summary at the top links to the
//! questions, and the first wrong one gets the focus. Answers are never cleared by an error.
//!
//! The decision, its actions and the result of an action are in `intake_decision.rs`.

use crate::app::components::{toggle, Choice, ChoiceGroup};
use crate::app::device::DeviceLine;
use crate::app::focus::focus_first_input;
use crate::app::router::{use_router, Query};
use crate::app::routes::Page;
use crate::app::{browser, format, use_app_state};
use crate::domain::calendar;
use crate::domain::case::IntakeId;
use crate::domain::intake::{self, Assessment, IntakeInput};
use crate::domain::rules::RuleSet;
use crate::domain::*;
use crate::pages::intake_decision::{DecisionView, Outcome, OutcomeView, StartFocus};
use chrono::NaiveDate;
use leptos::prelude::*;
use std::collections::BTreeSet;

/// The answers given so far; `None` = not answered yet.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Answers {
    pub(crate) date: Option<NaiveDate>,
    area: Option<AreaId>,
    problems: BTreeSet<ProblemId>,
    parties: BTreeSet<PartyId>,
    /// `Some(None)` = "no other service".
    counselled_by: Option<Option<ServiceId>>,
    way_in: Option<WayInId>,
    consent: Option<bool>,
}

/// A question that must be answered, and where its error shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Date,
    Area,
    Service,
    WayIn,
    Consent,
}

impl Field {
    /// The id of the question's input (the date) or fieldset (the others): the target of the
    /// summary's links.
    fn id(self) -> &'static str {
        match self {
            Field::Date => "intake-date",
            Field::Area => "intake-area",
            Field::Service => "intake-service",
            Field::WayIn => "intake-way-in",
            Field::Consent => "intake-consent",
        }
    }

    /// The id of the error text at the question.
    fn error_id(self) -> &'static str {
        match self {
            Field::Date => "intake-date-error",
            Field::Area => "intake-area-error",
            Field::Service => "intake-service-error",
            Field::WayIn => "intake-way-in-error",
            Field::Consent => "intake-consent-error",
        }
    }

    /// The question in a few words, for "Noch offen".
    fn short_name(self) -> &'static str {
        match self {
            Field::Date => "Datum der Prüfung",
            Field::Area => "Wohnort",
            Field::Service => "bereits in Beratung bei einem anderen Dienst",
            Field::WayIn => "Zugangsweg",
            Field::Consent => "Einwilligung",
        }
    }

    /// What to do when it is not answered.
    fn missing_text(self) -> &'static str {
        match self {
            Field::Date => "Geben Sie das Datum der Prüfung an.",
            Field::Area => "Wählen Sie den Wohnort (Regionalbereich).",
            Field::Service => {
                "Wählen Sie, ob die Person bereits bei einem anderen Dienst in Beratung ist."
            }
            Field::WayIn => "Wählen Sie den Zugangsweg.",
            Field::Consent => "Wählen Sie, ob die Einwilligung vorliegt.",
        }
    }
}

/// An error at a question.
#[derive(Clone, Debug, PartialEq)]
struct FieldError {
    field: Field,
    text: String,
}

impl Answers {
    /// A clean check: today's date, nothing else answered.
    fn fresh(today: NaiveDate) -> Self {
        Answers {
            date: Some(today),
            ..Answers::default()
        }
    }

    /// The questions not answered yet, in the order of the form.
    fn missing(&self) -> Vec<Field> {
        [
            (Field::Date, self.date.is_none()),
            (Field::Area, self.area.is_none()),
            (Field::Service, self.counselled_by.is_none()),
            (Field::WayIn, self.way_in.is_none()),
            (Field::Consent, self.consent.is_none()),
        ]
        .into_iter()
        .filter_map(|(field, missing)| missing.then_some(field))
        .collect()
    }

    /// The date's error, if any: none given (or not a whole date), in the future, or outside
    /// the years records can lie in.
    fn date_error(&self, today: NaiveDate) -> Option<String> {
        match self.date {
            None => Some(Field::Date.missing_text().to_owned()),
            Some(date) if date > today => Some(
                "Das Datum der Prüfung liegt in der Zukunft. Geben Sie den Tag an, an dem geprüft wurde."
                    .to_owned(),
            ),
            Some(date) if !calendar::is_plausible_date(date) => Some(format!(
                "Das Datum der Prüfung muss im Zeitraum {} liegen.",
                format::plausible_span()
            )),
            Some(_) => None,
        }
    }

    /// The errors to show, in the order of the form: a wrong date always, the other missing
    /// answers once the user asked for the result (`tried`).
    fn errors(&self, today: NaiveDate, tried: bool) -> Vec<FieldError> {
        let date = self.date_error(today).map(|text| FieldError {
            field: Field::Date,
            text,
        });
        let missing = self
            .missing()
            .into_iter()
            .filter(|field| tried && *field != Field::Date)
            .map(|field| FieldError {
                field,
                text: field.missing_text().to_owned(),
            });
        date.into_iter().chain(missing).collect()
    }

    /// The answers for the rules, once complete and without error.
    fn input(&self, today: NaiveDate) -> Option<IntakeInput> {
        if self.date_error(today).is_some() {
            return None;
        }
        Some(IntakeInput {
            date: self.date?,
            area: self.area.clone()?,
            problems: self.problems.iter().cloned().collect(),
            parties: self.parties.iter().cloned().collect(),
            counselled_by: self.counselled_by.clone()?,
            way_in: self.way_in.clone()?,
            consent: self.consent?,
        })
    }
}

/// How a check starts: its id, the answers taken over, and where the focus goes.
#[derive(Clone, Debug, PartialEq)]
struct CheckStart {
    id: IntakeId,
    answers: Answers,
    /// Answers were taken over from a welcome visit's follow-up.
    from_visit: bool,
    focus: StartFocus,
}

impl CheckStart {
    /// A clean check with a fresh id.
    fn fresh(focus: StartFocus) -> Self {
        CheckStart {
            id: IntakeId::from_random(browser::random_u64()),
            answers: Answers::fresh(browser::today()),
            from_visit: false,
            focus,
        }
    }
}

/// The intake check page: the heading, who works on this device, and one check at a time.
#[component]
pub fn IntakePage() -> impl IntoView {
    let state = use_app_state();
    // Answers taken over from a welcome visit's follow-up link (`?bereich=…&zugang=…`); ids
    // unknown to the rule set are ignored.
    let router = use_router();
    let query = Query::parse(&router.search.get_untracked());
    let first = state.data.with_untracked(|d| {
        let mut start = CheckStart::fresh(StartFocus::Keep);
        start.answers.area = query
            .get("bereich")
            .map(AreaId::new)
            .filter(|a| d.rules.area(a).is_some());
        start.answers.way_in = query
            .get("zugang")
            .map(WayInId::new)
            .filter(|w| d.rules.way_in(w).is_some());
        start.from_visit = query.get("von").as_deref() == Some("besuch");
        start
    });
    let check = RwSignal::new(first);
    let new_check = Callback::new(move |focus: StartFocus| check.set(CheckStart::fresh(focus)));
    // Opening *Aufnahme* from the navigation while on it starts a clean check. The router
    // sets the URL again for such a click without changing the path; a link to a spot in
    // the page (`#…`, the error summary's) is not a new check.
    Effect::watch(
        move || router.address.track(),
        move |_, _, _| {
            let page = router.page.get_untracked();
            let no_fragment = router
                .address
                .with_untracked(|a| a.hash.trim_start_matches('#').is_empty());
            if page == Some(Page::Intake) && no_fragment {
                new_check.run(StartFocus::Heading);
            }
        },
        false,
    );

    view! {
        <h1 tabindex="-1">"Aufnahme"</h1>
        <p class="lead">
            "Aufnahmeprüfung: Liegt ein komplexer Fall vor, und welcher Träger ist zuständig? Namen, Geburtsdaten und Anschriften werden nicht erfasst."
        </p>
        <DeviceLine />
        // Keyed on the check's id, so a new check is new elements: an input keeps no value
        // typed into the check before.
        <For
            each=move || std::iter::once(check.get())
            key=|start| start.id.clone()
            children=move |start| view! { <IntakeCheck start new_check /> }
        />
    }
}

/// One intake check, from the first answer to its result.
#[component]
fn IntakeCheck(start: CheckStart, new_check: Callback<StartFocus>) -> impl IntoView {
    let state = use_app_state();
    let today = browser::today();
    let intake = start.id.clone();
    let answers = RwSignal::new(start.answers.clone());
    let tried = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    // A contact counted from this check: one id per set of answers, so a repeated press
    // counts once; a changed answer is another contact.
    let contact_id = RwSignal::new(RecordId::from_random(browser::random_u64()));
    let rules = Memo::new(move |_| state.data.with(|d| d.rules.clone()));
    let own = Memo::new(move |_| state.settings.with(|s| s.own_provider().cloned()));
    let errors = Memo::new(move |_| answers.with(|a| a.errors(today, tried.get())));
    let assessment = Memo::new(move |_| -> Option<Option<Assessment>> {
        let input = answers.with(|a| a.input(today))?;
        let own = own.get();
        Some(rules.with(|r| intake::assess_for_device(r, &input, own.as_ref()).ok()))
    });
    let done =
        Signal::derive(move || outcome.with(|o| matches!(o, Some(Outcome::Admitted { .. }))));
    // A changed answer makes the last outcome stale and is another contact.
    Effect::watch(
        move || answers.track(),
        move |_, _, _| {
            outcome.set(None);
            contact_id.set(RecordId::from_random(browser::random_u64()));
        },
        false,
    );
    let decision_heading = NodeRef::<leptos::html::H2>::new();
    let show_result = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        match errors.with_untracked(|e| e.first().map(|e| e.field)) {
            Some(field) => focus_field(field),
            None => {
                if let Some(heading) = decision_heading.get_untracked() {
                    let _focus_is_best_effort = heading.focus();
                }
            }
        }
    };
    let focus = start.focus;
    let date_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        let Some(input) = date_input.get() else {
            return;
        };
        match focus {
            StartFocus::Keep => {}
            StartFocus::FirstQuestion => {
                let _focus_is_best_effort = input.focus();
            }
            StartFocus::Heading => focus_heading(),
        }
    });

    view! {
        {start
            .from_visit
            .then(|| {
                view! {
                    <p class="notice notice-info">
                        "Aus einem Willkommensbesuch übernommen: Wohnort und Zugangsweg, soweit bekannt. Bitte prüfen und die übrigen Angaben ergänzen."
                    </p>
                }
            })}
        <ErrorSummary errors=errors.into() done />
        <form class="intake-form" novalidate on:submit=show_result>
            <fieldset class="form-frame" disabled=move || done.get()>
                <legend class="visually-hidden">"Angaben zur Aufnahmeprüfung"</legend>
                <IntakeQuestions answers rules errors=errors.into() date_input />
                <p class="form-actions">
                    <button type="submit" class="secondary">
                        "Ergebnis anzeigen"
                    </button>
                </p>
            </fieldset>
        </form>
        <section aria-labelledby="entscheidung-titel" class="report-block">
            <h2 id="entscheidung-titel" tabindex="-1" node_ref=decision_heading>
                "Ergebnis der Prüfung"
            </h2>
            <div aria-live="polite" data-testid="decision">
                {move || match assessment.get() {
                    None => {
                        if errors.with(|e| !e.is_empty()) {
                            view! {
                                <p class="field-hint">
                                    "Sobald die Angaben vollständig und richtig sind, erscheint hier das Ergebnis."
                                </p>
                            }
                                .into_any()
                        } else {
                            view! { <StillOpen missing=answers.with(|a| a.missing()) /> }.into_any()
                        }
                    }
                    Some(None) => {
                        view! {
                            <p class="field-error">
                                "Die Angaben passen nicht zum Regelwerk. Bitte laden Sie die Seite neu."
                            </p>
                        }
                            .into_any()
                    }
                    Some(Some(assessment)) => {
                        let date = answers.with_untracked(|a| a.date).unwrap_or(today);
                        let input = answers.with_untracked(|a| a.input(today));
                        view! {
                            <DecisionView
                                assessment
                                input
                                date
                                intake=intake.clone()
                                contact_id
                                own
                                outcome
                                rules
                                done
                            />
                        }
                            .into_any()
                    }
                }}
            </div>
            <OutcomeView outcome new_check />
        </section>
    }
}

/// "Noch offen: …", each question a link to it.
#[component]
fn StillOpen(missing: Vec<Field>) -> impl IntoView {
    let count = missing.len();
    view! {
        <p class="field-hint">
            "Noch offen: "
            {missing
                .into_iter()
                .enumerate()
                .map(|(i, field)| {
                    let separator = if i + 1 < count { ", " } else { "." };
                    view! { <FieldLink field>{field.short_name()}</FieldLink> {separator} }
                })
                .collect_view()}
        </p>
    }
}

/// A link to a question that moves the focus into it (not only the scroll position).
#[component]
fn FieldLink(field: Field, children: Children) -> impl IntoView {
    view! {
        <a
            href=format!("{}#{}", Page::Intake.href(), field.id())
            on:click=move |ev| {
                ev.prevent_default();
                focus_field(field);
            }
        >
            {children()}
        </a>
    }
}

/// The errors at the top of the page, each a link to its question.
#[component]
fn ErrorSummary(errors: Signal<Vec<FieldError>>, done: Signal<bool>) -> impl IntoView {
    view! {
        <Show when=move || !done.get() && errors.with(|e| !e.is_empty())>
            <div class="error-summary" role="group" aria-labelledby="fehler-titel">
                <h2 id="fehler-titel">"Bitte prüfen Sie Ihre Angaben"</h2>
                <ul>
                    {move || {
                        errors
                            .get()
                            .into_iter()
                            .map(|error| {
                                view! {
                                    <li>
                                        <FieldLink field=error.field>{error.text}</FieldLink>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}

/// Moves the focus to a question: the date input, or the checked (else first) choice.
fn focus_field(field: Field) {
    focus_first_input(field.id());
}

/// Moves the focus to the page's heading, as after a navigation.
fn focus_heading() {
    use wasm_bindgen::JsCast;
    if let Some(heading) = document()
        .query_selector("main h1")
        .ok()
        .flatten()
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _focus_is_best_effort = heading.focus();
    }
}

/// The questions: every answer a choice, except the date.
#[component]
fn IntakeQuestions(
    answers: RwSignal<Answers>,
    rules: Memo<RuleSet>,
    errors: Signal<Vec<FieldError>>,
    date_input: NodeRef<leptos::html::Input>,
) -> impl IntoView {
    // Set once: the input keeps what the user types, also a date not yet complete (a new
    // check renders a new input).
    let initial_date =
        answers.with_untracked(|a| a.date.map(format::input_date).unwrap_or_default());
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
    let error_of = move |field: Field| {
        errors.with(|e| e.iter().find(|e| e.field == field).map(|e| e.text.clone()))
    };
    let invalid = move |field: Field| error_of(field).map(|_| "true");
    let described = move |field: Field| error_of(field).map(|_| field.error_id());
    view! {
        <div class=move || field_class(error_of(Field::Date).is_some())>
            <label for=Field::Date.id()>"Datum der Prüfung"</label>
            <ErrorText field=Field::Date errors />
            <input
                id=Field::Date.id()
                type="date"
                required
                node_ref=date_input
                value=initial_date
                aria-invalid=move || invalid(Field::Date)
                aria-describedby=move || described(Field::Date)
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    answers.update(|a| a.date = format::parse_input_date(&value));
                }
            />
        </div>
        <div class=move || field_class(error_of(Field::Area).is_some())>
            <ErrorText field=Field::Area errors />
            <ChoiceGroup
                legend="Wohnort (Regionalbereich)"
                name="intake-area"
                choices=areas
                is_checked=Callback::new(move |v: String| answers.with(|a| a.area.as_ref().is_some_and(|x| x.as_str() == v)))
                on_change=Callback::new(move |(v, _): (String, bool)| answers.update(|a| a.area = Some(AreaId::new(v))))
                {..}
                id=Field::Area.id()
                aria-invalid=move || invalid(Field::Area)
                aria-describedby=move || described(Field::Area)
            />
        </div>
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
        <div class=move || field_class(error_of(Field::Service).is_some())>
            <ErrorText field=Field::Service errors />
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
                {..}
                id=Field::Service.id()
                aria-invalid=move || invalid(Field::Service)
                aria-describedby=move || described(Field::Service)
            />
        </div>
        <div class=move || field_class(error_of(Field::WayIn).is_some())>
            <ErrorText field=Field::WayIn errors />
            <ChoiceGroup
                legend="Zugangsweg"
                name="intake-way-in"
                choices=ways_in
                is_checked=Callback::new(move |v: String| answers.with(|a| a.way_in.as_ref().is_some_and(|w| w.as_str() == v)))
                on_change=Callback::new(move |(v, _): (String, bool)| answers.update(|a| a.way_in = Some(WayInId::new(v))))
                {..}
                id=Field::WayIn.id()
                aria-invalid=move || invalid(Field::WayIn)
                aria-describedby=move || described(Field::WayIn)
            />
        </div>
        <div class=move || field_class(error_of(Field::Consent).is_some())>
            <ErrorText field=Field::Consent errors />
            <ChoiceGroup
                legend="Einwilligung in die freiwillige Teilnahme mit aktiver Mitwirkung"
                name="intake-consent"
                choices=consent
                is_checked=Callback::new(move |v: String| answers.with(|a| a.consent == Some(v == "ja")))
                on_change=Callback::new(move |(v, _): (String, bool)| answers.update(|a| a.consent = Some(v == "ja")))
                {..}
                id=Field::Consent.id()
                aria-invalid=move || invalid(Field::Consent)
                aria-describedby=move || described(Field::Consent)
            />
        </div>
    }
}

/// The class of a question's wrapper: marked while it has an error.
fn field_class(has_error: bool) -> &'static str {
    if has_error {
        "intake-field field-with-error"
    } else {
        "intake-field"
    }
}

/// The error text at a question, while it has one.
#[component]
fn ErrorText(field: Field, errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let text = move || errors.with(|e| e.iter().find(|e| e.field == field).map(|e| e.text.clone()));
    view! {
        {move || {
            text()
                .map(|text| {
                    view! {
                        <p class="field-error" id=field.error_id()>
                            <span class="visually-hidden">"Fehler: "</span>
                            {text}
                        </p>
                    }
                })
        }}
    }
}
