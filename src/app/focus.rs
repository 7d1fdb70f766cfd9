//! Moving the focus to the result of an action (UX: "after an action, focus moves to its
//! result"): the page's heading after a navigation, the main content from the skip link, the
//! first wrong field or the save message of a form.
//!
//! In-page links (`href="#…"`) cannot be left to the browser: the document's `<base href>` makes
//! them point at the app's root, and the router would treat them as a navigation there. Their
//! click handlers call [`focus`] and prevent the default instead.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the first element matching the CSS `selector`, if there is one that can take the
/// focus (with `tabindex="-1"` for elements that are not controls); scrolls it into view as
/// focusing does. Returns whether an element was found.
pub fn focus(selector: &str) -> bool {
    let found = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    match found {
        Some(element) => {
            let _focus_is_best_effort = element.focus();
            true
        }
        None => false,
    }
}

/// [`focus`] once the changes just made to signals are on the screen: Leptos renders them
/// asynchronously, and a message or an `aria-describedby` that is not in the document yet
/// would not be read out with the focused element.
pub fn focus_after_render(selector: impl Into<String>) {
    let selector = selector.into();
    request_animation_frame(move || {
        focus(&selector);
    });
}

/// Moves the focus to the checked (or else the first) input inside the element `id`.
pub fn focus_first_input(id: &str) {
    let Some(container) = document().get_element_by_id(id) else {
        return;
    };
    let target = container
        .query_selector("input:checked")
        .ok()
        .flatten()
        .or_else(|| container.query_selector("input, select").ok().flatten())
        .or(Some(container));
    if let Some(element) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _focus_is_best_effort = element.focus();
    }
}

thread_local! {
    /// A navigation asked for the new page's heading, but the page was still loading.
    static HEADING_WANTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// After a navigation, once the new page is on the screen: its heading (`main h1`). A page
/// whose code is still being fetched ([`super::page_loader`]) has none yet: `<main>` takes the
/// focus meanwhile, and the heading when it arrives ([`heading_arrived`]).
pub fn focus_heading_after_render() {
    request_animation_frame(|| {
        let found = focus("main h1");
        HEADING_WANTED.with(|wanted| wanted.set(!found));
        if !found {
            focus("main");
        }
    });
}

/// A page whose code was fetched is on its way to the screen: its heading takes the focus if
/// the navigation to it asked for it and the focus has not moved on since (it is still on
/// `<main>`).
pub fn heading_arrived() {
    if !HEADING_WANTED.with(|wanted| wanted.replace(false)) {
        return;
    }
    request_animation_frame(|| {
        let on_main = document()
            .active_element()
            .is_some_and(|element| element.id() == "inhalt");
        if on_main {
            focus("main h1");
        }
    });
}
