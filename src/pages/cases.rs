//! *Fälle*.

use leptos::prelude::*;

/// *Fälle*: not built yet; says what will be there.
#[component]
pub fn CasesPage() -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Fälle"</h1>
        <p>"Hier erscheint die Liste der anonymisierten Fälle mit Status, Übergaben und Verlauf."</p>
    }
}
