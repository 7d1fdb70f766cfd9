//! *Willkommensbesuche*.

use leptos::prelude::*;

/// *Willkommensbesuche*: not built yet; says what will be there.
#[component]
pub fn VisitsPage() -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Willkommensbesuche"</h1>
        <p>"Hier erfassen Sie Willkommensbesuche bei neu zugezogenen Familien – auch ohne Netz."</p>
    }
}
