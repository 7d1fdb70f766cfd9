//! *Kontakte*.

use leptos::prelude::*;

/// *Kontakte*: not built yet; says what will be there.
#[component]
pub fn ContactsPage() -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Kontakte"</h1>
        <p>"Hier zählen Sie sonstige Beratungskontakte ohne Aufnahme, je Träger und Monat."</p>
    }
}
