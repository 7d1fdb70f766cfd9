//! The rule-set part of *Einstellungen*: the rules in force on any chosen date, a new version
//! of the assignment rules from a date, and the rule set as a file (export / import) so every
//! laptop uses the same rules.
//!
//! Decision: new providers, areas or catalogue entries are added by editing the exported
//! rule-set file (its format is in docs/file-formats.md) and importing it; the app validates it. The UI
//! itself has no free-text boxes, so nothing personal can be typed here either.

use crate::app::components::StatusMessage;
use crate::app::{browser, format, use_app_state, AppState};
use crate::domain::rules::{AreaScope, Assignment, RuleSet, RuleVersion, Thresholds};
use crate::domain::*;
use crate::pages::error_texts::{record_error_text, rule_set_error_text};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;

/// Rules in force, new version, rule-set file.
#[component]
pub fn RulesSection() -> impl IntoView {
    view! {
        <section aria-labelledby="regeln-titel">
            <h2 id="regeln-titel">"Regelwerk"</h2>
            <RulesOnDate />
            <NewVersion />
            <RuleSetFile />
        </section>
    }
}

/// The rules in force on a chosen date.
#[component]
fn RulesOnDate() -> impl IntoView {
    let state = use_app_state();
    let date = RwSignal::new(Some(browser::today()));
    let shown = move || {
        let Some(date) = date.get() else {
            return view! { <p class="field-error">"Bitte ein gültiges Datum angeben."</p> }
                .into_any();
        };
        state.data.with(|d| {
            let rules = &d.rules;
            match rules.version_on(date) {
                None => view! {
                    <p data-testid="rules-on-date">{format!("Am {} gilt keine Zuständigkeitsregel.", format::date(date))}</p>
                }
                .into_any(),
                Some(version) => {
                    let validity = match version.valid_until {
                        Some(until) => format!("gültig vom {} bis {}", format::date(version.valid_from), format::date(until)),
                        None => format!("gültig ab {}", format::date(version.valid_from)),
                    };
                    let mut rows: Vec<(String, String, String)> = version
                        .assignments
                        .iter()
                        .map(|a| {
                            (
                                rules.area(&a.area).map(|x| x.label.clone()).unwrap_or_else(|| a.area.as_str().to_owned()),
                                rules.provider(&a.provider).map(|p| p.name.clone()).unwrap_or_else(|| a.provider.as_str().to_owned()),
                                a.posts.map(format::decimal).unwrap_or_else(|| "–".into()),
                            )
                        })
                        .collect();
                    // Areas this version takes out of the municipality's KIM (a town with its
                    // own KIM from a date): where their people are referred.
                    rows.extend(version.scopes.iter().filter_map(|rule| {
                        let area = rules.area(&rule.area)?;
                        (version.scope_of(area) != AreaScope::Municipality).then(|| {
                            let referral = area.referral.as_deref().unwrap_or("das Case Management am Wohnort");
                            (area.label.clone(), format!("nicht hier: Weitervermittlung an {referral}"), "–".to_owned())
                        })
                    }));
                    view! {
                        <div data-testid="rules-on-date">
                            <p>{format!("Regelung {validity}. Komplexer Fall ab {} Lebensbereichen und {} Beteiligten.", version.thresholds.min_life_areas, version.thresholds.min_parties)}</p>
                            <table>
                                <caption>{format!("Zuständigkeit am {}", format::date(date))}</caption>
                                <thead><tr><th scope="col">"Regionalbereich"</th><th scope="col">"Träger"</th><th scope="col" class="num">"Stellen"</th></tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|(area, provider, posts)| view! {
                                        <tr><th scope="row">{area}</th><td>{provider}</td><td class="num">{posts}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                }
            }
        })
    };
    view! {
        <h3>"Geltende Regeln an einem Datum"</h3>
        <label for="rules-date">"Datum"</label>
        <input
            id="rules-date"
            type="date"
            prop:value=move || date.get().map(format::input_date).unwrap_or_default()
            on:change=move |ev| date.set(format::parse_input_date(&event_target_value(&ev)))
        />
        {shown}
    }
}

/// A new version of the assignment rules, valid from a date.
#[component]
fn NewVersion() -> impl IntoView {
    let state = use_app_state();
    let from = RwSignal::new(None::<NaiveDate>);
    let choices = RwSignal::new(BTreeMap::<AreaId, ProviderId>::new());
    // The thresholds in force (of the latest version), not fixed numbers.
    let in_force = state
        .data
        .with_untracked(|d| d.rules.versions.last().map(|v| v.thresholds));
    let min_life_areas = RwSignal::new(in_force.map_or(2, |t| t.min_life_areas));
    let min_parties = RwSignal::new(in_force.map_or(2, |t| t.min_parties));
    let message = RwSignal::new(None::<(bool, String)>);
    // The areas served under the latest version: a new version keeps its scopes (a town that
    // has its own KIM stays outside; scopes change through the rule-set file).
    let areas = move || {
        state.data.with(|d| match d.rules.versions.last() {
            Some(last) => d.rules.areas_served_on(last.valid_from).cloned().collect(),
            None => Vec::new(),
        })
    };
    let providers = move || state.data.with(|d| d.rules.providers.clone());

    let save = move |_| {
        let Some(valid_from) = from.get_untracked() else {
            message.set(Some((
                false,
                "Bitte das Datum angeben, ab dem die neue Regelung gilt.".into(),
            )));
            return;
        };
        let assignments: Vec<Assignment> = choices
            .get_untracked()
            .into_iter()
            .map(|(area, provider)| Assignment {
                area,
                provider,
                posts: None,
            })
            .collect();
        if assignments.is_empty() {
            message.set(Some((
                false,
                "Bitte mindestens einem Bereich einen Träger zuordnen.".into(),
            )));
            return;
        }
        // A new version keeps the scopes and the review of the latest; posts come with the
        // rule-set file.
        let (scopes, review) = state.data.with_untracked(|d| {
            d.rules
                .versions
                .last()
                .map(|v| (v.scopes.clone(), v.review.clone()))
                .unwrap_or_default()
        });
        let version = RuleVersion {
            valid_from,
            valid_until: None,
            assignments,
            scopes,
            posts: Vec::new(),
            review,
            thresholds: Thresholds {
                min_life_areas: min_life_areas.get_untracked(),
                min_parties: min_parties.get_untracked(),
            },
        };
        let result = state
            .data
            .with_untracked(|d| d.rules.with_new_version(version));
        match result {
            Ok(rules) => {
                state.change_data(|d| d.rules = rules);
                message.set(Some((true, format!("Neue Regelung ab {} gespeichert. Prüfen Sie unter „Fälle“ die nötigen Übergaben.", format::date(valid_from)))));
            }
            Err(error) => message.set(Some((false, rule_set_error_text(&error)))),
        }
    };

    view! {
        <h3>"Neue Regelung ab einem Datum"</h3>
        <p class="field-hint">"Die bisher geltende Regelung endet am Vortag. Bereiche ohne Träger gelten dann als nicht geregelt."</p>
        <label for="new-version-from">"Gültig ab"</label>
        <input id="new-version-from" type="date" on:change=move |ev| from.set(format::parse_input_date(&event_target_value(&ev))) />
        {move || areas().into_iter().map(|area| {
            let select_id = format!("new-version-{}", area.id.as_str());
            let area_id = area.id.clone();
            view! {
                <label for=select_id.clone()>{format!("Träger für {}", area.label)}</label>
                <select id=select_id on:change=move |ev| {
                    let v = event_target_value(&ev);
                    choices.update(|c| {
                        if v.is_empty() {
                            // Rebuilt rather than `remove`d, as in `components::toggle`.
                            *c = sorting::map_of(std::mem::take(c).into_iter().filter(|(area, _)| *area != area_id));
                        } else {
                            c.insert(area_id.clone(), ProviderId::new(v));
                        }
                    });
                }>
                    <option value="">"– kein Träger –"</option>
                    {providers().into_iter().map(|p| view! { <option value=p.id.as_str().to_owned()>{p.name.clone()}</option> }).collect_view()}
                </select>
            }
        }).collect_view()}
        <div class="form-row">
            <div>
                <label for="min-life-areas">"Mindestzahl Lebensbereiche"</label>
                <input id="min-life-areas" type="number" min="1" max="10" prop:value=move || min_life_areas.get().to_string()
                    on:change=move |ev| min_life_areas.set(event_target_value(&ev).parse().unwrap_or(0)) />
            </div>
            <div>
                <label for="min-parties">"Mindestzahl Beteiligte"</label>
                <input id="min-parties" type="number" min="1" max="10" prop:value=move || min_parties.get().to_string()
                    on:change=move |ev| min_parties.set(event_target_value(&ev).parse().unwrap_or(0)) />
            </div>
        </div>
        <button type="button" on:click=save>"Neue Regelung speichern"</button>
        <StatusMessage message />
    }
}

/// Whether the records here stay explainable under `rules` (a rule-set file must not drop a
/// provider, area or catalogue entry that recorded data uses).
pub(crate) fn records_under(state: AppState, rules: &RuleSet) -> Result<(), exchange::RecordError> {
    state.data.with_untracked(|d| {
        let after = Dataset {
            rules: rules.clone(),
            ..d.clone()
        };
        exchange::check_records(d, &after)
    })
}

/// Export and import of the rule set as a file.
#[component]
fn RuleSetFile() -> impl IntoView {
    let state = use_app_state();
    let message = RwSignal::new(None::<(bool, String)>);
    let pending = RwSignal::new(None::<RuleSet>);
    let export = move |_| {
        let json = state.data.with_untracked(|d| d.rules.to_json());
        let name = format!("kim-regelwerk-{}.json", browser::today());
        browser::download(&name, "application/json", &json);
    };
    let on_file = move |ev: leptos::ev::Event| {
        on_rule_set_file(state, &ev, move |result| match result {
            Ok(rules) => {
                message.set(None);
                pending.set(Some(rules));
            }
            Err(text) => {
                pending.set(None);
                message.set(Some((false, text)));
            }
        });
    };
    let accept = move |_| {
        if let Some(rules) = pending.get_untracked() {
            state.change_data(|d| d.rules = rules);
            pending.set(None);
            message.set(Some((true, "Das Regelwerk wurde übernommen.".into())));
        }
    };
    view! {
        <h3>"Regelwerk als Datei"</h3>
        <p class="field-hint">"So nutzen alle Geräte dieselben Regeln. Neue Träger, Bereiche oder Kataloge trägt die Koordinierende Stelle in die Datei ein; die App prüft sie beim Einlesen."</p>
        <div class="button-row">
            <button type="button" class="secondary" on:click=export>"Regelwerk exportieren"</button>
            <label for="rules-file" class="file-label">"Regelwerk importieren (JSON-Datei)"</label>
            <input id="rules-file" type="file" accept="application/json,.json" on:change=on_file />
        </div>
        {move || pending.get().map(|rules| view! {
            <div class="notice notice-info">
                <p>{format!("{}. Übernehmen?", rule_set_summary(&rules))}</p>
                <div class="button-row">
                    <button type="button" on:click=accept>"Übernehmen"</button>
                    <button type="button" class="secondary" on:click=move |_| pending.set(None)>"Verwerfen"</button>
                </div>
            </div>
        })}
        <StatusMessage message />
    }
}

/// Reads the rule-set file chosen in the file input of `ev` ([`read_rule_set_file`]) and hands
/// the rule set, or the German refusal, to `done`.
pub(crate) fn on_rule_set_file(
    state: AppState,
    ev: &leptos::ev::Event,
    done: impl FnOnce(Result<RuleSet, String>) + 'static,
) {
    let Some(file) = browser::chosen_file(ev) else {
        return;
    };
    spawn_local(async move { done(read_rule_set_file(state, file).await) });
}

/// Reads a chosen rule-set file and checks it: a valid rule set under which every record
/// stored here keeps its catalogue entries. The refusal is a German sentence.
async fn read_rule_set_file(state: AppState, file: web_sys::File) -> Result<RuleSet, String> {
    let text = browser::read_file_text(file)
        .await
        .map_err(|_| "Die Datei konnte nicht gelesen werden.".to_owned())?;
    let rules = RuleSet::from_json(&text).map_err(|error| {
        format!(
            "Das Regelwerk wurde nicht übernommen: {}",
            rule_set_error_text(&error)
        )
    })?;
    records_under(state, &rules).map_err(|error| records_refusal_text(&error))?;
    Ok(rules)
}

/// Why a rule set was not taken although it is valid: records kept here need it.
pub(crate) fn records_refusal_text(error: &exchange::RecordError) -> String {
    format!(
        "Das Regelwerk wurde nicht übernommen, weil erfasste Daten es noch brauchen: {}",
        record_error_text(error)
    )
}

/// What a rule set holds, in one line: "Regelwerk für Rheine (Stand 3), 2 Träger, …".
pub(crate) fn rule_set_summary(rules: &RuleSet) -> String {
    format!(
        "Regelwerk für {} (Stand {}): {} Träger, {} Bereiche, {} Regelungen",
        rules.municipality,
        rules.revision,
        rules.providers.len(),
        rules.areas.len(),
        rules.versions.len()
    )
}
