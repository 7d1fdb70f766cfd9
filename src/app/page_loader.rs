//! Code that comes in a chunk of its own, fetched when it is first needed: every page but the
//! start page ([`super::routes`]), and parts of a page that most visits never open (the import
//! of files, restoring a backup). Such a function is declared with [`split_point!`] and shown
//! with [`PageLoader`] or [`PartLoader`].
//!
//! A chunk comes from the service worker's cache once the app has stored its files. While it
//! loads, the page says so; when it cannot be fetched (offline before the app had stored its
//! files, or a new release has replaced them on the server), a message offers to try again or
//! to load the app anew. Nothing of the data is touched either way: they are in the state and
//! in local storage, not in the code.

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

/// What a split point returns once called: the view its chunk builds.
pub type ChunkFuture = Pin<Box<dyn Future<Output = Result<AnyView, ChunkFailed>>>>;

/// Declares `fn $name(args) -> ChunkFuture`, whose body (a view) is built from the chunk of
/// code `$chunk` in the app's build (the `split` feature; `.ci/split.mjs` cuts it out), and at
/// once elsewhere (the browser tests, which are not split). Every split point naming the same
/// chunk shares it: one fetch brings them all. The chunk is fetched on the first call; a failed
/// fetch is an error ([`ChunkFailed`], never a panic), and the next call tries again.
#[macro_export]
macro_rules! split_point {
    ($(#[$attr:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) in $chunk:ident $body:block) => {
        $(#[$attr])*
        $vis fn $name($($arg: $ty),*) -> $crate::app::page_loader::ChunkFuture {
            #[cfg(feature = "split")]
            #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $name($($arg: $ty),*) -> Result<::leptos::prelude::AnyView, $crate::app::page_loader::ChunkFailed> {
                let view = $body;
                Ok(::leptos::prelude::IntoAny::into_any(view))
            }
            #[cfg(not(feature = "split"))]
            async fn $name($($arg: $ty),*) -> Result<::leptos::prelude::AnyView, $crate::app::page_loader::ChunkFailed> {
                let view = $body;
                Ok(::leptos::prelude::IntoAny::into_any(view))
            }
            Box::pin($name($($arg),*))
        }
    };
}

/// Where a chunk is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Loading,
    Failed,
    Ready,
}

/// A whole page or a part of one: how its loading and its failure are worded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scale {
    Page,
    Part,
}

/// Shows the page `load` builds once its chunk is there: "Seite wird geladen …" until then,
/// and the failure message (the page's heading) with "Erneut versuchen" if it cannot be
/// fetched. The heading takes the focus when it arrives if the navigation asked for it.
#[component]
pub fn PageLoader(load: impl Fn() -> ChunkFuture + Copy + Send + Sync + 'static) -> impl IntoView {
    loader(load, Scale::Page)
}

/// Shows the part of a page `load` builds once its chunk is there ("Wird geladen …"), or the
/// failure message with "Erneut versuchen".
#[component]
pub fn PartLoader(load: impl Fn() -> ChunkFuture + Copy + Send + Sync + 'static) -> impl IntoView {
    loader(load, Scale::Part)
}

fn loader(
    load: impl Fn() -> ChunkFuture + Copy + Send + Sync + 'static,
    scale: Scale,
) -> impl IntoView {
    let status = RwSignal::new(Status::Loading);
    let built = StoredValue::new_local(None::<AnyView>);
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
                        built.set_value(Some(view));
                        status.set(Status::Ready);
                        if scale == Scale::Page {
                            focus::heading_arrived();
                        }
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
        Status::Loading => {
            let text = match scale {
                Scale::Page => "Seite wird geladen …",
                Scale::Part => "Wird geladen …",
            };
            view! { <p class="chunk-loading" role="status">{text}</p> }.into_any()
        }
        Status::Failed => view! { <ChunkFailedMessage scale retry=attempt /> }.into_any(),
        // Taken once: `status` becomes `Ready` once per load, and a new load builds anew.
        Status::Ready => built
            .try_update_value(Option::take)
            .flatten()
            .unwrap_or_else(|| ().into_any()),
    }
}

/// The code could not be fetched: say so, keep the data, offer to try again.
#[component]
fn ChunkFailedMessage(scale: Scale, retry: impl Fn() + Copy + 'static) -> impl IntoView {
    let title = match scale {
        Scale::Page => {
            view! { <h1 tabindex="-1">"Diese Seite konnte nicht geladen werden"</h1> }.into_any()
        }
        Scale::Part => {
            view! { <p><strong>"Dieser Teil der Seite konnte nicht geladen werden."</strong></p> }
                .into_any()
        }
    };
    view! {
        <div class="notice notice-error chunk-failed" role="alert">
            {title}
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
