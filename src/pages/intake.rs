//! *Aufnahme*.

use leptos::prelude::*;

/// *Aufnahme*: not built yet; says what will be there.
#[component]
pub fn IntakePage() -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Aufnahme"</h1>
        <p>"Hier prüfen Sie bei der Aufnahme, ob ein komplexer Fall vorliegt und welcher Träger zuständig ist."</p>
    }
}
