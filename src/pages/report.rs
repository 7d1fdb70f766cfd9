//! *Bericht*.

use leptos::prelude::*;

/// *Bericht*: not built yet; says what will be there.
#[component]
pub fn ReportPage() -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Bericht"</h1>
        <p>"Hier entsteht der Bericht für Sozialausschuss und Integrationsrat, und hier tauschen Sie Daten zwischen Laptops aus."</p>
    }
}
