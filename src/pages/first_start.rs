//! *Regelwerk wählen*: shown instead of every page while the device holds no rule set
//! ([`RuleSet::is_none`]), at first start and after all data were deleted.
//!
//! A device belongs to no municipality until someone says which: the rule set names the
//! municipality, its providers, areas and catalogues. Three ways to get one:
//! - a rule-set file from the coordinating office (checked like the import in *Einstellungen*);
//! - the data of another device (*Datenaustausch*: a device without records takes the rule set
//!   of the file, see `exchange::merge`), for which this page links the import;
//! - the rule set built into the app (Rheine's, where the app was first used).
//!
//! *Datenaustausch* and *Datenschutz* stay reachable without a rule set (`app::Layout`).

use crate::app::focus;
use crate::app::router::PageLink;
use crate::app::routes::Page;
use crate::app::use_app_state;
use crate::domain::rules::RuleSet;
use crate::pages::settings_rules::{
    on_rule_set_file, records_refusal_text, records_under, rule_set_summary,
};
use leptos::prelude::*;

/// The question for the rule set, with its three answers.
#[component]
pub fn RulesSetup() -> impl IntoView {
    let state = use_app_state();
    let pending = RwSignal::new(None::<RuleSet>);
    let error = RwSignal::new(None::<String>);
    let built_in = RuleSet::default_rheine();
    let built_in_line = rule_set_summary(&built_in);
    let built_in_button = format!(
        "Mitgeliefertes Regelwerk „{}“ verwenden",
        built_in.municipality
    );
    let on_file = move |ev: leptos::ev::Event| {
        on_rule_set_file(state, &ev, move |result| match result {
            Ok(rules) => {
                error.set(None);
                pending.set(Some(rules));
                focus::focus_after_render("#regelwerk-vorschau");
            }
            Err(text) => {
                pending.set(None);
                error.set(Some(text));
                focus::focus_after_render("#regelwerk-fehler");
            }
        });
    };
    let adopt = move |rules: RuleSet| state.change_data(move |d| d.rules = rules);
    view! {
        <h1 tabindex="-1">"Regelwerk wählen"</h1>
        <p>
            "Auf diesem Gerät ist noch kein Regelwerk. Es legt fest, für welche Kommune die App arbeitet: ihre Träger, Regionalbereiche, Kataloge und die Regeln für die Aufnahme. Die Koordinierende Stelle gibt es als Datei heraus; alle Geräte einer Kommune nutzen dasselbe."
        </p>
        <section aria-labelledby="start-wiederherstellen-titel">
            <h2 id="start-wiederherstellen-titel">"Sicherung wiederherstellen"</h2>
            <p>
                "Hat dieses Gerät seine Daten verloren (Browser zurückgesetzt, neues Gerät)? Eine Sicherung bringt alles zurück: Fälle, Kontakte, Willkommensbesuche, das Regelwerk und die Einstellungen des Berichts."
            </p>
            <crate::pages::restore::RestoreSection id="start-wiederherstellen" />
        </section>
        <section aria-labelledby="regelwerk-datei">
            <h2 id="regelwerk-datei">"Regelwerk-Datei der Koordinierenden Stelle"</h2>
            <div class="button-row">
                <label for="setup-rules-file" class="file-label">"Regelwerk-Datei öffnen (JSON)"</label>
                <input id="setup-rules-file" type="file" accept="application/json,.json" on:change=on_file />
            </div>
            {move || error.get().map(|text| view! {
                <p id="regelwerk-fehler" class="notice notice-error" role="alert" tabindex="-1">{text}</p>
            })}
            {move || pending.get().map(|rules| {
                let line = rule_set_summary(&rules);
                let button = format!("Regelwerk „{}“ verwenden", rules.municipality);
                view! {
                    <div id="regelwerk-vorschau" class="notice notice-info" tabindex="-1">
                        <p>{line}</p>
                        <div class="button-row">
                            <button type="button" on:click=move |_| {
                                if let Some(rules) = pending.get_untracked() {
                                    adopt(rules);
                                }
                            }>{button}</button>
                            <button type="button" class="secondary" on:click=move |_| pending.set(None)>
                                "Verwerfen"
                            </button>
                        </div>
                    </div>
                }
            })}
        </section>
        <section aria-labelledby="regelwerk-geraet">
            <h2 id="regelwerk-geraet">"Daten eines anderen Geräts übernehmen"</h2>
            <p>
                "Eine Exportdatei eines anderen Geräts bringt ihr Regelwerk mit. "
                <PageLink page=Page::Exchange>"Zum Datenaustausch"</PageLink>
            </p>
        </section>
        <section aria-labelledby="regelwerk-mitgeliefert">
            <h2 id="regelwerk-mitgeliefert">"Mitgeliefertes Regelwerk"</h2>
            <p>{built_in_line}</p>
            <button type="button" class="secondary" on:click=move |_| {
                // The same check as a file: records kept here must find their catalogue entries.
                let rules = built_in.clone();
                match records_under(state, &rules) {
                    Ok(()) => adopt(rules),
                    Err(refusal) => {
                        error.set(Some(records_refusal_text(&refusal)));
                        focus::focus_after_render("#regelwerk-fehler");
                    }
                }
            }>
                {built_in_button}
            </button>
        </section>
    }
}
