//! The page for unknown addresses.

use crate::app::router::PageLink;
use crate::app::routes::Page;
use leptos::prelude::*;

/// Shown for an address the app does not know: says so and leads back to the overview.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Seite nicht gefunden"</h1>
        <p>"Diese Adresse gibt es in der App nicht. Vielleicht ist der Link veraltet oder unvollständig."</p>
        <ul class="next-steps">
            <li>
                <PageLink page=Page::Home>"Zur Übersicht"</PageLink>
            </li>
        </ul>
    }
}
