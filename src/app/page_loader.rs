//! A page whose code comes in a chunk of its own ([`super::routes`]'s split points): fetched
//! when the page is first opened, from the service worker's cache once the app has stored its
//! files. While it loads, `<main>` says so; when it cannot be fetched (offline before the app
//! had stored its files, or a new release has replaced them on the server), a message offers to
//! try again or to load the app anew. Nothing of the data is touched either way: they are in
//! the state and in local storage, not in the page's code.

use super::focus;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use std::{future::Future, pin::Pin};

/// A chunk of the app's code could not be fetched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkFailed;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkFailed {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkFailed
    }
}

/// Loads a page's chunk and builds the page.
pub type PageChunk = fn() -> Pin<Box<dyn Future<Output = Result<AnyView, ChunkFailed>>>>;

/// Where a page's chunk is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Loading,
    Failed,
    Ready,
}

/// Shows the page `load` builds once its chunk is there: "Seite wird geladen …" until then,
/// and the failure message with "Erneut versuchen" if it cannot be fetched.
#[component]
pub fn PageLoader(load: PageChunk) -> impl IntoView {
    let status = RwSignal::new(Status::Loading);
    let page = StoredValue::new_local(None::<AnyView>);
    // Every attempt runs under this component's owner: the page reads the app's state from
    // context while it is built (inside `load`, once the chunk is there), and the attempt ends
    // with the loader, not with the failure message whose button started it (that message is
    // disposed of as soon as the attempt begins).
    let owner = StoredValue::new_local(Owner::current());
    let attempt = move || {
        status.set(Status::Loading);
        let spawn = move || {
            spawn_local_scoped_with_cancellation(async move {
                match load().await {
                    Ok(view) => {
                        page.set_value(Some(view));
                        status.set(Status::Ready);
                        focus::heading_arrived();
                    }
                    Err(ChunkFailed) => status.set(Status::Failed),
                }
            })
        };
        match owner.get_value() {
            Some(owner) => owner.with(spawn),
            None => spawn(),
        }
    };
    attempt();
    move || match status.get() {
        Status::Loading => view! {
            <p class="page-loading" role="status">"Seite wird geladen …"</p>
        }
        .into_any(),
        Status::Failed => view! { <ChunkFailedMessage retry=attempt /> }.into_any(),
        // Taken once: `status` becomes `Ready` once per load, and a new load builds a new page.
        Status::Ready => page
            .try_update_value(Option::take)
            .flatten()
            .unwrap_or_else(|| ().into_any()),
    }
}

/// The page's code could not be fetched: say so, keep the data, offer to try again.
#[component]
fn ChunkFailedMessage(retry: impl Fn() + Copy + 'static) -> impl IntoView {
    view! {
        <div class="notice notice-error page-failed" role="alert">
            <h1 tabindex="-1">"Diese Seite konnte nicht geladen werden"</h1>
            <p>
                "Ihre Daten sind davon nicht betroffen: Sie bleiben in diesem Browser gespeichert. "
                "Wahrscheinlich besteht gerade keine Verbindung, oder die App wurde inzwischen aktualisiert. "
                "Versuchen Sie es erneut, sobald eine Verbindung besteht, oder laden Sie die App neu."
            </p>
            <div class="button-row">
                <button type="button" on:click=move |_| retry()>"Erneut versuchen"</button>
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| {
                        let _reload_is_best_effort = window().location().reload();
                    }
                >
                    "App neu laden"
                </button>
            </div>
        </div>
    }
}
